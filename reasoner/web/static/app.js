/* reasoner web app: progressive enhancement only (every page works without it).
   No inline handlers: the CSP allows scripts from this file only. */
(function () {
  "use strict";

  /* the page's words: the catalogue's phrases (rules/sentences.yaml) in the page's data block
     (web_base.html.j2); this file writes none of its own */
  var words = {};
  function say(key, args) {
    return (words[key] || "").replace(/\{(\w+)\}/g, function (m, name) {
      return args && name in args ? String(args[name]) : m;
    });
  }

  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }

  /* query form: the stage choices of the typed disease only; none for an unstaged disease */
  function queryForm() {
    var data = document.getElementById("kb-options");
    var input = document.getElementById("disease");
    var stage = document.getElementById("stage");
    if (!data || !input || !stage) return;
    var opts = JSON.parse(data.textContent);
    var index = {};
    opts.diseases.forEach(function (d) {
      [d.id, d.name].concat(d.aliases, d.curies).forEach(function (k) { index[k.toLowerCase()] = d; });
    });
    var hint = document.getElementById("stage-hint");
    var byId = {};
    opts.diseases.forEach(function (d) { byId[d.id] = d; });
    var asked = "", resolved = {}, timer = null;
    /* a name the page does not list (liver ischemia reperfusion, ICD10:I21.4): the server's
       resolver, the one the CLI uses, says which disease it is (asked once typing pauses) */
    function ask(text) {
      if (timer) clearTimeout(timer);
      timer = setTimeout(function () { lookup(text); }, 300);
    }
    function lookup(text) {
      if (!text || text === asked || !window.fetch || input.value.trim() !== text) return;
      asked = text;
      fetch("/api/names?disease=" + encodeURIComponent(text)).then(function (r) {
        return r.ok ? r.json() : null;
      }).then(function (j) {
        resolved[text] = j && j.disease && byId[j.disease] ? byId[j.disease] : null;
        if (input.value.trim() === text) update();
      }).catch(function () {});
    }
    function update() {
      var text = input.value.trim();
      var d = index[text.toLowerCase()] || resolved[text];
      if (!d && !(text in resolved)) ask(text);
      var any = false;
      Array.prototype.forEach.call(stage.options, function (o) {
        if (!o.value) return;
        var ok = !!d && o.getAttribute("data-disease") === d.id;
        o.disabled = !ok; o.hidden = !ok;
        if (!ok && o.selected) stage.value = "";
        any = any || ok;
      });
      stage.disabled = !!d && !any;
      if (hint) {
        hint.textContent = !d ? "" : (any ? say("n_stages", {n: d.stages.length}) : say("no_stages_of", {disease: d.name}));
      }
    }
    input.addEventListener("input", update);
    input.addEventListener("change", update);
    update();
  }

  /* trees: expand-all / collapse-all */
  function trees() {
    Array.prototype.forEach.call(document.querySelectorAll("button.expand-all"), function (b) {
      b.addEventListener("click", function () {
        var open = b.getAttribute("aria-pressed") !== "true";
        var scope = b.closest("article") || document;
        Array.prototype.forEach.call(scope.querySelectorAll("details"), function (d) { d.open = open; });
        b.setAttribute("aria-pressed", open ? "true" : "false");
        b.textContent = say(open ? "collapse_all" : "expand_all");
      });
    });
    /* a "see above" link opens the details around its target */
    document.addEventListener("click", function (e) {
      var a = e.target.closest("a.see");
      if (!a) return;
      var t = document.getElementById(a.getAttribute("href").slice(1));
      for (var p = t; p; p = p.parentElement) { if (p.tagName === "DETAILS") p.open = true; }
    });
  }

  /* citations and quotes lead to the review reader */
  function citations() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-cite=review]"), function (root) {
      Array.prototype.forEach.call(root.querySelectorAll("a.cite"), function (a) {
        var m = /^#ref-(\d+)$/.exec(a.getAttribute("href") || "");
        if (m) a.setAttribute("href", "/review?ref=" + m[1]);
      });
      Array.prototype.forEach.call(root.querySelectorAll("blockquote"), function (q) {
        var text = q.textContent.trim();
        if (!text || q.querySelector("a")) return;
        var a = document.createElement("a");
        a.className = "quote";
        a.href = "/review?quote=" + encodeURIComponent(text);
        a.title = say("show_in_review");
        while (q.firstChild) a.appendChild(q.firstChild);
        q.appendChild(a);
      });
    });
  }

  /* review reader: scroll to the first highlighted sentence */
  function review() {
    var first = document.querySelector(".sent.mark");
    if (first && !location.hash) first.scrollIntoView({block: "center"});
  }

  /* knowledge browser: filter the rows as you type */
  function liveFilter() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-live-filter]"), function (input) {
      var table = document.querySelector(input.getAttribute("data-live-filter"));
      var count = document.querySelector("#count .shown");
      if (!table) return;
      input.addEventListener("input", function () {
        var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
        var shown = 0;
        Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
          var hay = row.getAttribute("data-search") || "";
          var ok = words.every(function (w) { return hay.indexOf(w) >= 0; });
          row.hidden = !ok;
          if (ok) shown += 1;
        });
        if (count) count.textContent = String(shown);
      });
    });
  }

  ready(function () {
    var data = document.getElementById("phrases");
    if (data) words = JSON.parse(data.textContent);
    queryForm(); trees(); citations(); review(); liveFilter();
  });
})();

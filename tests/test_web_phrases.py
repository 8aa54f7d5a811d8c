"""The web page's script words nothing itself (issue 23): every phrase it shows (the stage hint
of the query form, the expand/collapse button, the hover title of a quote) comes from the
catalogue, rules/sentences.yaml, through the page's data block ``<script type="application/json"
id="phrases">`` that web_base.html.j2 fills with say(); app.js only fills the placeholders.
"""

import json
import re
from pathlib import Path

import pytest

from reasoner.knowledge.catalogue import entry

APP_JS = Path(__file__).resolve().parents[1] / "reasoner" / "web" / "static" / "app.js"
#: the block's keys and the catalogue entries web_base.html.j2 puts under them
BLOCK = {
    "n_stages": "phrases.web.n_stages",
    "no_stages_of": "phrases.web.no_stages_of",
    "expand_all": "phrases.common.expand_all",
    "collapse_all": "phrases.common.collapse_all",
    "show_in_review": "phrases.web.show_in_review",
}

COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'')
# a CSS selector with a space in it ("#count .shown", "a.see, a.src")
SELECTOR = re.compile(r"[#.\[]?[\w-]+(?:[#.\[\]=:>\w-]*)(?:,?\s+[#.\[]?[\w-]+[#.\[\]=:>\w-]*)*")
DIRECTIVES = {"use strict"}


def english_literals(js: str) -> list[str]:
    """The string literals of a script that read as English a user sees: words with a space
    between or around them ("Expand all", " stages"), or one capitalised word ("Answer").
    Ids, keys, event names, attribute names, URLs and selectors are not English; a selector
    with a space in it is, when it names an id or a class ("#count .shown")."""
    found = []
    for m in LITERAL.finditer(COMMENT.sub(" ", js)):
        text = m.group(1) if m.group(1) is not None else m.group(2)
        if text in DIRECTIVES or not re.search(r"[A-Za-z]{2,}", text):
            continue
        spaced = re.search(r"\s", text) is not None
        if spaced and re.search(r"[#.\[]", text) and SELECTOR.fullmatch(text):
            continue
        if spaced or re.fullmatch(r"[A-Z][a-z]+", text):
            found.append(text)
    return found


def test_app_js_writes_no_english_of_its_own():
    assert english_literals(APP_JS.read_text(encoding="utf-8")) == []


def test_the_reports_inline_scripts_write_no_english():
    # the HTML report and its index carry their own small scripts (a file opened from disk has
    # no server to fetch app.js from); they word nothing either
    templates = APP_JS.parents[3] / "reports" / "templates"
    scripts = {
        t.name: re.findall(r"<script\b[^>]*>(.*?)</script>", t.read_text(encoding="utf-8"), re.S)
        for t in sorted(templates.glob("*.j2"))
    }
    assert scripts["_script.html.j2"] and scripts["index.html.j2"]
    assert {name: english_literals(" ".join(js)) for name, js in scripts.items() if js} == {
        name: [] for name, js in scripts.items() if js
    }


def test_the_scan_finds_english_in_a_script():
    # the check above cannot pass vacuously: each form the script once had is found
    js = """
      "use strict";  /* "a comment's words" are not shown */
      b.textContent = open ? "Collapse all" : 'Expand all';
      hint.textContent = d.stages.length + " stages";
      a.title = "show this sentence in the review"; b.value = "Answer";
      document.querySelector("#count .shown"); x.getAttribute("data-disease"); fetch("/api/names?disease=");
      document.addEventListener("DOMContentLoaded", f); p.tagName === "DETAILS";
    """
    assert english_literals(js) == [
        "Collapse all",
        "Expand all",
        " stages",
        "show this sentence in the review",
        "Answer",
    ]


def test_every_phrase_the_script_asks_for_is_in_the_block():
    js = COMMENT.sub(" ", APP_JS.read_text(encoding="utf-8"))
    asked = set(re.findall(r'\bsay\(\s*"(\w+)"', js))
    asked |= {k for pair in re.findall(r'\bsay\([^"()]*\?\s*"(\w+)"\s*:\s*"(\w+)"', js) for k in pair}
    assert asked == set(BLOCK)


# ---------------------------------------------------------------- the block, served


@pytest.fixture(scope="module")
def app():
    pytest.importorskip("fastapi")
    from reasoner.server import create_app

    return create_app()


def phrases_block(html: str) -> dict:
    blocks = re.findall(r'<script type="application/json" id="phrases">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/answer?disease=hepatic_IR&stage=reperfusion",
        "/explain?intervention=ucmsc_exos_mir_20a&disease=hepatic_IR",
        "/compare?disease=MI",
        "/review?ref=75",
    ],
)
def test_every_page_hands_the_script_the_catalogues_words(app, url):
    from _asgi import get

    status, _, html = get(app, url)
    assert status == 200, url
    block = phrases_block(html)
    # the catalogue's entries as written, unfilled: the script fills {n} and {disease}
    assert block == {k: entry(key) for k, key in BLOCK.items()}
    assert "{n}" in block["n_stages"] and "{disease}" in block["no_stages_of"]
    # the words are in the page as text, not a second time in the script
    js = APP_JS.read_text(encoding="utf-8")
    assert all(
        words.split("{")[0].strip() not in js for words in block.values() if words.split("{")[0].strip()
    )


def test_the_block_is_json_data_under_the_csp(app):
    # a phrase is text in the block (no HTML entity to undo), and the block cannot end early
    from _asgi import get

    html = get(app, "/")[2]
    block = re.search(r'<script type="application/json" id="phrases">(.*?)</script>', html, re.S).group(1)
    assert "&#" not in block and "&amp;" not in block
    assert "<" not in block

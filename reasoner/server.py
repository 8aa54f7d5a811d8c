"""`reasoner serve`: a local web app, the JSON API and a CDS Hooks service (FastAPI on uvicorn).

The knowledge base and rules are loaded once per process; answers are cached per
query (the knowledge base does not change while the process runs: ``--facts``
come only from the command line).  Pages are rendered by the one jinja2
environment of :mod:`reasoner.reporting.render` from ``reports/templates/web_*``.
The JSON API writes the same bytes as the CLI's ``--format json``.
"""



import dataclasses
import inspect
import json
import re
import threading
from collections import OrderedDict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Optional, Sequence
from urllib.parse import urlencode

from . import api
from .errors import ReasonerError, UnknownValueError
from .knowledge.paths import review_text
from .knowledge.names import resolve_disease, resolve_disease_stage
from .knowledge.resolve import resolve
from .reasoning import results as r
from .reporting.render import environment, render
from .web import browse, cds, codes
from .web import review as reviewmod
from .web.feedback import FeedbackStore

STATIC = Path(__file__).resolve().parent / "web" / "static"
MAX_BODY = 1_000_000  # bytes of a request body (a hook request with its prefetched Conditions)
MAX_QUERY = 4096  # bytes of a query string
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


# ---------------------------------------------------------------- the reasoning, once per process


class LRU:
    def __init__(self, size: int = 512):
        self.size, self.data = size, OrderedDict()
        self.lock = threading.Lock()

    def get(self, key, build: Callable[[], Any]):
        with self.lock:
            if key in self.data:
                self.data.move_to_end(key)
                return self.data[key]
        value = build()
        with self.lock:
            self.data[key] = value
            if len(self.data) > self.size:
                self.data.popitem(last=False)
        return value


class Reasoner:
    """The knowledge base of this process, its answers (cached) and the CLI's JSON of each."""

    def __init__(self, facts: Sequence[str] = (), override: bool = False,
                 timeout: Optional[float] = None):
        self.facts = tuple(str(f) for f in facts)
        self.override, self.timeout = override, timeout
        self.kb = api.load_kb(self.facts, override)
        self.codes = codes.CodeIndex(codes.load(), [d.id for d in self.kb.diseases])
        self.solve_lock = threading.Lock()  # one solve at a time (2 cores; clingo is CPU-bound)
        self.cache = LRU()
        self._review: Optional[reviewmod.Review] = None
        params = inspect.signature(api.suggest).parameters
        self.comorbidity = "comorbid" in params  # issue #16

    # answers -------------------------------------------------------------

    def context(self, disease: str, stage: Optional[str], state: Optional[str]):
        return api.resolve_context(self.kb, disease, stage or None, state or None)

    def stage_words(self) -> dict:
        """disease id -> [(stage id, [name, aliases])]: to read a stage written in text."""
        return {d.id: [(st.id, [st.name, *st.aliases]) for st in d.stages]
                for d in self.kb.diseases}

    def suggestion(self, disease: str, stage: Optional[str] = None, state: Optional[str] = None,
                   trees: bool = True, comorbidities: tuple = ()) -> r.Suggestion:
        d, sid, st = self.context(disease, stage, state)
        key = ("suggest", d.id, sid, st, trees, comorbidities)

        def build():
            with self.solve_lock:
                if comorbidities and self.comorbidity:
                    s = api.suggest(d.id, sid, st, facts=self.facts, override=self.override,
                                    timeout=self.timeout, trees=trees,
                                    comorbid=list(comorbidities))
                else:
                    ans = api.run(self.kb, [(d.id, st)], self.timeout, trees)
                    s = api.build(self.kb, ans, d, sid, st, self.facts, trees)
                if self.facts and not self.override:  # as the CLI: score parts the files moved
                    from .attribution import attribute_scores

                    attribute_scores(s, self.facts, d.id, sid, st, list(comorbidities),
                                     self.timeout)
                return s

        return self.cache.get(key, build)

    def explanation(self, intervention: str, disease: str, stage: Optional[str] = None,
                    state: Optional[str] = None) -> r.Explanation:
        d, sid, st = self.context(disease, stage, state)
        key = ("explain", intervention, d.id, sid, st)

        def build():
            with self.solve_lock:
                return api.explain(intervention, d.id, sid, st, facts=self.facts,
                                   override=self.override, timeout=self.timeout)

        return self.cache.get(key, build)

    def json_text(self, key: tuple, build: Callable[[], str]) -> str:
        return self.cache.get(("json",) + key, build)

    # the CLI's JSON of the listing commands (same code path and bytes as cli.py) ---------

    def diseases_json(self) -> str:
        return self.json_text(("diseases",), lambda: _dumps(api.disease_rows(self.kb)))

    def studies_json(self, disease: Optional[str]) -> str:
        return self.json_text(("studies", disease), lambda: _dumps(api.study_rows(self.kb, disease)))

    def refs_json(self, numbers: Sequence[str]) -> str:
        from .knowledge.primary import reference_row  # as `reasoner refs --format json`

        return _dumps([reference_row(x) for x in api.reference_records(self.kb, numbers)])

    def audit_json(self) -> str:
        from .check import audit

        def build():
            with self.solve_lock:
                return json.dumps(audit(self.kb, self.timeout), indent=2, ensure_ascii=False) + "\n"
        return self.json_text(("audit",), build)

    def check_json(self) -> str:
        from .check import run_checks

        def build():
            with self.solve_lock:
                results = run_checks(self.facts, self.override, timeout=self.timeout)
            return json.dumps([x.as_json() for x in results], indent=2) + "\n"
        return self.json_text(("check",), build)

    def usage(self) -> dict:
        """Which answers (disease, stage) use each study and intervention: as support of a
        candidate, as a side of a conflict, or as a candidate or a not-recommended entry."""

        def build():
            used: dict[str, dict[str, set]] = {"studies": {}, "interventions": {}}
            for d in self.kb.diseases:
                for sid in [None] + [x.id for x in d.stages]:
                    ans = self.suggestion(d.id, sid, None, trees=False)
                    where = (d.id, sid or "")
                    for c in ans.candidates:
                        used["interventions"].setdefault(c.id, set()).add(where)
                        for sup in c.support:
                            used["studies"].setdefault(sup.study, set()).add(where)
                    for n in ans.not_recommended:
                        used["interventions"].setdefault(n.id, set()).add(where)
                    for conflict in ans.conflicts:
                        for side in conflict.sides:
                            for st in side.studies:
                                used["studies"].setdefault(st, set()).add(where)
            return {k: {i: sorted(v) for i, v in m.items()} for k, m in used.items()}

        return self.cache.get(("usage",), build)

    # the review reader -----------------------------------------------------

    def review(self) -> reviewmod.Review:
        if self._review is None:
            rv = reviewmod.parse(review_text().read_text(encoding="utf-8"))
            sections = ("diseases", "roles", "edges", "reconciliations", "studies")
            reviewmod.attach(rv, [(sec, dict(x)) for sec in sections
                                  for x in self.kb.records(sec)])
            self._review = rv
        return self._review


def _dumps(rows) -> str:
    """The bytes `click.echo(json.dumps(rows, indent=2, ensure_ascii=False))` writes."""
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------- limits and headers (ASGI)


class Guard:
    """Request size limits and security headers on every response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if len(scope.get("query_string", b"")) > MAX_QUERY:
            return await _plain(send, 414, f"query string longer than {MAX_QUERY} bytes")
        from .web.csrf import refusal

        refused = refusal(scope)  # a state-changing request: JSON only, never cross-site
        if refused is not None:
            return await _plain(send, *refused)
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            return await _plain(send, 413, f"request body larger than {MAX_BODY} bytes")
        seen = 0
        responded = False

        async def limited_receive():
            nonlocal seen, responded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > MAX_BODY:  # a body without (or with a false) content-length
                    if not responded:
                        responded = True
                        await _plain(send, 413, f"request body larger than {MAX_BODY} bytes")
                    return {"type": "http.disconnect"}
            return message

        async def send_with_headers(message):
            if responded:
                return  # the 413 has been sent; the app's own answer is dropped
            if message["type"] == "http.response.start":
                message = {**message, "headers": list(message.get("headers", [])) + SECURITY_HEADERS}
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except Exception:
            if not responded:
                raise


async def _plain(send, status: int, text: str):
    body = json.dumps({"error": text}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())] + SECURITY_HEADERS})
    await send({"type": "http.response.body", "body": body})


# ---------------------------------------------------------------- the app


def allowed_hosts(host: str, extra: Sequence[str] = ()) -> list[str]:
    """The names the Host header may carry: the listening address and the loopback names,
    with every address (0.0.0.0, ::) also this machine's name; ``extra`` (``--allow-host``,
    e.g. ``ehr.example.org`` or ``*.example.org``) adds more.  Never every name: a page
    of another site could then reach the server through a rebound DNS name."""
    names = {"127.0.0.1", "localhost", "[::1]", "::1", *extra}
    if host in ("0.0.0.0", "::", ""):
        import socket

        names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    else:
        names.add(host)
    return sorted(n for n in names if n)


def _report_css() -> str:
    """The report templates' stylesheet, served as a file (the CSP allows no inline style)."""
    text = environment().get_template("_style.html.j2").render()
    return "\n".join(re.findall(r"<style>(.*?)</style>", text, flags=re.S)).strip() + "\n"


def create_app(facts: Sequence[str] = (), override: bool = False,
               feedback_db: Optional[str] = None, timeout: Optional[float] = None,
               host: str = "127.0.0.1", allow_hosts: Sequence[str] = ()):
    from fastapi import FastAPI, Query, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

    from ._version import __version__

    R = Reasoner(facts, override, timeout)
    store = FeedbackStore(feedback_db) if feedback_db else None
    static = {"app.js": ((STATIC / "app.js").read_text(encoding="utf-8"), "text/javascript"),
              "web.css": ((STATIC / "web.css").read_text(encoding="utf-8"), "text/css"),
              "icon.svg": ((STATIC / "icon.svg").read_text(encoding="utf-8"), "image/svg+xml"),
              "report.css": (_report_css(), "text/css")}
    app = FastAPI(title="reasoner", version=__version__, docs_url=None, redoc_url=None,
                  description="Therapy reasoning over the exosome-autophagy review (Xing et al. "
                              "2021): the CLI's JSON over HTTP, and a CDS Hooks service. "
                              + r.NOTICE)
    app.state.reasoner = R
    # a page of another site cannot reach this server through a rebound DNS name: only the
    # names of the address it listens on are accepted in the Host header
    from starlette.middleware.trustedhost import TrustedHostMiddleware

    hosts = allowed_hosts(host, allow_hosts)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)

    def json_response(text: str, status: int = 200) -> Response:
        return Response(content=text.encode("utf-8"), status_code=status,
                        media_type="application/json")

    def page(name: str, status: int = 200, **ctx) -> HTMLResponse:
        ctx.setdefault("notice", r.NOTICE)
        ctx.setdefault("version", __version__)
        ctx.setdefault("facts", [Path(f).name for f in R.facts])
        html = environment().get_template(f"web_{name}.html.j2").render(**ctx)
        return HTMLResponse(html, status_code=status)

    def wants_json(request: Request) -> bool:
        p = request.url.path
        return p.startswith("/api/") or p.startswith("/cds-services") or p == "/openapi.json"

    @app.exception_handler(ReasonerError)
    async def domain_error(request: Request, exc: ReasonerError):
        if wants_json(request):
            return JSONResponse({"error": str(exc)}, status_code=400)
        return page("error", 400, message=str(exc), form=form_state(request), options=options())

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        err = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "body"))
        msg = f"{err.get('msg', 'invalid request')}: {where or 'request'}".replace("\n", " ")
        if wants_json(request):
            return JSONResponse({"error": msg}, status_code=400)
        return page("error", 400, message=msg, form=form_state(request), options=options())

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception):  # never a traceback to the client
        return JSONResponse({"error": "internal error"}, status_code=500)

    # ---------------------------------------------------------------- static and health

    @app.get("/static/{name}", include_in_schema=False)
    def static_file(name: str):
        if name not in static:
            return Response("not found", status_code=404, media_type="text/plain")
        text, kind = static[name]
        return Response(text, media_type=kind, headers={"cache-control": "max-age=3600"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return RedirectResponse("/static/icon.svg", status_code=301)

    @app.get("/healthz", include_in_schema=False)
    def healthz():
        return {"status": "ok", "version": __version__}

    # ---------------------------------------------------------------- JSON API (the CLI's JSON)

    @app.get("/api/suggest", tags=["api"], summary="reasoner suggest --format json",
             responses={200: {"model": r.Suggestion, "description": "The answer."}})
    def api_suggest(disease: str, stage: Optional[str] = None,
                    autophagy_state: Optional[str] = None, no_trees: bool = False):
        d, sid, st = R.context(disease, stage, autophagy_state)
        return json_response(R.json_text(
            ("suggest", d.id, sid, st, not no_trees),
            lambda: render(R.suggestion(d.id, sid, st, trees=not no_trees), "json")))

    @app.get("/api/explain", tags=["api"], summary="reasoner explain --format json",
             responses={200: {"model": r.Explanation, "description": "The explanation."}})
    def api_explain(intervention: str, disease: str, stage: Optional[str] = None,
                    autophagy_state: Optional[str] = None):
        d, sid, st = R.context(disease, stage, autophagy_state)
        return json_response(R.json_text(
            ("explain", intervention, d.id, sid, st),
            lambda: render(R.explanation(intervention, d.id, sid, st), "json")))

    @app.get("/api/names", tags=["api"],
             summary="The disease (and stage) a typed name resolves to, as the CLI resolves it")
    def names_api(disease: str):
        """200 either way: a name that resolves to nothing (yet, while it is typed) answers
        ``disease: null`` with the CLI's message, so the form's lookups log no errors."""
        try:
            did, sid = resolve_disease_stage(R.kb, disease)
        except ReasonerError as exc:
            return JSONResponse({"disease": None, "error": str(exc)})
        d = R.kb.get("diseases", did)
        return JSONResponse({"disease": did, "name": d.name, "stage": sid,
                             "stages": [{"id": s.id, "name": s.name} for s in d.stages]})

    @app.get("/api/diseases", tags=["api"], summary="reasoner diseases --format json")
    def api_diseases():
        return json_response(R.diseases_json())

    @app.get("/api/studies", tags=["api"], summary="reasoner studies --format json")
    def api_studies(disease: Optional[str] = None):
        return json_response(R.studies_json(disease))

    @app.get("/api/refs", tags=["api"], summary="reasoner refs N... --format json")
    def api_refs(n: list[str] = Query(default=[], description="Reference numbers (repeatable).")):
        return json_response(R.refs_json(n))

    @app.get("/api/audit", tags=["api"], summary="reasoner audit --format json")
    def api_audit():
        return json_response(R.audit_json())

    @app.get("/api/check", tags=["api"], summary="reasoner check --format json")
    def api_check():
        return json_response(R.check_json())

    # ---------------------------------------------------------------- CDS Hooks

    @app.get("/cds-services", tags=["cds-hooks"], summary="CDS Hooks discovery")
    def cds_discovery():
        return {"services": [cds.service()]}

    @app.post("/cds-services/{service_id}", tags=["cds-hooks"], summary="CDS Hooks service call")
    async def cds_call(service_id: str, request: Request, stage: Optional[str] = None,
                       autophagy_state: Optional[str] = None):
        if service_id != cds.SERVICE_ID:
            return JSONResponse({"error": f"unknown CDS service {service_id!r}; valid: "
                                          f"{cds.SERVICE_ID}"}, status_code=404)
        body = await _json_body(request)
        if not isinstance(body.get("hookInstance"), str) or not isinstance(body.get("hook"), str):
            raise cds.HookRequestError("a hook request needs the strings hookInstance and hook")
        if body["hook"] != "patient-view":
            raise cds.HookRequestError(f"unknown hook {body['hook']!r}; valid: patient-view")
        problems: list = []  # per-Condition problems: info cards, never a failed call
        found, unmapped = cds.conditions(body, R.codes, stage, autophagy_state,
                                         R.stage_words(), problems)
        base = str(request.base_url).rstrip("/")
        cards, answered = [], {}
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        contexts = cds.merged(found)  # one card per disease context, its Conditions named
        for f, ids in contexts[:cds.MAX_CONTEXTS]:
            try:
                s = await _threaded(R.suggestion, f.disease, f.stage, f.state)
            except ReasonerError as exc:
                problems += [cds.Problem(i, str(exc)) for i in ids]
                continue
            ctx = (s.context.disease, s.context.stage, s.context.autophagy_state)
            if ctx in answered:  # two spellings of one context (a stage alias): one card
                continue
            answered[ctx] = True
            url = base + browse.answer_url(s.context.disease, s.context.stage,
                                           autophagy_state=s.context.autophagy_state)
            c = cds.card(s, dataclasses.replace(f, condition_id=",".join(ids)),
                         body["hookInstance"], url)
            c["_context"] = {"disease": s.context.disease, "stage": s.context.stage,
                             "autophagy_state": s.context.autophagy_state}
            cards.append(c)
        if len(contexts) > cds.MAX_CONTEXTS:
            problems.append(cds.Problem("*", f"more than {cds.MAX_CONTEXTS} disease contexts: "
                                             f"{len(contexts) - cds.MAX_CONTEXTS} not evaluated"))
        while cards and len(json.dumps(cards)) > cds.MAX_RESPONSE:  # the answer stays bounded
            dropped = cards.pop()
            problems.append(cds.Problem("*", "response size limit reached: the card "
                                             f"{dropped['summary']!r} was left out"))
        if store is not None:
            for c in cards:
                store.issue(c, service_id, body["hookInstance"], c.pop("_context"), now)
        else:
            for c in cards:
                c.pop("_context")
        if unmapped:  # nothing the client sent is dropped silently
            cards.append(cds.unmapped_card(unmapped))
        if problems:
            cards.append(cds.problem_card(problems))
        return {"cards": cards}

    @app.post("/cds-services/{service_id}/feedback", tags=["cds-hooks"],
              summary="CDS Hooks feedback (stored in the local SQLite file)")
    async def cds_feedback(service_id: str, request: Request):
        if service_id != cds.SERVICE_ID:
            return JSONResponse({"error": f"unknown CDS service {service_id!r}; valid: "
                                          f"{cds.SERVICE_ID}"}, status_code=404)
        if store is None:
            return JSONResponse({"error": "feedback is not recorded: start the server with "
                                          "--feedback-db FILE"}, status_code=501)
        body = await _json_body(request)
        items = body.get("feedback")
        if not isinstance(items, list) or not items:
            raise cds.HookRequestError("feedback needs a non-empty array 'feedback'")
        checked = []
        for i, fb in enumerate(items):
            if not isinstance(fb, dict):
                raise cds.HookRequestError(f"feedback[{i}] is not an object")
            card = store.card(str(fb.get("card")))
            if card is None or card["service"] != service_id:
                raise cds.HookRequestError(f"feedback[{i}]: unknown card {fb.get('card')!r}")
            outcome = fb.get("outcome")
            if outcome not in ("accepted", "overridden"):
                raise cds.HookRequestError(f"feedback[{i}]: unknown outcome {outcome!r}; "
                                           "valid: accepted, overridden")
            if not isinstance(fb.get("outcomeTimestamp"), str):
                raise cds.HookRequestError(f"feedback[{i}]: outcomeTimestamp is required")
            suggestions = fb.get("acceptedSuggestions") or []
            if not isinstance(suggestions, list) or not all(isinstance(a, dict) for a in suggestions):
                raise cds.HookRequestError(f"feedback[{i}]: acceptedSuggestions must be an array "
                                           "of objects with an id")
            accepted = [a.get("id") for a in suggestions]
            if outcome == "accepted":
                bad = [a for a in accepted if a not in card["suggestions"]]
                if not accepted or bad:
                    raise cds.HookRequestError(
                        f"feedback[{i}]: acceptedSuggestions must name suggestions of the card"
                        + (f" (unknown: {bad[0]!r})" if bad else ""))
            reason = (fb.get("overrideReason") or {}) if outcome == "overridden" else {}
            coding = (reason.get("reason") or {}) if isinstance(reason, dict) else None
            if not isinstance(coding, dict) or not isinstance(reason.get("userComment") or "", str):
                raise cds.HookRequestError(f"feedback[{i}]: overrideReason must be an object with "
                                           "a coding 'reason' and a string 'userComment'")
            code = coding.get("code")
            if code is not None and (not isinstance(code, str)
                                     or code not in card["override_reasons"]):
                raise cds.HookRequestError(
                    f"feedback[{i}]: unknown override reason {code!r}; valid: "
                    + ", ".join(card["override_reasons"]))
            checked.append((card["uuid"], outcome, accepted, code,
                            card["override_reasons"].get(code) if code else None,
                            reason.get("userComment"), fb["outcomeTimestamp"]))
        for row in checked:
            store.record(*row)
        return Response(status_code=200)

    # ---------------------------------------------------------------- pages

    def options() -> dict:
        out = []
        for d in R.kb.diseases:
            out.append({"id": d.id, "name": d.name, "aliases": list(d.aliases),
                        "curies": R.codes.curies(d.id),
                        "stages": [{"id": s.id, "name": s.name} for s in d.stages]})
        return {"diseases": out, "states": list(api.AUTOPHAGY_LEVELS), "comorbidity": R.comorbidity}

    def form_state(request: Request) -> dict:
        q = request.query_params
        did = None
        if q.get("disease"):
            try:
                did, _ = resolve_disease_stage(R.kb, q["disease"])
            except ReasonerError:
                did = None
        return {"disease": q.get("disease", ""), "disease_id": did, "stage": q.get("stage", ""),
                "autophagy_state": q.get("autophagy_state", ""),
                "comorbidity": q.getlist("comorbidity")}

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def query_page(request: Request):
        return page("query", form=form_state(request), options=options())

    @app.get("/answer", response_class=HTMLResponse, include_in_schema=False)
    def answer_page(request: Request, disease: str = "", stage: str = "",
                    autophagy_state: str = "", comorbidity: list[str] = Query(default=[])):
        if not disease.strip():
            return RedirectResponse("/", status_code=303)
        key = ("page", disease, stage, autophagy_state, tuple(comorbidity))

        def build():
            if comorbidity and not R.comorbidity:
                raise UnknownValueError("option comorbidity (this version answers one disease "
                                        "at a time)", comorbidity[0], [])
            com = tuple(sorted(resolve_disease(R.kb, c) for c in comorbidity if c))
            s = R.suggestion(disease, stage, autophagy_state, comorbidities=com)
            return page("answer", r=s, form=form_state(request), options=options(),
                        links=_answer_links(s)).body
        return HTMLResponse(R.cache.get(key, build))

    @app.get("/explain", response_class=HTMLResponse, include_in_schema=False)
    def explain_page(request: Request, intervention: str, disease: str, stage: str = "",
                     autophagy_state: str = ""):
        e = R.explanation(intervention, disease, stage, autophagy_state)
        return page("explain", r=e, form=form_state(request), options=options(),
                    answer=browse.answer_url(e.context.disease, e.context.stage,
                                             autophagy_state=e.context.autophagy_state))

    @app.get("/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare_page(request: Request, disease: str, autophagy_state: str = ""):
        d, _, st = R.context(disease, None, autophagy_state)
        if not d.stages:
            raise UnknownValueError(f"disease to compare by stage ({d.id} has no stages)", disease,
                                    [x.id for x in R.kb.diseases if x.stages])
        whole = R.suggestion(d.id, None, st)
        columns = [R.suggestion(d.id, s.id, st) for s in d.stages]
        return page("compare", whole=whole, columns=columns, form=form_state(request),
                    options=options())

    @app.get("/review", response_class=HTMLResponse, include_in_schema=False)
    def review_page(s: Optional[int] = None, ref: Optional[int] = None, quote: str = ""):
        rv = R.review()
        if quote:
            hits = rv.spans(quote)
            if not hits:
                raise UnknownValueError("quote (not in the review's text)", quote, [])
            return RedirectResponse(f"/review?s={hits[0].id}#s-{hits[0].id}", status_code=303)
        marked: list[int] = []
        records: list[dict] = []
        title = None
        if s is not None:
            if s not in rv.sentences:
                raise UnknownValueError("sentence", str(s), [], valid_hint=f"1-{len(rv.sentences)}")
            marked = [s]
            records = rv.sentences[s].records
            title = f"Sentence {s}"
        elif ref is not None:
            from .knowledge.primary import id_words

            rec = R.kb.get("references", str(ref))
            if rec is None:
                raise UnknownValueError("reference number", str(ref), [], valid_hint="1-96")
            marked = [x.id for x in rv.by_ref(ref)]
            seen = set()
            for sid in marked:
                for x in rv.sentences[sid].records:
                    if ref in x["refs"] and x["key"] not in seen:
                        seen.add(x["key"])
                        records.append(x)
            title = f"[{ref}] {rec.citation}"
            if id_words(rec):
                title += f" ({id_words(rec)})"
        from .knowledge.primary import ids_of

        return page("review", review=rv, marked=marked, records=records, title=title,
                    focus=marked[0] if marked else None, ref=ref,
                    references=[(x.n, x.citation, ids_of(x)) for x in R.kb.references])

    @app.get("/browse", response_class=HTMLResponse, include_in_schema=False)
    def browse_page(request: Request, tab: str = "studies"):
        tab = resolve("knowledge-browser tab", tab, [(t, []) for t in browse.TABS])
        filters = {k: request.query_params.get(k, "") for k in browse.FILTERS}
        # a disease named as the CLI names it (liver IRI, heart attack, ICD10:I21.4) is that
        # disease's id, matched exactly; a search that names one disease filters by it
        disease = filters["disease"].strip() or filters["q"].strip()
        did = None
        if disease:
            try:
                did = resolve_disease(R.kb, disease)
            except ReasonerError:
                did = None
        if did is not None:
            filters = {**filters, "disease": did,
                       "q": "" if not filters["disease"].strip() else filters["q"]}
        every = browse.rows(R.kb, tab, R.usage() if tab in ("studies", "interventions") else None)
        rows = [dict(row, search=browse.search_text(row)) for row in every
                if browse.matches(row, filters if did is None else {**filters, "disease": ""})
                and (did is None or did in row["keys"]["disease"])]
        return page("browse", tab=tab, tabs=browse.TABS, rows=rows, filters=filters,
                    headers=browse.HEADERS[tab], total=len(every))

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_docs():
        spec = app.openapi()
        ops = [{"method": m.upper(), "path": p, "summary": op.get("summary", ""),
                "params": [x["name"] for x in op.get("parameters", [])]}
               for p, methods in sorted(spec["paths"].items()) for m, op in methods.items()]
        return page("api", ops=ops)

    # ---------------------------------------------------------------- impact (issue 27)

    @app.get("/impact", response_class=HTMLResponse, include_in_schema=False)
    def impact_page(request: Request):
        """The impact of the files given to `serve --facts` (computed once), as the report."""
        from .impact import impact
        from .reporting.render import render

        if not R.facts:
            return page("error", 404, message="no --facts file was given to `reasoner serve`: "
                        "start it with --facts FILE to see that file's impact, or POST a saved "
                        "`reasoner impact --format json` to /impact as application/json",
                        form=form_state(request), options=options())

        def build():
            with R.solve_lock:
                return render(impact(R.facts, R.override, timeout=R.timeout), "html")

        return HTMLResponse(R.cache.get(("impact",), build))

    @app.post("/impact", response_class=HTMLResponse, include_in_schema=False)
    async def impact_post(request: Request):
        """A saved impact (JSON) rendered as the report (the guard lets only same-origin JSON
        reach a POST: web/csrf.py)."""
        from .impact import Impact
        from .reporting.render import render

        body = await _json_body(request)
        try:
            result = Impact.model_validate(body)
        except ValueError as exc:
            first = str(exc).splitlines()[1:2] or [str(exc)]
            return JSONResponse({"error": "not a `reasoner impact --format json` result: "
                                          + first[0].strip()}, status_code=400)
        return HTMLResponse(render(result, "html"))

    return app



def _answer_links(s: r.Suggestion) -> dict:
    """URLs the answer page links to: explain pages, stage answers, the comparison."""
    ctx = s.context
    base = {"disease": ctx.disease, **({"stage": ctx.stage} if ctx.stage else {}),
            **({"autophagy_state": ctx.autophagy_state} if ctx.autophagy_state else {})}
    explain = {x.id: "/explain?" + urlencode({"intervention": x.id, **base})
               for x in [*s.candidates, *s.not_recommended]}
    stages = {st: browse.answer_url(ctx.disease, st, autophagy_state=ctx.autophagy_state)
              for st in ctx.stages}
    compare = ("/compare?" + urlencode({"disease": ctx.disease})) if ctx.stages else None
    return {"explain": explain, "stages": stages, "compare": compare,
            "json": "/api/suggest?" + urlencode(base),
            "whole": browse.answer_url(ctx.disease, autophagy_state=ctx.autophagy_state)}


async def _threaded(fn, *args):
    import anyio

    return await anyio.to_thread.run_sync(lambda: fn(*args))


async def _json_body(request) -> dict:
    from .web.cds import HookRequestError

    raw = await request.body()
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        raise HookRequestError("the request body is not JSON") from None
    if not isinstance(body, dict):
        raise HookRequestError("the request body must be a JSON object")
    try:  # a lone surrogate ("\ud800") is valid JSON text but no Unicode string
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start:exc.end].encode("unicode_escape").decode("ascii")
        raise HookRequestError(f"the request body holds a lone surrogate ({bad}); send "
                               "UTF-8 text") from None
    return body


class ListenError(ReasonerError):
    def __init__(self, host: str, port: int, reason: str):
        super().__init__(f"cannot listen on {host}:{port} ({reason}); choose another --port")


def serve(host: str, port: int, facts: Sequence[str] = (), override: bool = False,
          feedback_db: Optional[str] = None, timeout: Optional[float] = None,
          allow_hosts: Sequence[str] = ()) -> None:
    import socket

    import uvicorn

    try:  # a clear one-line error before loading anything
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        raise ListenError(host, port, exc.strerror or str(exc)) from None
    app = Guard(create_app(facts, override, feedback_db, timeout, host, allow_hosts))
    import click

    click.echo(f"reasoner: serving on http://{host}:{port}/ (Ctrl-C stops). " + r.NOTICE, err=True)
    from .web.protocol import HeaderTimeoutProtocol

    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False,
                h11_max_incomplete_event_size=16 * 1024, limit_concurrency=64,
                timeout_keep_alive=5, http=HeaderTimeoutProtocol)  # headers due within 5 s

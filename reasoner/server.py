"""`reasoner serve`: a local web app, the JSON API and a CDS Hooks service (FastAPI on uvicorn).

The knowledge base and rules are loaded once per process; answers are cached per
query (the knowledge base does not change while the process runs: ``--facts``
come only from the command line).  Pages are rendered by the one jinja2
environment of :mod:`reasoner.reporting.render` from ``reports/templates/web_*``.
The JSON API writes the same bytes as the CLI's ``--format json``.
"""

import inspect
import json
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from . import api
from .errors import ReasonerError, words
from .knowledge.names import code_lookup, stage_of_text
from .knowledge.paths import review_text
from .reasoning import results as r
from .reporting.render import environment
from .web import review as reviewmod
from .web.guard import CSP, MAX_BODY, MAX_QUERY, SECURITY_HEADERS, Guard  # noqa: F401
from .web.feedback import FeedbackStore

STATIC = Path(__file__).resolve().parent / "web" / "static"


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

    def __init__(self, facts: Sequence[str] = (), override: bool = False, timeout: Optional[float] = None):
        self.facts = tuple(str(f) for f in facts)
        self.override, self.timeout = override, timeout
        self.kb = api.load_kb(self.facts, override)
        self.codes = code_lookup(self.kb)  # the one resolver's index of the code table
        self.solve_lock = threading.Lock()  # one solve at a time (2 cores; clingo is CPU-bound)
        self.cache = LRU()
        self._review: Optional[reviewmod.Review] = None
        params = inspect.signature(api.suggest).parameters
        self.comorbidity = "comorbid" in params  # issue #16

    # answers -------------------------------------------------------------

    def context(self, disease: str, stage: Optional[str], state: Optional[str]):
        return api.resolve_context(self.kb, disease, stage or None, state or None)

    def stage_of_text(self, disease: str, text: Optional[str]) -> Optional[str]:
        """The stage of ``disease`` a text names, as the one resolver reads it (CDS)."""
        return stage_of_text(self.kb, disease, text)

    def suggestion(
        self,
        disease: str,
        stage: Optional[str] = None,
        state: Optional[str] = None,
        trees: bool = True,
        comorbidities: tuple = (),
    ) -> r.Suggestion:
        d, sid, st = self.context(disease, stage, state)
        key = ("suggest", d.id, sid, st, trees, comorbidities)

        def build():
            with self.solve_lock:
                if comorbidities and self.comorbidity:
                    s = api.suggest(
                        d.id,
                        sid,
                        st,
                        facts=self.facts,
                        override=self.override,
                        timeout=self.timeout,
                        trees=trees,
                        comorbid=list(comorbidities),
                    )
                else:
                    ans = api.run(self.kb, [(d.id, st)], self.timeout, trees)
                    s = api.build(self.kb, ans, d, sid, st, self.facts, trees)
                if self.facts and not self.override:  # as the CLI: score parts the files moved
                    from .score_changes import attribute_scores

                    attribute_scores(s, self.facts, d.id, sid, st, list(comorbidities), self.timeout)
                return s

        return self.cache.get(key, build)

    def explanation(
        self, intervention: str, disease: str, stage: Optional[str] = None, state: Optional[str] = None
    ) -> r.Explanation:
        d, sid, st = self.context(disease, stage, state)
        key = ("explain", intervention, d.id, sid, st)

        def build():
            with self.solve_lock:
                return api.explain(
                    intervention,
                    d.id,
                    sid,
                    st,
                    facts=self.facts,
                    override=self.override,
                    timeout=self.timeout,
                )

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
        from .check_answer import check_json

        def build():
            with self.solve_lock:
                results = run_checks(self.facts, self.override, timeout=self.timeout)
            return check_json(results) + "\n"

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
            reviewmod.attach(rv, [(sec, dict(x)) for sec in sections for x in self.kb.records(sec)])
            self._review = rv
        return self._review


def _dumps(rows) -> str:
    """The bytes `click.echo(json.dumps(rows, indent=2, ensure_ascii=False))` writes."""
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


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


def create_app(
    facts: Sequence[str] = (),
    override: bool = False,
    feedback_db: Optional[str] = None,
    timeout: Optional[float] = None,
    host: str = "127.0.0.1",
    allow_hosts: Sequence[str] = (),
):
    from fastapi import FastAPI

    from ._version import __version__
    from .knowledge.catalogue import say
    from .web.api_routes import register_api, register_errors, register_static
    from .web.cds_routes import register_cds, register_cds_feedback
    from .web.page_routes import register_browse_pages, register_pages, register_review_page
    from .web.shared import Views

    R = Reasoner(facts, override, timeout)
    store = FeedbackStore(feedback_db) if feedback_db else None
    static = {
        "app.js": ((STATIC / "app.js").read_text(encoding="utf-8"), "text/javascript"),
        "web.css": ((STATIC / "web.css").read_text(encoding="utf-8"), "text/css"),
        "icon.svg": ((STATIC / "icon.svg").read_text(encoding="utf-8"), "image/svg+xml"),
        "report.css": (_report_css(), "text/css"),
    }
    from fastapi import Depends

    from .web.params import strict_query

    # /api/ and /cds-services take only their declared query parameters (strict_query)
    app = FastAPI(
        title="reasoner",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(strict_query)],
        description=say("phrases.web.api_description", notice=r.NOTICE),
    )
    app.state.reasoner = R
    # a page of another site cannot reach this server through a rebound DNS name: only the
    # names of the address it listens on are accepted in the Host header
    from starlette.middleware.trustedhost import TrustedHostMiddleware

    hosts = allowed_hosts(host, allow_hosts)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)

    views = Views(R)
    register_errors(app, views)
    register_static(app, static)
    register_api(app, R)
    register_cds(app, R, store)
    register_cds_feedback(app, store)
    register_pages(app, views)
    register_review_page(app, views)
    register_browse_pages(app, views)
    register_impact(app, views)
    return app


def register_impact(app, views) -> None:
    """/impact: the impact of the files given to `serve --facts`, or of a posted saved one
    (``views``: the app's shared pages, ``reasoner.web.shared.Views``)."""
    from fastapi import Request
    from fastapi.responses import HTMLResponse, JSONResponse

    from .web.shared import json_body

    R, page, form_state, options = views.R, views.page, views.form_state, views.options

    @app.get("/impact", response_class=HTMLResponse, include_in_schema=False)
    def impact_page(request: Request):
        """The impact of the files given to `serve --facts` (computed once), as the report."""
        from .impact import impact
        from .reporting.render import render

        if not R.facts:
            return page(
                "error",
                404,
                message=words("web.impact_no_facts"),
                form=form_state(request),
                options=options(),
            )

        def build():
            with R.solve_lock:
                return render(impact(R.facts, R.override, timeout=R.timeout), "html")

        return HTMLResponse(R.cache.get(("impact",), build))

    @app.post("/impact", response_class=HTMLResponse, include_in_schema=False)
    async def impact_post(request: Request):
        """A saved impact (JSON) rendered as the report (the guard lets only same-origin JSON
        reach a POST: ``reasoner.web.csrf``)."""
        from .impact_answer import read_impact
        from .reporting.render import render

        body = await json_body(request)
        try:
            result = read_impact(body)
        except ValueError as exc:
            first = str(exc).splitlines()[1:2] or [str(exc)]
            return JSONResponse(
                {"error": words("web.not_an_impact", detail=first[0].strip()), "code": "web.not_an_impact"},
                status_code=400,
            )
        return HTMLResponse(render(result, "html"))


class ListenError(ReasonerError):
    def __init__(self, host: str, port: int, reason: str):
        super().__init__("cli.cannot_listen", host=host, port=port, reason=reason)


def serve(
    host: str,
    port: int,
    facts: Sequence[str] = (),
    override: bool = False,
    feedback_db: Optional[str] = None,
    timeout: Optional[float] = None,
    allow_hosts: Sequence[str] = (),
) -> None:
    import socket

    import uvicorn

    try:  # a clear one-line error before loading anything
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        raise ListenError(host, port, exc.strerror or str(exc)) from None
    app = Guard(create_app(facts, override, feedback_db, timeout, host, allow_hosts))
    import click

    from .knowledge.catalogue import say

    click.echo(say("phrases.cli.serving", host=host, port=port, notice=r.NOTICE), err=True)
    from .web.protocol import HeaderTimeoutProtocol

    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        server_header=False,
        h11_max_incomplete_event_size=16 * 1024,
        limit_concurrency=64,
        timeout_keep_alive=5,
        http=HeaderTimeoutProtocol,
    )  # headers due within 5 s

"""The web app's JSON API (the CLI's JSON, byte for byte), static files, health and errors."""

from typing import Optional

from fastapi import Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response

from .._version import __version__
from ..errors import ReasonerError, error_body, words
from ..knowledge.names import resolve_disease_stage
from ..reasoning import results as r
from ..reporting.render import render
from .shared import Views, json_response, wants_json


def register_errors(app, views: Views) -> None:
    """Errors: one line, as JSON for the API and as the error page for pages; never a traceback."""
    page, form_state, options = views.page, views.form_state, views.options

    @app.exception_handler(ReasonerError)
    async def domain_error(request: Request, exc: ReasonerError):
        if wants_json(request):
            return JSONResponse(exc.body(), status_code=400)
        return page("error", 400, message=str(exc), form=form_state(request), options=options())

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        err = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "body"))
        detail = err.get("msg") or words("web.invalid_request")
        body = error_body("web.bad_request", detail=detail, where=where or words("web.request"))
        msg = body["error"] = body["error"].replace("\n", " ")
        if wants_json(request):
            return JSONResponse(body, status_code=400)
        return page("error", 400, message=msg, form=form_state(request), options=options())

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception):  # never a traceback to the client
        return JSONResponse(error_body("web.internal"), status_code=500)


def register_static(app, static: dict) -> None:
    """The static files (``static``: name -> (text, media type)), the icon and /healthz."""

    @app.get("/static/{name}", include_in_schema=False)
    def static_file(name: str):
        if name not in static:
            return Response(words("web.not_found"), status_code=404, media_type="text/plain")
        text, kind = static[name]
        return Response(text, media_type=kind, headers={"cache-control": "max-age=3600"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return RedirectResponse("/static/icon.svg", status_code=301)

    @app.get("/healthz", include_in_schema=False)
    def healthz():
        return {"status": "ok", "version": __version__}


def register_api(app, R) -> None:
    """/api/...: the JSON of the CLI's commands, from the process's reasoner ``R``."""

    @app.get(
        "/api/suggest",
        tags=["api"],
        summary="reasoner suggest --format json",
        responses={200: {"model": r.Suggestion, "description": "The answer."}},
    )
    def api_suggest(
        disease: str,
        stage: Optional[str] = None,
        autophagy_state: Optional[str] = None,
        no_trees: bool = False,
        comorbidity: list[str] = Query(
            default=[], description="DISEASE[:STAGE], repeatable: as suggest --comorbid."
        ),
    ):
        d, sid, st = R.context(disease, stage, autophagy_state)
        co = tuple(comorbidity)
        return json_response(
            R.json_text(
                ("suggest", d.id, sid, st, not no_trees) + ((co,) if co else ()),
                lambda: render(R.suggestion(d.id, sid, st, trees=not no_trees, comorbidities=co), "json"),
            )
        )

    @app.get(
        "/api/explain",
        tags=["api"],
        summary="reasoner explain --format json",
        responses={200: {"model": r.Explanation, "description": "The explanation."}},
    )
    def api_explain(
        intervention: str, disease: str, stage: Optional[str] = None, autophagy_state: Optional[str] = None
    ):
        d, sid, st = R.context(disease, stage, autophagy_state)
        return json_response(
            R.json_text(
                ("explain", intervention, d.id, sid, st),
                lambda: render(R.explanation(intervention, d.id, sid, st), "json"),
            )
        )

    @app.get(
        "/api/names",
        tags=["api"],
        summary="The disease (and stage) a typed name resolves to, as the CLI resolves it",
    )
    def names_api(disease: str):
        """200 either way: a name that resolves to nothing (yet, while it is typed) answers
        ``disease: null`` with the CLI's message, so the form's lookups log no errors."""
        try:
            did, sid = resolve_disease_stage(R.kb, disease)
        except ReasonerError as exc:
            return JSONResponse({"disease": None, **exc.body()})
        d = R.kb.get("diseases", did)
        return JSONResponse(
            {
                "disease": did,
                "name": d.name,
                "stage": sid,
                "stages": [{"id": s.id, "name": s.name} for s in d.stages],
            }
        )

    register_listings(app, R)


def register_listings(app, R) -> None:
    """/api/diseases, studies, refs, audit and check: the JSON of the CLI's listings."""

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

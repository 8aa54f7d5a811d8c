"""What the web app's route groups share: the process's reasoner, pages, the query form, bodies."""

import json
from pathlib import Path
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from .._version import __version__
from ..errors import ReasonerError
from ..knowledge.names import resolve_disease_stage
from ..knowledge.vocabulary import AUTOPHAGY_LEVELS
from ..reasoning import results as r
from ..reporting.render import environment
from . import browse


def json_response(text: str, status: int = 200) -> Response:
    return Response(content=text.encode("utf-8"), status_code=status, media_type="application/json")


def wants_json(request: Request) -> bool:
    p = request.url.path
    return p.startswith("/api/") or p.startswith("/cds-services") or p == "/openapi.json"


class Views:
    """Pages of the process's reasoner ``R`` (the server's ``Reasoner``) and its query form."""

    def __init__(self, R):
        self.R = R

    def page(self, name: str, status: int = 200, **ctx) -> HTMLResponse:
        R = self.R
        ctx.setdefault("notice", r.NOTICE)
        ctx.setdefault("version", __version__)
        ctx.setdefault("facts", [Path(f).name for f in R.facts])
        html = environment().get_template(f"web_{name}.html.j2").render(**ctx)
        return HTMLResponse(html, status_code=status)

    def options(self) -> dict:
        R = self.R
        out = []
        for d in R.kb.diseases:
            out.append(
                {
                    "id": d.id,
                    "name": d.name,
                    "aliases": list(d.aliases),
                    "curies": R.codes.curies(d.id),
                    "stages": [{"id": s.id, "name": s.name} for s in d.stages],
                }
            )
        return {"diseases": out, "states": list(AUTOPHAGY_LEVELS), "comorbidity": R.comorbidity}

    def form_state(self, request: Request) -> dict:
        R = self.R
        q = request.query_params
        did = None
        if q.get("disease"):
            try:
                did, _ = resolve_disease_stage(R.kb, q["disease"])
            except ReasonerError:
                did = None
        return {
            "disease": q.get("disease", ""),
            "disease_id": did,
            "stage": q.get("stage", ""),
            "autophagy_state": q.get("autophagy_state", ""),
            "comorbidity": q.getlist("comorbidity"),
        }


def answer_links(s: r.Suggestion) -> dict:
    """URLs the answer page links to: explain pages, stage answers, the comparison."""
    ctx = s.context
    base = {
        "disease": ctx.disease,
        **({"stage": ctx.stage} if ctx.stage else {}),
        **({"autophagy_state": ctx.autophagy_state} if ctx.autophagy_state else {}),
    }
    explain = {
        x.id: "/explain?" + urlencode({"intervention": x.id, **base})
        for x in [*s.candidates, *s.not_recommended]
    }
    stages = {
        st: browse.answer_url(ctx.disease, st, autophagy_state=ctx.autophagy_state) for st in ctx.stages
    }
    compare = ("/compare?" + urlencode({"disease": ctx.disease})) if ctx.stages else None
    return {
        "explain": explain,
        "stages": stages,
        "compare": compare,
        "json": "/api/suggest?" + urlencode(base),
        "whole": browse.answer_url(ctx.disease, autophagy_state=ctx.autophagy_state),
    }


async def threaded(fn, *args):
    import anyio

    return await anyio.to_thread.run_sync(lambda: fn(*args))


async def json_body(request) -> dict:
    from .cds import HookRequestError

    from starlette.requests import ClientDisconnect

    try:
        raw = await request.body()
    except ClientDisconnect:  # the client left mid-body: one line to nobody, no traceback
        raise HookRequestError("web.client_left") from None
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        raise HookRequestError("web.body_not_json") from None
    if not isinstance(body, dict):
        raise HookRequestError("web.body_not_object")
    try:  # a lone surrogate ("\ud800") is valid JSON text but no Unicode string
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start : exc.end].encode("unicode_escape").decode("ascii")
        raise HookRequestError("web.body_surrogate", char=bad) from None
    return body

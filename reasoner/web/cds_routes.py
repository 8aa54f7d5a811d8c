"""The web app's CDS Hooks service: discovery, the patient-view call and feedback."""

import dataclasses
import json
from datetime import datetime, timezone
from typing import Optional

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from ..errors import ReasonerError, error_body
from ..knowledge.catalogue import say
from . import browse, cds, cds_status
from .shared import json_body, threaded


def register_cds(app, R, store) -> None:
    """/cds-services: discovery and calls answered by the process's reasoner ``R`` (cards
    issued are remembered in ``store``, when there is one)."""

    @app.get("/cds-services", tags=["cds-hooks"], summary="CDS Hooks discovery")
    def cds_discovery():
        return {"services": [cds.service()]}

    @app.post("/cds-services/{service_id}", tags=["cds-hooks"], summary="CDS Hooks service call")
    async def cds_call(
        service_id: str, request: Request, stage: Optional[str] = None, autophagy_state: Optional[str] = None
    ):
        if service_id != cds.SERVICE_ID:
            return JSONResponse(
                error_body("web.unknown_service", service=repr(service_id), valid=cds.SERVICE_ID),
                status_code=404,
            )
        body = await json_body(request)
        if not isinstance(body.get("hookInstance"), str) or not isinstance(body.get("hook"), str):
            raise cds.HookRequestError("cds.hook_fields")
        if body["hook"] != "patient-view":
            raise cds.HookRequestError("cds.unknown_hook", hook=repr(body["hook"]), valid="patient-view")
        problems: list = []  # per-Condition problems: info cards, never a failed call
        found, unmapped = cds.conditions(body, R.codes, stage, autophagy_state, R.stage_of_text, problems)
        base = str(request.base_url).rstrip("/")
        cards, answered = [], {}
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        contexts = cds.merged(found)  # one card per disease context, its Conditions named
        marks = {x.condition_id: x.mark for x in found}
        known = _known_stage(R)
        for f, ids in contexts[: cds.MAX_CONTEXTS]:
            try:  # asked with the patient's other Conditions as comorbidities (suggest --comorbid)
                co = cds_status.comorbidities(found, f.disease, known)
                s = await threaded(
                    lambda f=f, co=co: R.suggestion(f.disease, f.stage, f.state, comorbidities=co)
                )
            except ReasonerError as exc:
                problems += [cds.Problem(i, str(exc)) for i in ids]
                continue
            ctx = (s.context.disease, s.context.stage, s.context.autophagy_state)
            if ctx in answered:  # two spellings of one context (a stage alias): one card
                continue
            answered[ctx] = True
            url = base + browse.answer_url(
                s.context.disease, s.context.stage, autophagy_state=s.context.autophagy_state
            )
            c = cds.card(s, dataclasses.replace(f, condition_id=",".join(ids)), body["hookInstance"], url)
            cds_status.mark(c, {i: marks[i] for i in ids}, cds.short, cds.md, problems)
            c["_ids"] = ids
            c["_context"] = {
                "disease": s.context.disease,
                "stage": s.context.stage,
                "autophagy_state": s.context.autophagy_state,
            }
            cards.append(c)
        return _response(cards, contexts, problems, unmapped, store, service_id, body["hookInstance"], now)


def _response(cards, contexts, problems, unmapped, store, service_id, hook_instance, now) -> dict:
    """The call's answer: the cards (remembered in ``store``, when there is one), within the
    caps on contexts and on the response's size, then a card for the codings no disease
    matched and an info card for the Conditions not answered (nothing is dropped silently)."""
    if len(contexts) > cds.MAX_CONTEXTS:
        rest = contexts[cds.MAX_CONTEXTS :]
        problems.append(
            cds.Problem(
                "*",
                say(
                    "phrases.cds_status.too_many_contexts",
                    max=cds.MAX_CONTEXTS,
                    contexts=len(rest),
                    n=sum(len(ids) for _, ids in rest),
                ),
                sum(len(ids) for _, ids in rest),
            )
        )
    while cards and len(json.dumps(cards)) > cds.MAX_RESPONSE:  # the answer stays bounded
        dropped = cards.pop()
        problems.append(
            cds.Problem(
                "*",
                say("phrases.cds_status.size_limit", summary=repr(dropped["summary"])),
                len(dropped["_ids"]),
            )
        )
    for c in cards:
        c.pop("_ids")
        if store is not None:
            store.issue(c, service_id, hook_instance, c.pop("_context"), now)
        else:
            c.pop("_context")
    if unmapped:  # nothing the client sent is dropped silently
        cards.append(cds.unmapped_card(unmapped))
    if problems:
        cards.append(cds.problem_card(problems))
    return {"cards": cards}


def _known_stage(R):
    """(disease, stage) -> whether the disease has that stage (a comorbidity's stage)."""

    def known(disease: str, stage: str) -> bool:
        try:
            R.context(disease, stage, None)
        except ReasonerError:
            return False
        return True

    return known


def register_cds_feedback(app, store) -> None:
    """/cds-services/{id}/feedback: checked, then recorded in ``store`` (501 without one)."""

    @app.post(
        "/cds-services/{service_id}/feedback",
        tags=["cds-hooks"],
        summary="CDS Hooks feedback (stored in the local SQLite file)",
    )
    async def cds_feedback(service_id: str, request: Request):
        if service_id != cds.SERVICE_ID:
            return JSONResponse(
                error_body("web.unknown_service", service=repr(service_id), valid=cds.SERVICE_ID),
                status_code=404,
            )
        if store is None:
            return JSONResponse(
                error_body("web.no_feedback_db"),
                status_code=501,
            )
        body = await json_body(request)
        items = body.get("feedback")
        if not isinstance(items, list) or not items:
            raise cds.HookRequestError("feedback.needs_array")
        checked = []
        for i, fb in enumerate(items):
            if not isinstance(fb, dict):
                raise cds.HookRequestError("feedback.not_object", i=i)
            card = store.card(str(fb.get("card")))
            if card is None or card["service"] != service_id:
                raise cds.HookRequestError("feedback.unknown_card", i=i, card=repr(fb.get("card")))
            outcome = fb.get("outcome")
            if outcome not in ("accepted", "overridden"):
                raise cds.HookRequestError("feedback.unknown_outcome", i=i, outcome=repr(outcome))
            if not isinstance(fb.get("outcomeTimestamp"), str):
                raise cds.HookRequestError("feedback.no_timestamp", i=i)
            suggestions = fb.get("acceptedSuggestions") or []
            if not isinstance(suggestions, list) or not all(isinstance(a, dict) for a in suggestions):
                raise cds.HookRequestError("feedback.suggestions_shape", i=i)
            accepted = [a.get("id") for a in suggestions]
            if outcome == "accepted":
                bad = [a for a in accepted if a not in card["suggestions"]]
                if not accepted or bad:
                    if bad:
                        raise cds.HookRequestError("feedback.unknown_suggestion", i=i, bad=repr(bad[0]))
                    raise cds.HookRequestError("feedback.no_suggestion", i=i)
            reason = (fb.get("overrideReason") or {}) if outcome == "overridden" else {}
            coding = (reason.get("reason") or {}) if isinstance(reason, dict) else None
            if not isinstance(coding, dict) or not isinstance(reason.get("userComment") or "", str):
                raise cds.HookRequestError("feedback.override_shape", i=i)
            code = coding.get("code")
            if code is not None and (not isinstance(code, str) or code not in card["override_reasons"]):
                raise cds.HookRequestError(
                    "feedback.unknown_reason",
                    i=i,
                    reason=repr(code),
                    valid=", ".join(card["override_reasons"]),
                )
            checked.append(
                (
                    card["uuid"],
                    outcome,
                    accepted,
                    code,
                    card["override_reasons"].get(code) if code else None,
                    reason.get("userComment"),
                    fb["outcomeTimestamp"],
                )
            )
        for row in checked:
            store.record(*row)
        return Response(status_code=200)

"""CDS Hooks: FHIR Conditions in a hook request -> disease contexts; an answer -> cards.

The request's ``context`` and ``prefetch`` are searched for FHIR ``Condition``
resources (alone or in a ``Bundle``), validated with ``fhir.resources`` (FHIR
R4B).  A Condition's codings (ICD-10, SNOMED CT, MONDO) map to a disease id
through facts/clinical_codes.yaml by the one name resolver
(:class:`reasoner.knowledge.names.CodeLookup`); its ``stage[].summary`` gives the stage and
the extension :data:`STATE_EXTENSION` the autophagy state.  Query parameters of
the hook call supply either when the Condition does not.
"""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Optional

from ..errors import ReasonerError
from ..knowledge.catalogue import say
from ..knowledge.ids import REVIEW_URL
from ..reasoning.results import NOTICE
from ..reporting.render import environment, short  # short: the one cut of a card's summary
from ..knowledge.names import CodeLookup

SERVICE_ID = "reasoner-autophagy"
STATE_EXTENSION = "urn:reasoner:fhir:autophagy-state"
STAGE_SYSTEM = "urn:reasoner:fhir:stage"
OVERRIDE_SYSTEM = "urn:reasoner:fhir:override-reason"
SOURCE = {
    "label": say("phrases.cds.source_label", source=say("phrases.common.card_source")),
    "url": REVIEW_URL,
}
#: the namespace of the cards' deterministic uuids (uuid5 of the hook instance and context)
NAMESPACE = uuidlib.UUID("7f1f4b2e-5b7c-4d5e-9a51-2c0e6f0c1d19")

#: the override reasons a card offers (the why-not reason codes of the answer), worded by the
#: catalogue (phrases.cds.why_not)
WHY_NOT = ("opposes_desired", "reported_harm", "conflict", "preclinical")


class HookRequestError(ReasonerError):
    """A hook request that is not a CDS Hooks request this service can answer."""


def service() -> dict:
    return {
        "hook": "patient-view",
        "id": SERVICE_ID,
        "title": say("phrases.cds.service_title"),
        "description": say("phrases.cds.service_description", notice=NOTICE),
        "prefetch": {"conditions": "Condition?patient={{context.patientId}}"},
        "usageRequirements": say(
            "phrases.cds.usage", stage_system=STAGE_SYSTEM, state_extension=STATE_EXTENSION
        ),
    }


@dataclass(frozen=True)
class Found:
    condition_id: str
    disease: str
    stage: Optional[str]
    state: Optional[str]
    coding: str  # the coding that matched, system|code
    mark: Optional[str] = None  # an unconfirmed verificationStatus the card names (cds_status)
    card: bool = True  # False: not answered (its shape), only a comorbidity of the other cards


#: Most Conditions a call evaluates, and most bytes of its answer: a hook request of 1 MB
#: must not become a response of many MB.  What is left out is said in an info card.
MAX_CONDITIONS = 200
MAX_CONTEXTS = 20
MAX_PROBLEMS = 10
MAX_RESPONSE = 1_000_000


@dataclass(frozen=True)
class Problem:
    """A Condition this service cannot answer for (the call still answers the others)."""

    condition_id: str
    message: str
    count: int = 1  # the Conditions it stands for ("*": those left out)
    left_out: bool = False  # the patient's, and not a comorbidity of the other cards either


def _is_resource(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("resourceType"), str)


#: The key of what ``_resources`` yields for an entry that holds no readable resource.
MALFORMED = "_malformed"


def _misnamed(res: dict) -> bool:
    """A resource whose type is Condition written in another case: not a Condition to FHIR,
    but surely meant as one (named in the info card, never dropped unseen)."""
    return res["resourceType"] != "Condition" and res["resourceType"].casefold() == "condition"


def _resources(value: Any) -> Iterable[dict]:
    """FHIR resources in a context/prefetch value: a resource, a Bundle's entries, or a list."""
    if isinstance(value, list):
        for v in value:
            yield from _resources(v)
    elif _is_resource(value):
        if value["resourceType"] == "Bundle":
            from fhir.resources.R4B.bundle import Bundle

            entries = value.get("entry") or []
            if not isinstance(entries, list):
                raise HookRequestError("cds.bundle_entry")
            # the Bundle itself, then each entry's resource on its own (errors name the resource)
            _validate(
                Bundle,
                {
                    **value,
                    "entry": [
                        {k: v for k, v in e.items() if k != "resource"}
                        for e in entries
                        if isinstance(e, dict)
                    ],
                },
            )
            for i, e in enumerate(entries):
                res = e.get("resource") if isinstance(e, dict) else None
                if _is_resource(res) and not _misnamed(res):
                    yield from _resources(res)
                elif not isinstance(e, dict) or "resource" in e:  # an entry with no resource is not content
                    yield {MALFORMED: say("phrases.cds_status.bad_entry", n=i)}
        else:
            yield value


def _validate(model, value: dict):
    try:
        return model.model_validate(value)
    except ValueError as exc:  # pydantic ValidationError: first line names the model
        lines = str(exc).splitlines()
        detail = "; ".join(x.strip() for x in lines[1:3]) if len(lines) > 1 else lines[0]
        err = HookRequestError(
            "cds.invalid_resource",
            kind=value.get("resourceType"),
            id=repr(value.get("id", "")),
            detail=detail,
        )
        err.args = (str(err)[:300],)  # a validator's detail can be long: the line is clipped
        raise err from None


def conditions(
    request: dict,
    codes: CodeLookup,
    stage: Optional[str],
    state: Optional[str],
    stages: Optional[Callable] = None,
    problems: Optional[list] = None,
) -> tuple[list[Found], list[str]]:
    """Disease contexts of the Conditions in a hook request, and the codings that mapped to none.

    ``stages``: (disease id, text) -> the stage id a stage written in text names, or None
    (the resolver's ``names.stage_of_text``; a text that names none is passed on unchanged
    and refused as an unknown stage, in an info card); ``problems``: a list that receives a :class:`Problem` for each Condition that
    cannot be read (an invalid resource), which then never fails the whole call.
    """
    from fhir.resources.R4B.condition import Condition

    from . import cds_status

    patient, left_out = cds_status.patient_of(request), 0
    found: list[Found] = []
    unmapped: list[str] = []
    seen: dict = {}  # Condition id -> the resource first read under it
    for key, res in _condition_resources(request):
        if len(seen) >= MAX_CONDITIONS:
            left_out += 1
            continue
        if MALFORMED in res and problems is not None:  # a bundle entry with no readable resource
            problems.append(Problem(key, res[MALFORMED]))
            continue
        try:
            cond = _validate(Condition, res)
        except HookRequestError as exc:
            if problems is None:
                raise
            cid = str(res.get("id") or f"{key}[{len(seen)}]")
            seen.setdefault(cid, res)
            problems.append(Problem(cid, str(exc)))
            continue
        cid = cond.id or f"{key}[{len(seen)}]"
        if cid in seen:  # the same resource twice (context and prefetch) is read once
            if seen[cid] != res and problems is not None:  # another one under its id is named
                problems.append(Problem(cid, say("phrases.cds_status.duplicate_id")))
            continue
        seen[cid] = res
        skip, mark = cds_status.screen(cond, patient, codes.lookup, STAGE_SYSTEM)
        if skip:  # the record says the patient does not have it, or it is ambiguous
            if problems is None:
                raise HookRequestError("cds.condition", id=cid, problem=skip)
            comorbid, problem = _skipped(cond, cid, skip, patient, codes, stages)
            found += [comorbid] if comorbid else []
            problems.append(problem)
            continue
        match, codings = _disease_of(cond, codes)
        if match is None:
            unmapped += [f"{c.system}|{c.code}" for c in codings] or [f"Condition {cid}"]
            continue
        found.append(
            Found(
                cid,
                match[0],
                _stage_of(cond, match[0], stages) or stage,
                _state(cond) or state,
                match[1],
                mark,
            )
        )
    if left_out and problems is not None:
        problems.append(
            Problem(
                "*",
                say("phrases.cds_status.too_many_conditions", max=MAX_CONDITIONS, n=left_out),
                left_out,
                left_out=True,
            )
        )
    return found, unmapped


def _skipped(
    cond, cid: str, skip: str, patient, codes: CodeLookup, stages
) -> tuple[Optional[Found], Problem]:
    """A Condition the service does not answer (``skip`` says why): the Found that keeps it
    a comorbidity of the patient's other cards when it is the patient's, current and names
    one disease (red team 3, N1; no stage unless it names exactly one), and the Problem that
    names it (``left_out`` when it is the patient's and not even a comorbidity)."""
    from . import cds_status

    keep, mine = cds_status.still_comorbid(cond, patient, codes.lookup)
    match = _disease_of(cond, codes)[0] if keep else None
    if match is None:
        return None, Problem(cid, skip, left_out=mine)
    one = len(cds_status.stages_of(cond, STAGE_SYSTEM)) == 1
    stage = _stage_of(cond, match[0], stages) if one else None
    found = Found(cid, match[0], stage, None, match[1], card=False)
    return found, Problem(cid, skip + say("phrases.cds_status.still_comorbid"), left_out=False)


def _condition_resources(request: dict):
    """(key, resource) of every Condition resource of the request's context, then its
    prefetch, keys in sorted order; a malformed context or prefetch fails the call."""
    for where in ("context", "prefetch"):
        src = request.get(where) or {}
        if not isinstance(src, dict):
            raise HookRequestError("cds.context_shape")
        for key in sorted(src):
            value = src[key]
            if (
                where == "prefetch"
                and value is not None
                and not (_is_resource(value) or isinstance(value, list) and all(map(_is_resource, value)))
            ):
                # a prefetch value is a FHIR resource (or null when the client had none)
                raise HookRequestError("cds.prefetch_shape", key=repr(key))
            for res in _resources(value):
                if res.get("resourceType") == "Condition" or MALFORMED in res:
                    yield key, res


def _disease_of(cond, codes: CodeLookup) -> tuple[Optional[tuple[str, str]], list]:
    """((disease id, "system|code") of the first coding the code index maps, SNOMED CT body
    sites helping, or None; the Condition's codings)."""
    codings = list(cond.code.coding or []) if cond.code else []
    sites = [
        c.code
        for b in (cond.bodySite or [])
        for c in (b.coding or [])
        if c.code and (c.system or "").rstrip("/") == "http://snomed.info/sct"
    ]
    for c in codings:
        did = codes.lookup(c.system, c.code, sites)
        if did:
            return (did, f"{c.system}|{c.code}"), codings
    return None, codings


def merged(found: list[Found]) -> list[tuple[Found, list[str]]]:
    """One entry per disease context (disease, stage, state): the first Condition's match and
    every Condition id that asks the same question (two MI codings give one card)."""
    out: dict[tuple, tuple[Found, list[str]]] = {}
    for f in found:
        if not f.card:
            continue
        key = (f.disease, f.stage, f.state)
        if key in out:
            out[key][1].append(f.condition_id)
        else:
            out[key] = (f, [f.condition_id])
    return list(out.values())


def problem_card(problems: list[Problem]) -> dict:
    """One info card for the Conditions this call could not answer (each named, one line)."""
    problems = sorted(problems, key=lambda p: p.condition_id != "*")  # what was left out first
    shown = problems[:MAX_PROBLEMS]
    lines = "\n".join(
        say("phrases.cds.problem_line", condition=md(p.condition_id), message=md(p.message)) for p in shown
    )
    more = (
        "\n" + say("phrases.cds.problems_more", n=len(problems) - len(shown))
        if len(problems) > len(shown)
        else ""
    )
    n = sum(p.count for p in problems)  # the Conditions not evaluated, not the lines
    count = "problems_one" if n == 1 else "problems_many"
    return {
        "summary": short(say(f"phrases.cds.{count}", n=n)),
        "detail": f"**{NOTICE}**\n\n{lines}{more}",
        "indicator": "info",
        "source": dict(SOURCE),
    }


def md(text: str) -> str:
    """Text for a Markdown card detail: one line, Markdown's special characters escaped."""
    import re

    one = " ".join(str(text).split())[:300]
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>])", r"\\\1", one)


def _stage_of(cond, disease: str, stages: Optional[Callable]) -> Optional[str]:
    """The stage a Condition names: a coded stage, or its text as the resolver reads it."""
    said = _stage(cond)
    return (stages(disease, said) if stages is not None and said else None) or said


def _stage(cond) -> Optional[str]:
    for st in cond.stage or []:
        summary = st.summary
        if summary is None:
            continue
        for c in summary.coding or []:
            if c.system == STAGE_SYSTEM and c.code:
                return c.code
        if summary.text:
            return summary.text
    return None


def _state(cond) -> Optional[str]:
    for ext in cond.extension or []:
        if ext.url == STATE_EXTENSION:
            return ext.valueCode or ext.valueString
    return None


def card(answer, found: Found, hook_instance: str, answer_url: str) -> dict:
    """One card per Condition: the answer's candidates as suggestions, a link to the answer page."""
    ctx = answer.context
    where = say("phrases.cds.where", stage=ctx.stage_name) if ctx.stage else ""
    n = len(answer.candidates)
    candidates = say("phrases.cds.candidates_one" if n == 1 else "phrases.cds.candidates_many", n=n)
    summary = short(
        say(
            "phrases.cds.summary",
            disease=ctx.disease_name,
            where=where,
            desired=answer.autophagy.desired,
            candidates=candidates,
            avoid=len(answer.not_recommended),
        )
    )
    key = f"{hook_instance}|{found.condition_id}|{ctx.disease}|{ctx.stage}|{ctx.autophagy_state}"
    card_uuid = str(uuidlib.uuid5(NAMESPACE, key))
    # knowledge-base text is Markdown-escaped (filter md): the client renders the detail as Markdown
    detail = environment().get_template("cds_card.md.j2").render(a=answer, notice=NOTICE)
    codes = [code for x in answer.not_recommended for code in x.reason_codes]
    if answer.conflicts:
        codes.append("conflict")
    codes.append("preclinical")
    reasons = [
        {"system": OVERRIDE_SYSTEM, "code": c, "display": say(f"phrases.cds.why_not.{c}")}
        for c in dict.fromkeys(codes)
        if c in WHY_NOT
    ]
    out = {
        "uuid": card_uuid,
        "summary": summary,
        "detail": detail.removesuffix("\n"),
        "indicator": "warning" if answer.conflicts else "info",
        "source": dict(SOURCE),
        "links": [{"label": say("phrases.cds.open_answer"), "url": answer_url, "type": "absolute"}],
        "overrideReasons": reasons,
    }
    if answer.candidates:
        out["selectionBehavior"] = "any"
        out["suggestions"] = [
            {
                "label": short(say("phrases.cds.consider", label=c.label, effect=c.autophagy_effect)),
                "uuid": str(uuidlib.uuid5(NAMESPACE, f"{card_uuid}|{c.id}")),
            }
            for c in answer.candidates
        ]
    return out


def unmapped_card(codings: list[str]) -> dict:
    shown = ", ".join(codings[:5]) + (" …" if len(codings) > 5 else "")
    return {
        "summary": short(say("phrases.cds.unmapped_summary", n=len(codings))),
        "detail": environment()
        .get_template("cds_unmapped.md.j2")
        .render(shown=shown, notice=NOTICE)
        .removesuffix("\n"),
        "indicator": "info",
        "source": dict(SOURCE),
    }

"""Which Conditions of a hook request the CDS service answers, and how a card says so.

A patient-view request carries every Condition the EHR holds for the patient (the
prefetch ``Condition?patient=...`` does not filter on status), so a card must not
answer for a Condition the record says the patient does not have (red team 2 of issue
26, H1).  The FHIR R4 value sets (required bindings) are read as follows:

- ``verificationStatus`` (condition-ver-status): ``refuted`` and ``entered-in-error``
  are not answered; ``unconfirmed``, ``provisional`` and ``differential`` are answered
  and the card is marked; ``confirmed`` or none is answered.
- ``clinicalStatus`` (condition-clinical): ``active``, ``recurrence``, ``relapse`` or
  none are answered; ``inactive``, ``remission`` and ``resolved`` are not.
- a code outside the value set, or two codes, is not answered either.
- ``subject``: a reference to a Patient other than ``context.patientId`` (or to a
  Group) is not answered, nor is a reference string that is not ``Type/id`` (``patient/p1``,
  ``Patient?identifier=...``, an id FHIR does not allow).  A contained (``#...``), ``urn:``
  or identifier-only reference cannot be compared and is answered.
- several stages, or codes and body sites that name several diseases: not answered
  (the service does not choose; red team 2, L10).

- ``abatement[x]`` without a ``clinicalStatus``: not current (FHIR: an abatement implies
  resolved, remission or inactive), not answered.

Each Condition not answered is named with its reason in the call's info card.  A card
is also asked with the patient's other Conditions as comorbidities (M3): every answered
one, and one not answered only for its shape (several stages, a status it cannot read)
when it is the patient's, current and names one disease (red team 3, N1), without a stage
when its stage is ambiguous.  A Condition of the patient left out as a comorbidity is
named on every card.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Optional

from ..knowledge.catalogue import say

CLINICAL_SYSTEM = "http://terminology.hl7.org/CodeSystem/condition-clinical"
VERIFICATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
#: clinicalStatus codes of a current condition (answered) and of one that is not
CURRENT = ("active", "recurrence", "relapse")
NOT_CURRENT = ("inactive", "remission", "resolved")
#: verificationStatus codes: answered as they are, answered and marked, not answered
CONFIRMED = ("confirmed",)
UNCERTAIN = ("unconfirmed", "provisional", "differential")
NOT_THE_PATIENTS = ("refuted", "entered-in-error")

_REFERENCE = re.compile(r"(?:^|/)([A-Z][A-Za-z]+)/([A-Za-z0-9\-.]{1,64})(?:/_history/[^/]+)?$")


def patient_of(request: dict) -> Optional[str]:
    """The hook's patient id (``context.patientId``), when the request gives one."""
    ctx = request.get("context")
    pid = ctx.get("patientId") if isinstance(ctx, dict) else None
    return pid if isinstance(pid, str) and pid else None


def _status(concept, field: str, system: str, valid: tuple) -> tuple[Optional[str], Optional[str]]:
    """(the code of ``concept`` in ``system``, or None; the reason it cannot be read)."""
    if concept is None:
        return None, None
    codings = list(concept.coding or [])
    got = sorted({c.code for c in codings if c.code and (c.system or system).rstrip("/") == system})
    if len(got) > 1:
        return None, say("phrases.cds_status.several_status", field=field, codes=", ".join(got))
    if not got or got[0] not in valid:
        said = [f"{c.system or ''}|{c.code}" for c in codings] or [concept.text or ""]
        return None, say(
            "phrases.cds_status.unreadable_status",
            field=field,
            value=repr(", ".join(said))[:120],
            system=system,
            valid=", ".join(valid),
        )
    return got[0], None


def _subject(cond, patient: Optional[str]) -> Optional[str]:
    ref = cond.subject.reference if cond.subject is not None else None
    ref = ref.strip() if isinstance(ref, str) else ref  # 'Patient/OTHER ' names OTHER (N8)
    m = _REFERENCE.search(ref or "")
    if patient is None or not ref:
        return None  # nothing to compare with (no patient, or an identifier-only reference)
    if m is None:
        if ref.startswith(("urn:", "#")):  # a bundle entry or a contained resource: not comparable
            return None
        # a reference that is not Patient/<id> cannot be shown to be the hook's patient
        return say("phrases.cds_status.unreadable_subject", subject=repr(ref[:100]), patient=patient)
    if m.group(1) != "Patient" or m.group(2) != patient:
        return say("phrases.cds_status.skipped_subject", subject=ref[:100], patient=patient)
    return None


def stages_of(cond, stage_system: str) -> list[str]:
    """Every stage a Condition names (a coded stage, else the summary's text), once each."""
    out: dict[str, str] = {}
    for st in cond.stage or []:
        s = st.summary
        if s is None:
            continue
        coded = [c.code for c in s.coding or [] if c.system == stage_system and c.code]
        for value in coded[:1] or ([s.text] if s.text else []):
            out.setdefault(" ".join(value.casefold().split()), value)
    return list(out.values())


def _diseases(cond, lookup: Callable) -> list[str]:
    """Every disease the Condition's codings name, each body site taken on its own."""
    sites = [
        c.code
        for b in (cond.bodySite or [])
        for c in (b.coding or [])
        if c.code and (c.system or "").rstrip("/") == "http://snomed.info/sct"
    ]
    found = {
        lookup(c.system, c.code, [s] if s else [])
        for c in (cond.code.coding or [] if cond.code else [])
        for s in (sites or [None])
    }
    return sorted(d for d in found if d)


def screen(
    cond, patient: Optional[str], lookup: Callable, stage_system: str
) -> tuple[Optional[str], Optional[str]]:
    """(why the Condition is not answered, or None; the verificationStatus a card is marked
    with, or None).  ``lookup``: (system, code, body sites) -> disease id or None."""
    ver, why = _status(
        cond.verificationStatus,
        "verificationStatus",
        VERIFICATION_SYSTEM,
        CONFIRMED + UNCERTAIN + NOT_THE_PATIENTS,
    )
    if why:
        return why, None
    if ver in NOT_THE_PATIENTS:
        return say(
            "phrases.cds_status.skipped_verification",
            code=ver,
            why=say(f"phrases.cds_status.why_verification.{ver}"),
        ), None
    clin, why = _status(cond.clinicalStatus, "clinicalStatus", CLINICAL_SYSTEM, CURRENT + NOT_CURRENT)
    if why:
        return why, None
    if clin in NOT_CURRENT:
        return say("phrases.cds_status.skipped_clinical", code=clin, current=", ".join(CURRENT)), None
    if cond.clinicalStatus is None and _abated(cond):
        return say("phrases.cds_status.abated"), None
    other = _subject(cond, patient)
    if other:
        return other, None
    stages = stages_of(cond, stage_system)
    if len(stages) > 1:
        return say(
            "phrases.cds_status.several_stages", stages=", ".join(repr(s[:40]) for s in stages[:5])
        ), None
    diseases = _diseases(cond, lookup)
    if len(diseases) > 1:
        return say("phrases.cds_status.several_diseases", diseases=", ".join(diseases)), None
    return None, ver if ver in UNCERTAIN else None


ABATEMENT = ("abatementDateTime", "abatementAge", "abatementPeriod", "abatementRange", "abatementString")


def _abated(cond) -> bool:
    return any(getattr(cond, name, None) is not None for name in ABATEMENT)


def _said(concept) -> set[str]:
    """Every code and the text of a status, case folded, spaces as '-' ('Entered in error')."""
    if concept is None:
        return set()
    said = [c.code for c in concept.coding or [] if c.code] + ([concept.text] if concept.text else [])
    return {"-".join(x.casefold().split()) for x in said}


def still_comorbid(cond, patient: Optional[str], lookup: Callable) -> tuple[bool, bool]:
    """For a Condition :func:`screen` does not answer: (whether it is still a comorbidity of
    the patient's other cards: the patient's, current and naming one disease; whether it is
    the patient's).  A status is read whatever its case or spelling (code or text): only a
    refuted, entered-in-error, inactive, remission or resolved one, or an abatement without a
    clinicalStatus, is not current."""
    if _subject(cond, patient):
        return False, False
    gone = _said(cond.verificationStatus) & set(NOT_THE_PATIENTS) | _said(cond.clinicalStatus) & set(
        NOT_CURRENT
    )
    if gone or cond.clinicalStatus is None and _abated(cond):
        return False, True
    return len(_diseases(cond, lookup)) == 1, True


def left_out_note(left: list[tuple[str, str]], md: Callable[[str], str]) -> str:
    """The line a card carries for the patient's Conditions not taken as comorbidities."""
    shown = "; ".join(
        say("phrases.cds_status.left_out_one", id=md(cid), why=md(why[:160])) if cid != "*" else md(why)
        for cid, why in left[:5]
    )  # "*": those not evaluated
    more = say("phrases.cds_status.left_out_more", n=len(left) - 5) if len(left) > 5 else ""
    return say("phrases.cds_status.left_out", conditions=shown, more=more)


def comorbidities(found: Iterable, disease: str, known: Callable[[str, str], bool]) -> tuple:
    """``DISEASE[:STAGE]`` of the answered Conditions of other diseases than ``disease``: the
    comorbidities its card is asked with (as ``suggest --comorbid``).  A disease given with
    several stages, or with a stage it does not have (``known``), is given without one."""
    stages: dict[str, set] = {}
    for f in found:
        if f.disease != disease:
            stages.setdefault(f.disease, set()).add(f.stage)
    out = []
    for d, sts in sorted(stages.items()):
        (st,) = sts if len(sts) == 1 else (None,)
        out.append(f"{d}:{st}" if st and known(d, st) else d)
    return tuple(out)


def add(card: dict, notes: list[str]) -> None:
    """Put ``notes`` (paragraphs) after the card detail's first paragraph (the notice)."""
    head, _, rest = card["detail"].partition("\n\n")
    card["detail"] = "\n\n".join([head, *notes, rest] if rest else [head, *notes])


def mark(
    card: dict,
    marks: dict[str, Optional[str]],
    short: Callable[[str], str],
    md: Callable[[str], str],
    problems: Iterable = (),
) -> None:
    """Mark a card whose Conditions are recorded as unconfirmed, provisional or a
    differential diagnosis: each such Condition named in the detail, and the summary
    prefixed when every Condition of the card is so recorded.  The patient's Conditions
    ``problems`` says were left out as comorbidities (``left_out``) are named too (N1)."""
    left = [(p.condition_id, p.message) for p in problems if p.left_out]
    if left:
        add(card, [left_out_note(left, md)])
    notes = [
        say(
            "phrases.cds_status.marked_detail",
            ids=md(cid),
            code=code,
            status=say(f"phrases.cds_status.status_word.{code}"),
        )
        for cid, code in sorted(marks.items())
        if code
    ]
    if not notes:
        return
    add(card, notes)
    if all(marks.values()):
        code = sorted(marks.values())[0]
        card["summary"] = short(
            say(
                "phrases.common.status_summary",
                summary=card["summary"],
                status=say(f"phrases.cds_status.status_word.{code}"),
            )
        )

"""Names users type -> ids of the knowledge base: diseases, stages, states, entities,
interventions and comorbidities (``resolve`` says "did you mean")."""

from __future__ import annotations

from typing import Iterable, Optional, Sequence

from ..errors import NoStagesError, UnknownValueError
from .resolve import resolve
from .store import Store
from .vocabulary import KIND_OF_DERIVED, STATES


def disease_choices(kb: Store):
    from .ids import names  # registry ids and synonyms, after the curated names

    return ([(d.id, [d.name, *d.aliases]) for d in kb.diseases]
            + [(d.id, names(d)) for d in kb.diseases])


def entity_choices(kb: Store):
    return [(e.id, [e.label, *e.aliases, *([e.symbol] if e.symbol else [])]) for e in kb.entities]


def resolve_context(kb: Store, disease: str, stage: Optional[str], state: Optional[str]):
    d = kb.get("diseases", disease)  # an exact id: no table of every disease's names
    if d is None:
        d = kb.get("diseases", resolve("disease", disease, disease_choices(kb)))
    did = d.id
    sid = None
    if stage is not None:
        if not d.stages:
            raise NoStagesError(did, stage)
        sid = resolve(f"stage of {did}", stage, [(s.id, [s.name, *s.aliases]) for s in d.stages])
    if state is not None:
        state = resolve("autophagy state", state, [(s, []) for s in STATES])
    return d, sid, state


def resolve_comorbidities(kb: Store, main: str, specs: Sequence[str]) -> list[tuple[str, Optional[str]]]:
    """``DISEASE[:STAGE]`` strings -> sorted (disease id, stage id or None); errors name the bad value."""
    out: dict[str, Optional[str]] = {}
    for spec in specs:
        text, _, stage = spec.partition(":") if ":" in spec else (spec, "", "")
        cid = resolve("comorbidity", text.strip(), disease_choices(kb))
        if cid == main:
            raise UnknownValueError("comorbidity (it is the disease asked about)", spec, [])
        d = kb.get("diseases", cid)
        sid = None
        if stage.strip():
            if not d.stages:
                raise UnknownValueError(f"stage for comorbidity {cid} (it has no stages)",
                                        stage, [])
            sid = resolve(f"stage of {cid}", stage.strip(),
                          [(s.id, [s.name, *s.aliases]) for s in d.stages])
        if cid in out and out[cid] != sid:
            raise UnknownValueError("comorbidity (given twice with different stages)", spec, [])
        out[cid] = sid
    return sorted(out.items())


def intervention_choices(kb: Store, extra: Iterable[str] = (),
                         cargos: Optional[Iterable[str]] = None) -> list[tuple[str, list[str]]]:
    """Every intervention id a command shows, with the other spellings users type.

    A derived ``block:X`` / ``restore:X`` is the curated blockade / overexpression of
    X where one exists (as rules/recommend.lp uses it).  ``cargos``: the studies' cargos
    (``intervention_index(kb)["cargos"]``), walked from the studies when not given.
    """
    curated = {(i.kind, i.cargo): i.id for i in kb.interventions if i.cargo}
    aliases: dict[str, list[str]] = {i.id: [i.label] for i in kb.interventions}
    for iid in extra:
        aliases.setdefault(iid, [])
    if cargos is None:
        cargos = [st.cargo for st in kb.studies if st.cargo]
    for cargo in cargos:
        for verb, kind in KIND_OF_DERIVED.items():
            derived = f"{verb}:{cargo}"
            target = curated.get((kind, cargo))
            if target is not None:
                aliases[target].append(derived)
            else:
                aliases.setdefault(derived, [])
    return [(k, v) for k, v in aliases.items()]


def resolve_intervention(kb: Store, value: str, extra: Iterable[str] = (),
                         index: Optional[dict] = None) -> str:
    """The intervention id ``value`` names; an entity (a cargo) gets the interventions with it.

    With the ``index`` (``intervention_index``), the usual spelling, an exact id of an
    answered or curated intervention, is answered from the records it names; any other
    spelling (a label, ``block:X``, another case, a typo) is resolved against every choice,
    with "did you mean" (tests compare the two).
    """
    from ..errors import NotAnInterventionError

    extra = list(extra)
    if index is not None and (value in extra or kb.get("interventions", value) is not None):
        return value
    choices = intervention_choices(kb, extra, index["cargos"] if index is not None else None)
    try:
        return resolve("intervention", value, choices)
    except UnknownValueError:
        try:
            eid = resolve("entity", value, [(e.id, [e.label, *e.aliases]) for e in kb.entities])
        except UnknownValueError:
            eid = None
        if eid is None:
            raise
        with_it = sorted({cid for cid, _ in choices
                          if cid.endswith(f":{eid}")
                          or (kb.get("interventions", cid) is not None
                              and kb.get("interventions", cid).cargo == eid)},
                         key=str.casefold)
        raise NotAnInterventionError(value, eid, with_it) from None

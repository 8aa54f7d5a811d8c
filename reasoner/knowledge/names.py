"""Names users type -> ids of the knowledge base: diseases, stages, states, entities,
interventions and comorbidities (``resolve`` says "did you mean")."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional, Sequence

from ..errors import AmbiguousValueError, BroaderTermError, NoStagesError, UnknownValueError
from .resolve import resolve, suggest
from .store import Store
from .vocabulary import AUTOPHAGY_LEVELS, KIND_OF_DERIVED


def disease_choices(kb: Store) -> list[tuple[str, list[str]]]:
    """(id, names) of every disease: curated names and aliases of all diseases first, then
    the registry ids and synonyms of those with an exact id (``ids.names``)."""
    from .ids import names  # registry ids and synonyms, after the curated names

    return ([(d.id, [d.name, *d.aliases]) for d in kb.diseases]
            + [(d.id, names(d)) for d in kb.diseases])


def entity_choices(kb: Store) -> list[tuple[str, list[str]]]:
    """(id, names) of every entity: label, aliases, symbol (and its parts, as HGNC:/miRBase:
    CURIEs), registry ids and synonyms, and both arms of a miRNA recorded without its arm.
    ``observe``, ``studies --entity``, ``interventions --cargo`` and ``import`` read these."""
    from .ids import arm_names, names as ids_names

    out = []
    for e in kb.entities:
        names = [e.label, *e.aliases]
        if e.symbol:
            names += [e.symbol, *e.symbol.split("/")]
            prefix = "miRBase" if e.kind == "mirna" else "HGNC"
            names += [f"{prefix}:{s}" for s in e.symbol.split("/")]
        arms = arm_names(e)
        names += [*ids_names(e), *arms, *[f"miRBase:{a}" for a in arms]]
        out.append((e.id, list(dict.fromkeys(names))))
    return out


def stage_choices(d) -> list[tuple[str, list[str]]]:
    return [(s.id, [s.name, *s.aliases]) for s in d.stages]


# ---------------------------------------------------------------- clinical codes, CURIEs

#: Prefixes of clinical codes a user may type (as the CDS service reads a Condition's codings).
CODE_PREFIXES = {"ICD10": "icd10", "ICD10CM": "icd10", "SNOMED": "snomed", "SNOMEDCT": "snomed",
                 "SCTID": "snomed", "MONDO": "mondo"}


@lru_cache(maxsize=4)
def _code_table(path: str) -> dict[str, dict]:
    """facts/clinical_codes.yaml as {kind: {code: disease}} (validated by the web room's
    schema in the tests; read here as data)."""
    from . import yamlio

    table: dict[str, dict] = {"icd10": {}, "snomed": {}, "mondo": {}, "of_disease": {}}
    try:
        data = yamlio.load(Path(path).read_text(encoding="utf-8")) or {}
    except OSError:
        return table
    rows = data.get("codes", []) or []
    # the same precedence as the CDS service's index: a later row wins, a narrower code
    # (a descendant of the disease) over a category
    for row in rows:
        if row.get("mondo"):
            table["mondo"][str(row["mondo"]).upper()] = row["disease"]
        for c in row.get("icd10", []) or []:
            table["icd10"][str(c).upper()] = row["disease"]
        for c in row.get("snomed", []) or []:
            table["snomed"][str(c)] = row["disease"]
    for row in rows:
        for n in row.get("narrower", []) or []:
            if n.get("system") == "icd10":
                table["icd10"][str(n["code"]).upper()] = row["disease"]
            elif n.get("system") == "snomed":
                table["snomed"][str(n["code"])] = row["disease"]
    for row in rows:
        table["of_disease"].setdefault(
            row["disease"], ([str(row["mondo"])] if row.get("mondo") else [])
            + [f"ICD10:{c}" for c in row.get("icd10", []) or []]
            + [f"SNOMED:{c}" for c in row.get("snomed", []) or []])
    return table
    for row in data.get("codes", []):
        did = row["disease"]
        table["mondo"].setdefault(str(row["mondo"]).upper(), did)
        for c in row.get("icd10", []):
            table["icd10"].setdefault(str(c).upper(), did)
        for c in row.get("snomed", []):
            table["snomed"].setdefault(str(c), did)
        table["of_disease"].setdefault(did, [str(row["mondo"])]
                                       + [f"ICD10:{c}" for c in row.get("icd10", [])]
                                       + [f"SNOMED:{c}" for c in row.get("snomed", [])])
    return table


def code_table() -> dict[str, dict]:
    from .paths import facts_dir

    return _code_table(str(facts_dir() / "clinical_codes.yaml"))


def disease_of_code(kb: Store, kind: Optional[str], code: str) -> Optional[str]:
    """The disease a clinical code names (``kind``: icd10, snomed or mondo): ICD-10 codes match
    hierarchically (I21.4 -> I21), as in the CDS service; only diseases of ``kb``."""
    table, code = code_table(), code.strip()
    found = None
    if kind == "mondo":
        found = table["mondo"].get(code.upper() if code.upper().startswith("MONDO:")
                                   else f"MONDO:{code}")
    elif kind == "snomed":
        found = table["snomed"].get(code)
    elif kind == "icd10":
        c = code.upper()
        while len(c) >= 3 and found is None:  # a subcode matches its category
            found = table["icd10"].get(c)
            c = c[:-1].rstrip(".")
    return found if found is not None and kb.get("diseases", found) is not None else None


def _code(kb: Store, value: str) -> Optional[str]:
    prefix, sep, code = value.partition(":")
    kind = CODE_PREFIXES.get(prefix.strip().upper()) if sep else None
    return disease_of_code(kb, kind, code) if kind else None


#: FHIR code systems of the codings a Condition may carry, and the kind of code each is.
CODE_SYSTEMS = {
    "http://hl7.org/fhir/sid/icd-10": "icd10",
    "http://hl7.org/fhir/sid/icd-10-cm": "icd10",
    "http://snomed.info/sct": "snomed",
    "http://purl.obolibrary.org/obo/mondo.owl": "mondo",
}


class CodeLookup:
    """Clinical codes -> disease ids of ``kb`` as the one resolver reads them (the CDS
    service's index of the same table, web/codes, is kept in step by a test; it also reads
    a Condition's body site, which a typed name does not have)."""

    def __init__(self, kb: Store):
        self.kb = kb

    def lookup(self, system: Optional[str], code: Optional[str]) -> Optional[str]:
        """The disease of a FHIR coding (system URI and code), or None."""
        if not code:
            return None
        kind = CODE_SYSTEMS.get((system or "").rstrip("/"))
        if kind is None and code.strip().upper().startswith("MONDO:"):
            kind = "mondo"
        return disease_of_code(self.kb, kind, code) if kind else None

    def curie(self, value: str) -> Optional[str]:
        """The disease of a code typed as a CURIE (MONDO:…, ICD10:…, SNOMED:…), or None."""
        return _code(self.kb, value)

    def curies(self, disease: str) -> list[str]:
        return list(code_table()["of_disease"].get(disease, [])) \
            if self.kb.get("diseases", disease) is not None else []


def broader(kb: Store, value: str) -> list[tuple[str, str]]:
    """(disease id, term label) of the diseases whose broader registry term ``value`` is."""
    from .ids import get, normalise

    curie = (normalise(value) or value).casefold()
    return [(d.id, get(x, "label") or curie) for d in kb.diseases for x in (d.xrefs or [])
            if get(x, "relation") == "broader" and str(get(x, "curie") or "").casefold() == curie]


# ---------------------------------------------------------------- resolving


def resolve_disease(kb: Store, value: str, what: str = "disease") -> str:
    """The disease id ``value`` names: an id, name, alias or spelling of one, its exact
    registry id or synonym, or a clinical code (ICD10:I21.4, SNOMED:22298006, MONDO:…).  A
    registry term broader than the review's diseases is refused, saying which they are."""
    if kb.get("diseases", value) is not None:
        return value
    found = _code(kb, value)
    if found is not None:
        return found
    try:
        return resolve(what, value, disease_choices(kb))
    except UnknownValueError:
        wider = broader(kb, value)
        if wider:
            raise BroaderTermError(what, value, wider[0][1], [d for d, _ in wider]) from None
        raise


def resolve_disease_stage(kb: Store, value: str, what: str = "disease"
                          ) -> tuple[str, Optional[str]]:
    """``DISEASE`` or ``DISEASE:STAGE`` -> (disease id, stage id or None); a miss suggests
    the ``DISEASE:STAGE`` form when that is what was typed."""
    if ":" in value and kb.get("diseases", value) is None and _code(kb, value) is None:
        left, _, right = value.partition(":")
        try:
            did: Optional[str] = resolve_disease(kb, left.strip(), what)
        except UnknownValueError:
            did = None  # a CURIE, or a name with a colon
        if did is not None and kb.get("diseases", did).stages:
            return did, resolve_stage(kb, did, right.strip(), form=f"{did}:")
    try:
        return resolve_disease(kb, value, what), None
    except UnknownValueError as exc:
        if ":" not in value or isinstance(exc, BroaderTermError):
            raise
        left, _, right = value.partition(":")
        try:
            did = resolve_disease(kb, left.strip(), what)
        except UnknownValueError:
            staged = [(f"{d.id}:{s.id}", [f"{n}:{sn}" for n in (d.id, d.name, *d.aliases)
                                          for sn in (s.id, s.name, *s.aliases)])
                      for d in kb.diseases for s in d.stages]
            raise UnknownValueError(what, value, suggest(value, staged)) from None
        return did, resolve_stage(kb, did, right.strip(), form=f"{did}:")


def resolve_stage(kb: Store, did: str, value: str, form: str = "") -> str:
    """The stage id of disease ``did`` that ``value`` names (``form``: the prefix of the
    suggestions, e.g. 'hepatic_IR:' when the user typed DISEASE:STAGE)."""
    d = kb.get("diseases", did)
    if not d.stages:
        raise NoStagesError(did, value)
    try:
        return resolve(f"stage of {did}", value, stage_choices(d))
    except UnknownValueError as exc:
        if not form or isinstance(exc, AmbiguousValueError):
            raise
        raise UnknownValueError(f"stage of {did}", value, [form + x for x in exc.suggestions],
                                valid_hint=", ".join(form + s.id for s in d.stages)) from None


def resolve_entity(kb: Store, value: str, what: str = "entity") -> str:
    if kb.get("entities", value) is not None:
        return value
    return resolve(what, value, entity_choices(kb))


def resolve_context(kb: Store, disease: str, stage: Optional[str], state: Optional[str]):
    """(disease record, stage id or None, autophagy state or None) of what a user typed;
    ``--disease D:S`` names the stage too (a different --stage is refused)."""
    did, sid = resolve_disease_stage(kb, disease)
    d = kb.get("diseases", did)
    if stage is not None:
        given = resolve_stage(kb, did, stage)
        if sid is not None and given != sid:
            raise UnknownValueError(f"stage (--disease {disease} names stage {sid})", stage, [])
        sid = given
    if state is not None:
        state = resolve("autophagy state", state, [(s, []) for s in AUTOPHAGY_LEVELS])
    return d, sid, state


def resolve_comorbidities(kb: Store, main: str, specs: Sequence[str]) -> list[tuple[str, Optional[str]]]:
    """``DISEASE[:STAGE]`` strings -> sorted (disease id, stage id or None); errors name the bad value."""
    out: dict[str, Optional[str]] = {}
    for spec in specs:
        try:
            cid, sid = resolve_disease_stage(kb, spec.strip(), "comorbidity")
        except NoStagesError as exc:
            raise UnknownValueError(f"stage for comorbidity {exc.disease} (it has no stages)",
                                    exc.stage, []) from None
        if cid == main:
            raise UnknownValueError("comorbidity (it is the disease asked about)", spec, [])
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
            eid = resolve_entity(kb, value)
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

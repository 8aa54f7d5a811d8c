"""Names users type -> ids of the knowledge base: diseases, stages, states, entities,
interventions and comorbidities (``resolve`` says "did you mean")."""

from __future__ import annotations

import weakref
from typing import Iterable, Optional, Sequence

from ..errors import AmbiguousValueError, BroaderTermError, NoStagesError, UnknownValueError, What
from .resolve import check_length, resolve, suggest
from .store import Store
from .vocabulary import AUTOPHAGY_LEVELS, KIND_OF_DERIVED


def disease_choices(kb: Store) -> list[tuple[str, list[str]]]:
    """(id, names) of every disease: curated names and aliases of all diseases first, then
    the registry ids and synonyms of those with an exact id (``ids.names``)."""
    from .ids import names  # registry ids and synonyms, after the curated names

    return [(d.id, [d.name, *d.aliases]) for d in kb.diseases] + [(d.id, names(d)) for d in kb.diseases]


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

#: FHIR code systems of the codings a Condition may carry, and the kind of code each is.
CODE_SYSTEMS = {
    "http://hl7.org/fhir/sid/icd-10": "icd10",
    "http://hl7.org/fhir/sid/icd-10-cm": "icd10",
    "http://snomed.info/sct": "snomed",
    "http://purl.obolibrary.org/obo/mondo.owl": "mondo",
}
#: Prefixes of clinical codes a user may type (as the CDS service reads a Condition's codings).
CODE_PREFIXES = {
    "ICD10": "icd10",
    "ICD10CM": "icd10",
    "SNOMED": "snomed",
    "SNOMEDCT": "snomed",
    "SCTID": "snomed",
    "MONDO": "mondo",
}


class CodeLookup:
    """Clinical codes -> disease ids of ``kb``: the one index of facts/clinical_codes.yaml
    (``knowledge.codes``), for codes typed as CURIEs (``--disease ICD10:I21.4``, the web
    forms) and for a FHIR Condition's codings (the CDS service).  A narrower code (a
    descendant) wins over a category; an ICD-10 subcode matches its category (I21.4 -> I21);
    a general class names a disease at a body site (``sites``)."""

    def __init__(self, kb: Store):
        from .codes import load

        known = {d.id for d in kb.diseases}
        self.rows = [c for c in load().codes if c.disease in known]
        self.by: dict[str, dict[str, str]] = {
            "mondo": {c.mondo: c.disease for c in self.rows if c.mondo},
            "snomed": {s: c.disease for c in self.rows for s in c.snomed},
            "icd10": {i.upper(): c.disease for c in self.rows for i in c.icd10},
        }
        for c in self.rows:
            for n in c.narrower:
                self.by[n.system][n.code.upper() if n.system == "icd10" else n.code] = c.disease
        self.by_site = {(x.mondo, x.body_site): c.disease for c in self.rows for x in c.sites}
        self.of_disease = {c.disease: c for c in self.rows}

    def code(self, kind: Optional[str], code: str, sites: Iterable[str] = ()) -> Optional[str]:
        """The disease of a code of ``kind`` (icd10, snomed or mondo), or None."""
        code = code.strip()
        if kind == "mondo":
            mondo = code.upper() if code.upper().startswith("MONDO:") else f"MONDO:{code}"
            found = next((self.by_site[(mondo, s)] for s in sites if (mondo, s) in self.by_site), None)
            return found or self.by["mondo"].get(mondo)
        if kind == "snomed":
            return self.by["snomed"].get(code)
        if kind == "icd10":
            c = code.upper()[:16]  # no ICD-10 code is longer
            while len(c) >= 3:  # a subcode matches its category: I21.4 -> I21.4, I21
                if c in self.by["icd10"]:
                    return self.by["icd10"][c]
                c = c[:-1].rstrip(".")
        return None

    def lookup(self, system: Optional[str], code: Optional[str], sites: Iterable[str] = ()) -> Optional[str]:
        """The disease of a FHIR coding (system URI and code), or None; ``sites``: the SNOMED
        CT body structures of the Condition's bodySite."""
        if not code:
            return None
        kind = CODE_SYSTEMS.get((system or "").rstrip("/"))
        if kind is None and code.strip().upper().startswith("MONDO:"):
            kind = "mondo"
        return self.code(kind, code, sites) if kind else None

    def curie(self, value: str) -> Optional[str]:
        """The disease of a code typed as a CURIE (MONDO:…, ICD10:…, SNOMED:…), or None."""
        prefix, sep, code = value.partition(":")
        kind = CODE_PREFIXES.get(prefix.strip().upper()) if sep else None
        return self.code(kind, code) if kind else None

    def curies(self, disease: str) -> list[str]:
        """The disease's own codes as CURIEs: MONDO, ICD-10 categories, SNOMED CT."""
        c = self.of_disease.get(disease)
        if c is None:
            return []
        return (
            ([c.mondo] if c.mondo else [])
            + [f"ICD10:{i}" for i in c.icd10]
            + [f"SNOMED:{x}" for x in c.snomed]
        )


#: One code index per knowledge base: the served CDS service maps every hook call's codes
#: through it (a CLI call builds it at most once anyway).
_CODE_LOOKUPS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def code_lookup(kb: Store) -> CodeLookup:
    """The knowledge base's :class:`CodeLookup`, built once."""
    try:
        return _CODE_LOOKUPS[kb]
    except KeyError:
        out = _CODE_LOOKUPS[kb] = CodeLookup(kb)
        return out
    except TypeError:  # a knowledge base that cannot be weakly referenced
        return CodeLookup(kb)


def _code(kb: Store, value: str) -> Optional[str]:
    """The disease a typed clinical-code CURIE names; the table is read only for a CURIE."""
    prefix, sep, _ = value.partition(":")
    if not sep or prefix.strip().upper() not in CODE_PREFIXES:
        return None
    return code_lookup(kb).curie(value)


def broader(kb: Store, value: str) -> list[tuple[str, str]]:
    """(disease id, term label) of the diseases whose broader registry term ``value`` is."""
    from .ids import get, normalise

    curie = (normalise(value) or value).casefold()
    return [
        (d.id, get(x, "label") or curie)
        for d in kb.diseases
        for x in (d.xrefs or [])
        if get(x, "relation") == "broader" and str(get(x, "curie") or "").casefold() == curie
    ]


# ---------------------------------------------------------------- resolving


def resolve_disease(kb: Store, value: str, what: What = "disease") -> str:
    """The disease id ``value`` names: an id, name, alias or spelling of one, its exact
    registry id or synonym, or a clinical code (ICD10:I21.4, SNOMED:22298006, MONDO:…).  A
    registry term broader than the review's diseases is refused, saying which they are."""
    check_length(what, value)
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


def resolve_disease_stage(kb: Store, value: str, what: What = "disease") -> tuple[str, Optional[str]]:
    """``DISEASE`` or ``DISEASE:STAGE`` -> (disease id, stage id or None); a miss suggests
    the ``DISEASE:STAGE`` form when that is what was typed."""
    check_length(what, value)
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
            staged = [
                (
                    f"{d.id}:{s.id}",
                    [f"{n}:{sn}" for n in (d.id, d.name, *d.aliases) for sn in (s.id, s.name, *s.aliases)],
                )
                for d in kb.diseases
                for s in d.stages
            ]
            raise UnknownValueError(what, value, suggest(value, staged)) from None
        return did, resolve_stage(kb, did, right.strip(), form=f"{did}:")


#: Words a stage written in free text may add around the stage's name ("reperfusion phase").
STAGE_WORDS = {"phase", "stage", "period"}


def resolve_stage(kb: Store, did: str, value: str, form: str = "") -> str:
    """The stage id of disease ``did`` that ``value`` names (``form``: the prefix of the
    suggestions, e.g. 'hepatic_IR:' when the user typed DISEASE:STAGE)."""
    d = kb.get("diseases", did)
    if not d.stages:
        raise NoStagesError(did, value)
    try:
        return resolve(("stage_of", {"disease": did}), value, stage_choices(d))
    except UnknownValueError as exc:
        kept = " ".join(w for w in value.split() if w.casefold() not in STAGE_WORDS)
        if kept and kept != value.strip() and not isinstance(exc, AmbiguousValueError):
            try:  # "reperfusion phase" is the stage reperfusion
                return resolve(("stage_of", {"disease": did}), kept, stage_choices(d))
            except UnknownValueError:
                pass
        if not form or isinstance(exc, AmbiguousValueError):
            raise
        raise UnknownValueError(
            ("stage_of", {"disease": did}),
            value,
            [form + x for x in exc.suggestions],
            valid_hint=", ".join(form + s.id for s in d.stages),
        ) from None


def stage_of_text(kb: Store, did: str, text: Optional[str]) -> Optional[str]:
    """The stage of disease ``did`` that a free text names (a CDS Condition's stage summary),
    as :func:`resolve_stage` reads it; None when it names no stage of the disease, or several."""
    d = kb.get("diseases", did)
    if not text or d is None or not d.stages:
        return None
    try:
        return resolve_stage(kb, did, text)
    except UnknownValueError:
        return None


def resolve_entity(kb: Store, value: str, what: What = "entity") -> str:
    check_length(what, value)
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
            raise UnknownValueError(("stage_named", {"disease": disease, "stage": sid}), stage, [])
        sid = given
    if state is not None:
        state = resolve("autophagy_state", state, [(s, []) for s in AUTOPHAGY_LEVELS])
    return d, sid, state


def resolve_comorbidities(kb: Store, main: str, specs: Sequence[str]) -> list[tuple[str, Optional[str]]]:
    """``DISEASE[:STAGE]`` strings -> sorted (disease id, stage id or None); errors name the bad value."""
    out: dict[str, Optional[str]] = {}
    for spec in specs:
        try:
            cid, sid = resolve_disease_stage(kb, spec.strip(), "comorbidity")
        except NoStagesError as exc:
            raise UnknownValueError(("comorbidity_stage", {"disease": exc.disease}), exc.stage, []) from None
        if cid == main:
            raise UnknownValueError("comorbidity_itself", spec, [])
        if cid in out and out[cid] != sid:
            raise UnknownValueError("comorbidity_twice", spec, [])
        out[cid] = sid
    return sorted(out.items())


def intervention_choices(
    kb: Store, extra: Iterable[str] = (), cargos: Optional[Iterable[str]] = None
) -> list[tuple[str, list[str]]]:
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


def resolve_intervention(
    kb: Store, value: str, extra: Iterable[str] = (), index: Optional[dict] = None
) -> str:
    """The intervention id ``value`` names; an entity (a cargo) gets the interventions with it.

    With the ``index`` (``intervention_index``), the usual spelling, an exact id of an
    answered or curated intervention, is answered from the records it names; any other
    spelling (a label, ``block:X``, another case, a typo) is resolved against every choice,
    with "did you mean" (tests compare the two).
    """
    from ..errors import NotAnInterventionError

    check_length("intervention", value)
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
        with_it = sorted(
            {
                cid
                for cid, _ in choices
                if cid.endswith(f":{eid}")
                or (kb.get("interventions", cid) is not None and kb.get("interventions", cid).cargo == eid)
            },
            key=str.casefold,
        )
        raise NotAnInterventionError(value, eid, with_it) from None

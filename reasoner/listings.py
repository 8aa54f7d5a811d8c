"""Listings: diseases, studies, interventions and references, filtered by names users type."""

from __future__ import annotations

from typing import Iterable, Optional, Sequence
from pathlib import Path

from .errors import UnknownValueError, words
from .knowledge.names import resolve_disease, resolve_entity
from .knowledge.resolve import resolve
from .knowledge.sources import user_file
from .knowledge.store import Store
from .reasoning.query import load_kb


def study_rows(kb: Store, disease: Optional[str] = None) -> list[dict]:
    """`reasoner studies --format json` (and /api/studies): the studies, of one disease if given."""
    return find_studies(disease=disease, kb=kb)


def reference_records(kb: Store, numbers: Sequence[str] = ()) -> list:
    """`reasoner refs N...` (and /api/refs): entries of the reference list, all when none given."""
    wanted = reference_numbers(kb, numbers)
    return [x for x in kb.references if not wanted or x.n in wanted]


def find_interventions(
    disease: Optional[str] = None,
    kind: Optional[str] = None,
    cargo: Optional[str] = None,
    effect: Optional[str] = None,
    facts: Sequence[Path | str] = (),
    override: bool = False,
) -> list[dict]:
    """Curated interventions, filtered; each with the diseases and effects its studies report."""
    from .knowledge.models import Intervention

    kb = load_kb(facts, override)
    did = resolve_disease(kb, disease) if disease is not None else None
    kinds = Intervention.model_fields["kind"].annotation.__args__
    kind = resolve("intervention_kind", kind, [(k, []) for k in kinds]) if kind else None
    eid = resolve_entity(kb, cargo) if cargo else None
    effect = resolve("autophagy_effect", effect, [("induce", []), ("inhibit", [])]) if effect else None
    by_iv: dict[str, list] = {}
    for st in kb.studies:
        if st.intervention:
            by_iv.setdefault(st.intervention, []).append(st)
    rows = []
    for i in kb.interventions:
        sts = by_iv.get(i.id, [])
        diseases = sorted({s.disease or "physiology" for s in sts}, key=str.casefold)
        effects = sorted({s.autophagy_effect for s in sts if s.autophagy_effect})
        if did and did not in diseases:
            continue
        if kind and i.kind != kind or eid and i.cargo != eid or effect and effect not in effects:
            continue
        rows.append(
            {
                "id": i.id,
                "label": i.label,
                "kind": i.kind,
                "cargo": i.cargo,
                "source": i.source,
                "diseases": diseases,
                "effects": effects,
                "refs": list(i.refs),
                "user_file": user_file(kb, "interventions", i.id),
            }
        )
    return sorted(rows, key=lambda x: (x["id"].casefold(), x["id"]))


def disease_rows(kb: Store) -> list[dict]:
    """`reasoner diseases`: every disease with its stages and aliases, by id (case-insensitive)."""
    rows = [
        {
            "id": d.id,
            "name": d.name,
            "organ": d.organ,
            "system": d.system,
            "classes": list(d.classes),
            "aliases": list(d.aliases),
            "stages": [{"id": s.id, "name": s.name, "aliases": list(s.aliases)} for s in d.stages],
            "refs": d.refs,
        }
        for d in kb.diseases
    ]
    return sorted(rows, key=lambda x: (x["id"].casefold(), x["id"]))


def reference_numbers(kb: Store, numbers: Iterable[str]) -> list[int]:
    """The reference numbers ``numbers`` name: numbers and ranges such as '75-77'."""
    hint = words("valid.reference_ranges")
    wanted: list[int] = []
    for n in numbers:
        lo, sep, hi = str(n).partition("-")
        if not str(n).isascii():  # a digit of another script is not a reference number
            raise UnknownValueError("reference_number", str(n), [], valid_hint=hint)
        if sep and lo.isdigit() and hi.isdigit() and int(lo) <= int(hi):
            span = range(int(lo), int(hi) + 1)
        elif not sep and str(n).isdigit():
            span = range(int(n), int(n) + 1)
        else:
            raise UnknownValueError("reference_number", str(n), [], valid_hint=hint)
        if any(kb.get("references", str(k)) is None for k in span):
            raise UnknownValueError("reference_number", str(n), [], valid_hint=hint)
        wanted += [k for k in span if k not in wanted]
    return wanted


def find_studies(
    disease: Optional[str] = None,
    cargo: Optional[str] = None,
    entity: Optional[str] = None,
    ref: Optional[int] = None,
    effect: Optional[str] = None,
    facts: Sequence[Path | str] = (),
    override: bool = False,
    kb: Optional[Store] = None,
) -> list[dict]:
    """Study records (as JSON data), filtered; ``disease='physiology'`` means no disease."""
    kb = kb if kb is not None else load_kb(facts, override)
    did = None
    if disease is not None:
        physiology = ("physiology", ["physiological", "no disease"])
        try:
            did = resolve("disease", disease, [physiology])
        except UnknownValueError:
            did = resolve_disease(kb, disease)
    cid = resolve_entity(kb, cargo) if cargo else None
    eid = resolve_entity(kb, entity) if entity else None
    if effect:
        effect = resolve(
            "autophagy_effect", effect, [("induce", []), ("inhibit", []), ("none", ["not stated"])]
        )
    if ref is not None and kb.get("references", str(ref)) is None:
        raise UnknownValueError("reference_number", str(ref), [], valid_hint="1-96")
    rows = []
    for s in kb.studies:
        if did and (s.disease or "physiology") != did:
            continue
        if cid and s.cargo != cid:
            continue
        if eid and eid not in {s.cargo, s.target, s.source, *s.pathway}:
            continue
        if ref is not None and ref not in s.refs:
            continue
        if effect and (s.autophagy_effect or "none") != effect:
            continue
        row = s.model_dump(mode="json") if hasattr(s, "model_dump") else dict(s)
        row["disease"] = s.disease or "physiology"
        row["user_file"] = user_file(kb, "studies", s.id)
        rows.append(row)
    return sorted(rows, key=lambda x: (x["id"].casefold(), x["id"]))

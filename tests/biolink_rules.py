"""Biolink Model conformance of a KGX TSV pair, read from biolink-model's own schema on disk
(linkml's SchemaView; no network).  Used by tests/test_kgx_conformance.py beside KGX's validator
(tests/kgx_offline.py), for the rules KGX 2.6's validator does not apply:

- ``prefix``: node ids, subjects, objects and the CURIE-valued qualifiers use prefixes of the
  Biolink context (its prefix map), or one the export declares local;
- ``category``: a Biolink class, not a mixin, CamelCase as KGX reads it;
- ``predicate``: a Biolink predicate (descends from ``related to``), not deprecated;
- ``column``: every column a Biolink slot, not deprecated;
- ``enum``: knowledge level, agent type, direction and aspect values from their enums;
- ``domain`` / ``range``: the predicate's domain and range (its own or inherited) admit the
  subject's and object's category, mixins included;
- ``required``: every qualifier an association that fits the edge requires (its predicate,
  subject and object ranges) is present (GeneRegulatesGeneAssociation: qualified predicate,
  object aspect and object direction).

:func:`problems` returns (rule, detail) pairs: none for a conformant export.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path

ENUMS = {
    "knowledge_level": "KnowledgeLevelEnum",
    "agent_type": "AgentTypeEnum",
    "object_direction_qualifier": "DirectionQualifierEnum",
    "object_aspect_qualifier": "GeneOrGeneProductOrChemicalEntityAspectEnum",
}
CURIE_VALUED = (
    "id",
    "subject",
    "object",
    "disease_context_qualifier",
    "has_supporting_studies",
    "has_evidence",
)


def root() -> Path:
    return Path(list(importlib.util.find_spec("biolink_model").submodule_search_locations)[0])


@lru_cache(maxsize=1)
def model():
    from linkml_runtime.utils.schemaview import SchemaView

    sv = SchemaView(str(root() / "schema" / "biolink_model.yaml"))
    prefixes = set(json.loads((root() / "prefixmaps" / "biolink_model_prefix_map.json").read_text()))
    return sv, prefixes


def read(prefix) -> tuple[list[dict], list[dict]]:
    def rows(part):
        text = Path(f"{prefix}_{part}.tsv").read_text(encoding="utf-8")
        return list(csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))

    return rows("nodes"), rows("edges")


def _name(curie: str) -> str:
    """'biolink:part_of' -> 'part of' (a slot's name)."""
    return curie.split(":", 1)[1].replace("_", " ")


def _class(sv, curie: str):
    local = curie.split(":", 1)[1]
    for c in sv.all_classes():
        if c.replace(" ", "").lower() == local.lower():
            return c
    return None


def _ancestors(sv, cls: str) -> set[str]:
    return set(sv.class_ancestors(cls, mixins=True))


def _slot(sv, name: str):
    return sv.get_slot(name.replace("_", " "))


def _domain_range(sv, slot: str) -> tuple[str | None, str | None]:
    """The slot's own domain and range, else its nearest is_a ancestor's."""
    domain = rng = None
    for s in sv.slot_ancestors(slot, mixins=False):
        d = sv.get_slot(s)
        domain = domain or d.domain
        rng = rng or (d.range if d.range and sv.get_class(d.range) else None)
    return domain, rng


def _fitting_associations(sv, pred: str, s_anc: set, o_anc: set):
    p_anc = set(sv.slot_ancestors(pred))
    for c in sv.class_descendants("association"):
        use = sv.get_class(c).slot_usage or {}
        p, s, o = use.get("predicate"), use.get("subject"), use.get("object")
        if p is None or not p.subproperty_of or p.subproperty_of not in p_anc:
            continue
        if (s is None or not s.range or s.range in s_anc) and (o is None or not o.range or o.range in o_anc):
            yield c, {k for k, v in use.items() if v.required}


def _check_prefixes(rec: dict, prefixes: set, out: list) -> None:
    for col in CURIE_VALUED:
        for value in filter(None, (rec.get(col) or "").split("|")):
            if value.split(":", 1)[0] not in prefixes:
                out.append(("prefix", f"{col} {value}"))


def _check_columns(sv, cols, out: list) -> None:
    for col in cols:
        slot = _slot(sv, col)
        if slot is None or slot.deprecated:
            out.append(("column", col))


def _check_node(sv, n: dict, out: list) -> None:
    cat = n["category"]
    cls = _class(sv, cat)
    if not re.match(r"^([A-Z][a-z\d]+)+$", cat.split(":", 1)[1]) or cls is None or sv.get_class(cls).mixin:
        out.append(("category", f"{n['id']} {cat}"))


def _check_edge(sv, e: dict, cats: dict, out: list) -> None:
    for col in ("predicate", "qualified_predicate"):
        if not e.get(col):
            continue
        name = _name(e[col])
        slot = sv.get_slot(name)
        if slot is None or slot.deprecated or "related to" not in sv.slot_ancestors(name):
            out.append(("predicate", f"{e['id']} {e[col]}"))
            return
    for col, enum in ENUMS.items():
        value = e.get(col)
        if (value or col in ("knowledge_level", "agent_type")) and value not in sv.get_enum(
            enum
        ).permissible_values:
            out.append(("enum", f"{e['id']} {col}={value!r}"))
    pred = _name(e["predicate"])
    s_anc, o_anc = (
        _ancestors(sv, c) if c else set() for c in (cats.get(e["subject"]), cats.get(e["object"]))
    )
    domain, rng = _domain_range(sv, pred)
    if domain and domain not in s_anc:
        out.append(("domain", f"{e['id']} {e['predicate']}: subject {e['subject']} is not a {domain}"))
    if rng and rng not in o_anc:
        out.append(("range", f"{e['id']} {e['predicate']}: object {e['object']} is not a {rng}"))
    for assoc, required in _fitting_associations(sv, pred, s_anc, o_anc):
        for slot in sorted(required - {"subject", "object", "predicate"}):
            if not e.get(slot.replace(" ", "_")):
                out.append(("required", f"{e['id']}: {assoc} requires {slot}"))


def problems(prefix, declared: set = frozenset()) -> list[tuple[str, str]]:
    """Every (rule, detail) the export at ``prefix`` breaks; ``declared``: its local prefixes."""
    sv, prefixes = model()
    nodes, edges = read(prefix)
    out: list[tuple[str, str]] = []
    for rows in (nodes, edges):
        if rows:
            _check_columns(sv, rows[0].keys(), out)
    cats = {n["id"]: _class(sv, n["category"]) for n in nodes}
    for n in nodes:
        _check_prefixes(n, prefixes | set(declared), out)
        _check_node(sv, n, out)
    for e in edges:
        _check_prefixes(e, prefixes | set(declared), out)
        _check_edge(sv, e, cats, out)
    return out

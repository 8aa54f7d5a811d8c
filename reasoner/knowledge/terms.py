"""ASP values as plain Python: what the solver module turns into clingo symbols.

Kept free of heavy imports so the hot path (a cached knowledge base and one
solve) never needs pydantic's knowledge-base models or YAML.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Const:
    """An ASP constant (vocabulary value), as opposed to a string identifier."""

    name: str


@dataclass(frozen=True)
class Fn:
    """An ASP function term name(args...)."""

    name: str
    args: tuple


Atom = tuple  # (predicate, args-tuple)


#: Which input predicate names which record section by its first argument.
ATOM_SECTION = {
    "entity": "entities", "msc_source": "entities", "member": "entities",
    "edge": "edges", "edge_context": "edges",
    "disease": "diseases", "organ": "diseases", "disease_class": "diseases", "stage": "diseases",
    "role_stage": "roles", "role_disease": "roles", "role_class_stage": "roles",
    "role_class": "roles", "role_organ": "roles",
    "intervention": "interventions", "int_kind": "interventions",
    "int_cargo": "interventions", "int_source": "interventions",
    "reconciliation": "reconciliations",
}
for _p in ("study", "study_kind", "study_effect", "study_outcome", "study_evidence", "study_ref",
           "study_disease", "study_stage", "study_intervention", "study_cargo", "study_change",
           "study_target", "study_target_change", "study_release", "study_level"):
    ATOM_SECTION[_p] = "studies"

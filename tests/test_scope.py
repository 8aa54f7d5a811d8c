"""Scoped loading passes the solver only part of the knowledge base; answers must not change."""

import pytest

from reasoner.knowledge import kb as K
from reasoner.api import build, query_atoms, resolve_context, run
from reasoner.reasoning.solver import scope, solve
from reasoner.reporting.json_data import plain

STORE = K.store(K.load())
CONTEXTS = [(d.id, None) for d in STORE.diseases] + [(d.id, s.id) for d in STORE.diseases for s in d.stages]


@pytest.mark.parametrize("disease, stage", CONTEXTS, ids=[f"{d}-{s or 'all'}" for d, s in CONTEXTS])
def test_scoped_answer_equals_answer_over_everything(disease, stage):
    d, sid, state = resolve_context(STORE, disease, stage, None)
    scoped = build(STORE, run(STORE, [(d.id, None)]), d, sid, state)
    full = build(STORE, solve(STORE.atoms(), query_atoms([(d.id, None)])), d, sid, state)
    assert plain(scoped) == plain(full)


def test_scope_is_the_disease_and_its_related_diseases():
    # the definition in rules/scope.lp: same organ and a shared class
    for d in STORE.diseases:
        got = scope(STORE.scope_atoms(), query_atoms([(d.id, None)]))
        assert d.id in got
        related = {
            o.id
            for o in STORE.diseases
            if o.id != d.id and o.organ == d.organ and set(o.classes) & set(d.classes)
        }
        assert set(got) == {d.id} | related, d.id


def test_scope_leaves_out_studies_of_unrelated_diseases():
    atoms = STORE.atoms(scope(STORE.scope_atoms(), query_atoms([("hepatic_IR", None)])))
    diseases = {args[1] for pred, args in atoms if pred == "study_disease"}
    assert "hepatic_IR" in diseases
    assert "PD" not in diseases and "MI" not in diseases

"""Scoped `explain` and `check` read only their scope; answers must not change."""

import pytest

from reasoner import api
from reasoner.check import mechanisms, run_checks
from reasoner.knowledge import kb as K
from reasoner.reporting.json_data import plain

STORE = K.store(K.load())
CONTEXTS = [(d.id, None) for d in STORE.diseases] + [(d.id, s.id) for d in STORE.diseases for s in d.stages]


def _spellings():
    out = [(i.id, i.id) for i in STORE.interventions] + [(i.label, i.id) for i in STORE.interventions]
    cargos = sorted({st.cargo for st in STORE.studies if st.cargo})
    # block:X / restore:X name the curated blockade / overexpression of X where one exists
    curated = {(i.kind, i.cargo): i.id for i in STORE.interventions if i.cargo}
    out += [
        (f"{verb}:{c}", curated.get((kind, c), f"{verb}:{c}"))
        for c in cargos
        for verb, kind in (("block", "cargo_blockade"), ("restore", "cargo_overexpression"))
    ]
    return out


def _elsewhere_over_everything(iid, disease):
    return sorted(
        {
            st.disease
            for st in STORE.studies
            if st.intervention == iid and st.disease and st.disease != disease
        }
    )


@pytest.mark.parametrize("disease, stage", CONTEXTS, ids=[f"{d}-{s or 'all'}" for d, s in CONTEXTS])
def test_scoped_explain_equals_explain_over_everything(disease, stage, monkeypatch):
    """Each intervention the answer names, and one it does not, explained with the index
    (scoped) and with every intervention and study walked, as before scoping."""
    monkeypatch.setattr(api, "load_kb", lambda facts=(), override=False: STORE)
    index = api.intervention_index(STORE, cached=False)
    d, sid, state = api.resolve_context(STORE, disease, stage, None)
    s = api.build(STORE, api.run(STORE, [(d.id, state)]), d, sid, state)
    answered = [c.id for c in s.candidates] + [n.id for n in s.not_recommended]
    for spelling, _ in _spellings():
        iid = api.resolve_intervention(STORE, spelling, answered)  # no index: every choice
        assert api.resolve_intervention(STORE, spelling, answered, index) == iid, spelling
        assert [x for x in index["applied_in"].get(iid, []) if x != d.id] == _elsewhere_over_everything(
            iid, d.id
        )
    absent = next(i.id for i in STORE.interventions if i.id not in answered)
    for iid in answered[:3] + [absent]:
        e = api.explain(iid, disease, stage)
        assert e.intervention == iid
        assert e.elsewhere == _elsewhere_over_everything(iid, d.id)
        assert e.status == (
            "candidate"
            if iid in {c.id for c in s.candidates}
            else "not_recommended"
            if iid in answered
            else "no_evidence"
        )


def test_every_spelling_resolves_to_its_intervention():
    index = api.intervention_index(STORE, cached=False)
    for spelling, iid in _spellings():
        assert api.resolve_intervention(STORE, spelling, (), index) == iid, spelling


def test_scoped_explain_of_an_unknown_name_still_suggests():
    index = api.intervention_index(STORE, cached=False)
    with pytest.raises(Exception) as exc:
        api.resolve_intervention(STORE, "ucmsc_exos_mir_20", (), index)
    assert "did you mean ucmsc_exos_mir_20a" in str(exc.value)
    with pytest.raises(Exception) as exc:
        api.resolve_intervention(STORE, "block:no_such_cargo", (), index)
    assert "unknown intervention 'block:no_such_cargo'" in str(exc.value)


def test_scoped_mechanisms_equal_the_audit_over_every_study():
    full = mechanisms(STORE)
    ids = sorted(full)
    for chunk in (ids[:1], ids[len(ids) // 2 :], ids):
        scoped = mechanisms(STORE, studies=chunk)
        assert set(scoped) == set(chunk)
        assert {k: full[k] for k in chunk} == scoped


def test_scoped_check_equals_check_over_everything(monkeypatch):
    scoped = plain(run_checks(kb=STORE))
    import reasoner.check as C

    real = C.mechanisms
    monkeypatch.setattr(
        C, "mechanisms", lambda kb, timeout=None, entry=None, studies=None: real(kb, timeout, entry)
    )  # the audit over every study
    assert plain(run_checks(kb=STORE)) == scoped
    assert all(r["status"] == "pass" for r in scoped)


def test_one_solve_for_every_context_equals_one_solve_each(monkeypatch):
    """`report --all` answers every context from one solve: the same answers as one by one."""
    monkeypatch.setattr(api, "load_kb", lambda facts=(), override=False: STORE)
    together = api.suggest_many(None)
    assert [(s.context.disease, s.context.stage) for s in together] == CONTEXTS_IN_KB_ORDER
    for s in together:
        alone = api.suggest(s.context.disease, s.context.stage)
        assert plain(s) == plain(alone), (s.context.disease, s.context.stage)


CONTEXTS_IN_KB_ORDER = [(d.id, st) for d in STORE.diseases for st in [None] + [s.id for s in d.stages]]


def test_exact_disease_id_fast_path_agrees_with_the_full_table():
    from reasoner.knowledge.resolve import resolve

    choices = api.disease_choices(STORE)
    for d in STORE.diseases:
        assert api.resolve_context(STORE, d.id, None, None)[0].id == resolve("disease", d.id, choices)

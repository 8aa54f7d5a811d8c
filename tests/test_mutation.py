"""Mutation testing (slow): core rules and facts, when broken, fail some conclusion."""

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))

CORE_RULES = ["candidate", "desired_from_role", "nr_opposes", "reach_step"]


@pytest.mark.slow
@pytest.mark.parametrize("label", CORE_RULES)
def test_core_rule_deletion_is_killed(label):
    import mutate
    from reasoner.reasoning import solver
    from reasoner.check import load_conclusions

    st = next(s for s in solver.rule_statements() if s.label == label)
    entry = mutate.rules_without(st)
    try:
        assert mutate.killed_by(load_conclusions(), entry=entry)
    finally:
        shutil.rmtree(entry.parent.parent)
        solver.load_program.cache_clear()


@pytest.mark.slow
def test_flipping_the_main_study_is_killed():
    import mutate
    from reasoner.knowledge import kb as K
    from reasoner.check import load_conclusions

    base = K.load()
    name, fn = next(m for m in mutate.fact_mutants(base) if m[0] == "flip_study:s75_ucmsc_mir_20a_hepatic_ir")
    assert mutate.killed_by(load_conclusions(), mutate.mutant_store(base, fn))


@pytest.mark.slow
def test_mutated_rules_copy_leaves_the_bundled_rules_alone():
    import mutate
    from reasoner.reasoning import solver
    from reasoner.knowledge.paths import rules_dir

    before = {p.name: p.read_bytes() for p in rules_dir().iterdir()}
    st = solver.rule_statements()[0]
    entry = mutate.rules_without(st)
    try:
        original = (rules_dir() / st.file).read_text().split("\n")[st.line - 1]
        mutated = (entry.parent / st.file).read_text().split("\n")[st.line - 1]
        assert original.startswith(st.text.split(":-")[0].strip())
        assert mutated.startswith("% mutant: rule deleted")
    finally:
        shutil.rmtree(entry.parent.parent)
    assert {p.name: p.read_bytes() for p in rules_dir().iterdir()} == before


def test_mutant_names_do_not_move_with_lines(tmp_path):
    """Rule mutants are keyed by %@ label or by a hash of the rule text: one line added above
    a rule leaves every name (and so every registry entry) as it was."""
    import mutate
    from reasoner.knowledge.paths import rules_dir
    from reasoner.reasoning import solver

    names = [mutate.rule_name(s) for s in solver.rule_statements()]
    assert len(names) == len(set(names))
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    for f in rules.glob("*.lp"):
        f.write_text("% one line more\n" + f.read_text())
    moved = [mutate.rule_name(s) for s in solver.rule_statements(rules / "autophagy.lp")]
    assert moved == names


def test_registry_entries_name_existing_mutants():
    import mutate
    from reasoner.reasoning import solver

    rules = {mutate.rule_name(s) for s in solver.rule_statements()}
    named = {
        k for k in [*mutate.EQUIVALENT, *getattr(mutate, "KILLED_BY_TESTS", {})] if k.startswith("rule:")
    }
    assert named and named <= rules, sorted(named - rules)

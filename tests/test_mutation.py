"""Mutation testing (slow): core rules and facts, when broken, fail some conclusion."""

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))


@pytest.mark.slow
@pytest.mark.parametrize("mutant", ["candidate", "desired_from_role", "nr_opposes", "reach_step"])
def test_core_rule_deletion_is_killed(mutant):
    import mutate
    from reasoner import solver
    from reasoner.check import load_conclusions

    entry = mutate.rules_without(solver.rule_table()[mutant])
    try:
        assert mutate.killed_by(load_conclusions(), entry=entry)
    finally:
        shutil.rmtree(entry.parent.parent)
        solver._parse.cache_clear()

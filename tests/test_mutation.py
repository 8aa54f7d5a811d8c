"""Mutation testing (slow): core rules and facts, when broken, fail some conclusion."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))


@pytest.mark.slow
@pytest.mark.parametrize("mutant", ["candidate", "desired_from_role", "nr_opposes", "reach_step"])
def test_core_rule_deletion_is_killed(mutant):
    import shutil
    import tempfile

    import mutate
    from reasoner import solver
    from reasoner.check import load_conclusions
    from reasoner.paths import rules_dir

    info = solver.rule_table()[mutant]
    tmp = Path(tempfile.mkdtemp())
    shutil.copytree(rules_dir(), tmp / "rules")
    path = tmp / "rules" / info.file
    lines = path.read_text().splitlines()
    lines[info.line - 1] = "% mutant"
    path.write_text("\n".join(lines) + "\n")
    solver._parse.cache_clear()
    assert mutate.killed_by(load_conclusions(), entry=tmp / "rules" / "autophagy.lp")
    solver._parse.cache_clear()

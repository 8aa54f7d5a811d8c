"""Mutation testing: do the review's conclusions catch broken rules or facts?

Mutants, one at a time: delete one rule of rules/ (each labelled rule), drop a
study, flip a study's reported autophagy effect, drop a role record, drop an
edge.  A mutant is killed when at least one conclusion fails (or the program
no longer solves).  Prints the killed fraction and the survivors.

Run: python benchmarks/mutate.py [--limit N] [--seed S]
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
from pathlib import Path

from reasoner import kb as K
from reasoner import solver
from reasoner.check import load_conclusions, run_checks
from reasoner.errors import ReasonerError
from reasoner.paths import rules_dir

#: Survivors known to be equivalent mutants, with the reason (shown, not hidden).
EQUIVALENT = {
    "rule:alternative_stage": "S != V is implied: one view cannot both recommend and block an intervention",
}


def _rule_mutants():
    for label, info in sorted(solver.rule_table().items()):
        yield f"rule:{label}", info


def rules_without(info) -> Path:
    """A copy of rules/ with the labelled rule ``info`` deleted; returns its entry encoding."""
    tmp = Path(tempfile.mkdtemp())
    shutil.copytree(rules_dir(), tmp / "rules")
    path = tmp / "rules" / info.file
    lines = path.read_text().splitlines()
    lines[info.line - 1] = "% mutant: rule deleted"
    path.write_text("\n".join(lines) + "\n")
    solver._parse.cache_clear()
    return tmp / "rules" / "autophagy.lp"


def killed_by(conclusions, kb=None, entry=None) -> bool:
    import reasoner.check as chk
    from reasoner import api

    old_load, old_solve = api.load_kb, chk.solve
    try:
        if kb is not None:
            chk.load_kb = lambda *a, **k: kb
        if entry is not None:
            chk.solve = lambda facts, query=(), timeout=None: old_solve(facts, query, timeout, entry=entry)
            chk.mechanisms.__globals__["solve"] = chk.solve
        results = run_checks(conclusions=conclusions)
        return any(r.status == "fail" for r in results)
    except (ReasonerError, RuntimeError):
        return True
    finally:
        chk.load_kb = old_load
        chk.solve = old_solve
        chk.mechanisms.__globals__["solve"] = old_solve


def main() -> int:
    args = sys.argv[1:]
    limit = int(args[args.index("--limit") + 1]) if "--limit" in args else None
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 0
    conclusions = load_conclusions()
    base = K.load()
    mutants = []
    for name, info in _rule_mutants():
        mutants.append((name, "rule", info))
    for s in base.studies:
        mutants.append((f"drop_study:{s.id}", "drop", ("studies", s.id)))
        mutants.append((f"flip_study:{s.id}", "flip", s.id))
    for r in base.roles:
        mutants.append((f"drop_role:{r.id}", "drop", ("roles", r.id)))
    for e in base.edges:
        mutants.append((f"drop_edge:{e.id}", "drop", ("edges", e.id)))
    if limit:
        mutants = random.Random(seed).sample(mutants, min(limit, len(mutants)))
    killed, survivors = 0, []
    for name, kind, arg in mutants:
        if kind == "rule":
            entry = rules_without(arg)
            hit = killed_by(conclusions, entry=entry)
            shutil.rmtree(entry.parent.parent)
        else:
            data = base.kb.model_dump()
            if kind == "drop":
                section, rid = arg
                data[section] = [x for x in data[section] if x.get("id") != rid]
            else:
                for x in data["studies"]:
                    if x["id"] == arg:
                        x["autophagy_effect"] = "inhibit" if x["autophagy_effect"] == "induce" else "induce"
            hit = killed_by(conclusions, kb=K.KB(K.m.KnowledgeBase.model_validate(data)))
        killed += hit
        if not hit:
            survivors.append(name)
        print(f"{'killed ' if hit else 'SURVIVED'} {name}", flush=True)
    total = len(mutants)
    print(f"\n{killed}/{total} mutants killed ({killed / total:.0%})")
    for s in survivors:
        print(f"  survivor {s}" + (f": equivalent ({EQUIVALENT[s]})" if s in EQUIVALENT else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Mutation testing: do the review's conclusions catch broken rules or facts?

Mutants, one at a time:
  rule:FILE:LINE:COL  delete one rule statement of rules/ (every rule, labelled
                      or not, vocabulary facts and constraints included);
  drop_study / flip_study     drop a study, or flip its reported autophagy effect;
  drop_role / flip_role       drop a role record, or swap protective and deleterious;
  drop_edge / flip_edge       drop an edge of the signalling graph, or flip its sign;
  drop_reconciliation         drop one of the review's reconciliations.
A mutant is killed when at least one conclusion fails (or the knowledge base
no longer solves).  Prints each mutant, the killed fraction, and every
survivor: either explained as equivalent (EQUIVALENT below, with the reason)
or listed as a gap in the conclusions.

Run: python benchmarks/mutate.py [--limit N] [--seed S] [--only PREFIX]
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from reasoner import kb as K
from reasoner import solver
from reasoner.check import load_conclusions, run_checks
from reasoner.paths import rules_dir

#: Survivors that are equivalent mutants: no answer can change.  Reason shown, never hidden.
EQUIVALENT: dict[str, str] = {}


def rule_name(st: solver.Statement) -> str:
    return f"rule:{st.file}:{st.line}:{st.column}" + (f" ({st.label})" if st.label else "")


def rules_without(st: solver.Statement) -> Path:
    """A copy of rules/ with the rule statement ``st`` cut out; returns its entry encoding."""
    tmp = Path(tempfile.mkdtemp(prefix="reasoner-mutant-"))
    shutil.copytree(rules_dir(), tmp / "rules")
    path = tmp / "rules" / st.file
    lines = path.read_text(encoding="utf-8").split("\n")
    first, last = lines[st.line - 1], lines[st.end_line - 1]
    cut = first[:st.column - 1] + "% mutant: rule deleted " + last[st.end_column - 1:]
    lines[st.line - 1:st.end_line] = [cut]
    path.write_text("\n".join(lines), encoding="utf-8")
    return tmp / "rules" / "autophagy.lp"


def killed_by(conclusions, store=None, entry: Path | None = None) -> bool:
    """True when some conclusion fails on the mutant, or the mutant cannot be answered at all
    (no model, or an answer so broken that building the result fails)."""
    try:
        results = run_checks(conclusions=conclusions, kb=store, entry=entry)
    except Exception:  # noqa: BLE001 - any failure to answer is a detection
        return True
    return any(r.status == "fail" for r in results)


FLIP_ROLE = {"protective": "deleterious", "deleterious": "protective", "insufficient": "deleterious"}


def fact_mutants(base: K.KB) -> list[tuple[str, object]]:
    """(name, function turning the knowledge base's data into the mutant's)."""
    out: list[tuple[str, object]] = []

    def drop(section: str, rid: str):
        return lambda data: data.update({section: [x for x in data[section] if x["id"] != rid]})

    def change(section: str, rid: str, field: str, mapping: dict):
        def apply(data):
            for x in data[section]:
                if x["id"] == rid:
                    x[field] = mapping[x[field]]
        return apply

    flip_effect = {"induce": "inhibit", "inhibit": "induce"}
    for s in base.studies:
        out.append((f"drop_study:{s.id}", drop("studies", s.id)))
        out.append((f"flip_study:{s.id}", change("studies", s.id, "autophagy_effect", flip_effect)))
    for r in base.roles:
        out.append((f"drop_role:{r.id}", drop("roles", r.id)))
        out.append((f"flip_role:{r.id}", change("roles", r.id, "role", FLIP_ROLE)))
    for e in base.edges:
        out.append((f"drop_edge:{e.id}", drop("edges", e.id)))
        out.append((f"flip_edge:{e.id}", change("edges", e.id, "sign", {"+": "-", "-": "+"})))
    for r in base.reconciliations:
        out.append((f"drop_reconciliation:{r.id}", drop("reconciliations", r.id)))
    return out


def mutant_store(base: K.KB, mutate) -> object:
    data = base.kb.model_dump()
    mutate(data)
    return K.store(K.KB(K.m.KnowledgeBase.model_validate(data)))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    limit = int(args[args.index("--limit") + 1]) if "--limit" in args else None
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 0
    only = args[args.index("--only") + 1] if "--only" in args else ""
    conclusions = load_conclusions()
    base = K.load()  # read once: every mutant starts from the same knowledge base
    base_store = K.store(base)
    if killed_by(conclusions, base_store):
        print("the unmutated knowledge base already fails a conclusion; fix that first")
        return 1
    mutants: list[tuple[str, str, object]] = [(rule_name(st), "rule", st)
                                              for st in solver.rule_statements()]
    mutants += [(name, "facts", fn) for name, fn in fact_mutants(base)]
    mutants = [m for m in mutants if m[0].startswith(only)]
    if limit:
        mutants = random.Random(seed).sample(mutants, min(limit, len(mutants)))
    start = time.perf_counter()
    killed, survivors = 0, []
    for name, kind, arg in mutants:
        if kind == "rule":
            entry = rules_without(arg)
            try:
                hit = killed_by(conclusions, base_store, entry=entry)
            finally:
                shutil.rmtree(entry.parent.parent)
                solver.load_program.cache_clear()
        else:
            hit = killed_by(conclusions, mutant_store(base, arg))
        killed += hit
        if not hit:
            survivors.append(name)
        print(f"{'killed  ' if hit else 'SURVIVED'} {name}", flush=True)
    total = len(mutants)
    equivalent = [s for s in survivors if s in EQUIVALENT]
    print(f"\n{killed}/{total} mutants killed ({killed / total:.1%}); "
          f"{len(equivalent)} survivors equivalent; "
          f"{killed / max(total - len(equivalent), 1):.1%} of non-equivalent mutants killed; "
          f"{time.perf_counter() - start:.0f} s")
    for s in survivors:
        print(f"  survivor {s}: " + (f"equivalent ({EQUIVALENT[s]})" if s in EQUIVALENT
                                     else "NOT CAUGHT: needs a conclusion"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Mutation testing of rules/observe.lp: does a deleted rule change some answer?

Each mutant deletes one rule statement of rules/observe.lp (rules, constraints,
choice rules, the optimisation statement and heuristics).  It is killed when
the answer of at least one scenario below differs from the unmutated answer
(tests/test_observe.py checks those answers against hand-worked values), or
when the mutant no longer solves.  Survivors are listed with a reason when they
are equivalent (EQUIVALENT), otherwise as gaps.

Run: python benchmarks/mutate_observe.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from reasoner.knowledge.paths import rules_dir
from reasoner.knowledge.terms import Const, Fn
from reasoner.reasoning import solver

COSTS = [
    ("cost_flip", (2,)),
    ("cost_input", (3,)),
    ("cost_edge", (Const("review"), 4)),
    ("cost_edge", (Const("user"), 1)),
]
CH = {"up": 1, "down": -1, "0": 0, "notPlus": Fn("notv", (1,)), "notMinus": Fn("notv", (-1,))}
READING = [
    ("role", (Const("protective"),)),
    ("reading", (-1, Const("protective"), Const("insufficient"))),
    ("reading", (1, Const("protective"), Const("moderate"))),
]


def scenario(edges, obs, query=None, context=()):
    atoms = list(COSTS)
    for eid, a, b, sign, cls in edges:
        atoms += [("edge", (eid, a, b, 1 if sign == "+" else -1)), ("edge_class", (eid, Const(cls)))]
    atoms += [("edge_context", c) for c in context]
    atoms += [("obs", (i, n, CH[c])) for i, (n, c) in enumerate(obs, 1)]
    if query:
        atoms.append(("query", (query,)))
    return atoms


E = lambda *e: list(e)  # noqa: E731
SCENARIOS = {
    "chain": scenario(
        E(("e1", "a", "b", "+", "review"), ("e2", "b", "c", "-", "review")), [("a", "up"), ("b", "up")]
    ),
    "one_core": scenario(E(("e1", "a", "b", "+", "review")), [("a", "up"), ("b", "down")]),
    "two_cores": scenario(
        E(("e1", "a", "b", "+", "review"), ("e2", "a", "c", "+", "review")),
        [("a", "up"), ("b", "down"), ("c", "up")],
    ),
    "user_edge": scenario(E(("e1", "a", "b", "+", "user")), [("a", "up"), ("b", "0")]),
    "weak": scenario(
        E(("e1", "a", "m", "+", "user"), ("e2", "m", "z", "+", "user"), ("e3", "a", "s", "-", "review")),
        [("a", "up"), ("z", "0")],
    ),
    "opposed": scenario(
        E(("e1", "a", "m", "+", "review"), ("e2", "c", "m", "-", "review")), [("a", "up"), ("c", "up")]
    ),
    "cycle": scenario(
        E(("e1", "b", "c", "+", "review"), ("e2", "c", "b", "+", "review"), ("e3", "a", "b", "+", "review")),
        [("a", "0"), ("c", "up")],
    ),
    "input_repair": [
        ("cost_flip", (5,)),
        ("cost_input", (1,)),
        ("cost_edge", (Const("review"), 5)),
        ("edge", ("g", "shp2", "grb2", 1)),
        ("edge_class", ("g", Const("review"))),
        ("obs", (1, "shp2", 0)),
        ("obs", (2, "grb2", 1)),
    ],
    "autophagy": scenario(E(("e1", "m", "autophagy", "-", "review")), [("m", "up")]),
    "autophagy_seen": scenario(
        E(("e1", "m", "autophagy", "-", "review")), [("m", "up"), ("autophagy", "down")]
    ),
}
SCENARIOS["not_plus"] = scenario(E(("e1", "a", "b", "+", "review")), [("a", "up"), ("b", "notPlus")])
SCENARIOS["not_minus_alone"] = scenario(E(("e1", "x", "y", "+", "review")), [("x", "notMinus")])
SCENARIOS["perturbed"] = scenario(E(("e1", "a", "b", "+", "review")), [("b", "up")]) + [("perturbed", ("b",))]
SCENARIOS["many"] = scenario(
    E(("e1", "a", "b", "+", "review")), [("a", "up"), ("b", "down")] + [(f"x{i}", "up") for i in range(6)]
)
for q in (None, "d1", "d2"):
    SCENARIOS[f"scope_{q}"] = scenario(
        E(("e1", "a", "b", "+", "review"), ("e2", "a", "b", "-", "review")),
        [("a", "up")],
        query=q,
        context=[("e2", "d2")],
    )

#: Survivors that cannot change any answer (by statement text), with the reason.
EQUIVALENT: dict[str, str] = {
    "#false :- flip(O); obs(O,N,S); label(N,S).": (
        "a flip that keeps the observed change costs without helping: dropping it gives a "
        "cheaper model with the same labels, so no optimal model (repairs, brave labels) "
        "has one; the constraint states what a flip means"
    ),
    "#false :- flip(O); ruled_out(O,N,S); not label(N,S).": (
        "the same for an uncertain observation (notPlus/notMinus): a flip is in an optimal "
        "model only when no labelling keeps the ruled-out change away, so every optimal model "
        "that flips it has label(N,S) without the constraint; the constraint states what the "
        "flip means"
    ),
}


def answers(entry: Path | None = None) -> dict[str, object]:
    out = {}
    for name, atoms in SCENARIOS.items():
        try:
            ans = solver.observe(sorted(atoms, key=repr), "autophagy", READING, timeout=20, entry=entry)
            out[name] = (
                ans.cost,
                ans.repairs,
                ans.witness.get("consistent"),
                ans.labels,
                ans.cores,
                ans.classified,
            )
        except Exception as exc:  # a mutant that no longer solves is killed
            out[name] = ("error", type(exc).__name__)
    return out


def statements() -> list[tuple[int, int, int, int, str]]:
    from clingo import ast

    found = []

    def collect(stm):
        if stm.ast_type in (ast.ASTType.Rule, ast.ASTType.Minimize, ast.ASTType.Heuristic):
            loc = stm.location
            found.append((loc.begin.line, loc.begin.column, loc.end.line, loc.end.column, str(stm)))

    ast.parse_files([str(rules_dir() / "observe.lp")], collect)
    # a #minimize with several elements parses as one statement per element: one per location
    return sorted({s[:4]: s for s in found}.values())


def mutant_key(text: str) -> str:
    """A mutant's key, stable when lines move (as benchmarks/mutate.py keys an unlabelled
    rule): ``rule:observe.lp#HASH``, the first ten hex digits of the SHA-256 of the
    statement as clingo prints it (observe.lp has no ``%@`` labels)."""
    import hashlib

    return f"rule:observe.lp#{hashlib.sha256(text.encode()).hexdigest()[:10]}"


def without(stmt) -> Path:
    """A copy of rules/ whose observe.lp lacks one statement; returns the copy's entry path."""
    line, col, end_line, end_col, _ = stmt
    tmp = Path(tempfile.mkdtemp(prefix="observe-mutant-")) / "rules"
    shutil.copytree(rules_dir(), tmp)
    lines = (tmp / "observe.lp").read_text().split("\n")
    if line == end_line:
        text = lines[line - 1]
        lines[line - 1] = text[: col - 1] + " " * (end_col - col) + text[end_col - 1 :]
    else:
        lines[line - 1] = lines[line - 1][: col - 1]
        for i in range(line, end_line - 1):
            lines[i] = ""
        lines[end_line - 1] = " " * (end_col - 1) + lines[end_line - 1][end_col - 1 :]
    (tmp / "observe.lp").write_text("\n".join(lines))
    return tmp / "autophagy.lp"


def run() -> tuple[int, list[str]]:
    """Delete each statement in turn; (killed count, statement texts of the survivors)."""
    base = answers()
    survivors, killed = [], 0
    stmts = statements()
    for st in stmts:
        name = f"{mutant_key(st[4])} {st[4].splitlines()[0][:70]}"
        entry = without(st)
        try:
            if answers(entry) != base:
                killed += 1
                print(f"killed   {name}")
            else:
                survivors.append(st[4])
                print(f"SURVIVED {name}")
        finally:
            shutil.rmtree(entry.parent.parent)
    return killed, survivors


def main() -> int:
    killed, survivors = run()
    total = killed + len(survivors)
    print(f"\n{killed}/{total} mutants of rules/observe.lp killed")
    gaps = [s for s in survivors if s not in EQUIVALENT]
    for s in survivors:
        print(f"  survivor {s}: {EQUIVALENT.get(s, 'GAP: no scenario notices')}")
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main())

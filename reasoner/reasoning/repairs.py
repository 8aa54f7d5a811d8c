"""Solving ``rules/observe.lp`` over observations: optimal repairs, brave labels, minimal
inconsistent cores and the classification of the focus node (the solver's ``observe``)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import clingo

from ..knowledge.paths import entry_encoding
from ..knowledge.terms import Atom
from .solver import (
    Unsatisfiable,
    add_symbols,
    deadline_of,
    group_atoms,
    parse_symbol,
    run_control,
    solve_control,
    to_symbols,
)

OBSERVE = "observe.lp"
#: The atoms of a repair (rules/observe.lp, part repair), each of arity 1.
REPAIR_ATOMS = ("flip", "ignore", "add_input")
#: Most minimal correction sets enumerated for cores (cores are complete only below it).
MAX_CORRECTION_SETS = 64


@dataclass
class Observed:
    """What rules/observe.lp derives for one observation file (shown atoms, plain values)."""

    cost: int = 0
    repairs: list[dict[str, list[tuple]]] = field(default_factory=list)  # each optimal repair
    witness: dict[str, list[tuple]] = field(default_factory=dict)  # first optimal model
    labels: list[tuple] = field(default_factory=list)  # brave label/2 over the optimal models
    observed: list[str] = field(default_factory=list)
    gates: list[tuple] = field(default_factory=list)  # gate/2 (AND nodes: never predicted)
    classified: dict[str, list[tuple]] = field(default_factory=dict)  # predictions, therapy state
    cores: list[dict[str, list[tuple]]] = field(default_factory=list)
    cores_complete: bool = True


def _observe_control(
    parts: list[str], symbols: Iterable[clingo.Symbol], entry: Path | None, args: list[str]
) -> clingo.Control:
    ctl = clingo.Control(["--warn=none", *args], logger=lambda code, msg: None)
    ctl.load(str(Path(entry or entry_encoding()).parent / OBSERVE))
    add_symbols(ctl, symbols)
    ctl.ground([(p, []) for p in parts])
    return ctl


def _models(
    ctl: clingo.Control, deadline: float | None, timeout: float | None, limit: int | None = None
) -> tuple[list[dict[str, list[tuple]]], bool]:
    """Every model's shown atoms (grouped), in order; and whether the search ended by itself."""
    out: list[dict[str, list[tuple]]] = []

    def on_model(model: clingo.Model) -> bool:
        out.append(group_atoms(model.symbols(shown=True)))
        return limit is None or len(out) < limit

    result = run_control(ctl, on_model, deadline, timeout)
    return out, bool(result.exhausted)


def observe(
    atoms: Iterable[Atom],
    focus: str,
    reading: Iterable[Atom] = (),
    timeout: float | None = None,
    entry: Path | None = None,
) -> Observed:
    """Run rules/observe.lp over observations and edges given as ground atoms.

    Solves: (1) optimisation over the repairs, every optimal repair once
    (projected on flip/ignore/add_input); (2) brave consequences of the labels
    over the optimal models (cost bound from 1); (3) when a repair is needed,
    subset-minimal correction sets (domain heuristic), then their minimal
    hitting sets, the minimal inconsistent cores; (4) ``classify`` over (2)'s
    labels with ``reading`` (role/1 and reading/3 atoms for the therapy
    question; it can be run again with other readings).
    """
    deadline = deadline_of(timeout)
    atoms = list(atoms)
    symbols = list(to_symbols(atoms))  # several controls take them
    out = Observed()
    _optimal_repairs(out, symbols, entry, deadline, timeout)
    # (2) brave consequences of the labels over the optimal models (the last model)
    ctl = _observe_control(
        ["base", "repair"], symbols, entry, [f"--opt-mode=enum,{out.cost}", "--enum-mode=brave", "0"]
    )
    brave = solve_control(ctl, deadline, timeout)
    out.labels = group_atoms(brave).get("label", []) if brave is not None else []
    out.observed = sorted({args[1] for name, args in atoms if name == "obs"})
    out.gates = sorted(args for name, args in atoms if name == "gate")
    if out.cost > 0:
        _cores(out, atoms, symbols, entry, deadline, timeout)
    # (4) classification
    out.classified = classify(
        out,
        focus,
        reading,
        timeout=None if deadline is None else max(deadline - time.monotonic(), 1e-6),
        entry=entry,
    )
    return out


def _optimal_repairs(
    out: Observed,
    symbols: list[clingo.Symbol],
    entry: Path | None,
    deadline: float | None,
    timeout: float | None,
) -> None:
    """(1) The optimal repairs into ``out``: the first proven model whole (the witness),
    then of each further one only its repair atoms, read through their literals (turning
    every shown atom of every model into text cost ten times the search)."""
    ctl = _observe_control(
        ["base", "repair", "project"], symbols, entry, ["--opt-mode=optN", "--project=project", "0"]
    )
    repair_atoms = sorted(
        (str(a.symbol), a.literal) for sig in REPAIR_ATOMS for a in ctl.symbolic_atoms.by_signature(sig, 1)
    )
    parsed = {text: parse_symbol(text) for text, _ in repair_atoms}
    keys: list[tuple] = []

    def on_model(model: clingo.Model) -> None:
        if not model.optimality_proven:
            return
        if not keys:
            out.cost = sum(model.cost)
            out.witness = group_atoms(model.symbols(shown=True))
        keys.append(tuple(text for text, lit in repair_atoms if model.is_true(lit)))

    run_control(ctl, on_model, deadline, timeout)
    if not keys:
        raise Unsatisfiable([])
    for key in dict.fromkeys(keys):
        repair: dict[str, list[tuple]] = {}
        for text in key:  # in text order, as group_atoms sorts
            repair.setdefault(parsed[text].name, []).append(parsed[text].args)
        out.repairs.append(repair)


def _cores(
    out: Observed,
    atoms: list[Atom],
    symbols: list[clingo.Symbol],
    entry: Path | None,
    deadline: float | None,
    timeout: float | None,
) -> None:
    """(3) The minimal inconsistent cores into ``out``: subset-minimal correction sets
    (domain heuristic), then their minimal hitting sets."""
    ctl = _observe_control(
        ["base", "cores"], symbols, entry, ["--heuristic=Domain", "--enum-mode=domRec", "0"]
    )
    sets, complete = _models(ctl, deadline, timeout, limit=MAX_CORRECTION_SETS)
    mcs: list[Atom] = []
    arcs: set[tuple] = set()
    for k, g in enumerate(sets):
        mcs += [("mcs", (k, o)) for (o,) in g.get("relax", [])]
        arcs.update(g.get("arc", []))
    core_in = mcs + [("core_arc", (i, a, b)) for i, a, b, _ in sorted(arcs)]
    core_in += [("obs_node", args[:2]) for name, args in atoms if name == "obs"]
    ctl = _observe_control(
        ["hitting"], to_symbols(core_in), entry, ["--heuristic=Domain", "--enum-mode=domRec", "0"]
    )
    cores, done = _models(ctl, deadline, timeout)
    out.cores = cores
    out.cores_complete = complete and done


def classify(
    observed: Observed,
    focus: str,
    reading: Iterable[Atom] = (),
    timeout: float | None = None,
    entry: Path | None = None,
) -> dict[str, list[tuple]]:
    """Part ``classify`` of rules/observe.lp: predictions and the reading of the focus node."""
    deadline = deadline_of(timeout)
    cls_in: list[Atom] = [("possible", tuple(l)) for l in observed.labels]
    cls_in += [("seen", (n,)) for n in observed.observed] + [("focus", (focus,))] + list(reading)
    cls_in += [("gate", g) for g in observed.gates]
    ctl = _observe_control(["classify"], to_symbols(cls_in), entry, [])
    shown = solve_control(ctl, deadline, timeout)
    return group_atoms(shown) if shown is not None else {}

"""Optimisation over the encoding: every optimal model, models within a cost bound, and the
minimal change sets (the flip search of what-if questions)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import clingo

from ..knowledge.paths import entry_encoding
from ..knowledge.terms import Atom
from .solver import Answer, add_facts, deadline_of, group_atoms, load_program, run_control


@dataclass
class Optimum:
    """One model of an optimisation: its cost vector (highest priority first) and shown atoms."""

    cost: list[int]
    optimal: bool
    answer: Answer


def optimise(
    facts: Iterable[Atom],
    query: Iterable[Atom] = (),
    *,
    entry: Path | None = None,
    program_file: str | None = None,
    cost_bound: int | None = None,
    enumerate_all: bool = False,
    timeout: float | None = None,
) -> list[Optimum]:
    """All optimal models (clingo's optN), then every model whose cost is at most ``cost_bound``.

    The encoding (``entry``, without justification companions) or, with
    ``program_file``, a separate program of rules/ (one file name) is grounded
    once; the first solve enumerates the optimal models, the second (only with
    ``cost_bound``) re-solves the same ground program enumerating every model up
    to that cost (``--opt-mode=enum,BOUND``; with ``enumerate_all``, every model).  Models are returned cheapest
    first, ties in the order of their atoms' text.
    """
    deadline = deadline_of(timeout)
    messages: list[str] = []
    ctl = clingo.Control(
        ["--warn=all", "--opt-mode=optN", "--models=0"],
        logger=lambda c, m: messages.append(" ".join(m.split())),
        message_limit=100,
    )
    base = Path(entry or entry_encoding())
    if program_file is None:
        prog = load_program(str(base))
        ctl.add("base", [], prog.base + prog.constraints)
    else:
        ctl.load(str(base.parent / program_file))
    add_facts(ctl, facts, list(query))
    ctl.ground([("base", [])])
    found: dict[str, Optimum] = {}

    def run(keep) -> None:
        def on_model(model: clingo.Model) -> None:
            if keep(model):
                symbols = model.symbols(shown=True)
                key = "\n".join(sorted(str(s) for s in symbols))
                if key not in found:
                    found[key] = Optimum(
                        list(model.cost),
                        model.optimality_proven,
                        Answer(atoms=group_atoms(symbols), messages=messages),
                    )

        run_control(ctl, on_model, deadline, timeout)

    # a model without costs (no option to weigh, e.g. a plan whose stages have no candidate)
    # is optimal by definition, although clingo does not mark it proven
    run(lambda m: m.optimality_proven or not m.cost)
    if (cost_bound is not None or enumerate_all) and found:  # else: no model at all
        ctl.configuration.solve.opt_mode = "enum" if enumerate_all else f"enum,{cost_bound}"
        run(lambda m: True)
    return [found[k] for k in sorted(found, key=lambda k: (found[k].cost, k))]


def minimal_changes(
    facts: Iterable[Atom],
    query: Iterable[Atom] = (),
    *,
    change: str,
    keep: Iterable[str],
    cost_bound: int,
    entry: Path | None = None,
    timeout: float | None = None,
) -> list[Optimum]:
    """Every model whose cost is at most ``cost_bound`` and whose ``change`` atoms (arity 2)
    are a set no other such model's set is a proper subset of: the minimal change sets.

    The encoding (without justification companions) is grounded once and
    solved twice, as ``optimise`` does with a cost bound: the optimal models
    first, then every model up to the bound.  Two things keep this
    proportional to the minimal sets rather than to all sets within the bound:
    each model found adds a clause that no later model holds all its change
    atoms (so no superset of a found set is enumerated: it could not be
    minimal), and of each model only the atoms of the predicates ``keep``
    are read (read through their solver literals, not every shown atom).  A
    model's answer is unique given its change atoms (the rest of the encoding
    has one stable model per question), so the result is the minimal sets of
    the unpruned enumeration, each with the same answer atoms of ``keep``.
    """
    deadline = deadline_of(timeout)
    messages: list[str] = []
    ctl = clingo.Control(
        ["--warn=all", "--opt-mode=optN", "--models=0"],
        logger=lambda c, m: messages.append(" ".join(m.split())),
        message_limit=100,
    )
    prog = load_program(str(Path(entry or entry_encoding())))
    ctl.add("base", [], prog.base + prog.constraints)
    add_facts(ctl, facts, list(query))
    ctl.ground([("base", [])])
    keep = set(keep) | {change}
    read = sorted(
        (str(a.symbol), a.symbol, a.literal)
        for sig in ctl.symbolic_atoms.signatures
        if sig[0] in keep
        for a in ctl.symbolic_atoms.by_signature(*sig)
    )
    changes = [(sym, lit) for _, sym, lit in read if sym.name == change and len(sym.arguments) == 2]
    found: dict[frozenset, Optimum] = {}

    def on_model(model: clingo.Model) -> None:
        cost = list(model.cost)
        chosen = [sym for sym, lit in changes if model.is_true(lit)]
        key = frozenset(str(s) for s in chosen)
        if chosen:  # no later model holds all these changes (a superset is not minimal)
            model.context.add_clause([(s, False) for s in chosen])
        if cost and cost[0] > cost_bound or key in found:
            return
        found[key] = Optimum(
            cost,
            model.optimality_proven,
            Answer(atoms=group_atoms(text for text, _, lit in read if model.is_true(lit)), messages=messages),
        )

    run_control(ctl, on_model, deadline, timeout)
    if found:
        ctl.configuration.solve.opt_mode = f"enum,{cost_bound}"
        run_control(ctl, on_model, deadline, timeout)
    minimal = [k for k in found if not any(g < k for g in found)]
    return [found[k] for k in sorted(minimal, key=lambda k: (found[k].cost, sorted(k)))]

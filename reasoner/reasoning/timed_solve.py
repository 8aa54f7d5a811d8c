"""A solve with a time limit: grounding and solving in a forked child (``reasoning.forked``)
that the parent kills at the deadline; the answer, or the violated constraints, come back as
JSON text of the atoms."""

from __future__ import annotations

import clingo

from ..errors import ResourceLimitError, SolverTimeout
from ..knowledge.terms import Fn, parse_term
from .solver import Answer, Unsatisfiable, ground_and_solve, group_atoms, to_symbol


def solve_in_child(facts, query, deadline, timeout, prog, program, support) -> Answer:
    from . import forked

    def work() -> dict:  # the parent kills the child at the deadline: no solver thread here
        texts, messages = ground_and_solve(facts, query, None, timeout, prog, program, support)
        return {"atoms": texts, "messages": messages}

    def encode(exc: BaseException) -> dict | None:
        if isinstance(exc, Unsatisfiable):
            return {"unsat": [[label, [_atom_text(a) for a in atoms]] for label, atoms in exc.violations]}
        if isinstance(exc, SolverTimeout):
            return {"timeout": True}
        return None

    try:
        out = forked.run(work, deadline, encode)
    except forked.ChildFailed as exc:
        if exc.kind == "timeout":
            raise SolverTimeout(timeout or 0) from None
        if exc.kind in ("memory", "killed"):
            raise ResourceLimitError(exc.detail) from None
        raise RuntimeError(f"the solver process failed: {exc.detail}") from None
    if "error" in out:
        err = out["error"]
        if "timeout" in err:
            raise SolverTimeout(timeout or 0)
        raise Unsatisfiable([(label, [_atom_of(t) for t in atoms]) for label, atoms in err["unsat"]])
    return Answer(atoms=group_atoms(out["ok"]["atoms"]), messages=out["ok"]["messages"])


def _atom_text(atom: tuple) -> str:
    name, args = atom
    return str(clingo.Function(name, [to_symbol(a) for a in args]))


def _atom_of(text: str) -> tuple:
    value = parse_term(text)
    return (value.name, value.args) if isinstance(value, Fn) else (value.name, ())

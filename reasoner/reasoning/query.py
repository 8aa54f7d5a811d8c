"""A question becomes a solve: the knowledge base, the query atoms, the scoped solve."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Iterable, Optional, Sequence

from ..errors import SolverTimeout, UnsatisfiableError
from ..knowledge.store import Store
from ..knowledge.terms import Const
from .solver import Answer, Unsatisfiable, scope, solve


def load_kb(facts: Iterable[Path | str] = (), override: bool = False) -> Store:
    """The knowledge base (bundled plus ``facts``), compiled once and then read from the cache."""
    from ..knowledge.cache import load_store
    from .solver import facts_text

    return load_store(tuple(str(f) for f in facts), override, writer=facts_text)


def query_atoms(contexts: Iterable[tuple[str, Optional[str]]]) -> list[tuple]:
    """Query atoms for (disease, autophagy state) pairs: every view of each disease is answered."""
    q: list[tuple] = []
    for did, state in sorted(set(contexts), key=lambda c: (c[0], c[1] or "")):
        q.append(("query", (did,)))
        if state:
            q.append(("query_state", (did, Const(state))))
    return q


def run(kb: Store, contexts: Iterable[tuple[str, Optional[str]]], timeout: Optional[float] = None,
        trees: bool = True, entry: Optional[Path] = None, extra: Sequence[tuple] = ()) -> Answer:
    """Solve for (disease, autophagy state) pairs in one call.

    First rules/scope.lp says which diseases' studies can bear on the answer;
    only those studies are passed to the solver.  ``entry`` replaces the
    bundled encoding (mutation testing).
    """
    query = query_atoms(contexts) + list(extra)  # extra: comorbidity atoms (issue 16)
    start = time.monotonic()
    try:
        in_scope = scope(kb.scope_atoms(), query, entry=entry, timeout=timeout)
        left = None if timeout is None else max(timeout - (time.monotonic() - start), 1e-6)
        return solve(kb.facts(in_scope), query, timeout=left, entry=entry, support=trees)
    except SolverTimeout:
        raise SolverTimeout(timeout or 0) from None  # the limit the user gave, for both phases
    except Unsatisfiable as exc:
        raise UnsatisfiableError(word_violations(kb, exc.violations)) from None


def word_violations(kb: Store, violations: list[tuple[str, list[tuple]]]) -> str:
    """One line: which constraint the knowledge base violates and which records break it."""
    from .explain import rule_sentence
    from ..knowledge.terms import ATOM_SECTION

    if not violations:
        return "no stable model; check the rules"
    parts = []
    for label, atoms in violations:
        records = []
        for pred, args in atoms:
            section = ATOM_SECTION.get(pred)
            if section and args:
                src = kb.sources.get((section, str(args[0])))
                records.append(f"{section} {args[0]!s} ({Path(src).name if src else 'bundled'})")
        parts.append(f"constraint {label} ({rule_sentence(label)}) is violated by "
                     + " and ".join(dict.fromkeys(records)))
    return "; ".join(parts)

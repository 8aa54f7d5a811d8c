"""A question becomes a solve: the knowledge base, the query atoms, the scoped solve."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Iterable, Optional, Sequence

from ..errors import SolverTimeout, UnsatisfiableError
from ..knowledge.store import Store
from ..knowledge.terms import Const
from .solver import Answer, Unsatisfiable, scope, solve


def load_kb(
    facts: Iterable[Path | str] = (), override: bool = False, base: Optional[Path | str] = None
) -> Store:
    """The knowledge base (bundled plus ``facts``), compiled once and then read from the cache.
    ``base``: another ``facts/`` directory read in place of the bundled files (``impact``)."""
    from ..knowledge.cache import load_store
    from .solver import facts_text

    return load_store(
        tuple(str(f) for f in facts), override, writer=facts_text, base=None if base is None else str(base)
    )


def query_atoms(contexts: Iterable[tuple[str, Optional[str]]]) -> list[tuple]:
    """Query atoms for (disease, autophagy state) pairs: every view of each disease is answered."""
    q: list[tuple] = []
    for did, state in sorted(set(contexts), key=lambda c: (c[0], c[1] or "")):
        q.append(("query", (did,)))
        if state:
            q.append(("query_state", (did, Const(state))))
    # the review's general warnings reach every answer as safety caveats (issue 24)
    return q + warning_atoms() if q else q


def warning_atoms() -> list[tuple]:
    """The review's general warnings (facts/changes.yaml), given with every query."""
    from ..knowledge.changes import load_change_space

    out: list[tuple] = []
    for w in load_change_space().general_warnings:
        out.append(("general_warning", (w.id, Const(w.disease_class), Const(w.intervention_kind))))
        out += [("warning_ref", (w.id, n)) for n in w.refs]
    return out


def run(
    kb: Store,
    contexts: Iterable[tuple[str, Optional[str]]],
    timeout: Optional[float] = None,
    trees: bool = True,
    entry: Optional[Path] = None,
    extra: Sequence[tuple] = (),
) -> Answer:
    """Solve for (disease, autophagy state) pairs in one call.

    First rules/scope.lp says which diseases' studies can bear on the answer;
    only those studies are passed to the solver.  ``entry`` replaces the
    bundled encoding (mutation testing).
    """
    # extra: comorbidity atoms (issue 16); the review's general warnings reach every answer
    # as safety caveats (issue 24), so they are always given
    query = list(dict.fromkeys(query_atoms(contexts) + list(extra)))
    start = time.monotonic()
    try:
        in_scope = scope(kb.scope_atoms(), query, entry=entry, timeout=timeout)
        left = None if timeout is None else max(timeout - (time.monotonic() - start), 1e-6)
        return solve(kb.facts(in_scope), query, timeout=left, entry=entry, support=trees)
    except SolverTimeout:
        raise SolverTimeout(timeout or 0) from None  # the limit the user gave, for both phases
    except Unsatisfiable as exc:
        raise UnsatisfiableError(
            word_violations(kb, exc.violations),
            violation_records(kb, exc.violations),
            list(dict.fromkeys(label for label, _ in exc.violations)),
        ) from None


def violation_records(kb: Store, violations: list[tuple[str, list[tuple]]]) -> list[tuple]:
    """(section, id, file name or None when bundled) of each record named by a violation."""
    from ..knowledge.terms import ATOM_SECTION

    out: list[tuple] = []
    for _, atoms in violations:
        for pred, args in atoms:
            section = ATOM_SECTION.get(pred)
            if section and args:
                src = kb.sources.get((section, str(args[0])))
                rec = (section, str(args[0]), Path(src).name if src else None)
                if rec not in out:
                    out.append(rec)
    return out


def word_violations(kb: Store, violations: list[tuple[str, list[tuple]]]) -> str:
    """One line: which constraint the knowledge base violates and which records break it."""
    from .trees import rule_sentence
    from ..knowledge.terms import ATOM_SECTION

    from ..knowledge.catalogue import say

    if not violations:
        return say("phrases.check.no_stable_model")
    parts = []
    for label, atoms in violations:
        records = []
        for pred, args in atoms:
            section = ATOM_SECTION.get(pred)
            if section and args:
                src = kb.sources.get((section, str(args[0])))
                records.append(
                    say(
                        "phrases.check.violating_record",
                        section=section,
                        id=args[0],
                        file=Path(src).name if src else say("phrases.common.bundled"),
                    )
                )
        parts.append(
            say(
                "phrases.check.violated",
                label=label,
                rule=rule_sentence(label),
                records=say("phrases.check.and").join(dict.fromkeys(records)),
            )
        )
    return "; ".join(parts)

"""Resolve what users type (ids, names, aliases) to canonical ids, with "did you mean"."""

from __future__ import annotations

import re
from typing import Iterable

from ..errors import UnknownValueError


def norm(text: str) -> str:
    """Case- and separator-insensitive key: 'Hepatic I/R' == 'hepatic_ir' == 'hepatic-IR'."""
    return re.sub(r"[\s_\-/.,'’()]+", "", text.casefold())


def resolve(what: str, value: str, choices: Iterable[tuple[str, Iterable[str]]]) -> str:
    """Return the canonical id whose id or alias matches ``value``.

    ``choices`` are (canonical id, aliases).  Raises UnknownValueError naming
    the closest valid ids.
    """
    table: dict[str, str] = {}
    for cid, aliases in choices:
        for name in (cid, *aliases):
            table.setdefault(norm(name), cid)
    key = norm(value)
    if key and key in table:
        return table[key]
    ids = sorted({cid for cid in table.values()})
    import difflib  # only for a miss

    close = difflib.get_close_matches(key, list(table), n=6, cutoff=0.6)
    suggestions: list[str] = []
    for c in close:
        if table[c] not in suggestions:
            suggestions.append(table[c])
    shown = ", ".join(ids[:12]) + (", ..." if len(ids) > 12 else "")
    raise UnknownValueError(what, value, suggestions[:3], valid_hint=shown)

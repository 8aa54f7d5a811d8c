"""Where each section a record cites stands in the review (facts/review.txt): the order in which
``check --coverage`` lists sections.  Read from the text's own headings ("Abstract",
"2.3.1 | mTOR signalling pathway", "TABLE 1 …"), so no section name is written in code."""

from __future__ import annotations

import re
from functools import lru_cache

from .paths import review_text

_HEADING = re.compile(r"^(?:(Abstract)|TABLE (\d+)\b|(\d+(?:\.\d+)*) \| )", re.MULTILINE)


@lru_cache(maxsize=1)
def section_positions() -> dict[str, int]:
    """Section name as records cite it ("Abstract", "Table 1", "2.3.1") -> the offset of its
    heading in the review's text."""
    out: dict[str, int] = {}
    for m in _HEADING.finditer(review_text().read_text(encoding="utf-8")):
        abstract, table, number = m.groups()
        name = abstract or (f"Table {table}" if table else number)
        out.setdefault(name, m.start())
    return out


def review_order(section: str) -> tuple:
    """Sort key: sections in the order the review has them; a section name the review has no
    heading for (a user's) after them, by name."""
    at = section_positions().get(section)
    return (0, at, "") if at is not None else (1, 0, section)

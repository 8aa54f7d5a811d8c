"""Control characters in text meant for a terminal or a Markdown file.

User strings (facts files, names) may carry ESC sequences, carriage returns or
bidirectional overrides that would rewrite a terminal line, break a Markdown
table or reorder what a reader sees.  Text and Markdown output shows them as
visible escapes (``\\x1b``, ``\\u202e``) instead; JSON escapes them itself and
HTML output is escaped by jinja2.
"""

from __future__ import annotations

_BIDI = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029]
_CODES = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), *_BIDI]


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_TABLES: dict[str, dict[int, str]] = {}


def escape_controls(text: str, keep: str = "\n\t") -> str:
    """``text`` with every control or bidi-control character except those in ``keep`` escaped."""
    table = _TABLES.get(keep)
    if table is None:
        table = _TABLES[keep] = {c: _escape(c) for c in _CODES if chr(c) not in keep}
    if text.isprintable() and not any(ch in text for ch in "\u061c\u200e\u200f"):
        return text  # fast path: nothing to escape (isprintable is False for \n, bidi controls)
    return text.translate(table)

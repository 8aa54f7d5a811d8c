"""Free text made safe for the tabular and XML exports (issue 26, item 6).

Labels, quotes, sections and a user's source texts come from facts files, so any
character can reach an export.  Three guards:

* ``cell``: one line for a TSV/CSV cell.  Every control character (tab, newline,
  carriage return, vertical tab, the C0 and C1 ranges, U+2028/U+2029) becomes a
  space and runs of white space one space, so no text can end a cell or forge a row;
  then ``formula`` below.
* ``formula``: a cell that a spreadsheet would run as a formula (first character
  ``=``, ``+``, ``-`` or ``@``) gets a leading apostrophe, the usual guard
  (spreadsheets show the text, not its result).
* ``xml``: characters XML 1.0 forbids (C0 controls but tab, newline and carriage
  return; U+FFFE, U+FFFF; lone surrogates) are dropped, so the GraphML parses.
"""

from __future__ import annotations

import re

_XML_FORBIDDEN = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CONTROLS = re.compile("[\u0000-\u001f\u007f-\u009f\u2028\u2029]")
FORMULA_START = ("=", "+", "-", "@")


def xml(text) -> str:
    """``text`` without the characters XML 1.0 forbids."""
    return _XML_FORBIDDEN.sub("", str(text))


def formula(text: str) -> str:
    """``text`` guarded against being run as a spreadsheet formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def one_line(text) -> str:
    """``text`` on one line: controls to spaces, white space collapsed, XML-forbidden dropped."""
    return " ".join(xml(_CONTROLS.sub(" ", str(text))).split())


def cell(text) -> str:
    """A free-text TSV/CSV cell: one line, guarded against formulas."""
    return formula(one_line("" if text is None else text))

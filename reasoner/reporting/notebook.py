"""Jupyter reprs of the answers: a notebook shows an answer as its HTML report (a fragment whose
CSS is scoped to its root element, ``class="rr"``) and as Markdown.

The reprs are registered with IPython's display formatters for the answer types of
``reasoning.results``, so the answers carry no rendering code and the reasoning room never
imports this one.  ``reasoner.api`` registers them on import when IPython is running.
"""

from __future__ import annotations

import sys
from typing import Any

from ..reasoning.results import Rendered
from .render import render


def html(answer: Any) -> str:
    """The answer's HTML report as a notebook shows it (``render(answer, "fragment")``)."""
    return render(answer, "fragment")


def markdown(answer: Any) -> str:
    return render(answer, "md")


def register(shell: Any = None) -> bool:
    """Register the reprs with ``shell``, else with the running IPython shell, if any; True when
    registered.  IPython looks a type's formatter up along its MRO, so ``Rendered`` covers every
    whole answer."""
    if shell is None:
        ipython = sys.modules.get("IPython")
        shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return False
    formatters = shell.display_formatter.formatters
    formatters["text/html"].for_type(Rendered, html)
    formatters["text/markdown"].for_type(Rendered, markdown)
    return True

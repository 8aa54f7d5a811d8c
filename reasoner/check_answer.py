"""The answer of ``reasoner check --format json``: the result of each of the review's
conclusions run as a regression test (facts/conclusions.yaml), an answer dataclass
(``reasoning.results.answer``) like every other answer.  The JSON (``check_json``, written
through ``reporting.json_data.plain``) is the list of them, in the order of the conclusions;
its schema is ``reasoner schema --check`` (``Check``)."""

from __future__ import annotations

import json
from typing import Literal, Sequence

from .reasoning.results import Field, Out, answer


@answer
class ConclusionResult(Out):
    """One conclusion of the review, run against the rules."""

    id: str = Field(description="Conclusion id (facts/conclusions.yaml).")
    section: str = Field(description="Section of the review it states, e.g. '3.3', 'Table 1', 'Abstract'.")
    status: Literal["pass", "fail"] = Field(description="pass: every expectation holds.")
    failures: list[str] = Field(
        description="Each expectation that does not hold, as a sentence (empty: it passes)."
    )


#: The JSON of ``reasoner check --format json`` (and of the web app's /api/check): a list, one
#: result per conclusion.
Check = list[ConclusionResult]


def check_json(results: Sequence[ConclusionResult]) -> str:
    """``reasoner check --format json`` without its final newline."""
    from .reporting.json_data import plain

    return json.dumps(plain(list(results)), indent=2)

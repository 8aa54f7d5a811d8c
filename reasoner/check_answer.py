"""The answer of ``reasoner check --format json``: the result of each of the review's
conclusions run as a regression test (facts/conclusions.yaml), an answer dataclass
(``reasoning.answer_types.answer``) like every other answer.  The JSON (``check_json``, written
through ``reporting.json_data.plain``) is the list of them, in the order of the conclusions;
its schema is ``reasoner schema --check`` (``Check``)."""

from __future__ import annotations

import json
from typing import Any, ClassVar, Literal, Optional, Sequence

from .reasoning.results import Field, Out, answer

#: What a failed expectation expected: the key of its words (rules/sentences.yaml,
#: ``phrases.check.<code>``), one per kind of expectation of facts/conclusions.yaml.
FailureCode = Literal[
    "alternatives", "candidate", "candidate_kind", "candidate_ref", "cautions", "caveats",
    "cell_culture_majority", "cheapest_flip", "comorbidity_conflict", "comorbidity_not_recommended",
    "conflict", "conflict_about", "conflict_ref", "conflict_sides", "contested",
    "contested_reconciliation", "derived", "desired", "direction_agrees", "edge",
    "evidence_accounted", "evidence_from", "extrapolated", "flip", "flip_desired", "flip_rank",
    "flip_record", "helpful_for", "hypothesis", "mechanism", "no_candidate_ref", "no_flip",
    "not_candidate", "not_hypothesis", "not_recommended", "not_recommended_ref", "not_role_record",
    "plan_choice", "plan_no_carry", "reconciled", "reconciliation", "reconciliation_basis",
    "release_mechanism", "role", "role_record", "role_ref", "score_part", "stage", "stages_of",
    "step", "support", "tier", "unknown_study",
]  # fmt: skip


@answer
class Failure(Out):
    """One expectation of a conclusion that does not hold: its code and arguments beside its
    words (as ``WarningOut`` beside a warning)."""

    code: FailureCode = Field(
        description="What was expected and does not hold: the key of its words "
        "(rules/sentences.yaml, phrases.check.<code>). Decide on it, never on `text`."
    )
    args: dict[str, Any] = Field(
        description="Its arguments by name, as the words use them: `want` the value expected, `got` "
        "the value found (null: none found), and the ids, references, stages or studies concerned; "
        "where the words say a value in English (e.g. 'no such item'), the argument is null."
    )
    context: Optional[dict[str, str]] = Field(
        default=None,
        description="The question the expectation asks, when the conclusion has several: its "
        "disease, stage and autophagy_state (those given), or the study of a mechanism "
        "expectation; left out when the conclusion has one expectation.",
    )
    text: str = Field(description="The failure in words, as the matching line of `failures`.")

    OMIT_NONE: ClassVar[frozenset] = frozenset({"context"})


@answer
class ConclusionResult(Out):
    """One conclusion of the review, run against the rules."""

    id: str = Field(description="Conclusion id (facts/conclusions.yaml).")
    section: str = Field(description="Section of the review it states, e.g. '3.3', 'Table 1', 'Abstract'.")
    status: Literal["pass", "fail"] = Field(description="pass: every expectation holds.")
    failures: list[str] = Field(
        description="Each expectation that does not hold, as a sentence (empty: it passes)."
    )
    failure_codes: Optional[list[Failure]] = Field(
        default=None,
        description="The same failures, in the same order, each as a code with its arguments: "
        "decide on these, never on the words; left out when it passes.",
    )

    OMIT_NONE: ClassVar[frozenset] = frozenset({"failure_codes"})


#: The JSON of ``reasoner check --format json`` (and of the web app's /api/check): a list, one
#: result per conclusion.
Check = list[ConclusionResult]


def check_json(results: Sequence[ConclusionResult]) -> str:
    """``reasoner check --format json`` without its final newline."""
    from .reporting.json_data import plain

    return json.dumps(plain(list(results)), indent=2)


@answer
class SectionCount(Out):
    """The conclusions of one section of the review (``reasoner check --coverage``)."""

    section: str = Field(description="Section of the review, e.g. '3.3', 'Table 1', 'Abstract'.")
    conclusions: int = Field(description="How many conclusions of facts/conclusions.yaml state it.")


#: The JSON of ``reasoner check --coverage --format json``: a list, one count per section, the
#: sections in the review's order (``check.coverage``); its schema is ``reasoner schema --coverage``.
Coverage = list[SectionCount]


def coverage_json(rows: Sequence[tuple[str, int]]) -> str:
    """``reasoner check --coverage --format json`` of ``check.coverage``'s rows, without its
    final newline."""
    from .reporting.json_data import plain

    return json.dumps(plain([SectionCount(section=s, conclusions=n) for s, n in rows]), indent=2)

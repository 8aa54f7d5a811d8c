"""Words of the rules' vocabulary that Python needs as values: one list each, named once.

The autophagy level (what ``--autophagy-state`` gives, what a study records as
``autophagy_level``, what the rules read as ``query_state``/``study_level`` and map to a
direction with ``state_direction/2`` in rules/roles.lp) is ``AUTOPHAGY_LEVELS``; the pydantic
models and the JSON Schemas take their ``Literal`` from here, and tests/test_vocabulary.py
checks that the rules' vocabulary names the same levels.
"""

from typing import Literal, get_args

#: The autophagy levels, lowest first: written once, as the type; the tuple is read from it.
AutophagyLevel = Literal["insufficient", "moderate", "excessive"]
AUTOPHAGY_LEVELS: tuple[str, ...] = get_args(AutophagyLevel)
#: The kind of a derived intervention ``block:X`` / ``restore:X`` (rules/recommend.lp).
KIND_OF_DERIVED = {"block": "cargo_blockade", "restore": "cargo_overexpression"}
#: The kinds of a discrepancy record (facts/discrepancies.yaml): the records' field and the
#: answer's ``Caveat.kind`` (which adds ``safety``).
DiscrepancyKind = Literal[
    "table_ref_number",
    "author_name",
    "donor_cell",
    "title_vs_text",
    "review_internal",
    "uncited",
    "scope",
    "background",
    "primary_vs_review",
    "retracted",
]

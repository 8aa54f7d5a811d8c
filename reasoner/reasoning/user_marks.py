"""Where a user's --facts files act on an answer item (issue 26, item 11: every format marks
a user's record).  ``user_files`` reads an item of any answer; ``stage_marks`` gives the
items of one stage of a plan whose answer rests on a user's file.

A plan is one solve without justification trees: ``stage_marks`` reads from it the records
the stage's candidates and hypotheses rest on (their supporting studies and the edges of
their mechanism paths); ``reasoner.score_changes.attribute_plan`` adds the items whose score
parts the files moved without a path (it compares each stage with the bundled answer).
"""

from __future__ import annotations

from typing import Optional


def user_files(item) -> list[str]:
    """The user's --facts files an answer item rests on anywhere: its tree, its supporting
    studies, its mechanism paths and its score parts (sorted, once each)."""
    files: set[str] = set()
    trace = getattr(item, "trace", None)
    if trace is not None:
        files.update(trace.rests_on or ())
    files.update(s.user_file for s in getattr(item, "support", []) if s.user_file)
    for m in getattr(item, "mechanism", []) or []:
        files.update(p.user_file for p in (m.path or []) if p.user_file)
    for p in getattr(item, "score_parts", []):
        files.update(p.changed_by or ())
    return sorted(files)


def stage_marks(kb, ans, disease, stage: str, facts) -> Optional[dict[str, list[str]]]:
    """{item id: the user's files it rests on} for the candidates and hypotheses of ``stage``
    in a plan's solve ``ans``; None without --facts or when no item rests on them."""
    from .suggestion_builder import Builder  # here: ``user_files`` is imported where no solve is needed
    from .candidates import candidates

    if not facts:
        return None
    b = Builder(kb, ans, disease, stage, None, list(facts), trees=False)
    marks = {c.id: user_files(c) for c in [*candidates(b), *candidates(b, "hypothesis")]}
    return {k: v for k, v in sorted(marks.items()) if v} or None

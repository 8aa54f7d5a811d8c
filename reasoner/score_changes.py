"""Which parts of a candidate's score a user's --facts files changed (issue 26, item 11).

A user's record can move a score without showing up in any path or tree (an edge that
makes a mechanism ambiguous takes the mechanism part away).  With --facts the same
question is answered once more over the bundled knowledge base alone, and every score
part whose value differs names the files: "changed by your facts: mine.yaml (1 without
them)".  Python only compares two answers of the solver.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

from .knowledge.catalogue import say

SAY = "phrases.suggestion."  # the words of a changed score part (rules/sentences.yaml)


def attribute_scores(
    s,
    facts: Sequence,
    disease: str,
    stage: Optional[str],
    state: Optional[str],
    comorbid: Sequence[str],
    timeout: Optional[float],
):
    """Mark in ``s`` (an answer with ``facts``) the score parts the facts changed."""
    from . import api
    from .errors import ReasonerError

    if not facts:
        return s
    try:
        base = api.suggest(disease, stage, state, facts=(), timeout=timeout, trees=False, comorbid=comorbid)
    except ReasonerError:  # a disease or stage only the user's files name: nothing to compare
        return s
    names = [Path(str(f)).name for f in facts]
    files = ", ".join(names)
    before = {c.id: {p.name: p.value for p in c.score_parts} for c in [*base.candidates, *base.hypotheses]}
    for c in [*s.candidates, *s.hypotheses]:
        old = before.get(c.id)
        changed = set()
        for p in c.score_parts:
            was = None if old is None else old.get(p.name)
            if was != p.value:
                p.changed_by, p.value_without = names, was
                without = (
                    say(f"{SAY}score_not_candidate")
                    if old is None
                    else say("phrases.common.score_without", value=was)
                )
                p.note = say(
                    f"{SAY}score_note",
                    note=p.note,
                    changed=say(f"{SAY}score_changed", files=files, without=without),
                )
                changed.add(p.name)
        if changed and getattr(c, "trace", None) is not None:
            mark_score_nodes(c.trace, changed, names)
    return s


def mark_score_nodes(trace, parts: set, files: list) -> None:
    """The tree's score-part claims (rule labels score_<part>, rules/ranking.lp) of the parts
    the files changed rest on those files, and so does the item's root claim."""
    from .reasoning.trees import rests_on

    labels = {f"score_{name}" for name in parts}
    for node in trace.children:
        if node.rule in labels:
            node.rests_on = sorted(set(node.rests_on or ()) | set(files))
    trace.rests_on = rests_on(trace.children)


def attribute_plan(
    p, facts: Sequence, comorbid: Sequence[str], timeout: Optional[float], override: bool = False
):
    """Add to ``p`` (a plan with ``facts``) the stage items whose score parts the facts changed:
    the plan's own solve marks the items resting on a user's study or path edge
    (reasoning.user_marks); a score part an edge moves without a path (one that makes a mechanism
    ambiguous) shows only against the bundled answer, so each stage is asked once with the
    facts and once without them (``attribute_scores``).  Comorbidities do not move a score."""
    from . import api
    from .errors import ReasonerError

    if not facts or override:
        return p
    for st in p.stages:
        shown = {*st.choice, *st.alternatives, *st.hypotheses}
        try:
            s = api.suggest(p.context.disease, st.stage, facts=facts, timeout=timeout, trees=False)
        except ReasonerError:  # the stage is answered in the plan; nothing more to compare
            continue
        attribute_scores(s, facts, p.context.disease, st.stage, None, (), timeout)
        marks = dict(st.user_files or {})
        for c in [*s.candidates, *s.hypotheses]:
            files = {f for part in c.score_parts for f in (part.changed_by or ())}
            if files and c.id in shown:
                marks[c.id] = sorted(set(marks.get(c.id, ())) | files)
        st.user_files = dict(sorted(marks.items())) or None
    return p

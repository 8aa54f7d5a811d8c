"""The package API: suggest, explain, plan, and the listings.

A façade over the rooms: names are resolved in ``knowledge.names``, a question
becomes a solve in ``reasoning.query``, the atoms become the answer in
``reasoning.suggestion_builder`` (suggest), ``reasoning.explanation`` (explain) and
``reasoning.whatif`` (comorbidities, flips, plan); ``listings`` lists records.
Every conclusion comes from the rules; nothing here names a disease, stage or study.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional, Sequence

from .knowledge.changes import load_change_space
from .knowledge.index import intervention_index
from .knowledge.names import (
    disease_choices,
    entity_choices,
    intervention_choices,
    resolve_comorbidities,
    resolve_context,
    resolve_intervention,
)
from .knowledge.sources import facts_files
from .knowledge.vocabulary import AUTOPHAGY_LEVELS, KIND_OF_DERIVED
from .listings import (
    disease_rows,
    find_interventions,
    find_studies,
    reference_numbers,
    reference_records,
    study_rows,
)
from .reasoning import results as r
from .reasoning.suggestion_builder import build, identifiers, iv_id, name, references
from .reasoning.trees import index_supports
from .reasoning.explanation import explanation
from .reasoning.query import load_kb, query_atoms, run, word_violations
from .reasoning.whatif import (
    FLIP_ATOMS,
    add_comorbidity,
    answer_with,
    comorbidity_atoms,
    find_flips,
    find_flips_many,
    plan_for,
    warning_atoms,
)
from .reasoning.wording import Labels, say, word_warning

if "IPython" in sys.modules:  # a notebook shows answers as their reports
    from .reporting.notebook import register

    register()

__all__ = [
    "suggest",
    "suggest_many",
    "explain",
    "plan",
    "load_kb",
    "find_interventions",
    "find_studies",
    "disease_rows",
    "study_rows",
    "reference_records",
    "reference_numbers",
    "intervention_index",
    "intervention_choices",
    "resolve_context",
    "resolve_intervention",
    "resolve_comorbidities",
    "disease_choices",
    "entity_choices",
    "build",
    "run",
    "query_atoms",
    "word_violations",
    "answer_with",
    "add_comorbidity",
    "comorbidity_atoms",
    "warning_atoms",
    "find_flips",
    "find_flips_many",
    "plan_for",
    "load_change_space",
    "explanation",
    "facts_files",
    "identifiers",
    "references",
    "iv_id",
    "name",
    "Labels",
    "say",
    "word_warning",
    "FLIP_ATOMS",
    "AUTOPHAGY_LEVELS",
    "KIND_OF_DERIVED",
]


def suggest(
    disease: str,
    stage: Optional[str] = None,
    autophagy_state: Optional[str] = None,
    facts: Sequence[Path | str] = (),
    override: bool = False,
    timeout: Optional[float] = None,
    trees: bool = True,
    comorbid: Sequence[str] = (),
    flips: bool = False,
    alternatives: Optional[int] = None,
) -> r.Suggestion:
    """Answer: what autophagy does in ``disease`` at ``stage`` and what to try or avoid.

    ``trees=False`` leaves out the justification trees (every ``trace`` is null).

    >>> s = suggest("hepatic_IR", "reperfusion")  # doctest: +SKIP
    """
    kb = load_kb(facts, override)
    d, sid, state = resolve_context(kb, disease, stage, autophagy_state)
    co = resolve_comorbidities(kb, d.id, comorbid)
    s = answer_with(kb, d, sid, state, co, facts, trees, timeout, alternatives)
    if flips:
        for n in s.not_recommended:
            found, _ = find_flips(kb, d, sid, state, co, n.id, "not_recommended", False, timeout)
            n.flip = found[0] if found else None
    return s


def suggest_many(
    contexts: Optional[Sequence[tuple[str, Optional[str]]]],
    autophagy_state: Optional[str] = None,
    facts: Sequence[Path | str] = (),
    override: bool = False,
    timeout: Optional[float] = None,
    trees: bool = True,
) -> list[r.Suggestion]:
    """``suggest`` for several (disease, stage) contexts, answered by one solve; ``None``:
    every disease, without a stage and at each of its stages, in the knowledge base's order.

    >>> pages = suggest_many([("hepatic_IR", None), ("hepatic_IR", "reperfusion")])  # doctest: +SKIP
    """
    kb = load_kb(facts, override)
    if contexts is None:
        contexts = [(d.id, st) for d in kb.diseases for st in [None] + [s.id for s in d.stages]]
    resolved = [resolve_context(kb, d, st, autophagy_state) for d, st in contexts]
    ans = run(kb, [(d.id, state) for d, _, state in resolved], timeout, trees)
    supports = index_supports(ans.get("support")) if trees else None
    return [build(kb, ans, d, sid, state, facts, trees, supports) for d, sid, state in resolved]


def explain(
    intervention: str,
    disease: str,
    stage: Optional[str] = None,
    autophagy_state: Optional[str] = None,
    facts: Sequence[Path | str] = (),
    override: bool = False,
    timeout: Optional[float] = None,
    comorbid: Sequence[str] = (),
    why_not: bool = False,
) -> r.Explanation:
    """Why (or why not) ``intervention`` for ``disease`` at ``stage``, and what would change it.

    ``why_not=True`` answers only why it is not recommended: for a candidate, the
    tree keeps only the conditions that found nothing against it.

    >>> e = explain("ucmsc_exos_mir_20a", "hepatic_IR", "reperfusion")  # doctest: +SKIP
    """
    kb = load_kb(facts, override)
    d, sid, state = resolve_context(kb, disease, stage, autophagy_state)
    co = resolve_comorbidities(kb, d.id, comorbid)
    s = answer_with(kb, d, sid, state, co, facts, True, timeout)
    if facts and not override:  # the score parts the user's files moved, as suggest marks them
        from .score_changes import attribute_scores

        attribute_scores(s, facts, d.id, sid, state, comorbid, timeout)
    index = intervention_index(kb, facts, override)
    e = explanation(kb, s, d, sid, intervention, index, why_not=why_not)
    e.flips, e.flips_note = find_flips(
        kb,
        d,
        sid,
        state,
        co,
        e.intervention,
        e.status,
        any(c.id == e.intervention and c.rank == 1 for c in s.candidates),
        timeout,
        index=index,
    )
    extra = {n for f in e.flips for n in f.refs} - {ref.n for ref in e.references}
    if extra:
        e.references = references(kb, {ref.n for ref in e.references} | extra)
    if co:
        e.context = s.context
    iv = kb.get("interventions", e.intervention)
    named = [e.intervention.split(":")[1]] if ":" in e.intervention else []
    if iv is not None:
        named += [x for x in (iv.source, iv.cargo) if x]
    e.identifiers = identifiers(kb, [("diseases", d.id)] + [("entities", x) for x in named])
    return e


def plan(
    disease: str,
    comorbid: Sequence[str] = (),
    facts: Sequence[Path | str] = (),
    override: bool = False,
    timeout: Optional[float] = None,
) -> r.Plan:
    """A choice per stage of a staged disease, in one solve (rules/plan.lp, rules/choose.lp)."""
    from .score_changes import attribute_plan  # items whose score parts the user's files moved

    return attribute_plan(
        plan_for(load_kb(facts, override), disease, comorbid, facts, timeout),
        facts,
        comorbid,
        timeout,
        override,
    )

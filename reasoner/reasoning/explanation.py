"""The explain answer: why (or why not) an intervention, from a suggest answer."""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

from ..knowledge.index import intervention_index
from ..knowledge.names import resolve_intervention
from ..knowledge.store import Store
from ..knowledge.terms import Fn
from . import results as r
from .suggestion_builder import references, tree_refs, unique_caveats
from .wording import Labels, at_stage, say


def explanation(
    kb: Store, s: r.Suggestion, d, sid, intervention: str, index: Optional[dict] = None, why_not: bool = False
) -> r.Explanation:
    """``index``: ``intervention_index`` of ``kb`` (built here, uncached, when not given)."""
    known = {c.id: c for c in s.candidates}
    hypotheses = {c.id: c for c in s.hypotheses}
    blocked = {n.id: n for n in s.not_recommended}
    if index is None:
        index = intervention_index(kb, cached=False)
    iid = resolve_intervention(
        kb,
        intervention,
        list(known) + list(hypotheses) + list(blocked) + [c.item for c in s.conflicts if c.item],
        index,
    )
    elsewhere = [x for x in index["applied_in"].get(iid, []) if x != d.id]
    where = at_stage(s.context.stage_name or sid) if sid else ""
    if iid in known:
        return explain_candidate(kb, s, d, known[iid], where, elsewhere, why_not)
    if iid in hypotheses:
        c = hypotheses[iid]
        return r.Explanation(
            context=s.context,
            intervention=iid,
            label=c.label,
            status="hypothesis",
            summary=say("explain_hypothesis", summary=c.summary),
            trace=c.trace,
            elsewhere=elsewhere,
            caveats=item_caveats(c),
            references=references(kb, tree_refs(c.trace)),
        )
    if iid in blocked:
        return explain_not_recommended(kb, s, d, blocked[iid], where, elsewhere)
    contested = {x.item: x for x in s.conflicts if x.item}
    if iid in contested:
        return explain_contested(kb, s, iid, contested[iid], elsewhere)
    return explain_no_evidence(kb, s, d, iid, where, elsewhere)


def explain_candidate(
    kb: Store, s: r.Suggestion, d, c: r.Candidate, where: str, elsewhere: list[str], why_not: bool
) -> r.Explanation:
    """A candidate: its summary and tree; ``why_not``: why it does not rank higher (the
    tree's negated branches)."""
    trace, summary = c.trace, say("explain_candidate", summary=c.summary)
    if why_not:
        summary = say("explain_why_not_candidate", label=c.label, disease=d.name, where=where, rank=c.rank)
        if trace is not None:
            trace = replace(trace, children=[x for x in trace.children if x.negated])
    return r.Explanation(
        context=s.context,
        intervention=c.id,
        label=c.label,
        status="candidate",
        summary=summary,
        trace=trace,
        elsewhere=elsewhere,
        caveats=item_caveats(c),
        references=references(kb, tree_refs(trace)),
    )


def explain_not_recommended(
    kb: Store, s: r.Suggestion, d, n: r.NotRecommended, where: str, elsewhere: list[str]
) -> r.Explanation:
    """An intervention advised against: the reasons, and the stages where it may fit."""
    alt = say("explain_alternative", stages=", ".join(n.alternatives)) if n.alternatives else ""
    return r.Explanation(
        context=s.context,
        intervention=n.id,
        label=n.label,
        status="not_recommended",
        summary=say(
            "explain_not_recommended",
            disease=d.name,
            where=where,
            reasons="; ".join(n.reasons),
            alternative=alt,
        ),
        alternatives=n.alternatives,
        trace=n.trace,
        elsewhere=elsewhere,
        caveats=n.caveats,
        references=references(kb, tree_refs(n.trace)),
    )


def explain_contested(
    kb: Store, s: r.Suggestion, iid: str, con: r.Conflict, elsewhere: list[str]
) -> r.Explanation:
    """An item contested at the stage: the conflict's note and its reconciliations."""
    return r.Explanation(
        context=s.context,
        intervention=iid,
        label=Labels(kb).intervention(iid),
        status="contested",
        summary=con.note
        + "".join(
            say("explain_reconciled", refs=", ".join(map(str, x.refs)), quote=x.quote)
            for x in con.reconciliation
        ),
        elsewhere=elsewhere,
        caveats=con.caveats,
        references=references(kb, con.refs),
    )


def explain_no_evidence(
    kb: Store, s: r.Suggestion, d, iid: str, where: str, elsewhere: list[str]
) -> r.Explanation:
    """An intervention without evidence here, with the diseases where it was applied."""
    label = Labels(kb).intervention(Fn(iid.split(":")[0], (iid.split(":")[1],)) if ":" in iid else iid)
    hint = say("explain_elsewhere", diseases=", ".join(elsewhere)) if elsewhere else ""
    return r.Explanation(
        context=s.context,
        intervention=iid,
        label=label,
        status="no_evidence",
        summary=say("explain_no_evidence", label=label, disease=d.name, where=where, hint=hint),
        elsewhere=elsewhere,
    )


def item_caveats(c: r.Candidate) -> list[r.Caveat]:
    return unique_caveats([*c.caveats, *(x for m in c.mechanism for x in m.caveats)])

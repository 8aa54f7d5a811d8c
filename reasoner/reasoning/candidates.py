"""The candidates and hypotheses of a suggest answer (``candidates``), each with its supporting
studies, score parts, mechanism path, safety caveats and trace; parts of ``suggestion_builder.Builder``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from ..knowledge.catalogue import label
from ..knowledge.primary import level_words, support_fields  # issue 25
from ..knowledge.sources import user_file
from ..knowledge.terms import Const, Fn
from ..knowledge.vocabulary import KIND_OF_DERIVED
from . import results as r
from .suggestion_builder import iv_id, name
from .trees import rests_on
from .wording import at_stage, part_note, say

if TYPE_CHECKING:
    from .suggestion_builder import Builder


def mechanism(b: Builder, study: str) -> r.Mechanism:
    status = next(
        (name(row[2]) for row in b.ans.get("mechanism") if row[0] == study and row[1] == Const("autophagy")),
        "none",
    )
    derived = next(
        (
            name(row[2])
            for row in b.ans.get("derived_effect")
            if row[0] == study and row[1] == Const("autophagy")
        ),
        None,
    )
    by_source: dict[str, list[tuple]] = {}
    for st, a, to, sign, eid in b.ans.get("path_step"):
        if st == study and a != "autophagy":
            by_source.setdefault(a, []).append((to, sign, eid))
    steps: list[r.PathStep] = []
    node, visited = b.kb.get("studies", study).cargo, set()
    while node in by_source and node not in visited:  # cargo -> target -> ... -> autophagy
        visited.add(node)
        # the review's own edge first: a user's edge shows only where the review has none
        # (explain's tree follows the review's path too)
        to, sign, eid = min(by_source[node], key=lambda x: (user_file(b.kb, "edges", x[2]) is not None, x))
        edge = b.kb.get("edges", eid)
        steps.append(
            r.PathStep(
                source=node,
                target=to,
                source_label=b.label(node),
                target_label=b.label(to),
                sign="+" if sign > 0 else "-",
                edge=eid,
                refs=edge.refs if edge else [],
                user_file=user_file(b.kb, "edges", eid),
            )
        )
        node = to
    return r.Mechanism(  # status: a solver name
        study=study,
        status=status,  # type: ignore[arg-type]
        derived=derived,
        path=steps,
        caveats=b.caveats(Fn("mechanism", (study,))),
    )


def candidates(b: Builder, pred: str = "candidate") -> list[r.Candidate]:
    """Candidates (``pred`` candidate) or hypotheses (``pred`` hypothesis) of the view."""
    ranks = {iv_id(row[2]): row[3] for row in b.rows("rank")}
    scores = {iv_id(row[2]): row[3] for row in b.rows("score")}
    tiers = {iv_id(row[2]): row[3] for row in b.rows("tier")}
    out = [
        candidate(b, pred, iv, ranks[iv_id(iv)], scores[iv_id(iv)], tiers.get(iv_id(iv)))
        for _, _, iv in b.rows(pred)
    ]
    out.sort(key=lambda c: (c.rank, c.id))
    return out


def candidate(b: Builder, pred: str, iv, rank, score, tier) -> r.Candidate:
    """One candidate (or hypothesis) ``iv`` of the view, at ``rank`` with ``score`` and
    ``tier`` (1: evidence in the disease itself)."""
    iid = iv_id(iv)
    sup = supports(b, iv)
    rec = b.kb.get("interventions", iid)
    kind = rec.kind if rec else KIND_OF_DERIVED.get(getattr(iv, "name", ""), "unknown")
    cargo = rec.cargo if rec else (iv.args[0] if isinstance(iv, Fn) else None)
    effect = sorted({s.autophagy_effect for s in sup})
    stages, contested_at = stages_of(b, iv)
    refs = sorted({n for s in sup for n in s.refs})
    extrap = all(s.how == "extrapolated" for s in sup)
    origin = sorted({s.disease for s in sup if s.how == "extrapolated" and s.disease})
    summary = candidate_summary(b, iv, effect, refs, origin if extrap else None)
    trace = candidate_trace(b, pred, iv, sup, rank)
    return r.Candidate(
        id=iid,
        label=b.label.intervention(iv),
        kind=kind,
        source=rec.source if rec else None,
        cargo=cargo,
        autophagy_effect="/".join(effect),
        rank=rank,
        score=score,
        score_parts=score_parts(b, iv),
        extrapolated=extrap,
        derived=all(s.provenance == "derived" for s in sup),
        refs=refs,
        support=sup,
        mechanism=[mechanism(b, s.study) for s in sup],
        stages=[str(s) for s in stages],
        contested_stages=[str(s) for s in contested_at],
        tier=("related_disease" if tier != 1 else "stage_model" if extrap else "same_disease"),
        evidence_from=origin if extrap else [],
        evidence_level=evidence_levels(sup),
        derived_from=sorted({s.study for s in sup if s.provenance == "derived"})
        if pred == "hypothesis"
        else [],
        cargo_applied=sorted({iv_id(row[3]) for row in b.rows("cargo_applied") if row[2] == iv}) or None,
        caveats=b.caveats(Fn("supported", (iv,))) + safety(b, iv),
        summary=summary,
        trace=trace,
    )


def supports(b: Builder, iv) -> list[r.Support]:
    """The studies that support ``iv`` in the view, each with how (same disease or
    extrapolated), its provenance and the effect on autophagy the rules read."""
    sup = []
    for _, _, _, st, how in [row for row in b.rows("support_kind") if row[2] == iv]:
        rec = b.kb.get("studies", st)
        prov = next(
            (name(row[3]) for row in b.ans.get("outcome_of") if row[0] == st and row[1] == iv), "reported"
        )
        eff = next(
            (name(row[2]) for row in b.ans.get("effect_of") if row[0] == st and row[1] == iv),
            rec.autophagy_effect or say("effect_past")["none"],
        )
        sup.append(
            r.Support(
                study=st,
                disease=rec.disease,
                how=name(how),  # type: ignore[arg-type]
                provenance=prov,  # type: ignore[arg-type]
                autophagy_effect=eff,  # type: ignore[arg-type]
                outcome=rec.outcome,
                evidence=rec.evidence,
                species=list(rec.species),
                refs=rec.refs,
                quote=rec.quote,
                user_file=user_file(b.kb, "studies", st),
                sources=list(rec.get("sources", [])),
                **support_fields(b.ans, st, b.kb),
            )
        )
    return sup


def score_parts(b: Builder, iv) -> list[r.ScorePart]:
    """The parts of ``iv``'s score, in ``PART_ORDER``."""
    parts = [
        r.ScorePart(name=name(p), value=v, weight=w, note=part_note(name(p), v))
        for _, _, _, p, v, w in b.rows("score_part")
        if _ == iv
    ]
    return sorted(parts, key=lambda p: PART_ORDER.index(p.name))


def stages_of(b: Builder, iv) -> tuple[list, list]:
    """In the whole-disease view, the stages where ``iv`` is a candidate (or hypothesis) and
    those where it is contested; none in a stage's view."""
    if b.sid is not None:
        return [], []
    # stages only where rules/recommend.lp ties it to one (stage_fit: contested at none)
    stages = sorted(
        row[1]
        for row in b.ans.get("stage_fit")
        if row[0] == b.did and row[2] == iv and row[1] != Const("all")
    )
    contested_at = sorted({row[1] for row in b.ans.get("contested_item") if row[0] == b.did and row[2] == iv})
    return stages, contested_at


def candidate_summary(b: Builder, iv, effect: list[str], refs: list[int], origin: Optional[list[str]]) -> str:
    """The candidate's sentence; ``origin``: the diseases its evidence is extrapolated from
    (None: not extrapolated)."""
    where = at_stage(b.stage_name) if b.sid else ""
    return say(
        "candidate",
        label=b.label.intervention(iv),
        disease=b.d.name,
        where=where,
        effect="/".join(effect),
        refs=", ".join(map(str, refs)),
        extrapolated=say("candidate_extrapolated", diseases=", ".join(b.label(x) for x in origin))
        if origin is not None
        else "",
    )


def candidate_trace(b: Builder, pred: str, iv, sup: list[r.Support], rank) -> Optional[r.TraceNode]:
    """The candidate's tree: its rule, the mechanisms of its studies, its score parts and
    its rank (None without trees)."""
    seen: dict = {}
    trace = b.tree(pred, (b.did, b.view, iv), seen)
    if trace is None:
        return None
    for s in sup:
        for row in b.ans.get("mechanism"):
            if row[0] == s.study:
                trace.children.append(b.tree("mechanism", row, seen))  # type: ignore[arg-type]
    for row in b.rows("score_part"):
        if row[2] == iv:
            trace.children.append(b.tree("score_part", row, seen))  # type: ignore[arg-type]
    trace.children.append(b.tree("rank", (b.did, b.view, iv, rank), seen))  # type: ignore[arg-type]
    trace.rests_on = rests_on(trace.children)
    return trace


def safety(b: Builder, iv) -> list[r.Caveat]:
    """The review's general warnings that cover ``iv`` (rules/comorbidity.lp, safety/4)."""
    from ..knowledge.changes import load_change_space

    out = []
    warnings = {w.id: w for w in load_change_space().general_warnings}
    for wid in sorted({row[3] for row in b.rows("safety") if row[2] == iv}):
        w = warnings[wid]
        out.append(
            r.Caveat(
                id=wid,
                kind="safety",
                refs=list(w.refs),
                text=say(
                    "safety_caveat",
                    section=w.section,
                    quote=w.quote,
                    kind=label("intervention", w.intervention_kind),
                ),
            )
        )
    return out


PART_ORDER = ["context", "model", "mechanism", "papers", "reported", "caveats"]
EVIDENCE_ORDER = ["both", "in_vivo", "in_vitro", "unspecified"]


def evidence_levels(sup: list[r.Support]) -> list[str]:
    """Distinct evidence levels of the supporting studies, strongest model first."""
    # where the review is silent, the cited paper's statement, marked as the paper's (issue 25)
    return [words for _, words in sorted(set(level_words(s) for s in sup))]

"""The candidates and hypotheses of a suggest answer (``candidates``), each with its supporting
studies, score parts, mechanism path, safety caveats and trace; parts of ``answer.Builder``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..knowledge.primary import level_words, support_fields  # issue 25
from ..knowledge.sources import user_file
from ..knowledge.terms import Const, Fn
from ..knowledge.vocabulary import KIND_OF_DERIVED
from . import results as r
from .answer import iv_id, name
from .explain import rests_on
from .wording import at_stage, part_note, say

if TYPE_CHECKING:
    from .answer import Builder


def mechanism(b: Builder, study: str) -> r.Mechanism:
    status = next((name(row[2]) for row in b.ans.get("mechanism")
                   if row[0] == study and row[1] == Const("autophagy")), "none")
    derived = next((name(row[2]) for row in b.ans.get("derived_effect")
                    if row[0] == study and row[1] == Const("autophagy")), None)
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
        to, sign, eid = min(by_source[node],
                           key=lambda x: (user_file(b.kb, "edges", x[2]) is not None, x))
        edge = b.kb.get("edges", eid)
        steps.append(r.PathStep(source=node, target=to,
                                source_label=b.label(node), target_label=b.label(to),
                                sign="+" if sign > 0 else "-",
                                edge=eid, refs=edge.refs if edge else [],
                                user_file=user_file(b.kb, "edges", eid)))
        node = to
    return r.Mechanism(study=study, status=status, derived=derived, path=steps,
                                       caveats=b.caveats(Fn("mechanism", (study,))))


def candidates(b: Builder, pred: str = "candidate") -> list[r.Candidate]:
    """Candidates (``pred`` candidate) or hypotheses (``pred`` hypothesis) of the view."""
    out = []
    ranks = {iv_id(row[2]): row[3] for row in b.rows("rank")}
    scores = {iv_id(row[2]): row[3] for row in b.rows("score")}
    tiers = {iv_id(row[2]): row[3] for row in b.rows("tier")}
    for _, _, iv in b.rows(pred):
        iid = iv_id(iv)
        supports = [row for row in b.rows("support_kind") if row[2] == iv]
        sup = []
        effects = []
        for _, _, _, st, how in supports:
            rec = b.kb.get("studies", st)
            prov = next((name(row[3]) for row in b.ans.get("outcome_of")
                         if row[0] == st and row[1] == iv), "reported")
            eff = next((name(row[2]) for row in b.ans.get("effect_of")
                        if row[0] == st and row[1] == iv),
                       rec.autophagy_effect or say("effect_past")["none"])
            effects.append(eff)
            sup.append(r.Support(study=st, disease=rec.disease, how=name(how),  # type: ignore[arg-type]
                                 provenance=prov, autophagy_effect=eff,  # type: ignore[arg-type]
                                 outcome=rec.outcome, evidence=rec.evidence,
                                 species=list(rec.species), refs=rec.refs, quote=rec.quote,
                                 user_file=user_file(b.kb, "studies", st),
                                 sources=list(rec.get("sources", [])),
                                 **support_fields(b.ans, st, b.kb)))
        parts = [r.ScorePart(name=name(p), value=v, weight=w, note=part_note(name(p), v))
                 for _, _, _, p, v, w in b.rows("score_part") if _ == iv]
        rec = b.kb.get("interventions", iid)
        kind = rec.kind if rec else KIND_OF_DERIVED.get(getattr(iv, "name", ""), "unknown")
        cargo = rec.cargo if rec else (iv.args[0] if isinstance(iv, Fn) else None)
        effect = sorted(set(effects))
        # stages only where rules/recommend.lp ties it to one (stage_fit: contested at none)
        fit = "stage_fit" if pred == "candidate" else pred
        stages = sorted(row[1] for row in b.ans.get(fit)
                        if row[0] == b.did and row[2] == iv and row[1] != Const("all")) \
            if b.sid is None else []
        contested_at = sorted({row[1] for row in b.ans.get("contested_item")
                               if row[0] == b.did and row[2] == iv}) \
            if b.sid is None else []
        label = b.label.intervention(iv)
        refs = sorted({n for s in sup for n in s.refs})
        extrap = all(s.how == "extrapolated" for s in sup)
        origin = sorted({s.disease for s in sup if s.how == "extrapolated" and s.disease})
        where = at_stage(b.stage_name) if b.sid else ""
        summary = say("candidate", label=label, disease=b.d.name, where=where,
                      effect="/".join(effect), refs=", ".join(map(str, refs)),
                      extrapolated=say("candidate_extrapolated", diseases=", ".join(
                          b.label(x) for x in origin)) if extrap else "")
        seen: dict = {}
        trace = b.tree(pred, (b.did, b.view, iv), seen)
        if trace is not None:
            for s in sup:
                for row in b.ans.get("mechanism"):
                    if row[0] == s.study:
                        trace.children.append(b.tree("mechanism", row, seen))  # type: ignore[arg-type]
            for row in b.rows("score_part"):
                if row[2] == iv:
                    trace.children.append(b.tree("score_part", row, seen))  # type: ignore[arg-type]
            trace.children.append(b.tree(  # type: ignore[arg-type]
                "rank", (b.did, b.view, iv, ranks[iid]), seen))
            trace.rests_on = rests_on(trace.children)
        out.append(r.Candidate(
            id=iid, label=label, kind=kind, source=rec.source if rec else None, cargo=cargo,
            autophagy_effect="/".join(effect), rank=ranks[iid], score=scores[iid],
            score_parts=sorted(parts, key=lambda p: PART_ORDER.index(p.name)),
            extrapolated=extrap, derived=all(s.provenance == "derived" for s in sup),
            refs=refs, support=sup,
            mechanism=[mechanism(b, s.study) for s in sup], stages=[str(s) for s in stages],
            contested_stages=[str(s) for s in contested_at],
            tier=("related_disease" if tiers.get(iid) != 1 else
                  "stage_model" if extrap else "same_disease"),
            evidence_from=origin if extrap else [],
            evidence_level=evidence_levels(sup),
            derived_from=sorted({s.study for s in sup if s.provenance == "derived"})
            if pred == "hypothesis" else [],
            caveats=b.caveats(Fn("supported", (iv,))) + safety(b, iv),
            summary=summary, trace=trace))
    out.sort(key=lambda c: (c.rank, c.id))
    return out


def safety(b: Builder, iv) -> list[r.Caveat]:
    """The review's general warnings that cover ``iv`` (rules/comorbidity.lp, safety/4)."""
    from ..knowledge.changes import load_change_space

    out = []
    warnings = {w.id: w for w in load_change_space().general_warnings}
    for wid in sorted({row[3] for row in b.rows("safety") if row[2] == iv}):
        w = warnings[wid]
        out.append(r.Caveat(
            id=wid, kind="safety", refs=list(w.refs),
            text=say("safety_caveat", section=w.section, quote=w.quote,
                     kind=w.intervention_kind.replace("_", " "))))
    return out


PART_ORDER = ["context", "model", "mechanism", "papers", "reported", "caveats"]
EVIDENCE_ORDER = ["both", "in_vivo", "in_vitro", "unspecified"]


def evidence_levels(sup: list[r.Support]) -> list[str]:
    """Distinct evidence levels of the supporting studies, strongest model first."""
    # where the review is silent, the cited paper's statement, marked as the paper's (issue 25)
    return [words for _, words in sorted(set(level_words(s) for s in sup))]

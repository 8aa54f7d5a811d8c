"""Whether one answer holds one expectation of a conclusion (``facts/conclusions.yaml``):
the failed parts, each worded 'expected ... got ...', grouped by what they are about."""

from __future__ import annotations

from typing import Optional, Sequence


def expectation_failures(e, s, mech: dict, counts: Optional[dict] = None,
                         dropped: Sequence[str] = ()) -> list[str]:
    """Failed parts of one expectation, as 'expected ... got ...' strings (``dropped``: the
    interventions whose evidence the answer leaves out, ``answer.dropped_evidence``)."""
    f: list[str] = []
    if e.cell_culture_majority is not None and counts is not None:
        got = counts["in_vitro"] > counts["in_vivo"]
        if got != e.cell_culture_majority:
            f.append(f"cell culture majority: expected {e.cell_culture_majority}, got {got} "
                     f"(in vitro only {counts['in_vitro']}, in vivo {counts['in_vivo']})")
    if s is not None:
        _check_answer_items(f, e, s)
        _check_conflicts(f, e, s, dropped)
        _check_candidates(f, e, s)
    if e.study:
        _check_mechanism(f, e, mech)
    return f


def _check_answer_items(f: list[str], e, s) -> None:
    """The answer's role, stages, candidates, hypotheses, caveats, tiers, contested and
    not-recommended items (failures appended to ``f``)."""
    if e.desired and s.autophagy.desired != e.desired:
        f.append(f"desired: expected {e.desired}, got {s.autophagy.desired}")
    if e.role and s.autophagy.role != e.role:
        f.append(f"role: expected {e.role}, got {s.autophagy.role}")
    got_stage = {a.stage: a.desired for a in s.stage_answers}
    for st, want in e.stage_desired.items():
        if got_stage.get(st) != want:
            f.append(f"stage {st}: expected {want}, got {got_stage.get(st)}")
    cand_refs = {n for c in s.candidates for n in c.refs}
    for n in e.candidate_refs:
        if n not in cand_refs:
            f.append(f"expected a candidate citing [{n}]; candidates cite {sorted(cand_refs)}")
    ids = {c.id for c in s.candidates}
    for i in e.candidate_ids:
        if i not in ids:
            f.append(f"expected candidate {i}; got {sorted(ids)}")
    hyp_ids = {c.id for c in s.hypotheses}
    for i in e.hypothesis_ids:
        if i not in hyp_ids:
            f.append(f"expected hypothesis {i}; got {sorted(hyp_ids)}")
    for i in e.not_hypothesis_ids:
        if i in hyp_ids:
            f.append(f"expected {i} not to be a hypothesis")
    items = {"role": s.autophagy.caveats}
    items.update({c.id: c.caveats for c in [*s.candidates, *s.hypotheses, *s.not_recommended]})
    items.update({f"conflict:{c.about}": c.caveats for c in s.conflicts})
    for item, xids in e.caveat_ids.items():
        got_x = sorted(x.id for x in items.get(item, []))
        missing = [x for x in xids if x not in got_x]
        if item not in items or missing:
            f.append(f"caveats of {item}: expected {xids}, got {got_x if item in items else 'no such item'}")
    tier_of = {c.id: c.tier for c in s.candidates}
    for iid, tier in e.tiers.items():
        if tier_of.get(iid) != tier:
            f.append(f"tier of {iid}: expected {tier}, got {tier_of.get(iid)}")
    contested = {c.item: c for c in s.conflicts if c.item}
    nr_ids0 = {x.id for x in s.not_recommended}
    for iid, levels in e.contested.items():
        c = contested.get(iid)
        if c is None or c.flip_states != sorted(levels) or iid in tier_of or iid in nr_ids0:
            f.append(f"expected {iid} contested with flip levels {sorted(levels)}; got "
                     f"{c.flip_states if c else 'not contested'}"
                     f"{' (a candidate)' if iid in tier_of else ''}"
                     f"{' (not recommended)' if iid in nr_ids0 else ''}")
    for rid in e.contested_reconciliation_ids:
        bad = [i for i, c in contested.items() if rid not in {x.id for x in c.reconciliation}]
        if not contested or bad:
            f.append(f"expected every contested item to name reconciliation {rid}; "
                     f"missing on {bad or 'no contested item'}")
    stages_of = {c.id: c.stages for c in s.candidates}
    for iid, stages in e.candidate_stages.items():
        if stages_of.get(iid) != sorted(stages):
            f.append(f"stages of {iid}: expected {sorted(stages)}, got {stages_of.get(iid)}")
    from_of = {c.id: c.evidence_from for c in s.candidates}
    for iid, ds in e.evidence_from.items():
        if from_of.get(iid) != sorted(ds):
            f.append(f"evidence of {iid} from: expected {sorted(ds)}, got {from_of.get(iid)}")
    kinds = {c.kind for c in s.candidates}
    for k in e.candidate_kinds:
        if k not in kinds:
            f.append(f"expected a candidate of kind {k}; got {sorted(kinds)}")
    nr_refs = {n for x in s.not_recommended for n in x.refs}
    for n in e.not_recommended_refs:
        if n not in nr_refs:
            f.append(f"expected a not-recommended entry citing [{n}]; got {sorted(nr_refs)}")
    nr_ids = {x.id for x in s.not_recommended}
    for i in e.not_recommended_ids:
        if i not in nr_ids:
            f.append(f"expected {i} not recommended; got {sorted(nr_ids)}")
    for n in e.not_candidate_refs:
        if n in cand_refs:
            f.append(f"expected no candidate citing [{n}]")


def _check_conflicts(f: list[str], e, s, dropped: Sequence[str]) -> None:
    """Conflicts, their sides and reconciliations, the role records and the evidence left out."""
    if e.conflict is not None and bool(s.conflicts) != e.conflict:
        f.append(f"conflict: expected {e.conflict}, got {bool(s.conflicts)}")
    conf_refs = {n for c in s.conflicts for n in c.refs}
    for n in e.conflict_refs:
        if n not in conf_refs:
            f.append(f"expected [{n}] on a side of a conflict; got {sorted(conf_refs)}")
    if e.reconciled is not None:
        got = any(c.reconciliation for c in s.conflicts)
        if got != e.reconciled:
            f.append(f"reconciled: expected {e.reconciled}, got {got}")
    by_about = {c.about: c for c in s.conflicts}
    for about, refs in e.conflict_sides.items():
        c = by_about.get(about)
        if c is None:
            f.append(f"expected a conflict about {about}; got {sorted(by_about)}")
            continue
        side_refs = {n for side in c.sides for n in side.refs}
        missing = [n for n in refs if n not in side_refs]
        if missing:
            f.append(f"conflict about {about}: expected {missing} on its sides; got {sorted(side_refs)}")
    bases = {rec.basis for c in s.conflicts for rec in c.reconciliation}
    for b in e.reconciliation_bases:
        if b not in bases:
            f.append(f"expected a reconciliation by {b}; got {sorted(bases)}")
    for n in e.role_refs:
        if n not in s.autophagy.refs:
            f.append(f"expected the role records to cite [{n}]; they cite {s.autophagy.refs}")
    role_ids = [rec.id for rec in s.autophagy.records]
    for rid in e.role_records:
        if rid not in role_ids:
            f.append(f"expected role record {rid}; got {role_ids}")
    if e.evidence_accounted is not None:
        if bool(not dropped) != e.evidence_accounted:
            f.append(f"evidence accounted: expected {e.evidence_accounted}, got dropped {dropped}")
    for rid in e.not_role_records:
        if rid in role_ids:
            f.append(f"expected role record {rid} not to be behind the answer; got {role_ids}")
    rec_ids = sorted({rec.id for c in s.conflicts for rec in c.reconciliation})
    for rid in e.reconciliation_ids:
        if rid not in rec_ids:
            f.append(f"expected reconciliation {rid}; got {rec_ids}")


def _check_candidates(f: list[str], e, s) -> None:
    """Items that must not be candidates, alternatives, and each expected candidate's details."""
    cand_ids = {c.id for c in s.candidates}
    for iid in e.not_candidate_ids:
        if iid in cand_ids:
            f.append(f"expected {iid} not to be a candidate")
    nr = {x.id: x for x in s.not_recommended}
    for iid, stages in e.alternatives.items():
        got_alt = nr[iid].alternatives if iid in nr else None
        if got_alt != stages:
            f.append(f"alternatives of {iid}: expected {stages}, got {got_alt}")
    cands = {c.id: c for c in [*s.candidates, *s.hypotheses]}
    for want in [*e.candidates, *e.hypotheses]:
        c = cands.get(want.id)
        if c is None:
            f.append(f"expected candidate {want.id}; got {sorted(cands)}")
            continue
        parts = {p.name: p.value for p in c.score_parts}
        for part, value in want.score_parts.items():
            if parts.get(part) != value:
                f.append(f"{want.id} score part {part}: expected {value}, got {parts.get(part)}")
        if want.derived is not None and c.derived != want.derived:
            f.append(f"{want.id} derived: expected {want.derived}, got {c.derived}")
        studies = [sup.study for sup in c.support]
        for st in want.support:
            if st not in studies:
                f.append(f"{want.id}: expected support from {st}; got {studies}")
        if want.extrapolated is not None and c.extrapolated != want.extrapolated:
            f.append(f"{want.id} extrapolated: expected {want.extrapolated}, got {c.extrapolated}")


def _check_mechanism(f: list[str], e, mech: dict) -> None:
    """The derived mechanism of one study (``mech``: study id -> its derivation)."""
    info = mech.get(e.study)
    if info is None:
        f.append(f"unknown study {e.study}")
    else:
        if e.mechanism and info["autophagy"] != e.mechanism:
            f.append(f"mechanism of {e.study}: expected {e.mechanism}, got "
                     f"{info['autophagy']} (path: {'; '.join(sorted(info['path'])) or 'none'})")
        for step in e.mechanism_steps:
            if step not in info["path"]:
                f.append(f"expected step {step} on a derivation path of {e.study}; got "
                         f"{sorted(info['path'])}")
        for eid in e.mechanism_edges:
            if eid not in info["edges"]:
                f.append(f"expected edge {eid} on a derivation path of {e.study}; got "
                         f"{sorted(info['edges'])}")
        if e.release_mechanism and info["exosome_release"] != e.release_mechanism:
            f.append(f"release mechanism of {e.study}: expected {e.release_mechanism}, got "
                     f"{info['exosome_release']}")

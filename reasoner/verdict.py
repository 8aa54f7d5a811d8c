"""Whether one answer holds one expectation of a conclusion (``facts/conclusions.yaml``):
the failed parts, each worded 'expected ... got ...' (rules/sentences.yaml, phrases.check),
grouped by what they are about."""

from __future__ import annotations

from typing import Any, Optional, Sequence

from .check_answer import Failure, FailureCode
from .knowledge.catalogue import say


def said(key: str, **args) -> str:
    """A failure of ``reasoner check``, worded by the catalogue (``phrases.check``)."""
    return say(f"phrases.check.{key}", **args)


def failed(code: FailureCode, data: Optional[dict] = None, **args) -> Failure:
    """A failed expectation: its code, its arguments as JSON data (``data``: the arguments the
    words say in English, as data instead) and its words (``said``)."""
    return Failure(code=code, args=_data({**args, **(data or {})}), text=said(code, **args))


def _data(value: Any) -> Any:
    """JSON data of an argument: sets sorted into lists, tuples as lists."""
    if isinstance(value, dict):
        return {str(k): _data(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(_data(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_data(v) for v in value]
    return value


def expectation_failures(
    e, s, mech: dict, counts: Optional[dict] = None, dropped: Sequence[str] = ()
) -> list[Failure]:
    """Failed parts of one expectation, each worded 'expected ... got ...' (``dropped``: the
    interventions whose evidence the answer leaves out, ``answer.dropped_evidence``)."""
    f: list[Failure] = []
    if e.cell_culture_majority is not None and counts is not None:
        got = counts["in_vitro"] > counts["in_vivo"]
        if got != e.cell_culture_majority:
            f.append(
                failed(
                    "cell_culture_majority",
                    want=e.cell_culture_majority,
                    got=got,
                    in_vitro=counts["in_vitro"],
                    in_vivo=counts["in_vivo"],
                )
            )
    if s is not None:
        _check_answer_items(f, e, s)
        _check_conflicts(f, e, s, dropped)
        _check_candidates(f, e, s)
    if e.study:
        _check_mechanism(f, e, mech)
    return f


def _check_answer_items(f: list[Failure], e, s) -> None:
    """The answer's role, stages, candidates, hypotheses, caveats, tiers, contested and
    not-recommended items (failures appended to ``f``)."""
    _check_role(f, e, s)
    _check_listed(f, e, s)
    _check_caveat_ids(f, e, s)
    _check_tiers_and_contested(f, e, s)
    _check_candidate_details(f, e, s)
    _check_not_recommended(f, e, s)


def _check_role(f: list[Failure], e, s) -> None:
    """The desired direction, the role, and the direction at each stage."""
    if e.desired and s.autophagy.desired != e.desired:
        f.append(failed("desired", want=e.desired, got=s.autophagy.desired))
    if e.role and s.autophagy.role != e.role:
        f.append(failed("role", want=e.role, got=s.autophagy.role))
    got_stage = {a.stage: a.desired for a in s.stage_answers}
    for st, want in e.stage_desired.items():
        if got_stage.get(st) != want:
            f.append(failed("stage", stage=st, want=want, got=got_stage.get(st)))


def _check_listed(f: list[Failure], e, s) -> None:
    """The references the candidates cite, the candidates and the hypotheses listed (or not)."""
    cand_refs = {n for c in s.candidates for n in c.refs}
    for n in e.candidate_refs:
        if n not in cand_refs:
            f.append(failed("candidate_ref", n=n, got=sorted(cand_refs)))
    ids = {c.id for c in s.candidates}
    for i in e.candidate_ids:
        if i not in ids:
            f.append(failed("candidate", id=i, got=sorted(ids)))
    hyp_ids = {c.id for c in s.hypotheses}
    for i in e.hypothesis_ids:
        if i not in hyp_ids:
            f.append(failed("hypothesis", id=i, got=sorted(hyp_ids)))
    for i in e.not_hypothesis_ids:
        if i in hyp_ids:
            f.append(failed("not_hypothesis", id=i))


def _check_caveat_ids(f: list[Failure], e, s) -> None:
    """The caveats of each item (the role, a candidate, hypothesis, advised-against item or
    conflict)."""
    items = {"role": s.autophagy.caveats}
    items.update({c.id: c.caveats for c in [*s.candidates, *s.hypotheses, *s.not_recommended]})
    items.update({f"conflict:{c.about}": c.caveats for c in s.conflicts})
    for item, xids in e.caveat_ids.items():
        got_x = sorted(x.id for x in items.get(item, []))
        missing = [x for x in xids if x not in got_x]
        if item not in items or missing:
            f.append(
                failed(
                    "caveats",
                    {"got": got_x if item in items else None},
                    item=item,
                    want=xids,
                    got=got_x if item in items else said("no_such_item"),
                )
            )


def _check_tiers_and_contested(f: list[Failure], e, s) -> None:
    """The candidates' tiers; the contested items (neither candidates nor advised against),
    the levels that would decide them and their reconciliations."""
    tier_of = {c.id: c.tier for c in s.candidates}
    for iid, tier in e.tiers.items():
        if tier_of.get(iid) != tier:
            f.append(failed("tier", id=iid, want=tier, got=tier_of.get(iid)))
    contested = {c.item: c for c in s.conflicts if c.item}
    nr_ids0 = {x.id for x in s.not_recommended}
    for iid, levels in e.contested.items():
        c = contested.get(iid)
        if c is None or c.flip_states != sorted(levels) or iid in tier_of or iid in nr_ids0:
            f.append(
                failed(
                    "contested",
                    {
                        "got": c.flip_states if c else None,
                        "candidate": iid in tier_of,
                        "advised": iid in nr_ids0,
                    },
                    id=iid,
                    want=sorted(levels),
                    got=c.flip_states if c else said("not_contested"),
                    candidate=said("is_candidate") if iid in tier_of else "",
                    advised=said("is_not_recommended") if iid in nr_ids0 else "",
                )
            )
    for rid in e.contested_reconciliation_ids:
        bad = [i for i, c in contested.items() if rid not in {x.id for x in c.reconciliation}]
        if not contested or bad:
            f.append(
                failed(
                    "contested_reconciliation",
                    {"missing": bad or None},
                    id=rid,
                    missing=bad or said("no_contested_item"),
                )
            )


def _check_candidate_details(f: list[Failure], e, s) -> None:
    """The candidates' stages, the diseases their evidence comes from, and their kinds."""
    stages_of = {c.id: c.stages for c in s.candidates}
    for iid, stages in e.candidate_stages.items():
        if stages_of.get(iid) != sorted(stages):
            f.append(failed("stages_of", id=iid, want=sorted(stages), got=stages_of.get(iid)))
    from_of = {c.id: c.evidence_from for c in s.candidates}
    for iid, ds in e.evidence_from.items():
        if from_of.get(iid) != sorted(ds):
            f.append(failed("evidence_from", id=iid, want=sorted(ds), got=from_of.get(iid)))
    kinds = {c.kind for c in s.candidates}
    for k in e.candidate_kinds:
        if k not in kinds:
            f.append(failed("candidate_kind", kind=k, got=sorted(kinds)))


def _check_not_recommended(f: list[Failure], e, s) -> None:
    """The items advised against and their references; references no candidate may cite."""
    nr_refs = {n for x in s.not_recommended for n in x.refs}
    for n in e.not_recommended_refs:
        if n not in nr_refs:
            f.append(failed("not_recommended_ref", n=n, got=sorted(nr_refs)))
    nr_ids = {x.id for x in s.not_recommended}
    for i in e.not_recommended_ids:
        if i not in nr_ids:
            f.append(failed("not_recommended", id=i, got=sorted(nr_ids)))
    cand_refs = {n for c in s.candidates for n in c.refs}
    for n in e.not_candidate_refs:
        if n in cand_refs:
            f.append(failed("no_candidate_ref", n=n))


def _check_conflicts(f: list[Failure], e, s, dropped: Sequence[str]) -> None:
    """Conflicts, their sides and reconciliations, the role records and the evidence left out."""
    if e.conflict is not None and bool(s.conflicts) != e.conflict:
        f.append(failed("conflict", want=e.conflict, got=bool(s.conflicts)))
    conf_refs = {n for c in s.conflicts for n in c.refs}
    for n in e.conflict_refs:
        if n not in conf_refs:
            f.append(failed("conflict_ref", n=n, got=sorted(conf_refs)))
    if e.reconciled is not None:
        got = any(c.reconciliation for c in s.conflicts)
        if got != e.reconciled:
            f.append(failed("reconciled", want=e.reconciled, got=got))
    by_about = {c.about: c for c in s.conflicts}
    for about, refs in e.conflict_sides.items():
        c = by_about.get(about)
        if c is None:
            f.append(failed("conflict_about", about=about, got=sorted(by_about)))
            continue
        side_refs = {n for side in c.sides for n in side.refs}
        missing = [n for n in refs if n not in side_refs]
        if missing:
            f.append(failed("conflict_sides", about=about, missing=missing, got=sorted(side_refs)))
    bases = {rec.basis for c in s.conflicts for rec in c.reconciliation}
    for b in e.reconciliation_bases:
        if b not in bases:
            f.append(failed("reconciliation_basis", basis=b, got=sorted(bases)))
    for n in e.role_refs:
        if n not in s.autophagy.refs:
            f.append(failed("role_ref", n=n, got=s.autophagy.refs))
    role_ids = [rec.id for rec in s.autophagy.records]
    for rid in e.role_records:
        if rid not in role_ids:
            f.append(failed("role_record", id=rid, got=role_ids))
    if e.evidence_accounted is not None:
        if bool(not dropped) != e.evidence_accounted:
            f.append(failed("evidence_accounted", want=e.evidence_accounted, dropped=dropped))
    for rid in e.not_role_records:
        if rid in role_ids:
            f.append(failed("not_role_record", id=rid, got=role_ids))
    rec_ids = sorted({rec.id for c in s.conflicts for rec in c.reconciliation})
    for rid in e.reconciliation_ids:
        if rid not in rec_ids:
            f.append(failed("reconciliation", id=rid, got=rec_ids))


def _check_candidates(f: list[Failure], e, s) -> None:
    """Items that must not be candidates, alternatives, and each expected candidate's details."""
    cand_ids = {c.id for c in s.candidates}
    for iid in e.not_candidate_ids:
        if iid in cand_ids:
            f.append(failed("not_candidate", id=iid))
    nr = {x.id: x for x in s.not_recommended}
    for iid, stages in e.alternatives.items():
        got_alt = nr[iid].alternatives if iid in nr else None
        if got_alt != stages:
            f.append(failed("alternatives", id=iid, want=stages, got=got_alt))
    cands = {c.id: c for c in [*s.candidates, *s.hypotheses]}
    for want in [*e.candidates, *e.hypotheses]:
        c = cands.get(want.id)
        if c is None:
            f.append(failed("candidate", id=want.id, got=sorted(cands)))
            continue
        parts = {p.name: p.value for p in c.score_parts}
        for part, value in want.score_parts.items():
            if parts.get(part) != value:
                f.append(failed("score_part", id=want.id, part=part, want=value, got=parts.get(part)))
        if want.derived is not None and c.derived != want.derived:
            f.append(failed("derived", id=want.id, want=want.derived, got=c.derived))
        studies = [sup.study for sup in c.support]
        for st in want.support:
            if st not in studies:
                f.append(failed("support", id=want.id, study=st, got=studies))
        if want.extrapolated is not None and c.extrapolated != want.extrapolated:
            f.append(failed("extrapolated", id=want.id, want=want.extrapolated, got=c.extrapolated))


def _check_mechanism(f: list[Failure], e, mech: dict) -> None:
    """The derived mechanism of one study (``mech``: study id -> its derivation)."""
    info = mech.get(e.study)
    if info is None:
        f.append(failed("unknown_study", study=e.study))
    else:
        if e.mechanism and info["autophagy"] != e.mechanism:
            f.append(
                failed(
                    "mechanism",
                    study=e.study,
                    want=e.mechanism,
                    got=info["autophagy"],
                    data={"path": sorted(info["path"])},
                    path="; ".join(sorted(info["path"])) or say("phrases.common.none"),
                )
            )
        for step in e.mechanism_steps:
            if step not in info["path"]:
                f.append(failed("step", step=step, study=e.study, got=sorted(info["path"])))
        for eid in e.mechanism_edges:
            if eid not in info["edges"]:
                f.append(failed("edge", id=eid, study=e.study, got=sorted(info["edges"])))
        if e.release_mechanism and info["exosome_release"] != e.release_mechanism:
            f.append(
                failed(
                    "release_mechanism", study=e.study, want=e.release_mechanism, got=info["exosome_release"]
                )
            )

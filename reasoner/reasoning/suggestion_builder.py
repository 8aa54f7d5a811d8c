"""Atoms of a solve -> the suggest answer (``build``; ``Builder`` per part).

Every conclusion comes from the rules; nothing here names a disease, stage or study.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

from ..knowledge.catalogue import say as catalogue_say
from ..knowledge.primary import reference_ids  # issue 25
from ..knowledge.sources import facts_files, user_file
from ..knowledge.store import Store
from ..knowledge.terms import Const, Fn
from ..knowledge.vocabulary import KIND_OF_DERIVED
from . import results as r
from .trees import Trees, rests_on
from .solver import Answer
from .wording import Labels, at_stage, opposite, say, word_warning


def iv_id(value) -> str:
    if isinstance(value, Fn):
        return f"{value.name}:{':'.join(str(a) for a in value.args)}"
    return str(value)


def name(value) -> str:
    if isinstance(value, Const):
        return value.name
    if isinstance(value, Fn):
        return iv_id(value)
    return str(value)


def study_refs(kb: Store, studies: Iterable[str]) -> list[int]:
    out: set[int] = set()
    for s in studies:
        rec = kb.get("studies", s)
        if rec is not None:
            out.update(rec.refs)
    return sorted(out)


def references(kb: Store, refs: Iterable[int]) -> list[r.ReferenceOut]:
    out = []
    for n in sorted(set(refs)):
        rec = kb.get("references", str(n))
        if rec is not None:
            out.append(r.ReferenceOut(n=n, citation=rec.citation, **reference_ids(rec)))
    return out


# ---------------------------------------------------------------- suggest


class Builder:
    def __init__(
        self,
        kb: Store,
        ans: Answer,
        disease,
        sid,
        state,
        facts,
        trees: bool = True,
        supports: Optional[dict] = None,
    ):
        self.kb, self.ans = kb, ans
        self.d, self.sid, self.state = disease, sid, state
        self.did = disease.id
        self.view = sid if sid else Const("all")
        self.stage_name = next((s.name for s in disease.stages if s.id == sid), sid)
        self.label = Labels(kb)
        self.trees = Trees(ans.get("support"), kb, self.label, supports) if trees else None
        self.facts = facts

    def tree(self, pred: str, args: tuple, seen: dict | None = None) -> Optional[r.TraceNode]:
        return self.trees.tree(pred, args, seen) if self.trees else None

    def counters(self, study, iv) -> bool:
        """Whether ``study`` bears on ``iv`` only as a cargo ``iv`` counters (derived: the study
        did not apply it; rules/evidence.lp, outcome_of/4)."""
        return any(
            row[0] == study and row[1] == iv and row[3] == Const("derived")
            for row in self.ans.get("outcome_of")
        )

    def rows(self, pred: str, view=None) -> Sequence[tuple]:
        view = self.view if view is None else view
        return self.ans.rows(pred, self.did, view)

    def caveats(self, item, view=None) -> list[r.Caveat]:
        """The discrepancies that rules/caveats.lp attaches to ``item`` in the view."""
        ids = sorted({row[3] for row in self.rows("caveat", view) if row[2] == item})
        out = []
        for xid in ids:
            rec = self.kb.get("discrepancies", xid)
            out.append(
                r.Caveat(
                    id=xid, kind=rec.kind, text=rec.caveat or rec.note, refs=[rec.ref] if rec.ref else []
                )
            )
        return out

    def context(self) -> r.ContextOut:
        stage = next((s for s in self.d.stages if s.id == self.sid), None)
        return r.ContextOut(
            disease=self.did,
            disease_name=self.d.name,
            organ=self.d.organ,
            stage=self.sid,
            stage_name=stage.name if stage else None,
            stages=[s.id for s in self.d.stages],
            autophagy_state=self.state,
            extra_facts=[Path(f).name for f in self.facts],
            facts_files=[r.FactsFile(**f) for f in facts_files(self.facts)],
        )

    def role_of(self, view) -> tuple[str, list[r.RoleRecord]]:
        roles = self.rows("autophagy_role", view)
        records = []
        for _, _, role, rid in roles:
            rec = self.kb.get("roles", rid)
            scope = (
                "stage"
                if rec.disease and rec.stage
                else "disease"
                if rec.disease
                else "class"
                if rec.disease_class
                else "organ"
            )
            records.append(
                r.RoleRecord(
                    id=rid,
                    role=name(role),
                    scope=scope,  # type: ignore[arg-type]
                    refs=rec.refs,
                    quote=rec.quote,
                    user_file=user_file(self.kb, "roles", rid),
                    sources=list(rec.get("sources", [])),
                )
            )
        values = sorted({rec.role for rec in records})
        if not values:
            return "unstated", records
        if any(row[1] == view for row in self.ans.get("conflict_role") if row[0] == self.did):
            return "contested", records
        return values[0], records

    def autophagy(self) -> r.AutophagyOut:
        desired = name(self.rows("desired")[0][2])
        basis_rows = self.rows("desired_basis")
        basis = name(basis_rows[0][3]) if basis_rows else None
        if self.d.stages and self.sid is None:
            stage_des = {
                name(row[2])
                for row in self.ans.get("desired")
                if row[0] == self.did and row[1] != Const("all")
            }
            records: list[r.RoleRecord] = []
            stage_roles = set()
            for s in self.d.stages:
                role_s, recs = self.role_of(s.id)
                stage_roles.add(role_s)
                records += recs
            # one role when every stage has it; otherwise the stages differ
            role = stage_roles.pop() if len(stage_roles) == 1 else "stage_dependent"
            basis = basis or "stages"
            if len(stage_des) == 1 and basis == "stages" and self.state:
                basis = "state"
        else:
            role, records = self.role_of(self.view)
        evidence = []
        for st in sorted({row[3] for row in self.rows("direction_evidence")}):
            rec = self.kb.get("studies", st)
            evidence.append(
                r.DirectionEvidence(
                    study=st,
                    autophagy_effect=rec.autophagy_effect,
                    outcome=rec.outcome,
                    refs=rec.refs,
                    quote=rec.quote,
                    user_file=user_file(self.kb, "studies", st),
                    sources=list(rec.get("sources", [])),
                )
            )
        cited: list[Any] = [*records, *evidence]
        refs = sorted({n for rec in cited for n in rec.refs})
        where = at_stage(self.stage_name) if self.sid else ""
        summary = say(
            "autophagy",
            disease=self.d.name,
            where=where,
            role=self.label(Const(role)),
            desired=desired,
            basis=say("autophagy_basis", basis=basis) if basis else "",
        )
        trace = self.tree("desired", (self.did, self.view, Const(desired)))
        if self.d.stages and self.sid is None:
            caveats = unique_caveats([c for s in self.d.stages for c in self.caveats(Const("role"), s.id)])
        else:
            caveats = self.caveats(Const("role"))
        views = [s.id for s in self.d.stages] if self.d.stages and self.sid is None else [self.view]
        why = (
            {name(row[2]) for v in views for row in self.rows("contested_why", v)}
            if role == "contested"
            else set()
        )
        return r.AutophagyOut(
            role=role,  # type: ignore[arg-type]  # a solver name
            basis=basis,  # type: ignore[arg-type]  # a solver name
            contested_by="_and_".join(sorted(why)) or None,  # type: ignore[arg-type]  # solver names
            summary=summary,
            desired=desired,  # type: ignore[arg-type]  # a solver name
            records=dedupe(records),
            evidence=evidence,
            refs=refs,
            caveats=caveats,
            trace=trace,
        )

    def not_recommended(self) -> list[r.NotRecommended]:
        grouped: dict[str, list[tuple]] = {}
        for row in self.rows("not_recommended"):
            grouped.setdefault(iv_id(row[2]), []).append(row)
        out = []
        for iid in sorted(grouped):
            rows = grouped[iid]
            iv = rows[0][2]
            reasons, codes, studies = [], [], []
            for _, _, _, reason, st in rows:
                rec = self.kb.get("studies", st)
                refs = ", ".join(map(str, rec.refs))
                studies.append(st)
                derived = self.counters(st, iv)
                if derived:
                    codes.append("derived")
                if isinstance(reason, Fn) and reason.name == "comorbidity":
                    codes.append("comorbidity")
                    reasons.append(comorbidity_reason(self, iv, reason.args[0], st))
                elif isinstance(reason, Fn) and reason.name == "opposes":
                    want = name(reason.args[0])
                    codes.append("opposes_desired")
                    reasons.append(
                        say(
                            "opposes_derived" if derived else "opposes",
                            opposite=opposite(want),
                            study=st,
                            refs=refs,
                            desired=want,
                        )
                    )
                else:
                    codes.append("reported_harm")
                    reasons.append(
                        say(
                            "reported_harm",
                            disease=self.d.name,
                            study=st,
                            refs=refs,
                            effect=say("effect_past")[rec.autophagy_effect or "none"],
                            outcome=rec.outcome,
                        )
                    )
            alts = sorted({row[3] for row in self.rows("alternative") if row[2] == iv})
            rec = self.kb.get("interventions", iid)
            kind = rec.kind if rec else KIND_OF_DERIVED.get(getattr(iv, "name", ""), "unknown")
            if self.trees is None:
                trace = None
            elif len(rows) == 1:
                trace = self.tree("not_recommended", rows[0])
            else:
                trees = [self.tree("not_recommended", row) for row in rows]
                trace = r.TraceNode(
                    id=trees[0].id + "r",
                    children=trees,  # type: ignore[arg-type]
                    rests_on=rests_on(trees),  # type: ignore[arg-type]
                    claim=say("not_recommended_tree", label=self.label.intervention(iv), disease=self.d.name),
                )
            out.append(
                r.NotRecommended(
                    id=iid,
                    label=self.label.intervention(iv),
                    kind=kind,
                    reasons=unique(reasons),
                    reason_codes=unique(codes),
                    refs=study_refs(self.kb, studies),
                    alternatives=alts,
                    caveats=self.caveats(Fn("not_recommended", (iv,))),
                    trace=trace,
                )
            )
        return out

    def conflicts(self) -> list[r.Conflict]:
        out = []
        # role first, then the disease-wide direction, then per-cargo conflicts by cargo
        abouts = sorted(
            (about for d, about in self.ans.get("conflict") if d == self.did),
            key=lambda a: (isinstance(a, Fn), iv_id(a) if isinstance(a, Fn) else name(a)),
        )
        if self.rows("conflict_role"):
            abouts.insert(0, Const("role"))
        for about in abouts:
            sides: dict[str, list[str]] = {}
            if about == Const("role"):
                for d, v, role, rid in self.ans.get("conflict_role"):
                    if d == self.did and v == self.view:
                        sides.setdefault(name(role), []).append(rid)
                side_objs = [
                    r.ConflictSide(
                        direction=k,
                        studies=sorted(v),
                        refs=sorted({n for rid in v for n in self.kb.get("roles", rid).refs}),
                    )
                    for k, v in sorted(sides.items())
                ]
                evidence: dict[str, list[str]] = {}
                for _, _, direction, st in self.rows("conflict_role_evidence"):
                    evidence.setdefault(name(direction), []).append(st)
                side_objs += self.study_sides(evidence)
                where = at_stage(self.stage_name) if self.sid else ""
                inherited = [
                    rid for v in sides.values() for rid in v if not self.kb.get("roles", rid).disease
                ]
                if evidence and inherited:
                    note = say("role_conflict_inherited", disease=self.d.name, where=where)
                elif evidence:
                    note = say("role_conflict_stage", disease=self.d.name, where=where)
                else:
                    note = say("role_conflict", disease=self.d.name)
            else:
                for d, a, direction, st in self.ans.get("conflict_side"):
                    if d == self.did and a == about:
                        sides.setdefault(name(direction), []).append(st)
                side_objs = self.study_sides(sides)
                if isinstance(about, Fn) and about.name == "cargo":
                    note = say("cargo_conflict", cargo=self.label(about.args[0]), disease=self.d.name)
                else:
                    note = say("direction_conflict", disease=self.d.name)
            recs = []
            for d, a, rid in self.ans.get("conflict_reconciliation"):
                if d == self.did and a == about:
                    rec = self.kb.get("reconciliations", rid)
                    recs.append(r.Reconciliation(id=rid, basis=rec.basis, quote=rec.quote, refs=rec.refs))
            refs = sorted({n for s in side_objs for n in s.refs})
            out.append(
                r.Conflict(
                    about=self.label(about) if not isinstance(about, Const) else about.name,
                    note=note,
                    refs=refs,
                    sides=side_objs,
                    reconciliation=recs,
                    caveats=self.caveats(Fn("conflict", (about,))),
                )
            )
        return self.contested() + out

    def inferred(self) -> dict[str, str]:
        """Study -> the direction it implies helps only by inference (rules/roles.lp,
        inferred_benefit: it reports the opposite modulation with a harmful outcome)."""
        return {st: name(d) for st, d in self.ans.get("inferred_benefit")}

    def study_sides(self, by_direction: dict[str, list[str]]) -> list[r.ConflictSide]:
        """Conflict sides of studies by the direction they imply helps, each split by what the
        studies found: that direction beneficial, or the opposite harmful (inferred_from)."""
        inferred = self.inferred()
        out = []
        for direction, studies in sorted(by_direction.items()):
            found = sorted(st for st in studies if inferred.get(st) != direction)
            guessed = sorted(st for st in studies if inferred.get(st) == direction)
            if found:
                out.append(
                    r.ConflictSide(direction=direction, studies=found, refs=study_refs(self.kb, found))
                )
            if guessed:
                out.append(
                    r.ConflictSide(
                        direction=direction,
                        studies=guessed,
                        refs=study_refs(self.kb, guessed),
                        inferred_from=opposite(direction),  # type: ignore[arg-type]  # a direction
                    )
                )
        return out

    def contested(self) -> list[r.Conflict]:
        """Items contested at this stage (rules/recommend.lp, contested_item): a study that
        states no stage against the stage's role; both sides, the reconciliation by autophagy
        level, and the stated level that would make it a candidate."""
        grouped: dict[str, list[tuple]] = {}
        for row in self.rows("contested_item"):
            grouped.setdefault(iv_id(row[2]), []).append(row)
        out = []
        for iid in sorted(grouped):
            rows = grouped[iid]
            iv, want = rows[0][2], name(rows[0][3])
            studies = sorted({row[4] for row in rows})
            derived = self.contested_is_derived(iv, studies)
            roles = sorted({row[3] for row in self.rows("autophagy_role")})
            sides = [
                r.ConflictSide(
                    direction=want,
                    studies=roles,
                    refs=sorted({n for rid in roles for n in self.kb.get("roles", rid).refs}),
                ),
                *self.study_sides({opposite(want): studies}),
            ]
            levels = sorted({name(row[3]) for row in self.rows("contested_flip") if row[2] == iv})
            recs = []
            for rid in sorted({row[3] for row in self.rows("contested_reconciliation") if row[2] == iv}):
                rec = self.kb.get("reconciliations", rid)
                recs.append(r.Reconciliation(id=rid, basis=rec.basis, quote=rec.quote, refs=rec.refs))
            note = say(
                "contested_item",
                label=self.label.intervention(iv),
                disease=self.d.name,
                stage=self.stage_name,
                desired=want,
                opposite=opposite(want),
                findings=self.findings(sides[1:], want),
                derived=say("contested_derived") if derived else "",
                levels=say("contested_levels", levels=catalogue_say("phrases.common.or").join(levels)),
                becomes=say("contested_becomes_hypothesis" if derived else "contested_becomes_candidate"),
                reconciled=say("contested_reconciled") if recs else say("contested_not_reconciled"),
            )
            refs = sorted({n for sd in sides for n in sd.refs})
            out.append(
                r.Conflict(
                    about=f"contested: {iid}",
                    note=note,
                    refs=refs,
                    sides=sides,
                    reconciliation=recs,
                    caveats=self.caveats(Fn("contested", (iv,))),
                    flip_states=levels,  # type: ignore[arg-type]  # solver names
                    item=iid,
                )
            )
        return out

    def contested_is_derived(self, iv, studies) -> bool:
        """Derived only when no study behind the contested ``iv`` applied it (every one
        counters a cargo)."""
        return all(self.counters(st, iv) for st in studies)

    def findings(self, sides: list[r.ConflictSide], desired: str) -> str:
        """What the unstaged studies behind a contested item found, as recorded: the opposite
        of the stage's direction beneficial, or the stage's direction harmful (the help of
        the opposite then inferred, not found)."""
        parts = []
        for sd in sides:
            studies = ", ".join(
                f"{st} [{', '.join(map(str, self.kb.get('studies', st).refs))}]" for st in sd.studies
            )
            key = f"contested_inferred_{desired}" if sd.inferred_from else "contested_found"
            parts.append(say(key, studies=studies, disease=self.d.name, opposite=sd.direction))
        return say("contested_and").join(parts)

    def stage_derived(self, stage) -> Optional[list[str]]:
        """The derived items contested at ``stage``; None when none is (left out of the JSON)."""
        by: dict = {}
        for row in self.rows("contested_item", stage):
            by.setdefault(row[2], set()).add(row[4])
        out = sorted(iv_id(iv) for iv, studies in by.items() if self.contested_is_derived(iv, studies))
        return out or None

    def stage_answers(self) -> list[r.StageAnswer]:
        if not self.d.stages:
            return []
        out = []
        for s in self.d.stages:
            role, records = self.role_of(s.id)
            desired = name(self.rows("desired", s.id)[0][2])
            out.append(
                r.StageAnswer(
                    stage=s.id,
                    role=role,
                    desired=desired,
                    refs=sorted({n for rec in records for n in rec.refs}),
                    candidates=sorted(iv_id(row[2]) for row in self.rows("candidate", s.id)),
                    hypotheses=sorted(iv_id(row[2]) for row in self.rows("hypothesis", s.id)),
                    not_recommended=sorted({iv_id(row[2]) for row in self.rows("not_recommended", s.id)}),
                    contested=sorted({iv_id(row[2]) for row in self.rows("contested_item", s.id)}),
                    contested_derived=self.stage_derived(s.id),
                    contested_by="_and_".join(
                        sorted({name(row[2]) for row in self.rows("contested_why", s.id)})
                    )
                    if role == "contested"
                    else None,  # type: ignore[arg-type]  # solver names
                )
            )
        return out

    def warning_codes(self) -> Optional[list[r.WarningOut]]:
        """The answer's warnings structured (code and arguments) and worded (rules/sentences.yaml,
        warnings), once per wording, in the order of their words; None when there are none (the
        field is then left out of the JSON; ``warnings`` lists the words)."""
        out = {}
        for w in answer_warnings(self.ans, self.did):
            text = word_warning(w, self.label)
            if text and text not in out:
                code = w.name if isinstance(w, Fn) else str(w)
                args = [_term_id(a) for a in w.args] if isinstance(w, Fn) else []
                out[text] = r.WarningOut(code=code, args=args, text=text)
        return [out[t] for t in sorted(out)] or None


def _term_id(value) -> str:
    """A warning's argument as an id: a constant's name, a function term as name(args)."""
    if isinstance(value, Const):
        return value.name
    if isinstance(value, Fn):
        return f"{value.name}({','.join(_term_id(a) for a in value.args)})"
    return str(value)


#: Warnings that ``reasoner audit`` reports, not an answer (rules/checks.lp).
AUDIT_WARNINGS = ("mechanism", "release_mechanism")


def answer_warnings(ans: Answer, did: str) -> list:
    """The warning/1 atoms that belong to the answer for ``did``, decided by their code
    (the atom's name), never by their wording: the audit's own (``AUDIT_WARNINGS``) are left
    to ``reasoner audit``, and a ``dropped`` warning of another queried disease to its answer."""
    out = []
    for (w,) in ans.get("warning"):
        code = w.name if isinstance(w, Fn) else None
        if code in AUDIT_WARNINGS or (code == "dropped" and w.args[0] != did):
            continue
        out.append(w)
    return out


def dropped_evidence(ans: Answer, did: str) -> list[str]:
    """Interventions with evidence in ``did`` that the answer neither recommends nor advises
    against (warning ``dropped(D, View, I)``), read from the solve."""
    return sorted(
        {iv_id(w.args[2]) for w in answer_warnings(ans, did) if isinstance(w, Fn) and w.name == "dropped"}
    )


def unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def unique_caveats(caveats: list[r.Caveat]) -> list[r.Caveat]:
    seen: dict[str, r.Caveat] = {}
    for c in caveats:
        seen.setdefault(c.id, c)
    return [seen[k] for k in sorted(seen)]


def dedupe(records: list[r.RoleRecord]) -> list[r.RoleRecord]:
    seen, out = set(), []
    for rec in records:
        if rec.id not in seen:
            seen.add(rec.id)
            out.append(rec)
    return out


def collect_refs(s: r.Suggestion) -> set[int]:
    refs = set(s.autophagy.refs) | tree_refs(s.autophagy.trace)
    for c in [*s.candidates, *s.hypotheses]:
        refs.update(c.refs)
        refs.update(n for x in c.caveats for n in x.refs)
        refs |= tree_refs(c.trace)
        refs.update(n for m in c.mechanism for p in m.path for n in p.refs)
    for n in s.not_recommended:
        refs.update(n.refs)
        refs |= tree_refs(n.trace)
    for x in s.conflicts:
        refs.update(x.refs)
        for rec in x.reconciliation:
            refs.update(rec.refs)
    for st in s.stage_answers:
        refs.update(st.refs)
    return refs


def build(
    kb: Store, ans: Answer, d, sid, state, facts=(), trees: bool = True, supports: Optional[dict] = None
) -> r.Suggestion:
    """The answer for one context from a solve (``supports``: ``explain.index_supports`` of
    the solve's support atoms, shared when one solve answers several contexts)."""
    from .candidates import candidates

    b = Builder(kb, ans, d, sid, state, list(facts), trees, supports)
    warnings = b.warning_codes()
    s = r.Suggestion(
        context=b.context(),
        autophagy=b.autophagy(),
        candidates=candidates(b),
        hypotheses=candidates(b, "hypothesis"),
        not_recommended=b.not_recommended(),
        conflicts=b.conflicts(),
        stage_answers=b.stage_answers(),
        warnings=[w.text for w in warnings or ()],
        warning_codes=warnings,
    )
    s.references = references(kb, collect_refs(s))
    s.identifiers = identifiers(
        kb, [("diseases", d.id)] + [("entities", e) for c in s.candidates for e in (c.source, c.cargo) if e]
    )
    return s


def identifiers(kb: Store, records: Iterable[tuple[str, str]]) -> list[r.IdentifierOut]:
    """The main registry ids of these records, each with its registry link."""
    from ..knowledge.ids import link

    out: dict[tuple[str, str], r.IdentifierOut] = {}
    for section, rid in records:
        rec = kb.get(section, rid)
        for x in (rec.xrefs or []) if rec is not None else []:
            seen = out.get((rid, x.get("curie")))
            if (
                x.get("curie")
                and x.get("relation") in ("exact", "precursor", "broader")
                and (seen is None or seen.status != "stated")
            ):
                out[(rid, x["curie"])] = r.IdentifierOut(
                    record=rid,
                    curie=x["curie"],
                    label=rec.get("label") or rec.get("name"),  # type: ignore[arg-type]
                    link=link(x["curie"]) or "",
                    status=x["status"],
                )
    return [out[k] for k in sorted(out)]


def tree_refs(node: Optional[r.TraceNode]) -> set[int]:
    from .trees import walk

    return {n for x in walk(node) for n in x.refs} if node is not None else set()


def comorbidity_reason(b: "Builder", iv, cid: str, st: str) -> str:
    """Wording of a not_recommended(.., comorbidity(C), St) row."""
    name_c = b.label(cid)
    harms = [
        row
        for row in b.ans.get("co_harm")
        if row[0] == b.did and row[1] == b.view and row[2] == iv and row[3] == cid and row[5] == st
    ]
    rec = b.kb.get("studies", st)
    refs = ", ".join(map(str, rec.refs)) if rec else ""
    for row in harms:
        why = row[4]
        if isinstance(why, Fn) and why.name == "opposes" and rec and rec.disease != cid:
            return say(
                "nr_opposes",
                comorbidity=name_c,
                opposite=opposite(name(why.args[0])),
                study=st,
                refs=refs,
                desired=name(why.args[0]),
            )
        if isinstance(why, Fn) and why.name == "opposes":
            return say("nr_opposes_there", comorbidity=name_c, study=st, refs=refs, desired=name(why.args[0]))
    return say("nr_reported_harm", comorbidity=name_c, study=st, refs=refs)

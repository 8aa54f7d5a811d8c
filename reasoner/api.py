"""The package API: suggest, explain, audit.

Python here only resolves names, passes the query to the solver as symbols,
and turns the shown atoms into result objects.  Every conclusion comes from
the rules; nothing here names a disease, stage or study.
"""

from __future__ import annotations

import re
import time
import weakref
from pathlib import Path
from typing import Iterable, Optional, Sequence

from .reasoning import lite as r  # the answer models' shapes, without pydantic (see lite)
from .errors import NoStagesError, SolverTimeout, UnknownValueError, UnsatisfiableError
from .reasoning.explain import Trees
from .knowledge.resolve import resolve
from .reasoning.solver import Answer, Unsatisfiable, scope, solve
from .knowledge.store import Store
from .knowledge.terms import Const, Fn

KB = Store  # what the functions below read: records and atoms of a knowledge base

STATES = ("insufficient", "moderate", "excessive")
KIND_OF_DERIVED = {"block": "cargo_blockade", "restore": "cargo_overexpression"}


# ---------------------------------------------------------------- helpers


def load_kb(facts: Iterable[Path | str] = (), override: bool = False) -> Store:
    """The knowledge base (bundled plus ``facts``), compiled once and then read from the cache."""
    from .knowledge.cache import load_store
    from .reasoning.solver import facts_text

    return load_store(tuple(str(f) for f in facts), override, writer=facts_text)


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


#: Labels already worded, per knowledge base (a label is a function of the value and the
#: knowledge base; one answer words the same ids hundreds of times).
_LABEL_MEMOS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


class Labels:
    """Display names for ids in sentences."""

    def __init__(self, kb: KB):
        self.kb = kb
        self.values: Optional[dict] = None  # rules/sentences.yaml "values", read on first use
        try:
            self.memo = _LABEL_MEMOS.setdefault(kb, {})
        except TypeError:  # a knowledge base that cannot be weakly referenced
            self.memo = {}

    def __call__(self, value) -> str:
        try:
            return self.memo[value]
        except KeyError:
            out = self.memo[value] = self._word(value)
            return out
        except TypeError:  # not hashable
            return self._word(value)

    def _word(self, value) -> str:
        if isinstance(value, Const):
            if self.values is None:
                from .reasoning.explain import sentences

                self.values = sentences().get("values", {})
            return self.values.get(value.name, value.name.replace("_", " "))
        if isinstance(value, int):
            return str(value)
        if isinstance(value, Fn):
            if value.name in KIND_OF_DERIVED:
                return self.intervention(value)
            if value.name == "opposes":
                return f"its effect opposes the desired modulation ({self(value.args[0])})"
            if value.name == "cargo":
                return f"exosomal {self(value.args[0])}"
            return f"{value.name}({', '.join(self(a) for a in value.args)})"
        if isinstance(value, tuple):
            return ", ".join(self(a) for a in value)
        text = str(value)
        for section, attr in (("diseases", "name"), ("entities", "label"),
                              ("interventions", "label")):
            rec = self.kb.get(section, text)
            if rec is not None:
                return getattr(rec, attr)
        rec = self.kb.get("studies", text)
        if rec is not None:
            return f"{text} [{', '.join(map(str, rec.refs))}]" if rec.refs else text
        return text

    def intervention(self, value) -> str:
        if isinstance(value, Fn) and value.name in KIND_OF_DERIVED:
            target = self(value.args[0])
            verb = "block exosomal" if value.name == "block" else "restore exosomal"
            return f"{verb} {target}"
        rec = self.kb.get("interventions", str(value))
        return rec.label if rec is not None else str(value)


def _disease_choices(kb: KB):
    from .knowledge.ids import names  # registry ids and synonyms, after the curated names

    return ([(d.id, [d.name, *d.aliases]) for d in kb.diseases]
            + [(d.id, names(d)) for d in kb.diseases])


def study_rows(kb: KB, disease: Optional[str] = None) -> list[dict]:
    """`reasoner studies --format json` (and /api/studies): the studies, of one disease if given."""
    return find_studies(disease=disease, kb=kb)


def reference_records(kb: KB, numbers: Sequence[str] = ()) -> list:
    """`reasoner refs N...` (and /api/refs): entries of the reference list, all when none given."""
    wanted = reference_numbers(kb, numbers)
    return [x for x in kb.references if not wanted or x.n in wanted]


def resolve_context(kb: KB, disease: str, stage: Optional[str], state: Optional[str]):
    d = kb.get("diseases", disease)  # an exact id: no table of every disease's names
    if d is None:
        d = kb.get("diseases", resolve("disease", disease, _disease_choices(kb)))
    did = d.id
    sid = None
    if stage is not None:
        if not d.stages:
            raise NoStagesError(did, stage)
        sid = resolve(f"stage of {did}", stage, [(s.id, [s.name, *s.aliases]) for s in d.stages])
    if state is not None:
        state = resolve("autophagy state", state, [(s, []) for s in STATES])
    return d, sid, state


def query_atoms(contexts: Iterable[tuple[str, Optional[str]]]) -> list[tuple]:
    """Query atoms for (disease, autophagy state) pairs: every view of each disease is answered."""
    q: list[tuple] = []
    for did, state in sorted(set(contexts), key=lambda c: (c[0], c[1] or "")):
        q.append(("query", (did,)))
        if state:
            q.append(("query_state", (did, Const(state))))
    return q


def _refs(kb: KB, studies: Iterable[str]) -> list[int]:
    out: set[int] = set()
    for s in studies:
        rec = kb.get("studies", s)
        if rec is not None:
            out.update(rec.refs)
    return sorted(out)


def _references(kb: KB, refs: Iterable[int]) -> list[r.ReferenceOut]:
    out = []
    for n in sorted(set(refs)):
        rec = kb.get("references", str(n))
        if rec is not None:
            out.append(r.ReferenceOut.model_construct(n=n, citation=rec.citation))
    return out


# ---------------------------------------------------------------- suggest


class _Builder:
    def __init__(self, kb: KB, ans: Answer, disease, sid, state, facts, trees: bool = True,
                 supports: Optional[dict] = None):
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

    def rows(self, pred: str, view=None) -> list[tuple]:
        view = self.view if view is None else view
        return self.ans.rows(pred, self.did, view)

    def caveats(self, item, view=None) -> list[r.Caveat]:
        """The discrepancies that rules/caveats.lp attaches to ``item`` in the view."""
        ids = sorted({row[3] for row in self.rows("caveat", view) if row[2] == item})
        out = []
        for xid in ids:
            rec = self.kb.get("discrepancies", xid)
            out.append(r.Caveat.model_construct(id=xid, kind=rec.kind, text=rec.caveat or rec.note,
                                                refs=[rec.ref] if rec.ref else []))
        return out

    def context(self) -> r.ContextOut:
        stage = next((s for s in self.d.stages if s.id == self.sid), None)
        return r.ContextOut.model_construct(disease=self.did, disease_name=self.d.name, organ=self.d.organ,
                            stage=self.sid, stage_name=stage.name if stage else None,
                            stages=[s.id for s in self.d.stages],
                            autophagy_state=self.state, extra_facts=[Path(f).name for f in self.facts],
                            facts_files=[r.FactsFile.model_construct(**f)
                                         for f in facts_files(self.facts)])

    def role_of(self, view) -> tuple[str, list[r.RoleRecord]]:
        roles = self.rows("autophagy_role", view)
        records = []
        for _, _, role, rid in roles:
            rec = self.kb.get("roles", rid)
            scope = ("stage" if rec.disease and rec.stage else "disease" if rec.disease
                     else "class" if rec.disease_class else "organ")
            records.append(r.RoleRecord.model_construct(id=rid, role=name(role), scope=scope,
                                        refs=rec.refs, quote=rec.quote,
                                        user_file=_user_file(self.kb, "roles", rid),
                                        sources=list(rec.get("sources", []))))
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
            stage_des = {name(row[2]) for row in self.ans.get("desired")
                         if row[0] == self.did and row[1] != Const("all")}
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
            evidence.append(r.DirectionEvidence.model_construct(
                study=st, autophagy_effect=rec.autophagy_effect, outcome=rec.outcome,
                refs=rec.refs, quote=rec.quote, user_file=_user_file(self.kb, "studies", st),
                sources=list(rec.get("sources", []))))
        refs = sorted({n for rec in [*records, *evidence] for n in rec.refs})
        where = f" at {self.stage_name}" if self.sid else ""
        summary = say("autophagy", disease=self.d.name, where=where, role=self.label(Const(role)),
                      desired=desired, basis=say("autophagy_basis", basis=basis) if basis else "")
        trace = self.tree("desired", (self.did, self.view, Const(desired)))
        if self.d.stages and self.sid is None:
            caveats = _unique_caveats([c for s in self.d.stages
                                       for c in self.caveats(Const("role"), s.id)])
        else:
            caveats = self.caveats(Const("role"))
        return r.AutophagyOut.model_construct(role=role, desired=desired, basis=basis, summary=summary,
                              records=_dedupe(records), evidence=evidence, refs=refs,
                              caveats=caveats, trace=trace)

    def mechanism(self, study: str) -> r.Mechanism:
        status = next((name(row[2]) for row in self.ans.get("mechanism")
                       if row[0] == study and row[1] == Const("autophagy")), "none")
        derived = next((name(row[2]) for row in self.ans.get("derived_effect")
                        if row[0] == study and row[1] == Const("autophagy")), None)
        by_source: dict[str, list[tuple]] = {}
        for st, a, b, sign, eid in self.ans.get("path_step"):
            if st == study and a != "autophagy":
                by_source.setdefault(a, []).append((b, sign, eid))
        steps: list[r.PathStep] = []
        node, visited = self.kb.get("studies", study).cargo, set()
        while node in by_source and node not in visited:  # cargo -> target -> ... -> autophagy
            visited.add(node)
            b, sign, eid = sorted(by_source[node])[0]
            edge = self.kb.get("edges", eid)
            steps.append(r.PathStep.model_construct(source=node, target=b,
                                    source_label=self.label(node), target_label=self.label(b),
                                    sign="+" if sign > 0 else "-",
                                    edge=eid, refs=edge.refs if edge else []))
            node = b
        return r.Mechanism.model_construct(study=study, status=status, derived=derived, path=steps,
                                           caveats=self.caveats(Fn("mechanism", (study,))))

    def candidates(self, pred: str = "candidate") -> list[r.Candidate]:
        """Candidates (``pred`` candidate) or hypotheses (``pred`` hypothesis) of the view."""
        out = []
        ranks = {iv_id(row[2]): row[3] for row in self.rows("rank")}
        scores = {iv_id(row[2]): row[3] for row in self.rows("score")}
        tiers = {iv_id(row[2]): row[3] for row in self.rows("tier")}
        for _, _, iv in self.rows(pred):
            iid = iv_id(iv)
            supports = [row for row in self.rows("support_kind") if row[2] == iv]
            sup = []
            effects = []
            for _, _, _, st, how in supports:
                rec = self.kb.get("studies", st)
                prov = next((name(row[3]) for row in self.ans.get("outcome_of")
                             if row[0] == st and row[1] == iv), "reported")
                eff = next((name(row[2]) for row in self.ans.get("effect_of")
                            if row[0] == st and row[1] == iv), rec.autophagy_effect or "no stated effect on")
                effects.append(eff)
                sup.append(r.Support.model_construct(study=st, disease=rec.disease, how=name(how),
                                     provenance=prov, autophagy_effect=eff,
                                     outcome=rec.outcome, evidence=rec.evidence,
                                     species=list(rec.species), refs=rec.refs, quote=rec.quote,
                                     user_file=_user_file(self.kb, "studies", st),
                                     sources=list(rec.get("sources", []))))
            parts = [r.ScorePart.model_construct(name=name(p), value=v, weight=w, note=_part_note(name(p), v))
                     for _, _, _, p, v, w in self.rows("score_part") if _ == iv]
            rec = self.kb.get("interventions", iid)
            kind = rec.kind if rec else KIND_OF_DERIVED.get(getattr(iv, "name", ""), "unknown")
            cargo = rec.cargo if rec else (iv.args[0] if isinstance(iv, Fn) else None)
            effect = sorted(set(effects))
            stages = sorted(row[1] for row in self.ans.get(pred)
                            if row[0] == self.did and row[2] == iv and row[1] != Const("all")) \
                if self.sid is None else []
            label = self.label.intervention(iv)
            refs = sorted({n for s in sup for n in s.refs})
            extrap = all(s.how == "extrapolated" for s in sup)
            where = f" at {self.stage_name}" if self.sid else ""
            summary = say("candidate", label=label, disease=self.d.name, where=where,
                          effect="/".join(effect), refs=", ".join(map(str, refs)),
                          extrapolated=say("candidate_extrapolated") if extrap else "")
            seen: dict = {}
            trace = self.tree(pred, (self.did, self.view, iv), seen)
            if trace is not None:
                for s in sup:
                    for row in self.ans.get("mechanism"):
                        if row[0] == s.study:
                            trace.children.append(self.tree("mechanism", row, seen))
                for row in self.rows("score_part"):
                    if row[2] == iv:
                        trace.children.append(self.tree("score_part", row, seen))
                trace.children.append(self.tree("rank", (self.did, self.view, iv, ranks[iid]),
                                                seen))
            out.append(r.Candidate.model_construct(
                id=iid, label=label, kind=kind, source=rec.source if rec else None, cargo=cargo,
                autophagy_effect="/".join(effect), rank=ranks[iid], score=scores[iid],
                score_parts=sorted(parts, key=lambda p: PART_ORDER.index(p.name)),
                extrapolated=extrap, derived=all(s.provenance == "derived" for s in sup),
                refs=refs, support=sup,
                mechanism=[self.mechanism(s.study) for s in sup], stages=[str(s) for s in stages],
                tier="same_disease" if tiers.get(iid) == 1 else "related_disease",
                evidence_level=_levels(sup),
                derived_from=sorted({s.study for s in sup if s.provenance == "derived"})
                if pred == "hypothesis" else [],
                caveats=self.caveats(Fn("supported", (iv,))),
                summary=summary, trace=trace))
        out.sort(key=lambda c: (c.rank, c.id))
        return out

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
                if isinstance(reason, Fn) and reason.name == "comorbidity":
                    codes.append("comorbidity")
                    reasons.append(comorbidity_reason(self, iv, reason.args[0], st))
                elif isinstance(reason, Fn) and reason.name == "opposes":
                    want = name(reason.args[0])
                    codes.append("opposes_desired")
                    reasons.append(say("opposes", opposite=_opp(want), study=st, refs=refs,
                                       desired=want))
                else:
                    codes.append("reported_harm")
                    reasons.append(say("reported_harm", disease=self.d.name, study=st, refs=refs,
                                       effect=say("effect_past")[rec.autophagy_effect or "none"],
                                       outcome=rec.outcome))
            alts = sorted({row[3] for row in self.rows("alternative") if row[2] == iv})
            rec = self.kb.get("interventions", iid)
            kind = rec.kind if rec else KIND_OF_DERIVED.get(getattr(iv, "name", ""), "unknown")
            if self.trees is None:
                trace = None
            elif len(rows) == 1:
                trace = self.tree("not_recommended", rows[0])
            else:
                trees = [self.tree("not_recommended", row) for row in rows]
                trace = r.TraceNode.model_construct(
                    id=trees[0].id + "r", children=trees,
                    claim=say("not_recommended_tree", label=self.label.intervention(iv),
                              disease=self.d.name))
            out.append(r.NotRecommended.model_construct(
                id=iid, label=self.label.intervention(iv), kind=kind,
                reasons=_unique(reasons), reason_codes=_unique(codes),
                refs=_refs(self.kb, studies), alternatives=alts,
                caveats=self.caveats(Fn("not_recommended", (iv,))), trace=trace))
        return out

    def conflicts(self) -> list[r.Conflict]:
        out = []
        # role first, then the disease-wide direction, then per-cargo conflicts by cargo
        abouts = sorted((about for d, about in self.ans.get("conflict") if d == self.did),
                        key=lambda a: (isinstance(a, Fn), iv_id(a) if isinstance(a, Fn) else name(a)))
        if self.rows("conflict_role"):
            abouts.insert(0, Const("role"))
        for about in abouts:
            sides: dict[str, list[str]] = {}
            if about == Const("role"):
                for d, v, role, rid in self.ans.get("conflict_role"):
                    if d == self.did and v == self.view:
                        sides.setdefault(name(role), []).append(rid)
                side_objs = [r.ConflictSide.model_construct(direction=k, studies=sorted(v),
                                            refs=sorted({n for rid in v
                                                         for n in self.kb.get("roles", rid).refs}))
                             for k, v in sorted(sides.items())]
                evidence: dict[str, list[str]] = {}
                for _, _, direction, st in self.rows("conflict_role_evidence"):
                    evidence.setdefault(name(direction), []).append(st)
                side_objs += [r.ConflictSide.model_construct(direction=k, studies=sorted(v), refs=_refs(self.kb, v))
                              for k, v in sorted(evidence.items())]
                where = f" at {self.stage_name}" if self.sid else ""
                inherited = [rid for v in sides.values() for rid in v
                             if not self.kb.get("roles", rid).disease]
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
                side_objs = [r.ConflictSide.model_construct(direction=k, studies=sorted(v), refs=_refs(self.kb, v))
                             for k, v in sorted(sides.items())]
                if isinstance(about, Fn) and about.name == "cargo":
                    note = say("cargo_conflict", cargo=self.label(about.args[0]),
                               disease=self.d.name)
                else:
                    note = say("direction_conflict", disease=self.d.name)
            recs = []
            for d, a, rid in self.ans.get("conflict_reconciliation"):
                if d == self.did and a == about:
                    rec = self.kb.get("reconciliations", rid)
                    recs.append(r.Reconciliation.model_construct(id=rid, basis=rec.basis, quote=rec.quote,
                                                 refs=rec.refs))
            refs = sorted({n for s in side_objs for n in s.refs})
            out.append(r.Conflict.model_construct(about=self.label(about) if not isinstance(about, Const)
                                  else about.name, note=note, refs=refs, sides=side_objs,
                                  reconciliation=recs,
                                  caveats=self.caveats(Fn("conflict", (about,)))))
        return out

    def stage_answers(self) -> list[r.StageAnswer]:
        if not self.d.stages:
            return []
        out = []
        for s in self.d.stages:
            role, records = self.role_of(s.id)
            desired = name(self.rows("desired", s.id)[0][2])
            out.append(r.StageAnswer.model_construct(
                stage=s.id, role=role, desired=desired,
                refs=sorted({n for rec in records for n in rec.refs}),
                candidates=sorted(iv_id(row[2]) for row in self.rows("candidate", s.id)),
                hypotheses=sorted(iv_id(row[2]) for row in self.rows("hypothesis", s.id)),
                not_recommended=sorted({iv_id(row[2]) for row in self.rows("not_recommended", s.id)})))
        return out

    def warnings(self) -> list[str]:
        out = []
        for (w,) in self.ans.get("warning"):
            if isinstance(w, Fn) and w.name == "dropped" and w.args[0] != self.did:
                continue  # another queried disease's answer
            text = word_warning(w, self.label)
            if text and not text.startswith("mechanism"):
                out.append(text)
        return sorted(set(out))


PART_ORDER = ["context", "model", "mechanism", "papers", "reported", "caveats"]
EVIDENCE_ORDER = ["both", "in_vivo", "in_vitro", "unspecified"]
EVIDENCE_WORDS = {"both": "in vivo and in vitro", "in_vivo": "in vivo", "in_vitro": "in vitro",
                  "unspecified": "model not stated"}


def _levels(sup: list[r.Support]) -> list[str]:
    """Distinct evidence levels of the supporting studies, strongest model first."""
    keyed = {(EVIDENCE_ORDER.index(s.evidence), tuple(s.species)) for s in sup}
    return [f"{EVIDENCE_WORDS[EVIDENCE_ORDER[i]]}, "
            + ("/".join(sp) if sp else "species not stated") for i, sp in sorted(keyed)]
PAST = {"induce": "induced", "inhibit": "inhibited"}


def say(key: str, **words):
    """A sentence of rules/sentences.yaml (section summaries, else whatif), filled with ``words``."""
    from .reasoning.explain import sentences

    words_of = sentences()
    template = words_of["summaries"].get(key, words_of["whatif"].get(key))
    if template is None:
        raise KeyError(key)
    return template.format(**words) if isinstance(template, str) else template
DROPPED = "is neither recommended nor advised against"  # wording of warning(dropped(..))


def _part_note(part: str, value: int) -> str:
    """What a score part's value means (rules/sentences.yaml, score_notes)."""
    from .reasoning.explain import sentences

    notes = sentences().get("score_notes", {}).get(part, {})
    note = notes.get(value, notes.get(str(value), notes.get("other", "{0}")))
    return str(note).format(value)


def word_warning(w, label) -> str:
    """A data warning in words (rules/sentences.yaml, warnings)."""
    from .reasoning.explain import sentences

    if not isinstance(w, Fn):
        return str(w)
    a = [label(x) for x in w.args]
    template = sentences().get("warnings", {}).get(w.name)
    if template is None:
        return f"{w.name}: {', '.join(a)}"
    return template.format(*a, ids=[str(x) for x in w.args])


def _opp(direction: str) -> str:
    return {"induce": "inhibit", "inhibit": "induce"}.get(direction, direction)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _unique_caveats(caveats: list[r.Caveat]) -> list[r.Caveat]:
    seen: dict[str, r.Caveat] = {}
    for c in caveats:
        seen.setdefault(c.id, c)
    return [seen[k] for k in sorted(seen)]


def _dedupe(records: list[r.RoleRecord]) -> list[r.RoleRecord]:
    seen, out = set(), []
    for rec in records:
        if rec.id not in seen:
            seen.add(rec.id)
            out.append(rec)
    return out


def _collect_refs(s: r.Suggestion) -> set[int]:
    refs = set(s.autophagy.refs) | _tree_refs(s.autophagy.trace)
    for c in [*s.candidates, *s.hypotheses]:
        refs.update(c.refs)
        refs.update(n for x in c.caveats for n in x.refs)
        refs |= _tree_refs(c.trace)
        refs.update(n for m in c.mechanism for p in m.path for n in p.refs)
    for n in s.not_recommended:
        refs.update(n.refs)
        refs |= _tree_refs(n.trace)
    for c in s.conflicts:
        refs.update(c.refs)
        for rec in c.reconciliation:
            refs.update(rec.refs)
    for st in s.stage_answers:
        refs.update(st.refs)
    return refs


def run(kb: KB, contexts: Iterable[tuple[str, Optional[str]]], timeout: Optional[float] = None,
        trees: bool = True, entry: Optional[Path] = None, extra: Sequence[tuple] = ()) -> Answer:
    """Solve for (disease, autophagy state) pairs in one call.

    First rules/scope.lp says which diseases' studies can bear on the answer;
    only those studies are passed to the solver.  ``entry`` replaces the
    bundled encoding (mutation testing).
    """
    query = query_atoms(contexts) + list(extra)  # extra: comorbidity atoms (issue 16)
    start = time.monotonic()
    try:
        in_scope = scope(kb.scope_atoms(), query, entry=entry, timeout=timeout)
        left = None if timeout is None else max(timeout - (time.monotonic() - start), 1e-6)
        return solve(kb.facts(in_scope), query, timeout=left, entry=entry, support=trees)
    except SolverTimeout:
        raise SolverTimeout(timeout or 0) from None  # the limit the user gave, for both phases
    except Unsatisfiable as exc:
        raise UnsatisfiableError(word_violations(kb, exc.violations)) from None


def word_violations(kb: KB, violations: list[tuple[str, list[tuple]]]) -> str:
    """One line: which constraint the knowledge base violates and which records break it."""
    from .reasoning.explain import rule_sentence
    from .knowledge.terms import ATOM_SECTION

    if not violations:
        return "no stable model; check the rules"
    parts = []
    for label, atoms in violations:
        records = []
        for pred, args in atoms:
            section = ATOM_SECTION.get(pred)
            if section and args:
                src = kb.sources.get((section, str(args[0])))
                records.append(f"{section} {args[0]!s} ({Path(src).name if src else 'bundled'})")
        parts.append(f"constraint {label} ({rule_sentence(label)}) is violated by "
                     + " and ".join(dict.fromkeys(records)))
    return "; ".join(parts)


def suggest(disease: str, stage: Optional[str] = None, autophagy_state: Optional[str] = None,
            facts: Sequence[Path | str] = (), override: bool = False,
            timeout: Optional[float] = None, trees: bool = True,
            comorbid: Sequence[str] = (), flips: bool = False,
            alternatives: Optional[int] = None) -> r.Suggestion:
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


def build(kb: KB, ans: Answer, d, sid, state, facts=(), trees: bool = True,
          supports: Optional[dict] = None) -> r.Suggestion:
    """The answer for one context from a solve (``supports``: ``explain.index_supports`` of
    the solve's support atoms, shared when one solve answers several contexts)."""
    b = _Builder(kb, ans, d, sid, state, list(facts), trees, supports)
    s = r.Suggestion.model_construct(context=b.context(), autophagy=b.autophagy(), candidates=b.candidates(),
                     hypotheses=b.candidates("hypothesis"), not_recommended=b.not_recommended(), conflicts=b.conflicts(),
                     stage_answers=b.stage_answers(), warnings=b.warnings())
    s.references = _references(kb, _collect_refs(s))
    s.identifiers = _identifiers(kb, [("diseases", d.id)] + [
        ("entities", e) for c in s.candidates for e in (c.source, c.cargo) if e])
    return s


def suggest_many(contexts: Optional[Sequence[tuple[str, Optional[str]]]],
                 autophagy_state: Optional[str] = None,
                 facts: Sequence[Path | str] = (), override: bool = False,
                 timeout: Optional[float] = None, trees: bool = True) -> list[r.Suggestion]:
    """``suggest`` for several (disease, stage) contexts, answered by one solve; ``None``:
    every disease, without a stage and at each of its stages, in the knowledge base's order.

    >>> pages = suggest_many([("hepatic_IR", None), ("hepatic_IR", "reperfusion")])  # doctest: +SKIP
    """
    from .reasoning.explain import index_supports

    kb = load_kb(facts, override)
    if contexts is None:
        contexts = [(d.id, st) for d in kb.diseases for st in [None] + [s.id for s in d.stages]]
    resolved = [resolve_context(kb, d, st, autophagy_state) for d, st in contexts]
    ans = run(kb, [(d.id, state) for d, _, state in resolved], timeout, trees)
    supports = index_supports(ans.get("support")) if trees else None
    return [build(kb, ans, d, sid, state, facts, trees, supports) for d, sid, state in resolved]


def _identifiers(kb: KB, records: Iterable[tuple[str, str]]) -> list[r.IdentifierOut]:
    """The main registry ids of these records, each with its registry link."""
    from .knowledge.ids import link

    out: dict[tuple[str, str], r.IdentifierOut] = {}
    for section, rid in records:
        rec = kb.get(section, rid)
        for x in (rec.xrefs or []) if rec is not None else []:
            seen = out.get((rid, x.get("curie")))
            if x.get("curie") and x.get("relation") in ("exact", "precursor", "broader") and (
                    seen is None or seen.status != "stated"):
                out[(rid, x["curie"])] = r.IdentifierOut.model_construct(
                    record=rid, label=rec.get("label") or rec.get("name"), curie=x["curie"],
                    link=link(x["curie"]) or "", status=x["status"])
    return [out[k] for k in sorted(out)]


# ---------------------------------------------------------------- explain


def explain(intervention: str, disease: str, stage: Optional[str] = None,
            autophagy_state: Optional[str] = None, facts: Sequence[Path | str] = (),
            override: bool = False, timeout: Optional[float] = None,
            comorbid: Sequence[str] = (), why_not: bool = False) -> r.Explanation:
    """Why (or why not) ``intervention`` for ``disease`` at ``stage``, and what would change it.

    ``why_not=True`` answers only why it is not recommended: for a candidate, the
    tree keeps only the conditions that found nothing against it.

    >>> e = explain("ucmsc_exos_mir_20a", "hepatic_IR", "reperfusion")  # doctest: +SKIP
    """
    kb = load_kb(facts, override)
    d, sid, state = resolve_context(kb, disease, stage, autophagy_state)
    co = resolve_comorbidities(kb, d.id, comorbid)
    s = answer_with(kb, d, sid, state, co, facts, True, timeout)
    index = intervention_index(kb, facts, override)
    e = _explain(kb, s, d, sid, intervention, index, why_not=why_not)
    e.flips, e.flips_note = find_flips(kb, d, sid, state, co, e.intervention, e.status,
                                       any(c.id == e.intervention and c.rank == 1
                                           for c in s.candidates), timeout, index=index)
    extra = {n for f in e.flips for n in f.refs} - {ref.n for ref in e.references}
    if extra:
        e.references = _references(kb, {ref.n for ref in e.references} | extra)
    if co:
        e.context = s.context
    iv = kb.get("interventions", e.intervention)
    named = [e.intervention.split(":")[1]] if ":" in e.intervention else []
    if iv is not None:
        named += [x for x in (iv.source, iv.cargo) if x]
    e.identifiers = _identifiers(kb, [("diseases", d.id)] + [("entities", x) for x in named])
    return e


def _explain(kb: KB, s: r.Suggestion, d, sid, intervention: str,
             index: Optional[dict] = None, why_not: bool = False) -> r.Explanation:
    """``index``: ``intervention_index`` of ``kb`` (built here, uncached, when not given)."""
    known = {c.id: c for c in s.candidates}
    hypotheses = {c.id: c for c in s.hypotheses}
    blocked = {n.id: n for n in s.not_recommended}
    if index is None:
        index = intervention_index(kb, cached=False)
    iid = resolve_intervention(kb, intervention, list(known) + list(hypotheses) + list(blocked),
                               index)
    labels = Labels(kb)
    elsewhere = [x for x in index["applied_in"].get(iid, []) if x != d.id]
    where = f" at {s.context.stage_name}" if sid else ""
    if iid in known:
        c = known[iid]
        trace, summary = c.trace, say("explain_candidate", summary=c.summary)
        if why_not:
            summary = say("explain_why_not_candidate", label=c.label, disease=d.name, where=where,
                          rank=c.rank)
            if trace is not None:
                trace = trace.model_copy(update={"children": [x for x in trace.children
                                                              if x.negated]})
        return r.Explanation.model_construct(context=s.context, intervention=iid, label=c.label,
                             status="candidate", summary=summary,
                             trace=trace, elsewhere=elsewhere, caveats=_item_caveats(c),
                             references=_references(kb, _tree_refs(trace)))
    if iid in hypotheses:
        c = hypotheses[iid]
        return r.Explanation.model_construct(context=s.context, intervention=iid, label=c.label,
                             status="hypothesis",
                             summary=say("explain_hypothesis", summary=c.summary),
                             trace=c.trace, elsewhere=elsewhere, caveats=_item_caveats(c),
                             references=_references(kb, _tree_refs(c.trace)))
    if iid in blocked:
        n = blocked[iid]
        alt = (say("explain_alternative", stages=", ".join(n.alternatives))
               if n.alternatives else "")
        return r.Explanation.model_construct(context=s.context, intervention=iid, label=n.label,
                             status="not_recommended",
                             summary=say("explain_not_recommended", disease=d.name, where=where,
                                         reasons="; ".join(n.reasons), alternative=alt),
                             alternatives=n.alternatives, trace=n.trace, elsewhere=elsewhere,
                             caveats=n.caveats,
                             references=_references(kb, _tree_refs(n.trace)))
    label = labels.intervention(Fn(iid.split(":")[0], (iid.split(":")[1],))
                                if ":" in iid else iid)
    hint = say("explain_elsewhere", diseases=", ".join(elsewhere)) if elsewhere else ""
    return r.Explanation.model_construct(context=s.context, intervention=iid, label=label, status="no_evidence",
                         summary=say("explain_no_evidence", label=label, disease=d.name,
                                     where=where, hint=hint), elsewhere=elsewhere)


def intervention_choices(kb: KB, extra: Iterable[str] = (),
                         cargos: Optional[Iterable[str]] = None) -> list[tuple[str, list[str]]]:
    """Every intervention id a command shows, with the other spellings users type.

    A derived ``block:X`` / ``restore:X`` is the curated blockade / overexpression of
    X where one exists (as rules/recommend.lp uses it).  ``cargos``: the studies' cargos
    (``intervention_index(kb)["cargos"]``), walked from the studies when not given.
    """
    curated = {(i.kind, i.cargo): i.id for i in kb.interventions if i.cargo}
    aliases: dict[str, list[str]] = {i.id: [i.label] for i in kb.interventions}
    for iid in extra:
        aliases.setdefault(iid, [])
    if cargos is None:
        cargos = [st.cargo for st in kb.studies if st.cargo]
    for cargo in cargos:
        for verb, kind in KIND_OF_DERIVED.items():
            derived = f"{verb}:{cargo}"
            target = curated.get((kind, cargo))
            if target is not None:
                aliases[target].append(derived)
            else:
                aliases.setdefault(derived, [])
    return [(k, v) for k, v in aliases.items()]


def resolve_intervention(kb: KB, value: str, extra: Iterable[str] = (),
                         index: Optional[dict] = None) -> str:
    """The intervention id ``value`` names; an entity (a cargo) gets the interventions with it.

    With the ``index`` (``intervention_index``), the usual spelling, an exact id of an
    answered or curated intervention, is answered from the records it names; any other
    spelling (a label, ``block:X``, another case, a typo) is resolved against every choice,
    with "did you mean" (tests compare the two).
    """
    from .errors import NotAnInterventionError

    extra = list(extra)
    if index is not None and (value in extra or kb.get("interventions", value) is not None):
        return value
    choices = intervention_choices(kb, extra, index["cargos"] if index is not None else None)
    try:
        return resolve("intervention", value, choices)
    except UnknownValueError:
        try:
            eid = resolve("entity", value, [(e.id, [e.label, *e.aliases]) for e in kb.entities])
        except UnknownValueError:
            eid = None
        if eid is None:
            raise
        with_it = sorted({cid for cid, _ in choices
                          if cid.endswith(f":{eid}")
                          or (kb.get("interventions", cid) is not None
                              and kb.get("interventions", cid).cargo == eid)},
                         key=str.casefold)
        raise NotAnInterventionError(value, eid, with_it) from None


def _user_file(kb: KB, section: str, rid: str) -> Optional[str]:
    """The name of the --facts file a record comes from (None for bundled records)."""
    from .knowledge.paths import facts_dir

    src = kb.sources.get((section, rid))
    if not src or Path(src).resolve().parent == facts_dir().resolve():
        return None
    return Path(src).name


def facts_files(facts: Sequence[Path | str]) -> list[dict]:
    """Each --facts file: its name and the SHA-256 of the bytes the knowledge base read."""
    from .knowledge.inputs import read_input

    out = []
    for f in facts:
        try:
            digest = read_input(str(f)).digest.hex()
        except Exception:  # noqa: BLE001 - a file the loader already refused, or gone since
            digest = ""
        out.append({"file": Path(f).name, "sha256": digest})
    return out


def find_interventions(disease: Optional[str] = None, kind: Optional[str] = None,
                       cargo: Optional[str] = None, effect: Optional[str] = None,
                       facts: Sequence[Path | str] = (), override: bool = False) -> list[dict]:
    """Curated interventions, filtered; each with the diseases and effects its studies report."""
    from .knowledge.models import Intervention

    kb = load_kb(facts, override)
    did = resolve("disease", disease, _disease_choices(kb)) if disease is not None else None
    kinds = Intervention.model_fields["kind"].annotation.__args__
    kind = resolve("intervention kind", kind, [(k, []) for k in kinds]) if kind else None
    eid = resolve("entity", cargo, _entity_choices(kb)) if cargo else None
    effect = resolve("autophagy effect", effect, [("induce", []), ("inhibit", [])]) if effect else None
    by_iv: dict[str, list] = {}
    for st in kb.studies:
        if st.intervention:
            by_iv.setdefault(st.intervention, []).append(st)
    rows = []
    for i in kb.interventions:
        sts = by_iv.get(i.id, [])
        diseases = sorted({s.disease or "physiology" for s in sts}, key=str.casefold)
        effects = sorted({s.autophagy_effect for s in sts if s.autophagy_effect})
        if did and did not in diseases:
            continue
        if kind and i.kind != kind or eid and i.cargo != eid or effect and effect not in effects:
            continue
        rows.append({"id": i.id, "label": i.label, "kind": i.kind, "cargo": i.cargo,
                     "source": i.source, "diseases": diseases, "effects": effects,
                     "refs": list(i.refs), "user_file": _user_file(kb, "interventions", i.id)})
    return sorted(rows, key=lambda x: (x["id"].casefold(), x["id"]))


def _entity_choices(kb: KB):
    return [(e.id, [e.label, *e.aliases, *([e.symbol] if e.symbol else [])]) for e in kb.entities]


def disease_rows(kb: KB) -> list[dict]:
    """`reasoner diseases`: every disease with its stages and aliases, by id (case-insensitive)."""
    rows = [{"id": d.id, "name": d.name, "organ": d.organ, "system": d.system,
             "classes": list(d.classes), "aliases": list(d.aliases),
             "stages": [{"id": s.id, "name": s.name, "aliases": list(s.aliases)} for s in d.stages],
             "refs": d.refs} for d in kb.diseases]
    return sorted(rows, key=lambda x: (x["id"].casefold(), x["id"]))


def reference_numbers(kb: KB, numbers: Iterable[str]) -> list[int]:
    """The reference numbers ``numbers`` name: numbers and ranges such as '75-77'."""
    hint = "1-96, or a range like 75-77"
    wanted: list[int] = []
    for n in numbers:
        lo, sep, hi = str(n).partition("-")
        if not str(n).isascii():  # a digit of another script is not a reference number
            raise UnknownValueError("reference number", str(n), [], valid_hint=hint)
        if sep and lo.isdigit() and hi.isdigit() and int(lo) <= int(hi):
            span = range(int(lo), int(hi) + 1)
        elif not sep and str(n).isdigit():
            span = range(int(n), int(n) + 1)
        else:
            raise UnknownValueError("reference number", str(n), [], valid_hint=hint)
        if any(kb.get("references", str(k)) is None for k in span):
            raise UnknownValueError("reference number", str(n), [], valid_hint=hint)
        wanted += [k for k in span if k not in wanted]
    return wanted


def find_studies(disease: Optional[str] = None, cargo: Optional[str] = None,
                 entity: Optional[str] = None, ref: Optional[int] = None,
                 effect: Optional[str] = None, facts: Sequence[Path | str] = (),
                 override: bool = False, kb: Optional[KB] = None) -> list[dict]:
    """Study records (as JSON data), filtered; ``disease='physiology'`` means no disease."""
    kb = kb if kb is not None else load_kb(facts, override)
    did = None
    if disease is not None:
        did = resolve("disease", disease, _disease_choices(kb)
                      + [("physiology", ["physiological", "no disease"])])
    cid = resolve("entity", cargo, _entity_choices(kb)) if cargo else None
    eid = resolve("entity", entity, _entity_choices(kb)) if entity else None
    if effect:
        effect = resolve("autophagy effect", effect,
                         [("induce", []), ("inhibit", []), ("none", ["not stated"])])
    if ref is not None and kb.get("references", str(ref)) is None:
        raise UnknownValueError("reference number", str(ref), [], valid_hint="1-96")
    rows = []
    for s in kb.studies:
        if did and (s.disease or "physiology") != did:
            continue
        if cid and s.cargo != cid:
            continue
        if eid and eid not in {s.cargo, s.target, s.source, *s.pathway}:
            continue
        if ref is not None and ref not in s.refs:
            continue
        if effect and (s.autophagy_effect or "none") != effect:
            continue
        row = s.model_dump(mode="json") if hasattr(s, "model_dump") else dict(s)
        row["disease"] = s.disease or "physiology"
        row["user_file"] = _user_file(kb, "studies", s.id)
        rows.append(row)
    return sorted(rows, key=lambda x: (x["id"].casefold(), x["id"]))


def intervention_index(kb: KB, facts: Sequence[Path | str] = (), override: bool = False,
                       cached: bool = True) -> dict:
    """What ``explain`` looks up across every disease, so that it reads only its scope:
    ``applied_in`` (intervention -> diseases whose studies applied it) and ``cargos`` (the
    studies' cargos, in study order).  Built by one walk over the studies, then cached with
    the knowledge base it was built from (same files, same content).
    """
    def build_index() -> dict:
        applied: dict[str, set[str]] = {}
        cargos: dict[str, None] = {}
        for st in kb.studies:
            if st.intervention and st.disease:
                applied.setdefault(st.intervention, set()).add(st.disease)
            if st.cargo:
                cargos.setdefault(st.cargo)
        return {"applied_in": {k: sorted(v) for k, v in sorted(applied.items())},
                "cargos": list(cargos)}

    from .knowledge import cache

    content = getattr(kb, "content_key", None)  # the bytes the knowledge base was built from
    if not (cached and cache.enabled()) or not isinstance(content, bytes):
        return build_index()
    return cache.cached_json("index", cache.key(content, "intervention-index"), build_index,
                             _check_index)


def _check_index(obj) -> dict:
    """A cached intervention index: {"applied_in": {id: [disease]}, "cargos": [id]}."""
    ok = (isinstance(obj, dict) and isinstance(obj.get("applied_in"), dict)
          and isinstance(obj.get("cargos"), list)
          and all(isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v)
                  for k, v in obj["applied_in"].items())
          and all(isinstance(c, str) for c in obj["cargos"]))
    if not ok:
        raise ValueError("not an intervention index")
    return obj


def _item_caveats(c: r.Candidate) -> list[r.Caveat]:
    return _unique_caveats([*c.caveats, *(x for m in c.mechanism for x in m.caveats)])


def _tree_refs(node: Optional[r.TraceNode]) -> set[int]:
    from .reasoning.explain import walk

    return {n for x in walk(node) for n in x.refs} if node is not None else set()


# ---------------------------------------------------------------- what-if (issue 16)
#
# Comorbidities, flips ("what would change this answer") and the plan across
# stages.  The decisions are rules/comorbidity.lp, rules/flips.lp and
# rules/choose.lp; here the question becomes atoms and the atoms become results.




def load_change_space():
    """facts/changes.yaml (the change space of flips and the general warnings), validated."""
    from .knowledge.paths import change_space_file

    return _change_space(str(change_space_file()))


from functools import lru_cache  # noqa: E402


@lru_cache(maxsize=4)
def _change_space(path: str):
    """The validated change space as records with attribute access; validated once per
    content of the file, then read from the cache like the conclusions (no YAML, no models)."""
    from .knowledge import cache
    from .knowledge.store import Rec

    def build() -> dict:
        from pydantic import ValidationError

        from .errors import FactsError
        from .knowledge import models, yamlio

        text = Path(path).read_text(encoding="utf-8")
        try:
            data = yamlio.load(text)
        except yamlio.DuplicateKey as exc:
            raise FactsError(path, str(exc), line=exc.line) from None
        try:
            return models.ChangeSpace.model_validate(data).model_dump(mode="json")
        except ValidationError as exc:
            err = exc.errors()[0]
            raise FactsError(path, err["msg"],
                             field=".".join(map(str, err["loc"])) or None) from None

    if not cache.enabled():
        return Rec(build())
    try:
        k = cache.key([Path(path)], "changes")
    except OSError:
        return Rec(build())
    return Rec(cache.cached_json("changes", k, build, _check_dict))


def _check_dict(obj) -> dict:
    if not isinstance(obj, dict):
        raise ValueError("not a mapping")
    return obj


def resolve_comorbidities(kb: KB, main: str, specs: Sequence[str]) -> list[tuple[str, Optional[str]]]:
    """``DISEASE[:STAGE]`` strings -> sorted (disease id, stage id or None); errors name the bad value."""
    out: dict[str, Optional[str]] = {}
    for spec in specs:
        text, _, stage = spec.partition(":") if ":" in spec else (spec, "", "")
        cid = resolve("comorbidity", text.strip(), _disease_choices(kb))
        if cid == main:
            raise UnknownValueError("comorbidity (it is the disease asked about)", spec, [])
        d = kb.get("diseases", cid)
        sid = None
        if stage.strip():
            if not d.stages:
                raise UnknownValueError(f"stage for comorbidity {cid} (it has no stages)",
                                        stage, [])
            sid = resolve(f"stage of {cid}", stage.strip(),
                          [(s.id, [s.name, *s.aliases]) for s in d.stages])
        if cid in out and out[cid] != sid:
            raise UnknownValueError(f"comorbidity (given twice with different stages)", spec, [])
        out[cid] = sid
    return sorted(out.items())


def warning_atoms() -> list[tuple]:
    out: list[tuple] = []
    for w in load_change_space().general_warnings:
        out.append(("general_warning", (w.id, Const(w.disease_class), Const(w.intervention_kind))))
        out += [("warning_ref", (w.id, n)) for n in w.refs]
    return out


def comorbidity_atoms(main: str, co: Sequence[tuple[str, Optional[str]]]) -> list[tuple]:
    """comorbid/3 atoms (the comorbidity read at its stage, or as a whole) and the general warnings."""
    return [("comorbid", (main, c, s if s else Const("all"))) for c, s in co] + warning_atoms()


def comorbidity_reason(b: "_Builder", iv, cid: str, st: str) -> str:
    """Wording of a not_recommended(.., comorbidity(C), St) row."""
    name_c = b.label(cid)
    harms = [row for row in b.ans.get("co_harm") if row[0] == b.did and row[1] == b.view
             and row[2] == iv and row[3] == cid and row[5] == st]
    rec = b.kb.get("studies", st)
    refs = ", ".join(map(str, rec.refs)) if rec else ""
    for row in harms:
        why = row[4]
        if isinstance(why, Fn) and why.name == "opposes" and rec and rec.disease == b.did:
            return say("nr_opposes", comorbidity=name_c, opposite=_opp(name(why.args[0])),
                       study=st, refs=refs, desired=name(why.args[0]))
        if isinstance(why, Fn) and why.name == "opposes":
            return say("nr_opposes_there", comorbidity=name_c, study=st, refs=refs,
                       desired=name(why.args[0]))
    return say("nr_reported_harm", comorbidity=name_c, study=st, refs=refs)


def answer_with(kb: KB, d, sid, state, co: Sequence[tuple[str, Optional[str]]], facts=(),
                trees: bool = True, timeout: Optional[float] = None,
                alternatives: Optional[int] = None, entry: Optional[Path] = None) -> r.Suggestion:
    """The suggest answer, with its comorbidity parts when ``co`` is not empty (else as before)."""
    if not co:
        return build(kb, run(kb, [(d.id, state)], timeout, trees, entry=entry), d, sid, state,
                     facts, trees)
    ans = run(kb, [(d.id, state)] + [(c, None) for c, _ in co], timeout, trees, entry=entry,
              extra=comorbidity_atoms(d.id, co))
    s = build(kb, ans, d, sid, state, facts, trees)
    add_comorbidity(kb, ans, s, d, sid, co, alternatives, timeout, entry)
    return s


def add_comorbidity(kb: KB, ans: Answer, s: r.Suggestion, d, sid,
                    co: Sequence[tuple[str, Optional[str]]], alternatives: Optional[int],
                    timeout: Optional[float], entry: Optional[Path] = None) -> None:
    """Comorbidity parts of an answer: context, cautions, helpful marks, the conflict about
    `comorbidity`, and the choices of the lexicographic optimisation (rules/choose.lp)."""
    from .reasoning.solver import optimise

    view = sid if sid else Const("all")
    label = Labels(kb)
    s.context.comorbidities = [r.ComorbidityOut.model_construct(disease=c, stage=st)
                               for c, st in co]
    warnings = {w.id: w for w in load_change_space().general_warnings}
    for c in s.candidates:
        cautions, helpful = [], []
        for dd, v, iv, cid, why in ans.get("co_caution"):
            if dd != d.id or v != view or iv_id(iv) != c.id:
                continue
            if isinstance(why, Fn) and why.name == "warning":
                w = warnings[why.args[0]]
                cautions.append(r.Caution.model_construct(
                    comorbidity=cid, code="general_warning",
                    note=say("caution_warning", comorbidity=label(cid), section=w.section,
                             kind=w.intervention_kind, disease_class=w.disease_class),
                    refs=list(w.refs), quote=w.quote))
            else:
                recs = [rec for rec in kb.roles if any(
                    row[0] == cid and row[3] == rec.id for row in ans.get("autophagy_role"))]
                cautions.append(r.Caution.model_construct(
                    comorbidity=cid, code="uncertain",
                    note=say("caution_uncertain", comorbidity=label(cid),
                             effect=c.autophagy_effect),
                    refs=sorted({n for rec in recs for n in rec.refs}), quote=None))
        for dd, v, iv, cid, how in ans.get("co_helpful"):
            if dd == d.id and v == view and iv_id(iv) == c.id:
                helpful.append(r.Helpful.model_construct(comorbidity=cid, how=name(how)))
        c.cautions = sorted(cautions, key=lambda x: (x.comorbidity, x.code))
        c.helpful_for = sorted(helpful, key=lambda x: (x.comorbidity, x.how))
    for dd, v, cid, mine, theirs in ans.get("co_conflict"):
        if dd != d.id or v != view:
            continue
        main_refs = sorted(s.autophagy.refs)
        co_refs = sorted({n for rec in kb.roles for n in rec.refs if any(
            row[0] == cid and row[3] == rec.id for row in ans.get("autophagy_role"))})
        s.conflicts.append(r.Conflict.model_construct(
            about="comorbidity",
            note=say("conflict", disease=d.name, mine=PRESENT.get(name(mine), name(mine)),
                     comorbidity=label(cid), theirs=PRESENT.get(name(theirs), name(theirs))),
            refs=sorted(set(main_refs) | set(co_refs)),
            sides=[r.ConflictSide.model_construct(direction=name(mine), studies=[d.id], refs=main_refs),
                   r.ConflictSide.model_construct(direction=name(theirs), studies=[cid], refs=co_refs)],
            reconciliation=[]))
    # lexicographic optimisation over the candidates (rules/choose.lp)
    options = []
    for c in s.candidates:
        n = next((row[3] for row in ans.get("co_conflicts") if row[0] == d.id and row[1] == view
                  and iv_id(row[2]) == c.id), 0)
        options.append(("option", ("view", c.id, n, c.score)))
    if not options:
        s.choices = []
        return
    models = optimise(options, program_file="choose.lp", enumerate_all=True, timeout=timeout,
                      entry=entry)
    choices = []
    for m in models:
        for _, iid in m.answer.get("pick"):
            c = next(x for x in s.candidates if x.id == iid)
            choices.append(r.Choice.model_construct(
                intervention=iid, cautions=len(c.cautions or []), score=c.score,
                optimal=m.optimal))
    limit = sum(ch.optimal for ch in choices) + (alternatives if alternatives is not None else 0)
    s.choices = choices[:max(limit, 1)]
    s.references = _references(kb, _collect_refs(s) | {n for c in s.candidates
                                                        for x in (c.cautions or []) for n in x.refs}
                               | {n for x in s.conflicts for n in x.refs})


PRESENT = {"induce": "inducing", "inhibit": "inhibiting"}


def _as_kb_study_disease(facts):
    """The facts with study_disease/2 given as kb_study_disease/2 (a flip may set a study
    aside); fact text is renamed line by line (one atom a line, its predicate first)."""
    from .knowledge.terms import FactText

    if isinstance(facts, str):
        return FactText(re.sub(r"(?m)^study_disease\(", "kb_study_disease(", facts))
    return [("kb_study_disease", a[1]) if a[0] == "study_disease" else a for a in facts]


#: Most studies in a flip question's scope: each can be set aside, and the ground flip
#: program grows faster than linearly with them (at 1677 studies it did not fit in 12 GB).
#: Beyond it flips are not searched and the note says so (deterministic, unlike a clock).
FLIP_MAX_STUDIES = 500


_APPLIED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _applied_in(kb: KB) -> dict:
    """``intervention_index(kb)["applied_in"]``, built once per knowledge base object."""
    try:
        found = _APPLIED.get(kb)
    except TypeError:  # not weakly referenceable
        return intervention_index(kb, cached=False)["applied_in"]
    if found is None:
        found = _APPLIED[kb] = intervention_index(kb, cached=False)["applied_in"]
    return found


def _count_studies(facts) -> int:
    if isinstance(facts, str):
        return facts.startswith("study(") + facts.count("\nstudy(")
    return sum(1 for a in facts if a[0] == "study")


#: What a flip's words read of its model (``_word_flip``).
FLIP_ATOMS = ("flip_change", "flip_status", "flip_rank", "flip_why", "flip_desired", "flip_role")


def _iv_symbol(iid: str):
    if ":" in iid:
        kind, _, arg = iid.partition(":")
        return Fn(kind, (arg,))
    return iid


def find_flips(kb: KB, d, sid, state, co: Sequence[tuple[str, Optional[str]]], iid: str,
               status: str, top: bool, timeout: Optional[float],
               space=None, entry: Optional[Path] = None,
               index: Optional[dict] = None) -> tuple[list[r.Flip], str]:
    """What would change this answer: one optimisation over the change space (rules/flips.lp).

    ``space`` replaces facts/changes.yaml (a ``models.ChangeSpace``; tests); ``index`` is
    ``intervention_index`` of ``kb`` (where the intervention was applied), else the studies
    are walked."""
    from .reasoning.solver import minimal_changes

    space = space or load_change_space()
    view = sid if sid else Const("all")
    iv = _iv_symbol(iid)
    query = [("query", (d.id,))] + [("query", (c,)) for c, _ in co]
    query += [("flip_target", (d.id, view, iv)), ("flip_origin", (Const(status),))]
    if top:
        query.append(("flip_origin_top", ()))
    if state:
        query.append(("flip_given_state", (d.id, Const(state))))
    query += [("flip_given_comorbid", (d.id, c, st if st else Const("all"))) for c, st in co]
    query += warning_atoms()
    for ch in space.changes:
        if ch.allowed:
            query += [("change_cost", (Const(ch.kind), ch.cost)),
                      ("change_limit", (Const(ch.kind), ch.limit))]
    query.append(("flip_max_changes", (space.max_changes,)))
    # studies of the diseases in scope, of the comorbidities, and of every disease
    # where a study applied the intervention (the comorbidities a flip may add)
    applied = index["applied_in"] if index is not None else _applied_in(kb)
    elsewhere = sorted(applied.get(iid, []))
    scope_q = [("query", (x,)) for x in sorted({d.id, *elsewhere, *(c for c, _ in co)})]
    in_scope = scope(kb.scope_atoms(), scope_q, timeout=timeout, entry=entry)
    facts = _as_kb_study_disease(kb.facts(in_scope))
    n_studies = _count_studies(facts)
    if n_studies > FLIP_MAX_STUDIES:
        return [], say("flips_not_searched", n=n_studies, limit=FLIP_MAX_STUDIES)
    models = minimal_changes(facts, query, change="flip_change", keep=FLIP_ATOMS,
                             cost_bound=space.max_cost, timeout=timeout, entry=entry)
    found: list[tuple[int, frozenset, Answer]] = []
    for m in models:
        if m.cost and m.cost[0] > space.max_cost:
            continue  # an optimum beyond the bound (the bound only limits the enumeration)
        changes = frozenset(m.answer.get("flip_change"))
        found.append((m.cost[0] if m.cost else 0, changes, m.answer))
    # minimal flips only: a set of changes that contains another flip's changes adds nothing
    minimal = [f for f in found if not any(g[1] < f[1] for g in found)]
    minimal.sort(key=lambda f: (f[0], sorted(str(x) for x in f[1])))
    flips = [_word_flip(kb, d, sid, state, co, iid, cost, changes, ans)
             for cost, changes, ans in minimal[:space.max_flips]]
    bound = say("bound", max_changes=space.max_changes, max_cost=space.max_cost,
                kinds=", ".join(f"{c.kind} ({c.cost})" for c in space.changes if c.allowed))
    if flips:
        more = len(minimal) > space.max_flips
        note = say("flips_found_more" if more else "flips_found", n=len(flips), bound=bound)
    else:
        why = (say("no_flip_no_evidence", disease=d.name) if status == "no_evidence"
               else say("no_flip_unchanged"))
        note = say("no_flip", bound=bound, why=why)
    return flips, note


def find_flips_many(kb: KB, questions: Sequence[tuple], timeout: Optional[float],
                    space=None, entry: Optional[Path] = None) -> list[tuple[list[r.Flip], str]]:
    """``find_flips`` for several questions (d, sid, state, co, iid, status, top), in order,
    the index of where interventions were applied built once for all."""
    index = {"applied_in": _applied_in(kb)}
    return [find_flips(kb, d, sid, state, co, iid, status, top, timeout, space, entry, index)
            for d, sid, state, co, iid, status, top in questions]


def _word_flip(kb: KB, d, sid, state, co, iid, cost: int, changes, ans: Answer) -> r.Flip:
    label = Labels(kb)
    co_stage = dict(co)
    out_changes = []
    for kind, value in sorted(changes, key=lambda x: (str(x[0]), str(x[1]))):
        v = name(value)
        if kind == Const("stage"):
            out_changes.append(r.FlipChange.model_construct(kind="stage", from_=sid, to=v))
        elif kind == Const("autophagy_state"):
            out_changes.append(r.FlipChange.model_construct(kind="autophagy_state", from_=state, to=v))
        elif kind == Const("exclude_study"):
            out_changes.append(r.FlipChange.model_construct(kind="exclude_study", from_=v, to=None))
        elif isinstance(kind, Fn) and kind.args[0] == Const("add"):
            out_changes.append(r.FlipChange.model_construct(kind="comorbidity", from_=None, to=v))
        else:
            spec = v + (":" + co_stage[v] if co_stage.get(v) else "")
            out_changes.append(r.FlipChange.model_construct(kind="comorbidity", from_=spec, to=None))
    status = name(ans.get("flip_status")[0][0])
    rank = ans.get("flip_rank")[0][0] if ans.get("flip_rank") else None
    records, refs, because = [], set(), []
    for rule, rec in ans.get("flip_why"):
        if isinstance(rec, Fn) and rec.name in ("study", "set_aside"):
            st = rec.args[0]
            records.append(f"studies:{st}")
            refs.update(kb.get("studies", st).refs)
            if isinstance(rule, Fn):  # not_recommended(Reason)
                reason = rule.args[0]
                because.append(
                    say("because_comorbidity", comorbidity=label(reason.args[0]), study=st)
                    if isinstance(reason, Fn) and reason.name == "comorbidity"
                    else say("because_reason", reason=label(reason), study=st))
    by_role = status != "no_evidence" and any(b == Const("role") for _, b in ans.get("flip_desired"))
    for (rid,) in ans.get("flip_role") if by_role else ():
        records.append(f"roles:{rid}")
        refs.update(kb.get("roles", rid).refs)
    desired = ", ".join(f"{name(a)} ({name(b)})" for a, b in ans.get("flip_desired"))
    rule = {"candidate": "candidate", "no_evidence": "no_evidence"}.get(status, "not_recommended")
    changed = "; ".join(_word_change(ch) for ch in out_changes)
    if status == "candidate":
        studies = ", ".join(x.split(":", 1)[1] for x in records if x.startswith("studies:"))
        why = say("why_candidate", studies=studies, desired=desired)
    elif status == "not_recommended":
        why = say("why_not_recommended", because="; ".join(dict.fromkeys(because)),
                  desired=desired)
    else:
        why = say("why_no_evidence")
    summary = say("flip_ranked" if rank else "flip", changes=changed,
                  status=status.replace("_", " "), rank=rank, why=why)
    dirs = sorted({name(a) for a, _ in ans.get("flip_desired")})
    return r.Flip.model_construct(changes=out_changes, cost=cost, status=status, rank=rank,
                                  desired=dirs[0] if len(dirs) == 1 else None,
                                  rule=rule, records=sorted(set(records)), refs=sorted(refs),
                                  summary=summary)


def _word_change(ch: r.FlipChange) -> str:
    if ch.kind in ("stage", "autophagy_state"):
        key = f"change_{ch.kind}" + ("_from" if ch.from_ else "")
    elif ch.kind == "exclude_study":
        key = "change_exclude_study"
    else:
        key = "change_comorbidity_added" if ch.to else "change_comorbidity_removed"
    return say(key, to=ch.to, frm=ch.from_)


def plan(disease: str, comorbid: Sequence[str] = (), facts: Sequence[Path | str] = (),
         override: bool = False, timeout: Optional[float] = None) -> r.Plan:
    """A choice per stage of a staged disease, in one solve (rules/plan.lp, rules/choose.lp)."""
    kb = load_kb(facts, override)
    return plan_for(kb, disease, comorbid, facts, timeout)


def plan_for(kb: KB, disease: str, comorbid: Sequence[str] = (), facts=(),
             timeout: Optional[float] = None, entry: Optional[Path] = None) -> r.Plan:
    from .reasoning.solver import optimise

    d, _, _ = resolve_context(kb, disease, None, None)
    if not d.stages:
        staged = ", ".join(x.id for x in kb.diseases if x.stages)
        raise UnknownValueError("disease for a plan (it has no stages)", disease, [],
                                valid_hint=staged)
    co = resolve_comorbidities(kb, d.id, comorbid)
    query = query_atoms([(d.id, None)] + [(c, None) for c, _ in co])
    query += [("plan", (d.id,))]
    query += [("stage_next", (d.id, a.id, b.id)) for a, b in zip(d.stages, d.stages[1:])]
    if co:
        query += comorbidity_atoms(d.id, co)
    in_scope = scope(kb.scope_atoms(), query, timeout=timeout, entry=entry)
    models = optimise(kb.facts(in_scope), query, timeout=timeout, entry=entry)
    ans = models[0].answer
    picks: dict[str, list[str]] = {}
    for m in models:
        for g, iv in m.answer.get("pick"):
            picks.setdefault(g, [])
            if iv_id(iv) not in picks[g]:
                picks[g].append(iv_id(iv))
    b = _Builder(kb, ans, d, None, None, list(facts), trees=False)
    ctx = b.context()
    if co:
        ctx.comorbidities = [r.ComorbidityOut.model_construct(disease=c, stage=s) for c, s in co]
    label = Labels(kb)
    stages, refs = [], set()
    for s in d.stages:
        role, records = b.role_of(s.id)
        desired = name(b.rows("desired", s.id)[0][2])
        ranks = sorted((row[3], iv_id(row[2])) for row in b.rows("rank", s.id))
        chosen = sorted(picks.get(s.id, []), key=lambda i: next(n for n, x in ranks if x == i))
        no_carry = []
        for _, s1, s2, iv, st in sorted(ans.get("plan_no_carry")):
            if s1 == s.id:
                rec = kb.get("studies", st)
                nxt = name(b.rows("desired", s2)[0][2])
                no_carry.append(r.NoCarry.model_construct(
                    intervention=iv_id(iv), next_stage=s2, study=st, refs=list(rec.refs),
                    note=say("no_carry", intervention=label.intervention(iv),
                             effect=rec.autophagy_effect or "modulate", study=st,
                             next_stage=s2, desired=nxt)))
                refs.update(rec.refs)
        rrefs = sorted({n for rec in records for n in rec.refs})
        refs.update(rrefs)
        stages.append(r.PlanStage.model_construct(
            stage=s.id, stage_name=s.name, role=role, desired=desired, refs=rrefs, choice=chosen,
            alternatives=[i for _, i in ranks if i not in chosen],
            not_recommended=sorted({iv_id(row[2]) for row in b.rows("not_recommended", s.id)}),
            not_into_next=no_carry))
    for row in ans.get("support_kind"):
        if row[0] == d.id and row[1] != Const("all"):
            refs.update(kb.get("studies", row[3]).refs)
    return r.Plan.model_construct(context=ctx, stages=stages, note=say("plan_note"),
                                  references=_references(kb, refs))

"""Audit the knowledge base and run the review's conclusions as regression tests."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Sequence

from .api import build, load_kb, name, resolve_context, run
from .check_answer import ConclusionResult, Failure, FailureCode
from .knowledge.catalogue import say
from .knowledge.store import Store
from .knowledge.review_order import review_order
from .reasoning.suggestion_builder import dropped_evidence
from .errors import FactsError
from .knowledge.terms import Const
from .knowledge import yamlio
from .knowledge.paths import facts_dir
from .reasoning.solver import solve
from .verdict import expectation_failures, failed, said  # said(key): phrases.check.<key> of the catalogue


# ---------------------------------------------------------------- audit


def mechanisms(
    kb: Store,
    timeout: Optional[float] = None,
    entry: Optional[Path] = None,
    studies: Optional[Iterable[str]] = None,
) -> dict[str, dict]:
    """Sign-propagation status of every study: {study: {autophagy, exosome_release, derived, path}}.

    With ``studies``, of those studies only: the solver gets the facts of their diseases
    (a study's mechanism reads its own records, its intervention and the signalling graph,
    never another study), so the audit costs what the asked studies need.
    """
    from .reasoning.query import violation_records, word_violations
    from .errors import UnsatisfiableError
    from .reasoning.solver import Unsatisfiable

    if studies is None:
        recs = kb.studies
        facts = kb.facts()
    else:
        from .knowledge.store import NO_DISEASE  # the group of studies without a disease

        recs = [rec for rec in (kb.get("studies", s) for s in sorted(set(studies))) if rec is not None]
        facts = kb.facts(sorted({rec.disease or NO_DISEASE for rec in recs}))
    try:
        ans = solve(facts, [("audit", ())], timeout=timeout, support=False, entry=entry)
    except Unsatisfiable as exc:
        raise UnsatisfiableError(
            word_violations(kb, exc.violations),
            violation_records(kb, exc.violations),
            list(dict.fromkeys(label for label, _ in exc.violations)),
        ) from None
    out: dict[str, dict] = {
        s.id: {"autophagy": "none", "exosome_release": "none", "derived": None, "path": [], "edges": set()}
        for s in recs
    }
    for st, what, status in ans.get("mechanism"):
        if st in out:
            out[st][name(what)] = name(status)
    for st, what, value in ans.get("derived_effect"):
        if what == Const("autophagy") and st in out:
            out[st]["derived"] = name(value)
    for st, a, b, sign, eid in ans.get("path_step"):
        if st in out:
            out[st]["path"].append(f"{a} {'->' if sign > 0 else '-|'} {b}")
            out[st]["edges"].add(eid)
    return out


def identifier_choices(kb: Store) -> dict:
    """Counts of identifier statuses, and every curator's choice and unstated id with its reason."""
    counts = {"stated": 0, "curator_choice": 0, "not_stated": 0}
    listed = []
    for section in ("entities", "diseases"):
        for rec in getattr(kb, section):
            for x in rec.xrefs:
                counts[x.status] += 1
                if x.status != "stated" and (x.relation != "xref" or x.reason):
                    listed.append(
                        {
                            "section": section,
                            "record": rec.id,
                            "curie": x.curie,
                            "label": x.label,
                            "relation": x.relation,
                            "status": x.status,
                            "reason": x.reason,
                        }
                    )
    no_ids = sorted(f"{s}:{r.id}" for s in ("entities", "diseases") for r in getattr(kb, s) if not r.xrefs)
    return {"counts": counts, "choices": listed, "records_without_xrefs": no_ids}


def audit(kb: Store, timeout: Optional[float] = None) -> dict:
    mech = mechanisms(kb, timeout)
    studies = []
    for s in kb.studies:
        info = mech[s.id]
        if info["autophagy"] in ("consistent", "none") and info["exosome_release"] in ("consistent", "none"):
            continue
        studies.append(
            {
                "study": s.id,
                "refs": s.refs,
                "table1_row": s.table1_row,
                "reported": s.autophagy_effect,
                "derived": info["derived"],
                "autophagy": info["autophagy"],
                "exosome_release": info["exosome_release"],
                "path": sorted(info["path"]),
            }
        )
    return {
        "discrepancies": [d.model_dump(mode="json") for d in kb.discrepancies],
        "identifiers": identifier_choices(kb),
        "primary": _primary_audit(kb),
        "curator_judgements": [j.model_dump(mode="json") for j in kb.judgements],
        "claims": [c.model_dump(mode="json") for c in kb.claims],
        "mechanisms": studies,
        "table1_consistent": sum(
            1 for s in kb.studies if s.table1_row and mech[s.id]["autophagy"] == "consistent"
        ),
        "table1_rows": sum(1 for s in kb.studies if s.table1_row),
        "observe_readings": _observe_readings(),
        "change_space": change_space_audit(),
    }


def _primary_audit(kb) -> dict:
    """Identifiers of the cited papers and the primary readings (issue 25)."""
    from .knowledge.primary import audit_section

    return audit_section(kb)


def _observe_readings() -> list[dict]:
    """The judgement calls of `observe`: how a change of autophagy reads as a level."""
    from .observe import settings

    return [dict(r) for r in settings()["readings"]]


def change_space_audit() -> list[dict]:
    """Issue 16: the curators' judgement calls of facts/changes.yaml (kinds of change, costs)."""
    from .api import load_change_space

    space = load_change_space()
    return [c.model_dump(mode="json") for c in space.changes] + [
        {
            "kind": "bound",
            "allowed": True,
            "cost": space.max_cost,
            "limit": space.max_changes,
            "note": said(
                "flip_bound",
                max_changes=space.max_changes,
                max_cost=space.max_cost,
                max_flips=space.max_flips,
            ),
        }
    ]


# ---------------------------------------------------------------- conclusions


def conclusions_file() -> Path:
    return facts_dir() / "conclusions.yaml"


def _validated(path: Path) -> list[dict]:
    from .knowledge import models as m

    try:
        data = yamlio.load(path.read_text(encoding="utf-8")) or {}
    except yamlio.DuplicateKey as exc:
        raise FactsError(str(path), "duplicate_key", line=exc.line, **exc.params) from None
    except OSError:
        raise FactsError(str(path), "cannot_read_plain") from None
    out = []
    for i, raw in enumerate(data.get("conclusions", [])):
        try:
            out.append(m.Conclusion.model_validate(raw).model_dump())
        except Exception as exc:  # pydantic ValidationError
            rid = raw.get("id") if isinstance(raw, dict) else None
            raise FactsError(
                str(path), "reported", record=rid or f"[{i}]", detail=str(exc).splitlines()[0]
            ) from None
    return out


def load_conclusions(path: Path | None = None) -> list:
    """The conclusions (validated against ``models.Conclusion``), as records with attribute access.

    Validated once per content of the file, then read from the cache like the knowledge base.
    """
    from .knowledge import cache
    from .knowledge.store import Rec

    path = path or conclusions_file()
    items = cache.cached_or_built("conclusions", [path], lambda: _validated(path), _check_conclusions)
    return [Rec(c) for c in items]


def _check_conclusions(obj) -> list:
    """A cached list of conclusions, each a mapping with an id and expectations; ValueError if not."""
    if not isinstance(obj, list) or not all(
        isinstance(c, dict) and isinstance(c.get("id"), str) and isinstance(c.get("expect"), list)
        for c in obj
    ):
        raise ValueError("bad conclusions")
    return obj


def model_counts(kb: Store) -> dict[str, int]:
    """Disease studies by stated model: in_vitro (only), in_vivo (in vivo or both), unspecified."""
    out = {"in_vitro": 0, "in_vivo": 0, "unspecified": 0}
    for st in kb.studies:
        if st.disease:
            out["in_vivo" if st.evidence in ("in_vivo", "both") else st.evidence] += 1
    return out


def _rounds(keys: list[tuple]) -> list[list[tuple]]:
    """Split contexts into as few groups as possible with each disease once per group
    (one solve answers every view of several diseases, but one autophagy state each)."""
    rounds: list[dict[str, tuple]] = []
    for key in keys:
        for group in rounds:
            if key[0] not in group:
                group[key[0]] = key
                break
        else:
            rounds.append({key[0]: key})
    return [list(g.values()) for g in rounds]


@dataclass
class Answers:
    """Every answer the conclusions ask for, solved together (see ``answer_conclusions``)."""

    mech: dict  # mechanisms() of the studies the conclusions name
    resolved: dict  # (disease, stage, state) as written -> resolve_context(...)
    contexts: dict  # (disease, stage, state) as written -> Suggestion (no trees)
    memo: dict  # what-if answers (comorbidities, flips, plans) as _check_whatif keys them
    dropped: dict = field(default_factory=dict)  # context key -> answer.dropped_evidence


def _context_key(ctx) -> tuple:
    return (ctx.disease, ctx.stage, ctx.autophagy_state)


def answer_conclusions(
    kb: Store, items: Sequence, timeout: Optional[float] = None, entry: Optional[Path] = None
) -> Answers:
    """Answer every question of the conclusions in as few solves as possible: one audit
    solve for the studies they name, one solve per group of plain contexts, the
    comorbidity questions grouped, then each flip and plan question once.  Each answer is
    the one the API gives for the same question asked alone (tests check this)."""
    wanted = sorted({e.study for c in items for e in c.expect if e.study})
    mech = mechanisms(kb, timeout, entry, studies=wanted) if wanted else {}
    resolved: dict[tuple, tuple] = {}
    for c in items:
        for e in c.expect:
            if e.context is not None:
                key = _context_key(e.context)
                if key not in resolved:
                    resolved[key] = resolve_context(kb, *key)
    answers: dict[tuple, object] = {}
    dropped: dict[tuple, list[str]] = {}
    keys = sorted({(d.id, state) for d, _, state in resolved.values()}, key=lambda k: (k[0], k[1] or ""))
    for group in _rounds(keys):
        ans = run(kb, group, timeout, trees=False, entry=entry)
        for key, (d, sid, state) in resolved.items():
            if (d.id, state) in group:
                answers[key] = build(kb, ans, d, sid, state, trees=False)
                dropped[key] = dropped_evidence(ans, d.id)
    memo: dict = {}  # what-if answers shared between expectations (issue 16)
    for key, s in answers.items():
        # a what-if expectation without comorbidities reads the grouped solve's answer
        memo[("plain", *key)] = s
    _comorbidity_answers(kb, items, timeout, entry, memo)
    _flip_answers(kb, items, timeout, entry, memo)
    for c in items:
        for e in c.expect:
            if e.whatif is not None and e.context is not None:
                _whatif_answers(kb, e, timeout, entry, memo)
    return Answers(mech, resolved, answers, memo, dropped)


def _flip_answers(kb: Store, items, timeout: Optional[float], entry: Optional[Path], memo: dict) -> None:
    """Every flip question of the conclusions, each once (``api.find_flips_many``); into
    ``memo``."""
    from .api import find_flips_many

    asked: dict[tuple, tuple] = {}
    for c in items:
        for e in c.expect:
            if e.whatif is None or e.context is None or not e.whatif.intervention:
                continue
            fkey, question = _flip_question(kb, e, timeout, entry, memo)
            if fkey not in memo:
                asked[fkey] = question
    keys = list(asked)
    for fkey, (flips, _) in zip(keys, find_flips_many(kb, [asked[k] for k in keys], timeout, entry=entry)):
        memo[fkey] = flips


def run_checks(
    facts: Sequence[Path | str] = (),
    override: bool = False,
    conclusions: Sequence | None = None,
    timeout: Optional[float] = None,
    kb: Optional[Store] = None,
    entry: Optional[Path] = None,
    answers: Optional[Answers] = None,
    traces: Optional[dict[str, tuple[str, str]]] = None,
) -> list[ConclusionResult]:
    """Evaluate every conclusion over ``answer_conclusions`` (no justification trees, but for
    the ``traces`` asked for).

    ``kb`` and ``entry`` replace the knowledge base and the encoding (mutation testing);
    ``answers``: ``answer_conclusions`` of the same knowledge base and conclusions, already
    solved (``impact`` reads its comorbidity answers too).  ``traces``: filled with, for each
    failing conclusion, its first failing context in words and that context's answer as text
    (solved again with its trees), which ``reasoner check`` shows below the failures.
    """
    kb = kb if kb is not None else load_kb(facts, override)
    items = list(conclusions) if conclusions is not None else load_conclusions()
    got_all = answers if answers is not None else answer_conclusions(kb, items, timeout, entry)
    mech, resolved, answers, memo = (got_all.mech, got_all.resolved, got_all.contexts, got_all.memo)
    counts = model_counts(kb)
    results = []
    for c in items:
        failures: list[Failure] = []
        trace = None
        for e in c.expect:
            s, dropped = None, ()
            if e.context is not None:
                key = _context_key(e.context)
                s, dropped = answers[key], got_all.dropped[key]
            got = expectation_failures(e, s, mech, counts, dropped)
            if e.whatif is not None and e.context is not None:
                got += _check_whatif(kb, e, timeout, entry, memo)
            if got and len(c.expect) > 1:
                what = _context_words(e.context) if e.context is not None else said("of_study", study=e.study)
                asked = _context_codes(e.context) if e.context is not None else {"study": e.study}
                for x in got:
                    x.text, x.context = said("in_context", context=what, failure=x.text), asked
            if got and s is not None and trace is None and traces is not None:
                from .reporting.render import render

                d, sid, state = resolved[key]
                full = build(kb, run(kb, [(d.id, state)], timeout, entry=entry), d, sid, state)
                trace = traces[c.id] = (_context_words(e.context), render(full, "text"))
            failures += got
        results.append(
            ConclusionResult(
                id=c.id,
                section=c.section,
                status="fail" if failures else "pass",
                failures=[x.text for x in failures],
                failure_codes=failures or None,
            )
        )
    return results


def _context_codes(ctx) -> dict[str, str]:
    """A conclusion's context as codes: disease, and stage and autophagy_state when given."""
    asked = {"disease": ctx.disease, "stage": ctx.stage, "autophagy_state": ctx.autophagy_state}
    return {k: v for k, v in asked.items() if v}


def _context_words(ctx) -> str:
    """'hepatic_IR at reperfusion (autophagy excessive)': a conclusion's context, as asked."""
    return (
        ctx.disease
        + (say("phrases.common.at", stage=ctx.stage) if ctx.stage else "")
        + (said("with_state", state=ctx.autophagy_state) if ctx.autophagy_state else "")
    )


def coverage(items: Sequence) -> list[tuple[str, int]]:
    """Conclusions per section, the sections in the review's order (``knowledge.review_order``)."""
    counts = Counter(c.section for c in items)
    return sorted(counts.items(), key=lambda kv: review_order(kv[0]))


# ---------------------------------------------------------------- what-if (issue 16)


def _comorbidity_answers(
    kb: Store, items, timeout: Optional[float], entry: Optional[Path], memo: dict
) -> None:
    """Answer every comorbidity question of the conclusions in as few solves as possible.

    The comorbidity rules are keyed by the main disease (comorbid(D,C,VC)), so one solve
    answers several questions whose main diseases differ, as long as no main disease is
    another question's comorbidity (its autophagy state would be read for both).  Each
    answer goes into ``memo`` under the key ``_check_whatif`` looks up."""
    from .api import add_comorbidity, comorbidity_atoms, resolve_comorbidities

    questions: dict[tuple, list] = {}
    for c in items:
        for e in c.expect:
            if e.whatif is None or e.context is None or not e.whatif.comorbid:
                continue
            d, sid, state = resolve_context(kb, e.context.disease, e.context.stage, e.context.autophagy_state)
            co = tuple(resolve_comorbidities(kb, d.id, e.whatif.comorbid))
            views = questions.setdefault((d.id, state, co), [d])
            if sid not in views[1:]:
                views.append(sid)
    rounds: list[list[tuple]] = []

    def order(q):
        return (q[0], q[1] or "", [(c, st or "") for c, st in q[2]])

    for q in sorted(questions, key=order):
        mains, cos = {q[0]}, {c for c, _ in q[2]}
        for group in rounds:
            g_mains = {x[0] for x in group}
            g_cos = {c for x in group for c, _ in x[2]}
            if not (mains & g_mains or mains & g_cos or cos & g_mains):
                group.append(q)
                break
        else:
            rounds.append([q])
    for group in rounds:
        contexts = [(m, state) for m, state, _ in group]
        contexts += sorted({(c, None) for _, _, co in group for c, _ in co})
        extra: list = []
        for m, _, co in group:
            extra += [a for a in comorbidity_atoms(m, co) if a not in extra]
        ans = run(kb, contexts, timeout, trees=False, entry=entry, extra=extra)
        for q in group:
            d, *sids = questions[q]
            for sid in sids:
                s = build(kb, ans, d, sid, q[1], trees=False)
                add_comorbidity(kb, ans, s, d, sid, list(q[2]), None, timeout, entry)
                memo[("answer", d.id, sid, q[1], q[2])] = s


def _flip_details(want, got) -> list[Failure]:
    f: list[Failure] = []
    if want.rank is not None and got.rank != want.rank:
        f.append(failed("flip_rank", changes=dict(want.changes), want=want.rank, got=got.rank))
    if want.desired is not None and got.desired != want.desired:
        f.append(failed("flip_desired", changes=dict(want.changes), want=want.desired, got=got.desired))
    for rec in want.records:
        if rec not in got.records:
            f.append(failed("flip_record", changes=dict(want.changes), record=rec, got=got.records))
    return f


def _whatif_answer(kb: Store, e, timeout: Optional[float], entry: Optional[Path], memo: dict) -> tuple:
    """The answer a ``whatif`` expectation asks about (with its comorbidities), once per
    question: (answer, disease, stage, state, comorbidities)."""
    from .api import answer_with, resolve_comorbidities

    d, sid, state = resolve_context(kb, e.context.disease, e.context.stage, e.context.autophagy_state)
    co = resolve_comorbidities(kb, d.id, e.whatif.comorbid)
    key = ("answer", d.id, sid, state, tuple(co))
    plain = ("plain", *_context_key(e.context))
    if key not in memo and not co and plain in memo:
        memo[key] = memo[plain]  # the same question, already answered by the grouped solve
    if key not in memo:
        memo[key] = answer_with(kb, d, sid, state, co, trees=False, timeout=timeout, entry=entry)
    return memo[key], d, sid, state, co


def _flip_question(kb: Store, e, timeout: Optional[float], entry: Optional[Path], memo: dict) -> tuple:
    """The flip question of a ``whatif`` expectation naming an intervention: its key in
    ``memo`` and ``find_flips``'s arguments (d, sid, state, co, iid, status, top)."""
    from .api import explanation, intervention_index

    s, d, sid, state, co = _whatif_answer(kb, e, timeout, entry, memo)
    if "index" not in memo:  # one walk over the studies for every expectation
        memo["index"] = intervention_index(kb, cached=False)
    ex = explanation(kb, s, d, sid, e.whatif.intervention, memo["index"])
    top = any(c.id == ex.intervention and c.rank == 1 for c in s.candidates)
    return (
        ("flips", d.id, sid, state, tuple(co), ex.intervention),
        (d, sid, state, co, ex.intervention, ex.status, top),
    )


def _whatif_answers(kb: Store, e, timeout: Optional[float], entry: Optional[Path], memo: dict) -> tuple:
    """The answers a ``whatif`` expectation reads, solved once per question into ``memo``:
    (answer, flips or None, plan or None)."""
    from .api import find_flips, plan_for

    w = e.whatif
    s, d, sid, state, co = _whatif_answer(kb, e, timeout, entry, memo)
    flips = p = None
    if w.intervention:
        fkey, question = _flip_question(kb, e, timeout, entry, memo)
        if fkey not in memo:
            memo[fkey] = find_flips(kb, *question, timeout, entry=entry)[0]
        flips = memo[fkey]
    if w.plan_choice or w.plan_no_carry:
        pkey = ("plan", d.id, tuple(co))
        if pkey not in memo:
            memo[pkey] = plan_for(kb, d.id, w.comorbid, timeout=timeout, entry=entry)
        p = memo[pkey]
    return s, flips, p


def _check_whatif(
    kb: Store, e, timeout: Optional[float], entry: Optional[Path], memo: Optional[dict] = None
) -> list[Failure]:
    """Failed parts of a ``whatif`` expectation (flips, comorbidities, plan); ``memo`` keeps
    answers for the next expectation with the same question."""
    w = e.whatif
    f: list[Failure] = []
    s, flips, p = _whatif_answers(kb, e, timeout, entry, {} if memo is None else memo)
    if flips is not None:
        got = [({c.kind: c.to for c in x.changes}, x.status) for x in flips]
        for want in w.flips:
            if (dict(want.changes), want.status) not in got:
                f.append(failed("flip", changes=dict(want.changes), status=want.status, got=got))
            else:
                f += _flip_details(want, flips[got.index((dict(want.changes), want.status))])
        if w.cheapest and (not got or got[0] != (dict(w.cheapest.changes), w.cheapest.status)):
            f.append(
                failed(
                    "cheapest_flip", changes=dict(w.cheapest.changes), status=w.cheapest.status, got=got[:1]
                )
            )
        elif w.cheapest:
            f += _flip_details(w.cheapest, flips[0])
        if w.no_flip is not None and (not flips) != w.no_flip:
            f.append(failed("no_flip", want=w.no_flip, got=got))
    cands = {c.id: c for c in s.candidates}
    for iid, refs in w.caution_refs.items():
        got_refs = {n for x in (cands[iid].cautions or []) for n in x.refs} if iid in cands else None
        if got_refs is None or not set(refs) <= got_refs:
            f.append(failed("cautions", id=iid, want=refs, got=got_refs))
    nr = {n.id: n for n in s.not_recommended}
    for iid in w.comorbidity_not_recommended:
        if iid not in nr or "comorbidity" not in nr[iid].reason_codes:
            f.append(
                failed(
                    "comorbidity_not_recommended",
                    id=iid,
                    data={"got": nr[iid].reason_codes if iid in nr else None},
                    got=nr[iid].reason_codes if iid in nr else said("not_advised_against"),
                )
            )
    wants: tuple[tuple[FailureCode, str], ...] = (
        ("helpful_for", "evidence"),
        ("direction_agrees", "direction_agrees"),
    )
    for wanted, how in wants:
        for iid, cs in getattr(w, wanted).items():
            got_h = (
                sorted(h.comorbidity for h in (cands[iid].helpful_for or []) if h.how == how)
                if iid in cands
                else None
            )
            if got_h != sorted(cs):
                f.append(failed(wanted, id=iid, want=cs, got=got_h))
    if w.comorbidity_conflict is not None:
        has = any(c.about == "comorbidity" for c in s.conflicts)
        if has != w.comorbidity_conflict:
            f.append(failed("comorbidity_conflict", want=w.comorbidity_conflict, got=has))
    if p is not None:
        by = {x.stage: x for x in p.stages}
        for st, iid in w.plan_choice.items():
            if st not in by or iid not in by[st].choice:
                f.append(failed("plan_choice", stage=st, want=iid, got=by[st].choice if st in by else None))
        for st, ids in w.plan_no_carry.items():
            got_n = sorted(n.intervention for n in by[st].not_into_next) if st in by else None
            if got_n != sorted(ids):
                f.append(failed("plan_no_carry", stage=st, want=sorted(ids), got=got_n))
    return f

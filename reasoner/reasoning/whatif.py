"""What-if: comorbidities, flips ("what would change this answer") and the plan across
stages.  The decisions are rules/comorbidity.lp, rules/flips.lp, rules/plan.lp and
rules/choose.lp; here the question becomes atoms and the atoms become results.
"""

from __future__ import annotations

import re
import weakref
from pathlib import Path
from typing import Optional, Sequence

from ..errors import UnknownValueError
from ..knowledge import catalogue
from ..knowledge.changes import load_change_space
from ..knowledge.index import intervention_index
from ..knowledge.names import resolve_comorbidities, resolve_context
from ..knowledge.store import Store
from ..knowledge.terms import Const, Fn
from . import results as r
from .suggestion_builder import Builder, build, collect_refs, iv_id, name, references
from .user_marks import stage_marks
from .query import query_atoms, run, warning_atoms
from .solver import Answer, scope
from .wording import Labels, present, say


def comorbidity_atoms(main: str, co: Sequence[tuple[str, Optional[str]]]) -> list[tuple]:
    """comorbid/3 atoms (the comorbidity read at its stage, or as a whole) and the general warnings."""
    return [("comorbid", (main, c, s if s else Const("all"))) for c, s in co] + warning_atoms()


def answer_with(
    kb: Store,
    d,
    sid,
    state,
    co: Sequence[tuple[str, Optional[str]]],
    facts=(),
    trees: bool = True,
    timeout: Optional[float] = None,
    alternatives: Optional[int] = None,
    entry: Optional[Path] = None,
) -> r.Suggestion:
    """The suggest answer, with its comorbidity parts when ``co`` is not empty (else as before)."""
    if not co:
        return build(kb, run(kb, [(d.id, state)], timeout, trees, entry=entry), d, sid, state, facts, trees)
    ans = run(
        kb,
        [(d.id, state)] + [(c, None) for c, _ in co],
        timeout,
        trees,
        entry=entry,
        extra=comorbidity_atoms(d.id, co),
    )
    s = build(kb, ans, d, sid, state, facts, trees)
    add_comorbidity(kb, ans, s, d, sid, co, alternatives, timeout, entry)
    return s


def add_comorbidity(
    kb: Store,
    ans: Answer,
    s: r.Suggestion,
    d,
    sid,
    co: Sequence[tuple[str, Optional[str]]],
    alternatives: Optional[int],
    timeout: Optional[float],
    entry: Optional[Path] = None,
) -> None:
    """Comorbidity parts of an answer: context, cautions, helpful marks, the conflict about
    `comorbidity`, and the choices of the lexicographic optimisation (rules/choose.lp)."""
    view = sid if sid else Const("all")
    label = Labels(kb)
    s.context.comorbidities = [r.ComorbidityOut(disease=c, stage=st) for c, st in co]
    warnings = {w.id: w for w in load_change_space().general_warnings}
    for c in s.candidates:
        cautions = cautions_of(kb, ans, d.id, view, c, warnings, label)
        helpful = helpful_of(ans, d.id, view, c, co, label)
        c.cautions = sorted(cautions, key=lambda x: (x.comorbidity, x.code))
        c.helpful_for = sorted(helpful, key=lambda x: (x.comorbidity, x.how))
    s.conflicts += comorbidity_conflicts(kb, ans, s, d, view, label)
    choices = choose(ans, s, d.id, view, timeout, entry)
    if choices is None:
        s.choices = []
        return
    limit = sum(ch.optimal for ch in choices) + (alternatives if alternatives is not None else 0)
    s.choices = choices[: max(limit, 1)]
    s.references = references(
        kb,
        collect_refs(s)
        | {n for c in s.candidates for x in (c.cautions or []) for n in x.refs}
        | {n for x in s.conflicts for n in x.refs},
    )


def cautions_of(
    kb: Store, ans: Answer, did: str, view, c: r.Candidate, warnings: dict, label: Labels
) -> list[r.Caution]:
    """The cautions about candidate ``c`` that the comorbidities raise (rules/comorbidity.lp,
    co_caution/5): a general warning of the review, or an uncertain effect."""
    cautions = []
    for dd, v, iv, cid, why in ans.get("co_caution"):
        if dd != did or v != view or iv_id(iv) != c.id:
            continue
        if isinstance(why, Fn) and why.name == "warning":
            w = warnings[why.args[0]]
            cautions.append(
                r.Caution(
                    comorbidity=cid,
                    code="general_warning",
                    note=say(
                        "caution_warning",
                        comorbidity=label(cid),
                        section=w.section,
                        kind=catalogue.label("intervention", w.intervention_kind),
                        disease_class=w.disease_class,
                    ),
                    refs=list(w.refs),
                    quote=w.quote,
                )
            )
        else:
            recs = [
                rec
                for rec in kb.roles
                if any(row[0] == cid and row[3] == rec.id for row in ans.get("autophagy_role"))
            ]
            cautions.append(
                r.Caution(
                    comorbidity=cid,
                    code="uncertain",
                    note=say("caution_uncertain", comorbidity=label(cid), effect=c.autophagy_effect),
                    refs=sorted({n for rec in recs for n in rec.refs}),
                    quote=None,
                )
            )
    return cautions


def helpful_of(
    ans: Answer, did: str, view, c: r.Candidate, co: Sequence[tuple[str, Optional[str]]], label: Labels
) -> list[r.Helpful]:
    """The comorbidities candidate ``c`` also helps (co_helpful/5)."""
    helpful = []
    for dd, v, iv, cid, how in ans.get("co_helpful"):
        if dd == did and v == view and iv_id(iv) == c.id:
            vc = dict(co).get(cid)
            at = f" {vc}" if vc else ""
            note = say("helpful_" + name(how), comorbidity=label(cid), at=at)
            helpful.append(r.Helpful(comorbidity=cid, how=name(how), note=note))  # type: ignore[arg-type]
    return helpful


def comorbidity_conflicts(
    kb: Store, ans: Answer, s: r.Suggestion, d, view, label: Labels
) -> list[r.Conflict]:
    """The conflicts about `comorbidity`: a comorbidity that wants autophagy the other way
    (co_conflict/5), both sides with their references."""
    out = []
    for dd, v, cid, mine, theirs in ans.get("co_conflict"):
        if dd != d.id or v != view:
            continue
        main_refs = sorted(s.autophagy.refs)
        co_refs = sorted(
            {
                n
                for rec in kb.roles
                for n in rec.refs
                if any(row[0] == cid and row[3] == rec.id for row in ans.get("autophagy_role"))
            }
        )
        out.append(
            r.Conflict(
                about="comorbidity",
                note=say(
                    "conflict",
                    disease=d.name,
                    mine=present(name(mine)),
                    comorbidity=label(cid),
                    theirs=present(name(theirs)),
                ),
                refs=sorted(set(main_refs) | set(co_refs)),
                sides=[
                    r.ConflictSide(direction=name(mine), studies=[d.id], refs=main_refs),
                    r.ConflictSide(direction=name(theirs), studies=[cid], refs=co_refs),
                ],
                reconciliation=[],
            )
        )
    return out


def choose(
    ans: Answer, s: r.Suggestion, did: str, view, timeout: Optional[float], entry: Optional[Path]
) -> Optional[list[r.Choice]]:
    """The lexicographic optimisation over the candidates (rules/choose.lp): the picks of
    every model, in the order found; None when there is no candidate."""
    from .optimum import optimise

    options = []
    for c in s.candidates:
        n = next(
            (
                row[3]
                for row in ans.get("co_conflicts")
                if row[0] == did and row[1] == view and iv_id(row[2]) == c.id
            ),
            0,
        )
        options.append(("option", ("view", c.id, n, c.score)))
    if not options:
        return None
    models = optimise(options, program_file="choose.lp", enumerate_all=True, timeout=timeout, entry=entry)
    choices = []
    for m in models:
        for _, iid in m.answer.get("pick"):
            c = next(x for x in s.candidates if x.id == iid)
            choices.append(
                r.Choice(intervention=iid, cautions=len(c.cautions or []), score=c.score, optimal=m.optimal)
            )
    return choices


def as_kb_study_disease(facts):
    """The facts with study_disease/2 given as kb_study_disease/2 (a flip may set a study
    aside); fact text is renamed line by line (one atom a line, its predicate first)."""
    from ..knowledge.terms import FactText

    if isinstance(facts, str):
        return FactText(re.sub(r"(?m)^study_disease\(", "kb_study_disease(", facts))
    return [("kb_study_disease", a[1]) if a[0] == "study_disease" else a for a in facts]


#: Most studies in a flip question's scope: each can be set aside, and the ground flip
#: program grows faster than linearly with them (at 1677 studies it did not fit in 12 GB).
#: Beyond it flips are not searched and the note says so (deterministic, unlike a clock).
FLIP_MAX_STUDIES = 500


_APPLIED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _applied_in(kb: Store) -> dict:
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


#: What a flip's words read of its model (``word_flip``).
FLIP_ATOMS = ("flip_change", "flip_status", "flip_rank", "flip_why", "flip_desired", "flip_role")


def iv_symbol(iid: str):
    if ":" in iid:
        kind, _, arg = iid.partition(":")
        return Fn(kind, (arg,))
    return iid


def find_flips(
    kb: Store,
    d,
    sid,
    state,
    co: Sequence[tuple[str, Optional[str]]],
    iid: str,
    status: str,
    top: bool,
    timeout: Optional[float],
    space=None,
    entry: Optional[Path] = None,
    index: Optional[dict] = None,
) -> tuple[list[r.Flip], str]:
    """What would change this answer: one optimisation over the change space (rules/flips.lp).

    ``space`` replaces facts/changes.yaml (a ``models.ChangeSpace``; tests); ``index`` is
    ``intervention_index`` of ``kb`` (where the intervention was applied), else the studies
    are walked."""
    from .optimum import minimal_changes

    space = space or load_change_space()
    query = flip_query(d, sid, state, co, iid, status, top, space)
    # studies of the diseases in scope, of the comorbidities, and of every disease
    # where a study applied the intervention (the comorbidities a flip may add)
    applied = index["applied_in"] if index is not None else _applied_in(kb)
    elsewhere = sorted(applied.get(iid, []))
    scope_q = [("query", (x,)) for x in sorted({d.id, *elsewhere, *(c for c, _ in co)})]
    in_scope = scope(kb.scope_atoms(), scope_q, timeout=timeout, entry=entry)
    facts = as_kb_study_disease(kb.facts(in_scope))
    n_studies = _count_studies(facts)
    if n_studies > FLIP_MAX_STUDIES:
        return [], say("flips_not_searched", n=n_studies, limit=FLIP_MAX_STUDIES)
    models = minimal_changes(
        facts,
        query,
        change="flip_change",
        keep=FLIP_ATOMS,
        cost_bound=space.max_cost,
        timeout=timeout,
        entry=entry,
    )
    minimal = minimal_flips(models, space.max_cost)
    flips = [
        word_flip(kb, d, sid, state, co, iid, cost, changes, ans)
        for cost, changes, ans in minimal[: space.max_flips]
    ]
    return flips, flips_note(d, status, space, len(flips), len(minimal) > space.max_flips)


def flip_query(
    d, sid, state, co: Sequence[tuple[str, Optional[str]]], iid: str, status: str, top: bool, space
) -> list[tuple]:
    """The atoms of a flip question: the target and its status now, what is given (state,
    comorbidities), and the costs and limits of the allowed changes."""
    view = sid if sid else Const("all")
    iv = iv_symbol(iid)
    query: list[tuple] = [("query", (d.id,))] + [("query", (c,)) for c, _ in co]
    query += [("flip_target", (d.id, view, iv)), ("flip_origin", (Const(status),))]
    if top:
        query.append(("flip_origin_top", ()))
    if state:
        query.append(("flip_given_state", (d.id, Const(state))))
    query += [("flip_given_comorbid", (d.id, c, st if st else Const("all"))) for c, st in co]
    query += warning_atoms()
    for ch in space.changes:
        if ch.allowed:
            query += [
                ("change_cost", (Const(ch.kind), ch.cost)),
                ("change_limit", (Const(ch.kind), ch.limit)),
            ]
    query.append(("flip_max_changes", (space.max_changes,)))
    return query


def minimal_flips(models, max_cost: int) -> list[tuple[int, frozenset, Answer]]:
    """(cost, changes, model) of the flips within ``max_cost`` whose changes contain no other
    flip's, cheapest first."""
    found: list[tuple[int, frozenset, Answer]] = []
    for m in models:
        if m.cost and m.cost[0] > max_cost:
            continue  # an optimum beyond the bound (the bound only limits the enumeration)
        changes = frozenset(m.answer.get("flip_change"))
        found.append((m.cost[0] if m.cost else 0, changes, m.answer))
    # minimal flips only: a set of changes that contains another flip's changes adds nothing
    minimal = [f for f in found if not any(g[1] < f[1] for g in found)]
    minimal.sort(key=lambda f: (f[0], sorted(str(x) for x in f[1])))
    return minimal


def flips_note(d, status: str, space, n: int, more: bool) -> str:
    """The note on ``n`` flips found (``more``: some left out), or on none, with the bound
    searched."""
    bound = say(
        "bound",
        max_changes=space.max_changes,
        max_cost=space.max_cost,
        kinds=", ".join(f"{c.kind} ({c.cost})" for c in space.changes if c.allowed),
    )
    if n:
        key = "flips_found_more" if more else "flips_found_one" if n == 1 else "flips_found"
        return say(key, n=n, bound=bound)
    why = say("no_flip_no_evidence", disease=d.name) if status == "no_evidence" else say("no_flip_unchanged")
    return say("no_flip", bound=bound, why=why)


def find_flips_many(
    kb: Store, questions: Sequence[tuple], timeout: Optional[float], space=None, entry: Optional[Path] = None
) -> list[tuple[list[r.Flip], str]]:
    """``find_flips`` for several questions (d, sid, state, co, iid, status, top), in order,
    the index of where interventions were applied built once for all."""
    index = {"applied_in": _applied_in(kb)}
    return [
        find_flips(kb, d, sid, state, co, iid, status, top, timeout, space, entry, index)
        for d, sid, state, co, iid, status, top in questions
    ]


def word_flip(kb: Store, d, sid, state, co, iid, cost: int, changes, ans: Answer) -> r.Flip:
    label = Labels(kb)
    co_stage = dict(co)
    out_changes = []
    for kind, value in sorted(changes, key=lambda x: (str(x[0]), str(x[1]))):
        v = name(value)
        if kind == Const("stage"):
            out_changes.append(r.FlipChange(kind="stage", from_=sid, to=v))
        elif kind == Const("autophagy_state"):
            out_changes.append(r.FlipChange(kind="autophagy_state", from_=state, to=v))
        elif kind == Const("exclude_study"):
            out_changes.append(r.FlipChange(kind="exclude_study", from_=v, to=None))
        elif isinstance(kind, Fn) and kind.args[0] == Const("add"):
            out_changes.append(r.FlipChange(kind="comorbidity", from_=None, to=v))
        else:
            spec = v + (":" + co_stage[v] if co_stage.get(v) else "")
            out_changes.append(r.FlipChange(kind="comorbidity", from_=spec, to=None))
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
                    else say("because_reason", reason=label(reason), study=st)
                )
    by_role = status != "no_evidence" and any(b == Const("role") for _, b in ans.get("flip_desired"))
    for (rid,) in ans.get("flip_role") if by_role else ():
        records.append(f"roles:{rid}")
        refs.update(kb.get("roles", rid).refs)
    desired = ", ".join(f"{name(a)} ({name(b)})" for a, b in ans.get("flip_desired"))
    rule = {"candidate": "candidate", "no_evidence": "no_evidence", "contested": "contested"}.get(
        status, "not_recommended"
    )
    changed = "; ".join(_word_change(ch) for ch in out_changes)
    if status == "candidate":
        studies = ", ".join(x.split(":", 1)[1] for x in records if x.startswith("studies:"))
        why = say("why_candidate", studies=studies, desired=desired)
    elif status == "not_recommended":
        why = say("why_not_recommended", because="; ".join(dict.fromkeys(because)), desired=desired)
    elif status == "contested":
        studies = ", ".join(x.split(":", 1)[1] for x in records if x.startswith("studies:"))
        why = say("why_contested", studies=studies, desired=desired)
    else:
        why = say("why_no_evidence")
    summary = say(
        "flip_ranked" if rank else "flip",
        changes=changed,
        status=catalogue.label("flip_status", status),
        rank=rank,
        why=why,
    )
    dirs = sorted({name(a) for a, _ in ans.get("flip_desired")})
    return r.Flip(
        changes=out_changes,
        cost=cost,
        status=status,  # type: ignore[arg-type]
        rank=rank,
        desired=dirs[0] if len(dirs) == 1 else None,  # type: ignore[arg-type]  # a solver name
        rule=rule,
        records=sorted(set(records)),
        refs=sorted(refs),
        summary=summary,
    )


def _word_change(ch: r.FlipChange) -> str:
    if ch.kind in ("stage", "autophagy_state"):
        key = f"change_{ch.kind}" + ("_from" if ch.from_ else "")
    elif ch.kind == "exclude_study":
        key = "change_exclude_study"
    else:
        key = "change_comorbidity_added" if ch.to else "change_comorbidity_removed"
    return say(key, to=ch.to, frm=ch.from_)


def plan_for(
    kb: Store,
    disease: str,
    comorbid: Sequence[str] = (),
    facts=(),
    timeout: Optional[float] = None,
    entry: Optional[Path] = None,
) -> r.Plan:
    from .optimum import optimise

    d, _, _ = resolve_context(kb, disease, None, None)
    if not d.stages:
        staged = ", ".join(x.id for x in kb.diseases if x.stages)
        raise UnknownValueError("plan_disease", disease, [], valid_hint=staged)
    co = resolve_comorbidities(kb, d.id, comorbid)
    query = query_atoms([(d.id, None)] + [(c, None) for c, _ in co])
    query += [("plan", (d.id,))]
    query += [("stage_next", (d.id, a.id, b.id)) for a, b in zip(d.stages, d.stages[1:])]
    if co:
        query += comorbidity_atoms(d.id, co)
    in_scope = scope(kb.scope_atoms(), query, timeout=timeout, entry=entry)
    models = optimise(kb.facts(in_scope), query, timeout=timeout, entry=entry)
    ans = models[0].answer
    picks = plan_picks(models)
    b = Builder(kb, ans, d, None, None, list(facts), trees=False)
    ctx = b.context()
    if co:
        ctx.comorbidities = [r.ComorbidityOut(disease=c, stage=s) for c, s in co]
    label = Labels(kb)
    stages = [plan_stage(b, s.id, s.name, picks.get(s.id, []), label) for s in d.stages]
    refs = {n for st in stages for n in st.refs}
    refs |= {n for st in stages for x in st.not_into_next for n in x.refs}
    for row in ans.get("support_kind"):
        if row[0] == d.id and row[1] != Const("all"):
            refs.update(kb.get("studies", row[3]).refs)
    return r.Plan(context=ctx, stages=stages, note=say("plan_note"), references=references(kb, refs))


def plan_picks(models) -> dict[str, list[str]]:
    """Stage -> the interventions picked for it in any optimal model, in the order found."""
    picks: dict[str, list[str]] = {}
    for m in models:
        for g, iv in m.answer.get("pick"):
            picks.setdefault(g, [])
            if iv_id(iv) not in picks[g]:
                picks[g].append(iv_id(iv))
    return picks


def plan_stage(b: Builder, sid, stage_name: str, picked: list[str], label: Labels) -> r.PlanStage:
    """One stage of the plan: its role and desired direction, the picks by rank, the other
    candidates, the hypotheses and what does not carry into the next stage."""
    role, records = b.role_of(sid)
    desired = name(b.rows("desired", sid)[0][2])
    ranks = sorted((row[3], iv_id(row[2])) for row in b.rows("rank", sid))
    chosen = sorted(picked, key=lambda i: next(n for n, x in ranks if x == i))
    derived = {iv_id(row[2]) for row in b.rows("hypothesis", sid)}  # no study applied them
    return r.PlanStage(
        stage=sid,
        stage_name=stage_name,
        role=role,
        desired=desired,
        refs=sorted({n for rec in records for n in rec.refs}),
        choice=chosen,
        alternatives=[i for _, i in ranks if i not in chosen and i not in derived],
        hypotheses=[i for _, i in ranks if i in derived],
        not_recommended=sorted({iv_id(row[2]) for row in b.rows("not_recommended", sid)}),
        not_into_next=no_carry(b, sid, label),
        user_files=stage_marks(b.kb, b.ans, b.d, sid, b.facts),
    )


def no_carry(b: Builder, sid, label: Labels) -> list[r.NoCarry]:
    """The candidates of stage ``sid`` not to be carried into the next stage (plan_no_carry/5):
    their effect (a study's) opposes the next stage's desired modulation."""
    out = []
    for _, s1, s2, iv, st in sorted(b.ans.get("plan_no_carry")):
        if s1 == sid:
            rec = b.kb.get("studies", st)
            nxt = name(b.rows("desired", s2)[0][2])
            # the effect the rule read (effect_of/3: the intervention's, not the study's own)
            eff = next(
                (name(row[2]) for row in b.ans.get("effect_of") if row[0] == st and row[1] == iv), "modulate"
            )
            out.append(
                r.NoCarry(
                    intervention=iv_id(iv),
                    next_stage=s2,
                    study=st,
                    refs=list(rec.refs),
                    note=say(
                        "no_carry",
                        intervention=label.intervention(iv),
                        effect=eff,
                        study=st,
                        next_stage=s2,
                        desired=nxt,
                    ),
                )
            )
    return out

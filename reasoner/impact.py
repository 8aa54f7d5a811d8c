"""Impact analysis for curators: what a proposed record changes, across every answer.

``impact`` answers every context (every disease, without a stage and at each of its
stages, as ``report --all`` does) and the comorbidity questions of
``facts/conclusions.yaml`` twice: over the base knowledge base ("before": the bundled
files or another ``facts/`` directory) and over the base plus the proposed ``--facts``
files ("after"); each side in one solve.  It runs the review's conclusions on both
sides.  The difference is computed from the answers' JSON alone (``diff_answers``), so it
equals the difference of two independent ``suggest`` runs (tests check this).

A proposed record that contradicts a bundled one (an integrity constraint of the rules)
is not an error here: the impact of each side (keep yours, keep the bundled record) is
reported, so the curator sees what choosing it would change.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import fields
from pathlib import Path
from typing import Any, Optional, Sequence

from .check_answer import Failure
from .errors import FactsError, UnsatisfiableError
from .knowledge.catalogue import say
from .impact_answer import (
    FileDigest,
    Item,
    Moved,
    ListChange,
    ValueChange,
    Mark,
    ConflictKey,
    ConflictChange,
    MechanismChange,
    Changes,
    Responsible,
    ItemTree,
    ContextChange,
    ConclusionChange,
    Side,
    Contradiction,
    Impact,
)

#: The lists of an answer's items; a contested item is a conflict naming its ``item``.
LISTS = ("candidates", "hypotheses", "not_recommended")
#: Proposed files with more records than this are not attributed record by record.
ATTRIBUTE_LIMIT = 12


# ---------------------------------------------------------------- the diff


def _items(answer: dict) -> dict[str, tuple[str, Optional[int]]]:
    """Item id -> (its list, its rank); a contested item is a conflict naming its ``item``."""
    out: dict[str, tuple[str, Optional[int]]] = {}
    for lst in LISTS:
        for x in answer.get(lst) or []:
            out.setdefault(x["id"], (lst, x.get("rank")))
    for c in answer.get("conflicts") or []:
        if c.get("item"):
            out.setdefault(c["item"], ("contested", None))
    return out


def _caveats(answer: dict) -> set[tuple[str, str]]:
    out = {("role", c["id"]) for c in (answer.get("autophagy") or {}).get("caveats") or []}
    for lst in LISTS:
        for x in answer.get(lst) or []:
            out |= {(x["id"], c["id"]) for c in x.get("caveats") or []}
            for m in x.get("mechanism") or []:
                out |= {(x["id"], c["id"]) for c in m.get("caveats") or []}
    for c in answer.get("conflicts") or []:
        out |= {(f"conflict:{c['about']}", k["id"]) for k in c.get("caveats") or []}
    return out


def _marks(answer: dict) -> set[tuple[str, str]]:
    out = set()
    for x in answer.get("candidates") or []:
        out |= {(x["id"], f"caution:{c['comorbidity']}:{c['code']}") for c in x.get("cautions") or []}
        out |= {(x["id"], f"helpful:{h['comorbidity']}:{h['how']}") for h in x.get("helpful_for") or []}
    return out


def _side_direction(side: dict) -> str:
    """A conflict side's direction, marked where it is inferred from a harm of the opposite."""
    if side.get("inferred_from"):
        return say(
            "phrases.suggestion.side_inferred",
            direction=side["direction"],
            harmed=say("summaries.effect_past." + side["inferred_from"]),
        )
    return side["direction"]


def _conflicts(answer: dict) -> set[tuple[str, tuple[str, ...]]]:
    return {
        (
            c["about"],
            tuple(
                sorted(
                    f"{_side_direction(s)}: {' '.join(sorted(s['studies']))}" for s in c.get("sides") or []
                )
            ),
        )
        for c in answer.get("conflicts") or []
    }


def _mechanisms(answer: dict) -> dict[str, str]:
    out: dict[str, str] = {}
    for lst in LISTS:
        for x in answer.get(lst) or []:
            for m in x.get("mechanism") or []:
                out.setdefault(m["study"], m["status"])
    return out


def diff_answers(before: Optional[dict], after: Optional[dict]) -> Changes:
    """What changed between two answers' JSON (``suggest --format json``) of one question;
    ``None``: the question has no answer on that side (a disease or stage that one side
    lacks)."""
    b, a = before or {}, after or {}
    ch = Changes()
    ba, aa = b.get("autophagy") or {}, a.get("autophagy") or {}
    if ba.get("role") != aa.get("role"):
        ch.role = ValueChange(before=ba.get("role"), after=aa.get("role"))
    if ba.get("desired") != aa.get("desired"):
        ch.desired = ValueChange(before=ba.get("desired"), after=aa.get("desired"))
    ib, ia = _items(b), _items(a)
    for i in sorted(ia.keys() - ib.keys()):
        ch.added.append(Item(id=i, list=ia[i][0], rank=ia[i][1]))
    for i in sorted(ib.keys() - ia.keys()):
        ch.removed.append(Item(id=i, list=ib[i][0], rank=ib[i][1]))
    for i in sorted(ia.keys() & ib.keys()):
        (lb, rb), (la, ra) = ib[i], ia[i]
        if lb != la:
            ch.list_changed.append(ListChange(id=i, before=lb, after=la, rank_before=rb, rank_after=ra))
        elif rb != ra:
            ch.moved.append(Moved(id=i, list=la, rank_before=rb, rank_after=ra))
    cb, ca = _caveats(b), _caveats(a)
    ch.caveats_added = [Mark(item=i, mark=m) for i, m in sorted(ca - cb)]
    ch.caveats_removed = [Mark(item=i, mark=m) for i, m in sorted(cb - ca)]
    mb, ma = _marks(b), _marks(a)
    ch.marks_added = [Mark(item=i, mark=m) for i, m in sorted(ma - mb)]
    ch.marks_removed = [Mark(item=i, mark=m) for i, m in sorted(mb - ma)]
    kb_, ka = _conflicts(b), _conflicts(a)
    gone, new = sorted(kb_ - ka), sorted(ka - kb_)
    abouts_b, abouts_a = [x for x, _ in gone], [x for x, _ in new]
    for about in sorted(set(abouts_b) & set(abouts_a)):
        if abouts_b.count(about) == 1 and abouts_a.count(about) == 1:  # one conflict, new sides
            ch.conflicts_changed.append(
                ConflictChange(
                    about=about,
                    before=list(next(s for x, s in gone if x == about)),
                    after=list(next(s for x, s in new if x == about)),
                )
            )
    paired = {c.about for c in ch.conflicts_changed}
    ch.conflicts_added = [ConflictKey(about=x, sides=list(s)) for x, s in new if x not in paired]
    ch.conflicts_removed = [ConflictKey(about=x, sides=list(s)) for x, s in gone if x not in paired]
    sb, sa = _mechanisms(b), _mechanisms(a)
    ch.mechanisms = [
        MechanismChange(study=s, before=sb[s], after=sa[s])
        for s in sorted(sb.keys() & sa.keys())
        if sb[s] != sa[s]
    ]
    return ch


def changed(ch: Changes) -> bool:
    return any(getattr(ch, f.name) for f in fields(ch))


# ---------------------------------------------------------------- answering one side


def _plain(obj) -> dict:
    from .reporting.json_data import plain

    return plain(obj)


def all_questions(kb_before, kb_after, conclusions: Sequence) -> list[tuple]:
    """Every question: ("suggest", disease, stage, ()) for every disease of either side
    without a stage and at each stage, then the comorbidity questions of the conclusions
    ("comorbidity", disease, stage, (spec, ...), autophagy_state)."""
    out: list[tuple] = []
    seen: set[tuple] = set()
    for kb in (kb_after, kb_before):
        for d in kb.diseases:
            for st in [None] + [s.id for s in d.stages]:
                q = ("suggest", d.id, st, (), None)
                if q not in seen:
                    seen.add(q)
                    out.append(q)
    for c in conclusions:
        for e in c.expect:
            if e.whatif is None or e.context is None or not e.whatif.comorbid:
                continue
            q = (
                "comorbidity",
                e.context.disease,
                e.context.stage,
                tuple(e.whatif.comorbid),
                e.context.autophagy_state,
            )
            if q not in seen:
                seen.add(q)
                out.append(q)
    return out


def answer_side(
    kb, questions: Sequence[tuple], trees: bool = False, timeout: Optional[float] = None, solved=None
) -> dict[tuple, Optional[dict]]:
    """The JSON answer of each question over ``kb`` (None where the knowledge base lacks the
    disease or stage); the plain contexts in one solve.  ``solved``: ``check.Answers`` of the
    same knowledge base, whose comorbidity answers are taken as they are (the same answers
    ``suggest --comorbid`` gives; tests check this)."""
    from . import api
    from .errors import UnknownValueError

    out: dict[tuple, Optional[dict]] = {}
    plain_q: list[tuple] = []
    resolved: dict[tuple, tuple] = {}
    for q in questions:
        kind, disease, stage, co, state = q
        try:
            resolved[q] = api.resolve_context(kb, disease, stage, state)
        except UnknownValueError:
            out[q] = None
            continue
        if kind == "suggest":
            plain_q.append(q)
    if plain_q:
        pairs = sorted(
            {(resolved[q][0].id, resolved[q][2]) for q in plain_q}, key=lambda k: (k[0], k[1] or "")
        )
        ans = api.run(kb, pairs, timeout, trees)
        supports = None
        if trees:
            from .reasoning.trees import index_supports

            supports = index_supports(ans.get("support"))
        for q in plain_q:
            d, sid, state = resolved[q]
            out[q] = _plain(api.build(kb, ans, d, sid, state, (), trees, supports))
    for q in questions:
        if q in out or q[0] != "comorbidity":
            continue
        d, sid, state = resolved[q]
        try:
            co = api.resolve_comorbidities(kb, d.id, q[3])
        except UnknownValueError:
            out[q] = None
            continue
        memo = solved.memo if solved is not None and not trees else {}
        known = memo.get(("answer", d.id, sid, state, tuple(co)))
        out[q] = _plain(
            known if known is not None else api.answer_with(kb, d, sid, state, co, (), trees, timeout)
        )
    return out


def _solve_side(kb, questions, items, timeout) -> tuple:
    """(answers, conclusions, mechanism statuses) of one side: the conclusions' questions
    solved once and shared with the answers."""
    from .check import answer_conclusions, run_checks
    from .reporting.json_data import plain

    solved = answer_conclusions(kb, items, timeout)
    answers = answer_side(kb, questions, timeout=timeout, solved=solved)
    results = run_checks(conclusions=items, timeout=timeout, kb=kb, answers=solved)
    conclusions = {
        r.id: (r.section, r.status, "; ".join(r.failures), plain(r.failure_codes or [])) for r in results
    }
    return answers, conclusions, _mechanism_status(kb, timeout)


def _failures(data: list) -> list[Failure]:
    """A conclusion's failure codes again, from their JSON data (the before side is cached as JSON)."""
    return [Failure(**x) for x in data]


def _mechanism_status(kb, timeout) -> dict[str, str]:
    from .check import mechanisms

    return {st: m["autophagy"] for st, m in mechanisms(kb, timeout).items()}


# ---------------------------------------------------------------- attribution


def _record_key(section: str, raw: dict) -> Optional[str]:
    if not isinstance(raw, dict):
        return None
    key = raw.get("n") if section == "references" else raw.get("id")
    return None if key is None else str(key)


def _read_records(path: str) -> dict[str, list]:
    from .knowledge.inputs import read_input
    from .knowledge import yamlio

    item = read_input(path)
    text = item.data.decode("utf-8-sig")
    data = json.loads(text) if item.json else yamlio.load(text)
    return data if isinstance(data, dict) else {}


def user_records(facts: Sequence[str]) -> list[tuple[str, str, str]]:
    """(section, id, file) of every record of the proposed files, in file order."""
    out = []
    for f in facts:
        for section, recs in _read_records(str(f)).items():
            for raw in recs if isinstance(recs, list) else []:
                key = _record_key(section, raw)
                if key is not None:
                    out.append((section, key, Path(str(f)).name))
    return out


def _write_without(facts: Sequence[str], drop: set[tuple[str, str]], tmp: Path) -> list[str]:
    """Copies of the proposed files without the records ``drop`` ((section, id))."""
    out = []
    for n, f in enumerate(facts):
        data = _read_records(str(f))
        kept = {
            s: [r for r in recs if (s, _record_key(s, r)) not in drop]
            for s, recs in data.items()
            if isinstance(recs, list)
        }
        target = tmp / f"{n}-{Path(str(f)).name}.json"
        target.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
        out.append(str(target))
    return out


def _base_without(base: Optional[str], drop: set[tuple[str, str]], tmp: Path) -> str:
    """A copy of the base facts directory without the records ``drop``."""
    from .knowledge import yamlio
    from .knowledge.paths import bundled_files

    target = tmp / "base"
    target.mkdir()
    for p in bundled_files(base):
        data = yamlio.load(p.read_text(encoding="utf-8")) or {}
        kept = {
            s: [r for r in recs if (s, _record_key(s, r)) not in drop]
            for s, recs in data.items()
            if isinstance(recs, list)
        }
        # JSON is YAML: the copy keeps the .yaml name the loader globs for
        (target / p.name).write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
    return str(target)


def _tree_rules(node: Optional[dict], record: str, parent_rule: Optional[str], found: set[str]) -> None:
    if not node:
        return
    if node.get("record") == record and parent_rule:
        found.add(parent_rule)
    for ch in node.get("children") or []:
        _tree_rules(ch, record, node.get("rule") or parent_rule, found)


def _item_tree(answer: Optional[dict], iid: str) -> Optional[dict]:
    for lst in LISTS:
        for x in (answer or {}).get(lst) or []:
            if x["id"] == iid and x.get("trace"):
                return x["trace"]
    return None


# ---------------------------------------------------------------- the command


def _digests(facts: Sequence[str]) -> list[FileDigest]:
    from .knowledge.inputs import read_input

    return [FileDigest(file=Path(str(f)).name, sha256=read_input(str(f)).digest.hex()) for f in facts]


def _check_base(base: Optional[str]) -> None:
    if base is None:
        return
    from .knowledge.paths import bundled_files

    p = Path(base)
    if not p.is_dir():
        raise FactsError(str(base), "base_not_directory")
    if not bundled_files(p):
        raise FactsError(str(base), "base_empty")


def _side(
    kb_before,
    kb_after,
    questions,
    before_side: tuple,
    after_side: tuple,
    facts: Sequence[str],
    override: bool,
    base: Optional[str],
    timeout: Optional[float],
) -> Side:
    """The difference of two sides, each (answers, conclusions, mechanism statuses)."""
    before, concl_before, mb = before_side
    after, concl_after, ma = after_side
    side = Side()
    changed_q = []
    for q in questions:
        ch = diff_answers(before.get(q), after.get(q))
        if changed(ch):
            changed_q.append((q, ch))
    side.unchanged = len(questions) - len(changed_q)
    side.mechanisms_changed = [
        MechanismChange(study=s, before=mb.get(s), after=ma.get(s))
        for s in sorted(mb.keys() | ma.keys())
        if mb.get(s) != ma.get(s)
    ]
    for cid, (sec, st_a, msg_a, codes_a) in concl_after.items():
        sec_b, st_b, msg_b, codes_b = concl_before.get(cid, (sec, "pass", "", []))
        if st_b == "pass" and st_a == "fail":
            side.conclusions_broken.append(
                ConclusionChange(id=cid, section=sec, message=msg_a, failure_codes=_failures(codes_a))
            )
        elif st_b == "fail" and st_a == "pass":
            side.conclusions_fixed.append(
                ConclusionChange(id=cid, section=sec, message=msg_b, failure_codes=_failures(codes_b))
            )
        elif st_b == "fail" and st_a == "fail":
            side.conclusions_still_failing += 1
    if not changed_q:
        side.attribution, side.attribution_code = say("phrases.impact.attribution_none"), "none"
        return side
    # trees of the changed questions, both sides (for links and rule labels)
    qs = [q for q, _ in changed_q]
    trees_after = answer_side(kb_after, qs, trees=True, timeout=timeout)
    trees_before = answer_side(kb_before, qs, trees=True, timeout=timeout)
    blame = _blame(side, qs, changed_q, after, facts, override, base, timeout)
    for q, ch in changed_q:
        side.contexts_changed.append(
            _context_change(q, ch, before, after, trees_before, trees_after, blame[q])
        )
    return side


def _blame(
    side: Side,
    qs: list,
    changed_q: list,
    after: dict,
    facts: Sequence[str],
    override: bool,
    base: Optional[str],
    timeout: Optional[float],
) -> dict:
    """The proposed records responsible for each changed question (and ``side.attribution``,
    how they were found)."""
    from . import api

    records = user_records(facts)
    blame: dict[tuple, list[tuple[str, str, str]]] = {q: [] for q in qs}
    if len(records) == 1:
        for q in qs:
            blame[q] = list(records)
        side.attribution, side.attribution_code = say("phrases.impact.attribution_one"), "one"
    elif 1 < len(records) <= ATTRIBUTE_LIMIT:
        with tempfile.TemporaryDirectory(prefix="reasoner-impact-") as tmp:
            for n, rec in enumerate(records):
                sub = Path(tmp) / str(n)
                sub.mkdir()
                files = _write_without(facts, {(rec[0], rec[1])}, sub)
                try:
                    kb = api.load_kb(files, override, base=base)
                    without = answer_side(kb, qs, timeout=timeout)
                except (FactsError, UnsatisfiableError):
                    without = {}  # the others need it: it takes part in every change
                for q, _ch in changed_q:
                    if without.get(q, None) is None and q in without:
                        continue
                    if diff_answers(without.get(q), after.get(q)) != Changes():
                        blame[q].append(rec)
        side.attribution, side.attribution_code = say("phrases.impact.attribution_each"), "each"
    elif records:
        side.attribution = say("phrases.impact.attribution_many", n=len(records), limit=ATTRIBUTE_LIMIT)
        side.attribution_code = "many"
    else:
        side.attribution, side.attribution_code = say("phrases.impact.attribution_base"), "base"
    return blame


def _context_change(
    q: tuple, ch: Changes, before: dict, after: dict, trees_before: dict, trees_after: dict, blamed: list
) -> ContextChange:
    """One changed question: its changes, the records responsible (``blamed``) with the
    rules their part goes through, and the trees of the items whose standing changed."""
    kind, disease, stage, co, _ = q
    # trees of the items whose standing changed (a rank shift alone has none)
    item_ids = (
        [x.id for x in ch.added]
        + [x.id for x in ch.list_changed]
        + [x.id for x in ch.removed]
        + [
            m.item
            for m in ch.caveats_added + ch.caveats_removed + ch.marks_added + ch.marks_removed
            if m.item in _items(after.get(q) or {}) or m.item in _items(before.get(q) or {})
        ]
    )
    trees: list[ItemTree] = []
    for iid in dict.fromkeys(item_ids):
        t = _item_tree(trees_after.get(q), iid)
        if t is not None:
            trees.append(ItemTree(item=iid, side="after", tree=t))
        elif (t := _item_tree(trees_before.get(q), iid)) is not None:
            trees.append(ItemTree(item=iid, side="before", tree=t))
    resp = []
    for section, rid, file in blamed:
        rules: set[str] = set()
        for t in trees:
            _tree_rules(t.tree, f"{section}:{rid}", None, rules)
        if not rules:
            rules = {t.tree["rule"] for t in trees if t.tree.get("rule")}
        resp.append(Responsible(record=f"{section}:{rid}", file=file, rules=sorted(rules)))
    return ContextChange(
        disease=disease,
        stage=stage,
        question=kind,
        comorbid=list(co),
        changes=ch,
        responsible=resp,
        trees=trees,
    )


def _before_key(base: Optional[str]) -> bytes:
    """What the before side's answers are a function of: the base files' bytes, the rules,
    the conclusions and the change space, and the code that answers and words them (the
    cache key adds the package's version and ``code_digest``)."""
    import hashlib

    from .knowledge.inputs import key_material, read_inputs
    from .knowledge.paths import change_space_file, rules_dir
    from .check import conclusions_file

    h = hashlib.sha256(key_material(read_inputs((), base)))
    here = Path(__file__).resolve().parent
    files = [
        *sorted(rules_dir().glob("*")),
        conclusions_file(),
        change_space_file(),
        *sorted(here.glob("reporting/*.py")),
        Path(__file__).resolve(),
        here / "check_answer.py",  # the conclusions' failure codes are cached as its JSON
    ]
    for f in files:
        if f.is_file():
            h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.digest()


def _check_before(obj: Any) -> dict:
    if not (
        isinstance(obj, dict)
        and set(obj) == {"answers", "conclusions", "mechanisms"}
        and isinstance(obj["answers"], list)
        and isinstance(obj["conclusions"], dict)
        and isinstance(obj["mechanisms"], dict)
    ):
        raise ValueError("not an impact before-side bundle")
    for row in obj["answers"]:
        if not (
            isinstance(row, list)
            and len(row) == 2
            and isinstance(row[0], list)
            and len(row[0]) == 5
            and (row[1] is None or isinstance(row[1], dict))
        ):
            raise ValueError("bad answer row")
    for v in obj["conclusions"].values():
        if not (
            isinstance(v, list)
            and len(v) == 4
            and all(isinstance(x, str) for x in v[:3])
            and isinstance(v[3], list)
        ):
            raise ValueError("bad conclusion row")
    return obj


def _question_key(q: tuple) -> list:
    return [q[0], q[1], q[2], list(q[3]), q[4]]


def _before_side(kb_before, items, base: Optional[str], timeout: Optional[float]):
    """(answers, conclusions, mechanisms) of the base: the same for every proposed file, so
    read from the cache when the base, the rules, the conclusions and the code are the same
    (JSON only, checked on reading)."""
    from .knowledge import cache

    own = all_questions(kb_before, kb_before, items)

    def build() -> dict:
        answers, conclusions, mechanisms = _solve_side(kb_before, own, items, timeout)
        return {
            "answers": [[_question_key(q), answers[q]] for q in own],
            "conclusions": {k: list(v) for k, v in conclusions.items()},
            "mechanisms": mechanisms,
        }

    data = cache.cached_or_built("impact-before", lambda: _before_key(base), build, _check_before)
    answers = {(k[0], k[1], k[2], tuple(k[3]), k[4]): a for k, a in data["answers"]}
    conclusions = {k: tuple(v) for k, v in data["conclusions"].items()}
    return answers, conclusions, data["mechanisms"]


def impact(
    facts: Sequence[str], override: bool = False, base: Optional[str] = None, timeout: Optional[float] = None
) -> Impact:
    """What the records of ``facts`` change, across every answer (see the module doc)."""
    from . import api
    from .check import load_conclusions

    facts = [str(f) for f in facts]
    _check_base(base)
    items = load_conclusions()
    kb_before = api.load_kb((), False, base=base)
    kb_after = api.load_kb(facts, override, base=base)
    result = Impact(
        files=_digests(facts), base=None if base is None else Path(base).name, override=override, questions=0
    )
    questions = all_questions(kb_before, kb_after, items)
    result.questions = len(questions)
    before, concl_before, mech_before = _before_side(kb_before, items, base, timeout)
    missing = [q for q in questions if q not in before]  # a disease only the files add
    before.update(answer_side(kb_before, missing, timeout=timeout))
    before_side = (before, concl_before, mech_before)
    try:
        after_side = _solve_side(kb_after, questions, items, timeout)
    except UnsatisfiableError as exc:
        result.contradiction = _contradiction(
            exc, facts, override, base, questions, before_side, kb_before, items, timeout
        )
        return result
    side = _side(kb_before, kb_after, questions, before_side, after_side, facts, override, base, timeout)
    for f in fields(Side):
        setattr(result, f.name, getattr(side, f.name))
    return result


def _contradiction(
    exc: UnsatisfiableError, facts, override, base, questions, before_side: tuple, kb_before, items, timeout
) -> Contradiction:
    from . import api

    mine = {(s, i) for s, i, f in exc.records if f is not None}
    theirs = {(s, i) for s, i, f in exc.records if f is None}
    out = Contradiction(
        message=str(exc),
        constraints=list(exc.constraints),
        records=[f"{s}:{i} ({f or say('phrases.common.bundled')})" for s, i, f in exc.records],
    )
    with tempfile.TemporaryDirectory(prefix="reasoner-impact-") as tmp:
        for name, files, b in (
            ("keep_yours", facts, _base_without(base, theirs, Path(tmp)) if theirs else base),
            ("keep_bundled", _write_without(facts, mine, Path(tmp)) if mine else facts, base),
        ):
            try:
                kb = api.load_kb(files, override, base=b)
                after_side = _solve_side(kb, questions, items, timeout)
            except UnsatisfiableError as again:
                out.unresolved.append(f"{name}: {again}")
                continue
            side = _side(
                kb_before,
                kb,
                questions,
                before_side,
                after_side,
                files if name == "keep_bundled" else facts,
                override,
                b,
                timeout,
            )
            setattr(out, name, side)
    return out


def exit_code(result: Impact) -> int:
    """0: no conclusion breaks; 1: a conclusion breaks, or the files contradict the base."""
    if result.contradiction is not None:
        return 1
    return 1 if result.conclusions_broken else 0

"""Scale plumbing (issue 15): fact text, the bucketed store and the flip search give the
same answers as the straightforward versions they replace (no timing asserted)."""

import json
import subprocess
import sys
from pathlib import Path

import clingo
import pytest

from reasoner import api
from reasoner.reasoning import whatif
from reasoner.knowledge import cache
from reasoner.knowledge.terms import Const, Fn
from reasoner.reasoning import solver
from reasoner.reporting.json_data import plain

from _flipquery import flip_query

ROOT = Path(__file__).resolve().parents[1]
SYNTH = ROOT / "benchmarks" / "synth.py"


def synth(tmp_path, n: int) -> Path:
    out = tmp_path / f"kb{n}.json"
    subprocess.run([sys.executable, str(SYNTH), str(n), "-o", str(out), "--diseases", "40"], check=True)
    return out


def clingo_text(atoms) -> str:
    return "".join(f"{clingo.Function(n, [solver.to_symbol(a) for a in args])}.\n" for n, args in atoms)


HOSTILE = [
    "plain",
    'a"b',
    "a\\b",
    "a\nb",
    "a\tb",
    "a\rb",
    "\x01\x7f",
    "é ü",
    "日本",
    '\\"',
    "",
    " ",
    "%comment",
    "x). evil(1",
    "#script (python)",
    "\u2028",
]


def test_fact_text_is_clingo_own_rendering_of_hostile_values():
    atoms = [("study", (s,)) for s in HOSTILE]
    atoms += [("study_ref", ("s", n)) for n in (0, 1, -1, 2**31 - 1, -(2**31), 96)]
    atoms += [("study_kind", ("s", Const(c))) for c in ("in_vivo", "a", "zZ_9")]
    atoms += [("t", (Fn("block", ("zm1",)), ("a", 1), Const("x"))), ("audit", ())]
    assert solver.facts_text(atoms) == clingo_text(atoms)


def test_fact_text_of_the_bundled_and_a_synthetic_knowledge_base(tmp_path):
    for kb in (api.load_kb(), api.load_kb([synth(tmp_path, 300)])):
        atoms = kb.atoms()
        assert solver.facts_text(atoms) == clingo_text(atoms)


@pytest.fixture
def cached(tmp_path, monkeypatch):
    monkeypatch.setenv("REASONER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("REASONER_NO_CACHE", raising=False)
    return synth(tmp_path, 2000)


def test_the_bucketed_store_holds_what_the_loaded_knowledge_base_holds(cached):
    from reasoner.knowledge import kb as kbmod

    loaded = kbmod.load([cached])
    memory = kbmod.store(loaded)
    api.load_kb([cached])  # fill the cache
    store = api.load_kb([cached])
    assert store._parts.__class__ is cache.Parts and store._parts._fresh is None  # from the file
    for section in kbmod.SECTION_MODELS:
        recs = getattr(loaded.kb, section)
        assert [r.model_dump(mode="json") for r in recs] == [dict(r) for r in store.records(section)], section
        for rec in recs[:: max(1, len(recs) // 50)]:
            key = kbmod.key_of(section, rec)
            assert dict(store.get(section, key)) == rec.model_dump(mode="json")
            user = (section, key) in loaded.sources and not loaded.sources[(section, key)].bundled
            assert ((section, key) in store.sources) == user, (section, key)
            if user:
                assert store.sources[(section, key)] == str(cached)
    assert store.get("studies", "no_such_study") is None
    assert store.get("interventions", "no_such_iv") is None
    assert sorted(store.sources) == sorted(memory.sources)
    for scope in (None, ["zd1"], ["zd2", "zd3"]):
        assert sorted(map(repr, store.atoms(scope))) == sorted(map(repr, memory.atoms(scope)))


def _damaged_answers_the_same(path: Path, damage) -> None:
    secret = (path.parent / cache.KEY_FILE).read_bytes()
    kind, k = path.name[: -len(cache.SUFFIX)].split("-", 1)
    index, body = cache._unpack(secret, kind, k, path.read_bytes())
    parts = {name: bytes(body[o : o + n]) for name, (o, n, _) in index.items()}
    damage(parts)
    path.write_bytes(cache._pack(secret, kind, k, parts))  # validly signed: still checked


@pytest.mark.parametrize(
    "how", ["bucket_garbage", "bucket_rule", "section_bucket_empty", "study_index_garbage"]
)
def test_a_damaged_bucket_is_rebuilt_not_trusted(cached, how):
    want = plain(api.suggest("zd1", "late", facts=[cached]))
    (path,) = [p for p in (cached.parent / "cache").glob("kb-*.cache")]

    def damage(parts):
        for name in parts:
            if how == "bucket_garbage" and name.startswith("ivb/"):
                parts[name] = b'{"records": [1], "sources": {}, "facts": {}}'
            elif how == "bucket_rule" and name.startswith("ivb/"):
                obj = json.loads(parts[name])
                obj["facts"] = {
                    k: v + "desired(X,Y,inhibit) :- disease(X), stage(X,Y).\n"
                    for k, v in obj["facts"].items()
                }
                parts[name] = json.dumps(obj).encode()
            elif how == "section_bucket_empty" and name.startswith("s/diseases/"):
                parts[name] = b'{"records": {}, "sources": {}}'
            elif how == "study_index_garbage" and name.startswith("sg/"):
                parts[name] = b'[["zs1"]]'

    _damaged_answers_the_same(path, damage)
    assert plain(api.suggest("zd1", "late", facts=[cached])) == want


def _flips_by_optimise(kb, d, sid, iid, status, top):
    """The flip search before pruning: every model within the bound, then the minimal sets."""
    space = api.load_change_space()
    query = flip_query(d, sid, iid, status, top, space=space)
    elsewhere = sorted({st.disease for st in kb.studies if st.intervention == iid and st.disease})
    in_scope = solver.scope(kb.scope_atoms(), [("query", (x,)) for x in sorted({d.id, *elsewhere})])
    facts = [("kb_study_disease", a[1]) if a[0] == "study_disease" else a for a in kb.atoms(in_scope)]
    found = []
    for m in solver.optimise(facts, query, cost_bound=space.max_cost):
        if m.cost and m.cost[0] > space.max_cost:
            continue
        found.append(
            (
                m.cost[0] if m.cost else 0,
                frozenset(m.answer.get("flip_change")),
                {k: v for k, v in m.answer.atoms.items() if k in api.FLIP_ATOMS},
            )
        )
    minimal = [f for f in found if not any(g[1] < f[1] for g in found)]
    return sorted((c, sorted(map(str, ch)), atoms) for c, ch, atoms in minimal)


def test_pruned_flip_search_finds_the_same_minimal_flips(tmp_path):
    kb = api.load_kb([synth(tmp_path, 600)])
    d, sid, state = api.resolve_context(kb, "zd1", "late", None)
    s = api.answer_with(kb, d, sid, state, [], [], False, None)
    asked = [(c.id, "candidate", c.rank == 1) for c in s.candidates[:2]]
    asked += [(n.id, "not_recommended", False) for n in s.not_recommended[:2]]
    assert asked
    space = api.load_change_space()
    for iid, status, top in asked:
        want = _flips_by_optimise(kb, d, sid, iid, status, top)
        query_args = dict(change="flip_change", keep=api.FLIP_ATOMS, cost_bound=space.max_cost)
        query = flip_query(d, sid, iid, status, top, space=space)
        index = api.intervention_index(kb, cached=False)
        elsewhere = index["applied_in"].get(iid, [])
        in_scope = solver.scope(kb.scope_atoms(), [("query", (x,)) for x in sorted({d.id, *elsewhere})])
        got = solver.minimal_changes(whatif.as_kb_study_disease(kb.facts(in_scope)), query, **query_args)
        got = sorted(
            (
                m.cost[0] if m.cost else 0,
                sorted(map(str, frozenset(m.answer.get("flip_change")))),
                {k: v for k, v in m.answer.atoms.items() if k in api.FLIP_ATOMS},
            )
            for m in got
        )
        assert got == want, iid


def _answer(kb, facts, query):
    ans = solver.solve(facts, query)
    return {k: sorted(map(repr, v)) for k, v in ans.atoms.items()}


@pytest.mark.parametrize("cache_on", [True, False], ids=["cached", "memory"])
def test_scoped_graph_gives_the_answer_of_the_whole_graph(tmp_path, monkeypatch, cache_on):
    monkeypatch.setenv("REASONER_CACHE_DIR", str(tmp_path / "cache"))
    if cache_on:
        monkeypatch.delenv("REASONER_NO_CACHE", raising=False)
    else:
        monkeypatch.setenv("REASONER_NO_CACHE", "1")
    kb = api.load_kb([synth(tmp_path, 800)])
    contexts = [("zd1", None), ("zd3", None), ("zd5", None), ("zd2", None), ("zd7", None)]
    for disease, state in contexts:
        query = api.query_atoms([(disease, state)])
        in_scope = solver.scope(kb.scope_atoms(), query)
        scoped, whole = kb.atoms(in_scope), kb.atoms(in_scope, whole_graph=True)
        assert len(scoped) < len(whole)  # the graph is scoped ...
        assert _answer(kb, kb.facts(in_scope), query) == _answer(
            kb, kb.facts(in_scope, whole_graph=True), query
        ), disease  # ... same answer


def test_a_sign_conflict_far_from_the_query_is_still_refused(tmp_path):
    from reasoner.errors import UnsatisfiableError

    path = synth(tmp_path, 200)
    data = json.loads(path.read_text())
    data["entities"] += [
        {"id": "far_a", "kind": "gene", "label": "FAR A"},
        {"id": "far_b", "kind": "gene", "label": "FAR B"},
    ]
    cited = {"refs": [5], "quote": data["edges"][0]["quote"], "section": "1"}
    data["edges"] += [
        {"id": "far_up", "source": "far_a", "target": "far_b", "sign": "+", **cited},
        {"id": "far_down", "source": "far_a", "target": "far_b", "sign": "-", **cited},
    ]
    path.write_text(json.dumps(data))
    with pytest.raises(UnsatisfiableError, match="ic_edge_sign"):
        api.suggest("zd1", facts=[path])


def test_flips_beyond_the_study_bound_are_not_searched_and_the_note_says_so(tmp_path, monkeypatch):
    path = synth(tmp_path, 300)
    kb = api.load_kb([path])
    d, sid, state = api.resolve_context(kb, "zd1", "late", None)
    s = api.answer_with(kb, d, sid, state, [], [], False, None)
    iid = (s.candidates or s.not_recommended)[0].id
    monkeypatch.setattr(whatif, "FLIP_MAX_STUDIES", 1)
    flips, note = api.find_flips(kb, d, sid, state, [], iid, "candidate", False, None)
    assert flips == []
    assert note.startswith("Flips were not searched: the question's scope holds ")
    assert "more than the 1 a flip search" in note

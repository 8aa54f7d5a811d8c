"""`reasoner observe`: sign consistency, cores, repairs and predictions (rules/observe.lp).

Tiny hand-made graphs have answers worked out by hand from the semantics in
rules/observe.lp; one case follows Iggy's user guide; one runs over the
review's graph and is checked against the review's text.
"""

import json
import sys
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reasoner.knowledge.terms import Const
from reasoner.reasoning.solver import observe as solve
from reasoner.schemas import export

ROOT = Path(__file__).parent.parent
COSTS = [
    ("cost_flip", (2,)),
    ("cost_input", (3,)),
    ("cost_edge", (Const("review"), 4)),
    ("cost_edge", (Const("user"), 1)),
]
CHANGE = {"up": 1, "down": -1, "unchanged": 0, "+": 1, "-": -1, "0": 0}


def graph(edges, observations, query=None):
    """edges: (id, source, target, '+'|'-', class); observations: (node, change)."""
    atoms = list(COSTS)
    for eid, a, b, sign, cls in edges:
        atoms += [("edge", (eid, a, b, CHANGE[sign])), ("edge_class", (eid, Const(cls)))]
    for i, (n, change) in enumerate(observations, 1):
        atoms.append(("obs", (i, n, CHANGE[change])))
    if query:
        atoms.append(("query", (query,)))
    return solve(atoms, "autophagy")


def repairs(ans):
    return sorted(sorted((k, v[0]) for k, rows in rep.items() for v in rows) for rep in ans.repairs)


def predictions(ans):
    return {
        n: (v if isinstance(v, int) else v.name, s.name) for n, v, s in ans.classified.get("prediction", [])
    }


def consistent(ans):
    return bool(ans.witness.get("consistent"))


# ---------------------------------------------------------------- hand-made graphs


def test_consistent_chain_predicts_strongly():
    ans = graph(
        [("e1", "a", "b", "+", "review"), ("e2", "b", "c", "-", "review")], [("a", "up"), ("b", "up")]
    )
    assert consistent(ans) and ans.cost == 0 and ans.cores == [] and repairs(ans) == [[]]
    assert predictions(ans) == {"c": (-1, "strong")}


def test_one_core_two_minimal_repairs():
    # a activates b, yet a rises and b falls: {a up, b down} is the one core; flipping
    # either observation (cost 2) beats declaring b an input (3) or ignoring the edge (4)
    ans = graph([("e1", "a", "b", "+", "review")], [("a", "up"), ("b", "down")])
    assert not consistent(ans) and ans.cost == 2
    assert [sorted(c["in_core"]) for c in ans.cores] == [[(1,), (2,)]]
    assert ans.cores[0]["core_edge"] == [("e1",)]
    assert repairs(ans) == [[("flip", 1)], [("flip", 2)]]


def test_two_cores_share_an_observation():
    # b down clashes with a up (a -> b) and, through a, with c up (a -> c)
    ans = graph(
        [("e1", "a", "b", "+", "review"), ("e2", "a", "c", "+", "review")],
        [("a", "up"), ("b", "down"), ("c", "up")],
    )
    assert sorted(sorted(r[0] for r in c["in_core"]) for c in ans.cores) == [[1, 2], [2, 3]]
    assert repairs(ans) == [[("flip", 2)]]  # the only single flip that hits both cores


def test_costs_are_data_review_edges_cost_more_than_user_edges():
    # b unchanged although its only influence rises: the edge must go, or an observation
    review = graph([("e1", "a", "b", "+", "review")], [("a", "up"), ("b", "unchanged")])
    assert repairs(review) == [[("flip", 1)], [("flip", 2)]]
    user = graph([("e1", "a", "b", "+", "user")], [("a", "up"), ("b", "unchanged")])
    assert repairs(user) == [[("ignore", "e1")]] and user.cost == 1


def test_strong_and_weak_predictions():
    # a rises; m is between a and z, and z did not change.  Two optimal repairs (cost 1):
    # ignore a->m (m stays unchanged) or ignore m->z (m rises): m is a weak "up"
    ans = graph(
        [("e1", "a", "m", "+", "user"), ("e2", "m", "z", "+", "user"), ("e3", "a", "s", "-", "review")],
        [("a", "up"), ("z", "unchanged")],
    )
    assert repairs(ans) == [[("ignore", "e1")], [("ignore", "e2")]]
    assert predictions(ans) == {"m": (1, "weak"), "s": (-1, "strong")}


def test_opposed_influences_leave_a_node_unknown():
    ans = graph(
        [("e1", "a", "m", "+", "review"), ("e2", "c", "m", "-", "review")], [("a", "up"), ("c", "up")]
    )
    assert consistent(ans) and predictions(ans) == {"m": ("unknown", "none")}


def test_observed_change_must_be_founded_in_an_input():
    # a cycle cannot explain itself: b and c support each other but nothing starts them
    ans = graph(
        [("e1", "b", "c", "+", "review"), ("e2", "c", "b", "+", "review"), ("e3", "a", "b", "+", "review")],
        [("a", "unchanged"), ("c", "up")],
    )
    assert not consistent(ans)


def test_edges_of_another_disease_are_out_of_scope():
    atoms = list(COSTS) + [
        ("edge", ("e1", "a", "b", 1)),
        ("edge_class", ("e1", Const("review"))),
        ("edge", ("e2", "a", "b", -1)),
        ("edge_class", ("e2", Const("review"))),
        ("edge_context", ("e2", "d2")),
        ("obs", (1, "a", 1)),
    ]
    assert predictions(solve(atoms, "x")) == {"b": ("unknown", "none")}  # no disease: both
    assert predictions(solve(atoms + [("query", ("d1",))], "x")) == {"b": (1, "strong")}
    # in d2 its own edge replaces the general one of the same pair
    assert predictions(solve(atoms + [("query", ("d2",))], "x")) == {"b": (-1, "strong")}


def test_iggy_guide_notions():
    """Iggy's user guide (bioasp/iggy, docs/guide/guide.md, "Input Model + Data" and
    "Consistency notions"): in `!mtor_inhibitor -> mtor` the `!` means mtor_inhibitor
    tends to decrease mtor; an `input` node's behaviour need not be explained; "All
    observed changes must be explained by a predecessor", "0-change must be explained",
    "All observed changes must be explained by an input"; and the guide's labellings keep
    `shp2 = 0` and `grb2_sos = 0` when nothing upstream of `shp2 -> grb2_sos` changes.
    The guide's full example network (CIF with AND-complexes) is not printed whole, so
    these are its simple influences with its documented notions."""
    cif = "shp2 -> grb2_sos\n!mtor_inhibitor -> mtor\ngab1_bras_py -> ras_gap\n"
    edges = []
    for i, line in enumerate(cif.splitlines()):
        src, tgt = (x.strip() for x in line.split("->"))
        sign = "-" if src.startswith("!") else "+"
        edges.append((f"g{i}", src.lstrip("!"), tgt, sign, "review"))
    # mtor_inhibitor = input, mtor_inhibitor = +  =>  mtor decreases (strong)
    ans = graph(edges, [("mtor_inhibitor", "+")])
    assert consistent(ans) and predictions(ans) == {"mtor": (-1, "strong")}
    # 0-change must be explained: mtor cannot stay unchanged under an unopposed influence
    assert not consistent(graph(edges, [("mtor_inhibitor", "+"), ("mtor", "0")]))
    # a change must be founded in an input: grb2_sos cannot rise when shp2 is unchanged
    ans = graph(edges, [("shp2", "0"), ("grb2_sos", "+")])
    assert not consistent(ans)
    # ... and the repair "new increasing influence on grb2_sos" is a minimal repair when
    # declaring an input is the cheapest change (Iggy's scenfit adds influences)
    atoms = [("cost_flip", (5,)), ("cost_input", (1,)), ("cost_edge", (Const("review"), 5))]
    for eid, a, b, sign, cls in edges:
        atoms += [("edge", (eid, a, b, CHANGE[sign])), ("edge_class", (eid, Const(cls)))]
    atoms += [("obs", (1, "shp2", 0)), ("obs", (2, "grb2_sos", 1))]
    assert repairs(solve(atoms, "x")) == [[("add_input", "grb2_sos")]]


# ---------------------------------------------------------------- property


NODES = ["n0", "n1", "n2", "n3", "n4"]


@st.composite
def cases(draw):
    edges = []
    for i in range(draw(st.integers(1, 7))):
        a, b = draw(st.sampled_from(NODES)), draw(st.sampled_from(NODES))
        if a != b:
            edges.append((f"e{i}", a, b, draw(st.sampled_from("+-")), "review"))
    observed = draw(st.lists(st.sampled_from(NODES), min_size=1, max_size=3, unique=True))
    obs = [(n, draw(st.sampled_from(["up", "down", "unchanged"]))) for n in observed]
    return edges, obs


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_observing_a_strong_prediction_keeps_a_consistent_set_consistent(case):
    edges, obs = case
    ans = graph(edges, obs)
    if not consistent(ans):
        return
    for node, (value, strength) in predictions(ans).items():
        if strength == "strong":
            more = graph(edges, obs + [(node, {1: "up", -1: "down", 0: "unchanged"}[value])])
            assert consistent(more), (edges, obs, node, value)


# ---------------------------------------------------------------- the review's graph


def write(tmp_path, text, name="obs.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_mir_20a_up_predicts_autophagy_down_through_beclin_1(tmp_path):
    from reasoner.observe import observe

    review = (ROOT / "facts" / "review.txt").read_text(encoding="utf-8")
    # section 3.3: "Exosomal miR-20 derived from UCMSCs reduced liver I/R injury by
    # inhibiting Beclin-1-mediated autophagy.75"
    assert "by inhibiting Beclin-1-mediated autophagy.⁷⁵" in review
    f = write(tmp_path, "observations:\n  - {entity: miR-20a, change: up}\n")
    r = observe(str(f), "hepatic I/R", "reperfusion")
    assert r.consistent and r.predictions[0].entity == "autophagy"
    auto = r.predictions[0]
    assert (auto.change, auto.strength) == ("down", "strong")
    assert [s.edge.id for s in auto.path] == ["mir_20a_inhibits_becn1", "becn1_activates_autophagy"]
    assert auto.path[0].edge.refs == [75] and auto.path[0].edge.quote in review
    assert [s.change for s in auto.path] == ["down", "down"]
    assert r.observations[0].entity == "mir_20a" and r.observations[0].input
    # at reperfusion the review calls autophagy deleterious [76]: a fall there says
    # nothing about the level, so no state is implied
    assert (r.therapy.autophagy_change, r.therapy.basis, r.therapy.role) == (
        "down",
        "predicted",
        "deleterious",
    )
    assert r.therapy.reason == "no_reading" and r.therapy.state is None
    assert 75 in [ref.n for ref in r.references]


def test_strong_up_at_reperfusion_reads_as_excessive(tmp_path):
    from reasoner.api import suggest
    from reasoner.observe import observe

    # miR-20a down -> Beclin-1 up [75] -> autophagy up (strong) [29]; at reperfusion
    # (deleterious) that reads as excessive, and the candidates are suggest's under
    # --autophagy-state excessive
    f = write(tmp_path, "observations:\n  - {entity: miRBase:hsa-miR-20a-5p, change: down}\n")
    r = observe(str(f), "hepatic_IR", "reperfusion")
    auto = r.predictions[0]
    assert (auto.entity, auto.change, auto.strength) == ("autophagy", "up", "strong")
    assert r.therapy.state == "excessive" and r.therapy.reason == "ok"
    s = suggest("hepatic_IR", "reperfusion", "excessive", trees=False)
    assert r.therapy.desired == s.autophagy.desired == "inhibit"
    assert [c.id for c in r.therapy.candidates] == [c.id for c in s.candidates]


def test_three_measurements_of_the_issue_are_consistent(tmp_path):
    from reasoner.observe import observe

    f = write(
        tmp_path,
        "observations:\n  - {entity: miR-20a, change: up}\n"
        "  - {entity: Beclin-1, change: down}\n"
        "  - {entity: autophagy, change: down, marker: LC3-II/LC3-I}\n",
    )
    r = observe(str(f), "hepatic_IR", "ischaemia")
    assert r.consistent and r.observations[2].marker == "LC3-II/LC3-I"
    assert all(p.entity != "autophagy" for p in r.predictions)
    # observed autophagy down at the protective early stage reads as insufficient
    assert (r.therapy.basis, r.therapy.state, r.therapy.desired) == ("observed", "insufficient", "induce")


def test_user_edges_take_part(tmp_path):
    from reasoner.observe import observe

    f = write(
        tmp_path,
        "observations:\n  - {entity: miR-20a, change: up}\n"
        "edges:\n  - {source: miR-20a, target: autophagy, sign: '+', "
        "evidence: {pmid: '12345', text: my lab notebook}}\n",
    )
    r = observe(str(f), "hepatic_IR", "reperfusion")
    auto = r.predictions[0]
    assert (auto.entity, auto.change) == ("autophagy", "unknown")
    # miR-20a up with Beclin-1 up clashes with the review's miR-20a -| Beclin-1 [75]; the
    # user's own miR-20a -> Beclin-1 explains Beclin-1's rise, so the set becomes consistent
    obs = "observations:\n  - {entity: miR-20a, change: up}\n  - {entity: Beclin-1, change: up}\n"
    alone = observe(str(write(tmp_path, obs, "alone.yaml")), "hepatic_IR", "reperfusion")
    assert not alone.consistent
    f = write(
        tmp_path,
        obs + "edges:\n  - {id: mine, source: miR-20a, target: Beclin-1, sign: '+', "
        "evidence: {doi: 10.1000/xyz}}\n",
        "two.yaml",
    )
    r = observe(str(f), "hepatic_IR", "reperfusion")
    assert r.consistent and r.cores == [] and r.repairs == []


def test_facts_edges_take_part(tmp_path):
    from reasoner.observe import observe

    facts = write(
        tmp_path,
        "entities:\n- {id: my_gene, kind: gene, label: My gene}\n"
        "edges:\n- id: my_edge\n  source: becn1\n  target: my_gene\n"
        "  sign: '+'\n  refs: [29]\n  section: '2.2'\n"
        "  quote: Beclin-1 is an important molecule for autophagosome formation\n",
        "mine.yaml",
    )
    f = write(tmp_path, "observations:\n  - {entity: miR-20a, change: down}\n")
    r = observe(str(f), facts=[str(facts)])
    by = {p.entity: p for p in r.predictions}
    assert (by["my_gene"].change, by["my_gene"].strength) == ("up", "strong")
    assert [(s.edge.id, s.edge.origin) for s in by["my_gene"].path] == [
        ("mir_20a_inhibits_becn1", "review"),
        ("my_edge", "facts"),
    ]


# ---------------------------------------------------------------- CLI


def test_cli_formats(run, tmp_path):
    f = write(tmp_path, "observations:\n  - {entity: miR-20a, change: up}\n")
    r = run(
        "observe",
        "--disease",
        "hepatic_IR",
        "--stage",
        "reperfusion",
        "--observations",
        f,
        "--format",
        "json",
    )
    assert r.exit_code == 0
    data = json.loads(r.output)
    jsonschema.validate(data, json.loads(export("observation")))
    assert data["predictions"][0]["entity"] == "autophagy"
    text = run("observe", "--disease", "hepatic_IR", "--observations", f).output
    assert "autophagy [autophagy]: down (strong)" in text
    assert "because miR-20a -| Beclin-1 (mir_20a_inhibits_becn1, review) [75]" in text
    md = run("observe", "--observations", f, "--format", "md").output
    assert "**autophagy** (`autophagy`): down (strong)" in md
    html = run("observe", "--observations", f, "--format", "html").output
    assert "<strong>autophagy</strong>" in html and "Give <code>--disease</code>" in html
    # same input, same output
    assert (
        run("observe", "--observations", f, "--format", "json").output
        == run("observe", "--observations", f, "--format", "json").output
    )


def test_json_input(run, tmp_path):
    f = write(
        tmp_path, json.dumps({"observations": [{"entity": "hsa-miR-20a-5p", "change": "up"}]}), "obs.json"
    )
    r = run("observe", "--observations", f, "--format", "json")
    assert r.exit_code == 0 and json.loads(r.output)["observations"][0]["entity"] == "mir_20a"


def test_cli_unknown_entities_one_line(run, tmp_path):
    f = write(
        tmp_path, "observations:\n  - {entity: miR-20x, change: up}\n  - {entity: Beclin-2, change: down}\n"
    )
    r = run("observe", "--observations", f)
    assert r.exit_code == 2
    assert r.output == (
        f"Error: {f}: unknown entities 'miR-20x' (did you mean mir_20a, mir_210, mir_126?), "
        "'Beclin-2' (did you mean becn1, bcl2?); see `reasoner observe --help` "
        "for how names resolve\n"
    )


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "observations:\n  - {entity: miR-20a, change: sideways}\n",
            "{f}, record 'observations[1]', field 'change': 'sideways' is not one of 'up', 'down', 'unchanged', 'not_up' or 'not_down'",
        ),
        (
            "observations:\n  - {entity: miR-20a, change: up, colour: red}\n",
            "{f}, record 'observations[1]', field 'colour': unknown field",
        ),
        ("- miR-20a\n", "{f}: expected a mapping with 'observations: [...]' (and optionally 'edges: [...]')"),
        (
            "observations: []\n",
            "{f}, field 'observations': List should have at least 1 item after validation, not 0",
        ),
        (
            "observations:\n  - {entity: miR-20a, change: up}\nedges:\n  - {source: miR-20a, target: becn1, sign: '+', evidence: {}}\n",
            "{f}, record 'edges[1]', field 'evidence': Value error, give at least one of doi, pmid or text",
        ),
        ("observations: [\n", "{f}:2: invalid YAML: did not find expected node content"),
    ],
)
def test_cli_bad_file_one_line(run, tmp_path, text, message):
    f = write(tmp_path, text)
    r = run("observe", "--observations", f)
    assert r.exit_code == 2
    assert r.output == "Error: " + message.format(f=f) + "\n"


def test_a_key_given_twice_is_refused_not_overwritten(run, tmp_path):
    # YAML and JSON parsers keep the last of two equal keys: the first list would be dropped
    f = write(
        tmp_path,
        "observations:\n  - {entity: miR-20a, change: up}\n"
        "observations:\n  - {entity: Beclin-1, change: up}\n",
    )
    r = run("observe", "--observations", f)
    assert r.exit_code == 2
    assert r.output == f"Error: {f}:3: duplicate key 'observations' (first at line 1)\n"
    j = tmp_path / "twice.json"
    j.write_text(
        '{"observations": [{"entity": "miR-20a", "change": "up"}],\n'
        ' "observations": [{"entity": "Beclin-1", "change": "up", "change": "down"}]}'
    )
    r = run("observe", "--observations", j)
    assert r.exit_code == 2
    assert r.output == f"Error: {j}:2: duplicate key 'observations' (first at line 1)\n"


def test_cli_bad_context(run, tmp_path):
    f = write(tmp_path, "observations:\n  - {entity: miR-20a, change: up}\n")
    r = run("observe", "--stage", "reperfusion", "--observations", f)
    assert r.exit_code == 2
    assert r.output == "Error: unknown stage without a disease (give --disease too) 'reperfusion'\n"
    r = run("observe", "--disease", "hepatic_IRR", "--observations", f)
    assert r.exit_code == 2 and r.output.count("\n") == 1 and "hepatic_IR" in r.output
    r = run("observe", "--observations", tmp_path / "missing.yaml")
    assert r.exit_code == 2 and r.output == f"Error: {tmp_path / 'missing.yaml'}: file not found\n"


def test_cli_does_not_overwrite(run, tmp_path):
    f = write(tmp_path, "observations:\n  - {entity: miR-20a, change: up}\n")
    out = write(tmp_path, "keep", "out.txt")
    r = run("observe", "--observations", f, "-o", out)
    assert r.exit_code == 2 and out.read_text() == "keep"


def test_observation_schema_has_not_drifted():
    path = ROOT / "reasoner" / "schema" / "observation.json"
    assert path.read_text() == export("observation")


def test_settings_quotes_are_verbatim_in_their_section():
    import re

    import yaml

    text = (ROOT / "facts" / "review.txt").read_text(encoding="utf-8")
    # the review's numbered headings ("3.3 | Liver diseases") cut it into sections
    heads = list(re.finditer(r"^(\d+(?:\.\d+)*) \| ", text, flags=re.M))
    sections = {
        m.group(1): " ".join(
            text[m.end() : (heads[i + 1].start() if i + 1 < len(heads) else len(text))].split()
        )
        for i, m in enumerate(heads)
    }
    cfg = yaml.safe_load((ROOT / "facts" / "observe.yaml").read_text(encoding="utf-8"))
    for row in cfg["readings"]:
        assert " ".join(row["quote"].split()) in sections[row["section"]], row
    c = cfg["costs"]
    assert c["ignore_edge"]["review"] > max(c["ignore_edge"]["user"], c["flip_observation"])


@pytest.mark.parametrize(
    "observations",
    [
        [("mir_20a", "up")],
        [("mir_20a", "up"), ("becn1", "up"), ("autophagy", "down")],
        [("mtor", "down"), ("exosome_release", "unchanged")],
    ],
)
def test_passing_only_the_reachable_edges_changes_nothing(observations):
    from reasoner.api import load_kb
    from reasoner.observe import FOCUS, _relevant

    kb = load_kb()
    atoms = list(COSTS) + [("query", ("hepatic_IR",))]
    for name, args in kb.atoms([], whole_graph=True):  # what observe passes
        if name in ("edge", "edge_context"):
            atoms.append((name, args))
            if name == "edge":
                atoms.append(("edge_class", (args[0], Const("review"))))
    atoms += [("obs", (i, n, CHANGE[c])) for i, (n, c) in enumerate(observations, 1)]
    assert len(_relevant(atoms)) < len(atoms)
    assert solve(_relevant(atoms), FOCUS) == solve(sorted(atoms, key=repr), FOCUS)


def test_readme_worked_example_is_current(run, tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Bring your own measurements") :]
    yaml_block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    shown = section.split(
        "$ reasoner observe --disease hepatic_IR --stage reperfusion --observations mine.yaml\n", 1
    )[1].split("```", 1)[0]
    f = write(tmp_path, yaml_block.split("edges:")[0], "mine.yaml")
    r = run("observe", "--disease", "hepatic_IR", "--stage", "reperfusion", "--observations", f)
    assert r.exit_code == 0 and r.output == shown


@pytest.mark.slow
def test_every_mutant_of_the_observe_rules_is_killed_or_equivalent():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import mutate_observe

    killed, survivors = mutate_observe.run()
    assert killed > 0 and all(s in mutate_observe.EQUIVALENT for s in survivors), survivors


def test_readings_are_listed_for_curators(run):
    r = run("audit")
    assert r.exit_code == 0
    assert "  - autophagy up where it is deleterious reads as excessive: " in r.output
    data = json.loads(run("audit", "--format", "json").output)
    assert {(x["change"], x["role"], x["state"]) for x in data["observe_readings"]} == {
        ("up", "deleterious", "excessive"),
        ("up", "protective", "moderate"),
        ("down", "protective", "insufficient"),
        ("down", "insufficient", "insufficient"),
    }


def test_autophagy_measured_alone_doubts_the_measurement_or_the_graph(tmp_path):
    from reasoner.observe import observe

    # autophagy has predecessors in the review's graph, none of them measured: its rise is
    # unexplained (Iggy's founded constraint).  With the bundled costs, flipping the
    # measurement and declaring an influence from outside the graph cost the same (2).
    f = write(tmp_path, "observations:\n  - {entity: autophagy, change: up, marker: LC3-II}\n")
    r = observe(str(f), "hepatic_IR", "reperfusion")
    assert not r.consistent and r.cost == 2
    assert [[(c.kind, c.observation, c.entity) for c in rep.changes] for rep in r.repairs] == [
        [("add_input", None, "autophagy")],
        [("flip_observation", 1, "autophagy")],
    ]
    assert [c.observations for c in r.cores] == [[1]]
    # in one optimal repair autophagy rose, in the other it did not: no strong reading
    assert r.therapy.reason == "no_change"


def test_declared_input_needs_no_explanation(tmp_path):
    from reasoner.observe import observe

    plain = write(tmp_path, "observations:\n  - {entity: Beclin-1, change: up}\n")
    assert not observe(str(plain)).consistent  # Beclin-1 has predecessors, none measured
    f = write(tmp_path, "observations:\n  - {entity: Beclin-1, change: up, input: true}\n", "in.yaml")
    r = observe(str(f))
    assert r.consistent and r.observations[0].input
    assert (r.predictions[0].entity, r.predictions[0].change, r.predictions[0].strength) == (
        "autophagy",
        "up",
        "strong",
    )

"""Export and import, each format checked by a consumer no one here wrote.

INDRA (``indra.statements`` and its English assembler), ndex2's CX2 classes,
biolink-model's shipped schema and pydantic classes (for KGX), networkx (SIF,
GraphML).  They come with ``pip install '.[curation]'``; each test skips
cleanly without its consumer, and .ci/run installs them.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from reasoner.cli import cli
from reasoner.interop import export as X
from reasoner.knowledge.kb import load

KB = load()
GRAPH = X.build(KB, derived=X.derived_effects(KB))
SIGNALLING = {(e.source, e.target, e.sign) for e in GRAPH.edges if e.kind == "signalling"}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("export")
    runner = CliRunner()
    for fmt in ("indra", "cx2", "sif", "graphml"):
        r = runner.invoke(cli, ["export", "--format", fmt, "-o", str(d / f"g.{fmt}")])
        assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["export", "--format", "kgx", "-o", str(d / "g")])
    assert r.exit_code == 0, r.output
    return d


def test_graph_has_every_edge_study_and_a_derived_relation():
    assert SIGNALLING == {(g.source, g.target, 1 if g.sign == "+" else -1) for g in KB.edges}
    assert {e.study for e in GRAPH.edges if e.kind == "finding"} == {
        s.id
        for s in KB.studies
        if (s.cargo or s.target or s.source or s.intervention) and (s.autophagy_effect or s.release_effect)
    }
    derived = [e for e in GRAPH.edges if e.kind == "derived"]
    assert derived and all(
        e.knowledge_level == "logical_entailment" and e.agent_type == "automated_agent" for e in derived
    )
    assert all(
        e.knowledge_level == "knowledge_assertion"
        for e in GRAPH.edges
        if e.kind != "derived" and e.provenance == "review"
    )
    # an edge the review does not state (background, e.g. Rab7 -| release) is never exported as
    # the review's assertion, nor with the review's DOI as its evidence
    unsourced = [e for e in GRAPH.edges if e.provenance != "review"]
    assert unsourced and all(e.knowledge_level == "not_provided" for e in unsourced)
    assert {e.id for e in unsourced} == {g.id for g in KB.edges if g.provenance != "review"}
    for stmt in X.to_indra(X.Graph(GRAPH.nodes, unsourced)):
        assert all(ev["text_refs"] == {} and ev["annotations"]["review"] is None for ev in stmt["evidence"])
    # s95: miR-155 up -| mTOR; through mTORC1 (membership) -| release it derives an increase, through
    # autophagy -| release a decrease: an ambiguous derivation is not exported as a relation
    assert X.derived_effects(KB)["s95_alcohol_mir_155_harmful_exosome_release"] == {"autophagy": "induce"}
    assert not any(
        e.study == "s95_alcohol_mir_155_harmful_exosome_release" and e.target == "exosome_release"
        for e in derived
    )


def test_export_is_deterministic(files, tmp_path):
    r = CliRunner().invoke(cli, ["export", "--format", "indra", "-o", str(tmp_path / "again.json")])
    assert r.exit_code == 0
    assert (tmp_path / "again.json").read_bytes() == (files / "g.indra").read_bytes()


def test_indra_loads_and_english_assembler_says_the_graph(files):
    pytest.importorskip("indra")
    from indra.assemblers.english import EnglishAssembler
    from indra.statements import stmts_from_json

    stmts = stmts_from_json(json.loads((files / "g.indra").read_text()))
    assert len(stmts) == len(GRAPH.edges)
    verbs = {
        1: ("activates", "increases the amount of"),
        -1: ("inhibits", "decreases the amount of"),
        0: ("binds",),
    }
    for stmt, edge in zip(stmts, GRAPH.edges):
        sentence = EnglishAssembler([stmt]).make_model()
        s, t = GRAPH.nodes[edge.source].label, GRAPH.nodes[edge.target].label
        assert s.casefold() in sentence.casefold() and t.casefold() in sentence.casefold(), sentence
        assert any(v in sentence for v in verbs[edge.sign]), (edge.id, sentence)
        ev = stmt.evidence[0]
        assert ev.annotations["knowledge_level"] == edge.knowledge_level
        if edge.quote:
            assert ev.text == edge.quote and ev.annotations["refs"] == edge.refs
    beclin = next(a for st in stmts for a in st.agent_list() if a is not None and a.name == "Beclin-1")
    assert beclin.db_refs["HGNC"] == "1034"
    mtorc1 = next(a for st in stmts for a in st.agent_list() if a is not None and a.name == "mTORC1")
    assert mtorc1.db_refs["FPLX"] == "mTORC1"


def test_cx2_loads_in_ndex2_with_signs_and_style(files):
    cx2 = pytest.importorskip("ndex2.cx2")
    net = cx2.RawCX2NetworkFactory().get_cx2network(json.loads((files / "g.cx2").read_text()))
    assert len(net.get_nodes()) == len(GRAPH.nodes) and len(net.get_edges()) == len(GRAPH.edges)
    names = {i: n["v"]["reasoner_id"] for i, n in net.get_nodes().items()}
    signs = {(names[e["s"]], names[e["t"]], e["v"]["sign"]) for e in net.get_edges().values()}
    assert signs == {(e.source, e.target, e.sign) for e in GRAPH.edges}
    arrows = net.get_visual_properties()["edgeMapping"]["EDGE_TARGET_ARROW_SHAPE"]["definition"]["map"]
    assert {m["v"]: m["vp"] for m in arrows}["inhibits"] == "t"


def test_kgx_uses_biolink_categories_predicates_and_levels(files):
    pm = pytest.importorskip("biolink_model.datamodel.pydanticmodel_v2")
    import importlib.resources

    import yaml

    schema = yaml.safe_load(
        (importlib.resources.files("biolink_model") / "schema/biolink_model.yaml").read_text(encoding="utf-8")
    )

    def descends(slot: str, root: str = "related to") -> bool:
        while slot:
            if slot == root:
                return True
            slot = schema["slots"][slot].get("is_a")
        return False

    nodes = [line.split("\t") for line in (files / "g_nodes.tsv").read_text().splitlines()]
    edges = [line.split("\t") for line in (files / "g_edges.tsv").read_text().splitlines()]
    ncols, ecols = nodes[0], edges[0]
    ids = set()
    for row in nodes[1:]:
        rec = dict(zip(ncols, row))
        cls = rec["category"].split(":", 1)[1]
        assert hasattr(pm, cls), cls
        getattr(pm, cls)(id=rec["id"], name=rec["name"], category=[rec["category"]])
        ids.add(rec["id"])
    assert len(ids) == len(GRAPH.nodes)
    for row in edges[1:]:
        rec = dict(zip(ecols, row))
        slot = rec["predicate"].split(":", 1)[1].replace("_", " ")
        assert slot in schema["slots"] and descends(slot), slot
        assert rec["subject"] in ids and rec["object"] in ids
        pm.Association(
            id=rec["id"],
            subject=rec["subject"],
            predicate=rec["predicate"],
            object=rec["object"],
            knowledge_level=rec["knowledge_level"],
            agent_type=rec["agent_type"],
            publications=[rec["publications"]],
            primary_knowledge_source=rec["primary_knowledge_source"],
        )
        if rec["object_direction_qualifier"]:
            pm.DirectionQualifierEnum(rec["object_direction_qualifier"])
    assert len(edges) - 1 == len(GRAPH.edges)


def test_graphml_and_sif_read_back_by_networkx(files):
    nx = pytest.importorskip("networkx")
    g = nx.read_graphml(files / "g.graphml", force_multigraph=True)
    assert g.number_of_nodes() == len(GRAPH.nodes) and g.number_of_edges() == len(GRAPH.edges)
    assert {(a, b, d["sign"]) for a, b, d in g.edges(data=True)} == {
        (e.source, e.target, e.sign) for e in GRAPH.edges
    }
    rows = [line.split("\t") for line in (files / "g.sif").read_text().splitlines()]
    sif = nx.MultiDiGraph()
    sif.add_edges_from((a, b, {"interaction": rel}) for a, rel, b in rows)
    assert sif.number_of_nodes() == len(GRAPH.nodes) and sif.number_of_edges() == len(GRAPH.edges)
    sign = {"activates": 1, "inhibits": -1, "member_of": 0}
    assert {(a, b, sign[d["interaction"]]) for a, b, d in sif.edges(data=True)} == {
        (e.source, e.target, e.sign) for e in GRAPH.edges
    }


def test_indra_round_trip_gives_the_same_graph(files, tmp_path):
    out = tmp_path / "mine.yaml"
    r = CliRunner().invoke(cli, ["import", "indra", str(files / "g.indra"), "-o", str(out)])
    assert r.exit_code == 0, r.output
    text = out.read_text()
    mine = load([out])
    imported = [g for g in mine.edges if g.id.startswith("imported_")]
    assert {(g.source, g.target, g.sign, g.context) for g in imported} == {
        (g.source, g.target, g.sign, g.context) for g in KB.edges
    }
    # each edge keeps the review's reference numbers; a background edge (main's issue 12: the
    # review states no sign, e.g. Rab7 -| release) has none and comes back with none
    bundled = {(g.source, g.target, g.sign, g.context): sorted(g.refs) for g in KB.edges}
    assert {(g.source, g.target, g.sign, g.context): sorted(g.refs) for g in imported} == bundled
    assert any(not refs for refs in bundled.values()) and any(bundled.values())
    # every study finding, derived relation and cargo is listed, none silently dropped
    listed = re.findall(r"^#   - .*$", text, re.M)
    duplicates = [x for x in listed if "duplicates the bundled edge" in x]
    assert len(listed) - len(duplicates) == sum(
        1 for e in GRAPH.edges if e.kind in ("finding", "derived", "cargo")
    )
    # issue 26: each re-imported bundled edge is reported as a duplicate of it
    assert len(duplicates) == len(KB.edges)


def test_import_lists_what_it_cannot_map(tmp_path):
    stmts = [
        {
            "type": "Inhibition",
            "subj": {"name": "MIR155", "db_refs": {"MIRBASE": "MI0000681"}},
            "obj": {"name": "mTOR", "db_refs": {"HGNC": "3942"}},
            "evidence": [{"source_api": "reach", "pmid": "12345", "text": "miR-155 inhibits mTOR."}],
        },
        {
            "type": "Activation",
            "subj": {"name": "FOO1", "db_refs": {"HGNC": "999999"}},
            "obj": {"name": "autophagy", "db_refs": {"GO": "GO:0006914"}},
            "evidence": [],
        },
        {"type": "Phosphorylation", "enz": {"name": "AKT1"}, "sub": {"name": "MTOR"}},
    ]
    src = tmp_path / "s.json"
    src.write_text(json.dumps(stmts))
    r = CliRunner().invoke(cli, ["import", "indra", str(src)])
    assert r.exit_code == 0, r.output
    assert "# 1 edges; 3 items not mapped" in r.output
    assert (
        "statement 0 (Inhibition): imported_mir_155_inhibits_mtor duplicates the bundled edge "
        "mir_155_inhibits_mtor"
    ) in r.output  # issue 26: a duplicate is reported
    assert "no entity in facts/ for FOO1 (HGNC:999999)" in r.output
    assert "statement 2 (Phosphorylation): statement type not imported" in r.output
    assert "pmid: '12345'" in r.output and "source: mir_155" in r.output and "sign: '-'" in r.output


def test_sif_import_grounds_names_symbols_and_curies(tmp_path):
    src = tmp_path / "net.sif"
    src.write_text(
        "MIR155\tinhibits\tMTOR\nHGNC:1034\tactivates\tGO:0006914\nmTOR\tmember_of\tmTORC1\n"
        "hsa-miR-20a-5p\tinhibits\tBECN1\n"
        "FOO\tactivates\tautophagy\nAKT1 binds MTOR\n"
    )
    out = tmp_path / "net.yaml"
    r = CliRunner().invoke(cli, ["import", "sif", str(src), "-o", str(out)])
    assert r.exit_code == 0, r.output
    mine = load([out])
    got = {(g.source, g.target, g.sign) for g in mine.edges if g.id.startswith("imported_")}
    assert got == {
        ("mir_155", "mtor", "-"),
        ("becn1", "autophagy", "+"),
        ("mir_20a", "becn1", "-"),
        ("user_foo", "autophagy", "+"),
    }
    text = out.read_text()
    # issue 26: a node no entity names comes in as a new user entity, listed in the header
    assert "#   - user_foo: FOO" in text
    assert "line 6: relation 'binds' has no sign" in text


@pytest.mark.parametrize(
    "args,message",
    [
        (["export", "--format", "pdf"], "Error: unknown format 'pdf'"),
        (["export", "--format", "kgx"], "Error: --format kgx writes two files: give -o PREFIX"),
        (["export", "--disease", "nope"], "Error: unknown disease 'nope'"),
        (["import", "indra", "/nonexistent/s.json"], "Error: /nonexistent/s.json: file not found"),
        (["import", "cx", "s.json"], "Error: unknown import format 'cx'; valid: indra, sif"),
    ],
)
def test_bad_input_is_one_line_exit_2(args, message):
    r = CliRunner().invoke(cli, args)
    assert r.exit_code == 2
    assert r.output.startswith(message) and r.output.count("\n") == 1, r.output


def test_complex_membership_carries_mtor_to_mtorc1():
    """s95: miR-155 -| mTOR reaches ref 91's mTORC1 -| exosome release through membership (a rule)."""
    from reasoner.api import load_kb
    from reasoner.check import mechanisms

    m = mechanisms(load_kb())["s95_alcohol_mir_155_harmful_exosome_release"]
    assert {"mir_155 -| mtor", "mtor -> mtorc1", "mtorc1 -| exosome_release"} <= set(m["path"])
    assert "member_mtor_mtorc1" in m["edges"]
    assert m["exosome_release"] == "consistent"


def test_a_users_sources_survive_export_and_import(tmp_path):
    src = tmp_path / "s.json"
    src.write_text(
        json.dumps(
            [
                {
                    "type": "Inhibition",
                    "subj": {"name": "TP53", "db_refs": {"HGNC": "11998"}},
                    "obj": {"name": "ULK1", "db_refs": {"HGNC": "12558"}},
                    "evidence": [
                        {"source_api": "reach", "pmid": "111", "text": "p53 inhibits ULK1 in our cells."}
                    ],
                }
            ]
        )
    )
    first, again = tmp_path / "first.yaml", tmp_path / "again.yaml"
    runner = CliRunner()
    assert runner.invoke(cli, ["import", "indra", str(src), "-o", str(first)]).exit_code == 0
    out = tmp_path / "g.json"
    r = runner.invoke(cli, ["export", "--facts", str(first), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert runner.invoke(cli, ["import", "indra", str(out), "-o", str(again)]).exit_code == 0
    edge = next(g for g in load([again]).edges if g.source == "tp53" and g.target == "ulk1")
    assert edge.sign == "-" and not edge.refs
    assert [(s.pmid, s.text) for s in edge.sources] == [("111", "p53 inhibits ULK1 in our cells.")]

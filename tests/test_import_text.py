"""Red team 2 (issue 26, L6 and L7), through the installed CLI: a NUL byte in a SIF
line made an import file that could not be loaded (now refused at import, one line with
the line number, nothing written); a UTF-8 BOM at the start of a text input was read as
part of the first name or refused as JSON (now stripped, as usual for text imports)."""

from __future__ import annotations

import json

from test_names import reasoner

BOM = "\ufeff"


def test_a_nul_in_a_sif_line_is_refused_naming_the_line(tmp_path):
    (tmp_path / "n.sif").write_bytes(b"TP53 1 becn1\nA\x00B 1 becn1\n")
    done = reasoner("import", "sif", "n.sif", "-o", "n.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "Error: n.sif:2: a NUL character (\\0) in the line; a SIF file is text: source, relation, target"
    ]
    assert not (tmp_path / "n.yaml").exists()


def test_a_bom_before_a_sif_file_is_not_part_of_the_first_name(tmp_path):
    (tmp_path / "b.sif").write_text(BOM + "TP53 1 BECN1\n", encoding="utf-8")
    (tmp_path / "p.sif").write_text("TP53 1 BECN1\n", encoding="utf-8")
    with_bom = reasoner("import", "sif", "b.sif", cwd=tmp_path)
    plain = reasoner("import", "sif", "p.sif", cwd=tmp_path)
    assert with_bom.returncode == 0, with_bom.stderr
    assert "user_" not in with_bom.stdout and "source: tp53" in with_bom.stdout
    assert with_bom.stdout == plain.stdout.replace("p.sif", "b.sif")


def test_a_bom_before_an_indra_file_is_stripped(tmp_path):
    stmts = [{"type": "Activation", "subj": {"name": "TP53"}, "obj": {"name": "BECN1"}}]
    (tmp_path / "i.json").write_text(BOM + json.dumps(stmts), encoding="utf-8")
    done = reasoner("import", "indra", "i.json", "-o", "i.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "source: tp53" in (tmp_path / "i.yaml").read_text(encoding="utf-8")


def test_a_bom_before_json_facts_and_observations_is_stripped(tmp_path):
    facts = {"entities": [{"id": "bom_thing", "kind": "protein", "label": "BOM thing"}]}
    (tmp_path / "f.json").write_text(BOM + json.dumps(facts), encoding="utf-8")
    (tmp_path / "o.json").write_text(
        BOM + json.dumps({"observations": [{"entity": "BECN1", "change": "up"}]}), encoding="utf-8"
    )
    done = reasoner("observe", "--observations", "o.json", "--facts", "f.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "1. Beclin-1 [becn1] up" in done.stdout

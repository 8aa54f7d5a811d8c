"""Red team 2 (issue 26, M4): a name two records share was silently the record whose id
sorts first (a user's `aa_fake` with the alias BECN1 took BECN1's studies and
observations; SIF nodes `EGF`, `egf` and `E.G.F` made `EGF` resolve to user_e_g_f).
An exact spelling of one record's name beats a case- or separator-insensitive match of
another's; a name exactly spelt by two records, or a key two records share, is refused
naming both, in every command that reads names, whatever the ids' order."""

from __future__ import annotations

import pytest

from test_names import reasoner

ALIAS = "entities:\n  - {{id: {id}, kind: protein, label: Fake protein, aliases: [BECN1]}}\n"
SPELT = "entities:\n  - {{id: {id}, kind: protein, label: B.E.C.N.1}}\n"


@pytest.mark.parametrize("rid", ["aa_fake", "zz_fake"])
def test_an_alias_spelt_as_a_bundled_symbol_is_ambiguous_in_studies_and_observe(tmp_path, rid):
    (tmp_path / "al.yaml").write_text(ALIAS.format(id=rid))
    (tmp_path / "ob.yaml").write_text("observations:\n  - {entity: BECN1, change: up}\n")
    why = (
        f"ambiguous entity 'BECN1': it could mean {rid if rid < 'becn1' else 'becn1'}, "
        f"{'becn1' if rid < 'becn1' else rid}; give one of them"
    )
    studies = reasoner("studies", "--entity", "BECN1", "--facts", "al.yaml", cwd=tmp_path)
    assert studies.returncode == 2 and studies.stderr.splitlines() == [f"Error: {why}"]
    observe = reasoner("observe", "--observations", "ob.yaml", "--facts", "al.yaml", cwd=tmp_path)
    assert observe.returncode == 2 and observe.stderr.splitlines() == [f"Error: ob.yaml: {why}"]


@pytest.mark.parametrize("rid", ["aa_fake", "zz_fake"])
def test_an_exact_spelling_beats_a_separator_insensitive_one(tmp_path, rid):
    """A user label `B.E.C.N.1` has the key of BECN1, but BECN1 is spelt exactly as the
    bundled becn1's symbol: becn1 it is, whatever the user's id."""
    (tmp_path / "al.yaml").write_text(SPELT.format(id=rid))
    (tmp_path / "ob.yaml").write_text("observations:\n  - {entity: BECN1, change: up}\n")
    observe = reasoner("observe", "--observations", "ob.yaml", "--facts", "al.yaml", cwd=tmp_path)
    assert observe.returncode == 0, observe.stderr
    assert "1. Beclin-1 [becn1] up" in observe.stdout
    plain = reasoner("studies", "--entity", "BECN1")
    assert (
        reasoner("studies", "--entity", "BECN1", "--facts", "al.yaml", cwd=tmp_path).stdout == plain.stdout
        and plain.stdout.count("\n") > 1
    )


def test_imported_nodes_differing_in_case_resolve_by_exact_spelling(tmp_path):
    (tmp_path / "e.sif").write_text("EGF 1 becn1\negf 1 atg5\nE.G.F 1 tp53\n")
    done = reasoner("import", "sif", "e.sif", "-o", "e.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for typed, rid, label in (
        ("EGF", "user_egf", "EGF"),
        ("egf", "user_egf_2", "egf"),
        ("E.G.F", "user_e_g_f", "E.G.F"),
    ):
        (tmp_path / "ob.yaml").write_text(f"observations:\n  - {{entity: '{typed}', change: up}}\n")
        got = reasoner("observe", "--observations", "ob.yaml", "--facts", "e.yaml", cwd=tmp_path)
        assert got.returncode == 0, got.stderr
        assert f"1. {label} [{rid}] up" in got.stdout
    (tmp_path / "ob.yaml").write_text("observations:\n  - {entity: Egf, change: up}\n")
    got = reasoner("observe", "--observations", "ob.yaml", "--facts", "e.yaml", cwd=tmp_path)
    assert got.returncode == 2 and got.stderr.splitlines() == [
        "Error: ob.yaml: ambiguous entity 'Egf': it could mean user_e_g_f, user_egf, user_egf_2; "
        "give one of them"
    ]


@pytest.mark.parametrize("rid", ["aa_fake", "zz_fake"])
def test_a_curie_two_entities_claim_is_listed_in_an_indra_import(tmp_path, rid):
    """INDRA agents are grounded by db_refs first: a registry id that a user's entity and
    the bundled becn1 both claim as exact was the first by id order; now it is listed."""
    (tmp_path / "cx.yaml").write_text(
        f"entities:\n  - id: {rid}\n    kind: gene\n    label: Fake\n    xrefs:\n"
        "      - {curie: 'HGNC:1034', relation: exact, status: stated, label: BECN1}\n"
    )
    (tmp_path / "cx.json").write_text(
        '[{"type": "Activation", "subj": {"name": "zzz", '
        '"db_refs": {"HGNC": "1034"}}, "obj": {"name": "TP53"}}]'
    )
    done = reasoner("import", "indra", "cx.json", "--facts", "cx.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    pair = ", ".join(sorted([rid, "becn1"]))
    assert f"#   - 'HGNC:1034' names several entities ({pair}); none was chosen" in done.stdout
    assert "edges: []" in done.stdout
    alone = reasoner("import", "indra", "cx.json", cwd=tmp_path)
    assert "source: becn1" in alone.stdout

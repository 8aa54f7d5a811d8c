"""Lint the knowledge base record by record: a failure names the record."""

from pathlib import Path

import pytest

from reasoner.knowledge import kb as K
from reasoner.knowledge.paths import facts_dir
from reasoner.schemas import export

KB = K.load()
REVIEW = K.review()
RECORDS = [(s, K.key_of(s, r), r) for s in K.SECTION_MODELS for r in getattr(KB.kb, s)]
CITED = [(s, k, r) for s, k, r in RECORDS if hasattr(r, "quote")]


@pytest.mark.parametrize("section,key,rec", CITED, ids=[f"{s}:{k}" for s, k, _ in CITED])
def test_quote_is_verbatim(section, key, rec):
    assert rec.quote is not None or rec.provenance == "background"
    if rec.quote is not None:
        assert K.normalise(rec.quote) in REVIEW
    for s in getattr(rec, "stages", []):
        assert s.quote is None or K.normalise(s.quote) in REVIEW
    for q in getattr(rec, "extra_quotes", []):
        assert K.normalise(q.text) in REVIEW


@pytest.mark.parametrize("section,key,rec", RECORDS, ids=[f"{s}:{k}" for s, k, _ in RECORDS])
def test_record_references_resolve(section, key, rec):
    assert K.record_problems(KB, section, rec) == []


def test_counts():
    assert len(KB.references) == 96
    assert [r.n for r in KB.references] == list(range(1, 97))
    rows = sorted(s.table1_row for s in KB.studies if s.table1_row)
    assert rows == list(range(1, 17))
    assert sum(1 for s in KB.studies if s.section.startswith("3")) >= 25
    assert sum(1 for s in KB.studies if s.section.startswith("4")) >= 8
    assert sum(1 for s in KB.studies if s.section == "5" and s.intervention) >= 2


@pytest.mark.parametrize(
    "n,first,word",
    [
        (1, "Pan BT", "transferrin"),
        (47, "Zhang C", "epigallocatechin"),
        (48, "Xu YQ", "miR-30a"),
        (75, "Zhang L", "MiR-20a"),
        (76, "Cursio R", "liver ischemia"),
        (96, "Zhang X-W", "TRIB3"),
    ],
)
def test_reference_numbering(n, first, word):
    ref = KB.get("references", str(n))
    assert ref.first_author == first and word in ref.title


def test_required_disease_ids():
    ids = {d.id for d in KB.diseases}
    for d in [
        "hepatic_IR",
        "myocardial_IR",
        "MI",
        "cerebral_IR",
        "TBI",
        "PD",
        "liver_fibrosis",
        "ALD",
        "ALF",
        "DN",
        "AKI",
        "OA",
        "RD",
        "SCI",
        "COPD",
        "viral_myocarditis",
        "osteosarcoma",
        "breast_cancer",
        "NSCLC",
        "atherosclerosis",
        "tuberculosis",
        "HCV",
    ]:
        assert d in ids
    ir = KB.get("diseases", "hepatic_IR")
    stages = {s.id: s.aliases for s in ir.stages}
    assert set(stages) == {"ischaemia", "reperfusion"}
    assert {"early", "ischemia"} <= set(stages["ischaemia"])


def test_table1_discrepancies_recorded():
    table = [d for d in KB.discrepancies if d.kind == "table_ref_number"]
    assert len(table) == 16


def test_interventions_are_used():
    used = {s.intervention for s in KB.studies}
    assert {i.id for i in KB.interventions} <= used


def test_kb_schema_has_not_drifted():
    assert (facts_dir() / "schema.json").read_text() == export("kb")


@pytest.mark.parametrize("which", ["suggestion", "explanation"])
def test_output_schema_has_not_drifted(which):
    path = Path(__file__).parent.parent / "reasoner" / "schema" / f"{which}.json"
    assert path.read_text() == export(which)


def test_facts_are_canonical_yaml():
    import yaml

    for path in K.bundled_files():
        data = yaml.safe_load(path.read_text())
        assert isinstance(data, dict) and set(data) <= set(K.SECTION_MODELS), path.name

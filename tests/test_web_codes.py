"""facts/clinical_codes.yaml: the table that maps coded FHIR Conditions (the CDS service)
and typed clinical-code CURIEs (the CLI, the web forms) to the review's diseases, through the
one name resolver's index (knowledge.names.CodeLookup)."""

from collections import Counter

import pytest

from reasoner.knowledge import codes
from reasoner.knowledge.names import CODE_SYSTEMS, CodeLookup
from reasoner.knowledge.paths import facts_dir

SNOMED = "http://snomed.info/sct"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
MONDO = "http://purl.obolibrary.org/obo/mondo.owl"


@pytest.fixture(scope="module")
def index(kb):
    return CodeLookup(kb)


def test_schema_has_not_drifted():
    assert (facts_dir() / "clinical_codes.schema.json").read_text() == codes.schema()


def test_every_row_names_a_disease_of_the_knowledge_base_once(kb):
    ids = {d.id for d in kb.diseases}
    rows = codes.load().codes
    assert rows and all(c.disease in ids for c in rows)
    assert not [d for d, n in Counter(c.disease for c in rows).items() if n > 1]
    every = [
        (s, c)
        for row in rows
        for s, cs in (
            ("icd10", row.icd10),
            ("snomed", row.snomed),
            ("mondo", [row.mondo] if row.mondo else []),
            ("narrower", [(n.system, n.code) for n in row.narrower]),
        )
        for c in cs
    ]
    assert not [x for x, n in Counter(every).items() if n > 1]  # a code maps to one disease


def test_the_table_is_not_a_knowledge_base_file():
    from reasoner.knowledge.paths import bundled_files

    assert "clinical_codes.yaml" not in {p.name for p in bundled_files()}


@pytest.mark.parametrize(
    "system,code,disease",
    [
        (SNOMED, "22298006", "MI"),
        (ICD10, "I21", "MI"),
        (ICD10, "I21.4", "MI"),  # a subcode matches its category
        ("http://hl7.org/fhir/sid/icd-10-cm", "I214", "MI"),
        (ICD10, "A17.0", "tuberculosis"),  # MONDO: tuberculosis ICD10CM A15-A19
        (MONDO, "MONDO:0005180", "PD"),
        (None, "MONDO:0005180", "PD"),  # a MONDO CURIE without a system
        (ICD10, "I2", None),  # not a category
        (ICD10, "I22", "MI"),  # subsequent MI: an MI by ICD-10's own definition (issue 26)
        (SNOMED, "38341003", None),  # hypertension: not a disease of the review
        ("http://loinc.org", "22298006", None),  # the right number in the wrong system
    ],
)
def test_lookup(index, system, code, disease):
    assert index.lookup(system, code) == disease


def test_curies_typed_in_the_query_page(index):
    assert index.curie("MONDO:0005068") == "MI"
    assert index.curie("ICD10:C50.9") == "breast_cancer"
    assert index.curie("SNOMED:49049000") == "PD"
    assert index.curie("hepatic_IR") is None
    assert index.curies("MI") == ["MONDO:0005068", "ICD10:I21", "SNOMED:22298006"]


def test_the_cli_and_the_cds_service_map_every_code_through_one_index(kb, index):
    """One index (issue 23, item 4): the CDS service's lookup of a coding and the resolver
    of a typed CURIE (`--disease ICD10:I21.4`) are the same object's, and agree on every
    code and subcode of the table."""
    pytest.importorskip("fastapi")
    from reasoner.knowledge.names import code_lookup, resolve_disease
    from reasoner.server import Reasoner

    served = Reasoner()
    assert served.codes is code_lookup(served.kb)
    prefix = {"icd10": "ICD10", "snomed": "SNOMED"}
    for row in codes.load().codes:
        for system, kind in CODE_SYSTEMS.items():
            for code in (
                [*row.icd10, *(f"{c}.9" for c in row.icd10)]
                if kind == "icd10"
                else row.snomed
                if kind == "snomed"
                else [row.mondo]
                if row.mondo
                else []
            ):
                assert index.lookup(system, code) == row.disease, (system, code)
                curie = code if kind == "mondo" else f"{prefix[kind]}:{code}"
                assert resolve_disease(kb, curie) == row.disease, curie
        for n in row.narrower:
            system = next(u for u, k in CODE_SYSTEMS.items() if k == n.system)
            assert index.lookup(system, n.code) == row.disease, (n.system, n.code)
            assert resolve_disease(kb, f"{prefix[n.system]}:{n.code}") == row.disease
        for curie in index.curies(row.disease):
            assert index.curie(curie) == row.disease


def test_no_second_index_of_the_code_table():
    """Only knowledge/codes.py opens facts/clinical_codes.yaml (paths.py lists it as not a
    knowledge-base file); the web room has no index of its own."""
    from pathlib import Path

    import reasoner

    package = Path(reasoner.__file__).parent
    naming = sorted(
        str(p.relative_to(package))
        for p in package.rglob("*.py")
        if "_data" not in p.parts and '"clinical_codes.yaml"' in p.read_text()
    )
    assert naming == ["knowledge/codes.py", "knowledge/paths.py"]
    assert not (package / "web" / "codes.py").exists()

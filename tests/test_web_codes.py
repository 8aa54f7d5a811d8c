"""facts/clinical_codes.yaml: the table that maps coded FHIR Conditions to the review's diseases."""

from collections import Counter

import pytest

from reasoner.knowledge.paths import facts_dir
from reasoner.web import codes

SNOMED = "http://snomed.info/sct"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
MONDO = "http://purl.obolibrary.org/obo/mondo.owl"


@pytest.fixture(scope="module")
def index(kb):
    return codes.CodeIndex(codes.load(), [d.id for d in kb.diseases])


def test_schema_has_not_drifted():
    assert (facts_dir() / "clinical_codes.schema.json").read_text() == codes.schema()


def test_every_row_names_a_disease_of_the_knowledge_base_once(kb):
    ids = {d.id for d in kb.diseases}
    rows = codes.load().codes
    assert rows and all(c.disease in ids for c in rows)
    assert not [d for d, n in Counter(c.disease for c in rows).items() if n > 1]
    every = [(s, c) for row in rows for s, cs in (("icd10", row.icd10), ("snomed", row.snomed),
                                                  ("mondo", [row.mondo] if row.mondo else []),
                                                  ("narrower", [(n.system, n.code) for n in row.narrower]))
             for c in cs]
    assert not [x for x, n in Counter(every).items() if n > 1]  # a code maps to one disease


def test_the_table_is_not_a_knowledge_base_file():
    from reasoner.knowledge.paths import bundled_files

    assert "clinical_codes.yaml" not in {p.name for p in bundled_files()}


@pytest.mark.parametrize("system,code,disease", [
    (SNOMED, "22298006", "MI"),
    (ICD10, "I21", "MI"),
    (ICD10, "I21.4", "MI"),             # a subcode matches its category
    ("http://hl7.org/fhir/sid/icd-10-cm", "I214", "MI"),
    (ICD10, "A17.0", "tuberculosis"),   # MONDO: tuberculosis ICD10CM A15-A19
    (MONDO, "MONDO:0005180", "PD"),
    (None, "MONDO:0005180", "PD"),      # a MONDO CURIE without a system
    (ICD10, "I2", None),                # not a category
    (ICD10, "I22", "MI"),                # subsequent MI: an MI by ICD-10's own definition (issue 26)
    (SNOMED, "38341003", None),         # hypertension: not a disease of the review
    ("http://loinc.org", "22298006", None),  # the right number in the wrong system
])
def test_lookup(index, system, code, disease):
    assert index.lookup(system, code) == disease


def test_curies_typed_in_the_query_page(index):
    assert index.curie("MONDO:0005068") == "MI"
    assert index.curie("ICD10:C50.9") == "breast_cancer"
    assert index.curie("SNOMED:49049000") == "PD"
    assert index.curie("hepatic_IR") is None
    assert index.curies("MI") == ["MONDO:0005068", "ICD10:I21", "SNOMED:22298006"]


def test_the_resolver_maps_every_code_as_the_table_index(index):
    """The one resolver (knowledge.names.CodeLookup, what --disease ICD10:I21.4 reads) and the
    CDS service's index of the validated table agree on every code and subcode."""
    from reasoner.knowledge.names import CodeLookup
    from reasoner.reasoning.query import load_kb

    lookup = CodeLookup(load_kb())
    for row in codes.load().codes:
        for system in codes.SYSTEMS:
            narrower = [n.code for n in getattr(row, "narrower", [])]
            for code in [row.mondo, *row.icd10, *row.snomed, *narrower,
                         *(f"{c}.9" for c in row.icd10)]:
                assert lookup.lookup(system, code) == index.lookup(system, code), (system, code)
        assert lookup.curies(row.disease) == index.curies(row.disease)
        for curie in lookup.curies(row.disease):
            assert lookup.curie(curie) == index.curie(curie) == row.disease
    assert lookup.lookup(None, "MONDO:0005068") == index.lookup(None, "MONDO:0005068")

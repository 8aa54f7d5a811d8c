"""`reasoner serve` over HTTP: a real server process on 127.0.0.1 (started, awaited, always stopped)."""

import json
import re
import sqlite3
from urllib.parse import urlsplit

import pytest

from _webserver import request, running_server

pytest.importorskip("fastapi")
pytest.importorskip("fhir.resources")

NOTICE = "Research use only"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    with running_server(tmp) as base:
        yield base, tmp


@pytest.fixture(scope="module")
def base(server):
    return server[0]


def get(base, path):
    return request(base, path)


def cli_json(run, *args):
    res = run(*args, "--format", "json")
    assert res.exit_code == 0, res.output
    return res.output.encode("utf-8")


def contexts():
    from reasoner.api import load_kb

    return [(d.id, s) for d in load_kb().diseases for s in [None] + [s.id for s in d.stages]]


# ---------------------------------------------------------------- the JSON API is the CLI's JSON


def test_suggest_json_is_the_cli_json_for_every_bundled_context(base, run):
    ctxs = contexts()
    assert len(ctxs) >= 26
    for disease, stage in ctxs:
        args = ["--disease", disease] + (["--stage", stage] if stage else [])
        path = f"/api/suggest?disease={disease}" + (f"&stage={stage}" if stage else "")
        status, headers, body = get(base, path)
        assert status == 200 and headers["content-type"] == "application/json"
        assert body == cli_json(run, "suggest", *args), (disease, stage)


def test_listing_commands_json_is_the_cli_json(base, run):
    assert get(base, "/api/diseases")[2] == cli_json(run, "diseases")
    assert get(base, "/api/studies")[2] == cli_json(run, "studies")
    assert get(base, "/api/studies?disease=hepatic%20I/R")[2] == cli_json(
        run, "studies", "--disease", "hepatic I/R"
    )
    assert get(base, "/api/refs?n=75&n=76")[2] == cli_json(run, "refs", "75", "76")
    assert get(base, "/api/refs")[2] == cli_json(run, "refs")
    assert get(base, "/api/audit")[2] == cli_json(run, "audit")
    res = run("check", "--format", "json")
    assert res.exit_code == 0
    assert get(base, "/api/check")[2] == res.output.encode()
    args = ["ucmsc_exos_mir_20a", "--disease", "hepatic_IR", "--stage", "ischaemia"]
    assert get(base, "/api/explain?intervention=ucmsc_exos_mir_20a&disease=hepatic_IR&stage=ischaemia")[
        2
    ] == cli_json(run, "explain", *args)
    assert get(base, "/api/suggest?disease=PD&autophagy_state=insufficient&no_trees=true")[2] == cli_json(
        run, "suggest", "--disease", "PD", "--autophagy-state", "insufficient", "--no-trees"
    )


@pytest.mark.parametrize(
    "path,args",
    [
        ("/api/suggest?disease=hepatc_IR", ["suggest", "--disease", "hepatc_IR"]),
        ("/api/suggest?disease=PD&stage=early", ["suggest", "--disease", "PD", "--stage", "early"]),
        (
            "/api/suggest?disease=MI&autophagy_state=lots",
            ["suggest", "--disease", "MI", "--autophagy-state", "lots"],
        ),
        ("/api/explain?intervention=nothing&disease=MI", ["explain", "nothing", "--disease", "MI"]),
        ("/api/refs?n=97", ["refs", "97"]),
        ("/api/studies?disease=xyz", ["studies", "--disease", "xyz"]),
    ],
)
def test_a_wrong_query_gets_400_and_the_cli_one_line_message(base, run, path, args):
    res = run(*args)
    assert res.exit_code == 2
    message = res.output.strip().removeprefix("Error: ")
    status, headers, body = get(base, path)
    assert status == 400
    got = json.loads(body)
    # the words are the CLI's line; the code is the catalogue key they come from (README)
    assert got == {"error": message, "code": got["code"]} and got["code"].startswith("value.")
    assert "\n" not in message and "Traceback" not in body.decode()


def test_a_wrong_query_on_a_page_gets_400_with_the_message_escaped(base):
    status, headers, body = get(base, "/answer?disease=%3Cscript%3Ealert(1)%3C/script%3E")
    html = body.decode()
    assert status == 400
    assert "unknown disease &#39;&lt;script&gt;alert(1)&lt;/script&gt;&#39;" in html
    assert "<script>alert" not in html
    status, _, body = get(base, "/api/suggest")  # missing parameter: 400, one line
    assert status == 400 and json.loads(body) == {
        "error": "Field required: disease",
        "code": "web.bad_request",
    }


def test_pages_send_a_csp_and_have_no_inline_script_or_handler(base):
    for path in [
        "/",
        "/answer?disease=hepatic_IR&stage=reperfusion",
        "/review?ref=75",
        "/browse?tab=entities",
        "/compare?disease=MI",
        "/api",
        "/explain?intervention=ucmsc_exos_mir_20a&disease=hepatic_IR",
    ]:
        status, headers, body = get(base, path)
        html = body.decode()
        assert status == 200, path
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "unsafe-inline" not in headers["content-security-policy"]
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
        for attrs, _content in scripts:
            assert 'src="/static/app.js"' in attrs or 'type="application/json"' in attrs, path
        assert not re.search(r"<[^>]+\son[a-z]+=", html), path
        assert "<style" not in html and " style=" not in html, path
        assert NOTICE in html


def test_a_foreign_host_header_is_refused(base):
    status, _, body = request(base, "/api/diseases", headers={"host": "evil.example"})
    assert status == 400
    assert get(base, "/api/diseases")[0] == 200


def test_request_size_limits(base):
    status, _, body = get(base, "/api/suggest?disease=" + "x" * 5000)
    assert status == 414
    import http.client
    from urllib.parse import urlsplit

    # a declared length over the limit is refused before the body is read
    conn = http.client.HTTPConnection("127.0.0.1", urlsplit(base).port, timeout=60)
    conn.putrequest("POST", "/cds-services/reasoner-autophagy")
    conn.putheader("content-type", "application/json")
    conn.putheader("content-length", "1100000")
    conn.endheaders()
    resp = conn.getresponse()
    assert resp.status == 413
    assert json.loads(resp.read()) == {
        "error": "request body larger than 1000000 bytes",
        "code": "web.body_too_large",
    }
    conn.close()


def test_a_chunked_body_over_the_limit_gets_413(base):
    import http.client
    from urllib.parse import urlsplit

    conn = http.client.HTTPConnection("127.0.0.1", urlsplit(base).port, timeout=60)
    chunks = (b"x" * 65536 for _ in range(20))  # 1.3 MB, no content-length
    conn.request(
        "POST",
        "/cds-services/reasoner-autophagy",
        body=chunks,
        encode_chunked=True,
        headers={"content-type": "application/json"},
    )
    resp = conn.getresponse()
    assert resp.status == 413
    assert json.loads(resp.read()) == {
        "error": "request body larger than 1000000 bytes",
        "code": "web.body_too_large",
    }
    conn.close()
    assert get(base, "/healthz")[0] == 200  # the server goes on


def test_the_answer_page_is_reproduced_by_its_url(base, run):
    status, _, body = get(base, "/answer?disease=hepatic%20I/R&stage=reperfusion")
    html = body.decode()
    assert status == 200
    answer = json.loads(cli_json(run, "suggest", "--disease", "hepatic_IR", "--stage", "reperfusion"))
    for c in answer["candidates"]:
        assert f'id="cand-{c["id"]}"' in html
    for n in answer["not_recommended"]:
        assert f'id="avoid-{n["id"]}"' in html
    # the stage picker offers only the stages of this disease
    assert re.search(r'<option value="reperfusion" data-disease="hepatic_IR"[^>]* selected', html)
    assert re.search(r'<option value="reperfusion" data-disease="MI" disabled', html)
    # an unstaged disease: the stage picker is disabled
    html = get(base, "/answer?disease=PD")[2].decode()
    assert '<select id="stage" name="stage" disabled>' in html


def test_the_review_reader_finds_every_quoted_record(base):
    status, _, body = get(base, "/review?s=1")
    assert status == 200
    from reasoner.api import load_kb
    from reasoner.knowledge.paths import review_text
    from reasoner.web import review as rv

    kb = load_kb()
    text = rv.parse(review_text().read_text(encoding="utf-8"))
    rv.attach(
        text,
        [
            (sec, dict(x))
            for sec in ("diseases", "roles", "edges", "reconciliations", "studies")
            for x in kb.records(sec)
        ],
    )
    assert text.unmatched == []
    # a quote leads to its sentence, which lists the records quoting it
    study = kb.get("studies", "s75_ucmsc_mir_20a_hepatic_ir")
    from urllib.parse import quote

    status, headers, _ = request(base, "/review?quote=" + quote(study.quote))
    assert status == 200  # redirect followed
    sentence = text.spans(study.quote)[0]
    html = get(base, f"/review?s={sentence.id}")[2].decode()
    assert f'id="s-{sentence.id}" class="sent mark' in html
    assert "studies:s75_ucmsc_mir_20a_hepatic_ir" in html


def test_the_knowledge_browser_filters(base):
    html = get(base, "/browse?tab=studies&ref=75")[2].decode()
    rows = re.findall(r'<tr data-search="[^"]*"><td data-label="id"><code>([^<]+)</code>', html)
    assert rows == ["s75_ucmsc_mir_20a_hepatic_ir"]
    html = get(base, "/browse?tab=studies&effect=induce&disease=hepatic_IR")[2].decode()
    rows = re.findall(r'<tr data-search="[^"]*"><td data-label="id"><code>([^<]+)</code>', html)
    assert rows and "s75_ucmsc_mir_20a_hepatic_ir" not in rows
    # rows link to the answers that use them, also where a study is extrapolated (the CLI's
    # answer for MI at reperfusion cites s48 of myocardial I/R as support)
    answer = json.loads(get(base, "/api/suggest?disease=MI&stage=reperfusion")[2])
    assert "s48_exosomal_mir_30a_miri" in {s["study"] for c in answer["candidates"] for s in c["support"]}
    html = get(base, "/browse?tab=studies&q=s48_exosomal_mir_30a_miri")[2].decode()
    links = re.findall(r'<td class="links" data-label="links">(.*?)</td>', html)
    assert len(links) == 1 and '/answer?disease=MI&amp;stage=reperfusion"' in links[0]
    status, _, body = get(base, "/browse?tab=nothing")
    assert status == 400 and "unknown knowledge-browser tab" in body.decode()


# ---------------------------------------------------------------- CDS Hooks

SERVICE = "/cds-services/reasoner-autophagy"


def condition(cid, system, code, stage=None, state=None):
    res = {
        "resourceType": "Condition",
        "id": cid,
        "subject": {"reference": "Patient/1288992"},
        "code": {"coding": [{"system": system, "code": code}]},
    }
    if stage:
        res["stage"] = [{"summary": {"coding": [{"system": "urn:reasoner:fhir:stage", "code": stage}]}}]
    if state:
        res["extension"] = [{"url": "urn:reasoner:fhir:autophagy-state", "valueCode": state}]
    return res


def hook_request(*conditions, where="prefetch"):
    """Shaped like the specification's patient-view example request."""
    body = {
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "fhirServer": "http://localhost/fhir",
        "hook": "patient-view",
        "context": {"userId": "Practitioner/example", "patientId": "1288992"},
    }
    bundle = {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": c} for c in conditions]}
    if where == "prefetch":
        body["prefetch"] = {"conditions": bundle}
    else:
        body["context"]["conditions"] = bundle
    return body


def check_card(card):
    """The specification's required fields and vocabularies."""
    assert isinstance(card["summary"], str) and 0 < len(card["summary"]) < 140
    assert card["indicator"] in ("info", "warning", "critical")
    assert isinstance(card["source"]["label"], str) and card["source"]["label"]
    assert NOTICE in card["detail"]
    for link in card.get("links", []):
        assert {"label", "url", "type"} <= link.keys() and link["type"] in ("absolute", "smart")
    if "suggestions" in card:
        assert card["selectionBehavior"] in ("at-most-one", "any")
        for s in card["suggestions"]:
            assert s["label"] and s["uuid"]
    for reason in card.get("overrideReasons", []):
        assert reason["display"] and reason["code"]
    assert all(v not in (None, "", [], {}) for v in card.values())  # no null or empty attributes


def test_discovery(base):
    status, _, body = get(base, "/cds-services")
    services = json.loads(body)["services"]
    assert status == 200 and len(services) == 1
    s = services[0]
    assert {"hook", "id", "description", "prefetch"} <= s.keys()
    assert s["hook"] == "patient-view" and s["id"] == "reasoner-autophagy"
    assert s["prefetch"] == {"conditions": "Condition?patient={{context.patientId}}"}


def test_a_coded_condition_gets_a_card_whose_suggestions_are_the_candidates(base, run):
    body = hook_request(condition("c1", "http://snomed.info/sct", "22298006", stage="reperfusion"))
    status, _, out = request(base, SERVICE, body=body, method="POST")
    assert status == 200
    cards = json.loads(out)["cards"]
    assert len(cards) == 1
    card = cards[0]
    check_card(card)
    answer = json.loads(cli_json(run, "suggest", "--disease", "MI", "--stage", "reperfusion"))
    labels = [s["label"] for s in card["suggestions"]]
    assert len(labels) == len(answer["candidates"]) >= 1
    for label, c in zip(labels, answer["candidates"]):
        assert c["label"] in label
    assert card["links"][0]["url"].endswith("/answer?disease=MI&stage=reperfusion")
    link = urlsplit(card["links"][0]["url"])
    assert link.hostname == "127.0.0.1"
    assert get(base, f"{link.path}?{link.query}")[0] == 200


@pytest.mark.parametrize(
    "system,code,disease",
    [
        ("http://hl7.org/fhir/sid/icd-10", "I21.4", "MI"),  # a subcode of I21
        ("http://hl7.org/fhir/sid/icd-10-cm", "C50.911", "breast_cancer"),
        ("http://purl.obolibrary.org/obo/mondo.owl", "MONDO:0005180", "PD"),
        ("http://snomed.info/sct", "49049000", "PD"),
    ],
)
def test_icd10_snomed_and_mondo_codes_map_to_diseases(base, system, code, disease):
    body = hook_request(condition("c1", system, code), where="context")
    cards = json.loads(request(base, SERVICE, body=body, method="POST")[2])["cards"]
    assert len(cards) == 1
    check_card(cards[0])
    assert f"/answer?disease={disease}" in cards[0]["links"][0]["url"]


def test_stage_and_state_from_the_query_and_the_extension(base):
    body = hook_request(condition("c1", "http://snomed.info/sct", "22298006", state="excessive"))
    url = json.loads(request(base, SERVICE + "?stage=ischaemia", body=body, method="POST")[2])["cards"][0][
        "links"
    ][0]["url"]
    assert url.endswith("/answer?disease=MI&stage=ischaemia&autophagy_state=excessive")


def test_an_unmapped_condition_gets_an_informational_card(base):
    body = hook_request(condition("c1", "http://snomed.info/sct", "38341003"))  # hypertension
    cards = json.loads(request(base, SERVICE, body=body, method="POST")[2])["cards"]
    assert len(cards) == 1 and "No disease of the review" in cards[0]["summary"]
    check_card(cards[0])
    assert "suggestions" not in cards[0]


@pytest.mark.parametrize(
    "body,message",
    [
        ({"hook": "patient-view"}, "a hook request needs the strings hookInstance and hook"),
        ({"hookInstance": "x", "hook": "order-sign"}, "unknown hook 'order-sign'; valid: patient-view"),
        (
            {"hookInstance": "x", "hook": "patient-view", "prefetch": {"conditions": "Condition/1"}},
            "prefetch 'conditions' is not a FHIR resource",
        ),
        (
            {"hookInstance": "x", "hook": "patient-view", "prefetch": {"conditions": [{"code": "I21"}]}},
            "prefetch 'conditions' is not a FHIR resource",
        ),
    ],
)
def test_a_bad_hook_request_gets_400_and_one_line(base, body, message):
    # a bad Condition (invalid resource, unknown stage) is an info card since issue 26:
    # tests/test_cds_codes.py
    status, _, out = request(base, SERVICE, body=body, method="POST")
    assert status == 400
    error = json.loads(out)["error"]
    assert error.startswith(message) and "\n" not in error


def test_feedback_is_stored_with_the_override_reason(server):
    base, tmp = server
    body = hook_request(condition("c9", "http://snomed.info/sct", "49049000"))
    card = json.loads(request(base, SERVICE, body=body, method="POST")[2])["cards"][0]
    reasons = {r["code"]: r["display"] for r in card["overrideReasons"]}
    assert "preclinical" in reasons
    accepted = {
        "feedback": [
            {
                "card": card["uuid"],
                "outcome": "accepted",
                "acceptedSuggestions": [{"id": card["suggestions"][0]["uuid"]}],
                "outcomeTimestamp": "2020-12-11T00:00:00Z",
            }
        ]
    }
    assert request(base, SERVICE + "/feedback", body=accepted, method="POST")[0] == 200
    code = sorted(reasons)[0]
    overridden = {
        "feedback": [
            {
                "card": card["uuid"],
                "outcome": "overridden",
                "overrideReason": {
                    "reason": {"code": code, "system": "urn:reasoner:fhir:override-reason"},
                    "userComment": "not for this patient",
                },
                "outcomeTimestamp": "2020-12-11T00:00:00Z",
            }
        ]
    }
    assert request(base, SERVICE + "/feedback", body=overridden, method="POST")[0] == 200
    with sqlite3.connect(tmp / "feedback.sqlite") as db:
        rows = db.execute(
            "SELECT card, outcome, accepted_suggestions, override_code, "
            "override_display, user_comment FROM feedback ORDER BY id"
        ).fetchall()
    assert rows[-2:] == [
        (card["uuid"], "accepted", json.dumps([card["suggestions"][0]["uuid"]]), None, None, None),
        (card["uuid"], "overridden", "[]", code, reasons[code], "not for this patient"),
    ]
    bad = {"feedback": [{"card": "nope", "outcome": "accepted", "outcomeTimestamp": "x"}]}
    status, _, out = request(base, SERVICE + "/feedback", body=bad, method="POST")
    assert status == 400 and json.loads(out) == {
        "error": "feedback[0]: unknown card 'nope'",
        "code": "feedback.unknown_card",
    }
    overridden["feedback"][0]["overrideReason"]["reason"]["code"] = "whim"
    status, _, out = request(base, SERVICE + "/feedback", body=overridden, method="POST")
    assert status == 400 and json.loads(out)["error"].startswith(
        "feedback[0]: unknown override reason 'whim'; valid: "
    )


@pytest.mark.parametrize(
    "fields, message",
    [
        (
            {"outcome": "overridden", "overrideReason": "whim"},
            "feedback[0]: overrideReason must be an object with a coding 'reason' and a string 'userComment'",
        ),
        (
            {"outcome": "overridden", "overrideReason": {"reason": "whim"}},
            "feedback[0]: overrideReason must be an object with a coding 'reason' and a string 'userComment'",
        ),
        (
            {"outcome": "overridden", "overrideReason": {"userComment": ["a", "b"]}},
            "feedback[0]: overrideReason must be an object with a coding 'reason' and a string 'userComment'",
        ),
        (
            {"outcome": "overridden", "overrideReason": {"reason": {"code": {"a": 1}}}},
            "feedback[0]: unknown override reason {'a': 1}; valid: ",
        ),
        (
            {"outcome": "accepted", "acceptedSuggestions": 5},
            "feedback[0]: acceptedSuggestions must be an array of objects with an id",
        ),
        (
            {"outcome": "accepted", "acceptedSuggestions": ["x"]},
            "feedback[0]: acceptedSuggestions must be an array of objects with an id",
        ),
    ],
)
def test_malformed_feedback_gets_400_and_one_line_not_500(server, fields, message):
    base, tmp = server
    body = hook_request(condition("c9", "http://snomed.info/sct", "49049000"))
    card = json.loads(request(base, SERVICE, body=body, method="POST")[2])["cards"][0]
    fb = {"feedback": [{"card": card["uuid"], "outcomeTimestamp": "2020-12-11T00:00:00Z", **fields}]}
    status, _, out = request(base, SERVICE + "/feedback", body=fb, method="POST")
    assert status == 400
    error = json.loads(out)["error"]
    assert error.startswith(message) and "\n" not in error


def test_openapi_lists_the_api_and_the_hooks(base):
    spec = json.loads(get(base, "/openapi.json")[2])
    for path in [
        "/api/suggest",
        "/api/explain",
        "/api/diseases",
        "/api/studies",
        "/api/refs",
        "/api/audit",
        "/api/check",
        "/cds-services",
        "/cds-services/{service_id}",
        "/cds-services/{service_id}/feedback",
    ]:
        assert path in spec["paths"], path
    schema = spec["paths"]["/api/suggest"]["get"]["responses"]["200"]["content"]["application/json"]
    assert schema["schema"]["$ref"].endswith("/Suggestion")


# ---------------------------------------------------------------- the command's bad input


@pytest.mark.parametrize(
    "args,message",
    [
        (["--port", "http"], "Error: unknown port 'http'; valid: 0-65535"),
        (["--port", "70000"], "Error: unknown port '70000'; valid: 0-65535"),
        (["--facts", "missing.yaml"], None),
    ],
)
def test_serve_bad_input_is_one_line_exit_2(run, tmp_path, args, message):
    res = run("serve", "--port", "0", "--feedback-db", tmp_path / "f.sqlite", *args)
    assert res.exit_code == 2
    lines = res.output.strip().splitlines()
    assert len(lines) == 1
    if message:
        assert lines[0] == message
    else:
        assert lines[0].startswith("Error: ") and "missing.yaml" in lines[0]


def test_serve_refuses_a_port_in_use_and_a_directory_as_feedback_file(run, tmp_path):
    import socket

    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        res = run("serve", "--port", port, "--feedback-db", tmp_path / "f.sqlite")
    assert res.exit_code == 2
    assert len(res.output.strip().splitlines()) == 1
    assert res.output.startswith(f"Error: cannot listen on 127.0.0.1:{port} (")
    res = run("serve", "--feedback-db", tmp_path)
    assert res.exit_code == 2
    assert res.output.strip() == f"Error: {tmp_path} is a directory; give a file name for --feedback-db"


# ---------------------------------------------------------------- user facts from the command line

EVIL = """interventions:
- id: evil_exos
  label: "<script>alert(1)</script> [click](http://evil.example)"
  kind: msc_exosome
  refs: [75]
studies:
- id: evil_study
  refs: [75]
  quote: Exosomal miR-20 derived from UCMSCs reduced liver I/R injury by inhibiting Beclin-1-mediated autophagy.
  section: '3.3'
  disease: hepatic_IR
  condition: x
  intervention: evil_exos
  autophagy_effect: inhibit
  outcome: beneficial
  evidence: in_vivo
"""


def test_user_facts_are_answered_escaped_and_equal_to_the_cli(run, tmp_path):
    facts = tmp_path / "evil.yaml"
    facts.write_text(EVIL)
    with running_server(tmp_path, "--facts", str(facts)) as base:
        path = "/api/suggest?disease=hepatic_IR&stage=reperfusion"
        body = get(base, path)[2]
        assert body == cli_json(
            run, "suggest", "--disease", "hepatic_IR", "--stage", "reperfusion", "--facts", facts
        )
        assert "evil_exos" in {c["id"] for c in json.loads(body)["candidates"]}
        html = get(base, "/answer?disease=hepatic_IR&stage=reperfusion")[2].decode()
        assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "Extra facts: evil.yaml." in html
        hook = hook_request(condition("c1", "http://hl7.org/fhir/sid/icd-10", "I21"))
        hook["prefetch"]["conditions"]["entry"][0]["resource"]["code"]["coding"] = [
            {"system": "urn:none", "code": "x"}
        ]
        hook["context"]["conditions"] = condition("c2", "http://snomed.info/sct", "22298006")
        cards = json.loads(request(base, SERVICE, body=hook, method="POST")[2])["cards"]
        # the mapped Condition's card, and one naming the coding that maps to no disease
        assert [c["summary"].split(" ")[0] for c in cards] == ["myocardial", "No"]
        assert "urn:none\\|x" in cards[1]["detail"]  # Markdown-escaped
    # the card's Markdown detail escapes knowledge-base text (hepatic I/R has no clinical code,
    # so the card is built in-process from the same answer)
    from reasoner.api import suggest
    from reasoner.web import cds

    answer = suggest("hepatic_IR", "reperfusion", facts=[facts])
    card = cds.card(
        answer, cds.Found("c1", "hepatic_IR", "reperfusion", None, "x|y"), "h", "http://127.0.0.1/answer"
    )
    assert "[click](http" not in card["detail"] and "\\[click\\]\\(http" in card["detail"]
    assert "\\<script\\>" in card["detail"]

"""Issue 26, item 11 (red team round three, M2): `plan` and the served CDS card mark where a
user's --facts file acts, as `suggest` does.

The case is that of tests/test_user_marks.py: a user's edge miR-301 -| autophagy gives study
s63 (MI, reperfusion [63]: MSC exosomal miR-301 protects the infarcted heart by inhibiting
autophagy), which has no path in the review, a mechanism; its candidate bmsc_exos_mir_301
moves up the reperfusion stage (plan: 3rd to 1st of the alternatives; card: 4th to 2nd).
Items the file does not touch stay unmarked, and answers without --facts are unchanged.
"""

import json

import pytest

from _asgi import get
from test_user_marks import MIR301
from test_user_trees import run

PLAN = ["plan", "--disease", "MI"]
ITEM = "bmsc_exos_mir_301"


@pytest.fixture(scope="module")
def facts(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("plan_marks")
    (tmp / "m301.yaml").write_text(MIR301, encoding="utf-8")
    return tmp


def reperfusion(plan):
    return next(s for s in plan["stages"] if s["stage"] == "reperfusion")


def test_plan_json_names_the_file_on_the_item_it_moved(facts):
    before = reperfusion(json.loads(run(*PLAN, "--format", "json", cwd=facts)))
    after = reperfusion(json.loads(run(*PLAN, "--facts", "m301.yaml", "--format", "json", cwd=facts)))
    assert after["alternatives"][0] == ITEM and before["alternatives"].index(ITEM) > 0
    assert after["user_files"] == {ITEM: ["m301.yaml"]}  # the only item the edge acts on
    assert "user_files" not in before
    plan = json.loads(run(*PLAN, "--facts", "m301.yaml", "--format", "json", cwd=facts))
    assert all("user_files" not in s for s in plan["stages"] if s["stage"] != "reperfusion")


def test_plan_text_md_and_html_carry_the_header_and_the_mark(facts):
    text = run(*PLAN, "--facts", "m301.yaml", cwd=facts)
    assert "\nYour facts file: m301.yaml (sha256 " in text
    line = next(x for x in text.splitlines() if x.strip().startswith("alternatives:") and ITEM in x)
    assert f"{ITEM} [YOUR FACTS: m301.yaml], " in line and line.count("YOUR FACTS") == 1
    md = run(*PLAN, "--facts", "m301.yaml", "--format", "md", cwd=facts)
    assert "Your facts file: m301.yaml (sha256 " in md
    assert "bmsc\\_exos\\_mir\\_301 **\\[your facts: m301.yaml\\]**, " in md
    html = run(*PLAN, "--facts", "m301.yaml", "--format", "html", cwd=facts)
    assert "<p>Your facts file: m301.yaml (sha256 " in html
    assert f'{ITEM} <span class="user" ' in html and ">your facts: m301.yaml</span>, " in html
    for fmt in ("text", "md", "html"):  # without the file: no header, no mark
        assert "your facts" not in run(*PLAN, "--format", fmt, cwd=facts).lower()


TP53 = """edges:
- id: my_tp53_inhibits_autophagy
  source: tp53
  target: autophagy
  sign: '-'
  sources:
  - {pmid: '12345', text: TP53 lowers autophagy in my cells.}
  quote: TP53 lowers autophagy in my cells.
  section: user
"""


def test_plan_marks_an_item_whose_score_the_file_moved_without_a_path(facts):
    # the review's path for miR-125b-5p [60]: miR-125b -| p53 -> BNIP3 -> autophagy (consistent
    # with its inhibiting autophagy). A user's edge p53 -| autophagy makes it ambiguous: the
    # mechanism part goes (score 16 -> 14, 2nd -> 5th of the alternatives) while the path shown
    # stays the review's, so only the comparison with the bundled answer can name the file.
    (facts / "tp53.yaml").write_text(TP53, encoding="utf-8")
    before = reperfusion(json.loads(run(*PLAN, "--format", "json", cwd=facts)))
    after = reperfusion(json.loads(run(*PLAN, "--facts", "tp53.yaml", "--format", "json", cwd=facts)))
    item = "msc_exos_mir_125b_5p"
    assert after["alternatives"].index(item) > before["alternatives"].index(item)
    assert after["user_files"] == {item: ["tp53.yaml"]}
    text = run(*PLAN, "--facts", "tp53.yaml", cwd=facts)
    assert f"{item} [YOUR FACTS: tp53.yaml], " in text


HOOK = {
    "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
    "hook": "patient-view",
    "context": {"userId": "Practitioner/example", "patientId": "1"},
    "prefetch": {
        "conditions": {
            "resourceType": "Bundle",
            "type": "searchset",
            "entry": [
                {
                    "resource": {
                        "resourceType": "Condition",
                        "id": "c1",
                        "subject": {"reference": "Patient/1"},
                        "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10", "code": "I21.4"}]},
                        "stage": [{"summary": {"text": "reperfusion"}}],
                    }
                }
            ],
        }
    },
}


def served_card(facts=()):
    pytest.importorskip("fastapi")
    pytest.importorskip("fhir.resources")
    from reasoner.server import create_app

    status, _, out = get(
        create_app(facts=facts),
        "/cds-services/reasoner-autophagy",
        method="POST",
        body=json.dumps(HOOK).encode(),
        headers=(("content-type", "application/json"),),
    )
    assert status == 200, out
    (card,) = json.loads(out)["cards"]
    return card["detail"]


def test_the_served_cds_card_names_the_file_and_the_score_part_it_moved(facts):
    plain, mine = served_card(), served_card([str(facts / "m301.yaml")])
    assert "your facts" not in plain.lower()
    assert "Your facts file: m301.yaml \\(sha256 " in mine
    lines = [x for x in mine.splitlines() if "m301.yaml" in x and not x.startswith("Your facts file")]
    assert len(lines) == 1 and lines[0].startswith("- 2. BMSC-derived exosomes carrying miR-301")
    assert lines[0].endswith(
        " Rests on your facts: m301.yaml. Your facts \\(m301.yaml\\) changed "
        "the mechanism path part of the score to 1 \\(0 without them\\)."
    )
    assert "- 4. BMSC-derived exosomes carrying miR-301" in plain

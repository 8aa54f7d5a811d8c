"""Issue 26, item 11 (part): a user's edge on a mechanism path is marked in every format of
`suggest`, never replaces the review's path, and a duplicate of a bundled edge is reported.

- An imported INDRA statement TP53 -> autophagy used to give study s60's mechanism (MI,
  reperfusion) the path miR-125b-5p -| p53 -> autophagy instead of the review's
  p53 -> Bnip3 (which `explain`'s tree shows): the review's path is kept.
- A user's edge miR-301 -| autophagy gives study s63, which had no path, one: the step,
  and the mechanism part of the score it raises, name the user's file in JSON, text,
  Markdown and the HTML diagram.
"""

import json
import subprocess

import pytest

from test_piped_inputs import cli

STMT = [
    {
        "type": "Activation",
        "subj": {"name": "TP53", "db_refs": {"HGNC": "11998"}},
        "obj": {"name": "autophagy", "db_refs": {"GO": "GO:0006914"}},
        "evidence": [{"source_api": "reach", "pmid": "12345", "text": "p53 induces autophagy."}],
    }
]


def run(*args, cwd):
    done = subprocess.run([*cli(), *map(str, args)], capture_output=True, timeout=120, cwd=cwd)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode("utf-8")


MIR301 = """edges:
- id: my_mir_301_inhibits_autophagy
  source: mir_301
  target: autophagy
  sign: '-'
  sources:
  - {pmid: '12345', text: miR-301 lowers autophagy in my cells.}
  quote: miR-301 lowers autophagy in my cells.
  section: user
"""


@pytest.fixture(scope="module")
def facts(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("marks")
    (tmp / "tp53.json").write_text(json.dumps(STMT), encoding="utf-8")
    run("import", "indra", "tp53.json", "-o", "tp53.yaml", cwd=tmp)
    (tmp / "m301.yaml").write_text(MIR301, encoding="utf-8")
    return tmp


ASK = ["suggest", "--disease", "MI", "--stage", "reperfusion", "--facts", "m301.yaml"]


def steps_of(data, study):
    return [p for c in data["candidates"] for m in c["mechanism"] if m["study"] == study for p in m["path"]]


def test_a_users_edge_never_replaces_the_reviews_path(facts):
    args = ["suggest", "--disease", "MI", "--stage", "reperfusion", "--format", "json"]
    plain = steps_of(json.loads(run(*args, cwd=facts)), "s60_msc_mir_125b_5p_mi")
    mine = steps_of(json.loads(run(*args, "--facts", "tp53.yaml", cwd=facts)), "s60_msc_mir_125b_5p_mi")
    assert plain and mine == plain and all(p["user_file"] is None for p in mine)
    tree = run(
        "explain",
        "msc_exos_mir_125b_5p",
        "--disease",
        "MI",
        "--stage",
        "reperfusion",
        "--facts",
        "tp53.yaml",
        cwd=facts,
    )
    assert "(edge p53_activates_bnip3)" in tree  # explain and suggest name the same path
    assert any(p["edge"] == "p53_activates_bnip3" for p in mine)


def test_json_path_step_names_the_users_file(facts):
    data = json.loads(run(*ASK, "--format", "json", cwd=facts))
    assert [(p["edge"], p["user_file"]) for p in steps_of(data, "s63_bmsc_mir_301_mi")] == [
        ("my_mir_301_inhibits_autophagy", "m301.yaml")
    ]


def test_text_markdown_and_html_mark_the_step_and_the_score_part(facts):
    text = run(*ASK, cwd=facts)
    assert "pathway of s63_bmsc_mir_301_mi: miR-301 -| autophagy [YOUR FACTS: m301.yaml]" in text
    assert "mechanism path 1x2 [YOUR FACTS: m301.yaml; 0 without them]" in text
    md = run(*ASK, "--format", "md", cwd=facts)
    assert "miR-301 ⊣ autophagy  **\\[your facts: m301.yaml\\]**" in md
    run(
        "report",
        "--disease",
        "MI",
        "--stage",
        "reperfusion",
        "--facts",
        "m301.yaml",
        "-o",
        "r.html",
        cwd=facts,
    )
    html = (facts / "r.html").read_text(encoding="utf-8")
    assert "(your facts: m301.yaml, not the review)</title>" in html
    assert 'class="user">your facts</text>' in html


def test_without_user_edges_no_step_is_marked(facts):
    text = run("suggest", "--disease", "MI", "--stage", "reperfusion", cwd=facts)
    assert "YOUR FACTS" not in text and "pathway of" not in text


def test_an_exact_duplicate_of_a_bundled_edge_is_reported(facts):
    dup = [
        {
            "type": "Inhibition",
            "subj": {"name": "MIR155", "db_refs": {"MIRBASE": "MI0000681"}},
            "obj": {"name": "mTOR", "db_refs": {"HGNC": "3942"}},
            "evidence": [{"source_api": "reach", "pmid": "1", "text": "miR-155 inhibits mTOR."}],
        }
    ]
    (facts / "dup.json").write_text(json.dumps(dup), encoding="utf-8")
    out = run("import", "indra", "dup.json", cwd=facts)
    assert "duplicates the bundled edge mir_155_inhibits_mtor" in out


STAT3 = """edges:
- id: my_stat3_activates_becn1
  source: stat3
  target: becn1
  sign: '+'
  sources:
  - {pmid: '12345', text: STAT3 raises Beclin-1 in my cells.}
  quote: STAT3 raises Beclin-1 in my cells.
  section: user
"""


def test_a_score_part_a_users_edge_lowers_is_attributed(facts):
    """The issue's case: an edge STAT3 -> BECN1 takes the mechanism part of a liver-fibrosis
    candidate (16 -> 14; 18 -> 16 before ref 73's donor caveat) without any path or tree naming
    it."""
    (facts / "stat3.yaml").write_text(STAT3, encoding="utf-8")
    plain = json.loads(run("suggest", "--disease", "liver_fibrosis", "--format", "json", cwd=facts))
    mine = json.loads(
        run("suggest", "--disease", "liver_fibrosis", "--facts", "stat3.yaml", "--format", "json", cwd=facts)
    )
    a = {c["id"]: c for c in plain["candidates"]}["adsc_exos_mir_181_5p"]
    b = {c["id"]: c for c in mine["candidates"]}["adsc_exos_mir_181_5p"]
    # (the donor_ref_73_adsc_modified caveat weighs -2 on both sides)
    assert (a["score"], b["score"]) == (16, 14)
    part = {p["name"]: p for p in b["score_parts"]}["mechanism"]
    assert part["note"].endswith("(changed by your facts: stat3.yaml; 1 without them)")
    assert all("your facts" not in p["note"] for p in b["score_parts"] if p["name"] != "mechanism")
    text = run("suggest", "--disease", "liver_fibrosis", "--facts", "stat3.yaml", cwd=facts)
    assert "mechanism path 0x2 [YOUR FACTS: stat3.yaml; 1 without them]" in text

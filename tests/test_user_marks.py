"""Issue 26, item 11 (part): a user's edge that replaces the review's path is marked in
every format of `suggest`, and a duplicate of a bundled edge is reported on import.

An imported INDRA statement TP53 -> autophagy gives study s60's mechanism (MI,
reperfusion) the path miR-125b-5p -| p53 -> autophagy instead of the review's
p53 -> Bnip3: the step from the user's file must name that file in JSON, text,
Markdown and the HTML diagram.
"""

import json
import subprocess

import pytest

from test_piped_inputs import cli

STMT = [{"type": "Activation", "subj": {"name": "TP53", "db_refs": {"HGNC": "11998"}},
         "obj": {"name": "autophagy", "db_refs": {"GO": "GO:0006914"}},
         "evidence": [{"source_api": "reach", "pmid": "12345", "text": "p53 induces autophagy."}]}]


def run(*args, cwd):
    done = subprocess.run([*cli(), *map(str, args)], capture_output=True, timeout=120, cwd=cwd)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def facts(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("marks")
    (tmp / "tp53.json").write_text(json.dumps(STMT), encoding="utf-8")
    run("import", "indra", "tp53.json", "-o", "tp53.yaml", cwd=tmp)
    return tmp


ASK = ["suggest", "--disease", "MI", "--stage", "reperfusion", "--facts", "tp53.yaml"]


def test_json_path_step_names_the_users_file(facts):
    data = json.loads(run(*ASK, "--format", "json", cwd=facts))
    steps = [p for c in data["candidates"] for m in c["mechanism"] if m["study"] == "s60_msc_mir_125b_5p_mi"
             for p in m["path"]]
    assert [(p["edge"], p["user_file"]) for p in steps] == [
        ("mir_125b_5p_inhibits_p53", None), ("imported_tp53_activates_autophagy", "tp53.yaml")]


def test_text_markdown_and_html_mark_the_step(facts):
    text = run(*ASK, cwd=facts)
    assert ("pathway of s60_msc_mir_125b_5p_mi: miR-125b-5p -| p53 -> autophagy "
            "[YOUR FACTS: tp53.yaml]") in text
    md = run(*ASK, "--format", "md", cwd=facts)
    assert "miR-125b-5p ⊣ p53 [[60]](#ref-60) → autophagy  **\\[your facts: tp53.yaml\\]**" in md
    run("report", "--disease", "MI", "--stage", "reperfusion", "--facts", "tp53.yaml", "-o", "r.html",
        cwd=facts)
    html = (facts / "r.html").read_text(encoding="utf-8")
    assert "(your facts: tp53.yaml, not the review)</title>" in html
    assert 'class="user">your facts</text>' in html


def test_without_user_edges_no_step_is_marked(facts):
    text = run("suggest", "--disease", "MI", "--stage", "reperfusion", cwd=facts)
    assert "YOUR FACTS" not in text and "pathway of" not in text


def test_an_exact_duplicate_of_a_bundled_edge_is_reported(facts):
    dup = [{"type": "Inhibition", "subj": {"name": "MIR155", "db_refs": {"MIRBASE": "MI0000681"}},
            "obj": {"name": "mTOR", "db_refs": {"HGNC": "3942"}},
            "evidence": [{"source_api": "reach", "pmid": "1", "text": "miR-155 inhibits mTOR."}]}]
    (facts / "dup.json").write_text(json.dumps(dup), encoding="utf-8")
    out = run("import", "indra", "dup.json", cwd=facts)
    assert "duplicates the bundled edge mir_155_inhibits_mtor" in out

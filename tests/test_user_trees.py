"""Issue 26, item 11 (rest): `explain`'s justification tree marks every claim that rests on a
user's record, with the file, in text, Markdown, HTML and JSON, and `suggest` marks the same
claims; a score part a user's edge moved is marked in both.

The cases are those of tests/test_user_marks.py:
- a user's edge miR-301 -| autophagy gives study s63 (MI, reperfusion [63]), which has no
  path in the review, a mechanism that rests only on that edge (a user-only path);
- a user's edge STAT3 -> Beclin-1 makes study s73's mechanism (liver fibrosis [73]) ambiguous
  and takes away the candidate's mechanism score part.
Claims that rest on the review alone (the study's support, its outcome) stay unmarked.
"""

import json
import subprocess

import pytest

from test_piped_inputs import cli
from test_user_marks import MIR301, STAT3

MI = ["--disease", "MI", "--stage", "reperfusion"]
S63 = ["explain", "bmsc_exos_mir_301", *MI, "--facts", "m301.yaml"]
S73 = ["explain", "adsc_exos_mir_181_5p", "--disease", "liver_fibrosis", "--facts", "stat3.yaml"]


def run(*args, cwd):
    done = subprocess.run([*cli(), *map(str, args)], capture_output=True, timeout=180, cwd=cwd)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def facts(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("trees")
    (tmp / "m301.yaml").write_text(MIR301, encoding="utf-8")
    (tmp / "stat3.yaml").write_text(STAT3, encoding="utf-8")
    return tmp


def walk(node):
    yield node
    for c in node.get("children", []):
        yield from walk(c)


def marks(trace):
    """(rule, files) of every derived claim that rests on a user's file."""
    return sorted((n.get("rule"), tuple(n["rests_on"])) for n in walk(trace) if "rests_on" in n)


def line(text, rule):
    return next(x for x in text.splitlines() if x.endswith(f"<{rule}>"))


def test_text_tree_marks_the_claims_resting_on_the_users_edge(facts):
    text = run(*S63, cwd=facts)
    for rule in ("candidate", "mechanism_consistent", "derive_autophagy", "edge_general", "score_mechanism"):
        assert "[RESTS ON YOUR FACTS: m301.yaml]" in line(text, rule), rule
    # the review's own claims (study [63] supports it, its outcome) are not marked
    for rule in ("support_same_direction", "outcome_reported", "score_context"):
        assert "RESTS ON" not in line(text, rule), rule
    plain = run("explain", "bmsc_exos_mir_301", *MI, cwd=facts)
    assert "RESTS ON" not in plain and "YOUR FACTS" not in plain


def test_markdown_html_and_json_mark_the_same_claims(facts):
    md = run(*S63, "--format", "md", cwd=facts)
    assert "**\\[rests on your facts: m301.yaml\\]**" in md
    html = run(*S63, "--format", "html", cwd=facts)
    assert ">rests on your facts: m301.yaml</span>" in html
    data = json.loads(run(*S63, "--format", "json", cwd=facts))
    got = dict(marks(data["trace"]))
    assert got["mechanism_consistent"] == ("m301.yaml",)
    assert got["candidate"] == ("m301.yaml",) and got["score_mechanism"] == ("m301.yaml",)
    assert "support_same_direction" not in got
    assert md.count("rests on your facts") == html.count(">rests on your facts") == len(marks(data["trace"]))
    plain = json.loads(run("explain", "bmsc_exos_mir_301", *MI, "--format", "json", cwd=facts))
    assert marks(plain["trace"]) == []


def test_explain_and_suggest_show_the_same_path_and_the_same_marks(facts):
    tree = json.loads(run(*S63, "--format", "json", cwd=facts))["trace"]
    data = json.loads(run("suggest", *MI, "--facts", "m301.yaml", "--format", "json", cwd=facts))
    cand = {c["id"]: c for c in data["candidates"]}["bmsc_exos_mir_301"]
    assert marks(cand["trace"]) == marks(tree)
    path = [p for m in cand["mechanism"] if m["study"] == "s63_bmsc_mir_301_mi" for p in m["path"]]
    assert [(p["edge"], p["user_file"]) for p in path] == [("my_mir_301_inhibits_autophagy", "m301.yaml")]
    leaves = {n["record"]: n.get("user_file") for n in walk(tree) if n.get("record")}
    assert leaves["edges:my_mir_301_inhibits_autophagy"] == "m301.yaml"


def test_a_score_part_the_users_edge_lowered_is_marked_in_the_tree(facts):
    text = run(*S73, cwd=facts)
    assert "[RESTS ON YOUR FACTS: stat3.yaml]" in line(text, "score_mechanism")
    assert "[RESTS ON YOUR FACTS: stat3.yaml]" in line(text, "mechanism_ambiguous")
    assert "RESTS ON" not in line(text, "score_context")
    tree = json.loads(run(*S73, "--format", "json", cwd=facts))["trace"]
    data = json.loads(
        run("suggest", "--disease", "liver_fibrosis", "--facts", "stat3.yaml", "--format", "json", cwd=facts)
    )
    cand = {c["id"]: c for c in data["candidates"]}["adsc_exos_mir_181_5p"]
    assert ("score_mechanism", ("stat3.yaml",)) in marks(tree)
    assert marks(cand["trace"]) == marks(tree)


DUP = """edges:
- id: my_mir_155_inhibits_mtor
  source: mir_155
  target: mtor
  sign: '-'
  sources:
  - {text: miR-155 lowers mTOR in my cells.}
  quote: miR-155 lowers mTOR in my cells.
  section: user
"""


@pytest.mark.parametrize(
    "command", [["suggest", "--disease", "ALD"], ["explain", "bmsc_exos", "--disease", "ALD"]]
)
def test_a_hand_written_duplicate_of_a_bundled_edge_is_reported(facts, command):
    # the review's edge miR-155 -| mTOR (section 5, [95]) written again in a user's file: a note
    # on standard error without -v; the answer on standard output stays the answer
    (facts / "dup.yaml").write_text(DUP, encoding="utf-8")
    done = subprocess.run(
        [*cli(), *command, "--facts", "dup.yaml", "--format", "json"],
        capture_output=True,
        timeout=180,
        cwd=facts,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert (
        "dup.yaml: edge my_mir_155_inhibits_mtor duplicates the bundled edge mir_155_inhibits_mtor"
    ) in done.stderr.decode()
    assert json.loads(done.stdout)
    mine = subprocess.run(
        [*cli(), "-v", *command, "--facts", "m301.yaml"], capture_output=True, timeout=180, cwd=facts
    )
    assert mine.returncode == 0 and b"duplicates" not in mine.stderr


def test_observe_names_the_file_of_every_users_edge(facts):
    # miR-301 up: the user's edge miR-301 -| autophagy predicts autophagy down along one step;
    # with the observation file's own edge miR-301 -| Beclin-1, the path takes that edge
    up = "observations:\n  - {entity: miR-301, change: up}\n"
    (facts / "obs301.yaml").write_text(up, encoding="utf-8")
    (facts / "obs301e.yaml").write_text(
        up + "edges:\n  - {source: miR-301, target: Beclin-1, sign: '-', evidence: {pmid: '1'}}\n",
        encoding="utf-8",
    )

    def steps(obs):
        data = json.loads(
            run("observe", "--observations", obs, "--facts", "m301.yaml", "--format", "json", cwd=facts)
        )
        return {s["edge"]["id"]: s["edge"] for p in data["predictions"] for s in p["path"]}

    assert steps("obs301.yaml")["my_mir_301_inhibits_autophagy"]["user_file"] == "m301.yaml"
    own = steps("obs301e.yaml")
    assert own["user_edge_1"]["user_file"] == "obs301e.yaml"
    assert all("user_file" not in e for e in own.values() if e["origin"] == "review")
    ask = ["observe", "--observations", "obs301.yaml", "--facts", "m301.yaml"]
    assert "[YOUR FACTS: m301.yaml]" in run(*ask, cwd=facts)
    assert "**\\[your facts: m301.yaml\\]**" in run(*ask, "--format", "md", cwd=facts)
    assert ">your facts: m301.yaml</span>" in run(*ask, "--format", "html", cwd=facts)


def test_cards_name_the_users_file_and_the_score_part_it_moved(facts):
    # red team (round three, M2): with the user's edge the miR-301 card moves up the list with
    # no word of the file. The card now says where the file acts and what it changed.
    before = {c["uuid"]: c for c in json.loads(run("suggest", *MI, "--format", "cards", cwd=facts))["cards"]}
    after = {
        c["uuid"]: c
        for c in json.loads(run("suggest", *MI, "--format", "cards", "--facts", "m301.yaml", cwd=facts))[
            "cards"
        ]
    }
    card = after["candidate-bmsc_exos_mir_301"]["detail"]
    assert "Rests on your facts: m301.yaml." in card
    assert (
        "Your facts (m301.yaml) changed the mechanism path part of the score to 1 (0 without them)." in card
    )
    assert "your facts" not in before["candidate-bmsc_exos_mir_301"]["detail"].lower()
    # a card the file does not touch says nothing of it
    untouched = [c for u, c in after.items() if u in before and c["detail"] == before[u]["detail"]]
    assert untouched and all("m301.yaml" not in c["detail"] for c in untouched)

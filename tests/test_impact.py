"""`reasoner impact`: what a proposed record changes, across every answer.

The curator's round trip of the README (a misread record breaks the review's
conclusions, exit 1; the fixed record breaks none, exit 0), no-op files, bad input,
contradictions, the snapshots of one impact in each format, and the equality
property: the impact equals the difference of independent `suggest` runs for every
question, for single-record changes drawn from the knowledge base itself.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import json
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reasoner import api
from reasoner.impact import Changes, answer_side, diff_answers, impact
from reasoner.knowledge.paths import bundled_files
from reasoner.reporting.json_data import plain
from reasoner.reporting.render import render
from reasoner.schemas import export

DATA = Path(__file__).parent / "data"
SNAPSHOTS = Path(__file__).parent / "snapshots"
MISREAD = DATA / "impact_oa_misread.yaml"
FIXED = DATA / "impact_oa_fixed.yaml"


# ---------------------------------------------------------------- the curator's round trip


def test_round_trip_misread_record_breaks_the_reviews_conclusions(run):
    r = run("impact", "--facts", MISREAD, "--format", "json")
    assert r.exit_code == 1, r.output
    out = json.loads(r.stdout)
    # 3.5: "IPFP MSC-derived exosomes partly enhanced the autophagic level of chondrocytes"
    # [82]: reading the finding as inhibition makes OA's desired modulation uncertain
    broken = {c["id"] for c in out["conclusions_broken"]}
    assert "oa_ipfp_msc_exos_mir_100_5p" in broken
    # each broken conclusion's failures as codes beside its words: the same failures; a client
    # decides on the code (desired: the desired modulation is not the one expected)
    for c in out["conclusions_broken"]:
        assert "; ".join(f["text"] for f in c["failure_codes"]) == c["message"]
        assert [f["code"] for f in c["failure_codes"]] == ["desired"]
        assert [f["args"] for f in c["failure_codes"]] == [{"want": "induce", "got": "uncertain"}]
    assert out["attribution_code"] == "one"  # the one record of the file: no need to leave it out
    [oa] = [
        c
        for c in out["contexts_changed"]
        if c["disease"] == "OA" and c["stage"] is None and c["question"] == "suggest"
    ]
    assert oa["changes"]["desired"] == {"before": "induce", "after": "uncertain"}
    assert any(
        k["about"] == "direction" and "inhibit: curator_s82_chondrocytes" in k["sides"]
        for k in oa["changes"]["conflicts_added"]
    )
    # Table 1 row 14 ([52]): miR-449a-5p, "Inhibit", "Deleterious": that inducing helps is
    # inferred from the harm of inhibiting, and the side says so
    [direction] = [k for k in oa["changes"]["conflicts_added"] if k["about"] == "direction"]
    assert (
        "inhibited autophagy was harmful (reported); that to induce it helps is inferred, not found: t1_r14_mir_449a_5p"
        in direction["sides"]
    )
    assert oa["responsible"] == [
        {
            "record": "studies:curator_s82_chondrocytes",
            "file": MISREAD.name,
            "rules": oa["responsible"][0]["rules"],
        }
    ]
    assert out["files"] == [
        {"file": MISREAD.name, "sha256": hashlib.sha256(MISREAD.read_bytes()).hexdigest()}
    ]


def test_round_trip_fixed_record_breaks_nothing(run):
    r = run("impact", "--facts", FIXED, "--format", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["conclusions_broken"] == []
    assert out["contexts_changed"] == []  # the same direction as [82]: no answer changes
    assert out["unchanged"] == out["questions"]
    assert out["attribution_code"] == "none"  # no answer changed, nothing to attribute
    # the new study's mechanism is derived like its sibling's (mTOR -| autophagy)
    assert out["mechanisms_changed"] == [
        {"study": "curator_s82_chondrocytes", "before": None, "after": "consistent"}
    ]


def test_noop_files_report_no_change_and_exit_0(run, tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("studies: []\n")
    r = run("impact", "--facts", empty, "--format", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["contexts_changed"] == [] and out["conclusions_broken"] == []
    assert out["mechanisms_changed"] == [] and out["unchanged"] == out["questions"]
    # a bundled record given again with --override is a no-op too
    rec = next(
        s for s in yaml.safe_load((bundled_files()[0].parent / "studies_msc.yaml").read_text())["studies"]
    )
    same = tmp_path / "same.yaml"
    same.write_text(yaml.safe_dump({"studies": [rec]}, allow_unicode=True))
    r = run("impact", "--facts", same, "--override", "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["contexts_changed"] == []


@pytest.mark.parametrize(
    "args, message",
    [
        (["--facts", "/nonexistent/x.yaml"], "/nonexistent/x.yaml"),
        (["--facts", str(FIXED), "--base", "/nonexistent-dir"], "/nonexistent-dir"),
        (["--facts", str(FIXED), "--format", "pdf"], "pdf"),
    ],
)
def test_bad_input_is_one_line_exit_2(run, args, message):
    r = run("impact", *args)
    assert r.exit_code == 2, r.output
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in r.output


def test_base_without_facts_files_is_refused(run, tmp_path):
    r = run("impact", "--facts", FIXED, "--base", tmp_path)
    assert r.exit_code == 2
    assert "--base holds no knowledge-base YAML files" in r.output


def test_contradiction_reports_both_sides(run, tmp_path):
    # the README's example of a contradictory file: mTOR activating autophagy, where the
    # review's 2.2 says its activation "inhibits its autophagy" [28]
    f = tmp_path / "mine.yaml"
    f.write_text(
        yaml.safe_dump(
            {
                "edges": [
                    {
                        "id": "my_edge",
                        "source": "mtor",
                        "target": "autophagy",
                        "sign": "+",
                        "sources": [{"pmid": "12345"}],
                        "provenance": "review",
                        "quote": "in which its activation (ie Akt and MAPK signals) inhibits its autophagy",
                        "section": "2.2",
                    }
                ]
            }
        )
    )
    r = run("impact", "--facts", f, "--format", "json")
    assert r.exit_code == 1, r.output
    c = json.loads(r.stdout)["contradiction"]
    assert "ic_edge_sign" in c["message"]
    assert c["constraints"] == ["ic_edge_sign"]  # the same as a code, beside the words
    assert "edges:my_edge (mine.yaml)" in c["records"]
    assert "edges:mtor_inhibits_autophagy (bundled)" in c["records"]
    # keeping the bundled edge leaves every answer as it is; keeping yours changes some
    assert c["keep_bundled"]["contexts_changed"] == []
    assert c["keep_bundled"]["attribution_code"] == "none" and c["keep_yours"]["attribution_code"] == "one"
    assert json.loads(r.stdout)["attribution_code"] is None  # no side compared to the base
    assert c["keep_yours"]["contexts_changed"] or c["keep_yours"]["conclusions_broken"]
    text = run("impact", "--facts", f)
    assert "If you keep your records" in text.output and "CONTRADICTION" in text.output


def test_impact_schema_has_not_drifted():
    path = Path(__file__).parent.parent / "reasoner" / "schema" / "impact.json"
    assert path.read_text() == export("impact")
    import jsonschema

    r = impact([str(MISREAD)])
    jsonschema.validate(plain(r), json.loads(path.read_text()))


def test_a_saved_impact_reads_back_into_the_same_answer():
    """The web app's POST /impact reads a saved JSON back through the answer's one
    definition (``read_impact``): the same JSON again; an unknown key or a wrong type is
    refused (a ValueError, which the page turns into a 400)."""
    from reasoner.impact_answer import Impact, read_impact

    r = impact([str(MISREAD)])
    back = read_impact(json.loads(render(r, "json")))
    assert isinstance(back, Impact) and back == r and render(back, "json") == render(r, "json")
    for bad in ({**plain(r), "surprise": 1}, {**plain(r), "files": 3}, {**plain(r), "questions": "x"}):
        with pytest.raises(ValueError):
            read_impact(bad)


# ---------------------------------------------------------------- snapshots


@pytest.mark.parametrize("fmt, suffix", [("json", "json"), ("text", "txt"), ("md", "md"), ("html", "html")])
def test_impact_snapshot(run, fmt, suffix):
    path = SNAPSHOTS / f"impact_oa_misread.{suffix}"
    r = run("impact", "--facts", MISREAD, "--format", fmt)
    assert r.exit_code == 1
    if os.environ.get("REASONER_UPDATE_SNAPSHOTS", "") not in ("", "0"):
        path.write_bytes(r.stdout_bytes)
        pytest.skip("snapshot rewritten")
    expected = path.read_bytes()
    if r.stdout_bytes != expected:
        diff = "\n".join(
            list(difflib.unified_diff(expected.decode().splitlines(), r.stdout.splitlines(), lineterm=""))[
                :40
            ]
        )
        pytest.fail(f"{path.name} differs (REASONER_UPDATE_SNAPSHOTS=1 to accept):\n{diff}")


def test_html_is_offline_and_links_trees(run):
    r = run("impact", "--facts", MISREAD, "--format", "html")
    html = r.stdout
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html
    assert "<script src" not in html
    assert 'href="#c-1-t-' not in html or 'id="c-1-t-' in html


# ---------------------------------------------------------------- the equality property


def _records(name: str, section: str) -> list[dict]:
    out = []
    for p in bundled_files():
        data = yaml.safe_load(p.read_text()) or {}
        out += data.get(section) or []
    return out


STUDIES = [s for s in _records("", "studies") if s.get("disease")]
EDGES = _records("", "edges")
DISEASES = sorted({s["disease"] for s in STUDIES})


def _change(kind: str, i: int, j: int, tmp: Path) -> tuple[list[str], bool, str | None]:
    """(facts files, override, base dir) for one single-record change of the bundled KB."""
    f = tmp / "change.yaml"
    if kind == "drop_study":  # the base lacks the study; the file adds it back
        s = STUDIES[i % len(STUDIES)]
        base = tmp / "base"
        base.mkdir()
        for p in bundled_files():
            data = yaml.safe_load(p.read_text()) or {}
            if "studies" in data:
                data["studies"] = [x for x in data["studies"] if x["id"] != s["id"]]
            (base / p.name).write_text(yaml.safe_dump(data, allow_unicode=True))
        f.write_text(yaml.safe_dump({"studies": [s]}, allow_unicode=True))
        return [str(f)], False, str(base)
    if kind == "flip_edge":
        e = copy.deepcopy(EDGES[i % len(EDGES)])
        e["sign"] = "+" if e["sign"] == "-" else "-"
        f.write_text(yaml.safe_dump({"edges": [e]}, allow_unicode=True))
        return [str(f)], True, None
    s = copy.deepcopy(STUDIES[i % len(STUDIES)])
    if kind == "study_effect":
        s["autophagy_effect"] = "induce" if s.get("autophagy_effect") == "inhibit" else "inhibit"
        f.write_text(yaml.safe_dump({"studies": [s]}, allow_unicode=True))
        return [str(f)], True, None
    # a study in another disease (no stage: the other disease may have none)
    s["id"] = s["id"] + "_elsewhere"
    s["disease"] = [d for d in DISEASES if d != s["disease"]][j % (len(DISEASES) - 1)]
    s["stage"] = None
    f.write_text(yaml.safe_dump({"studies": [s]}, allow_unicode=True))
    return [str(f)], False, None


def _independent(q, facts, override, base):
    """The answer of one question, asked alone (``suggest`` itself where no --base)."""
    kind, disease, stage, co, state = q
    if base is None:
        try:
            return plain(
                api.suggest(disease, stage, state, facts=facts, override=override, trees=False, comorbid=co)
            )
        except Exception as exc:  # noqa: BLE001 - a disease or stage this side lacks
            if type(exc).__name__ == "UnknownValueError":
                return None
            raise
    kb = api.load_kb(facts, override, base=base)
    return answer_side(kb, [q])[q]


@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kind=st.sampled_from(["drop_study", "flip_edge", "study_effect", "other_disease"]),
    i=st.integers(0, 500),
    j=st.integers(0, 50),
)
def test_impact_equals_the_difference_of_independent_suggest_runs(tmp_path_factory, kind, i, j):
    tmp = tmp_path_factory.mktemp("change")
    facts, override, base = _change(kind, i, j, tmp)
    result = impact(facts, override, base)
    if result.contradiction is not None:  # a flipped edge may oppose another bundled edge
        assert result.contradiction.records
        return
    reported = {
        (c.question, c.disease, c.stage, tuple(c.comorbid)): c.changes for c in result.contexts_changed
    }
    from reasoner.check import load_conclusions
    from reasoner.impact import all_questions

    before_kb = api.load_kb((), False, base=base)
    after_kb = api.load_kb(facts, override, base=base)
    questions = all_questions(before_kb, after_kb, load_conclusions())
    assert len(questions) == result.questions
    for q in questions:
        want = diff_answers(_independent(q, (), False, base), _independent(q, facts, override, base))
        got = reported.get((q[0], q[1], q[2], q[3]), Changes())
        assert got == want, f"{kind} {facts}: {q}"


# ---------------------------------------------------------------- the web app (served)


def test_web_impact_page_for_serve_facts(tmp_path):
    pytest.importorskip("fastapi")
    from _webserver import request, running_server

    with running_server(tmp_path, "--facts", str(MISREAD)) as base:
        status, _, body = request(base, "/impact")
    assert status == 200
    html = body.decode()
    assert "Impact of" in html and "oa_ipfp_msc_exos_mir_100_5p" in html
    assert "curator_s82_chondrocytes" in html


def test_web_impact_renders_a_saved_impact_same_origin_json_only(tmp_path):
    pytest.importorskip("fastapi")
    from _webserver import request, running_server

    saved = render(impact([str(MISREAD)]), "json").encode()
    with running_server(tmp_path) as base:
        status, _, _ = request(base, "/impact")
        assert status == 404  # no --facts: says how, never computes
        status, _, body = request(base, "/impact", saved, "POST")
        assert status == 200 and b"oa_ipfp_msc_exos_mir_100_5p" in body
        # a cross-site form post or a cross-origin fetch cannot reach it
        for headers, code in (
            ({"content-type": "text/plain"}, 415),
            ({"content-type": "application/x-www-form-urlencoded"}, 415),
            ({"origin": "http://evil.example"}, 403),
            ({"sec-fetch-site": "cross-site"}, 403),
        ):
            status, _, body = request(base, "/impact", saved, "POST", headers)
            assert status == code, headers
            assert b"oa_ipfp_msc_exos_mir_100_5p" not in body
        status, _, _ = request(base, "/impact", b'{"files": 3}', "POST")
        assert status == 400


def test_html_escapes_a_hostile_file_name(run, tmp_path):
    """The red team's M1: a file name with markup reached the impact page raw through the
    words macros (a template that is not autoescaped)."""
    hostile = tmp_path / "x<img src=y onerror=alert(9)>.yaml"
    hostile.write_bytes(MISREAD.read_bytes())
    r = run("impact", "--facts", hostile, "--format", "html")
    assert "<img" not in r.stdout and "x&lt;img" in r.stdout

"""The CLI as a user drives it: exact messages, exit codes, files."""

import json
import re
from pathlib import Path

import jsonschema

from reasoner.schemas import export

ROOT = Path(__file__).parent.parent


def test_main_job_text(run):
    r = run("suggest", "--disease", "hepatic_IR", "--stage", "reperfusion")
    assert r.exit_code == 0
    out = r.output
    # Section 3.3 [76]: protective early, deleterious during reperfusion
    assert "Role of autophagy: deleterious [76]" in out
    assert "Desired modulation: inhibit" in out
    assert "ischaemia: autophagy protective, desired induce [76]" in out
    # [75]: UCMSC exosomal miR-20a inhibits Beclin-1-mediated autophagy -> candidate
    assert re.search(r"1\. .*miR-20a.*\[75\]", out)
    # [74]: BMSC exosomes enhance autophagy, no stage stated: contested at reperfusion, with the
    # review's level reconciliation ("activating moderate autophagy or inhibiting excessive
    # autophagy in different stage of hepatic I/R") and the level that would make it a candidate
    assert "Contested at reperfusion stage: exosomes from BMSC-derived hepatocyte-like cells" in out
    assert "the review reconciles them by autophagy level [74][75][76]" in out
    assert "Flip: autophagy insufficient or moderate (suggest --autophagy-state)" in out
    assert "Not recommended (0):" in out
    assert "[76] Cursio R" in out
    assert "Research use only" in out


def test_main_job_json_matches_schema(run):
    r = run("suggest", "--disease", "hepatic_IR", "--stage", "reperfusion", "--format", "json")
    data = json.loads(r.output)
    jsonschema.validate(data, json.loads(export("suggestion")))
    assert data["context"]["disease"] == "hepatic_IR" and data["context"]["stage"] == "reperfusion"
    assert data["autophagy"]["desired"] == "inhibit"
    assert all(c["autophagy_effect"] == "inhibit" for c in data["candidates"])
    assert all(isinstance(n, int) and 1 <= n <= 96 for c in data["candidates"] for n in c["refs"])
    assert {"claim", "rule", "refs", "children"} <= set(data["candidates"][0]["trace"])


def test_aliases_case_and_separators(run):
    a = run("suggest", "--disease", "Hepatic I/R", "--stage", "early", "--format", "json")
    b = run("suggest", "--disease", "hepatic_ir", "--stage", "ISCHEMIA", "--format", "json")
    assert a.exit_code == b.exit_code == 0 and a.output == b.output
    assert json.loads(a.output)["autophagy"]["desired"] == "induce"


def test_unknown_disease(run):
    r = run("suggest", "--disease", "hepatic_IRR", "--stage", "reperfusion")
    assert r.exit_code == 2
    assert r.output.startswith("Error: unknown disease 'hepatic_IRR'; did you mean hepatic_IR")
    assert r.output.count("\n") == 1


def test_unknown_stage(run):
    r = run("suggest", "--disease", "hepatic_IR", "--stage", "reperfuse")
    assert r.exit_code == 2
    assert r.output == "Error: unknown stage of hepatic_IR 'reperfuse'; did you mean reperfusion?\n"


def test_verbose_names_the_catalogue_keys_of_an_error_line(run):
    """An error line is worded from several catalogue entries (the unknown-value sentence and
    the noun filled in), so its words cannot be grepped; under -v a second stderr line names
    the keys, which can (issue 23, item 5). Without -v the error stays its one line."""
    plain = run("suggest", "--disease", "hepatic_IR", "--stage", "reperfuse")
    loud = run("suggest", "--disease", "hepatic_IR", "--stage", "reperfuse", "-v")
    line = "Error: unknown stage of hepatic_IR 'reperfuse'; did you mean reperfusion?\n"
    assert plain.exit_code == loud.exit_code == 2
    assert (plain.stdout, plain.stderr) == ("", line)
    assert (loud.stdout, loud.stderr) == (
        "",
        line + "error code: errors.value.did_you_mean, errors.what.stage_of (rules/sentences.yaml)\n",
    )
    disease = run("-v", "suggest", "--disease", "nonsense")
    first, second = disease.stderr.splitlines()
    assert first == run("suggest", "--disease", "nonsense").stderr.rstrip("\n")
    assert first.startswith("Error: unknown disease 'nonsense'; valid: AKI, ALD, ")
    assert second == "error code: errors.value.unknown_valid, errors.what.disease (rules/sentences.yaml)"
    # the keys named are the entries the line was worded from
    from reasoner.knowledge.catalogue import say

    assert say(
        "errors.value.unknown_valid", what=say("errors.what.disease"), value="'nonsense'", valid="X"
    ) == ("unknown disease 'nonsense'; valid: X")


def test_verbose_names_the_key_of_a_facts_file_error(run, tmp_path):
    missing = tmp_path / "absent.yaml"
    r = run("suggest", "--disease", "MI", "--facts", missing, "--verbose")
    assert r.exit_code == 2
    assert r.stderr == (
        f"Error: {missing}: file not found\nerror code: errors.facts.not_found (rules/sentences.yaml)\n"
    )
    assert (
        run("suggest", "--disease", "MI", "--facts", missing).stderr == f"Error: {missing}: file not found\n"
    )


def test_unknown_format(run):
    r = run("suggest", "--disease", "PD", "--format", "pdf")
    assert r.exit_code == 2
    assert r.output.startswith("Error: unknown format 'pdf'; valid: ")


def test_output_file_and_force(run, tmp_path):
    out = tmp_path / "a.md"
    r = run("suggest", "--disease", "PD", "--format", "md", "-o", out)
    assert r.exit_code == 0 and out.read_text().startswith("# Parkinson")
    out.write_text("my notes")
    r = run("suggest", "--disease", "PD", "-o", out)
    assert r.exit_code == 2
    assert r.output == f"Error: {out} already exists; use --force to overwrite it\n"
    assert out.read_text() == "my notes"
    r = run("suggest", "--disease", "PD", "-o", out, "--force")
    assert r.exit_code == 0 and "Parkinson" in out.read_text()
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_deterministic(run):
    for fmt in ("json", "md", "html"):
        a = run("suggest", "--disease", "MI", "--format", fmt).output
        b = run("suggest", "--disease", "MI", "--format", fmt).output
        assert a == b


def test_diseases_json(run):
    data = json.loads(run("diseases", "--format", "json").output)
    ids = {d["id"]: d for d in data}
    assert {"id", "name", "aliases", "stages"} <= set(ids["hepatic_IR"])
    assert [s["id"] for s in ids["hepatic_IR"]["stages"]] == ["ischaemia", "reperfusion"]


def test_studies_json_and_filter(run):
    data = json.loads(run("studies", "--format", "json").output)
    assert {"id", "refs", "disease", "cargo", "autophagy_effect", "outcome"} <= set(data[0])
    liver = json.loads(run("studies", "--disease", "liver IR", "--format", "json").output)
    assert {s["refs"][0] for s in liver} == {74, 75}


def test_refs(run):
    r = run("refs", "75")
    assert r.output.startswith("[75] Zhang L, Song Y, Chen L, et al. MiR-20a-containing exosomes")
    assert run("refs", "97").exit_code == 2
    # a digit of another script is not a reference number (int("٣") would be 3)
    bad = run("refs", "\u0663")
    assert bad.exit_code == 2
    assert bad.output == "Error: unknown reference number '\u0663'; valid: 1-96, or a range like 75-77\n"
    assert json.loads(run("refs", "--format", "json").output)[95]["n"] == 96


def test_audit_lists_table1_discrepancies(run):
    data = json.loads(run("audit", "--format", "json").output)
    assert data["table1_consistent"] == data["table1_rows"] == 16
    kinds = {d["kind"] for d in data["discrepancies"]}
    assert {"table_ref_number", "author_name"} <= kinds
    row1 = next(d for d in data["discrepancies"] if d["kind"] == "table_ref_number" and d["ref"] == 39)
    assert row1["review_says"] == "[37]"


def test_explain_candidate(run):
    r = run("explain", "ucmsc_exos_mir_20a", "--disease", "hepatic_IR", "--stage", "reperfusion")
    assert r.exit_code == 0
    assert "candidate" in r.output and "[76]" in r.output and "[75]" in r.output
    # negated conditions are shown as sentences that read true as they stand
    assert "  - nothing argues against UCMSC-derived exosomes containing miR-20a in" in r.output
    assert "(absent)" not in r.output


def test_why_not_stage(run):
    r = run("explain", "--why-not", "bmsc_hlc_exos", "--disease", "hepatic_IR", "--stage", "reperfusion")
    # issue 24: [74] states no stage, so at reperfusion it is contested, reconciled by level
    assert ": Contested\n" in r.output
    assert "Flip: autophagy insufficient or moderate (suggest --autophagy-state)" in r.output
    assert "at stage ischaemia instead of reperfusion: candidate" in r.output


def test_why_not_harm(run):
    r = run("explain", "--why-not", "bmsc_exos", "--disease", "osteosarcoma")
    assert "the review reports harm in osteosarcoma" in r.output and "[85]" in r.output


def test_why_not_no_evidence(run):
    r = run("explain", "--why-not", "silence_mir_155", "--disease", "hepatic_IR", "--stage", "reperfusion")
    assert ": No evidence\n" in r.output
    assert "The knowledge base has evidence for it in: ALD." in r.output


def test_report_html_and_all(run, tmp_path):
    r = run("report", "--disease", "hepatic_IR", "--stage", "reperfusion", "-o", tmp_path / "r.html")
    assert r.exit_code == 0
    html = (tmp_path / "r.html").read_text()
    assert "<svg" in html and 'id="ref-75"' in html and "Research use only" in html
    assert "http" not in html.replace("https://doi.org", "").split("<body")[0]
    r = run("report", "--all", "-o", tmp_path / "all")
    assert r.exit_code == 0
    assert (tmp_path / "all" / "index.html").exists()
    assert (tmp_path / "all" / "hepatic_IR-reperfusion.html").exists()


def test_cards(run):
    data = json.loads(
        run("suggest", "--disease", "hepatic_IR", "--stage", "reperfusion", "--format", "cards").output
    )
    for card in data["cards"]:
        assert len(card["summary"]) < 140
        assert card["indicator"] in ("info", "warning")
        assert card["source"]["refs"]


def test_every_command_documented_in_readme():
    from reasoner.cli import cli

    readme = (ROOT / "README.md").read_text()
    for name, cmd in cli.commands.items():
        assert f"reasoner {name}" in readme, name
        # every --help ends with examples that do not wrap (click's \b blocks)
        assert (cmd.epilog or "").startswith("\b\nExamples:\n  reasoner "), name


def test_help_lists_exit_codes(run):
    out = run("--help").output
    assert "\n  Exit codes: 0 success, 1 `check` found failing conclusions, 2 usage or input error.\n" in out
    assert "Exit codes: 0 every conclusion holds, 1 a conclusion fails" in run("check", "--help").output


def test_no_trees_gives_the_same_answer_without_traces(run):
    args = ("suggest", "--disease", "MI", "--stage", "ischaemia", "--format", "json")
    full = json.loads(run(*args).output)
    bare = json.loads(run(*args, "--no-trees").output)

    def strip(d):
        if isinstance(d, dict):
            return {k: strip(v) for k, v in d.items() if k != "trace"}
        if isinstance(d, list):
            return [strip(x) for x in d]
        return d

    assert bare["autophagy"]["trace"] is None
    assert all(c["trace"] is None for c in bare["candidates"])
    assert full["autophagy"]["trace"] is not None
    # references cited only inside trees may drop out; everything else is identical
    assert {k: v for k, v in strip(bare).items() if k != "references"} == {
        k: v for k, v in strip(full).items() if k != "references"
    }
    md = run("suggest", "--disease", "MI", "--stage", "ischaemia", "--format", "md", "--no-trees")
    assert md.exit_code == 0 and "Justification" not in md.output

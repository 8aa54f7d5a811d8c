"""What a new user tripped over (issue 14): each defect and convention, as the user meets it."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent

CONTRA = """edges:
- id: mtor_activates_autophagy_mine
  source: mtor
  target: autophagy
  sign: "+"
  refs: [29]
  quote: "mTOR activates autophagy in this made-up record"
  section: "2.2"
"""

CONTRA_MSG = (
    "Error: the knowledge base is contradictory: constraint ic_edge_sign (two general edges "
    "of the signalling graph give the same pair opposite signs (state one of them for a "
    "disease, as an exception)) is violated by edges mtor_activates_autophagy_mine "
    "(contra.yaml) and edges mtor_inhibits_autophagy (bundled)\n"
)

MINE = """studies:
- id: my_liver_study
  refs: []
  sources: ["doi:10.1000/example.123", "pmid:12345678"]
  quote: "In our unpublished data, these exosomes inhibited autophagy in reperfused liver."
  section: "user"
  kind: exosome_effect
  disease: hepatic_IR
  stage: reperfusion
  condition: liver I/R (user)
  intervention: ucmsc_exos_mir_20a
  autophagy_effect: inhibit
  outcome: beneficial
  evidence: in_vivo
"""


@pytest.fixture
def contra(tmp_path):
    p = tmp_path / "contra.yaml"
    p.write_text(CONTRA)
    return p


@pytest.fixture
def mine(tmp_path):
    p = tmp_path / "mine.yaml"
    p.write_text(MINE)
    return p


# ---------------------------------------------------------------- defect 1


@pytest.mark.parametrize("command", ["check", "audit", "suggest", "report"])
def test_contradictory_facts_give_one_line_and_exit_2(run, contra, tmp_path, command):
    args = {"suggest": ["--disease", "PD"], "report": ["--disease", "PD", "-o", tmp_path / "r.html"]}.get(
        command, []
    )
    r = run(command, *args, "--facts", contra)
    assert r.exit_code == 2
    assert r.output == CONTRA_MSG


# ---------------------------------------------------------------- defect 5


def test_report_all_refuses_a_file_name(run, tmp_path):
    r = run("report", "--all", "-o", tmp_path / "all.html")
    assert r.exit_code == 2
    assert r.output == f"Error: with --all, -o names a directory, not a .html file: {tmp_path / 'all.html'}\n"
    assert not (tmp_path / "all.html").exists()


def test_report_all_with_disease_writes_every_stage_of_it(run, tmp_path):
    r = run("report", "--all", "--disease", "MI", "-o", tmp_path / "mi")
    assert r.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "mi").iterdir()) == [
        "MI-ischaemia.html",
        "MI-reperfusion.html",
        "MI.html",
        "index.html",
    ]
    # piped (not a terminal): no progress bar, one closing line
    assert r.output == f"wrote 4 files to {tmp_path / 'mi'}\n"


def test_report_all_quiet_prints_nothing(run, tmp_path):
    r = run("-q", "report", "--all", "--disease", "PD", "-o", tmp_path / "pd")
    assert r.exit_code == 0 and r.output == ""


def test_report_all_with_stage_is_refused(run, tmp_path):
    r = run("report", "--all", "--stage", "early", "-o", tmp_path / "x")
    assert r.exit_code == 2
    assert r.output == "Error: --all and --stage cannot be used together; --all writes every stage\n"


# ---------------------------------------------------------------- defect 6


@pytest.mark.parametrize(
    "suffix,start", [(".html", "<!DOCTYPE html>"), (".md", "# hepatic"), (".json", "{"), (".txt", "hepatic")]
)
def test_suffix_of_o_chooses_the_format(run, tmp_path, suffix, start):
    out = tmp_path / f"s{suffix}"
    r = run("suggest", "--disease", "hepatic_IR", "--stage", "reperfusion", "-o", out)
    assert r.exit_code == 0
    assert out.read_text().startswith(start)


def test_explicit_format_wins_over_the_suffix(run, tmp_path):
    out = tmp_path / "s.html"
    r = run("suggest", "--disease", "PD", "--format", "json", "-o", out)
    assert r.exit_code == 0 and json.loads(out.read_text())["context"]["disease"] == "PD"


# ---------------------------------------------------------------- defects 7, 8


def test_studies_accepts_the_physiology_it_shows(run):
    shown = run("studies").output
    assert re.search(r"^s86_atg_proteins_mvb_biogenesis +physiology ", shown, re.M)
    r = run("studies", "--disease", "physiology", "--format", "json")
    assert r.exit_code == 0
    rows = json.loads(r.output)
    assert rows and all(s["disease"] == "physiology" for s in rows)
    assert "s86_atg_proteins_mvb_biogenesis" in {s["id"] for s in rows}


def test_block_id_of_a_cargo_is_its_curated_blockade(run):
    # [12]: exosomal miR-30a transfer between hypoxic cardiomyocytes; blocking it is the candidate
    r = run("explain", "block:mir_30a", "--disease", "myocardial_hypoxia", "--stage", "acute")
    assert r.exit_code == 0
    assert r.output.startswith("Inhibition of exosomal miR-30a transfer between hypoxic cardiomyocytes")
    assert "[block_mir_30a] for hypoxic cardiomyocyte injury at " in r.output
    assert ": Recommended\n" in r.output


def test_an_entity_id_names_the_interventions_with_it(run):
    r = run("explain", "mir_30a", "--disease", "MI")
    assert r.exit_code == 2
    assert r.output == (
        "Error: 'mir_30a' is the entity mir_30a, not an intervention; interventions "
        "with it: block_mir_30a, egcg_cardiomyocyte_exos_mir_30a, exos_mir_30a, "
        "mir_30a_overexpression\n"
    )


def test_every_intervention_id_shown_is_accepted_by_explain(run):
    rows = json.loads(run("interventions", "--disease", "hepatic_IR", "--format", "json").output)
    for row in rows:
        r = run("explain", row["id"], "--disease", "hepatic_IR", "--format", "json")
        assert r.exit_code == 0, row["id"]
        assert json.loads(r.output)["intervention"] == row["id"]
    pd = json.loads(run("suggest", "--disease", "PD", "--format", "json").output)
    derived = [c["id"] for c in pd["hypotheses"] if ":" in c["id"]]
    assert derived == ["block:mir_19a_3p"]  # [41]: SH-SY5Y exosomes overloading miR-19a-3p
    r = run("explain", derived[0], "--disease", "PD", "--format", "json")
    assert json.loads(r.output)["status"] == "hypothesis"


# ---------------------------------------------------------------- defect 9


def _sentences():
    import yaml

    return yaml.safe_load((ROOT / "rules" / "sentences.yaml").read_text())["atoms"]


def _negated_in_rules() -> set[str]:
    """Negated conditions of the encoding whose trees sentences.yaml words (autophagy.lp)."""
    out = set()
    entry = (ROOT / "rules" / "autophagy.lp").read_text()
    for lp in [ROOT / "rules" / f for f in re.findall(r'#include "([^"]+)"', entry)]:
        for line in lp.read_text().splitlines():
            if line.lstrip().startswith("%"):
                continue
            for name, args in re.findall(r"\bnot\s+([a-z_]+)\(([^()]*(?:\([^()]*\)[^()]*)*)\)", line):
                depth, n = 0, 1
                for ch in args:
                    depth += ch == "("
                    depth -= ch == ")"
                    n += ch == "," and depth == 0
                out.add(f"{name}/{n}")
    return out


def test_every_negated_condition_has_its_own_sentence():
    table = _sentences()
    missing = sorted(k for k in _negated_in_rules() if f"not {k}" not in table)
    assert missing == []


@pytest.mark.parametrize("key", sorted(k for k in _sentences()))
def test_every_sentence_template_reads_in_its_polarity(key):
    from reasoner.knowledge.terms import Const
    from reasoner.reasoning.trees import Trees

    table = _sentences()
    arity = int(key.rsplit("/", 1)[1])
    pred = key.split()[-1].rsplit("/", 1)[0]
    negated = key.startswith("not ")
    trees = Trees([], None, lambda a: f"<{a.name}>" if isinstance(a, Const) else str(a))
    args = tuple(Const(f"a{i}") for i in range(arity))
    text = trees.sentence(pred, args, negated=negated)
    assert "{" not in text and "it is not the case" not in text
    assert all(f"<a{i}>" in text for i in range(arity) if f"{{{i}}}" in table[key])
    if negated:
        # a negated condition is worded about the absence, so it reads true as it stands, and
        # it differs from the positive sentence of the same atom
        assert text != trees.sentence(pred, args) if f"{pred}/{arity}" in table else True
        assert re.search(r"\b(no|not|nothing|none|without)\b", text), text
        assert not re.search(r"\bnot\b.*\bno\b|\bno\b.*\bnot\b", text), text  # no double negation


def test_tree_lines_read_true_without_an_absent_prefix(run):
    r = run("explain", "ucmsc_exos_mir_20a", "--disease", "hepatic_IR", "--stage", "reperfusion")
    assert "absent" not in r.output
    assert (
        "- no two stated roles for hepatic ischaemia/reperfusion injury at reperfusion disagree\n" in r.output
    )
    assert "- edge mir_20a_inhibits_becn1 is not tied to a disease (a general relation)\n" in r.output


def test_whole_disease_sentences_say_no_at_all(run):
    r = run("explain", "ucmsc_exos", "--disease", "PD")
    assert " at all" not in r.output
    assert (
        "- recommend umbilical cord MSC-derived exosomes (hucMSC-Exos) for Parkinson's disease  <candidate>\n"
        in r.output
    )


# ---------------------------------------------------------------- defect 10


def _cited(text: str) -> set[int]:
    body, _, refs = text.partition("\nReferences:\n")
    listed = {int(n) for n in re.findall(r"^  \[(\d+)\]", refs, re.M)}
    cited = {int(n) for grp in re.findall(r"\[(\d+(?:\]\[\d+)*)\]", body) for n in grp.split("][")}
    return listed, cited


@pytest.mark.parametrize(
    "disease,stage", [("hepatic_IR", "reperfusion"), ("COPD", None), ("PD", None), ("MI", None)]
)
def test_text_lists_exactly_the_references_it_cites(run, disease, stage):
    args = ["suggest", "--disease", disease] + (["--stage", stage] if stage else [])
    listed, cited = _cited(run(*args).output)
    assert listed == cited


def test_evidence_based_direction_shows_its_evidence(run):
    # [21]: cigarette-smoke miR-210 inhibits autophagy and improves pulmonary fibrosis (COPD)
    out = run("suggest", "--disease", "COPD").output
    assert (
        "Desired modulation: inhibit (from the studies, no role being stated)\n"
        "  - evidence: study s21_cigarette_smoke_mir_210_copd [21]: inhibit autophagy, beneficial outcome\n"
        in out
    )
    assert "  [21] Fujita YU" in out


def test_html_lists_exactly_the_references_it_links(run, tmp_path):
    out = tmp_path / "r.html"
    run("report", "--disease", "hepatic_IR", "--stage", "reperfusion", "-o", out)
    html = out.read_text()
    linked = {int(n) for n in re.findall(r'href="#ref-(\d+)"', html)}
    listed = {int(n) for n in re.findall(r'<li id="ref-(\d+)"', html)}
    assert linked == listed


# ---------------------------------------------------------------- defects 11, 12


def test_audit_text_has_no_python_reprs(run):
    out = run("audit").output.replace("None ^a", "")  # a Table 1 cell as the review prints it
    assert (
        "\\t" not in out
        and "\\\\" not in out
        and "None" not in out
        and "'" not in out.split("review says")[0]
    )
    assert (
        'the review says "OGD | Microglia | miR-190b ↑ | Neurons | Atg7 | Inhibit | Beneficial | [50]"' in out
    )


def test_check_failure_names_the_context_that_failed(run, tmp_path):
    from reasoner.check import run_checks
    from reasoner.knowledge.models import Conclusion

    c = Conclusion.model_validate(
        {
            "id": "two_contexts",
            "section": "3.3",
            "quote": "it plays a protective role during the early stage of hepatic I/R and a deleterious role during the reperfusion stage",
            "expect": [
                {"context": {"disease": "hepatic_IR", "stage": "ischaemia"}, "desired": "induce"},
                {"context": {"disease": "hepatic_IR", "stage": "reperfusion"}, "desired": "induce"},
            ],
        }
    )
    from reasoner.knowledge.store import Rec

    traces: dict = {}
    [res] = run_checks(conclusions=[Rec(c.model_dump())], traces=traces)
    assert res.status == "fail"
    assert res.failures == ["hepatic_IR at reperfusion: desired: expected induce, got inhibit"]
    where, trace = traces["two_contexts"]
    assert where == "hepatic_IR at reperfusion"
    assert "stage: reperfusion" in trace


# ---------------------------------------------------------------- defects 13, 14, 15


def test_help_examples_do_not_wrap(run):
    out = run("explain", "--help", terminal_width=60).output
    assert "\n    reasoner explain ucmsc_exos_mir_20a --disease hepatic_IR --stage reperfusion\n" in out
    assert out.rstrip().endswith("reasoner explain bmsc_exos --disease osteosarcoma --why-not")


@pytest.mark.parametrize(
    "command",
    [
        "suggest",
        "explain",
        "report",
        "diseases",
        "interventions",
        "studies",
        "refs",
        "audit",
        "check",
        "schema",
    ],
)
def test_every_help_ends_with_examples_and_h_works(run, command):
    long, short = run(command, "--help").output, run(command, "-h").output
    assert long == short
    last = long.rstrip().splitlines()
    i = max(k for k, line in enumerate(last) if line.strip() == "Examples:")
    assert all(line.strip().startswith("reasoner ") for line in last[i + 1 :])


def test_why_not_answers_only_why_not(run):
    full = run("explain", "ucmsc_exos_mir_20a", "--disease", "hepatic_IR", "--stage", "reperfusion").output
    why_not = run(
        "explain", "ucmsc_exos_mir_20a", "--disease", "hepatic_IR", "--stage", "reperfusion", "--why-not"
    ).output
    assert why_not != full
    assert (
        "Nothing argues against UCMSC-derived exosomes containing miR-20a for hepatic "
        "ischaemia/reperfusion injury at reperfusion stage: it is a candidate (rank 1)."
    ) in why_not
    assert "- nothing argues against UCMSC-derived exosomes containing miR-20a in" in why_not
    assert "<reach_step>" not in why_not and "<reach_step>" in full


def test_schema_flags_are_exclusive(run):
    r = run("schema", "--kb", "--suggestion")
    assert r.exit_code == 2
    assert r.output.endswith("Error: --kb and --suggestion cannot be used together; give one\n")


def test_stage_for_a_disease_without_stages(run):
    r = run("suggest", "--disease", "PD", "--stage", "early")
    assert r.exit_code == 2
    assert r.output == "Error: PD has no stages, so --stage 'early' does not apply; omit --stage\n"


# ---------------------------------------------------------------- defect 16


def test_html_citations_are_links_with_a_space(run, tmp_path):
    out = tmp_path / "r.html"
    run("report", "--disease", "PD", "-o", out)
    html = out.read_text()
    # 4.2 [92]: silencing ATG5 "increased the extracellular secretion of α -synuclein" in PD
    # (issue 24: hepatic [74] at reperfusion is contested, no longer advised against)
    avoid = html.split('id="avoid-silence_atg5"')[1].split("</h3>")[0]
    assert '<a class="cite" href="#ref-92">[92]</a>' in avoid
    bullet = html.split('id="avoid-silence_atg5"')[1].split("</li>")[0]
    assert 's92_atg5_silencing_alpha_synuclein_secretion <a class="cite" href="#ref-92">[92]</a>' in bullet
    assert not re.search(r'\w<a class="cite"', html)


# ---------------------------------------------------------------- defect 17


def test_user_records_are_marked_in_every_format(run, mine, tmp_path):
    base = ["suggest", "--disease", "hepatic_IR", "--stage", "reperfusion", "--facts", mine]
    text = run(*base).output
    assert "Your facts file: mine.yaml (sha256 " in text
    assert "[YOUR FACTS: mine.yaml]" in text
    md = run(*base, "--format", "md").output
    assert "**your facts: mine.yaml** (sha256 " in md
    assert "\\[your facts: mine.yaml; source: doi:10.1000/example.123; source: pmid:12345678\\]" in md
    data = json.loads(run(*base, "--format", "json").output)
    [user] = [s for c in data["candidates"] for s in c["support"] if s["study"] == "my_liver_study"]
    assert user["user_file"] == "mine.yaml"
    assert user["sources"] == ["doi:10.1000/example.123", "pmid:12345678"]
    assert data["context"]["facts_files"][0]["file"] == "mine.yaml"
    assert len(data["context"]["facts_files"][0]["sha256"]) == 64
    html = run(*base, "--format", "html").output
    assert (
        '<span class="user" title="a record from your --facts file, not from the review">your facts: mine.yaml</span>'
        in html
    )
    bundled = [s for c in data["candidates"] for s in c["support"] if s["study"] != "my_liver_study"]
    assert bundled and all(s["user_file"] is None for s in bundled)


def test_a_record_needs_review_refs_or_own_sources(run, tmp_path):
    p = tmp_path / "bare.yaml"
    p.write_text(MINE.replace('  sources: ["doi:10.1000/example.123", "pmid:12345678"]\n', ""))
    r = run("suggest", "--disease", "PD", "--facts", p)
    assert r.exit_code == 2
    assert (
        "give refs (numbers 1-96 of the review's reference list) or, for your own record, "
        "sources (DOI, PMID or free text)" in r.output
    )
    assert r.output.count("\n") == 1


def test_bundled_records_cite_the_review_only(kb):
    from reasoner.knowledge.kb import SECTION_MODELS

    for section in SECTION_MODELS:
        for rec in getattr(kb.kb, section):
            if hasattr(rec, "sources"):
                assert not rec.sources, (section, rec)
                assert rec.refs or rec.provenance != "review", (section, rec)


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    "typed,disease",
    [
        ("liver ischemia reperfusion", "hepatic_IR"),
        ("liver IRI", "hepatic_IR"),
        ("hepatic ischemia", "hepatic_IR"),
        ("myocardial ischemia reperfusion", "myocardial_IR"),
        ("Reperfusion ischaemia myocardial", "myocardial_IR"),
        ("cardiac IRI", "myocardial_IR"),
    ],
)
def test_names_users_type(run, typed, disease):
    r = run("suggest", "--disease", typed, "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["context"]["disease"] == disease


@pytest.mark.parametrize("typed", ["ischemia reperfusion", "reperfusion injury", "I/R"])
def test_ambiguous_names_list_the_diseases(run, typed):
    r = run("suggest", "--disease", typed)
    assert r.exit_code == 2
    assert r.output == (
        f"Error: ambiguous disease {typed!r}: it could mean cerebral_IR, hepatic_IR, "
        "myocardial_IR; give one of them\n"
    )


def test_unknown_names_suggest_by_words_not_letters(run):
    r = run("suggest", "--disease", "HCC")
    assert r.exit_code == 2 and "HCV" not in r.output.split("valid:")[0]
    r = run("suggest", "--disease", "myocardal infarction")
    assert r.output.startswith("Error: unknown disease 'myocardal infarction'; did you mean MI,")


def test_api_resolves_names_too():
    from reasoner import suggest

    assert suggest("hepatic ischemia", trees=False).context.disease == "hepatic_IR"


def test_the_resolver_serves_interventions_and_entities(run):
    r = run(
        "explain",
        "UCMSC-derived exosomes containing miR-20a",
        "--disease",
        "liver IRI",
        "--stage",
        "reperfusion",
        "--format",
        "json",
    )
    assert json.loads(r.output)["intervention"] == "ucmsc_exos_mir_20a"
    rows = json.loads(run("studies", "--cargo", "miR-20a", "--format", "json").output)
    assert [s["id"] for s in rows] == ["s75_ucmsc_mir_20a_hepatic_ir"]


# ---------------------------------------------------------------- finding things


def test_interventions_filters(run):
    r = run("interventions", "--cargo", "miR-30a", "--kind", "cargo_blockade")
    assert r.exit_code == 0
    lines = r.output.splitlines()
    assert lines[0].split() == ["ID", "KIND", "CARGO", "DISEASES", "EFFECTS", "REFS", "LABEL"]
    assert [ln.split()[0] for ln in lines[1:]] == ["block_mir_30a"]
    r = run("interventions", "--kind", "vaccine")
    assert r.exit_code == 2
    assert r.output.startswith("Error: unknown intervention kind 'vaccine'; valid: ")


def test_studies_filters(run):
    by_ref = json.loads(run("studies", "--ref", "75", "--format", "json").output)
    assert {s["id"] for s in by_ref} == {"s75_ucmsc_mir_20a_hepatic_ir"}
    becn1 = json.loads(run("studies", "--gene", "Beclin-1", "--format", "json").output)
    assert "s75_ucmsc_mir_20a_hepatic_ir" in {s["id"] for s in becn1}
    inhibit = json.loads(
        run("studies", "--disease", "hepatic_IR", "--effect", "inhibit", "--format", "json").output
    )
    assert {s["refs"][0] for s in inhibit} == {75}
    r = run("studies", "--ref", "200")
    assert r.exit_code == 2 and r.output == "Error: unknown reference number '200'; valid: 1-96\n"


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "ndjson"])
@pytest.mark.parametrize("command", ["diseases", "interventions", "studies", "refs"])
def test_list_formats(run, command, fmt):
    r = run(command, "--format", fmt)
    assert r.exit_code == 0
    lines = r.output.splitlines()
    if fmt == "json":
        assert isinstance(json.loads(r.output), list)
    elif fmt == "ndjson":
        assert all(isinstance(json.loads(x), dict) for x in lines)
    elif fmt in ("csv", "tsv") or command != "refs":
        assert lines[0].split("," if fmt == "csv" else None)[0].lower() in ("id", "n")


def test_refs_ranges(run):
    r = run("refs", "75-77")
    assert [ln[:4] for ln in r.output.splitlines()] == ["[75]", "[76]", "[77]"]
    bad = run("refs", "77-75")
    assert bad.exit_code == 2
    assert bad.output == "Error: unknown reference number '77-75'; valid: 1-96, or a range like 75-77\n"


def test_lists_sort_case_insensitively(run):
    ids = [d["id"] for d in json.loads(run("diseases", "--format", "json").output)]
    assert ids == sorted(ids, key=str.casefold)


def test_no_name_repeated_as_its_id(run):
    out = run("suggest", "--disease", "osteosarcoma").output
    assert "osteosarcoma (osteosarcoma)" not in out
    assert out.startswith("osteosarcoma\n")


def test_shell_completion_of_ids():
    from click.shell_completion import ShellComplete

    from reasoner.cli import cli

    comp = ShellComplete(cli, {}, "reasoner", "_REASONER_COMPLETE")
    assert [c.value for c in comp.get_completions(["suggest", "--disease"], "hep")] == ["hepatic_IR"]
    stages = comp.get_completions(["suggest", "--disease", "hepatic_IR", "--stage"], "")
    assert [c.value for c in stages] == ["ischaemia", "reperfusion"]
    ivs = [c.value for c in comp.get_completions(["explain"], "ucmsc_exos_mir")]
    assert ivs == ["ucmsc_exos_mir_20a"]


def test_quiet_and_verbose_are_exclusive(run):
    r = run("-q", "-v", "diseases")
    assert r.exit_code == 2
    assert r.output.endswith("Error: -q and -v cannot be used together; give one\n")


def test_verbose_names_the_facts_files(run, mine):
    r = run("-v", "suggest", "--disease", "PD", "--facts", mine, "--format", "json")
    assert re.search(r"^facts file mine\.yaml sha256 [0-9a-f]{64}$", r.stderr, re.M)


# ---------------------------------------------------------------- Python API


def test_python_api_has_real_signatures_and_version():
    import importlib.metadata
    import inspect

    import reasoner

    assert list(inspect.signature(reasoner.suggest).parameters)[:3] == ["disease", "stage", "autophagy_state"]
    assert "what autophagy does" in reasoner.suggest.__doc__
    assert "why_not" in inspect.signature(reasoner.explain).parameters
    assert reasoner.__version__ == importlib.metadata.version("reasoner")


def test_repr_html_is_a_scoped_fragment():
    from reasoner import suggest
    from reasoner.reporting import notebook

    html = notebook.html(suggest("hepatic_IR", "reperfusion"))
    assert html.startswith('<div class="rr">') and html.rstrip().endswith("</div>")
    assert "<!DOCTYPE" not in html and "<body" not in html and "<html" not in html
    css = html.split("<style>")[1].split("</style>")[0]
    css = re.sub(r"@media[^{]*\{", "", css)  # rules inside a media query are checked alike
    selectors = [s.strip() for rule in re.findall(r"([^{}]+)\{", css) for s in rule.split(",")]
    assert selectors and all(s.startswith(".rr") for s in selectors), selectors


def test_an_ipython_shell_shows_answers_as_their_reports():
    """The reprs are registered with IPython's display formatters (the answer types carry no
    rendering code); ``reasoner.api`` registers them when IPython is running."""
    pytest.importorskip("IPython")
    from IPython.core.interactiveshell import InteractiveShell

    from reasoner import api
    from reasoner.reporting import notebook

    shell = InteractiveShell.instance()
    assert notebook.register(shell)
    for answer in (api.suggest("MI", trees=False), api.explain("bmsc_hlc_exos", "hepatic_IR", "reperfusion")):
        data, _ = shell.display_formatter.format(answer)
        assert data["text/html"].startswith('<div class="rr">'), type(answer)
        assert data["text/markdown"] == notebook.markdown(answer)


def test_repr_html_in_a_real_kernel():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.v4.new_notebook()
    nb.cells.append(
        nbformat.v4.new_code_cell("from reasoner import suggest\nsuggest('hepatic_IR', 'reperfusion')")
    )
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    [out] = [o for o in nb.cells[0].outputs if o.output_type == "execute_result"]
    html = out.data["text/html"]
    assert html.startswith('<div class="rr">') and "body{" not in html and "<!DOCTYPE" not in html


# ---------------------------------------------------------------- HTML report


def test_html_report_header_and_words(run, tmp_path):
    out = tmp_path / "r.html"
    run("report", "--disease", "myocardial_hypoxia", "-o", out)
    html = out.read_text()
    from reasoner import __version__

    assert re.search(rf"reasoner {re.escape(__version__)} · knowledge base [0-9a-f]{{12}}", html)
    # raw enum values only as hover titles
    assert '<strong title="stage_dependent">stage-dependent</strong>' in html
    assert ">stage_dependent<" not in html and "desired_decided<" not in html
    assert '<button type="button" data-trees="open">Expand all</button>' in html
    # the By-stage table names candidates and links those shown on the page
    by_stage = html.split("<h2>By stage</h2>")[1].split("</table>")[0]
    assert "block_mir_30a" not in by_stage.replace('href="#cand-block_mir_30a"', "")
    assert '<a href="#cand-block_mir_30a">Inhibition of exosomal miR-30a transfer' in by_stage


def test_html_report_is_deterministic(run, tmp_path):
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    run("report", "--disease", "MI", "-o", a)
    run("report", "--disease", "MI", "-o", b)
    assert a.read_bytes() == b.read_bytes()


def test_mechanism_svg_is_a_pathway_sketch(run, tmp_path):
    out = tmp_path / "r.html"
    run("report", "--disease", "hepatic_IR", "--stage", "reperfusion", "-o", out)
    svg = out.read_text().split('<svg class="mech"')[1].split("</svg>")[0]
    # [75]: miR-20a inhibits Beclin-1-mediated autophagy
    assert ">miR-20a</text>" in svg and ">Beclin-1</text>" in svg and ">autophagy</text>" in svg
    assert "<title>miR-20a inhibits Beclin-1 (edge mir_20a_inhibits_becn1) [75]</title>" in svg
    assert 'marker-end="url(#inh-' in svg and "⊣" in svg
    assert '<a href="#ref-75"><text' in svg


def test_index_page_names_diseases_and_sorts(run, tmp_path):
    run("report", "--all", "--disease", "hepatic_IR", "-o", tmp_path / "h")
    html = (tmp_path / "h" / "index.html").read_text()
    assert '<a href="hepatic_IR-reperfusion.html">hepatic ischaemia/reperfusion injury</a>' in html
    assert "UCMSC-derived exosomes containing miR-20a" in html  # top candidate at reperfusion [75]
    assert 'id="filter"' in html and "localeCompare" in html


def test_check_reads_dropped_evidence_from_the_solve_not_the_wording(monkeypatch):
    """`evidence_accounted` conclusions keep their verdicts when the warning is reworded."""
    from reasoner.check import load_conclusions, run_checks
    from reasoner.reasoning.trees import sentences
    from reasoner.reporting.json_data import plain

    items = [c for c in load_conclusions() if any(e.evidence_accounted is not None for e in c.expect)]
    assert items
    before = plain(run_checks(conclusions=items))
    monkeypatch.setitem(sentences()["warnings"], "dropped", "{2} is left out in {0} at {1}")
    after = plain(run_checks(conclusions=items))
    assert after == before and all(r["status"] == "pass" for r in after)


def test_score_notes_come_from_sentences(run):
    data = json.loads(
        run("suggest", "--disease", "hepatic_IR", "--stage", "reperfusion", "--format", "json").output
    )
    notes = {p["name"]: p["note"] for p in data["candidates"][0]["score_parts"]}
    assert notes["papers"] == "one independent concordant paper"
    assert notes["mechanism"] == "a sign-consistent mechanism path"


def test_quotes_link_to_their_passage_in_the_review(run, tmp_path):
    out = tmp_path / "r.html"
    run("report", "--disease", "hepatic_IR", "--stage", "reperfusion", "-o", out)
    html = out.read_text()
    # [75] quoted in section 3.3; the passage is inlined with the quote highlighted
    m = re.search(
        r"Exosomal miR-20 derived from UCMSCs reduced liver I/R injury by inhibiting "
        r'Beclin-1-mediated autophagy\. <a class="src" href="#(review-p\d+)" '
        r'title="the passage in the review">\(section 3\.3, Liver diseases\)</a>',
        html,
    )
    assert m
    passage = html.split(f'<p id="{m.group(1)}" class="passage">')[1].split("</p>")[0]
    assert (
        "<mark>Exosomal miR-20 derived from UCMSCs reduced liver I/R injury by inhibiting "
        "Beclin-1-mediated autophagy.</mark>"
    ) in passage


def test_user_quotes_do_not_link_into_the_review(run, mine, tmp_path):
    out = tmp_path / "u.html"
    run("report", "--disease", "hepatic_IR", "--stage", "reperfusion", "--facts", mine, "-o", out)
    html = out.read_text()
    assert "inhibited autophagy in reperfused liver.</blockquote>" in html


def test_report_all_shows_progress_on_a_terminal(tmp_path):
    import os
    import pty
    import subprocess
    import sys

    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "100"}
    done = subprocess.run(
        [sys.executable, "-m", "reasoner", "report", "--all", "--disease", "PD", "-o", str(tmp_path / "pd")],
        stderr=slave,
        stdout=subprocess.PIPE,
        env=env,
        timeout=300,
    )
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert done.returncode == 0
    text = seen.decode()
    assert "writing reports" in text and "100%" in text
    assert done.stdout.decode() == f"wrote 2 files to {tmp_path / 'pd'}\n"


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
@pytest.mark.parametrize(
    "args",
    [
        ("--disease", "MI"),
        ("--disease", "hepatic_IR", "--stage", "reperfusion"),
        ("--disease", "PD"),
        ("--disease", "COPD"),
    ],
)
def test_no_debug_wording(run, fmt, args):
    out = run("suggest", *args, "--format", fmt).output
    for phrase in (
        " at all ",
        " at all\n",
        " is: ",
        "Mechanism of ",
        "(absent)",
        "absent:",
        "plausible: a path is necessary",
        "(basis: ",
        "same evidence",
        "unstated",
        "(see above)",
        "paper(s)",
        "stage_dependent<",
        "\\uparrow",
    ):
        visible = re.sub(r'title="[^"]*"', "", out)  # raw values may stay as hover titles
        assert phrase not in visible, phrase

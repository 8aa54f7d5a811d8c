"""Bad input, user facts, injection payloads, escaping, determinism, properties."""

import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reasoner.knowledge import kb as K
from reasoner.api import build, query_atoms, resolve_context, run
from reasoner.errors import SolverTimeout
from reasoner.reasoning.solver import solve
from reasoner.reporting.json_data import plain

PAYLOADS = [
    'x").',
    "a. b :- c.",
    "% comment",
    ":- not a.",
    '#include "/etc/passwd".',
    "#script (python) import os #end.",
    "line\nbreak",
    "x" * 5000,
    "ümlaut-α",
    "()",
    "'\"",
    "",
]

STUDY = """studies:
- id: {id}
  refs: [75]
  quote: Exosomal miR-20 derived from UCMSCs reduced liver I/R injury by inhibiting Beclin-1-mediated autophagy.
  section: '3.3'
  disease: hepatic_IR
  condition: {condition}
  intervention: {intervention}
  autophagy_effect: {effect}
  outcome: beneficial
  evidence: in_vivo
"""


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("option", ["--disease", "--stage", "--autophagy-state", "--format"])
def test_payload_in_options(run, payload, option):
    args = {"--disease": "hepatic_IR", "--stage": "reperfusion"}
    args[option] = payload
    argv = ["suggest"] + [x for kv in args.items() for x in kv]
    r = run(*argv)
    assert r.exit_code in (0, 2)
    if r.exit_code == 2:
        assert r.output.startswith("Error: ") and r.output.count("\n") == 1
        assert "syntax error" not in r.output


@pytest.mark.parametrize("payload", PAYLOADS[:9])
def test_payload_in_user_facts_is_data(run, tmp_path, payload):
    f = tmp_path / "mine.yaml"
    f.write_text(
        STUDY.format(
            id="my_study", condition=json.dumps(payload), intervention="ucmsc_exos_mir_20a", effect="inhibit"
        )
    )
    r = run("suggest", "--disease", "hepatic_IR", "--stage", "reperfusion", "--facts", f, "--format", "json")
    assert r.exit_code == 0
    data = json.loads(r.output)
    cand = next(c for c in data["candidates"] if c["id"] == "ucmsc_exos_mir_20a")
    assert "my_study" in {s["study"] for s in cand["support"]}


def test_html_and_markdown_escape_user_strings(run, tmp_path):
    f = tmp_path / "xss.yaml"
    f.write_text(
        """interventions:
- id: evil_exos
  label: "<script>alert(1)</script> [click](http://evil.example)"
  kind: msc_exosome
  refs: [75]
"""
        + STUDY.format(id="evil_study", condition="x", intervention="evil_exos", effect="inhibit")[
            len("studies:\n") - 1 :
        ].replace("- id", "studies:\n- id", 1)
    )
    html = run(
        "suggest", "--disease", "hepatic_IR", "--stage", "reperfusion", "--facts", f, "--format", "html"
    ).output
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    md = run(
        "suggest", "--disease", "hepatic_IR", "--stage", "reperfusion", "--facts", f, "--format", "md"
    ).output
    assert "[click](http" not in md and "\\<script\\>" in md


def test_broken_user_file_names_file_record_field_line(run, tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text(STUDY.format(id="bad_one", condition="x", intervention="ucmsc_exos_mir_20a", effect="boost"))
    r = run("suggest", "--disease", "PD", "--facts", f)
    assert r.exit_code == 2
    assert r.output.startswith(f"Error: {f}:2, record 'bad_one', field 'autophagy_effect': ")
    assert r.output.count("\n") == 1


def test_unknown_reference_in_user_file(run, tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text(STUDY.format(id="s1", condition="x", intervention="no_such_thing", effect="inhibit"))
    r = run("suggest", "--disease", "PD", "--facts", f)
    assert r.exit_code == 2
    assert "record 's1', field 'intervention': unknown intervention 'no_such_thing'" in r.output


def test_invalid_yaml_and_missing_file(run, tmp_path):
    f = tmp_path / "x.yaml"
    f.write_text("studies: [\n  - id: a\n  b: [\n")
    r = run("suggest", "--disease", "PD", "--facts", f)
    assert r.exit_code == 2 and "invalid YAML" in r.output
    r = run("suggest", "--disease", "PD", "--facts", tmp_path / "nope.yaml")
    assert r.exit_code == 2 and "file not found" in r.output


def test_a_section_given_twice_in_a_facts_file_is_refused(run, tmp_path):
    f = tmp_path / "twice.yaml"
    f.write_text("studies: []\nedges: []\nstudies: []\n")
    r = run("suggest", "--disease", "PD", "--facts", f)
    assert r.exit_code == 2
    assert r.output == f"Error: {f}:3: duplicate key 'studies' (first at line 1)\n"


def test_reusing_bundled_id_needs_override(run, tmp_path):
    f = tmp_path / "dup.yaml"
    f.write_text(
        STUDY.format(
            id="s75_ucmsc_mir_20a_hepatic_ir",
            condition="x",
            intervention="ucmsc_exos_mir_20a",
            effect="induce",
        )
    )
    r = run("suggest", "--disease", "hepatic_IR", "--stage", "reperfusion", "--facts", f)
    assert r.exit_code == 2 and "--override" in r.output
    r = run(
        "suggest",
        "--disease",
        "hepatic_IR",
        "--stage",
        "reperfusion",
        "--facts",
        f,
        "--override",
        "--format",
        "json",
    )
    assert r.exit_code == 0
    data = json.loads(r.output)
    # the replaced study (no stage, now inducing) is contested at reperfusion (issue 24)
    assert "contested: ucmsc_exos_mir_20a" in {c["about"] for c in data["conflicts"]}


def test_contradictory_user_study_is_a_conflict(run, tmp_path):
    f = tmp_path / "contra.yaml"
    f.write_text(
        STUDY.format(id="my_contra", condition="x", intervention="ucmsc_exos_mir_20a", effect="induce")
    )
    data = json.loads(
        run(
            "suggest", "--disease", "hepatic_IR", "--stage", "reperfusion", "--facts", f, "--format", "json"
        ).output
    )
    assert any("my_contra" in s["studies"] for c in data["conflicts"] for s in c["sides"])


def test_timeout_zero_is_a_usage_error(run):
    r = run("suggest", "--disease", "PD", "--timeout", "0")
    assert r.exit_code == 2
    assert r.output == "Error: invalid --timeout '0'; give seconds from 0.001 to 86400\n"


def test_timeout_hit_gives_one_clear_line(run):
    # grounding the bundled rules alone takes far longer than a millisecond
    r = run("suggest", "--disease", "PD", "--timeout", "0.001")
    assert r.exit_code == 2
    assert r.output == (
        "Error: the solver did not finish within 0.001 s; raise --timeout or ask a narrower question\n"
    )


def test_timeout_interrupts_a_long_search():
    # pigeonhole: 11 pigeons in 10 holes has no model and takes the solver long to refute
    hard = "pigeon(1..11). hole(1..10). 1 { in(P,H) : hole(H) } 1 :- pigeon(P). :- in(P,H), in(Q,H), P < Q."
    with pytest.raises(SolverTimeout):
        solve([], program=hard, timeout=0.2)


def test_generous_timeout_answers(run):
    r = run("suggest", "--disease", "PD", "--timeout", "60", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.output)["context"]["disease"] == "PD"


CONTRA_EDGE = """edges:
- id: my_mtor_activates_autophagy
  source: mtor
  target: autophagy
  sign: '+'
  refs: [28]
  quote: Under stress conditions, mTOR is inactivated, whereas the ULK complex (composed of ULK1, FIP200, and autophagy-related protein 13 [Atg13]) is activated.
  section: '2.2'
"""


def test_user_edge_against_integrity_constraint_names_constraint_and_records(run, tmp_path):
    f = tmp_path / "contra_edge.yaml"
    f.write_text(CONTRA_EDGE)
    r = run("suggest", "--disease", "hepatic_IR", "--stage", "reperfusion", "--facts", f)
    assert r.exit_code == 2
    assert r.output.count("\n") == 1 and "Traceback" not in r.output
    assert r.output.startswith("Error: the knowledge base is contradictory: constraint ic_edge_sign (")
    assert "edges mtor_inhibits_autophagy (bundled)" in r.output
    assert "edges my_mtor_activates_autophagy (contra_edge.yaml)" in r.output
    assert "UNSATISFIABLE" not in r.output


def test_edge_for_one_disease_is_an_exception_not_a_contradiction(run, tmp_path):
    f = tmp_path / "exception.yaml"
    f.write_text(CONTRA_EDGE.replace("  section: '2.2'\n", "  section: '2.2'\n  context: PD\n"))
    r = run("suggest", "--disease", "PD", "--facts", f)
    assert r.exit_code == 0


def _answer(kb, disease, stage=None):
    kb = K.store(kb)
    d, sid, state = resolve_context(kb, disease, stage, None)
    return build(kb, run(kb, [(d.id, state)]), d, sid, state)


def test_shuffled_facts_same_answer():
    atoms = K.store(K.load()).atoms()
    ref = solve(atoms, query_atoms([("MI", None)])).atoms
    random.Random(7).shuffle(atoms)
    assert solve(atoms, query_atoms([("MI", None)])).atoms == ref


def test_unrelated_disease_does_not_change_answer(tmp_path):
    base = plain(_answer(K.load(), "hepatic_IR", "reperfusion"))
    f = tmp_path / "other.yaml"
    f.write_text("""diseases:
- id: zz_other
  name: another disease
  organ: skin
  system: integumentary
  refs: [5]
  quote: Autophagy is a common metabolic process in most eukaryotic cells
  section: '1'
roles:
- id: zz_role
  disease: zz_other
  role: protective
  refs: [5]
  quote: Autophagy is a common metabolic process in most eukaryotic cells
  section: '1'
""")
    kb2 = K.load([f])
    assert plain(_answer(kb2, "hepatic_IR", "reperfusion")) == base


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(disease=st.text(max_size=30), stage=st.text(max_size=20))
def test_random_strings_never_traceback(run, disease, stage):
    from click.testing import CliRunner

    from reasoner.cli import cli

    r = CliRunner().invoke(cli, ["suggest", "--disease", disease, "--stage", stage])
    assert r.exit_code in (0, 2), r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)


def test_study_without_autophagy_effect_is_refused_unless_machinery(run, tmp_path):
    f = tmp_path / "noeffect.yaml"
    f.write_text(
        STUDY.format(
            id="my_noeffect", condition="x", intervention="ucmsc_exos_mir_20a", effect="induce"
        ).replace("  autophagy_effect: induce\n", "")
    )
    r = run("suggest", "--disease", "hepatic_IR", "--facts", f)
    assert r.exit_code == 2 and r.output.count("\n") == 1
    assert "noeffect.yaml" in r.output and "my_noeffect" in r.output
    assert "autophagy_effect is required" in r.output

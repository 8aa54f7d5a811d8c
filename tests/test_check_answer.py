"""`reasoner check --format json` is a JSON contract with one definition, like every answer.

The check answer is an answer dataclass (``reasoner.check_answer.ConclusionResult``, a list
of them: ``Check``) written through ``reporting.json_data.plain``; its JSON Schema
(``reasoner schema --check``) is committed beside the others and must not drift, and the
real output of the command, passing and failing, validates against it.
"""

import json
from pathlib import Path

import jsonschema
import pytest
from pydantic import TypeAdapter

from reasoner.check import load_conclusions
from reasoner.check_answer import Check, ConclusionResult, check_json
from reasoner.schemas import export
from reasoner.verdict import said

SCHEMA = Path(__file__).parent.parent / "reasoner" / "schema" / "check.json"
MISREAD = Path(__file__).parent / "data" / "impact_oa_misread.yaml"


def test_check_schema_has_not_drifted(run):
    assert SCHEMA.read_text() == export("check")
    assert run("schema", "--check").stdout == SCHEMA.read_text()


def test_check_json_validates_against_the_committed_schema(run):
    """The review's conclusions all hold on the bundled knowledge base: every one is listed,
    in the order of facts/conclusions.yaml, with its four keys in their order."""
    r = run("check", "--format", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    jsonschema.validate(out, json.loads(SCHEMA.read_text()))
    assert [x["id"] for x in out] == [c.id for c in load_conclusions()]
    assert all(list(x) == ["id", "section", "status", "failures"] for x in out)
    assert all(x["status"] == "pass" and x["failures"] == [] for x in out)
    # the JSON reads back through the answer's one definition and writes the same bytes
    back = TypeAdapter(Check).validate_json(r.stdout)
    assert all(isinstance(x, ConclusionResult) for x in back)
    assert check_json(back) + "\n" == r.stdout


def test_failing_check_json_validates_and_names_the_failures(run):
    # the impact test's misread record: 3.5 says IPFP MSC-derived exosomes "partly enhanced
    # the autophagic level of chondrocytes" [82]; reading it as inhibition makes OA's
    # desired modulation uncertain, so the conclusions that expect induce fail
    r = run("check", "--facts", MISREAD, "--format", "json")
    assert r.exit_code == 1, r.output
    out = json.loads(r.stdout)
    jsonschema.validate(out, json.loads(SCHEMA.read_text()))
    failed = {x["id"]: x for x in out if x["status"] == "fail"}
    assert "oa_ipfp_msc_exos_mir_100_5p" in failed
    assert failed["oa_ipfp_msc_exos_mir_100_5p"]["failures"] == [
        "OA: desired: expected induce, got uncertain"
    ]
    assert all(x["failures"] == [] for x in out if x["status"] == "pass")
    # beside the words, each failure as a code a client decides on: the same failures in the
    # same order; the expectation's context (the conclusion has several) as codes, not words
    codes = failed["oa_ipfp_msc_exos_mir_100_5p"]["failure_codes"]
    assert codes == [
        {
            "code": "desired",
            "args": {"want": "induce", "got": "uncertain"},
            "context": {"disease": "OA"},
            "text": "OA: desired: expected induce, got uncertain",
        }
    ]
    assert all([c["text"] for c in x["failure_codes"]] == x["failures"] for x in failed.values())
    assert all("failure_codes" not in x for x in out if x["status"] == "pass")
    # a result of another shape is refused by the schema
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{**out[0], "status": "skipped"}], json.loads(SCHEMA.read_text()))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{**out[0], "trace": "x"}], json.loads(SCHEMA.read_text()))


def test_a_failure_code_is_its_words_key_and_words_the_same_failure():
    """Every code of the schema is a key of phrases.check (the words of the failure), and a
    code's arguments are the data of its words: a value the words say in English is null."""
    from typing import get_args

    from reasoner.check_answer import FailureCode
    from reasoner.knowledge.catalogue import entry
    from reasoner.verdict import failed

    assert all(isinstance(entry(f"phrases.check.{code}"), str) for code in get_args(FailureCode))
    # and every failure the checks make has a code of the schema
    import re

    root = Path(__file__).parent.parent / "reasoner"
    made = {
        m
        for p in ("verdict.py", "check.py")
        for m in re.findall(r'failed\(\s*"(\w+)"', (root / p).read_text())
    }
    made |= {"helpful_for", "direction_agrees"}  # failed(wanted, ...) over these two (check.py)
    assert made == set(get_args(FailureCode))
    f = failed("caveats", {"got": None}, item="role", want=["x1"], got=said("no_such_item"))
    assert f.code == "caveats" and f.args == {"item": "role", "want": ["x1"], "got": None}
    assert f.text == said("caveats", item="role", want=["x1"], got=said("no_such_item"))
    assert failed("cautions", id="a", want=[1], got={3, 2}).args["got"] == [2, 3]


COVERAGE = Path(__file__).parent.parent / "reasoner" / "schema" / "coverage.json"


def test_coverage_json_is_an_answer_with_a_committed_schema(run):
    """`check --coverage --format json` is the answer ``Coverage`` (section, conclusions per
    section, in the review's order), its schema committed and drift-tested like the others."""
    from reasoner.check import coverage
    from reasoner.check_answer import Coverage, coverage_json

    assert COVERAGE.read_text() == export("coverage")
    assert run("schema", "--coverage").stdout == COVERAGE.read_text()
    r = run("check", "--coverage", "--format", "json")
    assert r.exit_code == 0
    out = json.loads(r.stdout)
    jsonschema.validate(out, json.loads(COVERAGE.read_text()))
    assert [(x["section"], x["conclusions"]) for x in out] == coverage(load_conclusions())
    assert all(list(x) == ["section", "conclusions"] for x in out)
    back = TypeAdapter(Coverage).validate_json(r.stdout)  # reads back, writes the same bytes
    assert coverage_json([(x.section, x.conclusions) for x in back]) + "\n" == r.stdout
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{**out[0], "conclusions": "7"}], json.loads(COVERAGE.read_text()))


def test_text_check_still_shows_the_failing_contexts_answer(run):
    """The text output shows, below a failing conclusion, the answer of its first failing
    context; the JSON never carries it (it is not a field of the answer)."""
    r = run("check", "--facts", MISREAD)
    assert r.exit_code == 1
    assert said("derived_answer", context="OA") in r.stdout
    assert "trace" not in {f for f in ConclusionResult.__dataclass_fields__}

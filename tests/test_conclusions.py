"""The review's stated conclusions, each its own test (facts/conclusions.yaml)."""

from types import SimpleNamespace

import pytest

from reasoner.knowledge import kb as K
from reasoner.check import coverage, load_conclusions, run_checks

CONCLUSIONS = load_conclusions()
RESULTS = {r.id: r for r in run_checks(conclusions=CONCLUSIONS)}


@pytest.mark.parametrize("conclusion", CONCLUSIONS, ids=[c.id for c in CONCLUSIONS])
def test_conclusion(conclusion):
    assert K.normalise(conclusion.quote) in K.review()
    result = RESULTS[conclusion.id]
    assert result.status == "pass", "\n".join(result.failures)


def test_coverage():
    sections = dict(coverage(CONCLUSIONS))
    assert len(CONCLUSIONS) >= 40
    for s in [
        "Abstract",
        "1",
        "2.2",
        "Table 1",
        "2.3.1",
        "2.3.2",
        "2.3.3",
        "3.1",
        "3.2",
        "3.3",
        "3.4",
        "3.5",
        "4.1",
        "4.2",
        "5",
        "6",
    ]:
        assert sections.get(s, 0) >= 1, s
    # Table 1's mechanisms are not conclusions (the edges were written from the same rows, so such
    # a check could not fail); `reasoner audit` reports them instead (tests/test_cli.py).


def test_check_cli_reports_failures_with_exit_1(run, tmp_path):
    # a curator's proposed study that contradicts [76]: enhancing autophagy helps at reperfusion
    # does not break anything by itself; a role record that flips reperfusion does.
    bad = tmp_path / "flip.yaml"
    bad.write_text(
        "roles:\n- id: hepatic_ir_reperfusion_deleterious\n  disease: hepatic_IR\n  stage: reperfusion\n"
        "  role: protective\n  refs: [76]\n  quote: it plays a protective role during the early stage of hepatic I/R\n"
        "  section: '3.3'\n"
    )
    r = run("check", "--facts", bad, "--override", "--format", "json")
    assert r.exit_code == 1
    import json

    failed = {x["id"] for x in json.loads(r.output) if x["status"] == "fail"}
    assert any("hepatic_ir" in f for f in failed)
    assert run("check", "--coverage").exit_code == 0


def test_coverage_lists_sections_in_the_reviews_order():
    """The review has the Abstract, then sections 1-6; its Table 1 stands inside 2.3, after the
    2.3 heading and before 2.3.1 (facts/review.txt).  A section the review has no heading
    for (a user's) comes last."""
    listed = [s for s, _ in coverage(CONCLUSIONS)]
    assert listed[0] == "Abstract"
    assert listed.index("2.2") < listed.index("Table 1") < listed.index("2.3.1") < listed.index("3.1")
    assert listed.index("4.2") < listed.index("5") < listed.index("6")
    extra = SimpleNamespace(section="my notes")  # coverage reads only the section
    assert [s for s, _ in coverage([*CONCLUSIONS, extra])][-1] == "my notes"

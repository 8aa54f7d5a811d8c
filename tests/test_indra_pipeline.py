"""Issue 26, item 10: INDRA's own pipeline on the export (curation extra).

``run_preassembly`` failed on the export ("BeliefEngine missing probability parameter
for source: xing2021").  The export's sources now have shipped priors
(reasoner/interop/belief.py); preassembly and ``filter_grounded_only`` run on the
file the installed CLI writes.
"""

import json
import subprocess

import pytest

from test_piped_inputs import cli

indra = pytest.importorskip("indra")


@pytest.fixture(scope="module")
def stmts(tmp_path_factory):
    from indra.statements import stmts_from_json

    out = tmp_path_factory.mktemp("indra") / "g.json"
    done = subprocess.run(
        [*cli(), "export", "--format", "indra", "-o", str(out)], capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()
    return stmts_from_json(json.loads(out.read_text(encoding="utf-8")))


def test_every_exported_source_has_a_prior(stmts):
    from indra.belief import load_default_probs

    from reasoner.interop.belief import PRIORS

    known = set(load_default_probs()["rand"]) | set(PRIORS["rand"])
    sources = {ev.source_api for s in stmts for ev in s.evidence}
    assert {"xing2021", "reasoner"} <= sources
    assert sources <= known


def test_run_preassembly_and_filter_grounded_only(stmts):
    from indra.tools import assemble_corpus as ac

    from reasoner.interop.belief import offline_ontology, run_preassembly

    with pytest.raises(Exception, match="missing probability parameter"):  # INDRA's priors alone
        ac.run_preassembly(list(stmts), return_toplevel=False, ontology=offline_ontology())
    top = run_preassembly(list(stmts), return_toplevel=True)
    assert 0 < len(top) <= len(stmts)
    assert all(0 < s.belief <= 1 for s in top)
    # on one piece of evidence, a statement the review states by hand is believed more than
    # one the rules derive
    by_source = {}
    for s in run_preassembly(list(stmts), return_toplevel=False):
        if len(s.evidence) == 1 and not s.supported_by:
            by_source.setdefault(s.evidence[0].source_api, []).append(s.belief)
    assert min(by_source["xing2021"]) > max(by_source["reasoner"])
    grounded = ac.filter_grounded_only(list(stmts))
    assert grounded and len(grounded) < len(stmts)
    assert all(any(k != "TEXT" for k in a.db_refs) for s in grounded for a in s.agent_list() if a is not None)


def test_a_users_unknown_source_gets_the_user_prior(stmts):
    from indra.statements import Evidence, stmts_from_json

    from reasoner.interop.belief import PRIORS, priors, run_preassembly

    (s,) = stmts_from_json([stmts[0].to_json()])  # a copy
    s.evidence = [Evidence(source_api="my_lab_notebook", text="seen twice")]
    assert priors([s])["rand"]["my_lab_notebook"] == PRIORS["rand"]["user"]
    assert run_preassembly([s], return_toplevel=False)[0].belief > 0


def test_the_offline_ontology_holds_famplex_relations():
    from reasoner.interop.belief import offline_ontology

    onto = offline_ontology()
    assert onto.isa_or_partof("FPLX", "ERK", "FPLX", "MAPK")  # a family in a family
    assert onto.number_of_edges() > 1000

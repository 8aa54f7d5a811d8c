"""The answer contract: every bundled answer validates against its one definition.

The answers are dataclasses (``reasoner.reasoning.results``) built without validation and
written by ``reporting.json_data``; these tests keep that honest: for every disease and stage,
the JSON validates back (pydantic, unknown keys refused) into an answer that writes the same
JSON (``tests/test_cli.py`` checks the main job's JSON against the committed schema).
"""

import dataclasses
import json
from functools import lru_cache

import pytest
from pydantic import TypeAdapter

from reasoner import api
from reasoner.knowledge import kb as K
from reasoner.reasoning import results
from reasoner.reasoning.results import Suggestion
from reasoner.reporting.json_data import plain
from reasoner.reporting.render import render

STORE = K.store(K.load())
CONTEXTS = [(d.id, None) for d in STORE.diseases] + [(d.id, s.id) for d in STORE.diseases for s in d.stages]


def _suggest(disease, stage):
    d, sid, state = api.resolve_context(STORE, disease, stage, None)
    return api.build(STORE, api.run(STORE, [(d.id, None)]), d, sid, state)


@lru_cache(maxsize=None)
def adapter(cls):
    return TypeAdapter(cls)


def roundtrip(answer):
    """``answer`` validated back from its JSON, written again."""
    return plain(adapter(type(answer)).validate_json(render(answer, "json")))


@pytest.mark.parametrize("disease, stage", CONTEXTS, ids=[f"{d}-{s or 'all'}" for d, s in CONTEXTS])
def test_answer_validates_and_writes_the_same_json(disease, stage):
    s = _suggest(disease, stage)
    assert roundtrip(s) == plain(s) == json.loads(render(s, "json"))


def test_explanations_validate():
    for iid, status in [
        ("ucmsc_exos_mir_20a", "candidate"),
        ("bmsc_hlc_exos", "contested"),
        ("silence_mir_155", "no_evidence"),
    ]:
        e = api.explain(iid, "hepatic_IR", "reperfusion")
        assert e.status == status
        assert roundtrip(e) == plain(e)


def test_answer_without_trees_validates():
    s = api.suggest("MI", trees=False)
    assert roundtrip(s) == plain(s)


def test_plan_and_comorbid_answer_validate():
    p = api.plan("hepatic_IR")
    assert roundtrip(p) == plain(p)
    s = api.suggest("hepatic_IR", "ischaemia", comorbid=["osteosarcoma"])
    assert s.choices is not None and roundtrip(s) == plain(s)


def test_unknown_keys_and_wrong_values_are_refused():
    data = plain(api.suggest("MI", trees=False))
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        adapter(Suggestion).validate_python({**data, "surprise": 1})
    with pytest.raises(ValidationError):
        adapter(Suggestion).validate_python({**data, "autophagy": {**data["autophagy"], "desired": "x"}})


def test_null_fields_left_out_and_aliases_are_the_definitions_own():
    """``OMIT_NONE`` and the ``from`` alias are written once, on the answer types; the JSON
    writer reads them there."""
    s = api.suggest("MI", trees=False)
    assert "choices" not in plain(s) and "comorbidities" not in plain(s.context)
    change = results.FlipChange(kind="stage", from_="a", to=None)
    assert plain(change) == {"kind": "stage", "from": "a", "to": None}
    names = {f.name for f in dataclasses.fields(results.Candidate)}
    assert results.Candidate.OMIT_NONE <= names


def test_the_answer_types_import_neither_pydantic_nor_a_renderer():
    import subprocess
    import sys

    probe = (
        "import sys, reasoner.reasoning.results; "
        "print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'reasoner.reporting'))))"
    )
    done = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    assert done.stdout.strip() == "[]"

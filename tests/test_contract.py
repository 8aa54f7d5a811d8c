"""The answer contract: every bundled answer validates against the pydantic models.

Answers are built with ``model_construct`` and written by ``results.plain`` (no
validator or serializer on the CLI's hot path); these tests are what keeps that
honest: for every disease and stage, the JSON equals pydantic's own dump and
validates back into the same model.
"""

import json

import pytest

from reasoner import api
from reasoner.knowledge import kb as K
from reasoner.reporting.render import render
from reasoner.reasoning.results import Explanation, Suggestion, plain

STORE = K.store(K.load())
CONTEXTS = [(d.id, None) for d in STORE.diseases] + \
    [(d.id, s.id) for d in STORE.diseases for s in d.stages]


def _suggest(disease, stage):
    d, sid, state = api.resolve_context(STORE, disease, stage, None)
    return api.build(STORE, api.run(STORE, [(d.id, None)]), d, sid, state)


@pytest.mark.parametrize("disease, stage", CONTEXTS, ids=[f"{d}-{s or 'all'}" for d, s in CONTEXTS])
def test_answer_validates_and_plain_equals_model_dump(disease, stage):
    s = _suggest(disease, stage)
    dumped = s.model_dump(mode="json")
    assert plain(s) == dumped
    again = Suggestion.model_validate(json.loads(render(s, "json")))
    assert again.model_dump(mode="json") == dumped


def test_explanations_validate():
    for iid, status in [("ucmsc_exos_mir_20a", "candidate"), ("bmsc_hlc_exos", "not_recommended"),
                        ("silence_mir_155", "no_evidence")]:
        e = api.explain(iid, "hepatic_IR", "reperfusion")
        assert e.status == status
        assert Explanation.model_validate(json.loads(render(e, "json"))).model_dump(mode="json") \
            == plain(e)


def test_answer_without_trees_validates():
    s = api.suggest("MI", trees=False)
    assert Suggestion.model_validate(plain(s)).model_dump(mode="json") == plain(s)

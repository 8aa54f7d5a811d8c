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
    for iid, status in [("ucmsc_exos_mir_20a", "candidate"), ("bmsc_hlc_exos", "contested"),
                        ("silence_mir_155", "no_evidence")]:
        e = api.explain(iid, "hepatic_IR", "reperfusion")
        assert e.status == status
        assert Explanation.model_validate(json.loads(render(e, "json"))).model_dump(mode="json") \
            == plain(e)


def test_answer_without_trees_validates():
    s = api.suggest("MI", trees=False)
    assert Suggestion.model_validate(plain(s)).model_dump(mode="json") == plain(s)


def _models():
    from pydantic import BaseModel

    from reasoner.reasoning import results
    return [v for v in vars(results).values()
            if isinstance(v, type) and issubclass(v, BaseModel) and v is not results.Out]


@pytest.mark.parametrize("model", _models(), ids=lambda m: m.__name__)
def test_plain_answer_objects_have_the_models_fields_and_defaults(model):
    from reasoner.reasoning import lite

    plain_cls = getattr(lite, model.__name__)
    assert set(plain_cls._fields) == set(model.model_fields)
    defaults = {k: f.default for k, f in model.model_fields.items() if not f.is_required()}
    assert plain_cls._defaults == defaults
    assert plain_cls.OMIT_NONE == frozenset(getattr(model, "OMIT_NONE", ()))
    assert plain_cls._aliases == {k: f.alias for k, f in model.model_fields.items() if f.alias}


def test_api_answers_convert_to_the_models():
    s = api.suggest("hepatic_IR", "reperfusion")
    m = s.model()
    assert isinstance(m, Suggestion) and isinstance(m.candidates[0].trace.children, list)
    assert Suggestion.model_validate(m.model_dump()).model_dump(mode="json") == plain(s)

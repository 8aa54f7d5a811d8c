"""The answer types' one generic ``__init__`` (``reasoning.results.Out``) behaves as a generated
dataclass ``__init__`` would: keywords only, every field without a default given, no unknown
field, a fresh list for each list default, attributes in field order."""

from dataclasses import fields

import pytest

from reasoner import check_answer, impact_answer
from reasoner.reasoning import observation, results
from reasoner.reasoning.results import Out, TraceNode


def answer_types():
    for module in (results, observation, impact_answer, check_answer):
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Out)
                and "__dataclass_fields__" in vars(value)
                and value.__module__ == module.__name__
            ):
                yield value


def test_a_missing_or_unknown_field_is_refused():
    with pytest.raises(TypeError, match=r"missing fields \['claim'\]"):
        TraceNode(id="a")
    with pytest.raises(TypeError, match=r"unknown fields \['claims'\]"):
        TraceNode(id="a", claim="b", claims="c")
    with pytest.raises(TypeError):
        TraceNode("a", "b")  # keywords only


def test_list_defaults_are_fresh_and_attributes_follow_the_fields():
    a, b = TraceNode(id="a", claim="x"), TraceNode(id="a", claim="x")
    assert a == b and a.children == [] and a.children is not b.children
    a.children.append(b)
    assert b.children == []
    assert list(vars(a)) == [f.name for f in fields(TraceNode)]


@pytest.mark.parametrize("cls", sorted(answer_types(), key=lambda c: c.__name__), ids=lambda c: c.__name__)
def test_every_answer_type_takes_exactly_its_fields(cls):
    required = {f.name for f in fields(cls) if f.default is f.default_factory}  # both MISSING
    values = {name: None for name in required}
    made = cls(**values)
    assert list(vars(made)) == [f.name for f in fields(cls)]
    for name in required:
        with pytest.raises(TypeError, match=name):
            cls(**{k: v for k, v in values.items() if k != name})


@pytest.mark.parametrize("cls", sorted(answer_types(), key=lambda c: c.__name__), ids=lambda c: c.__name__)
def test_every_field_of_an_answer_type_is_described(cls):
    """CONTRIBUTING: every answer field has a description (it is the field's documentation in
    the committed JSON Schema, what a client reads to use it)."""
    bare = [f.name for f in fields(cls) if not f.metadata.get("description")]
    assert not bare, f"{cls.__name__}: fields without a description: {bare}"

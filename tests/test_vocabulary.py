"""One name and one list per concept: the autophagy levels of Python, the schemas and the rules."""

import typing

from reasoner.knowledge import models, vocabulary
from reasoner.knowledge.paths import rules_dir
from reasoner.reasoning import observation
from reasoner.schemas import export


def test_one_list_of_autophagy_levels():
    levels = vocabulary.AUTOPHAGY_LEVELS
    assert typing.get_args(vocabulary.AutophagyLevel) == levels
    assert models.AutophagyLevel is vocabulary.AutophagyLevel
    state = typing.get_type_hints(observation.Therapy)["state"]  # Optional[AutophagyLevel]
    assert typing.get_args(typing.get_args(state)[0]) == levels


def test_the_rules_read_the_same_levels():
    """rules/roles.lp maps each level to a direction (state_direction/2): the same levels."""
    import re

    text = (rules_dir() / "roles.lp").read_text()
    assert tuple(re.findall(r"^state_direction\((\w+),", text, re.M)) == vocabulary.AUTOPHAGY_LEVELS


def test_the_schemas_say_the_same_levels():
    import json

    schema = json.loads(export("kb"))  # autophagy_level of a study, autophagy_state of a context
    levels = [
        d["enum"] for d in _walk(schema) if isinstance(d, dict) and "enum" in d and "moderate" in d["enum"]
    ]
    assert levels and all(tuple(x) == vocabulary.AUTOPHAGY_LEVELS for x in levels)


def _walk(node):
    yield node
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    for child in children:
        yield from _walk(child)

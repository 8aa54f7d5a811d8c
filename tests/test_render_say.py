"""The HTML ``say`` of the templates (``reporting.render._say``) fills a phrase with str.format
over escaped values where every field is a bare name: the words must equal markupsafe's
``Markup.format`` (each field escaped, markup a template passes kept) for every phrase of the
catalogue, with hostile text, numbers and markup as arguments."""

import string
from types import SimpleNamespace

import pytest
from markupsafe import Markup, escape

from reasoner.knowledge.catalogue import catalogue
from reasoner.reporting.render import _plain_fields, _say


def phrases(node, key=""):
    if isinstance(node, str):
        yield key, node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from phrases(v, f"{key}.{k}" if key else str(k))


HTML = SimpleNamespace(autoescape=True)
VALUES = ["<b>\"x\" & 'y'</b>", 7, Markup("<strong>kept</strong>")]


@pytest.mark.parametrize("value", VALUES, ids=["text", "number", "markup"])
def test_every_plain_phrase_reads_as_markupsafe_would(value):
    checked = 0
    for key, template in phrases(catalogue()):
        names = {n for _, n, _, _ in string.Formatter().parse(template) if n}
        if not names or not _plain_fields(template):
            continue
        args = {n: value for n in names}
        assert _say(HTML, key, **args) == escape(template).format(**args), key
        checked += 1
    assert checked > 200


def test_a_field_with_an_index_or_a_spec_takes_markupsafes_path():
    assert _plain_fields("{disease} at {stage}")
    assert not _plain_fields("{ids[0]}") and not _plain_fields("{n:>3}") and not _plain_fields("{x!r}")

"""The wording catalogue: every sentence, label and phrase the program shows to a reader
lives in ``rules/sentences.yaml`` (one file; CONTRIBUTING.md, "Where words live").

Code decides on codes and passes them here with their arguments; this module turns a code
into words.  Templates do layout only: they call ``say("section.key", name=value)`` and
``label("kind", code)`` (jinja2 globals set by ``reporting.render``) instead of writing English.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from . import yamlio
from .paths import rules_dir

#: The catalogue's file, beside the rules whose atoms it words.
CATALOGUE = "sentences.yaml"


@lru_cache(maxsize=1)
def catalogue() -> dict:
    """The whole catalogue (read once per process; the file does not change meanwhile).
    Kept as JSON in the cache, keyed by the file's bytes: a report from a cached answer
    imports no YAML parser (tests/test_lazy.py)."""
    from . import cache

    path = rules_dir() / CATALOGUE
    if not cache.enabled():
        return _read(path)
    try:
        k = cache.key([path], "catalogue")
    except OSError:
        return _read(path)
    return cache.cached_json("catalogue", k, lambda: _read(path), _mapping)


def _read(path) -> dict:
    return _mapping(yamlio.load(path.read_text(encoding="utf-8")))


def _mapping(data) -> dict:
    if not isinstance(data, dict):
        raise ValueError(f"{CATALOGUE} is not a mapping")
    return data


def entry(key: str) -> Any:
    """The catalogue entry at the dotted ``key`` ("phrases.suggestion.candidates");
    a missing key is a KeyError naming it (a template asking for a word that is not
    in the catalogue is a bug, never a silent blank)."""
    node: Any = catalogue()
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(f"{key!r} is not in {CATALOGUE}")
        node = node[part]
    return node


def say(key: str, /, **args: Any) -> str:
    """The phrase at ``key`` filled with ``args`` (``str.format`` names)."""
    template = entry(key)
    if not isinstance(template, str):
        raise KeyError(f"{key!r} in {CATALOGUE} is not a phrase")
    return template.format(**args) if args else template


def label(kind: str, code: Any, default: Any = None) -> str:
    """How the code ``code`` of kind ``kind`` reads (catalogue section ``labels``): a status,
    a mechanism status, a role ...  An unknown code reads as ``default`` when given, else as
    itself with spaces for underscores."""
    words = entry(f"labels.{kind}")
    if code in words:
        return str(words[code])
    if default is not None:
        return str(default)
    return code_words(code)


def code_words(code: Any) -> str:
    """A code no catalogue entry words, read as itself with spaces for underscores (an
    id-like constant of a tree line, a code a label kind does not list): the one place a
    code is turned into words this way (tests/test_catalogue_codes.py keeps it the one)."""
    return str(code).replace("_", " ")

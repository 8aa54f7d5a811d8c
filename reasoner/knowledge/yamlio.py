"""YAML and JSON reading: plain data only, duplicate keys refused with their line.

YAML is composed by libyaml's C loader when PyYAML has it (about ten times
faster than the pure-Python loader), keeping the nodes' marks so that a caller
can tell the line of each record.  A mapping that repeats a key is an error in
both formats (a silently dropped first value would be a lost record field);
``DuplicateKey`` names the key and the line of the repeat.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any


class DuplicateKey(ValueError):
    """A mapping repeats a key: ``key`` at ``line`` (1-based), first given at ``first``."""

    def __init__(self, key: str, line: int, first: int | None = None):
        self.key, self.line, self.first = key, line, first
        super().__init__(repr(key))  # worded by the FactsError that reports it (``params``)

    @property
    def params(self) -> dict:
        """The arguments of ``errors.facts.duplicate_key``."""
        from ..errors import words

        return {
            "key": repr(self.key),
            "where": words("facts.first_at", line=self.first) if self.first else "",
        }


@lru_cache(maxsize=1)
def _loader_class():
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    merge = "tag:yaml.org,2002:merge"

    class Loader(base):  # type: ignore[misc, valid-type]
        """The safe loader, refusing a mapping that repeats a key."""

        def construct_mapping(self, node, deep=False):
            if isinstance(node, yaml.MappingNode):
                first: dict[tuple[str, str], int] = {}
                n = 0
                for k, _ in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.tag != merge:
                        at = k.start_mark.line + 1
                        was = first.setdefault((k.tag, k.value), at)
                        if len(first) != n:
                            n += 1
                        else:
                            raise DuplicateKey(k.value, at, was)
            return super().construct_mapping(node, deep=deep)

    return Loader


def compose(text: str):
    """(data, root node) of YAML ``text``; the nodes carry marks (``start_mark.line``).

    Raises ``yaml.YAMLError`` for invalid YAML and ``DuplicateKey`` for a
    repeated mapping key.  PyYAML is imported here, on first use, so that a
    call answered from the caches never imports it.
    """
    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        return loader.construct_document(node), node
    finally:
        loader.dispose()


def load(text: str) -> Any:
    """Parse YAML text with a safe loader (plain data only, never objects)."""
    return compose(text)[0]


# ---------------------------------------------------------------- JSON


class _Repeat(Exception):
    pass


def _pairs(pairs: list) -> dict:
    d = dict(pairs)
    if len(d) != len(pairs):
        raise _Repeat
    return d


def load_json(text: str) -> Any:
    """Parse JSON text; raises ``json.JSONDecodeError`` or ``DuplicateKey``."""
    try:
        return json.loads(text, object_pairs_hook=_pairs)
    except _Repeat:
        pass
    _find_repeat(text)  # raises DuplicateKey with the line
    raise AssertionError("unreachable: a repeated key was seen")  # pragma: no cover


_WS = re.compile(r"[ \t\n\r]*")


def _find_repeat(text: str) -> None:
    """Walk JSON ``text`` (valid up to its first repeated key) and raise ``DuplicateKey`` there."""
    from json.decoder import scanstring

    scan = json.JSONDecoder().scan_once

    def line(pos: int) -> int:
        return text.count("\n", 0, pos) + 1

    def value(i: int) -> int:
        i = _WS.match(text, i).end()
        c = text[i]
        if c == "{":
            seen: dict[str, int] = {}
            i = _WS.match(text, i + 1).end()
            if text[i] == "}":
                return i + 1
            while True:
                i = _WS.match(text, i).end()
                at = i
                key, i = scanstring(text, i + 1)
                if key in seen:
                    raise DuplicateKey(key, line(at), line(seen[key]))
                seen[key] = at
                i = _WS.match(text, i).end() + 1  # the ':'
                i = _WS.match(text, value(i)).end()
                if text[i] == "}":
                    return i + 1
                i += 1  # the ','
        if c == "[":
            i = _WS.match(text, i + 1).end()
            if text[i] == "]":
                return i + 1
            while True:
                i = _WS.match(text, value(i)).end()
                if text[i] == "]":
                    return i + 1
                i += 1
        return scan(text, i)[1]

    value(0)

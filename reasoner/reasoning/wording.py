"""Wording of answers: the sentences of rules/sentences.yaml filled with words, and
display names (labels) for ids.

It fills the catalogue's sentences (``knowledge.catalogue``) with the labels of the
ids an answer names, which the knowledge base holds; ``say`` and ``label`` of
``knowledge.catalogue`` are the plain lookups.
"""

from __future__ import annotations

from typing import Optional

from ..knowledge.catalogue import catalogue as sentences
from ..knowledge.catalogue import code_words, entry
from ..knowledge.catalogue import label as catalogue_label
from ..knowledge.store import Store
from ..knowledge.terms import Const, Fn
from ..knowledge.vocabulary import KIND_OF_DERIVED


class Labels:
    """Display names for ids in sentences."""

    def __init__(self, kb: Store):
        self.kb = kb
        self.values: Optional[dict] = None  # rules/sentences.yaml "values", read on first use
        self.memo: dict = {}  # labels already worded (one answer words an id many times)

    def __call__(self, value) -> str:
        try:
            return self.memo[value]
        except KeyError:
            out = self.memo[value] = self._word(value)
            return out
        except TypeError:  # not hashable
            return self._word(value)

    def _word(self, value) -> str:
        if isinstance(value, Const):
            if self.values is None:
                self.values = sentences().get("values", {})
            kind = self.values.get("from_labels", {}).get(value.name)
            if kind is not None:  # a code a label kind words: that one entry, not a copy
                return catalogue_label(kind, value.name)
            said = self.values.get(value.name)
            return code_words(value.name) if said is None else str(said)
        if isinstance(value, int):
            return str(value)
        if isinstance(value, Fn):
            if value.name in KIND_OF_DERIVED:
                return self.intervention(value)
            if value.name in ("opposes", "cargo"):
                return words(value.name).format(self(value.args[0]))
            return f"{value.name}({', '.join(self(a) for a in value.args)})"
        if isinstance(value, tuple):
            return ", ".join(self(a) for a in value)
        text = str(value)
        for section, attr in (("diseases", "name"), ("entities", "label"), ("interventions", "label")):
            rec = self.kb.get(section, text)
            if rec is not None:
                return getattr(rec, attr)
        rec = self.kb.get("studies", text)
        if rec is not None:
            return f"{text} [{', '.join(map(str, rec.refs))}]" if rec.refs else text
        return text

    def intervention(self, value) -> str:
        if isinstance(value, Fn) and value.name in KIND_OF_DERIVED:
            return words("derived")[value.name].format(self(value.args[0]))
        rec = self.kb.get("interventions", str(value))
        return rec.label if rec is not None else str(value)


def words(key: str):
    """An entry of rules/sentences.yaml, section words (how Python words composed values)."""
    return sentences()["words"][key]


def present(direction: str) -> str:
    """'inducing' / 'inhibiting' (words: present)."""
    return words("present").get(direction, direction)


def say(key: str, **words):
    """A sentence of rules/sentences.yaml (section summaries, else whatif), filled with ``words``."""
    words_of = sentences()
    template = words_of["summaries"].get(key, words_of["whatif"].get(key))
    if template is None:
        raise KeyError(key)
    return template.format(**words) if isinstance(template, str) else template


def at_stage(stage_name: str) -> str:
    """' at <stage>', the {where} of a summary (catalogue: phrases.common.at)."""
    from ..knowledge.catalogue import say as catalogue_say

    return catalogue_say("phrases.common.at", stage=stage_name)


def part_note(part: str, value: int) -> str:
    """What a score part's value means (rules/sentences.yaml, score_notes)."""
    notes = sentences().get("score_notes", {}).get(part, {})
    note = str(notes.get(value, notes.get(str(value), notes.get("other", "{0}"))))
    if note.startswith("@"):  # the value means a concept another entry words: that entry
        note = str(entry(note[1:]))
    return note.format(value)


def word_warning(w, label) -> str:
    """A data warning in words (rules/sentences.yaml, warnings)."""
    if not isinstance(w, Fn):
        return str(w)
    a = [label(x) for x in w.args]
    template = sentences().get("warnings", {}).get(w.name)
    if template is None:
        return f"{w.name}: {', '.join(a)}"
    return template.format(*a, ids=[str(x) for x in w.args])


def opposite(direction: str) -> str:
    return {"induce": "inhibit", "inhibit": "induce"}.get(direction, direction)

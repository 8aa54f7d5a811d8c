"""Justification trees from the solver's support/4 atoms, worded by rules/sentences.yaml.

A tree's root is a derived atom; its children are the positive premises of the
rule instance that derived it (recursively) and its negated conditions; its
leaves are knowledge-base records with their references and quotes.  Trees are
finite and acyclic (a premise already on the path is never expanded again) and
a premise shown once in a tree is referred to afterwards.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import count
from typing import Callable

from ..knowledge.catalogue import catalogue, say
from ..knowledge.sources import source_texts
from .results import TraceNode
from ..knowledge.terms import ATOM_SECTION, Const, Fn

#: Vocabulary atoms of the rules: true by definition, not worth a tree node.
VOCABULARY = {
    "opposite",
    "role_direction",
    "state_direction",
    "effect_name",
    "release_name",
    "sign_of",
    "delivers",
    "blocks",
    "model_value",
    "context_value",
}
QUERY = {"query", "query_stage", "query_state"}
QUOTED = ("", ())  # key in ``seen`` of the records whose quote a tree shows already


@lru_cache(maxsize=1)
def sentences() -> dict:
    """The wording catalogue, rules/sentences.yaml (``knowledge.catalogue``: read once per
    process); its ``atoms`` and ``rules`` sections word the trees."""
    return catalogue()


def rule_sentence(label: str) -> str:
    """What the rule labelled ``label`` says, from rules/sentences.yaml."""
    return sentences()["rules"].get(label, label)


def whole_disease(template: str, args: tuple) -> str:
    """Leave out " at {i}" where argument i is the view ``all`` (the disease without a stage)."""
    for i, a in enumerate(args):
        if isinstance(a, Const) and a.name == "all":
            template = template.replace(f" at {{{i}}}", "")
    return template


def atom_of(value) -> tuple[str, tuple]:
    if isinstance(value, Fn):
        return value.name, value.args
    if isinstance(value, Const):
        return value.name, ()
    raise TypeError(value)


def index_supports(supports: list[tuple]) -> dict[tuple, list[tuple]]:
    """The support/4 atoms of an answer by head, simplest body first (shareable by the
    trees of several contexts answered by one solve)."""
    by_head: dict[tuple, list[tuple]] = {}
    for rule, head, pos, neg in supports:
        by_head.setdefault(atom_of(head), []).append((rule, pos, neg))
    for options in by_head.values():
        if len(options) > 1:
            options.sort(key=lambda o: (len(o[1]) + len(o[2]), repr(o)))
    return by_head


@lru_cache(maxsize=64)
def _user_file_name(src: str):
    """The name of a --facts file, or None for a bundled file (resolved once per file)."""
    from pathlib import Path

    from ..knowledge.paths import facts_dir

    path = Path(src)
    return None if path.resolve().parent == facts_dir().resolve() else path.name


class Trees:
    """Builds trees over one solver answer."""

    def __init__(
        self,
        supports: list[tuple],
        kb,
        label: Callable[[object], str],
        by_head: dict[tuple, list[tuple]] | None = None,
    ):
        self.by_head = by_head if by_head is not None else index_supports(supports)
        self.kb = kb
        self.records: dict = {}  # what the leaves read from a record (``_record``)
        self.label = label
        self.ids = count(1)

    def user_file(self, section: str, rid: str):
        """The --facts file a record comes from (None for bundled records)."""
        src = getattr(self.kb, "sources", {}).get((section, rid))
        return _user_file_name(src) if src else None

    def sentence(self, pred: str, args: tuple, negated: bool = False) -> str:
        table = sentences()["atoms"]
        key = f"{'not ' if negated else ''}{pred}/{len(args)}"
        words = [self.label(a) for a in args]
        if key in table:
            return whole_disease(table[key], args).format(*words)
        if negated and f"{pred}/{len(args)}" in table:
            return say(
                "phrases.explanation.not_the_case",
                sentence=whole_disease(table[f"{pred}/{len(args)}"], args).format(*words),
            )
        return f"{'not ' if negated else ''}{pred}({', '.join(words)})"

    def tree(self, pred: str, args: tuple, seen: dict | None = None) -> TraceNode:
        """Tree of one atom; trees built with the same ``seen`` share premises."""
        return self._node((pred, tuple(args)), frozenset(), {} if seen is None else seen)

    def _leaf(self, atom: tuple) -> TraceNode:
        pred, args = atom
        node = TraceNode(id=f"n{next(self.ids)}", claim=self.sentence(pred, args))
        section = ATOM_SECTION.get(pred)
        if section and args:
            found = self._record(section, pred, args)
            if found is not None:
                node.record, refs, node.quote, node.user_file, sources = found
                node.refs, node.sources = list(refs), list(sources)
        return node

    def _record(self, section: str, pred: str, args: tuple):
        """(record, refs, quote, user file, sources) of the record a leaf names, read once
        per knowledge base (the trees of one answer name the same records many times)."""
        key = (section, args[0], args[1] if pred == "stage" and len(args) > 1 else None)
        try:
            return self.records[key]
        except KeyError:
            pass
        out = None
        rec = self.kb.get(section, args[0])
        if rec is not None:
            refs, quote = sorted(getattr(rec, "refs", [])), getattr(rec, "quote", None)
            stage = next(
                (s for s in getattr(rec, "stages", None) or () if pred == "stage" and s.id == args[1]), None
            )
            if stage is not None:  # a stage is backed by the sentence that names it
                refs, quote = sorted(stage.refs), stage.quote
            out = (
                f"{section}:{args[0]}",
                tuple(refs),
                quote,
                self.user_file(section, str(args[0])),
                tuple(source_texts(rec)),
            )
        self.records[key] = out
        return out

    def _node(self, atom: tuple, ancestors: frozenset, seen: dict) -> TraceNode:
        if atom in seen:
            first = seen[atom]
            return TraceNode(
                id=f"n{next(self.ids)}",
                claim=first.claim,
                rule=first.rule,
                refs=first.refs,
                see=first.id,
                user_file=first.user_file,
                sources=first.sources,
                rests_on=first.rests_on,
            )
        options = [
            o
            for o in self.by_head.get(atom, [])
            if not any(atom_of(p) in ancestors or atom_of(p) == atom for p in o[1])
        ]
        if not options:
            node = self._leaf(atom)
            quoted = seen.setdefault(QUOTED, set())
            if node.quote is not None and node.record in quoted:
                node.quote = None  # the record's quote is shown once, at its first leaf
            quoted.add(node.record)
            seen[atom] = node
            return node
        rule, pos, neg = options[0]
        node = TraceNode(id=f"n{next(self.ids)}", claim=self.sentence(*atom), rule=rule)
        seen[atom] = node
        inner = ancestors | {atom}
        children = []
        for p in pos:
            child = atom_of(p)
            if child[0] in VOCABULARY:
                continue
            if child[0] not in ATOM_SECTION and child[0] not in QUERY and child not in self.by_head:
                continue  # an unlabelled helper atom
            children.append(self._node(child, inner, seen))
        for n in neg:
            pred, args = atom_of(n)
            children.append(
                TraceNode(
                    id=f"n{next(self.ids)}", negated=True, claim=self.sentence(pred, args, negated=True)
                )
            )
        node.children = children
        refs: set[int] = set()
        for c in children:
            if c.record:
                refs.update(c.refs)
        node.refs = sorted(refs)
        node.rests_on = rests_on(children)
        return node


def rests_on(children: list[TraceNode]):
    """The --facts files a derived claim rests on: those of the user's records among its
    premises and of the claims below them (None when it rests on bundled records only)."""
    files = {c.user_file for c in children if c.user_file}
    for c in children:
        files.update(c.rests_on or ())
    return sorted(files) or None


def walk(node: TraceNode):
    """Every node of a tree, depth first."""
    yield node
    for c in node.children:
        yield from walk(c)

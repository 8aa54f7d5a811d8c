"""Resolve what users type (ids, names, aliases) to canonical ids, with "did you mean".

One resolver serves diseases, stages, interventions, studies and entities.  A typed
name matches a choice when

0. it is an id, name or alias exactly as spelt; or
1. its separator- and case-insensitive key equals the key of an id, name or alias
   ('Hepatic I/R' == 'hepatic_ir' == 'hepatic-IR', 'Mi' == 'MI'): ids, names and aliases
   alike, so the answer names the canonical id; a key that two choices share (the alias
   'RAC' of two entities, or a user's disease 'mi' beside 'MI') is ambiguous unless it is
   spelt exactly as one of them; or
2. its words, after spelling variants (ischaemia/ischemia) and abbreviations
   (I/R, IR, IRI = ischaemia reperfusion) are unified, are the words of one
   id, name or alias in any order ('liver ischemia reperfusion'); or
3. its words are all among the words of the names of exactly one choice
   ('hepatic ischemia').

A name whose words fit several choices lists them (``AmbiguousValueError``);
an unknown name suggests the choices sharing most words with it, then the
closest spellings.  A name longer than :data:`MAX_NAME` characters is refused
before any matching (``NameTooLongError``): no id, name or alias is that long, and
matching time grows with the length.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from ..errors import AmbiguousValueError, NameTooLongError, UnknownValueError, What

#: The longest name a user may type (the longest bundled id, name or alias is 139).
MAX_NAME = 300

#: Spelling variants and abbreviations, unified before comparing words.  Language, not
#: knowledge: no entry names a disease of the knowledge base.
WORDS = {
    "ischaemia": "ischemia",
    "ischaemic": "ischemic",
    "oedema": "edema",
    "tumour": "tumor",
    "haemorrhage": "hemorrhage",
    "haemorrhagic": "hemorrhagic",
    "oesophageal": "esophageal",
    "liver": "hepatic",
    "heart": "cardiac",
    "kidney": "renal",
    "lung": "pulmonary",
    "brain": "cerebral",
    "myocardium": "myocardial",
    "parkinsons": "parkinson",
}
#: Abbreviations that stand for several words.
PHRASES = {
    "ir": ("ischemia", "reperfusion"),
    "iri": ("ischemia", "reperfusion"),
    "hir": ("hypoxia", "reoxygenation"),
}
#: Words that do not tell choices apart.
FILLER = {"injury", "disease", "of", "the", "and", "in", "with", "a", "an", "s", "induced"}


def norm(text: str) -> str:
    """Case- and separator-insensitive key: 'Hepatic I/R' == 'hepatic_ir' == 'hepatic-IR'."""
    return re.sub(r"[\s_\-/.,'’()]+", "", text.casefold())


def words(text: str) -> frozenset[str]:
    """The set of words of a name, spelling variants and abbreviations unified."""
    text = text.casefold()
    text = re.sub(r"\bi\s*/\s*r\b", " ir ", text)
    text = re.sub(r"\bh\s*/\s*r\b", " hir ", text)
    out: set[str] = set()
    for w in re.split(r"[^0-9a-z]+", text.replace("'s", "s").replace("’s", "s")):
        if not w or w in FILLER:
            continue
        w = WORDS.get(w, w)
        out.update(PHRASES.get(w, (w,)))
    return frozenset(out)


def _sorted(ids: Iterable[str]) -> list[str]:
    return sorted(set(ids), key=lambda s: (s.casefold(), s))


def check_length(what: What, value: str) -> None:
    """Refuse a name longer than :data:`MAX_NAME` characters (one line, before any work)."""
    if len(value) > MAX_NAME:
        raise NameTooLongError(what, value, MAX_NAME)


class Names:
    """The exact and key tables of ``choices`` ((canonical id, names)), built once: rules 0
    and 1 of the module docstring, for callers that look up many names (``observe``,
    ``import``) as :func:`resolve` does."""

    def __init__(self, choices: Iterable[tuple[str, Iterable[str]]]):
        self.choices = [(cid, [cid, *aliases]) for cid, aliases in choices]
        self.exact: dict[str, list[str]] = {}
        self.keyed: dict[str, list[str]] = {}
        for cid, names in self.choices:
            for name in names:
                for table, k in ((self.exact, name), (self.keyed, norm(name))):
                    ids = table.setdefault(k, [])
                    if cid not in ids:
                        ids.append(cid)

    def exactly(self, what: What, value: str) -> Optional[str]:
        """The id ``value`` names by rule 0 or 1, None when neither applies; a key two
        choices share, not spelt exactly as one of them, is ambiguous."""
        check_length(what, value)
        key = norm(value)
        ids = self.exact.get(value) or (self.keyed.get(key) if key else None)
        if not ids:
            return None
        if len(ids) > 1:
            raise AmbiguousValueError(what, value, _sorted(ids))
        return ids[0]

    def resolve(self, what: What, value: str) -> str:
        found = self.exactly(what, value)
        return found if found is not None else _by_words(what, value, self.choices, self.keyed)


def resolve(what: What, value: str, choices: Iterable[tuple[str, Iterable[str]]]) -> str:
    """Return the canonical id whose id or alias matches ``value``.

    ``choices`` are (canonical id, aliases).  Raises AmbiguousValueError listing the
    choices a name fits, or UnknownValueError naming the closest valid ids.
    """
    return Names(choices).resolve(what, value)


def _by_words(what: What, value: str, choices: list, keyed: dict[str, list[str]]) -> str:
    """Rules 2 and 3 of the module docstring, then "did you mean"."""
    table = {k: ids[0] for k, ids in keyed.items()}
    typed = words(value)
    if typed:
        exact = _sorted(cid for cid, names in choices for n in names if words(n) == typed)
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            raise AmbiguousValueError(what, value, exact)
        within = _sorted(
            cid for cid, names in choices if typed <= frozenset().union(*(words(n) for n in names))
        )
        if len(within) == 1:
            return within[0]
        if len(within) > 1:
            raise AmbiguousValueError(what, value, within)
    raise UnknownValueError(what, value, suggest(value, choices, table), valid_hint=_hint(choices))


def _hint(choices) -> str:
    ids = _sorted(cid for cid, _ in choices)
    return ", ".join(ids[:12]) + (", ..." if len(ids) > 12 else "")


def suggest(value: str, choices, table: Optional[dict[str, str]] = None) -> list[str]:
    """Up to three ids, best first, by the larger of two scores: the similarity of spelling
    (counted from 0.6, or from 0.75 for names of four letters or fewer, so 'HCC' does not
    suggest 'HCV') and the share of words in common (words of three letters or more, not
    bare numbers)."""
    import difflib  # only for a miss

    def content(ws):
        return {w for w in ws if len(w) >= 3 and not w.isdigit()}

    typed, key = content(words(value)), norm(value)
    floor = 0.6 if len(key) > 4 else 0.75
    scored = []
    for cid, names in choices:
        best = 0.0
        for n in names:
            w = content(words(n))
            if typed and w:
                shared = sum(
                    1
                    for t in typed
                    if any(t == x or difflib.SequenceMatcher(None, t, x).ratio() >= 0.8 for x in w)
                )
                best = max(best, shared / len(typed | w))
            spelling = difflib.SequenceMatcher(None, key, norm(n)).ratio()
            if spelling >= floor:
                best = max(best, spelling)
        if best > 0:
            scored.append((-best, cid.casefold(), cid))
    best_of: dict[str, tuple] = {}  # one entry per id (an id may come with several name lists)
    for s in sorted(scored):
        best_of.setdefault(s[2], s)
    return [cid for _, _, cid in sorted(best_of.values())][:3]

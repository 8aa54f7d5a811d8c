"""Resolve what users type (ids, names, aliases) to canonical ids, with "did you mean".

One resolver serves diseases, stages, interventions, studies and entities.  A typed
name matches a choice when

1. its separator- and case-insensitive key equals the key of an id, name or alias
   ('Hepatic I/R' == 'hepatic_ir' == 'hepatic-IR'); or
2. its words, after spelling variants (ischaemia/ischemia) and abbreviations
   (I/R, IR, IRI = ischaemia reperfusion) are unified, are the words of one
   id, name or alias in any order ('liver ischemia reperfusion'); or
3. its words are all among the words of the names of exactly one choice
   ('hepatic ischemia').

A name whose words fit several choices lists them (``AmbiguousValueError``);
an unknown name suggests the choices sharing most words with it, then the
closest spellings.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from ..errors import AmbiguousValueError, UnknownValueError

#: Spelling variants and abbreviations, unified before comparing words.  Language, not
#: knowledge: no entry names a disease of the knowledge base.
WORDS = {
    "ischaemia": "ischemia", "ischaemic": "ischemic", "oedema": "edema", "tumour": "tumor",
    "haemorrhage": "hemorrhage", "haemorrhagic": "hemorrhagic", "oesophageal": "esophageal",
    "liver": "hepatic", "heart": "cardiac", "kidney": "renal", "lung": "pulmonary",
    "brain": "cerebral", "myocardium": "myocardial",
    "parkinsons": "parkinson",
}
#: Abbreviations that stand for several words.
PHRASES = {"ir": ("ischemia", "reperfusion"), "iri": ("ischemia", "reperfusion"),
           "hir": ("hypoxia", "reoxygenation")}
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


def resolve(what: str, value: str, choices: Iterable[tuple[str, Iterable[str]]]) -> str:
    """Return the canonical id whose id or alias matches ``value``.

    ``choices`` are (canonical id, aliases).  Raises AmbiguousValueError listing the
    choices a name fits, or UnknownValueError naming the closest valid ids.
    """
    choices = [(cid, [cid, *aliases]) for cid, aliases in choices]
    table: dict[str, str] = {}
    for cid, names in choices:
        for name in names:
            table.setdefault(norm(name), cid)
    key = norm(value)
    if key and key in table:
        return table[key]
    typed = words(value)
    if typed:
        exact = _sorted(cid for cid, names in choices for n in names if words(n) == typed)
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            raise AmbiguousValueError(what, value, exact)
        within = _sorted(cid for cid, names in choices
                         if typed <= frozenset().union(*(words(n) for n in names)))
        if len(within) == 1:
            return within[0]
        if len(within) > 1:
            raise AmbiguousValueError(what, value, within)
    raise UnknownValueError(what, value, suggest(value, choices, table),
                            valid_hint=_hint(choices))


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
                shared = sum(1 for t in typed
                             if any(t == x or difflib.SequenceMatcher(None, t, x).ratio() >= 0.8
                                    for x in w))
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

"""The review's text as sections, paragraphs and numbered sentences, and which records quote each.

Every record of the knowledge base carries a verbatim quote of the review
(whitespace-normalised); the reader finds the sentence(s) each quote lies in, so a
click on a quote lands on its sentence, and a sentence lists every record that
quotes it.  Citation markers of the text (superscripts, ``^{6,7}``, Table 1's
``[37]``) give the references each sentence cites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Optional

from ..knowledge.catalogue import say

HEADING = re.compile(r"^(\d+(?:\.\d+)*) \| (.+)$")
SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUP_RUN = re.compile(f"[{SUP}][{SUP},⁻–\\-]*")
CARET = re.compile(r"\^\{([\d,\s–\-]+)\}")
BRACKET = re.compile(r"\[(\d+(?:[,–\-]\s*\d+)*)\]")
#: a sentence ends after . ! or ? (and any citation marker) before a space and a capital,
#: digit or opening quote/bracket
BOUNDARY = re.compile(f"(?<=[.!?])(?:[{SUP}][{SUP},⁻–\\-]*|\\^\\{{[^}}]*\\}})?\\s+(?=[A-Z0-9(\"'‘“])")


def _numbers(text: str) -> list[int]:
    out: list[int] = []
    for part in re.split(r",", text):
        part = part.strip()
        if not part:
            continue
        bounds = re.split(r"[–\-⁻]", part)
        try:
            nums = [int(b) for b in bounds if b.strip()]
        except ValueError:
            continue
        if len(nums) == 2 and 0 < nums[1] - nums[0] < 20:
            out.extend(range(nums[0], nums[1] + 1))
        else:
            out.extend(nums)
    return out


def citations(text: str) -> list[int]:
    """Reference numbers a piece of the review's text cites."""
    found: list[int] = []
    table = str.maketrans(SUP, "0123456789")
    for m in SUP_RUN.finditer(text):
        found += _numbers(m.group(0).translate(table))
    for m in CARET.finditer(text):
        found += _numbers(m.group(1))
    for m in BRACKET.finditer(text):
        found += _numbers(m.group(1))
    return sorted({n for n in found if 1 <= n <= 999})


@dataclass
class Sentence:
    id: int
    text: str
    start: int  # offsets in the whole review's whitespace-normalised text
    end: int
    cites: list[int]
    records: list[dict] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)  # a Table 1 row


@dataclass
class Paragraph:
    kind: str  # "p" | "table"
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Section:
    id: str  # "front", "2.3.1"
    title: str
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Review:
    sections: list[Section]
    references: list[tuple[int, str]]
    sentences: dict[int, Sentence]
    text: str  # the whole review, whitespace-normalised (as quotes are checked against it)
    unmatched: list[str] = field(default_factory=list)  # records whose quote lies in no sentence

    def by_ref(self, n: int) -> list[Sentence]:
        """Sentences that cite reference ``n`` or that a record citing ``n`` quotes."""
        return [s for s in self.sentences.values() if n in s.cites or any(n in r["refs"] for r in s.records)]

    def spans(self, quote: str) -> list[Sentence]:
        """The sentences a (whitespace-normalised) quote lies in; empty when it is not in the text."""
        q = " ".join(quote.split())
        at = self.text.find(q) if q else -1
        if at < 0:
            return []
        return [s for s in self.sentences.values() if s.start < at + len(q) and s.end > at]


def _split(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in BOUNDARY.finditer(text):
        end = m.start() + len(m.group(0).rstrip())
        spans.append((start, end))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def parse(raw: str) -> Review:
    sections = [Section("front", say("phrases.common.front_matter").capitalize())]
    references: list[tuple[int, str]] = []
    sentences: dict[int, Sentence] = {}
    pieces: list[str] = []
    offset = 0
    in_refs = False
    table: Optional[Paragraph] = None

    def add(text: str, start: int, end: int, cells=()) -> Sentence:
        s = Sentence(
            len(sentences) + 1,
            text[start:end],
            offset + start,
            offset + end,
            citations(text[start:end]),
            cells=list(cells),
        )
        sentences[s.id] = s
        return s

    for line in raw.splitlines():
        text = " ".join(line.split())
        if not text:
            table = None
            continue
        if text == "REFERENCES":
            in_refs = True
        elif in_refs:
            if line.startswith("- "):
                references.append((len(references) + 1, text[2:]))
        elif HEADING.match(text):
            head = HEADING.match(text)
            sections.append(Section(head.group(1), head.group(2)))
            table = None
        elif "\t" in line:
            if table is None:
                table = Paragraph("table")
                sections[-1].paragraphs.append(table)
            table.sentences.append(add(text, 0, len(text), [c.strip() for c in line.split("\t")]))
        else:
            table = None
            para = Paragraph("p", [add(text, a, b) for a, b in _split(text)])
            sections[-1].paragraphs.append(para)
        pieces.append(text)
        offset += len(text) + 1
    return Review(sections, references, sentences, " ".join(pieces))


def quotes_of(rec: dict) -> Iterable[str]:
    if isinstance(rec.get("quote"), str):
        yield rec["quote"]
    for extra in rec.get("extra_quotes") or ():
        if isinstance(extra, dict) and extra.get("text"):
            yield extra["text"]


def attach(review: Review, records: Iterable[tuple[str, dict]]) -> Review:
    """Attach each record to the sentences its quotes lie in (records: (section, record))."""
    for section, rec in records:
        rid = str(rec.get("id", rec.get("n")))
        entry = {
            "key": f"{section}:{rid}",
            "section": section,
            "id": rid,
            "refs": list(rec.get("refs") or ([rec["ref"]] if rec.get("ref") else [])),
            "disease": rec.get("disease"),
            "stage": rec.get("stage"),
        }
        for quote in quotes_of(rec):
            hits = review.spans(quote)
            if not hits:
                review.unmatched.append(entry["key"])
            for s in hits:
                if entry not in s.records:
                    s.records.append(entry)
    return review

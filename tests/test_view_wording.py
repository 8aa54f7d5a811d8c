"""Views of one field say it with one wording (issue 23, the fresh-eyes reading): the contested
explanation's quoted reconciliations, the score parts and the card surfaces take their words from
the catalogue, rules/sentences.yaml, and each field is laid out by one macro per format."""

import copy
import json
import re
from pathlib import Path

import pytest

from reasoner import api
from reasoner.knowledge.catalogue import label, say
from reasoner.reasoning.trees import sentences
from reasoner.reporting.render import render


def test_a_contested_explanation_quotes_its_reconciliations_in_the_catalogues_words(monkeypatch):
    # hepatic I/R at reperfusion: [74] states no stage and induced autophagy (3.3), so the
    # BMSC-HLC exosomes are contested; the review reconciles by the autophagy level [74]-[76]
    e = api.explain("bmsc_hlc_exos", "hepatic_IR", "reperfusion")
    assert e.status == "contested"
    assert e.summary.endswith(
        ' [74, 75, 76] "MSC-Exos protect the liver by activating moderate autophagy or inhibiting'
        ' excessive autophagy in different stage of hepatic I/R."'
    )
    # the form is the catalogue's: another wording there is the wording of the answer
    monkeypatch.setitem(sentences()["summaries"], "explain_reconciled", " (refs {refs}: {quote})")
    e = api.explain("bmsc_hlc_exos", "hepatic_IR", "reperfusion")
    assert e.summary.endswith(
        " (refs 74, 75, 76: MSC-Exos protect the liver by activating moderate autophagy or inhibiting excessive autophagy in different stage of hepatic I/R.)"
    )


# ---------------------------------------------------------------- score parts: words and one layout

TEMPLATES = Path(__file__).resolve().parents[1] / "reports" / "templates"


def test_the_score_parts_are_laid_out_once_per_format():
    # each format lays the score parts out in one macro of its shared partial; the report and
    # the web page call it (before, the text report had two score lines, one without the user's
    # marks, and the web page its own table with the parts' codes)
    where = {
        t.name: len(re.findall(r"\bfor \w+ in \w+\.score_parts\b", t.read_text(encoding="utf-8")))
        for t in sorted(TEMPLATES.glob("*.j2"))
    }
    assert {name: n for name, n in where.items() if n} == {
        "_caveats.txt.j2": 1,
        "_caveats.md.j2": 1,
        "_caveats.html.j2": 1,
    }
    web = (TEMPLATES / "web_answer.html.j2").read_text(encoding="utf-8")
    assert "cav.score_table(c)" in web
    # a Suggestion has no caveats or flips of its own (reasoning/results.py): no branch guesses them
    assert "r.caveats" not in web and "r.flips" not in web


def test_the_score_parts_read_in_words_in_every_view_and_as_codes_in_json():
    s = api.suggest("PD")
    parts = [p for c in [*s.candidates, *s.hypotheses] for p in c.score_parts]
    assert {p.name for p in parts} == {"context", "model", "mechanism", "papers", "reported", "caveats"}
    data = json.loads(render(s, "json"))
    assert {p["name"] for c in data["candidates"] for p in c["score_parts"]} <= {p.name for p in parts}
    text, md, html = (render(s, fmt) for fmt in ("text", "md", "html"))
    for p in parts:
        words = label("score_part", p.name)
        assert words != p.name.replace("_", " ")  # a label, not the code read as words
        assert f"{words} {p.value}x{p.weight}" in text
        assert f"{words} {p.value}×{p.weight}" in md
        assert f'<td title="{p.name}">{words}</td>' in html
    # no view prints a part's code where its words belong
    assert not re.search(
        r"(?:: |, |; )(?:context|model|mechanism|papers|reported|caveats) \d+[x×]", text + md
    )
    assert "<td>context</td>" not in html


def test_a_hypothesis_score_line_marks_the_users_changes_as_a_candidates_does():
    s = copy.deepcopy(api.suggest("PD"))
    assert s.hypotheses and s.candidates
    for c in (s.candidates[0], s.hypotheses[0]):
        part = next(p for p in c.score_parts if p.name == "papers")
        part.changed_by, part.value_without = ["mine.yaml"], 0
    text = render(s, "text")
    mark = f"{label('score_part', 'papers')} 1x1 [YOUR FACTS: mine.yaml; 0 without them]"
    hyp = text[text.index(f"[{s.hypotheses[0].id}]") :]
    assert mark in text[: text.index(f"[{s.hypotheses[0].id}]")] and mark in hyp


# ---------------------------------------------------------------- the two card surfaces


def test_both_card_surfaces_name_the_same_source():
    """`suggest --format cards` and the served CDS card cite the review with the one entry
    (phrases.common.card_source); the served card adds the service (tests/test_catalogue.py,
    KEPT_APART)."""
    pytest.importorskip("fastapi")
    from reasoner.web import cds

    s = api.suggest("hepatic_IR", "reperfusion")
    cli = [c["source"] for c in json.loads(render(s, "cards"))["cards"]]
    source = say("phrases.common.card_source")
    assert cli and {c["label"] for c in cli} == {source}
    assert cds.SOURCE["label"] == say("phrases.cds.source_label", source=source)
    assert cds.SOURCE["label"].startswith(source + ", ")
    assert {c["url"] for c in cli} == {cds.SOURCE["url"]}

"""One cut of a card's summary (issue 23, item 9): `suggest --format cards` and the CDS
service's cards shorten a long summary with the same function, to under 140 characters as the
CDS Hooks specification asks ("<140-character summary message"); before, one cut at 136 + "..."
and the other at 138 + "…", so the same summary read differently on the two surfaces."""

import json

from reasoner.api import suggest
from reasoner.knowledge.catalogue import catalogue
from reasoner.reporting.render import SUMMARY_LIMIT, cards, short
from reasoner.web import cds

#: A summary longer than the limit, with a space where the cut falls (rstrip takes it away).
LONG = "a" * 137 + " b" + " word" * 30


def test_short_keeps_a_summary_under_the_limit_and_marks_the_cut():
    assert SUMMARY_LIMIT == 140
    assert short("x" * 139) == "x" * 139  # fits: unchanged
    assert short("x" * 140) == "x" * 138 + "…"
    cut = short(LONG)
    assert len(cut) < 140 and cut.endswith("…") and LONG.startswith(cut[:-1])
    assert cut == "a" * 137 + "…"  # the space before the cut is not kept


def test_both_card_surfaces_cut_one_long_summary_the_same_way(monkeypatch):
    # the same long summary reaches each surface through its own catalogue phrase
    monkeypatch.setitem(catalogue()["phrases"]["cards"], "avoid", LONG)
    monkeypatch.setitem(catalogue()["phrases"]["cds"], "summary", LONG)
    answer = suggest("PD", trees=False)  # one candidate, one advised against
    assert answer.not_recommended  # the CLI's avoid card is made
    cli = [c["summary"] for c in json.loads(cards(answer))["cards"] if c["uuid"].startswith("avoid-")]
    found = cds.Found(condition_id="c1", disease="PD", stage=None, state=None, coding="x|1")
    served = cds.card(answer, found, "hook-1", "http://localhost/answer")["summary"]
    assert cli[0] == served == short(LONG)
    assert len(served) < 140

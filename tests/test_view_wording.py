"""Views of one field say it with one wording (issue 23, the fresh-eyes reading): the contested
explanation's quoted reconciliations, the score parts and the card surfaces take their words from
the catalogue, rules/sentences.yaml, and each field is laid out by one macro per format."""

from reasoner import api
from reasoner.reasoning.trees import sentences


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

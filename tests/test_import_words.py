"""The `reasoner import` report is worded by the catalogue (issue 23, item 3): each item not
mapped or needing attention has a code of ``phrases.import.item`` (reasoner/interop/imports.py
keeps ``Item(section, code, args)``, worded only when the header is written)."""

from reasoner.interop.imports import ITEM, Grounder, from_sif
from reasoner.knowledge.catalogue import catalogue, say
from reasoner.knowledge.kb import load


def test_the_import_report_is_worded_by_the_catalogue(tmp_path, monkeypatch):
    sif = tmp_path / "n.sif"
    sif.write_text("TP53 weird BECN1\nA_only\n", encoding="utf-8")
    kb = load((), False)
    before = from_sif(kb, str(sif)).splitlines()
    assert before[:4] == [
        "# " + say("phrases.import.header", file="n.sif"),
        "# " + say("phrases.import.counts", edges=0, entities="", n=2),
        "#   - " + say(ITEM + "sif_no_sign", what=say("phrases.import.where.line", n=1), relation="'weird'"),
        "#   - " + say(ITEM + "sif_fields", what="line 2", line="'A_only'"),
    ]
    assert (
        before[2] == "#   - line 1: relation 'weird' has no sign (use activates or inhibits, + or -, 1 or -1)"
    )
    # a curator's rewording reaches the report: no copy of the words is left in Python
    monkeypatch.setitem(
        catalogue()["phrases"]["import"]["item"], "sif_no_sign", "{what}: {relation} is unsigned"
    )
    assert from_sif(kb, str(sif)).splitlines()[2] == "#   - line 1: 'weird' is unsigned"


def test_an_unmapped_item_keeps_its_code():
    # a name several entities share is listed by its code and arguments, worded on writing
    g = Grounder(load((), False))
    g.ambiguous = {"akt\nx": ["akt1", "akt2"]}
    (note,) = g.notes()
    assert (note.section, note.code, note.args) == (
        ITEM,
        "ambiguous",
        {"name": "'akt x'", "ids": "akt1, akt2"},
    )
    assert note.words() == "'akt x' names several entities (akt1, akt2); none was chosen (give one's id)"

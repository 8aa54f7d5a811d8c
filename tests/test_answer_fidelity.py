"""Issue 24: answers a curator would sign (round three).

Rule-level cases run the bundled encoding on tiny hand-written fact sets (expected atoms
worked out by hand from the rule text); the bundled cases follow the review's sentences
quoted beside them, in every output format.
"""

from __future__ import annotations

import json

import pytest

from reasoner import api
from reasoner.errors import UnknownValueError
from reasoner.knowledge.kb import Const, Fn
from reasoner.reasoning.solver import solve
from reasoner.reporting.render import render

C = Const
ALL = C("all")
FORMATS = ("text", "md", "html", "json")


def A(pred, *args):
    return (pred, tuple(args))


def shown(facts, query):
    ans = solve(facts, query, support=False)
    return {(pred, row) for pred, rows in ans.atoms.items() for row in rows}


def disease(d, stages=(), organ="liver", cls="injury"):
    return [A("disease", d), A("organ", d, organ), A("disease_class", d, C(cls))] + [
        A("stage", d, s) for s in stages
    ]


def study(
    st, d, effect, outcome, iv=None, kind="msc_exosome", stage=None, cargo=None, change=None, source=None
):
    out = [
        A("study", st),
        A("study_disease", st, d),
        A("study_effect", st, C(effect)),
        A("study_outcome", st, C(outcome)),
        A("study_evidence", st, C("in_vivo")),
        A("study_ref", st, 1),
    ]
    if iv:
        out += [A("study_intervention", st, iv), A("intervention", iv), A("int_kind", iv, C(kind))]
    if source:
        out.append(A("int_source", iv, source))
    if stage:
        out.append(A("study_stage", st, stage))
    if cargo:
        out += [A("study_cargo", st, cargo), A("study_change", st, C(change))]
    return out


WARNING = [A("general_warning", "w", C("cancer"), C("msc_exosome")), A("warning_ref", "w", 85)]


# ---------------------------------------------------------------- (10) the safety caveat


def test_general_warning_is_a_safety_caveat_on_every_msc_exosome_and_moves_no_score():
    """3.5: "Although MSC-Exos can alleviate various diseases, they may also promote
    tumorigenesis" -- a disease with no cancer and no comorbidity still gets it."""
    facts = (
        disease("d")
        + [A("role_disease", "r", "d", C("protective"))]
        + study("s1", "d", "induce", "beneficial", iv="i1")
        + study("s2", "d", "induce", "beneficial", iv="i2", kind="engineered_exosome", source="bmsc")
        + [A("msc_source", "bmsc")]
        + study("s3", "d", "induce", "beneficial", iv="i3", kind="cell_exosome")
    )
    with_w = shown(facts + WARNING, [A("query", "d")])
    assert A("safety", "d", ALL, "i1", "w") in with_w
    assert A("safety", "d", ALL, "i2", "w") in with_w  # an engineered exosome from an MSC
    assert not [a for a in with_w if a[0] == "safety" and a[1][2] == "i3"]
    without = shown(facts, [A("query", "d")])
    assert {a for a in with_w if a[0] in ("score", "score_part", "rank")} == {
        a for a in without if a[0] in ("score", "score_part", "rank")
    }


def test_safety_caveat_reaches_every_msc_candidate_in_every_format():
    s = api.suggest("DN")  # 3.4: MSC-Exos in DN, no cancer anywhere in the question
    msc = [c for c in s.candidates if c.kind == "msc_exosome"]
    assert msc and all(any(x.kind == "safety" and x.refs == [85] for x in c.caveats) for c in msc)
    for fmt in FORMATS:
        out = render(s, fmt)
        assert "may also promote tumorigenesis" in out and "does not move the score" in out, fmt
    s = api.suggest("MI", "reperfusion")
    assert any(
        x.kind == "safety" for c in s.candidates if c.id == "sdf1_bmsc_exos" for x in c.caveats
    )  # engineered, from BMSCs [65]
    assert not any(
        x.kind == "safety" for c in s.candidates if c.id == "exos_mir_30a" for x in c.caveats
    )  # not MSC-derived [48]


# ---------------------------------------------------------------- (11) derived marks


def test_a_derived_counter_intervention_advised_against_is_marked_derived():
    # an unstaged harmful cargo c (up, inhibits, deleterious): blocking it is derived (induce);
    # with the level stated excessive, inhibition is desired, so the block is advised against
    facts = disease("d") + study("s", "d", "inhibit", "deleterious", cargo="c", change="up")
    got = shown(facts, [A("query", "d"), A("query_state", "d", C("excessive"))])
    blk = Fn("block", ("c",))
    assert A("not_recommended", "d", ALL, blk, Fn("opposes", (C("inhibit"),)), "s") in got
    assert A("outcome_of", "s", blk, C("beneficial"), C("derived")) in got


def test_derived_items_carry_their_mark_in_every_list_and_format():
    # [47] EGCG exosomes upregulate miR-30a: overexpressing miR-30a is derived, no study in MI
    # applied it; stated moderate, it is advised against, stage-bound it is contested
    s = api.suggest("MI", "ischaemia", autophagy_state="moderate")
    n = next(n for n in s.not_recommended if n.id == "mir_30a_overexpression")
    # scoped to the disease: [49] applied it in liver fibrosis (2.3.2), not in MI
    assert "derived" in n.reason_codes and n.reasons[0].startswith(
        "derived, no study of this disease applied it"
    )
    for fmt in FORMATS:
        assert "derived, no study of this disease applied it" in render(s, fmt), fmt
    s = api.suggest("MI", "ischaemia")
    c = next(c for c in s.conflicts if c.about == "contested: mir_30a_overexpression")
    assert "(derived: no study of this disease applied it" in c.note
    for fmt in FORMATS:
        assert "(derived: no study of this disease applied it" in render(s, fmt), fmt


# ---------------------------------------------------------------- (12) stage words


def _tiny_disease(tmp_path):
    f = tmp_path / "tiny.yaml"
    f.write_text("""diseases:
- id: zz_ir
  name: a tiny injury
  organ: skin
  system: integumentary
  refs: [5]
  quote: Autophagy is a common metabolic process in most eukaryotic cells
  section: '1'
  stages:
  - id: first
    name: first stage
    aliases: [initial]
    refs: [5]
    quote: Autophagy is a common metabolic process in most eukaryotic cells
  - id: second
    name: second stage
    aliases: [late]
    refs: [5]
    quote: Autophagy is a common metabolic process in most eukaryotic cells
""")
    return f


def test_a_stage_word_the_disease_lacks_is_refused_with_its_stages(tmp_path, run):
    kb = api.load_kb([_tiny_disease(tmp_path)])
    with pytest.raises(UnknownValueError) as exc:
        api.resolve_context(kb, "zz_ir", "reperfusion", None)
    assert "first, second" in str(exc.value)
    assert api.resolve_context(kb, "zz_ir", "late", None)[1] == "second"  # its own alias
    assert api.resolve_context(kb, "zz_ir", "initial", None)[1] == "first"
    # 3.1 names "the early stage of MI" and "the reperfusion stage": MI has no "late"
    r = run("suggest", "--disease", "MI", "--stage", "late")
    assert r.exit_code == 2
    assert (
        r.output.strip().splitlines()[-1]
        == "Error: unknown stage of MI 'late'; valid: ischaemia, reperfusion"
    )
    assert run("suggest", "--disease", "breast_cancer", "--stage", "late").exit_code == 0


# ---------------------------------------------------------------- (13) where extrapolations come from


def test_extrapolated_support_names_its_study_and_disease():
    facts = (
        disease("d")
        + [A("role_disease", "r", "d", C("protective"))]
        + disease("d2")
        + study("s2", "d2", "induce", "beneficial", iv="i2")
    )
    got = shown(facts, [A("query", "d")])
    assert A("support_kind", "d", ALL, "i2", "s2", C("extrapolated")) in got
    assert A("tier", "d", ALL, "i2", 2) in got


def test_extrapolated_candidates_name_the_disease_in_every_format():
    # 3.1: UCMSC exosomes "alleviated viral myocarditis by activating the AMPK/mTOR-mediated
    # autophagy flux pathway" [69]: offered for MI's early stage only by extrapolation
    s = api.suggest("MI", "ischaemia")
    c = next(c for c in s.candidates if c.id == "ucmsc_exos")
    assert c.extrapolated and c.evidence_from == ["viral_myocarditis"]
    assert "viral myocarditis" in c.summary
    for fmt in FORMATS:
        assert "viral_myocarditis" in render(s, fmt), fmt


# ---------------------------------------------------------------- (14) stage-matched models


def test_mi_reperfusion_prefers_reperfusion_models():
    # [48] "in rats with myocardial ischaemia/reperfusion (I/R) injury" and [61] "treated H9c2
    # cells with I/R" are models of the reperfusion stage; [60], [63], [65], [47], [50] state
    # no stage
    # no stage; a model of the asked stage gains context 3 (x4) over 2 and joins the first tier,
    # the other parts (model, mechanism, papers, caveats) still count
    s = api.suggest("MI", "reperfusion")
    by = {c.id: c for c in s.candidates}
    assert s.candidates[0].id == "exos_mir_30a"
    assert by["exos_mir_30a"].tier == by["msc_exos"].tier == "stage_model"
    assert s.candidates[0].evidence_from == ["myocardial_IR"]
    assert by["msc_exos"].rank < min(
        by[i].rank for i in ("bmsc_exos_mir_301", "sdf1_bmsc_exos", "adsc_exos_mir_93_5p")
    )
    parts = {p.name: p.value for p in s.candidates[0].score_parts}
    assert parts["context"] == 3
    assert "of which a study models the asked stage" in render(s, "text")


# ---------------------------------------------------------------- (1) the main job


def test_main_job_contests_the_unstaged_inducer_and_names_the_level():
    # 3.3: "MSC-Exos protect the liver by activating moderate autophagy or inhibiting excessive
    # autophagy in different stage of hepatic I/R" -- neither study is tied to a stage
    s = api.suggest("hepatic_IR", "reperfusion")
    assert [c.id for c in s.candidates] == ["ucmsc_exos_mir_20a"]
    assert s.not_recommended == []
    c = next(c for c in s.conflicts if c.about == "contested: bmsc_hlc_exos")
    assert c.flip_states == ["insufficient", "moderate"]
    assert [x.id for x in c.reconciliation] == ["hepatic_ir_level"]
    assert {(x.direction, tuple(x.refs)) for x in c.sides} == {("inhibit", (76,)), ("induce", (74,))}
    data = json.loads(render(s, "json"))
    assert any(x["about"] == "contested: bmsc_hlc_exos" for x in data["conflicts"])
    flipped = api.suggest("hepatic_IR", "reperfusion", autophagy_state="moderate")
    assert "bmsc_hlc_exos" in [c.id for c in flipped.candidates]


# ---------------------------------------------------------------- (2) comorbidity benefit


def _co(extra_c=()):
    """Main d (protective: induce) with x inducing; comorbidity c (protective), read whole."""
    return (
        disease("d")
        + [A("role_disease", "rd", "d", C("protective"))]
        + study("s1", "d", "induce", "beneficial", iv="x")
        + disease("c", organ="bone", cls="other")
        + [A("role_disease", "rc", "c", C("protective"))]
        + list(extra_c)
    )


def test_comorbidity_help_needs_a_study_of_the_comorbidity():
    q = [A("query", "d"), A("query", "c"), A("comorbid", "d", "c", ALL)]
    got = shown(_co(), q)
    assert A("co_helpful", "d", ALL, "x", "c", C("direction_agrees")) in got
    assert A("co_helpful", "d", ALL, "x", "c", C("evidence")) not in got
    got = shown(_co(study("s2", "c", "induce", "beneficial", iv="x")), q)
    assert A("co_helpful", "d", ALL, "x", "c", C("evidence")) in got
    assert A("co_helpful", "d", ALL, "x", "c", C("direction_agrees")) not in got


def test_comorbidity_direction_only_is_worded_as_such_in_every_format():
    # [52] miR-567-loaded exosomes were never applied to a heart
    s = api.suggest("breast_cancer", "late", comorbid=["MI:reperfusion"])
    c = next(c for c in s.candidates if c.id == "exos_loaded_mir_567")
    assert [(h.comorbidity, h.how) for h in c.helpful_for] == [("MI", "direction_agrees")]
    for fmt in FORMATS:
        out = render(s, fmt)
        assert "desired modulation; untested in myocardial infarction" in out, fmt
        assert "also helps" not in out, fmt


def test_comorbidity_reason_names_the_study_setting():
    # (18) [12] is a hypoxic-cardiomyocyte study, not a breast-cancer one: its effect opposes
    # breast cancer's late modulation; it does not "advise against it there"
    s = api.suggest("MI", "ischaemia", comorbid=["breast cancer:late"])
    reasons = [x for n in s.not_recommended for x in n.reasons if "s12_block_mir_30a" in x]
    assert reasons and not any("advises against it there" in x for x in reasons)


def test_warnings_carry_their_code_and_arguments_beside_their_words():
    """Issue 23, item 3: a warning is structured (code plus arguments) as well as worded, so a
    consumer decides on the code. Every bundled context is free of warnings, so the answer is
    built from a solve holding one answer warning and one audit warning."""
    from reasoner.api import load_kb
    from reasoner.knowledge.terms import Const, Fn
    from reasoner.reasoning.suggestion_builder import Builder
    from reasoner.reasoning.solver import Answer
    from reasoner.reasoning.wording import word_warning

    store = load_kb(())
    atoms = {
        "warning": [
            (Fn("dropped", ("hepatic_IR", Const("all"), "bmsc_exos")),),
            (Fn("mechanism", ("s75", Const("no_path"))),),  # the audit's, not the answer's
        ]
    }
    b = Builder(store, Answer(atoms=atoms), store.get("diseases", "hepatic_IR"), None, None, [], trees=False)
    [w] = b.warning_codes()
    assert (w.code, w.args) == ("dropped", ["hepatic_IR", "all", "bmsc_exos"])
    assert w.text == word_warning(atoms["warning"][0][0], b.label)  # the words `warnings` lists
    assert "neither recommended nor advised against" in w.text
    assert (
        Builder(
            store, Answer(atoms={}), store.get("diseases", "MI"), None, None, [], trees=False
        ).warning_codes()
        is None
    )

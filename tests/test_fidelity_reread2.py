"""The second re-read of issue 24 (warnings W4-W9, N-W1-N-W3): an answer says no more than
the review.  Each case runs the installed CLI and checks a line against the review's words,
quoted beside it."""

from __future__ import annotations

import json


def lines(run, *args):
    r = run("suggest", *args)
    assert r.exit_code == 0, r.output
    return r.output.splitlines()


def answer(run, *args):
    r = run("suggest", *args, "--format", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


# ---------------------------------------------------------------- W6, N-W2: found, not inferred


def test_osteosarcoma_side_words_what_ref_85_found(run):
    # 3.5: "Huang et al85 illustrated that human BMSC-Exos promoted tumorigenesis and metastasis
    # by inducing carcinogenic autophagy in osteosarcoma" -- induced autophagy harmed; nobody
    # tested inhibiting it
    out = lines(run, "--disease", "osteosarcoma", "--stage", "early")
    side = [x.strip() for x in out if "s85_bmsc_exos_osteosarcoma [85]" in x and ":" in x]
    assert (
        "induced autophagy was harmful (reported); that to inhibit it helps is inferred, not found: "
        "s85_bmsc_exos_osteosarcoma [85]"
    ) in side
    assert not any(x.startswith("to inhibit autophagy helps: s85") for x in side)
    c = next(c for c in answer(run, "--disease", "osteosarcoma", "--stage", "early")["conflicts"])
    assert {
        "direction": "inhibit",
        "inferred_from": "induce",
        "refs": [85],
        "studies": ["s85_bmsc_exos_osteosarcoma"],
    } in c["sides"]


def test_osteosarcoma_contested_role_says_what_disagrees(run):
    # 2.2 [36] states one role for the early stage of cancer (protective); [85] of osteosarcoma
    # itself goes against it: no two stated roles disagree
    out = lines(run, "--disease", "osteosarcoma", "--stage", "early")
    assert out[1] == "Role of autophagy: contested (the stated role and studies of the disease disagree) [36]"
    # liver fibrosis: [49] (2.3.2, excessive) and [96] (5, impairment) are two stated roles
    out = lines(run, "--disease", "liver_fibrosis")
    assert out[1] == "Role of autophagy: contested (stated roles disagree) [49][96]"


def test_mi_contested_item_words_table1_row8_as_recorded(run):
    # Table 1 row 8: "AMI  H9c2 cells  miR-30a (down) ... Beclin-1  Induce  Deleterious" -- the row
    # reports that the fall of miR-30a, with autophagy induced, harmed; that inhibiting helps is
    # the derivation.  The flip makes the derived item a hypothesis, not a candidate.
    out = lines(run, "--disease", "MI", "--stage", "ischaemia")
    note = next(
        x
        for x in out
        if x.startswith("  - Contested at ischaemia (early stage of MI): overexpression of miR-30a")
    )
    assert (
        "but study t1_r08_mir_30a_ami [47], which states no stage of myocardial infarction, reports "
        "that induced autophagy was harmful (that to inhibit it helps is inferred, not found)."
    ) in note
    assert "t1_r08_mir_30a_ami [47], which states no stage of myocardial infarction, found" not in note
    assert note.endswith("would make it a hypothesis, not a candidate (no study of this disease applied it).")
    # an applied item keeps "found" and the candidate flip ([63]: "inhibiting myocardial autophagy")
    note = next(x for x in out if "BMSC-derived exosomes carrying miR-301." in x)
    assert (
        "s63_bmsc_mir_301_mi [63], which states no stage of myocardial infarction, found that to inhibit"
        in note
    )
    assert note.endswith("would make it a candidate.")
    # the disease-wide conflict keeps the studies that applied an inhibitor apart from row 8
    sides = [x.strip() for x in out if x.startswith("      ") and "t1_r08_mir_30a_ami" in x]
    assert (
        "induced autophagy was harmful (reported); that to inhibit it helps is inferred, not found: t1_r08_mir_30a_ami [47]"
        in sides
    )
    assert not any(x.startswith("to inhibit autophagy helps:") and "t1_r08" in x for x in sides)
    flipped = answer(run, "--disease", "MI", "--stage", "ischaemia", "--autophagy-state", "excessive")
    assert "mir_30a_overexpression" in [h["id"] for h in flipped["hypotheses"]]
    assert "mir_30a_overexpression" not in [c["id"] for c in flipped["candidates"]]


# ---------------------------------------------------------------- N-W1: scoped to the disease


def test_no_study_of_mi_applied_mir_30a_overexpression_but_49_did_in_liver_fibrosis(run):
    # 2.3.2: "The overexpression of miR-30a may alleviate liver fibrosis ..." [49]
    out = lines(run, "--disease", "MI", "--stage", "reperfusion")
    assert "Hypotheses (1) - derived counter-interventions that no study of this disease applied:" in out
    assert not any("that no study applied" in x for x in out)
    fib = answer(run, "--disease", "liver_fibrosis")
    c = next(c for c in fib["candidates"] if c["id"] == "mir_30a_overexpression")
    assert c["derived"] is False and 49 in c["refs"]


# ---------------------------------------------------------------- W4, N-W3: the derived mark


def test_derived_contested_item_is_marked_in_the_by_stage_list_and_json(run):
    out = lines(run, "--disease", "MI", "--stage", "ischaemia")
    stage = next(x for x in out if x.startswith("  - ischaemia:"))
    assert "mir_30a_overexpression (derived: no study of this disease applied it)" in stage
    assert "egcg_cardiomyocyte_exos_mir_30a (derived" not in stage  # [47] applied it
    d = answer(run, "--disease", "MI", "--stage", "ischaemia")
    isch = next(s for s in d["stage_answers"] if s["stage"] == "ischaemia")
    assert isch["contested_derived"] == ["mir_30a_overexpression"]
    rep = next(s for s in d["stage_answers"] if s["stage"] == "reperfusion")
    assert "contested_derived" not in rep  # bmsc_exos [66], icm_exos [67] were applied


def test_unstaged_mi_hypothesis_names_the_stage_where_it_is_contested(run):
    out = lines(run, "--disease", "MI")
    start = out.index(next(x for x in out if x.startswith("Hypotheses (1)")))
    end = out.index(next(x for x in out if x.startswith("Not recommended")))
    block = out[start:end]
    assert "     contested at stages: ischaemia (its evidence states no stage; see conflicts)" in block


# ---------------------------------------------------------------- W9: miR-155 is not the cargo


def test_ald_derives_no_exosomal_mir_155_blockade(run):
    # 5: "the increased expression of miR-155 induced by alcohol increases the release of
    # harmful exosomes by targeting mTOR" -- the exosomes are harmful; miR-155 is not said to be
    # their cargo.  "Silencing miR-155 restored autophagy and reduced exosome release" stays.
    d = answer(run, "--disease", "ALD")
    assert d["hypotheses"] == []
    assert [c["id"] for c in d["candidates"]] == ["silence_mir_155"]
    out = lines(run, "--disease", "ALD")
    assert not any("block exosomal miR-155" in x for x in out)
    audit = run("audit")
    assert "ald_mir_155_is_not_exosomal_cargo" in audit.output


# ---------------------------------------------------------------- W8: roles the quote does not state


def test_tuberculosis_role_carries_its_reading(run):
    # 2.3.1 [42]: "MiR-18a inhibited macrophage autophagy ..." states no role; 4.2 (uncited):
    # "microbial infection can develop with insufficient autophagy"
    out = lines(run, "--disease", "tuberculosis")
    assert (
        out[3]
        == "  - stated for the disease (record tuberculosis_insufficient): autophagy is insufficient [42]"
    )
    assert out[4].startswith(
        "  CAVEAT (uncited, [42]; role_tuberculosis_not_in_quote): The quoted finding of ref 42 states no role"
    )
    assert "tuberculosis_role_from_table_and_4_2" in run("audit").output


def test_hcv_role_shows_the_review_internal_tension(run):
    # 4.2: "microbial infection can develop with insufficient autophagy" against [93]: "inhibiting
    # the autophagy pathway impairs the exosome-mediated release of infectious hepatitis C virus"
    out = lines(run, "--disease", "HCV")
    assert out[1] == "Role of autophagy: deleterious [93]"
    assert any(
        x.startswith("  CAVEAT (review internal, [93]; review_internal_hcv_insufficient): Section 4.2")
        for x in out
    )
    assert "hcv_role_against_4_2_microbial" in run("audit").output


# ---------------------------------------------------------------- W5: the species of H9c2


def test_block_mir_30a_level_does_not_call_h9c2_human(run):
    # Table 1 row 7: "Hypoxia  H9c2 cells ..."; abbreviations: "H9c2, cardio-myoblasts cell
    # line" -- no species; the paper's human material is patients' serum, not these cells
    out = lines(run, "--disease", "MI", "--stage", "ischaemia")
    i = out.index(next(x for x in out if "[block_mir_30a] -" in x))
    assert out[i + 2] == (
        "     evidence level: in vitro, species not stated; tier 2: extrapolated from a related "
        "disease, ranked after all same-disease evidence"
    )
    assert not any("in vitro, human (paper, DOI 10.1007/s00109-016-1387-2)" in x for x in out)
    assert "ref_12_cultured_cells_species_not_stated" in run("audit").output

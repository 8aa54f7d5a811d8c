"""Each rule family of rules/ on small hand-written fact sets.

A case is (id, input atoms, query atoms, atoms that must be shown, atoms that
must not be shown).  Expected atoms were worked out by hand from the rule text.
"""

from __future__ import annotations

import re

import pytest
import yaml

from reasoner.knowledge.kb import Const, Fn, load
from reasoner.knowledge.paths import rules_dir
from reasoner.reasoning.solver import rule_table, solve

C = Const
ALL = C("all")
IND, INH, UNC = C("induce"), C("inhibit"), C("uncertain")


def A(pred, *args):
    return (pred, tuple(args))


def ask(d, state=None, audit=False):
    out = [A("query", d)]
    if state:
        out.append(A("query_state", d, C(state)))
    if audit:
        out.append(A("audit"))
    return out


def dis(d, stages=(), organ=None, classes=()):
    out = [A("disease", d)] + [A("stage", d, s) for s in stages]
    if organ:
        out.append(A("organ", d, organ))
    return out + [A("disease_class", d, C(c)) for c in classes]


def study(
    st,
    d,
    effect,
    outcome,
    stage=None,
    iv=None,
    kind="msc_exosome",
    cargo=None,
    change=None,
    evidence="in_vivo",
    refs=(1,),
    release=None,
):
    out = [
        A("study", st),
        A("study_disease", st, d),
        A("study_effect", st, C(effect)),
        A("study_outcome", st, C(outcome)),
        A("study_evidence", st, C(evidence)),
    ]
    out += [A("study_ref", st, n) for n in refs]
    if stage:
        out.append(A("study_stage", st, stage))
    if iv:
        out += [A("study_intervention", st, iv), A("intervention", iv), A("int_kind", iv, C(kind))]
    if cargo:
        out.append(A("study_cargo", st, cargo))
    if change:
        out.append(A("study_change", st, C(change)))
    if release:
        out.append(A("study_release", st, C(release)))
    return out


def role(kind, rid, *args):
    """role_stage / role_disease / role_class_stage / role_class / role_organ; last arg is the role."""
    *head, value = args
    return [A(f"role_{kind}", rid, *head, C(value))]


def opposes(direction):
    return Fn("opposes", (direction,))


def block(c):
    return Fn("block", (c,))


def w_mech(st, status):
    return Fn("mechanism", (st, C(status)))


# ---------------------------------------------------------------- fixtures as data

STAGED = (
    dis("d", ("e", "r"))
    + role("stage", "rs_e", "d", "e", "protective")
    + role("stage", "rs_r", "d", "r", "deleterious")
)
CLASS_STAGE = dis("d", ("e",), classes=("ischemic",)) + role(
    "class_stage", "cs", C("ischemic"), "e", "deleterious"
)
PROTECTIVE = dis("d") + role("disease", "ra", "d", "protective")
LIVER = dis("d", organ="liver", classes=("ischemic",)) + role("disease", "ra", "d", "protective")
S4 = study("s4", "d2", "induce", "beneficial", iv="i4")
S3 = study("s3", "d", "inhibit", "deleterious", cargo="c", change="up", evidence="in_vitro")
CURATED_AB = [A("intervention", "ab"), A("int_kind", "ab", C("cargo_blockade")), A("int_cargo", "ab", "c")]
DIRECTION = (
    dis("d")
    + study("s6", "d", "induce", "beneficial", iv="i6")
    + study("s7", "d", "induce", "deleterious", iv="i7")
)
GRAPH = [A("entity", e) for e in ("c", "t", "autophagy", "exosome_release")] + [
    A("edge", "e1", "c", "t", -1),
    A("edge", "e2", "t", "autophagy", 1),
]
RELEASE = (
    dis("X")
    + dis("Y")
    + GRAPH
    + [
        A("edge", "g", "autophagy", "exosome_release", -1),
        A("edge", "x", "autophagy", "exosome_release", 1),
        A("edge_context", "x", "X"),
    ]
    + study("sx", "X", "inhibit", "beneficial", cargo="c", change="up", release="decrease")
    + study("sy", "Y", "inhibit", "beneficial", cargo="c", change="up", release="increase")
)
RANKED = (
    PROTECTIVE
    + study("sA", "d", "induce", "beneficial", iv="ib", evidence="both", refs=(1,))
    + study("sB", "d", "induce", "beneficial", iv="ia", evidence="in_vitro", refs=(2,))
    + study("sC", "d", "induce", "beneficial", iv="ic", evidence="both", refs=(3,))
)


def s8(effect):
    return dis("d") + study("s8", "d", effect, "beneficial", iv="i8", cargo="c", change="up", evidence="both")


CASES = [
    # (1) roles ------------------------------------------------------------
    (
        "stage_roles_disagree",
        STAGED,
        ask("d"),
        [
            A("view", "d", "e"),
            A("view", "d", "r"),
            A("view", "d", ALL),
            A("autophagy_role", "d", "e", C("protective"), "rs_e"),
            A("autophagy_role", "d", "r", C("deleterious"), "rs_r"),
            A("desired", "d", "e", IND),
            A("desired", "d", "r", INH),
            A("desired_basis", "d", "e", IND, C("role")),
            A("desired_basis", "d", "r", INH, C("role")),
            A("desired", "d", ALL, UNC),
        ],
        [
            A("desired", "d", ALL, IND),
            A("desired", "d", ALL, INH),
            A("desired", "d", "e", INH),
            A("desired", "d", "r", IND),
            A("conflict_role", "d", "e", C("protective"), "rs_e"),
        ],
    ),
    (
        "two_queries_one_solve",
        PROTECTIVE + dis("d2") + role("disease", "rb", "d2", "protective"),
        ask("d", state="excessive") + ask("d2"),
        [
            A("desired", "d", ALL, INH),
            A("desired_basis", "d", ALL, INH, C("state")),
            A("desired", "d2", ALL, IND),
            A("desired_basis", "d2", ALL, IND, C("role")),
        ],
        [
            A("desired", "d", ALL, IND),
            A("desired", "d2", ALL, INH),
            A("desired_basis", "d2", ALL, INH, C("state")),
        ],
    ),
    (
        "class_stage_principle",
        CLASS_STAGE,
        ask("d"),
        [
            A("autophagy_role", "d", "e", C("deleterious"), "cs"),
            A("desired", "d", "e", INH),
            A("desired", "d", ALL, INH),
        ],
        [A("desired", "d", ALL, UNC)],
    ),
    (
        "disease_outranks_class",
        CLASS_STAGE + role("disease", "rd", "d", "protective"),
        ask("d"),
        [
            A("autophagy_role", "d", "e", C("protective"), "rd"),
            A("desired", "d", "e", IND),
            A("desired", "d", ALL, IND),
        ],
        [A("autophagy_role", "d", "e", C("deleterious"), "cs"), A("desired", "d", "e", INH)],
    ),
    (
        "stage_outranks_disease",
        STAGED + role("disease", "rd", "d", "protective"),
        ask("d"),
        [A("autophagy_role", "d", "r", C("deleterious"), "rs_r"), A("desired", "d", "r", INH)],
        [A("autophagy_role", "d", "r", C("protective"), "rd"), A("desired", "d", "r", IND)],
    ),
    (
        "organ_role_when_silent",
        dis("d", organ="liver") + role("organ", "op", "liver", "protective"),
        ask("d"),
        [A("autophagy_role", "d", ALL, C("protective"), "op"), A("desired", "d", ALL, IND)],
        [],
    ),
    (
        "organ_role_yields_to_class",
        dis("d", organ="liver", classes=("ischemic",))
        + role("organ", "op", "liver", "protective")
        + role("class", "cr", C("ischemic"), "deleterious"),
        ask("d"),
        [A("autophagy_role", "d", ALL, C("deleterious"), "cr"), A("desired", "d", ALL, INH)],
        [A("autophagy_role", "d", ALL, C("protective"), "op"), A("desired", "d", ALL, IND)],
    ),
    (
        "organ_role_yields_to_evidence",
        dis("d", organ="liver")
        + role("organ", "op", "liver", "protective")
        + study("s1", "d", "inhibit", "beneficial", iv="i1"),
        ask("d"),
        [
            A("desired_basis", "d", ALL, INH, C("evidence")),
            A("desired", "d", ALL, INH),
            A("candidate", "d", ALL, "i1"),
        ],
        [A("autophagy_role", "d", ALL, C("protective"), "op"), A("desired", "d", ALL, IND)],
    ),
    # (2) equal precedence, opposite directions ----------------------------
    (
        "equal_precedence_contested",
        dis("d")
        + role("disease", "ra", "d", "protective")
        + role("disease", "rb", "d", "deleterious")
        + [A("reconciliation", "rec", "d", C("autophagy_level"))],
        ask("d"),
        [
            A("desired", "d", ALL, UNC),
            A("conflict_role", "d", ALL, C("protective"), "ra"),
            A("conflict_role", "d", ALL, C("deleterious"), "rb"),
        ],
        [
            A("desired", "d", ALL, IND),
            A("desired", "d", ALL, INH),
            A("desired_basis", "d", ALL, IND, C("role")),
            A("conflict_reconciliation", "d", C("role"), "rec"),
        ],
    ),
    # (3) stated autophagy level --------------------------------------------
    (
        "query_state_excessive",
        PROTECTIVE,
        ask("d", state="excessive"),
        [
            A("autophagy_role", "d", ALL, C("protective"), "ra"),
            A("desired_basis", "d", ALL, INH, C("state")),
            A("desired", "d", ALL, INH),
        ],
        [A("desired", "d", ALL, IND), A("desired_basis", "d", ALL, IND, C("role"))],
    ),
    # (4) candidates and what not to do --------------------------------------
    # issue 24 (1): a study with no stage speaks to every stage; where its effect opposes a
    # stage's role the item is contested (both sides, the level reconciliation, the level
    # that decides), never advised against on the stage's role alone, and the stage-less
    # answer ties it to no stage
    (
        "unstaged_opposing_stage_role_is_contested",
        STAGED
        + study("s1", "d", "induce", "beneficial", iv="i1")
        + [
            A("reconciliation", "rl", "d", C("autophagy_level")),
            A("reconciliation", "rst", "d", C("stage")),
            A("discrepancy", "x1", C("donor_cell")),
            A("discrepancy_on", "x1", "s1"),
        ],
        ask("d"),
        [
            A("effect_of", "s1", "i1", IND),
            A("candidate", "d", "e", "i1"),
            A("support_kind", "d", "e", "i1", "s1", C("same")),
            A("contested_item", "d", "r", "i1", INH, "s1"),
            A("contested_flip", "d", "r", "i1", C("moderate")),
            A("contested_flip", "d", "r", "i1", C("insufficient")),
            A("contested_reconciliation", "d", "r", "i1", "rl"),
            A("caveat", "d", "r", Fn("contested", ("i1",)), "x1"),
            A("candidate", "d", ALL, "i1"),
        ],
        [
            A("candidate", "d", "r", "i1"),
            A("not_recommended", "d", "r", "i1", opposes(INH), "s1"),
            A("alternative", "d", "r", "i1", "e"),
            A("stage_fit", "d", "e", "i1"),
            A("contested_flip", "d", "r", "i1", C("excessive")),
            A("contested_reconciliation", "d", "r", "i1", "rst"),
            A("not_recommended", "d", "e", "i1", opposes(IND), "s1"),
        ],
    ),
    (
        "unstaged_inhibitor_at_protective_stage_flips_on_excessive",
        STAGED + study("s1", "d", "inhibit", "beneficial", iv="i1"),
        ask("d"),
        [
            A("contested_item", "d", "e", "i1", IND, "s1"),
            A("contested_flip", "d", "e", "i1", C("excessive")),
            A("candidate", "d", "r", "i1"),
        ],
        [
            A("not_recommended", "d", "e", "i1", opposes(IND), "s1"),
            A("candidate", "d", "e", "i1"),
            A("contested_flip", "d", "e", "i1", C("moderate")),
            A("stage_fit", "d", "r", "i1"),
        ],
    ),
    (
        "unstaged_opposing_a_stated_level_is_advised_against",
        STAGED + study("s1", "d", "inhibit", "beneficial", iv="i1"),
        ask("d", state="moderate"),
        [A("not_recommended", "d", "e", "i1", opposes(IND), "s1")],
        [A("contested_item", "d", "e", "i1", IND, "s1"), A("candidate", "d", "e", "i1")],
    ),
    (
        "staged_study_ties_candidate_to_its_stage",
        STAGED + study("s1", "d", "inhibit", "beneficial", iv="i1", stage="r"),
        ask("d"),
        [A("candidate", "d", "r", "i1"), A("stage_fit", "d", "r", "i1")],
        [A("contested_item", "d", "e", "i1", IND, "s1"), A("stage_fit", "d", "e", "i1")],
    ),
    # issue 24 (14): a related disease's study that is a model of the asked stage ranks with
    # the same-disease evidence, and above a same-disease study that states no stage
    (
        "stage_model_ranks_first",
        dis("d", ("e", "r"), organ="heart", classes=("ir",))
        + role("stage", "rs_r", "d", "r", "deleterious")
        + dis("d2", ("e", "r"), organ="heart", classes=("ir",))
        + study("s2", "d2", "inhibit", "beneficial", iv="i2", stage="r", refs=(2,))
        + study("s3", "d", "inhibit", "beneficial", iv="i3", refs=(3,))
        + study("s4", "d2", "inhibit", "beneficial", iv="i4", refs=(4,)),
        ask("d"),
        [
            A("stage_model", "d", "r", "i2"),
            A("tier", "d", "r", "i2", 1),
            A("rank", "d", "r", "i2", 1),
            A("rank", "d", "r", "i3", 2),
            A("score_part", "d", "r", "i2", C("context"), 3, 4),
            A("score_part", "d", "r", "i3", C("context"), 2, 4),
            A("tier", "d", "r", "i4", 2),
            A("support_kind", "d", "r", "i2", "s2", C("extrapolated")),
        ],
        [A("tier", "d", "r", "i2", 2), A("stage_model", "d", "r", "i4")],
    ),
    (
        "candidate_every_stage",
        dis("d", ("e", "r"))
        + role("disease", "ra", "d", "protective")
        + study("s1", "d", "induce", "beneficial", iv="i1"),
        ask("d"),
        [
            A("candidate", "d", "e", "i1"),
            A("candidate", "d", "r", "i1"),
            A("candidate", "d", ALL, "i1"),
            A("stage_fit", "d", "e", "i1"),
            A("stage_fit", "d", "r", "i1"),
        ],
        [],
    ),
    (
        "reported_harm",
        PROTECTIVE + study("s2", "d", "induce", "deleterious", iv="i2"),
        ask("d"),
        [A("not_recommended", "d", ALL, "i2", C("reported_harm"), "s2")],
        [A("candidate", "d", ALL, "i2"), A("not_recommended", "d", ALL, "i2", opposes(IND), "s2")],
    ),
    # (5) derived counter-interventions ---------------------------------------
    (
        "counter_block_derived",
        PROTECTIVE + S3,
        ask("d"),
        [
            A("effect_of", "s3", block("c"), IND),
            A("hypothesis", "d", ALL, block("c")),
            A("support_kind", "d", ALL, block("c"), "s3", C("same")),
            A("score_part", "d", ALL, block("c"), C("reported"), 0, 1),
        ],
        [
            A("not_recommended", "d", ALL, block("c"), C("reported_harm"), "s3"),
            A("candidate", "d", ALL, block("c")),
        ],
    ),
    (
        "counter_block_curated",
        PROTECTIVE + S3 + CURATED_AB,
        ask("d"),
        [A("effect_of", "s3", "ab", IND), A("hypothesis", "d", ALL, "ab")],
        [
            A("candidate", "d", ALL, "ab"),
            A("hypothesis", "d", ALL, block("c")),
            A("effect_of", "s3", block("c"), IND),
        ],
    ),
    (
        "counter_restore_derived",
        dis("d")
        + role("disease", "ra", "d", "deleterious")
        + study("s3", "d", "induce", "deleterious", cargo="c", change="down"),
        ask("d"),
        [A("effect_of", "s3", Fn("restore", ("c",)), INH), A("hypothesis", "d", ALL, Fn("restore", ("c",)))],
        [A("candidate", "d", ALL, Fn("restore", ("c",)))],
    ),
    (
        "applied_and_derived_is_candidate",
        PROTECTIVE + S3 + CURATED_AB + study("s9", "d", "induce", "beneficial", iv="ab"),
        ask("d"),
        [
            A("candidate", "d", ALL, "ab"),
            A("support_kind", "d", ALL, "ab", "s3", C("same")),
            A("support_kind", "d", ALL, "ab", "s9", C("same")),
        ],
        [A("hypothesis", "d", ALL, "ab")],
    ),
    # (6) extrapolation -------------------------------------------------------
    (
        "extrapolated_related",
        LIVER + dis("d2", organ="liver", classes=("ischemic",)) + S4,
        ask("d"),
        [
            A("candidate", "d", ALL, "i4"),
            A("support_kind", "d", ALL, "i4", "s4", C("extrapolated")),
            A("score_part", "d", ALL, "i4", C("context"), 1, 4),
        ],
        [],
    ),
    (
        "extrapolation_only_without_own_evidence",
        LIVER
        + dis("d2", organ="liver", classes=("ischemic",))
        + S4
        + study("s5", "d", "induce", "beneficial", iv="i4"),
        ask("d"),
        [A("candidate", "d", ALL, "i4"), A("support_kind", "d", ALL, "i4", "s5", C("same"))],
        [A("support_kind", "d", ALL, "i4", "s4", C("extrapolated"))],
    ),
    (
        "same_organ_other_class",
        LIVER + dis("d2", organ="liver", classes=("tumour",)) + S4,
        ask("d"),
        [A("desired", "d", ALL, IND)],
        [A("candidate", "d", ALL, "i4"), A("support_kind", "d", ALL, "i4", "s4", C("extrapolated"))],
    ),
    (
        "same_class_other_organ",
        LIVER + dis("d2", organ="heart", classes=("ischemic",)) + S4,
        ask("d"),
        [A("desired", "d", ALL, IND)],
        [A("candidate", "d", ALL, "i4")],
    ),
    # (7) conflicts -----------------------------------------------------------
    (
        "conflict_direction",
        DIRECTION,
        ask("d"),
        [
            A("conflict", "d", C("direction")),
            A("conflict_side", "d", C("direction"), IND, "s6"),
            A("conflict_side", "d", C("direction"), INH, "s7"),
            A("desired", "d", ALL, UNC),
            A("candidate", "d", ALL, "i6"),
            A("not_recommended", "d", ALL, "i7", C("reported_harm"), "s7"),
        ],
        [A("conflict_reconciliation", "d", C("direction"), "rec")],
    ),
    (
        "conflict_reconciled",
        DIRECTION + [A("reconciliation", "rec", "d", C("autophagy_level"))],
        ask("d"),
        [A("conflict_reconciliation", "d", C("direction"), "rec")],
        [],
    ),
    (
        "conflict_cargo",
        dis("d", organ="liver", classes=("ischemic",))
        + dis("d2", organ="liver", classes=("ischemic",))
        + study("sa", "d", "induce", "beneficial", cargo="m", change="up")
        + study("sb", "d2", "inhibit", "beneficial", cargo="m", change="up"),
        ask("d"),
        [
            A("conflict", "d", Fn("cargo", ("m",))),
            A("conflict_side", "d", Fn("cargo", ("m",)), IND, "sa"),
            A("conflict_side", "d", Fn("cargo", ("m",)), INH, "sb"),
        ],
        [A("conflict", "d", C("direction"))],
    ),
    # (8) sign propagation ----------------------------------------------------
    (
        "mechanism_consistent",
        s8("inhibit") + GRAPH,
        ask("d"),
        [
            A("derived_effect", "s8", C("autophagy"), INH),
            A("mechanism", "s8", C("autophagy"), C("consistent")),
            A("path_step", "s8", "c", "t", -1, "e1"),
            A("path_step", "s8", "t", "autophagy", 1, "e2"),
            A("candidate", "d", ALL, "i8"),
            A("score_part", "d", ALL, "i8", C("mechanism"), 1, 2),
        ],
        [A("mechanism", "s8", C("autophagy"), C("inconsistent")), A("warning", w_mech("s8", "inconsistent"))],
    ),
    (
        "mechanism_inconsistent",
        s8("induce") + GRAPH,
        ask("d"),
        [
            A("derived_effect", "s8", C("autophagy"), INH),
            A("mechanism", "s8", C("autophagy"), C("inconsistent")),
            A("warning", w_mech("s8", "inconsistent")),
        ],
        [A("mechanism", "s8", C("autophagy"), C("consistent"))],
    ),
    (
        "mechanism_no_path",
        s8("inhibit"),
        ask("d"),
        [A("mechanism", "s8", C("autophagy"), C("no_path")), A("warning", w_mech("s8", "no_path"))],
        [A("derived_effect", "s8", C("autophagy"), INH)],
    ),
    (
        "release_context_edge_with_audit",
        RELEASE,
        ask("X", audit=True),
        [
            A("derived_effect", "sx", C("exosome_release"), C("decrease")),
            A("mechanism", "sx", C("exosome_release"), C("consistent")),
            A("path_step", "sx", "autophagy", "exosome_release", 1, "x"),
            A("derived_effect", "sy", C("autophagy"), INH),
            A("derived_effect", "sy", C("exosome_release"), C("increase")),
            A("path_step", "sy", "autophagy", "exosome_release", -1, "g"),
        ],
        [
            A("derived_effect", "sx", C("exosome_release"), C("increase")),
            A("path_step", "sx", "autophagy", "exosome_release", -1, "g"),
            A("derived_effect", "sy", C("exosome_release"), C("decrease")),
        ],
    ),
    (
        "release_without_audit",
        RELEASE,
        ask("X"),
        [A("derived_effect", "sx", C("exosome_release"), C("decrease"))],
        [
            A("derived_effect", "sy", C("autophagy"), INH),
            A("derived_effect", "sy", C("exosome_release"), C("increase")),
        ],
    ),
    # (9) ranking -------------------------------------------------------------
    (
        "rank_evidence_then_id",
        RANKED,
        ask("d"),
        [
            A("score_part", "d", ALL, "ib", C("context"), 2, 4),
            A("score_part", "d", ALL, "ib", C("model"), 3, 2),
            A("score_part", "d", ALL, "ia", C("model"), 1, 2),
            A("score_part", "d", ALL, "ib", C("mechanism"), 0, 2),
            A("score_part", "d", ALL, "ib", C("papers"), 1, 1),
            A("score_part", "d", ALL, "ib", C("reported"), 1, 1),
            A("score", "d", ALL, "ib", 16),
            A("score", "d", ALL, "ic", 16),
            A("score", "d", ALL, "ia", 12),
            A("rank", "d", ALL, "ib", 1),
            A("rank", "d", ALL, "ic", 2),
            A("rank", "d", ALL, "ia", 3),
        ],
        [],
    ),
    (
        "rank_stage_context",
        dis("d", ("e",))
        + role("stage", "rs", "d", "e", "protective")
        + study("s", "d", "induce", "beneficial", stage="e", iv="i", refs=(1, 2)),
        ask("d"),
        [
            A("score_part", "d", "e", "i", C("context"), 3, 4),
            A("score_part", "d", "e", "i", C("papers"), 2, 1),
            A("score", "d", "e", "i", 19),
            A("score_part", "d", ALL, "i", C("context"), 2, 4),
            A("score", "d", ALL, "i", 15),
            A("rank", "d", "e", "i", 1),
        ],
        [],
    ),
    (
        "tier_extrapolation_after_same_disease",
        LIVER
        + dis("d2", organ="liver", classes=("ischemic",))
        + study("s4", "d2", "induce", "beneficial", iv="i4", evidence="both", refs=(1, 2, 3))
        + study("s5", "d", "induce", "beneficial", iv="i5", evidence="in_vitro"),
        ask("d"),
        [
            A("tier", "d", ALL, "i5", 1),
            A("tier", "d", ALL, "i4", 2),
            A("score", "d", ALL, "i4", 14),
            A("score", "d", ALL, "i5", 12),
            A("rank", "d", ALL, "i5", 1),
            A("rank", "d", ALL, "i4", 2),
        ],
        [],
    ),
    (
        "hypotheses_ranked_apart",
        PROTECTIVE + S3 + study("s9", "d", "induce", "beneficial", iv="i9", evidence="in_vitro"),
        ask("d"),
        [A("rank", "d", ALL, "i9", 1), A("rank", "d", ALL, block("c"), 1)],
        [],
    ),
    # (11) caveats ------------------------------------------------------------
    (
        "caveat_reaches_candidate_and_score",
        PROTECTIVE
        + study("s9", "d", "induce", "beneficial", iv="i9")
        + [
            A("discrepancy", "x1", C("title_vs_text")),
            A("discrepancy_on", "x1", "s9"),
            A("discrepancy", "x2", C("table_ref_number")),
            A("discrepancy_on", "x2", "s9"),
        ],
        ask("d"),
        [
            A("caveat", "d", ALL, Fn("supported", ("i9",)), "x1"),
            A("caveat", "d", ALL, Fn("supported", ("i9",)), "x2"),
            A("score_part", "d", ALL, "i9", C("caveats"), 1, -2),
        ],
        [A("score_part", "d", ALL, "i9", C("caveats"), 2, -2)],
    ),
    (
        "caveat_reaches_not_recommended_role_and_conflict",
        PROTECTIVE
        + study("s6", "d", "induce", "beneficial", iv="i6")
        + study("s7", "d", "inhibit", "beneficial", iv="i7")
        + [
            A("discrepancy", "x", C("title_vs_text")),
            A("discrepancy_on", "x", "s7"),
            A("discrepancy", "y", C("scope")),
            A("discrepancy_on", "y", "ra"),
        ],
        ask("d"),
        [
            A("caveat", "d", ALL, Fn("not_recommended", ("i7",)), "x"),
            A("caveat", "d", ALL, Fn("conflict", (C("direction"),)), "x"),
            A("caveat", "d", ALL, C("role"), "y"),
        ],
        [A("caveat", "d", ALL, Fn("supported", ("i6",)), "x")],
    ),
    (
        "caveat_reaches_mechanism_edge",
        dis("d")
        + role("disease", "ra", "d", "protective")
        + GRAPH
        + study("s8", "d", "induce", "beneficial", iv="i8", cargo="c", change="down")
        + [A("discrepancy", "b", C("background")), A("discrepancy_on", "b", "e1")],
        ask("d"),
        [
            A("caveat", "d", ALL, Fn("supported", ("i8",)), "b"),
            A("caveat", "d", ALL, Fn("mechanism", ("s8",)), "b"),
        ],
        [],
    ),
    (
        "caveat_reaches_evidence_basis",
        dis("d")
        + study("s9", "d", "inhibit", "beneficial")
        + [A("discrepancy", "x", C("title_vs_text")), A("discrepancy_on", "x", "s9")],
        ask("d"),
        [A("desired_basis", "d", ALL, INH, C("evidence")), A("caveat", "d", ALL, C("role"), "x")],
        [],
    ),
    # (12) inherited roles against the disease's own evidence -----------------
    (
        "class_role_contested_by_own_evidence",
        dis("d", ("e",), classes=("tumour",))
        + role("class_stage", "ce", C("tumour"), "e", "protective")
        + study("s9", "d", "induce", "deleterious", iv="i9"),
        ask("d"),
        [
            A("conflict_role", "d", "e", C("protective"), "ce"),
            A("conflict_role_evidence", "d", "e", INH, "s9"),
            A("desired", "d", "e", UNC),
        ],
        [A("desired", "d", "e", IND)],
    ),
    (
        "class_role_stands_when_own_evidence_splits",
        dis("d", ("e",), classes=("tumour",))
        + role("class_stage", "ce", C("tumour"), "e", "protective")
        + study("s9", "d", "induce", "deleterious", iv="i9")
        + study("s10", "d", "induce", "beneficial", iv="i10"),
        ask("d"),
        [A("desired", "d", "e", IND), A("candidate", "d", "e", "i10")],
        [A("conflict_role_evidence", "d", "e", INH, "s9"), A("desired", "d", "e", UNC)],
    ),
    (
        "disease_role_not_contested_by_unstaged_evidence",
        PROTECTIVE + study("s9", "d", "induce", "deleterious", iv="i9"),
        ask("d"),
        [A("desired", "d", ALL, IND)],
        [A("conflict_role_evidence", "d", ALL, INH, "s9")],
    ),
    # (13) uncited records ----------------------------------------------------
    (
        "uncited_organ_role_sets_no_direction",
        dis("h", organ="heart")
        + role("organ", "po", "heart", "protective")
        + [A("record_provenance", "po", C("uncited"))],
        ask("h"),
        [A("autophagy_role", "h", ALL, C("protective"), "po"), A("desired", "h", ALL, UNC)],
        [A("desired", "h", ALL, IND), A("desired_basis", "h", ALL, IND, C("role"))],
    ),
    (
        "cited_organ_role_sets_direction",
        dis("h", organ="heart") + role("organ", "po", "heart", "protective"),
        ask("h"),
        [A("desired", "h", ALL, IND)],
        [A("desired", "h", ALL, UNC)],
    ),
]

#: Cases that expose a bug in rules/ (id -> (reason, exception)); strict, so a fix shows up.
KNOWN_BUGS: dict = {}


def _params():
    for cid, facts, query, present, absent in CASES:
        marks = ()
        if cid in KNOWN_BUGS:
            reason, exc = KNOWN_BUGS[cid]
            marks = pytest.mark.xfail(reason=reason, raises=exc, strict=True)
        yield pytest.param(facts, query, present, absent, id=cid, marks=marks)


@pytest.mark.parametrize("facts, query, present, absent", list(_params()))
def test_case(facts, query, present, absent):
    answer = solve(facts, query)
    shown = {(pred, row) for pred, rows in answer.atoms.items() for row in rows}
    assert [a for a in present if a not in shown] == []
    assert [a for a in absent if a in shown] == []
    # (10) every applicable intervention is a candidate or blocked
    assert [w for (w,) in answer.get("warning") if isinstance(w, Fn) and w.name == "dropped"] == []
    assert not [m for m in answer.messages if "does not occur in any rule head" in m]


def test_case_ids_unique():
    ids = [c[0] for c in CASES]
    assert len(ids) == len(set(ids))
    assert set(KNOWN_BUGS) <= set(ids)


# (11) --------------------------------------------------------------------------


def test_bundled_kb_has_no_undefined_predicates():
    answer = solve(load().atoms(), [A("query", "hepatic_IR")])
    assert answer.get("desired")
    assert [m for m in answer.messages if "does not occur in any rule head" in m] == []
    assert [w for (w,) in answer.get("warning") if isinstance(w, Fn) and w.name == "dropped"] == []


# (12) --------------------------------------------------------------------------

SENTENCES = yaml.safe_load((rules_dir() / "sentences.yaml").read_text(encoding="utf-8"))
SHOWN = re.findall(r"^#show\s+(\w+/\d+)\s*\.", (rules_dir() / "show.lp").read_text(), re.M)
#: support/4 carries the justification trees themselves; warning/1 is worded by its own
#: section of rules/sentences.yaml, ``warnings`` (reasoning/wording.py ``word_warning``), as
#: rules/checks.lp says.
NOT_WORDED = {"support/4", "warning/1"}
#: Shown predicates that lack a template today (reasoning/trees.py falls back to raw atoms).
MISSING_TEMPLATES: set = set()


@pytest.mark.parametrize("label", sorted(rule_table()))
def test_rule_has_sentence(label):
    assert SENTENCES["rules"].get(label)


@pytest.mark.parametrize(
    "sig",
    [
        pytest.param(
            s,
            marks=pytest.mark.xfail(reason="no template in rules/sentences.yaml", strict=True)
            if s in MISSING_TEMPLATES
            else (),
        )
        for s in SHOWN
        if s not in NOT_WORDED
    ],
)
def test_shown_predicate_has_template(sig):
    assert sig in SENTENCES["atoms"]


def test_show_lp_parsed():
    assert len(SHOWN) >= 20 and NOT_WORDED <= set(SHOWN)

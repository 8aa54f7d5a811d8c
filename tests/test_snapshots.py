"""Golden snapshots of `reasoner suggest` in Markdown and JSON, reviewed by hand.

Each context below has `tests/snapshots/<name>.md` and `<name>.json`: the exact
bytes the CLI writes to stdout.  The key claims of every snapshot were checked
once against the review (facts/review.txt); `tests/snapshots/REVIEWED.md` lists
them with section, quote and reference numbers, and flags what disagrees.

A mismatch fails with a short diff.  To accept an intended change:

    REASONER_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_snapshots.py

which rewrites the files (those tests are then skipped with "snapshot
rewritten"); review `git diff tests/snapshots` against the review and update
REVIEWED.md.  A missing snapshot fails unless the variable is set.

The targeted tests at the end assert the reviewed claims on the live JSON, so
a blind refresh of the files cannot silently drop them.
"""

import difflib
import json
import os
from pathlib import Path

import pytest

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE_VAR = "REASONER_UPDATE_SNAPSHOTS"
REFRESH = f"{UPDATE_VAR}=1 python -m pytest tests/test_snapshots.py"
DIFF_LINES = 40

# name -> arguments of `reasoner suggest`
CONTEXTS = {
    # the main job: stage-specific role, one candidate, one counter-indication, a reconciled conflict
    "hepatic_IR_reperfusion": ("--disease", "hepatic_IR", "--stage", "reperfusion"),
    # the same disease at the other stage: the verdicts swap
    "hepatic_IR_ischaemia": ("--disease", "hepatic_IR", "--stage", "ischaemia"),
    # staged disease without a stage: desired uncertain, per-stage answers, two conflicts
    "MI": ("--disease", "MI"),
    # cancer: class-level role by stage, an engineered exosome and a derived cargo blockade
    "breast_cancer_late": ("--disease", "breast_cancer", "--stage", "late"),
    # neurodegeneration: disease-level role, derived blockade, not recommended for reported harm
    "PD": ("--disease", "PD"),
    # a user-stated autophagy level overrides the stage roles; extrapolated candidates
    "myocardial_hypoxia_insufficient": (
        "--disease",
        "myocardial_hypoxia",
        "--autophagy-state",
        "insufficient",
    ),
    # issue 16: a comorbidity; the review's general warning (3.5, [85]) cautions the MSC exosome
    "hepatic_IR_ischaemia_comorbid_osteosarcoma": (
        "--disease",
        "hepatic_IR",
        "--stage",
        "ischaemia",
        "--comorbid",
        "osteosarcoma",
    ),
}
FORMATS = ("md", "json")
CASES = [(name, fmt) for name in CONTEXTS for fmt in FORMATS]


def _updating() -> bool:
    return os.environ.get(UPDATE_VAR, "") not in ("", "0")


def _suggest(run, name, fmt) -> bytes:
    r = run("suggest", *CONTEXTS[name], "--format", fmt)
    assert r.exit_code == 0, (
        f"reasoner suggest {' '.join(CONTEXTS[name])} --format {fmt} exited {r.exit_code}:\n{r.output}"
    )
    return r.stdout_bytes


def _short_diff(expected: bytes, actual: bytes, path: Path) -> str:
    diff = list(
        difflib.unified_diff(
            expected.decode("utf-8", "replace").splitlines(),
            actual.decode("utf-8", "replace").splitlines(),
            fromfile=f"{path.name} (snapshot)",
            tofile=f"{path.name} (now)",
            lineterm="",
            n=2,
        )
    )
    if not diff:  # only line endings or a final newline differ
        diff = [f"(no line differs; bytes differ: snapshot {len(expected)} bytes, now {len(actual)} bytes)"]
    shown = diff[:DIFF_LINES]
    if len(diff) > DIFF_LINES:
        shown.append(f"... ({len(diff) - DIFF_LINES} more diff lines)")
    return "\n".join(shown)


@pytest.mark.parametrize("name,fmt", CASES, ids=[f"{n}.{f}" for n, f in CASES])
def test_snapshot(run, name, fmt):
    path = SNAPSHOTS / f"{name}.{fmt}"
    actual = _suggest(run, name, fmt)
    if _updating():
        if not path.exists() or path.read_bytes() != actual:
            SNAPSHOTS.mkdir(exist_ok=True)
            path.write_bytes(actual)
            pytest.skip(f"snapshot rewritten: {path.relative_to(SNAPSHOTS.parent.parent)}")
        return
    if not path.exists():
        pytest.fail(
            f"missing snapshot {path.relative_to(SNAPSHOTS.parent.parent)}; create it with: {REFRESH}",
            pytrace=False,
        )
    expected = path.read_bytes()
    if actual != expected:
        pytest.fail(
            f"`reasoner suggest {' '.join(CONTEXTS[name])} --format {fmt}` differs from "
            f"{path.relative_to(SNAPSHOTS.parent.parent)}:\n{_short_diff(expected, actual, path)}\n"
            f"If the change is intended, refresh with: {REFRESH}\n"
            f"then check the diff against facts/review.txt and update tests/snapshots/REVIEWED.md.",
            pytrace=False,
        )


def test_no_stale_snapshots():
    # tests/test_impact.py keeps one impact in each format beside these
    impact = {f"impact_oa_misread.{s}" for s in ("json", "txt", "md", "html")}
    expected = {f"{n}.{f}" for n, f in CASES} | {"REVIEWED.md"} | impact
    present = {p.name for p in SNAPSHOTS.iterdir()} if SNAPSHOTS.exists() else set()
    assert present - expected == set(), "snapshot files without a context in CONTEXTS"


def test_every_context_is_reviewed():
    reviewed = (SNAPSHOTS / "REVIEWED.md").read_text()
    missing = [n for n in CONTEXTS if f"## {n}" not in reviewed]
    assert missing == [], "contexts without a section in tests/snapshots/REVIEWED.md"


# --- Targeted assertions on the reviewed claims (see REVIEWED.md) -------------


@pytest.fixture
def suggestion(run):
    def _get(name):
        return json.loads(_suggest(run, name, "json"))

    return _get


def _citing(items, ref):
    return [i for i in items if ref in i["refs"]]


def _side(conflict, direction):
    return next(s for s in conflict["sides"] if s["direction"] == direction)


def test_hepatic_ir_reperfusion_claims(suggestion):
    d = suggestion("hepatic_IR_reperfusion")
    # 3.3 [76]: "... a deleterious role during the reperfusion stage"
    assert d["autophagy"]["role"] == "deleterious"
    assert d["autophagy"]["desired"] == "inhibit"
    assert d["autophagy"]["refs"] == [76]
    # 3.3 [75]: UCMSC exosomal miR-20 "reduced liver I/R injury by inhibiting Beclin-1-mediated autophagy"
    [c75] = _citing(d["candidates"], 75)
    assert c75["rank"] == 1 and c75["autophagy_effect"] == "inhibit" and c75["cargo"] == "mir_20a"
    assert [s["outcome"] for s in c75["support"]] == ["beneficial"]
    # 3.3 [74]: BMSC exosomes "enhanced autophagy", in no stated stage: against the stage's role
    # it is contested (issue 24), not advised against
    assert _citing(d["candidates"], 74) == [] and d["not_recommended"] == []
    # 3.3: "activating moderate autophagy or inhibiting excessive autophagy in different stage of
    # hepatic I/R": the reconciliation is by level; stating moderate (or insufficient) decides
    contested, conflict = d["conflicts"]
    assert contested["about"] == "contested: bmsc_hlc_exos"
    assert contested["flip_states"] == ["insufficient", "moderate"]
    assert _side(contested, "induce")["refs"] == [74] and _side(contested, "inhibit")["refs"] == [76]
    assert [r["id"] for r in contested["reconciliation"]] == ["hepatic_ir_level"]
    assert _side(conflict, "induce")["refs"] == [74] and _side(conflict, "inhibit")["refs"] == [75]
    assert [r["basis"] for r in conflict["reconciliation"]] == ["autophagy_level"]
    stages = {s["stage"]: (s["role"], s["desired"]) for s in d["stage_answers"]}
    assert stages == {"ischaemia": ("protective", "induce"), "reperfusion": ("deleterious", "inhibit")}


def test_hepatic_ir_ischaemia_claims(suggestion):
    d = suggestion("hepatic_IR_ischaemia")
    # 3.3 [76]: "a protective role during the early stage of hepatic I/R"
    assert (d["autophagy"]["role"], d["autophagy"]["desired"], d["autophagy"]["refs"]) == (
        "protective",
        "induce",
        [76],
    )
    # 3.3 [74]: "enhanced autophagy and reduced liver I/R injury both in vivo and in vitro"
    [c74] = _citing(d["candidates"], 74)
    assert c74["rank"] == 1 and c74["autophagy_effect"] == "induce"
    assert [s["evidence"] for s in c74["support"]] == ["both"]
    # [75] inhibits Beclin-1-mediated autophagy, no stage stated -> contested here (the level
    # excessive would make it a candidate), not advised against
    assert _citing(d["not_recommended"], 75) == [] and _citing(d["candidates"], 75) == []
    contested = next(c for c in d["conflicts"] if c["about"] == "contested: ucmsc_exos_mir_20a")
    assert contested["flip_states"] == ["excessive"]


def test_mi_claims(suggestion):
    d = suggestion("MI")
    # 3.1 [68]: beneficial autophagy activation early in MI, excessive autophagy harmful at reperfusion
    assert (d["autophagy"]["role"], d["autophagy"]["desired"]) == ("stage_dependent", "uncertain")
    assert {r["id"]: (r["role"], r["refs"]) for r in d["autophagy"]["records"]} == {
        "mi_ischaemia_protective": ("protective", [68]),
        "mi_reperfusion_deleterious": ("deleterious", [68]),
    }
    stages = {s["stage"]: (s["role"], s["desired"]) for s in d["stage_answers"]}
    # [68] is the review's only statement of MI stages; [60] "ischaemia-induced autophagy" and [65]
    # "ischaemic cardiomyocytes" name no stage, so early -> induce and reperfusion -> inhibit
    assert stages == {"ischaemia": ("protective", "induce"), "reperfusion": ("deleterious", "inhibit")}
    per_stage = {s["stage"]: s for s in d["stage_answers"]}
    assert {"bmsc_exos", "icm_exos"} <= set(per_stage["ischaemia"]["candidates"])
    assert {"msc_exos_mir_125b_5p", "sdf1_bmsc_exos"} <= set(per_stage["reperfusion"]["candidates"])
    # ... and, stating no stage, they are contested at the early stage, not advised against
    assert {"msc_exos_mir_125b_5p", "sdf1_bmsc_exos"} <= set(per_stage["ischaemia"]["contested"])
    assert per_stage["ischaemia"]["not_recommended"] == []
    cands = {c["id"]: c for c in d["candidates"]}
    assert cands["msc_exos_mir_125b_5p"]["stages"] == [] and cands["msc_exos_mir_125b_5p"][
        "contested_stages"
    ] == ["ischaemia"]
    # the ref 66 title ("rescue myocardial ischemia/reperfusion injury by inducing cardiomyocyte autophagy")
    [c66] = _citing(d["candidates"], 66)
    assert [x["id"] for x in c66["caveats"] if x["kind"] != "primary_vs_review"] == [
        "title_ref_66_reperfusion_induce",
        "msc_exos_may_promote_tumorigenesis",
    ]  # 3.5
    effect = {
        n: {c["autophagy_effect"] for c in _citing(d["candidates"], n)} for n in (47, 50, 60, 63, 65, 66, 67)
    }
    # 3.1 [66][67] enhance / up-regulate autophagy; [60][63][65] and 2.3.2-2.3.3 [47][50] inhibit it
    assert effect == {
        66: {"induce"},
        67: {"induce"},
        60: {"inhibit"},
        63: {"inhibit"},
        65: {"inhibit"},
        47: {"inhibit"},
        50: {"inhibit"},
    }
    assert d["not_recommended"] == []
    conflicts = {c["about"]: c for c in d["conflicts"]}
    assert set(conflicts) == {"direction", "exosomal miR-30a"}
    direction = conflicts["direction"]
    assert _side(direction, "induce")["refs"] == [66, 67]
    assert _side(direction, "inhibit")["refs"] == [47, 50, 60, 63, 65]
    assert {(r["basis"], tuple(r["refs"])) for r in direction["reconciliation"]} >= {("stage", (68,))}
    # 2.3.2: Yang [12] (inhibiting miR-30a helps) vs Zhang [47] and Xu [48] (miR-30a helps)
    mir30a = conflicts["exosomal miR-30a"]
    assert _side(mir30a, "induce")["refs"] == [12] and _side(mir30a, "inhibit")["refs"] == [47, 48]
    assert ("autophagy_level", (12, 47, 48)) in {
        (r["basis"], tuple(r["refs"])) for r in mir30a["reconciliation"]
    }


def test_breast_cancer_late_claims(suggestion):
    d = suggestion("breast_cancer_late")
    # 2.2 [36]: autophagy initially a tumour suppressant, later protects tumour cells
    assert (d["autophagy"]["role"], d["autophagy"]["desired"], d["autophagy"]["refs"]) == (
        "deleterious",
        "inhibit",
        [36],
    )
    # 2.3.3 [52]: miR-567-packed exosomes inhibit autophagy (Atg5), reverse chemoresistance
    [c52] = _citing(d["candidates"], 52)
    assert (c52["cargo"], c52["autophagy_effect"], c52["derived"]) == ("mir_567", "inhibit", False)
    # 2.3.1 [13]: exosomal miR-126 activates autophagy and promotes cancer -> its blockade is a
    # hypothesis (no study applied it), not a candidate
    assert _citing(d["candidates"], 13) == []
    [h13] = _citing(d["hypotheses"], 13)
    assert (h13["cargo"], h13["kind"], h13["autophagy_effect"], h13["derived"]) == (
        "mir_126",
        "cargo_blockade",
        "inhibit",
        True,
    )
    # [36] is a review of colorectal cancer; 4.2 groups cancer with insufficient autophagy
    assert [x["id"] for x in d["autophagy"]["caveats"]] == [
        "review_internal_cancer_insufficient",
        "scope_ref_36_colorectal",
    ]
    assert d["not_recommended"] == [] and d["conflicts"] == []


def test_pd_claims(suggestion):
    d = suggestion("PD")
    # 1 and 4.2 [14]: insufficient autophagy aggravates PD
    assert (d["autophagy"]["role"], d["autophagy"]["desired"], d["autophagy"]["refs"]) == (
        "insufficient",
        "induce",
        [14],
    )
    # 3.2 [72]: hucMSC exosomes therapeutic in 6-OHDA cells and rats (reference title: "by inducing autophagy")
    [c72] = _citing(d["candidates"], 72)
    assert (c72["id"], c72["autophagy_effect"]) == ("ucmsc_exos", "induce")
    assert [s["evidence"] for s in c72["support"]] == ["both"]
    # 2.3.1 [41]: exosomal miR-19a-3p inhibits microglial autophagy -> its blockade (a hypothesis)
    [c41] = _citing(d["hypotheses"], 41)
    assert (c41["cargo"], c41["kind"], c41["autophagy_effect"], c41["derived"]) == (
        "mir_19a_3p",
        "cargo_blockade",
        "induce",
        True,
    )
    # 4.2 [92]: silencing ATG5 blocks autophagosomes and increases alpha-synuclein secretion
    [n92] = _citing(d["not_recommended"], 92)
    assert (n92["id"], n92["reason_codes"]) == ("silence_atg5", ["reported_harm"])
    # ref 92's title: "Exosomal secretion of alpha-synuclein as protective mechanism ..."
    assert [x["id"] for x in n92["caveats"] if x["kind"] != "primary_vs_review"] == [
        "title_ref_92_protective_secretion"
    ]


def test_myocardial_hypoxia_insufficient_claims(suggestion):
    d = suggestion("myocardial_hypoxia_insufficient")
    # 2.3.2 [12]: "the protective autophagy ... following hypoxia was insufficient" -> induce
    assert (d["autophagy"]["desired"], d["autophagy"]["basis"]) == ("induce", "state")
    assert d["context"]["autophagy_state"] == "insufficient"
    # 2.3.2 [12]: "inhibitors of both exosomes and miR-30a can increase autophagy and reduce cardiomyocyte injury"
    [c12] = _citing(d["candidates"], 12)
    assert (c12["rank"], c12["id"], c12["autophagy_effect"], c12["extrapolated"]) == (
        1,
        "block_mir_30a",
        "induce",
        False,
    )
    # candidates from other diseases are marked as extrapolated
    assert all(c["extrapolated"] for c in d["candidates"] if c["id"] != "block_mir_30a")
    # 3.1 [62]: hypoxia-preconditioned hucMSC exosomes inhibit autophagy -> opposes the stated need
    [n62] = _citing(d["not_recommended"], 62)
    assert (n62["id"], n62["reason_codes"]) == ("hypoxic_ucmsc_exos", ["opposes_desired"])


def test_myocardial_hypoxia_state_keeps_stage_dependent_role(suggestion):
    assert suggestion("myocardial_hypoxia_insufficient")["autophagy"]["role"] == "stage_dependent"

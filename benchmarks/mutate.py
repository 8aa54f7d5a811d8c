"""Mutation testing: do the review's conclusions catch broken rules or facts?

Mutants, one at a time:
  rule:FILE@LABEL / rule:FILE#HASH  delete one rule statement of rules/ (every rule, labelled
                      or not, vocabulary facts and constraints included);
  drop_study / flip_study     drop a study, or flip its reported autophagy effect;
  drop_role / flip_role       drop a role record, or swap protective and deleterious;
  drop_edge / flip_edge       drop an edge of the signalling graph, or flip its sign;
  drop_reconciliation         drop one of the review's reconciliations;
  drop_discrepancy            drop a discrepancy record (its caveats vanish);
  unstage_study               forget the stage (setting) recorded for a study.
A mutant is killed when at least one conclusion fails (or the knowledge base
no longer solves).  Prints each mutant with the conclusions that kill it, the
killed fraction, the conclusions that kill no mutant, and every survivor:
either explained as equivalent (EQUIVALENT below, with the reason), killed by
a named rule-level test (KILLED_BY_TESTS), or listed as a gap in the
conclusions.

Run: python benchmarks/mutate.py [--limit N] [--seed S] [--only PREFIX]
     python benchmarks/mutate.py --summary benchmarks/mutation.txt
       (recomputes the summary of a finished run's per-mutant lines with the current
       EQUIVALENT reasons, without running anything)
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from reasoner.knowledge import kb as K
from reasoner.reasoning import solver
from reasoner.check import load_conclusions, run_checks
from reasoner.knowledge.paths import rules_dir

#: Suffix of reasons checked by comparing every answer with the unmutated run.
CHECKED = (
    "; checked: every suggest answer (all diseases, views and autophagy states, with "
    "trees) and the audit are unchanged"
)


def _same(reason: str, *names: str) -> dict[str, str]:
    """One reason for several mutants (a record dropped and flipped, say)."""
    return dict.fromkeys(names, reason)


#: Reasons for the caveat rules that no bundled record can exercise (issue 12).
_EDGE_CAVEAT = (
    "the only discrepancy touching an edge (background_rab7_inhibits_release) touches "
    "rab7 -| exosome release, which lies only on the path of s87_rab7_mvb_lysosome_transport, "
    "a physiology finding (no disease) that supports no candidate, hypothesis or "
    "not-recommended entry; tests/test_rules.py (caveat_reaches_mechanism_edge) covers it"
)
_STAGE_EVIDENCE = (
    "no bundled study stated for a stage implies the opposite of that stage's role "
    "(the staged studies are I/R models at reperfusion and resistance or metastasis "
    "settings at the late cancer stage, all agreeing with [68], [76] and [36]); "
    "tests/test_rules.py covers the rule"
)
_ROLE_ONLY_KIND = (
    "discrepancies of this kind touch only role records or an edge on no item's "
    "path, and the caveats score part counts only caveats on supported items"
)

#: Survivors that are equivalent mutants: no answer can change.  Reason shown, never hidden.
EQUIVALENT: dict[str, str] = {
    # issue 24: uncited_akt_activates_mtor and background_rab11a_activates_autophagy touch edges
    # on items' paths, so the edge caveat rules are no longer equivalent (caveat_support_edge
    # is killed by conclusions; caveat_mechanism(_nr) are gaps)
    **_same(_EDGE_CAVEAT, "drop_discrepancy:background_rab7_inhibits_release"),
    "rule:caveats.lp@caveat_conflict_role_evidence": (
        "no discrepancy touches a study on the evidence side of a role conflict (the only bundled "
        "role conflict, osteosarcoma early, has s85 on that side, which no discrepancy touches; "
        "its role-record side carries scope_ref_36_colorectal through caveat_conflict_role)"
    ),
    "rule:caveats.lp@caveat_reconciliation": (
        "no discrepancy record touches a reconciliation record; tests/test_rules.py covers the "
        "other caveat paths"
    ),
    **_same(
        _STAGE_EVIDENCE,
        "rule:roles.lp@stage_evidence_against",
        "rule:roles.lp@contested_by_stage_evidence",
        "rule:conflicts.lp@conflict_role_evidence",
    ),
    **_same(
        _ROLE_ONLY_KIND,
        "rule:caveats.lp#1827c3a18c",
        "rule:caveats.lp#5525069748",
        "rule:caveats.lp#9d7e498ce3",
    ),
    "rule:recommend.lp@alternative_stage": (
        "unreachable since issue 24: at a stage decided by its role, a study that states no stage "
        "makes an opposing item contested (level_open), not advised against; a staged study "
        "applies only to its own stage; a stated level decides every stage alike; and where the "
        "evidence decides, an opposing study would split it (uncertain). So no answer advises "
        "against an item at one stage for its direction while it is a candidate at another"
    ),
    "drop_discrepancy:uncited_heart_liver_polarity": (
        "touches only the organ polarity records, which decide no bundled answer (every view of "
        "every heart and liver disease has a role record or studies)"
    ),
    "flip_study:s85_bmsc_exos_osteosarcoma": (
        "s85 reports harm (nr_reported_harm), a rule that does not read the study's "
        "effect on autophagy; no decision changes, only the not-recommended reason's "
        "wording, which quotes the record ('induced' -> 'inhibited autophagy')"
    ),
    "rule:roles.lp@role_from_class": (
        "the only stage-less class role is neurodegeneration_insufficient and the only "
        "neurodegeneration disease, PD, has its own disease record (pd_insufficient, "
        "precedence 2) that outranks it" + CHECKED
    ),
    "rule:roles.lp@role_from_organ": (
        "organ polarity (heart/liver, section 2.2) is used only where no role record "
        "and no study speak; every view of every bundled heart and liver disease has "
        "studies, so it never decides" + CHECKED
    ),
    "rule:roles.lp@role_organ_polarity": (
        "needs a view with no role record of precedence <= 4 and no evidence_direction;"
        " every view of every bundled heart and liver disease has studies" + CHECKED
    ),
    "rule:flips.lp#b32098c891": (
        "flip_query only narrows which ranks a flip query grounds (rank_asked/2 in "
        "ranking.lp: the flipped intervention only); without it every intervention is "
        "ranked, which changes no flip (tests/test_check_batched.py compares the flips "
        "with exactly that encoding)"
    ),
    "rule:roles.lp#6e0296b917": (
        "stage_desired(D,S,uncertain) of an undecided stage adds only "
        "stage_disagrees(D,uncertain); the stage_disagrees rule for an undecided stage "
        "still derives it for the decided stage's direction, so desired(D,all,uncertain) "
        "holds either way (osteosarcoma: early contested, late decided)"
    ),
    "rule:roles.lp#6de622bd3f": (
        "this stage_disagrees rule (a stage left undecided) adds something only when "
        "every stage of a staged disease is undecided (otherwise the rule above already"
        " derives it from the undecided stage's desired(..,uncertain)); no bundled "
        "staged disease has all stages undecided (osteosarcoma, contested early, is decided late)"
    ),
    "rule:mechanism.lp#956d1368c2": (
        "exception/3 only matters for the two contextual edges (autophagy -> "
        "exosome_release in HCV and retinal_oxidative_stress); without it the general "
        "autophagy -| release edge also applies there and derives the opposite release "
        "sign too, but release status has no 'ambiguous' value and release_consistent "
        "still holds because the reported direction is still derived" + CHECKED
    ),
    "rule:mechanism.lp#de960be152": (
        "blocks(release_modulation) is read only by start_blocked (a cargo without a "
        "reported change); the only release_modulation study with a cargo "
        "(s95_silence_mir_155_restores_autophagy) reports the change (down), so "
        "start_change_down gives its start" + CHECKED
    ),
    "rule:mechanism.lp#dd681d5c01": (
        "without has_change/1 start_delivered/start_blocked also fire for studies that "
        "report a cargo change; in every such bundled study the delivered (+1) or "
        "blocked (-1) sign equals the reported change (delivered exosomes with 'up', "
        "silence_mir_155 with 'down'), so reach/3 is unchanged" + CHECKED
    ),
    "rule:mechanism.lp@mechanism_ambiguous": (
        "a mechanism status no bundled study reaches: no study derives both directions "
        "of autophagy (reasoner audit lists none ambiguous)" + CHECKED
    ),
    "rule:evidence.lp@counter_restore": (
        "fires only for a harmful fall of a cargo that has no curated overexpression; "
        "the only harmful falls (Table 1 rows 8-10) are of miR-30a, which has one "
        "(mir_30a_overexpression)" + CHECKED
    ),
    **_same(
        "warning/1 data lint that fires only on records naming an undeclared disease, "
        "stage, entity or intervention; the bundled knowledge base has none "
        "(tests/test_kb.py lints it record by record)" + CHECKED,
        "rule:checks.lp#34fa7a4837",
        "rule:checks.lp#7ae754a13d",
        "rule:checks.lp#1fa3ed1805",
        "rule:checks.lp#d176ba5566",
        "rule:checks.lp#65c4851525",
        "rule:checks.lp#61f20dce3a",
    ),
    "rule:checks.lp#b0b8759a82": (
        "warning(dropped(..)) fires only when an intervention with evidence in a view "
        "is neither a candidate nor not recommended; never on the bundled knowledge "
        "base (tests/test_rules.py asserts it)" + CHECKED
    ),
    "rule:checks.lp#ea688179a8": (
        "warning(mechanism(..)) is left to the audit (reasoning/suggestion_builder.py "
        "answer_warnings drops code mechanism); the status itself reaches users "
        "through mechanism/3, untouched" + CHECKED
    ),
    "rule:checks.lp#d8ccb8b0b4": (
        "warning(release_mechanism(..)) is left to the audit (code release_mechanism, "
        "dropped by answer_warnings); the status reaches "
        "users through mechanism/3" + CHECKED
    ),
    "rule:checks.lp@ic_edge_sign": (
        "an integrity constraint the bundled data satisfies (no general edge pair with "
        "opposite signs), so deleting it removes no model; tests/test_robustness.py "
        "covers a violating input" + CHECKED
    ),
    **_same(
        "organ polarity record; it decides only where no role record and no study "
        "speak, and every view of every bundled heart/liver disease has studies, so it "
        "is never used" + CHECKED,
        "drop_role:heart_polarity_protective",
        "flip_role:heart_polarity_protective",
        "drop_role:liver_polarity_deleterious",
        "flip_role:liver_polarity_deleterious",
    ),
    **_same(
        "class record outranked in PD, the only bundled neurodegeneration disease, by "
        "pd_insufficient (a disease record); it never reaches an answer" + CHECKED,
        "drop_role:neurodegeneration_insufficient",
        "flip_role:neurodegeneration_insufficient",
    ),
    **_same(
        "its source (lc3b) is reached by no bundled study: propagation starts only at a"
        " study's cargo and no edge path from any cargo leads to it; active_edge/5 is "
        "grounded only from reached nodes, so the edge takes part in no path, status, "
        "score or tree" + CHECKED,
        "drop_edge:lc3b_activates_release",
        "flip_edge:lc3b_activates_release",
    ),
    **_same(
        "its source (pi3k) is reached by no bundled study: propagation starts only at a"
        " study's cargo and no edge path from any cargo leads to it; active_edge/5 is "
        "grounded only from reached nodes, so the edge takes part in no path, status, "
        "score or tree" + CHECKED,
        "drop_edge:pi3k_activates_akt",
        "flip_edge:pi3k_activates_akt",
    ),
    **_same(
        "its source (rab35) is reached by no bundled study: propagation starts only at "
        "a study's cargo and no edge path from any cargo leads to it; active_edge/5 is "
        "grounded only from reached nodes, so the edge takes part in no path, status, "
        "score or tree" + CHECKED,
        "drop_edge:rab35_activates_release",
        "flip_edge:rab35_activates_release",
    ),
    **_same(
        "its source (trib3) is reached by no bundled study: propagation starts only at "
        "a study's cargo and no edge path from any cargo leads to it; active_edge/5 is "
        "grounded only from reached nodes, so the edge takes part in no path, status, "
        "score or tree" + CHECKED,
        "drop_edge:trib3_inhibits_autophagy",
        "flip_edge:trib3_inhibits_autophagy",
    ),
    **_same(
        "its source (pik3c3) is reached by no bundled study: propagation starts only at"
        " a study's cargo and no edge path from any cargo leads to it; active_edge/5 is"
        " grounded only from reached nodes, so the edge takes part in no path, status, "
        "score or tree" + CHECKED,
        "drop_edge:vps34_activates_becn1",
        "flip_edge:vps34_activates_becn1",
    ),
    **_same(
        "propagation never leaves the autophagy node (reach_step: A != autophagy; "
        "autophagy's only outgoing step is to exosome release), so autophagy -| snca "
        "derives nothing and is drawn on no path" + CHECKED,
        "drop_edge:autophagy_inhibits_snca",
        "flip_edge:autophagy_inhibits_snca",
    ),
    **_same(
        "ATG16L1 -> release is reached only by s80/s81 (YWHAZ -> ATG16L1 in kidney "
        "injury); the review states ATG16L1's role in exosome biogenesis only for ref "
        "86 (4.1), and for s80/s81 states autophagy alone ('promoted the formation of "
        "autophagosomes through ATG16L interaction'), which report no release change, "
        "so no release status is computed; their autophagy path (ywhaz -> atg16l1 -> "
        "autophagy) is untouched, they stay consistent, the audit lists only "
        "non-consistent studies and suggest answers show only the path to autophagy" + CHECKED,
        "drop_edge:atg16l1_activates_release",
        "flip_edge:atg16l1_activates_release",
    ),
    "flip_edge:rab11_activates_release": (
        "rab11a is reached by s88_rab11_mvb_autophagosome_amphisome and t1_r15 "
        "(miR-21-5p -| Rab11a), neither of which reports a release change, so no "
        "release status is computed; with the sign flipped the edge stays on their path"
        " (mechanism_edges sees ids, not signs), both stay consistent for autophagy, "
        "the audit lists only non-consistent studies and suggest answers show only the "
        "path to autophagy" + CHECKED
    ),
    **_same(
        "s91 (mTORC1 down) reaches exosome_release both directly (mtorc1 -| release) "
        "and through Rab27A (mtorc1 -| rab27a -> release); with one of the two signs "
        "flipped the other route still derives the reported increase, release status "
        "has no 'ambiguous' value, so s91 stays consistent and both edges stay on its "
        "path; s91 has no disease, so no suggest answer shows it, and the audit lists "
        "only non-consistent studies" + CHECKED,
        "flip_edge:mtorc1_inhibits_rab27a",
        "flip_edge:mtorc1_inhibits_release",
    ),
    **_same(
        "parallel route: every study reaching mTOR also takes mtor -| autophagy "
        "directly, so dropping the mTOR -| ULK1 -> autophagy route changes no status, "
        "score, candidate or suggest answer (answers show the direct path); the review "
        "names ULK1 only in 2.2's general account ('mTOR is inactivated, whereas the "
        "ULK complex ... is activated', ref 28), for no bundled study, so no conclusion"
        " may require it on a study's path; the one visible change is the audit's path "
        "listing of the two s95 (miR-155, ALD) studies, which loses the ULK1 steps",
        "drop_edge:mtor_inhibits_ulk1",
        "drop_edge:ulk1_activates_autophagy",
    ),
}


#: Survivors of the conclusions that a rule-level test on a tiny fact set kills (the test
#: fails with the statement deleted; checked by hand, one mutant at a time).  They are not
#: equivalent: the bundled knowledge base only gives no conclusion that reaches them, for the
#: reason shown.  Reported as such, never hidden.
KILLED_BY_TESTS: dict[str, str] = {
    "rule:comorbidity.lp@safety_warning": (
        "tests/test_answer_fidelity.py::test_general_warning_is_a_safety_caveat_on_every_msc_exosome_and_"
        "moves_no_score: every bundled msc_exosome intervention has an MSC source, so "
        "safety_warning_msc_source covers it too"
    ),
    "rule:flips.lp#8dae1b7fb1": (
        "tests/test_whatif.py::test_adding_a_comorbidity_costs_its_price: without "
        "flip_kind(comorbidity(add),comorbidity) an added comorbidity costs nothing; the "
        "bundled flips that add one (ALF + osteosarcoma) pin the flip, not its cost"
    ),
    "rule:flips.lp#7526aabfbd": (
        "tests/test_whatif.py::test_removing_a_comorbidity_costs_its_price: without "
        "flip_kind(comorbidity(remove),comorbidity) a removed comorbidity costs nothing; "
        "the bundled removal (hepatic I/R + osteosarcoma:late) is the only flip either way"
    ),
    "rule:flips.lp#7b0d6ddb4b": (
        "tests/test_whatif.py::test_at_most_one_change_of_a_kind_within_its_limit: two "
        "changes of one kind are never minimal in a bundled answer (the API drops "
        "supersets of a cheaper flip), so no conclusion sees them"
    ),
    "rule:flips.lp#e00da71407": (
        "tests/test_whatif.py::test_at_most_max_changes_in_all: a set of three changes is "
        "reported only when none of its parts flips the answer (the API keeps minimal "
        "flips); no bundled flip question has one"
    ),
    "rule:flips.lp#647c55a9e5": (
        "tests/test_whatif.py::test_a_related_diseases_study_can_be_set_aside: no bundled "
        "flip question's intervention is supported only by a related disease's study"
    ),
    "rule:flips.lp#4f3e4f002e": (
        "tests/test_whatif.py::test_taking_rank_one_is_a_flip: no bundled flip question is "
        "a candidate below rank 1 whose only flip keeps it a candidate"
    ),
    "rule:flips.lp#f8fcc0af9a": (
        "tests/test_whatif.py::test_losing_rank_one_while_still_a_candidate_is_a_flip: no "
        "bundled rank-1 candidate asked about keeps candidate status after any change"
    ),
    "rule:comorbidity.lp@co_harm_opposes_there": (
        "tests/test_whatif.py::test_a_study_in_the_comorbidity_that_advises_against_it_there_harms:"
        " needs an intervention whose effect differs between the two diseases' studies; "
        "no bundled pair of diseases has one"
    ),
}


def rule_name(st: solver.Statement) -> str:
    """A rule mutant's key, stable when lines move: ``rule:FILE@LABEL`` for a rule with a
    ``%@`` label, else ``rule:FILE#HASH`` (the first ten hex digits of the SHA-256 of the
    rule as clingo prints it)."""
    import hashlib

    if st.label:
        return f"rule:{st.file}@{st.label}"
    return f"rule:{st.file}#{hashlib.sha256(st.text.encode()).hexdigest()[:10]}"


def rules_without(st: solver.Statement) -> Path:
    """A copy of rules/ with the rule statement ``st`` cut out; returns its entry encoding."""
    tmp = Path(tempfile.mkdtemp(prefix="reasoner-mutant-"))
    shutil.copytree(rules_dir(), tmp / "rules")
    path = tmp / "rules" / st.file
    lines = path.read_text(encoding="utf-8").split("\n")
    first, last = lines[st.line - 1], lines[st.end_line - 1]
    cut = first[: st.column - 1] + "% mutant: rule deleted " + last[st.end_column - 1 :]
    lines[st.line - 1 : st.end_line] = [cut]
    path.write_text("\n".join(lines), encoding="utf-8")
    return tmp / "rules" / "autophagy.lp"


def killers(conclusions, store=None, entry: Path | None = None) -> list[str]:
    """Ids of the conclusions that fail on the mutant (["<unanswerable>"] when the mutant cannot
    be answered at all: no model, or an answer so broken that building the result fails)."""
    try:
        results = run_checks(conclusions=conclusions, kb=store, entry=entry)
    except Exception:  # noqa: BLE001 - any failure to answer is a detection
        return ["<unanswerable>"]
    return [r.id for r in results if r.status == "fail"]


def killed_by(conclusions, store=None, entry: Path | None = None) -> bool:
    """True when some conclusion fails on the mutant, or the mutant cannot be answered at all."""
    return bool(killers(conclusions, store, entry))


FLIP_ROLE = {"protective": "deleterious", "deleterious": "protective", "insufficient": "deleterious"}


def fact_mutants(base: K.KB) -> list[tuple[str, object]]:
    """(name, function turning the knowledge base's data into the mutant's)."""
    out: list[tuple[str, object]] = []

    def drop(section: str, rid: str):
        return lambda data: data.update({section: [x for x in data[section] if x["id"] != rid]})

    def change(section: str, rid: str, field: str, mapping: dict):
        def apply(data):
            for x in data[section]:
                if x["id"] == rid:
                    x[field] = mapping[x[field]]

        return apply

    flip_effect = {"induce": "inhibit", "inhibit": "induce"}
    for s in base.studies:
        out.append((f"drop_study:{s.id}", drop("studies", s.id)))
        if s.autophagy_effect:
            out.append((f"flip_study:{s.id}", change("studies", s.id, "autophagy_effect", flip_effect)))
    for r in base.roles:
        out.append((f"drop_role:{r.id}", drop("roles", r.id)))
        out.append((f"flip_role:{r.id}", change("roles", r.id, "role", FLIP_ROLE)))
    for e in base.edges:
        out.append((f"drop_edge:{e.id}", drop("edges", e.id)))
        out.append((f"flip_edge:{e.id}", change("edges", e.id, "sign", {"+": "-", "-": "+"})))
    for r in base.reconciliations:
        out.append((f"drop_reconciliation:{r.id}", drop("reconciliations", r.id)))
    for x in base.discrepancies:
        if x.touches:
            out.append((f"drop_discrepancy:{x.id}", drop("discrepancies", x.id)))
    for s in base.studies:
        if s.stage:
            out.append((f"unstage_study:{s.id}", change("studies", s.id, "stage", {s.stage: None})))
    return out


def mutant_store(base: K.KB, mutate) -> object:
    data = base.kb.model_dump()
    mutate(data)
    return K.store(K.KB(K.m.KnowledgeBase.model_validate(data)))


def summarise(lines: list[str], seconds: str = "?") -> list[str]:
    """The summary of a run from its per-mutant lines ('killed  NAME  <- ...' / 'SURVIVED NAME')."""
    names, survivors = [], []
    for line in lines:
        if line.startswith(("killed  ", "SURVIVED ")):
            name = line[9:].split("  <- ")[0].strip()
            names.append(name)
            if line.startswith("SURVIVED"):
                survivors.append(name)
    total, killed = len(names), len(names) - len(survivors)
    equivalent = [s for s in survivors if s in EQUIVALENT]
    out = [
        f"{killed}/{total} mutants killed ({killed / max(total, 1):.1%}); "
        f"{len(equivalent)} survivors equivalent; "
        f"{killed / max(total - len(equivalent), 1):.1%} of non-equivalent mutants killed; "
        f"{seconds} s"
    ]
    for s in sorted(set(EQUIVALENT) - set(survivors)):
        if s in names:
            out.append(f"  note: EQUIVALENT entry {s} matched no survivor (killed now, or renamed)")
    for s in survivors:
        out.append(
            f"  survivor {s}: "
            + (f"equivalent ({EQUIVALENT[s]})" if s in EQUIVALENT else "NOT CAUGHT: needs a conclusion")
        )
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "--summary" in args:
        text = Path(args[args.index("--summary") + 1]).read_text(encoding="utf-8").splitlines()
        body = [ln for ln in text if ln.startswith(("killed  ", "SURVIVED "))]
        idle = [ln for ln in text if "conclusions kill no mutant" in ln]
        old = next((ln for ln in text if " mutants killed (" in ln), "")
        seconds = old.rsplit("; ", 1)[-1].removesuffix(" s") if old else "?"
        print("\n".join(body + [""] + summarise(body, seconds)[:1] + idle + summarise(body, seconds)[1:]))
        return 0
    limit = int(args[args.index("--limit") + 1]) if "--limit" in args else None
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 0
    only = args[args.index("--only") + 1] if "--only" in args else ""
    conclusions = load_conclusions()
    base = K.load()  # read once: every mutant starts from the same knowledge base
    base_store = K.store(base)
    if killed_by(conclusions, base_store):
        print("the unmutated knowledge base already fails a conclusion; fix that first")
        return 1
    mutants: list[tuple[str, str, object]] = [(rule_name(st), "rule", st) for st in solver.rule_statements()]
    mutants += [(name, "facts", fn) for name, fn in fact_mutants(base)]
    mutants = [m for m in mutants if m[0].startswith(only)]
    if limit:
        mutants = random.Random(seed).sample(mutants, min(limit, len(mutants)))
    start = time.perf_counter()
    killed, survivors = 0, []
    kills: dict[str, int] = {c.id: 0 for c in conclusions}
    for name, kind, arg in mutants:
        if kind == "rule":
            entry = rules_without(arg)
            try:
                failing = killers(conclusions, base_store, entry=entry)
            finally:
                shutil.rmtree(entry.parent.parent)
                solver.load_program.cache_clear()
        else:
            failing = killers(conclusions, mutant_store(base, arg))
        hit = bool(failing)
        for cid in failing:
            if cid in kills:
                kills[cid] += 1
        killed += hit
        if not hit:
            survivors.append(name)
        print(
            f"{'killed  ' if hit else 'SURVIVED'} {name}"
            + (f"  <- {len(failing)} conclusion(s)" if hit else ""),
            flush=True,
        )
    total = len(mutants)
    equivalent = [s for s in survivors if s in EQUIVALENT or s in KILLED_BY_TESTS]
    print(
        f"\n{killed}/{total} mutants killed ({killed / total:.1%}); "
        f"{len(equivalent)} survivors equivalent or killed by a rule-level test; "
        f"{killed / max(total - len(equivalent), 1):.1%} of non-equivalent mutants killed; "
        f"{time.perf_counter() - start:.0f} s"
    )
    idle = sorted(c for c, n in kills.items() if n == 0)
    print(
        f"{len(idle)} of {len(kills)} conclusions kill no mutant" + (": " + ", ".join(idle) if idle else "")
    )
    stale = sorted((set(EQUIVALENT) | set(KILLED_BY_TESTS)) - set(survivors)) if not (only or limit) else []
    for s in stale:
        print(f"  note: EQUIVALENT entry {s} matched no survivor (killed now, or renamed)")
    for s in survivors:
        print(
            f"  survivor {s}: "
            + (
                f"equivalent ({EQUIVALENT[s]})"
                if s in EQUIVALENT
                else f"killed by {KILLED_BY_TESTS[s]}"
                if s in KILLED_BY_TESTS
                else "NOT CAUGHT: needs a conclusion"
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

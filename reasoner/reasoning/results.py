"""The answers, one definition each: the JSON contract of ``reasoner suggest``, ``explain`` and ``plan``.

Fields may be added, never renamed or removed.  Each answer type is a standard-library
dataclass, defined here once; every surface renders it (``reasoner.reporting``: JSON, text,
md, html, web pages, CDS cards, notebook reprs).  Nothing here imports pydantic: the
answer code builds these objects on the hot path.  ``reasoner schema`` derives the JSON
Schema from these classes with pydantic (``reasoner.schemas``; committed as
``reasoner/schema/*.json`` and drift-tested), and ``tests/test_contract.py`` validates every
bundled answer against them.  A field's ``description`` and JSON ``alias`` are dataclass
field metadata, which pydantic reads; ``OMIT_NONE`` names the fields left out of the JSON
when null.  The type checker checks every construction against these fields; where a
``Literal`` field takes a name read from the solver, the answer code says ``type: ignore``
(the contract test validates the value).
"""

from typing import ClassVar, Literal, Optional

from ..knowledge.catalogue import say
from ..knowledge.vocabulary import AutophagyLevel, DiscrepancyKind
from .answer_types import Field, Out, Rendered, answer

#: The role of autophagy an answer states (the stated roles, or what the rules make of them).
Role = Literal["protective", "deleterious", "insufficient", "contested", "stage_dependent", "unstated"]

NOTICE = say("phrases.common.notice")  # the notice every answer carries (rules/sentences.yaml)


@answer
class TraceNode(Out):
    """One node of a justification tree."""

    id: str = Field(description="Node id, unique within the answer (for 'see above' links).")
    claim: str = Field(description="The statement, as a sentence.")
    rule: Optional[str] = Field(default=None, description="Rule id that derived it; null for facts.")
    refs: list[int] = Field(default=[], description="References of the records it rests on.")
    children: list["TraceNode"] = Field(default=[], description="Premises.")
    record: Optional[str] = Field(default=None, description="Knowledge-base record (section:id) of a fact.")
    quote: Optional[str] = Field(default=None, description="Verbatim quote of the record.")
    negated: bool = Field(default=False, description="A condition that holds because something is absent.")
    see: Optional[str] = Field(default=None, description="Id of the node shown earlier (shared premise).")
    user_file: Optional[str] = Field(
        default=None, description="Name of the --facts file the record comes from (null: bundled)."
    )
    sources: list[str] = Field(default=[], description="The user's own sources (DOI, PMID, text).")
    rests_on: Optional[list[str]] = Field(
        default=None,
        description="The --facts files whose records this derived claim rests on "
        "(through the records below it); left out when it rests on bundled records only.",
    )

    OMIT_NONE: ClassVar[frozenset] = frozenset({"rests_on"})


@answer
class FactsFile(Out):
    file: str = Field(description="File name of a --facts file.")
    sha256: str = Field(description="SHA-256 of its bytes (hex).")


@answer
class ContextOut(Out):
    disease: str = Field(description="Canonical disease id.")
    disease_name: str = Field(description="Display name of the disease.")
    organ: str = Field(description="Organ of the disease (facts/diseases.yaml).")
    stage: Optional[str] = Field(description="Canonical stage id, or null when no stage was given.")
    stage_name: Optional[str] = Field(
        default=None, description="Display name of the stage (null: no stage given)."
    )
    stages: list[str] = Field(default=[], description="Stages the disease has.")
    autophagy_state: Optional[AutophagyLevel] = Field(
        default=None, description="The --autophagy-state given."
    )
    extra_facts: list[str] = Field(default=[], description="User facts files used.")
    facts_files: list[FactsFile] = Field(default=[], description="User facts files used, with their hashes.")
    comorbidities: Optional[list["ComorbidityOut"]] = Field(
        default=None, description="The --comorbid diseases (left out when none is given)."
    )

    OMIT_NONE: ClassVar[frozenset] = frozenset({"comorbidities"})


@answer
class Caveat(Out):
    """A discrepancy record (facts/discrepancies.yaml) that touches a record an item rests on."""

    id: str = Field(description="Discrepancy id (see `reasoner audit`).")
    kind: Literal[DiscrepancyKind, Literal["safety"]] = Field(
        description="The discrepancy's kind (facts/discrepancies.yaml); safety: a "
        "general warning of the review (id: facts/changes.yaml), which "
        "does not move the score"
    )
    text: str = Field(description="What is in doubt, in one or two sentences.")
    refs: list[int] = Field(default=[], description="The reference concerned (empty: uncited).")


@answer
class RoleRecord(Out):
    id: str = Field(description="Role record id (facts/roles.yaml).")
    role: str = Field(description="The role of autophagy it states.")
    scope: Literal["stage", "disease", "class", "organ"] = Field(
        description="What it is stated of: the stage, the disease, its disease class, or its organ."
    )
    refs: list[int] = Field(description="Review reference numbers it cites.")
    quote: str = Field(description="Verbatim quote of the review.")
    user_file: Optional[str] = Field(
        default=None, description="Name of the --facts file the record comes from (null: bundled)."
    )
    sources: list[str] = Field(default=[], description="The user's own sources (DOI, PMID, text).")


@answer
class DirectionEvidence(Out):
    study: str = Field(description="Study id.")
    autophagy_effect: Optional[str] = Field(default=None, description="Its reported effect on autophagy.")
    outcome: Literal["beneficial", "deleterious"] = Field(description="Its reported outcome.")
    refs: list[int] = Field(description="Review reference numbers of the study.")
    quote: str = Field(description="Verbatim quote of the review about the study.")
    user_file: Optional[str] = Field(
        default=None, description="Name of the --facts file the study comes from (null: bundled)."
    )
    sources: list[str] = Field(default=[], description="The user's own sources (DOI, PMID, text).")


@answer
class AutophagyOut(Out):
    OMIT_NONE: ClassVar[frozenset] = frozenset({"contested_by"})
    role: Role = Field(description="The role of autophagy in the disease (at the stage).")
    desired: Literal["induce", "inhibit", "uncertain"] = Field(
        description="The desired modulation of autophagy: induce, inhibit, or uncertain (nothing decides it)."
    )
    basis: Optional[Literal["role", "evidence", "state", "stages"]] = Field(
        default=None,
        description="What the desired modulation rests on: a stated role, studies of the disease, "
        "the --autophagy-state, or the stages' answers (null: nothing decides it).",
    )
    contested_by: Optional[Literal["roles", "evidence", "roles_and_evidence"]] = Field(
        default=None,
        description="When the role is contested, what disagrees: stated roles, a stated role "
        "and studies of the disease, or both; left out otherwise.",
    )
    summary: str = Field(description="One sentence.")
    records: list[RoleRecord] = Field(description="The role records the role rests on.", default=[])
    evidence: list[DirectionEvidence] = Field(
        default=[], description="Studies the direction rests on when its basis is evidence."
    )
    refs: list[int] = Field(description="Review reference numbers of those records.", default=[])
    caveats: list[Caveat] = Field(default=[], description="Discrepancies touching the role records.")
    trace: Optional[TraceNode] = Field(
        default=None, description="Justification tree; null when trees were not asked for."
    )


@answer
class ScorePart(Out):
    OMIT_NONE: ClassVar[frozenset] = frozenset({"changed_by", "value_without"})
    name: str = Field(
        description="The part: context, model, mechanism, papers, reported or caveats (rules/ranking.lp)."
    )
    value: int = Field(description="Its value, before the weight.")
    weight: int = Field(description="Its weight in the score (the score is the sum of value times weight).")
    note: str = Field(description="What the value means, in one phrase.")
    changed_by: Optional[list[str]] = Field(
        default=None,
        description="With --facts: the user's files that changed this part's value (the "
        "note says so too); left out when they did not.",
    )
    value_without: Optional[int] = Field(
        default=None,
        description="The part's value without the user's files; left out when they did "
        "not change it, or when without them it is not a candidate at all.",
    )


@answer
class Support(Out):
    study: str = Field(description="Study id.")
    disease: Optional[str] = Field(description="Disease id of the study (null: none recorded).")
    how: Literal["same", "extrapolated"] = Field(
        description="same: a study of the disease asked; extrapolated: of a related disease."
    )
    provenance: Literal["reported", "derived"] = Field(
        description="reported: the study applied the intervention; derived: it reports a harmful cargo that the intervention blocks or restores."
    )
    autophagy_effect: str = Field(
        description="Effect on autophagy the rules read for the intervention in this study."
    )
    outcome: str = Field(
        description="The study's outcome for the disease as recorded (beneficial, deleterious or not_stated)."
    )
    evidence: Literal["in_vitro", "in_vivo", "both", "unspecified"] = Field(
        description="The model of the study (unspecified: the review states none)."
    )
    species: list[str] = Field(default=[], description="Species stated for the model; empty: not stated.")
    refs: list[int] = Field(description="Review reference numbers of the study.")
    quote: str = Field(description="Verbatim quote of the review about the study.")
    user_file: Optional[str] = Field(
        default=None, description="Name of the --facts file the study comes from (null: bundled)."
    )
    sources: list[str] = Field(default=[], description="The user's own sources (DOI, PMID, text).")
    paper_evidence: Optional[Literal["in_vivo", "in_vitro", "both"]] = Field(
        default=None,
        description="Where the review leaves the model unspecified: the model the "
        "cited paper states (issue 25).",
    )
    paper_species: Optional[list[str]] = Field(
        default=None, description="Where the review states no species: those the cited paper states."
    )
    paper: Optional[str] = Field(
        default=None,
        description="The paper those come from: its identifier(s), e.g. 'PMID 31603250', or 'reference 75'.",
    )

    OMIT_NONE: ClassVar[frozenset] = frozenset({"paper_evidence", "paper_species", "paper"})


@answer
class PathStep(Out):
    source: str = Field(description="Entity id the edge starts at.")
    target: str = Field(description="Entity id the edge ends at.")
    source_label: Optional[str] = Field(default=None, description="Display name of the source.")
    target_label: Optional[str] = Field(default=None, description="Display name of the target.")
    sign: Literal["+", "-"] = Field(description="'+' activates, '-' inhibits.")
    edge: str = Field(description="Edge id (facts/edges.yaml or a --facts file).")
    refs: list[int] = Field(description="Review reference numbers of the edge.")
    user_file: Optional[str] = Field(
        default=None, description="The --facts file the step's edge comes from (null: the review's)."
    )


@answer
class Mechanism(Out):
    study: str = Field(description="Study id.")
    status: Literal["consistent", "inconsistent", "ambiguous", "no_path", "none"] = Field(
        description="Whether the signed path from its cargo agrees with its reported effect on "
        "autophagy (`reasoner audit`)."
    )
    derived: Optional[str] = Field(default=None, description="Plausible derived effect on autophagy.")
    path: list[PathStep] = Field(
        description="The signed path from the study's cargo to autophagy (empty: none).", default=[]
    )
    caveats: list[Caveat] = Field(default=[], description="Discrepancies touching an edge of the path.")


@answer
class Candidate(Out):
    id: str = Field(description="Intervention id (a derived one: block:X or restore:X).")
    label: str = Field(description="Display name.")
    kind: str = Field(
        description="Intervention kind (facts/studies_*.yaml interventions; cargo_blockade or cargo_overexpression for derived ones)."
    )
    source: Optional[str] = Field(
        default=None, description="Entity id of the donor cell of an exosome (null: none recorded)."
    )
    cargo: Optional[str] = Field(default=None, description="Entity id of its cargo (null: none).")
    autophagy_effect: str = Field(description="Effect on autophagy of applying it.")
    rank: int = Field(description="Rank in its list, 1 first.")
    score: int = Field(description="Evidence score: the sum of its score parts' value times weight.")
    score_parts: list[ScorePart] = Field(
        description="The parts of the score, in the order context, model, mechanism, papers, reported, caveats."
    )
    extrapolated: bool = Field(description="Only evidence from a related disease supports it.")
    derived: bool = Field(
        description="Derived from a harmful cargo (blocking or restoring it): no "
        "supporting study applied it, even when it is a curated intervention."
    )
    refs: list[int] = Field(description="Review reference numbers of its supporting studies.")
    support: list[Support] = Field(description="The studies that support it.")
    mechanism: list[Mechanism] = Field(
        description="Each supporting study's signed path to autophagy, in the order of `support`."
    )
    stages: list[str] = Field(
        default=[],
        description="No-stage answers: stages at which it is a candidate "
        "(empty when it is contested at a stage: its evidence "
        "states no stage).",
    )
    contested_stages: list[str] = Field(
        default=[],
        description="No-stage answers: stages at which it is contested (a study "
        "with no stage against the stage's role; see conflicts).",
    )
    tier: Literal["same_disease", "stage_model", "related_disease"] = Field(
        default="same_disease",
        description="same_disease: a study in the disease itself supports it; stage_model: only "
        "a related disease's study does, but it is a model of the asked stage "
        "(ranked with the same-disease items); related_disease: only studies of "
        "related diseases do (an extrapolation, ranked after every first-tier item "
        "whatever the scores).",
    )
    evidence_from: list[str] = Field(
        default=[], description="Extrapolated items: the diseases the evidence comes from."
    )
    evidence_level: list[str] = Field(
        default=[],
        description="Evidence level of the supporting studies, one per distinct value: "
        "the model (in vivo and in vitro, in vivo, in vitro, or model not "
        "stated) and the species (or species not stated).",
    )
    derived_from: list[str] = Field(
        default=[],
        description="Hypotheses: the studies whose harmful cargo it counters (no study of the disease applied it).",
    )
    cargo_applied: Optional[list[str]] = Field(
        default=None,
        description="Hypotheses: candidates of the same answer that already move the countered "
        "cargo the same way (carry it, or block it), so the modulation itself was tested, though "
        "not as this intervention; left out when there are none.",
    )
    caveats: list[Caveat] = Field(
        default=[], description="Discrepancies touching a supporting study or an edge of its path."
    )
    summary: str = Field(description="One sentence.")
    trace: Optional[TraceNode] = Field(
        default=None, description="Justification tree; null when trees were not asked for."
    )
    cautions: Optional[list["Caution"]] = Field(
        default=None, description="Comorbidities for which it is uncertain (left out without --comorbid)."
    )
    helpful_for: Optional[list["Helpful"]] = Field(
        default=None,
        description="Comorbidities: helped on a study there (how evidence), or only "
        "agreeing in direction, untested there (how direction_agrees); "
        "left out without --comorbid.",
    )

    OMIT_NONE: ClassVar[frozenset] = frozenset({"cautions", "helpful_for", "cargo_applied"})


@answer
class NotRecommended(Out):
    id: str = Field(description="Intervention id.")
    label: str = Field(description="Display name.")
    kind: str = Field(description="Intervention kind.")
    reasons: list[str] = Field(description="Why it is advised against, one sentence per reason.")
    reason_codes: list[str] = Field(
        description="The same reasons as codes, in order, each once: derived, comorbidity, opposes_desired, reported_harm."
    )
    refs: list[int] = Field(description="Review reference numbers of the studies behind it.")
    alternatives: list[str] = Field(default=[], description="Stages at which it would be a candidate.")
    caveats: list[Caveat] = Field(default=[], description="Discrepancies touching a study behind it.")
    trace: Optional[TraceNode] = Field(
        default=None, description="Justification tree; null when trees were not asked for."
    )
    flip: Optional["Flip"] = Field(
        default=None, description="Its cheapest flip (suggest --flips; left out otherwise)."
    )

    OMIT_NONE: ClassVar[frozenset] = frozenset({"flip"})


@answer
class ConflictSide(Out):
    OMIT_NONE: ClassVar[frozenset] = frozenset({"inferred_from"})
    direction: str = Field(description="The modulation of autophagy this side finds helpful.")
    studies: list[str] = Field(description="Study ids on this side.")
    refs: list[int] = Field(description="Review reference numbers of those studies.")
    inferred_from: Optional[Literal["induce", "inhibit"]] = Field(
        default=None,
        description="The modulation the side's studies report with a harmful outcome (their "
        "effect and outcome as recorded): that `direction` helps is inferred from it, not "
        "found; left out when the studies report `direction` itself as beneficial.",
    )


@answer
class Reconciliation(Out):
    id: str = Field(description="Reconciliation record id (facts/roles.yaml, reconciliations).")
    basis: Literal["stage", "autophagy_level", "cell_type", "model"] = Field(
        description="What tells the sides apart."
    )
    quote: str = Field(description="Verbatim quote of the review that reconciles the sides.")
    refs: list[int] = Field(description="Review reference numbers it cites.")


@answer
class Conflict(Out):
    about: str = Field(
        description="What the sides disagree about: direction, role, comorbidity, a cargo's display name, or 'contested: <id>' for a contested item."
    )
    note: str = Field(description="The conflict in one sentence.")
    refs: list[int] = Field(description="Review reference numbers of its sides.")
    sides: list[ConflictSide] = Field(description="The sides, one per modulation found helpful.")
    reconciliation: list[Reconciliation] = Field(
        description="Reconciliation records of the review that tell the sides apart (empty: none).",
        default=[],
    )
    caveats: list[Caveat] = Field(
        default=[], description="Discrepancies touching a side or the reconciliation."
    )
    flip_states: list[AutophagyLevel] = Field(
        default=[],
        description="Contested items ('contested: <id>'): the autophagy levels that, "
        "stated with --autophagy-state, would make it a candidate.",
    )
    item: Optional[str] = Field(
        default=None,
        description="The intervention a contested item is about (its `about` is "
        "'contested: <id>'); null for the other conflicts.",
    )


@answer
class StageAnswer(Out):
    OMIT_NONE: ClassVar[frozenset] = frozenset({"contested_derived", "contested_by"})
    stage: str = Field(description="Stage id.")
    role: str = Field(description="The role of autophagy at the stage (as `autophagy.role`).")
    desired: str = Field(description="The desired modulation at the stage: induce, inhibit or uncertain.")
    refs: list[int] = Field(description="Review reference numbers of the stage's role records.")
    candidates: list[str] = Field(description="Candidate ids at this stage.")
    hypotheses: list[str] = Field(default=[], description="Hypotheses at this stage.")
    not_recommended: list[str] = Field(description="Ids advised against at this stage.")
    contested: list[str] = Field(default=[], description="Items contested at this stage.")
    contested_derived: Optional[list[str]] = Field(
        default=None,
        description="The contested items that are derived (no study of the disease applied "
        "them; they counter a cargo change a study reports harmful); left out when none is.",
    )
    contested_by: Optional[Literal["roles", "evidence", "roles_and_evidence"]] = Field(
        default=None,
        description="When the stage's role is contested: what disagrees, as in "
        "`autophagy.contested_by`; left out otherwise.",
    )


@answer
class ReferenceOut(Out):
    n: int = Field(description="Reference number in the review's list.")
    citation: str = Field(description="The reference as the review lists it.")
    doi: Optional[str] = Field(default=None, description="DOI of the paper (issue 25).")
    pmid: Optional[str] = Field(default=None, description="PubMed id.")
    pmcid: Optional[str] = Field(default=None, description="PubMed Central id.")
    link: Optional[str] = Field(default=None, description="doi.org, else PubMed, else PMC page.")

    OMIT_NONE: ClassVar[frozenset] = frozenset({"doi", "pmid", "pmcid", "link"})


@answer
class IdentifierOut(Out):
    record: str = Field(description="Id of the entity or disease in facts/.")
    label: str = Field(description="Its display name.")
    curie: str = Field(description="Registry id, e.g. 'MONDO:0005068' or 'HGNC:1034'.")
    link: str = Field(description="The registry page of the id (a link; nothing is fetched).")
    status: Literal["stated", "curator_choice", "not_stated"] = Field(
        description="Who gives the id: the review's source, a curator's choice, or nobody "
        "(see `reasoner audit`)."
    )


@answer
class Suggestion(Rendered):
    """The answer of ``reasoner suggest``."""

    context: ContextOut = Field(description="The question asked: disease, stage, state, user files.")
    autophagy: AutophagyOut = Field(description="The role of autophagy and the desired modulation.")
    candidates: list[Candidate] = Field(
        description="Interventions a study applied, same-disease tier first, then extrapolations."
    )
    hypotheses: list[Candidate] = Field(
        default=[],
        description="Derived counter-interventions no study applied (blocking or "
        "restoring a cargo that a study reports harmful), ranked alike.",
    )
    not_recommended: list[NotRecommended] = Field(description="Interventions advised against here.")
    conflicts: list[Conflict] = Field(description="Where studies or stated roles disagree.")
    stage_answers: list[StageAnswer] = Field(
        description="No-stage answers of a disease with stages: the answer at each stage (empty otherwise).",
        default=[],
    )
    warnings: list[str] = Field(
        description="Data warnings of the knowledge base for this answer, in words (see `warning_codes`).",
        default=[],
    )
    references: list[ReferenceOut] = Field(
        description="The review's references cited in the answer.", default=[]
    )
    identifiers: list[IdentifierOut] = Field(
        default=[], description="Registry ids of the disease and the entities named, with links."
    )
    notice: str = Field(default=NOTICE, description="Research-use notice.")
    choices: Optional[list["Choice"]] = Field(
        default=None,
        description="With --comorbid: candidates in the order of the lexicographic "
        "optimisation (fewest comorbidity cautions, then score).",
    )
    warning_codes: Optional[list["WarningOut"]] = Field(
        default=None,
        description="The data warnings structured, one per warning, as `warnings` words them: "
        "decide on `code`, never on the words; left out when there are none.",
    )

    OMIT_NONE: ClassVar[frozenset] = frozenset({"choices", "warning_codes"})


@answer
class WarningOut(Out):
    """A data warning of an answer (a warning/1 atom of rules/checks.lp)."""

    code: str = Field(description="The warning's code: the atom's name (e.g. dropped).")
    args: list[str] = Field(default=[], description="Its arguments, as ids.")
    text: str = Field(description="The warning in words (catalogue: warnings).")


@answer
class Explanation(Rendered):
    """The answer of ``reasoner explain``."""

    context: ContextOut = Field(description="The question asked.")
    intervention: str = Field(description="Intervention id.")
    label: str = Field(description="Display name.")
    status: Literal["candidate", "hypothesis", "not_recommended", "contested", "no_evidence"] = Field(
        description="Its standing in the answer (no_evidence: nothing in the knowledge base bears on it here)."
    )
    summary: str = Field(description="One sentence.")
    alternatives: list[str] = Field(description="Stages at which it would be a candidate.", default=[])
    elsewhere: list[str] = Field(
        default=[], description="Diseases where the knowledge base has evidence for it."
    )
    caveats: list[Caveat] = Field(
        default=[], description="Discrepancies touching a record it rests on (its studies or mechanism path)."
    )
    trace: Optional[TraceNode] = Field(
        default=None, description="Justification tree of its status (null: none)."
    )
    references: list[ReferenceOut] = Field(description="The review's references cited.", default=[])
    identifiers: list[IdentifierOut] = Field(
        default=[], description="Registry ids of the disease and the entities named, with links."
    )
    notice: str = Field(default=NOTICE, description="Research-use notice.")
    flips: list["Flip"] = Field(
        default=[],
        description="What would change this answer: the cheapest minimal sets of changes, cheapest first.",
    )
    flips_note: str = Field(default="", description="How flips were looked for; why there is none.")


# ---------------------------------------------------------------- what-if (issue 16)


@answer
class ComorbidityOut(Out):
    disease: str = Field(description="Canonical disease id of the comorbidity.")
    stage: Optional[str] = Field(default=None, description="Its stage, or null.")


@answer
class Caution(Out):
    comorbidity: str = Field(description="Disease id of the comorbidity.")
    code: Literal["uncertain", "general_warning"] = Field(
        description="uncertain: the comorbidity's desired modulation is uncertain; "
        "general_warning: a general warning of the review covers it."
    )
    note: str = Field(description="The caution in one sentence.")
    refs: list[int] = Field(description="Review reference numbers behind it.")
    quote: Optional[str] = Field(
        default=None, description="Verbatim quote of a general warning (null for uncertain)."
    )


@answer
class Helpful(Out):
    comorbidity: str = Field(description="Disease id of the comorbidity.")
    how: Literal["evidence", "direction_agrees"] = Field(
        description="evidence: a study of the comorbidity supports it there too; "
        "direction_agrees: only its direction agrees with the comorbidity's desired "
        "modulation (untested in the comorbidity: no benefit is claimed)."
    )
    note: str = Field(default="", description="The same in words.")


@answer
class Choice(Out):
    intervention: str = Field(description="Intervention id.")
    cautions: int = Field(description="Comorbidities for which it is cautioned (minimised first).")
    score: int = Field(description="Evidence score (maximised second).")
    optimal: bool = Field(description="One of the optimal choices.")


@answer
class FlipChange(Out):
    kind: Literal["stage", "autophagy_state", "comorbidity", "exclude_study"] = Field(
        description="What changes: the stage, the autophagy state, a comorbidity, or a study left out."
    )
    from_: Optional[str] = Field(json_key="from", description="Value before the change (null: none).")
    to: Optional[str] = Field(description="Value after the change (null: removed).")


@answer
class Flip(Out):
    changes: list[FlipChange] = Field(description="The changes, together.")
    cost: int = Field(description="Total cost of the changes (facts/changes.yaml).")
    status: Literal["candidate", "not_recommended", "contested", "no_evidence"] = Field(
        description="The intervention's status after the changes."
    )
    rank: Optional[int] = Field(default=None, description="Its rank after the changes (candidates).")
    desired: Optional[Literal["induce", "inhibit", "uncertain"]] = Field(
        default=None, description="The desired modulation after the changes (null: not one direction)."
    )
    rule: str = Field(description="The rule that decides the new status.")
    records: list[str] = Field(description="Records the new status rests on (section:id).")
    refs: list[int] = Field(description="Review reference numbers of the records the new status rests on.")
    summary: str = Field(description="One sentence: the changes and the justification.")


@answer
class NoCarry(Out):
    intervention: str = Field(description="Intervention id.")
    next_stage: str = Field(description="Stage id of the next stage.")
    study: str = Field(description="The study whose effect opposes the next stage's desired modulation.")
    refs: list[int] = Field(description="Review reference numbers of the study.")
    note: str = Field(description="Why, in one sentence.")


@answer
class PlanStage(Out):
    stage: str = Field(description="Stage id.")
    stage_name: str = Field(description="Display name of the stage.")
    role: str = Field(description="The role of autophagy at the stage.")
    desired: str = Field(description="The desired modulation at the stage: induce, inhibit or uncertain.")
    refs: list[int] = Field(description="Review reference numbers of the stage's role records.")
    choice: list[str] = Field(
        description="The optimal choices (several when tied), best-supported "
        "first by the lexicographic optimisation."
    )
    alternatives: list[str] = Field(description="The other candidates of the stage, by rank.")
    hypotheses: list[str] = Field(
        default=[],
        description="Derived counter-interventions of the stage that no study applied "
        "(never chosen), by rank.",
    )
    not_recommended: list[str] = Field(description="Advised against at this stage.")
    not_into_next: list[NoCarry] = Field(
        description="Candidates of this stage that must not be carried into the next one."
    )
    user_files: Optional[dict[str, list[str]]] = Field(
        default=None,
        description="With --facts: the choices, alternatives and hypotheses of the "
        "stage that rest on the user's files (a supporting study or an edge of a mechanism path "
        "from them, or a score part they changed), each with those files; left out when none "
        "does.",
    )

    OMIT_NONE: ClassVar[frozenset] = frozenset({"user_files"})


@answer
class Plan(Out):
    """The answer of ``reasoner plan``."""

    context: ContextOut = Field(description="The question asked.")
    stages: list[PlanStage] = Field(description="One entry per stage of the disease, in order.")
    note: str = Field(description="What the plan does not say (no durations or doses).")
    references: list[ReferenceOut] = Field(description="The review's references cited.", default=[])
    notice: str = Field(default=NOTICE, description="Research-use notice.")

"""Pydantic models of the files that check the answers: the conclusions (``facts/conclusions.yaml``:
a question and what its answer must hold) and the what-if change space (``facts/changes.yaml``)."""

from __future__ import annotations

import re
from typing import Literal, Optional

from pydantic import Field, field_validator, model_validator

from .models import (
    ID_PATTERN,
    PAPER_ID_PATTERN,
    AutophagyLevel,
    Cited,
    DiseaseClass,
    InterventionKind,
    Record,
)


class Context(Record):
    """The question a conclusion asks the solver."""

    disease: str = Field(description="Disease id.")
    stage: Optional[str] = Field(default=None, description="Stage id, or null for no stage.")
    autophagy_state: Optional[AutophagyLevel] = Field(
        default=None, description="The --autophagy-state given, if any."
    )


class CandidateCheck(Record):
    """Expectations on one candidate of the answer (it must be a candidate)."""

    id: str = Field(description="Intervention id of the candidate.")
    score_parts: dict[Literal["context", "model", "mechanism", "papers", "reported", "caveats"], int] = Field(
        default_factory=dict, description="Expected value of each named score part."
    )
    derived: Optional[bool] = Field(default=None, description="Expected derived flag.")
    extrapolated: Optional[bool] = Field(default=None, description="Expected extrapolated flag.")
    support: list[str] = Field(default_factory=list, description="Each study id supports it.")


class Expectation(Record):
    """One machine-checkable expectation over the solver's answer (all given keys must hold)."""

    context: Optional[Context] = Field(default=None, description="Ask suggest this question.")
    desired: Optional[Literal["induce", "inhibit", "uncertain"]] = Field(
        default=None, description="Expected desired modulation."
    )
    role: Optional[
        Literal["protective", "deleterious", "insufficient", "contested", "stage_dependent", "unstated"]
    ] = Field(default=None, description="Expected role of autophagy.")
    stage_desired: dict[str, Literal["induce", "inhibit", "uncertain"]] = Field(
        default_factory=dict, description="Expected desired modulation per stage (no-stage answers)."
    )
    candidate_refs: list[int] = Field(
        default_factory=list, description="Each reference is cited by some candidate."
    )
    candidate_ids: list[str] = Field(default_factory=list, description="Each id is a candidate.")
    hypothesis_ids: list[str] = Field(
        default_factory=list, description="Each id is a hypothesis (derived, no study applied it)."
    )
    candidate_kinds: list[InterventionKind] = Field(
        default_factory=list, description="Some candidate is of each kind."
    )
    not_recommended_refs: list[int] = Field(
        default_factory=list, description="Each reference is cited by some not-recommended entry."
    )
    not_recommended_ids: list[str] = Field(default_factory=list, description="Each id is not recommended.")
    not_candidate_refs: list[int] = Field(
        default_factory=list, description="No candidate cites any of these references."
    )
    conflict: Optional[bool] = Field(default=None, description="Whether a conflict is reported.")
    conflict_refs: list[int] = Field(
        default_factory=list, description="Each reference appears on a side of some conflict."
    )
    reconciled: Optional[bool] = Field(
        default=None, description="Whether some conflict carries the review's reconciliation."
    )
    conflict_sides: dict[str, list[int]] = Field(
        default_factory=dict,
        description="Conflict (by its 'about': direction, role, or the cargo's label) -> references "
        "that must appear on its sides.",
    )
    reconciliation_bases: list[Literal["stage", "autophagy_level", "cell_type", "model"]] = Field(
        default_factory=list, description="Each basis reconciles some conflict of the answer."
    )
    role_refs: list[int] = Field(
        default_factory=list, description="Each reference is cited by the role records of the answer."
    )
    role_records: list[str] = Field(
        default_factory=list, description="Each role record id is behind the answer's role."
    )
    not_role_records: list[str] = Field(
        default_factory=list, description="None of these role record ids is behind the answer."
    )
    reconciliation_ids: list[str] = Field(
        default_factory=list, description="Each reconciliation record reconciles some conflict."
    )
    not_candidate_ids: list[str] = Field(
        default_factory=list, description="None of these intervention ids is a candidate."
    )
    not_hypothesis_ids: list[str] = Field(
        default_factory=list, description="None of these intervention ids is a hypothesis."
    )
    evidence_accounted: Optional[bool] = Field(
        default=None,
        description="True: every intervention with evidence here ends as a candidate "
        "or as not recommended (none is silently dropped).",
    )
    alternatives: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Not-recommended intervention id -> the stages where it would be a candidate.",
    )
    candidates: list[CandidateCheck] = Field(
        default_factory=list, description="Expectations on individual candidates."
    )
    hypotheses: list[CandidateCheck] = Field(
        default_factory=list, description="Expectations on individual hypotheses."
    )
    caveat_ids: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Answer item ('role', a candidate, hypothesis or not-recommended id, or "
        "'conflict:<about>') -> discrepancy ids that must be among its caveats.",
    )
    tiers: dict[str, Literal["same_disease", "stage_model", "related_disease"]] = Field(
        default_factory=dict, description="Candidate id -> expected tier."
    )
    contested: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Id -> exactly the autophagy levels that would make the contested item a "
        "candidate (it must be contested in this answer, not a candidate and not "
        "advised against).",
    )
    contested_reconciliation_ids: list[str] = Field(
        default_factory=list, description="Reconciliation ids each contested item of the answer must name."
    )
    candidate_stages: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Stage-less answers: candidate id -> exactly the stages it is tied to.",
    )
    evidence_from: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Extrapolated candidate id -> exactly the diseases its evidence comes from.",
    )
    cell_culture_majority: Optional[bool] = Field(
        default=None,
        description="True: among the studies applying or testing something in a disease, those "
        "stated in vitro only outnumber those with any in vivo evidence (section 6).",
    )
    study: Optional[str] = Field(default=None, description="Check this study's mechanism.")
    mechanism: Optional[Literal["consistent", "inconsistent", "ambiguous", "no_path"]] = Field(
        default=None, description="Expected sign-propagation status for the study's autophagy effect."
    )
    release_mechanism: Optional[Literal["consistent", "inconsistent"]] = Field(
        default=None, description="Expected status for the study's exosome-release effect."
    )
    mechanism_edges: list[str] = Field(
        default_factory=list, description="Each edge id lies on a derivation path of the study."
    )
    mechanism_steps: list[str] = Field(
        default_factory=list,
        description="Each signed step ('a -> b' or 'a -| b') lies on a derivation path of the study.",
    )
    whatif: Optional["WhatIfCheck"] = Field(
        default=None, description="Expectations on flips, comorbidities or a plan (issue 16); needs context."
    )


class Conclusion(Record):
    """A statement of the review, with expectations the solver's answers must meet."""

    id: str = Field(pattern=ID_PATTERN, description="Stable identifier (a pytest id).")
    section: str = Field(description="Section of the review, e.g. '3.3', 'Table 1', '6'.")
    quote: str = Field(min_length=10, description="The review's sentence, verbatim.")
    papers: list[str] = Field(
        default_factory=list,
        description="Primary papers the conclusion pins a reading of (issue 25): 'doi:...', "
        "'pmid:...' or 'pmcid:...', or the URL read when the paper showed none.",
    )
    expect: list[Expectation] = Field(min_length=1, description="All must hold.")

    @field_validator("papers")
    @classmethod
    def _paper_ids(cls, papers: list[str]) -> list[str]:
        for text in papers:
            if not (re.fullmatch(PAPER_ID_PATTERN, text) or re.fullmatch(r"https?://\S+", text)):
                raise ValueError(
                    f"papers: {text[:60]!r} is neither 'doi:...', 'pmid:...', 'pmcid:...' nor a URL"
                )
        return papers


# ---------------------------------------------------------------- what-if (issue 16)

ChangeKindName = Literal["stage", "autophagy_state", "comorbidity", "exclude_study", "resolve_discrepancy"]


class ChangeKind(Record):
    """One kind of change a flip ("what would change this answer") may make."""

    kind: ChangeKindName = Field(description="The kind of change.")
    allowed: bool = Field(default=True, description="Whether flips may use this kind at all.")
    cost: int = Field(
        ge=1, le=100, description="Cost of one change of this kind (the solver minimises the total)."
    )
    limit: int = Field(
        default=1, ge=1, le=5, description="At most this many changes of this kind in one flip."
    )
    note: str = Field(description="Why this kind is (or is not) plausible, and why this cost.")


class ChangeSpace(Record):
    """``facts/changes.yaml``: the change space of flips, and the review's general warnings."""

    changes: list[ChangeKind] = Field(description="Kinds of change, each once.")
    max_changes: int = Field(ge=1, le=5, description="At most this many changes in one flip.")
    max_cost: int = Field(ge=1, le=500, description="Flips costing more are not looked for.")
    max_flips: int = Field(ge=1, le=50, description="At most this many flips are reported, cheapest first.")
    general_warnings: list["GeneralWarning"] = Field(
        default_factory=list, description="The review's general warnings used for comorbidities."
    )

    @model_validator(mode="after")
    def _kinds_once(self) -> "ChangeSpace":
        kinds = [c.kind for c in self.changes]
        if len(kinds) != len(set(kinds)):
            raise ValueError("each kind of change may be listed once")
        return self


class GeneralWarning(Cited):
    """A general warning of the review: interventions of a kind may harm a class of diseases."""

    id: str = Field(pattern=ID_PATTERN, description="Record id.")
    disease_class: DiseaseClass = Field(description="Diseases of this class may be harmed.")
    intervention_kind: InterventionKind = Field(description="Interventions of this kind.")


ChangeSpace.model_rebuild()


class FlipCheck(Record):
    """A flip that must be among the reported flips of an intervention."""

    changes: dict[Literal["stage", "autophagy_state", "comorbidity", "exclude_study"], Optional[str]] = Field(
        description="Kind -> the value after the change (null: removed); exactly these changes."
    )
    status: Literal["candidate", "not_recommended", "contested", "no_evidence"]
    rank: Optional[int] = Field(default=None, description="Its rank after the changes.")
    desired: Optional[Literal["induce", "inhibit", "uncertain"]] = Field(
        default=None, description="The desired modulation after the changes."
    )
    records: list[str] = Field(
        default_factory=list, description="Records (section:id) the flip must rest on."
    )


class WhatIfCheck(Record):
    """Expectations on what-if answers in the conclusion's context."""

    comorbid: list[str] = Field(default_factory=list, description="--comorbid values (DISEASE[:STAGE]).")
    intervention: Optional[str] = Field(default=None, description="Explain this intervention.")
    flips: list[FlipCheck] = Field(default_factory=list, description="Each flip is reported.")
    cheapest: Optional[FlipCheck] = Field(default=None, description="The first (cheapest) flip.")
    no_flip: Optional[bool] = Field(default=None, description="True: no flip within the bound.")
    caution_refs: dict[str, list[int]] = Field(
        default_factory=dict, description="Candidate id -> references its cautions must cite."
    )
    comorbidity_not_recommended: list[str] = Field(
        default_factory=list, description="Ids advised against with reason code comorbidity."
    )
    helpful_for: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Candidate id -> exactly the comorbidities it is marked "
        "helpful for, on a study of that comorbidity (empty: "
        "none).",
    )
    direction_agrees: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Candidate id -> exactly the comorbidities whose desired "
        "modulation its direction merely agrees with (untested "
        "there).",
    )
    comorbidity_conflict: Optional[bool] = Field(
        default=None, description="Whether a conflict about the comorbidity is reported."
    )
    plan_choice: dict[str, str] = Field(
        default_factory=dict, description="Plan: stage -> an optimal choice there."
    )
    plan_no_carry: dict[str, list[str]] = Field(
        default_factory=dict, description="Plan: stage -> ids not to carry into the next stage."
    )


Expectation.model_rebuild()
Conclusion.model_rebuild()

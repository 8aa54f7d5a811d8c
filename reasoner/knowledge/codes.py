"""facts/clinical_codes.yaml: the clinical codes (ICD-10, SNOMED CT, MONDO) of the knowledge
base's diseases, its schema and its validated loading.

It is not a knowledge-base section (the rules never see it).  The one name resolver
(:class:`reasoner.knowledge.names.CodeLookup`) maps codes through it: a code typed as a
CURIE (``--disease ICD10:I21.4``, the web forms) and a FHIR Condition's codings (the CDS
Hooks service) alike.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from ..errors import FactsError
from .paths import facts_dir


class NarrowerCode(BaseModel):
    """A code of a narrower condition that is still the disease (a descendant)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    system: Literal["snomed", "icd10"] = Field(description="Code system of ``code``.")
    code: str = Field(description="The code.")
    label: str = Field(description="The code's name in its code system.")
    why: str = Field(
        description="Where the descendant relation is stated: a MONDO class that "
        "is_a the disease's class and cross-references the code (offline table), "
        "or the code system's own definition."
    )


class SiteCode(BaseModel):
    """A general condition class that is this disease at one body site (FHIR bodySite)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    mondo: str = Field(pattern=r"^MONDO:\d{7}$", description="The general MONDO class.")
    body_site: str = Field(description="SNOMED CT body structure the Condition's bodySite names.")
    label: str = Field(description="What the pair means.")


class ClinicalCode(BaseModel):
    """The clinical codes of one disease of the knowledge base."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    disease: str = Field(description="Disease id of facts/diseases.yaml.")
    mondo: Optional[str] = Field(
        default=None,
        pattern=r"^MONDO:\d{7}$",
        description="The MONDO class that is this disease (none for an "
        "experimental model that only ``sites`` name).",
    )
    label: str = Field(description="The MONDO class's label.")
    icd10: list[str] = Field(
        default=[],
        description="ICD-10 categories MONDO cross-references "
        "(a coded Condition matches a category and its subcodes).",
    )
    snomed: list[str] = Field(default=[], description="SNOMED CT concept ids MONDO cross-references.")
    narrower: list[NarrowerCode] = Field(default=[], description="Codes of descendants.")
    sites: list[SiteCode] = Field(default=[], description="General class + body site pairs.")


class ClinicalCodes(BaseModel):
    """facts/clinical_codes.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    codes: list[ClinicalCode] = Field(description="One entry per disease that has clinical codes.")


def path() -> Path:
    return facts_dir() / "clinical_codes.yaml"


def schema() -> str:
    return json.dumps(ClinicalCodes.model_json_schema(), indent=2, sort_keys=True) + "\n"


@lru_cache(maxsize=1)
def load() -> ClinicalCodes:
    from . import yamlio

    p = path()
    try:
        return ClinicalCodes.model_validate(yamlio.load(p.read_text(encoding="utf-8")) or {})
    except OSError as exc:
        raise FactsError(str(p), "cannot_read", why=exc.strerror) from None
    except ValueError as exc:  # pydantic ValidationError
        raise FactsError(str(p), "reported", detail=str(exc).splitlines()[0]) from None

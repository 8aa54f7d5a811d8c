"""Clinical codes (ICD-10, SNOMED CT, MONDO) of the knowledge base's diseases: facts/clinical_codes.yaml.

The CDS Hooks service maps a FHIR Condition's codings to a disease id through
this table.  It is not a knowledge-base section: the rules never see it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from ..errors import FactsError
from ..knowledge.paths import facts_dir

#: FHIR code-system URIs of the codings a Condition may carry (and the table's field for each).
SYSTEMS = {
    "http://hl7.org/fhir/sid/icd-10": "icd10",
    "http://hl7.org/fhir/sid/icd-10-cm": "icd10",
    "http://snomed.info/sct": "snomed",
    "http://purl.obolibrary.org/obo/mondo.owl": "mondo",
}


class NarrowerCode(BaseModel):
    """A code of a narrower condition that is still the disease (a descendant)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    system: Literal["snomed", "icd10"] = Field(description="Code system of ``code``.")
    code: str = Field(description="The code.")
    label: str = Field(description="The code's name in its code system.")
    why: str = Field(description="Where the descendant relation is stated: a MONDO class that "
                     "is_a the disease's class and cross-references the code (offline table), "
                     "or the code system's own definition.")


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
    mondo: Optional[str] = Field(default=None, pattern=r"^MONDO:\d{7}$",
                                 description="The MONDO class that is this disease (none for an "
                                             "experimental model that only ``sites`` name).")
    label: str = Field(description="The MONDO class's label.")
    icd10: list[str] = Field(default=[], description="ICD-10 categories MONDO cross-references "
                             "(a coded Condition matches a category and its subcodes).")
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
    from ..knowledge import yamlio

    p = path()
    try:
        return ClinicalCodes.model_validate(yamlio.load(p.read_text(encoding="utf-8")) or {})
    except OSError as exc:
        raise FactsError(str(p), f"cannot read file ({exc.strerror})") from None
    except ValueError as exc:  # pydantic ValidationError
        raise FactsError(str(p), str(exc).splitlines()[0]) from None


class CodeIndex:
    """Lookup of (system, code) -> disease id, checked against the knowledge base's diseases."""

    def __init__(self, table: ClinicalCodes, diseases: Iterable[str]):
        known = set(diseases)
        self.rows = [c for c in table.codes if c.disease in known]
        self.by_mondo = {c.mondo: c.disease for c in self.rows if c.mondo}
        self.by_snomed = {s: c.disease for c in self.rows for s in c.snomed}
        self.by_snomed.update({n.code: c.disease for c in self.rows for n in c.narrower
                               if n.system == "snomed"})
        self.by_icd = {i.upper(): c.disease for c in self.rows for i in c.icd10}
        self.by_icd.update({n.code.upper(): c.disease for c in self.rows for n in c.narrower
                            if n.system == "icd10"})
        self.by_site = {(x.mondo, x.body_site): c.disease for c in self.rows for x in c.sites}
        self.of_disease = {c.disease: c for c in self.rows}

    def lookup(self, system: Optional[str], code: Optional[str],
               sites: Iterable[str] = ()) -> Optional[str]:
        """The disease of a coding; ``sites``: the SNOMED CT body structures of the
        Condition's bodySite (a general class such as ischaemia-reperfusion injury is a
        disease of the review only at a body site)."""
        if not code:
            return None
        kind = SYSTEMS.get((system or "").rstrip("/"))
        code = code.strip()
        if kind is None and code.upper().startswith("MONDO:"):
            kind = "mondo"
        if kind == "mondo":
            mondo = code if code.upper().startswith("MONDO:") else f"MONDO:{code}"
            for site in sites:
                if (mondo, site) in self.by_site:
                    return self.by_site[(mondo, site)]
            return self.by_mondo.get(mondo)
        if kind == "snomed":
            return self.by_snomed.get(code)
        if kind == "icd10":
            c = code.upper()
            while len(c) >= 3:  # a subcode matches its category: I21.4 -> I21.4, I21
                if c in self.by_icd:
                    return self.by_icd[c]
                c = c[:-1].rstrip(".")
        return None

    def curie(self, value: str) -> Optional[str]:
        """Disease id of a CURIE typed in the query page (MONDO:…, ICD10:…, SNOMED:…)."""
        if ":" not in value:
            return None
        prefix, _, code = value.partition(":")
        system = {"MONDO": "http://purl.obolibrary.org/obo/mondo.owl",
                  "ICD10": "http://hl7.org/fhir/sid/icd-10",
                  "ICD10CM": "http://hl7.org/fhir/sid/icd-10",
                  "SNOMED": "http://snomed.info/sct", "SCTID": "http://snomed.info/sct"}.get(
            prefix.strip().upper())
        if system is None:
            return None
        return self.lookup(system, value.strip() if prefix.upper() == "MONDO" else code)

    def curies(self, disease: str) -> list[str]:
        c = self.of_disease.get(disease)
        if c is None:
            return []
        return ([c.mondo] if c.mondo else []) + [f"ICD10:{i}" for i in c.icd10] + \
            [f"SNOMED:{s}" for s in c.snomed]

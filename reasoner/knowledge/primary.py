"""Primary sources (issue 25): identifiers of the cited papers and what each paper reports.

The review stays the source of every claim the rules make.  A reference's
``doi``/``pmid``/``pmcid`` link it to its paper; a primary reading
(``facts/primary.yaml``) records, in a curator's own words, what the paper's
abstract reports and whether that agrees with the review's reading.  This
module holds the cross-record checks of both and the plain-data views the
surfaces show (links, the audit section); nothing here decides an answer.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Optional

from ..errors import noun, words
from .catalogue import say

ID_KINDS = ("doi", "pmid", "pmcid")
DOI = re.compile(r"^10\.[0-9]{4,9}/\S+$")
PMID = re.compile(r"^[1-9][0-9]{0,8}$")
PMCID = re.compile(r"^PMC[0-9]{1,9}$")
SHAPES = {"doi": DOI, "pmid": PMID, "pmcid": PMCID}


def _get(rec: Any, name: str, default: Any = None) -> Any:
    if isinstance(rec, dict):
        return rec.get(name, default)
    return getattr(rec, name, default)


def paper_ids(ref: Any) -> list[str]:
    """A reference's identifiers as 'doi:...', 'pmid:...', 'pmcid:...' (those recorded)."""
    return [f"{k}:{_get(ref, k)}" for k in ID_KINDS if _get(ref, k)]


def link(kind: str, value: str) -> str:
    """The public page of an identifier (a link; nothing is fetched)."""
    if kind == "doi":
        return f"https://doi.org/{value}"
    if kind == "pmid":
        return f"https://pubmed.ncbi.nlm.nih.gov/{value}/"
    return f"https://www.ncbi.nlm.nih.gov/pmc/articles/{value}/"


def best_link(ref: Any) -> Optional[str]:
    """doi.org for a DOI, else PubMed, else PMC; None without identifiers."""
    for kind in ID_KINDS:
        value = _get(ref, kind)
        if value:
            return link(kind, value)
    return None


def id_words(ref: Any) -> str:
    """'PMID 31603250, DOI 10.1002/jcp.29264, PMCID PMC...' (empty without identifiers)."""
    names = {"doi": "DOI", "pmid": "PMID", "pmcid": "PMCID"}
    return ", ".join(f"{names[k]} {_get(ref, k)}" for k in ("pmid", "doi", "pmcid") if _get(ref, k))


def paper_id_words(paper_id: Optional[str]) -> str:
    """'pmid:31603250' -> 'PMID 31603250'."""
    if not paper_id:
        return ""
    kind, _, value = paper_id.partition(":")
    return f"{kind.upper()} {value}"


def check_source(text: str) -> Optional[str]:
    """The problem of a user's source that names an identifier, or None.

    A source written 'doi:...', 'pmid:...' or 'pmcid:...' (any case of the prefix)
    must have that identifier's shape; free text is free."""
    kind, sep, value = str(text).partition(":")
    kind = kind.strip().lower()
    if not sep or kind not in SHAPES:
        return None
    value = value.strip()
    if not SHAPES[kind].match(value):
        return words(
            "facts.bad_source_id",
            kind=kind.upper(),
            value=repr(value[:60]),
            shape=words("facts.id_shape." + kind),
        )
    return None


# ---------------------------------------------------------------- cross-record checks


def _id_owners(kb) -> dict[tuple[str, str], list[int]]:
    cached = getattr(kb, "_primary_id_owners", None)
    if cached is not None:
        return cached
    owners: dict[tuple[str, str], list[int]] = {}
    for ref in kb.kb.references:
        for kind in ID_KINDS:
            value = getattr(ref, kind)
            if value:
                owners.setdefault((kind, value.lower()), []).append(ref.n)
    try:
        object.__setattr__(kb, "_primary_id_owners", owners)
    except (AttributeError, TypeError):
        pass
    return owners


def reference_id_problems(kb, ref) -> list[tuple[str, str]]:
    """An identifier that another reference also carries: [(field, problem)]."""
    problems = []
    owners = _id_owners(kb)
    for kind in ID_KINDS:
        value = getattr(ref, kind)
        if value:
            others = [n for n in owners.get((kind, value.lower()), []) if n != ref.n]
            if others:
                problems.append((kind, words("facts.id_twice", kind=kind, value=value, other=others[0])))
    return problems


def reading_problems(kb, rec) -> list[tuple[str, str]]:
    """A primary reading naming an unknown study, a reference the study does not cite, or a
    paper id that is not one of that reference's identifiers."""
    study = kb.index["studies"].get(rec.study)
    if study is None:
        return [("study", words("value.unknown", what=noun("study"), value=repr(rec.study)))]
    if rec.ref not in study.refs:
        return [
            (
                "ref",
                words(
                    "facts.not_cited",
                    ref=rec.ref,
                    study=rec.study,
                    refs=", ".join(map(str, study.refs)) or say("phrases.common.none"),
                ),
            )
        ]
    ref = kb.index["references"].get(str(rec.ref))
    if rec.paper_id and ref is not None:
        kind, _, value = rec.paper_id.partition(":")
        mine = getattr(ref, kind, None)
        if mine is None or mine.lower() != value.lower():
            return [
                (
                    "paper_id",
                    words(
                        "facts.not_an_id",
                        paper=rec.paper_id,
                        ref=rec.ref,
                        ids=", ".join(paper_ids(ref)) or words("facts.it_has_none"),
                    ),
                )
            ]
    return []


def id_problems(kb) -> list[str]:
    """Every cross-record problem of references and readings, each naming its record."""
    out = []
    for ref in kb.kb.references:
        out += [f"references {ref.n}: {f}: {p}" for f, p in reference_id_problems(kb, ref)]
    for rec in kb.kb.primary:
        out += [f"primary {rec.study}@{rec.ref}: {f}: {p}" for f, p in reading_problems(kb, rec)]
    return out


# ---------------------------------------------------------------- views


def reference_row(ref: Any) -> dict:
    """A reference as JSON data with its identifiers and their links (`reasoner refs`)."""
    row = ref.model_dump(mode="json") if hasattr(ref, "model_dump") else dict(ref)
    row["ids"] = id_words(ref)
    row["link"] = best_link(ref)
    return row


def paper_evidence(readings: Iterable[Any], refs: Iterable[int], kb) -> dict:
    """What the checked readings of a study state where the review is silent: model words
    ('in vivo (paper, PMID 31603250)') and species; empty when no reading states them."""
    out: dict = {}
    for p in readings:
        if not _get(p, "checked"):
            continue
        ref = kb.get("references", str(_get(p, "ref")))
        ids = paper_id_words(_get(p, "paper_id")) or (id_words(ref) if ref else "")
        if _get(p, "model") not in (None, "not_stated") and "model" not in out:
            out["model"] = _get(p, "model")
            out["model_paper"] = ids
        if _get(p, "species") and "species" not in out:
            out["species"] = list(_get(p, "species"))
            out["species_paper"] = ids
    return out


def audit_section(kb) -> dict:
    """`reasoner audit`: identifiers (with and without, where sought) and primary readings."""
    refs = list(kb.references)
    with_ids = [r for r in refs if paper_ids(r)]
    without = [{"n": r.n, "sought": r.sought} for r in refs if not paper_ids(r)]
    counts = {k: sum(1 for r in refs if getattr(r, k)) for k in ID_KINDS}
    readings = list(kb.primary)
    by = {
        a: [p for p in readings if p.checked and p.agreement == a]
        for a in ("agrees", "partly", "disagrees", "not_stated")
    }
    studied = {p.study for p in readings if p.checked}
    discrepancy_of = {}
    for x in kb.discrepancies:
        if x.kind == "primary_vs_review":
            for st in x.touches:
                discrepancy_of.setdefault(st, []).append(x.id)

    def row(p) -> dict:
        return {
            "record": f"{p.study}@{p.ref}",
            "study": p.study,
            "ref": p.ref,
            "paper_id": p.paper_id,
            "read_at": p.read_at,
            "agreement": p.agreement,
            "differences": p.differences,
            "discrepancies": sorted(discrepancy_of.get(p.study, [])),
        }

    return {
        "references": len(refs),
        "with_ids": len(with_ids),
        "without_ids": without,
        "id_counts": counts,
        "studies": len(kb.studies),
        "studies_checked": len(studied),
        "readings": len(readings),
        "checked": sum(1 for p in readings if p.checked),
        "agrees": len(by["agrees"]),
        "partly": len(by["partly"]),
        "disagrees": len(by["disagrees"]),
        "not_stated": len(by["not_stated"]),
        "unchecked": [
            {"record": f"{p.study}@{p.ref}", "reason": p.unchecked_reason} for p in readings if not p.checked
        ],
        "differing": [row(p) for p in readings if p.checked and p.agreement in ("partly", "disagrees")],
    }


def support_fields(ans, study: str, kb) -> dict:
    """The fields of an answer's Support that a cited paper adds where the review is silent,
    read from the solver's evidence_shown/3 and species_shown/3 (rules/primary.lp)."""
    papers: list[int] = []
    out: dict = {}
    rows = sorted(
        (row for row in ans.get("evidence_shown") if row[0] == study),
        key=lambda row: (repr(row[2]), repr(row[1])),
    )  # a fixed order
    for _st, ev, src in rows:
        if getattr(src, "name", None) == "paper" and "paper_evidence" not in out:
            out["paper_evidence"] = ev.name
            papers.append(src.args[0])
    species = sorted(
        {
            sp
            for st, sp, src in ans.get("species_shown")
            if st == study and getattr(src, "name", None) == "paper"
        }
    )
    if species:
        out["paper_species"] = species
        papers += [
            src.args[0]
            for st, sp, src in ans.get("species_shown")
            if st == study and getattr(src, "name", None) == "paper"
        ]
    if papers:
        words = []
        for n in sorted(set(papers)):
            ref = kb.get("references", str(n))
            ids = id_words(ref) if ref is not None else ""
            words.append(ids.split(", ")[0] if ids else say("phrases.common.reference_n", n=n))
        out["paper"] = "; ".join(words)
    return out


def level_words(s) -> tuple:
    """(sort key, words) of one supporting study's evidence level: the review's statement, or
    the paper's where the review is silent, marked as the paper's ('in vivo (paper, PMID
    31603250), rat (paper)'); worded by the catalogue (labels.evidence_level, phrases.common)."""
    from .catalogue import label, say

    order = ["both", "in_vivo", "in_vitro", "unspecified"]
    ev = getattr(s, "paper_evidence", None)
    paper = getattr(s, "paper", None)
    if ev:
        model = say("phrases.common.level_from_paper", level=label("evidence_level", ev), paper=paper)
    else:
        ev = s.evidence
        model = label("evidence_level", ev)
    sp = getattr(s, "paper_species", None)
    if sp and getattr(s, "paper_evidence", None):
        species = say("phrases.common.species_from_paper", species="/".join(sp))
    elif sp:
        species = say("phrases.common.species_from_paper_id", species="/".join(sp), paper=paper)
    else:
        species = "/".join(s.species) if s.species else say("phrases.common.species_not_stated")
    return (order.index(ev), model, species), say(
        "phrases.common.level_and_species", model=model, species=species
    )


def reference_ids(ref) -> dict:
    """The identifier fields of an answer's ReferenceOut (those recorded, and the link)."""
    out = {k: _get(ref, k) for k in ID_KINDS if _get(ref, k)}
    if out:
        out["link"] = best_link(ref)
    return out


def ids_of(ref) -> dict:
    """doi, pmid, pmcid (None where absent) and the best link: what a template shows."""
    return {**{k: _get(ref, k) or None for k in ID_KINDS}, "link": best_link(ref)}

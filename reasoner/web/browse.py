"""Rows of the knowledge browser: studies, interventions, entities, diseases, discrepancies.

Each row is a plain dict with the cells shown, the links to the answers that use
the record, and a ``search`` string the filters match against.
"""

from __future__ import annotations

from typing import Optional
from urllib.parse import urlencode

from ..knowledge.catalogue import label, say

TABS = ("studies", "interventions", "entities", "diseases", "discrepancies", "references", "primary")
FILTERS = ("q", "gene", "cargo", "ref", "effect", "disease")


def answer_url(disease: str, stage: Optional[str] = None, **extra) -> str:
    params = {"disease": disease}
    if stage:
        params["stage"] = stage
    params.update({k: v for k, v in extra.items() if v})
    return "/answer?" + urlencode(params)


def _label(kb, eid: Optional[str]) -> str:
    if not eid:
        return ""
    rec = kb.get("entities", eid)
    return rec.label if rec is not None else eid


def _entity_words(kb, eid: Optional[str]) -> list[str]:
    rec = kb.get("entities", eid) if eid else None
    if rec is None:
        return [eid] if eid else []
    return [rec.id, rec.label, rec.symbol or "", *rec.aliases]


def _used_in(usage: Optional[dict], kind: str, rid: str) -> list[tuple[str, str]]:
    """Links to the answers that use a record (from the server's usage map)."""
    if not usage:
        return []
    return [
        (say("phrases.web.used_at", disease=d, stage=st) if st else d, answer_url(d, st or None))
        for d, st in usage.get(kind, {}).get(rid, [])
    ]


def rows(kb, tab: str, usage: Optional[dict] = None) -> list[dict]:
    """The rows of one tab; ``usage`` ({kind: {id: [(disease, stage)]}}) adds links to the
    answers that use each study and intervention."""
    if tab == "studies":
        return _study_rows(kb, usage)
    if tab == "interventions":
        return _intervention_rows(kb, usage)
    if tab == "entities":
        return _entity_rows(kb)
    if tab == "diseases":
        return _disease_rows(kb)
    if tab == "discrepancies":
        return [
            {
                "id": x.id,
                "cells": [x.kind, x.where, x.review_says, x.list_says],
                "refs": [x.ref],
                "quote": None,
                "links": [(say("phrases.web.where_cited"), "/review?" + urlencode({"ref": x.ref}))],
                "keys": {"gene": [], "cargo": [], "ref": [str(x.ref)], "effect": [], "disease": []},
            }
            for x in kb.discrepancies
        ]
    if tab in ("references", "primary"):  # issue 25: the cited papers and what they report
        return _paper_rows(kb, tab)
    raise KeyError(tab)


def _study_rows(kb, usage: Optional[dict]) -> list[dict]:
    """The studies tab: a study a row, linked to the answers and explanations using it."""
    out = []
    for s in kb.studies:
        genes = [w for e in [s.cargo, s.target, *s.pathway] for w in _entity_words(kb, e)]
        links = _used_in(usage, "studies", s.id)
        if s.disease:
            if not links:
                links.append((say("phrases.web.answer"), answer_url(s.disease, s.stage)))
            if s.intervention:
                links.append(
                    (
                        say("phrases.web.explain"),
                        "/explain?"
                        + urlencode(
                            {
                                "intervention": s.intervention,
                                "disease": s.disease,
                                **({"stage": s.stage} if s.stage else {}),
                            }
                        ),
                    )
                )
        out.append(
            {
                "id": s.id,
                "cells": [
                    s.disease or say("phrases.web.physiology"),
                    s.stage or "",
                    s.intervention or "",
                    _label(kb, s.cargo),
                    s.autophagy_effect or say("phrases.common.not_stated"),
                    s.outcome,
                ],
                "refs": list(s.refs),
                "quote": s.quote,
                "links": links,
                "keys": {
                    "gene": genes,
                    "cargo": _entity_words(kb, s.cargo),
                    "ref": [str(n) for n in s.refs],
                    "effect": [s.autophagy_effect or "", s.outcome, s.release_effect or ""],
                    "disease": [s.disease or ""],
                },
            }
        )
    return out


def _intervention_rows(kb, usage: Optional[dict]) -> list[dict]:
    """The interventions tab, each linked to its explanation in every disease studied."""
    by_iv: dict[str, set] = {}
    for s in kb.studies:
        if s.intervention and s.disease:
            by_iv.setdefault(s.intervention, set()).add(s.disease)
    out = []
    for i in kb.interventions:
        diseases = sorted(by_iv.get(i.id, ()))
        out.append(
            {
                "id": i.id,
                "cells": [i.label, i.kind, _label(kb, i.source), _label(kb, i.cargo), ", ".join(diseases)],
                "refs": list(i.refs),
                "quote": None,
                "links": _used_in(usage, "interventions", i.id)
                + [
                    (
                        say("phrases.web.explain_in", disease=d),
                        "/explain?" + urlencode({"intervention": i.id, "disease": d}),
                    )
                    for d in diseases
                ],
                "keys": {
                    "gene": _entity_words(kb, i.cargo),
                    "cargo": _entity_words(kb, i.cargo),
                    "ref": [str(n) for n in i.refs],
                    "effect": [],
                    "disease": diseases,
                },
            }
        )
    return out


def _entity_rows(kb) -> list[dict]:
    """The entities tab, each linked to its studies and the answers of their diseases."""
    uses: dict[str, set] = {}
    for s in kb.studies:
        for e in [s.cargo, s.target, s.source, *s.pathway]:
            if e:
                uses.setdefault(e, set()).add(s.disease or "")
    out = []
    for e in kb.entities:
        diseases = sorted(d for d in uses.get(e.id, ()) if d)
        out.append(
            {
                "id": e.id,
                "cells": [e.label, e.kind, e.symbol or "", ", ".join(e.aliases)],
                "refs": [],
                "quote": None,
                "links": [
                    (say("phrases.web.studies"), "/browse?" + urlencode({"tab": "studies", "gene": e.id}))
                ]
                + [(say("phrases.web.answer_in", disease=d), answer_url(d)) for d in diseases],
                "keys": {
                    "gene": _entity_words(kb, e.id),
                    "cargo": _entity_words(kb, e.id),
                    "ref": [],
                    "effect": [],
                    "disease": diseases,
                },
            }
        )
    return out


def _disease_rows(kb) -> list[dict]:
    """The diseases tab, each linked to its answers by stage and their comparison."""
    out = []
    for d in kb.diseases:
        links = [(say("phrases.web.answer"), answer_url(d.id))]
        links += [(say("phrases.common.at", stage=st.id).strip(), answer_url(d.id, st.id)) for st in d.stages]
        if d.stages:
            links.append((say("phrases.web.compare_stages"), "/compare?" + urlencode({"disease": d.id})))
        out.append(
            {
                "id": d.id,
                "cells": [d.name, d.organ, ", ".join(st.id for st in d.stages), ", ".join(d.aliases)],
                "refs": list(d.refs),
                "quote": d.quote,
                "links": links,
                "keys": {
                    "gene": [],
                    "cargo": [],
                    "ref": [str(n) for n in d.refs],
                    "effect": [],
                    "disease": [d.id, d.name, *d.aliases],
                },
            }
        )
    return out


def _paper_rows(kb, tab: str) -> list[dict]:
    from ..knowledge.primary import ID_KINDS, id_words, link, paper_id_words

    empty = {"gene": [], "cargo": [], "effect": [], "disease": []}
    if tab == "references":
        out = []
        for x in kb.references:
            links = [
                (f"{k.upper()} {getattr(x, k)}", link(k, getattr(x, k)))
                for k in ID_KINDS
                if getattr(x, k, None)
            ]
            links.append((say("phrases.web.where_cited"), "/review?" + urlencode({"ref": x.n})))
            out.append(
                {
                    "id": str(x.n),
                    "cells": [
                        x.first_author,
                        str(x.year),
                        x.title,
                        id_words(x) or say("phrases.web.no_identifier", sought=x.sought),
                    ],
                    "refs": [x.n],
                    "quote": None,
                    "links": links,
                    "keys": {**empty, "ref": [str(x.n)]},
                }
            )
        return out
    out = []
    for p in kb.primary:
        study = kb.get("studies", p.study)
        links = [(say("phrases.web.abstract_read"), p.read_at)] if p.read_at else []
        out.append(
            {
                "id": f"{p.study}@{p.ref}",
                "cells": [
                    p.study,
                    paper_id_words(p.paper_id) or "",
                    p.agreement if p.checked else say("phrases.web.not_checked"),
                    label("evidence", p.model),
                    "/".join(p.species),
                    p.differences or p.unchecked_reason,
                ],
                "refs": [p.ref],
                "quote": study.quote if study is not None else None,
                "links": links,
                "keys": {
                    **empty,
                    "ref": [str(p.ref)],
                    "effect": [p.autophagy_effect, p.outcome],
                    "disease": [study.disease or ""] if study is not None else [],
                },
            }
        )
    return out


#: the columns of each tab, by code; their words are the catalogue's (labels.browse_column)
COLUMNS = {
    "studies": ["disease", "stage", "intervention", "cargo", "autophagy", "outcome"],
    "interventions": ["label", "kind", "source", "cargo", "diseases"],
    "entities": ["label", "kind", "symbol", "aliases"],
    "diseases": ["name", "organ", "stages", "aliases"],
    "discrepancies": ["kind", "where", "review_says", "list_says"],
    "references": ["first_author", "year", "title", "identifiers"],
    "primary": ["study", "paper", "agreement", "model_paper", "species_paper", "differences"],
}
HEADERS = {tab: [label("browse_column", c) for c in cols] for tab, cols in COLUMNS.items()}


def search_text(row: dict) -> str:
    words = [row["id"], *row["cells"], *(str(n) for n in row["refs"])]
    words += [w for ws in row["keys"].values() for w in ws]
    return " ".join(w for w in words if w).lower()


def matches(row: dict, filters: dict[str, str]) -> bool:
    for name, value in filters.items():
        value = (value or "").strip().lower()
        if not value:
            continue
        if name == "q":
            if value not in search_text(row):
                return False
        elif name == "ref":
            if value not in row["keys"]["ref"]:
                return False
        elif not any(
            value == w.lower() or (name != "effect" and value in w.lower()) for w in row["keys"][name] if w
        ):
            return False
    return True

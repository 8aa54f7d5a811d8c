"""Registry identifiers (CURIEs) of the knowledge base: prefixes, links, lookup.

The prefixes used in ``facts/`` and the registry page each one links to are
data (``facts/prefixes.json``, checked against the bioregistry package by
tests/test_identifiers.py).  A link is built, never fetched.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Optional

from .paths import facts_dir

#: The review's own DOI (every answer's source), and its page.
REVIEW_DOI = "10.1111/jcmm.16276"
REVIEW_URL = f"https://doi.org/{REVIEW_DOI}"

CURIE = re.compile(r"^([A-Za-z][A-Za-z0-9_.]*):(\S+)$")


@lru_cache(maxsize=1)
def prefixes() -> dict[str, dict]:
    """{prefix as written in facts/: {bioregistry, uri_format}}."""
    import json  # JSON, not YAML: a cached answer links ids without importing PyYAML

    data = json.loads((facts_dir() / "prefixes.json").read_text(encoding="utf-8"))
    return dict(data["prefixes"])


def split(curie: str) -> Optional[tuple[str, str]]:
    """(prefix, local id) of a CURIE, or None when it is not one."""
    m = CURIE.match(curie.strip())
    return (m.group(1), m.group(2)) if m else None


def normalise(curie: str) -> Optional[str]:
    """The CURIE with its prefix spelled as facts/ spells it ('mondo:0005068' -> 'MONDO:0005068')."""
    parts = split(curie)
    if not parts:
        return None
    table = {p.casefold(): p for p in prefixes()}
    table.update({v["bioregistry"].casefold(): p for p, v in prefixes().items()})
    prefix = table.get(parts[0].casefold())
    return f"{prefix}:{parts[1]}" if prefix else None


def link(curie: Optional[str]) -> Optional[str]:
    """The registry page of a CURIE (a link, not a fetch), or None for an unknown prefix."""
    if not curie:
        return None
    parts = split(curie)
    if not parts or parts[0] not in prefixes():
        return None
    return prefixes()[parts[0]]["uri_format"].replace("$1", parts[1])


def primary(xrefs: Iterable) -> Optional[str]:
    """The record's main CURIE: the first exact (else precursor, else broader) id."""
    xs = [x for x in xrefs if _get(x, "curie")]
    for rel in ("exact", "precursor", "broader"):
        for x in xs:
            if _get(x, "relation") == rel:
                return _get(x, "curie")
    return None


def names(rec) -> list[str]:
    """CURIEs and registry synonyms of a record with an exact id, for resolving what users type.

    A record identified only by a broader term gives none: the broader id may
    stand for several records.
    """
    xrefs = list(_get(rec, "xrefs") or ())
    if not any(_get(x, "relation") in ("exact", "precursor") and _get(x, "curie") for x in xrefs):
        return []
    out: list[str] = []
    for x in xrefs:
        if _get(x, "relation") in ("exact", "precursor", "xref") and _get(x, "curie"):
            out.append(_get(x, "curie"))
        if _get(x, "relation") in ("exact", "precursor"):
            if _get(x, "label"):
                out.append(_get(x, "label"))
            out.extend(_get(x, "synonyms") or ())
    return out


def arm_names(rec) -> list[str]:
    """For a miRNA recorded without its arm: the -5p and -3p names of its precursors.

    A measurement of either arm (hsa-miR-20a-5p) then finds the record the review
    names without one (miR-20a).  A record whose arm is stated gets none.
    """
    xrefs = list(_get(rec, "xrefs") or ())
    if not any(_get(x, "relation") == "mature" and _get(x, "status") == "not_stated" for x in xrefs):
        return []
    out: list[str] = []
    for x in xrefs:
        label = _get(x, "label")
        if _get(x, "relation") == "precursor" and label:
            stem = re.sub(r"^([a-z]+-miR-\d+[a-z]*)-\d+$", r"\1", label.replace("-mir-", "-miR-"))
            out += [f"{stem}-5p", f"{stem}-3p"]
    return sorted(set(out))


def get(obj, key: str):
    """A field of a record or of its dict form."""
    return _get(obj, key)


def _get(obj, key: str):
    return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)

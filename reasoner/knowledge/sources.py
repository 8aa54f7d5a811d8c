"""Where records come from: the --facts file a record was read from, and each file's digest."""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

from .store import Store


def user_file(kb: Store, section: str, rid: str) -> Optional[str]:
    """The name of the --facts file a record comes from (None for bundled records)."""
    from .paths import facts_dir

    src = kb.sources.get((section, rid))
    if not src or Path(src).resolve().parent == facts_dir().resolve():
        return None
    return Path(src).name


def duplicate_edges(kb: Store) -> list[tuple[str, str, str]]:
    """(file, edge, bundled edge) for each edge of a --facts file with the same source, target,
    sign and context as a bundled edge (both take part; the user is told)."""
    bundled: dict[tuple, str] = {}
    mine: list[tuple[tuple, str, str]] = []
    for e in kb.edges:
        key = (e.source, e.target, e.sign, e.context)
        f = user_file(kb, "edges", e.id)
        if f is None:
            bundled.setdefault(key, e.id)
        else:
            mine.append((key, f, e.id))
    return sorted((f, eid, bundled[key]) for key, f, eid in mine if key in bundled)


def facts_files(facts: Sequence[Path | str]) -> list[dict]:
    """Each --facts file: its name and the SHA-256 of the bytes the knowledge base read."""
    from .inputs import read_input

    out = []
    for f in facts:
        try:
            digest = read_input(str(f)).digest.hex()
        except Exception:  # noqa: BLE001 - a file the loader already refused, or gone since
            digest = ""
        out.append({"file": Path(f).name, "sha256": digest})
    return out


def source_text(source) -> str:
    """A user's source in words: a string as given; a record's source (``UserSource``: PMID,
    DOI, text, where it came from) as 'PMID:111; doi:10.1/x; "text" (reach)'."""
    if isinstance(source, str):
        return source
    get = source.get if isinstance(source, dict) else lambda k: getattr(source, k, None)
    parts = [
        f"PMID:{get('pmid')}" if get("pmid") else "",
        f"doi:{get('doi')}" if get("doi") else "",
        f'"{get("text")}"' if get("text") else "",
    ]
    words = "; ".join(p for p in parts if p)
    return (
        f"{words} ({get('source_api')})"
        if get("source_api") and words
        else words or str(get("source_api") or "")
    )


def source_texts(rec) -> list[str]:
    """The user's sources of a record, in words (``source_text``)."""
    return [source_text(s) for s in (rec.get("sources", []) or [])]

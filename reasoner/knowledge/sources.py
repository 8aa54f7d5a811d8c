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

"""The intervention index: where each intervention was applied, and the studies' cargos."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from .store import Store


def intervention_index(
    kb: Store, facts: Sequence[Path | str] = (), override: bool = False, cached: bool = True
) -> dict:
    """What ``explain`` looks up across every disease, so that it reads only its scope:
    ``applied_in`` (intervention -> diseases whose studies applied it) and ``cargos`` (the
    studies' cargos, in study order).  Built by one walk over the studies, then cached with
    the knowledge base it was built from (same files, same content).
    """

    def build_index() -> dict:
        applied: dict[str, set[str]] = {}
        cargos: dict[str, None] = {}
        for st in kb.studies:
            if st.intervention and st.disease:
                applied.setdefault(st.intervention, set()).add(st.disease)
            if st.cargo:
                cargos.setdefault(st.cargo)
        return {"applied_in": {k: sorted(v) for k, v in sorted(applied.items())}, "cargos": list(cargos)}

    from . import cache

    content = getattr(kb, "content_key", None)  # the bytes the knowledge base was built from
    content = content if cached and isinstance(content, bytes) else None
    return cache.cached_or_built("index", content, build_index, _check_index)


def _check_index(obj) -> dict:
    """A cached intervention index: {"applied_in": {id: [disease]}, "cargos": [id]}."""
    ok = (
        isinstance(obj, dict)
        and isinstance(obj.get("applied_in"), dict)
        and isinstance(obj.get("cargos"), list)
        and all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v)
            for k, v in obj["applied_in"].items()
        )
        and all(isinstance(c, str) for c in obj["cargos"])
    )
    if not ok:
        raise ValueError("not an intervention index")
    return obj

"""Caches in the user's cache directory (never inside the installed package).

Two things are compiled once and reused: the validated knowledge base (keyed
by the content hash of every input file, bundled and user-supplied, and the
``--override`` flag) and the loaded rules (keyed by the content of every
``.lp`` file beside the entry encoding).  A cache file that cannot be read or
does not have the expected shape is rebuilt, never trusted; writes go to a
temporary file renamed into place, so a crash leaves no half-written cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Callable, TypeVar

from .._version import __version__

T = TypeVar("T")
FORMAT = 4  # bump when the shape of a cached object changes


def cache_dir() -> Path:
    base = os.environ.get("REASONER_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "reasoner"


def enabled() -> bool:
    return not os.environ.get("REASONER_NO_CACHE")


def key(files: list[Path], *extra: object) -> str:
    """Content hash of ``files`` (paths and bytes) and ``extra`` values."""
    h = hashlib.sha256(f"{__version__}|{FORMAT}|{extra!r}".encode())
    for f in files:
        h.update(str(f).encode() + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()[:32]


def cached(kind: str, k: str, build: Callable[[], T], valid: Callable[[object], bool]) -> T:
    """The object cached under ``kind-k``, or ``build()`` (then cached)."""
    path = cache_dir() / f"{kind}-{k}.pickle"
    try:
        with path.open("rb") as fh:
            obj = pickle.load(fh)
        if valid(obj):
            return obj
    except Exception:  # missing, truncated or corrupt: rebuild
        pass
    obj = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        import tempfile

        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{kind}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        pass  # an unwritable cache only costs time
    return obj


def _valid_kb(obj: object) -> bool:
    return isinstance(obj, dict) and {"sections", "atoms", "scope_atoms", "groups",
                                      "interventions", "by_cargo", "study_group",
                                      "sources"} <= obj.keys()


def load_store(facts: tuple[str, ...] = (), override: bool = False):
    """The compiled knowledge base (bundled plus ``facts``), from the cache when it is current."""
    from .paths import bundled_files
    from .store import Store

    def build() -> dict:
        from .kb import compile_kb, load

        return compile_kb(load(facts, override))

    if not enabled():
        return Store(build())
    try:
        k = key(bundled_files() + [Path(f) for f in facts], override)
    except OSError:
        return Store(build())  # let load() report the unreadable file
    return Store(cached("kb", k, build, _valid_kb))

"""A cache of the validated knowledge base, keyed by the content hash of every input file.

Parsing and validating YAML is the slow part of a call; the validated
knowledge base is pickled into the user's cache directory (never the
package).  A changed, added or removed file changes the key; a cache that
cannot be read is rebuilt, never trusted.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from . import __version__
from .kb import KB, bundled_files, load


def cache_dir() -> Path:
    base = os.environ.get("REASONER_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "reasoner"


def key(files: list[Path], override: bool) -> str:
    h = hashlib.sha256(f"{__version__}|{override}".encode())
    for f in files:
        h.update(str(f).encode() + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()[:32]


def load_cached(facts: tuple[str, ...] = (), override: bool = False) -> KB:
    if os.environ.get("REASONER_NO_CACHE"):
        return load(facts, override)
    files = bundled_files() + [Path(f) for f in facts]
    try:
        k = key(files, override)
    except OSError:
        return load(facts, override)  # let load() report the unreadable file
    path = cache_dir() / f"kb-{k}.pickle"
    try:
        with path.open("rb") as fh:
            kb = pickle.load(fh)
        if isinstance(kb, KB):
            return kb
    except Exception:  # missing or corrupt: rebuild
        pass
    kb = load(facts, override)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".kb-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(kb, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # an unwritable cache only costs time
    return kb

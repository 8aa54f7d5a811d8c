"""Numeric options and resource limits: ``--timeout`` and ``--max-memory``.

``--timeout SECONDS`` (0.001 to 86400) bounds the wall clock of grounding and
solving: with a limit the solve runs in a child process that is killed at the
deadline (``reasoning.forked``).  ``--max-memory SIZE`` (default: half of
the machine's memory, at least 2 GiB; none for ``serve`` unless given) caps
the address space of the process and of its solver child (``RLIMIT_AS``);
running out gives one line and exit 2.
A bad value of either is one line naming it and the valid range, exit 2.
"""

from __future__ import annotations

import math
import os
from typing import Optional

from .errors import ReasonerError

MAX_TIMEOUT = 86400.0
MIN_TIMEOUT = 0.001
MIN_MEMORY = 64 * 2**20
MAX_MEMORY = 2**50


class OptionError(ReasonerError):
    """A bad option value (one line naming it and what is valid)."""


def _show(value: str) -> str:
    text = value if len(value) <= 40 else value[:37] + "..."
    return repr(text)


def parse_timeout(value: Optional[str]) -> Optional[float]:
    """Seconds as a float in [0.001, 86400]; OptionError for anything else (nan, inf, 1e308)."""
    if value is None:
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = math.nan
    if not math.isfinite(seconds) or not MIN_TIMEOUT <= seconds <= MAX_TIMEOUT:
        raise OptionError(
            "limits.bad_timeout", value=_show(str(value)), low=f"{MIN_TIMEOUT:g}", high=f"{MAX_TIMEOUT:g}"
        )
    return seconds


def physical_memory() -> Optional[int]:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def default_memory() -> int:
    ram = physical_memory()
    return max(2 * 2**30, ram // 2) if ram else 4 * 2**30


def parse_memory(value: Optional[str]) -> int:
    """Bytes from ``2G``, ``512M``, ``1.5G`` or a plain number of MiB; OptionError if invalid."""
    if value is None:
        return default_memory()
    from .knowledge.inputs import parse_size

    text = str(value).strip()
    try:
        size = parse_size(text + "M" if text.replace(".", "", 1).isdigit() else text)
    except (ValueError, OverflowError):
        size = -1
    if not MIN_MEMORY <= size <= MAX_MEMORY:
        raise OptionError("limits.bad_memory", value=_show(str(value)))
    return size


def set_memory_limit(size: int):
    """Lower the soft address-space limit to ``size`` bytes; returns a function restoring it."""
    try:
        import resource
    except ImportError:  # not on this platform
        return lambda: None
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        new = size if hard == resource.RLIM_INFINITY else min(size, hard)
        if soft != resource.RLIM_INFINITY and soft <= new:
            return lambda: None  # already tighter
        resource.setrlimit(resource.RLIMIT_AS, (new, hard))
    except (ValueError, OSError):
        return lambda: None

    def restore() -> None:
        try:
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        except (ValueError, OSError):
            pass

    return restore

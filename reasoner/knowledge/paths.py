"""The one place that knows where the bundled rules, facts and templates live.

In a wheel they are installed inside the package as ``reasoner/_data/`` (see
``[tool.hatch.build.targets.wheel.force-include]`` in pyproject.toml); in a
source checkout they are the top-level ``rules/``, ``facts/`` and ``reports/``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def data_root() -> Path:
    """Directory that holds ``rules/``, ``facts/`` and ``reports/``."""
    installed = _PACKAGE / "_data"
    if (installed / "rules" / "autophagy.lp").is_file():
        return installed
    return _PACKAGE.parent


def rules_dir() -> Path:
    return data_root() / "rules"


def entry_encoding() -> Path:
    return rules_dir() / "autophagy.lp"


def facts_dir() -> Path:
    return data_root() / "facts"


def templates_dir() -> Path:
    return data_root() / "reports" / "templates"


def compiled_templates_dir() -> Path:
    """The templates precompiled by the wheel build (``hatch_build.py``); absent in a source
    checkout, where the templates compile when first used."""
    return data_root() / "reports" / "compiled"


def review_text() -> Path:
    return facts_dir() / "review.txt"


#: Files of facts/ that are not knowledge-base sections.
NOT_KB = {"conclusions.yaml", "clinical_codes.yaml", "observe.yaml", "changes.yaml"}


def bundled_files(base: Path | str | None = None) -> list[Path]:
    """The bundled knowledge-base files, in load order (``base``: another ``facts/`` directory,
    such as a previous release's, read in their place)."""
    root = facts_dir() if base is None else Path(base)
    return sorted(p for p in root.glob("*.yaml") if p.name not in NOT_KB)


def change_space_file() -> Path:
    """facts/changes.yaml: the change space of flips and the general warnings (issue 16)."""
    return facts_dir() / "changes.yaml"

"""YAML reading: libyaml's C loader when PyYAML has it (several times faster), else pure Python."""

from __future__ import annotations

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAMLError = yaml.YAMLError


def load(text: str):
    """Parse YAML text with a safe loader (plain data only, never objects)."""
    return yaml.load(text, Loader=SAFE_LOADER)

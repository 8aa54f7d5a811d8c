"""YAML reading: libyaml's C loader when PyYAML has it (several times faster), else pure Python."""

from __future__ import annotations



def load(text: str):
    """Parse YAML text with a safe loader (plain data only, never objects).

    PyYAML is imported here, on first use, so that a call answered from the
    caches never imports it.
    """
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))

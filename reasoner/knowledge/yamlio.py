"""YAML reading: libyaml's C loader when PyYAML has it (several times faster), else pure Python."""

from __future__ import annotations



def load(text: str):
    """Parse YAML text with a safe loader (plain data only, never objects).

    PyYAML is imported here, on first use, so that a call answered from the
    caches never imports it.
    """
    import yaml

    return yaml.load(text, Loader=_loader())


_LOADER = None


def _loader():
    """The safe loader (libyaml's when there) refusing a key given twice in one mapping: the
    YAML spec forbids it and PyYAML would silently keep the last value, dropping the first."""
    global _LOADER
    if _LOADER is None:
        import yaml

        class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            def construct_mapping(self, node, deep=False):
                seen = set()
                for key_node, _ in node.value:
                    key = (key_node.tag, key_node.value) if isinstance(key_node, yaml.ScalarNode) else None
                    if key is not None and key[1] != "<<":
                        if key in seen:
                            raise yaml.constructor.ConstructorError(
                                None, None, f"key {key_node.value!r} given twice",
                                key_node.start_mark)
                        seen.add(key)
                return super().construct_mapping(node, deep=deep)

        _LOADER = Loader
    return _LOADER


class DuplicateKey(ValueError):
    """A JSON object with a key given twice (json would silently keep the last value)."""


def json_pairs(pairs: list) -> dict:
    """``object_pairs_hook`` for json.loads: a key given twice is an error, not a silent overwrite."""
    out = {}
    for k, v in pairs:
        if k in out:
            raise DuplicateKey(f"key {k!r} given twice")
        out[k] = v
    return out

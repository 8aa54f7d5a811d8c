"""JSON-ready data of an answer: the writer of the JSON contract, without pydantic."""

from dataclasses import fields

#: Per answer class: (field name, JSON key, left out when null) for each field.
_SHAPES: dict[type, tuple[tuple[str, str, bool], ...]] = {}


def _shape(cls: type) -> tuple[tuple[str, str, bool], ...]:
    shape = _SHAPES.get(cls)
    if shape is None:
        omit: frozenset = getattr(cls, "OMIT_NONE", frozenset())
        shape = _SHAPES[cls] = tuple(
            (f.name, f.metadata.get("alias", f.name), f.name in omit) for f in fields(cls)
        )
    return shape


def plain(value):
    """JSON-ready data of a result.

    Takes the answer dataclasses (``reasoning.answer_types.answer``: every answer, the impact's and
    the check's too; fields named in a class's ``OMIT_NONE`` are left out when null; a field's
    ``alias`` metadata names its key), lists and dicts of them, and JSON values.
    """
    cls = type(value)
    if hasattr(cls, "__dataclass_fields__"):
        out = {}
        for name, key, omit in _shape(cls):
            v = getattr(value, name)
            if not (omit and v is None):
                out[key] = plain(v)
        return out
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value

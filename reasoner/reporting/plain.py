"""JSON-ready data of an answer object, without pydantic's serializer."""

from pydantic import BaseModel


def plain(value):
    """JSON-ready data of a result: ``model_dump(mode="json")`` without pydantic's serializer."""
    if isinstance(value, BaseModel):
        cls = type(value)
        omit = getattr(cls, "OMIT_NONE", ())
        return {(f.alias or name): plain(getattr(value, name))
                for name, f in cls.model_fields.items()
                if not (name in omit and getattr(value, name) is None)}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value

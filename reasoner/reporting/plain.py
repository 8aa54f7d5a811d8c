"""JSON-ready data of an answer object, without pydantic's serializer."""

from pydantic import BaseModel


def plain(value):
    """JSON-ready data of a result: ``model_dump(mode="json")`` without pydantic's serializer."""
    if isinstance(value, BaseModel):
        return {name: plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value

"""JSON-ready data of an answer object, without pydantic's serializer."""


def plain(value):
    """JSON-ready data of a result: ``model_dump(mode="json")`` without pydantic's serializer.

    Takes the plain answer objects of ``reasoning.lite`` (what the API builds)
    and pydantic models alike, without importing pydantic.
    """
    fields = getattr(type(value), "model_fields", None)
    if isinstance(fields, dict):  # a pydantic model
        return {name: plain(getattr(value, name)) for name in fields}
    if hasattr(value, "_fields") and hasattr(value, "__dict__"):  # a lite answer object
        return {name: plain(v) for name, v in vars(value).items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value

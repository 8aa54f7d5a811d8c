"""JSON-ready data of an answer object, without pydantic's serializer."""


def plain(value):
    """JSON-ready data of a result: ``model_dump(mode="json")`` without pydantic's serializer.

    Takes the plain answer objects of ``reasoning.lite`` (what the API builds)
    and pydantic models alike, without importing pydantic; fields named in a
    class's ``OMIT_NONE`` are left out when null, and aliases name the keys.
    """
    cls = type(value)
    fields = getattr(cls, "model_fields", None)
    if isinstance(fields, dict):  # a pydantic model
        omit = getattr(cls, "OMIT_NONE", ())
        return {(f.alias or name): plain(getattr(value, name))
                for name, f in fields.items()
                if not (name in omit and getattr(value, name) is None)}
    if hasattr(cls, "_fields") and hasattr(value, "__dict__"):  # a lite answer object
        omit, aliases = cls.OMIT_NONE, cls._aliases
        return {aliases.get(name, name): plain(v) for name, v in vars(value).items()
                if not (name in omit and v is None)}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value

"""What makes a class an answer type (``reasoning.results`` and the other answer modules):
``answer`` (a dataclass with keyword-only fields), its base ``Out`` (one generic ``__init__``,
equality and repr) and ``Field`` (a field with its JSON Schema description and JSON key).
Nothing here imports pydantic; ``reasoner.schemas`` derives the schemas from these classes."""

from dataclasses import MISSING, dataclass, field, fields
from typing import TYPE_CHECKING, Any, ClassVar, Optional, TypeVar


def Field(
    default: Any = MISSING, *, description: Optional[str] = None, json_key: Optional[str] = None
) -> Any:
    """A field with its JSON Schema description and its JSON key when that is not its name (a
    Python keyword), in the dataclass's own metadata (``description``, ``alias``: pydantic reads
    both); a list default is a fresh empty list for each object."""
    meta = {k: v for k, v in (("description", description), ("alias", json_key)) if v is not None}
    if isinstance(default, list):
        assert not default, "only empty lists are list defaults"
        return field(default_factory=list, metadata=meta)
    return field(default=default, metadata=meta)


T = TypeVar("T")

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_):
        return lambda f: f


@dataclass_transform(kw_only_default=True, field_specifiers=(Field,))
def answer(cls: type[T]) -> type[T]:
    """Make ``cls`` an answer type: a dataclass with keyword-only fields.  Its ``__init__``,
    equality and repr are ``Out``'s, one generic method each.  Generated and compiled for every
    class, the ``__init__`` methods alone were two thirds of the import time of this module
    (about 8 of 10 ms), which every run pays, against a few microseconds per object for the
    about 100 objects of an answer (README, "Python API")."""
    doc = cls.__doc__
    cls.__doc__ = doc or cls.__name__  # any docstring: dataclass would format the signature as one
    made = dataclass(init=False, kw_only=True, eq=False, repr=False)(cls)
    made.__doc__ = doc  # its own again (None: the JSON Schema gives the class no description)
    return made


_REQUIRED = object()  # in an ``_init_spec`` template: a field without a default


def _init_spec(cls: type) -> tuple[dict, tuple[str, ...], frozenset, frozenset]:
    """What ``Out.__init__`` needs of a class, made at its first object: the fields in order
    with their defaults (``_REQUIRED`` for none), the fields whose default is a fresh list, the
    required fields and all fields."""
    template: dict = {}
    lists = []
    for f in fields(cls):  # type: ignore[arg-type]  # every subclass is a dataclass (``answer``)
        if f.default is not MISSING:
            template[f.name] = f.default
        elif f.default_factory is not MISSING:  # only ``list`` (``Field``)
            template[f.name] = None
            lists.append(f.name)
        else:
            template[f.name] = _REQUIRED
    required = frozenset(n for n, v in template.items() if v is _REQUIRED)
    spec = (template, tuple(lists), required, frozenset(template))
    cls._init = spec  # type: ignore[attr-defined]
    return spec


class Out:
    """Base of the answer types: unknown fields are refused where pydantic validates them."""

    __pydantic_config__: ClassVar[dict] = {"extra": "forbid"}

    #: Fields left out of the JSON when null (issue 16: answers without --comorbid or
    #: --flips stay byte-identical to before).
    OMIT_NONE: ClassVar[frozenset] = frozenset()

    def __init__(self, **values: Any) -> None:
        """Keyword arguments only, every field without a default given, no unknown field; the
        object's attributes in field order, as a generated dataclass ``__init__`` sets them."""
        cls = type(self)
        template, lists, required, names = cls.__dict__.get("_init") or _init_spec(cls)
        if not (values.keys() <= names and required <= values.keys()):
            unknown = sorted(values.keys() - names)
            missing = sorted(required - values.keys())
            raise TypeError(f"{cls.__name__}: unknown fields {unknown}, missing fields {missing}")
        state = {**template, **values}
        for name in lists:
            if name not in values:
                state[name] = []
        self.__dict__.update(state)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and vars(other) == vars(self)

    __hash__ = None  # type: ignore[assignment]  # mutable, as the answer code fills them in

    def __repr__(self) -> str:
        shown = fields(self)  # type: ignore[arg-type]  # every subclass is a dataclass (``answer``)
        values = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in shown)
        return f"{type(self).__name__}({values})"


class Rendered(Out):
    """A whole answer (shown in Jupyter as its HTML report and as Markdown: ``reporting.notebook``)."""

"""Answer objects without pydantic: what the package API builds on the hot path.

``results`` (pydantic) is the contract of the answers.  Importing pydantic's
model machinery and building some twenty model classes costs more than a
cached answer takes to compute, so ``api`` builds these plain objects instead:
one class per model of ``results``, of the same name and fields, taking the
fields' defaults from the committed JSON Schemas (``reasoner/schema/*.json``,
exported from the models and drift-tested).  ``model()`` converts an answer
to the pydantic model (``model_dump``, ``model_dump_json`` and the Jupyter
reprs go through it), which is what API callers who want the models use.
``tests/test_contract.py`` validates every bundled answer against the models,
and ``tests/test_lazy.py`` checks that the CLI never imports them.

A model that no committed schema describes is built from ``results`` itself
on first use (correct, only slower).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

SCHEMAS = ("suggestion", "explanation", "plan")  # committed schemas of results' models

#: What the JSON Schemas do not say: fields left out of the JSON when null, and fields whose
#: JSON key is an alias (a Python keyword).  ``tests/test_contract.py`` checks both tables
#: against the models of ``results``.
OMIT_NONE = {"ContextOut": {"comorbidities"}, "Candidate": {"cautions", "helpful_for"},
             "NotRecommended": {"flip"}, "Suggestion": {"choices"},
             "Support": {"paper_evidence", "paper_species", "paper"},
             "ReferenceOut": {"doi", "pmid", "pmcid", "link"},
             "ScorePart": {"changed_by", "value_without"}}
ALIASES = {"FlipChange": {"from_": "from"}}


class Out:
    """An answer object: attributes are the model's fields, every field set."""

    _fields: tuple[str, ...] = ()
    _defaults: dict[str, Any] = {}
    _aliases: dict[str, str] = {}  # field name -> JSON key
    OMIT_NONE: frozenset = frozenset()

    _fieldset: frozenset = frozenset()
    _fixed: dict[str, Any] = {}  # defaults that are not lists or dicts (shared as they are)
    _fresh: tuple = ()  # (name, list or dict default): a new copy for each object

    def __init__(self, **values: Any):
        if not values.keys() <= self._fieldset:
            unknown = values.keys() - self._fieldset
            raise TypeError(f"{type(self).__name__} has no field(s) {sorted(unknown)}")
        d = {**self._fixed, **values}
        for k, v in self._fresh:
            if k not in values:
                d[k] = list(v) if isinstance(v, list) else dict(v)
        self.__dict__.update(d)

    @classmethod
    def model_construct(cls, **values: Any) -> "Out":
        """The same call as on the pydantic model (no validation either)."""
        return cls(**values)

    def model_copy(self, update: Optional[dict] = None) -> "Out":
        """A shallow copy with ``update``'s fields replaced (as on the pydantic model)."""
        return type(self)(**{**vars(self), **(update or {})})

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and vars(other) == vars(self)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in vars(self).items())})"

    def model(self):
        """The pydantic model of ``results`` with the same values (imports pydantic)."""
        return to_model(self)

    def model_dump(self, **kw: Any) -> dict:
        return self.model().model_dump(**kw)

    def model_dump_json(self, **kw: Any) -> str:
        return self.model().model_dump_json(**kw)

    def _repr_html_(self) -> str:  # Jupyter: a fragment whose CSS is scoped to its root
        from ..reporting.render import render

        return render(self, "fragment")

    def _repr_markdown_(self) -> str:
        from ..reporting.render import render

        return render(self, "md")


def to_model(value: Any) -> Any:
    """``value`` with every answer object replaced by its pydantic model (``model_construct``)."""
    if isinstance(value, Out):
        from . import results

        cls = getattr(results, type(value).__name__)
        return cls.model_construct(**{k: to_model(v) for k, v in vars(value).items()})
    if isinstance(value, list):
        return [to_model(v) for v in value]
    return value


def _properties(schema: dict) -> tuple[tuple[str, ...], dict[str, Any]]:
    props = schema.get("properties", {})
    # fields in the model's order are not needed: answers are written with sorted keys
    return tuple(props), {k: p["default"] for k, p in props.items() if "default" in p}


@lru_cache(maxsize=1)
def _shapes() -> dict[str, tuple[tuple[str, ...], dict[str, Any]]]:
    here = Path(__file__).resolve().parent.parent / "schema"
    shapes: dict[str, tuple[tuple[str, ...], dict[str, Any]]] = {}
    for name in SCHEMAS:
        schema = json.loads((here / f"{name}.json").read_text(encoding="utf-8"))
        shapes[schema["title"]] = _properties(schema)
        for title, sub in schema.get("$defs", {}).items():
            shapes[title] = _properties(sub)
    return shapes


@lru_cache(maxsize=None)
def _class(name: str) -> type[Out]:
    shape = _shapes().get(name)
    if shape is None:  # not in a committed schema: read the model itself
        from . import results

        model = getattr(results, name, None)
        if model is None or not hasattr(model, "model_fields"):
            raise AttributeError(name)
        fields = model.model_fields
        shape = (tuple(fields), {k: f.default for k, f in fields.items()
                                 if not f.is_required() and f.default_factory is None})
    else:
        unalias = {alias: field for field, alias in ALIASES.get(name, {}).items()}
        shape = (tuple(unalias.get(k, k) for k in shape[0]),
                 {unalias.get(k, k): v for k, v in shape[1].items()})
    mutable = {k: v for k, v in shape[1].items() if isinstance(v, (list, dict))}
    return type(name, (Out,), {"_fields": shape[0], "_defaults": shape[1],
                               "_fieldset": frozenset(shape[0]),
                               "_fixed": {k: v for k, v in shape[1].items() if k not in mutable},
                               "_fresh": tuple(mutable.items()),
                               "_aliases": ALIASES.get(name, {}),
                               "OMIT_NONE": frozenset(OMIT_NONE.get(name, ()))})


def __getattr__(name: str) -> type[Out]:  # lite.Suggestion, lite.TraceNode, ...
    if name.startswith("_") or not name[:1].isupper():
        raise AttributeError(name)
    return _class(name)


def notice() -> str:
    """The research-use notice every answer carries (the default of ``Suggestion.notice``)."""
    return _shapes()["Suggestion"][1]["notice"]

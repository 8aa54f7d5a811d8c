"""facts/changes.yaml: the change space of flips and the general warnings."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


def load_change_space():
    """facts/changes.yaml (the change space of flips and the general warnings), validated."""
    from .paths import change_space_file

    return _change_space(str(change_space_file()))


@lru_cache(maxsize=4)
def _change_space(path: str):
    """The validated change space as records with attribute access; validated once per
    content of the file, then read from the cache like the conclusions (no YAML, no models)."""
    from . import cache
    from .store import Rec

    def build() -> dict:
        from pydantic import ValidationError

        from ..errors import FactsError
        from . import models, yamlio

        text = Path(path).read_text(encoding="utf-8")
        try:
            data = yamlio.load(text)
        except yamlio.DuplicateKey as exc:
            raise FactsError(path, "duplicate_key", line=exc.line, **exc.params) from None
        try:
            return models.ChangeSpace.model_validate(data).model_dump(mode="json")
        except ValidationError as exc:
            err = exc.errors()[0]
            raise FactsError(
                path, "reported", field=".".join(map(str, err["loc"])) or None, detail=err["msg"]
            ) from None

    return Rec(cache.cached_or_built("changes", [Path(path)], build, _check_dict))


def _check_dict(obj) -> dict:
    if not isinstance(obj, dict):
        raise ValueError("not a mapping")
    return obj

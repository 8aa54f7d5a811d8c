"""The answer classes as the answer rooms name them (``r``): at run time the plain classes of
``lite`` (no pydantic on the hot path); for the type checker the pydantic models of
``results``, whose fields ``lite`` copies from the committed schemas (drift-tested)."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import results as r
else:
    from . import lite as r

__all__ = ["r"]

"""reasoner: rule-based therapy reasoning over the exosome-autophagy review (Xing et al. 2021).

>>> from reasoner import suggest, explain
>>> answer = suggest("hepatic_IR", stage="reperfusion")   # doctest: +SKIP
"""

from ._version import __version__

__all__ = ["suggest", "explain", "__version__"]


def __getattr__(name: str):
    """``reasoner.suggest`` and ``reasoner.explain`` are the functions of ``reasoner.api``
    themselves (real signature and docstring), imported on first use so that
    ``import reasoner`` stays cheap."""
    if name in ("suggest", "explain"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'reasoner' has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), "suggest", "explain"])

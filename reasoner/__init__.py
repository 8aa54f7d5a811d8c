"""reasoner: rule-based therapy reasoning over the exosome-autophagy review (Xing et al. 2021).

>>> from reasoner import suggest, explain
>>> answer = suggest("hepatic_IR", stage="reperfusion")   # doctest: +SKIP
"""

from ._version import __version__


def suggest(*args, **kwargs):
    from .api import suggest as _suggest

    return _suggest(*args, **kwargs)


def explain(*args, **kwargs):
    from .api import explain as _explain

    return _explain(*args, **kwargs)


suggest.__doc__ = "Answer a disease context; see reasoner.api.suggest."
explain.__doc__ = "Why or why not an intervention; see reasoner.api.explain."
__all__ = ["suggest", "explain", "__version__"]

"""Query parameters of the JSON API and the CDS service, taken as declared or refused.

FastAPI ignores a query parameter a route does not declare and keeps the last of a
repeated one: ``/api/suggest?comorbidity=...`` answered without the comorbidity and
``?stage=a&stage=b`` answered for ``b`` (red team 2 of issue 26, M3 and L10).  On every
route a repeated parameter that takes one value is refused with 400 in one line; on the
routes under :data:`STRICT` (the JSON API and the CDS service) an undeclared one is too,
naming the valid ones.  Pages keep links with parameters they read themselves (/browse).
"""

from __future__ import annotations

from typing import Union, get_args, get_origin

from fastapi import Request

from ..errors import ReasonerError
from ..knowledge.catalogue import say

#: Path prefixes whose routes take only their declared query parameters.
STRICT = ("/api/", "/cds-services")


class QueryParameterError(ReasonerError):
    """A query parameter the route does not take, or one value too many."""


def _repeatable(annotation) -> bool:
    origin = get_origin(annotation)
    if origin is Union or str(origin) == "<class 'types.UnionType'>":
        return any(_repeatable(a) for a in get_args(annotation))
    return origin in (list, set, tuple, frozenset)


def _declared(dependant) -> dict[str, bool]:
    """Query parameter name -> whether it may repeat, over the route and its dependencies."""
    out = {f.alias: _repeatable(f.field_info.annotation) for f in dependant.query_params}
    for sub in dependant.dependencies:
        out.update(_declared(sub))
    return out


async def strict_query(request: Request) -> None:
    """An app-wide dependency: refuse what the route does not take."""
    path = request.url.path
    route = request.scope.get("route")
    if route is None or not hasattr(route, "dependant"):
        return
    declared = _declared(route.dependant)
    valid = ", ".join(sorted(declared)) or say("phrases.common.none")
    given = request.query_params
    for name in dict.fromkeys(given.keys()):
        if name not in declared and path.startswith(STRICT):
            raise QueryParameterError("web.unknown_parameter", name=repr(name)[:80], path=path, valid=valid)
        n = len(given.getlist(name))
        if n > 1 and not declared.get(name, True):
            raise QueryParameterError("web.repeated_parameter", name=repr(name), n=n)

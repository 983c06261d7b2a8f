"""Query-parameter groups of the items endpoint, one small dataclass each (titiler style).

Each group turns its raw text into SQL conditions for one layer through ``layers/``; a bad
value raises ``QueryError`` (a 400 problem naming the parameter).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar

from fastapi import Depends, Query, Request
from psycopg import sql

from gis.crs import OutputCrs, UnsupportedCrs, parse_crs
from layers import LAYERS, Layer
from layers.cql2 import filter_condition
from layers.filters import (
    as_of_source,
    bbox_condition,
    datetime_condition,
    equality_condition,
    parse_bbox,
    parse_datetime,
    parse_instant,
)
from layers.query import Bindings, QueryError
from layers.queryables import parse_properties, parse_sortby

T = TypeVar("T")

# Parameters with a meaning of their own; any other parameter naming a queryable filters on
# equality (Part 1 "parameters for filtering on feature properties").
RESERVED = frozenset(
    {
        "limit",
        "offset",
        "cursor",
        "bbox",
        "bbox-crs",
        "datetime",
        "recorded-at",
        "filter",
        "filter-lang",
        "filter-crs",
        "sortby",
        "properties",
        "crs",
        "f",
    }
)


# ``f=json`` on the JSON-only resources (landing, conformance, collections, queryables): some
# clients send it everywhere; any other value is a 400.
JsonFormat = Annotated[Literal["json"] | None, Query(description="json (the only format)")]
# The resources a browser may also read as a page (api/desk/ogc_pages.py).
PageFormat = Annotated[
    Literal["json", "html"] | None,
    Query(description="json, or html for a browser (also chosen by Accept: text/html)"),
]
PageLang = Annotated[
    Literal["vi", "lo", "en"] | None, Query(description="language of the HTML page")
]


def _declared_names(dependant: Any) -> frozenset[str]:
    """The query parameters a route declares, its own and those of its dependencies."""
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _declared_names(sub)
    return frozenset(names)


# Per route (its id, with the route kept so that the id cannot be reused): a route's
# declarations are fixed once the app is built, so the tree is walked once, not per request.
_DECLARED: dict[int, tuple[Any, frozenset[str]]] = {}


def _route_names(route: Any) -> frozenset[str]:
    """``_declared_names`` of the route's dependant, worked out on the route's first request."""
    found = _DECLARED.get(id(route))
    if found is None or found[0] is not route:
        found = _DECLARED[id(route)] = (route, _declared_names(route.dependant))
    return found[1]


def _refuse_unknown(request: Request, also: frozenset[str] = frozenset()) -> None:
    route = request.scope.get("route")
    declared = _route_names(route) if route is not None else frozenset()
    unknown = [name for name in request.query_params if name not in declared | also]
    if unknown:
        accepted = ", ".join(sorted(declared | also)) or "none"
        raise QueryError(
            unknown[0],
            f"unknown query parameter '{unknown[0][:40]}' (this resource accepts: {accepted})",
        )


async def _only_declared(request: Request) -> None:
    """OGC API Features Part 1 /req/core/query-param-unknown: a parameter the resource does
    not define is a 400, so that a typo (``bbx=``) is not silently answered unfiltered."""
    _refuse_unknown(request)


async def _declared_or_queryables(request: Request) -> None:
    """As ``_only_declared``; on items a parameter naming a queryable is an equality filter."""
    layer = LAYERS.get(request.path_params.get("collection_id", ""))
    if layer is not None:  # else the route answers 404 for the collection
        _refuse_unknown(request, frozenset(p.name for p in layer.properties))


known_parameters_only = Depends(_only_declared)
known_parameters_or_queryables = Depends(_declared_or_queryables)


def crs_parameter(text: str | None, parameter: str) -> OutputCrs:
    """The output CRS named by ``parameter`` (CRS84 when absent); a 400 naming it for a CRS
    not offered."""
    try:
        return parse_crs(text)
    except UnsupportedCrs as error:
        raise QueryError(parameter, str(error)) from None


@dataclass
class PagingParams:
    """Where an items page starts and how long it is: limit, offset or cursor."""

    limit: Annotated[int | None, Query(ge=1, description="1 to 10 000 (larger is capped)")] = None
    offset: Annotated[
        int, Query(ge=0, description="rows to skip; next links carry a cursor instead")
    ] = 0
    cursor: Annotated[
        str | None, Query(description="where the page starts: copied from a next or prev link")
    ] = None


@dataclass
class SpatialTemporalParams:
    """The bbox and datetime parameters of an items request."""

    bbox: Annotated[str | None, Query(description="minx,miny,maxx,maxy in bbox-crs")] = None
    bbox_crs: Annotated[str | None, Query(alias="bbox-crs")] = None
    datetime: Annotated[
        str | None,
        Query(
            description="instant or start/end, '..' open; on registry collections the valid time "
            "(the state that held then)"
        ),
    ] = None
    recorded_at: Annotated[
        str | None,
        Query(
            alias="recorded-at",
            description="registry collections: what the registry said at "
            "this instant (transaction time)",
        ),
    ] = None

    def source(self, layer: Layer, bindings: Bindings) -> sql.Composable | None:
        """The rows of a registry collection at the times asked for; None: its current rows."""
        if self.recorded_at is None and (self.datetime is None or layer.versions is None):
            return None
        recorded = None
        if self.recorded_at is not None:
            recorded = parse_instant(self.recorded_at, "recorded-at")
            if recorded is None:
                raise QueryError("recorded-at", "expected one instant, not '..'")
        valid = parse_datetime(self.datetime) if self.datetime is not None else None
        return as_of_source(layer, valid, recorded, bindings)

    def conditions(self, layer: Layer, bindings: Bindings) -> list[sql.Composable]:
        """The SQL conditions for the bbox and datetime given, their values added to
        ``bindings``."""
        found: list[sql.Composable] = []
        if self.bbox is not None:
            crs = crs_parameter(self.bbox_crs, "bbox-crs")
            found.append(bbox_condition(layer, parse_bbox(self.bbox), crs, bindings))
        elif self.bbox_crs is not None:
            crs_parameter(self.bbox_crs, "bbox-crs")  # still refuse a CRS we do not offer
        if self.datetime is not None and layer.versions is None:
            found.append(datetime_condition(layer, parse_datetime(self.datetime), bindings))
        return found


@dataclass
class FilterParams:
    """The CQL2 filter parameters (OGC API – Features Part 3)."""

    filter: Annotated[str | None, Query(description="CQL2 text or JSON")] = None
    filter_lang: Annotated[str | None, Query(alias="filter-lang")] = None
    filter_crs: Annotated[str | None, Query(alias="filter-crs")] = None

    def conditions(self, layer: Layer, bindings: Bindings) -> list[sql.Composable]:
        """The SQL condition for the CQL2 filter, if one is given, its values added to
        ``bindings``."""
        crs = crs_parameter(self.filter_crs, "filter-crs")
        if self.filter is None:
            return []
        return [filter_condition(layer, self.filter, self.filter_lang, crs, bindings)]


@dataclass
class OutputParams:
    """What an answer holds and how: CRS, properties, sort order and format."""

    crs: Annotated[str | None, Query(description="output CRS URI or EPSG:n")] = None
    properties: Annotated[str | None, Query(description="comma-separated names")] = None
    sortby: Annotated[str | None, Query(description="e.g. -chainage_m,code")] = None
    f: Annotated[
        str | None, Query(description="json, geojson, jsonfg, csv, gpkg, kml, fgb or html")
    ] = None

    def output_crs(self) -> OutputCrs:
        """The CRS the features are written in."""
        return crs_parameter(self.crs, "crs")

    def property_names(self, layer: Layer) -> tuple[str, ...] | None:
        """The properties asked for (None: all of the layer's)."""
        return parse_properties(layer, self.properties)

    def sort_keys(self, layer: Layer) -> list[tuple[str, bool]]:
        """The sort keys asked for, each with whether it is descending."""
        return parse_sortby(layer, self.sortby)


def equality_conditions(
    layer: Layer, query: dict[str, str], bindings: Bindings
) -> list[sql.Composable]:
    """``?status=damaged&type=boundary_marker``: parameters named after queryables."""
    return [
        equality_condition(layer, name, value, bindings)
        for name, value in query.items()
        if name not in RESERVED and layer.find_property(name) is not None
    ]


def in_event_loop(group: type[T]) -> Callable[..., Awaitable[T]]:
    """A dependency making a ``group`` of query parameters, run in the event loop.

    FastAPI runs a class given to ``Depends()`` (as any plain function) in a worker thread:
    a hop there and back for each of the four groups of an items request, which costs more
    than making the dataclasses. This async function takes the very parameters the class
    declares (its signature, so the OpenAPI document and the validation are the same)."""

    async def make(**values: Any) -> T:
        return group(**values)

    make.__signature__ = inspect.signature(group, eval_str=True)  # type: ignore[attr-defined]
    make.__name__ = make.__qualname__ = group.__name__
    make.__doc__ = group.__doc__
    return make


Paging = Annotated[PagingParams, Depends(in_event_loop(PagingParams))]
SpatialTemporal = Annotated[SpatialTemporalParams, Depends(in_event_loop(SpatialTemporalParams))]
Filters = Annotated[FilterParams, Depends(in_event_loop(FilterParams))]
Output = Annotated[OutputParams, Depends(in_event_loop(OutputParams))]

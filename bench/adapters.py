"""The thin layer between the scenarios and our code.

Every call the benchmark makes into cotmoc goes through here, so when a feature lands (the
OGC API bbox query, the maps renderer, the GPX patrol ingest) only this file changes. A
function returns ``None`` (or says so) when the feature is not in this tree yet; the scenario
then reports "skipped: <reason>" instead of a figure.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import Any

import httpx
from psycopg import sql

from layers import LAYERS
from layers.query import collection_query, feature_text

MARKERS = LAYERS["markers"]
# Far from the Vietnam–Laos corridor: a server honouring bbox returns nothing here.
EMPTY_BBOX = "0,0,0.1,0.1"


def items_sql(limit: int, offset: int = 0) -> sql.Composed:
    """The query text our items endpoint runs for one page of markers."""
    return collection_query(MARKERS, limit, offset)


def bbox_sql(bbox: tuple[float, ...], limit: int) -> tuple[sql.Composed, str]:
    """The bbox page query and where it comes from.

    Uses ``layers.query.collection_query(..., bbox=...)`` when the OGC API work provides it;
    until then composes the filter the way the guide prescribes (bare indexed column against
    an envelope) around our own ``feature_text``.
    """
    if "bbox" in inspect.signature(collection_query).parameters:
        query: Any = collection_query
        return query(MARKERS, limit, bbox=bbox), "layers.query.collection_query(bbox=…)"
    envelope = sql.SQL("ST_MakeEnvelope({}, {}, {}, {}, 4326)").format(
        *(sql.Literal(float(v)) for v in bbox))
    page = sql.SQL(
        "SELECT {feature} AS feature FROM {source} t WHERE t.{geom} && {envelope} "
        "ORDER BY t.{order}, t.{id} LIMIT {limit}"
    ).format(feature=feature_text(MARKERS), source=sql.Identifier(MARKERS.source),
             geom=sql.Identifier(MARKERS.geometry_column), envelope=envelope,
             order=sql.Identifier(MARKERS.order_by), id=sql.Identifier(MARKERS.id_column),
             limit=sql.Literal(limit))
    text = sql.SQL(
        "SELECT '{{\"type\":\"FeatureCollection\",\"numberReturned\":' || count(*) "
        "|| ',\"features\":[' || coalesce(string_agg(page.feature, ','), '') || ']}}' "
        "FROM ({page}) page"
    ).format(page=page)
    return text, "composed in bench/adapters.py (layers.query has no bbox query yet)"


def honours_bbox(items_url: str) -> bool:
    """Whether a server filters by ``bbox``: a box far from the data must come back empty."""
    response = httpx.get(f"{items_url}?bbox={EMPTY_BBOX}&limit=5", timeout=60)
    if response.status_code != 200:
        return False
    return len(response.json().get("features", [])) == 0


def map_renderer() -> Callable[[str], str] | None:
    """A function rendering the default map to HTML from a database URL, if ``maps`` has one.

    TODO(merge): point this at the renderer of the maps work (issue 5) once merged.
    """
    for module_name, function_name in (("maps.render", "render_map"), ("maps", "render_map")):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        function = getattr(module, function_name, None)
        if callable(function):
            return function  # type: ignore[no-any-return]
    return None


def gpx_ingest_route() -> str | None:
    """The path of our GPX patrol upload, if the application has one (issue 4)."""
    from api.app import create_app

    paths = {getattr(route, "path", "") for route in create_app().routes}
    return "/patrols/gpx" if "/patrols/gpx" in paths else None


def ingest_gpx(base: str, gpx: bytes) -> int:
    """Upload one GPX file to our server; returns the HTTP status.

    TODO(merge): the upload needs a field role; add the login/token call of issue 4 here.
    """
    files = {"file": ("patrol.gpx", gpx, "application/gpx+xml")}
    response = httpx.post(f"{base}/patrols/gpx", files=files, timeout=300)
    return response.status_code

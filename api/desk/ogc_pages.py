"""HTML for the OGC API resources (issue 11): the landing page, the collections, a collection
and a page of its items, for a browser (``f=html`` or ``Accept: text/html`` first). The JSON
documents stay what GDAL and other clients read; these pages show them with their links and,
for items, a small map of the page's features."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import Request
from fastapi.responses import HTMLResponse

from api.desk.pages import page_lang, render
from gis.settings import get_settings
from layers.labels import value_label
from maps.script import safe_json_text

HTML = "text/html"


def wants_html(request: Request, f: str | None) -> bool:
    """``f=html``, or no ``f`` and a client whose first choice is HTML (a browser)."""
    if f is not None:
        return f == "html"
    first = request.headers.get("accept", "").split(",")[0].split(";")[0].strip().lower()
    return first == HTML


def _cell(value: Any, lang: str) -> str:
    """A property's value for people: labels for codes, rounded numbers."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return value_label(str(value).lower(), lang)
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, list):
        return ", ".join(_cell(item, lang) for item in value)
    return value_label(value, lang)


def _page(request: Request, template: str, **context: Any) -> HTMLResponse:
    lang = page_lang(request.query_params.get("lang"))
    response = render(
        request, template, lang, None, cell=lambda value: _cell(value, lang), **context
    )
    response.headers["Cache-Control"] = "private, no-cache"  # what the caller may read varies
    response.headers["Vary"] = "Accept, Cookie, Authorization, X-API-Key"
    return response


def landing(request: Request, doc: dict[str, Any]) -> HTMLResponse:
    """The landing page for a browser."""
    return _page(request, "ogc_landing.html", doc=doc)


def collections(request: Request, doc: dict[str, Any]) -> HTMLResponse:
    """The collections the caller may read, as a page."""
    return _page(request, "ogc_collections.html", doc=doc)


def collection(request: Request, doc: dict[str, Any]) -> HTMLResponse:
    """One collection's page: its extent and links to its items and files."""
    return _page(request, "ogc_collection.html", doc=doc)


def items(
    request: Request,
    collection_doc: dict[str, Any],
    features: bytes,
    links: list[dict[str, Any]],
    returned: int,
) -> HTMLResponse:
    """A page of features: a table of their properties and the GeoJSON for the map script
    (as a data block: a script element of a JSON type is never run)."""
    parsed = orjson.loads(b"[" + features + b"]")
    columns: list[str] = []
    for feature in parsed:
        for name in feature.get("properties") or {}:
            if name not in columns:
                columns.append(name)
    geojson = safe_json_text('{"type":"FeatureCollection","features":[' + features.decode() + "]}")
    settings = get_settings()
    return _page(
        request,
        "ogc_items.html",
        doc=collection_doc,
        features=parsed,
        columns=columns[:8],
        links=links,
        returned=returned,
        geojson=geojson,
        tile_url=settings.tile_url,
        tile_attribution=settings.tile_attribution,
    )

"""The landing page and the conformance declaration of the OGC API."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

router = APIRouter(tags=["capabilities"])

_OGCAPI = "http://www.opengis.net/spec/ogcapi-features-{part}/1.0/conf/{name}"
_CQL2 = "http://www.opengis.net/spec/cql2/1.0/conf/{name}"

# Exactly what is implemented. Temporal functions are partly supported (instant properties,
# AFTER/BEFORE/DURING/EQUALS/DISJOINT), so "temporal-functions" is not claimed.
CONFORMANCE = [
    *(_OGCAPI.format(part=1, name=name) for name in ("core", "oas30", "geojson")),
    _OGCAPI.format(part=2, name="crs"),
    *(_OGCAPI.format(part=3, name=name) for name in (
        "queryables", "queryables-query-parameters", "filter", "features-filter")),
    *(_CQL2.format(name=name) for name in (
        "basic-cql2", "cql2-text", "cql2-json", "advanced-comparison-operators",
        "case-insensitive-comparison", "basic-spatial-functions",
        "basic-spatial-functions-plus", "spatial-functions", "array-functions")),
]


@router.get("/")
async def landing(request: Request) -> dict[str, Any]:
    base = str(request.base_url).rstrip("/")
    return {
        "title": "cotmoc",
        "description": "Registry of the Quảng Trị – Savannakhet stretch of the Vietnam–Laos "
                       "border (OGC API – Features)",
        "links": [
            {"rel": "self", "type": "application/json", "href": f"{base}/"},
            {"rel": "service-desc", "type": "application/vnd.oai.openapi+json;version=3.0",
             "href": f"{base}/openapi.json"},
            {"rel": "service-doc", "type": "text/html", "href": f"{base}/docs"},
            {"rel": "conformance", "type": "application/json", "href": f"{base}/conformance"},
            {"rel": "data", "type": "application/json", "href": f"{base}/collections"},
            {"rel": "http://www.opengis.net/def/rel/ogc/1.0/changes",
             "type": "application/json", "href": f"{base}/changes"},
        ],
    }


@router.get("/conformance")
async def conformance() -> dict[str, list[str]]:
    return {"conformsTo": CONFORMANCE}

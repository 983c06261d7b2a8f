"""The landing page and the conformance declaration of the OGC API."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api.params import JsonFormat, known_parameters_only
from api.urls import public_base

router = APIRouter(tags=["capabilities"])

_OGCAPI = "http://www.opengis.net/spec/ogcapi-features-{part}/1.0/conf/{name}"
_CQL2 = "http://www.opengis.net/spec/cql2/1.0/conf/{name}"
_OGCAPI_4 = "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/{name}"
JSONFG_CORE = "http://www.opengis.net/spec/json-fg-1/1.0/conf/core"  # f=jsonfg (issue 16)

# Exactly what is implemented and tested (tests/test_cql2_standard.py). Not "oas30": FastAPI
# writes OpenAPI 3.1, which Part 1 has no class for; not accent-insensitive comparison,
# arithmetic or custom functions.
CONFORMANCE = [
    *(_OGCAPI.format(part=1, name=name) for name in ("core", "geojson")),
    _OGCAPI.format(part=2, name="crs"),
    *(
        _OGCAPI.format(part=3, name=name)
        for name in ("queryables", "queryables-query-parameters", "filter", "features-filter")
    ),
    *(
        _CQL2.format(name=name)
        for name in (
            "basic-cql2",
            "cql2-text",
            "cql2-json",
            "advanced-comparison-operators",
            "case-insensitive-comparison",
            "basic-spatial-functions",
            "basic-spatial-functions-plus",
            "spatial-functions",
            "temporal-functions",
            "array-functions",
            "property-property",
        )
    ),
    JSONFG_CORE,
    # Part 4 (draft 20-002r1), on the markers collection: POST/PUT/DELETE, PATCH, If-Match.
    *(
        _OGCAPI_4.format(name=name)
        for name in ("create-replace-delete", "update", "optimistic-locking-etags", "features")
    ),
]


def openapi_media_type(version: str) -> str:
    """The service-desc type for the OpenAPI document the app writes (e.g. 3.1.0 -> 3.1)."""
    major_minor = ".".join(version.split(".")[:2])
    return f"application/vnd.oai.openapi+json;version={major_minor}"


@router.get("/", dependencies=[known_parameters_only])
async def landing(request: Request, f: JsonFormat = None) -> dict[str, Any]:
    """The OGC API landing page: links to the API description, conformance, collections and the
    change feed."""
    base = public_base()
    return {
        "title": "cotmoc",
        "description": "Registry of the Quảng Trị – Savannakhet stretch of the Vietnam–Laos "
        "border (OGC API – Features)",
        "links": [
            {"rel": "self", "type": "application/json", "href": f"{base}/"},
            {
                "rel": "service-desc",
                "type": openapi_media_type(request.app.openapi_version),
                "href": f"{base}{request.app.openapi_url}",
            },
            {"rel": "service-doc", "type": "text/html", "href": f"{base}/docs"},
            {"rel": "conformance", "type": "application/json", "href": f"{base}/conformance"},
            {"rel": "data", "type": "application/json", "href": f"{base}/collections"},
            {
                "rel": "http://www.opengis.net/def/rel/ogc/1.0/changes",
                "type": "application/json",
                "href": f"{base}/changes",
            },
        ],
    }


@router.get("/conformance", dependencies=[known_parameters_only])
async def conformance(f: JsonFormat = None) -> dict[str, list[str]]:
    """The OGC API and CQL2 conformance classes this server implements."""
    return {"conformsTo": CONFORMANCE}

"""The OpenAPI document, corrected to say what the server does.

FastAPI documents a 422 ``HTTPValidationError`` on every route with parameters; this API
answers a bad or unknown parameter of a GET with a 400 and every error with an RFC 9457
problem (``application/problem+json``). Items and features are GeoJSON
(``application/geo+json``) with the schemas of OGC API – Features Part 1, or a file when
``f=`` asks for one.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from api.problems import PROBLEM_CONTENT, PROBLEM_SCHEMA
from api.responses import JSONFG
from gis.exports import FILE_FORMATS

SCHEMAS = "#/components/schemas/"
GEOMETRY_TYPES = [
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
]

COMPONENTS: dict[str, Any] = {
    "Problem": PROBLEM_SCHEMA,
    "Link": {
        "type": "object",
        "required": ["href"],
        "properties": {
            "href": {"type": "string"},
            "rel": {"type": "string"},
            "type": {"type": "string"},
            "title": {"type": "string"},
        },
    },
    "GeometryGeoJSON": {
        "type": ["object", "null"],
        "required": ["type"],
        "properties": {"type": {"enum": GEOMETRY_TYPES}},
    },
    "FeatureGeoJSON": {
        "type": "object",
        "required": ["type", "geometry", "properties"],
        "properties": {
            "type": {"enum": ["Feature"]},
            "id": {"type": ["string", "integer"]},
            "geometry": {"$ref": f"{SCHEMAS}GeometryGeoJSON"},
            "properties": {"type": ["object", "null"]},
            "links": {"type": "array", "items": {"$ref": f"{SCHEMAS}Link"}},
        },
    },
    "FeatureCollectionGeoJSON": {
        "type": "object",
        "required": ["type", "features"],
        "properties": {
            "type": {"enum": ["FeatureCollection"]},
            "features": {"type": "array", "items": {"$ref": f"{SCHEMAS}FeatureGeoJSON"}},
            "links": {"type": "array", "items": {"$ref": f"{SCHEMAS}Link"}},
            "timeStamp": {"type": "string", "format": "date-time"},
            "numberMatched": {"type": "integer", "minimum": 0},
            "numberReturned": {"type": "integer", "minimum": 0},
        },
    },
}

_FILES = {
    fmt.media_type.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
    for fmt in FILE_FORMATS.values()
}
ITEMS_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "A page of features (GeoJSON), or a file when f= or Accept asks for one",
        "content": {
            "application/geo+json": {"schema": {"$ref": f"{SCHEMAS}FeatureCollectionGeoJSON"}},
            # JSON-FG is GeoJSON with further members (f=jsonfg)
            JSONFG: {"schema": {"$ref": f"{SCHEMAS}FeatureCollectionGeoJSON"}},
            **_FILES,
        },
    }
}
FEATURE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "One feature (GeoJSON, or JSON-FG with f=jsonfg)",
        "content": {
            "application/geo+json": {"schema": {"$ref": f"{SCHEMAS}FeatureGeoJSON"}},
            JSONFG: {"schema": {"$ref": f"{SCHEMAS}FeatureGeoJSON"}},
        },
    }
}


def _correct(document: dict[str, Any]) -> dict[str, Any]:
    for operations in document.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.get("responses", {})
            if "422" not in responses:
                continue
            if method == "get":  # a bad or unknown query parameter
                del responses["422"]
                responses["400"] = {
                    "description": "A query parameter is malformed or unknown",
                    "content": PROBLEM_CONTENT,
                }
            else:
                responses["422"] = {
                    "description": "The request is malformed",
                    "content": PROBLEM_CONTENT,
                }
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    schemas.update(COMPONENTS)
    return document


def install_openapi(app: FastAPI) -> None:
    """Serve the corrected document at the app's openapi_url."""
    generate = app.openapi

    def corrected() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _correct(generate())
        return app.openapi_schema

    app.openapi = corrected  # type: ignore[method-assign]

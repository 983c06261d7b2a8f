"""What a client may filter and sort on: the layer's declared properties plus its geometry.

Every identifier a request names (in ``filter``, ``sortby``, ``properties`` or as an equality
parameter) is looked up here; names that are not queryables never reach SQL.
"""

from __future__ import annotations

from typing import Any

from layers.base import Layer, Property
from layers.query import QueryError

GEOMETRY = "geometry"  # the geometry's queryable name, whatever the column is called

_GEOMETRY_SCHEMAS = {
    "Point": "https://geojson.org/schema/Point.json",
    "LineString": "https://geojson.org/schema/LineString.json",
    "MultiLineString": "https://geojson.org/schema/MultiLineString.json",
    "Polygon": "https://geojson.org/schema/Polygon.json",
    "MultiPolygon": "https://geojson.org/schema/MultiPolygon.json",
}


def property_schema(prop: Property) -> dict[str, Any]:
    """The JSON Schema of one property: its English title, type, format and allowed values."""
    schema: dict[str, Any] = {"title": prop.title("en"), "type": prop.type}
    if prop.format:
        schema["format"] = prop.format
    if prop.enum:
        schema["enum"] = list(prop.enum)
    if prop.type == "array":
        schema["items"] = {"type": "string"}
    return schema


def queryables_schema(layer: Layer, url: str) -> dict[str, Any]:
    """The JSON Schema answered at /collections/{id}/queryables."""
    properties = {
        GEOMETRY: {
            "title": "Geometry",
            "x-ogc-role": "primary-geometry",
            "$ref": _GEOMETRY_SCHEMAS.get(
                layer.geometry_type, "https://geojson.org/schema/Geometry.json"
            ),
        },
        **{p.name: property_schema(p) for p in layer.properties},
    }
    if layer.temporal and layer.temporal in properties:
        properties[layer.temporal]["x-ogc-role"] = "primary-instant"
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": url,
        "type": "object",
        "title": layer.title("en"),
        "properties": properties,
        "additionalProperties": False,
    }


def queryable(layer: Layer, name: str, parameter: str) -> Property:
    """The declared property called ``name``; a QueryError naming ``parameter`` otherwise."""
    prop = layer.find_property(name)
    if prop is None:
        known = ", ".join(p.name for p in layer.properties)
        raise QueryError(
            parameter,
            f"'{name[:60]}' is not a queryable of '{layer.id}' (queryables: {GEOMETRY}, {known})",
        )
    return prop


def parse_sortby(layer: Layer, text: str | None) -> list[tuple[str, bool]]:
    """``sortby=+a,-b`` as (column, descending) pairs, each name checked."""
    if text is None:
        return []
    keys = []
    for item in text.split(","):
        item = item.strip()
        descending = item.startswith("-")
        name = item.lstrip("+-").strip()
        if not name:
            raise QueryError("sortby", "empty sort key; expected e.g. sortby=-chainage_m,code")
        prop = queryable(layer, name, "sortby")
        if prop.type == "array":
            raise QueryError("sortby", f"'{name}' is an array and cannot be sorted on")
        keys.append((prop.name, descending))
    return keys


def parse_properties(layer: Layer, text: str | None) -> tuple[str, ...] | None:
    """``properties=a,b``: the names to publish (all when absent), each checked."""
    if text is None:
        return None
    names = [name.strip() for name in text.split(",") if name.strip()]
    return tuple(queryable(layer, name, "properties").name for name in names)

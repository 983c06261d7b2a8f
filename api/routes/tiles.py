"""OGC API – Tiles for every collection: vector tiles (Mapbox Vector Tile) in the
WebMercatorQuad tile matrix set, made by PostGIS for each request.

Tiles are not cached here: the ETag hashes the tile's bytes, so it changes as soon as a
feature in the tile changes, and ``Cache-Control: no-cache`` makes caches ask again.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import ConnectionDep
from api.params import RESERVED, JsonFormat, known_parameters_only, known_parameters_or_queryables
from api.problems import Problem
from api.routes.collections import ReadableLayer, feature_etag, not_modified
from api.urls import public_url
from layers import Layer
from layers.filters import parameters_condition
from layers.query import Bindings
from layers.tiles import MAX_ZOOM, tile_query

router = APIRouter(tags=["tiles"])

MVT = "application/vnd.mapbox-vector-tile"
WEB_MERCATOR_QUAD = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"
WEB_MERCATOR = "http://www.opengis.net/def/crs/EPSG/0/3857"
TILING_SCHEME = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"
GEOMETRY_DIMENSION = {
    "Point": 0,
    "MultiPoint": 0,
    "LineString": 1,
    "MultiLineString": 1,
    "Polygon": 2,
    "MultiPolygon": 2,
}


def _tileset_summary(layer: Layer) -> dict[str, Any]:
    here = public_url("collections", layer.id, "tiles", "WebMercatorQuad")
    return {
        "title": f"{layer.title('en')} (vector tiles)",
        "dataType": "vector",
        "crs": WEB_MERCATOR,
        "tileMatrixSetURI": WEB_MERCATOR_QUAD,
        "links": [
            {"rel": "self", "type": "application/json", "href": here},
            {"rel": TILING_SCHEME, "type": "application/json", "href": WEB_MERCATOR_QUAD},
        ],
    }


@router.get("/collections/{collection_id}/tiles", dependencies=[known_parameters_only])
async def tilesets(layer: ReadableLayer, f: JsonFormat = None) -> dict[str, Any]:
    """The collection's tilesets: one, in WebMercatorQuad."""
    return {
        "tilesets": [_tileset_summary(layer)],
        "links": [
            {
                "rel": "self",
                "type": "application/json",
                "href": public_url("collections", layer.id, "tiles"),
            }
        ],
    }


@router.get(
    "/collections/{collection_id}/tiles/WebMercatorQuad", dependencies=[known_parameters_only]
)
async def tileset(layer: ReadableLayer, f: JsonFormat = None) -> dict[str, Any]:
    """The tileset metadata: its tile matrix set, zoom levels, tile URI template and layer."""
    document = _tileset_summary(layer)
    template = (
        public_url("collections", layer.id, "tiles", "WebMercatorQuad")
        + "/{tileMatrix}/{tileRow}/{tileCol}"
    )
    document["links"].append(
        {
            "rel": "item",
            "type": MVT,
            "templated": True,
            "href": template,
            "title": "Mapbox Vector Tile",
        }
    )
    document["tileMatrixSetLimits"] = [
        {
            "tileMatrix": str(z),
            "minTileRow": 0,
            "maxTileRow": 2**z - 1,
            "minTileCol": 0,
            "maxTileCol": 2**z - 1,
        }
        for z in range(MAX_ZOOM + 1)
    ]
    document["layers"] = [
        {
            "id": layer.id,
            "title": layer.title("en"),
            "dataType": "vector",
            "geometryDimension": GEOMETRY_DIMENSION.get(layer.geometry_type),
            "minTileMatrix": "0",
            "maxTileMatrix": str(MAX_ZOOM),
            "propertiesSchema": {
                "type": "object",
                "properties": {
                    p.name: {"type": p.type if p.type != "array" else "string"}
                    for p in layer.properties
                },
            },
        }
    ]
    return document


@router.get(
    "/collections/{collection_id}/tiles/WebMercatorQuad/{tile_matrix}/{tile_row}/{tile_col}",
    dependencies=[known_parameters_or_queryables],
    responses={200: {"content": {MVT: {}}, "description": "A Mapbox Vector Tile"}},
)
async def tile(
    request: Request,
    conn: ConnectionDep,
    layer: ReadableLayer,
    tile_matrix: int,
    tile_row: int,
    tile_col: int,
    datetime: str | None = None,
) -> Response:
    """One tile: zoom (tile matrix), row (from the north) and column, as OGC API – Tiles
    orders them, of the features that ``datetime`` and queryable parameters
    (``?marker_code=…``) choose, as on the items. A tile outside the matrix is 404."""
    size = 2**tile_matrix if 0 <= tile_matrix <= MAX_ZOOM else 0
    if not (0 <= tile_row < size and 0 <= tile_col < size):
        raise Problem(
            404,
            "No such tile",
            f"WebMercatorQuad has no tile {tile_matrix}/"
            f"{tile_row}/{tile_col} (zoom 0 to {MAX_ZOOM}, rows and columns 0 to "
            "2^zoom - 1)",
        )
    bindings = Bindings()
    chosen = {
        name: text
        for name, text in request.query_params.items()
        if name == "datetime" or (name not in RESERVED and layer.find_property(name) is not None)
    }
    where = parameters_condition(layer, chosen, bindings)
    cursor = await conn.execute(
        tile_query(layer, where),
        {**bindings.values, "z": tile_matrix, "x": tile_col, "y": tile_row},
    )
    row = await cursor.fetchone()
    assert row is not None  # an aggregate always answers one row
    data = bytes(row["tile"])
    headers = {
        "ETag": feature_etag(data, "mvt"),
        "Cache-Control": "no-cache",
        "OGC-NumberReturned": str(row["features"]),
    }
    if not_modified(request, headers):
        return Response(status_code=304, headers=headers)
    return Response(data, media_type=MVT, headers=headers)

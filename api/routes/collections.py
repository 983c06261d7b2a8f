"""GeoJSON out: the collections declared in layers/ and their features."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from api.access import can_read, require_read
from api.deps import ConnectionDep
from api.problems import Problem
from api.responses import GeoJSONResponse
from gis.settings import get_settings
from layers import LAYERS, Layer
from layers.query import collection_query, feature_query

router = APIRouter(tags=["collections"])


def _layer(collection_id: str) -> Layer:
    layer = LAYERS.get(collection_id)
    if layer is None:
        raise Problem(404, "Unknown collection",
                      f"collection '{collection_id}' does not exist; see /collections")
    return layer


def _collection_summary(layer: Layer, base: str) -> dict[str, Any]:
    return {
        "id": layer.id,
        "title": layer.title_en,
        "description": layer.description_en,
        "itemType": "feature",
        "links": [
            {"rel": "items", "type": "application/geo+json",
             "href": f"{base}/collections/{layer.id}/items"},
        ],
    }


@router.get("/collections")
async def list_collections(request: Request) -> dict[str, Any]:
    base = str(request.base_url).rstrip("/")
    readable = [layer for layer in LAYERS.values() if await can_read(request, layer)]
    return {
        "collections": [_collection_summary(layer, base) for layer in readable],
        "links": [{"rel": "self", "type": "application/json", "href": f"{base}/collections"}],
    }


@router.get("/collections/{collection_id}/items", response_class=GeoJSONResponse)
async def items(
    request: Request,
    conn: ConnectionDep,
    collection_id: Annotated[str, Path()],
    limit: Annotated[int | None, Query(ge=1)] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> GeoJSONResponse:
    layer = _layer(collection_id)
    await require_read(request, layer)
    settings = get_settings()
    page = min(limit or settings.default_features_limit, settings.max_features_per_query)
    cursor = await conn.execute(collection_query(layer, page, offset))
    row = await cursor.fetchone()
    assert row is not None
    return GeoJSONResponse(next(iter(row.values())))


@router.get("/collections/{collection_id}/items/{feature_id}", response_class=GeoJSONResponse)
async def feature(
    request: Request, conn: ConnectionDep, collection_id: str, feature_id: str
) -> GeoJSONResponse:
    layer = _layer(collection_id)
    await require_read(request, layer)
    cursor = await conn.execute(feature_query(layer), (feature_id,))
    row = await cursor.fetchone()
    if row is None:
        raise Problem(404, "Unknown feature",
                      f"collection '{collection_id}' has no feature '{feature_id}'")
    return GeoJSONResponse(next(iter(row.values())))

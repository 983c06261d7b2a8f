"""OGC API – Features: collections, queryables, items and single features.

PostGIS writes every Feature; Python wraps the page with its links and passes the bytes on.
Collections the caller may not read are not listed and answer 401/403.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Annotated, Any, cast

import orjson
import psycopg
from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as FastApiPath
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.access import can_read, require_read
from api.deps import ConnectionDep
from api.openapi import FEATURE_RESPONSES, ITEMS_RESPONSES
from api.params import (
    FilterParams,
    JsonFormat,
    OutputParams,
    PagingParams,
    SpatialTemporalParams,
    equality_conditions,
    known_parameters_only,
    known_parameters_or_queryables,
)
from api.problems import Problem
from api.responses import GeoJSONResponse, SchemaJSONResponse
from api.urls import page_url, public_base, public_url, request_url
from gis.crs import CRS84, OutputCrs, supported_uris
from gis.exports import FILE_FORMATS, FileFormat, write_file
from gis.settings import get_settings
from layers import LAYERS, Layer
from layers.changes import HEAD as FEED_HEAD
from layers.cursor import items_cursor, start_items_at
from layers.filters import parse_instant
from layers.query import ItemsQuery, QueryError, extent_query, feature_query, page_query
from layers.queryables import queryables_schema

router = APIRouter(tags=["collections"])

GEOJSON = "application/geo+json"
TRS = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"


def _layer(collection_id: str) -> Layer:
    layer = LAYERS.get(collection_id)
    if layer is None:
        raise Problem(404, "Unknown collection",
                      f"collection '{collection_id}' does not exist; see /collections")
    return layer


async def readable_layer(request: Request, collection_id: str) -> Layer:
    """The layer behind ``collection_id`` if the caller may read it (404, 401 or 403)."""
    layer = _layer(collection_id)
    await require_read(request, layer)
    return layer


ReadableLayer = Annotated[Layer, Depends(readable_layer)]


# Collections -------------------------------------------------------------------------------

def _extent(row: dict[str, Any] | None) -> dict[str, Any]:
    extent: dict[str, Any] = {}
    if row and row["xmin"] is not None:
        box = [round(row[k], 7) for k in ("xmin", "ymin", "xmax", "ymax")]
        extent["spatial"] = {"bbox": [box], "crs": CRS84}
    if row and row["t_start"] is not None:
        extent["temporal"] = {
            "interval": [[row["t_start"].isoformat(), row["t_end"].isoformat()]], "trs": TRS}
    return extent


def collection_document(layer: Layer, base: str, extent_row: dict[str, Any] | None
                        ) -> dict[str, Any]:
    here = f"{base}/collections/{layer.id}"
    links = [
        {"rel": "self", "type": "application/json", "href": here},
        {"rel": "items", "type": GEOJSON, "title": "Features (GeoJSON)",
         "href": f"{here}/items"},
        *({"rel": "enclosure", "type": fmt.media_type, "title": f"All features ({fmt.key})",
           "href": f"{here}/items?f={fmt.key}"} for fmt in FILE_FORMATS.values()),
        {"rel": "http://www.opengis.net/def/rel/ogc/1.0/queryables",
         "type": "application/schema+json", "href": f"{here}/queryables"},
    ]
    return {
        "id": layer.id,
        "title": layer.title_en,
        "description": layer.description_en,
        "itemType": "feature",
        "crs": supported_uris(),
        "storageCrs": CRS84,
        "extent": _extent(extent_row),
        "links": links,
    }


async def _extents(request: Request, conn: psycopg.AsyncConnection[Any],
                   layers: list[Layer]) -> dict[str, Any]:
    """Every layer's extent. Extents scan whole tables, so the app keeps them until the change
    feed's head moves (a change became final), and computes the missing ones in one round
    trip. The head, unlike the highest change id, also moves when a change with a lower id
    commits late."""
    cursor = await conn.execute(FEED_HEAD)
    latest = cast(dict[str, Any], await cursor.fetchone())["head"]
    cache = getattr(request.app.state, "extents", None)
    if cache is None or cache["change"] != latest:
        cache = request.app.state.extents = {"change": latest, "rows": {}}
    cached: dict[str, Any] = cache["rows"]
    missing = [layer for layer in layers if layer.id not in cached]
    if missing:
        query = psycopg.sql.SQL(" UNION ALL ").join(extent_query(layer) for layer in missing)
        cursor = await conn.execute(query)
        rows = cast(list[dict[str, Any]], await cursor.fetchall())  # the pool makes dict rows
        cached.update({row["collection"]: row for row in rows})
    return {layer.id: cached[layer.id] for layer in layers}


@router.get("/collections", dependencies=[known_parameters_only])
async def list_collections(request: Request, conn: ConnectionDep,
                           f: JsonFormat = None) -> dict[str, Any]:
    base = public_base()
    readable = [layer for layer in LAYERS.values() if await can_read(request, layer)]
    extents = await _extents(request, conn, readable)
    return {
        "collections": [collection_document(layer, base, extents.get(layer.id))
                        for layer in readable],
        "links": [{"rel": "self", "type": "application/json", "href": f"{base}/collections"}],
    }


@router.get("/collections/{collection_id}", dependencies=[known_parameters_only])
async def collection(request: Request, conn: ConnectionDep, layer: ReadableLayer,
                     f: JsonFormat = None) -> dict[str, Any]:
    extents = await _extents(request, conn, [layer])
    return collection_document(layer, public_base(), extents.get(layer.id))


@router.get("/collections/{collection_id}/queryables", response_class=SchemaJSONResponse,
            dependencies=[known_parameters_only])
async def queryables(layer: ReadableLayer, f: JsonFormat = None) -> Response:
    schema = queryables_schema(layer, public_url("collections", layer.id, "queryables"))
    return SchemaJSONResponse(orjson.dumps(schema))


# Items -------------------------------------------------------------------------------------

def _file_format(request: Request, f: str | None) -> FileFormat | None:
    """The file format asked for by ``f=`` (first) or ``Accept``; None means GeoJSON."""
    if f is not None:
        if f in ("json", "geojson"):
            return None
        if f not in FILE_FORMATS:
            raise QueryError("f", f"'{f[:20]}' is not one of json, geojson, "
                                  f"{', '.join(FILE_FORMATS)}")
        return FILE_FORMATS[f]
    accept = request.headers.get("accept", "")
    if "json" in accept:
        return None
    return next((fmt for fmt in FILE_FORMATS.values()
                 if fmt.media_type.split(";")[0] in accept), None)


def _page_links(request: Request, query: ItemsQuery, row: dict[str, Any]) -> list[dict]:
    """self, collection, and next/prev links: a cursor at the page's first or last row."""
    def at(key_text: str | None, backward: bool) -> str:
        # No row to start from (a walk back found nothing before it): start again.
        token = items_cursor(query, key_text, backward) if key_text else None
        return page_url(request, {"cursor": token, "offset": None, "limit": str(query.limit)})

    links = [
        {"rel": "self", "type": GEOJSON, "href": request_url(request)},
        {"rel": "collection", "type": "application/json",
         "href": public_url("collections", request.path_params["collection_id"])},
    ]
    more = row["fetched"] > query.limit  # a further row in the walking direction
    # Walking back, rows were read from the cursor backwards: the first one read is the
    # page's last, the limit-th its first.
    next_href = prev_href = None
    if query.backward:
        next_href = at(row["first_key"], False)
        prev_href = at(row["limit_key"], True) if more else None
    else:
        next_href = at(row["limit_key"], False) if more else None
        if query.after_cursor and row["first_key"]:
            prev_href = at(row["first_key"], True)
        elif query.offset > 0:
            prev_href = page_url(request, {"offset": str(max(0, query.offset - query.limit)),
                                           "limit": str(query.limit)})
    links += [{"rel": rel, "type": GEOJSON, "href": href}
              for rel, href in (("next", next_href), ("prev", prev_href)) if href]
    return links


def _caching_headers(data: bytes, kind: str, modified: datetime | None,
                     crs: OutputCrs) -> dict[str, str]:
    # The ETag hashes the text PostGIS wrote (blake2b runs at memory speed) with the
    # representation, so any change in the rows, the filter or the CRS changes it.
    hasher = hashlib.blake2b(f"{kind}\n".encode(), digest_size=16)
    hasher.update(data)  # no copy of the page
    headers = {"ETag": f'"{hasher.hexdigest()}"', "Content-Crs": f"<{crs.uri}>"}
    if modified is not None:
        headers["Last-Modified"] = format_datetime(modified.astimezone(UTC), usegmt=True)
    return headers


def _not_modified(request: Request, headers: dict[str, str]) -> bool:
    wanted = request.headers.get("if-none-match")
    if not wanted:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in wanted.split(",")}
    return "*" in tags or headers["ETag"] in tags


async def _run(conn: psycopg.AsyncConnection[Any], query: psycopg.sql.Composed, values: Any,
               has_filter: bool = False, values_from: str = "filter") -> dict[str, Any] | None:
    """Execute, turning values PostgreSQL refuses into a 400 naming ``values_from``: a
    malformed uuid or date in a filter or equality parameter (or an edited cursor), or a
    filter geometry PostGIS cannot read or transform."""
    try:
        cursor = await conn.execute(query, values)
        return cast(dict[str, Any] | None, await cursor.fetchone())
    except psycopg.errors.DataError as error:
        reason = str(error).splitlines()[0]
        raise QueryError(values_from, f"a value was refused by the database: {reason}"
                         ) from None
    except psycopg.errors.InternalError_ as error:  # PostGIS reports geometry errors so
        if not has_filter:
            raise
        reason = str(error).splitlines()[0]
        raise QueryError("filter", f"PostGIS cannot use its geometry: {reason}") from None


def build_items_query(request: Request, layer: Layer, paging: PagingParams,
                      where: SpatialTemporalParams, cql: FilterParams, output: OutputParams,
                      for_files: bool) -> ItemsQuery:
    settings = get_settings()
    # Files carry a whole collection (or filter result) unless a limit is asked for.
    default = settings.max_features_per_query if for_files else settings.default_features_limit
    query = ItemsQuery(
        layer,
        limit=min(paging.limit or default, settings.max_features_per_query),
        offset=paging.offset,
        sortby=output.sort_keys(layer),
        properties=output.property_names(layer),
        crs=output.output_crs(),  # KML files are reprojected to WGS84 by write_file
        for_files=for_files,
        items_url=None if for_files else public_url("collections", layer.id, "items") + "/",
    )
    if paging.cursor is not None:
        if paging.offset:
            raise QueryError("offset", "the cursor already says where the page starts; "
                                       "send one or the other")
        start_items_at(query, paging.cursor)
    query.source = where.source(layer, query.bindings)
    query.conditions += where.conditions(layer, query.bindings)
    query.conditions += cql.conditions(layer, query.bindings)
    query.conditions += equality_conditions(layer, dict(request.query_params), query.bindings)
    return query


@router.get("/collections/{collection_id}/items", response_class=GeoJSONResponse,
            responses=ITEMS_RESPONSES, dependencies=[known_parameters_or_queryables])
async def items(
    request: Request,
    conn: ConnectionDep,
    layer: ReadableLayer,
    paging: Annotated[PagingParams, Depends()],
    where: Annotated[SpatialTemporalParams, Depends()],
    cql: Annotated[FilterParams, Depends()],
    output: Annotated[OutputParams, Depends()],
) -> Response:
    fmt = _file_format(request, output.f)
    query = build_items_query(request, layer, paging, where, cql, output, fmt is not None)
    # Without a condition, the only values a request brings are its cursor's.
    values_from = "cursor" if paging.cursor and not query.conditions else "filter"
    row = await _run(conn, page_query(query), query.bindings.values, cql.filter is not None,
                     values_from)
    assert row is not None  # an aggregate always answers one row
    more = row["fetched"] > query.limit
    features = row["features"].encode()  # once; hashed and sent as is
    headers = _caching_headers(features, f"{fmt and fmt.key}{more}{query.backward}",
                               row["last_modified"], query.crs)
    if _not_modified(request, headers):
        return Response(status_code=304, headers=headers)
    returned = min(row["fetched"], query.limit)
    head = {"type": "FeatureCollection", "numberReturned": returned,
            "timeStamp": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")}
    # Counting is free on the last page read by offset, when the rows the offset skipped are
    # known to exist: after a cursor nothing says how many came before, and past the end
    # an offset may be larger than all there is.
    if not more and not query.after_cursor and (returned or not query.offset):
        head["numberMatched"] = query.offset + returned
    if fmt is not None:
        return await _file_response(layer, fmt, query, features, head, headers)
    head["links"] = _page_links(request, query, row)
    body = b"".join((orjson.dumps(head)[:-1], b',"features":[', features, b"]}"))
    return GeoJSONResponse(body, headers=headers)


async def _file_response(layer: Layer, fmt: FileFormat, query: ItemsQuery, features: bytes,
                         head: dict[str, Any], headers: dict[str, str]) -> Response:
    collection = b"".join((b'{"type":"FeatureCollection","features":[', features, b"]}"))
    data = await run_in_threadpool(
        write_file, collection, fmt, layer.id, query.crs.uri,
        layer.geometry_type == "Point")
    headers = headers | {
        "Content-Disposition": f'attachment; filename="{layer.id}.{fmt.extension}"',
        "OGC-NumberReturned": str(head["numberReturned"]),
    }
    return Response(data, media_type=fmt.media_type, headers=headers)


def feature_url(layer: Layer, feature_id: str) -> str:
    """A feature's URL with its id percent-encoded as one path segment ("606/1" is
    …/items/606%2F1), as the links on items pages write it (layers.query.feature_href)."""
    return public_url("collections", layer.id, "items", feature_id)


# Versions ----------------------------------------------------------------------------------
# Registered before the single feature, whose ``{feature_id:path}`` would otherwise take
# "…/versions" as part of the id.

VERSIONS_QUERY = """
SELECT v.version_id, lower(v.valid_period) AS valid_from, upper(v.valid_period) AS valid_until,
       lower(v.recorded_period) AS recorded_from, upper(v.recorded_period) AS recorded_until,
       coalesce(ST_AsGeoJSON(v.{geometry}, 7), 'null') AS geometry,
       (to_jsonb(v) - {geometry_key} - 'valid_period' - 'recorded_period' - 'version_id')::text
           AS properties
FROM {versions} v
WHERE v.{id}::text = %(id)s AND v.recorded_period @> coalesce(%(recorded)s::timestamptz, now())
ORDER BY lower(v.valid_period) ASC NULLS FIRST, v.version_id
"""


def _versions_query(layer: Layer) -> psycopg.sql.Composed:
    assert layer.versions is not None
    sql = psycopg.sql
    return sql.SQL(VERSIONS_QUERY).format(
        geometry=sql.Identifier(layer.versions.geometry_column),
        geometry_key=sql.Literal(layer.versions.geometry_column),
        versions=sql.Identifier(f"{layer.versions.table}_versions"),
        id=sql.Identifier(layer.id_column))


def _version_links(layer: Layer, feature_id: str, rows: list[dict[str, Any]], i: int
                   ) -> list[dict[str, str]]:
    """self, the feature as it is now, and the versions before and after in valid time."""
    here = feature_url(layer, feature_id) + "/versions"
    links = [{"rel": "self", "type": GEOJSON, "href": f"{here}/{rows[i]['version_id']}"},
             {"rel": "latest-version", "type": GEOJSON, "href": feature_url(layer, feature_id)},
             {"rel": "version-history", "type": GEOJSON, "href": here}]
    if i > 0:
        links.append({"rel": "predecessor-version", "type": GEOJSON,
                      "href": f"{here}/{rows[i - 1]['version_id']}"})
    if i + 1 < len(rows):
        links.append({"rel": "successor-version", "type": GEOJSON,
                      "href": f"{here}/{rows[i + 1]['version_id']}"})
    return links


def _version_feature(layer: Layer, feature_id: str, rows: list[dict[str, Any]], i: int
                     ) -> dict[str, Any]:
    row = rows[i]
    times = {name: row[name] and row[name].isoformat()
             for name in ("valid_from", "valid_until", "recorded_from", "recorded_until")}
    properties = orjson.loads(row["properties"]) | {"version": times}
    return {"type": "Feature", "id": row["version_id"],
            "geometry": orjson.Fragment(row["geometry"]), "properties": properties,
            "links": _version_links(layer, feature_id, rows, i)}


async def _versions(conn: psycopg.AsyncConnection[Any], layer: Layer, feature_id: str,
                    recorded_at: str | None) -> list[dict[str, Any]]:
    if layer.versions is None:
        raise Problem(404, "No versions", f"collection '{layer.id}' keeps no versions")
    recorded = parse_instant(recorded_at, "recorded-at") if recorded_at is not None else None
    cursor = await conn.execute(_versions_query(layer), {"id": feature_id, "recorded": recorded})
    rows = cast(list[dict[str, Any]], await cursor.fetchall())
    if not rows:
        raise Problem(404, "Unknown feature",
                      f"collection '{layer.id}' has no versions of '{feature_id}'")
    return rows


RecordedAt = Annotated[str | None, Query(
    alias="recorded-at", description="the history as the registry recorded it at this instant")]


@router.get("/collections/{collection_id}/items/{feature_id:path}/versions",
            response_class=GeoJSONResponse, dependencies=[known_parameters_only])
async def versions(conn: ConnectionDep, layer: ReadableLayer, feature_id: str,
                   recorded_at: RecordedAt = None) -> Response:
    """Every version of a registry feature in valid-time order: its values, its geometry, when
    it held (valid_from … valid_until) and when the registry said so (recorded_from …)."""
    rows = await _versions(conn, layer, feature_id, recorded_at)
    body = {"type": "FeatureCollection", "numberReturned": len(rows),
            "features": [_version_feature(layer, feature_id, rows, i) for i in range(len(rows))],
            "links": [{"rel": "self", "type": GEOJSON,
                       "href": feature_url(layer, feature_id) + "/versions"},
                      {"rel": "latest-version", "type": GEOJSON,
                       "href": feature_url(layer, feature_id)}]}
    return GeoJSONResponse(orjson.dumps(body))


@router.get("/collections/{collection_id}/items/{feature_id:path}/versions/{version_id}",
            response_class=GeoJSONResponse, dependencies=[known_parameters_only])
async def version(conn: ConnectionDep, layer: ReadableLayer, feature_id: str,
                  version_id: Annotated[int, FastApiPath(ge=1)],
                  recorded_at: RecordedAt = None) -> Response:
    rows = await _versions(conn, layer, feature_id, recorded_at)
    found = [i for i, row in enumerate(rows) if row["version_id"] == version_id]
    if not found:
        raise Problem(404, "Unknown version",
                      f"'{feature_id}' in '{layer.id}' has no version {version_id}")
    return GeoJSONResponse(orjson.dumps(_version_feature(layer, feature_id, rows, found[0])))


# ``:path`` so that an id holding "/" matches however the client sends it: raw (GDAL asks
# for …/items/606/1) or encoded (…/items/606%2F1, which the server decodes before routing).
@router.get("/collections/{collection_id}/items/{feature_id:path}",
            response_class=GeoJSONResponse, responses=FEATURE_RESPONSES,
            dependencies=[known_parameters_only])
async def feature(
    request: Request,
    conn: ConnectionDep,
    layer: ReadableLayer,
    feature_id: str,
    output: Annotated[OutputParams, Depends()],
) -> Response:
    crs = output.output_crs()
    query = feature_query(layer, crs, output.property_names(layer))
    row = await _run(conn, query, (feature_id,))
    if row is None:
        raise Problem(404, "Unknown feature",
                      f"collection '{layer.id}' has no feature '{feature_id}'")
    text = row["feature"].encode()
    headers = _caching_headers(text, "feature", row["last_modified"], crs)
    if _not_modified(request, headers):
        return Response(status_code=304, headers=headers)
    query_string = f"?{request.url.query}" if request.url.query else ""
    links = [
        {"rel": "self", "type": GEOJSON, "href": feature_url(layer, feature_id) + query_string},
        {"rel": "collection", "type": "application/json",
         "href": public_url("collections", layer.id)},
    ]
    if layer.versions is not None:
        links.append({"rel": "version-history", "type": GEOJSON,
                      "href": feature_url(layer, feature_id) + "/versions"})
    body = b"".join((text[:-1], b',"links":', orjson.dumps(links), b"}"))
    return GeoJSONResponse(body, headers=headers)

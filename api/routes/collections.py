"""OGC API – Features: collections, queryables, items and single features.

PostGIS writes every Feature; Python wraps the page with its links and passes the bytes on.
Collections the caller may not read are not listed and answer 401/403.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Annotated, Any, cast

import orjson
import psycopg
from anyio import from_thread
from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as FastApiPath
from fastapi.responses import FileResponse, Response
from psycopg.rows import tuple_row
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from api.access import can_read, require_read
from api.deps import ConnectionDep
from api.desk import ogc_pages
from api.openapi import FEATURE_RESPONSES, ITEMS_RESPONSES
from api.params import (
    FilterParams,
    Filters,
    JsonFormat,
    Output,
    OutputParams,
    PageFormat,
    PageLang,
    Paging,
    PagingParams,
    SpatialTemporal,
    SpatialTemporalParams,
    equality_conditions,
    known_parameters_only,
    known_parameters_or_queryables,
)
from api.problems import Problem
from api.responses import (
    JSONFG,
    JSONFG_ACCEPTED,
    GeoJSONResponse,
    JSONFGResponse,
    PartsResponse,
    SchemaJSONResponse,
    fetch_text_page,
)
from api.routes.landing import JSONFG_CORE
from api.urls import page_url, public_base, public_url, request_url
from gis.crs import CRS84, DEFAULT_CRS, OutputCrs, file_crs_uri, supported_uris
from gis.db_errors import refusals
from gis.exports import FGB_BATCH_ROWS, FILE_FORMATS, FileFormat, write_file, write_flatgeobuf
from gis.registry_edits import EDITORS
from gis.settings import get_settings
from layers import LAYERS, Layer, published
from layers.changes import HEAD as FEED_HEAD
from layers.cursor import items_cursor, start_items_at
from layers.filters import parse_instant
from layers.query import (
    PAGE_TEXTS,
    ItemsQuery,
    QueryError,
    extent_query,
    feature_query,
    file_columns,
    file_rows_query,
    missing_geometry_query,
)
from layers.queryables import queryables_schema
from layers.xsd import application_schema

router = APIRouter(tags=["collections"])

GEOJSON = "application/geo+json"
XSD = "application/xml"
TRS = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"


def _layer(collection_id: str) -> Layer:
    layer = LAYERS.get(collection_id)
    if layer is None:
        raise Problem(
            404,
            "Unknown collection",
            f"collection '{collection_id}' does not exist; see /collections",
        )
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
            "interval": [[row["t_start"].isoformat(), row["t_end"].isoformat()]],
            "trs": TRS,
        }
    return extent


def collection_document(
    layer: Layer, base: str, extent_row: dict[str, Any] | None
) -> dict[str, Any]:
    """The OGC description of one collection: title, extent, CRSs and links to its items, files and
    queryables."""
    here = f"{base}/collections/{layer.id}"
    links = [
        {"rel": "self", "type": "application/json", "href": here},
        {"rel": "alternate", "type": "text/html", "href": f"{here}?f=html"},
        {"rel": "items", "type": GEOJSON, "title": "Features (GeoJSON)", "href": f"{here}/items"},
        {
            "rel": "items",
            "type": "text/html",
            "title": "Features (HTML)",
            "href": f"{here}/items?f=html",
        },
        {
            "rel": "items",
            "type": JSONFG,
            "title": "Features (JSON-FG)",
            "href": f"{here}/items?f=jsonfg",
        },
        *(
            {
                "rel": "enclosure",
                "type": fmt.media_type,
                "title": f"All features ({fmt.key})",
                "href": f"{here}/items?f={fmt.key}",
            }
            for fmt in FILE_FORMATS.values()
        ),
        {
            "rel": "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector",
            "type": "application/json",
            "title": "Vector tiles",
            "href": f"{here}/tiles",
        },
        {
            "rel": "http://www.opengis.net/def/rel/ogc/1.0/queryables",
            "type": "application/schema+json",
            "href": f"{here}/queryables",
        },
        # The geometry and attribute types for GDAL; GDAL 3.6 looks for "describedBy".
        *(
            {"rel": rel, "type": XSD, "title": "GML application schema", "href": f"{here}/xsd"}
            for rel in ("describedby", "describedBy")
        ),
    ]
    return {
        "id": layer.id,
        "title": layer.title("en"),
        "description": layer.description_en,
        "itemType": "feature",
        "crs": supported_uris(),
        "storageCrs": CRS84,
        "extent": _extent(extent_row),
        # Whether administrators may write it through Part 4 (POST, PUT, PATCH, DELETE).
        "editable": layer.id in EDITORS,
        "links": links,
    }


async def _extents(
    request: Request, conn: psycopg.AsyncConnection[Any], layers: list[Layer]
) -> dict[str, Any]:
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
async def list_collections(
    request: Request, conn: ConnectionDep, f: PageFormat = None, lang: PageLang = None
) -> Any:
    """The collections the caller may read, each with its extent and links (a page for a
    browser: ``f=html`` or Accept: text/html)."""
    base = public_base()
    readable = [layer for layer in LAYERS.values() if await can_read(request, layer)]
    extents = await _extents(request, conn, readable)
    doc = {
        "collections": [
            collection_document(layer, base, extents.get(layer.id)) for layer in readable
        ],
        "links": [
            {"rel": "self", "type": "application/json", "href": f"{base}/collections"},
            {"rel": "alternate", "type": "text/html", "href": f"{base}/collections?f=html"},
        ],
    }
    return ogc_pages.collections(request, doc) if ogc_pages.wants_html(request, f) else doc


@router.get("/collections/{collection_id}", dependencies=[known_parameters_only])
async def collection(
    request: Request,
    conn: ConnectionDep,
    layer: ReadableLayer,
    f: PageFormat = None,
    lang: PageLang = None,
) -> Any:
    """One collection's description (401/403 for a collection the caller may not read), or
    its page for a browser."""
    extents = await _extents(request, conn, [layer])
    doc = collection_document(layer, public_base(), extents.get(layer.id))
    return ogc_pages.collection(request, doc) if ogc_pages.wants_html(request, f) else doc


@router.get(
    "/collections/{collection_id}/queryables",
    response_class=SchemaJSONResponse,
    dependencies=[known_parameters_only],
)
async def queryables(layer: ReadableLayer, f: JsonFormat = None) -> Response:
    """The properties a filter or an equality parameter may name, as JSON Schema."""
    schema = queryables_schema(layer, public_url("collections", layer.id, "queryables"))
    return SchemaJSONResponse(orjson.dumps(schema))


@router.get("/collections/{collection_id}/xsd", dependencies=[known_parameters_only])
async def gml_schema(layer: ReadableLayer) -> Response:
    """The collection's GML application schema: its declared geometry and attribute types."""
    return Response(application_schema(layer), media_type=XSD)


# Items -------------------------------------------------------------------------------------


def _jsonfg_wanted(request: Request, f: str | None) -> bool:
    """Whether ``f=jsonfg`` or (without ``f=``) ``Accept`` asks for JSON-FG."""
    if f is not None:
        return f == "jsonfg"
    accept = request.headers.get("accept", "")
    return any(media in accept for media in JSONFG_ACCEPTED)


def _file_format(request: Request, f: str | None) -> FileFormat | None:
    """The file format asked for by ``f=`` (first) or ``Accept``; None means GeoJSON (or
    JSON-FG)."""
    if f is not None:
        if f in ("json", "geojson", "jsonfg"):
            return None
        if f not in FILE_FORMATS:
            raise QueryError(
                "f", f"'{f[:20]}' is not one of json, geojson, jsonfg, {', '.join(FILE_FORMATS)}"
            )
        return FILE_FORMATS[f]
    accept = request.headers.get("accept", "")
    if "json" in accept:
        return None
    return next(
        (fmt for fmt in FILE_FORMATS.values() if fmt.media_type.split(";")[0] in accept), None
    )


def _page_links(request: Request, query: ItemsQuery, row: dict[str, Any]) -> list[dict]:
    """self, collection, and next/prev links: a cursor at the page's first or last row."""

    def at(key_text: str | None, backward: bool) -> str:
        # No row to start from (a walk back found nothing before it): start again.
        token = items_cursor(query, key_text, backward) if key_text else None
        return page_url(request, {"cursor": token, "offset": None, "limit": str(query.limit)})

    links = [
        {"rel": "self", "type": GEOJSON, "href": request_url(request)},
        {
            "rel": "collection",
            "type": "application/json",
            "href": public_url("collections", request.path_params["collection_id"]),
        },
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
            prev_href = page_url(
                request,
                {"offset": str(max(0, query.offset - query.limit)), "limit": str(query.limit)},
            )
    links += [
        {"rel": rel, "type": GEOJSON, "href": href}
        for rel, href in (("next", next_href), ("prev", prev_href))
        if href
    ]
    return links


def feature_etag(data: bytes, kind: str = "feature") -> str:
    """The ETag of text PostGIS wrote in one representation, so any change in the rows, the
    filter or the CRS changes it. A feature's default GeoJSON (``kind`` "feature") is the
    ETag Part 4's If-Match compares. SHA-256 cut to 128 bits: processors with SHA
    extensions (this project's machines) hash it four times faster than blake2b, 11 ms
    against 42 for a 9 MB page."""
    hasher = hashlib.sha256(f"{kind}\n".encode())
    hasher.update(data)  # no copy of the page
    return f'"{hasher.hexdigest()[:32]}"'


def _caching_headers(
    data: bytes, kind: str, modified: datetime | None, crs: OutputCrs
) -> dict[str, str]:
    headers = {"ETag": feature_etag(data, kind), "Content-Crs": f"<{crs.uri}>"}
    if modified is not None:
        headers["Last-Modified"] = format_datetime(modified.astimezone(UTC), usegmt=True)
    return headers


def not_modified(request: Request, headers: dict[str, str]) -> bool:
    """Whether the request's If-None-Match names the ETag in ``headers`` (or is ``*``)."""
    wanted = request.headers.get("if-none-match")
    if not wanted:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in wanted.split(",")}
    return "*" in tags or headers["ETag"] in tags


async def _run(
    conn: psycopg.AsyncConnection[Any],
    query: psycopg.sql.Composed,
    values: Any,
    has_filter: bool = False,
    values_from: str = "filter",
) -> dict[str, Any] | None:
    """Execute and fetch one row (see ``_refused_values``)."""
    with _refused_values(has_filter, values_from):
        cursor = await conn.execute(query, values)
        return cast(dict[str, Any] | None, await cursor.fetchone())


@contextmanager
def _refused_values(has_filter: bool, values_from: str) -> Iterator[None]:
    """Turn values PostgreSQL refuses into a 400 naming ``values_from``: a malformed uuid
    or date in a filter or equality parameter (or an edited cursor), or a filter geometry
    PostGIS cannot read or transform."""
    with refusals(
        lambda reason: QueryError(values_from, f"a value was refused by the database: {reason}"),
        has_filter,
    ):
        yield


def build_items_query(
    request: Request,
    layer: Layer,
    paging: PagingParams,
    where: SpatialTemporalParams,
    cql: FilterParams,
    output: OutputParams,
    fmt: FileFormat | None,
    jsonfg: bool = False,
) -> ItemsQuery:
    """The items query a request asks for: paging or cursor, bbox and datetime, CQL2 filter,
    equality parameters, properties, sort and CRS; read from the layer's published-feature
    store when it can answer."""
    settings = get_settings()
    for_files = fmt is not None
    # Files carry a whole collection (or filter result) unless a limit is asked for; a
    # streamed file is never whole in memory, so it may carry more than a page.
    most = (
        settings.max_features_per_file if fmt and fmt.streamed else settings.max_features_per_query
    )
    default = most if for_files else settings.default_features_limit
    query = ItemsQuery(
        layer,
        limit=min(paging.limit or default, most),
        offset=paging.offset,
        sortby=output.sort_keys(layer),
        properties=output.property_names(layer),
        # KML is always WGS84 longitude/latitude: PostGIS writes it so.
        crs=DEFAULT_CRS if fmt and fmt.driver == "KML" else output.output_crs(),
        for_files=for_files,
        items_url=None if for_files else public_url("collections", layer.id, "items") + "/",
        jsonfg=jsonfg,
    )
    if paging.cursor is not None:
        if paging.offset:
            raise QueryError(
                "offset", "the cursor already says where the page starts; send one or the other"
            )
        start_items_at(query, paging.cursor)
    query.source = where.source(layer, query.bindings)
    query.conditions += where.conditions(layer, query.bindings)
    filtered = cql.conditions(layer, query.bindings)
    filtered += equality_conditions(layer, dict(request.query_params), query.bindings)
    query.conditions += filtered
    plain = not filtered and where.datetime is None
    query.stored = published.serves(query, plain, request.app.state.stores)
    return query


@router.get(
    "/collections/{collection_id}/items",
    response_class=GeoJSONResponse,
    responses=ITEMS_RESPONSES,
    dependencies=[known_parameters_or_queryables],
)
async def items(
    request: Request,
    conn: ConnectionDep,
    layer: ReadableLayer,
    paging: Paging,
    where: SpatialTemporal,
    cql: Filters,
    output: Output,
    lang: PageLang = None,
) -> Response:
    """A page of a collection's features as GeoJSON with next/prev links, or the whole result
    as a GeoPackage, CSV or KML file (``f=`` or Accept; unless a limit is given), or a page
    for a browser (``f=html`` or Accept: text/html). Answers carry an ETag and Last-Modified."""
    html = ogc_pages.wants_html(request, output.f)
    fmt = None if html else _file_format(request, output.f)
    jsonfg = fmt is None and not html and _jsonfg_wanted(request, output.f)
    query = build_items_query(request, layer, paging, where, cql, output, fmt, jsonfg)
    # Without a condition, the only values a request brings are its cursor's.
    values_from = "cursor" if paging.cursor and not query.conditions else "filter"
    if fmt is not None and fmt.streamed:
        with _refused_values(cql.filter is not None, values_from):
            return await _streamed_file(request, conn, fmt, query)
    with _refused_values(cql.filter is not None, values_from):
        # The page's text as PostgreSQL sent it: hashed and sent as is.
        features, row = await fetch_text_page(
            conn, "features", PAGE_TEXTS.text(query, conn), query.bindings.values
        )
    more = row["fetched"] > query.limit
    representation = "html" if html else "jsonfg" if query.jsonfg else fmt and fmt.key
    headers = _caching_headers(
        features, f"{representation}{more}{query.backward}", row["last_modified"], query.crs
    )
    if not_modified(request, headers):
        return Response(status_code=304, headers=headers)
    returned = min(row["fetched"], query.limit)
    head = {
        "type": "FeatureCollection",
        "numberReturned": returned,
        "timeStamp": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
    }
    # Counting is free on the last page read by offset, when the rows the offset skipped are
    # known to exist: after a cursor nothing says how many came before, and past the end
    # an offset may be larger than all there is.
    if not more and not query.after_cursor and (returned or not query.offset):
        head["numberMatched"] = query.offset + returned
    if fmt is not None:
        return await _file_response(layer, fmt, query, features, head, headers)
    head["links"] = _page_links(request, query, row)
    if html:
        document = collection_document(layer, public_base(), None)
        return ogc_pages.items(request, document, features, head["links"], returned)
    if query.jsonfg:
        head = head | jsonfg_members(layer, query.crs)
    parts = (orjson.dumps(head)[:-1] + b',"features":[', features, b"]}")
    media_type = JSONFGResponse.media_type if query.jsonfg else GeoJSONResponse.media_type
    return PartsResponse(parts, media_type, headers=headers)


def jsonfg_members(layer: Layer, crs: OutputCrs) -> dict[str, Any]:
    """The JSON-FG members of a document: what it conforms to, what its features are and
    the CRS of their ``place``."""
    return {"conformsTo": [JSONFG_CORE], "featureType": layer.id, "coordRefSys": crs.uri}


async def _file_response(
    layer: Layer,
    fmt: FileFormat,
    query: ItemsQuery,
    features: bytes,
    head: dict[str, Any],
    headers: dict[str, str],
) -> Response:
    collection = b"".join((b'{"type":"FeatureCollection","features":[', features, b"]}"))
    data = await run_in_threadpool(
        write_file, collection, fmt, layer.id, query.crs.srid, layer.geometry_type, layer.id_column
    )
    headers = headers | {
        "Content-Crs": f"<{file_crs_uri(query.crs)}>",  # the CRS the file's x, y are in
        "Content-Disposition": f'attachment; filename="{layer.id}.{fmt.extension}"',
        "OGC-NumberReturned": str(head["numberReturned"]),
    }
    return Response(data, media_type=fmt.media_type, headers=headers)


async def _streamed_file(
    request: Request, conn: psycopg.AsyncConnection[Any], fmt: FileFormat, query: ItemsQuery
) -> Response:
    """A FlatGeobuf file of every feature the query selects, streamed through disk.

    A server-side cursor hands the rows over in batches; GDAL (in a worker thread) writes
    them to a temporary file as they arrive, then the file is sent in chunks and deleted.
    The file is complete before its first byte goes out because FlatGeobuf's spatial index
    comes before the features; memory holds one batch and the index entries, never the file.
    """
    layer = query.layer
    missing = await _run(conn, missing_geometry_query(query), query.bindings.values)
    spatial_index = not (missing and missing["missing"])
    workdir = Path(tempfile.mkdtemp(prefix="cotmoc-fgb-"))
    path = workdir / f"{layer.id}.{fmt.extension}"
    try:
        async with conn.cursor(name="file_rows", row_factory=tuple_row) as cursor:
            await cursor.execute(file_rows_query(query), query.bindings.values)
            first = await cursor.fetchmany(FGB_BATCH_ROWS)  # refused values show up here

            failed: list[BaseException] = []
            written = [0]

            def batches() -> Iterator[list[tuple[Any, ...]]]:
                rows = first
                while rows:
                    written[0] += len(rows)
                    yield rows
                    try:
                        rows = from_thread.run(cursor.fetchmany, FGB_BATCH_ROWS)
                    except BaseException as error:  # GDAL would only see "stream failed"
                        failed.append(error)
                        raise

            try:
                digest = await run_in_threadpool(
                    write_flatgeobuf,
                    path,
                    layer.id,
                    file_columns(query),
                    batches(),
                    query.crs.srid,
                    layer.geometry_type,
                    spatial_index,
                )
            except Exception:
                if failed:
                    raise failed[0] from None
                raise
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    headers = {
        "ETag": f'"{digest}"',
        "Content-Crs": f"<{file_crs_uri(query.crs)}>",
        "Spatial-Index": "none (no features)"
        if not written[0]
        else "packed Hilbert R-tree"
        if spatial_index
        else "none (a feature has no geometry)",
        "Content-Disposition": f'attachment; filename="{layer.id}.{fmt.extension}"',
        "OGC-NumberReturned": str(written[0]),
    }
    if not_modified(request, headers):
        shutil.rmtree(workdir, ignore_errors=True)
        return Response(status_code=304, headers=headers)
    return FileResponse(
        path,
        media_type=fmt.media_type,
        headers=headers,
        background=BackgroundTask(shutil.rmtree, workdir, True),
    )


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
       coalesce(ST_AsGeoJSON({geometry}, 7), 'null') AS geometry,
       (to_jsonb(v) - {geometry_key} - 'valid_period' - 'recorded_period' - 'version_id')::text
           AS properties
FROM {versions} v
WHERE v.{id}::text = %(id)s AND v.recorded_period @> coalesce(%(recorded)s::timestamptz, now())
ORDER BY lower(v.valid_period) ASC NULLS FIRST, v.version_id
"""


def _versions_query(layer: Layer) -> psycopg.sql.Composed:
    assert layer.versions is not None
    sql = psycopg.sql
    geometry = layer.versions.geometry_column
    return sql.SQL(VERSIONS_QUERY).format(
        geometry=sql.Identifier("v", geometry) if geometry else sql.SQL("NULL::geometry"),
        geometry_key=sql.Literal(geometry or "geom"),
        versions=sql.Identifier(f"{layer.versions.table}_versions"),
        id=sql.Identifier(layer.id_column),
    )


def _version_links(
    layer: Layer, feature_id: str, rows: list[dict[str, Any]], i: int
) -> list[dict[str, str]]:
    """self, the feature as it is now, and the versions before and after in valid time."""
    here = feature_url(layer, feature_id) + "/versions"
    links = [
        {"rel": "self", "type": GEOJSON, "href": f"{here}/{rows[i]['version_id']}"},
        {"rel": "latest-version", "type": GEOJSON, "href": feature_url(layer, feature_id)},
        {"rel": "version-history", "type": GEOJSON, "href": here},
    ]
    if i > 0:
        links.append(
            {
                "rel": "predecessor-version",
                "type": GEOJSON,
                "href": f"{here}/{rows[i - 1]['version_id']}",
            }
        )
    if i + 1 < len(rows):
        links.append(
            {
                "rel": "successor-version",
                "type": GEOJSON,
                "href": f"{here}/{rows[i + 1]['version_id']}",
            }
        )
    return links


def _version_feature(
    layer: Layer, feature_id: str, rows: list[dict[str, Any]], i: int
) -> dict[str, Any]:
    row = rows[i]
    times = {
        name: row[name] and row[name].isoformat()
        for name in ("valid_from", "valid_until", "recorded_from", "recorded_until")
    }
    properties = orjson.loads(row["properties"]) | {"version": times}
    return {
        "type": "Feature",
        "id": row["version_id"],
        "geometry": orjson.Fragment(row["geometry"]),
        "properties": properties,
        "links": _version_links(layer, feature_id, rows, i),
    }


async def _versions(
    conn: psycopg.AsyncConnection[Any], layer: Layer, feature_id: str, recorded_at: str | None
) -> list[dict[str, Any]]:
    if layer.versions is None:
        raise Problem(404, "No versions", f"collection '{layer.id}' keeps no versions")
    recorded = parse_instant(recorded_at, "recorded-at") if recorded_at is not None else None
    cursor = await conn.execute(_versions_query(layer), {"id": feature_id, "recorded": recorded})
    rows = cast(list[dict[str, Any]], await cursor.fetchall())
    if not rows:
        raise Problem(
            404, "Unknown feature", f"collection '{layer.id}' has no versions of '{feature_id}'"
        )
    return rows


RecordedAt = Annotated[
    str | None,
    Query(
        alias="recorded-at", description="the history as the registry recorded it at this instant"
    ),
]


@router.get(
    "/collections/{collection_id}/items/{feature_id:path}/versions",
    response_class=GeoJSONResponse,
    dependencies=[known_parameters_only],
)
async def versions(
    conn: ConnectionDep, layer: ReadableLayer, feature_id: str, recorded_at: RecordedAt = None
) -> Response:
    """Every version of a registry feature in valid-time order: its values, its geometry, when
    it held (valid_from … valid_until) and when the registry said so (recorded_from …)."""
    rows = await _versions(conn, layer, feature_id, recorded_at)
    body = {
        "type": "FeatureCollection",
        "numberReturned": len(rows),
        "features": [_version_feature(layer, feature_id, rows, i) for i in range(len(rows))],
        "links": [
            {"rel": "self", "type": GEOJSON, "href": feature_url(layer, feature_id) + "/versions"},
            {"rel": "latest-version", "type": GEOJSON, "href": feature_url(layer, feature_id)},
        ],
    }
    return GeoJSONResponse(orjson.dumps(body))


@router.get(
    "/collections/{collection_id}/items/{feature_id:path}/versions/{version_id}",
    response_class=GeoJSONResponse,
    dependencies=[known_parameters_only],
)
async def version(
    conn: ConnectionDep,
    layer: ReadableLayer,
    feature_id: str,
    version_id: Annotated[int, FastApiPath(ge=1)],
    recorded_at: RecordedAt = None,
) -> Response:
    """One version of a registry feature, with its links to the versions before and after
    it in valid time and to the feature as it is now."""
    rows = await _versions(conn, layer, feature_id, recorded_at)
    found = [i for i, row in enumerate(rows) if row["version_id"] == version_id]
    if not found:
        raise Problem(
            404, "Unknown version", f"'{feature_id}' in '{layer.id}' has no version {version_id}"
        )
    return GeoJSONResponse(orjson.dumps(_version_feature(layer, feature_id, rows, found[0])))


# ``:path`` so that an id holding "/" matches however the client sends it: raw (GDAL asks
# for …/items/606/1) or encoded (…/items/606%2F1, which the server decodes before routing).
@router.get(
    "/collections/{collection_id}/items/{feature_id:path}",
    response_class=GeoJSONResponse,
    responses=FEATURE_RESPONSES,
    dependencies=[known_parameters_only],
)
async def feature(
    request: Request,
    conn: ConnectionDep,
    layer: ReadableLayer,
    feature_id: str,
    output: Output,
) -> Response:
    """One feature as GeoJSON, by its id (an id holding ``/`` may come raw or encoded)."""
    crs = output.output_crs()
    if output.f not in (None, "json", "geojson", "jsonfg"):
        raise QueryError("f", f"'{output.f[:20]}' is not one of json, geojson, jsonfg")
    jsonfg = _jsonfg_wanted(request, output.f)
    query = feature_query(layer, crs, output.property_names(layer), jsonfg)
    row = await _run(conn, query, (feature_id,))
    if row is None:
        raise Problem(
            404, "Unknown feature", f"collection '{layer.id}' has no feature '{feature_id}'"
        )
    text = row["feature"].encode()
    headers = _caching_headers(text, "jsonfg" if jsonfg else "feature", row["last_modified"], crs)
    if not_modified(request, headers):
        return Response(status_code=304, headers=headers)
    query_string = f"?{request.url.query}" if request.url.query else ""
    links = [
        {"rel": "self", "type": GEOJSON, "href": feature_url(layer, feature_id) + query_string},
        {
            "rel": "collection",
            "type": "application/json",
            "href": public_url("collections", layer.id),
        },
    ]
    if layer.versions is not None:
        links.append(
            {
                "rel": "version-history",
                "type": GEOJSON,
                "href": feature_url(layer, feature_id) + "/versions",
            }
        )
    if jsonfg:
        members = orjson.dumps(jsonfg_members(layer, crs))  # a feature alone says them too
        body = b"".join((text[:-1], b',"links":', orjson.dumps(links), b",", members[1:]))
        return JSONFGResponse(body, headers=headers)
    body = b"".join((text[:-1], b',"links":', orjson.dumps(links), b"}"))
    return GeoJSONResponse(body, headers=headers)

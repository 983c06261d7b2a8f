"""OGC API – Features Part 4 on the markers collection: create (POST), replace (PUT),
update (PATCH, JSON merge patch) and delete, for administrators, under optimistic locking.

Every change but a create needs ``If-Match`` with the feature's ETag as GET answers it
without ``crs`` or ``properties`` (428 without one, 412 when the feature changed since).
The row is locked before its ETag is compared, so two editors with the same ETag cannot
both win. Each write is audited; the change feed sees it through the tables' triggers.
"""

from __future__ import annotations

from typing import Annotated, Any

import orjson
import psycopg
from fastapi import APIRouter, Header, Request
from fastapi.responses import Response

from api.auth import Admin
from api.deps import ConnectionDep
from api.problems import Problem, problems
from api.responses import GeoJSONResponse
from api.routes.collections import feature_etag, feature_url
from gis import marker_edits
from gis.audit import snapshot
from gis.crs import DEFAULT_CRS, OutputCrs, UnsupportedCrs, parse_crs
from gis.marker_edits import EditRefused
from layers import LAYERS
from layers.query import feature_query

router = APIRouter(tags=["transactions"])

EDITABLE = {"markers"}
MERGE_PATCH = "application/merge-patch+json"
RESPONSES = problems(400, 401, 403, 404, 409, 412, 428) | {
    405: {"description": "The collection cannot be edited through the API"}
}


def _editable(collection_id: str) -> None:
    if collection_id not in LAYERS:
        raise Problem(
            404,
            "Unknown collection",
            f"collection '{collection_id}' does not exist; see /collections",
        )
    if collection_id not in EDITABLE:
        raise Problem(
            405,
            "Method not allowed",
            f"collection '{collection_id}' cannot be edited through the OGC API; "
            f"editable: {', '.join(sorted(EDITABLE))}",
        )


def _content_crs(header: str | None) -> OutputCrs:
    """The CRS of the body's coordinates (Part 2's Content-Crs header; CRS84 without)."""
    if header is None:
        return DEFAULT_CRS
    try:
        return parse_crs(header.strip().removeprefix("<").removesuffix(">"))
    except UnsupportedCrs as error:
        raise Problem(400, "Unsupported CRS", str(error), parameter="Content-Crs") from None


async def _body(request: Request) -> Any:
    try:
        return orjson.loads(await request.body())
    except orjson.JSONDecodeError as error:
        raise Problem(400, "Bad request", f"the body is not JSON: {error}") from None


def _refused(error: EditRefused) -> Problem:
    title = "Conflict" if error.status == 409 else "Invalid feature"
    return Problem(error.status, title, error.why, pointer=error.where)


async def _current(
    conn: psycopg.AsyncConnection[Any], feature_id: str
) -> tuple[bytes, dict[str, Any]]:
    """The marker's Feature text as GET writes it, and its table row, with the row locked
    until the transaction ends."""
    locked = await conn.execute("SELECT id FROM markers WHERE code = %s FOR UPDATE", (feature_id,))
    if await locked.fetchone() is None:
        raise Problem(404, "Unknown feature", f"collection 'markers' has no feature '{feature_id}'")
    cursor = await conn.execute(feature_query(LAYERS["markers"]), (feature_id,))
    row = await cursor.fetchone()
    assert row is not None  # the view shows every marker
    before = await snapshot(conn, "markers", feature_id, "code")
    assert before is not None
    return row["feature"].encode(), before


def _check_if_match(if_match: str | None, text: bytes) -> None:
    if not if_match:
        raise Problem(
            428, "Precondition required", "If-Match: send the ETag GET gave for this feature"
        )
    current = feature_etag(text)
    tags = {tag.strip() for tag in if_match.split(",")}
    if current not in tags:
        raise Problem(
            412,
            "Precondition failed",
            "the feature changed since that ETag was read: GET it again",
            current_etag=current,
        )


async def _answer(conn: psycopg.AsyncConnection[Any], code: str, status: int) -> Response:
    cursor = await conn.execute(feature_query(LAYERS["markers"]), (code,))
    row = await cursor.fetchone()
    assert row is not None
    text = row["feature"].encode()
    headers = {"ETag": feature_etag(text), "Location": feature_url(LAYERS["markers"], code)}
    return GeoJSONResponse(text, status_code=status, headers=headers)


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396: objects merge member by member, null removes, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    merged = dict(target) if isinstance(target, dict) else {}
    for name, value in patch.items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = merge_patch(merged.get(name), value)
    return merged


@router.post("/collections/{collection_id}/items", status_code=201, responses=RESPONSES)
async def create_feature(
    request: Request,
    conn: ConnectionDep,
    actor: Admin,
    collection_id: str,
    content_crs: Annotated[str | None, Header()] = None,
) -> Response:
    """Create a marker from a GeoJSON Feature; answers 201 with its Location and ETag."""
    _editable(collection_id)
    crs = _content_crs(content_crs)
    try:
        edit = marker_edits.marker_from_feature(await _body(request), crs)
        async with conn.transaction():
            await marker_edits.create(conn, actor, edit)
    except EditRefused as error:
        raise _refused(error) from None
    return await _answer(conn, edit.code, 201)


@router.put("/collections/{collection_id}/items/{feature_id:path}", responses=RESPONSES)
async def replace_feature(
    request: Request,
    conn: ConnectionDep,
    actor: Admin,
    collection_id: str,
    feature_id: str,
    if_match: Annotated[str | None, Header()] = None,
    content_crs: Annotated[str | None, Header()] = None,
) -> Response:
    """Replace a marker's point and editable values (If-Match required)."""
    _editable(collection_id)
    crs = _content_crs(content_crs)
    body = await _body(request)
    try:
        async with conn.transaction():
            text, before = await _current(conn, feature_id)
            _check_if_match(if_match, text)
            edit = marker_edits.marker_from_feature(body, crs, feature_id)
            await marker_edits.replace(conn, actor, edit, before)
    except EditRefused as error:
        raise _refused(error) from None
    return await _answer(conn, feature_id, 200)


@router.patch("/collections/{collection_id}/items/{feature_id:path}", responses=RESPONSES)
async def update_feature(
    request: Request,
    conn: ConnectionDep,
    actor: Admin,
    collection_id: str,
    feature_id: str,
    if_match: Annotated[str | None, Header()] = None,
    content_crs: Annotated[str | None, Header()] = None,
) -> Response:
    """Change some of a marker's members (RFC 7396 merge patch; If-Match required). A
    patched geometry is in ``Content-Crs``; the rest of the feature keeps its values."""
    _editable(collection_id)
    crs = _content_crs(content_crs)
    patch = await _body(request)
    if not isinstance(patch, dict):
        raise Problem(400, "Bad request", "a merge patch is a JSON object")
    try:
        async with conn.transaction():
            text, before = await _current(conn, feature_id)
            _check_if_match(if_match, text)
            current = orjson.loads(text)
            if "geometry" not in patch:
                crs = DEFAULT_CRS  # the current geometry, as GET wrote it
            edit = marker_edits.marker_from_feature(merge_patch(current, patch), crs, feature_id)
            await marker_edits.replace(conn, actor, edit, before)
    except EditRefused as error:
        raise _refused(error) from None
    return await _answer(conn, feature_id, 200)


@router.delete(
    "/collections/{collection_id}/items/{feature_id:path}", status_code=204, responses=RESPONSES
)
async def delete_feature(
    conn: ConnectionDep,
    actor: Admin,
    collection_id: str,
    feature_id: str,
    if_match: Annotated[str | None, Header()] = None,
) -> Response:
    """Delete a marker (If-Match required; refused while records refer to it)."""
    _editable(collection_id)
    try:
        async with conn.transaction():
            text, before = await _current(conn, feature_id)
            _check_if_match(if_match, text)
            await marker_edits.delete(conn, actor, feature_id, before)
    except EditRefused as error:
        raise _refused(error) from None
    return Response(status_code=204)

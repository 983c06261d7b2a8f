"""Photos read back (issue 11): the original and a thumbnail, for whoever may read the record
the photo belongs to (the inspections or the maintenance layer's readers); the photo lists
of an inspection and of a marker."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from api.access import can_read, require_read
from api.deps import ConnectionDep
from api.field_errors import problems
from gis.field import photo_views
from gis.field.models import PhotoOut
from layers import LAYERS

router = APIRouter(tags=["photos"])
LAYER_OF_KIND = {"inspection": "inspections", "maintenance": "maintenance"}
# The bytes behind an id never change (a photo is stored once, by its hash); only who may
# see them does, so no shared cache keeps them and the browser asks again after a while.
PRIVATE_CACHE = "private, max-age=3600"


async def _readable_photo(request: Request, conn: ConnectionDep,
                          photo_id: UUID) -> dict[str, Any]:
    photo = await photo_views.stored(conn, photo_id)
    await require_read(request, LAYERS[LAYER_OF_KIND[photo["kind"]]])
    return photo


async def readable_photo_kinds(request: Request) -> frozenset[str]:
    """The kinds of record whose photos the caller may see."""
    return frozenset([kind for kind, layer in LAYER_OF_KIND.items()
                      if await can_read(request, LAYERS[layer])])


def _image(data: bytes, media_type: str, sha256: str) -> Response:
    return Response(data, media_type=media_type,
                    headers={"Cache-Control": PRIVATE_CACHE, "ETag": f'"{sha256}"',
                             "X-Content-Type-Options": "nosniff"})


@router.get("/photos/{photo_id}", responses={
    200: {"content": {"image/jpeg": {}, "image/png": {}}}, **problems(401, 403, 404)},
    response_class=Response)
async def photo_original(request: Request, conn: ConnectionDep, photo_id: UUID) -> Response:
    """The photo as it was uploaded."""
    photo = await _readable_photo(request, conn, photo_id)
    data = await run_in_threadpool(photo_views.original, photo)
    return _image(data, photo["media_type"], photo["sha256"])


@router.get("/photos/{photo_id}/thumbnail", responses={
    200: {"content": {"image/jpeg": {}}}, **problems(401, 403, 404)}, response_class=Response)
async def photo_thumbnail(request: Request, conn: ConnectionDep, photo_id: UUID) -> Response:
    """A JPEG of at most 320 pixels on its longer side."""
    photo = await _readable_photo(request, conn, photo_id)
    data = await run_in_threadpool(photo_views.thumbnail, photo)
    return _image(data, "image/jpeg", f"{photo['sha256']}-{photo_views.THUMBNAIL_PX}")


@router.get("/inspections/{inspection_id}/photos", response_model=list[PhotoOut],
            responses=problems(401, 403, 404))
async def inspection_photos(request: Request, conn: ConnectionDep,
                            inspection_id: UUID) -> list[dict[str, Any]]:
    await require_read(request, LAYERS["inspections"])
    return await photo_views.of_inspection(conn, inspection_id)


@router.get("/markers/{code:path}/photos", response_model=list[PhotoOut],
            responses=problems(401, 403, 404))
async def marker_photos(request: Request, conn: ConnectionDep,
                        code: str) -> list[dict[str, Any]]:
    """Photos of the marker's inspections and damage reports that the caller may read."""
    kinds = await readable_photo_kinds(request)
    if not kinds:
        await require_read(request, LAYERS["inspections"])  # says 401 or 403
    return await photo_views.of_marker(conn, code, kinds)

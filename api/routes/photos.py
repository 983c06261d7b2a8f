"""Stored photos: the description (where ``Location`` of a photo upload points), the original
bytes and a thumbnail (issue 11), for whoever may read the record the photo belongs to (the
inspections or the maintenance layer's readers); the photo lists of an inspection and of a
marker."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from api.access import can_read, require_read
from api.auth import CurrentActor
from api.deps import ConnectionDep
from api.problems import problems
from api.responses import answer_read
from api.uploads import photo_etag
from gis.field import photo_views, photos
from gis.field.models import PhotoOut
from layers import LAYERS

router = APIRouter(tags=["photos"])
LAYER_OF_KIND = {"inspection": "inspections", "maintenance": "maintenance"}
# The bytes behind an id never change (a photo is stored once, by its hash); only who may
# see them does, so no shared cache keeps them and the browser asks again after a while.
PRIVATE_CACHE = "private, max-age=3600"
IMAGE_ANSWERS = problems(401, 403, 404)


async def _readable_photo(request: Request, conn: ConnectionDep, photo_id: UUID) -> dict[str, Any]:
    # CurrentActor on the route has already said 401 to anonymous callers, so nobody learns
    # which photo ids exist without signing in.
    photo = await photo_views.stored(conn, photo_id)
    await require_read(request, LAYERS[LAYER_OF_KIND[photo["kind"]]])
    return photo


async def readable_photo_kinds(request: Request) -> frozenset[str]:
    """The kinds of record whose photos the caller may see."""
    return frozenset(
        [kind for kind, layer in LAYER_OF_KIND.items() if await can_read(request, LAYERS[layer])]
    )


def _image(data: bytes, media_type: str, sha256: str) -> Response:
    return Response(
        data,
        media_type=media_type,
        headers={
            "Cache-Control": PRIVATE_CACHE,
            "ETag": f'"{sha256}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get("/photos/{photo_id}", response_model=PhotoOut, responses=IMAGE_ANSWERS)
async def read_photo(
    request: Request, conn: ConnectionDep, _: CurrentActor, photo_id: UUID, response: Response
) -> dict[str, Any]:
    """The photo's record it belongs to, size, hash, EXIF time and position; the image
    itself is at ``/photos/{id}/original`` and ``/photos/{id}/thumbnail``."""
    await _readable_photo(request, conn, photo_id)
    doc = await photos.get(conn, photo_id)
    return answer_read(response, doc, photo_etag(doc["sha256"]))


@router.get(
    "/photos/{photo_id}/original",
    responses={200: {"content": {"image/jpeg": {}, "image/png": {}}}, **IMAGE_ANSWERS},
    response_class=Response,
)
async def photo_original(
    request: Request, conn: ConnectionDep, _: CurrentActor, photo_id: UUID
) -> Response:
    """The photo byte for byte as it was uploaded (EXIF included)."""
    photo = await _readable_photo(request, conn, photo_id)
    data = await run_in_threadpool(photo_views.original, photo)
    return _image(data, photo["media_type"], photo["sha256"])


@router.get(
    "/photos/{photo_id}/thumbnail",
    responses={200: {"content": {"image/jpeg": {}}}, **IMAGE_ANSWERS},
    response_class=Response,
)
async def photo_thumbnail(
    request: Request, conn: ConnectionDep, _: CurrentActor, photo_id: UUID
) -> Response:
    """A JPEG of at most 320 pixels on its longer side, made once and kept."""
    photo = await _readable_photo(request, conn, photo_id)
    data = await run_in_threadpool(photo_views.thumbnail, photo)
    return _image(data, "image/jpeg", f"{photo['sha256']}-{photo_views.THUMBNAIL_PX}")


@router.get(
    "/inspections/{inspection_id}/photos",
    response_model=list[PhotoOut],
    responses=IMAGE_ANSWERS,
)
async def inspection_photos(
    request: Request, conn: ConnectionDep, inspection_id: UUID
) -> list[dict[str, Any]]:
    """The inspection's photos, in the order they were taken."""
    await require_read(request, LAYERS["inspections"])
    return await photo_views.of_inspection(conn, inspection_id)


@router.get("/markers/{code:path}/photos", response_model=list[PhotoOut], responses=IMAGE_ANSWERS)
async def marker_photos(request: Request, conn: ConnectionDep, code: str) -> list[dict[str, Any]]:
    """Photos of the marker's inspections and damage reports that the caller may read."""
    kinds = await readable_photo_kinds(request)
    if not kinds:
        await require_read(request, LAYERS["inspections"])  # says 401 or 403
    return await photo_views.of_marker(conn, code, kinds)

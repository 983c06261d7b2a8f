"""A stored photo's description: where ``Location`` of a photo upload points."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Response

from api.auth import CurrentActor
from api.deps import ConnectionDep
from api.problems import problems
from api.responses import answer_read
from api.uploads import photo_etag
from gis.field import photos
from gis.field.models import PhotoOut

router = APIRouter(tags=["photos"])


@router.get("/photos/{photo_id}", response_model=PhotoOut, responses=problems(401, 404))
async def read_photo(
    conn: ConnectionDep, _: CurrentActor, photo_id: UUID, response: Response
) -> dict[str, Any]:
    """The photo's record it belongs to, size, hash, EXIF time and position."""
    doc = await photos.get(conn, photo_id)
    return answer_read(response, doc, photo_etag(doc["sha256"]))

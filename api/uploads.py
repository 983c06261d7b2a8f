"""Photo uploads, the same for every record a photo may belong to (inspections, damage)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, File, Form, Response, UploadFile
from psycopg import AsyncConnection

from api.auth import FieldWriter
from api.deps import ConnectionDep
from api.problems import problems
from api.responses import answer_write
from gis.audit import Actor
from gis.field import photos
from gis.field.errors import TooLarge
from gis.field.models import PhotoOut
from gis.settings import get_settings

PhotoFile = Annotated[UploadFile, File(description="JPEG or PNG, at most 20 MB")]
PhotoId = Annotated[
    UUID | None,
    Form(
        description="client-made UUID; a retry with the same id "
        "(or the same bytes) is a duplicate, the same id with "
        "other bytes a 409"
    ),
]


def add_photo_route(router: APIRouter, collection: str, kind: str, summary: str) -> None:
    """``POST /<collection>/{record_id}/photos`` on ``router``: a photo of one record of
    that kind (``photos.OWNERS``), answered as every create is."""

    @router.post(
        f"/{collection}/{{record_id}}/photos",
        response_model=PhotoOut,
        status_code=201,
        responses=problems(401, 403, 404, 409, 413),
        summary=summary,
        name=f"upload_{kind}_photo",
    )
    async def upload_photo(
        conn: ConnectionDep,
        actor: FieldWriter,
        record_id: UUID,
        response: Response,
        photo: PhotoFile,
        photo_id: PhotoId = None,
    ) -> dict[str, Any]:
        """Kept byte for byte (EXIF read for its time and place); 201 when new, 200 for a
        retry (the same id with the same bytes, or the same bytes under another id), 409
        for an id reused with other bytes."""
        return await receive_photo(conn, actor, kind, record_id, photo, photo_id, response)


async def receive_photo(
    conn: AsyncConnection[Any],
    actor: Actor,
    kind: str,
    record_id: UUID,
    photo: UploadFile,
    photo_id: UUID | None,
    response: Response,
) -> dict[str, Any]:
    """Store the uploaded photo of record ``record_id``; 201 when new, 200 for a retry."""
    limit = get_settings().max_photo_bytes
    data = await photo.read(limit + 1)  # one byte more tells an oversize file apart
    if len(data) > limit:
        raise TooLarge(f"photo: the file exceeds the limit of {limit} bytes")
    created, stored_id = await photos.add(
        conn, actor, record_id, photo_id or uuid.uuid4(), data, photo.filename, kind=kind
    )
    doc = {**await photos.get(conn, stored_id), "duplicate": not created}
    return answer_write(response, created, "photos", doc, photo_etag(doc["sha256"]))


def photo_etag(sha256: str) -> str:
    """A photo never changes: the hash of its bytes is its ETag."""
    return f'"{sha256}"'

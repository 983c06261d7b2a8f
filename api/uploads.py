"""Photo uploads, the same for every record a photo may belong to (inspections, damage)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any
from uuid import UUID

from fastapi import File, Form, Response, UploadFile
from psycopg import AsyncConnection

from api.responses import answer_write
from gis.audit import Actor
from gis.field import photos
from gis.field.errors import TooLarge
from gis.settings import get_settings

PhotoFile = Annotated[UploadFile, File(description="JPEG or PNG, at most 20 MB")]
PhotoId = Annotated[UUID | None, Form(description="client-made UUID; a retry with the same id "
                                      "(or the same bytes) is a duplicate, the same id with "
                                      "other bytes a 409")]


async def receive_photo(conn: AsyncConnection[Any], actor: Actor, kind: str, record_id: UUID,
                        photo: UploadFile, photo_id: UUID | None,
                        response: Response) -> dict[str, Any]:
    """Store the uploaded photo of record ``record_id``; 201 when new, 200 for a retry."""
    limit = get_settings().max_photo_bytes
    data = await photo.read(limit + 1)  # one byte more tells an oversize file apart
    if len(data) > limit:
        raise TooLarge(f"photo: the file exceeds the limit of {limit} bytes")
    created, stored_id = await photos.add(conn, actor, record_id, photo_id or uuid.uuid4(),
                                          data, photo.filename, kind=kind)
    doc = {**await photos.get(conn, stored_id), "duplicate": not created}
    return answer_write(response, created, "photos", doc, photo_etag(doc["sha256"]))


def photo_etag(sha256: str) -> str:
    """A photo never changes: the hash of its bytes is its ETag."""
    return f'"{sha256}"'

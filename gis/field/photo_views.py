"""Reading stored photos back: the original as it was sent, a small JPEG thumbnail made once
with Pillow (kept beside the originals, named by the photo's hash), and the photo lists of an
inspection and of a marker."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any
from uuid import UUID

from PIL import Image, ImageOps
from psycopg import AsyncConnection

from gis.field.errors import NotFound
from gis.settings import get_settings

THUMBNAIL_PX = 320  # the longer side
LIST_COLUMNS = (
    "id, inspection_id, maintenance_id, sha256, media_type, size_bytes, width, "
    "created_at, "
    "height, taken_at, ST_AsGeoJSON(geom, 8)::json AS position"
)


async def stored(conn: AsyncConnection[Any], photo_id: UUID) -> dict[str, Any]:
    """The photo's file and what it belongs to: ``kind`` is 'inspection' or 'maintenance'."""
    cur = await conn.execute(
        "SELECT id, sha256, media_type, stored_path, CASE WHEN inspection_id IS NULL "
        "THEN 'maintenance' ELSE 'inspection' END AS kind FROM photos WHERE id = %s",
        (photo_id,),
    )
    row = await cur.fetchone()
    if row is None:
        raise NotFound(f"photo {photo_id} does not exist")
    return row


def original(photo: dict[str, Any]) -> bytes:
    """The photo's bytes as they were uploaded."""
    path = get_settings().home / photo["stored_path"]
    if not path.is_file():
        raise NotFound(f"photo {photo['id']}: its file is missing from the data folder")
    return path.read_bytes()


def thumbnail(photo: dict[str, Any]) -> bytes:
    """A JPEG at most ``THUMBNAIL_PX`` on its longer side, turned as the camera meant."""
    target = (
        get_settings().home
        / "thumbnails"
        / photo["sha256"][:2]
        / (f"{photo['sha256']}-{THUMBNAIL_PX}.jpg")
    )
    if target.is_file():
        return target.read_bytes()
    with Image.open(io.BytesIO(original(photo))) as image:
        image.draft("RGB", (THUMBNAIL_PX, THUMBNAIL_PX))  # JPEG: decode at a fraction
        small = ImageOps.exif_transpose(image).convert("RGB")
        small.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
        out = io.BytesIO()
        small.save(out, "JPEG", quality=80)
    data = out.getvalue()
    _write_once(target, data)
    return data


def _write_once(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".thumb-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(temporary, target)


async def of_inspection(conn: AsyncConnection[Any], inspection_id: UUID) -> list[dict[str, Any]]:
    """The inspection's photos, in the order they were taken."""
    cur = await conn.execute("SELECT 1 FROM inspections WHERE id = %s", (inspection_id,))
    if await cur.fetchone() is None:
        raise NotFound(f"inspection {inspection_id} does not exist")
    cur = await conn.execute(
        f"SELECT {LIST_COLUMNS} FROM photos WHERE inspection_id = %s "  # noqa: S608
        "ORDER BY coalesce(taken_at, created_at), id",
        (inspection_id,),
    )
    return await cur.fetchall()


async def of_marker(
    conn: AsyncConnection[Any], code: str, kinds: frozenset[str]
) -> list[dict[str, Any]]:
    """The photos of the marker's inspections and damage reports, of the ``kinds`` the
    caller may read, newest first."""
    cur = await conn.execute("SELECT id FROM markers WHERE code = %s", (code,))
    marker = await cur.fetchone()
    if marker is None:
        raise NotFound(f"marker '{code}' does not exist")
    cur = await conn.execute(
        f"SELECT {LIST_COLUMNS} FROM photos p WHERE "  # noqa: S608
        "(%(inspections)s AND inspection_id IN (SELECT id FROM inspections "
        "                                       WHERE marker_id = %(marker)s)) "
        "OR (%(maintenance)s AND maintenance_id IN (SELECT id FROM maintenance_records "
        "                                           WHERE marker_id = %(marker)s)) "
        "ORDER BY coalesce(taken_at, created_at) DESC, id",
        {
            "marker": marker["id"],
            "inspections": "inspection" in kinds,
            "maintenance": "maintenance" in kinds,
        },
    )
    return await cur.fetchall()

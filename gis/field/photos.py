"""Photos of inspections and of damage reports: checked with Pillow, kept by content hash
under the data folder."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from PIL import Image, UnidentifiedImageError
from psycopg import AsyncConnection

from gis.field import audit
from gis.field.accounts import Actor
from gis.field.errors import NotFound, Rejected, TooLarge
from gis.settings import get_settings

MEDIA_TYPES = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}
EXIF_IFD, GPS_IFD = 0x8769, 0x8825
DATETIME_ORIGINAL, OFFSET_TIME_ORIGINAL = 36867, 36881
# Cameras in the field are set to local time; without an offset tag we assume Indochina
# Time, the zone of both sides of this border.
LOCAL_ZONE = dt.timezone(dt.timedelta(hours=7))

PHOTO_JSON = """
SELECT id, inspection_id, maintenance_id, sha256, media_type, size_bytes, width, height,
       taken_at, ST_AsGeoJSON(geom, 8)::json AS position
FROM photos WHERE id = %s
"""
# What a photo may belong to: kind -> (its column in photos, the table of such records, the
# record's name in messages).
OWNERS = {"inspection": ("inspection_id", "inspections", "inspection"),
          "maintenance": ("maintenance_id", "maintenance_records", "maintenance record")}


@dataclass(frozen=True)
class ImageFacts:
    media_type: str
    extension: str
    width: int
    height: int
    taken_at: dt.datetime | None
    lon_lat: tuple[float, float] | None


def examine(data: bytes, limit: int) -> ImageFacts:
    """Refuse what is too large or not a JPEG/PNG; read EXIF time and position."""
    if len(data) > limit:
        raise TooLarge(f"photo: {len(data)} bytes exceed the limit of {limit} bytes")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()  # checks the structure without decoding every pixel
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, SyntaxError) as err:
        raise Rejected(f"photo: not a readable image ({err})") from err
    if image.format not in MEDIA_TYPES:
        raise Rejected(f"photo: {image.format} is not accepted; send JPEG or PNG")
    media_type, extension = MEDIA_TYPES[image.format]
    exif = image.getexif()
    return ImageFacts(media_type, extension, image.width, image.height, _exif_time(exif),
                      _exif_lon_lat(exif))


def _exif_time(exif: Image.Exif) -> dt.datetime | None:
    details = exif.get_ifd(EXIF_IFD)
    text = details.get(DATETIME_ORIGINAL)
    if not text:
        return None
    try:
        naive = dt.datetime.strptime(str(text).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    offset = details.get(OFFSET_TIME_ORIGINAL)
    if offset:
        try:
            return dt.datetime.fromisoformat(naive.isoformat() + str(offset).strip("\x00 "))
        except ValueError:
            pass
    return naive.replace(tzinfo=LOCAL_ZONE)


def _degrees(value: Any, ref: Any, negative: str) -> float:
    d, m, s = (float(part) for part in value)
    sign = -1.0 if str(ref).upper().startswith(negative) else 1.0
    return sign * (d + m / 60 + s / 3600)


def _exif_lon_lat(exif: Image.Exif) -> tuple[float, float] | None:
    gps = exif.get_ifd(GPS_IFD)
    try:
        lat = _degrees(gps[2], gps.get(1, "N"), "S")
        lon = _degrees(gps[4], gps.get(3, "E"), "W")
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
    return (lon, lat) if -180 <= lon <= 180 and -90 <= lat <= 90 else None


def _store(data: bytes, sha256: str, extension: str) -> str:
    """Write the file by its hash (so a retry rewrites the same bytes); return its path
    relative to the data folder. Written to a temporary name first so a crash leaves no
    half file under the final name."""
    relative = Path("photos") / sha256[:2] / f"{sha256}.{extension}"
    target = get_settings().home / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)
    return str(relative)


async def get(conn: AsyncConnection[Any], photo_id: UUID) -> dict[str, Any]:
    cur = await conn.execute(PHOTO_JSON, (photo_id,))
    row = await cur.fetchone()
    if row is None:
        raise NotFound(f"photo {photo_id} does not exist")
    return row


async def add(conn: AsyncConnection[Any], actor: Actor, record_id: UUID, photo_id: UUID,
              data: bytes, filename: str | None,
              kind: str = "inspection") -> tuple[bool, UUID]:
    """Attach a photo once to the inspection (or, with ``kind="maintenance"``, the damage
    report) ``record_id``. Returns (created, id of the stored photo): the same id or the same
    bytes for the same record are recognised as a duplicate."""
    column, table, noun = OWNERS[kind]
    facts = examine(data, get_settings().max_photo_bytes)
    sha256 = hashlib.sha256(data).hexdigest()
    async with conn.transaction():
        cur = await conn.execute(
            f"SELECT id FROM photos WHERE id = %s OR ({column} = %s AND sha256 = %s)",  # noqa: S608
            (photo_id, record_id, sha256))
        existing = await cur.fetchone()
        if existing:
            return False, existing["id"]
        cur = await conn.execute(f"SELECT 1 FROM {table} WHERE id = %s",  # noqa: S608
                                 (record_id,))
        if await cur.fetchone() is None:
            raise NotFound(f"{noun} {record_id} does not exist")
        stored_path = _store(data, sha256, facts.extension)
        lon_lat = facts.lon_lat
        cur = await conn.execute(
            f"INSERT INTO photos (id, {column}, sha256, media_type, size_bytes, width, "  # noqa: S608
            "height, stored_path, original_name, taken_at, geom, created_by) VALUES (%s, %s, "
            "%s, %s, %s, %s, %s, %s, %s, %s, CASE WHEN %s::float8 IS NULL THEN NULL ELSE "
            "ST_SetSRID(ST_MakePoint(%s::float8, %s::float8), 4326) END, %s) "
            "ON CONFLICT DO NOTHING RETURNING id",
            (photo_id, record_id, sha256, facts.media_type, len(data), facts.width,
             facts.height, stored_path, filename, facts.taken_at,
             lon_lat and lon_lat[0], lon_lat and lon_lat[0], lon_lat and lon_lat[1],
             actor.name))
        if await cur.fetchone() is None:
            return False, photo_id
        after = await audit.snapshot(conn, "photos", photo_id)
        await audit.append(conn, actor, "create", "photos", str(photo_id), None, after)
    return True, photo_id

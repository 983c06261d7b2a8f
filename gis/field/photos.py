"""Photos of inspections and of damage reports: checked with Pillow, kept by content hash
under the data folder."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from PIL import Image, UnidentifiedImageError
from psycopg import AsyncConnection, sql

from gis.audit import Actor
from gis.field.errors import Conflict, NotFound, Rejected, TooLarge
from gis.field.writes import NewRecord, Reference, read_stored, store_new
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
OWNERS = {
    "inspection": ("inspection_id", "inspections", "inspection"),
    "maintenance": ("maintenance_id", "maintenance_records", "maintenance record"),
}


@dataclass(frozen=True)
class ImageFacts:
    """What ``examine`` reads from a photo's header: its type, file extension, size in
    pixels, and the EXIF time and (lon, lat) when the camera recorded them."""

    media_type: str
    extension: str
    width: int
    height: int
    taken_at: dt.datetime | None
    lon_lat: tuple[float, float] | None


def _readable_reason(err: Exception) -> str:
    # Pillow's messages may name the file object ("<_io.BytesIO object at 0x…>"): say "the
    # file" instead, so that no Python object shows in an answer.
    return re.sub(r"<[^<>]* at 0x[0-9a-fA-F]+>", "the file", str(err)) or type(err).__name__


def _open(data: bytes) -> Image.Image:
    """Open a JPEG or PNG: this reads its header (format, size, EXIF), never its pixels."""
    with warnings.catch_warnings():
        # Pillow warns above MAX_IMAGE_PIXELS and refuses above twice that, for callers that
        # decode; we never decode, and apply our own limit (examine) with a clearer message.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            return Image.open(io.BytesIO(data), formats=tuple(MEDIA_TYPES))
        except Image.DecompressionBombError as err:
            raise Rejected(
                f"photo: the image's header declares more than "
                f"{2 * (Image.MAX_IMAGE_PIXELS or 0):,} pixels, over the limit "
                f"of {get_settings().max_photo_pixels:,} "
                "(COTMOC_MAX_PHOTO_PIXELS)"
            ) from err
        except UnidentifiedImageError as err:
            raise Rejected(
                "photo: not a readable image: neither JPEG nor PNG, the formats accepted"
            ) from err
        except (OSError, SyntaxError, ValueError) as err:
            raise Rejected(f"photo: not a readable image ({_readable_reason(err)})") from err


def _exif(image: Image.Image) -> Image.Exif:
    """The EXIF block as the header holds it. (PNG's getexif() would decode every pixel to
    look for an eXIf chunk after the image data.) An unreadable block is ignored: EXIF only
    adds the time and place, the photo is kept as sent either way."""
    exif = Image.Exif()
    block = image.info.get("exif")
    if isinstance(block, bytes):
        try:
            exif.load(block)
        except Exception:  # noqa: BLE001 - Pillow raises many types on malformed EXIF
            return Image.Exif()
    return exif


def examine(data: bytes, limit: int, max_pixels: int) -> ImageFacts:
    """Refuse what is too large (bytes, or pixels by the header) or not a JPEG/PNG; read
    EXIF time and position. No pixel is decoded: photos are kept as sent."""
    if len(data) > limit:
        raise TooLarge(f"photo: {len(data)} bytes exceed the limit of {limit} bytes")
    with _open(data) as image:
        width, height = image.size
        if width * height > max_pixels:
            raise Rejected(
                f"photo: {width} × {height} pixels ({width * height:,}) exceed the "
                f"limit of {max_pixels:,} (COTMOC_MAX_PHOTO_PIXELS)"
            )
        exif = _exif(image)
        media_type, extension = MEDIA_TYPES[str(image.format)]
        try:
            image.verify()  # the structure (PNG chunk checksums), without decoding pixels
        except (OSError, SyntaxError, ValueError) as err:
            raise Rejected(f"photo: not a readable image ({_readable_reason(err)})") from err
    try:
        taken_at, lon_lat = _exif_time(exif), _exif_lon_lat(exif)
    except Exception:  # noqa: BLE001 - malformed EXIF directories: as if there were none
        taken_at, lon_lat = None, None
    return ImageFacts(media_type, extension, width, height, taken_at, lon_lat)


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


def _relative_path(sha256: str, extension: str) -> str:
    """Where a photo's bytes live, relative to the data folder: named by their hash."""
    return str(Path("photos") / sha256[:2] / f"{sha256}.{extension}")


def _store(data: bytes, relative: str) -> None:
    """Write the file under its hash (a retry rewrites the same bytes), to a temporary name
    first so that a crash leaves no half file under the final name."""
    target = get_settings().home / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)


async def get(conn: AsyncConnection[Any], photo_id: UUID) -> dict[str, Any]:
    """The stored photo's record (hash, type, size, EXIF time and position); NotFound
    when none has that id."""
    return await read_stored(conn, PHOTO_JSON, (photo_id,), f"photo {photo_id}")


async def _already_stored(
    conn: AsyncConnection[Any], column: str, photo_id: UUID, record_id: UUID, sha256: str
) -> UUID | None:
    """The id of the stored photo this upload repeats, or None when it is new.

    The same id with the same bytes for the same record is a retry; the same bytes for the
    same record under another id too. The same id with other bytes (or for another record)
    is a Conflict: the client reused an id, and dropping the new photo silently would lose
    it. ``column`` is the photo's link to its record (OWNERS)."""
    cur = await conn.execute(
        sql.SQL(
            "SELECT id, {column} AS record_id, sha256 FROM photos WHERE id = %s "
            "OR ({column} = %s AND sha256 = %s) ORDER BY id = %s DESC LIMIT 1"
        ).format(column=sql.Identifier(column)),
        (photo_id, record_id, sha256, photo_id),
    )
    row = await cur.fetchone()
    if row is None:
        return None
    if row["id"] == photo_id and (row["sha256"], row["record_id"]) != (sha256, record_id):
        raise Conflict(
            f"photo_id: photo {photo_id} is already stored with other bytes or for another "
            f"record (sha256 {row['sha256'][:16]}…); give a new photo its own id"
        )
    return UUID(str(row["id"]))


async def add(
    conn: AsyncConnection[Any],
    actor: Actor,
    record_id: UUID,
    photo_id: UUID,
    data: bytes,
    filename: str | None,
    kind: str = "inspection",
) -> tuple[bool, UUID]:
    """Attach a photo once to the inspection (or, with ``kind="maintenance"``, the damage
    report) ``record_id``. Returns (created, id of the stored photo); a retry is answered
    with the stored photo, a reused id with other bytes is a Conflict."""
    column, table, noun = OWNERS[kind]
    settings = get_settings()
    facts = examine(data, settings.max_photo_bytes, settings.max_photo_pixels)
    sha256 = hashlib.sha256(data).hexdigest()
    stored_path = _relative_path(sha256, facts.extension)
    lon_lat = facts.lon_lat

    async def stored_already(conn: AsyncConnection[Any]) -> bool:
        return await _already_stored(conn, column, photo_id, record_id, sha256) is not None

    async def insert() -> bool:
        cur = await conn.execute(
            sql.SQL(
                "INSERT INTO photos (id, {column}, sha256, media_type, size_bytes, width, "
                "height, stored_path, original_name, taken_at, geom, created_by) VALUES (%s, %s, "
                "%s, %s, %s, %s, %s, %s, %s, %s, CASE WHEN %s::float8 IS NULL THEN NULL ELSE "
                "ST_SetSRID(ST_MakePoint(%s::float8, %s::float8), 4326) END, %s) "
                "ON CONFLICT DO NOTHING RETURNING id"
            ).format(column=sql.Identifier(column)),
            (
                photo_id,
                record_id,
                sha256,
                facts.media_type,
                len(data),
                facts.width,
                facts.height,
                stored_path,
                filename,
                facts.taken_at,
                lon_lat and lon_lat[0],
                lon_lat and lon_lat[0],
                lon_lat and lon_lat[1],
                actor.name,
            ),
        )
        if await cur.fetchone() is None:
            return False
        # Written inside the transaction: if writing fails, no row points to a missing file.
        _store(data, stored_path)
        return True

    record = NewRecord(
        "photos",
        photo_id,
        f"photo {photo_id}",
        references=(
            Reference(table, "id", record_id, NotFound(f"{noun} {record_id} does not exist")),
        ),
        stored_already=stored_already,
    )
    if not await store_new(conn, actor, record, insert):
        # A retry, or a concurrent upload stored it first (its row is committed now): the
        # stored photo answers.
        existing = await _already_stored(conn, column, photo_id, record_id, sha256)
        return False, existing or photo_id
    return True, photo_id

"""Photos are kept exactly as uploaded (EXIF included) and read by their header only; a
reused photo_id with other bytes is a conflict, also when two uploads race."""

from __future__ import annotations

import hashlib
import io
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from fastapi.testclient import TestClient
from PIL import Image
from test_field_records import inspection, jpeg_with_exif

from gis import db

Api = tuple[TestClient, dict[str, dict[str, str]]]
Server = tuple[str, dict[str, dict[str, str]]]


def png_with_exif(taken: str) -> bytes:
    exif = Image.Exif()
    exif.get_ifd(0x8769)[36867] = taken
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "olive").save(buffer, "PNG", exif=exif.tobytes())
    return buffer.getvalue()


def test_photos_are_stored_byte_for_byte_with_their_exif(field_api: Api, field_home: Path) -> None:
    client, h = field_api
    body = inspection("585", None, None)
    assert client.post("/inspections", json=body, headers=h["guard"]).status_code == 201
    for data, kind, exif_time, taken in (
        (
            jpeg_with_exif(106.6, 16.6, "2024:05:02 09:30:00"),
            "image/jpeg",
            "2024:05:02 09:30:00",
            "2024-05-02T02:30:00",
        ),
        (
            png_with_exif("2024:05:03 07:00:00"),
            "image/png",
            "2024:05:03 07:00:00",
            "2024-05-03T00:00:00",
        ),
    ):
        answer = client.post(
            f"/inspections/{body['id']}/photos",
            headers=h["guard"],
            files={"photo": ("p", data, kind)},
        )
        assert answer.status_code == 201, answer.text
        photo = answer.json()
        assert photo["media_type"] == kind and photo["taken_at"].startswith(taken)
        (stored,) = (field_home / "photos").rglob(f"{photo['sha256']}.*")
        assert stored.read_bytes() == data
        assert photo["sha256"] == hashlib.sha256(data).hexdigest()
        with Image.open(stored) as kept:
            assert kept.getexif().get_ifd(0x8769)[36867] == exif_time


def test_two_uploads_racing_with_one_photo_id_and_other_bytes_one_wins_one_conflicts(
    field_server: Server, fresh_db: str, field_home: Path
) -> None:
    base, h = field_server
    body = inspection("585", None, None)
    photo_id = str(uuid.uuid4())
    photos = [
        jpeg_with_exif(106.6, 16.6, "2024:05:02 09:30:00", color=c)
        for c in ("red", "blue", "green", "white")
    ]
    with httpx.Client(base_url=base, timeout=60) as client:
        assert client.post("/inspections", json=body, headers=h["guard"]).status_code == 201

        def upload(data: bytes) -> int:
            return client.post(
                f"/inspections/{body['id']}/photos",
                headers=h["guard"],
                files={"photo": ("p.jpg", data, "image/jpeg")},
                data={"photo_id": photo_id},
            ).status_code

        with ThreadPoolExecutor(len(photos)) as pool:
            codes = sorted(pool.map(upload, photos))
    assert codes == [201] + [409] * (len(photos) - 1)
    with db.connect(fresh_db) as conn:
        (row,) = conn.execute("SELECT sha256 FROM photos WHERE id = %s", (photo_id,)).fetchall()
    # One file, the winner's: a refused upload leaves nothing in the photo store.
    assert [p.name for p in (field_home / "photos").rglob("*.jpg")] == [f"{row['sha256']}.jpg"]

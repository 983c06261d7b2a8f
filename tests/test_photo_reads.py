"""Photos read back (issue 11): the original byte for byte and a small thumbnail, only for
callers who may read the record; the photo lists of an inspection and of a marker."""

from __future__ import annotations

import io
import uuid

from fastapi.testclient import TestClient
from PIL import Image
from test_field_records import inspection, jpeg_with_exif

from gis import db

Api = tuple[TestClient, dict[str, dict[str, str]]]


def big_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), "teal").save(buffer, "JPEG")
    return buffer.getvalue()


def _inspection_with_photo(
    client: TestClient, guard: dict[str, str], data: bytes
) -> tuple[str, str]:
    body = inspection("585", None, None)
    assert client.post("/inspections", json=body, headers=guard).status_code == 201
    answer = client.post(
        f"/inspections/{body['id']}/photos",
        headers=guard,
        files={"photo": ("p.jpg", data, "image/jpeg")},
    )
    assert answer.status_code == 201, answer.text
    return body["id"], answer.json()["id"]


def test_a_photo_opens_full_size_and_as_a_thumbnail_for_its_readers(field_api: Api) -> None:
    client, h = field_api
    data = big_jpeg()
    inspection_id, photo_id = _inspection_with_photo(client, h["guard"], data)
    for role in ("ministry", "guard", "planner", "admin"):
        full = client.get(f"/photos/{photo_id}/original", headers=h[role])
        assert full.status_code == 200, (role, full.text)
        assert full.headers["content-type"] == "image/jpeg" and full.content == data
        assert "private" in full.headers["cache-control"]
    described = client.get(f"/photos/{photo_id}", headers=h["ministry"])  # what Location names
    assert described.status_code == 200 and described.json()["size_bytes"] == len(data)
    assert described.json()["inspection_id"] == inspection_id
    thumb = client.get(f"/photos/{photo_id}/thumbnail", headers=h["ministry"])
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/jpeg"
    with Image.open(io.BytesIO(thumb.content)) as small:
        assert small.size == (320, 240)
    assert len(thumb.content) < len(data)
    again = client.get(f"/photos/{photo_id}/thumbnail", headers=h["guard"])
    assert again.content == thumb.content  # made once, kept
    listed = client.get(f"/inspections/{inspection_id}/photos", headers=h["ministry"])
    assert [p["id"] for p in listed.json()] == [photo_id]
    by_marker = client.get("/markers/585/photos", headers=h["ministry"])
    assert photo_id in [p["id"] for p in by_marker.json()]


def test_anonymous_and_revoked_callers_get_no_photo(field_api: Api, fresh_db: str) -> None:
    client, h = field_api
    _, photo_id = _inspection_with_photo(
        client, h["guard"], jpeg_with_exif(106.6, 16.6, "2024:05:02 09:30:00")
    )
    paths = (f"/photos/{photo_id}", f"/photos/{photo_id}/original", f"/photos/{photo_id}/thumbnail")
    for path in (*paths, "/markers/585/photos"):
        answer = client.get(path)
        assert answer.status_code == 401, path
        assert answer.headers["content-type"].startswith("application/problem+json")
    with db.connect(fresh_db) as conn:
        conn.execute("UPDATE api_keys SET revoked_at = now() WHERE name = 'ministry1'")
    for path in paths:
        assert client.get(path, headers=h["ministry"]).status_code == 401, path


def test_unknown_photos_and_records_are_404(field_api: Api) -> None:
    client, h = field_api
    missing = uuid.uuid4()
    for path in (
        f"/photos/{missing}",
        f"/photos/{missing}/original",
        f"/photos/{missing}/thumbnail",
        f"/inspections/{missing}/photos",
        "/markers/no-such-marker/photos",
    ):
        answer = client.get(path, headers=h["planner"])
        assert answer.status_code == 404, (path, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
    assert client.get("/photos/not-a-uuid", headers=h["planner"]).status_code == 400

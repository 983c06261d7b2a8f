"""Every route that creates a record answers the same way: 201 with ETag and Location for a
new record, 200 with the same ETag and Location when a retry finds it stored; the Location
reads back the record with that ETag."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from test_field_records import inspection, jpeg_with_exif, marker_point, now

from gis.seed.load import border_lines
from gis.settings import get_settings

Api = tuple[TestClient, dict[str, dict[str, str]]]


def _patrol(client: TestClient, headers: dict[str, str], url: str) -> Callable[[], Response]:
    coords = border_lines()["savannakhet"]["geometry"]["coordinates"][:5]
    body = {
        "id": str(uuid.uuid4()),
        "started_at": now(-120),
        "ended_at": now(-60),
        "vn_unit": "Đồn BP Thanh",
        "track": {"type": "LineString", "coordinates": coords},
    }
    return lambda: client.post("/patrols", json=body, headers=headers)


def _inspection(client: TestClient, headers: dict[str, str], url: str) -> Callable[[], Response]:
    body = inspection("585", None, None)
    return lambda: client.post("/inspections", json=body, headers=headers)


def _damage(client: TestClient, headers: dict[str, str], url: str) -> Callable[[], Response]:
    body = {
        "id": str(uuid.uuid4()),
        "marker_code": "585",
        "cause": "landslide",
        "severity": "moderate",
        "description": "sạt lở taluy",
    }
    return lambda: client.post("/maintenance", json=body, headers=headers)


def _photo(client: TestClient, headers: dict[str, str], url: str) -> Callable[[], Response]:
    record = inspection("606(1)", None, None)
    assert client.post("/inspections", json=record, headers=headers).status_code == 201
    data = jpeg_with_exif(*marker_point(url, "606(1)"), "2024:05:02 09:30:00")
    photo_id = str(uuid.uuid4())
    return lambda: client.post(
        f"/inspections/{record['id']}/photos",
        headers=headers,
        files={"photo": ("moc.jpg", data, "image/jpeg")},
        data={"photo_id": photo_id},
    )


@pytest.mark.parametrize(
    "make",
    [_patrol, _inspection, _damage, _photo],
    ids=["patrol", "inspection", "damage_report", "photo"],
)
def test_created_then_existing_with_etag_and_location(
    field_api: Api, fresh_db: str, make: Callable[..., Callable[[], Response]]
) -> None:
    client, headers = field_api
    send = make(client, headers["guard"], fresh_db)
    first, again = send(), send()
    assert (first.status_code, again.status_code) == (201, 200), first.text
    for header in ("etag", "location"):
        assert first.headers[header] and first.headers[header] == again.headers[header]
    location = first.headers["location"]
    assert location.startswith(get_settings().public_base_url + "/")
    assert location.endswith("/" + str(first.json()["id"]))
    read = client.get(urlsplit(location).path, headers=headers["ministry"])
    assert read.status_code == 200, read.text
    assert read.headers["etag"] == first.headers["etag"]
    body: dict[str, Any] = read.json()
    assert body["id"] == first.json()["id"]

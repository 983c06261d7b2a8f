"""Bad input gets a 4xx problem+json naming the problem, and no table changes."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import table_counts_all
from fastapi.testclient import TestClient
from test_field_access import damage_body, patrol_body
from test_field_records import inspection, now

Api = tuple[TestClient, dict[str, dict[str, str]]]
EMPTY_GPX = (b'<?xml version="1.0"?><gpx version="1.1" creator="test" '
             b'xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg></trkseg></trk></gpx>')
PHOTO_LIMIT = 20 * 1024 * 1024
SEEDED_REPORTED_ID = "00000000-0000-4000-8000-00000000a001"

# name: (request, expected status, words the problem's detail must contain)
Send = Callable[[TestClient, dict[str, str], str], Any]


def photo_of(data: bytes, kind: str) -> Send:
    return lambda c, h, inspection_id: c.post(
        f"/inspections/{inspection_id}/photos", headers=h,
        files={"photo": ("photo.jpg", data, kind)})


CASES: dict[str, tuple[Send, int, tuple[str, ...]]] = {
    "unknown marker code": (
        lambda c, h, _: c.post("/inspections", json=inspection("999(9)", None, None),
                               headers=h), 422, ("marker_code", "999(9)")),
    "time more than 10 minutes in the future": (
        lambda c, h, _: c.post("/inspections", headers=h,
                               json=inspection("585", None, None, observed_at=now(11))),
        422, ("observed_at", "future")),
    "broken JSON": (
        lambda c, h, _: c.post("/patrols", content=b'{"id": "', headers={
            **h, "Content-Type": "application/json"}), 422, ("JSON",)),
    "oversize photo": (photo_of(b"\xff" * (PHOTO_LIMIT + 1), "image/jpeg"), 413,
                       ("photo", "limit")),
    "file that is not an image": (photo_of(b"%PDF-1.4 not a picture", "image/jpeg"), 422,
                                  ("photo", "not a readable image")),
    "GPX with no points": (
        lambda c, h, _: c.post("/patrols/gpx", headers=h,
                               files={"gpx": ("empty.gpx", EMPTY_GPX, "application/gpx+xml")},
                               data={"id": str(uuid.uuid4()), "vn_unit": "Đồn BP Thanh"}),
        422, ("gpx", "no track or route points")),
    "patrol track outside the stretch": (
        lambda c, h, _: c.post("/patrols", headers=h, json={
            **patrol_body(), "track": {"type": "LineString",
                                       "coordinates": [[105.85, 21.03], [105.86, 21.04]]}}),
        422, ("track", "outside the stretch")),
    "inspection position outside the stretch": (
        lambda c, h, _: c.post("/inspections", json=inspection("585", [106.0, 10.8], 5),
                               headers=h), 422, ("position", "outside the stretch")),
    "forbidden transition": (
        lambda c, h, _: c.post(
            f"/maintenance/{SEEDED_REPORTED_ID}/transitions",
            json={"to": "verified"}, headers={**h, "If-Match": '"1"'}),
        409, ("cannot go to 'verified'",)),
    "damage report without marker or position": (
        lambda c, h, _: c.post("/maintenance", headers=h, json={
            **damage_body(), "marker_code": None}), 422, ("marker_code or gives a position",)),
    "naive time without offset": (
        lambda c, h, _: c.post("/inspections", headers=h, json=inspection(
            "585", None, None, observed_at="2024-05-01T08:00:00")), 422, ("UTC offset",)),
}


@pytest.fixture
def prepared(field_api: Api, field_home: Path) -> tuple[TestClient, dict[str, str], str]:
    """An inspection to attach photos to and a reported damage record, made before counting."""
    client, headers = field_api
    body = inspection("585", None, None)
    assert client.post("/inspections", json=body, headers=headers["admin"]).status_code == 201
    damage = {**damage_body(), "id": SEEDED_REPORTED_ID}
    assert client.post("/maintenance", json=damage, headers=headers["admin"]).status_code == 201
    return client, headers["guard"], body["id"]


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_a_named_problem_and_changes_no_table(
        case: str, prepared: tuple[TestClient, dict[str, str], str], fresh_db: str,
        field_home: Path) -> None:
    client, guard, inspection_id = prepared
    send, status, words = CASES[case]
    before = table_counts_all(fresh_db)
    files_before = sorted(field_home.rglob("*"))
    answer = send(client, guard, inspection_id)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["status"] == status and problem["title"]
    for word in words:
        assert word in problem["detail"], problem
    assert table_counts_all(fresh_db) == before
    assert sorted(field_home.rglob("*")) == files_before

"""Patrols, inspections, photos, maintenance lifecycle and schedule on a real PostGIS."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from typing import Any

import gpxpy.gpx
import pytest
from db_support import one_row
from fastapi.testclient import TestClient
from PIL import Image
from pyproj import Geod
from shapely.geometry import LineString

from gis import db
from gis.seed.load import OFFICIAL_LENGTH_M, border_lines

GEOD = Geod(ellps="WGS84")
Api = tuple[TestClient, dict[str, dict[str, str]]]


def now(minutes: float = 0) -> str:
    return (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=minutes)).isoformat()


def marker_point(url: str, code: str) -> tuple[float, float]:
    with db.connect(url) as conn:
        row = one_row(
            conn.execute(
                "SELECT ST_X(registry_geom) AS x, ST_Y(registry_geom) AS y "
                "FROM markers WHERE code = %s",
                (code,),
            )
        )
    return row["x"], row["y"]


def offset(point: tuple[float, float], metres: float, azimuth: float = 45) -> list[float]:
    lon, lat, _ = GEOD.fwd(point[0], point[1], azimuth, metres)
    return [lon, lat]


def inspection(
    code: str, position: list[float] | None, accuracy: float | None, **extra: Any
) -> dict[str, Any]:
    body = {
        "id": str(uuid.uuid4()),
        "marker_code": code,
        "observed_at": now(-30),
        "condition": "intact",
        "vegetation_cleared": True,
        "accuracy_m": accuracy,
        "notes": "kiểm tra định kỳ",
        **extra,
    }
    if position:
        body["position"] = {"type": "Point", "coordinates": position}
    return body


def test_inspection_50_m_off_raises_an_alert_3_m_off_with_5_m_accuracy_does_not(
    field_api: Api, fresh_db: str
) -> None:
    client, headers = field_api
    registry = marker_point(fresh_db, "585")
    far = inspection("585", offset(registry, 50), 4)
    near = inspection("585", offset(registry, 3), 5)
    answers = [
        client.post("/inspections", json=body, headers=headers["guard"]) for body in (far, near)
    ]
    assert [a.status_code for a in answers] == [201, 201]
    far_doc, near_doc = (a.json() for a in answers)
    assert far_doc["displacement_m"] == pytest.approx(50, abs=0.05)
    assert near_doc["displacement_m"] == pytest.approx(3, abs=0.05)
    assert (far_doc["alert"], near_doc["alert"]) == (True, False)
    assert set(far) - {"id"} <= set(far_doc) and far_doc["position"]["type"] == "Point"
    alerts = client.get("/alerts", headers=headers["ministry"]).json()
    assert [(a["inspection_id"], a["marker_code"]) for a in alerts] == [(far["id"], "585")]
    assert alerts[0]["threshold_m"] == pytest.approx(12)  # max(3 × 4 m, 5 m)


def gpx_along_border(fraction: float) -> tuple[str, list[tuple[float, float]]]:
    """A GPX track following the first ``fraction`` of the shipped Savannakhet line."""
    coords = [tuple(c) for c in border_lines()["savannakhet"]["geometry"]["coordinates"]]
    coords = coords[: max(2, int(len(coords) * fraction))]
    document = gpxpy.gpx.GPX()
    track = gpxpy.gpx.GPXTrack()
    segment = gpxpy.gpx.GPXTrackSegment()
    start = dt.datetime(2024, 5, 2, 1, 0, tzinfo=dt.UTC)
    for i, (lon, lat) in enumerate(coords):
        segment.points.append(
            gpxpy.gpx.GPXTrackPoint(lat, lon, time=start + dt.timedelta(minutes=i))
        )
    track.segments.append(segment)
    document.tracks.append(track)
    return document.to_xml(), coords


def test_gpx_track_along_the_border_has_the_pyproj_length_and_finds_the_markers_passed(
    field_api: Api, fresh_db: str
) -> None:
    client, headers = field_api
    xml, coords = gpx_along_border(0.5)
    patrol_id = str(uuid.uuid4())
    answer = client.post(
        "/patrols/gpx",
        headers=headers["guard"],
        files={"gpx": ("track.gpx", xml.encode(), "application/gpx+xml")},
        data={
            "id": patrol_id,
            "vn_unit": "Đồn Biên phòng CKQT Lao Bảo",
            "la_unit": "Đại đội Biên phòng 320",
            "joint": "true",
            "participants": ["Nguyễn Văn A", "Xaysana B"],
        },
    )
    assert answer.status_code == 201, answer.text
    patrol = answer.json()
    expected_m = GEOD.geometry_length(LineString(coords))
    assert patrol["length_m"] == pytest.approx(expected_m, rel=0.005)
    assert patrol["joint"] is True and patrol["participants"] == ["Nguyễn Văn A", "Xaysana B"]
    assert patrol["started_at"].startswith("2024-05-02T01:00:00")
    # Markers sit on the line at chainage scaled to its measured length: those clearly before
    # the end of the track are passed, those clearly beyond are not.
    with db.connect(fresh_db) as conn:
        rows = conn.execute(
            "SELECT m.code, m.chainage_m * s.measured_length_m / %s AS along_m FROM markers m "
            "JOIN marker_positions p ON p.id = m.position_id "
            "JOIN border_sections s ON s.id = p.section_id",
            (OFFICIAL_LENGTH_M,),
        ).fetchall()
    before = {r["code"] for r in rows if r["along_m"] < expected_m - 300}
    beyond = {r["code"] for r in rows if r["along_m"] > expected_m + 300}
    passed = set(patrol["markers_passed"])
    assert before and beyond
    assert before <= passed and not passed & beyond
    # The same file again is the same patrol.
    again = client.post(
        "/patrols/gpx",
        headers=headers["guard"],
        files={"gpx": ("track.gpx", xml.encode(), "application/gpx+xml")},
        data={"id": patrol_id, "vn_unit": "Đồn Biên phòng CKQT Lao Bảo"},
    )
    assert again.status_code == 200 and again.json()["id"] == patrol_id


def test_patrol_json_keeps_the_interface_names(field_api: Api) -> None:
    client, headers = field_api
    coords = border_lines()["savannakhet"]["geometry"]["coordinates"][:5]
    body: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "started_at": now(-120),
        "ended_at": now(-60),
        "vn_unit": "Đồn BP Thanh",
        "la_unit": None,
        "joint": False,
        "participants": [],
        "track": {"type": "LineString", "coordinates": coords},
        "notes": None,
    }
    answer = client.post("/patrols", json=body, headers=headers["planner"])
    assert answer.status_code == 201
    doc = answer.json()
    assert set(body) <= set(doc) and doc["track"]["type"] == "MultiLineString"
    assert answer.headers["etag"] == '"1"'
    read = client.get(f"/patrols/{body['id']}", headers=headers["ministry"])
    assert read.status_code == 200 and read.json()["length_m"] == doc["length_m"]


def jpeg_with_exif(lon: float, lat: float, taken: str, color: str = "green") -> bytes:
    image = Image.new("RGB", (64, 48), color)
    exif = Image.Exif()
    exif.get_ifd(0x8769)[36867] = taken
    gps = exif.get_ifd(0x8825)

    def dms(value: float) -> tuple[float, float, float]:
        degrees = int(value)
        minutes = int((value - degrees) * 60)
        return (degrees, minutes, round(((value - degrees) * 60 - minutes) * 60, 4))

    gps.update({1: "N", 2: dms(lat), 3: "E", 4: dms(lon)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def test_photo_upload_reads_exif_and_recognises_duplicates(
    field_api: Api, fresh_db: str, field_home
) -> None:
    client, headers = field_api
    body = inspection("606(1)", None, None)
    assert client.post("/inspections", json=body, headers=headers["guard"]).status_code == 201
    lon, lat = marker_point(fresh_db, "606(1)")
    data = jpeg_with_exif(lon, lat, "2024:05:02 09:30:00")
    url = f"/inspections/{body['id']}/photos"
    first = client.post(
        url,
        headers=headers["guard"],
        files={"photo": ("moc.jpg", data, "image/jpeg")},
        data={"photo_id": str(uuid.uuid4())},
    )
    assert first.status_code == 201, first.text
    photo = first.json()
    assert photo["media_type"] == "image/jpeg" and (photo["width"], photo["height"]) == (64, 48)
    assert photo["taken_at"].startswith("2024-05-02T02:30:00")  # 09:30 at UTC+7
    got_lon, got_lat = photo["position"]["coordinates"]
    assert GEOD.inv(lon, lat, got_lon, got_lat)[2] < 1
    stored = list((field_home / "photos").rglob("*.jpg"))
    assert [p.name for p in stored] == [f"{photo['sha256']}.jpg"]
    # Same bytes under a new id, and the same id again: one photo, answered as a duplicate.
    for photo_id in (str(uuid.uuid4()), photo["id"]):
        again = client.post(
            url,
            headers=headers["guard"],
            files={"photo": ("moc.jpg", data, "image/jpeg")},
            data={"photo_id": photo_id},
        )
        assert again.status_code == 200 and again.json()["duplicate"] is True
        assert again.json()["id"] == photo["id"]
    with db.connect(fresh_db) as conn:
        assert one_row(conn.execute("SELECT count(*) AS n FROM photos"))["n"] == 1


def report(client: TestClient, headers: dict[str, str], code: str = "607(2)") -> dict[str, Any]:
    body = {
        "id": str(uuid.uuid4()),
        "marker_code": code,
        "cause": "landslide",
        "severity": "severe",
        "observed_on": dt.date.today().isoformat(),
        "description": "Sạt lở bờ sông Sê Pôn cạnh mốc",
    }
    answer = client.post("/maintenance", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return answer.json()


def step(
    client: TestClient, headers: dict[str, str], record_id: str, to: str, version: int | None
) -> Any:
    extra = {} if version is None else {"If-Match": f'"{version}"'}
    return client.post(
        f"/maintenance/{record_id}/transitions",
        json={"to": to, "note": to},
        headers={**headers, **extra},
    )


def test_maintenance_lifecycle_each_step_by_its_role_with_its_history(field_api: Api) -> None:
    client, h = field_api
    record = report(client, h["guard"])
    assert (record["status"], record["version"]) == ("reported", 1)
    walk = [
        ("planner", "assessed"),
        ("planner", "repair_proposed"),
        ("admin", "approved"),
        ("guard", "in_repair"),
        ("guard", "repaired"),
        ("planner", "verified"),
        ("planner", "closed"),
    ]
    for version, (role, to) in enumerate(walk, start=1):
        answer = step(client, h[role], record["id"], to, version)
        assert answer.status_code == 200, answer.text
        assert answer.headers["etag"] == f'"{version + 1}"'
    read = client.get(f"/maintenance/{record['id']}", headers=h["ministry"]).json()
    assert read["status"] == "closed" and read["version"] == 8
    assert [e["to_status"] for e in read["history"]] == ["reported"] + [to for _, to in walk]
    assert [e["actor"] for e in read["history"]][:3] == ["guard1", "planner1", "planner1"]


def test_stale_or_missing_if_match_changes_nothing(field_api: Api) -> None:
    client, h = field_api
    record = report(client, h["guard"])
    assert step(client, h["planner"], record["id"], "assessed", 1).status_code == 200
    stale = step(client, h["planner"], record["id"], "repair_proposed", 1)
    assert stale.status_code == 412
    assert stale.headers["content-type"] == "application/problem+json"
    assert stale.json()["current_version"] == 2 and stale.headers["etag"] == '"2"'
    missing = step(client, h["planner"], record["id"], "repair_proposed", None)
    assert missing.status_code == 428
    read = client.get(f"/maintenance/{record['id']}", headers=h["planner"]).json()
    assert (read["status"], read["version"], len(read["history"])) == ("assessed", 2, 2)


def test_inspections_due_follow_the_monthly_policy_and_per_marker_overrides(field_api: Api) -> None:
    client, h = field_api
    due = client.get("/inspections/due?within=7d", headers=h["guard"]).json()
    assert len(due) == 66 and all(d["overdue"] and d["last_inspection"] is None for d in due)
    recent = inspection("585", None, None, observed_at=now(-60 * 24 * 10))  # 10 days ago
    assert client.post("/inspections", json=recent, headers=h["guard"]).status_code == 201
    due = {
        d["marker_code"]: d
        for d in client.get("/inspections/due?within=7d", headers=h["guard"]).json()
    }
    assert "585" not in due and len(due) == 65  # next due in ~20 days
    # A weekly policy for 585 makes it overdue; a 30-day horizon lists it under the default.
    policy = client.put(
        "/inspections/policy", json={"marker_code": "585", "every_days": 7}, headers=h["planner"]
    )
    assert policy.status_code == 200, policy.text
    due = {
        d["marker_code"]: d
        for d in client.get("/inspections/due?within=1d", headers=h["guard"]).json()
    }
    assert due["585"]["overdue"] and due["585"]["last_inspection"]["id"] == recent["id"]
    assert due["585"]["every_days"] == 7
    bad = client.get("/inspections/due?within=soon", headers=h["guard"])
    assert bad.status_code == 400 and "within" in bad.json()["detail"]


@pytest.mark.parametrize(("offset_m", "passed"), [(190, True), (210, False)])
def test_a_marker_is_passed_within_200_m_of_the_track(
    field_api: Api, fresh_db: str, offset_m: float, passed: bool
) -> None:
    """A straight 600 m track running north–south ``offset_m`` east of marker 585."""
    client, headers = field_api
    with db.connect(fresh_db) as conn:
        lon, lat = one_row(
            conn.execute(
                "SELECT ST_X(registry_geom) AS x, ST_Y(registry_geom) AS y "
                "FROM markers WHERE code = '585'"
            )
        ).values()
    east_lon, east_lat, _ = GEOD.fwd(lon, lat, 90, offset_m)
    north = GEOD.fwd(east_lon, east_lat, 0, 300)[:2]
    south = GEOD.fwd(east_lon, east_lat, 180, 300)[:2]
    body = {
        "id": str(uuid.uuid4()),
        "started_at": now(-120),
        "ended_at": now(-60),
        "vn_unit": "Đồn BP Lao Bảo",
        "track": {"type": "LineString", "coordinates": [north, south]},
    }
    answer = client.post("/patrols", headers=headers["guard"], json=body)
    assert answer.status_code == 201, answer.text
    assert ("585" in answer.json()["markers_passed"]) is passed

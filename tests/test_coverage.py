"""Patrol coverage per border segment (issue 13 item 2): three tracks laid along known
chainage ranges (one joint), each segment's covered share checked against a computation done
here with pyproj and shapely by sampling, and the policy verdicts."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import numpy as np
import psycopg
import pytest
import shapely
from db_support import one_row
from db_urls import app_url
from fastapi.testclient import TestClient
from pyproj import Geod, Transformer
from shapely.geometry import LineString, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import substring

from gis import db
from gis.coverage import CoverageError, segment_coverage

Api = tuple[TestClient, dict[str, dict[str, str]]]
GEOD = Geod(ellps="WGS84")
TO_UTM = Transformer.from_crs("EPSG:4326", "EPSG:32648", always_xy=True)
TO_WGS84 = Transformer.from_crs("EPSG:32648", "EPSG:4326", always_xy=True)
MARCH = {"from": "2025-03-01", "to": "2025-03-31"}
OFFICIAL_M = 108_476.0
DISTANCE_M = 200.0
# (chainage from, to, sideways offset in m, joint, start): three in March, one in February.
TRACKS = {
    "joint": (0, 22_000, 60, True, dt.datetime(2025, 3, 10, 1, tzinfo=dt.UTC)),
    "vn_long": (15_000, 40_000, -150, False, dt.datetime(2025, 3, 12, 1, tzinfo=dt.UTC)),
    "vn_short": (60_500, 61_500, 20, False, dt.datetime(2025, 3, 20, 1, tzinfo=dt.UTC)),
    "february": (88_000, 95_000, 0, True, dt.datetime(2025, 2, 5, 1, tzinfo=dt.UTC)),
}


def reproject(geom: BaseGeometry, transformer: Transformer) -> LineString:
    """A line moved to another CRS, point by point."""
    assert isinstance(geom, LineString), geom.geom_type
    return shapely.transform(
        geom, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))
    )


def utm_line(url: str) -> LineString:
    with db.connect(url) as conn:
        text = one_row(
            conn.execute(
                "SELECT ST_AsGeoJSON(geom) AS g FROM border_sections WHERE code = 'savannakhet'"
            )
        )["g"]
    return reproject(shape(json.loads(text)), TO_UTM)


def track_along(line: LineString, start_m: float, end_m: float, offset_m: float) -> LineString:
    """The line between two chainages (official scale, taken as shares of its length), moved
    ``offset_m`` sideways, in UTM."""
    share = line.length / OFFICIAL_M
    piece = substring(line, start_m * share, end_m * share)
    assert isinstance(piece, LineString)
    if not offset_m:
        return piece
    moved = piece.offset_curve(offset_m)
    assert isinstance(moved, LineString)
    return moved


def post_patrols(api: Api, line: LineString) -> dict[str, LineString]:
    client, headers = api
    laid = {}
    for name, (start_m, end_m, offset, joint, started) in TRACKS.items():
        track = track_along(line, start_m, end_m, offset)
        coords = [list(TO_WGS84.transform(x, y)) for x, y in track.coords]
        answer = client.post(
            "/patrols",
            headers=headers["guard"],
            json={
                "id": str(uuid.uuid4()),
                "started_at": started.isoformat(),
                "ended_at": (started + dt.timedelta(hours=6)).isoformat(),
                "vn_unit": "Đồn Biên phòng Cửa khẩu Quốc tế Lao Bảo",
                "la_unit": "Đại đội Biên phòng 320" if joint else None,
                "joint": joint,
                "track": {"type": "LineString", "coordinates": coords},
            },
        )
        assert answer.status_code == 201, answer.text
        laid[name] = track
    return laid


def sampled_share(segment: LineString, tracks: list[LineString], step_m: float = 2.0) -> float:
    """The share of sample points along ``segment`` (UTM) within 200 m of any track."""
    if not tracks:
        return 0.0
    union = shapely.union_all(tracks)
    count = max(2, int(segment.length / step_m) + 1)
    points = shapely.line_interpolate_point(
        segment, [i / (count - 1) for i in range(count)], normalized=True
    )
    return float((shapely.distance(union, points) <= DISTANCE_M).mean())


def segments_utm(client: TestClient) -> dict[str, LineString]:
    answer = client.get(
        "/collections/border_segments/items", params={"limit": 100, "section": "savannakhet"}
    )
    return {f["id"]: reproject(shape(f["geometry"]), TO_UTM) for f in answer.json()["features"]}


@pytest.fixture
def laid(field_api: Api, fresh_db: str) -> dict[str, LineString]:
    return post_patrols(field_api, utm_line(fresh_db))


def patrol_body(track: LineString, started: dt.datetime) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "started_at": started.isoformat(),
        "ended_at": (started + dt.timedelta(hours=3)).isoformat(),
        "vn_unit": "Đồn Biên phòng Cửa khẩu Quốc tế Lao Bảo",
        "joint": False,
        "track": {
            "type": "LineString",
            "coordinates": [list(TO_WGS84.transform(x, y)) for x, y in track.coords],
        },
    }


def test_shares_match_an_independent_computation(
    field_api: Api, fresh_db: str, laid: dict[str, LineString]
) -> None:
    client, headers = field_api
    answer = client.get("/coverage", params=MARCH, headers=headers["ministry"])
    assert answer.status_code == 200, answer.text
    body = answer.json()
    rows = {r["segment_id"]: r for r in body["segments"]}
    geometry = segments_utm(client)
    assert set(geometry) <= set(rows) and "salavan:start..end" in rows
    march = [laid["joint"], laid["vn_long"], laid["vn_short"]]
    for segment_id, segment in geometry.items():
        row = rows[segment_id]
        assert row["distance_m"] == DISTANCE_M
        assert row["covered_share"] == pytest.approx(sampled_share(segment, march), abs=0.01)
        assert row["joint_share"] == pytest.approx(
            sampled_share(segment, [laid["joint"]]), abs=0.01
        )
        assert row["vn_only_share"] == pytest.approx(
            sampled_share(segment, [laid["vn_long"], laid["vn_short"]]), abs=0.01
        )
        # one joint patrol a month covering half of the segment
        assert row["meets_policy"] is (row["joint_share"] >= 0.5), segment_id
        assert row["windows"] == 1
    first = rows["savannakhet:576+865m..577"]
    assert first["covered_share"] == pytest.approx(1.0, abs=0.01)
    assert first["joint_patrols"] == 1 and first["meets_policy"]
    assert first["last_joint_patrolled_at"].startswith("2025-03-10")
    partial = [r for r in rows.values() if 0.2 < r["vn_only_share"] < 0.8 and not r["joint_share"]]
    assert partial and all(not r["meets_policy"] for r in partial)  # the short VN track
    vn_only = [r for r in rows.values() if r["vn_only_share"] > 0.99 and r["joint_share"] == 0]
    assert vn_only and all(not r["meets_policy"] for r in vn_only)
    # passed in February only: no coverage in March, but its last patrol is known
    south = next(r for r in rows.values() if r["from_chainage_m"] >= 90_000)
    assert south["covered_share"] == 0 and south["patrols"] == 0
    assert south["last_patrolled_at"].startswith("2025-02-05")
    assert not south["meets_policy"]
    met = sum(r["meets_policy"] for r in rows.values())
    assert met == 10  # 0 … 22 km and its 200 m reach: the first ten segments


def test_the_python_function_gives_the_same_figures(
    field_api: Api, fresh_db: str, laid: dict[str, LineString]
) -> None:
    client, headers = field_api
    api_rows = client.get(
        "/coverage", params={**MARCH, "section": "savannakhet"}, headers=headers["planner"]
    ).json()["segments"]
    with db.connect(fresh_db) as conn:
        rows = segment_coverage(conn, dt.date(2025, 3, 1), dt.date(2025, 3, 31), "savannakhet")
        with pytest.raises(CoverageError, match="section"):
            segment_coverage(conn, dt.date(2025, 3, 1), dt.date(2025, 3, 31), "nowhere")
        with pytest.raises(CoverageError, match="before"):
            segment_coverage(conn, dt.date(2025, 3, 31), dt.date(2025, 3, 1))
    assert len(rows) == 49
    assert [r.segment_id for r in rows] == [r["segment_id"] for r in api_rows]
    assert [round(r.covered_share, 9) for r in rows] == [
        round(r["covered_share"], 9) for r in api_rows
    ]
    assert rows[0].from_markers == ("576+865m",) and rows[0].to_markers == ("577",)
    assert sum(r.length_m for r in rows) == pytest.approx(sum(r["length_m"] for r in api_rows))
    # on a connection with plain tuple rows (as the bench's) the figures are the same
    with psycopg.connect(app_url(fresh_db)) as plain:
        tuples = segment_coverage(plain, dt.date(2025, 3, 1), dt.date(2025, 3, 31), "savannakhet")
    assert tuples == rows


def test_a_section_policy_changes_the_verdicts(field_api: Api, laid: dict[str, LineString]) -> None:
    client, headers = field_api
    # every 14 days: March has three windows, the joint patrol fell in the first only
    answer = client.put(
        "/coverage/policy",
        headers=headers["planner"],
        json={"section": "savannakhet", "every_days": 14},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["every_days"] == 14 and answer.json()["min_share"] == 0.5
    rows = client.get("/coverage", params=MARCH, headers=headers["planner"]).json()["segments"]
    covered = [r for r in rows if r["joint_share"] > 0.99]
    assert covered and all(r["windows"] == 3 and r["windows_met"] == 1 for r in covered)
    assert not any(r["meets_policy"] for r in rows if r["section"] == "savannakhet")
    # a monthly window again, but the joint patrol must cover all of a segment
    client.put(
        "/coverage/policy",
        headers=headers["planner"],
        json={"section": "savannakhet", "every_days": 31, "min_share": 1.0},
    )
    rows = client.get("/coverage", params=MARCH, headers=headers["planner"]).json()["segments"]
    assert all(
        r["meets_policy"] is (r["joint_share"] >= 0.999999)
        for r in rows
        if r["section"] == "savannakhet"
    )
    # a guard may not set it; a wrong value is refused and changes nothing
    assert (
        client.put(
            "/coverage/policy",
            headers=headers["guard"],
            json={"section": "savannakhet", "every_days": 7},
        ).status_code
        == 403
    )
    for wrong in (
        {"section": "savannakhet", "min_share": 1.5},
        {"section": "savannakhet", "distance_m": -3},
        {"section": "nowhere", "every_days": 7},
        {"section": "savannakhet", "every": 7},
    ):
        refused = client.put("/coverage/policy", headers=headers["planner"], json=wrong)
        assert refused.status_code == 422, wrong
        assert refused.headers["content-type"] == "application/problem+json"
    policy = client.get("/coverage", params=MARCH, headers=headers["planner"]).json()
    assert {
        r["policy_every_days"] for r in policy["segments"] if r["section"] == "savannakhet"
    } == {31}


def test_geojson_and_bad_requests(field_api: Api, laid: dict[str, LineString]) -> None:
    client, headers = field_api
    answer = client.get("/coverage", params={**MARCH, "f": "geojson"}, headers=headers["ministry"])
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/geo+json")
    features = answer.json()["features"]
    assert len(features) == 50 and features[0]["geometry"]["type"] == "LineString"
    assert {
        "covered_share",
        "joint_share",
        "vn_only_share",
        "meets_policy",
        "last_patrolled_at",
        "policy_every_days",
    } <= set(features[0]["properties"])
    assert "geom" not in features[0]["properties"]
    assert client.get("/coverage", params=MARCH).status_code == 401
    for params, where in (
        ({"from": "2025-03-31", "to": "2025-03-01"}, "to"),
        ({**MARCH, "section": "nowhere"}, "section"),
        ({**MARCH, "bogus": "1"}, "bogus"),
        ({"from": "2025-03-01"}, "to"),
        ({"from": "2025-02-30", "to": "2025-03-01"}, "from"),
        ({"from": "2000-01-01", "to": "2025-03-01"}, "to"),
    ):
        refused = client.get("/coverage", params=params, headers=headers["ministry"])
        assert refused.status_code in (400, 422), params
        assert refused.headers["content-type"] == "application/problem+json"
        assert where in refused.text


def test_markers_a_patrol_passed_are_seen(field_api: Api, laid: dict[str, LineString]) -> None:
    client, headers = field_api
    due = {
        r["marker_code"]: r
        for r in client.get(
            "/inspections/due", params={"within": "7d"}, headers=headers["planner"]
        ).json()
    }
    assert due["577"]["last_seen_at"].startswith("2025-03-10")  # by the joint patrol
    assert due["607(1)"]["last_seen_at"] is None
    assert due["577"]["last_inspection"] is None  # seen is not inspected


def test_marker_page_says_when_a_patrol_last_passed(
    field_api: Api, laid: dict[str, LineString]
) -> None:
    client, headers = field_api
    page = client.get("/maps/markers/577", headers=headers["planner"])
    assert page.status_code == 200
    # ended 07:00 UTC, shown on the border's clock
    assert "Tuần tra đi qua gần nhất (đã thấy, chưa phải kiểm tra): 2025-03-10 14:00" in page.text
    never = client.get("/maps/markers/607(1)", params={"lang": "en"}, headers=headers["planner"])
    assert "No patrol has passed" in never.text
    anonymous = client.get("/maps/markers/577")
    assert "cotmoc-seen" not in anonymous.text  # patrols are not public


def test_collection_of_this_months_coverage_is_for_signed_in_readers(field_api: Api) -> None:
    client, headers = field_api
    assert client.get("/collections/patrol_coverage/items").status_code == 401
    answer = client.get(
        "/collections/patrol_coverage/items", params={"limit": 100}, headers=headers["ministry"]
    )
    assert answer.status_code == 200, answer.text
    features = answer.json()["features"]
    assert len(features) == 50
    assert {f["properties"]["share_band"] for f in features} == {"uncovered"}
    assert not any(f["properties"]["meets_policy"] for f in features)


def test_a_withdrawn_patrol_covers_nothing(
    field_api: Api, fresh_db: str, laid: dict[str, LineString]
) -> None:
    client, headers = field_api
    before = client.get("/coverage", params=MARCH, headers=headers["planner"]).json()["segments"]
    assert any(s["covered_share"] > 0 for s in before)
    with db.connect(fresh_db) as conn:
        ids = [str(r["id"]) for r in conn.execute("SELECT id FROM patrols").fetchall()]
    for patrol_id in ids:  # a double entry, say: each one taken back by the guard
        gone = client.post(
            f"/patrols/{patrol_id}/withdrawal",
            json={"reason": "nhập trùng"},
            headers={**headers["guard"], "If-Match": '"1"'},
        )
        assert gone.status_code == 200, gone.text
    after = client.get("/coverage", params=MARCH, headers=headers["planner"]).json()["segments"]
    assert [s["segment_id"] for s in after] == [s["segment_id"] for s in before]
    assert all(s["covered_share"] == 0 and s["patrols"] == 0 for s in after)
    assert all(s["last_patrolled_at"] is None for s in after)


SEEN_REFERENCE = """
SELECT m.code, last_seen_by_patrol(m.registry_geom, 200) AS seen,
       (SELECT max(p.ended_at) FROM patrols p
        WHERE p.withdrawn_at IS NULL
          AND ST_DWithin(p.track::geography, m.registry_geom::geography, 200)) AS reference
FROM markers m WHERE m.registry_geom IS NOT NULL ORDER BY m.code
"""


def test_last_seen_is_the_newest_patrol_that_passed_and_not_a_withdrawn_one(
    field_api: Api, fresh_db: str, laid: dict[str, LineString]
) -> None:
    client, headers = field_api
    # A newer patrol over the joint one's stretch, then withdrawn: it passed nothing.
    track = track_along(utm_line(fresh_db), 0, 22_000, 30)
    started = dt.datetime(2025, 4, 2, 1, tzinfo=dt.UTC)
    body = patrol_body(track, started)
    assert client.post("/patrols", headers=headers["guard"], json=body).status_code == 201
    with db.connect(fresh_db) as conn:
        newest = conn.execute(
            "SELECT last_seen_by_patrol(registry_geom, 200) AS at FROM markers WHERE code = '577'"
        ).fetchone()
    assert newest is not None and newest["at"] == started + dt.timedelta(hours=3)
    gone = client.post(
        f"/patrols/{body['id']}/withdrawal",
        json={"reason": "nhập nhầm"},
        headers={**headers["guard"], "If-Match": '"1"'},
    )
    assert gone.status_code == 200, gone.text
    with db.connect(fresh_db) as conn:
        rows = conn.execute(SEEN_REFERENCE).fetchall()
    assert [(r["code"], r["seen"]) for r in rows] == [(r["code"], r["reference"]) for r in rows]
    seen = {r["code"]: r["seen"] for r in rows}
    assert seen["577"] == TRACKS["joint"][4] + dt.timedelta(hours=6)  # not April's withdrawn
    assert sum(s is not None for s in seen.values()) >= 10 and seen["607(1)"] is None

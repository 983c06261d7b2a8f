"""Real GPS files are accepted, not refused whole: elevations, repeated points, a segment
where the receiver stood still, a one-point segment and a lost fix are cleaned, and the
answer says what was cleaned. The stored track is exactly what the cleaning kept."""

from __future__ import annotations

import datetime as dt
import struct
import uuid

import numpy as np
import pyarrow as pa
import pytest
import shapely
from bad_inputs import along_border, gpx, gpx_points
from db_support import one_row
from fastapi.testclient import TestClient
from test_field_access import patrol_body

from gis import db
from gis.field.gpx import _positions, _span, parse
from gis.field.tracks import TrackRefused, clean

Api = tuple[TestClient, dict[str, dict[str, str]]]
START = dt.datetime(2024, 5, 2, 1, 0, tzinfo=dt.UTC)


def stored_track(url: str, patrol_id: str) -> dict[str, int]:
    with db.connect(url) as conn:
        return one_row(
            conn.execute(
                "SELECT ST_NPoints(track) AS points, ST_NDims(track) AS dims, "
                "ST_NumGeometries(track) AS lines FROM patrols WHERE id = %s",
                (patrol_id,),
            )
        )


def receiver_file() -> tuple[bytes, dict[str, int]]:
    """A receiver's day: 30 points walked with elevations, standing still 4 times over at
    one point, a lost fix (NaN), then a segment standing in one place and a one-point
    segment after a restart."""
    walked = gpx_points(along_border(30, step_deg=1e-5), START, ele=312.5)
    walked[10:10] = [
        dict(walked[9], time=START + dt.timedelta(seconds=46 + i)) for i in range(4)
    ]  # four repeats of point 10
    walked.insert(20, {"lat": "nan", "lon": "nan", "time": START + dt.timedelta(seconds=95)})
    standing = [
        dict(walked[-1], time=START + dt.timedelta(minutes=10, seconds=i)) for i in range(6)
    ]
    lone = [dict(walked[0], time=START + dt.timedelta(minutes=20))]
    expected = {
        "vertices_received": 30 + 4 + 1 + 6 + 1,
        "vertices_kept": 30,
        "z_dropped": 30 + 4 + 6 + 1,
        "m_dropped": 0,
        "repeated_points_removed": 4 + 5,
        "segments_received": 3,
        "segments_dropped": 2,
        "points_without_position": 1,
    }
    return gpx([walked, standing, lone]), expected


def test_a_receivers_gpx_file_is_cleaned_and_the_answer_says_how(
    field_api: Api, fresh_db: str
) -> None:
    client, h = field_api
    data, expected = receiver_file()
    patrol_id = str(uuid.uuid4())
    answer = client.post(
        "/patrols/gpx",
        headers=h["guard"],
        files={"gpx": ("day.gpx", data, "application/gpx+xml")},
        data={"id": patrol_id, "vn_unit": "Đồn BP Thanh"},
    )
    assert answer.status_code == 201, answer.text
    patrol = answer.json()
    assert patrol["cleaning"] == expected
    assert patrol["started_at"].startswith("2024-05-02T01:00:00")
    assert patrol["ended_at"].startswith("2024-05-02T01:20:00")
    assert stored_track(fresh_db, patrol_id) == {"points": 30, "dims": 2, "lines": 1}
    # The answer leaves the track out (the receiver's file may hold 50,000 points); a later
    # read shows the stored track, and what was cleaned belongs to the upload's answer.
    assert patrol["track"] is None
    stored = client.get(answer.headers["Location"], headers=h["guard"]).json()
    assert len(stored["track"]["coordinates"][0]) == 30 and stored["cleaning"] is None


def test_a_geojson_track_with_z_m_and_repeats_is_stored_as_lon_lat(
    field_api: Api, fresh_db: str
) -> None:
    client, h = field_api
    body = patrol_body()
    coords = body["track"]["coordinates"]
    line = [[*coords[0], 300, 0], [*coords[0], 300, 1]] + [[*c, 301, 2] for c in coords[1:]]
    body["track"] = {
        "type": "MultiLineString",
        "coordinates": [line, [[*coords[1], 5.0]] * 3],
    }  # the second stood still
    answer = client.post("/patrols", json=body, headers=h["guard"])
    assert answer.status_code == 201, answer.text
    assert answer.json()["cleaning"] == {
        "vertices_received": len(line) + 3,
        "vertices_kept": len(coords),
        "z_dropped": len(line) + 3,
        "m_dropped": len(line),
        "repeated_points_removed": 1 + 2,
        "segments_received": 2,
        "segments_dropped": 1,
        "points_without_position": 0,
    }
    assert stored_track(fresh_db, body["id"]) == {"points": len(coords), "dims": 2, "lines": 1}


def test_a_clean_track_is_stored_as_sent_and_says_nothing_was_cleaned(field_api: Api) -> None:
    client, h = field_api
    body = patrol_body()
    answer = client.post("/patrols", json=body, headers=h["guard"])
    cleaning = answer.json()["cleaning"]
    n = len(body["track"]["coordinates"])
    assert cleaning["vertices_received"] == cleaning["vertices_kept"] == n
    stored = client.get(answer.headers["Location"], headers=h["guard"]).json()
    assert stored["track"]["coordinates"] == [body["track"]["coordinates"]]


def test_gpx_routes_and_several_tracks_become_lines(tmp_path) -> None:
    walked = along_border(4, step_deg=1e-5)
    data = gpx([gpx_points(walked)]).replace(
        b"</trk>",
        b'</trk><trk><trkseg><trkpt lat="16.61" lon="106.61"/>'
        b'<trkpt lat="16.62" lon="106.62"/></trkseg></trk><rte><rtept lat="16.5" lon="106.5"/>'
        b'<rtept lat="16.51" lon="106.51"/></rte>',
    )
    parsed = parse(data)
    assert [len(line) for line in parsed.lines] == [4, 2, 2]
    assert parsed.lines[1].tolist() == [[106.61, 16.61], [106.62, 16.62]]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([[[106.5, 16.5]] * 4], "two distinct points"),
        ([[[106.5, 16.5], [float("nan"), 16.6]]], "vertex 2: a coordinate is NaN"),
        ([[[106.5, 16.5], [106.6]]], "vertex 2: a position is an array of 2 to 4 numbers"),
        ([[[106.5, 16.5], [106.6, 96.0]]], "longitude, latitude in WGS84 degrees"),
        ([[[106.5, 16.5], [106.6, 16.6], [106.7, 16.7]]], "3 vertices exceed the limit of 2"),
    ],
)
def test_what_cleaning_cannot_save_is_refused_with_its_reason(lines, message) -> None:
    with pytest.raises(TrackRefused, match=message.replace("(", r"\(").replace(")", r"\)")):
        clean(lines, max_vertices=2)


def test_gpx_points_read_from_their_wkb_match_shapely_lost_fixes_included() -> None:
    """The GPX reader takes GDAL's 2D point WKB apart with numpy; any other WKB (3D, big
    endian, missing) goes through shapely. Both give the same positions, NaN for a lost fix,
    and a file with a lost fix keeps the order of the other points."""
    points = shapely.points([[106.5, 16.5], [106.6, 16.6]]).tolist() + [shapely.Point()]
    flat = np.array([p.wkb if not p.is_empty else _nan_point_wkb() for p in points], dtype=object)
    by_numpy = _positions(flat)
    assert np.array_equal(by_numpy[:2], [[106.5, 16.5], [106.6, 16.6]])
    assert np.isnan(by_numpy[2]).all()
    others = np.array(
        [shapely.to_wkb(points[0], byte_order=0), points[1].wkb, None, points[2].wkb],
        dtype=object,
    )
    by_shapely = _positions(others)
    assert np.array_equal(by_shapely[:2], by_numpy[:2]) and np.isnan(by_shapely[2:]).all()

    walked = along_border(5, step_deg=1e-5)
    data = gpx([gpx_points(walked)]).replace(b'lat="', b'lat="nan', 1)  # the first: no fix
    parsed = parse(data)
    assert parsed.points_without_position == 1
    assert parsed.lines[0].tolist() == walked[1:]


def _nan_point_wkb() -> bytes:
    """POINT EMPTY as GDAL writes it: a 2D point of NaN."""
    return struct.pack("<BIdd", 1, 1, float("nan"), float("nan"))


@pytest.mark.parametrize(
    ("times", "span"),
    [
        (["2024-05-02T08:00:00+07:00", "2024-05-02T00:30:00Z"], ("00:30:00", "01:00:00")),
        (["2024-05-02T01:00:00.250Z", "2024-05-02T01:00:00Z"], ("01:00:00", "01:00:00.250000")),
        (["2024-05-02T01:00:00", "2024-05-02T02:00:00Z"], ("01:00:00", "02:00:00")),  # no zone: UTC
    ],
)
def test_the_patrol_spans_its_first_to_its_last_time_whatever_the_zones(times, span) -> None:
    first, last = _span([pa.array(times)])
    assert first is not None and last is not None
    assert (first.isoformat(), last.isoformat()) == tuple(f"2024-05-02T{t}+00:00" for t in span)


@pytest.mark.parametrize(
    "bad",
    [
        "2024-02-30T01:00:00Z",
        "2023-02-29T01:00:00Z",
        "0000-01-01T00:00:00Z",
        "2024-05-02T24:00:00Z",
    ],
)
def test_a_time_that_is_no_date_is_refused_wherever_it_lies(bad) -> None:
    """Not the first nor the last: a wrong time in the middle of the track is found too."""
    with pytest.raises(ValueError):
        _span([pa.array(["2020-01-01T00:00:00Z", bad, "2030-01-01T00:00:00Z"])])

"""Patrol coverage from the stretches stored per patrol (issue 15, migration 0025).

``patrol_reaches`` holds, per patrol and section, the stretches of the section's line within
reach of the track, worked out when the patrol is written. These tests check that coverage
read from the stored rows is the coverage worked out live (every column, to the bit), that
both agree with a straightforward computation (each segment against the union of the
period's buffered tracks), and that the rows stay current when a patrol's track is edited,
a patrol is deleted, the segments are re-cut, the section's line is replaced or its policy's
distance changes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from db_support import one_row
from db_urls import app_url

from gis import db
from gis.audit import command_line_actor
from gis.importers.markers import MarkerOptions, import_markers

MARCH = (dt.date(2025, 3, 1), dt.date(2025, 3, 31))
SECTION = "savannakhet"
# (share of the line from, to, sideways offset in m, joint, day of 2025): overlapping joint
# and Vietnamese-only tracks, one at the edge of the 200 m reach, one in February.
TRACKS = {
    "joint": (0.00, 0.20, 60, True, dt.date(2025, 3, 10)),
    "vn_long": (0.15, 0.40, -150, False, dt.date(2025, 3, 12)),
    "vn_edge": (0.45, 0.50, 185, False, dt.date(2025, 3, 14)),
    "joint_short": (0.30, 0.33, 0, True, dt.date(2025, 3, 20)),
    "february": (0.80, 0.90, 0, True, dt.date(2025, 2, 5)),
}

ADD_PATROL = """
INSERT INTO patrols (id, started_at, ended_at, vn_unit, la_unit, joint, track, created_by)
SELECT %(id)s, %(at)s, %(at)s + interval '6 hours', 'Đồn Biên phòng (test)',
       CASE WHEN %(joint)s THEN 'Đại đội Biên phòng (test)' END, %(joint)s,
       ST_Multi(ST_Transform(ST_OffsetCurve(ST_LineSubstring(ST_Transform(geom, 32648),
                                                             %(lo)s, %(hi)s), %(offset)s),
                             4326)), 'test'
FROM border_sections WHERE code = %(section)s
"""

TRACK_ALONG = """
UPDATE patrols p
SET track = ST_Multi(ST_Transform(ST_OffsetCurve(ST_LineSubstring(ST_Transform(s.geom, 32648),
                                                                 %(lo)s, %(hi)s), %(offset)s),
                                  4326))
FROM border_sections s WHERE s.code = %(section)s AND p.id = %(id)s
"""

COVERAGE = """
SELECT segment_id, section, seq, from_chainage_m, to_chainage_m, distance_m, covered_share,
       joint_share, vn_only_share, patrols, joint_patrols, last_patrolled_at,
       last_joint_patrolled_at, windows, windows_met, meets_policy, share_band,
       ST_AsEWKB(geom) AS geom, ST_AsEWKB(gaps) AS gaps
FROM patrol_coverage(%s, %s)
"""

# The straightforward computation: each segment (in its section's UTM zone) against the union
# of the buffers of the period's tracks (simplified by a twentieth of the distance, as the
# function's rule says), per kind of patrol; a joint patrol counts for the policy when its own
# buffer covers the policy's share of the segment.
REFERENCE = """
WITH period AS (
    SELECT %(from)s::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh' AS starts,
           (%(to)s::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh' AS ends
), sec AS (
    SELECT s.id, s.code, utm_srid(s.geom) AS srid, pol.distance_m AS r, pol.min_share
    FROM border_sections s JOIN patrol_policy_in_force pol ON pol.section_id = s.id
), zone AS (
    SELECT sec.id AS section_id, p.joint,
           ST_Buffer(ST_Simplify(ST_Transform(p.track, sec.srid), sec.r / 20), sec.r) AS g
    FROM patrols p, sec, period
    WHERE p.started_at >= period.starts AND p.started_at < period.ends
), seg AS (
    SELECT g.id, sec.id AS section_id, sec.min_share, ST_Transform(g.geom, sec.srid) AS g
    FROM border_segments g JOIN sec ON sec.id = g.section_id
)
SELECT seg.id AS segment_id,
       coalesce(ST_Length(ST_Intersection(seg.g, (SELECT ST_Union(z.g) FROM zone z
           WHERE z.section_id = seg.section_id))) / ST_Length(seg.g), 0) AS covered_share,
       coalesce(ST_Length(ST_Intersection(seg.g, (SELECT ST_Union(z.g) FROM zone z
           WHERE z.section_id = seg.section_id AND z.joint))) / ST_Length(seg.g), 0)
           AS joint_share,
       coalesce(ST_Length(ST_Intersection(seg.g, (SELECT ST_Union(z.g) FROM zone z
           WHERE z.section_id = seg.section_id AND NOT z.joint))) / ST_Length(seg.g), 0)
           AS vn_only_share,
       (SELECT count(*) FROM zone z WHERE z.section_id = seg.section_id
          AND ST_Intersects(seg.g, z.g))::integer AS patrols,
       EXISTS (SELECT FROM zone z WHERE z.section_id = seg.section_id AND z.joint
               AND ST_Length(ST_Intersection(seg.g, z.g))
                   >= seg.min_share * ST_Length(seg.g)) AS meets_policy
FROM seg
"""


@pytest.fixture
def conn(fresh_db: str) -> Iterator[psycopg.Connection[Any]]:
    """The application's role on a private copy, committing each statement."""
    with db.connect(app_url(fresh_db), autocommit=True) as connection:
        yield connection


def add_patrols(conn: psycopg.Connection[Any]) -> dict[str, uuid.UUID]:
    ids = {}
    for name, (lo, hi, offset, joint, day) in TRACKS.items():
        ids[name] = uuid.uuid4()
        at = dt.datetime.combine(day, dt.time(1), tzinfo=dt.UTC)
        values = {"lo": lo, "hi": hi, "offset": offset, "section": SECTION}
        conn.execute(ADD_PATROL, {**values, "id": ids[name], "at": at, "joint": joint})
    return ids


def coverage(conn: psycopg.Connection[Any], live: bool = False) -> dict[str, dict[str, Any]]:
    """March's coverage by segment; ``live``: with no stored stretches (rolled back)."""
    with conn.transaction(force_rollback=True):
        if live:
            conn.execute("DELETE FROM patrol_reaches")
        return {r["segment_id"]: r for r in conn.execute(COVERAGE, MARCH)}


def reference(conn: psycopg.Connection[Any]) -> dict[str, dict[str, Any]]:
    rows = conn.execute(REFERENCE, {"from": MARCH[0], "to": MARCH[1]})
    return {r["segment_id"]: r for r in rows}


def stored_pairs(conn: psycopg.Connection[Any]) -> int:
    """Stored rows worked out for their section's reach and line as they are now."""
    return one_row(
        conn.execute(
            "SELECT count(*) AS n FROM patrol_reaches r JOIN patrol_reach_sections s "
            "ON s.id = r.section_id AND s.reach_m = r.reach_m AND s.line_key = r.line_key"
        )
    )["n"]


def near_pairs(conn: psycopg.Connection[Any]) -> int:
    """Patrols and sections whose boxes meet (what is stored for)."""
    return one_row(
        conn.execute(
            "SELECT count(*) AS n FROM patrols p JOIN patrol_reach_sections s "
            "ON p.track && ST_Expand(s.geom, s.reach_deg)"
        )
    )["n"]


def check_all_agree(conn: psycopg.Connection[Any]) -> dict[str, dict[str, Any]]:
    """Stored and live coverage are the same to the bit, and both match the reference."""
    assert stored_pairs(conn) == near_pairs(conn) > 0
    stored = coverage(conn)
    assert stored == coverage(conn, live=True)
    expected = reference(conn)
    assert set(stored) == set(expected)
    for segment_id, row in stored.items():
        want = expected[segment_id]
        # a segment cut in degrees is not quite the same line in metres: shares agree to 1e-3
        for share in ("covered_share", "joint_share", "vn_only_share"):
            assert row[share] == pytest.approx(min(1, want[share]), abs=1e-3), segment_id
        assert row["patrols"] == want["patrols"], segment_id
        assert row["meets_policy"] is want["meets_policy"], segment_id
    return stored


def covered_by(rows: dict[str, dict[str, Any]], lo_m: float, hi_m: float) -> list[float]:
    """Covered shares of the Savannakhet segments within the chainages lo … hi."""
    return [
        r["covered_share"]
        for r in rows.values()
        if r["section"] == SECTION and r["from_chainage_m"] >= lo_m and r["to_chainage_m"] <= hi_m
    ]


def section_chainage(conn: psycopg.Connection[Any], share: float) -> float:
    row = one_row(
        conn.execute(
            "SELECT min(from_chainage_m) + %s * (max(to_chainage_m) - min(from_chainage_m)) AS c "
            "FROM border_segments g JOIN border_sections s ON s.id = g.section_id "
            "WHERE s.code = %s",
            (share, SECTION),
        )
    )
    return float(row["c"])


def test_stored_stretches_give_the_live_and_the_reference_answers(
    conn: psycopg.Connection[Any],
) -> None:
    add_patrols(conn)
    rows = check_all_agree(conn)
    assert one_row(conn.execute("SELECT count(*) AS n FROM patrol_reaches"))["n"] == len(TRACKS)
    assert any(0 < r["joint_share"] < 1 and r["vn_only_share"] > 0 for r in rows.values())
    assert any(r["meets_policy"] for r in rows.values())
    edge = [r for r in rows.values() if 0.05 < r["vn_only_share"] < 0.95 and r["patrols"] == 1]
    assert edge  # the track 185 m off the line reaches part of its segments
    # February's patrol counts for the last time passed, not for March's shares
    south = covered_by(rows, section_chainage(conn, 0.82), section_chainage(conn, 0.88))
    assert south and not any(south)


def test_an_edited_track_and_a_deleted_patrol_leave_no_stale_stretch(
    conn: psycopg.Connection[Any],
) -> None:
    ids = add_patrols(conn)
    before = coverage(conn)
    middle = (section_chainage(conn, 0.62), section_chainage(conn, 0.68))
    assert not any(covered_by(before, *middle))
    values = {"id": ids["vn_long"], "lo": 0.60, "hi": 0.70, "offset": 20, "section": SECTION}
    conn.execute(TRACK_ALONG, values)
    after = check_all_agree(conn)
    assert all(share > 0.99 for share in covered_by(after, *middle))
    was_long_only = (section_chainage(conn, 0.36), section_chainage(conn, 0.39))
    assert covered_by(before, *was_long_only) and not any(covered_by(after, *was_long_only))
    # a correction of anything but the track keeps the row; the coverage follows the flag
    conn.execute("UPDATE patrols SET joint = true, la_unit = 'x' WHERE id = %s", (ids["vn_long"],))
    assert check_all_agree(conn) != after
    conn.execute("DELETE FROM patrols WHERE id = %s", (ids["joint_short"],))
    deleted = one_row(
        conn.execute(
            "SELECT count(*) AS n FROM patrol_reaches WHERE patrol_id = %s", (ids["joint_short"],)
        )
    )
    assert deleted["n"] == 0
    check_all_agree(conn)


def test_stretches_survive_a_recut_and_follow_a_new_line_and_distance(
    conn: psycopg.Connection[Any], fresh_db: str, tmp_path: Path
) -> None:
    add_patrols(conn)
    keys = {r["patrol_id"]: r["line_key"] for r in conn.execute("TABLE patrol_reaches")}
    # a new position splits a segment inside the joint track: same stretches, new segments
    point = one_row(
        conn.execute(
            "SELECT ST_X(pt) AS lon, ST_Y(pt) AS lat FROM border_sections s, "
            "LATERAL ST_LineInterpolatePoint(s.geom, 0.1) pt WHERE s.code = %s",
            (SECTION,),
        )
    )
    path = tmp_path / "new.csv"
    path.write_text(f'code,lon,lat\n"590/7",{point["lon"]:.8f},{point["lat"]:.8f}\n')
    segments = one_row(conn.execute("SELECT count(*) AS n FROM border_segments"))["n"]
    with db.connect(app_url(fresh_db)) as writer:
        report = import_markers(
            writer, path, MarkerOptions(licence="CC0-1.0 (test)"), command_line_actor("import")
        )
    assert report.written, report.summary()
    assert one_row(conn.execute("SELECT count(*) AS n FROM border_segments"))["n"] == segments + 1
    check_all_agree(conn)
    # the section's line moved 150 m east: its rows are worked out again for the new line
    conn.execute(
        "UPDATE border_sections SET geom = ST_Translate(geom, 0.0014, 0) WHERE code = %s",
        (SECTION,),
    )
    moved = {r["patrol_id"]: r["line_key"] for r in conn.execute("TABLE patrol_reaches")}
    assert moved.keys() == keys.keys() and all(moved[k] != keys[k] for k in keys)
    rows = check_all_agree(conn)
    assert any(0 < r["joint_share"] < 0.99 for r in rows.values())
    # a section's own distance: the rows follow it, and so do the shares
    conn.execute(
        "INSERT INTO patrol_policies (section_id, every, min_share, distance_m) "
        "SELECT id, interval '1 month', 0.5, 400 FROM border_sections WHERE code = %s",
        (SECTION,),
    )
    reach = {r["reach_m"] for r in conn.execute("SELECT reach_m FROM patrol_reaches")}
    assert reach == {400.0}
    wider = check_all_agree(conn)
    assert sum(r["covered_share"] for r in wider.values()) > sum(
        r["covered_share"] for r in rows.values()
    )
    conn.execute("DELETE FROM patrol_policies")
    assert {r["reach_m"] for r in conn.execute("SELECT reach_m FROM patrol_reaches")} == {200.0}
    assert check_all_agree(conn) == rows


def test_stale_rows_and_long_tracks_are_worked_out_live(conn: psycopg.Connection[Any]) -> None:
    ids = add_patrols(conn)
    expected = coverage(conn)
    # rows worked out for another reach are left aside, not believed
    with conn.transaction(force_rollback=True):
        conn.execute("UPDATE patrol_reaches SET reach_m = 123, lo = '{0}', hi = '{1}'")
        assert coverage(conn) == expected
    # a track of more points than a write works out for is stored nowhere and still counts
    conn.execute(
        "UPDATE patrols SET track = ST_Multi(ST_Segmentize(track::geography, 1)::geometry) "
        "WHERE id = %s",
        (ids["vn_long"],),
    )
    points = one_row(
        conn.execute("SELECT ST_NPoints(track) AS n FROM patrols WHERE id = %s", (ids["vn_long"],))
    )["n"]
    assert points > 10_000
    assert not conn.execute(
        "SELECT 1 FROM patrol_reaches WHERE patrol_id = %s", (ids["vn_long"],)
    ).fetchall()
    rows = coverage(conn)
    assert rows == coverage(conn, live=True)
    assert sum(r["vn_only_share"] for r in rows.values()) == pytest.approx(
        sum(r["vn_only_share"] for r in expected.values()), rel=0.01
    )

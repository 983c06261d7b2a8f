"""Marker passes stored when patrols and markers are written (migration 0032): the due list
and the marker page read them, so they must answer what ``last_seen_by_patrol`` (0027)
answers, after patrols are added and withdrawn, markers moved, and concurrent writers."""

from __future__ import annotations

import datetime as dt
import json
import threading
from typing import Any

import psycopg
import pytest
import shapely
from fastapi.testclient import TestClient
from shapely.geometry import LineString
from test_coverage import TRACKS, patrol_body, post_patrols, track_along, utm_line

from gis import db

Api = tuple[TestClient, dict[str, dict[str, str]]]
APRIL = dt.datetime(2025, 4, 2, 1, tzinfo=dt.UTC)

# Every marker with a point: the stored answer and 0027's function at several distances
# (1500 m is above the stored reach and is answered by the function itself).
BOTH_ANSWERS = """
SELECT m.code, d.within, s.last_seen_at AS stored,
       last_seen_by_patrol(m.registry_geom, d.within) AS function
FROM markers m
CROSS JOIN (VALUES (50.0::float8), (200.0), (600.0), (1500.0)) AS d(within)
CROSS JOIN LATERAL marker_last_seen(m.id, d.within) AS s
WHERE m.registry_geom IS NOT NULL ORDER BY m.code, d.within
"""

# Every patrol's markers passed (its answer) at several distances, from the stored passes and
# measured afresh against every marker (what the answer was before 0032).
PASSED_BOTH_WAYS = """
SELECT p.id, d.within, patrol_markers_passed(p.id, d.within)::text AS stored,
       (SELECT json_agg(m.code ORDER BY m.chainage_m, m.code) FROM markers m
        WHERE ST_DWithin(m.registry_geom::geography, p.track::geography, d.within))::text
           AS measured
FROM patrols p CROSS JOIN (VALUES (50.0::float8), (200.0), (600.0), (1500.0)) AS d(within)
"""

# The passes worked out again from scratch, and those the triggers kept.
RECOMPUTED = """
SELECT r.patrol_id, r.marker_id, r.started_at, r.ended_at, r.distance_m AS d
FROM patrols p, LATERAL marker_pass_rows_of_patrol(p) AS r
"""
# The same passes worked out marker by marker: the same rows as the patrol side's.
RECOMPUTED_BY_MARKER = """
SELECT r.patrol_id, r.marker_id, r.started_at, r.ended_at, r.distance_m AS d
FROM markers m, LATERAL marker_pass_rows_of_marker(m.id, m.registry_geom) AS r
WHERE m.registry_geom IS NOT NULL
"""
KEPT = """
SELECT patrol_id, marker_id, started_at, ended_at, distance_m AS d
FROM marker_passes
"""


@pytest.fixture
def laid(field_api: Api, fresh_db: str) -> dict[str, LineString]:
    """test_coverage's four patrols (three in March, one in February)."""
    return post_patrols(field_api, utm_line(fresh_db))


def rows(url: str, query: str, params: Any = None) -> list[dict[str, Any]]:
    with db.connect(url) as conn:
        return conn.execute(query, params).fetchall()


def passes(url: str, query: str) -> dict[tuple[Any, ...], float]:
    """(patrol, marker, start, end) → distance, of rows in ``query``'s column order."""
    return {
        (r["patrol_id"], r["marker_id"], r["started_at"], r["ended_at"]): r["d"]
        for r in rows(url, query)
    }


def assert_stored_matches_function(url: str) -> list[dict[str, Any]]:
    answers = rows(url, BOTH_ANSWERS)
    assert answers
    assert [(r["code"], r["within"], r["stored"]) for r in answers] == [
        (r["code"], r["within"], r["function"]) for r in answers
    ]
    both = rows(url, PASSED_BOTH_WAYS)
    assert any(r["stored"] for r in both)
    assert [r["stored"] for r in both] == [r["measured"] for r in both]
    kept = passes(url, KEPT)
    assert kept
    for query in (RECOMPUTED, RECOMPUTED_BY_MARKER):
        again = passes(url, query)
        assert again.keys() == kept.keys()
        # the same distance to within a millimetre (the two measure in different orders)
        assert max(abs(again[k] - kept[k]) for k in kept) < 0.001
    return answers


def due_seen(api: Api) -> dict[str, str | None]:
    client, headers = api
    answer = client.get("/inspections/due", params={"within": "7d"}, headers=headers["planner"])
    assert answer.status_code == 200, answer.text
    return {r["marker_code"]: r["last_seen_at"] for r in answer.json()}


def test_stored_passes_answer_what_the_function_answers(
    field_api: Api, fresh_db: str, laid: dict[str, LineString]
) -> None:
    answers = assert_stored_matches_function(fresh_db)
    seen = {(r["code"], r["within"]): r["stored"] for r in answers}
    assert sum(s is not None for (_, w), s in seen.items() if w == 200.0) >= 10
    # the joint patrol ran 60 m off the line: 577 is seen at 200 m; 607(1) by none at all
    assert seen[("577", 200.0)] == TRACKS["joint"][4] + dt.timedelta(hours=6)
    assert seen[("607(1)", 1500.0)] is None


def test_a_new_patrol_changes_the_due_list_and_its_withdrawal_undoes_it(
    field_api: Api, fresh_db: str, laid: dict[str, LineString]
) -> None:
    client, headers = field_api
    assert due_seen(field_api)["577"].startswith("2025-03-10")  # type: ignore[union-attr]
    body = patrol_body(track_along(utm_line(fresh_db), 0, 22_000, 30), APRIL)
    assert client.post("/patrols", headers=headers["guard"], json=body).status_code == 201
    assert due_seen(field_api)["577"].startswith("2025-04-02")  # type: ignore[union-attr]
    page = client.get("/maps/markers/577", headers=headers["planner"])
    assert "2025-04-02 11:00" in page.text  # ended 04:00 UTC, on the border's clock
    assert_stored_matches_function(fresh_db)
    gone = client.post(
        f"/patrols/{body['id']}/withdrawal",
        json={"reason": "nhập nhầm"},
        headers={**headers["guard"], "If-Match": '"1"'},
    )
    assert gone.status_code == 200, gone.text
    assert due_seen(field_api)["577"].startswith("2025-03-10")  # type: ignore[union-attr]
    assert not rows(fresh_db, "SELECT 1 FROM marker_passes WHERE patrol_id = %s", (body["id"],))
    assert_stored_matches_function(fresh_db)


# How the large values of one patrol and of its audit row are stored: 'lz4', 'pglz', or
# NULL when a value is stored as it is (too small to compress).
COMPRESSIONS = """
SELECT pg_column_compression(p.track) AS track,
       pg_column_compression(p.track_geojson) AS track_geojson,
       pg_column_compression(a.after) AS audit_after
FROM patrols p JOIN audit_log a ON a.entity = 'patrols' AND a.entity_id = p.id::text
WHERE p.id = %s
"""


def test_a_long_tracks_audit_row_is_compressed_with_lz4_and_the_track_is_not(
    field_api: Api, fresh_db: str
) -> None:
    """0034: lz4, not PostgreSQL's default pglz, for the audit row's state. The track keeps
    pglz, which sends a track it cannot shrink out of the row (lz4 kept tracks in the heap
    and slowed the bbox walk over it); its GeoJSON text is lz4 since 0031."""
    client, headers = field_api
    track = shapely.segmentize(track_along(utm_line(fresh_db), 0, 22_000, 30), 10)
    assert len(track.coords) > 1_000  # some 25 kB of WKB, 50 kB of GeoJSON
    body = patrol_body(track, APRIL)
    assert client.post("/patrols", headers=headers["guard"], json=body).status_code == 201
    [stored] = rows(fresh_db, COMPRESSIONS, (body["id"],))
    assert stored["audit_after"] == "lz4"
    assert stored["track"] != "lz4" and stored["track_geojson"] == "lz4"


MOVE = """
UPDATE markers SET registry_geom = (SELECT registry_geom FROM markers WHERE code = %(to)s)
WHERE code = %(code)s
"""


def test_a_moved_marker_is_seen_where_it_now_stands(
    field_api: Api, fresh_db: str, laid: dict[str, LineString]
) -> None:
    assert due_seen(field_api)["607(1)"] is None
    with db.connect(fresh_db) as conn:
        conn.execute(MOVE, {"code": "607(1)", "to": "577"})
    assert due_seen(field_api)["607(1)"].startswith("2025-03-10")  # type: ignore[union-attr]
    assert_stored_matches_function(fresh_db)
    with db.connect(fresh_db) as conn:
        conn.execute(
            "UPDATE markers SET registry_geom = ST_Translate(registry_geom, 0, 0.05) "
            "WHERE code = '577'"
        )
    assert due_seen(field_api)["577"] is None
    assert_stored_matches_function(fresh_db)


def insert_patrol(conn: psycopg.Connection[Any], body: dict[str, Any]) -> None:
    conn.execute(
        "INSERT INTO patrols (id, started_at, ended_at, vn_unit, joint, track, created_by) "
        "VALUES (%(id)s, %(started_at)s, %(ended_at)s, %(vn_unit)s, false, "
        "ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(%(track)s), 4326)), 'test')",
        {**body, "track": json.dumps(body["track"])},
    )


def test_two_patrols_written_at_once_are_both_recorded(
    field_api: Api, fresh_db: str, laid: dict[str, LineString]
) -> None:
    line = utm_line(fresh_db)
    first = patrol_body(track_along(line, 0, 22_000, 30), APRIL)
    second = patrol_body(track_along(line, 0, 22_000, -40), APRIL + dt.timedelta(days=1))
    with db.connect(fresh_db) as one, db.connect(fresh_db) as two:
        # both open at once: neither waits for the other (a shared lock each)
        insert_patrol(one, first)
        insert_patrol(two, second)
        one.commit()
        two.commit()
    passes = rows(
        fresh_db,
        "SELECT patrol_id::text AS p, count(*) AS n FROM marker_passes "
        "WHERE patrol_id IN (%s, %s) GROUP BY 1",
        (first["id"], second["id"]),
    )
    assert {r["p"] for r in passes} == {first["id"], second["id"]}
    assert due_seen(field_api)["577"].startswith("2025-04-03")  # type: ignore[union-attr]
    assert_stored_matches_function(fresh_db)


def waiting_for_the_patrol(url: str, pid: int) -> None:
    """Until the mover's trigger waits on the passes lock (the patrol holds it shared)."""
    with db.connect(url, autocommit=True) as conn:
        for _ in range(600):
            row = conn.execute(
                "SELECT wait_event FROM pg_stat_activity WHERE pid = %s", (pid,)
            ).fetchone()
            if row and row["wait_event"] == "advisory":
                return
            conn.execute("SELECT pg_sleep(0.1)")
    raise AssertionError("the marker move never waited for the patrol being written")


def test_a_marker_moved_while_a_patrol_is_written_is_measured_where_it_ends_up(
    field_api: Api, fresh_db: str, laid: dict[str, LineString]
) -> None:
    # A patrol past 577 is written but not yet committed while 607(1) is moved onto 577's
    # point: whichever commits last must see the other, else 607(1) stays "never seen".
    body = patrol_body(track_along(utm_line(fresh_db), 0, 22_000, 30), APRIL)
    with db.connect(fresh_db) as patrol, db.connect(fresh_db) as mover:
        insert_patrol(patrol, body)

        def move() -> None:
            mover.execute(MOVE, {"code": "607(1)", "to": "577"})
            mover.commit()

        moved = threading.Thread(target=move)
        moved.start()
        waiting_for_the_patrol(fresh_db, mover.info.backend_pid)
        patrol.commit()
        moved.join(timeout=60)
        assert not moved.is_alive()
    seen = rows(
        fresh_db,
        "SELECT s.last_seen_at FROM markers m, "
        "LATERAL marker_last_seen(m.id, 200) s WHERE m.code = '607(1)'",
    )
    assert seen[0]["last_seen_at"] == APRIL + dt.timedelta(hours=3)
    assert_stored_matches_function(fresh_db)

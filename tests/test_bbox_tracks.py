"""Bbox pages of patrols (migration 0031, layers.query._box_in_order and geometry_text): the
rows whose bounding box meets the box are tested exactly in page order, so a track that only
wraps around the box stays out; next links walk every patrol in the box once, in order; and
the GeoJSON copied from ``track_geojson`` is the track PostGIS writes."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import psycopg
import pytest
from psycopg import sql

ITEMS = "/collections/patrols/items"
BOX = (105.0, 15.0, 105.1, 15.1)
CROSSING = "MULTILINESTRING((104.9 {y}, 105.2 {y}))"
# Its bounding box covers the box, the line itself passes beside it.
AROUND = "MULTILINESTRING((104.95 14.95, 105.15 14.95, 105.15 15.15))"
FAR = "MULTILINESTRING((100 10, 100.1 10.1))"


def _add_patrols(url: str) -> None:
    rows = []
    for n in range(24):
        track = (CROSSING.format(y=15.001 + n * 0.004), AROUND, FAR)[n % 3]
        day = 1 + n // 2  # two patrols start at each instant: the id decides
        rows.append((uuid.uuid4(), f"2024-03-{day:02d}T06:00:00Z", track))
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO patrols (id, started_at, ended_at, vn_unit, track, created_by)"
            " VALUES (%s, %s, %s::timestamptz + interval '2 hours', 'Đồn 1',"
            " ST_GeomFromText(%s, 4326), 'test')",
            [(i, at, at, track) for i, at, track in rows],
        )


def _expected(url: str, order: str) -> list[str]:
    query = sql.SQL(
        "SELECT id::text FROM patrols_features t"
        " WHERE ST_Intersects(t.geom, ST_MakeEnvelope(%s, %s, %s, %s, 4326)) ORDER BY {}"
    ).format(sql.SQL(order))
    with psycopg.connect(url) as conn:
        return [i for (i,) in conn.execute(query, BOX)]


def _walk(client: Any, headers: dict[str, str], params: dict[str, Any]) -> list[dict[str, Any]]:
    features: list[dict[str, Any]] = []
    page = client.get(ITEMS, params=params, headers=headers).json()
    while True:
        features += page["features"]
        link = next((lk["href"] for lk in page["links"] if lk["rel"] == "next"), None)
        if link is None:
            return features
        url = httpx.URL(link)
        page = client.get(f"{url.path}?{url.query.decode()}", headers=headers).json()


@pytest.mark.parametrize(
    ("sortby", "order"), [(None, "started_at, id"), ("-started_at", "started_at DESC, id")]
)
def test_next_links_walk_the_tracks_in_the_box_once(
    field_api: Any, fresh_db: str, sortby: str | None, order: str
) -> None:
    client, headers = field_api
    _add_patrols(fresh_db)
    expected = _expected(fresh_db, order)
    with psycopg.connect(fresh_db) as conn:
        wrapping = conn.execute(
            "SELECT count(*) FROM patrols WHERE track && ST_MakeEnvelope(%s, %s, %s, %s, 4326)"
            " AND NOT ST_Intersects(track, ST_MakeEnvelope(%s, %s, %s, %s, 4326))",
            BOX + BOX,
        ).fetchone()
    assert wrapping is not None and wrapping[0] == 8  # candidates the exact test must drop
    assert len(expected) == 8
    params = {"bbox": ",".join(map(str, BOX)), "limit": 3} | ({"sortby": sortby} if sortby else {})
    features = _walk(client, headers["planner"], params)
    assert [f["id"] for f in features] == expected


def test_the_stored_geojson_is_the_track(field_api: Any, fresh_db: str) -> None:
    client, headers = field_api
    _add_patrols(fresh_db)
    bbox = ",".join(map(str, BOX))
    with psycopg.connect(fresh_db) as conn:
        conn.execute(
            "UPDATE patrols SET track = ST_GeomFromText(%s, 4326)"
            " WHERE started_at = '2024-03-01T06:00:00Z'",
            (CROSSING.format(y=15.0123456789),),
        )
        written = {
            i: json.loads(text)
            for i, text in conn.execute("SELECT id::text, ST_AsGeoJSON(track, 7) FROM patrols")
        }
    page = client.get(ITEMS, params={"bbox": bbox}, headers=headers["planner"]).json()
    assert page["features"]
    for feature in page["features"]:
        assert feature["geometry"] == written[feature["id"]]
    assert [15.0123457, 15.0123457] in [
        [a[1], b[1]] for f in page["features"] for a, b in f["geometry"]["coordinates"]
    ]
    # Latitude first (EPSG:4326) is written from the track, not copied.
    flipped = client.get(
        ITEMS,
        params={"bbox": bbox, "crs": "http://www.opengis.net/def/crs/EPSG/0/4326"},
        headers=headers["planner"],
    ).json()
    first = flipped["features"][0]
    line = written[first["id"]]["coordinates"][0]
    assert first["geometry"]["coordinates"][0] == [[x, y][::-1] for x, y in line]


def test_a_moved_track_moves_its_stored_bounds(field_api: Any, fresh_db: str) -> None:
    """The walk tests the box kept in the row (0033): a track redrawn into the box joins the
    page, one redrawn away leaves it."""
    client, headers = field_api
    _add_patrols(fresh_db)
    params = {"bbox": ",".join(map(str, BOX)), "limit": 100}

    def ids_in_box() -> set[str]:
        page = client.get(ITEMS, params=params, headers=headers["planner"]).json()
        return {f["id"] for f in page["features"]}

    def first_with_track(conn: psycopg.Connection[Any], wkt: str) -> str:
        row = conn.execute(
            "SELECT id::text FROM patrols WHERE ST_Equals(track, ST_GeomFromText(%s, 4326))"
            " ORDER BY started_at, id LIMIT 1",
            (wkt,),
        ).fetchone()
        assert row is not None, f"no patrol drawn as {wkt}"
        return str(row[0])

    before = ids_in_box()
    with psycopg.connect(fresh_db) as conn:
        far = first_with_track(conn, FAR)
        crossing = first_with_track(conn, CROSSING.format(y=15.001))
        conn.execute(
            "UPDATE patrols SET track = ST_GeomFromText(%s, 4326) WHERE id = %s",
            (CROSSING.format(y=15.05), far),
        )
        conn.execute(
            "UPDATE patrols SET track = ST_GeomFromText(%s, 4326) WHERE id = %s", (FAR, crossing)
        )
    after = ids_in_box()
    assert far not in before and crossing in before
    assert after == (before - {crossing}) | {far}
    assert set(_expected(fresh_db, "started_at, id")) == after

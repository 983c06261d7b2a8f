"""The stretch check of a patrol track (gis.field.checks.inside_stretch) on every kind of line.

The check decides a line that does not meet the corridor's edge by the first point of each
part, and any other line segment by segment. Each case here is posted as a patrol, and its
answer is compared with the plain definition computed in PostGIS (every segment covered by
the corridor): a track with any point or stretch outside is refused with a 422 problem and
nothing written, and one wholly inside (even touching the edge) is stored. A corridor of
500 m makes the border's bends sharp enough for a chord between two points on the line to
leave it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import add_field_accounts, make_client, table_counts_all
from db_support import one_row
from fastapi.testclient import TestClient
from test_field_records import now

from gis import db

BUFFER_M = 500
# Every query below starts with the corridor as the check makes it, ``c``.
CORRIDOR = (
    "WITH c AS MATERIALIZED (SELECT ST_Buffer(ST_Collect(geom)::geography, "
    "%(buffer)s::float8)::geometry AS g FROM border_sections) "
)
Line = list[list[float]]


@pytest.fixture
def narrow_api(
    monkeypatch: pytest.MonkeyPatch, fresh_db: str, field_home: Path
) -> Iterator[tuple[TestClient, dict[str, str]]]:
    monkeypatch.setenv("COTMOC_STRETCH_BUFFER_M", str(BUFFER_M))
    headers = add_field_accounts(fresh_db)
    for client in make_client(monkeypatch, fresh_db):
        yield client, headers["guard"]


def query(url: str, text: str, **values: Any) -> dict[str, Any]:
    with db.connect(url) as conn:
        return one_row(conn.execute(CORRIDOR + text, {"buffer": BUFFER_M, **values}))


def border_vertices(url: str) -> list[list[float]]:
    row = query(
        url,
        "SELECT json_agg(json_build_array(ST_X(d.geom), ST_Y(d.geom)) ORDER BY s.id, d.path) "
        "AS v FROM border_sections s, ST_DumpPoints(s.geom) d",
    )
    return row["v"]


def leaving_chord(url: str) -> Line:
    """Two vertices of the border line whose straight chord leaves the corridor."""
    row = query(
        url,
        ", v AS (SELECT d.geom AS p FROM border_sections s, ST_DumpPoints(s.geom) d) "
        "SELECT json_build_array(json_build_array(ST_X(a.p), ST_Y(a.p)), "
        "json_build_array(ST_X(b.p), ST_Y(b.p))) AS line FROM v a, v b, c "
        "WHERE NOT ST_Covers(c.g, ST_MakeLine(a.p, b.p)) "
        "ORDER BY ST_Distance(a.p, b.p), ST_X(a.p), ST_Y(a.p) LIMIT 1",
    )
    return row["line"]


def edge_vertex_near(url: str, lon: float, lat: float) -> list[float]:
    """The vertex of the corridor's edge nearest (lon, lat): a point exactly on the edge."""
    row = query(
        url,
        "SELECT ST_X(d.geom) AS x, ST_Y(d.geom) AS y FROM c, ST_DumpPoints(c.g) d "
        "ORDER BY d.geom <-> ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326) LIMIT 1",
        lon=lon,
        lat=lat,
    )
    return [row["x"], row["y"]]


def covered_by_definition(url: str, lines: list[Line]) -> bool:
    """Every segment of the lines covered by the corridor, as PostGIS says."""
    geojson = json.dumps({"type": "MultiLineString", "coordinates": lines})
    row = query(
        url,
        "SELECT bool_and(ST_Covers(c.g, s.geom)) AS inside FROM c, "
        "ST_DumpSegments(ST_SetSRID(ST_GeomFromGeoJSON(%(g)s), 4326)) s",
        g=geojson,
    )
    return bool(row["inside"])


def cases(url: str) -> dict[str, tuple[list[Line], bool]]:
    border = border_vertices(url)
    start = border[0]
    along = border[:6]
    edge = edge_vertex_near(url, *start)
    return {
        "along the line, two parts": ([along, border[10:14]], True),
        "a second part wholly outside, far away": (
            [along, [[105.85, 21.03], [105.86, 21.04]]],
            False,
        ),
        # a few metres out from the edge, straight away from the line: near, but not meeting it
        "a second part wholly outside, just beyond the edge": (
            [
                along,
                [[e + k * (e - s) for e, s in zip(edge, start, strict=True)] for k in (0.01, 0.02)],
            ],
            False,
        ),
        "crossing the edge": ([[start, [start[0] + 0.05, start[1] + 0.05]]], False),
        "a chord between two points on the line that leaves the corridor": (
            [leaving_chord(url)],
            False,
        ),
        "touching the edge from inside at one of its vertices": ([[start, edge]], True),
    }


def patrol(lines: list[Line]) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "started_at": now(-90),
        "ended_at": now(-30),
        "vn_unit": "Đồn BP Thanh",
        "track": {"type": "MultiLineString", "coordinates": lines},
    }


def test_a_track_is_stored_exactly_when_every_segment_lies_in_the_corridor(
    narrow_api: tuple[TestClient, dict[str, str]], fresh_db: str
) -> None:
    client, guard = narrow_api
    answers = {}
    for name, (lines, expected) in cases(fresh_db).items():
        assert covered_by_definition(fresh_db, lines) is expected, name
        before = table_counts_all(fresh_db)
        answer = client.post("/patrols", json=patrol(lines), headers=guard)
        answers[name] = answer.status_code
        if expected:
            assert answer.status_code == 201, (name, answer.text)
            continue
        assert answer.status_code == 422, (name, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
        assert "track: geometry lies outside the stretch" in answer.json()["detail"], name
        assert table_counts_all(fresh_db) == before, name
    # Both answers occur: the cases are not all one kind.
    assert {201, 422} <= set(answers.values()), answers

"""Bbox pages of inspections, read marker by marker (layers.query._site_rows, migration 0031):
the same features in the same order as the layer's geometry filtered directly, across next
and prev links, offsets, other sort orders and further filters, including inspections whose
own measured position lies elsewhere than their marker."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg import sql

ITEMS = "/collections/inspections/items"
BOX = sql.SQL("ST_MakeEnvelope(%(minx)s, %(miny)s, %(maxx)s, %(maxy)s, 4326)")


def _add_inspections(url: str) -> dict[str, float]:
    """Five inspections at every marker (two at one instant, so that the id decides), some
    with a measured position away from their marker, one withdrawn; returns a box around a
    stretch of the markers."""
    with psycopg.connect(url) as conn:
        ids = [i for (i,) in conn.execute("SELECT id FROM markers ORDER BY chainage_m, code")]
        inside = ids[10:30]
        box = conn.execute(
            "SELECT ST_XMin(e) - 1e-4, ST_YMin(e) - 1e-4, ST_XMax(e) + 1e-4, ST_YMax(e) + 1e-4"
            " FROM (SELECT ST_Extent(registry_geom) e FROM markers WHERE id = ANY(%s)) x",
            (inside,),
        ).fetchone()
        assert box is not None
        bounds = dict(zip(("minx", "miny", "maxx", "maxy"), box, strict=True))
        middle = ((bounds["minx"] + bounds["maxx"]) / 2, (bounds["miny"] + bounds["maxy"]) / 2)
        rows: list[tuple[Any, ...]] = []
        for n, marker in enumerate(ids):
            for month in range(5):
                at = f"2024-{month + 1:02d}-01T00:00:00Z" if month != 4 else "2024-01-01T00:00Z"
                position = None
                if month == 2 and marker in inside and n % 3 == 0:  # measured far away
                    position = "SRID=4326;POINT(100 10)"
                elif month == 3 and marker not in inside and n % 4 == 0:  # measured in the box
                    position = f"SRID=4326;POINT({middle[0]} {middle[1]})"
                rows.append((uuid.uuid4(), marker, at, "cracked" if n % 2 else "intact", position))
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO inspections (id, marker_id, observed_at, condition, position,"
                " created_by) VALUES (%s, %s, %s, %s, %s::geometry, 'test')",
                rows,
            )
        conn.execute(
            "UPDATE inspections SET withdrawn_at = now(), withdrawn_by = 'test',"
            " withdrawal_reason = 'duplicate' WHERE id = %s",
            (next(r[0] for r in rows if r[1] == inside[0]),),
        )
    return bounds


def _expected(url: str, bounds: dict[str, float], order: str, where: str = "true") -> list[str]:
    with psycopg.connect(url) as conn:
        query = sql.SQL(
            "SELECT id::text FROM inspections_features t WHERE ST_Intersects(t.geom, {box})"
            " AND {where} ORDER BY {order}"
        ).format(box=BOX, where=sql.SQL(where), order=sql.SQL(order))
        return [i for (i,) in conn.execute(query, bounds)]


def _walk(client: TestClient, headers: dict[str, str], params: dict[str, Any], rel: str) -> Any:
    """Every page from the first, following ``rel`` links; the ids and the last page."""
    ids: list[str] = []
    page = client.get(ITEMS, params=params, headers=headers).json()
    pages = [page]
    while True:
        ids += [f["id"] for f in page["features"]]
        link = next((lk["href"] for lk in page["links"] if lk["rel"] == rel), None)
        if link is None:
            return ids, pages
        url = httpx.URL(link)
        page = client.get(f"{url.path}?{url.query.decode()}", headers=headers).json()
        pages.append(page)


@pytest.fixture
def boxed(field_api: Any, fresh_db: str) -> Any:
    client, headers = field_api
    bounds = _add_inspections(fresh_db)
    box = ",".join(str(bounds[k]) for k in ("minx", "miny", "maxx", "maxy"))
    return client, headers["planner"], fresh_db, bounds, box


@pytest.mark.parametrize(
    ("sortby", "order"),
    [
        (None, "observed_at, id"),
        ("-observed_at", "observed_at DESC, id"),
        ("condition,-observed_at", "condition, observed_at DESC, id"),
    ],
)
def test_next_links_walk_the_box_once_in_order(boxed: Any, sortby: str | None, order: str) -> None:
    client, headers, url, bounds, box = boxed
    expected = _expected(url, bounds, order)
    # The box holds inspections at its markers, ones measured in it from outside, and
    # leaves out the ones measured far away and the withdrawn one.
    assert 60 < len(expected) < 5 * 66 / 2
    params = {"bbox": box, "limit": 7} | ({"sortby": sortby} if sortby else {})
    ids, pages = _walk(client, headers, params, "next")
    assert ids == expected
    assert len(pages) == -(-len(expected) // 7)
    # ...and back from the last page to the first by prev links, in the same order.
    back: list[str] = []
    page = pages[-1]
    while True:
        back = [f["id"] for f in page["features"]] + back
        link = next((lk["href"] for lk in page["links"] if lk["rel"] == "prev"), None)
        if link is None:
            break
        target = httpx.URL(link)
        page = client.get(f"{target.path}?{target.query.decode()}", headers=headers).json()
    assert back == expected


def test_the_box_is_what_the_geometry_says(boxed: Any) -> None:
    client, headers, url, bounds, box = boxed
    with psycopg.connect(url) as conn:
        measured_in = conn.execute(
            sql.SQL(
                "SELECT count(*) FROM inspections_features t WHERE t.position IS NOT NULL"
                " AND ST_Intersects(t.position, {box})"
            ).format(box=BOX),
            bounds,
        ).fetchone()
        away = conn.execute(
            "SELECT count(*) FROM inspections_features WHERE ST_X(position) = 100"
        ).fetchone()
    assert measured_in is not None and measured_in[0] > 0
    assert away is not None and away[0] > 0
    page = client.get(ITEMS, params={"bbox": box, "limit": 1000}, headers=headers).json()
    got = [f["id"] for f in page["features"]]
    assert got == _expected(url, bounds, "observed_at, id")
    assert page["numberMatched"] == len(got)
    for feature in page["features"]:  # every feature's point is in the box
        x, y = feature["geometry"]["coordinates"]
        assert bounds["minx"] <= x <= bounds["maxx"] and bounds["miny"] <= y <= bounds["maxy"]


def test_offsets_and_filters_page_the_same_rows(boxed: Any) -> None:
    client, headers, url, bounds, box = boxed
    expected = _expected(url, bounds, "observed_at, id")
    page = client.get(ITEMS, params={"bbox": box, "limit": 7, "offset": 14}, headers=headers).json()
    assert [f["id"] for f in page["features"]] == expected[14:21]
    cracked = _expected(
        url, bounds, "observed_at, id", "condition = 'cracked' AND observed_at >= '2024-02-01'"
    )
    assert cracked
    ids, _ = _walk(
        client,
        headers,
        {"bbox": box, "limit": 5, "condition": "cracked", "datetime": "2024-02-01/.."},
        "next",
    )
    assert ids == cracked
    empty = client.get(ITEMS, params={"bbox": "0,0,0.1,0.1"}, headers=headers).json()
    assert empty["features"] == [] and empty["numberMatched"] == 0

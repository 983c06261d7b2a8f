"""The items page's SQL text kept per query shape (layers.query.PageTexts): a kept text is
exactly what page_query composes for the query in hand, values stay bound per request, and
requests that differ only in a value, the limit or the box get their own answers."""

from __future__ import annotations

from typing import Any

import psycopg
from fastapi.testclient import TestClient
from psycopg import sql

from gis.crs import DEFAULT_CRS, parse_crs
from layers import LAYERS
from layers.filters import bbox_condition
from layers.query import ItemsQuery, PageTexts, column, page_query

URL = "http://127.0.0.1/collections/{}/items/"


def _query(layer_id: str, box: tuple[float, float, float, float] | None, **kw: Any) -> ItemsQuery:
    layer = LAYERS[layer_id]
    kw.setdefault("items_url", URL.format(layer_id))
    query = ItemsQuery(layer, **{"limit": 100, **kw})
    if box is not None:
        crs = kw.get("crs", DEFAULT_CRS)
        query.conditions.append(bbox_condition(layer, box, crs, query.bindings))
    return query


def _variants() -> list[ItemsQuery]:
    """Queries of many shapes, each built twice with other values (a box elsewhere)."""
    made: list[ItemsQuery] = []
    for box in ((106.0, 16.0, 107.0, 17.0), (106.5, 16.5, 106.6, 16.6)):
        made += [
            _query("markers", box, stored=True),
            _query("markers", box),
            _query("markers", None, stored=True, items_url=None),
            _query("inspections", box),
            _query("inspections", box, limit=7, offset=3),
            _query("patrols", box),
            _query("patrols", box, properties=("vn_unit",)),
            _query("patrols", box, sortby=[("started_at", True)]),
            _query("inspections", box, jsonfg=True, crs=parse_crs("EPSG:4326")),
        ]
        filtered = _query("inspections", box)
        filtered.conditions.append(
            sql.SQL("{} = {}").format(column("condition"), filtered.bindings.bind("intact"))
        )
        made.append(filtered)
    return made


def test_a_kept_text_is_the_composed_text_and_the_values_stay_each_requests(
    shared_db: str,
) -> None:
    texts = PageTexts()
    with psycopg.connect(shared_db) as conn:
        for query in _variants():
            fresh = _query_copy(query)
            expected = page_query(fresh).as_bytes(conn)
            assert texts.text(query, conn) == expected
            assert query.bindings.values == fresh.bindings.values  # the link bound as composed
        # Each shape was composed once: the second box of every shape found its text.
        assert len(texts) == len(_variants()) // 2
        for query in _variants():  # and every kept text still runs, with its own values
            conn.execute(texts.text(query, conn), query.bindings.values).fetchone()


def _query_copy(query: ItemsQuery) -> ItemsQuery:
    """The same query with its own bindings, for page_query to bind into."""
    copy = ItemsQuery(**{**query.__dict__})
    copy.bindings = type(query.bindings)()
    copy.bindings.values = dict(query.bindings.values)
    return copy


def test_shapes_differ_where_the_text_does() -> None:
    a, b = _query("inspections", (1, 2, 3, 4)), _query("inspections", (5, 6, 7, 8))
    assert a.shape() == b.shape()  # only values differ
    assert a.shape() != _query("inspections", (1, 2, 3, 4), limit=99).shape()
    assert a.shape() != _query("inspections", (1, 2, 3, 4), offset=1).shape()
    assert a.shape() != _query("inspections", None).shape()
    assert a.shape() != _query("inspections", (1, 2, 3, 4), items_url=None).shape()
    assert a.shape() != _query("patrols", (1, 2, 3, 4)).shape()
    webmerc = parse_crs("EPSG:3857")
    assert a.shape() != _query("inspections", (1, 2, 3, 4), crs=webmerc).shape()


def test_the_least_recent_shape_goes_first() -> None:
    texts = PageTexts(size=2)
    for limit in (1, 2, 1, 3):
        texts.text(_query("markers", None, limit=limit), _NoConnection())
    assert len(texts) == 2
    kept = [key[2] for key in texts._texts]
    assert kept == [1, 3]  # limit 2 was the least recently used


class _NoConnection:
    """An adapt context without a connection: page_query's text in UTF-8."""

    connection = None
    adapters = psycopg.adapters


def test_pages_that_differ_only_in_a_value_get_their_own_answers(client: TestClient) -> None:
    """Two boxes, two limits, on the same shapes: each answer as if composed afresh."""
    everything = client.get("/collections/markers/items", params={"limit": 1000}).json()
    assert len(everything["features"]) > 20
    xs = sorted(f["geometry"]["coordinates"][0] for f in everything["features"])
    middle = xs[len(xs) // 2]
    west = f"-180,-90,{middle},90"
    east = f"{middle + 1e-9},-90,180,90"
    answers = {
        box: client.get("/collections/markers/items", params={"bbox": box, "limit": 1000}).json()
        for box in (west, east, west)
    }
    west_ids = {f["id"] for f in answers[west]["features"]}
    east_ids = {f["id"] for f in answers[east]["features"]}
    assert west_ids and east_ids and not west_ids & east_ids
    assert west_ids | east_ids == {f["id"] for f in everything["features"]}
    assert all(f["geometry"]["coordinates"][0] <= middle for f in answers[west]["features"])
    for limit in (3, 5, 3):
        page = client.get("/collections/markers/items", params={"bbox": west, "limit": limit})
        assert page.json()["numberReturned"] == limit
        assert [f["id"] for f in page.json()["features"]] == [
            f["id"] for f in answers[west]["features"][:limit]
        ]

"""The layers that grow (patrols, inspections) on the served maps: beyond ``TILES_ABOVE``
features a page draws them from the collection's vector tiles, asked for with the same
filters the page would have used (the last 30 days of patrols), so that twenty years of
patrols never go into one page. (A marker's page holds one page of its inspections.)

The tiles endpoint's filters are checked on their own (counts, a decoded tile, 400s), and the
map plans against the database; test_maps_browser.py opens the inspections map drawing
patrol tiles in a real browser."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

import pyogrio
import pytest
from fastapi.testclient import TestClient
from maps_support import add_field_records
from test_ogc_tiles import tile_of

from gis import db
from maps import data
from maps.page import PageOptions
from maps.render import render_inspections

Api = tuple[TestClient, dict[str, dict[str, str]]]
TILES = "/collections/{}/tiles/WebMercatorQuad/{}/{}/{}"
RECENT_UNIT = "Đồn Biên phòng A Dơi (tiles test)"

# More recent patrols than a page holds: short north–south tracks side by side west of Lao Bảo.
MANY_PATROLS = """
INSERT INTO patrols (id, started_at, ended_at, vn_unit, joint, track, created_by)
SELECT md5('tiles-test:' || g)::uuid, now() - interval '2 days',
       now() - interval '2 days' + interval '3 hours', %s, false,
       ST_Multi(ST_MakeLine(ST_MakePoint(106.50 + g * 0.00005, 16.700),
                            ST_MakePoint(106.50 + g * 0.00005, 16.710))), 'test'
FROM generate_series(1, %s) g
"""


def add_many_patrols(url: str, count: int = data.TILES_ABOVE + 1) -> None:
    with db.connect(url) as conn:
        conn.execute(MANY_PATROLS, (RECENT_UNIT, count))


def test_tiles_choose_features_by_datetime_and_queryables(
    field_api: Api, fresh_db: str, tmp_path: Path
) -> None:
    client, headers = field_api
    planner = headers["planner"]
    add_field_records(fresh_db)
    # The stretch lies in one zoom-5 tile, with both patrols of add_field_records (5 and 60
    # days ago) and the four inspections (two of them at marker 585).
    row, col = tile_of(106.60, 16.70, 5)
    everything = client.get(TILES.format("patrols", 5, row, col), headers=planner)
    assert everything.status_code == 200, everything.text
    assert everything.headers["OGC-NumberReturned"] == "2"
    recent = client.get(
        TILES.format("patrols", 5, row, col),
        params={"datetime": "2000-01-01T00:00:00Z/.."},
        headers=planner,
    )
    assert recent.headers["OGC-NumberReturned"] == "2"
    month = data.inspections_plan(frozenset({"patrols"}), tiles=True).tiles["patrols"].filters
    recent = client.get(TILES.format("patrols", 5, row, col), params=month, headers=planner)
    assert recent.headers["OGC-NumberReturned"] == "1"
    assert recent.headers["ETag"] != everything.headers["ETag"]
    path = tmp_path / "5" / str(col) / f"{row}.pbf"
    path.parent.mkdir(parents=True)
    path.write_bytes(recent.content)
    decoded = pyogrio.read_dataframe(path, layer="patrols")
    assert list(decoded["id"]) == ["00000000-0000-4000-8000-000000000001"]

    one_marker = client.get(
        TILES.format("inspections", 5, row, col), params={"marker_code": "585"}, headers=planner
    )
    all_of_them = client.get(TILES.format("inspections", 5, row, col), headers=planner)
    assert one_marker.headers["OGC-NumberReturned"] == "2"
    assert all_of_them.headers["OGC-NumberReturned"] == "4"


@pytest.mark.parametrize(
    ("collection", "query", "parameter"),
    [
        ("markers", {"datetime": "2020-01-01T00:00:00Z"}, "datetime"),  # valid time: the items'
        ("patrols", {"datetime": "yesterday"}, "datetime"),
        ("inspections", {"condition": "shiny"}, "condition"),
        ("patrols", {"colour": "red"}, "colour"),
    ],
)
def test_a_tile_filter_that_cannot_be_read_is_a_400(
    field_api: Api, collection: str, query: dict[str, str], parameter: str
) -> None:
    client, headers = field_api
    response = client.get(
        TILES.format(collection, 8, 115, 203), params=query, headers=headers["planner"]
    )
    assert response.status_code == 400, response.text
    problem = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert parameter in problem["detail"]


def test_a_served_map_draws_many_patrols_from_tiles_and_few_in_the_page(fresh_db: str) -> None:
    readable = frozenset({"border_sections", "patrols", "markers", "inspections"})
    add_field_records(fresh_db)
    with db.connect(fresh_db) as conn:
        few = data.fetch(conn, data.inspections_plan(readable, tiles=True))
    assert few.tiled == {}
    assert few.layers["patrols"].count('"type":"Feature"') == 1

    add_many_patrols(fresh_db)
    with db.connect(fresh_db) as conn:
        served = data.fetch(conn, data.inspections_plan(readable, tiles=True))
        exported = data.fetch(conn, data.inspections_plan(readable))
    assert "patrols" not in served.layers
    (start,) = parse_qs(served.tiled["patrols"])["datetime"]
    assert start.endswith("Z/..")
    page = render_inspections(served, PageOptions.served())
    assert "cotmoc.tiles(" in page and RECENT_UNIT not in page
    assert "/collections/patrols/tiles/WebMercatorQuad/{z}/{y}/{x}?datetime=" in page
    assert "leaflet.vectorgrid.js" in page
    # Files opened from disk have no server to ask for tiles: every feature goes in.
    assert exported.tiled == {}
    assert exported.layers["patrols"].count('"type":"Feature"') == data.TILES_ABOVE + 2
    assert "leaflet.vectorgrid.js" not in render_inspections(exported, PageOptions.exported())

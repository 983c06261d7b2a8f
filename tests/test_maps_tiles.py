"""The layers that grow (patrols, inspections) on the served maps: beyond ``TILES_ABOVE``
features a page draws them from the collection's vector tiles, asked for with the same
filters the page would have used (the last 30 days of patrols), so that twenty years of
patrols never go into one page. (A marker's page holds one page of its inspections.)

The tiles endpoint's filters are checked on their own (counts, a decoded tile, 400s), the map
plans against the database, and the inspections map in a real browser signed in with a
session cookie: tiles drawn on a canvas, a popup on click, nothing else fetched."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import pyogrio
import pytest
from browser_support import wait_until
from conftest import FIELD_PASSWORD
from fastapi.testclient import TestClient
from maps_support import add_field_records
from playwright.sync_api import Browser, Playwright, sync_playwright
from test_maps_browser import CHROMIUM, CHROMIUM_ARGS, WATCH_CSP
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


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    playwright: Playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.mark.browser
def test_the_inspections_map_draws_patrol_tiles_in_the_browser(
    chromium: Browser,
    field_server: tuple[str, dict[str, dict[str, str]]],
    fresh_db: str,
    output_dir: Path,
) -> None:
    base, _ = field_server
    add_field_records(fresh_db)
    add_many_patrols(fresh_db)
    context = chromium.new_context(viewport={"width": 1000, "height": 800})
    requested: list[tuple[str, int]] = []
    context.route(lambda url: not url.startswith(base), lambda route: route.abort("failed"))
    page = context.new_page()
    page.add_init_script(WATCH_CSP)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "response",
        lambda r: requested.append((r.url, r.status)) if "/tiles/" in r.url else None,
    )
    page.goto(f"{base}/login?next=/maps/inspections")  # a planner's session cookie
    page.fill("form.login input[name=name]", "planner1")
    page.fill("form.login input[name=password]", FIELD_PASSWORD)
    with page.expect_navigation():
        page.click("form.login button[type=submit]")
    wait_until(page, "window.cotmoc && window.cotmoc.ready === true")
    assert page.evaluate("window.cotmoc.counts.patrols") == "tiles"
    page.evaluate("window.cotmoc.map.setView([16.705, 106.55], 14, {animate: false})")
    wait_until(page, "document.querySelectorAll('.leaflet-tile-container canvas').length > 0")
    page.wait_for_load_state("networkidle")
    assert requested, "no tile was asked for"
    for url, status in requested:
        assert status == 200, url
        assert urlparse(url).path.startswith("/collections/patrols/tiles/WebMercatorQuad/")
        assert parse_qs(urlparse(url).query)["datetime"][0].endswith("Z/..")
    assert any("/WebMercatorQuad/14/" in url for url, _ in requested)  # the new view's
    point = page.evaluate(
        "(() => { const p = window.cotmoc.map.latLngToContainerPoint([16.705, 106.55]);"
        " const box = window.cotmoc.map.getContainer().getBoundingClientRect();"
        " return [box.left + p.x, box.top + p.y]; })()"
    )
    page.mouse.click(point[0], point[1])
    wait_until(page, "document.querySelector('.leaflet-popup-content') !== null")
    popup = page.inner_text(".leaflet-popup-content")
    assert RECENT_UNIT in popup
    with db.connect(fresh_db) as conn:
        row = conn.execute(
            "SELECT started_at, round(length_m) AS metres FROM patrols_features "
            "WHERE vn_unit = %s LIMIT 1",
            (RECENT_UNIT,),
        ).fetchone()
    assert row is not None
    started = row["started_at"].astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert started.strftime("%Y-%m-%d %H:%M") in popup  # the border's clock, to the minute
    assert f"{int(row['metres'])}" in popup and "+00" not in popup
    page.screenshot(path=str(output_dir / "maps" / "patrol-tiles.png"))
    assert errors == []
    assert page.evaluate("window.cspViolations") == []
    context.close()

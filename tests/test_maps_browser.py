"""The maps in a real browser (Debian's chromium through Playwright), with no network: every
request that leaves the app or the disk is refused, as it would be offline. Each page must
start Leaflet, draw as many features as the database holds, raise no script error other than
the refused map tiles, and leave a screenshot in test-output/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import pytest
from browser_support import wait_until
from conftest import FIELD_PASSWORD
from maps_support import (
    HOSTILE_DAMAGE,
    HOSTILE_GATE,
    HOSTILE_INSPECTION,
    HOSTILE_NOTE,
    add_field_records,
    counts,
    sign_in_as_planner,
    unlocated_gate_names,
)
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Dialog,
    Page,
    Playwright,
    sync_playwright,
)
from test_maps_tiles import RECENT_UNIT, add_many_patrols
from typer.testing import CliRunner

from gis import db
from gis.settings import get_settings
from layers import LAYERS
from maps.page import PageOptions
from maps.render import render_overview
from maps.synthetic import synthetic_overview

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TILE_HOSTS = {"tile.openstreetmap.org"}
# Collects what the page's Content-Security-Policy refused (served pages send one).
WATCH_CSP = """window.cspViolations = [];
document.addEventListener('securitypolicyviolation',
    e => window.cspViolations.push(e.effectiveDirective + ' ' + e.blockedURI));"""


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class Visit:
    """One page opened with the network cut: what it asked for and what went wrong."""

    page: Page
    headers: dict[str, str] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def count(self, selector: str) -> int:
        return int(self.page.evaluate("s => document.querySelectorAll(s).length", selector))

    def drawn(self, layer_id: str, extra: str = "") -> int:
        """Features of one layer drawn as SVG paths on the map."""
        return self.count(f".leaflet-overlay-pane path.cotmoc-{layer_id}{extra}")


def _local(url: str, base: str) -> bool:
    return url.startswith(base) or url.startswith(("file://", "data:", "about:"))


def open_map(
    browser: Browser, url: str, base: str, shot: Path, headers: dict[str, str] | None = None
) -> Visit:
    context = browser.new_context(
        viewport={"width": 1280, "height": 860}, extra_http_headers=headers or {}
    )
    page = context.new_page()
    page.add_init_script(WATCH_CSP)
    visit = Visit(page)

    def refuse(route: Any) -> None:
        visit.refused.append(route.request.url)
        route.abort("internetdisconnected")

    page.route(lambda u: not _local(u, base), refuse)
    page.on("pageerror", lambda exc: visit.errors.append(f"pageerror: {exc}"))

    def console(message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        source = urlparse(message.location.get("url", "")).hostname or ""
        if "Failed to load resource" in message.text and source in TILE_HOSTS:
            return  # a refused map tile: expected offline
        visit.errors.append(f"console: {message.text} ({message.location.get('url')})")

    page.on("console", console)

    def dialog(box: Dialog) -> None:
        visit.dialogs.append(box.message)
        box.dismiss()

    page.on("dialog", dialog)
    response = page.goto(url)
    assert response is not None and response.ok, url
    visit.headers = response.headers
    wait_until(page, "window.cotmoc && window.cotmoc.ready === true")
    assert page.evaluate("typeof L === 'object' && /^1\\.9\\./.test(L.version)")
    assert page.evaluate("window.cotmoc.map instanceof L.Map")
    assert visit.count(".leaflet-control-scale") == 1
    assert visit.count(".leaflet-control-layers") == 1
    assert visit.count(".cotmoc-fullscreen") == 1
    assert visit.count(".cotmoc-legend") == 1
    page.wait_for_timeout(300)  # let the refused tiles report before the checks
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot))
    return visit


def assert_offline_and_clean(visit: Visit) -> None:
    hosts = {urlparse(u).hostname for u in visit.refused}
    assert hosts <= TILE_HOSTS, f"asked the network for more than tiles: {visit.refused}"
    assert visit.errors == [], visit.errors
    assert visit.dialogs == [], f"a script from the data ran: {visit.dialogs}"
    assert visit.page.evaluate("window.cspViolations") == [], "the page's CSP refused some of it"


def popup_text(visit: Visit, layer_id: str, value: str, prop: str = "code") -> str:
    """Open the popup of the first feature of ``layer_id`` whose ``prop`` is ``value``; its
    text as the reader sees it."""
    text = visit.page.evaluate(
        """([layerId, prop, value]) => {
            let found = null;
            window.cotmoc.map.closePopup();
            window.cotmoc.map.eachLayer(l => {
                if (!found && l.feature && l.feature.properties[prop] === value &&
                    (l.options.className || '').includes('cotmoc-' + layerId)) {
                    found = l;
                }
            });
            if (!found) return null;
            found.openPopup();
            return found.getPopup().getElement().innerText;
        }""",
        [layer_id, prop, value],
    )
    assert text is not None, f"no {layer_id} with {prop} = {value} on the map"
    return str(text)


def follow_popup_link(visit: Visit) -> None:
    """Follow the link in the open popup and wait for the new map to be ready."""
    with visit.page.expect_navigation(wait_until="commit"):
        visit.page.eval_on_selector(".leaflet-popup-content a.cotmoc-link", "a => a.click()")
    wait_until(visit.page, "window.cotmoc && window.cotmoc.ready === true")


# ---------------------------------------------------------------------------------------------
# served by the app, anonymous caller (the public layers only)


def test_overview_draws_every_marker_with_provenance(
    browser: Browser, live_server: str, shared_db: str, output_dir: Path
) -> None:
    expected = counts(shared_db)
    visit = open_map(
        browser, f"{live_server}/maps/overview", live_server, output_dir / "maps" / "overview.png"
    )
    assert_offline_and_clean(visit)
    assert visit.drawn("markers") == expected["markers"] == 66
    assert visit.drawn("markers", ".cotmoc-approx") == expected["markers_approximate"]
    assert (
        visit.drawn("markers", ".cotmoc-approx[stroke-dasharray='3 3']")
        == expected["markers_approximate"]
    )  # visibly dashed
    assert visit.drawn("marker_positions") == expected["marker_positions"]
    assert visit.drawn("border_sections") == expected["border_sections"] == 2
    assert visit.drawn("gates") == expected["gates"]
    assert visit.drawn("maintenance") == 0  # not readable anonymously
    panel = visit.page.inner_text(".cotmoc-panel")
    assert LAYERS["maintenance"].title("vi") in panel  # named as needing sign-in
    for name in unlocated_gate_names(shared_db):
        assert name in panel
    legend = visit.page.inner_text(".cotmoc-legend")
    assert "gần đúng / nội suy" in legend and "Hư hỏng" in legend
    text = popup_text(visit, "markers", "585")
    for expected_text in (
        "585",
        "Hư hỏng",
        "Nội suy",
        "002_2db779e8e0638f6e.txt:40",
        "Cần đăng nhập để xem",
    ):
        assert expected_text in text
    link = visit.page.get_attribute(".leaflet-popup-content a.cotmoc-link", "href")
    assert link == "/maps/markers/585?lang=vi"
    follow_popup_link(visit)
    assert visit.drawn("markers") == 1
    visit.page.context.close()


def test_english_labels(browser: Browser, live_server: str, output_dir: Path) -> None:
    visit = open_map(
        browser,
        f"{live_server}/maps/overview?lang=en",
        live_server,
        output_dir / "maps" / "overview-en.png",
    )
    assert_offline_and_clean(visit)
    assert "Damaged" in visit.page.inner_text(".cotmoc-legend")
    assert "Interpolated" in popup_text(visit, "markers", "607(2)")
    layer_control = visit.page.text_content(".leaflet-control-layers") or ""
    for title in (LAYERS["markers"].title("en"), "OpenStreetMap", "Plain (works offline)"):
        assert title in layer_control
    visit.page.evaluate("""() => [...document.querySelectorAll(
        '.leaflet-control-layers-base label')].find(l => l.textContent.includes('Plain'))
        .querySelector('input').click()""")
    assert visit.count(".leaflet-tile-pane img") == 0  # the plain base: no tiles at all
    assert visit.drawn("markers") == 66  # and every layer still drawn
    assert "Approximate / interpolated position" in visit.page.inner_text(".cotmoc-legend")
    visit.page.context.close()


@pytest.mark.parametrize(
    "path,layer",
    [
        ("/maps/inspections", "markers"),
        ("/maps/maintenance", "maintenance"),
        ("/maps/markers/606(1)", "markers"),
    ],
)
def test_each_map_opens_offline(
    browser: Browser, live_server: str, shared_db: str, output_dir: Path, path: str, layer: str
) -> None:
    expected = counts(shared_db)
    name = path.strip("/").replace("/", "-").replace("(", "").replace(")", "")
    visit = open_map(browser, live_server + path, live_server, output_dir / "maps" / f"{name}.png")
    assert_offline_and_clean(visit)
    drawn = visit.drawn(layer)
    if path == "/maps/inspections":
        assert drawn == expected["markers"]
        assert "Cần đăng nhập để xem" in visit.page.inner_text(".cotmoc-panel")
    elif path == "/maps/maintenance":
        assert drawn == 0 and visit.drawn("border_sections") == 2
        assert LAYERS["maintenance"].title("vi") in visit.page.inner_text(".cotmoc-panel")
    else:
        assert drawn == 1
        assert "606(1)" in visit.page.inner_text(".cotmoc-history")
    visit.page.context.close()


# ---------------------------------------------------------------------------------------------
# exported files opened from disk


@pytest.fixture(scope="module")
def exported(shared_db: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from api.cli import app

    folder = tmp_path_factory.mktemp("export")
    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = shared_db
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["maps", "export", str(folder)])
    finally:
        if previous is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = previous
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    return folder


def test_exported_files_show_the_same_counts_from_disk(
    browser: Browser, exported: Path, shared_db: str, output_dir: Path
) -> None:
    expected = counts(shared_db)
    base = exported.as_uri()
    pages = {
        "overview.html": ("markers", expected["markers"]),
        "inspections.html": ("markers", expected["markers"]),
        "maintenance.html": ("maintenance", 0),
        "markers/585.html": ("markers", 1),
    }
    for name, (layer, number) in pages.items():
        shot = output_dir / "maps" / "export" / name.replace("/", "-").replace(".html", ".png")
        visit = open_map(browser, f"{base}/{name}", base, shot)
        assert_offline_and_clean(visit)
        assert visit.drawn(layer) == number, name
        if name == "overview.html":
            assert visit.drawn("markers", ".cotmoc-approx") == expected["markers_approximate"]
            assert visit.drawn("marker_positions") == expected["marker_positions"]
            popup_text(visit, "markers", "606(1)")
            link = visit.page.get_attribute(".leaflet-popup-content a.cotmoc-link", "href")
            assert link == "markers/606(1).html"
            follow_popup_link(visit)
            assert visit.drawn("markers") == 1
            assert "606(1)" in visit.page.inner_text(".cotmoc-history")
        visit.page.context.close()


def test_a_large_layer_is_drawn_on_a_canvas(
    browser: Browser, tmp_path: Path, output_dir: Path
) -> None:
    page = render_overview(synthetic_overview(2500), PageOptions.exported())
    (tmp_path / "large.html").write_text(page, encoding="utf-8")
    base = tmp_path.as_uri()
    visit = open_map(browser, f"{base}/large.html", base, output_dir / "maps" / "large.png")
    assert_offline_and_clean(visit)
    assert visit.page.evaluate("window.cotmoc.counts.markers") == 2500
    assert visit.drawn("markers") == 0  # no SVG element per marker ...
    assert visit.count(".leaflet-overlay-pane canvas") >= 1  # ... one canvas instead
    visit.page.context.close()


# ---------------------------------------------------------------------------------------------
# a planner, on a private copy holding field records and hostile text


@pytest.fixture
def planner_server(fresh_db: str) -> Iterator[tuple[str, str]]:
    """The app on a private copy with field records, served on loopback."""
    from conftest import serve_app

    add_field_records(fresh_db)
    with serve_app(fresh_db) as base:
        yield base, fresh_db


def test_planner_maps_show_field_records_and_run_no_injected_script(
    browser: Browser, planner_server: tuple[str, str], output_dir: Path
) -> None:
    base, url = planner_server
    headers = sign_in_as_planner(url)
    expected = counts(url)
    shots = output_dir / "maps" / "planner"

    visit = open_map(browser, f"{base}/maps/overview", base, shots / "overview.png", headers)
    assert_offline_and_clean(visit)
    assert visit.drawn("markers") == expected["markers"]
    assert visit.drawn("maintenance") == expected["maintenance_open"] > 0
    text = popup_text(visit, "markers", "585")
    assert HOSTILE_NOTE in text  # the note is shown as text ...
    assert visit.count(".leaflet-popup-content script") == 0  # ... and is no element
    assert "Nguyên vẹn" in text  # last inspection: intact, 10 days ago
    assert "Lũ lụt" in text  # open damage: the 2020 flood
    panel = visit.page.inner_text(".cotmoc-panel")
    assert HOSTILE_GATE in panel and visit.count(".cotmoc-panel img") == 0
    assert HOSTILE_GATE in popup_text(visit, "gates", "lao-bao")
    assert visit.count(".leaflet-popup-content img") == 0
    visit.page.context.close()

    visit = open_map(browser, f"{base}/maps/inspections", base, shots / "inspections.png", headers)
    assert_offline_and_clean(visit)
    assert visit.drawn("markers") == expected["markers"]
    assert visit.drawn("markers", ".cotmoc-highlight") == expected["markers_overdue"]
    assert 0 < expected["markers_overdue"] < expected["markers"]
    assert visit.drawn("patrols") == expected["patrols_30_days"] == 1
    assert "Số ngày từ lần kiểm tra" in popup_text(visit, "markers", "577")
    visit.page.context.close()

    visit = open_map(browser, f"{base}/maps/maintenance", base, shots / "maintenance.png", headers)
    assert_offline_and_clean(visit)
    assert visit.drawn("maintenance") == expected["maintenance"]
    assert HOSTILE_DAMAGE in popup_text(visit, "maintenance", "vandalism", "cause")
    assert "Q6" in visit.page.inner_text(".cotmoc-panel")  # a record with no location
    visit.page.context.close()

    visit = open_map(browser, f"{base}/maps/markers/585", base, shots / "marker-585.png", headers)
    assert_offline_and_clean(visit)
    assert visit.drawn("markers") == 1
    assert visit.drawn("inspections") == expected["inspections_585"] == 2
    assert visit.drawn("maintenance") == expected["maintenance_585"]
    history = visit.page.inner_text(".cotmoc-history")
    assert HOSTILE_INSPECTION in history and HOSTILE_NOTE in history
    assert visit.count(".cotmoc-history script") == 0
    rows = visit.count(".cotmoc-table-inspections tr") - 1
    assert rows == expected["inspections_585"]
    visit.page.context.close()


# ---------------------------------------------------------------------------------------------
# the pages' Content-Security-Policy (api/csp.py): the maps and the API docs work under it, and
# a script that is not the page's own does not run


def test_served_maps_draw_under_their_content_security_policy(
    browser: Browser, live_server: str, output_dir: Path
) -> None:
    visit = open_map(
        browser,
        f"{live_server}/maps/overview",
        live_server,
        output_dir / "maps" / "overview-csp.png",
    )
    assert_offline_and_clean(visit)  # no violation, no script error
    policy = visit.headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy and "'sha256-" in policy
    assert visit.headers["x-frame-options"] == "DENY"
    assert visit.drawn("markers") == 66
    # the legend's colours, set through the DOM since style="" attributes are refused
    colours = visit.page.evaluate("""() => [...document.querySelectorAll(
        '.cotmoc-legend .cotmoc-sw.filled')].map(sw => [getComputedStyle(sw).backgroundColor,
        getComputedStyle(sw).borderTopColor])""")
    assert colours and all(
        fill == border and fill != "rgba(0, 0, 0, 0)" for fill, border in colours
    ), colours
    assert len({fill for fill, _ in colours}) > 1  # one colour per status, not all alike
    visit.page.context.close()


def test_a_script_slipped_into_a_served_page_does_not_run(
    browser: Browser, live_server: str
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(WATCH_CSP)
    url = f"{live_server}/maps/overview"

    def slip_in(route: Any) -> None:  # as a stored-XSS would: inside the page, same headers
        answer = route.fetch()
        body = answer.text().replace("</body>", "<script>window.injected = 1</script></body>")
        route.fulfill(response=answer, body=body)

    page.route(url, slip_in)
    page.route(lambda u: not _local(u, live_server), lambda route: route.abort())
    page.goto(url)
    wait_until(page, "window.cotmoc && window.cotmoc.ready === true")
    assert page.evaluate("window.injected") is None
    assert any(v.startswith("script-src") for v in page.evaluate("window.cspViolations"))
    assert page.evaluate("window.cotmoc.counts.markers") == 66  # the page's own script ran
    context.close()


def test_api_documentation_renders_offline_under_its_policy(
    browser: Browser, live_server: str, output_dir: Path
) -> None:
    path, ready = "/docs", "document.querySelectorAll('.opblock').length > 10"
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.add_init_script(WATCH_CSP)
    refused: list[str] = []
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    def refuse(route: Any) -> None:
        refused.append(route.request.url)
        route.abort("internetdisconnected")

    page.route(lambda u: not _local(u, live_server), refuse)
    response = page.goto(live_server + path)
    assert response is not None and response.ok
    assert "content-security-policy" in response.headers
    wait_until(page, ready, timeout_ms=30_000)
    page.screenshot(path=str(output_dir / f"docs{path.replace('/', '-')}.png"))
    assert refused == [] and errors == []
    assert page.evaluate("window.cspViolations") == []
    context.close()


# ---------------------------------------------------------------------------------------------
# the growing layers from vector tiles (maps.data.TILES_ABOVE; tests/test_maps_tiles.py)


def test_the_inspections_map_draws_patrol_tiles_in_the_browser(
    browser: Browser,
    field_server: tuple[str, dict[str, dict[str, str]]],
    fresh_db: str,
    output_dir: Path,
) -> None:
    base, _ = field_server
    add_field_records(fresh_db)
    add_many_patrols(fresh_db)
    context = browser.new_context(viewport={"width": 1000, "height": 800})
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

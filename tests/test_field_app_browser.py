"""The guards' field app in a real browser (Debian's chromium through Playwright) on a live
server: it opens with the network cut, keeps every record and photo through reloads, closed
tabs, failed and cut syncs and expired sessions, and the database ends with each exactly once.

The phone is a browser context: its IndexedDB and service worker survive pages; its network
is cut with ``context.set_offline``; its position is emulated (geolocation permission)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from browser_support import wait_until
from conftest import FIELD_PASSWORD, add_field_accounts, serve_app
from playwright.sync_api import (
    Browser,
    BrowserContext,
    FilePayload,
    Page,
    Playwright,
    Route,
    sync_playwright,
)
from test_field_records import GEOD, gpx_along_border, jpeg_with_exif, marker_point, offset
from test_maps_browser import CHROMIUM, CHROMIUM_ARGS

from gis import db

pytestmark = pytest.mark.browser

Server = tuple[str, dict[str, dict[str, str]]]
# Where the emulated phone stands: 2 km north-east of marker 585, on the Vietnamese side.
START_NEAR = "585"

# Counts of the outbox stores, read straight from IndexedDB (not from the app's own words).
OUTBOX_COUNTS = """async () => {
    const db = await new Promise((ok, fail) => {
        const r = indexedDB.open('cotmoc-field');
        r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error);
    });
    const rows = (name) => new Promise((ok) => {
        const r = db.transaction(name).objectStore(name).getAll();
        r.onsuccess = () => ok(r.result);
    });
    const records = await rows('records');
    const photos = await rows('photos');
    const sent = await rows('sent');
    db.close();
    return {
        sent: sent.map((s) => s.id),
        records: records.map((r) => ({id: r.id, type: r.type, user: r.user, state: r.state,
                                      detail: r.detail, body: r.body})),
        photos: photos.map((p) => ({photo_id: p.photo_id, record_id: p.record_id,
                                    user: p.user, state: p.state, size: p.size})),
    };
}"""


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


def serving(url: str) -> Iterator[Server]:
    """The app on ``url`` with an account per role. The accounts are made in a thread:
    Playwright's sync API already runs an event loop in this one."""
    with ThreadPoolExecutor(1) as pool:
        headers = pool.submit(add_field_accounts, url).result()
    with serve_app(url) as base:
        yield base, headers


@pytest.fixture
def field_server(fresh_db: str, field_home: Path) -> Iterator[Server]:
    yield from serving(fresh_db)


class TileServer(ThreadingHTTPServer):
    """A tile server on loopback: every tile is the same small PNG, sent with CORS headers as
    OpenStreetMap's are. It notes each path asked for."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), TileHandler)
        self.asked: list[str] = []
        from PIL import Image

        out = io.BytesIO()
        Image.new("RGB", (256, 256), (205, 220, 190)).save(out, "PNG")
        self.png = out.getvalue()

    @property
    def template(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{{z}}/{{x}}/{{y}}.png"


class TileHandler(BaseHTTPRequestHandler):
    server: TileServer

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        self.server.asked.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Content-Length", str(len(self.server.png)))
        self.end_headers()
        self.wfile.write(self.server.png)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def tiles() -> Iterator[TileServer]:
    server = TileServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def tiled_server(
    monkeypatch: pytest.MonkeyPatch, fresh_db: str, field_home: Path, tiles: TileServer
) -> Iterator[Server]:
    monkeypatch.setenv("COTMOC_TILE_URL", tiles.template)
    yield from serving(fresh_db)


@dataclass
class Phone:
    """One guard's phone: a browser context with the app open in a page."""

    context: BrowserContext
    base: str
    page: Page = None  # type: ignore[assignment]
    errors: list[str] = field(default_factory=list)

    def open(self) -> Page:
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on(
            "console",
            lambda m: (
                self.errors.append(f"console: {m.text}")
                if m.type == "error" and "Failed to load resource" not in m.text
                else None
            ),
        )
        self.page.goto(f"{self.base}/field")
        wait_until(
            self.page, "window.cotmocField && window.cotmocField.ready === true", timeout_ms=20_000
        )
        return self.page

    def go(self, screen: str, ready: str) -> None:
        self.page.evaluate("h => { window.location.hash = h; }", screen)
        self.page.wait_for_selector(ready)

    def outbox(self) -> dict[str, list[dict[str, Any]]]:
        return self.page.evaluate(OUTBOX_COUNTS)  # type: ignore[no-any-return]

    def wait_outbox(self, records: int, photos: int, timeout: float = 60) -> None:
        """Until the outbox holds this many records and photos (read from IndexedDB)."""
        self.wait_until(
            lambda o: (len(o["records"]), len(o["photos"])) == (records, photos), timeout
        )

    def wait_until(self, done: Any, timeout: float = 60) -> dict[str, list[dict[str, Any]]]:
        deadline = time.monotonic() + timeout
        while True:
            outbox = self.outbox()
            if done(outbox):
                return outbox
            if time.monotonic() > deadline:
                raise AssertionError(f"the outbox did not get there: {outbox}")
            self.page.wait_for_timeout(200)

    def sign_in(self, user: str, password: str = FIELD_PASSWORD) -> None:
        self.go("#signin", "#signin-form")
        self.page.fill("input[name=username]", user)
        self.page.fill("input[name=password]", password)
        self.page.evaluate("window.cotmocField.dataReady = false")
        self.page.click("[data-action=sign-in]")
        wait_until(self.page, "window.cotmocField.dataReady === true", timeout_ms=30_000)
        self.page.wait_for_selector("#due-list")  # the app went on to the markers

    def set_position(self, lon: float, lat: float, accuracy: float = 5) -> None:
        self.context.set_geolocation({"longitude": lon, "latitude": lat, "accuracy": accuracy})


def new_phone(browser: Browser, base: str, position: tuple[float, float]) -> Phone:
    context = browser.new_context(
        viewport={"width": 412, "height": 915},
        timezone_id="Asia/Ho_Chi_Minh",
        permissions=["geolocation"],
        geolocation={"longitude": position[0], "latitude": position[1], "accuracy": 5},
    )
    phone = Phone(context, base)
    phone.open()
    return phone


def standing_near(url: str) -> tuple[float, float]:
    return tuple(offset(marker_point(url, START_NEAR), 2000, azimuth=45))  # type: ignore[return-value]


def photo_files(folder: Path, url: str, code: str, count: int) -> list[Path]:
    lon, lat = marker_point(url, code)
    paths = []
    for i in range(count):
        path = folder / f"moc-{code.replace('/', '_')}-{i + 1}.jpg"
        path.write_bytes(
            jpeg_with_exif(lon, lat, f"2024:05:02 09:3{i}:00", color=f"#{uuid.uuid4().hex[:6]}")
        )
        paths.append(path)
    return paths


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- what a guard does in the app ----------------------------------------------------------


def saved(outbox: dict[str, list[Any]]) -> int:
    """Records saved on the phone: still waiting, or already sent (online, a record may go
    out before anyone looks)."""
    return len(outbox["records"]) + len(outbox["sent"])


def choose_photos(page: Page, form: str, paths: list[Path]) -> None:
    with page.expect_file_chooser() as chooser:
        page.click(f"{form} label.file-button:has(input[name=gallery])")
    chooser.value.set_files([str(p) for p in paths])
    wait_until(page, f"document.querySelectorAll('{form} .preview img').length === {len(paths)}")


def inspect(
    phone: Phone,
    code: str,
    condition: str,
    photos: Sequence[Path] = (),
    measure: bool = False,
    notes: str = "kiểm tra định kỳ",
) -> dict[str, Any]:
    """Fill in and save an inspection; returns what the form showed about displacement."""
    page = phone.page
    phone.go(f"#inspect?code={code}", "#inspection-form")
    page.select_option("select[name=condition]", condition)
    page.check("input[name=vegetation_cleared]")
    shown: dict[str, Any] = {}
    if measure:
        page.click("[data-action=use-position]")
        page.wait_for_selector("#displacement[data-metres]")
        shown = {
            "metres": float(page.get_attribute("#displacement", "data-metres") or "nan"),
            "alert": page.get_attribute("#displacement", "data-alert") == "true",
            "text": page.inner_text("#displacement"),
        }
    page.fill("textarea[name=notes]", notes)
    if photos:
        choose_photos(page, "#inspection-form", list(photos))
    before = saved(phone.outbox())
    page.click("#inspection-form [data-action=save]")
    phone.wait_until(lambda o: saved(o) == before + 1)
    return shown


def report_damage(phone: Phone, code: str, photos: Sequence[Path] = ()) -> None:
    page = phone.page
    phone.go(f"#damage?code={code}", "#damage-form")
    page.select_option("select[name=cause]", "landslide")
    page.select_option("select[name=severity]", "severe")
    page.fill("textarea[name=description]", "Sạt lở taluy dương, mốc bị đất vùi một nửa")
    if photos:
        choose_photos(page, "#damage-form", list(photos))
    before = saved(phone.outbox())
    page.click("#damage-form [data-action=save]")
    phone.wait_until(lambda o: saved(o) == before + 1)


def gpx_patrol(phone: Phone, fraction: float = 0.2) -> str:
    page = phone.page
    phone.go("#patrol", "#patrol-form")
    assert "GPX" in page.inner_text("#background-note")  # the app says why
    xml, _ = gpx_along_border(fraction)
    page.set_input_files(
        "input[name=gpx]",
        files=[
            FilePayload(name="tuan-tra.gpx", mimeType="application/gpx+xml", buffer=xml.encode())
        ],
    )
    wait_until(page, "document.getElementById('gpx-summary').textContent.length > 0")
    page.fill("input[name=vn_unit]", "Đồn Biên phòng Cửa khẩu Quốc tế Lao Bảo")
    page.check("input[name=joint]")
    page.fill("input[name=la_unit]", "Đồn Đensavan")
    page.fill("textarea[name=participants]", "Nguyễn Văn A\nXaysana B")
    before = saved(phone.outbox())
    page.click("#patrol-form [data-action=save]")
    phone.wait_until(lambda o: saved(o) == before + 1)
    return xml


def rows(url: str, query: str, *params: Any) -> list[dict[str, Any]]:
    with db.connect(url) as conn:
        return conn.execute(query, params).fetchall()


# --- the tests -----------------------------------------------------------------------------


def test_offline_after_one_visit_the_markers_by_distance_and_the_due_list(
    browser: Browser, field_server: Server, fresh_db: str, output_dir: Path
) -> None:
    base, h = field_server
    here = standing_near(fresh_db)
    phone = new_phone(browser, base, here)
    phone.sign_in("guard1")
    wait_until(phone.page, "window.cotmocField.offlineReady === true")
    phone.context.set_offline(True)
    phone.page.reload()
    wait_until(phone.page, "window.cotmocField.ready === true", timeout_ms=20_000)
    page = phone.page
    page.wait_for_selector("#due-list li.marker")
    assert page.inner_text("[data-banner=offline]")
    # Every marker, once, nearest first, as pyproj measures from the emulated position.
    shown = page.eval_on_selector_all("li.marker", "els => els.map(e => e.dataset.code)")
    points = {
        r["code"]: (r["x"], r["y"])
        for r in rows(
            fresh_db, "SELECT code, ST_X(registry_geom) AS x, ST_Y(registry_geom) AS y FROM markers"
        )
    }
    distance = {code: GEOD.inv(here[0], here[1], *point)[2] for code, point in points.items()}
    due = httpx.get(f"{base}/inspections/due?within=7d", headers=h["guard"]).json()
    due_codes = {d["marker_code"] for d in due}
    listed_due = page.eval_on_selector_all(
        "#due-list li.marker", "els => els.map(e => e.dataset.code)"
    )
    assert set(listed_due) == due_codes and len(listed_due) == len(due) == 66
    assert sorted(shown) == sorted(points)
    assert listed_due == sorted(listed_due, key=lambda c: (distance[c], listed_due.index(c)))
    assert listed_due[0] == min(distance, key=lambda code: distance[code])
    first = page.inner_text("#due-list li.marker:first-child .distance")
    assert first == f"{distance[listed_due[0]] / 1000:.1f} km".replace(".", ",")
    manifest = page.evaluate("fetch('/field/manifest.webmanifest').then(r => r.json())")
    assert manifest["display"] == "standalone"  # installable from the kept files too
    page.screenshot(path=str(output_dir / "field" / "markers-offline.png"), full_page=False)
    assert phone.errors == []
    phone.context.close()


def test_four_records_made_offline_survive_reloads_and_arrive_once_with_their_photos(
    browser: Browser, field_server: Server, fresh_db: str, tmp_path: Path, output_dir: Path
) -> None:
    base, h = field_server
    since = dt.datetime.now(dt.UTC).isoformat()
    phone = new_phone(browser, base, standing_near(fresh_db))
    phone.sign_in("guard1")
    wait_until(phone.page, "window.cotmocField.offlineReady === true")
    phone.context.set_offline(True)

    two_photos = photo_files(tmp_path, fresh_db, "585", 2)
    inspect(phone, "585", "intact", photos=two_photos)
    # At 590, the phone stands 40 m from the registry point, with a 5 m fix.
    off = offset(marker_point(fresh_db, "590"), 40, azimuth=120)
    phone.set_position(off[0], off[1], accuracy=5)
    shown = inspect(phone, "590", "displaced", measure=True, notes="mốc lệch khỏi vị trí")
    assert shown["metres"] == pytest.approx(40, abs=0.01) and shown["alert"] is True
    assert "40 m" in shown["text"] and "15 m" in shown["text"]  # max(3 × 5 m, 5 m)
    damage_photo = photo_files(tmp_path, fresh_db, "593/1", 1)
    report_damage(phone, "593/1", photos=damage_photo)
    xml = gpx_patrol(phone)
    made = phone.outbox()
    assert sorted(r["type"] for r in made["records"]) == [
        "damage_report",
        "inspection",
        "inspection",
        "patrol",
    ]
    assert len(made["photos"]) == 3 and {r["state"] for r in made["records"]} == {"waiting"}

    # Reloaded, then closed and opened again, all offline: nothing is lost.
    phone.page.reload()
    wait_until(phone.page, "window.cotmocField.ready === true")
    assert phone.outbox() == made
    phone.page.close()
    phone.open()
    assert phone.outbox() == made
    phone.go("#outbox", "#records")
    assert phone.page.get_attribute("#outbox-count", "data-records") == "4"
    phone.page.screenshot(path=str(output_dir / "field" / "outbox-offline.png"))

    # Back online: the outbox empties by itself.
    phone.context.set_offline(False)
    phone.wait_outbox(0, 0)
    phone.page.wait_for_selector("#outbox-count[data-records='0'][data-photos='0']")

    ids = {r["type"]: r["id"] for r in made["records"]}
    inspection_ids = [r["id"] for r in made["records"] if r["type"] == "inspection"]
    stored = rows(
        fresh_db,
        "SELECT i.id::text, m.code, i.displacement_m, i.created_by, "
        "(SELECT count(*) FROM alerts a WHERE a.inspection_id = i.id) AS alerts "
        "FROM inspections i JOIN markers m ON m.id = i.marker_id ORDER BY m.code",
    )
    assert sorted(r["id"] for r in stored) == sorted(inspection_ids)  # each once, no other
    by_code = {r["code"]: r for r in stored}
    assert by_code["590"]["displacement_m"] == pytest.approx(40, abs=0.01)
    assert by_code["590"]["alerts"] == 1 and by_code["585"]["alerts"] == 0
    assert by_code["590"]["displacement_m"] == pytest.approx(shown["metres"], abs=0.01)
    damage = rows(
        fresh_db, "SELECT id::text, created_by FROM maintenance_records WHERE created_by = 'guard1'"
    )
    assert [d["id"] for d in damage] == [ids["damage_report"]]
    patrols = rows(fresh_db, "SELECT id::text, joint, la_unit, participants FROM patrols")
    assert [(p["id"], p["joint"], p["participants"]) for p in patrols] == [
        (ids["patrol"], True, ["Nguyễn Văn A", "Xaysana B"])
    ]
    photos = rows(
        fresh_db,
        "SELECT sha256, inspection_id::text AS i, maintenance_id::text AS m "
        "FROM photos ORDER BY sha256",
    )
    expected = sorted(
        [(sha256(p), by_code["585"]["id"], None) for p in two_photos]
        + [(sha256(damage_photo[0]), None, ids["damage_report"])]
    )
    assert sorted((p["sha256"], p["i"], p["m"]) for p in photos) == expected
    assert xml  # the patrol came from this file (its times are the server's start and end)

    # Fed to mirrors.
    feed = httpx.get(f"{base}/changes", params={"since": since}, headers=h["planner"]).json()
    fed = {(c["collection"], c["featureId"]) for c in feed["changes"]}
    assert {("inspections", i) for i in inspection_ids} <= fed
    assert {("maintenance", ids["damage_report"]), ("patrols", ids["patrol"])} <= fed
    sent = phone.page.eval_on_selector_all("#sent-list li", "els => els.map(e => e.dataset.id)")
    assert sorted(sent) == sorted(r["id"] for r in made["records"])
    assert phone.errors == []
    phone.context.close()


def test_a_sync_cut_in_the_middle_leaves_every_record_once(
    browser: Browser, field_server: Server, fresh_db: str, tmp_path: Path
) -> None:
    """The network is cut in the middle of each request in turn: batches that reach the
    server but whose answers are lost, photo uploads that never leave the phone, uploads that
    are stored but never answered. The app retries (by itself and on demand) as often as it
    likes; each stage holds whatever the number of rounds. Then the network returns."""
    base, _ = field_server
    phone = new_phone(browser, base, standing_near(fresh_db))
    phone.sign_in("guard1")
    phone.context.set_offline(True)
    photos = photo_files(tmp_path, fresh_db, "585", 2)
    inspect(phone, "585", "cracked", photos=photos)
    inspect(phone, "586", "intact")
    report_damage(phone, "587", photos=photo_files(tmp_path, fresh_db, "587", 1))
    made = phone.outbox()
    cut = {"sync": "answer lost", "photos": "never sent"}
    seen: list[str] = []

    def cutting(kind: str) -> Any:
        def handle(route: Route) -> None:
            how = cut[kind]
            seen.append(f"{kind}: {how}")
            if how == "pass":
                route.fallback()
                return
            if how == "answer lost":
                route.fetch()  # the server stores it ...
            route.abort("internetdisconnected")  # ... and the phone never hears back

        return handle

    def until(done: Any, what: str) -> None:
        deadline = time.monotonic() + 60
        while not done():
            assert time.monotonic() < deadline, what
            phone.page.wait_for_timeout(200)  # lets Playwright run the route handlers

    def stored(table: str) -> int:
        return len(rows(fresh_db, f"SELECT 1 FROM {table}"))  # noqa: S608

    phone.page.route("**/sync", cutting("sync"))
    phone.page.route("**/photos", cutting("photos"))
    phone.go("#outbox", "#outbox-count")
    phone.context.set_offline(False)  # the app starts a round by itself

    # Every batch reaches the server, no answer comes back: the outbox keeps everything.
    until(lambda: stored("inspections") == 2 and "sync: answer lost" in seen, "first batch")
    until(
        lambda: phone.page.evaluate("window.cotmocField.sync.error") == "unreachable",
        "the round failing",
    )
    assert phone.outbox() == made
    assert (
        stored("inspections") == 2
        and stored("maintenance_records WHERE created_by = 'guard1'") == 1
    )

    # Batches get through (answered duplicate), uploads never leave: photos stay.
    cut["sync"] = "pass"
    phone.page.click("[data-action=sync-now]")
    until(lambda: phone.outbox()["records"] == [] and "photos: never sent" in seen, "records")
    assert phone.outbox()["photos"] == made["photos"] and stored("photos") == 0

    # Uploads are stored, their answers lost: the photos stay on the phone all the same.
    cut["photos"] = "answer lost"
    phone.page.click("[data-action=sync-now]")
    until(lambda: stored("photos") >= 1, "an upload stored")
    assert phone.outbox()["photos"] == made["photos"]

    # The network is whole again.
    cut["photos"] = "pass"
    phone.page.click("[data-action=sync-now]")
    phone.wait_outbox(0, 0)

    inspections = rows(fresh_db, "SELECT id::text FROM inspections ORDER BY id")
    assert sorted(r["id"] for r in inspections) == sorted(
        r["id"] for r in made["records"] if r["type"] == "inspection"
    )
    assert stored("maintenance_records WHERE created_by = 'guard1'") == 1
    kept = rows(fresh_db, "SELECT id::text FROM photos")
    assert sorted(p["id"] for p in kept) == sorted(p["photo_id"] for p in made["photos"])
    created = rows(
        fresh_db,
        "SELECT entity, count(*) AS n FROM audit_log WHERE actor = 'guard1' "
        "GROUP BY entity ORDER BY entity",
    )
    assert [(r["entity"], r["n"]) for r in created] == [
        ("inspections", 2),
        ("maintenance_records", 1),
        ("photos", 3),
    ]
    assert phone.errors == []
    phone.context.close()


def walk(base: str, caller: dict[str, str], record_id: str, steps: list[str], version: int) -> int:
    """Move a maintenance record through ``steps`` by the API; returns its new version."""
    for to in steps:
        answer = httpx.post(
            f"{base}/maintenance/{record_id}/transitions",
            json={"to": to},
            headers={**caller, "If-Match": f'"{version}"'},
        )
        assert answer.status_code == 200, answer.text
        version += 1
    return version


def damage_at(base: str, h: dict[str, dict[str, str]], code: str, status: str) -> str:
    body = {
        "id": str(uuid.uuid4()),
        "marker_code": code,
        "cause": "erosion",
        "observed_on": (dt.date.today() - dt.timedelta(days=20)).isoformat(),
        "description": f"Xói chân mốc {code}",
    }
    assert httpx.post(f"{base}/maintenance", json=body, headers=h["guard"]).status_code == 201
    path = ["assessed", "repair_proposed", "approved", "in_repair"]
    walk(base, h["admin"], body["id"], path[: path.index(status) + 1], 1)
    return body["id"]


def take_step(phone: Phone, record_id: str, to: str, happened_on: dt.date) -> None:
    phone.go("#repairs", f"li.damage[data-id='{record_id}'] .step-form")
    card = f"li.damage[data-id='{record_id}']"
    phone.page.select_option(f"{card} select[name=to]", to)
    phone.page.fill(f"{card} input[name=happened_on]", happened_on.isoformat())
    before = saved(phone.outbox())
    phone.page.click(f"{card} [data-action=save-step]")
    phone.wait_until(lambda o: saved(o) == before + 1)


def test_a_rejected_record_is_corrected_and_a_stale_step_shows_the_server_state(
    browser: Browser, field_server: Server, fresh_db: str
) -> None:
    base, h = field_server
    approved = damage_at(base, h, "600(1)", "approved")  # version 4
    in_repair = damage_at(base, h, "601(1)", "in_repair")  # version 5
    phone = new_phone(browser, base, standing_near(fresh_db))
    phone.sign_in("guard1")
    phone.context.set_offline(True)
    yesterday = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).date() - dt.timedelta(days=1)

    phone.go("#inspect?code=", "#inspection-form")
    phone.page.fill("input[name=marker_code]", "999-khong-co")
    assert "999-khong-co" in phone.page.inner_text("#displacement")  # not on this phone
    phone.page.select_option("select[name=condition]", "missing")
    phone.page.click("#inspection-form [data-action=save]")
    phone.wait_until(lambda o: len(o["records"]) == 1)
    take_step(phone, approved, "in_repair", yesterday)
    take_step(phone, in_repair, "repaired", yesterday)
    made = {r["body"].get("record_id", r["type"]): r["id"] for r in phone.outbox()["records"]}

    # Meanwhile at the post: someone else starts the first repair; the second one is marked
    # repaired and sent back by a planner (same status, newer version).
    walk(base, h["admin"], approved, ["in_repair"], 4)
    walk(base, h["planner"], in_repair, ["repaired", "in_repair"], 5)

    phone.go("#outbox", "#records")
    phone.context.set_offline(False)
    states = phone.wait_until(
        lambda o: {r["state"] for r in o["records"]} == {"rejected", "conflict"}
    )
    rejected = phone.page.locator(f"li.record[data-id='{made['inspection']}']")
    rejected.wait_for()
    assert "no marker '999-khong-co'" in rejected.inner_text()
    stale = phone.page.locator(f"li.record[data-id='{made[approved]}']")
    assert stale.get_attribute("data-state") == "conflict"
    stale.locator(".server-state").wait_for()
    assert "Đang sửa chữa" in stale.inner_text() and "5" in stale.inner_text()
    assert len(states["records"]) == 3

    # The rejected inspection is corrected and accepted.
    rejected.locator("[data-action=edit]").click()
    phone.page.wait_for_selector("#inspection-form #record-detail")
    phone.page.fill("input[name=marker_code]", "585")
    phone.page.click("#inspection-form [data-action=save]")
    phone.wait_until(lambda o: made["inspection"] not in {r["id"] for r in o["records"]})
    assert rows(
        fresh_db,
        "SELECT m.code FROM inspections i JOIN markers m ON m.id = i.marker_id WHERE i.id = %s",
        made["inspection"],
    ) == [{"code": "585"}]

    # The first stale step: the record is now in repair, so the guard finishes it instead.
    phone.go("#outbox", f"li.record[data-id='{made[approved]}'] [data-action=edit]")
    phone.page.click(f"li.record[data-id='{made[approved]}'] [data-action=edit]")
    phone.page.wait_for_selector("#server-state")
    assert "Đang sửa chữa" in phone.page.inner_text("#server-state")
    assert phone.page.eval_on_selector_all(
        ".step-form select[name=to] option", "os => os.map(o => o.value)"
    ) == ["repaired"]
    phone.page.fill(".step-form input[name=happened_on]", yesterday.isoformat())
    phone.page.click(".step-form [data-action=save-step]")
    phone.wait_until(lambda o: made[approved] not in {r["id"] for r in o["records"]})

    # The second: the same step again on the newer version ("apply to the current state").
    conflict = phone.page.locator(f"li.record[data-id='{made[in_repair]}']")
    conflict.wait_for()
    assert conflict.get_attribute("data-state") == "conflict"
    conflict.locator("[data-action=rebase]").click()
    phone.wait_outbox(0, 0)

    events = rows(
        fresh_db,
        "SELECT record_id::text AS r, to_status, actor, happened_on, client_id "
        "FROM maintenance_events WHERE actor = 'guard1' AND to_status <> 'reported' "
        "ORDER BY id",
    )
    assert [(e["r"], e["to_status"], e["happened_on"]) for e in events] == [
        (approved, "repaired", yesterday),
        (in_repair, "repaired", yesterday),
    ]
    final = {
        r: httpx.get(f"{base}/maintenance/{r}", headers=h["guard"]).json()
        for r in (approved, in_repair)
    }
    assert [(d["status"], d["version"]) for d in final.values()] == [
        ("repaired", 6),
        ("repaired", 8),
    ]
    assert phone.errors == []
    phone.context.close()


SPOIL_TOKEN = """async () => {
    const db = await new Promise((ok) => { const r = indexedDB.open('cotmoc-field');
                                           r.onsuccess = () => ok(r.result); });
    const tx = db.transaction('meta', 'readwrite');
    const store = tx.objectStore('meta');
    const row = await new Promise((ok) => { const r = store.get('session');
                                            r.onsuccess = () => ok(r.result); });
    row.value.token = row.value.token.slice(0, -6) + 'AAAAAA';  // a signature the server refuses
    store.put(row);
    await new Promise((ok) => { tx.oncomplete = ok; });
    db.close();
}"""


def test_a_refused_session_keeps_the_records_until_the_next_sign_in(
    browser: Browser, field_server: Server, fresh_db: str
) -> None:
    base, _ = field_server
    phone = new_phone(browser, base, standing_near(fresh_db))
    phone.sign_in("guard1")
    phone.context.set_offline(True)
    inspect(phone, "585", "intact")
    made = phone.outbox()
    phone.page.evaluate(SPOIL_TOKEN)
    phone.page.reload()
    wait_until(phone.page, "window.cotmocField.ready === true")
    phone.go("#outbox", "#records")
    phone.context.set_offline(False)
    phone.page.wait_for_selector("[data-banner=session]", timeout=30_000)  # 401: sign in again
    assert phone.page.evaluate("window.cotmocField.sync.error") == "sign_in"
    assert phone.outbox() == made
    assert rows(fresh_db, "SELECT id FROM inspections") == []
    phone.sign_in("guard1")
    phone.wait_outbox(0, 0)
    assert rows(fresh_db, "SELECT id::text, created_by FROM inspections") == [
        {"id": made["records"][0]["id"], "created_by": "guard1"}
    ]
    assert phone.errors == []
    phone.context.close()


def test_on_a_shared_phone_each_guard_sends_only_their_own_outbox(
    browser: Browser, field_server: Server, fresh_db: str
) -> None:
    import asyncio

    import psycopg
    from psycopg.rows import dict_row

    from gis.audit import Actor
    from gis.field.accounts import add_user

    async def add_second_guard() -> None:
        async with await psycopg.AsyncConnection.connect(fresh_db, row_factory=dict_row) as conn:
            await add_user(
                conn, Actor("test-setup", "admin", via="cli"), "guard2", "guard", FIELD_PASSWORD
            )

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, add_second_guard()).result()
    base, _ = field_server
    phone = new_phone(browser, base, standing_near(fresh_db))
    phone.sign_in("guard1")
    phone.context.set_offline(True)
    inspect(phone, "585", "intact", notes="của guard1")
    phone.page.click("[data-action=sign-out]")
    phone.page.wait_for_selector("#others-waiting")
    assert "guard1 (1)" in phone.page.inner_text("#others-waiting")
    assert len(phone.outbox()["records"]) == 1  # a sign-out deletes nothing

    phone.context.set_offline(False)
    phone.sign_in("guard2")
    phone.go("#outbox", "#outbox-count")
    assert phone.page.get_attribute("#outbox-count", "data-records") == "0"
    inspect(phone, "586", "cracked", notes="của guard2")
    phone.wait_until(lambda o: [r["user"] for r in o["records"]] == ["guard1"])
    assert rows(
        fresh_db,
        "SELECT m.code, i.created_by FROM inspections i JOIN markers m ON m.id = i.marker_id",
    ) == [{"code": "586", "created_by": "guard2"}]

    phone.page.click("[data-action=sign-out]")
    phone.sign_in("guard1")
    phone.wait_outbox(0, 0)
    assert rows(
        fresh_db,
        "SELECT m.code, i.created_by, i.notes FROM inspections i "
        "JOIN markers m ON m.id = i.marker_id ORDER BY m.code",
    ) == [
        {"code": "585", "created_by": "guard1", "notes": "của guard1"},
        {"code": "586", "created_by": "guard2", "notes": "của guard2"},
    ]
    assert phone.errors == []
    phone.context.close()


def settled(page: Page) -> None:
    """Until the map shows tiles and waits for none."""
    wait_until(
        page,
        "document.querySelectorAll('#map img.leaflet-tile-loaded').length > 0 && "
        "document.querySelectorAll('#map img.leaflet-tile:not(.leaflet-tile-loaded)')"
        ".length === 0",
    )


def loaded_tiles(page: Page) -> list[str]:
    return page.eval_on_selector_all(  # type: ignore[no-any-return]
        "#map img.leaflet-tile-loaded", "imgs => imgs.map(i => new URL(i.src).pathname)"
    )


def test_tiles_seen_online_stay_for_offline_and_the_layers_show_without_any(
    browser: Browser, tiled_server: Server, tiles: TileServer, fresh_db: str, output_dir: Path
) -> None:
    base, _ = tiled_server
    phone = new_phone(browser, base, standing_near(fresh_db))
    phone.sign_in("guard1")
    wait_until(phone.page, "window.cotmocField.offlineReady === true")
    phone.go("#map", "#map .leaflet-overlay-pane path.field-marker")
    settled(phone.page)
    seen = set(loaded_tiles(phone.page))
    assert seen <= set(tiles.asked)

    tiles.shutdown()  # no tile server any more, and no network
    phone.context.set_offline(True)
    asked = len(tiles.asked)
    phone.page.reload()
    wait_until(phone.page, "window.cotmocField.ready === true")
    phone.go("#map", "#map .leaflet-overlay-pane path.field-marker")
    settled(phone.page)
    assert set(loaded_tiles(phone.page)) == seen  # the same view, from the kept tiles
    assert len(tiles.asked) == asked
    assert phone.page.locator("#map path.field-marker").count() == 66
    phone.page.screenshot(path=str(output_dir / "field" / "map-offline.png"))

    # Where no tile was ever seen: the plain background, every layer still drawn.
    phone.page.evaluate("window.cotmocField.map.setView([16.2, 107.2], 15)")
    wait_until(phone.page, "document.querySelectorAll('#map img.leaflet-tile').length > 0")
    phone.page.wait_for_timeout(500)  # let the refused tiles report
    assert loaded_tiles(phone.page) == []
    assert phone.page.locator("#map path.field-marker").count() == 66
    phone.context.close()


FULL_STORAGE = """
navigator.storage.estimate = async () => ({ usage: 950 * 1024 * 1024, quota: 1000 * 1024 * 1024 });
"""


def test_every_screen_renders_in_vietnamese_lao_and_english_with_no_missing_label(
    browser: Browser, field_server: Server, fresh_db: str, output_dir: Path
) -> None:
    from api.fieldapp.words import words
    from layers.labels import LANGS

    base, h = field_server
    approved = damage_at(base, h, "585", "approved")
    context = browser.new_context(
        viewport={"width": 412, "height": 915},
        timezone_id="Asia/Ho_Chi_Minh",
        permissions=["geolocation"],
        geolocation={"longitude": 106.6, "latitude": 16.62, "accuracy": 8},
    )
    context.add_init_script(FULL_STORAGE)  # a phone whose storage is nearly full
    phone = Phone(context, base)
    phone.open()
    phone.sign_in("guard1")
    phone.context.set_offline(True)
    inspect(phone, "585", "tilted")
    take_step(phone, approved, "in_repair", dt.date.today())
    records = {r["type"]: r["id"] for r in phone.outbox()["records"]}
    screens = {
        "#markers": "markers_title",
        "#map": "map_title",
        "#inspect?code=585": "inspection_title",
        "#damage?code=585": "damage_title",
        "#repairs": "repairs_title",
        "#patrol": "patrol_title",
        "#outbox": "outbox_title",
        "#signin": "sign_in_title",
        f"#edit?id={records['inspection']}": "inspection_edit_title",
        f"#edit?id={records['transition']}": "step_edit_title",
    }
    for lang in LANGS:
        said = words(lang)
        phone.page.select_option("#lang", lang)
        for screen, title_key in screens.items():
            phone.page.evaluate("h => { window.location.hash = h; }", screen)
            title = said[title_key]
            wait_until(
                phone.page,
                "([t, b]) => document.querySelector('main h1') && document.querySelector("
                "'main h1').textContent === t && document.getElementById('outbox-badge')"
                ".textContent === b",
                arg=[title, said["outbox_badge"].format(count=2)],
            )
            text = phone.page.inner_text("body")
            assert "⟦" not in text, (lang, screen, text)
            assert said["offline_banner"] in text
            assert said["storage_low"] in text
            assert said["tab_damage"] in text
            name = screen.strip("#").split("?")[0]
            phone.page.screenshot(path=str(output_dir / "field" / lang / f"{name}.png"))
        assert phone.page.evaluate("document.documentElement.lang") == lang
    assert phone.errors == []  # a missing label is logged as an error
    phone.context.close()


def test_a_track_recorded_while_the_app_is_open_survives_a_reload_and_is_sent(
    browser: Browser, field_server: Server, fresh_db: str
) -> None:
    from gis.seed.load import border_lines

    base, _ = field_server
    walked = border_lines()["savannakhet"]["geometry"]["coordinates"][10:16]
    phone = new_phone(browser, base, tuple(walked[0]))  # type: ignore[arg-type]
    phone.sign_in("guard1")
    phone.go("#patrol", "#patrol-form")
    phone.page.click("[data-action=record-start]")

    def recorded() -> int:
        return int(
            phone.page.evaluate("""async () => {
            const db = await new Promise((ok) => { const r = indexedDB.open('cotmoc-field');
                                                   r.onsuccess = () => ok(r.result); });
            const row = await new Promise((ok) => {
                const r = db.transaction('meta').objectStore('meta').get('recording:guard1');
                r.onsuccess = () => ok(r.result); });
            db.close();
            return row ? row.value.points.length : -1;
        }""")
        )

    def walk_to(index: int) -> None:
        lon, lat = walked[index]
        phone.set_position(lon, lat, accuracy=6)
        deadline = time.monotonic() + 20
        while recorded() < index + 1:
            assert time.monotonic() < deadline, f"point {index} was not recorded"
            phone.page.wait_for_timeout(100)

    for index in range(3):
        walk_to(index)
    phone.page.reload()  # the recording is on the phone, and goes on after the reload
    wait_until(phone.page, "window.cotmocField.ready === true")
    phone.go("#patrol", "#patrol-form")
    assert recorded() == 3
    for index in range(3, len(walked)):
        walk_to(index)
    phone.page.click("[data-action=record-stop]")
    assert f"{len(walked)}" in phone.page.inner_text("#recording-status")
    phone.page.fill("input[name=vn_unit]", "Đồn Biên phòng Thanh")
    phone.page.click("#patrol-form [data-action=save]")
    phone.wait_until(lambda o: saved(o) == 1 and not o["records"])
    track = rows(fresh_db, "SELECT ST_NPoints(track) AS n, joint, vn_unit FROM patrols")
    assert track == [{"n": len(walked), "joint": False, "vn_unit": "Đồn Biên phòng Thanh"}]
    assert phone.errors == []
    phone.context.close()


PUT_RECORD = """async (record) => {
    const db = await new Promise((ok) => { const r = indexedDB.open('cotmoc-field');
                                           r.onsuccess = () => ok(r.result); });
    const tx = db.transaction('records', 'readwrite');
    tx.objectStore('records').put(record);
    await new Promise((ok) => { tx.oncomplete = ok; });
    db.close();
}"""


def test_each_answer_of_the_server_keeps_or_releases_its_record(
    browser: Browser, field_server: Server, fresh_db: str
) -> None:
    """retry_later keeps a record for the next round; a record the server cannot read is
    rejected alone (whether the server answers that record, or refuses the whole batch with
    a 422 and the app sends them one by one); the others are stored."""
    base, _ = field_server
    phone = new_phone(browser, base, standing_near(fresh_db))
    phone.sign_in("guard1")
    phone.context.set_offline(True)
    inspect(phone, "585", "intact")
    inspect(phone, "586", "intact")
    first, second = sorted(phone.outbox()["records"], key=lambda r: r["body"]["marker_code"])
    unreadable = str(uuid.uuid4())  # as an older or newer app version might have left it
    phone.page.evaluate(
        PUT_RECORD,
        {
            "id": unreadable,
            "user": "guard1",
            "type": "weather",
            "transport": "sync",
            "body": {"id": unreadable, "rain_mm": 12},
            "state": "waiting",
            "detail": "",
            "seq": 10_000,
            "attempts": 0,
            "created_at": "2024-05-02T00:00:00Z",
        },
    )

    held = [True]

    def later(route: Route) -> None:
        # While held, every round hears the same: the first "later", no word of the others.
        if not held[0]:
            route.fallback()
            return
        route.fulfill(
            status=200,
            content_type="application/json",
            body=orjson.dumps(
                {
                    "results": [
                        {
                            "id": first["id"],
                            "status": "retry_later",
                            "detail": "patrol_id: not arrived yet",
                        }
                    ]
                }
            ),
        )

    phone.page.route("**/sync", later)
    rounds = int(phone.page.evaluate("window.cotmocField.sync.rounds"))
    phone.context.set_offline(False)
    wait_until(
        phone.page, f"window.cotmocField.sync.rounds > {rounds} && !window.cotmocField.sync.running"
    )
    states = {r["id"]: r["state"] for r in phone.outbox()["records"]}
    assert states == {
        first["id"]: "retry_later",
        second["id"]: "waiting",
        unreadable: "waiting",
    }  # no answer: still waiting
    assert rows(fresh_db, "SELECT id FROM inspections") == []
    phone.go("#outbox", f"li.record[data-id='{first['id']}'][data-state=retry_later]")
    held[0] = False
    phone.page.click("[data-action=sync-now]")
    left = phone.wait_until(lambda o: len(o["records"]) == 1)
    assert [(r["id"], r["state"]) for r in left["records"]] == [(unreadable, "rejected")]
    assert "type" in left["records"][0]["detail"]  # the reason names the field
    assert sorted(r["id"] for r in rows(fresh_db, "SELECT id::text FROM inspections")) == sorted(
        [first["id"], second["id"]]
    )
    phone.context.close()

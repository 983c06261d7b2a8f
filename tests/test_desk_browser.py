"""The desk in Chromium through Playwright on a live server (issue 11): a planner signs in
from the map's "sign in" link and sees the field layers, signs out and sees them no more; a
repair goes from approval to verification between a planner and a guard in two browsers
while a third, stale page is refused; the pages fit a phone's width. The network is cut:
nothing but the app may answer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import wait_until
from conftest import FIELD_PASSWORD, add_user_signed_in
from db_support import one_row
from desk_support import landslide, web_audit
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from gis import db

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
WATCH_CSP = """window.cspViolations = [];
document.addEventListener('securitypolicyviolation',
    e => window.cspViolations.push(e.effectiveDirective + ' ' + e.blockedURI));"""
Server = tuple[str, dict[str, dict[str, str]]]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    playwright: Playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def new_page(browser: Browser, base: str, width: int = 1280) -> tuple[BrowserContext, Page]:
    """A browser of its own (own cookies), offline but for the app."""
    context = browser.new_context(viewport={"width": width, "height": 860})
    context.route(
        lambda url: not url.startswith(base), lambda route: route.abort("internetdisconnected")
    )
    page = context.new_page()
    page.add_init_script(WATCH_CSP)
    return context, page


def sign_in(page: Page, base: str, name: str, path: str = "/login") -> None:
    page.goto(f"{base}{path}")
    page.fill("form.login input[name=name]", name)
    page.fill("form.login input[name=password]", FIELD_PASSWORD)
    with page.expect_navigation():
        page.click("form.login button[type=submit]")


def open_map(page: Page, url: str) -> None:
    page.goto(url)
    wait_until(page, "window.cotmoc && window.cotmoc.ready === true")


def drawn_maintenance(page: Page) -> list[dict[str, Any]]:
    """The maintenance features drawn on the map, by their properties."""
    return list(
        page.evaluate("""() => {
        const found = [];
        window.cotmoc.map.eachLayer(l => {
            if (l.feature && (l.options.className || '').includes('cotmoc-maintenance')) {
                found.push(l.feature.properties);
            }
        });
        return found;
    }""")
    )


def no_csp_violations(page: Page) -> None:
    assert page.evaluate("window.cspViolations") == [], "the page's CSP refused some of it"


def test_a_planner_signs_in_from_the_map_and_out_again(
    browser: Browser, field_server: Server, fresh_db: str, output_dir: Path
) -> None:
    base, _ = field_server
    with db.connect(fresh_db) as conn:
        located = one_row(
            conn.execute("SELECT count(*) AS n FROM maintenance_features WHERE geom IS NOT NULL")
        )["n"]
    context, page = new_page(browser, base)
    open_map(page, f"{base}/maps/maintenance?lang=vi")
    assert drawn_maintenance(page) == []
    link = page.get_attribute(".cotmoc-panel a.cotmoc-sign-in", "href")
    assert link == "/login?next=%2Fmaps%2Fmaintenance%3Flang%3Dvi"
    with page.expect_navigation():
        page.click(".cotmoc-panel a.cotmoc-sign-in")
    page.fill("form.login input[name=name]", "planner1")
    page.fill("form.login input[name=password]", FIELD_PASSWORD)
    with page.expect_navigation():
        page.click("form.login button[type=submit]")
    assert page.url == f"{base}/maps/maintenance?lang=vi"
    wait_until(page, "window.cotmoc && window.cotmoc.ready === true")
    drawn = drawn_maintenance(page)
    assert len(drawn) == located > 0
    assert [
        d for d in drawn if d["cause"] == "landslide" and str(d["observed_on"]).startswith("2020")
    ], "the 2020 landslide is not drawn"
    page.screenshot(path=str(output_dir / "desk-map-signed-in.png"))
    session = [c for c in context.cookies() if c["name"] == "cotmoc_session"]
    assert len(session) == 1
    assert session[0]["httpOnly"] and session[0]["sameSite"] == "Lax"
    assert session[0]["expires"] == -1 and not session[0]["secure"]  # plain HTTP here
    page.goto(f"{base}/desk")
    no_csp_violations(page)
    with page.expect_navigation():
        page.click("form.signout button")
    assert page.url.startswith(f"{base}/login")
    open_map(page, f"{base}/maps/maintenance?lang=vi")
    assert drawn_maintenance(page) == []
    context.close()


def step(page: Page, to: str, **fields: str) -> None:
    for name, value in fields.items():
        page.fill(f"form.steps [name={name}]", value)
    with page.expect_navigation():
        page.click(f"form.steps button[value={to}]")


def test_a_repair_is_approved_carried_out_and_verified_and_a_stale_page_is_refused(
    browser: Browser, field_server: Server, fresh_db: str, output_dir: Path
) -> None:
    base, _ = field_server
    add_user_signed_in(fresh_db, "planner2", "planner")
    record = landslide(fresh_db)
    record_url = f"{base}/desk/maintenance/{record['id']}"
    planner_context, planner = new_page(browser, base)
    guard_context, guard = new_page(browser, base, width=390)  # on a phone
    late_context, late = new_page(browser, base)
    sign_in(planner, base, "planner1")
    sign_in(guard, base, "guard1")
    sign_in(late, base, "planner2")
    late.goto(record_url)  # loaded before anything below happens

    planner.goto(f"{base}/desk")
    with planner.expect_navigation():
        planner.click(f"a.record[href^='/desk/maintenance/{record['id']}']")
    step(planner, "approved", note="Phê duyệt phương án kè bờ", document_ref="QĐ-45/2026")
    assert "Đã ghi nhận" in planner.inner_text(".message")

    guard.goto(record_url)
    step(guard, "in_repair", happened_on="2026-11-20")
    step(guard, "repaired", happened_on="2026-11-28", note="Đã kè xong")
    assert guard.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    guard.screenshot(path=str(output_dir / "desk-record-phone.png"), full_page=True)

    planner.reload()
    assert planner.input_value("form.steps select[name=marker_status]") == "intact"
    step(planner, "verified", note="Nghiệm thu tại hiện trường")
    assert planner.get_attribute(".status", "data-status") == "verified"
    with db.connect(fresh_db) as conn:
        marker = one_row(conn.execute("SELECT status FROM markers WHERE code = '606(1)'"))
    assert marker["status"] == "intact"

    with late.expect_navigation():
        late.click("form.steps button[value=approved]")
    message = late.inner_text(".message")
    assert "Hồ sơ đã được planner1 thay đổi lúc" in message and "tải lại" in message
    assert landslide(fresh_db)["status"] == "verified"

    history = planner.inner_text("table.history")
    for text in ("planner1", "guard1", "QĐ-45/2026", "20/11/2026", "28/11/2026", "Đã kè xong"):
        assert text in history
    audit = [(a["actor"], a["via"], a["action"]) for a in web_audit(fresh_db, record["id"])]
    assert audit[-4:] == [
        ("planner1", "web", "transition:repair_proposed->approved"),
        ("guard1", "web", "transition:approved->in_repair"),
        ("guard1", "web", "transition:in_repair->repaired"),
        ("planner1", "web", "transition:repaired->verified"),
    ]
    for page in (planner, guard, late):
        no_csp_violations(page)
    for context in (planner_context, guard_context, late_context):
        context.close()


@pytest.mark.parametrize("lang", ["vi", "lo", "en"])
def test_desk_pages_fit_a_phone(
    browser: Browser, field_server: Server, fresh_db: str, output_dir: Path, lang: str
) -> None:
    base, _ = field_server
    record = landslide(fresh_db)
    context, page = new_page(browser, base, width=360)
    page.goto(f"{base}/login?lang={lang}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    sign_in(page, base, "planner1")
    for name, path in (("queue", "/desk"), ("record", f"/desk/maintenance/{record['id']}")):
        page.goto(f"{base}{path}?lang={lang}")
        assert page.get_attribute("html", "lang") == lang
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        page.screenshot(path=str(output_dir / f"desk-{name}-{lang}-phone.png"), full_page=True)
        no_csp_violations(page)
    context.close()


def test_photos_show_as_thumbnails_open_full_size_and_the_marker_page_fits_a_phone(
    browser: Browser, field_server: Server, fresh_db: str, output_dir: Path
) -> None:
    import httpx
    from test_corrections import patrol_body
    from test_field_records import inspection, marker_point, offset
    from test_photo_reads import big_jpeg

    base, headers = field_server
    patrol = patrol_body()
    found = inspection(
        "585",
        offset(marker_point(fresh_db, "585"), 2),
        3,
        patrol_id=patrol["id"],
        condition="cracked",
    )
    with httpx.Client(base_url=base, headers=headers["guard"], timeout=60) as api:
        assert api.post("/patrols", json=patrol).status_code == 201
        assert api.post("/inspections", json=found).status_code == 201
        photo = api.post(
            f"/inspections/{found['id']}/photos",
            files={"photo": ("p.jpg", big_jpeg(), "image/jpeg")},
        ).json()
    context, page = new_page(browser, base, width=360)
    sign_in(page, base, "planner1")
    page.goto(f"{base}/desk/inspections/{found['id']}")
    wait_until(page, "[...document.images].every(i => i.complete)")
    size = page.evaluate(
        "(() => { const i = document.querySelector('.photos img');"
        " return [i.naturalWidth, i.naturalHeight]; })()"
    )
    assert size == [320, 240]
    with page.expect_navigation():
        page.click("a.photo")
    assert page.url == f"{base}/photos/{photo['id']}/original"
    assert page.evaluate("[document.images[0].naturalWidth, document.images[0].naturalHeight]") == [
        1600,
        1200,
    ]

    page.goto(f"{base}/desk/markers/585")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    wait_until(page, "[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    page.screenshot(path=str(output_dir / "desk-marker-phone.png"), full_page=True)
    no_csp_violations(page)

    page.goto(f"{base}/desk/patrols/{patrol['id']}")
    wait_until(
        page,
        "document.getElementById('track-map').dataset.drawn === 'true'"
        " || !!document.getElementById('track-map').dataset.error",
    )
    assert page.get_attribute("#track-map", "data-error") is None
    drawn = "document.querySelectorAll('#track-map .leaflet-overlay-pane path').length"
    assert page.evaluate(drawn) == 1
    assert "585" in page.inner_text(".passed")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    no_csp_violations(page)
    context.close()

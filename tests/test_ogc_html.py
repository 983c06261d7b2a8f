"""HTML for the OGC API resources (issue 11): a browser gets pages, GDAL and JSON clients
the documents as before; the conformance declaration claims conf/html."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from browser_support import wait_until
from fastapi.testclient import TestClient
from playwright.sync_api import sync_playwright

from layers.labels import label

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
HTML_CLASS = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html"


@pytest.mark.parametrize(
    "path", ["/", "/collections", "/collections/markers", "/collections/markers/items"]
)
def test_a_browser_gets_html_and_a_json_client_json(client: TestClient, path: str) -> None:
    page = client.get(path, headers={"Accept": BROWSER_ACCEPT})
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert "Vary" in page.headers and "Accept" in page.headers["vary"]
    assert '<html lang="vi">' in page.text
    for accept in ("application/json", "application/geo+json", "*/*"):
        doc = client.get(path, headers={"Accept": accept})
        assert doc.status_code == 200
        assert "json" in doc.headers["content-type"], (path, accept)
        json.loads(doc.text)
    assert client.get(path, params={"f": "html"}).headers["content-type"].startswith("text/html")
    assert (
        "json"
        in client.get(path, params={"f": "json"}, headers={"Accept": BROWSER_ACCEPT}).headers[
            "content-type"
        ]
    )


def test_the_pages_link_to_every_format_and_speak_three_languages(client: TestClient) -> None:
    collection = client.get("/collections/markers", params={"f": "html"}).text
    for target in (
        "/collections/markers/items?f=csv",
        "/collections/markers/items?f=gpkg",
        "/collections/markers/queryables",
        "/collections/markers/items?f=html",
    ):
        assert target in collection, target
    items = client.get("/collections/markers/items", params={"f": "html", "limit": 10}).text
    assert label("desk.on_page", "vi").format(count=10) in items
    assert "Cột mốc" in items  # values by their labels
    assert 'class="next"' in items and "f=html" in items
    for lang in ("lo", "en"):
        page = client.get("/collections", params={"f": "html", "lang": lang}).text
        assert f'<html lang="{lang}">' in page and label("desk.collections", lang) in page
    assert client.get("/", params={"f": "xml"}).status_code == 400
    assert HTML_CLASS in client.get("/conformance").json()["conformsTo"]


@pytest.mark.gdal
def test_gdal_still_reads_json(live_server: str) -> None:
    listing = subprocess.run(
        ["ogrinfo", "-ro", "-so", f"OAPIF:{live_server}", "markers"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert listing.returncode == 0, listing.stderr
    assert "Feature Count: 66" in listing.stdout or "Geometry: Point" in listing.stdout


@pytest.mark.browser
def test_the_items_page_draws_its_features_in_chromium(live_server: str, output_dir: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"]
        )
        context = browser.new_context(viewport={"width": 390, "height": 844})
        context.route(
            lambda url: not url.startswith(live_server),
            lambda route: route.abort("internetdisconnected"),
        )
        page = context.new_page()
        landing = page.goto(f"{live_server}/")
        assert landing is not None and landing.headers["content-type"].startswith("text/html")
        with page.expect_navigation():
            page.click("text=" + label("desk.collections", "vi"))
        with page.expect_navigation():
            page.click("ul.collections a[href^='/collections/markers?']")
        with page.expect_navigation():
            page.click("a.items-page")
        wait_until(page, "!!document.getElementById('feature-map').dataset.drawn")
        drawn = page.evaluate(
            "document.querySelectorAll('#feature-map .leaflet-overlay-pane path').length"
        )
        assert drawn == int(page.get_attribute("#feature-map", "data-drawn") or 0) > 0
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path=str(output_dir / "ogc-items-phone.png"), full_page=True)
        browser.close()

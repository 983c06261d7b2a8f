"""Every feature is reachable by its id, whatever characters it holds ("606/1", "576+865m",
"607(1)"): at the links the API writes, raw or encoded, and through GDAL's OAPIF driver."""

from __future__ import annotations

import subprocess
from urllib.parse import quote

import httpx
import pytest

from gis import db


def marker_codes(url: str) -> list[str]:
    with db.connect(url) as conn:
        return [r["code"] for r in conn.execute("SELECT code FROM markers ORDER BY code")]


def test_every_marker_answers_at_the_link_its_items_page_writes(
    live_server: str, shared_db: str
) -> None:
    codes = marker_codes(shared_db)
    assert len(codes) == 66 and sum("/" in code for code in codes) == 18
    with httpx.Client(base_url=live_server, timeout=60) as client:
        page = client.get("/collections/markers/items", params={"limit": 100}).json()
        links = {
            f["id"]: [link["href"] for link in f["links"] if link["rel"] == "self"]
            for f in page["features"]
        }
        assert sorted(links) == codes
        for code, (href,) in links.items():
            assert href == f"{live_server}/collections/markers/items/{quote(code, safe='')}"
            answer = client.get(href)
            assert answer.status_code == 200, (code, answer.text)
            feature = answer.json()
            assert feature["id"] == code and feature["properties"]["code"] == code
            # The feature's own self link is the same encoded URL.
            assert [lnk["href"] for lnk in feature["links"] if lnk["rel"] == "self"] == [href]
            # The raw form (what GDAL sends: …/items/606/1) answers the same feature.
            raw = client.get(f"/collections/markers/items/{code}")
            assert raw.status_code == 200 and raw.json()["id"] == code


def test_positions_with_a_slash_or_a_plus_are_reachable(live_server: str) -> None:
    with httpx.Client(base_url=live_server, timeout=60) as client:
        page = client.get("/collections/marker_positions/items", params={"limit": 100}).json()
        for feature in page["features"]:
            (href,) = [link["href"] for link in feature["links"] if link["rel"] == "self"]
            answer = client.get(href)
            assert answer.status_code == 200 and answer.json()["id"] == feature["id"], href
        assert {"606/1", "576+865m"} <= {f["id"] for f in page["features"]}


def test_an_unknown_id_with_a_slash_is_a_named_404(client: httpx.Client) -> None:
    answer = client.get("/collections/markers/items/606%2F9")
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"
    assert "'606/9'" in answer.json()["detail"]


def test_every_marker_has_its_map_page_at_the_popup_link(live_server: str, shared_db: str) -> None:
    with httpx.Client(base_url=live_server, timeout=120) as client:
        for code in marker_codes(shared_db):
            # The popups write encodeURIComponent(code) (maps/static/cotmoc-map.js).
            for path in (quote(code, safe="-_.!~*'()"), code):
                answer = client.get(f"/maps/markers/{path}")
                assert answer.status_code == 200, (code, path)
                assert code in answer.text


def test_the_change_feed_links_each_change_to_its_feature(live_server: str) -> None:
    with httpx.Client(base_url=live_server, timeout=60) as client:
        feed = client.get("/changes", params={"since": "2000-01-01T00:00:00Z"}).json()
        markers = [c for c in feed["changes"] if c["collection"] == "markers"]
        assert len(markers) == 66
        for change in markers:
            (href,) = [link["href"] for link in change["links"] if link["rel"] == "item"]
            assert href.endswith("/items/" + quote(change["featureId"], safe=""))
            assert client.get(href).json()["id"] == change["featureId"]


@pytest.mark.gdal
def test_ogrinfo_finds_a_marker_by_an_id_holding_a_slash(live_server: str) -> None:
    done = subprocess.run(
        ["ogrinfo", "-ro", "-al", f"OAPIF:{live_server}", "markers", "-where", "id = '606/1'"],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "ERROR" not in done.stderr, done.stderr
    assert "Feature Count: 1" in done.stdout or done.stdout.count("OGRFeature(markers)") == 1
    assert "code (String) = 606/1" in done.stdout


def test_uri_segment_encodes_as_python_quotes(shared_db: str) -> None:
    """Both paths of uri_segment (0029: replace chain, else byte by byte) give quote(id, "")."""
    samples = [
        "606(1,2) a+b/c",
        "577/1",
        "576+865m",
        "Mốc 5%",
        "a%2Fb",
        "tab\there",
        "~._-",
        "",
        "ສ/ໍ",
        "a&b=c?d#e",
    ]
    with db.connect(shared_db) as conn:
        for sample in samples:
            row = conn.execute("SELECT uri_segment(%s) AS v", (sample,)).fetchone()
            assert row is not None and row["v"] == quote(sample, safe=""), sample
        row = conn.execute("SELECT uri_segment(NULL) AS v").fetchone()
        assert row is not None and row["v"] is None

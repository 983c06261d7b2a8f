"""The planners' maps without a browser: routes, access, languages, offline assets, escaping,
the pure renderer and the export command. The browser checks are in test_maps_browser.py."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from fastapi.testclient import TestClient
from maps_support import (
    HOSTILE_DAMAGE,
    HOSTILE_GATE,
    HOSTILE_INSPECTION,
    HOSTILE_NOTE,
    add_field_records,
    sign_in_as_planner,
)
from typer.testing import CliRunner

from gis import db
from layers import LAYERS, Style
from maps import assets
from maps.page import PageOptions
from maps.render import render_overview
from maps.script import (
    FinishOptions,
    LayerScript,
    LegendGroup,
    LegendItem,
    NavLink,
    PageSetup,
    Rule,
    Unlocated,
    safe_json_text,
)
from maps.synthetic import synthetic_overview

MAPS = ("/maps/overview", "/maps/inspections", "/maps/maintenance", "/maps/markers/585")
# Any reference to a file on another host: a CDN script or stylesheet would make a blank map.
EXTERNAL_ASSET = re.compile(r"""<(script|link)[^>]+(src|href)=["']?(https?:)?//""", re.I)


def test_each_map_is_html_with_only_local_assets(client: TestClient) -> None:
    for path in MAPS:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html")
        page = response.text
        assert EXTERNAL_ASSET.search(page) is None, path
        assert '<script src="/maps/static/leaflet.js">' in page
        assert '<script src="/maps/static/cotmoc-map.js">' in page
        assert "cotmoc.finish(" in page


def test_maps_index_leads_to_the_overview(client: TestClient) -> None:
    response = client.get("/maps", params={"lang": "en"}, follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/maps/overview?lang=en"


def test_assets_are_served_from_the_installed_packages(client: TestClient) -> None:
    for name in ("leaflet.js", "leaflet.css", "cotmoc-map.js", "images/layers.png"):
        response = client.get(f"/maps/static/{name}")
        assert response.status_code == 200, name
        assert response.content == assets.ASSETS[name].read_bytes()
        assert response.headers["content-type"].startswith(assets.media_type(name))
    assert b"Leaflet" in client.get("/maps/static/leaflet.js").content[:300]
    missing = client.get("/maps/static/../../gis/settings.py")
    assert missing.status_code == 404


def test_labels_follow_lang_vietnamese_by_default(client: TestClient) -> None:
    markers = LAYERS["markers"]
    default = client.get("/maps/overview").text
    english = client.get("/maps/overview", params={"lang": "en"}).text
    assert orjson.dumps(markers.title("vi")).decode() in default
    assert orjson.dumps(markers.title("en")).decode() not in default
    assert orjson.dumps(markers.title("en")).decode() in english
    assert "<title>Bản đồ tổng quan" in default and "<title>Overview map" in english
    bad = client.get("/maps/overview", params={"lang": "fr"})
    assert bad.status_code == 400
    assert bad.headers["content-type"] == "application/problem+json"


def test_unknown_marker_is_a_404_problem_and_codes_with_a_slash_work(client: TestClient) -> None:
    response = client.get("/maps/markers/999(9)")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "999(9)" in response.json()["detail"]
    stake = client.get("/maps/markers/578%2F1")
    assert stake.status_code == 200
    assert "Mốc 578/1" in stake.text


def test_field_layers_stay_off_the_maps_of_anonymous_callers(client: TestClient) -> None:
    overview = client.get("/maps/overview").text
    assert "Severe landslide" not in overview  # a maintenance description
    assert '"open_damage":null' in overview and '"last_inspection":null' in overview
    maintenance = client.get("/maps/maintenance").text
    assert "Severe landslide" not in maintenance
    assert '"restricted":["' + LAYERS["maintenance"].title("vi") in maintenance


@pytest.fixture
def planner_client(write_client: TestClient, fresh_db: str) -> Iterator[TestClient]:
    add_field_records(fresh_db)
    write_client.headers.update(sign_in_as_planner(fresh_db))
    yield write_client


def test_planners_see_field_layers_and_hostile_text_stays_inert(planner_client: TestClient) -> None:
    for path in MAPS:
        page = planner_client.get(path).text
        for text in (HOSTILE_NOTE, HOSTILE_GATE, HOSTILE_DAMAGE, "<script>alert(3)"):
            assert text not in page, (path, text)
    overview = planner_client.get("/maps/overview").text
    assert "{{7*7}}" in overview  # shown as typed: no template engine saw it
    assert safe_json_text(orjson.dumps(HOSTILE_NOTE).decode()) in overview
    assert safe_json_text(orjson.dumps(HOSTILE_GATE).decode()) in overview
    assert "Severe landslide" in overview  # open damage is drawn for planners
    marker = planner_client.get("/maps/markers/585").text
    # The history table is HTML written by Jinja with autoescape: entities, never tags.
    assert "&lt;script&gt;alert(3)&lt;/script&gt; {{7*7}}" in marker
    assert HOSTILE_INSPECTION not in marker


def test_render_overview_is_pure_and_keeps_every_feature() -> None:
    data = synthetic_overview(2500)
    page = render_overview(data, PageOptions.served("en"))
    features = orjson.loads(data.layers["markers"])["features"]
    assert page.count('"type":"Feature"') == len(features) == 2500
    assert '"id":"markers"' in page and "cotmoc.finish(" in page


def test_data_cannot_close_the_script_or_reach_the_template_engine() -> None:
    data = synthetic_overview(3)
    text = data.layers["markers"].replace(
        '"source":"synthetic"', '"source":"</script><script>alert(5)</script>{{ 6*7 }}"'
    )
    data.layers["markers"] = text
    page = render_overview(data)
    assert "</script><script>alert(5)" not in page
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(5)" in page
    assert "{{ 6*7 }}" in page


def test_export_writes_standalone_pages(
    shared_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.cli import app
    from gis.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", shared_db)
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["maps", "export", str(tmp_path / "out")])
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    assert sorted(p.name for p in out.glob("*.html")) == [
        "inspections.html",
        "maintenance.html",
        "overview.html",
    ]
    markers = sorted(p.name for p in (out / "markers").glob("*.html"))
    assert len(markers) == 66 and "578_1.html" in markers and "606(1).html" in markers
    overview = (out / "overview.html").read_text("utf-8")
    assert EXTERNAL_ASSET.search(overview) is None
    assert "<script src=" not in overview and "<link " not in overview
    assert "Leaflet" in overview and "cotmoc.geojson" in overview
    assert "url(data:image/png;base64," in overview  # the layer control icon, inline
    assert '"marker_link":"markers/{slug}.html"' in overview
    bad = CliRunner().invoke(app, ["maps", "export", str(tmp_path / "x"), "--lang", "fr"])
    assert bad.exit_code != 0


def test_the_map_script_reads_exactly_the_fields_of_the_options_classes() -> None:
    """Each object the server hands to cotmoc-map.js is a class in maps/script.py: the keys
    the script reads of it (by the name it gives the object) are the class's fields."""
    text = (assets.OURS / "cotmoc-map.js").read_text(encoding="utf-8")
    objects = {
        "page": PageSetup,
        "cfg": LayerScript,
        "s": Style,
        "cfg.unlocated": Unlocated,
        "rule": Rule,
        "options": FinishOptions,
        "group": LegendGroup,
        "item": LegendItem,
        "link": NavLink,
    }
    for name, cls in objects.items():
        read = set(re.findall(rf"(?<![\w.]){re.escape(name)}\.(\w+)", text))
        assert read == {f.name for f in dataclasses.fields(cls)}, (name, cls.__name__)


MANY_INSPECTIONS = """
INSERT INTO inspections (id, marker_id, observed_at, condition, notes, created_by)
SELECT md5('history:' || g)::uuid, m.id, now() - make_interval(days => 1000 + 30 * g),
       'intact', 'visit ' || g, 'test'
FROM markers m, generate_series(1, 30) g WHERE m.code = '585'
"""


def test_a_markers_history_comes_a_page_at_a_time_newest_first(
    planner_client: TestClient, fresh_db: str
) -> None:
    with db.connect(fresh_db) as conn:
        conn.execute(MANY_INSPECTIONS)  # 30 old visits beside the 2 of add_field_records
    first = planner_client.get("/maps/markers/585?lang=en")
    assert first.status_code == 200
    rows = first.text.split('class="cotmoc-table-inspections"')[1].split("</table>")[0]
    assert rows.count("<tr>") - 1 == 24
    assert "Page 1 of 2 · 32 inspections" in first.text
    assert 'href="?page=2&amp;lang=en">Older inspections' in first.text
    assert "visit 22<" in first.text and "visit 23<" not in first.text  # newest first
    # The map draws the page's inspections (22 old visits here), not the whole history.
    assert len(re.findall(r'"notes"\s*:\s*"visit ', first.text)) == 22

    second = planner_client.get("/maps/markers/585?page=2&lang=en").text
    rows = second.split('class="cotmoc-table-inspections"')[1].split("</table>")[0]
    assert rows.count("<tr>") - 1 == 8
    assert "visit 30<" in second and "visit 23<" in second and "visit 22<" not in second
    assert 'href="?page=1&amp;lang=en">Newer inspections' in second
    assert "Older inspections</a>" not in second
    beyond = planner_client.get("/maps/markers/585?page=0")
    assert beyond.status_code == 400 and "page" in beyond.json()["detail"]

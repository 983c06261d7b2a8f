"""The border as of any date (issue 13, item 5): valid time, transaction time, versions.

Real PostGIS, the default data, imports through the command line and reads through the API.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import app_url, make_client
from db_support import one_row
from fastapi.testclient import TestClient
from pyproj import Geod
from typer.testing import CliRunner

from gis import db
from gis.seed.facts import LEGACY_ALIASES
from gis.settings import get_settings

GEOD = Geod(ellps="WGS84")
LICENCE = "CC BY 4.0 (test survey)"
MARKERS = "/collections/markers/items"


def ids(client: TestClient, collection: str, **params: str) -> set[str]:
    response = client.get(f"/collections/{collection}/items", params={"limit": "1000", **params})
    assert response.status_code == 200, response.text
    return {f["id"] for f in response.json()["features"]}


def point(client: TestClient, code: str, **params: str) -> tuple[float, float]:
    page = client.get(MARKERS, params={"limit": "1000", **params}).json()
    [feature] = [f for f in page["features"] if f["id"] == code]
    lon, lat = feature["geometry"]["coordinates"]
    return lon, lat


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2])


# --- the default data's history ---------------------------------------------------------------


def test_2005_shows_the_legacy_markers_and_not_the_2016_system(client: TestClient) -> None:
    assert ids(client, "markers", datetime="2005-06-01") == set()
    assert ids(client, "marker_positions", datetime="2005-06-01") == set()
    assert ids(client, "marker_aliases", datetime="2005-06-01") == set(LEGACY_ALIASES)
    # The line holds since the 1977 treaty; the pilot pair since 4/2005.
    assert ids(client, "border_sections", datetime="2005-06-01") == {"savannakhet", "salavan"}
    assert ids(client, "border_sections", datetime="1970-01-01") == set()
    assert ids(client, "village_pairs", datetime="2005-03-15") == set()
    assert ids(client, "village_pairs", datetime="2005-06-01") == {"ca-tang-densavan"}
    # After the densification (done by the end of 2012) the whole system is there.
    assert len(ids(client, "markers", datetime="2013-01-01")) == 66
    assert len(ids(client, "marker_positions", datetime="2013-01-01")) == 50


def test_default_records_say_since_when_and_how_precisely(client: TestClient) -> None:
    marker = client.get(f"{MARKERS}/585").json()["properties"]
    assert marker["valid_from"].startswith("2012-01-01")
    assert marker["valid_from_precision"] == "year"  # the sources give the year only
    assert marker["valid_from_ref"] == "000_941c44a4e543e441.txt:321"
    section = client.get("/collections/border_sections/items/savannakhet").json()["properties"]
    assert (section["valid_from_precision"], section["valid_from_ref"]) == (
        "day",
        "000_941c44a4e543e441.txt:246",
    )
    alias = client.get("/collections/marker_aliases/items/Q6").json()
    assert alias["properties"]["valid_from"] is None  # no source says when Q6 was set
    assert alias["geometry"] is None and alias["properties"]["coord_status"] == "unknown"
    gates = ids(client, "gates", datetime="2020-01-01")
    assert "lao-bao" in gates  # a start nobody gives answers every date


# --- a marker moved by import ---------------------------------------------------------------


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, fresh_db: str) -> Iterator[CliRunner]:
    monkeypatch.setenv("DATABASE_URL", app_url(fresh_db))
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch, fresh_db: str) -> Iterator[TestClient]:
    yield from make_client(monkeypatch, fresh_db)


def import_survey(
    cli: CliRunner, tmp_path: Path, code: str, lon: float, lat: float, *options: str
) -> Any:
    from api.cli_import import import_app

    path = tmp_path / "survey.csv"
    path.write_text(f'code,lon,lat\n"{code}",{lon:.9f},{lat:.9f}\n')
    result = cli.invoke(import_app, ["markers", str(path), "--licence", LICENCE, *options])
    assert result.exit_code == 0, result.output
    return result


def test_moved_today_yesterday_gives_the_old_point_and_today_the_new(
    cli: CliRunner, api: TestClient, tmp_path: Path
) -> None:
    code = "590"
    old = point(api, code)
    recorded_before = datetime.now(UTC)
    new = GEOD.fwd(old[0], old[1], 60.0, 40.0)[:2]
    today = datetime.now(UTC).date()
    import_survey(
        cli,
        tmp_path,
        code,
        new[0],
        new[1],
        "--as",
        "survey",
        "--method",
        "gnss",
        "--epoch",
        today.isoformat(),
    )
    yesterday = (today - timedelta(days=1)).isoformat()
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert metres(point(api, code, datetime=yesterday), old) < 0.01
    assert metres(point(api, code, datetime=today.isoformat()), new) < 0.01
    assert metres(point(api, code), new) < 0.01  # the current registry
    # What the registry said before the import: the old point, even for a valid time after it.
    said = point(api, code, datetime=tomorrow, **{"recorded-at": recorded_before.isoformat()})
    assert metres(said, old) < 0.01

    history = api.get(f"{MARKERS}/{code}/versions")
    assert history.status_code == 200
    assert history.headers["content-type"].startswith("application/geo+json")
    versions = history.json()["features"]
    assert len(versions) == 2
    first, second = versions
    assert metres(tuple(first["geometry"]["coordinates"]), old) < 0.01
    assert metres(tuple(second["geometry"]["coordinates"]), new) < 0.01
    assert (
        first["properties"]["version"]["valid_until"]
        == second["properties"]["version"]["valid_from"]
    )
    assert second["properties"]["version"]["valid_until"] is None
    rels = {link["rel"]: link["href"] for link in second["links"]}
    assert rels["predecessor-version"].endswith(f"/versions/{first['id']}")
    assert "successor-version" not in rels
    successor = {link["rel"]: link["href"] for link in first["links"]}["successor-version"]
    assert api.get(successor).json()["id"] == second["id"]
    # The feature links to its history; as recorded before the import it had one version.
    links = {link["rel"] for link in api.get(f"{MARKERS}/{code}").json()["links"]}
    assert "version-history" in links
    then = api.get(
        f"{MARKERS}/{code}/versions", params={"recorded-at": recorded_before.isoformat()}
    ).json()["features"]
    assert len(then) == 1 and metres(tuple(then[0]["geometry"]["coordinates"]), old) < 0.01


def test_a_plain_import_holds_from_its_moment_and_ids_with_a_slash_have_versions(
    cli: CliRunner, api: TestClient, tmp_path: Path
) -> None:
    code = "585/1"
    old = point(api, code)
    new = GEOD.fwd(old[0], old[1], 200.0, 25.0)[:2]
    before = datetime.now(UTC)
    import_survey(cli, tmp_path, code, new[0], new[1])
    after = datetime.now(UTC)
    assert metres(point(api, code, datetime=before.isoformat()), old) < 0.01
    assert metres(point(api, code, datetime=after.isoformat()), new) < 0.01
    for href in (f"{MARKERS}/585%2F1/versions", f"{MARKERS}/585/1/versions"):
        versions = api.get(href)
        assert versions.status_code == 200, versions.text
        assert len(versions.json()["features"]) == 2


def test_versions_never_overlap_in_both_times(
    cli: CliRunner, fresh_db: str, tmp_path: Path
) -> None:
    with db.connect(fresh_db) as conn:
        start = one_row(
            conn.execute(
                "SELECT ST_X(registry_geom) AS lon, ST_Y(registry_geom) AS lat "
                "FROM markers WHERE code = '590'"
            )
        )
    # Three surveys, the middle one back-dated before the first: each trims the history.
    for epoch, bearing in (("2020-01-01", 0.0), ("2018-06-01", 90.0), ("2024-01-01", 180.0)):
        lon, lat = GEOD.fwd(start["lon"], start["lat"], bearing, 15.0)[:2]
        import_survey(
            cli,
            tmp_path,
            "590",
            lon,
            lat,
            "--as",
            "survey",
            "--method",
            "rtk",
            "--epoch",
            epoch,
            "--accuracy",
            "0.05",
        )
    with db.connect(fresh_db) as conn:
        overlaps = one_row(
            conn.execute(
                "SELECT count(*) AS n FROM markers_versions a JOIN markers_versions b "
                "ON a.id = b.id AND a.version_id < b.version_id "
                "AND a.valid_period && b.valid_period AND a.recorded_period && b.recorded_period"
            )
        )["n"]
        current = conn.execute(
            "SELECT lower(valid_period) AS since FROM markers_versions v JOIN markers m "
            "ON m.id = v.id WHERE m.code = '590' AND upper_inf(recorded_period) "
            "ORDER BY lower(valid_period) NULLS FIRST"
        ).fetchall()
    assert overlaps == 0
    # Valid time as now recorded: 2012 (seed) … then the best survey's epoch onwards.
    starts = [r["since"] for r in current]
    assert starts[0].year == 2012 and starts == sorted(starts)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"recorded-at": "yesterday"}, "recorded-at"),
        ({"recorded-at": ".."}, "recorded-at"),
        ({"datetime": "2005-13-01"}, "datetime"),
    ],
)
def test_bad_times_are_400_problems(
    client: TestClient, query: dict[str, str], parameter: str
) -> None:
    response = client.get(MARKERS, params=query)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["parameter"] == parameter


def test_unknown_versions_are_named_404s(client: TestClient) -> None:
    for href in (f"{MARKERS}/9999/versions", f"{MARKERS}/585/versions/999999999"):
        response = client.get(href)
        assert response.status_code == 404, href
        assert response.headers["content-type"] == "application/problem+json"
    assert client.get(f"{MARKERS}/585/versions", params={"recorded-at": "soon"}).status_code == 400


# --- maps ?at= ------------------------------------------------------------------------------


def test_maps_draw_the_registry_as_it_held_on_a_day(client: TestClient, shared_db: str) -> None:
    import orjson

    from layers import LAYERS
    from maps import data

    public = frozenset(layer_id for layer_id, layer in LAYERS.items() if layer.is_public)

    def features(day: date | None) -> dict[str, int]:
        with db.connect(shared_db) as conn:
            fetched = data.fetch(conn, data.overview_plan(public, day))
        return {name: len(orjson.loads(text)["features"]) for name, text in fetched.layers.items()}

    assert features(date(2005, 6, 1))["markers"] == 0
    assert features(date(2005, 6, 1))["village_pairs"] == 1
    assert features(date(2005, 3, 1))["village_pairs"] == 0
    assert features(date(2013, 1, 1))["markers"] == 66 == features(None)["markers"]

    page = client.get("/maps/overview", params={"at": "2005-06-01"})
    assert page.status_code == 200 and "Trạng thái ngày 01/06/2005" in page.text
    english = client.get("/maps/overview", params={"at": "2005-06-01", "lang": "en"}).text
    assert "As of 2005-06-01" in english
    # The marker page of a marker that did not exist yet is a 404 naming the day.
    missing = client.get("/maps/markers/585", params={"at": "2005-06-01"})
    assert missing.status_code == 404 and "2005-06-01" in missing.json()["detail"]
    assert client.get("/maps/markers/585", params={"at": "2016-03-16"}).status_code == 200
    bad = client.get("/maps/overview", params={"at": "June 2005"})
    assert bad.status_code == 400
    assert bad.headers["content-type"] == "application/problem+json"


def test_the_border_history_is_dated_and_cited(client: TestClient) -> None:
    events = client.get("/collections/border_events/items").json()["features"]
    found = {f["id"]: f["properties"] for f in events}
    assert list(found) == [
        "treaty-1977",
        "pilot-demarcation-1978",
        "densification-2008-2012",
        "protocol-2016",
        "review-2016",
        "handover-2018",
    ]
    pilot = found["pilot-demarcation-1978"]
    assert (pilot["happened_on"], pilot["ended_on"], pilot["ended_precision"]) == (
        "1978-07-27",
        "1979-04-01",
        "month",
    )
    assert found["densification-2008-2012"]["happened_precision"] == "year"
    assert found["protocol-2016"]["happened_on"] == "2016-03-16"
    assert all(p["source_ref"].startswith("000_941c44a4e543e441.txt:") for p in found.values())
    assert all(f["geometry"] is None for f in events)
    before_2010 = client.get(
        "/collections/border_events/items", params={"datetime": "../2009-12-31"}
    ).json()["features"]
    assert [f["id"] for f in before_2010] == [
        "treaty-1977",
        "pilot-demarcation-1978",
        "densification-2008-2012",
    ]


def test_the_application_role_reads_histories_but_cannot_rewrite_them(fresh_db: str) -> None:
    import psycopg

    with psycopg.connect(app_url(fresh_db), autocommit=True) as conn:
        before = one_row(conn.execute("SELECT count(*) FROM markers_versions"))[0]
        for attack in (
            "UPDATE markers_versions SET valid_period = tstzrange(NULL, NULL)",
            "DELETE FROM markers_versions",
            "INSERT INTO markers_versions (id, valid_period, recorded_period) "
            "VALUES (1, tstzrange(NULL, NULL), tstzrange(now(), NULL))",
            "TRUNCATE markers_versions",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(attack)
        # The legitimate path still records: a change to a marker adds its versions.
        conn.execute("UPDATE markers SET status = 'intact' WHERE code = '590'")
        after = one_row(conn.execute("SELECT count(*) FROM markers_versions"))[0]
    assert after == before + 2  # the old state closed at now, the new one from now

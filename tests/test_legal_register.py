"""The legal register apart from observations (issue 13, item 4), on a real PostGIS.

An official table is imported as the binding legal position (in VN-2000), then a survey 12 m
away: the legal record stays as the instrument gives it, the survey is an observation, and
its displacement is measured from the legal position and says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import app_url
from db_support import one_row
from fastapi.testclient import TestClient
from pyproj import Geod, Transformer
from typer.testing import CliRunner

from gis import db
from gis.settings import get_settings

GEOD = Geod(ellps="WGS84")
TO_VN2000 = Transformer.from_crs("EPSG:4326", "EPSG:3405", always_xy=True)
LICENCE = "CC BY 4.0 (test data)"
CODE = "585"
INSTRUMENT = "Protocol on the boundary line and markers, 16/3/2016 (test table)"


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, fresh_db: str) -> Iterator[CliRunner]:
    monkeypatch.setenv("DATABASE_URL", app_url(fresh_db))
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def run(cli: CliRunner, *args: str) -> Any:
    from api.cli_import import import_app

    return cli.invoke(import_app, ["markers", *args])


def marker(url: str, code: str = CODE) -> dict[str, Any]:
    with db.connect(url) as conn:
        return one_row(
            conn.execute(
                "SELECT ST_X(registry_geom) AS lon, ST_Y(registry_geom) AS lat, coord_status, "
                "chainage_m FROM markers WHERE code = %s",
                (code,),
            )
        )


def legal_rows(url: str) -> list[dict[str, Any]]:
    with db.connect(url) as conn:
        return conn.execute(
            "SELECT l.id, l.crs, l.x, l.y, l.state, l.binding_from, l.binding_until, "
            "l.instrument, ST_X(l.geom) AS lon, ST_Y(l.geom) AS lat FROM legal_positions l "
            "JOIN markers m ON m.id = l.marker_id WHERE m.code = %s ORDER BY l.id",
            (CODE,),
        ).fetchall()


def surveys(url: str) -> list[dict[str, Any]]:
    with db.connect(url) as conn:
        return conn.execute(
            "SELECT s.displacement_m, s.displacement_from, s.legal_position_id, s.method, "
            "s.epoch, s.accuracy_m, s.observer, ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat "
            "FROM marker_surveys s JOIN markers m ON m.id = s.marker_id WHERE m.code = %s",
            (CODE,),
        ).fetchall()


def official_table(path: Path, lon: float, lat: float) -> tuple[Path, float, float]:
    """A one-row official table in VN-2000 (EPSG:3405), as an instrument would print it."""
    x, y = TO_VN2000.transform(lon, lat)
    x, y = round(x, 3), round(y, 3)
    path.write_text(f"code,x,y\n{CODE},{x},{y}\n", encoding="utf-8")
    return path, x, y


def test_legal_binding_then_survey_12_m_away(cli: CliRunner, fresh_db: str, tmp_path: Path) -> None:
    start = marker(fresh_db)
    assert start["coord_status"] == "interpolated"
    # The instrument's point: 30 m north of the interpolated one, so that it visibly moves.
    legal_lon, legal_lat, _ = GEOD.fwd(start["lon"], start["lat"], 0.0, 30.0)
    table, x, y = official_table(tmp_path / "official.csv", legal_lon, legal_lat)
    result = run(
        cli,
        str(table),
        "--crs",
        "EPSG:3405",
        "--licence",
        LICENCE,
        "--as",
        "legal",
        "--instrument",
        INSTRUMENT,
        "--instrument-ref",
        "Annex 1, row 12",
        "--state",
        "binding",
        "--binding-from",
        "2016-03-16",
    )
    assert result.exit_code == 0, result.output
    assert "recorded: 1 legal positions, 0 surveys" in result.output

    [legal] = legal_rows(fresh_db)
    assert (legal["crs"], legal["x"], legal["y"]) == ("EPSG:3405", x, y)  # as given
    assert legal["state"] == "binding" and legal["binding_from"] == date(2016, 3, 16)
    drawn = marker(fresh_db)
    assert drawn["coord_status"] == "legal"
    _, _, off = GEOD.inv(drawn["lon"], drawn["lat"], legal_lon, legal_lat)
    assert off < 0.01  # the drawn point is the legal one (VN-2000 round trip, mm)

    # A GNSS survey finds the marker 12 m east of its legal position.
    found_lon, found_lat, _ = GEOD.fwd(legal["lon"], legal["lat"], 90.0, 12.0)
    survey = tmp_path / "survey.csv"
    survey.write_text(f"code,lon,lat\n{CODE},{found_lon:.9f},{found_lat:.9f}\n")
    result = run(
        cli,
        str(survey),
        "--licence",
        LICENCE,
        "--as",
        "survey",
        "--method",
        "gnss",
        "--epoch",
        "2024-05-01T03:00:00",
        "--accuracy",
        "0.02",
        "--observer",
        "Đồn Biên phòng Lao Bảo",
    )
    assert result.exit_code == 0, result.output
    assert f"{CODE}: 12.0 m from its binding legal position" in result.output

    assert legal_rows(fresh_db) == [legal]  # the legal record is untouched
    [observed] = surveys(fresh_db)
    assert observed["displacement_m"] == pytest.approx(12.0, abs=0.01)
    assert observed["displacement_from"] == "legal"
    assert observed["legal_position_id"] == legal["id"]
    assert observed["epoch"] == datetime(2024, 5, 1, 3, tzinfo=UTC)
    assert (observed["method"], observed["accuracy_m"]) == ("gnss", 0.02)
    still = marker(fresh_db)
    assert (still["lon"], still["lat"], still["coord_status"]) == (
        drawn["lon"],
        drawn["lat"],
        "legal",
    )

    # A plain import (a GPS reading replacing the registry point) is refused, nothing written.
    result = run(cli, str(survey), "--licence", LICENCE)
    assert result.exit_code == 1
    assert "binding legal position" in result.output and "wrote nothing" in result.output
    assert marker(fresh_db) == still and legal_rows(fresh_db) == [legal]


def test_api_publishes_the_legal_register_and_observations(
    cli: CliRunner, fresh_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import add_field_accounts, make_client

    start = marker(fresh_db)
    table, x, y = official_table(tmp_path / "official.csv", start["lon"], start["lat"])
    assert (
        run(
            cli,
            str(table),
            "--crs",
            "EPSG:3405",
            "--licence",
            LICENCE,
            "--as",
            "legal",
            "--instrument",
            INSTRUMENT,
            "--binding-from",
            "2016-03-16",
        ).exit_code
        == 0
    )
    found_lon, found_lat, _ = GEOD.fwd(start["lon"], start["lat"], 180.0, 7.0)
    survey = tmp_path / "survey.csv"
    survey.write_text(f"code,lon,lat\n{CODE},{found_lon:.9f},{found_lat:.9f}\n")
    assert (
        run(
            cli,
            str(survey),
            "--licence",
            LICENCE,
            "--as",
            "survey",
            "--method",
            "rtk",
            "--epoch",
            "2024-06-01",
        ).exit_code
        == 0
    )
    headers = add_field_accounts(fresh_db)
    client: TestClient
    for client in make_client(monkeypatch, fresh_db):
        legal = client.get("/collections/legal_positions/items").json()["features"]
        assert [
            (
                f["properties"]["marker_code"],
                f["properties"]["x"],
                f["properties"]["y"],
                f["properties"]["state"],
            )
            for f in legal
        ] == [(CODE, x, y, "binding")]
        drawn = client.get(f"/collections/markers/items/{CODE}").json()
        assert drawn["properties"]["coord_status"] == "legal"
        assert client.get("/collections/marker_observations/items").status_code == 401
        seen = client.get(
            "/collections/marker_observations/items", headers=headers["planner"]
        ).json()["features"]
        [survey_feature] = [f for f in seen if f["properties"]["kind"] == "survey"]
        assert survey_feature["properties"]["displacement_from"] == "legal"
        assert survey_feature["properties"]["displacement_m"] == pytest.approx(7.0, abs=0.01)


def test_a_new_binding_position_supersedes_the_old(
    cli: CliRunner, fresh_db: str, tmp_path: Path
) -> None:
    start = marker(fresh_db)
    first, _, _ = official_table(tmp_path / "first.csv", start["lon"], start["lat"])
    common = ("--crs", "EPSG:3405", "--licence", LICENCE, "--as", "legal")
    assert (
        run(
            cli,
            str(first),
            *common,
            "--instrument",
            "Protocol 2016",
            "--binding-from",
            "2016-03-16",
        ).exit_code
        == 0
    )
    # The same table again is no new position.
    again = run(
        cli, str(first), *common, "--instrument", "Protocol 2016", "--binding-from", "2016-03-16"
    )
    assert again.exit_code == 0 and "already recorded" in again.output
    assert len(legal_rows(fresh_db)) == 1
    moved_lon, moved_lat, _ = GEOD.fwd(start["lon"], start["lat"], 45.0, 50.0)
    second, x, y = official_table(tmp_path / "second.csv", moved_lon, moved_lat)
    assert (
        run(
            cli,
            str(second),
            *common,
            "--instrument",
            "Amending protocol (test)",
            "--binding-from",
            "2030-01-01",
        ).exit_code
        == 0
    )
    old, new = legal_rows(fresh_db)
    assert (old["state"], old["binding_until"]) == ("superseded", date(2030, 1, 1))
    assert (new["state"], new["x"], new["y"]) == ("binding", x, y)
    drawn = marker(fresh_db)
    _, _, off = GEOD.inv(drawn["lon"], drawn["lat"], moved_lon, moved_lat)
    assert off < 0.01 and drawn["coord_status"] == "legal"
    assert drawn["chainage_m"] != start["chainage_m"]  # chainage follows the drawn point


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (("--as", "legal"), "--as legal needs --instrument"),
        (("--as", "survey", "--method", "gnss"), "--as survey needs --method and --epoch"),
        (
            ("--as", "survey", "--method", "gnss", "--epoch", "2024-01-01", "--instrument", "x"),
            "--instrument belongs to --as legal",
        ),
        (("--method", "gnss"), "--method needs --as legal or --as survey"),
        (("--as", "survey", "--method", "laser", "--epoch", "2024-01-01"), "laser"),
    ],
)
def test_bad_record_options_are_refused_and_nothing_is_stored(
    cli: CliRunner, fresh_db: str, tmp_path: Path, args: tuple[str, ...], complaint: str
) -> None:
    start = marker(fresh_db)
    path = tmp_path / "rows.csv"
    path.write_text(f"code,lon,lat\n{CODE},{start['lon']},{start['lat']}\n")
    result = run(cli, str(path), "--licence", LICENCE, *args)
    assert result.exit_code == 2
    assert complaint in " ".join(result.output.split()).replace("│", "").replace("  ", " ")
    assert legal_rows(fresh_db) == [] and surveys(fresh_db) == []
    assert marker(fresh_db) == start


def test_a_dry_run_says_what_it_would_record_and_records_nothing(
    cli: CliRunner, fresh_db: str, tmp_path: Path
) -> None:
    start = marker(fresh_db)
    table, _, _ = official_table(tmp_path / "official.csv", start["lon"], start["lat"])
    options = ("--crs", "EPSG:3405", "--licence", LICENCE, "--dry-run")
    legal = run(cli, str(table), *options, "--as", "legal", "--instrument", INSTRUMENT)
    assert legal.exit_code == 0, legal.output
    assert "would record: 1 legal positions, 0 surveys" in legal.output
    assert legal_rows(fresh_db) == [] and marker(fresh_db) == start

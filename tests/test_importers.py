"""`cotmoc import markers|lines` on a real PostGIS: positions, CRSs, bad rows, transactions."""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import psycopg
import pytest
from conftest import app_url
from db_support import one_row
from pyproj import Geod, Transformer
from shapely.geometry import Point
from typer.testing import CliRunner

from gis import db
from gis.audit import Actor
from gis.importers.lines import LineOptions, import_line
from gis.importers.markers import MarkerOptions, import_markers
from gis.importers.report import ImportReport
from gis.settings import get_settings

GEOD = Geod(ellps="WGS84")
ODM_FILE = "vn_la_border_quangtri_odm.geojson"
ODM_SAVANNAKHET = "segment = 'Quang Tri (VN) - Savannakhet (LA)'"
LICENCE = "CC BY 4.0 (test survey)"
CODES = ("585", "590", "606(1)")
IMPORTER = Actor("cli:surveyor", "admin", "import")


# --- helpers ----------------------------------------------------------------------------------


def registry_points(url: str, codes: tuple[str, ...] = CODES) -> dict[str, tuple[float, float]]:
    with db.connect(url) as conn:
        rows = conn.execute(
            "SELECT code, ST_X(registry_geom) AS lon, ST_Y(registry_geom) AS lat FROM markers "
            "WHERE code = ANY(%s)",
            (list(codes),),
        ).fetchall()
    return {r["code"]: (r["lon"], r["lat"]) for r in rows}


def truth_near(url: str, metres: float = 40.0) -> dict[str, tuple[float, float]]:
    """WGS84 truth points: each registry point moved ``metres`` to the north-east."""
    truth = {}
    for code, (lon, lat) in registry_points(url).items():
        tlon, tlat, _ = GEOD.fwd(lon, lat, 45.0, metres)
        truth[code] = (tlon, tlat)
    return truth


def write_csv(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def projected_rows(truth: dict[str, tuple[float, float]], epsg: str) -> list[str]:
    to_crs = Transformer.from_crs("EPSG:4326", epsg, always_xy=True)
    rows = []
    for code, (lon, lat) in truth.items():
        x, y = to_crs.transform(lon, lat)
        rows.append(f'"{code}",{x:.4f},{y:.4f}')
    return rows


def snapshot(url: str) -> list[tuple[Any, ...]]:
    """Everything an import may change, to prove that a refused import changed nothing."""
    with db.connect(url) as conn:
        markers = conn.execute(
            "SELECT code, ST_AsEWKT(registry_geom) AS g, chainage_m, source, source_ref, licence,"
            " coord_status, id_status, type, status FROM markers ORDER BY code"
        ).fetchall()
        positions = conn.execute(
            "SELECT number, chainage_m, ST_AsEWKT(geom) AS g FROM marker_positions ORDER BY number"
        ).fetchall()
        sections = conn.execute(
            "SELECT code, ST_AsEWKT(geom) AS g, source FROM border_sections ORDER BY code"
        ).fetchall()
    return [tuple(r.values()) for r in [*markers, *positions, *sections]]


def counts(url: str) -> tuple[int, int]:
    with db.connect(url) as conn:
        m = one_row(conn.execute("SELECT count(*) AS n FROM markers"))["n"]
        p = one_row(conn.execute("SELECT count(*) AS n FROM marker_positions"))["n"]
    return m, p


def run_markers(url: str, path: Path, **options: Any) -> ImportReport:
    with db.connect(url) as conn:
        return import_markers(
            conn, path, MarkerOptions(**{"licence": LICENCE, **options}), IMPORTER
        )


def run_line(url: str, path: Path, **options: Any) -> ImportReport:
    with db.connect(url) as conn:
        return import_line(
            conn, path, LineOptions(**{"section": "savannakhet", **options}), IMPORTER
        )


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2])


# --- border lines -----------------------------------------------------------------------------


def test_odm_savannakhet_line_measures_103_77_km(fresh_db: str, shared_geodata: Path) -> None:
    path = shared_geodata / ODM_FILE
    report = run_line(fresh_db, path, where=ODM_SAVANNAKHET)
    assert report.written and report.updated == 1, report.summary()
    with db.connect(fresh_db) as conn:
        row = one_row(
            conn.execute(
                "SELECT measured_length_m, source, source_ref, licence, coord_status, "
                "ST_Y(ST_StartPoint(geom)) AS start_lat, ST_Y(ST_EndPoint(geom)) AS end_lat "
                "FROM border_sections WHERE code = 'savannakhet'"
            )
        )
    assert row["measured_length_m"] == pytest.approx(103_770, rel=0.01)
    assert row["source"] == ODM_FILE and row["source_ref"] == f"{ODM_FILE}:2"
    assert row["licence"].startswith("CC BY-SA 4.0")  # the feature's own licence attribute
    assert row["coord_status"] == "derived"
    assert row["start_lat"] > row["end_lat"]  # still runs north → south from 576+865m


def test_line_in_utm_geopackage_keeps_its_length(
    fresh_db: str, shared_geodata: Path, tmp_path: Path
) -> None:
    frame = gpd.read_file(shared_geodata / ODM_FILE, where="part = 'north'")
    reversed_utm = frame.to_crs("EPSG:32648")
    reversed_utm["geometry"] = reversed_utm.geometry.reverse()  # runs south → north
    path = tmp_path / "north_utm.gpkg"
    reversed_utm.to_file(path, driver="GPKG")
    report = run_line(fresh_db, path, feature=1, licence="CC BY-SA 4.0")
    assert report.written, report.summary()
    assert any("reversed" in n for n in report.notes)
    with db.connect(fresh_db) as conn:
        row = one_row(
            conn.execute(
                "SELECT measured_length_m, ST_Y(ST_StartPoint(geom)) AS start_lat "
                "FROM border_sections WHERE code = 'savannakhet'"
            )
        )
    assert row["measured_length_m"] == pytest.approx(103_770, rel=0.01)
    assert row["start_lat"] == pytest.approx(16.999, abs=0.001)


def test_line_dry_run_and_refusals_write_nothing(
    fresh_db: str, shared_geodata: Path, tmp_path: Path
) -> None:
    path = shared_geodata / ODM_FILE
    before = snapshot(fresh_db)
    dry = run_line(fresh_db, path, where=ODM_SAVANNAKHET, dry_run=True)
    assert dry.ok and not dry.written and dry.updated == 1
    assert any("103.77 km" in n for n in dry.notes)

    three = run_line(fresh_db, path)
    assert "3 features, not one" in three.problems[0].reason
    unknown = run_line(fresh_db, path, where=ODM_SAVANNAKHET, section="nowhere")
    assert "no border section 'nowhere'" in unknown.problems[0].reason
    far = tmp_path / "hanoi.geojson"
    far.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"licence": "test"},
                        "geometry": {
                            "type": "LineString",
                            "coordinates": [[105.8, 21.0], [105.9, 21.1]],
                        },
                    }
                ],
            }
        )
    )
    too_far = run_line(fresh_db, far)
    assert too_far.problems[0].row == 1 and "from section savannakhet" in too_far.problems[0].reason
    bad_where = run_line(fresh_db, path, where="nosuchcolumn = 1")
    assert bad_where.file_failed
    for report in (three, unknown, too_far, bad_where):
        assert not report.written and not report.ok
    assert snapshot(fresh_db) == before


# --- markers: coordinates ----------------------------------------------------------------------


@pytest.mark.parametrize("epsg", ["EPSG:32648", "EPSG:3405"])
def test_marker_csv_in_a_projected_crs_lands_within_half_a_metre(
    fresh_db: str, tmp_path: Path, epsg: str
) -> None:
    truth = truth_near(fresh_db)
    path = write_csv(tmp_path / "survey.csv", "code,easting,northing", projected_rows(truth, epsg))
    report = run_markers(fresh_db, path, crs=epsg)
    assert report.written and report.updated == 3 and report.created == 0, report.summary()
    landed = registry_points(fresh_db)
    for code, point in truth.items():
        assert distance_m(landed[code], point) < 0.5, code
    with db.connect(fresh_db) as conn:
        rows = conn.execute(
            "SELECT code, source, source_ref, licence, coord_status, id_status FROM markers "
            "WHERE code = ANY(%s) ORDER BY code",
            (list(CODES),),
        ).fetchall()
    assert [(r["source_ref"], r["coord_status"], r["id_status"]) for r in rows] == [
        ("survey.csv:2", "surveyed", "official"),
        ("survey.csv:3", "surveyed", "official"),
        ("survey.csv:4", "surveyed", "official"),
    ]
    assert {(r["source"], r["licence"]) for r in rows} == {("survey.csv", LICENCE)}


def test_chainage_is_recomputed_along_the_section(fresh_db: str, tmp_path: Path) -> None:
    """A marker imported exactly at its interpolated point keeps its chainage; moved 2 km
    along the line, its chainage moves by about 2 km × official/measured length."""
    with db.connect(fresh_db) as conn:
        before = one_row(
            conn.execute(
                "SELECT m.chainage_m, ST_X(registry_geom) AS lon, ST_Y(registry_geom) AS lat, "
                "ST_X(ST_LineInterpolatePoint(s.geom, ST_LineLocatePoint(s.geom, m.registry_geom) "
                "  + 2000 / s.measured_length_m)) AS lon2, "
                "ST_Y(ST_LineInterpolatePoint(s.geom, ST_LineLocatePoint(s.geom, m.registry_geom) "
                "  + 2000 / s.measured_length_m)) AS lat2, "
                "s.official_length_m / s.measured_length_m AS scale "
                "FROM markers m JOIN marker_positions p ON p.id = m.position_id "
                "JOIN border_sections s ON s.id = p.section_id WHERE m.code = '590'"
            )
        )
    same = write_csv(
        tmp_path / "same.csv", "code,lon,lat", [f"590,{before['lon']!r},{before['lat']!r}"]
    )
    assert run_markers(fresh_db, same).written
    moved = write_csv(
        tmp_path / "moved.csv", "code,lon,lat", [f"590,{before['lon2']!r},{before['lat2']!r}"]
    )
    with db.connect(fresh_db) as conn:
        kept = one_row(conn.execute("SELECT chainage_m FROM markers WHERE code = '590'"))
    assert kept["chainage_m"] == pytest.approx(before["chainage_m"], abs=1.0)
    assert run_markers(fresh_db, moved).written
    with db.connect(fresh_db) as conn:
        after = one_row(conn.execute("SELECT chainage_m FROM markers WHERE code = '590'"))
    # ST_LineInterpolatePoint is planar, so "2 km" is only roughly 2 km on the ellipsoid.
    assert after["chainage_m"] - before["chainage_m"] == pytest.approx(
        2000 * before["scale"], rel=0.15
    )


def test_geojson_and_geopackage_use_their_own_crs(fresh_db: str, tmp_path: Path) -> None:
    truth = truth_near(fresh_db)
    frame = gpd.GeoDataFrame(
        {"code": list(truth)}, geometry=[Point(p) for p in truth.values()], crs="EPSG:4326"
    )
    frame.to_file(tmp_path / "survey.geojson", driver="GeoJSON")
    report = run_markers(fresh_db, tmp_path / "survey.geojson")
    assert report.written and report.updated == 3, report.summary()
    frame.to_crs("EPSG:3405").to_file(tmp_path / "survey.gpkg", driver="GPKG")
    report = run_markers(fresh_db, tmp_path / "survey.gpkg")
    assert report.written and report.updated == 3, report.summary()
    landed = registry_points(fresh_db)
    assert max(distance_m(landed[c], truth[c]) for c in truth) < 0.5
    with db.connect(fresh_db) as conn:
        refs = {
            r["source_ref"]
            for r in conn.execute(
                "SELECT source_ref FROM markers WHERE code = ANY(%s)", (list(CODES),)
            )
        }
    assert refs == {"survey.gpkg:1", "survey.gpkg:2", "survey.gpkg:3"}

    contradicting = run_markers(fresh_db, tmp_path / "survey.gpkg", crs="EPSG:32648")
    assert contradicting.file_failed and "declares EPSG:3405" in contradicting.problems[0].reason


def test_new_codes_create_markers_and_positions(fresh_db: str, tmp_path: Path) -> None:
    ((lon, lat),) = registry_points(fresh_db, ("591",)).values()
    markers_before, positions_before = counts(fresh_db)
    path = write_csv(
        tmp_path / "new.csv",
        "code,lon,lat,type,maintained_by,status",
        [
            f"585(2),{lon},{lat},,VN,intact",  # new marker at the existing position 585
            f"591/7,{lon + 0.0001},{lat},,LA,",  # new position
        ],
    )
    report = run_markers(fresh_db, path)
    assert (report.created, report.positions_created, report.updated) == (2, 1, 0)
    assert counts(fresh_db) == (markers_before + 2, positions_before + 1)
    with db.connect(fresh_db) as conn:
        rows = {
            r["code"]: r
            for r in conn.execute(
                "SELECT code, position, type, maintained_by, status, chainage_m, section, "
                "coord_status FROM markers_features WHERE code IN ('585(2)', '591/7', '591')"
            )
        }
    assert rows["585(2)"]["position"] == "585" and rows["585(2)"]["maintained_by"] == "VN"
    assert rows["585(2)"]["status"] == "intact" and rows["585(2)"]["type"] == "boundary_marker"
    assert rows["591/7"]["section"] == "savannakhet"
    with db.connect(fresh_db) as conn:
        kinds = {
            r["number"]: r["kind"]
            for r in conn.execute(
                "SELECT number, kind FROM marker_positions WHERE number IN ('585', '591/7')"
            )
        }
    assert kinds == {"585": "double", "591/7": "single"}
    assert rows["591/7"]["type"] == "reference_stake"
    assert rows["591/7"]["coord_status"] == "surveyed"
    # Located on the section next to 591 (10 m away), in official chainage.
    assert rows["591/7"]["chainage_m"] == pytest.approx(rows["591"]["chainage_m"], abs=50)


# --- markers: bad rows, dry run, skipping, idempotency -----------------------------------------

GOOD_ROW = "585,{lon},{lat}"
BAD_ROWS = {
    "malformed code": ("58A,{lon},{lat}", None, "malformed marker code '58A'"),
    "far outside the stretch": ("590,105.85,21.03", None, "km from the nearest border section"),
    "missing CRS": ("590,{e},{n}", None, "missing CRS"),
    "wrong CRS": ("590,{lon},{lat}", "EPSG:32648", "wrong CRS"),
    "duplicate code": ("585,{lon},{lat}", None, "duplicate code 585 (first at row 2)"),
    "invalid geometry": ("590,abc,{lat}", None, "invalid geometry"),
    "empty geometry": ("590,,", None, "empty geometry"),
}


def good_and_bad(url: str, tmp_path: Path, bad: str, crs: str | None) -> Path:
    ((lon, lat),) = registry_points(url, ("585",)).values()
    e, n = Transformer.from_crs("EPSG:4326", "EPSG:32648", always_xy=True).transform(lon, lat)
    values = {"lon": lon + 0.0002, "lat": lat, "e": e, "n": n}
    good = GOOD_ROW.format(**values)
    if crs:  # the good row must be right in that CRS
        good = f"585,{e + 20:.3f},{n:.3f}"
    return write_csv(
        tmp_path / "one_bad.csv",
        "code,x,y",
        [good, bad.format(**values), good.replace("585", "606(1)")],
    )


@pytest.mark.parametrize("kind", list(BAD_ROWS))
def test_one_bad_row_writes_nothing_and_is_named(fresh_db: str, tmp_path: Path, kind: str) -> None:
    bad, crs, reason = BAD_ROWS[kind]
    path = good_and_bad(fresh_db, tmp_path, bad, crs)
    before = snapshot(fresh_db)
    report = run_markers(fresh_db, path, crs=crs)
    assert not report.written and not report.ok
    assert report.bad_rows == [3], report.summary()
    assert reason in report.problems[0].reason
    assert str(report.problems[0]).startswith("one_bad.csv:3: ")
    assert snapshot(fresh_db) == before


def test_wkt_column_and_file_level_errors(fresh_db: str, tmp_path: Path) -> None:
    ((lon, lat),) = registry_points(fresh_db, ("585",)).values()
    path = write_csv(
        tmp_path / "wkt.csv",
        "code,wkt",
        [
            f'585,"POINT ({lon} {lat})"',
            '590,"POINT (1 2"',
            f'606(1),"LINESTRING ({lon} {lat}, 1 2)"',
        ],
    )
    report = run_markers(fresh_db, path)
    assert report.bad_rows == [3, 4] and not report.written
    assert "does not parse" in report.problems[0].reason
    assert "expected a Point, got a LineString" in report.problems[1].reason

    no_coords = write_csv(tmp_path / "nocoords.csv", "code,height", ["585,12"])
    assert "no coordinates" in run_markers(fresh_db, no_coords).problems[0].reason
    unknown_crs = run_markers(fresh_db, path, crs="EPSG:999999")
    assert unknown_crs.file_failed and "--crs EPSG:999999" in str(unknown_crs.problems[0])
    no_licence = run_markers(fresh_db, path, licence=None)
    assert "no licence" in no_licence.problems[0].reason


def test_dry_run_writes_nothing(fresh_db: str, tmp_path: Path) -> None:
    truth = truth_near(fresh_db)
    path = write_csv(tmp_path / "survey.csv", "code,x,y", projected_rows(truth, "EPSG:32648"))
    before = snapshot(fresh_db)
    report = run_markers(fresh_db, path, crs="EPSG:32648", dry_run=True)
    assert report.ok and not report.written and report.updated == 3
    assert "would write: 3 updated" in report.summary()
    assert snapshot(fresh_db) == before


def test_skip_invalid_writes_only_the_good_rows(fresh_db: str, tmp_path: Path) -> None:
    path = good_and_bad(fresh_db, tmp_path, BAD_ROWS["far outside the stretch"][0], None)
    before = registry_points(fresh_db)
    report = run_markers(fresh_db, path, skip_invalid=True)
    assert report.written and report.ok and report.updated == 2 and report.bad_rows == [3]
    assert "skipped rows: 3" in report.summary()
    after = registry_points(fresh_db)
    assert after["590"] == before["590"]  # the bad row's marker is untouched
    assert after["585"] != before["585"] and after["606(1)"] != before["606(1)"]


def test_reimporting_the_same_file_changes_no_counts(fresh_db: str, tmp_path: Path) -> None:
    truth = truth_near(fresh_db)
    rows = [
        *projected_rows(truth, "EPSG:32648"),
        '"610",{},{}'.format(
            *projected_rows({"x": (truth["606(1)"][0] + 0.001, truth["606(1)"][1])}, "EPSG:32648")[
                0
            ].split(",")[1:]
        ),
    ]
    path = write_csv(tmp_path / "survey.csv", "code,x,y", rows)
    first = run_markers(fresh_db, path, crs="EPSG:32648")
    assert (first.updated, first.created, first.positions_created) == (3, 1, 1)
    after_first, points_first = counts(fresh_db), snapshot(fresh_db)
    second = run_markers(fresh_db, path, crs="EPSG:32648")
    assert (second.updated, second.created, second.positions_created) == (4, 0, 0)
    assert counts(fresh_db) == after_first
    assert snapshot(fresh_db) == points_first


# --- the command line ----------------------------------------------------------------------


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, fresh_db: str) -> Iterator[CliRunner]:
    """`cotmoc import` as it runs in production: as the application role."""
    monkeypatch.setenv("DATABASE_URL", app_url(fresh_db))
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_cli_imports_markers_and_lines(
    cli: CliRunner, fresh_db: str, tmp_path: Path, shared_geodata: Path
) -> None:
    from api.cli_import import import_app

    truth = truth_near(fresh_db)
    path = write_csv(tmp_path / "survey.csv", "code,x,y", projected_rows(truth, "EPSG:3405"))
    result = cli.invoke(
        import_app,
        [
            "markers",
            str(path),
            "--crs",
            "EPSG:3405",
            "--licence",
            LICENCE,
            "--coord-status",
            "source_point",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "wrote: 3 updated, 0 created" in result.output
    with db.connect(fresh_db) as conn:
        statuses = {
            r["coord_status"]
            for r in conn.execute(
                "SELECT coord_status FROM markers WHERE code = ANY(%s)", (list(CODES),)
            )
        }
    assert statuses == {"source_point"}
    # The command's user is the importer the audit trail names.
    assert {(r["actor"], r["via"]) for r in audit_rows(fresh_db)} == {
        (f"cli:{getpass.getuser()}", "import")
    }

    bad = good_and_bad(fresh_db, tmp_path, BAD_ROWS["malformed code"][0], None)
    before = snapshot(fresh_db)
    result = cli.invoke(import_app, ["markers", str(bad), "--licence", LICENCE])
    assert result.exit_code == 1
    assert "one_bad.csv:3: malformed marker code '58A'" in result.output
    assert "wrote nothing" in result.output
    assert snapshot(fresh_db) == before

    line = shared_geodata / ODM_FILE
    result = cli.invoke(
        import_app,
        ["lines", str(line), "--section", "savannakhet", "--where", ODM_SAVANNAKHET, "--dry-run"],
    )
    assert result.exit_code == 0, result.output
    assert snapshot(fresh_db) == before
    result = cli.invoke(
        import_app, ["lines", str(line), "--section", "savannakhet", "--feature", "2"]
    )
    assert result.exit_code == 0, result.output
    with db.connect(fresh_db) as conn:
        length = one_row(
            conn.execute("SELECT measured_length_m FROM border_sections WHERE code = 'savannakhet'")
        )["measured_length_m"]
    assert length == pytest.approx(103_770, rel=0.01)


@pytest.mark.parametrize(
    "code", ["9585", "9606(1)", "9576+865m", "9590/1", "58A", "606(1", "12345", "606(1)(2)", ""]
)
def test_code_check_matches_the_database_constraint(fresh_db: str, code: str) -> None:
    """The importer refuses exactly the codes the markers.code CHECK would refuse."""
    from gis.importers.markers import MARKER_CODE

    with db.connect(fresh_db) as conn:
        try:
            with conn.transaction():
                conn.execute("UPDATE markers SET code = %s WHERE code = '590'", (code,))
                accepted = True
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
        except psycopg.errors.CheckViolation:
            accepted = False
    assert bool(MARKER_CODE.match(code)) == accepted


def audit_rows(url: str) -> list[dict[str, Any]]:
    with db.connect(url) as conn:
        return conn.execute(
            "SELECT actor, role, via, action, entity, entity_id, before, after FROM audit_log "
            "WHERE via = 'import' ORDER BY id"
        ).fetchall()


def test_imports_are_audited_with_before_and_after(
    fresh_db: str, tmp_path: Path, shared_geodata: Path
) -> None:
    truth = truth_near(fresh_db)
    path = write_csv(tmp_path / "survey.csv", "code,x,y", projected_rows(truth, "EPSG:32648"))
    run_markers(fresh_db, path, crs="EPSG:32648", dry_run=True)
    assert audit_rows(fresh_db) == []  # a dry run leaves no trace

    run_markers(fresh_db, path, crs="EPSG:32648")
    rows = audit_rows(fresh_db)
    assert sorted(r["entity_id"] for r in rows) == sorted(CODES)
    for row in rows:
        assert (row["actor"], row["role"]) == (IMPORTER.name, IMPORTER.role)  # who imported
        assert (row["entity"], row["action"]) == ("markers", "update")
        assert row["before"]["coord_status"] == "interpolated"
        assert row["after"]["coord_status"] == "surveyed"

    run_line(fresh_db, shared_geodata / ODM_FILE, where=ODM_SAVANNAKHET)
    line = audit_rows(fresh_db)[-1]
    assert (line["entity"], line["entity_id"]) == ("border_sections", "savannakhet")
    assert line["actor"] == IMPORTER.name
    assert line["before"]["measured_length_m"] != line["after"]["measured_length_m"]

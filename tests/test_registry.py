"""The default data in a real PostGIS: counts, order, lengths, provenance, idempotency."""

from __future__ import annotations

import json

import pytest
from db_support import one_row
from pyproj import Geod
from shapely.geometry import shape

from gis import db
from gis.seed.load import border_lines, load_default_data

GEOD = Geod(ellps="WGS84")
COUNTED_TABLES = (
    "border_sections",
    "marker_positions",
    "markers",
    "marker_aliases",
    "gates",
    "gate_events",
    "villages",
    "village_pairs",
    "facts",
    "maintenance_records",
    "maintenance_events",
)


def table_counts(url: str) -> dict[str, int]:
    with db.connect(url) as conn:
        return {
            t: one_row(conn.execute(f"SELECT count(*) AS n FROM {t}"))["n"]  # noqa: S608
            for t in COUNTED_TABLES
        }


def test_savannakhet_section_holds_50_positions_and_66_markers(shared_db: str) -> None:
    with db.connect(shared_db) as conn:
        rows = conn.execute(
            "SELECT code, position, chainage_m FROM markers_features "
            "WHERE section = 'savannakhet' ORDER BY chainage_m, code"
        ).fetchall()
    assert len(rows) == 66
    assert len({r["position"] for r in rows}) == 50
    assert rows[0]["code"] == "576+865m" and rows[0]["chainage_m"] == 0
    assert [r["code"] for r in rows[-2:]] == ["607(1)", "607(2)"]
    assert rows[-1]["chainage_m"] == pytest.approx(108_476, abs=0.5)
    chainages = [r["chainage_m"] for r in rows]
    assert chainages == sorted(chainages)


def test_known_markers_are_official_and_the_rest_say_illustrative(shared_db: str) -> None:
    with db.connect(shared_db) as conn:
        rows = conn.execute("SELECT code, id_status, coord_status FROM markers").fetchall()
    official = {r["code"] for r in rows if r["id_status"] == "official"}
    assert official == {"585", "606(1)", "607(1)", "607(2)"}
    assert {r["coord_status"] for r in rows} == {"interpolated"}


def test_markers_lie_on_the_section_line_in_chainage_order(shared_db: str) -> None:
    with db.connect(shared_db) as conn:
        rows = conn.execute(
            "SELECT m.chainage_m,"
            " ST_Distance(m.registry_geom::geography, s.geom::geography) AS off,"
            " ST_LineLocatePoint(s.geom, m.registry_geom) AS fraction "
            "FROM markers m JOIN marker_positions p ON p.id = m.position_id "
            "JOIN border_sections s ON s.id = p.section_id ORDER BY m.chainage_m, m.code"
        ).fetchall()
    assert max(r["off"] for r in rows) < 1.0
    fractions = [r["fraction"] for r in rows]
    assert fractions == sorted(fractions)
    assert fractions[0] == pytest.approx(0, abs=1e-6)
    assert fractions[-1] == pytest.approx(1, abs=1e-6)


def test_measured_lengths_are_geodesic_and_match_pyproj(shared_db: str) -> None:
    """PostGIS's stored length against an independent computation on the shipped file."""
    with db.connect(shared_db) as conn:
        rows = {
            r["code"]: r
            for r in conn.execute(
                "SELECT code, measured_length_m, official_length_m FROM border_sections"
            )
        }
    for code, feature in border_lines().items():
        expected = GEOD.geometry_length(shape(feature["geometry"]))
        assert rows[code]["measured_length_m"] == pytest.approx(expected, rel=1e-6)
    # Natural Earth 1:10m is generalised: 79.30 km against the official 108.476 km.
    assert rows["savannakhet"]["measured_length_m"] == pytest.approx(79_300, rel=0.01)
    assert rows["savannakhet"]["official_length_m"] == 108_476
    assert rows["salavan"]["official_length_m"] is None


def test_shipped_line_matches_natural_earth_in_shared_geodata(shared_geodata) -> None:
    reference = json.loads((shared_geodata / "vn_la_border_quangtri_ne10m.geojson").read_text())
    ours = shape(border_lines()["savannakhet"]["geometry"])
    theirs = [shape(f["geometry"]) for f in reference["features"]]
    nearest = min(theirs, key=lambda g: g.hausdorff_distance(ours))
    assert nearest.hausdorff_distance(ours) < 0.01  # degrees: the same line, cut the same way


def test_every_registry_row_says_where_it_came_from(shared_db: str) -> None:
    with db.connect(shared_db) as conn:
        for table in (
            "border_sections",
            "marker_positions",
            "markers",
            "gates",
            "villages",
            "village_pairs",
            "facts",
            "maintenance_records",
        ):
            missing = one_row(
                conn.execute(
                    f"SELECT count(*) AS n FROM {table} WHERE source = '' "  # noqa: S608
                    "OR licence = '' OR coord_status IS NULL"
                )
            )["n"]
            assert missing == 0, table


def test_gates_landslide_and_twinning_facts(shared_db: str) -> None:
    with db.connect(shared_db) as conn:
        gates = {
            r["code"]: r
            for r in conn.execute(
                "SELECT code, type, coord_status, geom IS NOT NULL AS located FROM gates"
            )
        }
        landslide = one_row(
            conn.execute(
                "SELECT r.status, r.severity, r.document_ref, m.code FROM maintenance_records r "
                "JOIN markers m ON m.id = r.marker_id WHERE r.cause = 'landslide'"
            )
        )
        pairs = one_row(conn.execute("SELECT value FROM facts WHERE key = 'twinning.pairs_total'"))
        pilot = conn.execute(
            "SELECT vn_village, la_village, pilot FROM village_pairs_features"
        ).fetchall()
    assert len(gates) == 5 and gates["lao-bao"]["located"]
    assert gates["lao-bao"]["coord_status"] == "approximate"
    assert all(
        not g["located"] and g["coord_status"] == "unknown"
        for code, g in gates.items()
        if code != "lao-bao"
    )
    assert landslide["code"] == "606(1)" and landslide["status"] == "repair_proposed"
    assert landslide["severity"] == "severe" and "6452" in landslide["document_ref"]
    assert pairs["value"] == 24
    assert [(p["vn_village"], p["la_village"], p["pilot"]) for p in pilot] == [
        ("Cà Tăng", "Đensavan", True)
    ]


def test_loading_default_data_twice_changes_no_count(fresh_db: str) -> None:
    before = table_counts(fresh_db)
    with db.connect(fresh_db) as conn:
        report = load_default_data(conn)
    assert sum(report.inserted.values()) == 0
    assert table_counts(fresh_db) == before


def test_migrations_upgrade_from_empty_and_downgrade_to_empty(empty_db: str) -> None:
    db.upgrade(empty_db)
    with db.connect(empty_db) as conn:
        load_default_data(conn)
    assert table_counts(empty_db)["markers"] == 66
    db.downgrade(empty_db)
    with db.connect(empty_db) as conn:
        left = one_row(
            conn.execute(
                "SELECT count(*) AS n FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relname NOT LIKE 'alembic_version%'"
            )
        )["n"]
    assert left == 0


def test_check_constraints_refuse_unknown_enumerations(fresh_db: str) -> None:
    import psycopg

    with db.connect(fresh_db) as conn, pytest.raises(psycopg.errors.CheckViolation):
        conn.execute("UPDATE markers SET status = 'fine' WHERE code = '585'")

"""Border segments (issue 13 item 1): one per pair of consecutive positions, cut from the
section's line by chainage, re-cut in the same transaction as the change that moves them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from db_support import one_row
from fastapi.testclient import TestClient
from pyproj import Geod

from gis import db
from gis.audit import command_line_actor
from gis.importers.lines import LineOptions, import_line
from gis.importers.markers import MarkerOptions, import_markers

GEOD = Geod(ellps="WGS84")
OSM_FILE = "vn_la_border_quangtri_osm_geoboundaries.geojson"
LICENCE = "CC BY 4.0 (test survey)"
IMPORTER = command_line_actor("import")


def segments(url: str) -> dict[str, dict[str, Any]]:
    with db.connect(url) as conn:
        rows = conn.execute(
            "SELECT g.id, s.code AS section, g.seq, g.from_position_id, g.to_position_id, "
            "g.from_chainage_m, g.to_chainage_m, g.length_m, g.kind, g.kind_source, "
            "ST_AsBinary(g.geom) AS wkb, g.updated_at FROM border_segments g "
            "JOIN border_sections s ON s.id = g.section_id"
        ).fetchall()
    return {r["id"]: r for r in rows}


def section_lengths(url: str) -> dict[str, float]:
    with db.connect(url) as conn:
        return {
            r["code"]: r["measured_length_m"]
            for r in conn.execute("SELECT code, measured_length_m FROM border_sections")
        }


def point_at_chainage(url: str, chainage_m: float, offset_m: float = 0.0) -> tuple[float, float]:
    """A point on the Savannakhet line at ``chainage_m`` (official scale), moved ``offset_m``
    to the east."""
    with db.connect(url) as conn:
        row = one_row(
            conn.execute(
                "SELECT ST_X(pt) AS lon, ST_Y(pt) AS lat FROM border_sections s, "
                "LATERAL line_fractions_at_shares(s.geom, ARRAY[%s / s.official_length_m]) f, "
                "LATERAL ST_LineInterpolatePoint(s.geom, f.fraction) pt "
                "WHERE s.code = 'savannakhet'",
                (chainage_m,),
            )
        )
    lon, lat, _ = GEOD.fwd(row["lon"], row["lat"], 90.0, offset_m)
    return lon, lat


def import_csv(url: str, path: Path, rows: dict[str, tuple[float, float]]) -> None:
    path.write_text(
        "code,lon,lat\n"
        + "".join(f'"{code}",{lon:.8f},{lat:.8f}\n' for code, (lon, lat) in rows.items())
    )
    with db.connect(url) as conn:
        report = import_markers(conn, path, MarkerOptions(licence=LICENCE), IMPORTER)
    assert report.written, report.summary()


def positions(url: str) -> dict[str, dict[str, Any]]:
    with db.connect(url) as conn:
        return {
            r["number"]: r
            for r in conn.execute(
                "SELECT id, number, chainage_m, ST_X(geom) AS lon, ST_Y(geom) AS lat, "
                "coord_status FROM marker_positions"
            )
        }


def test_one_segment_per_consecutive_pair_adding_up_to_the_section(shared_db: str) -> None:
    found = segments(shared_db)
    by_section: dict[str, list[dict[str, Any]]] = {}
    for row in found.values():
        by_section.setdefault(row["section"], []).append(row)
    # 50 positions from 0 to the official 108 476 m: 49 segments, no end pieces.
    assert len(by_section["savannakhet"]) == 49
    # Salavan holds no positions: the whole section is one segment from end to end.
    assert [r["id"] for r in by_section["salavan"]] == ["salavan:start..end"]
    for code, length in section_lengths(shared_db).items():
        total = sum(r["length_m"] for r in by_section[code])
        assert total == pytest.approx(length, rel=0.001)
    chain = sorted(by_section["savannakhet"], key=lambda r: r["seq"])
    for before, after in zip(chain, chain[1:], strict=False):
        assert before["to_position_id"] == after["from_position_id"]
        assert before["to_chainage_m"] == after["from_chainage_m"]
    assert chain[0]["from_chainage_m"] == 0 and chain[-1]["to_chainage_m"] == 108_476
    assert {r["kind"] for r in found.values()} == {"unknown"}


def test_segment_ends_are_the_positions_points(shared_db: str) -> None:
    with db.connect(shared_db) as conn:
        far = one_row(
            conn.execute(
                "SELECT max(greatest(ST_Distance(ST_StartPoint(g.geom)::geography, "
                "fp.geom::geography), ST_Distance(ST_EndPoint(g.geom)::geography, "
                "tp.geom::geography))) AS m FROM border_segments g "
                "JOIN marker_positions fp ON fp.id = g.from_position_id "
                "JOIN marker_positions tp ON tp.id = g.to_position_id"
            )
        )["m"]
    assert far < 1.0  # metres: the seed placed positions by the same chainage rule


def test_collection_serves_the_segments(client: TestClient) -> None:
    answer = client.get("/collections/border_segments/items", params={"limit": 100})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/geo+json")
    features = answer.json()["features"]
    assert len(features) == 50
    first = next(f for f in features if f["id"] == "savannakhet:576+865m..577")
    props = first["properties"]
    assert props["from_markers"] == ["576+865m"] and props["to_markers"] == ["577"]
    assert props["from_chainage_m"] == 0 and props["to_chainage_m"] == pytest.approx(2213.8)
    assert props["kind"] == "unknown" and props["source"] and props["licence"]
    assert first["geometry"]["type"] == "LineString"
    double = next(f for f in features if f["properties"]["to_position"] == "593")
    assert double["properties"]["to_markers"] == ["593(1)", "593(2)"]


def test_moving_a_position_by_import_recuts_exactly_its_two_segments(
    fresh_db: str, tmp_path: Path
) -> None:
    before = segments(fresh_db)
    old = positions(fresh_db)["585"]
    # 585 surveyed 400 m further along the line and 30 m east of it.
    import_csv(
        fresh_db,
        tmp_path / "585.csv",
        {"585": point_at_chainage(fresh_db, old["chainage_m"] + 400, 30)},
    )
    after = segments(fresh_db)
    assert set(after) == set(before)
    changed = {
        k
        for k in after
        if after[k]["wkb"] != before[k]["wkb"] or after[k]["updated_at"] != before[k]["updated_at"]
    }
    moved = positions(fresh_db)["585"]
    assert changed == {
        k for k, r in after.items() if moved["id"] in (r["from_position_id"], r["to_position_id"])
    }
    assert len(changed) == 2
    assert moved["coord_status"] == "surveyed"
    # chainage is measured again on the line (scaled to the official length)
    assert moved["chainage_m"] == pytest.approx(old["chainage_m"] + 400, abs=5)
    into, out_of = sorted((after[k] for k in changed), key=lambda r: r["seq"])
    assert into["to_chainage_m"] == out_of["from_chainage_m"] == moved["chainage_m"]
    total = sum(r["length_m"] for r in after.values() if r["section"] == "savannakhet")
    assert total == pytest.approx(section_lengths(fresh_db)["savannakhet"], rel=0.001)


def test_a_new_position_splits_its_segment_and_keeps_its_kind(
    fresh_db: str, tmp_path: Path
) -> None:
    with db.connect(fresh_db) as conn:
        conn.execute(
            "UPDATE border_segments SET kind = 'river', kind_source = 'test' "
            "WHERE id = 'savannakhet:590..590/1'"
        )
        conn.commit()
    chainage = positions(fresh_db)["590"]["chainage_m"] + 1000
    import_csv(fresh_db, tmp_path / "new.csv", {"590/5": point_at_chainage(fresh_db, chainage)})
    after = segments(fresh_db)
    assert "savannakhet:590..590/1" not in after
    halves = [after["savannakhet:590..590/5"], after["savannakhet:590/5..590/1"]]
    assert [h["kind"] for h in halves] == ["river", "river"]
    assert sum(1 for r in after.values() if r["section"] == "savannakhet") == 50


def test_a_replaced_line_carries_interpolated_points_and_leaves_surveyed_ones(
    fresh_db: str, tmp_path: Path, shared_geodata: Path
) -> None:
    surveyed_point = point_at_chainage(fresh_db, positions(fresh_db)["585"]["chainage_m"], 25)
    import_csv(fresh_db, tmp_path / "585.csv", {"585": surveyed_point})
    with db.connect(fresh_db) as conn:
        report = import_line(
            conn,
            shared_geodata / OSM_FILE,
            LineOptions(section="savannakhet", where="part = 'north'"),
            IMPORTER,
        )
    assert report.written, report.summary()
    with db.connect(fresh_db) as conn:
        s = one_row(
            conn.execute(
                "SELECT geom, measured_length_m FROM border_sections WHERE code = 'savannakhet'"
            )
        )
        assert s["measured_length_m"] == pytest.approx(105_150, rel=0.01)
        off_line = one_row(
            conn.execute(
                "SELECT max(ST_Distance(m.registry_geom::geography, s.geom::geography)) AS m "
                "FROM markers m, border_sections s WHERE s.code = 'savannakhet' "
                "AND m.coord_status = 'interpolated'"
            )
        )["m"]
        assert off_line < 1.0
        kept = one_row(
            conn.execute(
                "SELECT ST_X(registry_geom) AS lon, ST_Y(registry_geom) AS lat "
                "FROM markers WHERE code = '585'"
            )
        )
    assert (kept["lon"], kept["lat"]) == pytest.approx(surveyed_point, abs=1e-8)
    # an interpolated marker sits at its chainage share of the new line's geodesic length
    after = segments(fresh_db)
    savannakhet = [r for r in after.values() if r["section"] == "savannakhet"]
    assert len(savannakhet) == 49
    assert sum(r["length_m"] for r in savannakhet) == pytest.approx(
        s["measured_length_m"], rel=0.001
    )
    chain = sorted(savannakhet, key=lambda r: r["seq"])
    for r in chain[:5]:
        share = (r["to_chainage_m"] - r["from_chainage_m"]) / 108_476
        assert r["length_m"] == pytest.approx(share * s["measured_length_m"], rel=0.01)

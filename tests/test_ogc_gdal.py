"""GDAL and geopandas read what the service serves: OAPIF, file exports, items URLs."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import geopandas as gpd
import httpx
import psycopg
import pyogrio
import pytest
from db_support import one_row
from psycopg import sql

from layers import LAYERS

pytestmark = pytest.mark.gdal

PUBLIC = [layer for layer in LAYERS.values() if layer.is_public]


def db_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {
            layer.id: one_row(
                conn.execute(
                    sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(layer.source))
                )
            )[0]
            for layer in PUBLIC
        }


def gdal(*args: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_ogrinfo_lists_every_public_collection_with_the_database_counts(
    live_server: str, shared_db: str
) -> None:
    expected = db_counts(shared_db)
    listing = gdal("ogrinfo", "-ro", "-q", f"OAPIF:{live_server}")
    assert set(re.findall(r"^\d+: (\w+)", listing, re.MULTILINE)) == set(expected)
    for layer_id, count in expected.items():
        summary = gdal("ogrinfo", "-ro", "-so", "-al", f"OAPIF:{live_server}", layer_id)
        assert f"Feature Count: {count}" in summary, summary


def test_ogr2ogr_copies_the_service_into_a_geopackage(
    live_server: str, shared_db: str, output_dir: Path
) -> None:
    target = output_dir / "service_copy.gpkg"
    target.unlink(missing_ok=True)
    gdal("ogr2ogr", "-f", "GPKG", str(target), f"OAPIF:{live_server}")
    expected = db_counts(shared_db)
    assert {name for name, _ in pyogrio.list_layers(target)} == set(expected)
    for layer in PUBLIC:
        frame = gpd.read_file(target, layer=layer.id)
        assert len(frame) == expected[layer.id]
        assert {p.name for p in layer.properties} <= set(frame.columns)
    markers = gpd.read_file(target, layer="markers").set_index("code")
    assert markers.loc["606(1)", "status"] == "damaged"


@pytest.mark.parametrize("fmt", ["gpkg", "csv", "kml"])
def test_file_exports_open_in_gdal_and_geopandas_with_the_same_counts(
    live_server: str, shared_db: str, output_dir: Path, fmt: str
) -> None:
    expected = db_counts(shared_db)
    for layer_id in ("markers", "gates", "border_sections"):
        response = httpx.get(f"{live_server}/collections/{layer_id}/items?f={fmt}", timeout=60)
        assert response.status_code == 200, response.text
        path = output_dir / f"{layer_id}.{fmt}"
        path.write_bytes(response.content)
        frame = gpd.read_file(path)
        assert len(frame) == expected[layer_id], (layer_id, fmt)
        info = gdal("ogrinfo", "-ro", "-so", "-al", str(path))
        assert f"Feature Count: {expected[layer_id]}" in info


def test_exports_follow_the_filter_and_the_accept_header(live_server: str) -> None:
    response = httpx.get(
        f"{live_server}/collections/markers/items",
        params={"filter": "status = 'damaged'"},
        headers={"Accept": "text/csv"},
        timeout=60,
    )
    assert response.headers["content-type"].startswith("text/csv")
    frame = gpd.pd.read_csv(io.StringIO(response.text))
    assert len(frame) >= 3 and set(frame["status"]) == {"damaged"}
    assert frame["X"].between(106.4, 107.1).all() and frame["Y"].between(16.3, 17.1).all()


def test_geopandas_reads_an_items_url(live_server: str) -> None:
    frame = gpd.read_file(f"{live_server}/collections/markers/items?limit=1000")
    assert len(frame) == 66 and frame.crs.to_epsg() == 4326
    assert frame.geometry.x.between(106.4, 107.1).all()

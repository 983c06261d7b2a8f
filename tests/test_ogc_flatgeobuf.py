"""FlatGeobuf downloads (f=fgb): GDAL opens every collection's file with GeoJSON's count,
the spatial index is there, types are the declared ones, filters and CRS are followed."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pyogrio
import pytest
from pyproj import Transformer

from layers import LAYERS

pytestmark = pytest.mark.gdal
Server = tuple[str, dict[str, dict[str, str]]]


def ogrinfo(path: Path) -> str:
    done = subprocess.run(
        ["ogrinfo", "-ro", "-so", "-al", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def geojson_features(
    base: str, layer_id: str, headers: dict[str, str], **params: Any
) -> list[dict[str, Any]]:
    response = httpx.get(
        f"{base}/collections/{layer_id}/items",
        params={"limit": 10_000, **params},
        headers=headers,
        timeout=60,
    )
    assert response.status_code == 200, response.text
    return response.json()["features"]


def download(
    base: str, layer_id: str, headers: dict[str, str], folder: Path, **params: Any
) -> tuple[Path, httpx.Response]:
    response = httpx.get(
        f"{base}/collections/{layer_id}/items",
        params={"f": "fgb", **params},
        headers=headers,
        timeout=120,
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/flatgeobuf"
    path = folder / f"{layer_id}-{len(list(folder.iterdir()))}.fgb"
    path.write_bytes(response.content)
    return path, response


def test_ogrinfo_opens_every_collections_file_with_the_geojson_count(
    field_server: Server, tmp_path: Path
) -> None:
    base, headers = field_server
    indexed_layers: set[str] = set()
    for layer in LAYERS.values():
        expected = len(geojson_features(base, layer.id, headers["admin"]))
        path, response = download(base, layer.id, headers["admin"], tmp_path)
        summary = ogrinfo(path)
        assert response.headers["ogc-numberreturned"] == str(expected)
        assert f"Feature Count: {expected}" in summary, (layer.id, summary)
        # The declared geometry type, even for a collection with no feature yet.
        declared = re.search(r"^Geometry: (.+)$", summary, re.MULTILINE)
        assert declared and declared.group(1) == {
            "LineString": "Line String",
            "MultiLineString": "Multi Line String",
        }.get(layer.geometry_type, layer.geometry_type), (layer.id, summary)
        info = pyogrio.read_info(path)
        assert list(info["fields"]) == [p.name for p in layer.properties]
        # The packed R-tree, unless a feature has no geometry (the index cannot hold it).
        without = [
            f for f in geojson_features(base, layer.id, headers["admin"]) if f["geometry"] is None
        ]
        indexed = info["capabilities"]["fast_spatial_filter"]
        assert indexed == (expected > 0 and not without), layer.id
        assert response.headers["spatial-index"] == (
            "packed Hilbert R-tree"
            if indexed
            else "none (a feature has no geometry)"
            if expected
            else "none (no features)"
        )
        indexed_layers.add(layer.id) if indexed else None
    assert {"markers", "marker_positions", "border_sections"} <= indexed_layers


def test_a_private_collections_file_needs_a_reader(field_server: Server) -> None:
    base, headers = field_server
    response = httpx.get(
        f"{base}/collections/maintenance/items",
        params={"f": "fgb"},
        headers=headers["anonymous"],
        timeout=60,
    )
    assert response.status_code == 401


def test_values_keep_their_declared_types_and_the_features_match_geojson(
    field_server: Server, tmp_path: Path
) -> None:
    base, headers = field_server
    path, response = download(base, "markers", {}, tmp_path)
    info = pyogrio.read_info(path)
    types = dict(zip(info["fields"], info["dtypes"], strict=True))
    assert types["chainage_m"] == "float64" and types["updated_at"].startswith("datetime64")
    assert types["code"] == "object"
    frame = pyogrio.read_dataframe(path).set_index("code")
    geojson = {f["id"]: f for f in geojson_features(base, "markers", {})}
    assert set(frame.index) == set(geojson)
    for code, feature in geojson.items():
        x, y = feature["geometry"]["coordinates"]
        assert frame.loc[code, "geometry"].x == pytest.approx(x, abs=1e-7)
        assert frame.loc[code, "geometry"].y == pytest.approx(y, abs=1e-7)
        assert frame.loc[code, "status"] == feature["properties"]["status"]
    assert response.headers["content-crs"] == "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>"
    # Twinning dates are dates, not date-times.
    pairs, _ = download(base, "village_pairs", {}, tmp_path)
    pair_info = pyogrio.read_info(pairs)
    assert "Date" in ogrinfo(pairs).split("twinned_on:")[1].splitlines()[0]
    assert "twinned_on" in pair_info["fields"]


def test_the_file_follows_the_filter_the_crs_and_the_etag(
    field_server: Server, tmp_path: Path
) -> None:
    base, headers = field_server
    damaged = geojson_features(base, "markers", {}, filter="status = 'damaged'")
    assert len(damaged) >= 3
    path, _ = download(base, "markers", {}, tmp_path, filter="status = 'damaged'")
    frame = pyogrio.read_dataframe(path)
    assert len(frame) == len(damaged) and set(frame["status"]) == {"damaged"}

    none, _ = download(base, "markers", {}, tmp_path, filter="code = 'none'")
    assert len(pyogrio.read_dataframe(none)) == 0

    vn2000, response = download(base, "markers", {}, tmp_path, crs="EPSG:3405")
    assert response.headers["content-crs"] == "<http://www.opengis.net/def/crs/EPSG/0/3405>"
    projected = pyogrio.read_dataframe(vn2000).set_index("code")
    assert projected.crs.to_epsg() == 3405
    to_vn2000 = Transformer.from_crs("OGC:CRS84", "EPSG:3405", always_xy=True)
    for feature in damaged:
        east, north = to_vn2000.transform(*feature["geometry"]["coordinates"])
        point = projected.loc[feature["id"], "geometry"]
        assert point.x == pytest.approx(east, abs=0.01)
        assert point.y == pytest.approx(north, abs=0.01)

    etag = response.headers["etag"]
    again = httpx.get(
        f"{base}/collections/markers/items",
        params={"f": "fgb", "crs": "EPSG:3405"},
        headers={"If-None-Match": etag},
        timeout=60,
    )
    assert again.status_code == 304


def test_a_filter_the_database_refuses_is_a_400_and_leaves_no_file(field_server: Server) -> None:
    base, _ = field_server
    before = {p.name for p in Path("/tmp").glob("cotmoc-fgb-*")}
    response = httpx.get(
        f"{base}/collections/markers/items",
        params={
            "f": "fgb",
            "filter": f"S_INTERSECTS(geometry, POINT({10**40} {10**40}))",
            "filter-crs": "EPSG:32648",
        },
        timeout=60,
    )
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["parameter"] == "filter"
    assert "transform" in response.json()["detail"]
    response = httpx.get(
        f"{base}/collections/markers/items", params={"f": "fgb", "filter": "code = 585"}, timeout=60
    )
    assert response.status_code == 400 and "'code' is a string" in response.text
    assert {p.name for p in Path("/tmp").glob("cotmoc-fgb-*")} <= before

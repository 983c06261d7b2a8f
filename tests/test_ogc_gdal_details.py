"""The GDAL details a ministry meets: a collection declares its geometry type (even when
empty), date-only properties stay dates in GeoPackage and CSV, KML placemarks are named,
and a file's Content-Crs is the CRS its coordinates are really in."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path

import httpx
import pyogrio
import pytest

from layers import LAYERS

pytestmark = pytest.mark.gdal
Server = tuple[str, dict[str, dict[str, str]]]
CRS84 = "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>"
OGR_NAMES = {"Point": "Point", "LineString": "Line String", "MultiLineString": "Multi Line String"}


def ogrinfo(*args: str) -> str:
    done = subprocess.run(
        ["ogrinfo", "-ro", "-so", *args], capture_output=True, text=True, timeout=240, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_every_collection_declares_its_geometry_type_to_gdal_even_when_empty(
    field_server: Server,
) -> None:
    base, headers = field_server
    token = headers["admin"]["Authorization"]
    patrols = httpx.get(f"{base}/collections/patrols/items", headers=headers["admin"]).json()
    assert patrols["features"] == []  # the case GDAL used to call "Unknown"
    for layer in LAYERS.values():
        summary = ogrinfo(
            "--config", "GDAL_HTTP_HEADERS", f"Authorization: {token}", f"OAPIF:{base}", layer.id
        )
        declared = re.search(r"^Geometry: (.+)$", summary, re.MULTILINE)
        assert declared and declared.group(1) == OGR_NAMES[layer.geometry_type], (layer.id, summary)
        dates = [p.name for p in layer.properties if p.format == "date"]
        for name in dates:
            assert re.search(rf"^{name}: Date \(", summary, re.MULTILINE), (layer.id, name)


def test_date_only_properties_stay_dates_in_geopackage_and_csv(
    field_server: Server, tmp_path: Path
) -> None:
    base, _ = field_server
    pairs = httpx.get(f"{base}/collections/village_pairs/items", params={"limit": 1000}).json()
    twinned = {f["id"]: f["properties"]["twinned_on"] for f in pairs["features"]}
    assert any(twinned.values())

    gpkg = tmp_path / "pairs.gpkg"
    gpkg.write_bytes(
        httpx.get(f"{base}/collections/village_pairs/items", params={"f": "gpkg"}).content
    )
    assert re.search(r"^twinned_on: Date \(", ogrinfo("-al", str(gpkg)), re.MULTILINE)
    assert re.search(r"^updated_at: DateTime \(", ogrinfo("-al", str(gpkg)), re.MULTILINE)
    frame = pyogrio.read_dataframe(gpkg).set_index("code")
    for code, day in twinned.items():
        if day:
            assert frame.loc[code, "twinned_on"].isoformat()[:10] == day

    text = httpx.get(f"{base}/collections/village_pairs/items", params={"f": "csv"}).text
    rows = {row["code"]: row for row in csv.DictReader(io.StringIO(text))}
    for code, day in twinned.items():
        assert rows[code]["twinned_on"] == (day or "")  # 2009-05-19, not a date-time
    assert all(
        re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)", row["updated_at"])
        for row in rows.values()
    )


def test_kml_placemarks_are_named_and_files_say_their_real_crs(
    field_server: Server, tmp_path: Path
) -> None:
    base, _ = field_server
    kml = httpx.get(f"{base}/collections/markers/items", params={"f": "kml", "crs": "EPSG:3405"})
    assert kml.headers["content-crs"] == CRS84  # KML is always longitude/latitude
    names = re.findall(r"<Placemark[^>]*>\s*<name>([^<]+)</name>", kml.text)
    codes = [
        f["id"]
        for f in httpx.get(f"{base}/collections/markers/items", params={"limit": 1000}).json()[
            "features"
        ]
    ]
    assert sorted(names) == sorted(codes) and len(names) == 66
    (tmp_path / "markers.kml").write_bytes(kml.content)
    frame = pyogrio.read_dataframe(tmp_path / "markers.kml")
    assert frame.geometry.x.between(106.4, 107.1).all()  # degrees, not VN-2000 metres

    for crs, expected in (
        ("EPSG:4326", CRS84),
        (None, CRS84),
        ("EPSG:3405", "<http://www.opengis.net/def/crs/EPSG/0/3405>"),
    ):
        params = {"f": "gpkg"} | ({"crs": crs} if crs else {})
        response = httpx.get(f"{base}/collections/markers/items", params=params)
        assert response.headers["content-crs"] == expected, crs
        path = tmp_path / f"markers-{crs}.gpkg".replace(":", "")
        path.write_bytes(response.content)
        frame = pyogrio.read_dataframe(path)
        first_x = frame.geometry.x.iloc[0]
        assert (106.4 < first_x < 107.1) == (expected == CRS84), (crs, first_x)
    # An empty result still says what it would hold.
    empty = tmp_path / "none.gpkg"
    empty.write_bytes(
        httpx.get(
            f"{base}/collections/border_sections/items",
            params={"f": "gpkg", "filter": "code = 'none'"},
        ).content
    )
    assert pyogrio.read_info(empty)["geometry_type"] == "LineString"

"""Vector tiles (OGC API – Tiles, WebMercatorQuad): GDAL's MVT driver decodes a zoom-12
marker tile to the markers in its bounds; a marker moved through Part 4 changes the tile's
ETag and the new tile holds the new point."""

from __future__ import annotations

from pathlib import Path

import pyogrio
import pytest
from fastapi.testclient import TestClient
from pyproj import Transformer

Api = tuple[TestClient, dict[str, dict[str, str]]]
MVT = "application/vnd.mapbox-vector-tile"
HALF_WORLD = 20037508.342789244  # metres from the centre to the edge of Web Mercator
TO_MERCATOR = Transformer.from_crs("OGC:CRS84", "EPSG:3857", always_xy=True)


def tile_of(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    """(row, column) of the WebMercatorQuad tile holding a point."""
    x, y = TO_MERCATOR.transform(lon, lat)
    size = 2 * HALF_WORLD / 2**zoom
    return int((HALF_WORLD - y) // size), int((x + HALF_WORLD) // size)


def tile_bounds(zoom: int, row: int, col: int) -> tuple[float, float, float, float]:
    size = 2 * HALF_WORLD / 2**zoom
    west, north = -HALF_WORLD + col * size, HALF_WORLD - row * size
    return west, north - size, west + size, north


def decode(data: bytes, zoom: int, row: int, col: int, folder: Path) -> dict[str, tuple]:
    """The tile's markers as GDAL reads them: code -> (x, y) in EPSG:3857."""
    path = folder / str(zoom) / str(col) / f"{row}.pbf"  # z/x/y: the driver georeferences it
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    frame = pyogrio.read_dataframe(path, layer="markers")
    assert frame.crs.to_epsg() == 3857
    return {
        code: (point.x, point.y) for code, point in zip(frame["code"], frame.geometry, strict=True)
    }


def inside(point: tuple, bounds: tuple[float, float, float, float]) -> bool:
    return bounds[0] <= point[0] < bounds[2] and bounds[1] <= point[1] < bounds[3]


def test_a_zoom_12_marker_tile_decodes_to_the_markers_in_its_bounds(
    field_api: Api, tmp_path: Path
) -> None:
    client, headers = field_api
    lon, lat = client.get("/collections/markers/items/585").json()["geometry"]["coordinates"]
    row, col = tile_of(lon, lat, 12)
    response = client.get(f"/collections/markers/tiles/WebMercatorQuad/12/{row}/{col}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == MVT
    decoded = decode(response.content, 12, row, col, tmp_path)
    bounds = tile_bounds(12, row, col)
    markers = client.get("/collections/markers/items", params={"limit": 1000}).json()
    expected = {}
    for feature in markers["features"]:
        point = TO_MERCATOR.transform(*feature["geometry"]["coordinates"])
        if inside(point, bounds):
            expected[feature["id"]] = point
    assert "585" in expected
    within = {code: point for code, point in decoded.items() if inside(point, bounds)}
    assert set(within) == set(expected)
    resolution = (bounds[2] - bounds[0]) / 4096  # one tile coordinate, about 2.4 m
    for code, point in expected.items():
        assert within[code] == pytest.approx(point, abs=resolution)
    # What lies beyond the edges is only the buffer's width (64 of 4096) away.
    margin = 65 * resolution
    grown = (bounds[0] - margin, bounds[1] - margin, bounds[2] + margin, bounds[3] + margin)
    assert all(inside(point, grown) for point in decoded.values())

    # Moved 500 m west through Part 4: a new ETag, and the new tile has the new point.
    etag = response.headers["etag"]
    assert (
        client.get(
            f"/collections/markers/tiles/WebMercatorQuad/12/{row}/{col}",
            headers={"If-None-Match": etag},
        ).status_code
        == 304
    )
    moved_to = [lon - 0.005, lat]
    patched = client.patch(
        "/collections/markers/items/585",
        json={"geometry": {"type": "Point", "coordinates": moved_to}},
        headers=headers["admin"]
        | {"If-Match": client.get("/collections/markers/items/585").headers["etag"]},
    )
    assert patched.status_code == 200, patched.text
    new_row, new_col = tile_of(moved_to[0], moved_to[1], 12)
    after = client.get(
        f"/collections/markers/tiles/WebMercatorQuad/12/{new_row}/{new_col}",
        headers={"If-None-Match": etag},
    )
    assert after.status_code == 200 and after.headers["etag"] != etag
    point = decode(after.content, 12, new_row, new_col, tmp_path / "after")["585"]
    assert point == pytest.approx(TO_MERCATOR.transform(*moved_to), abs=resolution)


def test_tileset_metadata_and_tiles_outside_the_matrix(client: TestClient) -> None:
    tilesets = client.get("/collections/markers/tiles").json()["tilesets"]
    assert [t["tileMatrixSetURI"] for t in tilesets] == [
        "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"
    ]
    tileset = client.get("/collections/markers/tiles/WebMercatorQuad").json()
    assert tileset["dataType"] == "vector"
    assert tileset["crs"] == "http://www.opengis.net/def/crs/EPSG/0/3857"
    template = next(link for link in tileset["links"] if link["rel"] == "item")
    assert template["href"].endswith(
        "/collections/markers/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}"
    )
    assert template["type"] == MVT and template["templated"] is True
    assert tileset["layers"][0]["id"] == "markers"
    assert tileset["layers"][0]["geometryDimension"] == 0
    for path in ("12/4096/0", "12/0/4096", "23/0/0", "-1/0/0"):
        response = client.get(f"/collections/markers/tiles/WebMercatorQuad/{path}")
        assert response.status_code in (404, 422), path
        assert response.headers["content-type"] == "application/problem+json"
    empty = client.get("/collections/markers/tiles/WebMercatorQuad/12/0/0")
    assert empty.status_code == 200 and empty.headers["ogc-numberreturned"] == "0"
    assert client.get("/collections/maintenance/tiles/WebMercatorQuad/0/0/0").status_code == 401

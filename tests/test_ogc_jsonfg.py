"""JSON-FG (f=jsonfg or its media type): conformsTo, featureType, time, and place in the
requested CRS while geometry stays WGS84."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pyproj import Transformer

JSONFG = "application/vnd.ogc.fg+json"
CORE = "http://www.opengis.net/spec/json-fg-1/1.0/conf/core"
VN2000 = "http://www.opengis.net/def/crs/EPSG/0/3405"


def jsonfg_page(client: TestClient, layer_id: str, **params: Any) -> dict[str, Any]:
    response = client.get(
        f"/collections/{layer_id}/items", params={"f": "jsonfg", "limit": 1000, **params}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == JSONFG
    return response.json()


def test_place_is_in_vn2000_as_pyproj_computes_it_and_geometry_stays_wgs84(
    client: TestClient,
) -> None:
    page = jsonfg_page(client, "markers", crs="EPSG:3405")
    geojson = client.get("/collections/markers/items", params={"limit": 1000}).json()
    assert page["conformsTo"] == [CORE] and page["featureType"] == "markers"
    assert page["coordRefSys"] == VN2000
    to_vn2000 = Transformer.from_crs("OGC:CRS84", "EPSG:3405", always_xy=True)
    wgs84 = {f["id"]: f["geometry"]["coordinates"] for f in geojson["features"]}
    assert len(page["features"]) == len(wgs84) == 66
    for feature in page["features"]:
        assert feature["featureType"] == "markers"
        lon, lat = feature["geometry"]["coordinates"]
        assert [lon, lat] == pytest.approx(wgs84[feature["id"]], abs=1e-7)
        assert feature["place"]["type"] == "Point"
        east, north = feature["place"]["coordinates"]  # VN-2000 / UTM 48N: easting first
        expected = to_vn2000.transform(lon, lat)
        assert east == pytest.approx(expected[0], abs=0.01)
        assert north == pytest.approx(expected[1], abs=0.01)
        assert 600_000 < east < 800_000 and 1_800_000 < north < 1_900_000


def test_time_is_the_temporal_property_and_place_is_null_in_crs84(client: TestClient) -> None:
    markers = jsonfg_page(client, "markers")
    assert markers["coordRefSys"] == "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
    for feature in markers["features"]:
        assert feature["place"] is None and feature["geometry"]["type"] == "Point"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", feature["time"]["timestamp"])
    pairs = jsonfg_page(client, "village_pairs")
    dated = [f for f in pairs["features"] if f["properties"]["twinned_on"]]
    assert dated
    for feature in dated:
        assert feature["time"] == {"date": feature["properties"]["twinned_on"]}
    gates = jsonfg_page(client, "gates", crs="EPSG:32648")
    assert all(f["time"] is None for f in gates["features"])  # gates have no temporal property
    # A gate without an open coordinate has neither geometry nor place.
    assert all((f["place"] is None) == (f["geometry"] is None) for f in gates["features"])


def test_a_single_feature_and_the_accept_header(client: TestClient) -> None:
    response = client.get(
        "/collections/markers/items/585",
        params={"crs": "EPSG:3405"},
        headers={"Accept": "application/fg+json"},
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == JSONFG
    feature = response.json()
    assert feature["conformsTo"] == [CORE] and feature["coordRefSys"] == VN2000
    assert feature["place"]["coordinates"][0] > 1000  # metres, not degrees
    assert -180 < feature["geometry"]["coordinates"][0] < 180
    assert {link["rel"] for link in feature["links"]} == {"self", "collection"}
    plain = client.get("/collections/markers/items/585", params={"crs": "EPSG:3405"})
    assert plain.headers["content-type"] == "application/geo+json"
    assert "place" not in plain.json() and plain.headers["etag"] != response.headers["etag"]
    wrong = client.get("/collections/markers/items/585", params={"f": "gpkg"})
    assert wrong.status_code == 400 and wrong.json()["parameter"] == "f"


def test_jsonfg_is_declared(client: TestClient) -> None:
    assert CORE in client.get("/conformance").json()["conformsTo"]
    links = client.get("/collections/markers").json()["links"]
    assert any(link["type"] == JSONFG and link["rel"] == "items" for link in links)

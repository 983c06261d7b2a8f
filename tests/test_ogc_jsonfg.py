"""JSON-FG (f=jsonfg or its media type): conformsTo, featureType, time, and place in the
requested CRS while geometry stays WGS84."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pyproj import Transformer
from test_field_access import patrol_body

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
    # Registry layers' time is their valid time: from valid_from on, open at the end; a date
    # when the sources give only a year, month or day, a UTC timestamp for an instant seen.
    for feature in markers["features"]:
        assert feature["place"] is None and feature["geometry"]["type"] == "Point"
        start, end = feature["time"]["interval"]
        assert end == ".."
        if feature["properties"]["valid_from_precision"] == "instant":
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", start)
        else:
            assert start == feature["properties"]["valid_from"][:10]
    pairs = jsonfg_page(client, "village_pairs")
    dated = [f for f in pairs["features"] if f["properties"]["twinned_on"]]
    assert dated
    for feature in dated:  # a pair holds from its twinning
        assert feature["time"] == {"interval": [feature["properties"]["twinned_on"], ".."]}
    events = jsonfg_page(client, "border_events")["features"]  # a date property, no versions
    assert events and all(f["time"] == {"date": f["properties"]["happened_on"]} for f in events)
    gates = jsonfg_page(client, "gates", crs="EPSG:32648")
    # No source gives when the gates opened: their valid time has no start.
    assert all(f["time"] is None for f in gates["features"])
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
    assert {link["rel"] for link in feature["links"]} == {"self", "collection", "version-history"}
    plain = client.get("/collections/markers/items/585", params={"crs": "EPSG:3405"})
    assert plain.headers["content-type"] == "application/geo+json"
    assert "place" not in plain.json() and plain.headers["etag"] != response.headers["etag"]
    wrong = client.get("/collections/markers/items/585", params={"f": "gpkg"})
    assert wrong.status_code == 400 and wrong.json()["parameter"] == "f"


def test_jsonfg_is_declared(client: TestClient) -> None:
    assert CORE in client.get("/conformance").json()["conformsTo"]
    links = client.get("/collections/markers").json()["links"]
    assert any(link["type"] == JSONFG and link["rel"] == "items" for link in links)


def test_a_patrols_time_is_the_interval_it_was_out(
    field_api: tuple[TestClient, dict[str, dict[str, str]]],
) -> None:
    client, headers = field_api
    body = patrol_body()
    assert client.post("/patrols", json=body, headers=headers["guard"]).status_code == 201
    response = client.get(
        f"/collections/patrols/items/{body['id']}",
        params={"f": "jsonfg"},
        headers=headers["planner"],
    )
    assert response.status_code == 200, response.text
    start, end = response.json()["time"]["interval"]
    # Sent with a local offset or none, written back in UTC to the second.
    for sent, written in ((body["started_at"], start), (body["ended_at"], end)):
        moment = dt.datetime.fromisoformat(sent).astimezone(dt.UTC).replace(microsecond=0)
        assert written == moment.strftime("%Y-%m-%dT%H:%M:%SZ")

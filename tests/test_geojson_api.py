"""GeoJSON out: collections from layers/, items written by PostGIS."""

from __future__ import annotations

from fastapi.testclient import TestClient

from layers import LAYERS

PUBLIC_COLLECTIONS = {
    "border_sections",
    "border_segments",
    "marker_positions",
    "markers",
    "gates",
    "villages",
    "village_pairs",
    "legal_positions",
    "marker_aliases",
    "border_events",
}


def test_collections_lists_the_layers_anonymous_users_may_read(client: TestClient) -> None:
    response = client.get("/collections")
    assert response.status_code == 200
    ids = {c["id"] for c in response.json()["collections"]}
    assert ids == PUBLIC_COLLECTIONS
    assert ids == {layer.id for layer in LAYERS.values() if layer.is_public}


def test_field_collections_need_credentials(client: TestClient) -> None:
    for collection in ("maintenance", "patrols", "inspections"):
        response = client.get(f"/collections/{collection}/items")
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"


def test_markers_items_returns_66_features_at_50_positions(client: TestClient) -> None:
    response = client.get("/collections/markers/items", params={"limit": 1000})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert len(features) == 66
    assert len({f["properties"]["position"] for f in features}) == 50
    chainages = [f["properties"]["chainage_m"] for f in features]
    assert chainages == sorted(chainages)
    assert features[-1]["properties"]["code"] in {"607(1)", "607(2)"}
    for feature in features:
        props = feature["properties"]
        assert {
            "code",
            "position",
            "chainage_m",
            "type",
            "status",
            "coord_status",
            "source",
            "source_ref",
            "licence",
        } <= set(props)
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert 106.4 < lon < 107.1 and 16.3 < lat < 17.1


def test_default_limit_is_100_and_maximum_10000(client: TestClient) -> None:
    assert len(client.get("/collections/markers/items").json()["features"]) == 66
    assert len(client.get("/collections/markers/items?limit=5").json()["features"]) == 5


def test_one_feature_by_id(client: TestClient) -> None:
    response = client.get("/collections/markers/items/606(1)")
    assert response.status_code == 200
    feature = response.json()
    assert feature["type"] == "Feature" and feature["id"] == "606(1)"
    assert feature["properties"]["status"] == "damaged"


def test_gates_without_a_point_have_null_geometry(client: TestClient) -> None:
    features = client.get("/collections/gates/items").json()["features"]
    by_id = {f["id"]: f for f in features}
    assert by_id["lao-bao"]["geometry"]["type"] == "Point"
    assert by_id["thanh"]["geometry"] is None
    assert by_id["thanh"]["properties"]["coord_status"] == "unknown"


def test_unknown_collection_and_feature_are_problem_404s(client: TestClient) -> None:
    for path in ("/collections/nope/items", "/collections/markers/items/999(9)"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["status"] == 404


def test_bad_limit_is_a_problem_400(client: TestClient) -> None:
    response = client.get("/collections/markers/items?limit=zero")
    assert response.status_code == 400
    assert "limit" in response.json()["detail"]

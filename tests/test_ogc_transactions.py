"""OGC API – Features Part 4 on markers, replayed as QGIS edits: create, patch, replace and
delete with the right ETags; 412 with a stale one, 428 with none; the audit and the change
feed see every step; an invalid marker is a 4xx that writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import table_counts_all
from fastapi.testclient import TestClient
from pyproj import Transformer

Api = tuple[TestClient, dict[str, dict[str, str]]]
ITEMS = "/collections/markers/items"
CODE = "9990"
PART4 = "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/"


def near_marker(client: TestClient, code: str, east_m: float = 0.0) -> list[float]:
    """A point ``east_m`` metres east of marker ``code`` (about 1e-5 degrees a metre)."""
    lon, lat = client.get(f"{ITEMS}/{code}").json()["geometry"]["coordinates"]
    return [lon + east_m * 1e-5, lat]


def marker_feature(coordinates: list[float], **properties: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": coordinates},
        "properties": {
            "code": CODE,
            "type": "boundary_marker",
            "status": "intact",
            "maintained_by": "VN",
            "licence": "CC-BY-4.0",
            "coord_status": "surveyed",
            **properties,
        },
    }


def feed_head(client: TestClient) -> str:
    """A cursor after every change so far."""
    page = client.get("/changes", params={"since": "2000-01-01T00:00:00Z"}).json()
    while any(link["rel"] == "next" for link in page["links"]):
        page = client.get("/changes", params={"cursor": page["latest"]}).json()
    return str(page["latest"])


def feed_after(client: TestClient, cursor: str) -> list[dict[str, Any]]:
    response = client.get("/changes", params={"cursor": cursor})
    assert response.status_code == 200, response.text
    return response.json()["changes"]


def test_qgis_creates_patches_replaces_and_deletes_a_marker(field_api: Api) -> None:
    client, headers = field_api
    admin = headers["admin"]
    start = feed_head(client)

    created = client.post(
        ITEMS,
        json=marker_feature(near_marker(client, "585", 200)),
        headers=admin | {"Content-Type": "application/geo+json"},
    )
    assert created.status_code == 201, created.text
    assert created.headers["location"].endswith(f"{ITEMS}/{CODE}")
    etag = created.headers["etag"]
    read = client.get(f"{ITEMS}/{CODE}")
    assert read.status_code == 200 and read.headers["etag"] == etag  # GET's ETag is If-Match's
    assert read.json()["properties"]["section"]  # placed on a section, with a chainage
    assert read.json()["properties"]["chainage_m"] > 0

    patched = client.patch(
        f"{ITEMS}/{CODE}",
        json={"properties": {"status": "damaged"}},
        headers=admin | {"If-Match": etag, "Content-Type": "application/merge-patch+json"},
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["properties"]["status"] == "damaged"
    assert patched.json()["properties"]["maintained_by"] == "VN"  # untouched by the patch
    assert patched.headers["etag"] != etag

    stale = client.patch(
        f"{ITEMS}/{CODE}",
        json={"properties": {"status": "intact"}},
        headers=admin | {"If-Match": etag},
    )
    assert stale.status_code == 412, stale.text
    assert stale.headers["content-type"] == "application/problem+json"
    missing = client.patch(
        f"{ITEMS}/{CODE}", json={"properties": {"status": "intact"}}, headers=admin
    )
    assert missing.status_code == 428, missing.text
    assert client.get(f"{ITEMS}/{CODE}").json()["properties"]["status"] == "damaged"

    # Replaced with a point given in VN-2000 (Content-Crs), 300 m east of marker 585.
    lon, lat = near_marker(client, "585", 300)
    east, north = Transformer.from_crs("OGC:CRS84", "EPSG:3405", always_xy=True).transform(lon, lat)
    replaced = client.put(
        f"{ITEMS}/{CODE}",
        json=marker_feature([east, north], status="needs_attention"),
        headers=admin
        | {
            "If-Match": patched.headers["etag"],
            "Content-Crs": "<http://www.opengis.net/def/crs/EPSG/0/3405>",
        },
    )
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["geometry"]["coordinates"] == pytest.approx([lon, lat], abs=1e-6)
    assert replaced.json()["properties"]["status"] == "needs_attention"

    deleted = client.delete(
        f"{ITEMS}/{CODE}", headers=admin | {"If-Match": replaced.headers["etag"]}
    )
    assert deleted.status_code == 204, deleted.text
    assert client.get(f"{ITEMS}/{CODE}").status_code == 404

    audit = client.get(
        "/audit", params={"entity": "markers", "entity_id": CODE}, headers=admin
    ).json()
    assert [entry["action"] for entry in reversed(audit)] == [
        "create",
        "update",
        "update",
        "delete",
    ]
    assert {entry["actor"] for entry in audit} == {"admin1"}
    steps = [
        c["change"]
        for c in feed_after(client, start)
        if c["featureId"] == CODE and c["collection"] == "markers"
    ]
    assert steps == ["created", "updated", "updated", "deleted"]


def test_invalid_markers_are_4xx_and_write_nothing(field_api: Api, fresh_db: str) -> None:
    client, headers = field_api
    admin = headers["admin"]
    start = feed_head(client)
    counts = table_counts_all(fresh_db)
    near = near_marker(client, "585", 200)
    refused = {
        "bad code": marker_feature(near, code="ABC-1"),
        "50 km off the line": marker_feature(near_marker(client, "585", 50_000)),
        "unknown status": marker_feature(near, status="sunk"),
        "no licence": marker_feature(near, licence=""),
        "not a point": {
            **marker_feature(near),
            "geometry": {"type": "LineString", "coordinates": [near, near]},
        },
        "unknown property": marker_feature(near, colour="red"),
    }
    for why, body in refused.items():
        response = client.post(ITEMS, json=body, headers=admin)
        assert response.status_code == 400, (why, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["pointer"].split(".")[0] in ("properties", "geometry"), why
    far = client.post(ITEMS, json=refused["50 km off the line"], headers=admin).json()
    assert "km from the nearest border section" in far["detail"]
    wrong_crs = client.post(
        ITEMS,
        json=marker_feature(near),
        headers=admin | {"Content-Crs": "<http://www.opengis.net/def/crs/EPSG/0/3405>"},
    )
    assert wrong_crs.status_code == 400  # degrees read as VN-2000 metres are nowhere
    existing = client.post(ITEMS, json=marker_feature(near, code="585"), headers=admin)
    assert existing.status_code == 409

    etag = client.get(f"{ITEMS}/585").headers["etag"]
    moved_far = client.put(
        f"{ITEMS}/585",
        json=marker_feature(near_marker(client, "585", 50_000), code="585"),
        headers=admin | {"If-Match": etag},
    )
    assert moved_far.status_code == 400
    renamed = client.patch(
        f"{ITEMS}/585", json={"properties": {"code": "586"}}, headers=admin | {"If-Match": etag}
    )
    assert renamed.status_code == 400
    in_use = client.delete(
        f"{ITEMS}/606(1)",
        headers=admin | {"If-Match": client.get(f"{ITEMS}/606(1)").headers["etag"]},
    )
    assert in_use.status_code == 409, in_use.text  # maintenance records refer to it

    assert table_counts_all(fresh_db) == counts  # the audit log and the feed's table too
    assert feed_after(client, start) == []


def test_only_admins_edit_and_only_markers_are_editable(field_api: Api) -> None:
    client, headers = field_api
    body = marker_feature(near_marker(client, "585", 200))
    assert client.post(ITEMS, json=body).status_code == 401
    for role in ("ministry", "guard", "planner"):
        assert client.post(ITEMS, json=body, headers=headers[role]).status_code == 403, role
    gates = client.put("/collections/gates/items/thanh", json=body, headers=headers["admin"])
    assert gates.status_code == 405
    assert (
        client.post("/collections/nope/items", json=body, headers=headers["admin"]).status_code
        == 404
    )
    conformance = set(client.get("/conformance").json()["conformsTo"])
    assert {PART4 + "create-replace-delete", PART4 + "update"} <= conformance

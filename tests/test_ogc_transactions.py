"""OGC API – Features Part 4 on markers, replayed as QGIS edits: create, patch, replace and
delete with the right ETags; 412 with a stale one, 428 with none; the audit and the change
feed see every step; an invalid marker is a 4xx that writes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import table_counts_all
from db_support import one_row
from db_urls import app_url
from fastapi.testclient import TestClient
from pyproj import Geod, Transformer

from gis import db
from gis.audit import command_line_actor
from gis.importers.markers import LegalRecord, MarkerOptions, import_markers

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


def test_only_admins_edit_and_only_registry_collections_are_editable(field_api: Api) -> None:
    client, headers = field_api
    body = marker_feature(near_marker(client, "585", 200))
    assert client.post(ITEMS, json=body).status_code == 401
    for role in ("ministry", "guard", "planner"):
        assert client.post(ITEMS, json=body, headers=headers[role]).status_code == 403, role
    other = client.put("/collections/maintenance/items/x", json=body, headers=headers["admin"])
    assert other.status_code == 405
    assert (
        client.post("/collections/nope/items", json=body, headers=headers["admin"]).status_code
        == 404
    )
    conformance = set(client.get("/conformance").json()["conformsTo"])
    assert {PART4 + "create-replace-delete", PART4 + "update"} <= conformance


def versions_of(client: TestClient, code: str) -> list[dict[str, Any]]:
    response = client.get(f"{ITEMS}/{code}/versions")
    assert response.status_code == 200, response.text
    features: list[dict[str, Any]] = response.json()["features"]
    return features


def test_edits_keep_their_versions_like_an_import(field_api: Api) -> None:
    """Each Part 4 write is a version of the marker (the registry's triggers, migration
    0018): the history lists them in order, ``datetime`` answers the point that held then,
    and a deleted marker's history stays."""
    client, headers = field_api
    admin = headers["admin"]
    first_point = near_marker(client, "585", 200)
    created = client.post(ITEMS, json=marker_feature(first_point), headers=admin)
    assert created.status_code == 201, created.text
    patched = client.patch(
        f"{ITEMS}/{CODE}",
        json={"properties": {"status": "damaged"}},
        headers=admin | {"If-Match": created.headers["etag"]},
    )
    assert patched.status_code == 200, patched.text
    moved = client.put(
        f"{ITEMS}/{CODE}",
        json=marker_feature(near_marker(client, "585", 300)),
        headers=admin | {"If-Match": patched.headers["etag"]},
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["properties"]["valid_from_precision"] == "instant"

    versions = versions_of(client, CODE)
    assert [v["properties"]["status"] for v in versions] == ["intact", "damaged", "intact"]
    times = [v["properties"]["version"] for v in versions]
    assert all(a["valid_until"] == b["valid_from"] for a, b in zip(times, times[1:], strict=False))
    assert times[-1]["valid_until"] is None
    assert versions[0]["geometry"]["coordinates"] == pytest.approx(first_point, abs=1e-7)
    assert moved.json()["geometry"]["coordinates"] == pytest.approx(
        versions[-1]["geometry"]["coordinates"], abs=1e-7
    )
    rels = {link["rel"] for link in versions[1]["links"]}
    assert {"predecessor-version", "successor-version"} <= rels
    # The marker as it held while it was damaged: the first point, status damaged.
    then = client.get(ITEMS, params={"code": CODE, "datetime": times[1]["valid_from"]}).json()
    assert [f["properties"]["status"] for f in then["features"]] == ["damaged"]
    assert then["features"][0]["geometry"]["coordinates"] == pytest.approx(first_point, abs=1e-7)

    deleted = client.delete(f"{ITEMS}/{CODE}", headers=admin | {"If-Match": moved.headers["etag"]})
    assert deleted.status_code == 204, deleted.text
    kept = versions_of(client, CODE)
    assert len(kept) == 3 and kept[-1]["properties"]["version"]["valid_until"] is not None
    before_delete = client.get(ITEMS, params={"code": CODE, "datetime": times[2]["valid_from"]})
    assert before_delete.json()["numberReturned"] == 1


LEGAL_CODE = "590"  # no maintenance or inspection refers to it: only its legal record would


def bind_legal(url: str, code: str, lon: float, lat: float, folder: Path) -> None:
    """An official table of one row imported as the binding legal position of ``code``."""
    path = folder / "protocol.csv"
    path.write_text(f"code,lon,lat\n{code},{lon:.9f},{lat:.9f}\n", encoding="utf-8")
    legal = LegalRecord(
        instrument="Protocol 16/3/2016 (test table)", binding_from=date(2016, 3, 16)
    )
    options = MarkerOptions(licence="CC BY 4.0 (test data)", record_as=legal)
    with db.connect(app_url(url)) as conn:
        report = import_markers(conn, path, options, command_line_actor("import"))
    assert report.written and report.legal_recorded == 1, report


def registry_point(url: str, code: str) -> tuple[float, float, str]:
    with db.connect(url) as conn:
        row = one_row(
            conn.execute(
                "SELECT ST_X(registry_geom) AS lon, ST_Y(registry_geom) AS lat, coord_status "
                "FROM markers WHERE code = %s",
                (code,),
            )
        )
    return row["lon"], row["lat"], row["coord_status"]


def test_a_marker_with_a_binding_legal_position_keeps_it_through_edits(
    field_api: Api, fresh_db: str, tmp_path: Path
) -> None:
    """An editor may change a legal marker's status, but neither move it nor relabel its
    point, nor delete it: each refusal is a 409 problem that writes nothing."""
    client, headers = field_api
    admin = headers["admin"]
    lon, lat = near_marker(client, LEGAL_CODE)
    legal_lon, legal_lat = Geod(ellps="WGS84").fwd(lon, lat, 45.0, 3.0)[:2]
    bind_legal(fresh_db, LEGAL_CODE, legal_lon, legal_lat, tmp_path)
    legal = registry_point(fresh_db, LEGAL_CODE)
    assert legal[2] == "legal"
    assert client.get(f"{ITEMS}/{LEGAL_CODE}").json()["properties"]["coord_status"] == "legal"

    etag = client.get(f"{ITEMS}/{LEGAL_CODE}").headers["etag"]
    status = client.patch(
        f"{ITEMS}/{LEGAL_CODE}",
        json={"properties": {"status": "damaged"}},
        headers=admin | {"If-Match": etag},
    )
    assert status.status_code == 200, status.text
    assert status.json()["properties"]["status"] == "damaged"
    assert registry_point(fresh_db, LEGAL_CODE) == legal  # the exact legal point, not GET's copy
    etag = status.headers["etag"]

    counts = table_counts_all(fresh_db)
    moved = client.put(
        f"{ITEMS}/{LEGAL_CODE}",
        json=marker_feature(
            near_marker(client, LEGAL_CODE, 12), code=LEGAL_CODE, coord_status="surveyed"
        ),
        headers=admin | {"If-Match": etag},
    )
    assert moved.status_code == 409, moved.text
    assert moved.headers["content-type"] == "application/problem+json"
    assert "--as survey" in moved.json()["detail"] and moved.json()["pointer"] == "geometry"
    relabelled = client.patch(
        f"{ITEMS}/{LEGAL_CODE}",
        json={"properties": {"coord_status": "surveyed"}},
        headers=admin | {"If-Match": etag},
    )
    assert relabelled.status_code == 409, relabelled.text
    deleted = client.delete(f"{ITEMS}/{LEGAL_CODE}", headers=admin | {"If-Match": etag})
    assert deleted.status_code == 409, deleted.text
    assert "legal register" in deleted.json()["detail"]
    assert table_counts_all(fresh_db) == counts
    assert registry_point(fresh_db, LEGAL_CODE) == legal
    created = client.post(
        ITEMS,
        json=marker_feature(near_marker(client, "585", 200), coord_status="legal"),
        headers=admin,
    )
    assert created.status_code == 400, created.text  # a legal position comes from an instrument

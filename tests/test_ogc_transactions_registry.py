"""OGC API – Features Part 4 on the registry's other collections (gates, villages, village
pairs, marker positions, border sections), with the same route as markers: a create →
patch → replace → delete cycle under ETags for each, audited, in the change feed and kept as
versions; an invalid feature is a 4xx that writes nothing; a row others depend on is a 409
naming them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conftest import table_counts_all
from db_support import one_row
from fastapi.testclient import TestClient
from pyproj import Geod, Transformer
from test_ogc_transactions import feed_after, feed_head, near_marker

from gis import db
from gis.crs import DEFAULT_CRS
from gis.registry_edits import EDITORS
from layers import LAYERS

Api = tuple[TestClient, dict[str, dict[str, str]]]
PROVENANCE = {"licence": "CC-BY-4.0", "coord_status": "surveyed"}
VN2000 = "<http://www.opengis.net/def/crs/EPSG/0/3405>"


def point(client: TestClient, east_m: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": near_marker(client, "585", east_m)}


def feature(geometry: dict[str, Any] | None, **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def gate(client: TestClient, east_m: float = 200, **changes: Any) -> dict[str, Any]:
    values = {"code": "test-gate", "vn_name": "Lối mở thử", "type": "auxiliary", **PROVENANCE}
    return feature(point(client, east_m), **(values | changes))


def village(client: TestClient, east_m: float = 1000, **changes: Any) -> dict[str, Any]:
    values = {"code": "test-village", "name": "Bản Thử", "country": "LA", **PROVENANCE}
    return feature(point(client, east_m), **(values | changes))


def pair(client: TestClient, **changes: Any) -> dict[str, Any]:
    values = {
        "code": "test-pair",
        "vn_village": "ca-tang",
        "la_village": "test-village",
        "twinned_on": "2020-05-01",
        "date_precision": "day",
        "licence": "CC-BY-4.0",
        "coord_status": "source_point",
    }
    return feature(None, **(values | changes))


def position(client: TestClient, east_m: float = 200, **changes: Any) -> dict[str, Any]:
    return feature(point(client, east_m), **({"number": "9990", **PROVENANCE} | changes))


def section(client: TestClient, length_m: float = 300, **changes: Any) -> dict[str, Any]:
    values = {
        "code": "test-section",
        "name": "Đoạn thử",
        "vn_unit": "Quảng Trị",
        "la_unit": "Savannakhet",
        **PROVENANCE,
    }
    line = {
        "type": "LineString",
        "coordinates": [near_marker(client, "585", 0), near_marker(client, "585", length_m)],
    }
    return feature(line, **(values | changes))


Body = Callable[..., dict[str, Any]]
# collection -> (its feature, a merge patch and the value it sets, a replaced feature)
CYCLES: dict[str, tuple[Body, dict[str, Any], Body]] = {
    "gates": (gate, {"vn_place": "Hướng Lập"}, lambda c: gate(c, 300, type="main")),
    "villages": (village, {"admin_unit": "Sepon"}, lambda c: village(c, 1200, aliases=["B"])),
    "village_pairs": (pair, {"pilot": True}, lambda c: pair(c, pact="hương ước")),
    "marker_positions": (position, {"id_status": "illustrative"}, lambda c: position(c, 250)),
    "border_sections": (
        section,
        {"official_length_m": 400.0},
        lambda c: section(c, 600, name="Đoạn thử mới"),
    ),
}


def key_of(collection: str, body: dict[str, Any]) -> str:
    return str(body["properties"][EDITORS[collection].key])


@pytest.mark.parametrize("collection", list(CYCLES))
def test_a_registry_feature_is_created_patched_replaced_and_deleted(
    field_api: Api, collection: str
) -> None:
    client, headers = field_api
    admin = headers["admin"]
    make, patch, replaced_body = CYCLES[collection]
    if collection == "village_pairs":  # a pair names two villages: one new, one seeded
        assert client.post("/collections/villages/items", json=village(client), headers=admin)
    items = f"/collections/{collection}/items"
    start = feed_head(client)
    body = make(client)
    key = key_of(collection, body)

    created = client.post(items, json=body, headers=admin)
    assert created.status_code == 201, created.text
    assert created.headers["location"].endswith(f"{items}/{key}")
    read = client.get(f"{items}/{key}")
    assert read.status_code == 200 and read.headers["etag"] == created.headers["etag"]

    patched = client.patch(
        f"{items}/{key}",
        json={"properties": patch},
        headers=admin | {"If-Match": created.headers["etag"]},
    )
    assert patched.status_code == 200, patched.text
    name, value = next(iter(patch.items()))
    assert patched.json()["properties"][name] == value
    assert patched.json()["properties"]["licence"] == "CC-BY-4.0"  # kept by the patch
    assert patched.headers["etag"] != created.headers["etag"]

    stale = client.patch(
        f"{items}/{key}",
        json={"properties": patch},
        headers=admin | {"If-Match": read.headers["etag"]},
    )
    assert stale.status_code == 412, stale.text
    assert stale.headers["content-type"] == "application/problem+json"
    assert client.put(f"{items}/{key}", json=body, headers=admin).status_code == 428

    replaced = client.put(
        f"{items}/{key}",
        json=replaced_body(client),
        headers=admin | {"If-Match": patched.headers["etag"]},
    )
    assert replaced.status_code == 200, replaced.text
    assert name not in replaced.json()["properties"] or replaced.json()["properties"][name] != value

    versions = client.get(f"{items}/{key}/versions").json()["features"]
    assert len(versions) == 3  # created, patched, replaced: each a version
    assert versions[1]["properties"][name] == value

    deleted = client.delete(
        f"{items}/{key}", headers=admin | {"If-Match": replaced.headers["etag"]}
    )
    assert deleted.status_code == 204, deleted.text
    assert client.get(f"{items}/{key}").status_code == 404

    audit = client.get(
        "/audit", params={"entity": EDITORS[collection].table, "entity_id": key}, headers=admin
    ).json()
    assert [e["action"] for e in reversed(audit)] == ["create", "update", "update", "delete"]
    steps = [
        c["change"]
        for c in feed_after(client, start)
        if c["featureId"] == key and c["collection"] == collection
    ]
    assert steps[0] == "created" and steps[-1] == "deleted" and "updated" in steps


def _invalid(client: TestClient) -> dict[str, tuple[str, dict[str, Any], int]]:
    """Why -> (collection, body, status): each refused before anything is written."""
    far = near_marker(client, "585", 50_000)
    return {
        "gate of an unknown type": ("gates", gate(client, type="bridge"), 400),
        "gate code not a slug": ("gates", gate(client, code="Test Gate"), 400),
        "gate without a point not unknown": ("gates", {**gate(client), "geometry": None}, 400),
        "village in no country": ("villages", village(client, country="TH"), 400),
        "village 50 km off": ("villages", village(client, 80_000), 400),
        "pair of a missing village": ("village_pairs", pair(client, la_village="nowhere"), 400),
        "pair of two VN villages": ("village_pairs", pair(client, la_village="ca-tang"), 400),
        "pair of an existing code": ("village_pairs", pair(client, code="ca-tang-densavan"), 409),
        "pair twinned already": (
            "village_pairs",
            pair(client, code="again", la_village="densavan"),
            409,
        ),
        "position 50 km off": (
            "marker_positions",
            position(client) | {"geometry": {"type": "Point", "coordinates": far}},
            400,
        ),
        "position number malformed": ("marker_positions", position(client, number="A1"), 400),
        "section of one point": (
            "border_sections",
            section(client) | {"geometry": {"type": "LineString", "coordinates": [far, far]}},
            400,
        ),
        "section as a point": (
            "border_sections",
            section(client) | {"geometry": point(client, 0)},
            400,
        ),
        "section without a name": ("border_sections", section(client, name=None), 400),
        "section of negative length": (
            "border_sections",
            section(client, official_length_m=-3.0),
            400,
        ),
    }


def test_invalid_registry_features_are_4xx_and_write_nothing(field_api: Api, fresh_db: str) -> None:
    client, headers = field_api
    admin = headers["admin"]
    start = feed_head(client)
    counts = table_counts_all(fresh_db)
    for why, (collection, body, status) in _invalid(client).items():
        response = client.post(f"/collections/{collection}/items", json=body, headers=admin)
        assert response.status_code == status, (why, response.text)
        assert response.headers["content-type"] == "application/problem+json", why
    wrong_crs = client.post(
        "/collections/gates/items", json=gate(client), headers=admin | {"Content-Crs": VN2000}
    )
    assert wrong_crs.status_code == 400  # degrees read as VN-2000 metres are nowhere
    held = {
        "gates": "lao-bao",  # its history: gate events
        "villages": "ca-tang",  # in the pair ca-tang-densavan
        "marker_positions": "585",  # holds marker 585
        "border_sections": "savannakhet",  # holds positions
    }
    for collection, key in held.items():
        item = f"/collections/{collection}/items/{key}"
        etag = client.get(item).headers["etag"]
        refused = client.delete(item, headers=admin | {"If-Match": etag})
        assert refused.status_code == 409, refused.text
        assert "first" in refused.json()["detail"]
    assert (
        "ca-tang-densavan"
        in client.delete(
            "/collections/villages/items/ca-tang",
            headers=admin
            | {"If-Match": client.get("/collections/villages/items/ca-tang").headers["etag"]},
        ).json()["detail"]
    )
    assert table_counts_all(fresh_db) == counts  # the audit log and the feed's table too
    assert feed_after(client, start) == []


def marker_row(url: str, code: str) -> dict[str, Any]:
    with db.connect(url) as conn:
        return one_row(
            conn.execute(
                "SELECT m.chainage_m, ST_X(m.registry_geom) AS lon, ST_Y(m.registry_geom) AS lat, "
                "ST_X(p.geom) AS p_lon, ST_Y(p.geom) AS p_lat "
                "FROM markers m JOIN marker_positions p ON p.id = m.position_id WHERE m.code = %s",
                (code,),
            )
        )


def test_a_moved_position_takes_its_markers_and_their_chainage(
    field_api: Api, fresh_db: str
) -> None:
    """Marker 590 stands at its position: the position moved 100 m (given in VN-2000),
    the marker follows, its chainage recomputed on the section as the importer does."""
    client, headers = field_api
    admin = headers["admin"]
    before = marker_row(fresh_db, "590")
    assert (before["lon"], before["lat"]) == pytest.approx((before["p_lon"], before["p_lat"]))
    item = "/collections/marker_positions/items/590"
    lon, lat = Geod(ellps="WGS84").fwd(before["p_lon"], before["p_lat"], 90.0, 100.0)[:2]
    east, north = Transformer.from_crs("OGC:CRS84", "EPSG:3405", always_xy=True).transform(lon, lat)
    moved = client.patch(
        item,
        json={"geometry": {"type": "Point", "coordinates": [east, north]}},
        headers=admin | {"If-Match": client.get(item).headers["etag"], "Content-Crs": VN2000},
    )
    assert moved.status_code == 200, moved.text
    after = marker_row(fresh_db, "590")
    assert (after["lon"], after["lat"]) == pytest.approx((lon, lat), abs=1e-6)
    assert after["chainage_m"] != pytest.approx(before["chainage_m"], abs=1.0)
    assert moved.json()["properties"]["chainage_m"] == pytest.approx(after["chainage_m"], abs=0.01)
    audit = client.get(
        "/audit", params={"entity": "markers", "entity_id": "590"}, headers=admin
    ).json()
    assert audit[0]["action"] == "update" and audit[0]["actor"] == "admin1"


def test_a_replaced_section_is_measured_again(field_api: Api) -> None:
    client, headers = field_api
    admin = headers["admin"]
    items = "/collections/border_sections/items"
    created = client.post(items, json=section(client, 300), headers=admin)
    assert created.status_code == 201, created.text
    first = created.json()["properties"]["measured_length_m"]
    replaced = client.put(
        f"{items}/test-section",
        json=section(client, 900),
        headers=admin | {"If-Match": created.headers["etag"]},
    )
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["properties"]["measured_length_m"] == pytest.approx(3 * first, rel=0.01)


@pytest.mark.parametrize("collection", list(EDITORS))
def test_each_editor_knows_every_published_property(collection: str) -> None:
    """What an editor sets or ignores is what GET publishes: a property QGIS sends back is
    never refused as unknown, and nothing editable is unpublished."""
    editor = EDITORS[collection]
    published = {p.name for p in LAYERS[collection].properties}
    assert set(editor.editable) <= published
    feature_body = {"type": "Feature", "geometry": None, "properties": dict.fromkeys(published)}
    try:
        editor.check(feature_body, DEFAULT_CRS)
    except ValueError as error:
        assert "not a property" not in str(error), error


def test_openapi_and_collections_say_what_is_editable(field_api: Api) -> None:
    client, headers = field_api
    paths = client.get("/openapi.json").json()["paths"]
    create = paths["/collections/{collection_id}/items"]["post"]
    assert all(collection in create["description"] for collection in EDITORS)
    one = paths["/collections/{collection_id}/items/{feature_id}"]
    assert {"put", "patch", "delete"} <= set(one)
    assert {"412", "428", "409"} <= set(one["put"]["responses"])
    for collection in LAYERS:
        described = client.get(f"/collections/{collection}", headers=headers["admin"]).json()
        assert described["editable"] is (collection in EDITORS), collection

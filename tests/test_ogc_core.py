"""OGC API – Features Part 1 and 2 against the real PostGIS: landing, collections, paging,
CRS, caching headers and errors."""

from __future__ import annotations

import psycopg
import pytest
from fastapi.testclient import TestClient
from pyproj import Transformer

from gis.crs import CRS84
from layers import cursor

MARKERS = "/collections/markers/items"


def _markers_in_db(url: str) -> dict[str, tuple[float, float]]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT code, ST_X(geom), ST_Y(geom) FROM markers_features").fetchall()
    return {code: (x, y) for code, x, y in rows}


def test_landing_page_links_what_clients_need(client: TestClient) -> None:
    links = {link["rel"]: link for link in client.get("/").json()["links"]}
    assert {"self", "service-desc", "service-doc", "conformance", "data"} <= set(links)
    assert client.get(links["service-desc"]["href"]).json()["openapi"].startswith("3.")
    classes = client.get("/conformance").json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in classes
    assert "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs" in classes
    assert "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json" in classes


def test_collection_has_extent_crs_list_and_links(client: TestClient) -> None:
    body = client.get("/collections/markers").json()
    assert body["itemType"] == "feature" and body["storageCrs"] == CRS84
    assert "http://www.opengis.net/def/crs/EPSG/0/3405" in body["crs"]
    minx, miny, maxx, maxy = body["extent"]["spatial"]["bbox"][0]
    assert 106.4 < minx < maxx < 107.1 and 16.3 < miny < maxy < 17.1
    assert body["extent"]["temporal"]["interval"][0][0] is not None
    assert {"self", "items", "enclosure"} <= {link["rel"] for link in body["links"]}
    assert client.get("/collections/maintenance").status_code == 401


def test_extents_follow_changes_to_the_features(write_client: TestClient, fresh_db: str) -> None:
    def gate_bbox() -> list[float]:
        return write_client.get("/collections/gates").json()["extent"]["spatial"]["bbox"][0]

    before = gate_bbox()
    assert gate_bbox() == before  # answered again without a change
    with psycopg.connect(fresh_db) as conn:
        conn.execute(
            "UPDATE gates SET geom = 'SRID=4326;POINT(106.7 16.5)', "
            "coord_status = 'approximate' WHERE code = 'thanh'"
        )
    after = gate_bbox()
    assert after != before
    assert after[0] == pytest.approx(min(before[0], 106.7)) and after[1] == pytest.approx(16.5)


def test_queryables_are_the_declared_properties_and_the_geometry(client: TestClient) -> None:
    response = client.get("/collections/markers/queryables")
    assert response.headers["content-type"] == "application/schema+json"
    props = response.json()["properties"]
    assert props["status"]["enum"][0] == "intact"
    assert props["chainage_m"]["type"] == "number"
    assert props["geometry"]["x-ogc-role"] == "primary-geometry"
    assert props["updated_at"]["format"] == "date-time"


def link(page: dict, rel: str) -> str | None:
    return next((lk["href"] for lk in page["links"] if lk["rel"] == rel), None)


def must_link(page: dict, rel: str) -> str:
    href = link(page, rel)
    assert href, f"the page has no '{rel}' link"
    return href


def test_paging_66_markers_by_10_takes_7_pages_and_sees_each_marker_once(
    client: TestClient, shared_db: str
) -> None:
    pages: list[list[str]] = []
    url: str | None = f"{MARKERS}?limit=10"
    while url:
        page = client.get(url).json()
        assert page["numberReturned"] == len(page["features"]) <= 10
        assert "timeStamp" in page
        pages.append([f["id"] for f in page["features"]])
        url = link(page, "next")
        assert url is None or ("cursor=" in url and "offset=" not in url)
    # 7 pages: the first request and 6 next links (60 markers), the 7th page holds 6.
    assert [len(p) for p in pages] == [10] * 6 + [6]
    seen = [code for p in pages for code in p]
    assert len(seen) == 66 and set(seen) == set(_markers_in_db(shared_db))
    # Walking back by prev links gives the same pages, the first one without a prev link.
    back: list[list[str]] = []
    url = link(page, "prev")
    while url:
        page = client.get(url).json()
        back.append([f["id"] for f in page["features"]])
        assert link(page, "next")
        url = link(page, "prev")
    assert back == pages[-2::-1]
    assert client.get(must_link(page, "next")).json()["features"][0]["id"] == pages[1][0]


def test_number_matched_is_never_more_than_there_is(client: TestClient) -> None:
    assert client.get(f"{MARKERS}?limit=100").json()["numberMatched"] == 66
    last = client.get(f"{MARKERS}?limit=10&offset=60").json()
    assert (last["numberReturned"], last["numberMatched"]) == (6, 66)
    assert "offset=50" in must_link(last, "prev")
    for offset in (66, 1_000_000):
        beyond = client.get(f"{MARKERS}?limit=10&offset={offset}").json()
        assert beyond["numberReturned"] == 0 and "numberMatched" not in beyond
    assert "numberMatched" not in client.get(f"{MARKERS}?limit=10").json()  # not free


def test_a_bad_or_foreign_cursor_is_a_400_naming_it(client: TestClient) -> None:
    page = client.get(f"{MARKERS}?limit=5&sortby=-chainage_m").json()
    token = must_link(page, "next").split("cursor=")[1].split("&")[0]
    for params in (
        {"cursor": "%%%"},
        {"cursor": token},  # made for another sortby
        {"cursor": token, "sortby": "-chainage_m", "offset": "5"},
    ):
        response = client.get(MARKERS, params={"limit": 5, **params})
        assert response.status_code == 400, params
        assert response.json()["parameter"] in ("cursor", "offset"), params
    other = client.get("/collections/gates/items", params={"cursor": token})
    assert other.status_code == 400 and "collection 'gates'" in other.json()["detail"]
    assert client.get(MARKERS, params={"cursor": token, "sortby": "-chainage_m"}).status_code == 200
    # An edited cursor: its values are bound as parameters, and a bad one is named.
    forged = cursor.encode("items", ["markers", "chainage_m,code", False, "far", "585"])
    response = client.get(MARKERS, params={"cursor": forged})
    assert response.status_code == 400 and response.json()["parameter"] == "cursor"
    assert "double precision" in response.json()["detail"]
    injected = cursor.encode(
        "items", ["markers", "chainage_m,code", False, "0", "x'; DROP TABLE markers; --"]
    )
    assert client.get(MARKERS, params={"cursor": injected}).status_code == 200
    assert client.get(MARKERS, params={"limit": 1}).json()["features"]


def test_sortby_and_properties(client: TestClient) -> None:
    page = client.get(f"{MARKERS}?sortby=-chainage_m&properties=code,chainage_m&limit=5").json()
    chainages = [f["properties"]["chainage_m"] for f in page["features"]]
    assert chainages == sorted(chainages, reverse=True)
    assert set(page["features"][0]["properties"]) == {"code", "chainage_m"}


@pytest.mark.parametrize("srid", [32648, 3405, 3857])
def test_projected_crs_match_pyproj_within_a_centimetre(
    client: TestClient, shared_db: str, srid: int
) -> None:
    uri = f"http://www.opengis.net/def/crs/EPSG/0/{srid}"
    response = client.get(MARKERS, params={"crs": f"EPSG:{srid}", "limit": 100})
    assert response.headers["content-crs"] == f"<{uri}>"
    to_projected = Transformer.from_crs("OGC:CRS84", f"EPSG:{srid}", always_xy=True)
    stored = _markers_in_db(shared_db)
    for feature in response.json()["features"]:
        x, y = feature["geometry"]["coordinates"]
        ex, ey = to_projected.transform(*stored[feature["id"]])
        assert abs(x - ex) < 0.01 and abs(y - ey) < 0.01, feature["id"]


def test_epsg_4326_puts_latitude_first(client: TestClient) -> None:
    default = client.get(f"{MARKERS}/585").json()["geometry"]["coordinates"]
    flipped = client.get(f"{MARKERS}/585?crs=http://www.opengis.net/def/crs/EPSG/0/4326")
    assert flipped.headers["content-crs"] == "<http://www.opengis.net/def/crs/EPSG/0/4326>"
    lat, lon = flipped.json()["geometry"]["coordinates"]
    assert (lon, lat) == tuple(default) and 16 < lat < 17.1 and 106 < lon < 107.1


def test_bbox_in_crs84_and_in_utm_select_the_same_markers(client: TestClient) -> None:
    box = (106.5, 16.55, 106.7, 16.75)
    plain = client.get(MARKERS, params={"bbox": ",".join(map(str, box))}).json()
    to_utm = Transformer.from_crs("OGC:CRS84", "EPSG:32648", always_xy=True)
    x0, y0 = to_utm.transform(box[0], box[1])
    x1, y1 = to_utm.transform(box[2], box[3])
    # The UTM box is a little larger than the projected corners; compare by containment.
    utm = client.get(
        MARKERS, params={"bbox": f"{x0},{y0},{x1},{y1}", "bbox-crs": "EPSG:32648"}
    ).json()
    inside = {f["id"] for f in plain["features"]}
    assert 0 < len(inside) < 66
    assert inside <= {f["id"] for f in utm["features"]}
    lat_first = client.get(
        MARKERS, params={"bbox": f"{box[1]},{box[0]},{box[3]},{box[2]}", "bbox-crs": "EPSG:4326"}
    ).json()
    assert {f["id"] for f in lat_first["features"]} == inside


def test_datetime_on_temporal_layers_and_400_elsewhere(client: TestClient) -> None:
    pairs = client.get("/collections/village_pairs/items?datetime=2005-01-01/2005-12-31").json()
    assert [f["properties"]["twinned_on"][:7] for f in pairs["features"]] == ["2005-04"]
    assert (
        client.get("/collections/village_pairs/items?datetime=../2004-12-31").json()[
            "numberReturned"
        ]
        == 0
    )
    response = client.get("/collections/gates/items?datetime=2020-01-01")
    assert response.status_code == 400 and response.json()["parameter"] == "datetime"


def test_equality_on_queryables(client: TestClient) -> None:
    damaged = client.get(f"{MARKERS}?status=damaged").json()["features"]
    assert {f["id"] for f in damaged} >= {"585", "606(1)", "607(1)"}
    assert all(f["properties"]["status"] == "damaged" for f in damaged)
    assert client.get(f"{MARKERS}?status=melted").status_code == 400


def test_etag_and_last_modified_give_304(client: TestClient) -> None:
    first = client.get(f"{MARKERS}?limit=5")
    etag = first.headers["etag"]
    assert first.headers["last-modified"].endswith("GMT")
    again = client.get(f"{MARKERS}?limit=5", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    other = client.get(f"{MARKERS}?limit=6", headers={"If-None-Match": etag})
    assert other.status_code == 200
    one = client.get(f"{MARKERS}/585")
    assert (
        client.get(f"{MARKERS}/585", headers={"If-None-Match": one.headers["etag"]}).status_code
        == 304
    )


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("bbox=1,2,3", "bbox"),
        ("bbox=a,b,c,d", "bbox"),
        ("bbox=3,2,1,4", "bbox"),
        ("crs=EPSG:2154", "crs"),
        ("bbox=1e30,1e30,2e30,2e30&bbox-crs=EPSG:3405", "bbox"),
        ("bbox=1,2,3,4&bbox-crs=EPSG:9999", "bbox-crs"),
        ("datetime=yesterday", "datetime"),
        ("sortby=nope", "sortby"),
        ("properties=code,nope", "properties"),
        ("f=shp", "f"),
        ("filter-lang=sql", "filter-lang"),
    ],
)
def test_bad_parameters_are_400_problems_naming_the_parameter(
    client: TestClient, query: str, parameter: str
) -> None:
    if parameter == "filter-lang":
        query += "&filter=code='585'"
    response = client.get(f"{MARKERS}?{query}")
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["parameter"] == parameter and parameter in body["detail"]

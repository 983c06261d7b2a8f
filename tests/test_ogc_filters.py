"""OGC API – Features Part 3: CQL2 text and JSON give the ids the equivalent SQL gives;
bad filters are 400s that say what is wrong; injection attempts change nothing."""

from __future__ import annotations

import json

import psycopg
import pytest
from fastapi.testclient import TestClient

import api.access

ENVELOPE = "106.5, 16.55, 106.7, 16.75"
TRIANGLE = {
    "type": "Polygon",
    "coordinates": [[[106.5, 16.5], [106.8, 16.5], [106.5, 16.8], [106.5, 16.5]]],
}
TRIANGLE_WKT = "POLYGON((106.5 16.5, 106.8 16.5, 106.5 16.8, 106.5 16.5))"


def prop(name: str) -> dict[str, str]:
    return {"property": name}


# (collection, CQL2 text, CQL2 JSON, SQL condition on the layer's source)
CASES = [
    (
        "markers",
        "chainage_m > 50000 AND status <> 'intact'",
        {
            "op": "and",
            "args": [
                {"op": ">", "args": [prop("chainage_m"), 50000]},
                {"op": "<>", "args": [prop("status"), "intact"]},
            ],
        },
        "chainage_m > 50000 AND status <> 'intact'",
    ),
    (
        "markers",
        "code LIKE '60%'",
        {"op": "like", "args": [prop("code"), "60%"]},
        "code LIKE '60%'",
    ),
    (
        "markers",
        "status IN ('damaged', 'needs_attention')",
        {"op": "in", "args": [prop("status"), ["damaged", "needs_attention"]]},
        "status IN ('damaged', 'needs_attention')",
    ),
    (
        "markers",
        "chainage_m BETWEEN 10000 AND 30000",
        {"op": "between", "args": [prop("chainage_m"), 10000, 30000]},
        "chainage_m BETWEEN 10000 AND 30000",
    ),
    (
        "markers",
        "NOT (type = 'boundary_marker') OR CASEI(id_status) = casei('OFFICIAL')",
        {
            "op": "or",
            "args": [
                {"op": "not", "args": [{"op": "=", "args": [prop("type"), "boundary_marker"]}]},
                {
                    "op": "=",
                    "args": [
                        {"op": "casei", "args": [prop("id_status")]},
                        {"op": "casei", "args": ["OFFICIAL"]},
                    ],
                },
            ],
        },
        "NOT (type = 'boundary_marker') OR id_status = 'official'",
    ),
    ("gates", "geometry IS NULL", {"op": "isNull", "args": [prop("geometry")]}, "geom IS NULL"),
    (
        "gates",
        "planned_type IS NOT NULL",
        {"op": "not", "args": [{"op": "isNull", "args": [prop("planned_type")]}]},
        "planned_type IS NOT NULL",
    ),
    (
        "markers",
        f"S_INTERSECTS(geometry, BBOX({ENVELOPE}))",
        {"op": "s_intersects", "args": [prop("geometry"), {"bbox": [106.5, 16.55, 106.7, 16.75]}]},
        f"ST_Intersects(geom, ST_MakeEnvelope({ENVELOPE}, 4326))",
    ),
    (
        "markers",
        f"S_INTERSECTS(geometry, {TRIANGLE_WKT})",
        {"op": "s_intersects", "args": [prop("geometry"), TRIANGLE]},
        f"ST_Intersects(geom, ST_GeomFromText('{TRIANGLE_WKT}', 4326))",
    ),
    (
        "maintenance",
        "T_AFTER(observed_on, DATE('2000-01-01'))",
        {"op": "t_after", "args": [prop("observed_on"), {"date": "2000-01-01"}]},
        "observed_on > '2000-01-01'",
    ),
    (
        "maintenance",
        "T_DURING(observed_on, INTERVAL('1997-01-01T00:00:00Z', '2006-01-01T00:00:00Z'))",
        {
            "op": "t_during",
            "args": [
                prop("observed_on"),
                {"interval": ["1997-01-01T00:00:00Z", "2006-01-01T00:00:00Z"]},
            ],
        },
        "observed_on > '1997-01-01' AND observed_on < '2006-01-01'",
    ),
]


@pytest.fixture
def field_client(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    """The shared client with a planner's credentials (auth itself is another issue's)."""

    async def planner(request: object) -> frozenset[str]:
        return frozenset({"planner"})

    monkeypatch.setattr(api.access, "principal_roles", planner)
    return client


def sql_ids(url: str, collection: str, condition: str) -> set[str]:
    from layers import LAYERS

    layer = LAYERS[collection]
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            f"SELECT {layer.id_column}::text FROM {layer.source} WHERE {condition}"  # noqa: S608
        ).fetchall()
    return {row[0] for row in rows}


def api_ids(client: TestClient, collection: str, **params: str) -> set[str]:
    response = client.get(f"/collections/{collection}/items", params={"limit": 10000, **params})
    assert response.status_code == 200, response.text
    return {str(f["id"]) for f in response.json()["features"]}


@pytest.mark.parametrize(
    ("collection", "text", "as_json", "condition"), CASES, ids=[case[1][:40] for case in CASES]
)
def test_cql2_text_and_json_return_the_ids_of_the_equivalent_sql(
    field_client: TestClient,
    shared_db: str,
    collection: str,
    text: str,
    as_json: dict,
    condition: str,
) -> None:
    expected = sql_ids(shared_db, collection, condition)
    everything = sql_ids(shared_db, collection, "true")
    assert 0 < len(expected) < len(everything), "the case must tell rows apart"
    assert api_ids(field_client, collection, filter=text) == expected
    assert (
        api_ids(
            field_client, collection, filter=json.dumps(as_json), **{"filter-lang": "cql2-json"}
        )
        == expected
    )


def test_filter_crs_reads_geometry_literals_in_utm(client: TestClient, shared_db: str) -> None:
    from pyproj import Transformer

    to_utm = Transformer.from_crs("OGC:CRS84", "EPSG:32648", always_xy=True)
    ring = [to_utm.transform(x, y) for x, y in TRIANGLE["coordinates"][0]]
    wkt = "POLYGON((" + ", ".join(f"{x:.3f} {y:.3f}" for x, y in ring) + "))"
    utm = api_ids(
        client,
        "markers",
        filter=f"S_INTERSECTS(geometry, {wkt})",
        **{"filter-crs": "http://www.opengis.net/def/crs/EPSG/0/32648"},
    )
    assert utm == sql_ids(
        shared_db, "markers", f"ST_Intersects(geom, ST_GeomFromText('{TRIANGLE_WKT}', 4326))"
    )


@pytest.mark.parametrize(
    ("filter_text", "language", "says"),
    [
        ("status = ", "cql2-text", "not valid cql2-text"),
        ("nope = 'x'", "cql2-text", "'nope' is not a queryable"),
        ("chainage_m = 'far'", "cql2-text", "'chainage_m' is a number"),
        ("code = 585", "cql2-text", "'code' is a string"),
        ("code LIKE 5", "cql2-text", "LIKE needs a string pattern"),
        ("geometry = 'x'", "cql2-text", "S_* or A_*"),
        ("S_INTERSECTS(code, POINT(1 2))", "cql2-text", "spatial functions compare"),
        ("{not json", "cql2-json", "not valid cql2-json"),
        ('{"op": "=", "args": [{"property": "status"}]}', "cql2-json", "= takes 2 arguments"),
        (
            '{"op": "t_after", "args": [{"property": "code"}, {"date": "2000-01-01"}]}',
            "cql2-json",
            "date or date-time property",
        ),
    ],
)
def test_malformed_filters_are_400s_that_say_what_is_wrong(
    client: TestClient, filter_text: str, language: str, says: str
) -> None:
    response = client.get(
        "/collections/markers/items", params={"filter": filter_text, "filter-lang": language}
    )
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["parameter"] == "filter" and says in body["detail"], body["detail"]


def test_a_filter_geometry_postgis_cannot_transform_is_a_400(client: TestClient) -> None:
    response = client.get(
        "/collections/markers/items",
        params={
            "filter": f"S_INTERSECTS(geometry, POINT({10**40} {10**40}))",
            "filter-crs": "EPSG:32648",
        },
    )
    assert response.status_code == 400
    assert response.json()["parameter"] == "filter" and "transform" in response.json()["detail"]


def test_an_empty_result_still_downloads_as_a_file(client: TestClient) -> None:
    response = client.get(
        "/collections/markers/items", params={"f": "gpkg", "filter": "code = 'none'"}
    )
    assert response.status_code == 200 and response.content.startswith(b"SQLite format 3")


INJECTIONS = [
    {"filter": "code = '585'; DROP TABLE markers; --"},
    {"filter": "code = '585' OR 1=1; DELETE FROM markers"},
    {"filter": '"code; DROP TABLE markers; --" = 1'},
    {
        "filter": json.dumps(
            {"op": "=", "args": [{"property": 'code"; DROP TABLE markers; --'}, "x"]}
        ),
        "filter-lang": "cql2-json",
    },
    {"filter": "(SELECT 1) = 1"},
    {"sortby": "code; DROP TABLE markers"},
    {"sortby": "code DESC, (SELECT pg_sleep(1))"},
    {"properties": "code,(SELECT password FROM users)"},
    {"properties": 'code,"; DROP TABLE markers; --'},
    {"bbox": "1,2,3,4); DROP TABLE markers; --"},
    {"bbox": "1,2,3,4,5"},
    {"crs": "EPSG:4326'; DROP TABLE markers; --"},
    {"crs": "4326) --"},
    {"bbox": "1,2,3,4", "bbox-crs": "EPSG:4326;DELETE FROM markers"},
    {"filter-crs": "EPSG:3405 OR 1=1", "filter": "code = '585'"},
]


def _snapshot(url: str) -> tuple:
    with psycopg.connect(url) as conn:
        return (
            conn.execute("SELECT count(*), max(updated_at) FROM markers").fetchone(),
            conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone(),
        )


@pytest.mark.parametrize("params", INJECTIONS, ids=[str(i) for i in range(len(INJECTIONS))])
def test_injection_attempts_are_400s_and_change_nothing(
    write_client: TestClient, fresh_db: str, params: dict
) -> None:
    before = _snapshot(fresh_db)
    response = write_client.get("/collections/markers/items", params=params)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert _snapshot(fresh_db) == before


def test_quotes_inside_a_string_literal_are_a_value_not_sql(client: TestClient) -> None:
    # A well-formed literal full of SQL is just a code that no marker has.
    text = "code = '585; DROP TABLE markers; --'"
    assert api_ids(client, "markers", filter=text) == set()
    assert len(api_ids(client, "markers")) == 66

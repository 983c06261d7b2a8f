"""CQL2 as the standard writes it, for every class /conformance claims: each filter in CQL2
text and in CQL2 JSON gives the ids that an SQL condition written independently (with
PostgreSQL ranges and PostGIS, not the translation's formulas) gives on the real data.

The filters follow the standard's examples (OGC 21-065r2, Annex B), adapted to this
service's queryables. Each text filter is also sent as the CQL2 JSON the ``cql2`` package
writes for it; the hand-written JSON cases check the JSON forms that differ most from text.
"""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import cql2
import psycopg
import pytest
from db_support import one_row
from fastapi.testclient import TestClient

import api.access
from api.routes.landing import CONFORMANCE

CQL2_CLASS = "http://www.opengis.net/spec/cql2/1.0/conf/"

SPAN = "INTERVAL(observed_on, reported_on)"  # a maintenance record's interval: seen → reported
RANGE = "daterange(observed_on, reported_on, '[]')"
DONE = "reported_on IS NOT NULL AND"  # an interval with an unknown end matches nothing

# class -> [(collection, CQL2 text, SQL condition on the layer's source)]
CLASSES: dict[str, list[tuple[str, str, str]]] = {
    "basic-cql2": [
        ("markers", "code = '585'", "code = '585'"),
        ("markers", "chainage_m < 10000", "chainage_m < 10000"),
        (
            "markers",
            "status <> 'intact' AND chainage_m >= 50000",
            "status <> 'intact' AND chainage_m >= 50000",
        ),
        (
            "markers",
            "NOT (status = 'damaged') AND code <> '577'",
            "NOT (status = 'damaged') AND code <> '577'",
        ),
        ("border_sections", "official_length_m IS NULL", "official_length_m IS NULL"),
        ("marker_positions", "marker_count > 1", "marker_count > 1"),
        ("maintenance", "observed_on >= DATE('2005-01-01')", "observed_on >= '2005-01-01'"),
        ("maintenance", "reported_on = DATE('2021-12-31')", "reported_on = '2021-12-31'"),
        ("gates", "geometry IS NULL", "geom IS NULL"),
    ],
    "advanced-comparison-operators": [
        ("markers", "code LIKE '60%'", "code LIKE '60%'"),
        ("markers", "code NOT LIKE '5%'", "code NOT LIKE '5%'"),
        ("markers", "chainage_m BETWEEN 10000 AND 30000", "chainage_m BETWEEN 10000 AND 30000"),
        (
            "markers",
            "chainage_m NOT BETWEEN 10000 AND 30000",
            "chainage_m NOT BETWEEN 10000 AND 30000",
        ),
        (
            "markers",
            "status IN ('damaged', 'needs_attention')",
            "status IN ('damaged', 'needs_attention')",
        ),
        ("gates", "type NOT IN ('auxiliary')", "type NOT IN ('auxiliary')"),
    ],
    "case-insensitive-comparison": [
        ("gates", "CASEI(vn_name) = casei('LAO BẢO')", "vn_name = 'Lao Bảo'"),
        ("gates", "CASEI(vn_name) LIKE casei('tà%')", "vn_name LIKE 'Tà%'"),
        ("markers", "CASEI(id_status) IN (casei('OFFICIAL'))", "id_status = 'official'"),
    ],
    "basic-spatial-functions": [
        (
            "markers",
            "S_INTERSECTS(geometry, BBOX(106.5, 16.55, 106.7, 16.75))",
            "ST_Intersects(geom, ST_MakeEnvelope(106.5, 16.55, 106.7, 16.75, 4326))",
        ),
    ],
    "basic-spatial-functions-plus": [
        (
            "markers",
            "S_INTERSECTS(geometry, POLYGON((106.5 16.5, 106.8 16.5, 106.5 16.8, 106.5 16.5)))",
            "ST_Intersects(geom, 'SRID=4326;POLYGON((106.5 16.5, 106.8 16.5, 106.5 16.8, "
            "106.5 16.5))')",
        ),
        (
            "border_sections",
            "S_INTERSECTS(geometry, LINESTRING(106.0 16.6, 107.5 16.6))",
            "ST_Intersects(geom, 'SRID=4326;LINESTRING(106.0 16.6, 107.5 16.6)')",
        ),
        (
            "markers",
            "S_INTERSECTS(geometry, MULTIPOLYGON(((106.5 16.5, 106.8 16.5, "
            "106.5 16.8, 106.5 16.5)), ((106.9 16.2, 107.2 16.2, 107.2 16.5, "
            "106.9 16.5, 106.9 16.2))))",
            "ST_Intersects(geom, 'SRID=4326;MULTIPOLYGON(((106.5 16.5, 106.8 16.5, 106.5 16.8, "
            "106.5 16.5)), ((106.9 16.2, 107.2 16.2, 107.2 16.5, 106.9 16.5, 106.9 16.2)))')",
        ),
        (
            "border_sections",
            "S_INTERSECTS(geometry, MULTILINESTRING((106.0 16.6, 107.5 16.6), "
            "(106.0 16.65, 107.5 16.65)))",
            "ST_Intersects(geom, 'SRID=4326;MULTILINESTRING((106.0 16.6, 107.5 16.6), "
            "(106.0 16.65, 107.5 16.65))')",
        ),
        (
            "border_sections",
            "S_INTERSECTS(geometry, GEOMETRYCOLLECTION(POINT(0 0), "
            "LINESTRING(106.0 16.6, 107.5 16.6)))",
            "ST_Intersects(geom, 'SRID=4326;LINESTRING(106.0 16.6, 107.5 16.6)')",
        ),
    ],
    "spatial-functions": [
        (
            "markers",
            "S_WITHIN(geometry, BBOX(106.5, 16.55, 106.7, 16.75))",
            "ST_Within(geom, ST_MakeEnvelope(106.5, 16.55, 106.7, 16.75, 4326))",
        ),
        (
            "markers",
            "S_DISJOINT(geometry, BBOX(106.5, 16.55, 106.7, 16.75))",
            "NOT ST_Intersects(geom, ST_MakeEnvelope(106.5, 16.55, 106.7, 16.75, 4326))",
        ),
        (
            "border_sections",
            "S_CROSSES(geometry, LINESTRING(106.0 16.6, 107.5 16.6))",
            "ST_Crosses(geom, 'SRID=4326;LINESTRING(106.0 16.6, 107.5 16.6)')",
        ),
        # Built from the data below: a marker's exact point, a section's own vertices.
        ("markers", "S_EQUALS(geometry, {point_585})", "code = '585'"),
        ("markers", "S_TOUCHES(geometry, {triangle_at_585})", "code = '585'"),
        ("border_sections", "S_CONTAINS(geometry, {vertex_of_salavan})", "code = 'salavan'"),
        ("border_sections", "S_OVERLAPS(geometry, {salavan_start_and_beyond})", "code = 'salavan'"),
    ],
    "temporal-functions": [
        ("maintenance", "T_AFTER(observed_on, DATE('2000-01-01'))", "observed_on > '2000-01-01'"),
        ("maintenance", "T_BEFORE(observed_on, DATE('2000-01-01'))", "observed_on < '2000-01-01'"),
        ("maintenance", "T_EQUALS(observed_on, DATE('2005-01-01'))", "observed_on = '2005-01-01'"),
        (
            "maintenance",
            "T_DURING(observed_on, INTERVAL('..', '2006-01-01'))",
            "observed_on < '2006-01-01'",
        ),
        (
            "maintenance",
            "T_INTERSECTS(observed_on, INTERVAL('2000-01-01', '2010-01-01'))",
            "observed_on <@ daterange('2000-01-01', '2010-01-01', '[]')",
        ),
        (
            "maintenance",
            "T_DISJOINT(observed_on, INTERVAL('2000-01-01', '2010-01-01'))",
            "NOT observed_on <@ daterange('2000-01-01', '2010-01-01', '[]')",
        ),
        ("maintenance", f"T_AFTER({SPAN}, DATE('2019-06-01'))", "observed_on > '2019-06-01'"),
        (
            "maintenance",
            f"T_INTERSECTS({SPAN}, INTERVAL('2021-06-01', '2021-07-01'))",
            f"{DONE} {RANGE} && daterange('2021-06-01', '2021-07-01', '[]')",
        ),
        (
            "maintenance",
            f"T_DURING({SPAN}, INTERVAL('2019-01-01', '2022-01-01'))",
            f"{DONE} daterange('2019-01-01', '2022-01-01', '()') @> {RANGE}",
        ),
        (
            "maintenance",
            f"T_CONTAINS({SPAN}, INTERVAL('2020-06-01', '2021-06-01'))",
            f"{DONE} daterange(observed_on, reported_on, '()') @> "
            "daterange('2020-06-01', '2021-06-01', '[]')",
        ),
        (
            "maintenance",
            f"T_OVERLAPS({SPAN}, INTERVAL('2021-01-01', '2022-06-30'))",
            f"{DONE} {RANGE} && daterange('2021-01-01', '2022-06-30', '[]') AND "
            "observed_on < '2021-01-01' AND reported_on < '2022-06-30'",
        ),
        (
            "maintenance",
            f"T_OVERLAPPEDBY({SPAN}, INTERVAL('2019-01-01', '2020-06-01'))",
            f"{DONE} {RANGE} && daterange('2019-01-01', '2020-06-01', '[]') AND "
            "observed_on > '2019-01-01' AND reported_on > '2020-06-01'",
        ),
        (
            "maintenance",
            f"T_STARTS({SPAN}, INTERVAL('2020-01-01', '2022-01-01'))",
            f"{DONE} lower({RANGE}) = '2020-01-01' AND reported_on < '2022-01-01'",
        ),
        (
            "maintenance",
            f"T_STARTEDBY({SPAN}, INTERVAL('2020-01-01', '2020-12-31'))",
            f"{DONE} lower({RANGE}) = '2020-01-01' AND {RANGE} @> '2020-12-31'::date",
        ),
        (
            "maintenance",
            f"T_FINISHES({SPAN}, INTERVAL('2019-01-01', '2021-12-31'))",
            f"{DONE} reported_on = '2021-12-31' AND observed_on > '2019-01-01'",
        ),
        (
            "maintenance",
            f"T_FINISHEDBY({SPAN}, INTERVAL('2021-01-01', '2021-12-31'))",
            f"{DONE} reported_on = '2021-12-31' AND {RANGE} @> '2020-12-31'::date",
        ),
        (
            "maintenance",
            f"T_MEETS({SPAN}, INTERVAL('2021-12-31', '..'))",
            "reported_on = '2021-12-31'",
        ),
        (
            "maintenance",
            f"T_METBY({SPAN}, INTERVAL('2019-01-01', '2020-01-01'))",
            f"{DONE} observed_on = '2020-01-01'",
        ),
        (
            "maintenance",
            f"T_EQUALS({SPAN}, INTERVAL('2020-01-01', '2021-12-31'))",
            f"{RANGE} = daterange('2020-01-01', '2021-12-31', '[]')",
        ),
    ],
    "array-functions": [
        ("gates", "A_CONTAINS(aliases, ('Densavan'))", "'Densavan' = ANY(aliases)"),
        (
            "gates",
            "A_OVERLAPS(aliases, ('Denvilay', 'Rà Cồ'))",
            "aliases && ARRAY['Denvilay', 'Rà Cồ']",
        ),
        (
            "gates",
            "A_CONTAINEDBY(aliases, ('Rà Cồ', 'nowhere'))",
            "cardinality(aliases) = 0 OR aliases = ARRAY['Rà Cồ']",
        ),
        ("gates", "A_EQUALS(aliases, ('Denvilay', 'Đen Vy Lay'))", "code = 'thanh'"),
        ("villages", "A_CONTAINS(aliases, ('Đensavẵn', 'Dansavanh'))", "code = 'densavan'"),
    ],
    "property-property": [
        ("border_sections", "official_length_m > measured_length_m", "code = 'savannakhet'"),
        ("maintenance", "observed_on < reported_on", "reported_on IS NOT NULL"),
        ("maintenance", "T_BEFORE(observed_on, reported_on)", "reported_on IS NOT NULL"),
        ("gates", "S_INTERSECTS(geometry, geometry)", "geom IS NOT NULL"),
        ("gates", "CASEI(vn_name) = CASEI(vn_name) AND la_name IS NOT NULL", "la_name IS NOT NULL"),
    ],
}
TEXT_ONLY = {"cql2-text", "cql2-json"}  # the encodings: every case runs in both


@pytest.fixture
def field_client(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    """The shared client with a planner's role, to read the maintenance layer."""

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


def geometry_literals(url: str) -> dict[str, str]:
    """WKT for the spatial cases that need the data's exact coordinates."""
    with psycopg.connect(url) as conn:
        x, y = one_row(
            conn.execute("SELECT ST_X(geom), ST_Y(geom) FROM markers_features WHERE code = '585'")
        )
        vx, vy = one_row(
            conn.execute(
                "SELECT ST_X(ST_PointN(geom, 2)), ST_Y(ST_PointN(geom, 2)) "
                "FROM border_sections WHERE code = 'salavan'"
            )
        )
        (x1, y1), (x2, y2) = conn.execute(
            "SELECT ST_X(p.geom), ST_Y(p.geom) FROM border_sections s, "
            "ST_DumpPoints(s.geom) p WHERE s.code = 'salavan' AND p.path[1] <= 2 "
            "ORDER BY p.path[1]"
        ).fetchall()
    return {
        "point_585": f"POINT({x!r} {y!r})",
        "triangle_at_585": f"POLYGON(({x!r} {y!r}, {x + 0.01!r} {y!r}, {x!r} {y + 0.01!r}, "
        f"{x!r} {y!r}))",
        "vertex_of_salavan": f"POINT({vx!r} {vy!r})",
        # the section's first stretch, then on beyond its start (away from the other section)
        "salavan_start_and_beyond": f"LINESTRING({x2!r} {y2!r}, {x1!r} {y1!r}, "
        f"{2 * x1 - x2!r} {2 * y1 - y2!r})",
    }


CASES = [(cls, *case) for cls, cases in CLASSES.items() for case in cases]


@pytest.mark.parametrize(
    ("conformance_class", "collection", "text", "condition"),
    CASES,
    ids=[f"{case[0]}:{case[2][:50]}" for case in CASES],
)
def test_the_standards_examples_in_text_and_json_select_what_sql_selects(
    field_client: TestClient,
    shared_db: str,
    conformance_class: str,
    collection: str,
    text: str,
    condition: str,
) -> None:
    text = text.format(**geometry_literals(shared_db)) if "{" in text else text
    expected = sql_ids(shared_db, collection, condition)
    everything = sql_ids(shared_db, collection, "true")
    assert 0 < len(expected) < len(everything), "the case must tell rows apart"
    assert api_ids(field_client, collection, filter=text) == expected
    as_json = json.dumps(cql2.parse_text(text).to_json())
    assert (
        api_ids(field_client, collection, filter=as_json, **{"filter-lang": "cql2-json"})
        == expected
    )


def test_conformance_claims_exactly_the_cql2_classes_tested_here(client: TestClient) -> None:
    claimed = {
        c.removeprefix(CQL2_CLASS)
        for c in client.get("/conformance").json()["conformsTo"]
        if c.startswith(CQL2_CLASS)
    }
    assert claimed == set(CLASSES) | TEXT_ONLY
    assert set(CONFORMANCE) == set(client.get("/conformance").json()["conformsTo"])


# The JSON forms that differ most from text, written by hand as the standard shows them.
JSON_CASES: list[tuple[str, dict[str, Any], str]] = [
    (
        "markers",
        {"op": "between", "args": [{"property": "chainage_m"}, 10000, 30000]},
        "chainage_m BETWEEN 10000 AND 30000",
    ),
    (
        "markers",
        {
            "op": "not",
            "args": [
                {"op": "not", "args": [{"op": "=", "args": [{"property": "status"}, "damaged"]}]}
            ],
        },
        "status = 'damaged'",
    ),
    (
        "maintenance",
        {"op": "t_after", "args": [{"property": "observed_on"}, {"date": "2000-01-01"}]},
        "observed_on > '2000-01-01'",
    ),
    (
        "maintenance",
        {
            "op": "t_metBy",
            "args": [
                {"interval": [{"property": "observed_on"}, {"property": "reported_on"}]},
                {"interval": ["2019-01-01", "2020-01-01"]},
            ],
        },
        "observed_on = '2020-01-01'",
    ),
    (
        "gates",
        {"op": "a_containedBy", "args": [{"property": "aliases"}, ["Rà Cồ", "x"]]},
        "cardinality(aliases) = 0 OR aliases = ARRAY['Rà Cồ']",
    ),
    (
        "markers",
        {
            "op": "s_intersects",
            "args": [{"property": "geometry"}, {"bbox": [106.5, 16.55, 106.7, 16.75]}],
        },
        "ST_Intersects(geom, ST_MakeEnvelope(106.5, 16.55, 106.7, 16.75, 4326))",
    ),
    (
        "markers",
        {"op": "in", "args": [{"property": "status"}, ["damaged", "destroyed"]]},
        "status IN ('damaged', 'destroyed')",
    ),
    (
        "gates",
        {
            "op": "like",
            "args": [
                {"op": "casei", "args": [{"property": "vn_name"}]},
                {"op": "casei", "args": ["tà%"]},
            ],
        },
        "code = 'ta-rung'",
    ),
]


@pytest.mark.parametrize(
    ("collection", "as_json", "condition"), JSON_CASES, ids=[case[1]["op"] for case in JSON_CASES]
)
def test_hand_written_cql2_json(
    field_client: TestClient, shared_db: str, collection: str, as_json: dict, condition: str
) -> None:
    expected = sql_ids(shared_db, collection, condition)
    assert 0 < len(expected) < len(sql_ids(shared_db, collection, "true"))
    assert (
        api_ids(
            field_client, collection, filter=json.dumps(as_json), **{"filter-lang": "cql2-json"}
        )
        == expected
    )


def test_boolean_properties_and_literals(field_client: TestClient) -> None:
    # one village pair, a pilot: TRUE selects it, FALSE does not, and each works both ways
    assert api_ids(field_client, "village_pairs", filter="pilot = TRUE") == {"ca-tang-densavan"}
    assert api_ids(field_client, "village_pairs", filter="pilot = FALSE") == set()
    assert api_ids(field_client, "village_pairs", filter="FALSE = pilot") == set()
    assert len(api_ids(field_client, "markers", filter="TRUE")) == 66
    assert (
        api_ids(field_client, "markers", filter=json.dumps(False), **{"filter-lang": "cql2-json"})
        == set()
    )


def test_nested_not_and_the_quote_escape(write_client: TestClient, fresh_db: str) -> None:
    with psycopg.connect(fresh_db) as conn:
        conn.execute("UPDATE markers SET provenance_note = 'the guard''s note' WHERE code = '590'")
    assert api_ids(write_client, "markers", filter="provenance_note = 'the guard''s note'") == {
        "590"
    }
    assert api_ids(
        write_client, "markers", filter="NOT (NOT (provenance_note LIKE '%guard''s%'))"
    ) == {"590"}
    assert api_ids(write_client, "markers", filter="NOT (NOT (NOT (code = '590')))") == api_ids(
        write_client, "markers"
    ) - {"590"}


def test_decomposed_vietnamese_matches_either_way(write_client: TestClient, fresh_db: str) -> None:
    typed = unicodedata.normalize("NFD", "Lao Bảo")  # a, then the combining hook above
    assert typed != "Lao Bảo" and len(typed) > len("Lao Bảo")
    assert api_ids(write_client, "gates", filter=f"vn_name = '{typed}'") == {"lao-bao"}
    assert api_ids(
        write_client,
        "gates",
        filter=json.dumps({"op": "=", "args": [{"property": "vn_name"}, typed]}),
        **{"filter-lang": "cql2-json"},
    ) == {"lao-bao"}
    assert api_ids(write_client, "gates", filter=f"CASEI(vn_name) LIKE casei('{typed[:7]}%')") == {
        "lao-bao"
    }
    assert api_ids(write_client, "gates", vn_name=typed) == {"lao-bao"}  # equality parameter
    assert api_ids(
        write_client,
        "gates",
        filter=f"A_CONTAINS(aliases, ('{unicodedata.normalize('NFD', 'Đen Sạ Vãn')}'))",
    ) == {"lao-bao"}
    # and text stored decomposed (as some files bring it) matches the composed form
    with psycopg.connect(fresh_db) as conn:
        conn.execute(
            "UPDATE gates SET vn_name = %s WHERE code = 'ta-rung'",
            (unicodedata.normalize("NFD", "Tà Rùng"),),
        )
    assert api_ids(write_client, "gates", filter="vn_name = 'Tà Rùng'") == {"ta-rung"}
    assert api_ids(write_client, "gates", vn_name="Tà Rùng") == {"ta-rung"}


@pytest.mark.parametrize(
    ("filter_text", "language"),
    [
        ("SELECT * FROM markers", "cql2-text"),
        ("code == '585'", "cql2-text"),
        ('code = "585', "cql2-text"),
        ('{"select": "markers"}', "cql2-json"),
        ("code = '585'", "cql2-json"),
        ("ACCENTI(code) = accenti('585')", "cql2-text"),
        ("chainage_m + 1 > 2", "cql2-text"),
        ("frobnicate(code) = 1", "cql2-text"),
        ("code", "cql2-text"),
    ],
)
def test_a_filter_that_is_not_supported_cql2_is_a_400_naming_the_filter(
    client: TestClient, filter_text: str, language: str
) -> None:
    response = client.get(
        "/collections/markers/items", params={"filter": filter_text, "filter-lang": language}
    )
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["parameter"] == "filter" and body["detail"].startswith("filter: "), body


# Inputs that make the native parser or validator recurse once per operator: on a normal
# 8 MiB stack each of these ends the process (a segmentation fault, not an exception).
HOSTILE = {
    "chained comparisons": "code" + " = code" * 2_800,
    "chained sums": "chainage_m = " + "1+" * 9_000 + "1",
    "nested parentheses": "(" * 6_000 + "code = '585'" + ")" * 6_000,
    "chained NOT": "NOT " * 4_900 + "code = '585'",
    "chained signs": "chainage_m = " + "-" * 19_000 + "1",
    "nested JSON": '{"op":"not","args":[' * 120 + "true" + "]}" * 120,
}
PROBE = """
import sys, threading
from layers.cql2 import parse_filter
from layers.query import QueryError
threading.stack_size(512 * 1024)  # the caller's stack does not matter: the parser has its own
def run():
    for name, (text, language) in {cases!r}.items():
        try:
            parse_filter(text, language)
            print(name, "|parsed")
        except QueryError as error:
            print(name, "|refused:", error.reason[:60])
worker = threading.Thread(target=run)
worker.start()
worker.join()
"""


def test_hostile_filters_are_refused_without_ending_the_process() -> None:
    cases = {
        name: (text, "cql2-json" if text.startswith("{") else "cql2-text")
        for name, text in HOSTILE.items()
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(cases=cases)],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"the process died ({done.returncode}): {done.stderr[-500:]}"
    answers = dict(line.split(" |", 1) for line in done.stdout.splitlines())
    assert set(answers) == set(HOSTILE)
    # Redundant parentheses and a run of signs fold away: those two filters are valid.
    valid = {"nested parentheses", "chained signs"}
    assert {name for name, answer in answers.items() if answer == "parsed"} == valid, answers
    assert all(answers[name].startswith("refused: ") for name in set(HOSTILE) - valid)


def test_a_hostile_filter_is_a_400_from_the_server(client: TestClient) -> None:
    response = client.get(
        "/collections/markers/items", params={"filter": HOSTILE["chained comparisons"]}
    )
    assert response.status_code == 400 and "nested more than" in response.json()["detail"]
    too_long = client.get(
        "/collections/markers/items", params={"filter": "code = '" + "x" * 20_001 + "'"}
    )
    assert too_long.status_code == 400 and "longer than" in too_long.json()["detail"]

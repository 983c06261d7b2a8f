"""The change feed: creates, updates and deletes after ``since``, nothing before it, then
every later change once by following the cursor."""

from __future__ import annotations

import psycopg
import pytest
from db_support import one_row
from fastapi.testclient import TestClient

import api.access
from layers import LAYERS, changes, cursor
from layers.changes import COMPOSED_KEPT, changes_query


def db_now(url: str) -> str:
    with psycopg.connect(url) as conn:
        return one_row(conn.execute("SELECT clock_timestamp()"))[0].isoformat()


def write(url: str, statement: str) -> None:
    with psycopg.connect(url) as conn:
        assert conn.execute(statement).rowcount == 1


def test_change_feed_reports_create_update_delete_after_since_only(
    write_client: TestClient, fresh_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(fresh_db, "UPDATE markers SET status = 'intact' WHERE code = '584'")  # before since
    since = db_now(fresh_db)
    write(
        fresh_db,
        "INSERT INTO gates (code, vn_name, type, source, licence, coord_status, "
        "geom) VALUES ('test-gate', 'Cửa thử', 'auxiliary', 'test', 'CC0', "
        "'approximate', ST_SetSRID(ST_MakePoint(106.6, 16.6), 4326))",
    )
    write(fresh_db, "UPDATE markers SET status = 'destroyed' WHERE code = '585'")
    write(fresh_db, "DELETE FROM gates WHERE code = 'thanh'")
    write(
        fresh_db,
        "UPDATE maintenance_records SET severity = 'severe' "
        "WHERE id = (SELECT id FROM maintenance_records LIMIT 1)",
    )

    response = write_client.get("/changes", params={"since": since})
    assert response.status_code == 200, response.text
    feed = response.json()
    by_id = {(c["collection"], c["featureId"]): c for c in feed["changes"]}
    assert set(by_id) == {("gates", "test-gate"), ("markers", "585"), ("gates", "thanh")}
    assert by_id["gates", "test-gate"]["change"] == "created"
    assert by_id["gates", "test-gate"]["feature"]["geometry"]["coordinates"] == [106.6, 16.6]
    assert by_id["markers", "585"]["change"] == "updated"
    assert by_id["markers", "585"]["feature"]["properties"]["status"] == "destroyed"
    assert by_id["gates", "thanh"]["change"] == "deleted"
    assert by_id["gates", "thanh"]["feature"] is None  # the tombstone
    assert "maintenance" not in feed["collections"]  # anonymous callers see public layers

    later = write_client.get("/changes", params={"cursor": feed["latest"]}).json()
    assert later["changes"] == []
    assert "since" not in later

    async def planner(request: object) -> frozenset[str]:
        return frozenset({"planner"})

    monkeypatch.setattr(api.access, "principal_roles", planner)
    field = write_client.get("/changes", params={"since": since}).json()
    assert {c["collection"] for c in field["changes"]} == {"gates", "markers", "maintenance"}


def test_change_feed_pages_by_cursor_and_refuses_a_bad_start(client: TestClient) -> None:
    everything = client.get("/changes", params={"since": "2000-01-01T00:00:00Z"}).json()
    assert len(everything["changes"]) > 66  # the default data's creations
    ids = [c["changeId"] for c in everything["changes"]]
    assert ids == sorted(set(ids))  # one transaction loaded them: change id order
    first = client.get("/changes", params={"since": "2000-01-01", "limit": 50}).json()
    assert len(first["changes"]) == 50
    following = next(link["href"] for link in first["links"] if link["rel"] == "next")
    assert "since=" not in following and f"cursor={first['latest']}" in following
    second = client.get(following).json()
    assert first["changes"] + second["changes"] == everything["changes"][:100]
    assert "next" not in {link["rel"] for link in everything["links"]}
    # The next link comes ahead of the body too, the same one; a page without one has none.
    answer = client.get("/changes", params={"since": "2000-01-01", "limit": 50})
    assert answer.links["next"]["url"] == following
    assert answer.links["next"]["type"] == "application/json"
    assert "link" not in client.get(following, params={"limit": 10_000}).headers
    for params, parameter in (
        ({"since": "yesterday"}, "since"),
        ({"since": ".."}, "since"),
        ({}, "since"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": first["latest"][:-3]}, "cursor"),
        ({"since": "2000-01-01", "cursor": first["latest"]}, "cursor"),
    ):
        response = client.get("/changes", params=params)
        assert response.status_code == 400, params
        assert response.json()["parameter"] == parameter, params
    for forged in ([2**63, 0], [-1, 0], [1.5, 0], [1]):
        response = client.get("/changes", params={"cursor": cursor.encode("changes", forged)})
        assert response.status_code == 400 and response.json()["parameter"] == "cursor"
    # An items cursor is no feed position.
    page = client.get("/collections/markers/items", params={"limit": 1}).json()
    items_cursor = next(link["href"] for link in page["links"] if link["rel"] == "next")
    token = items_cursor.split("cursor=")[1].split("&")[0]
    assert client.get("/changes", params={"cursor": token}).status_code == 400


def test_each_change_row_is_one_entry_showing_the_feature_as_it_is_now(
    write_client: TestClient, fresh_db: str
) -> None:
    since = db_now(fresh_db)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        for status in ("damaged", "destroyed", "intact"):
            conn.execute("UPDATE markers SET status = %s WHERE code = '585'", (status,))
    changes = write_client.get("/changes", params={"since": since}).json()["changes"]
    assert [(c["featureId"], c["change"]) for c in changes] == [("585", "updated")] * 3
    assert len({c["changeId"] for c in changes}) == 3
    assert {c["feature"]["properties"]["status"] for c in changes} == {"intact"}


def test_changes_that_reach_a_feature_through_another_table_are_fed(
    write_client: TestClient, fresh_db: str
) -> None:
    since = db_now(fresh_db)
    write(
        fresh_db,
        "UPDATE marker_aliases SET marker_id = "
        "(SELECT id FROM markers WHERE code = '577') WHERE alias = 'Q6'",
    )
    write(
        fresh_db,
        "INSERT INTO markers (code, position_id, type, chainage_m, id_status, "
        "source, licence, coord_status) SELECT '585(2)', id, 'boundary_marker', "
        "chainage_m, 'official', 'test', 'CC0', 'unknown' FROM marker_positions "
        "WHERE number = '585'",
    )
    write(fresh_db, "UPDATE villages SET name = 'Ka Tăng' WHERE code = 'ca-tang'")
    write(fresh_db, "UPDATE markers SET status = 'intact' WHERE code = '590'")  # itself only

    changes = write_client.get("/changes", params={"since": since}).json()["changes"]
    by_id = {(c["collection"], c["featureId"]): c for c in changes}
    assert set(by_id) == {
        ("markers", "577"),
        ("markers", "585(2)"),
        ("marker_positions", "585"),
        ("villages", "ca-tang"),
        ("village_pairs", "ca-tang-densavan"),
        ("markers", "590"),
        ("marker_aliases", "Q6"),  # the alias is a feature too (migration 0019)
    }
    assert by_id["markers", "577"]["feature"]["properties"]["aliases"] == ["Q6"]
    assert by_id["marker_positions", "585"]["change"] == "updated"
    assert by_id["marker_positions", "585"]["feature"]["properties"]["marker_count"] == 2
    assert (
        by_id["village_pairs", "ca-tang-densavan"]["feature"]["properties"]["vn_village"]
        == "Ka Tăng"
    )


def fed(client: TestClient, cursor: str) -> tuple[set[tuple[str, str]], str]:
    answer = client.get("/changes", params={"cursor": cursor}).json()
    return {(c["collection"], c["featureId"]) for c in answer["changes"]}, answer["latest"]


def test_an_open_transaction_holds_back_later_ones_and_loses_nothing(
    write_client: TestClient, fresh_db: str
) -> None:
    start = write_client.get("/changes", params={"since": db_now(fresh_db)}).json()["latest"]
    with psycopg.connect(fresh_db) as earlier, psycopg.connect(fresh_db) as slow:
        earlier.execute("UPDATE gates SET vn_name = 'La Lay (1)' WHERE code = 'la-lay'")
        slow.execute("UPDATE gates SET vn_name = 'Thanh (đổi tên)' WHERE code = 'thanh'")
        write(fresh_db, "UPDATE markers SET status = 'intact' WHERE code = '590'")
        # Nothing is final yet: the oldest open transaction wrote first.
        assert fed(write_client, start)[0] == set()
        earlier.commit()
        # The transaction that began before the slow one is final now: it is fed. The marker
        # change began after the slow one and waits for it, however long it stays open.
        got, cursor = fed(write_client, start)
        assert got == {("gates", "la-lay")}
        assert fed(write_client, cursor)[0] == set()
        slow.commit()
    got, cursor = fed(write_client, cursor)
    assert got == {("gates", "thanh"), ("markers", "590")}
    assert fed(write_client, cursor)[0] == set()


def test_a_rolled_back_change_is_never_fed(write_client: TestClient, fresh_db: str) -> None:
    start = write_client.get("/changes", params={"since": db_now(fresh_db)}).json()["latest"]
    with psycopg.connect(fresh_db) as undone:
        undone.execute("UPDATE gates SET vn_name = 'never' WHERE code = 'thanh'")
        write(fresh_db, "UPDATE markers SET status = 'intact' WHERE code = '590'")
        undone.rollback()
    assert fed(write_client, start)[0] == {("markers", "590")}


def test_moving_a_marker_feeds_the_records_that_show_its_point(fresh_db: str) -> None:
    with psycopg.connect(fresh_db) as conn:
        start = one_row(conn.execute("SELECT coalesce(max(id), 0) FROM feature_changes"))[0]
        conn.execute(
            "UPDATE markers SET registry_geom = ST_Translate(registry_geom, 0.0001, 0)"
            " WHERE code = '606(1)'"
        )
        conn.execute("UPDATE markers SET status = 'intact' WHERE code = '607(1)'")
        conn.execute(
            "UPDATE markers SET position_id = (SELECT id FROM marker_positions "
            "WHERE number = '606') WHERE code = '607(2)'"
        )
        fed = conn.execute(
            "SELECT collection, count(*) FROM feature_changes WHERE id > %s "
            "GROUP BY collection ORDER BY collection",
            (start,),
        ).fetchall()
        records = one_row(
            conn.execute(
                "SELECT count(*) FROM maintenance_records r JOIN markers m "
                "ON m.id = r.marker_id WHERE m.code = '606(1)'"
            )
        )[0]
    # 606(1) carries the flood and the landslide records; 607(1)'s status shows nowhere else;
    # 607(2) moving to position 606 changes the marker count of 606 and 607.
    assert records == 2
    assert fed == [("maintenance", records), ("marker_positions", 2), ("markers", 3)]


def test_a_page_query_is_composed_once_per_collections_and_limit_and_few_are_kept() -> None:
    layers = list(LAYERS.values())
    assert changes_query(layers, 50) is changes_query(layers, 50)
    assert changes_query(layers, 50) is not changes_query(layers[:1], 50)
    assert changes_query(layers, 50) is not changes_query(layers, 51)
    for limit in range(1, COMPOSED_KEPT + 10):  # a client may ask for any limit
        changes_query(layers, limit)
    assert len(changes._COMPOSED) == COMPOSED_KEPT

"""The published-feature store (migration 0030, layers/published.py): every write that changes
a marker's Feature rewrites its stored text in the same transaction, concurrent writers of
one marker leave the text of both changes, pages read from the store are the pages read from
the view, and a store that does not match the code or the schema is not used."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import psycopg
import pytest
from conftest import make_client, owner_url
from db_urls import app_url
from fastapi.testclient import TestClient
from psycopg import sql

from gis import db
from layers import LAYERS, published
from layers.query import ROW, column, feature_body

MARKERS = LAYERS["markers"]
T = TypeVar("T")
COPY_ALIAS = (
    "INSERT INTO marker_aliases (alias, marker_id, kind, source, licence, coord_status)"
    " SELECT %(alias)s, m.id, a.kind, a.source, a.licence, a.coord_status"
    " FROM marker_aliases a, markers m WHERE a.alias = 'Q6' AND m.code = %(code)s"
)


def live_rows(conn: psycopg.Connection[Any]) -> list[dict[str, Any]]:
    """What the store should hold: each marker of the view, written as the store writes it."""
    query = sql.SQL(
        "SELECT {code} AS code, {order} AS chainage_m, {geom}::text AS geom,"
        " {updated} AS updated_at, {body} AS feature, uri_segment({code}) AS segment"
        " FROM {view} {row} ORDER BY 1"
    ).format(
        code=column("code"),
        order=column("chainage_m"),
        geom=column("geom"),
        updated=column("updated_at"),
        body=feature_body(MARKERS),
        view=sql.Identifier(MARKERS.source),
        row=ROW,
    )
    return conn.execute(query).fetchall()


def stored_rows(conn: psycopg.Connection[Any]) -> list[dict[str, Any]]:
    return conn.execute(
        "SELECT code, chainage_m, geom::text AS geom, updated_at, feature, segment"
        " FROM published_markers ORDER BY 1"
    ).fetchall()


def assert_store_is_live(url: str) -> None:
    with db.connect(url) as conn:
        stored, live = stored_rows(conn), live_rows(conn)
    assert len(stored) == len(live) > 0
    assert stored == live


WRITES = [
    ("a marker's status", "UPDATE markers SET status = 'destroyed' WHERE code = '585'"),
    ("an alias added", COPY_ALIAS.replace("%(alias)s", "'T-1'").replace("%(code)s", "'585'")),
    ("an alias moved", "UPDATE marker_aliases SET marker_id = NULL WHERE alias = 'Q6'"),
    ("an alias removed", "DELETE FROM marker_aliases WHERE alias = 'T-1'"),
    ("a position renumbered", "UPDATE marker_positions SET number = '577/1' WHERE number = '577'"),
    ("a marker renamed", "UPDATE markers SET code = '585(1)' WHERE code = '585'"),
    ("a marker moved", "UPDATE markers SET chainage_m = chainage_m + 1 WHERE code = '586'"),
]


def test_every_write_that_changes_a_feature_rewrites_its_stored_text(fresh_db: str) -> None:
    url = app_url(fresh_db)
    assert_store_is_live(url)
    with db.connect(url) as conn:
        before = {row["code"]: row["feature"] for row in stored_rows(conn)}
    for what, statement in WRITES:
        with db.connect(url) as conn:
            assert conn.execute(statement).rowcount >= 1, what
        assert_store_is_live(url)
    with db.connect(url) as conn:
        after = {row["code"]: row["feature"] for row in stored_rows(conn)}
    # The writes reached the store (not only left it equal to an unchanged view).
    assert "585" in before and "585" not in after and "585(1)" in after
    assert '"destroyed"' in after["585(1)"] and '"577/1"' in after["577"]


def test_a_deleted_marker_leaves_the_store(fresh_db: str) -> None:
    url = app_url(fresh_db)
    with db.connect(url) as conn:
        code = conn.execute(
            "SELECT code FROM markers m WHERE NOT EXISTS (SELECT FROM inspections i"
            " WHERE i.marker_id = m.id) AND NOT EXISTS (SELECT FROM maintenance_records r"
            " WHERE r.marker_id = m.id) AND NOT EXISTS (SELECT FROM marker_aliases a"
            " WHERE a.marker_id = m.id) ORDER BY code LIMIT 1"
        ).fetchone()
        assert code is not None
        conn.execute("DELETE FROM markers WHERE code = %s", (code["code"],))
        left = conn.execute(
            "SELECT count(*) AS n FROM published_markers WHERE code = %s", (code["code"],)
        ).fetchone()
    assert left is not None and left["n"] == 0
    assert_store_is_live(url)


def _waiting(url: str, lock: str | tuple[str, ...]) -> bool:
    """Whether a session of the database waits for a ``lock`` (pg_locks.locktype)."""
    with db.connect(url) as conn:
        row = conn.execute(
            "SELECT count(*) AS n FROM pg_locks l JOIN pg_stat_activity a USING (pid)"
            " WHERE NOT l.granted AND l.locktype = ANY(%s) AND a.datname = current_database()",
            ([lock] if isinstance(lock, str) else list(lock),),
        ).fetchone()
    return row is not None and row["n"] > 0


def _second_waits_for_first(
    url: str, first: tuple[str, Any], second: tuple[str, Any], lock: str | tuple[str, ...]
) -> None:
    """Run ``first`` in a transaction left open, then ``second`` in another thread; once the
    second waits for a ``lock``, commit the first and let the second finish."""
    one = psycopg.connect(url)
    one.execute(*first)
    errors: list[BaseException] = []

    def run_second() -> None:
        try:
            with psycopg.connect(url) as two:
                two.execute(*second)
        except BaseException as error:  # reported below
            errors.append(error)

    thread = threading.Thread(target=run_second)
    thread.start()
    deadline = time.monotonic() + 30
    while not _waiting(url, lock):
        assert time.monotonic() < deadline, "the second writer never waited"
        assert thread.is_alive(), errors
        time.sleep(0.05)
    one.commit()
    one.close()
    thread.join(30)
    assert not errors


def test_two_transactions_adding_aliases_to_one_marker_leave_both(fresh_db: str) -> None:
    """The second writer waits for the first and then writes a text that has both aliases;
    without the wait each would write a text missing the other's alias."""
    url = app_url(fresh_db)
    _second_waits_for_first(
        url,
        (COPY_ALIAS, {"alias": "T-first", "code": "590"}),
        (COPY_ALIAS, {"alias": "T-second", "code": "590"}),
        "advisory",  # the feature's lock (LOCK_CLASS)
    )
    assert_store_is_live(url)
    with db.connect(url) as conn:
        text = conn.execute("SELECT feature FROM published_markers WHERE code = '590'").fetchone()
    assert text is not None and "T-first" in text["feature"] and "T-second" in text["feature"]


def test_many_concurrent_writers_of_one_marker_leave_the_text_of_all(fresh_db: str) -> None:
    url = app_url(fresh_db)
    writers = 6
    start = threading.Barrier(writers)
    errors: list[BaseException] = []

    def write(number: int) -> None:
        try:
            with psycopg.connect(url) as conn:
                start.wait()
                conn.execute(COPY_ALIAS, {"alias": f"T-{number}", "code": "600(1)"})
                conn.execute("UPDATE markers SET status = 'damaged' WHERE code = '600(1)'")
        except BaseException as error:  # reported by the test below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert_store_is_live(url)
    with db.connect(url) as conn:
        text = conn.execute(
            "SELECT feature FROM published_markers WHERE code = '600(1)'"
        ).fetchone()
    assert text is not None and all(f'"T-{n}"' in text["feature"] for n in range(writers))


PAGES = [
    "/collections/markers/items?limit=1000",
    "/collections/markers/items?limit=7&offset=20",
    "/collections/markers/items?bbox=106.5,16.4,106.8,16.7&limit=9",
    "/collections/markers/items?limit=5&sortby=-chainage_m",
]


def _walk(client: TestClient, first: str, rel: str = "next") -> list[list[str]]:
    """The pages from ``first`` following ``rel`` links, as lists of feature ids."""
    pages: list[list[str]] = []
    url: str | None = first
    while url:
        page = client.get(url)
        assert page.status_code == 200, page.text
        body = page.json()
        pages.append([feature["id"] for feature in body["features"]])
        url = next((link["href"] for link in body["links"] if link["rel"] == rel), None)
    return pages


def _from_store_and_view(client: TestClient, walk: Callable[[], T]) -> tuple[T, T]:
    """What ``walk`` reads with the markers' store in use, then with the view only."""
    stores = client.app.state.stores  # type: ignore[attr-defined]
    assert "markers" in stores
    from_store = walk()
    client.app.state.stores = frozenset()  # type: ignore[attr-defined]
    try:
        return from_store, walk()
    finally:
        client.app.state.stores = stores  # type: ignore[attr-defined]


def without_time_stamp(body: bytes) -> bytes:
    """The page without its ``timeStamp`` (the second it was written)."""
    return re.sub(rb'"timeStamp":"[^"]*",', b"", body, count=1)


@pytest.mark.parametrize("path", PAGES)
def test_pages_from_the_store_are_the_pages_from_the_view(client: TestClient, path: str) -> None:
    from_store, from_view = _from_store_and_view(client, lambda: client.get(path))
    assert from_store.status_code == from_view.status_code == 200
    assert from_store.json()["features"], path
    assert without_time_stamp(from_store.content) == without_time_stamp(from_view.content)
    assert from_store.headers["etag"] == from_view.headers["etag"]


def test_cursor_pages_from_the_store_walk_what_the_view_walks(client: TestClient) -> None:
    from_store, from_view = _from_store_and_view(
        client, lambda: _walk(client, "/collections/markers/items?limit=13")
    )
    assert sum(map(len, from_store)) == 66 and from_store == from_view


def test_plain_pages_read_the_store_and_others_the_view(
    fresh_db: str, write_client: TestClient
) -> None:
    """A text marked in the store shows on a plain page only: filters, other CRSs and
    property selections are written from the view."""
    with db.connect(owner_url(fresh_db)) as conn:
        conn.execute(
            "UPDATE published_markers SET feature = replace(feature, '\"status\" : ', "
            "'\"marked\" : true, \"status\" : ') WHERE code = '585'"
        )
    plain = write_client.get("/collections/markers/items?limit=1000").text
    assert plain.count('"marked" : true') == 1
    for other in [
        "?limit=1000&status=intact",
        "?limit=1000&filter=status%3D%27intact%27",
        "?limit=1000&properties=status,code",
        "?limit=1000&crs=http://www.opengis.net/def/crs/EPSG/0/3857",
    ]:
        page = write_client.get("/collections/markers/items" + other)
        assert page.status_code == 200, other
        assert '"marked"' not in page.text, other


def test_a_store_not_matching_the_code_or_the_schema_is_not_used(fresh_db: str) -> None:
    owner = owner_url(fresh_db)
    with db.connect(owner) as conn:
        assert published.ready(conn.execute(published.READY_SQL).fetchall()) == {"markers"}
        conn.execute("UPDATE published_definitions SET digest = 'written by other code'")
        assert published.ready(conn.execute(published.READY_SQL).fetchall()) == frozenset()
        conn.execute("UPDATE published_definitions SET digest = %s", (published.digest(MARKERS),))
        conn.execute("UPDATE published_definitions SET revision = '0029'")
        assert published.ready(conn.execute(published.READY_SQL).fetchall()) == frozenset()
        conn.execute("UPDATE published_markers SET feature = 'stale' WHERE code = '585'")
        conn.commit()
        assert published.install(conn) == ["markers"]
        assert published.ready(conn.execute(published.READY_SQL).fetchall()) == {"markers"}
        assert published.install(conn) == []  # nothing changed since
    assert_store_is_live(app_url(fresh_db))


def test_the_application_cannot_rewrite_what_a_store_holds(fresh_db: str) -> None:
    with db.connect(app_url(fresh_db)) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE published_definitions SET digest = 'x'")


def test_downgrade_and_upgrade_rebuild_the_store(fresh_db: str) -> None:
    owner = owner_url(fresh_db)
    db.downgrade(owner, "0029")
    with db.connect(owner) as conn:
        gone = conn.execute("SELECT to_regclass('published_markers') AS t").fetchone()
        assert gone is not None and gone["t"] is None
        conn.execute("UPDATE markers SET status = 'destroyed' WHERE code = '585'")
    published.upgrade(owner)
    assert_store_is_live(app_url(fresh_db))


BOXES = [
    "106.0,16.0,107.5,17.5",  # every marker
    "106.55,16.55,106.75,16.75",  # a stretch of the line
    "106.6,16.6,106.61,16.61",  # a corner of it, perhaps nothing
]


@pytest.mark.parametrize("box", BOXES)
def test_bbox_pages_through_the_bins_are_the_pages_of_the_view(
    client: TestClient, box: str
) -> None:
    """Forward by next links, back by prev links from the last page, and by offset."""

    def walk() -> tuple[Any, ...]:
        forward = _walk(client, f"/collections/markers/items?bbox={box}&limit=4")
        last = client.get(f"/collections/markers/items?bbox={box}&limit=4").json()
        while nxt := next((x["href"] for x in last["links"] if x["rel"] == "next"), None):
            last = client.get(nxt).json()
        back = next((x["href"] for x in last["links"] if x["rel"] == "prev"), None)
        backward = _walk(client, back, "prev") if back else []
        by_offset = client.get(f"/collections/markers/items?bbox={box}&limit=5&offset=3").json()
        return forward, backward, [f["id"] for f in by_offset["features"]]

    from_store, from_view = _from_store_and_view(client, walk)
    assert from_store == from_view
    if box == BOXES[0]:
        assert sum(map(len, from_store[0])) == 66


def _move(url: str, code: str, lon: float, lat: float) -> None:
    with db.connect(url) as conn:
        conn.execute(
            "UPDATE markers SET registry_geom = ST_SetSRID(ST_MakePoint(%s, %s), 4326)"
            " WHERE code = %s",
            (lon, lat, code),
        )


def test_a_moved_marker_is_found_in_its_new_box(fresh_db: str, write_client: TestClient) -> None:
    url = app_url(fresh_db)
    _move(url, "585", 106.9, 16.95)
    box = "106.89,16.94,106.91,16.96"

    def walk() -> list[list[str]]:
        return _walk(write_client, f"/collections/markers/items?bbox={box}&limit=3")

    from_store, from_view = _from_store_and_view(write_client, walk)
    assert from_store == from_view == [["585"]]


MOVE = "UPDATE markers SET registry_geom = ST_SetSRID(ST_MakePoint(%s, %s), 4326) WHERE code = %s"


def test_concurrent_moves_in_one_bin_both_widen_it(fresh_db: str) -> None:
    """Two transactions move two markers of one bin far away; the second waits for the first
    on the bin and then widens the extent the first left: it holds both new points."""
    url = app_url(fresh_db)
    with db.connect(url) as conn:
        pair = conn.execute(
            "SELECT array_agg(code ORDER BY code) AS codes FROM published_markers"
            " GROUP BY floor(chainage_m / %s) HAVING count(*) >= 2 LIMIT 1",
            (MARKERS.store_bin,),
        ).fetchone()
    assert pair is not None  # 592(1) and 592(2) share a position
    first, second = pair["codes"][:2]
    # The second waits on the bin's row, or (since 0032) first on the lock a moved marker's
    # passes take: either way it writes only after the first has committed.
    _second_waits_for_first(
        url,
        (MOVE, (107.2, 17.2, first)),
        (MOVE, (107.3, 17.3, second)),
        ("transactionid", "advisory"),
    )
    with db.connect(url) as conn:
        held = conn.execute(
            "SELECT count(*) AS n FROM published_markers m JOIN published_markers_bins b"
            " ON b.bin = floor(m.chainage_m / %s) WHERE m.code = ANY(%s)"
            " AND ST_Covers(b.extent, m.geom)",
            (MARKERS.store_bin, [first, second]),
        ).fetchone()
    assert held is not None and held["n"] == 2


def test_a_server_on_a_schema_before_the_store_reads_the_view(
    monkeypatch: pytest.MonkeyPatch, fresh_db: str
) -> None:
    db.downgrade(owner_url(fresh_db), "0029")
    for client in make_client(monkeypatch, fresh_db):  # one client, closed after the loop
        assert client.app.state.stores == frozenset()  # type: ignore[attr-defined]
        page = client.get("/collections/markers/items?limit=5")
        assert page.status_code == 200 and len(page.json()["features"]) == 5

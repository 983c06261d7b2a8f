"""Keyset paging: items and audit pages stay exact while rows are inserted, updated and
deleted between pages, on a live server and a real PostGIS."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from typing import Any

import httpx
import psycopg
import pytest
from conftest import serve_app
from psycopg.types.json import Jsonb

from layers import cursor

MARKERS = "/collections/markers/items"
# Markers that no maintenance record refers to, so that a test may delete them.
DELETABLE = (
    "SELECT code FROM markers m WHERE NOT EXISTS (SELECT 1 FROM maintenance_records "
    "r WHERE r.marker_id = m.id) ORDER BY code"
)

WALKS = {
    "default order": ({}, 7),
    "nulls and mixed directions": ({"sortby": "provenance_note,-chainage_m"}, 5),
    "bbox, crs and filter": (
        {
            "bbox": "106.5,16.4,106.7,16.9",
            "crs": "EPSG:32648",
            "filter": "type = 'boundary_marker'",
            "sortby": "-code",
        },
        4,
    ),
}


class Churn:
    """Between two pages: some markers updated, one created, one the walk already passed
    deleted, and (every third page) one created earlier deleted again. Never touches a sort
    key, except for ``movers``, which are moved on purpose and tracked."""

    def __init__(self, url: str, seed: int) -> None:
        self.url = url
        self.rng = random.Random(seed)
        self.created: list[str] = []
        self.movers: set[str] = set()
        self.touched: set[str] = set()  # updated (not in a sort key) at some point
        self.pages = 0

    def __call__(self, delivered: list[str]) -> None:
        self.pages += 1
        with psycopg.connect(self.url) as conn:
            codes = [code for (code,) in conn.execute(DELETABLE)]
            for code in self.rng.sample(codes, 4):
                self.touched.add(code)
                conn.execute(
                    "UPDATE markers SET status = %s, maintained_by = %s WHERE code = %s",
                    (self.rng.choice(("intact", "damaged")), self.rng.choice(("VN", "LA")), code),
                )
            new = f"9{self.pages:02d}/1"
            position = self.rng.choice(
                [n for (n,) in conn.execute("SELECT number FROM marker_positions ORDER BY number")]
            )
            conn.execute(
                "INSERT INTO markers (code, position_id, type, chainage_m, id_status, "
                "registry_geom, source, licence, coord_status, provenance_note) "
                "SELECT %s, id, 'boundary_marker', chainage_m + 1, 'illustrative', geom, "
                "'test', 'CC0', 'unknown', %s FROM marker_positions WHERE number = %s",
                (new, self.rng.choice((None, "kiểm tra")), position),
            )
            self.created.append(new)
            passed = [code for code in delivered if code in codes and code not in self.created]
            if passed:
                conn.execute("DELETE FROM markers WHERE code = %s", (self.rng.choice(passed),))
            if self.pages % 3 == 0:  # one created during the walk goes again
                conn.execute(
                    "DELETE FROM markers WHERE code = %s", (self.created[self.pages // 3 - 1],)
                )
            if self.pages == 2:  # re-surveyed: its own sort key moves to the start
                ahead = [
                    code for code in codes if code not in delivered and code not in self.created
                ][-1]
                conn.execute("UPDATE markers SET chainage_m = 0 WHERE code = %s", (ahead,))
                self.movers.add(ahead)


def all_ids(client: httpx.Client, params: dict[str, str]) -> list[str]:
    page = client.get(MARKERS, params={**params, "limit": 10000}).json()
    assert "next" not in {link["rel"] for link in page["links"]}
    return [f["id"] for f in page["features"]]


def walk(
    client: httpx.Client,
    params: dict[str, str],
    limit: int,
    between: Callable[[list[str]], None],
    by_offset: bool = False,
) -> list[str]:
    """Every page in turn, following next links (or counting an offset), ``between`` them."""
    delivered: list[str] = []
    first = httpx.Request("GET", MARKERS, params={**params, "limit": limit}).url
    url: httpx.URL | str | None = first
    while url:
        page = client.get(url).json()
        delivered += [f["id"] for f in page["features"]]
        following = next((lk["href"] for lk in page["links"] if lk["rel"] == "next"), None)
        if following:
            between(delivered)
        if by_offset and following:
            url = first.copy_set_param("offset", len(delivered))
        else:
            url = following
    return delivered


@pytest.fixture
def live(fresh_db: str) -> Any:
    with psycopg.connect(fresh_db) as conn:  # a third of the notes empty: NULLs to sort
        conn.execute("UPDATE markers SET provenance_note = NULL WHERE id % 3 = 0")
    with serve_app(fresh_db) as base, httpx.Client(base_url=base, timeout=60) as client:
        yield client


@pytest.mark.parametrize("name", WALKS)
def test_an_items_walk_delivers_every_feature_that_lasted_exactly_once(
    live: httpx.Client, fresh_db: str, name: str
) -> None:
    params, limit = WALKS[name]
    before = all_ids(live, params)
    churn = Churn(fresh_db, seed=len(name))
    delivered = walk(live, params, limit, churn)
    after = all_ids(live, params)
    lasting = (set(before) & set(after)) - churn.movers
    assert churn.pages >= 5 and len(lasting) > 20 and lasting & churn.touched
    assert [code for code, n in Counter(delivered).items() if n > 1] == []  # none twice
    assert sorted(lasting - set(delivered)) == []  # none missed
    assert set(delivered) <= set(before) | set(churn.created)
    # The walk is in the collection's order: what lasted comes as a one-page read has it.
    assert [c for c in delivered if c in lasting] == [c for c in after if c in lasting]


def test_the_same_churn_makes_an_offset_walk_miss_features(
    live: httpx.Client, fresh_db: str
) -> None:
    # The control: clients that still send offset get what offset can give. Each deletion
    # of a marker already passed shifts the rest one place back, under the offset.
    params, limit = WALKS["default order"]
    before = all_ids(live, params)
    churn = Churn(fresh_db, seed=len("default order"))
    delivered = walk(live, params, limit, churn, by_offset=True)
    lasting = (set(before) & set(all_ids(live, params))) - churn.movers
    missed = lasting - set(delivered)
    assert missed - churn.touched  # among them features nobody changed at all


def audit_row(n: int) -> tuple[Any, ...]:
    return ("test-writer", "admin", "api", "test", "markers", str(n), None, Jsonb({"n": n}))


def test_audit_pages_past_1000_rows_while_more_are_appended(fresh_db: str, field_home: Any) -> None:
    from conftest import add_field_accounts

    headers = add_field_accounts(fresh_db)["admin"]
    insert = (
        "INSERT INTO audit_log (actor, role, via, action, entity, entity_id, before, "
        "after) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
    )
    with psycopg.connect(fresh_db) as conn:
        with conn.cursor() as cur:
            cur.executemany(insert, [audit_row(n) for n in range(2600)])
        conn.commit()
        existing = [i for (i,) in conn.execute("SELECT id FROM audit_log ORDER BY id DESC")]
    assert len(existing) > 2600
    seen: list[int] = []
    with serve_app(fresh_db) as base, httpx.Client(base_url=base, timeout=60) as client:
        url: str | None = f"{base}/audit?limit=1000"
        pages = 0
        while url:
            answer = client.get(url, headers=headers)
            assert answer.status_code == 200, answer.text
            seen += [entry["id"] for entry in answer.json()]
            pages += 1
            with psycopg.connect(fresh_db) as conn:  # newer rows arrive between pages
                conn.execute(insert, audit_row(-pages))
            url = answer.links.get("next", {}).get("url")
        newest = client.get(f"{base}/audit?limit=5", headers=headers).json()
        for bad in ("xyz", cursor.encode("audit", [-5]), cursor.encode("changes", [1, 1])):
            answer = client.get(f"{base}/audit", params={"cursor": bad}, headers=headers)
            assert answer.status_code == 400 and answer.json()["parameter"] == "cursor"
    assert pages == 3 and seen == existing  # every row once, newest first
    assert [e["entity_id"] for e in newest[:3]] == ["-3", "-2", "-1"]

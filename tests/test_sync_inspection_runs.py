"""Consecutive inspections of a sync batch are stored together (gis.field.inspection_batch):
the same answers and the same rows as record by record, and concurrent batches sharing
records store each once, on a real PostGIS."""

from __future__ import annotations

import asyncio
import random
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import psycopg
from conftest import table_counts_all
from psycopg.rows import dict_row
from test_field_access import patrol_body
from test_field_records import inspection, marker_point, now, offset

from gis.audit import Actor
from gis.field import sync

GUARD = Actor("guard1", "guard")
Server = tuple[str, dict[str, dict[str, str]]]

# What the two ways of storing leave behind, without the times of the transaction. The feed
# in feature order: a run is inserted in id order (so that concurrent batches never deadlock)
# and a mirror receives a transaction's changes together anyway.
WRITTEN = {
    "inspections": "SELECT to_jsonb(i) - 'created_at' - 'updated_at' AS row FROM inspections i "
    "WHERE created_at = now() ORDER BY id",
    "alerts": "SELECT to_jsonb(a) - 'id' - 'created_at' AS row FROM alerts a "
    "WHERE created_at = now() ORDER BY inspection_id",
    "audit": "SELECT actor, role, via, action, entity, entity_id, before, "
    "after - 'created_at' - 'updated_at' AS after FROM audit_log "
    "WHERE at >= now() ORDER BY id",
    "feed": "SELECT collection, feature_id, operation FROM feature_changes "
    "WHERE xid = pg_current_xact_id() ORDER BY feature_id, id",
}


async def _written(conn: psycopg.AsyncConnection[Any]) -> dict[str, list[Any]]:
    found = {}
    for name, query in WRITTEN.items():
        cur = await conn.execute(query)
        found[name] = await cur.fetchall()
    return found


async def _apply(url: str, records: list[Any], together: bool) -> tuple[list[Any], dict[str, Any]]:
    """The answers and the rows written, by apply_batch or record by record, in one
    transaction as the route's (which looked the caller up first); rolled back."""
    async with await psycopg.AsyncConnection.connect(url, row_factory=dict_row) as conn:
        await conn.execute("SELECT 1")
        if together:
            results = await sync.apply_batch(conn, GUARD, records)
        else:
            through = GUARD.through("sync")
            results = [await sync.apply_record(conn, through, r) for r in records]
        written = await _written(conn)
        await conn.rollback()
    return results, written


def _store_one_by_one(url: str, records: list[Any]) -> None:
    async def run() -> None:
        async with await psycopg.AsyncConnection.connect(url, row_factory=dict_row) as conn:
            for record in records:
                assert (await sync.apply_record(conn, GUARD, record))["status"] == "created"
            await conn.commit()

    asyncio.run(run())


def _same_both_ways(url: str, records: list[Any]) -> list[dict[str, Any]]:
    one_by_one = asyncio.run(_apply(url, records, together=False))
    together = asyncio.run(_apply(url, records, together=True))
    assert together[0] == one_by_one[0]
    assert together[1] == one_by_one[1]
    return together[0]


def test_a_run_of_inspections_is_answered_and_written_as_record_by_record(fresh_db: str) -> None:
    registry = marker_point(fresh_db, "585")
    stored_patrol = {"type": "patrol", **patrol_body()}
    stored = {"type": "inspection", **inspection("606(1)", None, None)}
    _store_one_by_one(fresh_db, [stored_patrol, stored])
    far = {"type": "inspection", **inspection("585", offset(registry, 50), 4)}
    records = [
        far,  # alert
        {"type": "inspection", **inspection("585", offset(registry, 3), 5)},  # no alert
        {"type": "inspection", **inspection("607(1)", None, None, condition="tilted")},
        {"type": "inspection", **inspection("no-such-marker", None, None)},
        {"type": "inspection", **inspection("585", [105.85, 21.03], 5)},  # outside the stretch
        {"type": "inspection", **inspection("585", None, None, observed_at=now(60))},
        {"type": "inspection", **inspection("585", None, None, patrol_id=stored_patrol["id"])},
        {"type": "inspection", **inspection("585", None, None, patrol_id=str(uuid.uuid4()))},
        stored,  # sent again
        {**far, "id": far["id"].upper()},  # the same id twice in one batch
        {"type": "inspection", **inspection("585", None, None, condition="shiny")},
        {"type": "inspection", **inspection("585", offset(registry, 80), 2)},  # alert
    ]
    results = _same_both_ways(fresh_db, records)
    assert [r["status"] for r in results] == [
        "created",
        "created",
        "created",
        "rejected",
        "rejected",
        "rejected",
        "created",
        "retry_later",
        "duplicate",
        "duplicate",
        "rejected",
        "created",
    ]
    together = asyncio.run(_apply(fresh_db, records, together=True))[1]
    assert len(together["alerts"]) == 2 and len(together["audit"]) == 5
    assert len(together["feed"]) == 5 and {r["via"] for r in together["audit"]} == {"sync"}


def test_a_value_the_database_refuses_fails_its_record_alone(fresh_db: str) -> None:
    registry = marker_point(fresh_db, "585")
    records = [
        {"type": "inspection", **inspection("585", offset(registry, 50), 4)},
        # A point with an elevation: the column holds 2D points, PostGIS refuses it.
        {"type": "inspection", **inspection("585", [*offset(registry, 2), 310.0], 4)},
        {"type": "inspection", **inspection("606(1)", None, None)},
    ]
    results = _same_both_ways(fresh_db, records)
    assert [r["status"] for r in results] == ["created", "rejected", "created"]
    assert "refused by the database" in results[1]["detail"]


def test_concurrent_batches_sharing_inspections_store_each_once(
    field_server: Server, fresh_db: str
) -> None:
    base, h = field_server
    registry = marker_point(fresh_db, "585")
    shared = [
        {"type": "inspection", **inspection("585", offset(registry, 50 if n % 5 else 2), 4)}
        for n in range(120)
    ]
    shuffle = random.Random(15)
    # Six tablets send overlapping parts of the same records, in different orders.
    batches = []
    for part in range(6):
        chosen = shared[part * 12 : part * 12 + 60]
        batches.append({"records": shuffle.sample(chosen, len(chosen))})
    batches.append({"records": list(reversed(shared))})
    before = table_counts_all(fresh_db)
    with httpx.Client(base_url=base, timeout=120) as client, ThreadPoolExecutor(7) as pool:
        answers = list(
            pool.map(lambda batch: client.post("/sync", json=batch, headers=h["guard"]), batches)
        )
    assert [a.status_code for a in answers] == [200] * len(batches)
    created = [r["id"] for a in answers for r in a.json()["results"] if r["status"] == "created"]
    outcomes = {r["status"] for a in answers for r in a.json()["results"]}
    assert sorted(created) == sorted(r["id"] for r in shared) and outcomes <= {
        "created",
        "duplicate",
    }
    after = table_counts_all(fresh_db)
    grown = {t: after[t] - before[t] for t in after if after[t] != before[t]}
    assert grown == {"inspections": 120, "alerts": 96, "audit_log": 120, "feature_changes": 120}

"""Offline sync (replays, interleaved and concurrent batches) and optimistic locking under
concurrent writers, on a real PostGIS."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from conftest import table_counts_all
from fastapi.testclient import TestClient
from test_field_access import damage_body, patrol_body
from test_field_records import inspection

from gis import db

Api = tuple[TestClient, dict[str, dict[str, str]]]
Server = tuple[str, dict[str, dict[str, str]]]


def offline_batch() -> list[dict[str, Any]]:
    """What a planner's tablet collects on one trip: a patrol, an inspection during it, a
    damage report and the assessment of that report."""
    patrol = {"type": "patrol", **patrol_body()}
    checked = {
        "type": "inspection",
        **inspection("606(1)", None, 4, condition="tilted", patrol_id=patrol["id"]),
    }
    damage = {"type": "damage_report", **damage_body()}
    assessed = {
        "type": "transition",
        "id": str(uuid.uuid4()),
        "record_id": damage["id"],
        "to": "assessed",
        "note": "nghiêng 10°",
        "base_version": 1,
    }
    return [patrol, checked, damage, assessed]


def statuses(answer: httpx.Response) -> list[str]:
    assert answer.status_code == 200, answer.text
    return [r["status"] for r in answer.json()["results"]]


def passes_recomputed(url: str) -> int:
    """How many marker passes (migration 0032) the stored patrols have, worked out afresh:
    a synced patrol's passes must be stored once, however often and concurrently it came."""
    with db.connect(url) as conn:
        row = conn.execute(
            "SELECT count(*) AS n FROM patrols p, LATERAL marker_pass_rows_of_patrol(p) AS r"
        ).fetchone()
    assert row is not None
    return int(row["n"])


def test_a_batch_replayed_three_times_is_stored_once(field_api: Api, fresh_db: str) -> None:
    client, h = field_api
    batch = {"records": offline_batch()}
    first = client.post("/sync", json=batch, headers=h["planner"])
    assert statuses(first) == ["created"] * 4
    assert [r["id"] for r in first.json()["results"]] == [r["id"] for r in batch["records"]]
    after_first = table_counts_all(fresh_db)
    for _ in range(2):
        assert statuses(client.post("/sync", json=batch, headers=h["planner"])) == ["duplicate"] * 4
        assert table_counts_all(fresh_db) == after_first
    record = client.get(f"/maintenance/{batch['records'][2]['id']}", headers=h["guard"]).json()
    assert (record["status"], record["version"]) == ("assessed", 2)
    with db.connect(fresh_db) as conn:
        via = conn.execute("SELECT DISTINCT via FROM audit_log WHERE actor = 'planner1'").fetchall()
    assert via == [{"via": "sync"}]


def test_interleaved_batches_leave_one_copy_of_each_record(field_api: Api, fresh_db: str) -> None:
    client, h = field_api
    shared = offline_batch()
    batch_a = {"records": shared[:3] + [{"type": "patrol", **patrol_body()}]}
    batch_b = {"records": [{"type": "patrol", **patrol_body()}] + shared}
    before, passes_before = table_counts_all(fresh_db), passes_recomputed(fresh_db)
    answers = [
        statuses(client.post("/sync", json=batch, headers=h["planner"]))
        for batch in (batch_a, batch_b, batch_a, batch_b)
    ]
    assert answers[0] == ["created"] * 4
    assert answers[1] == ["created", "duplicate", "duplicate", "duplicate", "created"]
    assert answers[2] == ["duplicate"] * 4 and answers[3] == ["duplicate"] * 5
    after = table_counts_all(fresh_db)
    grown = {t: after[t] - before[t] for t in after if after[t] != before[t]}
    assert grown.pop("marker_passes") == passes_recomputed(fresh_db) - passes_before > 0
    # Five records and one transition: each written, audited and fed to mirrors once; each
    # patrol's reach along the section it follows kept for coverage (migration 0025).
    assert grown == {
        "patrols": 3,
        "patrol_reaches": 3,
        "inspections": 1,
        "maintenance_records": 1,
        "maintenance_events": 2,
        "audit_log": 6,
        "feature_changes": 6,
    }


def test_sync_answers_conflict_with_the_version_and_rejected_with_the_reason(
    field_api: Api, fresh_db: str
) -> None:
    client, h = field_api
    damage = {"type": "damage_report", **damage_body()}
    client.post("/sync", json={"records": [damage]}, headers=h["guard"])
    records = [
        {
            "type": "transition",
            "id": str(uuid.uuid4()),
            "record_id": damage["id"],
            "to": "assessed",
            "base_version": 1,
        },  # guards may not assess
        {"type": "inspection", **inspection("no-such-marker", None, None)},
        {"type": "weather", "id": str(uuid.uuid4())},
        {"type": "patrol", **patrol_body(), "ended_at": "2000-01-01T00:00:00Z"},
    ]
    before = table_counts_all(fresh_db)
    results = client.post("/sync", json={"records": records}, headers=h["guard"])
    assert statuses(results) == ["rejected"] * 4  # each alone: 'weather' fails no other
    results = results.json()["results"]
    assert "role 'guard'" in results[0]["detail"]
    assert "no-such-marker" in results[1]["detail"]
    assert results[2]["id"] == records[2]["id"] and "type: 'weather'" in results[2]["detail"]
    assert "ended_at is before started_at" in results[3]["detail"]
    assert table_counts_all(fresh_db) == before
    # A planner's assessment moves it to version 2; an offline one still based on 1 conflicts.
    step = {"type": "transition", "record_id": damage["id"], "to": "assessed", "base_version": 1}
    planner = [{**step, "id": str(uuid.uuid4())}, {**step, "id": str(uuid.uuid4())}]
    results = client.post("/sync", json={"records": planner}, headers=h["planner"]).json()
    assert [r["status"] for r in results["results"]] == ["created", "conflict"]
    assert results["results"][1]["current_version"] == 2


def test_20_concurrent_updates_with_the_same_if_match_one_wins(
    field_server: Server, fresh_db: str
) -> None:
    base, h = field_server
    record = damage_body()
    with httpx.Client(base_url=base, timeout=60) as client:
        created = client.post("/maintenance", json=record, headers=h["planner"])
        assert created.status_code == 201
        etag = created.headers["etag"]

        def assess(i: int) -> int:
            return client.post(
                f"/maintenance/{record['id']}/transitions",
                json={"to": "assessed", "note": f"writer {i}"},
                headers={**h["planner"], "If-Match": etag},
            ).status_code

        with ThreadPoolExecutor(max_workers=20) as pool:
            codes = list(pool.map(assess, range(20)))
        final = client.get(f"/maintenance/{record['id']}", headers=h["planner"]).json()
    assert sorted(codes) == [200] + [412] * 19
    assert (final["status"], final["version"], len(final["history"])) == ("assessed", 2, 2)


def test_concurrent_overlapping_sync_batches_store_each_record_once(
    field_server: Server, fresh_db: str
) -> None:
    base, h = field_server
    shared = offline_batch()
    # The second batch sends the same records in another order (the inspection still after
    # the patrol it refers to).
    batches = [{"records": shared}, {"records": [shared[2], shared[0], shared[1]]}] * 4
    before, passes_before = table_counts_all(fresh_db), passes_recomputed(fresh_db)
    with httpx.Client(base_url=base, timeout=60) as client, ThreadPoolExecutor(8) as pool:
        answers = list(
            pool.map(lambda batch: client.post("/sync", json=batch, headers=h["planner"]), batches)
        )
    outcomes = [r["status"] for a in answers for r in a.json()["results"]]
    assert outcomes.count("created") == 4 and set(outcomes) == {"created", "duplicate"}
    after = table_counts_all(fresh_db)
    grown = {t: after[t] - before[t] for t in after if after[t] != before[t]}
    assert grown.pop("marker_passes") == passes_recomputed(fresh_db) - passes_before > 0
    assert grown == {
        "patrols": 1,
        "patrol_reaches": 1,
        "inspections": 1,
        "maintenance_records": 1,
        "maintenance_events": 2,
        "audit_log": 4,
        "feature_changes": 4,
    }


def test_a_malformed_record_is_rejected_alone_and_the_others_are_applied(
    field_api: Api, fresh_db: str
) -> None:
    client, h = field_api
    good_patrol = {"type": "patrol", **patrol_body()}
    good_inspection = {"type": "inspection", **inspection("585", None, None)}
    records = [
        good_patrol,
        {"type": "weather", "id": str(uuid.uuid4())},  # unknown type
        {
            "type": "inspection",
            **{k: v for k, v in inspection("585", None, None).items() if k != "id"},
        },  # no id
        {"type": "damage_report", **damage_body(), "id": "not-a-uuid"},
        42,  # not an object
        {**damage_body(), "id": str(uuid.uuid4())},  # no type
        {"type": "inspection", **inspection("58\u00005", None, None)},  # NUL (a 500 once)
        good_inspection,
    ]
    before, passes_before = table_counts_all(fresh_db), passes_recomputed(fresh_db)
    answer = client.post("/sync", json={"records": records}, headers=h["guard"])
    assert statuses(answer) == ["created"] + ["rejected"] * 6 + ["created"]
    results = answer.json()["results"]
    assert "type: 'weather'" in results[1]["detail"]
    assert results[2]["id"] == "" and results[2]["detail"].startswith("id: missing")
    assert results[3]["id"] == "not-a-uuid" and "not a UUID" in results[3]["detail"]
    assert "not a JSON object" in results[4]["detail"]
    assert results[5]["detail"].startswith("type: missing")
    assert "marker_code" in results[6]["detail"] and "NUL" in results[6]["detail"]
    after = table_counts_all(fresh_db)
    grown = {t: after[t] - before[t] for t in after if after[t] != before[t]}
    assert grown.pop("marker_passes") == passes_recomputed(fresh_db) - passes_before > 0
    assert grown == {
        "patrols": 1,
        "patrol_reaches": 1,
        "inspections": 1,
        "audit_log": 2,
        "feature_changes": 2,
    }


def test_a_record_whose_dependency_has_not_arrived_is_retry_later_until_it_has(
    field_api: Api, fresh_db: str
) -> None:
    client, h = field_api
    patrol = {"type": "patrol", **patrol_body()}
    damage = {"type": "damage_report", **damage_body()}
    waiting = [
        {
            "type": "transition",
            "id": str(uuid.uuid4()),
            "record_id": damage["id"],
            "to": "assessed",
            "base_version": 1,
        },
        {"type": "inspection", **inspection("585", None, None, patrol_id=patrol["id"])},
    ]
    before = table_counts_all(fresh_db)
    first = client.post("/sync", json={"records": waiting}, headers=h["planner"])
    assert statuses(first) == ["retry_later", "retry_later"]
    details = [r["detail"] for r in first.json()["results"]]
    assert details[0].startswith(f"record_id: maintenance record {damage['id']}")
    assert details[1].startswith(f"patrol_id: patrol {patrol['id']}")
    assert table_counts_all(fresh_db) == before  # nothing half-written
    # Once the records they depend on are stored, the same records are applied.
    assert statuses(
        client.post("/sync", json={"records": [damage, patrol]}, headers=h["planner"])
    ) == ["created", "created"]
    assert statuses(client.post("/sync", json={"records": waiting}, headers=h["planner"])) == [
        "created",
        "created",
    ]
    record = client.get(f"/maintenance/{damage['id']}", headers=h["guard"]).json()
    assert (record["status"], record["version"]) == ("assessed", 2)


def test_a_synced_patrol_says_what_was_cleaned_from_its_track(field_api: Api) -> None:
    client, h = field_api
    body = patrol_body()
    coords = body["track"]["coordinates"]
    # Elevations on every vertex, the first point twice.
    track = [[*coords[0], 310.0], [*coords[0], 310.0]] + [[*c, 300.0] for c in coords[1:]]
    record = {"type": "patrol", **body, "track": {"type": "LineString", "coordinates": track}}
    result = client.post("/sync", json={"records": [record]}, headers=h["guard"]).json()["results"][
        0
    ]
    assert result["status"] == "created"
    assert result["cleaning"]["z_dropped"] == len(track)
    assert result["cleaning"]["repeated_points_removed"] == 1
    assert result["cleaning"]["vertices_kept"] == len(coords)
    assert "repeated points removed" in result["detail"]

"""A ministry's PostGIS subscribed to `cotmoc mirror publish` (issue 17): schema first, as the
README says, then CREATE SUBSCRIPTION; after a batch of writes and deletes on the primary it
holds the same rows and features, without the user names and accounts."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import add_field_accounts, make_client
from db_support import one_row
from replication_support import (
    cluster_home,
    dump_schema,
    psql_file,
    row_hashes,
    start_primary,
    wait_until,
)

from gis import db, mirror
from gis.cluster import EmbeddedCluster

MINISTRY_DB = "ministry"
# The layers' views, so the comparison covers features as the API writes them too.
FEATURE_VIEWS = (
    "markers_features",
    "marker_positions_features",
    "village_pairs_features",
    "maintenance_features",
)


@pytest.fixture(scope="module")
def primary_and_subscriber() -> Iterator[tuple[EmbeddedCluster, EmbeddedCluster]]:
    with cluster_home("mirror-primary") as primary_home, cluster_home("ministry") as home:
        primary = start_primary(primary_home)
        subscriber = EmbeddedCluster(home, port=5432)
        try:
            subscriber.start()
            subscriber.ensure_database(MINISTRY_DB)
            yield primary, subscriber
        finally:
            subscriber.stop(mode="immediate")
            primary.stop(mode="immediate")


def publish(primary: EmbeddedCluster) -> str:
    """`cotmoc mirror publish --field`, as an operator runs it; returns the SQL it prints."""
    conninfo = f"host={primary.socket_dir} port={primary.port} dbname=cotmoc user=postgres"
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "cotmoc"),
            "mirror",
            "publish",
            "--field",
            "--primary",
            conninfo,
        ],
        env=os.environ | {"DATABASE_URL": primary.url()},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "published patrols" in result.stderr
    return result.stdout


def published(url: str) -> dict[str, tuple[str, ...] | None]:
    with db.connect(url) as conn:
        tables = mirror.plan(conn, with_field=True)
    return {t.name: t.columns for t in tables} | dict.fromkeys(FEATURE_VIEWS)


def write_a_batch(monkeypatch: pytest.MonkeyPatch, primary: EmbeddedCluster) -> None:
    """Field writes through the API, registry updates and deletes in SQL (as imports do)."""
    headers = add_field_accounts(primary.url())
    for client in make_client(monkeypatch, primary.url()):
        point = client.get("/collections/markers/items/585").json()["geometry"]["coordinates"]
        reports = []
        for cause in ("landslide", "flood", "vandalism"):
            record_id = str(uuid.uuid4())
            answer = client.post(
                "/maintenance",
                headers=headers["guard"],
                json={
                    "id": record_id,
                    "marker_code": "585",
                    "cause": cause,
                    "description": f"báo cáo hư hỏng: {cause}",
                },
            )
            assert answer.status_code == 201, answer.text
            reports.append((record_id, answer.headers["etag"]))
        first_id, etag = reports[0]
        answer = client.post(
            f"/maintenance/{first_id}/transitions",
            headers=headers["planner"] | {"If-Match": etag},
            json={"to": "assessed", "note": "đã kiểm tra tại chỗ"},
        )
        assert answer.status_code == 200, answer.text
        answer = client.post(
            "/patrols",
            headers=headers["guard"],
            json={
                "id": str(uuid.uuid4()),
                "started_at": "2026-10-02T07:00:00+07:00",
                "ended_at": "2026-10-02T11:00:00+07:00",
                "vn_unit": "Đồn Biên phòng Lao Bảo",
                "participants": ["Tổ tuần tra 1"],
                "track": {
                    "type": "LineString",
                    "coordinates": [point, [point[0] + 0.002, point[1] + 0.001]],
                },
            },
        )
        assert answer.status_code == 201, answer.text
    with db.connect(primary.url()) as conn:
        conn.execute("UPDATE markers SET status = 'damaged' WHERE code = '585'")
        conn.execute("UPDATE facts SET value = value + 1 WHERE id = (SELECT min(id) FROM facts)")
        conn.execute("DELETE FROM gate_events WHERE id = (SELECT min(id) FROM gate_events)")
        conn.execute("DELETE FROM maintenance_records WHERE id = %s", (reports[2][0],))
        conn.execute(
            "INSERT INTO marker_aliases (alias, kind, source, source_ref, licence,"
            " coord_status) VALUES ('T9', 'other', 'test', 'test:1', 'CC0', 'unknown')"
        )
    with db.connect(primary.url()) as conn:
        conn.execute("DELETE FROM marker_aliases WHERE alias = 'T9'")
        conn.execute(
            "UPDATE villages SET aliases = aliases || '{Bản thử}'::text[]"
            " WHERE id = (SELECT min(id) FROM villages)"
        )


def test_a_subscriber_holds_the_primary_rows_after_writes_and_deletes(
    primary_and_subscriber: tuple[EmbeddedCluster, EmbeddedCluster], monkeypatch: pytest.MonkeyPatch
) -> None:
    primary, subscriber = primary_and_subscriber
    subscriber_url = subscriber.url(MINISTRY_DB)
    subscriber_sql = publish(primary)
    assert "ALTER TABLE patrols ALTER COLUMN created_by DROP NOT NULL;" in subscriber_sql
    # Schema first (the README's pg_dump), then the printed SQL with the subscription.
    psql_file(subscriber, MINISTRY_DB, dump_schema(primary))
    psql_file(subscriber, MINISTRY_DB, subscriber_sql)
    wait_until(
        lambda: (
            subscriber.psql(
                "SELECT count(*) FROM pg_subscription_rel WHERE srsubstate <> 'r'",
                database=MINISTRY_DB,
            )
            == "0"
        ),
        "the initial copy",
    )
    tables = published(primary.url())
    before = row_hashes(primary.url(), tables)
    assert row_hashes(subscriber_url, tables) == before

    write_a_batch(monkeypatch, primary)
    expected = row_hashes(primary.url(), tables)
    changed = {t for t in tables if expected[t] != before[t]}
    assert {
        "markers",
        "facts",
        "gate_events",
        "villages",
        "maintenance_records",
        "maintenance_events",
        "patrols",
        "markers_features",
    } <= changed
    wait_until(
        lambda: row_hashes(subscriber_url, tables) == expected, "the subscriber applies the batch"
    )
    assert len(expected["maintenance_records"]) >= 2 and expected["patrols"]

    with db.connect(subscriber_url) as conn:

        def count(sql: str) -> int:
            return int(one_row(conn.execute(sql))["n"])

        # What the column lists withhold never reached the ministry.
        assert count("SELECT count(*) AS n FROM patrols WHERE created_by IS NOT NULL") == 0
        assert count("SELECT count(*) AS n FROM maintenance_events WHERE actor IS NOT NULL") == 0
        # Generated columns are computed by the subscriber from the same definition.
        assert count("SELECT count(*) AS n FROM patrols WHERE length_m > 0") == 1
        for private in ("users", "api_keys", "audit_log", "feature_changes"):
            assert count(f"SELECT count(*) AS n FROM {private}") == 0  # noqa: S608
    with db.connect(primary.url()) as conn:
        assert one_row(conn.execute("SELECT count(*) AS n FROM users"))["n"] == 3


def test_publish_again_updates_the_publication(
    primary_and_subscriber: tuple[EmbeddedCluster, EmbeddedCluster],
) -> None:
    primary, _ = primary_and_subscriber
    with db.connect(primary.url()) as conn:
        tables = mirror.publish(conn, "registry_only")
        assert {t.name for t in tables} == set(mirror.REGISTRY_TABLES)
        mirror.publish(conn, "registry_only", with_field=True)
        names = {
            r["tablename"]
            for r in conn.execute(
                "SELECT tablename FROM pg_publication_tables WHERE pubname = 'registry_only'"
            )
        }
        assert names == set(mirror.REGISTRY_TABLES) | set(mirror.FIELD_TABLES)
    with pytest.raises(ValueError, match="publication name"):
        mirror.check_name("mirror; DROP TABLE markers")

"""Reads on a hot standby made with pg_basebackup, and a client reading its own writes
(issue 17). The primary and the standby are clusters of this module's own."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest
from conftest import add_field_accounts, app_url, make_client, serve_app
from db_support import one_row
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from replication_support import current_lsn, primary_and_standby, wait_replayed
from test_feed_mirror import mirror_gets_every_change_once

from api.databases import LSN_COOKIE, LSN_HEADER
from gis import db
from gis.cluster import ClusterError, EmbeddedCluster
from gis.replication import StandbyCluster, make_standby


@pytest.fixture(scope="module")
def clusters() -> Iterator[tuple[EmbeddedCluster, StandbyCluster]]:
    with primary_and_standby() as pair:
        yield pair


@pytest.fixture(scope="module")
def accounts(clusters: tuple[EmbeddedCluster, StandbyCluster]) -> dict[str, dict[str, str]]:
    return add_field_accounts(clusters[0].url())


@pytest.fixture
def api(
    monkeypatch: pytest.MonkeyPatch,
    clusters: tuple[EmbeddedCluster, StandbyCluster],
    accounts: dict[str, dict[str, str]],
) -> Iterator[tuple[TestClient, dict[str, dict[str, str]]]]:
    """The API with the primary for writes and the standby for reads, and each role's
    headers."""
    primary, standby = clusters
    monkeypatch.setenv("COTMOC_READ_DATABASE_URL", app_url(standby.url()))
    headers = accounts
    wait_replayed(standby.url(), current_lsn(primary.url()))
    for client in make_client(monkeypatch, primary.url()):
        yield client, headers
    resume_replay(standby)


def pause_replay(standby: StandbyCluster) -> None:
    standby.psql("SELECT pg_wal_replay_pause()")


def resume_replay(standby: StandbyCluster) -> None:
    standby.psql("SELECT pg_wal_replay_resume()")


def reads_served(client: TestClient) -> dict[str, float]:
    return reads_counted(client.get("/metrics").text)


def reads_counted(metrics: str) -> dict[str, float]:
    """Reads by the database that served them, from a /metrics text."""
    family = next(
        f for f in text_string_to_metric_families(metrics) if f.name == "cotmoc_database_reads"
    )
    return {s.labels["served_by"]: s.value for s in family.samples if s.name.endswith("_total")}


def marker_status(client: TestClient, code: str, **kwargs: object) -> str:
    answer = client.get(f"/collections/markers/items/{code}", **kwargs)  # type: ignore[arg-type]
    assert answer.status_code == 200, answer.text
    return str(answer.json()["properties"]["status"])


def test_the_standby_is_a_hot_standby_of_the_primary(
    clusters: tuple[EmbeddedCluster, StandbyCluster],
) -> None:
    primary, standby = clusters
    assert standby.is_standby()
    with db.connect(standby.url()) as conn:
        assert one_row(conn.execute("SELECT count(*) AS n FROM markers"))["n"] == 66
    assert (
        primary.psql(
            "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'", database="cotmoc"
        )
        == "1"
    )


def test_items_are_served_by_the_standby(
    api: tuple[TestClient, dict], clusters: tuple[EmbeddedCluster, StandbyCluster]
) -> None:
    client, _ = api
    primary, standby = clusters
    before = marker_status(client, "585")
    pause_replay(standby)
    # A change the standby has not replayed: a reader without a position sees the old row,
    # which only the standby still holds.
    with db.connect(primary.url()) as conn:
        conn.execute(
            "UPDATE markers SET status = %s WHERE code = '585'",
            ("damaged" if before != "damaged" else "intact",),
        )
    served = reads_served(client)
    assert marker_status(client, "585") == before
    assert client.get("/collections/markers/items?limit=1000").json()["numberReturned"] == 66
    after = reads_served(client)
    assert after.get("replica", 0) - served.get("replica", 0) == 2
    assert after.get("primary", 0) == served.get("primary", 0)
    resume_replay(standby)
    wait_replayed(standby.url(), current_lsn(primary.url()))
    assert marker_status(client, "585") != before


def _report(client: TestClient, guard: dict[str, str]) -> tuple[str, str]:
    record_id = str(uuid.uuid4())
    answer = client.post(
        "/maintenance",
        headers=guard,
        json={
            "id": record_id,
            "marker_code": "585",
            "cause": "landslide",
            "description": "đất sạt sau mưa lớn",
            "observed_on": "2026-10-01",
        },
    )
    assert answer.status_code == 201, answer.text
    return record_id, answer.headers[LSN_HEADER]


def test_a_client_reads_its_own_write_while_the_standby_lags(
    api: tuple[TestClient, dict], clusters: tuple[EmbeddedCluster, StandbyCluster]
) -> None:
    client, headers = api
    primary, standby = clusters
    guard = headers["guard"]
    pause_replay(standby)
    record_id, lsn = _report(client, guard)
    assert client.cookies.get(LSN_COOKIE) == lsn
    # The same client (its cookie) finds its record: the standby has not replayed it, so the
    # read waits for it, then goes to the primary.
    assert (
        client.get(f"/collections/maintenance/items/{record_id}", headers=guard).status_code == 200
    )
    # The header alone does the same for a client that keeps no cookies.
    client.cookies.clear()
    assert (
        client.get(
            f"/collections/maintenance/items/{record_id}", headers=guard | {LSN_HEADER: lsn}
        ).status_code
        == 200
    )
    # Without the position the standby answers, and it does not have the record yet.
    assert (
        client.get(f"/collections/maintenance/items/{record_id}", headers=guard).status_code == 404
    )
    resume_replay(standby)


def test_a_client_reads_its_own_write_from_a_replaying_standby(
    api: tuple[TestClient, dict],
) -> None:
    client, headers = api
    guard = headers["guard"]
    for _ in range(5):
        record_id, _ = _report(client, guard)
        answer = client.get(f"/collections/maintenance/items/{record_id}", headers=guard)
        assert answer.status_code == 200, answer.text
        assert answer.json()["properties"]["description"] == "đất sạt sau mưa lớn"


def test_a_malformed_position_is_a_400(api: tuple[TestClient, dict]) -> None:
    client, _ = api
    answer = client.get("/collections/markers/items", headers={LSN_HEADER: "yesterday"})
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/problem+json"
    assert LSN_HEADER in answer.json()["detail"]
    client.cookies.set(LSN_COOKIE, "not-a-position")  # a spoilt cookie is ignored
    assert client.get("/collections/markers/items").status_code == 200


def test_the_change_feed_goes_to_a_standby_only_when_configured(
    monkeypatch: pytest.MonkeyPatch,
    api: tuple[TestClient, dict],
    clusters: tuple[EmbeddedCluster, StandbyCluster],
) -> None:
    client, _ = api
    before = reads_served(client)
    assert client.get("/changes?since=2000-01-01T00:00:00Z").status_code == 200
    assert reads_served(client) == before  # the primary's pool, outside the read router
    primary, standby = clusters
    monkeypatch.setenv("COTMOC_CHANGES_ON_REPLICAS", "true")
    for configured in make_client(monkeypatch, primary.url()):
        before = reads_served(configured)
        answer = configured.get("/changes?since=2000-01-01T00:00:00Z")
        assert answer.status_code == 200 and answer.json()["changes"]
        after = reads_served(configured)
        assert after.get("replica", 0) - before.get("replica", 0) == 1


def test_reads_go_to_the_primary_while_the_standby_is_down(
    api: tuple[TestClient, dict], clusters: tuple[EmbeddedCluster, StandbyCluster]
) -> None:
    client, _ = api
    _, standby = clusters
    standby.stop()
    try:
        before = reads_served(client)
        for _ in range(3):
            assert client.get("/collections/markers/items/585").status_code == 200
        after = reads_served(client)
        assert after.get("primary", 0) - before.get("primary", 0) == 3
    finally:
        standby.start()


def test_a_folder_that_holds_a_cluster_is_not_overwritten(
    clusters: tuple[EmbeddedCluster, StandbyCluster],
) -> None:
    primary, standby = clusters
    with pytest.raises(ClusterError, match="already holds a cluster"):
        make_standby(str(primary.home), standby.home)
    with pytest.raises(ClusterError, match="neither a COTMOC_HOME"):
        make_standby("/nonexistent/home", standby.home.parent / "other")


def test_a_mirror_reading_the_feed_from_the_standby_gets_every_change_once(
    monkeypatch: pytest.MonkeyPatch,
    clusters: tuple[EmbeddedCluster, StandbyCluster],
    accounts: dict[str, dict[str, str]],
) -> None:
    """The trust issue's mirror run with the feed served by the standby: its snapshot bounds
    the cursor as the primary's would, so nothing committed is skipped or repeated. Last in
    the module: its writers change many rows of the primary."""
    primary, standby = clusters
    monkeypatch.setenv("COTMOC_READ_DATABASE_URL", app_url(standby.url()))
    monkeypatch.setenv("COTMOC_CHANGES_ON_REPLICAS", "true")
    wait_replayed(standby.url(), current_lsn(primary.url()))
    with serve_app(primary.url()) as base:
        before = reads_counted(httpx.get(f"{base}/metrics").text)
        mirror_gets_every_change_once(base, accounts, primary.url())
        after = reads_counted(httpx.get(f"{base}/metrics").text)
        assert after.get("replica", 0) > before.get("replica", 0)  # the feed was the standby's

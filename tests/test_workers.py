"""`cotmoc serve --workers 2`: two processes behind one socket answer as one server. What a
process caches (the collections' extents) follows another process's writes, and /metrics in
either worker counts the requests both answered."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
from conftest import _free_port, app_url
from prometheus_client.parser import text_string_to_metric_families
from replication_support import wait_until

WORKERS = 2
ROUTE = "/collections/{collection_id}"


@pytest.fixture
def two_workers(fresh_db: str, tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    env = os.environ | {
        "DATABASE_URL": app_url(fresh_db),
        "COTMOC_PORT": str(port),
        "COTMOC_HOME": str(tmp_path),
    }
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "cotmoc"), "serve", "--workers", str(WORKERS)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        assert server.poll() is None, "cotmoc serve ended"
        try:
            return httpx.get(f"{base}/healthz").status_code == 200
        except httpx.TransportError:
            return False

    try:
        wait_until(up, "cotmoc serve --workers answers", timeout=90)
        yield base
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)


def fresh_get(url: str) -> httpx.Response:
    """A request on a new connection, so the kernel may hand it to either worker."""
    with httpx.Client() as client:
        return client.get(url)


def markers_extent(base: str) -> list[float]:
    answer = fresh_get(f"{base}/collections/markers")
    assert answer.status_code == 200, answer.text
    return list(answer.json()["extent"]["spatial"]["bbox"][0])


def answered(metrics: str) -> float:
    family = next(
        f for f in text_string_to_metric_families(metrics) if f.name == "cotmoc_http_requests"
    )
    return sum(
        s.value
        for s in family.samples
        if s.name.endswith("_total") and s.labels["route"] == ROUTE and s.labels["status"] == "200"
    )


def test_the_workers_share_what_they_cache_and_count(
    two_workers: str, fresh_db: str, tmp_path: Path
) -> None:
    base = two_workers
    before = [markers_extent(base) for _ in range(20)]  # both workers cache the extent
    assert all(extent == before[0] for extent in before)
    # Move the northernmost marker 0.05° further north, behind both workers' backs.
    with psycopg.connect(fresh_db) as conn:
        conn.execute(
            "UPDATE markers SET registry_geom = ST_Translate(registry_geom, 0, 0.05)"
            " WHERE code = (SELECT code FROM markers"
            " ORDER BY ST_Y(registry_geom) DESC LIMIT 1)"
        )
    after = [markers_extent(base) for _ in range(20)]
    assert all(extent[3] == pytest.approx(before[0][3] + 0.05, abs=1e-6) for extent in after)
    # Both processes wrote their counts; /metrics from either sums them.
    writers = {path.name.rsplit("_", 1)[-1] for path in (tmp_path / "metrics").glob("*.db")}
    assert len(writers) >= WORKERS, writers
    assert answered(fresh_get(f"{base}/metrics").text) == len(before) + len(after)

"""Prometheus metrics, through the maintained ``prometheus_client`` library.

One process: the default registry. Several worker processes: set ``PROMETHEUS_MULTIPROC_DIR``
to an empty folder before the workers start (``prepare_multiprocess_folder``); each worker
then writes its values there, ``/metrics`` in any worker sums them all, and a worker that
stops removes its live gauges (``mark_worker_stopped``, called by the app's shutdown).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"

REQUESTS = Counter(
    "cotmoc_http_requests",
    "HTTP requests answered, by route template and status",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "cotmoc_http_request_duration_seconds",
    "Time from request to the end of the answer",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
POOL_SIZE = Gauge(
    "cotmoc_db_pool_connections",
    "Connections a pool holds (in use or idle)",
    ["pool"],
    multiprocess_mode="livesum",
)
POOL_IDLE = Gauge(
    "cotmoc_db_pool_idle_connections",
    "Connections idle in a pool",
    ["pool"],
    multiprocess_mode="livesum",
)
POOL_WAITING = Gauge(
    "cotmoc_db_pool_waiting_requests",
    "Requests waiting for a connection",
    ["pool"],
    multiprocess_mode="livesum",
)
DATABASE_READS = Counter(
    "cotmoc_database_reads",
    "Reads of reading routes, by the server that answered them",
    ["served_by"],
)
SYNC_RESULTS = Counter("cotmoc_sync_results", "Records of POST /sync, by result status", ["status"])
FEED_LAG = Gauge(
    "cotmoc_change_feed_lag_seconds",
    "How long the change feed is held back by the oldest transaction still open",
    multiprocess_mode="mostrecent",
)

# How long the oldest committed change has waited to be handed out: a transaction still
# open holds back every change of transactions that began writing after it (layers/changes.py),
# and a mirror sees such a change only when that transaction ends.
FEED_LAG_QUERY = (
    "SELECT coalesce(extract(epoch FROM clock_timestamp() - min(changed_at)), 0)::float8"
    " AS lag FROM feature_changes WHERE xid >= pg_snapshot_xmin(pg_current_snapshot())"
)


def prepare_multiprocess_folder(folder: Path) -> None:
    """Empty ``folder`` and point prometheus_client at it; call before workers start (and
    before anything imports this module in them)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ[MULTIPROCESS_ENV] = str(folder)


def mark_worker_stopped() -> None:
    """Tell the multiprocess metrics that this worker is gone (when several workers share them)."""
    if os.environ.get(MULTIPROCESS_ENV):
        multiprocess.mark_process_dead(os.getpid())


def observe_pools(pools: list[Any]) -> None:
    """Record each pool's size, idle connections and waiting requests."""
    for pool in pools:
        stats = pool.get_stats()
        POOL_SIZE.labels(pool.name).set(stats.get("pool_size", 0))
        POOL_IDLE.labels(pool.name).set(stats.get("pool_available", 0))
        POOL_WAITING.labels(pool.name).set(stats.get("requests_waiting", 0))


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus' text format, summed over workers in multiprocess mode."""
    if os.environ.get(MULTIPROCESS_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST

"""For operators and load balancers: liveness, readiness and metrics.

``/healthz`` answers while the process runs. ``/readyz`` answers 200 only when the database
answers within ``READY_WAIT_S``, its migrations are at the head of ``migrations/`` and the
photo store takes a file; else a 503 problem naming the failed checks. ``/metrics`` is in
Prometheus' text format.
"""

from __future__ import annotations

import asyncio
import tempfile
from functools import cache
from typing import Any

import orjson
import psycopg
from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.databases import Databases
from api.metrics import FEED_LAG, FEED_LAG_QUERY, exposition, observe_pools
from api.problems import RETRY_AFTER_S, problem_response
from gis.settings import PROJECT_ROOT, get_settings

router = APIRouter(tags=["operations"], include_in_schema=False)
# A load balancer must see a stopped database within two seconds.
READY_WAIT_S = 1.0


@cache
def migration_heads() -> frozenset[str]:
    """The migration revisions the code expects the database to be at."""
    from alembic.script import ScriptDirectory

    return frozenset(ScriptDirectory(str(PROJECT_ROOT / "migrations")).get_heads())


async def _database_checks(databases: Databases) -> dict[str, str]:
    try:
        async with asyncio.timeout(READY_WAIT_S):
            async with databases.primary.connection(timeout=READY_WAIT_S) as conn:
                cursor = await conn.execute("SELECT version_num FROM alembic_version")
                applied = frozenset(row["version_num"] for row in await cursor.fetchall())
    except (psycopg.Error, TimeoutError) as error:
        reason = str(error).splitlines()[0] if str(error) else "no answer in time"
        return {"database": f"unavailable: {reason}", "migrations": "unknown"}
    missing = migration_heads() - applied
    migrations = "ok" if not missing else f"not at head: {', '.join(sorted(missing))} missing"
    return {"database": "ok", "migrations": migrations}


def _photo_store_check() -> str:
    folder = get_settings().home / "photos"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".ready-"):
            pass
    except OSError as error:
        return f"not writable: {error}"
    return "ok"


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> Response:
    """Readiness: the primary database answers and is migrated to this code's head, and the photo
    store is writable; 503 naming what is not (standbys are not checked)."""
    checks = await _database_checks(request.app.state.databases)
    checks["photos"] = _photo_store_check()
    failed = sorted(name for name, result in checks.items() if result != "ok")
    if failed:
        return problem_response(
            503,
            "Not ready",
            "; ".join(f"{name}: {checks[name]}" for name in failed),
            request.url.path,
            headers={"Retry-After": RETRY_AFTER_S},
            checks=checks,
        )
    return Response(
        orjson.dumps({"status": "ready", "checks": checks}), media_type="application/json"
    )


async def _observe_feed_lag(databases: Databases) -> None:
    try:
        async with asyncio.timeout(READY_WAIT_S):
            async with databases.primary.connection(timeout=READY_WAIT_S) as conn:
                cursor = await conn.execute(FEED_LAG_QUERY)
                row: Any = await cursor.fetchone()
                FEED_LAG.set(row["lag"])
    except (psycopg.Error, TimeoutError):
        pass  # the other metrics are still worth serving while the database is away


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    """Prometheus metrics: requests, pools and the change feed's lag."""
    databases: Databases = request.app.state.databases
    observe_pools(databases.pools)
    await _observe_feed_lag(databases)
    body, media_type = exposition()
    return Response(body, media_type=media_type)

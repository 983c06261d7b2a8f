"""Where a request's queries go: every write to the primary, reads to hot standbys.

``COTMOC_READ_DATABASE_URL`` names one or more standbys (comma-separated). Routers marked
with ``READS`` (collections, items, maps, exports) take their connection from a standby;
everything else, and every route when no standby is configured, uses the primary.

A client reads its own writes: after a write commits, the answer carries the primary's WAL
position (``X-Cotmoc-LSN`` and the cookie ``cotmoc_lsn``). A read that presents one is served
by a standby that has replayed that far; the router waits up to ``READ_YOUR_WRITES_WAIT_S``
for one, then reads from the primary instead. A standby that cannot be reached rests for a
few seconds and its reads go to another standby or the primary.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import psycopg
from fastapi import Depends, Request
from psycopg import AsyncConnection
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool, PoolTimeout
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.metrics import DATABASE_READS
from api.problems import Problem
from gis.settings import get_settings

LSN_HEADER = "X-Cotmoc-LSN"
LSN_COOKIE = "cotmoc_lsn"
# A standby usually replays within milliseconds; past this a read goes to the primary.
READ_YOUR_WRITES_WAIT_S = 1.0
# How long a standby that did not answer is left out before it is tried again.
REPLICA_REST_S = 5.0
# How long a request waits for a free connection; then it is a 503 (database down or busy).
POOL_WAIT_S = 3.0
# A standby must hand out a connection quickly, or the read goes elsewhere.
REPLICA_WAIT_S = 0.5
# A connection that fails is replaced; attempts are made every second or so while the
# database is away (psycopg_pool backs off exponentially within one attempt: a short
# attempt keeps the pool from sleeping long after the database is back).
RECONNECT_ATTEMPT_S = 2.0
COOKIE_MAX_AGE_S = 300
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_LSN = re.compile(r"^[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}$")

# The position this server has reached: replayed on a standby, written on a primary.
_POSITION_REACHED = (
    "SELECT coalesce(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()"
    " ELSE pg_current_wal_lsn() END >= %s::pg_lsn, false) AS reached"
)


def make_pool(url: str, name: str) -> AsyncConnectionPool[Any]:
    """A pool that hands out only working connections and recovers soon after a restart.

    Prepared statements are off (``prepare_threshold=None``) so the pool works behind
    PgBouncer in transaction mode (Debian 12 has PgBouncer 1.18, which cannot track them).
    ``jit`` and ``plan_cache_mode`` are the server's settings (README: Beyond one machine,
    PgBouncer), not startup parameters, because PgBouncer refuses the ``options`` parameter.
    """
    return AsyncConnectionPool(
        url,
        name=name,
        min_size=1,
        max_size=10,
        open=False,
        timeout=POOL_WAIT_S,
        reconnect_timeout=RECONNECT_ATTEMPT_S,
        check=AsyncConnectionPool.check_connection,
        kwargs={"row_factory": dict_row, "prepare_threshold": None},
    )


@dataclass
class Databases:
    """The primary's pool and one pool per standby."""

    primary: AsyncConnectionPool[Any]
    replicas: list[AsyncConnectionPool[Any]] = field(default_factory=list)
    changes_on_replicas: bool = False
    _next: int = 0
    _resting_until: dict[str, float] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, primary_url: str) -> Databases:
        """The primary's pool at ``primary_url`` and one pool per standby in
        ``COTMOC_READ_DATABASE_URL``."""
        settings = get_settings()
        urls = [u.strip() for u in (settings.read_database_url or "").split(",") if u.strip()]
        return cls(
            make_pool(primary_url, "primary"),
            [make_pool(url, f"replica{i}") for i, url in enumerate(urls)],
            settings.changes_on_replicas,
        )

    @property
    def pools(self) -> list[AsyncConnectionPool[Any]]:
        """Every pool, the primary's first."""
        return [self.primary, *self.replicas]

    async def open(self) -> None:
        """Open the pools: wait for the primary, not for the standbys (one that is down must not
        stop the API)."""
        await self.primary.open(wait=True, timeout=30)
        for pool in self.replicas:  # a standby that is down must not stop the API
            await pool.open(wait=False)

    async def close(self) -> None:
        """Close every pool."""
        for pool in self.pools:
            await pool.close()

    def _candidates(self) -> list[AsyncConnectionPool[Any]]:
        """The standbys not resting, starting with the next in turn."""
        now = time.monotonic()
        awake = [p for p in self.replicas if self._resting_until.get(p.name, 0) <= now]
        self._next += 1
        start = self._next % len(awake) if awake else 0
        return awake[start:] + awake[:start]

    async def _replica_connection(
        self, after: str | None
    ) -> tuple[AsyncConnectionPool[Any], AsyncConnection[Any]] | None:
        deadline = time.monotonic() + READ_YOUR_WRITES_WAIT_S
        while True:
            candidates = self._candidates()
            if not candidates:
                return None
            for pool in candidates:
                try:
                    conn = await pool.getconn(timeout=REPLICA_WAIT_S)
                except PoolTimeout:
                    self._resting_until[pool.name] = time.monotonic() + REPLICA_REST_S
                    continue
                try:
                    if after is None or await _reached(conn, after):
                        return pool, conn
                except psycopg.OperationalError:
                    self._resting_until[pool.name] = time.monotonic() + REPLICA_REST_S
                await pool.putconn(conn)
            if after is None or time.monotonic() >= deadline:
                return None
            await asyncio.sleep(0.02)

    @asynccontextmanager
    async def reader(self, after: str | None) -> AsyncIterator[tuple[AsyncConnection[Any], bool]]:
        """A connection that sees every change up to WAL position ``after`` (if given), and
        whether it is the primary's."""
        found = await self._replica_connection(after) if self.replicas else None
        if found is None:
            DATABASE_READS.labels("primary").inc()
            async with self.primary.connection() as conn:
                yield conn, True
            return
        pool, conn = found
        DATABASE_READS.labels("replica").inc()
        try:
            async with conn:  # commit or roll back as pool.connection() does
                yield conn, False
        finally:
            await pool.putconn(conn)


async def _reached(conn: AsyncConnection[Any], lsn: str) -> bool:
    cursor = await conn.execute(_POSITION_REACHED, (lsn,))
    row = await cursor.fetchone()
    await conn.rollback()
    return bool(row and row["reached"])


def read_after(request: Request) -> str | None:
    """The WAL position the client asks to read after: the header, else the cookie."""
    header = request.headers.get(LSN_HEADER)
    if header is not None:
        if not _LSN.match(header.strip()):
            raise Problem(
                400,
                "Invalid header",
                f"{LSN_HEADER}: '{header[:40]}' is not a WAL position like 0/16B3748",
                parameter=LSN_HEADER,
            )
        return header.strip()
    cookie = request.cookies.get(LSN_COOKIE)
    return cookie if cookie and _LSN.match(cookie) else None  # a spoilt cookie is ignored


def _access(request: Request) -> Literal["read", "write"]:
    return getattr(request.state, "database_access", "write")


def reads_only(request: Request) -> bool:
    """Whether the request's route only reads (its router is marked ``READS``)."""
    return _access(request) == "read"


async def reads(request: Request) -> None:
    """Router dependency: this router's routes only read, so standbys may serve them."""
    request.state.database_access = "read"


async def change_feed_reads(request: Request) -> None:
    """Router dependency for /changes: standbys serve it when COTMOC_CHANGES_ON_REPLICAS."""
    if request.app.state.databases.changes_on_replicas:
        request.state.database_access = "read"


READS = Depends(reads)
CHANGE_FEED_READS = Depends(change_feed_reads)


async def connection(request: Request) -> AsyncIterator[AsyncConnection[dict[str, Any]]]:
    """The route's connection: a standby's for reading routers, else the primary's. After a
    write with standbys configured, commit and note the primary's WAL position."""
    databases: Databases = request.app.state.databases
    if reads_only(request):
        async with databases.reader(read_after(request)) as (conn, on_primary):
            # Authentication looks the caller up on the route's connection when it is the
            # primary's (a second one from the same pool could wait forever under load); on
            # a standby it takes its own from the primary (a key's use is recorded there).
            if on_primary:
                request.state.connection = conn
            yield conn
        return
    async with databases.primary.connection() as conn:
        request.state.connection = conn
        yield conn
        if databases.replicas and request.method not in SAFE_METHODS:
            await conn.commit()
            cursor = await conn.execute("SELECT pg_current_wal_lsn()::text AS lsn")
            row = await cursor.fetchone()
            request.state.written_lsn = row["lsn"] if row else None


class WrittenPositionMiddleware:
    """Adds the WAL position of the request's committed write to its answer (header and
    cookie), so that the client's next read can wait for it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer one ASGI event, adding the written position to a write's answer."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})

        async def send_with_position(message: Message) -> None:
            lsn = state.get("written_lsn")
            if message["type"] == "http.response.start" and lsn:
                headers = list(message.get("headers", []))
                headers.append((LSN_HEADER.lower().encode(), lsn.encode()))
                cookie = (
                    f"{LSN_COOKIE}={lsn}; Max-Age={COOKIE_MAX_AGE_S}; Path=/; "
                    "HttpOnly; SameSite=Lax"
                )
                headers.append((b"set-cookie", cookie.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_position)

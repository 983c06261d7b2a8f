"""Password logins, slowed down for a name whose logins keep failing.

Every attempt for a name is counted in ``login_failures`` before the password is checked, in
a transaction that locks the name's row: concurrent attempts, from any number of server
processes, are counted one by one, and a blocked name is refused without checking anything.
After ``FREE_FAILURES`` failures in a row the name is blocked for ``FIRST_BLOCK``, doubling
with every further failure up to ``LONGEST_BLOCK``. A successful login clears the count, and
so does a new password (``cotmoc users passwd``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

from psycopg import AsyncConnection

from gis.field.accounts import Account, password_matches

FREE_FAILURES = 5
FIRST_BLOCK = dt.timedelta(minutes=1)
LONGEST_BLOCK = dt.timedelta(hours=1)
# A failure this old no longer counts, and its row is removed.
FORGET_AFTER = dt.timedelta(days=1)
# The names users may have (migration 0004); anything else cannot log in and is not counted.
USER_NAME = re.compile(r"[A-Za-z0-9_.@-]{2,64}")


@dataclass(frozen=True)
class Throttled:
    """Too many failed logins for this name: try again after ``retry_after`` seconds."""

    failures: int
    retry_after: int


def block_after(failures: int) -> dt.timedelta | None:
    """How long a name stays blocked after its ``failures``-th failure in a row."""
    if failures < FREE_FAILURES:
        return None
    return min(FIRST_BLOCK * 2 ** min(failures - FREE_FAILURES, 16), LONGEST_BLOCK)


async def _count_attempt(conn: AsyncConnection[Any], name: str) -> Throttled | None:
    """Count one attempt for ``name`` as a failure (a success clears it), or refuse it while
    the name is blocked."""
    async with conn.transaction():
        # Forget old failures (rows another attempt holds are left for later, never waited on).
        await conn.execute(
            "DELETE FROM login_failures WHERE name IN (SELECT name FROM login_failures "
            "WHERE last_attempt_at < now() - %s::interval FOR UPDATE SKIP LOCKED)",
            (FORGET_AFTER,),
        )
        await conn.execute(
            "INSERT INTO login_failures (name, failures, last_attempt_at) "
            "VALUES (%s, 0, now()) ON CONFLICT (name) DO NOTHING",
            (name,),
        )
        cur = await conn.execute(
            "SELECT failures, blocked_until, now() AS now FROM login_failures "
            "WHERE name = %s FOR UPDATE",
            (name,),
        )
        row = await cur.fetchone()
        assert row is not None
        if row["blocked_until"] is not None and row["blocked_until"] > row["now"]:
            wait = (row["blocked_until"] - row["now"]).total_seconds()
            return Throttled(row["failures"], max(1, math.ceil(wait)))
        failures = row["failures"] + 1
        block = block_after(failures)
        await conn.execute(
            "UPDATE login_failures SET failures = %s, last_attempt_at = now(), "
            "blocked_until = now() + %s::interval WHERE name = %s",
            (failures, block, name),
        )
    return None


async def login(conn: AsyncConnection[Any], name: str, password: str) -> Account | Throttled | None:
    """The active user with this name and password; Throttled while the name is blocked;
    None for a wrong name or password."""
    if not USER_NAME.fullmatch(name):
        return None
    throttled = await _count_attempt(conn, name)
    if throttled:
        return throttled
    async with conn.transaction():  # nothing stays open while the password is hashed
        cur = await conn.execute(
            "SELECT id, name, role, token_version, password_hash FROM users "
            "WHERE name = %s AND active",
            (name,),
        )
        user = await cur.fetchone()
    # argon2 takes tens of milliseconds of CPU on purpose: keep it off the event loop.
    matches = await asyncio.to_thread(
        password_matches, user["password_hash"] if user else None, password
    )
    if not (user and matches):
        return None
    async with conn.transaction():
        await conn.execute("DELETE FROM login_failures WHERE name = %s", (name,))
        await conn.execute("UPDATE users SET last_login_at = now() WHERE id = %s", (user["id"],))
    return Account(user["id"], user["name"], user["role"], user["token_version"])

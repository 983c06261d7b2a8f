"""Browser sessions of the desk (issue 11): one row per signed-in browser.

The browser holds a random id; the table holds only its SHA-256, so a copy of the table signs
nobody in. A session counts while it has not expired, its user is active and the user's token
version is the one it began with (deactivation and a new password raise it). Each use pushes
the expiry on by the lifetime again, written at most once a minute.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from psycopg import AsyncConnection

from gis.audit import Actor
from gis.field.accounts import Account
from gis.vocabulary import AuditChannel

# Renewing on every request would be a write per page; once a minute is close enough.
RENEW_RESOLUTION = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class WebSession:
    """A live session: who it is, its CSRF token and whether its expiry was just renewed."""

    actor: Actor
    csrf_token: str
    user_id: int
    renewed: bool


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


async def begin(conn: AsyncConnection[Any], account: Account, lifetime: dt.timedelta) -> str:
    """A new session for a user who just proved their password; returns the id for the
    cookie (shown only this once)."""
    session_id = secrets.token_urlsafe(32)
    async with conn.transaction():
        # Expired rows of anyone are removed as new ones come: the table stays small.
        await conn.execute("DELETE FROM web_sessions WHERE expires_at < now()")
        await conn.execute(
            "INSERT INTO web_sessions (id_hash, user_id, token_version, csrf_token, expires_at) "
            "VALUES (%s, %s, %s, %s, now() + %s::interval)",
            (
                _hash(session_id),
                account.id,
                account.token_version,
                secrets.token_urlsafe(32),
                lifetime,
            ),
        )
    return session_id


async def resume(
    conn: AsyncConnection[Any], session_id: str, lifetime: dt.timedelta
) -> WebSession | None:
    """The live session with this id, its expiry pushed on; None when there is none."""
    cur = await conn.execute(
        "WITH found AS ("
        "  SELECT s.id_hash, s.csrf_token, s.last_seen_at, u.id, u.name, u.role "
        "  FROM web_sessions s JOIN users u ON u.id = s.user_id "
        "  WHERE s.id_hash = %(hash)s AND s.expires_at > now() AND u.active "
        "  AND u.token_version = s.token_version), "
        "renewed AS (UPDATE web_sessions s SET last_seen_at = now(), "
        "            expires_at = now() + %(lifetime)s::interval FROM found "
        "            WHERE s.id_hash = found.id_hash "
        "            AND found.last_seen_at < now() - %(every)s::interval RETURNING s.id_hash) "
        "SELECT found.*, EXISTS (SELECT 1 FROM renewed) AS renewed FROM found",
        {"hash": _hash(session_id), "lifetime": lifetime, "every": RENEW_RESOLUTION},
    )
    row = await cur.fetchone()
    if row is None:
        return None
    return WebSession(
        Actor(row["name"], row["role"], via=AuditChannel.web),
        row["csrf_token"],
        row["id"],
        row["renewed"],
    )


async def end(conn: AsyncConnection[Any], session_id: str) -> None:
    """Sign out: the session is gone, whatever copy of the cookie remains."""
    async with conn.transaction():
        await conn.execute("DELETE FROM web_sessions WHERE id_hash = %s", (_hash(session_id),))

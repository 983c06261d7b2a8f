"""The audit trail: who wrote what (``Actor``), one appended row per write, with the state
before and after. Field writes, account changes and imports all write it here.

The table refuses UPDATE and DELETE (trigger in migration 0004), so this module only inserts.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import Any

import orjson
from psycopg import AsyncConnection, Connection, sql
from psycopg.types.json import Jsonb


@dataclass(frozen=True)
class Actor:
    """Who is writing and through which channel (api, sync, cli, import)."""

    name: str
    role: str
    via: str = "api"

    def through(self, via: str) -> Actor:
        """The same person and role writing through another channel ``via``."""
        return Actor(self.name, self.role, via)


def command_line_actor(via: str = "cli") -> Actor:
    """Who runs a command on the server (accounts, imports): its operating-system user, with
    the admin's rights that a shell on the server gives."""
    return Actor(f"cli:{getpass.getuser()}", "admin", via)


INSERT_AUDIT = (
    "INSERT INTO audit_log (actor, role, via, action, entity, entity_id, before, after) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
)


def _snapshot_query(table: str, column: str) -> sql.Composed:
    return sql.SQL("SELECT to_jsonb(t) AS doc FROM {} t WHERE {} = %s").format(
        sql.Identifier(table), sql.Identifier(column)
    )


async def snapshot(
    conn: AsyncConnection[Any], table: str, key: Any, column: str = "id"
) -> dict[str, Any] | None:
    """The row as JSON (geometries as GeoJSON, through PostGIS's cast), or None."""
    cur = await conn.execute(_snapshot_query(table, column), (key,))
    row = await cur.fetchone()
    return row["doc"] if row else None


def snapshot_sync(
    conn: Connection[Any], table: str, key: Any, column: str = "id"
) -> dict[str, Any] | None:
    """``snapshot`` for the command line's synchronous connections (importers)."""
    row = conn.execute(_snapshot_query(table, column), (key,)).fetchone()
    return row["doc"] if row else None


def _json(value: Any) -> Jsonb | None:
    # Rows read by Python may hold datetimes and UUIDs; write them as text.
    dumps = lambda obj: orjson.dumps(obj, default=str).decode()  # noqa: E731
    return None if value is None else Jsonb(value, dumps=dumps)


def _values(
    actor: Actor, action: str, entity: str, entity_id: str, before: Any, after: Any
) -> tuple[Any, ...]:
    return (
        actor.name,
        actor.role,
        actor.via,
        action,
        entity,
        entity_id,
        _json(before),
        _json(after),
    )


async def append(
    conn: AsyncConnection[Any],
    actor: Actor,
    action: str,
    entity: str,
    entity_id: str,
    before: Any,
    after: Any,
) -> None:
    """Append one entry to the audit trail in the caller's transaction."""
    await conn.execute(INSERT_AUDIT, _values(actor, action, entity, entity_id, before, after))


def append_sync(
    conn: Connection[Any],
    actor: Actor,
    action: str,
    entity: str,
    entity_id: str,
    before: Any,
    after: Any,
) -> None:
    """``append`` for a synchronous connection (the command line and importers)."""
    conn.execute(INSERT_AUDIT, _values(actor, action, entity, entity_id, before, after))


async def recent(
    conn: AsyncConnection[Any],
    limit: int,
    entity: str | None = None,
    entity_id: str | None = None,
    before: int | None = None,
) -> list[dict[str, Any]]:
    """Up to ``limit`` rows, newest first, those with an id below ``before`` when it is given
    (the next page: rows are never changed or deleted, so the id is a stable position)."""
    cur = await conn.execute(
        "SELECT id, at, actor, role, via, action, entity, entity_id, before, after "
        "FROM audit_log WHERE (%(entity)s::text IS NULL OR entity = %(entity)s) "
        "AND (%(entity_id)s::text IS NULL OR entity_id = %(entity_id)s) "
        "AND (%(before)s::bigint IS NULL OR id < %(before)s) "
        "ORDER BY id DESC LIMIT %(limit)s",
        {"entity": entity, "entity_id": entity_id, "before": before, "limit": limit},
    )
    return await cur.fetchall()

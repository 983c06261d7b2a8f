"""Patrols and inspections corrected or withdrawn by a person (issue 11).

A correction writes a new version: the old one is kept whole in ``record_history`` with who
replaced it and why, and the audit holds both. A withdrawal keeps the row but takes it out of
the layers, the maps and the schedule (migration 0032's views); the change feed sends mirrors
a deletion. Both are based on the version the client saw (If-Match), like repair steps.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, sql
from psycopg.types.json import Jsonb

from gis import audit
from gis.audit import Actor
from gis.field.checks import database_refusals
from gis.field.errors import Conflict, NotFound, StaleVersion

# What a correction may change, per table; a position or a track is not corrected here (it
# would change displacement, alerts and markers passed: record a new one and withdraw this).
CORRECTABLE = {
    "inspections": ("condition", "vegetation_cleared", "notes"),
    "patrols": ("vn_unit", "la_unit", "joint", "participants", "notes"),
}
NOUNS = {"inspections": "inspection", "patrols": "patrol"}


async def _locked_current(
    conn: AsyncConnection[Any], table: str, record_id: UUID, based_on_version: int
) -> dict[str, Any]:
    """The record as it is, locked, if it is live and still at ``based_on_version``."""
    cur = await conn.execute(
        sql.SQL("SELECT to_jsonb(t) AS doc FROM {} t WHERE id = %s FOR UPDATE").format(
            sql.Identifier(table)
        ),
        (record_id,),
    )
    row = await cur.fetchone()
    noun = NOUNS[table]
    if row is None:
        raise NotFound(f"{noun} {record_id} does not exist")
    doc: dict[str, Any] = row["doc"]
    if doc["withdrawn_at"] is not None:
        raise Conflict(
            f"{noun} {record_id} was withdrawn by {doc['withdrawn_by']} "
            f"({doc['withdrawal_reason']}); it can no longer change"
        )
    if doc["version"] != based_on_version:
        raise StaleVersion(
            f"{noun} {record_id} is at version {doc['version']}, not "
            f"{based_on_version}; reload it and decide again",
            doc["version"],
        )
    return doc


async def _keep_version(
    conn: AsyncConnection[Any],
    actor: Actor,
    table: str,
    record_id: UUID,
    doc: dict[str, Any],
    reason: str,
) -> None:
    await conn.execute(
        "INSERT INTO record_history (entity, record_id, version, doc, replaced_by, reason) "
        "VALUES (%s, %s, %s, %s, %s, %s)",
        (table, record_id, doc["version"], Jsonb(doc), actor.name, reason),
    )


async def correct(
    conn: AsyncConnection[Any],
    actor: Actor,
    table: str,
    record_id: UUID,
    changes: dict[str, Any],
    reason: str,
    based_on_version: int,
) -> None:
    """Replace the given fields (names from ``CORRECTABLE``) as a new version."""
    fields = [name for name in CORRECTABLE[table] if name in changes]
    async with conn.transaction():
        before = await _locked_current(conn, table, record_id, based_on_version)
        await _keep_version(conn, actor, table, record_id, before, reason)
        assignments = sql.SQL(", ").join(
            sql.SQL("{} = %s").format(sql.Identifier(name)) for name in fields
        )
        with database_refusals(f"{NOUNS[table]} {record_id}"):
            await conn.execute(
                sql.SQL("UPDATE {} SET {}{}version = version + 1 WHERE id = %s").format(
                    sql.Identifier(table), assignments, sql.SQL(", " if fields else "")
                ),
                (*(changes[name] for name in fields), record_id),
            )
        after = await audit.snapshot(conn, table, record_id)
        await audit.append(
            conn,
            actor,
            "correct",
            table,
            str(record_id),
            before,
            {**(after or {}), "reason": reason},
        )


async def withdraw(
    conn: AsyncConnection[Any],
    actor: Actor,
    table: str,
    record_id: UUID,
    reason: str,
    based_on_version: int,
) -> None:
    """Take the record out of every layer and map; it stays in the history and the audit."""
    async with conn.transaction():
        before = await _locked_current(conn, table, record_id, based_on_version)
        await _keep_version(conn, actor, table, record_id, before, reason)
        await conn.execute(
            sql.SQL(
                "UPDATE {} SET withdrawn_at = now(), withdrawn_by = %s, withdrawal_reason = %s, "
                "version = version + 1 WHERE id = %s"
            ).format(sql.Identifier(table)),
            (actor.name, reason, record_id),
        )
        after = await audit.snapshot(conn, table, record_id)
        await audit.append(conn, actor, "withdraw", table, str(record_id), before, after)


async def history(conn: AsyncConnection[Any], table: str, record_id: UUID) -> list[dict[str, Any]]:
    """Every replaced version, oldest first, each with who replaced it, when and why."""
    cur = await conn.execute(
        sql.SQL("SELECT 1 FROM {} WHERE id = %s").format(sql.Identifier(table)), (record_id,)
    )
    if await cur.fetchone() is None:
        raise NotFound(f"{NOUNS[table]} {record_id} does not exist")
    cur = await conn.execute(
        "SELECT version, doc - 'track' - 'position' AS record, replaced_by, replaced_at, "
        "reason FROM record_history WHERE entity = %s AND record_id = %s ORDER BY version",
        (table, record_id),
    )
    return await cur.fetchall()

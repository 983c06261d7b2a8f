"""Reads for the desk's record pages: a maintenance record with its history and photos, as
rows (timestamps stay timestamps, for the pages to show in local time)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from psycopg import AsyncConnection

from gis.field.errors import NotFound

RECORD = """
SELECT r.id, r.status, r.version, r.cause, r.severity, r.observed_on, r.observed_precision,
       r.description, r.document_ref, r.source, r.source_ref, r.licence,
       m.code AS marker_code, m.status AS marker_status, m.status_version AS marker_version
FROM maintenance_records r LEFT JOIN markers m ON m.id = r.marker_id
WHERE r.id = %s
"""
HISTORY = """
SELECT from_status, to_status, note, document_ref, actor, happened_on, created_at
FROM maintenance_events WHERE record_id = %s ORDER BY created_at, id
"""
PHOTOS = """
SELECT id, media_type, width, height, taken_at, created_at, created_by
FROM photos WHERE maintenance_id = %s ORDER BY coalesce(taken_at, created_at), id
"""


async def maintenance_record(conn: AsyncConnection[Any], record_id: UUID) -> dict[str, Any]:
    cur = await conn.execute(RECORD, (record_id,))
    record = await cur.fetchone()
    if record is None:
        raise NotFound(f"maintenance record {record_id} does not exist")
    cur = await conn.execute(HISTORY, (record_id,))
    record["history"] = await cur.fetchall()
    cur = await conn.execute(PHOTOS, (record_id,))
    record["photos"] = await cur.fetchall()
    return record


async def last_change(conn: AsyncConnection[Any], record_id: UUID) -> dict[str, Any] | None:
    """Who moved the record last, and when (for a form that was based on an older version)."""
    cur = await conn.execute(
        "SELECT actor, created_at FROM maintenance_events WHERE record_id = %s "
        "ORDER BY created_at DESC, id DESC LIMIT 1", (record_id,))
    return await cur.fetchone()

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
    """A maintenance record with its marker, history and photos."""
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
        "ORDER BY created_at DESC, id DESC LIMIT 1",
        (record_id,),
    )
    return await cur.fetchone()


# -- a marker's dossier ------------------------------------------------------------------------

INSPECTIONS_PAGE = 20
MARKER = """
SELECT m.id, m.code, m.type, m.status, m.status_version, m.chainage_m, m.maintained_by,
       m.id_status, m.coord_status, m.source, m.source_ref, m.licence, m.provenance_note,
       ST_X(m.registry_geom) AS lon, ST_Y(m.registry_geom) AS lat,
       s.code AS section, sch.due_at, sch.overdue
FROM markers m
JOIN marker_positions p ON p.id = m.position_id
JOIN border_sections s ON s.id = p.section_id
LEFT JOIN inspection_schedule sch ON sch.marker_id = m.id
WHERE m.code = %s
"""
# Keyset paging, newest first: a page is the rows older than the last one shown.
MARKER_INSPECTIONS = """
SELECT i.id, i.observed_at, i.condition, i.vegetation_cleared, i.accuracy_m,
       i.displacement_m, i.notes, i.created_by,
       (SELECT count(*) FROM photos ph WHERE ph.inspection_id = i.id) AS photos
FROM inspections i
WHERE i.marker_id = %(marker)s AND i.withdrawn_at IS NULL
  AND (%(before_at)s::timestamptz IS NULL OR (i.observed_at, i.id) < (%(before_at)s, %(before_id)s))
ORDER BY i.observed_at DESC, i.id DESC
LIMIT %(limit)s
"""
MARKER_RECORDS = """
SELECT r.id, r.status, r.cause, r.severity, r.observed_on, r.observed_precision
FROM maintenance_records r WHERE r.marker_id = %s
ORDER BY r.observed_on DESC NULLS LAST, r.id
"""
MARKER_ALERTS = """
SELECT a.id, a.displacement_m, a.threshold_m, a.created_at, a.acknowledged_at,
       a.acknowledged_by, a.acknowledgement_note
FROM alerts a WHERE a.marker_id = %s ORDER BY a.created_at DESC, a.id DESC
"""


async def marker(conn: AsyncConnection[Any], code: str) -> dict[str, Any]:
    """A marker's registry facts, with provenance, its last inspection and open damage."""
    cur = await conn.execute(MARKER, (code,))
    row = await cur.fetchone()
    if row is None:
        raise NotFound(f"marker '{code}' does not exist")
    cur = await conn.execute(MARKER_RECORDS, (row["id"],))
    row["records"] = await cur.fetchall()
    cur = await conn.execute(MARKER_ALERTS, (row["id"],))
    row["alerts"] = await cur.fetchall()
    return row


async def marker_inspections(
    conn: AsyncConnection[Any], marker_id: int, before: tuple[Any, UUID] | None
) -> tuple[list[dict[str, Any]], bool]:
    """One page of the marker's inspections, newest first, and whether older ones follow."""
    cur = await conn.execute(
        MARKER_INSPECTIONS,
        {
            "marker": marker_id,
            "before_at": before[0] if before else None,
            "before_id": before[1] if before else None,
            "limit": INSPECTIONS_PAGE + 1,
        },
    )
    rows = await cur.fetchall()
    return rows[:INSPECTIONS_PAGE], len(rows) > INSPECTIONS_PAGE


# -- an inspection, a patrol -------------------------------------------------------------------

INSPECTION = """
SELECT i.id, m.code AS marker_code, i.patrol_id, i.observed_at, i.condition,
       i.vegetation_cleared, i.accuracy_m, i.displacement_m, i.notes, i.created_by,
       i.version, i.created_at, i.withdrawn_at, i.withdrawn_by, i.withdrawal_reason
FROM inspections i JOIN markers m ON m.id = i.marker_id WHERE i.id = %s
"""
PATROL = """
SELECT p.id, p.started_at, p.ended_at, p.vn_unit, p.la_unit, p.joint, p.participants,
       p.notes, p.length_m, p.created_by, p.version, p.withdrawn_at, p.withdrawn_by,
       p.withdrawal_reason,
       (SELECT count(*) FROM inspections i WHERE i.patrol_id = p.id
        AND i.withdrawn_at IS NULL) AS inspections
FROM patrols p WHERE p.id = %s
"""
VERSIONS = """
SELECT version, replaced_by, replaced_at, reason FROM record_history
WHERE entity = %s AND record_id = %s ORDER BY version
"""


async def inspection(conn: AsyncConnection[Any], inspection_id: UUID) -> dict[str, Any]:
    """An inspection as the desk shows it, withdrawn or not."""
    cur = await conn.execute(INSPECTION, (inspection_id,))
    row = await cur.fetchone()
    if row is None:
        raise NotFound(f"inspection {inspection_id} does not exist")
    cur = await conn.execute(
        "SELECT id, taken_at, created_at FROM photos WHERE inspection_id = %s "
        "ORDER BY coalesce(taken_at, created_at), id",
        (inspection_id,),
    )
    row["photos"] = await cur.fetchall()
    cur = await conn.execute(VERSIONS, ("inspections", inspection_id))
    row["versions"] = await cur.fetchall()
    return row


async def patrol(conn: AsyncConnection[Any], patrol_id: UUID) -> dict[str, Any]:
    """A patrol with its track, the markers it inspected and its units."""
    cur = await conn.execute(PATROL, (patrol_id,))
    row = await cur.fetchone()
    if row is None:
        raise NotFound(f"patrol {patrol_id} does not exist")
    cur = await conn.execute(VERSIONS, ("patrols", patrol_id))
    row["versions"] = await cur.fetchall()
    return row

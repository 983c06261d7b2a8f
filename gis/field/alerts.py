"""Displacement alerts acknowledged by a person (issue 11): who, when and a note, once."""

from __future__ import annotations

from typing import Any

from psycopg import AsyncConnection

from gis import audit
from gis.audit import Actor
from gis.field.errors import Conflict, NotFound

ALERT_COLUMNS = (
    "a.id, a.kind, m.code AS marker_code, a.inspection_id, i.observed_at, "
    "a.displacement_m, a.threshold_m, a.created_at, a.acknowledged_at, "
    "a.acknowledged_by, a.acknowledgement_note"
)


async def listing(
    conn: AsyncConnection[Any], limit: int, open_only: bool = False
) -> list[dict[str, Any]]:
    """The ``limit`` newest alerts (only unacknowledged ones with ``open_only``)."""
    cur = await conn.execute(
        f"SELECT {ALERT_COLUMNS} FROM alerts a JOIN markers m ON m.id = a.marker_id "  # noqa: S608
        "JOIN inspections i ON i.id = a.inspection_id "
        "WHERE NOT %s OR a.acknowledged_at IS NULL "
        "ORDER BY a.created_at DESC, a.id DESC LIMIT %s",
        (open_only, limit),
    )
    return await cur.fetchall()


async def get(conn: AsyncConnection[Any], alert_id: int) -> dict[str, Any]:
    """One alert with its marker, inspection and acknowledgement."""
    cur = await conn.execute(
        f"SELECT {ALERT_COLUMNS} FROM alerts a JOIN markers m ON m.id = a.marker_id "  # noqa: S608
        "JOIN inspections i ON i.id = a.inspection_id WHERE a.id = %s",
        (alert_id,),
    )
    row = await cur.fetchone()
    if row is None:
        raise NotFound(f"alert {alert_id} does not exist")
    return row


async def acknowledge(
    conn: AsyncConnection[Any], actor: Actor, alert_id: int, note: str | None
) -> dict[str, Any]:
    """Mark the alert seen and dealt with; a second acknowledgement is a Conflict."""
    async with conn.transaction():
        cur = await conn.execute(
            "SELECT id, acknowledged_at, acknowledged_by, acknowledgement_note FROM alerts "
            "WHERE id = %s FOR UPDATE",
            (alert_id,),
        )
        before = await cur.fetchone()
        if before is None:
            raise NotFound(f"alert {alert_id} does not exist")
        if before["acknowledged_at"] is not None:
            raise Conflict(
                f"alert {alert_id} was already acknowledged by "
                f"{before['acknowledged_by']} at "
                f"{before['acknowledged_at'].isoformat()}"
            )
        cur = await conn.execute(
            "UPDATE alerts SET acknowledged_at = now(), acknowledged_by = %s, "
            "acknowledgement_note = %s WHERE id = %s "
            "RETURNING id, acknowledged_at, acknowledged_by, acknowledgement_note",
            (actor.name, note, alert_id),
        )
        after = await cur.fetchone()
        await audit.append(conn, actor, "acknowledge", "alerts", str(alert_id), before, after)
    return await get(conn, alert_id)

"""A marker's status (intact … destroyed), changed only by a person: a planner deciding at
the desk or through the API, under optimistic locking (``markers.status_version``), audited.

The desk proposes a status from the latest inspection's condition (``proposed_status``) and,
when a repair is verified, offers to set the marker back; neither happens by itself.
"""

from __future__ import annotations

from typing import Any

from psycopg import AsyncConnection

from gis import audit
from gis.audit import Actor
from gis.field.errors import NotAllowed, NotFound, Rejected, StaleVersion
from gis.field.lifecycle import PLANNING
from gis.vocabulary import Condition, MarkerStatus, values

MARKER_STATUSES = values(MarkerStatus)
# What an inspection's condition suggests for the marker; the planner decides.
CONDITION_PROPOSES: dict[str, str] = {
    Condition.intact: MarkerStatus.intact,
    Condition.vegetation_overgrown: MarkerStatus.needs_attention,
    Condition.cracked: MarkerStatus.needs_attention,
    Condition.tilted: MarkerStatus.needs_attention,
    Condition.damaged: MarkerStatus.damaged,
    Condition.buried: MarkerStatus.damaged,
    Condition.displaced: MarkerStatus.damaged,
    Condition.missing: MarkerStatus.destroyed,
}
STATUS_JSON = "SELECT code, status, status_version AS version FROM markers WHERE code = %s"


def proposed_status(condition: str | None) -> str | None:
    """The marker status an inspection's condition proposes (None: no change to propose)."""
    return CONDITION_PROPOSES.get(condition) if condition else None


async def current(conn: AsyncConnection[Any], code: str) -> dict[str, Any]:
    """The marker's status and version, with the status its latest inspection proposes."""
    cur = await conn.execute(
        "SELECT m.code, m.status, m.status_version AS version, i.condition AS last_condition, "
        "i.observed_at AS last_observed_at FROM markers m LEFT JOIN LATERAL ("
        "  SELECT condition, observed_at FROM inspections WHERE marker_id = m.id "
        "  AND withdrawn_at IS NULL "
        "  ORDER BY observed_at DESC LIMIT 1) i ON true WHERE m.code = %s",
        (code,),
    )
    row = await cur.fetchone()
    if row is None:
        raise NotFound(f"marker '{code}' does not exist")
    row["proposed"] = proposed_status(row["last_condition"])
    return row


async def set_status(
    conn: AsyncConnection[Any],
    actor: Actor,
    code: str,
    status: str,
    based_on_version: int,
    reason: str | None,
) -> dict[str, Any]:
    """Set the marker's status if it is still at ``based_on_version``; audited with the
    reason."""
    if actor.role not in PLANNING:
        raise NotAllowed(
            f"status: the role '{actor.role}' may not change a marker's status "
            "(needs planner or admin)"
        )
    if status not in MARKER_STATUSES:
        raise Rejected(f"status: '{status}' is not one of {', '.join(MARKER_STATUSES)}")
    async with conn.transaction():
        cur = await conn.execute(
            "SELECT code, status, status_version AS version FROM markers "
            "WHERE code = %s FOR UPDATE",
            (code,),
        )
        before = await cur.fetchone()
        if before is None:
            raise NotFound(f"marker '{code}' does not exist")
        if before["version"] != based_on_version:
            raise StaleVersion(
                f"marker '{code}' status is at version {before['version']}, "
                f"not {based_on_version}; reload it and decide again",
                before["version"],
            )
        cur = await conn.execute(
            "UPDATE markers SET status = %s, status_version = status_version + 1 "
            "WHERE code = %s RETURNING code, status, status_version AS version",
            (status, code),
        )
        after = await cur.fetchone()
        assert after is not None
        await audit.append(
            conn, actor, "set_status", "markers", code, before, {**after, "reason": reason}
        )
    return after

"""What waits for each role (the desk's work queue, issue 11): counts and the newest items.

Maintenance records wait in the status whose next step the role takes (gis/field/lifecycle);
markers by the inspection schedule (migration 0006); displacement alerts until someone
acknowledges them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from psycopg import AsyncConnection

from gis.field.lifecycle import STEPS
from gis.vocabulary import FIELD_ROLES, FIELD_WRITERS

SHOWN = 20  # items listed per section; the count says how many there are in all
DUE_WITHIN = dt.timedelta(days=7)
# Queue section -> the record status it lists.
RECORD_SECTIONS = {
    "to_assess": "reported",
    "to_propose": "assessed",
    "to_approve": "repair_proposed",
    "to_repair": "approved",
    "repairing": "in_repair",
    "to_verify": "repaired",
}
MARKER_ROLES = FIELD_ROLES  # every signed-in role sees the markers due
ALERT_ROLES = FIELD_WRITERS  # those who may acknowledge them

RECORDS = """
SELECT r.id, r.status, r.cause, r.severity, r.observed_on, r.observed_precision,
       m.code AS marker_code, e.changed_at, count(*) OVER () AS total
FROM maintenance_records r
LEFT JOIN markers m ON m.id = r.marker_id
LEFT JOIN LATERAL (SELECT max(created_at) AS changed_at FROM maintenance_events
                   WHERE record_id = r.id) e ON true
WHERE r.status = %s
ORDER BY e.changed_at DESC NULLS LAST, r.id
LIMIT %s
"""

MARKERS = """
SELECT marker_code, due_at, last_observed_at, count(*) OVER () AS total
FROM inspection_schedule
WHERE CASE WHEN %(overdue)s THEN overdue
           ELSE NOT overdue AND due_at <= now() + %(within)s::interval END
ORDER BY due_at NULLS FIRST, chainage_m, marker_code
LIMIT %(limit)s
"""

ALERTS = """
SELECT a.id, a.inspection_id, a.displacement_m, a.threshold_m, a.created_at,
       m.code AS marker_code, count(*) OVER () AS total
FROM alerts a JOIN markers m ON m.id = a.marker_id
WHERE a.acknowledged_at IS NULL
ORDER BY a.created_at DESC, a.id DESC
LIMIT %s
"""


@dataclass
class Section:
    """One kind of waiting work: how many in all, and the newest ``SHOWN``."""

    key: str
    kind: str  # maintenance, marker or alert: what the items link to
    total: int = 0
    items: list[dict[str, Any]] = field(default_factory=list)


def _section(key: str, kind: str, rows: list[dict[str, Any]]) -> Section:
    return Section(key, kind, int(rows[0]["total"]) if rows else 0, rows)


def record_sections_for(role: str) -> list[str]:
    """The queue's record sections whose status has a next step this role may take."""
    return [
        key
        for key, status in RECORD_SECTIONS.items()
        if any(frm == status and role in roles for (frm, _), roles in STEPS.items())
    ]


async def work_queue(conn: AsyncConnection[Any], role: str) -> list[Section]:
    """The queue's sections for ``role``: records by step, markers due, open alerts,
    field sync refusals."""
    sections: list[Section] = []
    for key in record_sections_for(role):
        cur = await conn.execute(RECORDS, (RECORD_SECTIONS[key], SHOWN))
        sections.append(_section(key, "maintenance", await cur.fetchall()))
    if role in MARKER_ROLES:
        for key, overdue in (("overdue", True), ("due_soon", False)):
            cur = await conn.execute(
                MARKERS, {"overdue": overdue, "within": DUE_WITHIN, "limit": SHOWN}
            )
            sections.append(_section(key, "marker", await cur.fetchall()))
    if role in ALERT_ROLES:
        cur = await conn.execute(ALERTS, (SHOWN,))
        sections.append(_section("open_alerts", "alert", await cur.fetchall()))
    return sections

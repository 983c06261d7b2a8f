"""Inspection schedule: one inspection a month per marker unless a policy says otherwise."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from psycopg import AsyncConnection

from gis import audit
from gis.audit import Actor
from gis.field.errors import Rejected
from gis.field.models import PolicyIn
from gis.settings import get_settings

UNITS = {"h": "hours", "d": "days", "w": "weeks"}

# The view (migration 0006) gives each marker its interval (own policy, else its section's,
# else one month) and last inspection; the inspections map reads the same view. A marker is
# "seen" when a patrol passed within the passed-marker distance (migration 0024), read from
# the passes stored when patrols are written (migration 0032).
DUE_SQL = """
SELECT s.marker_code, s.section, extract(epoch FROM s.every) / 86400 AS every_days, s.due_at,
       s.overdue,
       CASE WHEN s.last_inspection_id IS NOT NULL THEN json_build_object(
           'id', s.last_inspection_id, 'observed_at', s.last_observed_at,
           'condition', s.last_condition) END AS last_inspection,
       seen.last_seen_at
FROM inspection_schedule s
CROSS JOIN LATERAL marker_last_seen(s.marker_id, %(seen_within)s) AS seen
WHERE s.last_observed_at IS NULL OR s.due_at <= now() + %(within)s::interval
ORDER BY s.due_at NULLS FIRST, s.chainage_m, s.marker_code
"""


def parse_within(text: str) -> dt.timedelta:
    """'7d', '12h', '2w' → a duration."""
    match = re.fullmatch(r"(\d{1,4})([hdw])", text.strip())
    if not match:
        raise Rejected(f"within: '{text}' is not a duration such as 7d, 12h or 2w")
    return dt.timedelta(**{UNITS[match.group(2)]: int(match.group(1))})


async def due(conn: AsyncConnection[Any], within: dt.timedelta) -> list[dict[str, Any]]:
    """The markers whose next inspection falls within ``within`` from now, with when a
    patrol last passed each (seen, which is not inspected)."""
    seen_within = get_settings().passed_marker_distance_m
    cur = await conn.execute(DUE_SQL, {"within": within, "seen_within": seen_within})
    return await cur.fetchall()


async def set_policy(conn: AsyncConnection[Any], actor: Actor, policy: PolicyIn) -> dict[str, Any]:
    """Set how often a section's or a marker's markers are inspected."""
    table, column, code = (
        ("border_sections", "section_id", policy.section)
        if policy.section
        else ("markers", "marker_id", policy.marker_code)
    )
    async with conn.transaction():
        cur = await conn.execute(f"SELECT id FROM {table} WHERE code = %s", (code,))  # noqa: S608
        target = await cur.fetchone()
        if target is None:
            kind = "section" if policy.section else "marker_code"
            raise Rejected(f"{kind}: no {kind.replace('_code', '')} '{code}' in the registry")
        cur = await conn.execute(
            f"SELECT to_jsonb(p) AS doc FROM inspection_policies p "  # noqa: S608
            f"WHERE {column} = %s",
            (target["id"],),
        )
        before = await cur.fetchone()
        cur = await conn.execute(
            f"INSERT INTO inspection_policies ({column}, every) "  # noqa: S608
            f"VALUES (%s, make_interval(days => %s)) ON CONFLICT ({column}) DO UPDATE "
            "SET every = excluded.every, updated_at = now() RETURNING id, to_jsonb("
            "inspection_policies.*) AS doc",
            (target["id"], policy.every_days),
        )
        row = await cur.fetchone()
        assert row is not None
        await audit.append(
            conn,
            actor,
            "set_policy",
            "inspection_policies",
            str(row["id"]),
            before["doc"] if before else None,
            row["doc"],
        )
    return {
        "section": policy.section,
        "marker_code": policy.marker_code,
        "every_days": policy.every_days,
    }

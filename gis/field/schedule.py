"""Inspection schedule: one inspection a month per marker unless a policy says otherwise."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from psycopg import AsyncConnection

from gis.field import audit
from gis.field.accounts import Actor
from gis.field.errors import Rejected
from gis.field.models import PolicyIn

DEFAULT_EVERY = "1 month"
UNITS = {"h": "hours", "d": "days", "w": "weeks"}

# Every marker with its interval (own policy, else its section's, else the default), its
# last inspection, and when the next is due. Markers never inspected are overdue.
DUE_SQL = """
WITH last AS (
    SELECT DISTINCT ON (marker_id) marker_id, id, observed_at, condition
    FROM inspections ORDER BY marker_id, observed_at DESC
), policy AS (
    SELECT m.id AS marker_id, m.code, m.chainage_m, s.code AS section,
           coalesce(mp.every, sp.every, %(default)s::interval) AS every
    FROM markers m
    JOIN marker_positions p ON p.id = m.position_id
    JOIN border_sections s ON s.id = p.section_id
    LEFT JOIN inspection_policies mp ON mp.marker_id = m.id
    LEFT JOIN inspection_policies sp ON sp.section_id = s.id
)
SELECT p.code AS marker_code, p.section,
       extract(epoch FROM p.every) / 86400 AS every_days,
       l.observed_at + p.every AS due_at,
       (l.observed_at IS NULL OR l.observed_at + p.every < now()) AS overdue,
       CASE WHEN l.id IS NOT NULL THEN json_build_object(
           'id', l.id, 'observed_at', l.observed_at, 'condition', l.condition) END
           AS last_inspection
FROM policy p LEFT JOIN last l USING (marker_id)
WHERE l.observed_at IS NULL OR l.observed_at + p.every <= now() + %(within)s::interval
ORDER BY due_at NULLS FIRST, p.chainage_m, p.code
"""


def parse_within(text: str) -> dt.timedelta:
    """'7d', '12h', '2w' → a duration."""
    match = re.fullmatch(r"(\d{1,4})([hdw])", text.strip())
    if not match:
        raise Rejected(f"within: '{text}' is not a duration such as 7d, 12h or 2w")
    return dt.timedelta(**{UNITS[match.group(2)]: int(match.group(1))})


async def due(conn: AsyncConnection[Any], within: dt.timedelta) -> list[dict[str, Any]]:
    cur = await conn.execute(DUE_SQL, {"default": DEFAULT_EVERY, "within": within})
    return await cur.fetchall()


async def set_policy(conn: AsyncConnection[Any], actor: Actor,
                     policy: PolicyIn) -> dict[str, Any]:
    """Set how often a section's or a marker's markers are inspected."""
    table, column, code = (("border_sections", "section_id", policy.section) if policy.section
                           else ("markers", "marker_id", policy.marker_code))
    async with conn.transaction():
        cur = await conn.execute(
            f"SELECT id FROM {table} WHERE code = %s", (code,))  # noqa: S608
        target = await cur.fetchone()
        if target is None:
            kind = "section" if policy.section else "marker_code"
            raise Rejected(f"{kind}: no {kind.replace('_code', '')} '{code}' in the registry")
        cur = await conn.execute(
            f"SELECT to_jsonb(p) AS doc FROM inspection_policies p "  # noqa: S608
            f"WHERE {column} = %s", (target["id"],))
        before = await cur.fetchone()
        cur = await conn.execute(
            f"INSERT INTO inspection_policies ({column}, every) "  # noqa: S608
            f"VALUES (%s, make_interval(days => %s)) ON CONFLICT ({column}) DO UPDATE "
            "SET every = excluded.every, updated_at = now() RETURNING id, to_jsonb("
            "inspection_policies.*) AS doc", (target["id"], policy.every_days))
        row = await cur.fetchone()
        assert row is not None
        await audit.append(conn, actor, "set_policy", "inspection_policies", str(row["id"]),
                           before["doc"] if before else None, row["doc"])
    return {"section": policy.section, "marker_code": policy.marker_code,
            "every_days": policy.every_days}

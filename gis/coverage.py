"""Patrol coverage of the border segments for a period, and the patrol policy per section.

The computation is the database's (``patrol_coverage``, migrations 0024 and 0025, the
latter reading each patrol's stretches stored when it was written): for each segment,
the share of its length within the policy's distance of a patrol track started in the period
(all, joint, Vietnamese-only), the last time a patrol passed it, and whether every window of
the policy (one month by default) had a joint patrol covering at least ``min_share`` of it.
Dates are days on the border's calendar (Asia/Ho_Chi_Minh); ``date_to`` is included.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from psycopg import AsyncConnection, Connection
from pydantic import BaseModel, ConfigDict, Field

from gis import audit
from gis.audit import Actor

# Longest period one request may ask for: the policy windows are counted per day.
MAX_PERIOD_DAYS = 3660

COVERAGE_SQL = """
SELECT segment_id, section, seq, from_position, to_position, from_markers, to_markers,
       from_chainage_m, to_chainage_m, length_m, kind, distance_m, covered_share, joint_share,
       vn_only_share, patrols, joint_patrols, last_patrolled_at, last_joint_patrolled_at,
       (extract(epoch FROM policy_every) / 86400)::float8 AS policy_every_days, policy_min_share,
       windows, windows_met, meets_policy
FROM patrol_coverage(%(from)s, %(to)s, %(section)s)
"""

# The same rows as GeoJSON, written by PostGIS.
COVERAGE_GEOJSON_SQL = """
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
    json_build_object('type', 'Feature', 'id', c.segment_id,
                      'geometry', ST_AsGeoJSON(c.geom, 7)::json,
                      'properties', (to_jsonb(c) - 'geom' - 'gaps' - 'policy_every')
                                    || jsonb_build_object('policy_every_days',
                                       (extract(epoch FROM c.policy_every) / 86400)::float8))
    ORDER BY c.section, c.seq), '[]'::json))::text AS doc
FROM patrol_coverage(%(from)s, %(to)s, %(section)s) AS c
"""

SECTION_EXISTS = "SELECT 1 FROM border_sections WHERE code = %s"


class CoverageError(ValueError):
    """A period or section the coverage cannot be computed for: which parameter, and why."""

    def __init__(self, parameter: str, reason: str) -> None:
        super().__init__(f"{parameter}: {reason}")
        self.parameter = parameter
        self.reason = reason


@dataclass(frozen=True)
class SegmentCoverage:
    """One border segment's patrol coverage in a period. Shares are 0 … 1 of its length."""

    segment_id: str
    section: str
    seq: int  # order along the section
    from_position: str | None
    to_position: str | None
    from_markers: tuple[str, ...]
    to_markers: tuple[str, ...]
    from_chainage_m: float
    to_chainage_m: float
    length_m: float
    kind: str
    distance_m: float
    covered_share: float
    joint_share: float
    vn_only_share: float
    patrols: int
    joint_patrols: int
    last_patrolled_at: dt.datetime | None
    last_joint_patrolled_at: dt.datetime | None
    policy_every_days: float
    policy_min_share: float
    windows: int
    windows_met: int
    meets_policy: bool

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> SegmentCoverage:
        """One row of ``patrol_coverage`` (arrays and intervals as Python values)."""
        values = dict(row)
        values["from_markers"] = tuple(values["from_markers"])
        values["to_markers"] = tuple(values["to_markers"])
        values["policy_every_days"] = float(values["policy_every_days"])
        return cls(**values)


def check_period(date_from: dt.date, date_to: dt.date) -> None:
    """Refuse a period that ends before it starts or is longer than ``MAX_PERIOD_DAYS``."""
    if date_to < date_from:
        raise CoverageError("to", f"{date_to} is before from = {date_from}")
    if (date_to - date_from).days >= MAX_PERIOD_DAYS:
        raise CoverageError("to", f"the period may be at most {MAX_PERIOD_DAYS} days")


def _params(date_from: dt.date, date_to: dt.date, section: str | None) -> dict[str, Any]:
    check_period(date_from, date_to)
    return {"from": date_from, "to": date_to, "section": section}


def _unknown_section(section: str) -> CoverageError:
    return CoverageError("section", f"no border section '{section}' in the registry")


def segment_coverage(
    conn: Connection[Any], date_from: dt.date, date_to: dt.date, section: str | None = None
) -> list[SegmentCoverage]:
    """Coverage of every segment (of ``section``, else all) by patrols started from
    ``date_from`` to ``date_to`` (both included), in section and chainage order.

    Raises:
        CoverageError: the period is reversed or too long, or the section is unknown.
    """
    params = _params(date_from, date_to, section)
    if section is not None and conn.execute(SECTION_EXISTS, (section,)).fetchone() is None:
        raise _unknown_section(section)
    with conn.cursor() as cur:
        rows = cur.execute(COVERAGE_SQL, params).fetchall()
        # read while the cursor is open: a tuple row needs its description
        return [SegmentCoverage.from_row(_as_dict(cur, row)) for row in rows]


async def segment_coverage_async(
    conn: AsyncConnection[Any], date_from: dt.date, date_to: dt.date, section: str | None = None
) -> list[SegmentCoverage]:
    """``segment_coverage`` on the API's asynchronous connection."""
    params = _params(date_from, date_to, section)
    await _check_section_async(conn, section)
    async with conn.cursor() as cur:
        await cur.execute(COVERAGE_SQL, params)
        rows = await cur.fetchall()
        return [SegmentCoverage.from_row(_as_dict(cur, row)) for row in rows]


async def coverage_geojson(
    conn: AsyncConnection[Any], date_from: dt.date, date_to: dt.date, section: str | None = None
) -> str:
    """The coverage as a GeoJSON FeatureCollection of segments (text written by PostGIS)."""
    params = _params(date_from, date_to, section)
    await _check_section_async(conn, section)
    cur = await conn.execute(COVERAGE_GEOJSON_SQL, params)
    row = await cur.fetchone()
    assert row is not None
    return str(_as_dict(cur, row)["doc"])


async def _check_section_async(conn: AsyncConnection[Any], section: str | None) -> None:
    if section is None:
        return
    cur = await conn.execute(SECTION_EXISTS, (section,))
    if await cur.fetchone() is None:
        raise _unknown_section(section)


def _as_dict(cur: Any, row: Any) -> dict[str, Any]:
    """A row as a dict whatever the connection's row factory."""
    if isinstance(row, dict):
        return row
    return {column.name: value for column, value in zip(cur.description, row, strict=True)}


# --- the policy ---------------------------------------------------------------------------


class PatrolPolicyIn(BaseModel):
    """A section's patrol policy; what is left out keeps its current (or default) value."""

    model_config = ConfigDict(extra="forbid")

    section: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_-]+$")
    every_days: int | None = Field(
        None,
        ge=1,
        le=366,
        description="length of a policy window in days (default: one calendar month)",
    )
    min_share: float | None = Field(
        None,
        gt=0,
        le=1,
        description="share of a segment a joint patrol must cover to count (default 0.5)",
    )
    distance_m: float | None = Field(
        None,
        gt=0,
        le=5000,
        description="a segment is covered within this distance of a track (default 200 m)",
    )


POLICY_SQL = """
INSERT INTO patrol_policies (section_id, every, min_share, distance_m)
SELECT f.section_id, coalesce(make_interval(days => %(every_days)s), f.every),
       coalesce(%(min_share)s, f.min_share), coalesce(%(distance_m)s, f.distance_m)
FROM patrol_policy_in_force f WHERE f.section = %(section)s
ON CONFLICT (section_id) DO UPDATE SET every = excluded.every,
    min_share = excluded.min_share, distance_m = excluded.distance_m, updated_at = now()
RETURNING section_id
"""

POLICY_JSON = """
SELECT section, (extract(epoch FROM every) / 86400)::float8 AS every_days,
       (every = interval '1 month') AS monthly, min_share, distance_m, own_policy
FROM patrol_policy_in_force WHERE section = %s
"""


async def read_policy(conn: AsyncConnection[Any], section: str) -> dict[str, Any]:
    """The patrol policy in force on ``section`` (its own, else the defaults).

    Raises:
        CoverageError: the section is unknown.
    """
    cur = await conn.execute(POLICY_JSON, (section,))
    row = await cur.fetchone()
    if row is None:
        raise _unknown_section(section)
    return _as_dict(cur, row)


async def set_policy(
    conn: AsyncConnection[Any], actor: Actor, policy: PatrolPolicyIn
) -> dict[str, Any]:
    """Write a section's patrol policy and its audit entry in one transaction; returns the
    policy now in force.

    Raises:
        CoverageError: the section is unknown.
    """
    async with conn.transaction():
        before = await read_policy(conn, policy.section)
        await conn.execute(POLICY_SQL, policy.model_dump())
        after = await read_policy(conn, policy.section)
        await audit.append(
            conn, actor, "set_policy", "patrol_policies", policy.section, before, after
        )
    return after

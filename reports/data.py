"""Everything the joint report says, read from the registry and the field records.

Every figure is computed by PostgreSQL; Python only carries the rows to the templates. The
period runs from ``date_from`` 00:00 to the end of ``date_to`` in local time
(Asia/Ho_Chi_Minh). A maintenance record's status "at the end of the period" is the status its
last step on or before ``date_to`` led to, so a report for a past year reads as it would have
then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from psycopg import AsyncConnection
from psycopg.pq import TransactionStatus

from gis.coverage import SegmentCoverage, segment_coverage_async
from gis.vocabulary import CLOSED_MAINTENANCE_STATUSES

TIMEZONE = "Asia/Ho_Chi_Minh"
LOCAL = ZoneInfo(TIMEZONE)
NEAR_SECTION_M = 5000  # a patrol or a loose damage point this close to a section belongs to it
MAX_PERIOD_DAYS = 3 * 366
PENDING_REPAIRS = ("repair_proposed", "approved", "in_repair")
STEPS = ("assessed", "approved", "repaired", "verified")


class ReportRefused(ValueError):
    """The request names a period or section the report cannot be made for."""

    def __init__(self, where: str, why: str) -> None:
        super().__init__(f"{where}: {why}")
        self.where = where
        self.why = why


@dataclass(frozen=True)
class Period:
    """The days a report covers, both included, on the stretch's local calendar."""

    date_from: dt.date
    date_to: dt.date

    @property
    def start(self) -> dt.datetime:
        """The first instant of the period, local time."""
        return dt.datetime.combine(self.date_from, dt.time(), LOCAL)

    @property
    def end(self) -> dt.datetime:
        """The first instant after the period."""
        return dt.datetime.combine(self.date_to + dt.timedelta(days=1), dt.time(), LOCAL)

    @property
    def next_end(self) -> dt.datetime:
        """The end of the next period of the same length."""
        return self.end + (self.end - self.start)

    @property
    def next_from(self) -> dt.date:
        """The first day of the period after this one."""
        return self.date_to + dt.timedelta(days=1)

    @property
    def next_to(self) -> dt.date:
        """The last day of a next period as long as this one."""
        return self.date_to + (self.date_to - self.date_from) + dt.timedelta(days=1)


@dataclass
class JointReportData:
    """Every figure and list the joint report prints, read from the database."""

    period: Period
    section: str | None
    made_at: dt.datetime
    sections: list[dict[str, Any]]
    registry: dict[str, Any]
    inspections: dict[str, Any]
    alerts: dict[str, Any]
    damage: list[dict[str, Any]]
    patrols: dict[str, Any]
    coverage: list[SegmentCoverage]  # per border segment, patrols started in the period
    markers: list[dict[str, Any]]
    lines: list[dict[str, Any]]
    records: list[dict[str, Any]]
    plan: dict[str, Any]
    provenance: dict[str, Any] = field(default_factory=dict)


# --- SQL: common table expressions shared by the queries, then one query per part -------

# The markers of the stretch: one section, or all of them.
STRETCH = """
stretch AS (
    SELECT m.*, p.number AS position_number, p.section_id, s.code AS section_code
    FROM markers m
    JOIN marker_positions p ON p.id = m.position_id
    JOIN border_sections s ON s.id = p.section_id
    WHERE %(section)s::text IS NULL OR s.code = %(section)s::text
)"""

# Maintenance steps with the day they happened: the date the field gave, else the day the
# step was recorded. NOT MATERIALIZED: the records read their own steps through the index on
# record_id; a materialized copy has none, and twenty years of steps (53,000) read once per
# record took the report's SQL from 1 s to over 500 s.
STEPS_CTE = """
steps AS NOT MATERIALIZED (
    SELECT e.*, coalesce(e.happened_on, (e.created_at AT TIME ZONE %(tz)s)::date) AS on_date
    FROM maintenance_events e
)"""

# The maintenance records of the stretch with their status at the end of the period (NULL
# when the record did not exist yet), the day they were reported, and whether still open.
RECORDS = """
records AS MATERIALIZED (
    SELECT r.*, m.code AS marker_code,
           coalesce(
               (SELECT e.to_status FROM steps e
                WHERE e.record_id = r.id AND e.on_date <= %(date_to)s
                ORDER BY e.on_date DESC, e.id DESC LIMIT 1),
               CASE WHEN NOT EXISTS (SELECT FROM steps e WHERE e.record_id = r.id)
                         AND coalesce(r.reported_on, (r.created_at AT TIME ZONE %(tz)s)::date)
                             <= %(date_to)s
                    THEN r.status END) AS status_at_end,
           coalesce(r.reported_on,
                    (SELECT min(e.on_date) FROM steps e WHERE e.record_id = r.id),
                    (r.created_at AT TIME ZONE %(tz)s)::date) AS reported_date
    FROM maintenance_records r
    LEFT JOIN markers m ON m.id = r.marker_id
    WHERE %(section)s::text IS NULL
       OR r.marker_id IN (SELECT id FROM stretch)
       OR (r.marker_id IS NULL AND r.geom IS NOT NULL
           AND ST_DWithin(r.geom::geography,
                          (SELECT geom FROM border_sections WHERE code = %(section)s)::geography,
                          %(near_m)s))
),
record_flags AS (
    SELECT r.id,
           r.status_at_end IS NOT NULL AND r.status_at_end <> ALL(%(closed)s) AS still_open
    FROM records r
)"""

# Steps of the records taken within the period.
PERIOD_STEPS = """
period_steps AS (
    SELECT e.record_id, e.to_status
    FROM steps e JOIN records r ON r.id = e.record_id
    WHERE e.on_date BETWEEN %(date_from)s AND %(date_to)s
)"""

# The last inspection of each marker of the stretch before the end of the period. Withdrawn
# patrols and inspections (issue 11) are counted nowhere in the report.
LAST_INSPECTION = """
last_inspection AS (
    SELECT s.id AS marker_id, last.observed_at, last.condition
    FROM stretch s
    JOIN LATERAL (
        SELECT i.observed_at, i.condition FROM inspections i
        WHERE i.marker_id = s.id AND i.observed_at < %(end)s AND i.withdrawn_at IS NULL
        ORDER BY i.observed_at DESC LIMIT 1
    ) last ON true
)"""

MAINTENANCE = (STRETCH, STEPS_CTE, RECORDS, PERIOD_STEPS)


def with_ctes(ctes: tuple[str, ...], body: str) -> str:
    """One query from constant pieces (no value is ever spliced in: values are parameters)."""
    return "WITH " + ",".join(ctes) + "\n" + body


SECTIONS_SQL = """
SELECT code, name, vn_unit, la_unit, official_length_m, official_length_ref,
       measured_length_m, first_marker, last_marker, source, source_ref, licence, coord_status,
       provenance_note
FROM border_sections
WHERE %(section)s::text IS NULL OR code = %(section)s::text
ORDER BY id
"""

REGISTRY_SQL = with_ctes(
    (STRETCH,),
    """
SELECT count(*) AS markers,
       count(*) FILTER (WHERE type = 'boundary_marker') AS boundary_markers,
       count(*) FILTER (WHERE type = 'reference_stake') AS reference_stakes,
       count(DISTINCT position_id) AS positions
FROM stretch
""",
)

INSPECTIONS_SQL = with_ctes(
    (
        STRETCH,
        """
period_inspections AS MATERIALIZED (
    SELECT i.marker_id, i.observed_at, i.condition, i.vegetation_cleared
    FROM inspections i JOIN stretch s ON s.id = i.marker_id
    WHERE i.observed_at >= %(start)s AND i.observed_at < %(end)s AND i.withdrawn_at IS NULL
),
last_in_period AS (
    SELECT DISTINCT ON (marker_id) marker_id, condition
    FROM period_inspections ORDER BY marker_id, observed_at DESC
)""",
    ),
    """
SELECT (SELECT count(*) FROM period_inspections) AS inspections,
       (SELECT count(*) FROM last_in_period) AS markers_inspected,
       (SELECT count(*) FROM period_inspections WHERE vegetation_cleared) AS vegetation_cleared,
       coalesce((SELECT json_agg(json_build_object('condition', condition, 'markers', n)
                                 ORDER BY n DESC, condition)
                 FROM (SELECT condition, count(*) AS n FROM last_in_period
                       GROUP BY condition) c), '[]') AS by_condition
""",
)

ALERTS_OF_PERIOD = """
FROM alerts a
JOIN inspections i ON i.id = a.inspection_id
JOIN stretch s ON s.id = a.marker_id
WHERE i.observed_at >= %(start)s AND i.observed_at < %(end)s AND i.withdrawn_at IS NULL
"""

ALERTS_SQL = with_ctes((STRETCH,), "SELECT count(*) AS raised" + ALERTS_OF_PERIOD)

# Alerts are acknowledged at the desk or through the API (issue 11).
ALERTS_ACKNOWLEDGED_SQL = with_ctes(
    (STRETCH,),
    "SELECT count(*) AS acknowledged" + ALERTS_OF_PERIOD + "  AND a.acknowledged_at < %(end)s\n",
)

DAMAGE_SQL = with_ctes(
    (
        *MAINTENANCE,
        """
flags AS (
    SELECT r.id, r.cause,
           r.reported_date BETWEEN %(date_from)s AND %(date_to)s AS reported,
           coalesce(bool_or(ps.to_status = 'assessed'), false) AS assessed,
           coalesce(bool_or(ps.to_status = 'approved'), false) AS approved,
           coalesce(bool_or(ps.to_status = 'repaired'), false) AS repaired,
           coalesce(bool_or(ps.to_status = 'verified'), false) AS verified,
           bool_or(f.still_open) AS still_open
    FROM records r
    JOIN record_flags f ON f.id = r.id
    LEFT JOIN period_steps ps ON ps.record_id = r.id
    GROUP BY r.id, r.cause, r.reported_date
)""",
    ),
    """
SELECT cause, GROUPING(cause) = 1 AS is_total,
       count(*) FILTER (WHERE reported) AS reported,
       count(*) FILTER (WHERE assessed) AS assessed,
       count(*) FILTER (WHERE approved) AS approved,
       count(*) FILTER (WHERE repaired) AS repaired,
       count(*) FILTER (WHERE verified) AS verified,
       count(*) FILTER (WHERE still_open) AS still_open
FROM flags
GROUP BY ROLLUP (cause)
HAVING GROUPING(cause) = 1
    OR count(*) FILTER (WHERE reported OR assessed OR approved OR repaired OR verified
                        OR still_open) > 0
ORDER BY GROUPING(cause), cause
""",
)

PATROLS_SQL = """
WITH period_patrols AS (
    SELECT p.joint, p.length_m, p.vn_unit, p.la_unit
    FROM patrols p
    WHERE p.started_at >= %(start)s AND p.started_at < %(end)s AND p.withdrawn_at IS NULL
      AND (%(section)s::text IS NULL
           OR ST_DWithin(p.track::geography,
                         (SELECT geom FROM border_sections WHERE code = %(section)s)::geography,
                         %(near_m)s))
)
SELECT count(*) FILTER (WHERE joint) AS joint,
       count(*) FILTER (WHERE NOT joint) AS vn_only,
       coalesce(sum(length_m) FILTER (WHERE joint), 0) AS joint_length_m,
       coalesce(sum(length_m) FILTER (WHERE NOT joint), 0) AS vn_only_length_m,
       coalesce(array_agg(DISTINCT vn_unit ORDER BY vn_unit), '{}') AS vn_units,
       coalesce(array_agg(DISTINCT la_unit ORDER BY la_unit)
                FILTER (WHERE la_unit IS NOT NULL), '{}') AS la_units
FROM period_patrols
"""

MARKERS_SQL = with_ctes(
    (
        *MAINTENANCE,
        LAST_INSPECTION,
        """
open_damage AS (
    SELECT r.marker_id, count(*) AS n
    FROM records r JOIN record_flags f ON f.id = r.id
    WHERE f.still_open GROUP BY r.marker_id
),
repairs AS (
    SELECT r.marker_id, count(*) AS n
    FROM period_steps ps JOIN records r ON r.id = ps.record_id
    WHERE ps.to_status = 'repaired' GROUP BY r.marker_id
)""",
    ),
    """
SELECT s.code, s.type, s.section_code AS section, s.position_number,
       s.chainage_m, ST_X(s.registry_geom) AS lon, ST_Y(s.registry_geom) AS lat,
       s.coord_status, s.id_status, s.source_ref,
       li.observed_at AS last_observed_at, li.condition AS last_condition,
       coalesce(o.n, 0) AS open_damage, coalesce(rp.n, 0) AS repairs
FROM stretch s
LEFT JOIN last_inspection li ON li.marker_id = s.id
LEFT JOIN open_damage o ON o.marker_id = s.id
LEFT JOIN repairs rp ON rp.marker_id = s.id
ORDER BY s.section_id, s.chainage_m, s.code
""",
)

LINES_SQL = """
SELECT code, ST_AsGeoJSON(geom, 6)::json -> 'coordinates' AS coordinates
FROM border_sections
WHERE %(section)s::text IS NULL OR code = %(section)s::text
ORDER BY id
"""

RECORDS_SQL = with_ctes(
    MAINTENANCE,
    """
SELECT r.id, r.marker_code, r.legacy_alias, r.cause, r.severity, r.status_at_end,
       r.observed_on, r.observed_precision, r.reported_on, r.reported_precision,
       r.description, r.document_ref, r.source, r.source_ref, r.licence, r.coord_status,
       ST_X(r.geom) AS lon, ST_Y(r.geom) AS lat, f.still_open,
       coalesce((SELECT json_agg(json_build_object(
                    'from_status', e.from_status, 'to_status', e.to_status, 'on', e.on_date,
                    'actor', e.actor, 'note', e.note, 'document_ref', e.document_ref)
                    ORDER BY e.on_date, e.id)
                 FROM steps e
                 WHERE e.record_id = r.id AND e.on_date <= %(date_to)s), '[]') AS history,
       coalesce((SELECT json_agg(json_build_object('id', ph.id, 'stored_path', ph.stored_path))
                 FROM (SELECT id, stored_path FROM photos
                       WHERE maintenance_id = r.id ORDER BY created_at, id LIMIT 2) ph),
                '[]') AS photos
FROM records r JOIN record_flags f ON f.id = r.id
WHERE f.still_open
   OR r.reported_date BETWEEN %(date_from)s AND %(date_to)s
   OR EXISTS (SELECT FROM period_steps ps WHERE ps.record_id = r.id)
ORDER BY f.still_open DESC, r.reported_date DESC NULLS LAST, r.marker_code, r.id
""",
)

PLAN_SQL = with_ctes(
    (
        *MAINTENANCE,
        LAST_INSPECTION,
        """
due AS (
    SELECT s.code, s.section_id, s.chainage_m, li.observed_at,
           li.observed_at + coalesce(mp.every, sp.every, interval '1 month') AS due_at
    FROM stretch s
    LEFT JOIN inspection_policies mp ON mp.marker_id = s.id
    LEFT JOIN inspection_policies sp ON sp.section_id = s.section_id
    LEFT JOIN last_inspection li ON li.marker_id = s.id
),
due_soon AS (
    SELECT *, (observed_at IS NULL OR due_at < %(end)s) AS overdue
    FROM due WHERE observed_at IS NULL OR due_at < %(next_end)s
)""",
    ),
    """
SELECT (SELECT count(*) FROM due_soon WHERE overdue) AS overdue,
       (SELECT count(*) FROM due_soon WHERE NOT overdue) AS due_next,
       -- the markers by the month they fall due (overdue ones first, as one group)
       coalesce((SELECT json_agg(json_build_object('overdue', overdue, 'month', month,
                                                   'markers', n, 'codes', codes)
                                 ORDER BY NOT overdue, first_due)
                 FROM (SELECT overdue,
                              CASE WHEN NOT overdue
                                   THEN to_char(due_at AT TIME ZONE %(tz)s, 'MM/YYYY') END
                                  AS month,
                              min(due_at) AS first_due, count(*) AS n,
                              array_agg(code ORDER BY due_at NULLS FIRST, section_id,
                                        chainage_m, code) AS codes
                       FROM due_soon GROUP BY 1, 2) g), '[]') AS groups,
       coalesce((SELECT json_agg(json_build_object(
                    'marker_code', marker_code, 'legacy_alias', legacy_alias, 'cause', cause,
                    'status_at_end', status_at_end, 'source_ref', source_ref,
                    'document_ref', document_ref) ORDER BY marker_code, id)
                 FROM records WHERE status_at_end = ANY(%(pending)s)), '[]') AS repairs
""",
)

PROVENANCE_SQL = with_ctes(
    (
        *MAINTENANCE,
        """
cited AS (
    SELECT 'border_sections' AS kind, source, licence, source_ref FROM border_sections
    WHERE %(section)s::text IS NULL OR code = %(section)s::text
    UNION ALL SELECT 'markers', source, licence, source_ref FROM stretch
    UNION ALL SELECT 'maintenance', source, licence, source_ref FROM records
)""",
    ),
    """
SELECT coalesce((SELECT json_agg(json_build_object('coord_status', coord_status,
                                                   'id_status', id_status, 'markers', n)
                                 ORDER BY coord_status, id_status)
                 FROM (SELECT coord_status, id_status, count(*) AS n FROM stretch
                       GROUP BY coord_status, id_status) c), '[]') AS markers,
       coalesce((SELECT json_agg(json_build_object('kind', kind, 'source', source,
                                                   'licence', licence, 'records', n)
                                 ORDER BY kind, source)
                 FROM (SELECT kind, source, licence, count(*) AS n FROM cited
                       GROUP BY kind, source, licence) s), '[]') AS sources,
       coalesce((SELECT array_agg(DISTINCT split_part(source_ref, ':', 1)
                                  ORDER BY split_part(source_ref, ':', 1))
                 FROM cited WHERE source_ref LIKE '%%.txt:%%'), '{}') AS documents
""",
)


async def _one(conn: AsyncConnection[Any], query: str, params: dict[str, Any]) -> dict[str, Any]:
    cur = await conn.execute(query, params)
    row = await cur.fetchone()
    assert row is not None  # aggregates always return a row
    return dict(row)


async def _all(
    conn: AsyncConnection[Any], query: str, params: dict[str, Any]
) -> list[dict[str, Any]]:
    cur = await conn.execute(query, params)
    return [dict(row) for row in await cur.fetchall()]


def check_request(date_from: dt.date, date_to: dt.date) -> Period:
    """The period asked for, or ReportRefused saying what is wrong with it."""
    if date_to < date_from:
        raise ReportRefused("to", f"{date_to.isoformat()} is before from ({date_from.isoformat()})")
    if (date_to - date_from).days >= MAX_PERIOD_DAYS:
        raise ReportRefused("to", f"a report covers at most {MAX_PERIOD_DAYS} days")
    return Period(date_from, date_to)


async def alerts_acknowledged(conn: AsyncConnection[Any], params: dict[str, Any]) -> int:
    """Alerts of the period acknowledged by its end."""
    return int((await _one(conn, ALERTS_ACKNOWLEDGED_SQL, params))["acknowledged"])


async def gather(
    conn: AsyncConnection[Any], date_from: dt.date, date_to: dt.date, section: str | None = None
) -> JointReportData:
    """Read the whole report for the period (and one section, or all) in one snapshot."""
    period = check_request(date_from, date_to)
    params = {
        "section": section,
        "date_from": date_from,
        "date_to": date_to,
        "start": period.start,
        "end": period.end,
        "next_end": period.next_end,
        "tz": TIMEZONE,
        "near_m": NEAR_SECTION_M,
        "closed": list(CLOSED_MAINTENANCE_STATUSES),
        "pending": list(PENDING_REPAIRS),
    }
    fresh = conn.info.transaction_status == TransactionStatus.IDLE
    async with conn.transaction():
        if fresh:  # one snapshot: the queries agree with each other even under writes
            await conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        sections = await _all(conn, SECTIONS_SQL, params)
        if section is not None and not sections:
            raise ReportRefused("section", f"there is no border section '{section}'")
        alerts = await _one(conn, ALERTS_SQL, params)
        alerts["acknowledged"] = await alerts_acknowledged(conn, params)
        return JointReportData(
            period=period,
            section=section,
            made_at=dt.datetime.now(LOCAL),
            sections=sections,
            registry=await _one(conn, REGISTRY_SQL, params),
            inspections=await _one(conn, INSPECTIONS_SQL, params),
            alerts=alerts,
            damage=await _all(conn, DAMAGE_SQL, params),
            patrols=await _one(conn, PATROLS_SQL, params),
            coverage=await segment_coverage_async(conn, date_from, date_to, section),
            markers=await _all(conn, MARKERS_SQL, params),
            lines=await _all(conn, LINES_SQL, params),
            records=await _all(conn, RECORDS_SQL, params),
            plan=await _one(conn, PLAN_SQL, params),
            provenance=await _one(conn, PROVENANCE_SQL, params),
        )

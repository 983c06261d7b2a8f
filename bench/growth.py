"""The growth scale (issue 15 item 3): the field record of the whole Vietnam–Laos border.

Deterministic: every row is a function of its place in a ``generate_series`` and of the seed,
through ``md5`` (never ``random()``), so the same ``Growth`` gives the same rows. Everything
is written by a handful of ``INSERT … SELECT`` statements inside PostgreSQL (no row crosses
the wire), so one year loads in seconds and twenty years in well under a minute per table.

On top of the default data (50 positions, 66 markers on the Savannakhet section):

- positions and markers up to 905 positions and 1,002 markers, spread evenly along both
  shipped sections (numbers ``2000/1`` …, one position in ten holds a double marker until the
  markers add up), placed on the line, ``coord_status = interpolated``;
- one inspection per marker per month (day and hour from the hash), conditions weighted as a
  mostly intact border, vegetation cleared on most overgrown finds, a displacement alert for
  each marker found displaced;
- ``patrols_per_year`` patrols, a share of them joint, each of ``track_points`` points along a
  stretch of a section (jittered by a few metres);
- ``records_per_year`` maintenance records at random markers, each with the steps of its
  repair up to a step chosen by the hash (so some are still open at the end of the year).

The change feed's rows come from the tables' own row triggers, which fire for
``INSERT … SELECT`` too; the lifecycle steps' feed rows (the app's one UPDATE per step) and
the audit trail (written by the app, not by triggers) are added the way the app leaves them.
``years`` extends every series from ``first_year`` on, and nothing is made on or after
``until``: ``Growth(years=20, first_year=today.year - 19, until=today)`` is issue 15's twenty
years, up to the day of the run (the bench's scenario 6).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import Any

import psycopg

from bench import data
from gis import db
from gis.seed.load import load_default_data
from layers import published

SOURCE = "synthetic growth data (bench/growth.py)"
LICENCE = "CC0-1.0 (synthetic)"
CREATED_BY = "bench-growth"

# Session-local helpers (pg_temp: nothing is added to the schema): a number in [0, 1) and a
# uuid, each decided by the seed and a key.
HELPERS = """
CREATE FUNCTION pg_temp.unit(seed text, key text) RETURNS double precision
    LANGUAGE sql IMMUTABLE AS
    $$ SELECT ('x' || substr(md5(seed || ':' || key), 1, 8))::bit(32)::bigint / 4294967296.0 $$;
CREATE FUNCTION pg_temp.uuid_of(seed text, key text) RETURNS uuid
    LANGUAGE sql IMMUTABLE AS $$ SELECT md5(seed || ':' || key)::uuid $$;
"""


@dataclass(frozen=True)
class Growth:
    years: int = 1
    first_year: int = 2026
    positions: int = 905  # the whole border (000:481, 001:16), default data included
    markers: int = 1_002
    patrols_per_year: int = 1_200
    track_points: int = 500
    joint_share: float = 0.4
    records_per_year: int = 600
    seed: str = "20261202"
    # Nothing on or after this day: the record of twenty years up to the day of the run has
    # no inspection or patrol in the future (the due list, the last 30 days' patrols).
    until: date = date.max

    @property
    def params(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "first_year": self.first_year,
            "until": self.until,
            "years": self.years,
            "patrols": self.patrols_per_year * self.years,
            "points": self.track_points,
            "joint_share": self.joint_share,
            "records": self.records_per_year * self.years,
            "source": SOURCE,
            "licence": LICENCE,
            "by": CREATED_BY,
        }


def up_to_today(years: int) -> Growth:
    """``years`` of field record ending yesterday: from the 1st of January ``years - 1`` years
    back (this year counts), nothing from today on."""
    today = date.today()
    return Growth(years=years, first_year=today.year - years + 1, until=today)


POSITIONS_SQL = """
WITH existing AS (
    SELECT count(*) AS n FROM marker_positions
), wanted AS (
    SELECT greatest(%(positions)s - (SELECT n FROM existing), 0) AS n
), doubles AS (  -- positions holding two markers, so that the markers add up too
    SELECT greatest(%(markers)s - (SELECT count(*) FROM markers) - (SELECT n FROM wanted), 0)
           AS n
), sections AS (
    SELECT id, geom, measured_length_m AS length_m,
           coalesce(official_length_m / measured_length_m, 1) AS scale,
           sum(measured_length_m) OVER (ORDER BY id) - measured_length_m AS before_m,
           sum(measured_length_m) OVER () AS total_m
    FROM border_sections
), spots AS (
    SELECT g, (g - 0.5) / (SELECT n FROM wanted) AS along FROM generate_series(1,
        (SELECT n FROM wanted)) g
)
INSERT INTO marker_positions (section_id, number, chainage_m, kind, id_status, geom, source,
                              source_ref, licence, coord_status, provenance_note)
SELECT s.id, '2000/' || spots.g,
       round(((spots.along * s.total_m - s.before_m) * s.scale)::numeric, 1),
       CASE WHEN spots.g %% 10 = 5 AND spots.g / 10 < (SELECT n FROM doubles) THEN 'double'
            ELSE 'single' END, 'illustrative',
       ST_LineInterpolatePoint(s.geom, least((spots.along * s.total_m - s.before_m)
                                             / s.length_m, 1)),
       %(source)s, 'bench/growth.py#p' || spots.g, %(licence)s, 'interpolated',
       'Synthetic position spread evenly along the shipped line'
FROM spots JOIN sections s
  ON spots.along * s.total_m >= s.before_m AND spots.along * s.total_m < s.before_m + s.length_m
"""

MARKERS_SQL = """
WITH spots AS (
    SELECT p.*, row_number() OVER (ORDER BY p.id) AS n FROM marker_positions p
    WHERE p.source = %(source)s
), codes AS (
    SELECT spots.*, suffix FROM spots,
         LATERAL unnest(CASE WHEN kind = 'double' THEN ARRAY['(1)', '(2)'] ELSE ARRAY[''] END)
             AS suffix
)
INSERT INTO markers (code, position_id, type, registry_geom, chainage_m, maintained_by, status,
                     id_status, source, source_ref, licence, coord_status, provenance_note)
SELECT number || suffix, id,
       CASE WHEN suffix = '' AND n %% 4 = 0 THEN 'reference_stake' ELSE 'boundary_marker' END,
       geom, chainage_m, CASE WHEN n %% 2 = 0 THEN 'VN' ELSE 'LA' END, 'unknown',
       'illustrative', source, source_ref || suffix, licence, coord_status,
       'Synthetic marker (bench/growth.py)'
FROM codes
ORDER BY id, suffix
"""

INSPECTIONS_SQL = """
WITH months AS (
    SELECT make_date(%(first_year)s + (k / 12), k %% 12 + 1, 1) AS first_day, k
    FROM generate_series(0, 12 * %(years)s - 1) k
), visits AS (
    SELECT m.id AS marker_id, months.k,
           months.first_day
               + floor(pg_temp.unit(%(seed)s, 'day:' || m.id || ':' || months.k) * 27)::int
               AS day,
           pg_temp.unit(%(seed)s, 'cond:' || m.id || ':' || months.k) AS roll
    FROM markers m CROSS JOIN months
)
INSERT INTO inspections (id, marker_id, observed_at, condition, vegetation_cleared,
                         displacement_m, notes, created_by)
SELECT pg_temp.uuid_of(%(seed)s, 'inspection:' || marker_id || ':' || k), marker_id,
       (day + time '07:00' + (roll * 9) * interval '1 hour') AT TIME ZONE 'Asia/Ho_Chi_Minh',
       c.condition, c.condition = 'vegetation_overgrown' AND roll < 0.88,
       CASE WHEN c.condition = 'displaced' THEN 6 + roll * 10 END,
       'Synthetic monthly inspection', %(by)s
FROM visits,
     LATERAL (SELECT CASE WHEN roll < 0.80 THEN 'intact'
                          WHEN roll < 0.90 THEN 'vegetation_overgrown'
                          WHEN roll < 0.93 THEN 'cracked'
                          WHEN roll < 0.95 THEN 'tilted'
                          WHEN roll < 0.97 THEN 'damaged'
                          WHEN roll < 0.98 THEN 'buried'
                          WHEN roll < 0.99 THEN 'displaced'
                          ELSE 'missing' END AS condition) c
WHERE visits.day < %(until)s
"""

ALERTS_SQL = """
INSERT INTO alerts (kind, inspection_id, marker_id, displacement_m, threshold_m)
SELECT 'displacement', id, marker_id, displacement_m, 5
FROM inspections WHERE created_by = %(by)s AND condition = 'displaced'
"""

PATROLS_SQL = """
WITH plans AS (
    SELECT g,
           make_date(%(first_year)s, 1, 1)
               + floor(pg_temp.unit(%(seed)s, 'pday:' || g) * 365 * %(years)s)::int AS day,
           pg_temp.unit(%(seed)s, 'joint:' || g) < %(joint_share)s AS joint,
           pg_temp.unit(%(seed)s, 'from:' || g) * 0.7 AS from_share,
           0.05 + pg_temp.unit(%(seed)s, 'span:' || g) * 0.25 AS span,
           (SELECT array_agg(id ORDER BY id) FROM border_sections) AS section_ids
    FROM generate_series(1, %(patrols)s) g
)
INSERT INTO patrols (id, started_at, ended_at, vn_unit, la_unit, joint, notes, track,
                     created_by)
SELECT pg_temp.uuid_of(%(seed)s, 'patrol:' || g),
       (day + time '06:30') AT TIME ZONE 'Asia/Ho_Chi_Minh',
       (day + time '12:30') AT TIME ZONE 'Asia/Ho_Chi_Minh',
       'Đồn Biên phòng (synthetic)', CASE WHEN joint THEN 'Công an biên phòng (synthetic)' END,
       joint, 'Synthetic patrol', track.geom, %(by)s
FROM plans
JOIN border_sections s ON s.id = section_ids[1 + g %% array_length(section_ids, 1)]
CROSS JOIN LATERAL (
    SELECT ST_Multi(ST_MakeLine(ST_Translate(
               ST_LineInterpolatePoint(s.geom, from_share + span * k / (%(points)s - 1.0)),
               (pg_temp.unit(%(seed)s, 'dx:' || g || ':' || k) - 0.5) * 0.0002,
               (pg_temp.unit(%(seed)s, 'dy:' || g || ':' || k) - 0.5) * 0.0002) ORDER BY k)) AS geom
    FROM generate_series(0, %(points)s - 1) k
) track
WHERE plans.day < %(until)s
"""

RECORDS_SQL = """
WITH picks AS (
    SELECT g,
           (SELECT array_agg(id ORDER BY id) FROM markers) AS marker_ids,
           make_date(%(first_year)s, 1, 1)
               + floor(pg_temp.unit(%(seed)s, 'rday:' || g) * (365 * %(years)s - 40))::int
               AS reported_on,
           (ARRAY['landslide', 'flood', 'erosion', 'crack', 'vegetation', 'vandalism',
                  'construction'])[1 + floor(pg_temp.unit(%(seed)s, 'cause:' || g) * 7)::int]
               AS cause,
           (ARRAY['low', 'moderate', 'severe'])
               [1 + floor(pg_temp.unit(%(seed)s, 'sev:' || g) * 3)::int] AS severity,
           1 + floor(pg_temp.unit(%(seed)s, 'steps:' || g) * 8)::int AS steps
    FROM generate_series(1, %(records)s) g
)
INSERT INTO maintenance_records (id, marker_id, cause, observed_on, observed_precision,
                                 reported_on, reported_precision, severity, status,
                                 description, source, source_ref, licence, coord_status,
                                 created_by, version)
SELECT pg_temp.uuid_of(%(seed)s, 'record:' || g),
       marker_ids[1 + floor(pg_temp.unit(%(seed)s, 'marker:' || g)
                            * array_length(marker_ids, 1))::int],
       cause, reported_on - 2, 'day', reported_on, 'day', severity,
       (ARRAY['reported', 'assessed', 'repair_proposed', 'approved', 'in_repair', 'repaired',
              'verified', 'closed'])[steps],
       'Synthetic ' || cause || ' damage', %(source)s, 'bench/growth.py#r' || g, %(licence)s,
       'interpolated', %(by)s, steps  -- one version per step taken, as transitions count
FROM picks
WHERE reported_on < %(until)s - 40  -- its steps (5 days apart) all before ``until``
"""

EVENTS_SQL = """
WITH lifecycle(status, step) AS (
    SELECT * FROM unnest(ARRAY['reported', 'assessed', 'repair_proposed', 'approved',
                               'in_repair', 'repaired', 'verified', 'closed'])
                  WITH ORDINALITY AS l(status, step)
)
INSERT INTO maintenance_events (record_id, from_status, to_status, note, actor, happened_on)
SELECT r.id, previous.status, l.status, 'Synthetic step', %(by)s,
       r.reported_on + ((l.step - 1) * 5)::int
FROM maintenance_records r
CROSS JOIN lifecycle l
LEFT JOIN lifecycle previous ON previous.step = l.step - 1
WHERE r.created_by = %(by)s
  AND l.step <= array_position(ARRAY['reported', 'assessed', 'repair_proposed', 'approved',
                                     'in_repair', 'repaired', 'verified', 'closed'], r.status)
ORDER BY r.id, l.step
"""

# The audit trail as the app leaves it (gis/audit.py): a field record's row holds its stored
# state after (``append_created``: the whole row, the patrol's track included); a lifecycle
# step holds the record's state before and after. Triggers write no audit rows, so the bulk
# load writes them here, in the order the records were made.
AUDIT_CREATED_SQL = """
INSERT INTO audit_log (actor, role, via, action, entity, entity_id, before, after)
SELECT %(by)s, 'guard', 'sync', 'create', '{table}', t.id::text, NULL, to_jsonb(t)
FROM {table} t WHERE t.created_by = %(by)s ORDER BY t.{order}, t.id
"""
AUDIT_RECORDS_SQL = """
INSERT INTO audit_log (actor, role, via, action, entity, entity_id, before, after)
SELECT %(by)s, CASE WHEN e.from_status IS NULL THEN 'guard' ELSE 'planner' END, 'api',
       CASE WHEN e.from_status IS NULL THEN 'report_damage'
            ELSE 'transition:' || e.from_status || '->' || e.to_status END,
       'maintenance_records', r.id::text,
       CASE WHEN e.from_status IS NOT NULL THEN to_jsonb(r) || jsonb_build_object(
           'status', e.from_status, 'version', e.step - 1) END,
       to_jsonb(r) || jsonb_build_object('status', e.to_status, 'version', e.step)
FROM maintenance_records r
JOIN LATERAL (SELECT me.*, row_number() OVER (ORDER BY me.id) AS step
              FROM maintenance_events me WHERE me.record_id = r.id) e ON true
WHERE r.created_by = %(by)s
ORDER BY e.happened_on, e.id
"""

# The row triggers (migration 0003) leave a 'create' per inserted row, INSERT … SELECT
# included; the app moves a record along its lifecycle by one UPDATE per step, each of
# which leaves an 'update'. The load writes the final status at once, so those rows are added.
FEED_STEPS_SQL = """
INSERT INTO feature_changes (collection, feature_id, operation)
SELECT 'maintenance', e.record_id::text, 'update'
FROM maintenance_events e JOIN maintenance_records r ON r.id = e.record_id
WHERE r.created_by = %(by)s AND e.from_status IS NOT NULL
ORDER BY e.happened_on, e.id
"""

STEPS = (
    ("marker_positions", POSITIONS_SQL),
    ("markers", MARKERS_SQL),
    ("inspections", INSPECTIONS_SQL),
    ("alerts", ALERTS_SQL),
    ("patrols", PATROLS_SQL),
    ("maintenance_records", RECORDS_SQL),
    ("maintenance_events", EVENTS_SQL),
    ("audit_log (inspections)", AUDIT_CREATED_SQL.format(table="inspections", order="observed_at")),
    ("audit_log (patrols)", AUDIT_CREATED_SQL.format(table="patrols", order="started_at")),
    ("audit_log (maintenance)", AUDIT_RECORDS_SQL),
    ("feature_changes (repair steps)", FEED_STEPS_SQL),
)


def load(conn: psycopg.Connection[Any], growth: Growth) -> dict[str, tuple[int, float]]:
    """Add the growth data to a database holding the default data; returns, per table, the
    rows written and the seconds it took."""
    params = {**growth.params, "positions": growth.positions, "markers": growth.markers}
    written: dict[str, tuple[int, float]] = {}
    with conn.transaction(), conn.cursor() as cur:
        cur.execute(HELPERS)
        for table, statement in STEPS:
            start = time.perf_counter()
            cur.execute(statement, params)
            written[table] = (cur.rowcount, time.perf_counter() - start)
    return written


def create_database(url: str, growth: Growth) -> dict[str, tuple[int, float]]:
    """Migrate the empty database at ``url``, load the default data and the growth data,
    then VACUUM and ANALYZE (``data.settle``)."""
    published.upgrade(url)
    with db.connect(url) as conn:
        load_default_data(conn)
        written = load(conn, growth)
    data.settle(url)
    return written

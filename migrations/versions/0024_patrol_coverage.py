"""Patrol coverage per border segment, and the patrol policy per section.

``patrol_coverage(from, to, section)`` answers, for each border segment, the share of its
length lying within the policy's distance (200 m unless a section's policy says otherwise)
of a patrol track started in the period (dates on the border's calendar, Asia/Ho_Chi_Minh,
``to`` included), for all patrols, joint ones and Vietnamese-only ones; the last time a
patrol passed it (at any time up to the period's end); and whether it meets the policy: in
every window of the policy's length from the period's start (one month by default), one
joint patrol covered at least ``min_share`` of it (half by default).

Distances and lengths are measured in the UTM zone of each section: each patrol's track
(simplified by a twentieth of the distance, well under GPS noise) is buffered once per section
it comes near, and the stretches of the section's line inside that zone become intervals of
the line, which are cut at the segments' ends and merged (overlaps counted once) per segment
and kind of patrol. One buffer per patrol, not per patrol and segment, and intervals instead
of united buffers keep a year of the whole border's patrols fast.
``patrol_coverage_features`` (the collection) is the current month so far.

Revision ID: 0024
Revises: 0023
"""

from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

UPGRADE = """
CREATE TABLE patrol_policies (
    section_id  integer PRIMARY KEY REFERENCES border_sections(id) ON DELETE CASCADE,
    every       interval NOT NULL CHECK (every >= interval '1 day'),
    min_share   double precision NOT NULL CHECK (min_share > 0 AND min_share <= 1),
    distance_m  double precision NOT NULL CHECK (distance_m > 0 AND distance_m <= 5000),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The policy of every section: its own, else one joint patrol a month covering half of each
-- segment, a segment counting as covered within 200 m of a track (the defaults live here).
CREATE VIEW patrol_policy_in_force AS
SELECT s.id AS section_id, s.code AS section,
       coalesce(p.every, interval '1 month') AS every,
       coalesce(p.min_share, 0.5) AS min_share,
       coalesce(p.distance_m, 200) AS distance_m,
       p.section_id IS NOT NULL AS own_policy
FROM border_sections s LEFT JOIN patrol_policies p ON p.section_id = s.id;

-- The WGS84 UTM zone holding a geometry's centroid.
CREATE FUNCTION utm_srid(g geometry) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS $$
SELECT CASE WHEN ST_Y(c) >= 0 THEN 32600 ELSE 32700 END
       + least(60, greatest(1, floor((ST_X(c) + 180) / 6)::integer + 1))
FROM ST_Centroid(g) AS c
$$;

CREATE FUNCTION patrol_coverage(date_from date, date_to date, only_section text DEFAULT NULL)
RETURNS TABLE (
    segment_id text, section text, seq integer, from_position text, to_position text,
    from_markers text[], to_markers text[], from_chainage_m double precision,
    to_chainage_m double precision, length_m double precision, kind text,
    distance_m double precision, covered_share double precision,
    joint_share double precision, vn_only_share double precision, patrols integer,
    joint_patrols integer, last_patrolled_at timestamptz, last_joint_patrolled_at timestamptz,
    policy_every interval, policy_min_share double precision, windows integer,
    windows_met integer, meets_policy boolean, geom geometry, gaps geometry,
    share_band text)
LANGUAGE sql STABLE AS $$
WITH period AS (
    SELECT date_from::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh' AS starts,
           (date_to + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh' AS ends
), sec AS MATERIALIZED (
    -- each section in its UTM zone, with its policy
    SELECT s.id, s.code, s.geom, pol.every, pol.min_share, pol.distance_m AS reach_m,
           utm_srid(s.geom) AS srid, ST_Transform(s.geom, utm_srid(s.geom)) AS line_m,
           -- the distance in degrees of longitude (the larger) at the section's latitude
           pol.distance_m / (111320 * cos(radians(ST_Y(ST_Centroid(s.geom))))) * 1.01
               AS reach_deg
    FROM border_sections s
    JOIN patrol_policy_in_force pol ON pol.section_id = s.id
    WHERE only_section IS NULL OR s.code = only_section
), seg AS MATERIALIZED (
    -- each segment as the fractions a … b of its section's line in metres
    SELECT f.*, sec.id AS section_id, sec.every, sec.min_share, sec.reach_m, sec.srid,
           sec.reach_deg, ST_Transform(f.geom, sec.srid) AS geom_m,
           least(e.a, e.b) AS a, greatest(e.a, e.b) AS b
    FROM border_segments_features f
    JOIN sec ON sec.code = f.section,
    LATERAL (SELECT ST_LineLocatePoint(sec.line_m, ST_Transform(ST_StartPoint(f.geom),
                                                                  sec.srid)) AS a,
                    ST_LineLocatePoint(sec.line_m, ST_Transform(ST_EndPoint(f.geom),
                                                                  sec.srid)) AS b) AS e
), piece AS MATERIALIZED (
    -- each patrol of the period near a section: the stretches of the section's line within
    -- reach of its track, as fractions of the line. One buffer per patrol and section; the
    -- track is simplified by a twentieth of the distance first (GPS noise is larger), which
    -- keeps a buffer of a noisy track cheap and the reach exact to 5 %.
    SELECT sec.id AS section_id, p.id AS patrol_id, p.joint, p.started_at, p.ended_at,
           least(f.a, f.b) AS lo, greatest(f.a, f.b) AS hi
    FROM sec
    CROSS JOIN period
    JOIN patrols p ON p.track && ST_Expand(sec.geom, sec.reach_deg)
    CROSS JOIN LATERAL (
        SELECT ST_Buffer(ST_Simplify(ST_Transform(ST_ClipByBox2D(
                   p.track, ST_Expand(sec.geom, 2 * sec.reach_deg)::box2d), sec.srid),
                   sec.reach_m / 20), sec.reach_m) AS zone) AS z,
    LATERAL ST_Dump(ST_Intersection(sec.line_m, z.zone)) AS d,
    LATERAL (SELECT ST_LineLocatePoint(sec.line_m, ST_StartPoint(d.geom)) AS a,
                    ST_LineLocatePoint(sec.line_m, ST_EndPoint(d.geom)) AS b) AS f
    WHERE p.started_at >= period.starts AND p.started_at < period.ends
      AND ST_GeometryType(d.geom) = 'ST_LineString'
), on_segment AS MATERIALIZED (
    -- the part of each stretch on each segment it reaches (touching counts as passing)
    SELECT s.id AS segment_id, q.patrol_id, q.joint, q.started_at, q.ended_at,
           greatest(q.lo, s.a) AS lo, least(q.hi, s.b) AS hi
    FROM piece q JOIN seg s ON s.section_id = q.section_id AND q.hi >= s.a AND q.lo <= s.b
), stretch AS (
    -- every stretch counts for all patrols and for its own kind (joint or Vietnamese-only)
    SELECT segment_id, 'any' AS kind, lo, hi FROM on_segment
    UNION ALL
    SELECT segment_id, CASE WHEN joint THEN 'joint' ELSE 'vn' END, lo, hi FROM on_segment
), reached AS (
    SELECT stretch.*, max(hi) OVER (PARTITION BY segment_id, kind ORDER BY lo, hi
                                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
    FROM stretch
), numbered AS (
    -- overlapping stretches share an island number
    SELECT reached.*, sum(CASE WHEN before IS NULL OR lo > before THEN 1 ELSE 0 END)
               OVER (PARTITION BY segment_id, kind ORDER BY lo, hi) AS island
    FROM reached
), island AS (
    SELECT segment_id, kind, min(lo) AS lo, max(hi) AS hi
    FROM numbered GROUP BY segment_id, kind, island
), zones AS (
    SELECT i.segment_id,
           sum(i.hi - i.lo) FILTER (WHERE i.kind = 'any') / (s.b - s.a) AS any_share,
           coalesce(sum(i.hi - i.lo) FILTER (WHERE i.kind = 'joint'), 0) / (s.b - s.a)
               AS joint_share,
           coalesce(sum(i.hi - i.lo) FILTER (WHERE i.kind = 'vn'), 0) / (s.b - s.a)
               AS vn_share
    FROM island i JOIN seg s ON s.id = i.segment_id
    WHERE s.b > s.a
    GROUP BY i.segment_id, s.a, s.b
), counted AS (
    SELECT segment_id, count(DISTINCT patrol_id)::integer AS patrols,
           (count(DISTINCT patrol_id) FILTER (WHERE joint))::integer AS joint_patrols,
           (array_agg(ended_at ORDER BY started_at DESC))[1] AS any_at,
           (array_agg(ended_at ORDER BY started_at DESC) FILTER (WHERE joint))[1] AS joint_at
    FROM on_segment GROUP BY segment_id
), gap AS (
    -- between the islands of all patrols, and from the last one to the segment's end
    SELECT i.segment_id, coalesce(lag(i.hi) OVER w, s.a) AS lo, i.lo AS hi
    FROM island i JOIN seg s ON s.id = i.segment_id
    WHERE i.kind = 'any' WINDOW w AS (PARTITION BY i.segment_id ORDER BY i.lo)
    UNION ALL
    SELECT i.segment_id, max(i.hi), s.b FROM island i JOIN seg s ON s.id = i.segment_id
    WHERE i.kind = 'any' GROUP BY i.segment_id, s.b
), gaps AS (
    SELECT g.segment_id,
           ST_Transform(ST_Multi(ST_Collect(ST_LineSubstring(sec.line_m, g.lo, g.hi)
                                            ORDER BY g.lo)), 4326) AS gaps
    FROM gap g JOIN seg s ON s.id = g.segment_id JOIN sec ON sec.id = s.section_id
    WHERE g.hi > g.lo + 1e-9 GROUP BY g.segment_id
), qualifying AS (
    -- joint patrols covering at least the policy's share of the segment
    SELECT q.segment_id, q.started_at
    FROM on_segment q JOIN seg s ON s.id = q.segment_id
    WHERE q.joint AND s.b > s.a
    GROUP BY q.segment_id, q.patrol_id, q.started_at, s.min_share, s.a, s.b
    HAVING sum(q.hi - q.lo) >= s.min_share * (s.b - s.a)
), window_of AS (
    -- the policy's windows of each section, from the period's start
    SELECT sec.id AS section_id,
           (date_from::timestamp + n * sec.every) AT TIME ZONE 'Asia/Ho_Chi_Minh' AS starts,
           least((date_from::timestamp + (n + 1) * sec.every) AT TIME ZONE 'Asia/Ho_Chi_Minh',
                 period.ends) AS ends
    FROM sec, period, generate_series(0, date_to - date_from) AS n
    WHERE (date_from::timestamp + n * sec.every) AT TIME ZONE 'Asia/Ho_Chi_Minh' < period.ends
), window_count AS (
    SELECT section_id, count(*)::integer AS windows FROM window_of GROUP BY section_id
), met AS (
    SELECT q.segment_id, count(DISTINCT w.starts)::integer AS windows_met
    FROM qualifying q
    JOIN seg s ON s.id = q.segment_id
    JOIN window_of w ON w.section_id = s.section_id
                    AND q.started_at >= w.starts AND q.started_at < w.ends
    GROUP BY q.segment_id
), result AS (
    SELECT s.id AS segment_id, s.section, s.seq, s.from_position, s.to_position,
           s.from_markers, s.to_markers, s.from_chainage_m, s.to_chainage_m, s.length_m,
           s.kind, s.reach_m AS distance_m,
           least(1, coalesce(z.any_share, 0)) AS covered_share,
           least(1, coalesce(z.joint_share, 0)) AS joint_share,
           least(1, coalesce(z.vn_share, 0)) AS vn_only_share,
           coalesce(c.patrols, 0) AS patrols, coalesce(c.joint_patrols, 0) AS joint_patrols,
           coalesce(c.any_at, before.any_at) AS last_patrolled_at,
           coalesce(c.joint_at, before.joint_at) AS last_joint_patrolled_at,
           s.every AS policy_every, s.min_share AS policy_min_share, wc.windows,
           coalesce(m.windows_met, 0) AS windows_met,
           coalesce(m.windows_met, 0) = wc.windows AS meets_policy, s.geom,
           -- the parts of the segment no patrol came near
           CASE WHEN z.any_share IS NULL THEN ST_Multi(s.geom)
                ELSE coalesce(g.gaps, 'SRID=4326;MULTILINESTRING EMPTY'::geometry) END AS gaps
    FROM seg s
    CROSS JOIN period
    JOIN window_count wc ON wc.section_id = s.section_id
    LEFT JOIN zones z ON z.segment_id = s.id
    LEFT JOIN counted c ON c.segment_id = s.id
    LEFT JOIN gaps g ON g.segment_id = s.id
    LEFT JOIN met m ON m.segment_id = s.id
    LEFT JOIN LATERAL (
        -- no patrol of the period passed (or not a joint one): the latest one before it
        SELECT (SELECT p.ended_at FROM patrols p
                WHERE c.any_at IS NULL AND p.started_at < period.starts
                  AND p.track && ST_Expand(s.geom, s.reach_deg)
                  AND ST_DWithin(ST_Transform(ST_ClipByBox2D(p.track, ST_Expand(
                          s.geom, 2 * s.reach_deg)::box2d), s.srid), s.geom_m, s.reach_m)
                ORDER BY p.started_at DESC LIMIT 1) AS any_at,
               (SELECT p.ended_at FROM patrols p
                WHERE c.joint_at IS NULL AND p.joint AND p.started_at < period.starts
                  AND p.track && ST_Expand(s.geom, s.reach_deg)
                  AND ST_DWithin(ST_Transform(ST_ClipByBox2D(p.track, ST_Expand(
                          s.geom, 2 * s.reach_deg)::box2d), s.srid), s.geom_m, s.reach_m)
                ORDER BY p.started_at DESC LIMIT 1) AS joint_at) AS before ON true
)
SELECT r.*, CASE WHEN r.covered_share = 0 THEN 'uncovered'
                 WHEN r.covered_share < 0.5 THEN 'under_half'
                 WHEN r.covered_share < 0.9 THEN 'over_half'
                 ELSE 'over_90' END
FROM result AS r
ORDER BY r.section, r.seq
$$;

-- When a patrol last passed a point (a marker "seen", which is not "inspected"): the end of
-- the latest patrol whose track came within the distance of it, on the spheroid.
CREATE FUNCTION last_seen_by_patrol(point geometry, distance_m double precision)
RETURNS timestamptz LANGUAGE sql STABLE STRICT AS $$
WITH reach AS (
    SELECT distance_m / (111320 * cos(radians(ST_Y(point)))) * 1.01 AS deg
)
SELECT max(p.ended_at) FROM patrols p, reach
WHERE p.track && ST_Expand(point, reach.deg)
  -- only the part of a track around the point is measured on the spheroid
  AND ST_DWithin(ST_ClipByBox2D(p.track, ST_Expand(point, 2 * reach.deg)::box2d)::geography,
                 point::geography, distance_m)
$$;

-- The collection: coverage of the current month so far, on the border's calendar.
CREATE VIEW patrol_coverage_features AS
SELECT c.*
FROM (SELECT (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS today) AS d,
     patrol_coverage(date_trunc('month', d.today)::date, d.today) AS c;
"""

DOWNGRADE = """
DROP VIEW IF EXISTS patrol_coverage_features;
DROP FUNCTION IF EXISTS last_seen_by_patrol(geometry, double precision);
DROP FUNCTION IF EXISTS patrol_coverage(date, date, text);
DROP FUNCTION IF EXISTS utm_srid(geometry);
DROP VIEW IF EXISTS patrol_policy_in_force;
DROP TABLE IF EXISTS patrol_policies;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)

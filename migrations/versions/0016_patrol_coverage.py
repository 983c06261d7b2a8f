"""Patrol coverage per border segment, and the patrol policy per section.

``patrol_coverage(from, to, section)`` answers, for each border segment, the share of its
length lying within the policy's distance (200 m unless a section's policy says otherwise)
of a patrol track started in the period (dates on the border's calendar, Asia/Ho_Chi_Minh,
``to`` included), for all patrols, joint ones and Vietnamese-only ones; the last time a
patrol passed it (at any time up to the period's end); and whether it meets the policy: in
every window of the policy's length from the period's start (one month by default), one
joint patrol covered at least ``min_share`` of it (half by default).

Distances and lengths are measured in the UTM zone of each segment: a track is clipped to
the segment's surroundings and buffered by the distance; the stretches of the segment inside
each buffer become intervals of its length, which are merged (overlaps counted once) per
kind of patrol. Merging intervals instead of uniting buffers keeps a year of patrols fast.
``patrol_coverage_features`` (the collection) is the current month so far.

Revision ID: 0016
Revises: 0015
"""

from alembic import op

revision = "0016"
down_revision = "0015"
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
), seg AS MATERIALIZED (
    SELECT f.*, pol.every, pol.min_share, pol.distance_m AS reach_m,
           utm_srid(f.geom) AS srid, ST_Transform(f.geom, utm_srid(f.geom)) AS geom_m,
           -- the distance in degrees of longitude (the larger) at the segment's latitude
           pol.distance_m / (111320 * cos(radians(ST_Y(ST_Centroid(f.geom))))) * 1.01
               AS reach_deg
    FROM border_segments_features f
    JOIN patrol_policy_in_force pol ON pol.section = f.section
    WHERE only_section IS NULL OR f.section = only_section
), hit AS MATERIALIZED (
    -- each patrol of the period passing within reach of a segment, as its zone of reach
    SELECT s.id AS segment_id, p.id AS patrol_id, p.joint, p.started_at,
           ST_Buffer(near.track_m, s.reach_m) AS zone
    FROM seg s
    CROSS JOIN period
    JOIN patrols p ON p.track && ST_Expand(s.geom, s.reach_deg)
    CROSS JOIN LATERAL (
        -- only the part of the track around the segment, in metres
        SELECT ST_Transform(ST_ClipByBox2D(p.track, ST_Expand(s.geom, 2 * s.reach_deg)::box2d),
                            s.srid) AS track_m) AS near
    WHERE p.started_at >= period.starts AND p.started_at < period.ends
      AND ST_DWithin(near.track_m, s.geom_m, s.reach_m)
), piece AS MATERIALIZED (
    -- the stretches of the segment inside one zone, as fractions of its length
    SELECT h.segment_id, h.patrol_id, h.joint, h.started_at,
           least(f.a, f.b) AS lo, greatest(f.a, f.b) AS hi
    FROM hit h
    JOIN seg s ON s.id = h.segment_id,
    LATERAL ST_Dump(ST_Intersection(s.geom_m, h.zone)) AS d,
    LATERAL (SELECT ST_LineLocatePoint(s.geom_m, ST_StartPoint(d.geom)) AS a,
                    ST_LineLocatePoint(s.geom_m, ST_EndPoint(d.geom)) AS b) AS f
    WHERE ST_GeometryType(d.geom) = 'ST_LineString'
), stretch AS (
    -- every stretch counts for all patrols and for its own kind (joint or Vietnamese-only)
    SELECT segment_id, 'any' AS kind, lo, hi FROM piece
    UNION ALL
    SELECT segment_id, CASE WHEN joint THEN 'joint' ELSE 'vn' END, lo, hi FROM piece
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
    SELECT segment_id,
           sum(hi - lo) FILTER (WHERE kind = 'any') AS any_share,
           coalesce(sum(hi - lo) FILTER (WHERE kind = 'joint'), 0) AS joint_share,
           coalesce(sum(hi - lo) FILTER (WHERE kind = 'vn'), 0) AS vn_share
    FROM island GROUP BY segment_id
), counted AS (
    SELECT segment_id, count(DISTINCT patrol_id)::integer AS patrols,
           (count(DISTINCT patrol_id) FILTER (WHERE joint))::integer AS joint_patrols
    FROM hit GROUP BY segment_id
), gap AS (
    -- between the islands of all patrols, and from the last one to the segment's end
    SELECT segment_id, coalesce(lag(hi) OVER w, 0) AS lo, lo AS hi
    FROM island WHERE kind = 'any' WINDOW w AS (PARTITION BY segment_id ORDER BY lo)
    UNION ALL
    SELECT segment_id, max(hi), 1 FROM island WHERE kind = 'any' GROUP BY segment_id
), gaps AS (
    SELECT g.segment_id,
           ST_Transform(ST_Multi(ST_Collect(ST_LineSubstring(s.geom_m, g.lo, g.hi)
                                            ORDER BY g.lo)), 4326) AS gaps
    FROM gap g JOIN seg s ON s.id = g.segment_id
    WHERE g.hi > g.lo + 1e-9 GROUP BY g.segment_id
), qualifying AS (
    -- joint patrols covering at least the policy's share of the segment
    SELECT q.segment_id, q.started_at
    FROM piece q JOIN seg s ON s.id = q.segment_id
    WHERE q.joint
    GROUP BY q.segment_id, q.patrol_id, q.started_at, s.min_share
    HAVING sum(q.hi - q.lo) >= s.min_share
), window_of AS (
    SELECT s.id AS segment_id,
           (date_from::timestamp + n * s.every) AT TIME ZONE 'Asia/Ho_Chi_Minh' AS starts,
           least((date_from::timestamp + (n + 1) * s.every) AT TIME ZONE 'Asia/Ho_Chi_Minh',
                 period.ends) AS ends
    FROM seg s, period, generate_series(0, date_to - date_from) AS n
    WHERE (date_from::timestamp + n * s.every) AT TIME ZONE 'Asia/Ho_Chi_Minh' < period.ends
), verdict AS (
    SELECT w.segment_id, count(*)::integer AS windows,
           (count(*) FILTER (WHERE EXISTS (
               SELECT FROM qualifying q WHERE q.segment_id = w.segment_id
               AND q.started_at >= w.starts AND q.started_at < w.ends)))::integer AS windows_met
    FROM window_of w GROUP BY w.segment_id
), result AS (
    SELECT s.id AS segment_id, s.section, s.seq, s.from_position, s.to_position,
           s.from_markers, s.to_markers, s.from_chainage_m, s.to_chainage_m, s.length_m,
           s.kind, s.reach_m AS distance_m,
           least(1, coalesce(z.any_share, 0)) AS covered_share,
           least(1, coalesce(z.joint_share, 0)) AS joint_share,
           least(1, coalesce(z.vn_share, 0)) AS vn_only_share,
           coalesce(c.patrols, 0) AS patrols, coalesce(c.joint_patrols, 0) AS joint_patrols,
           last.any_at AS last_patrolled_at, last.joint_at AS last_joint_patrolled_at,
           s.every AS policy_every, s.min_share AS policy_min_share, v.windows,
           v.windows_met, v.windows_met = v.windows AS meets_policy, s.geom,
           -- the parts of the segment no patrol came near
           CASE WHEN z.any_share IS NULL THEN ST_Multi(s.geom)
                ELSE coalesce(g.gaps, 'SRID=4326;MULTILINESTRING EMPTY'::geometry) END AS gaps
    FROM seg s
    CROSS JOIN period
    LEFT JOIN zones z ON z.segment_id = s.id
    LEFT JOIN counted c ON c.segment_id = s.id
    LEFT JOIN gaps g ON g.segment_id = s.id
    LEFT JOIN verdict v ON v.segment_id = s.id
    LEFT JOIN LATERAL (
        -- the latest patrols that passed, whenever they were, up to the period's end
        SELECT (SELECT p.ended_at FROM patrols p
                WHERE p.started_at < period.ends AND p.track && ST_Expand(s.geom, s.reach_deg)
                  AND ST_DWithin(ST_Transform(ST_ClipByBox2D(p.track, ST_Expand(
                          s.geom, 2 * s.reach_deg)::box2d), s.srid), s.geom_m, s.reach_m)
                ORDER BY p.started_at DESC LIMIT 1) AS any_at,
               (SELECT p.ended_at FROM patrols p
                WHERE p.joint AND p.started_at < period.ends
                  AND p.track && ST_Expand(s.geom, s.reach_deg)
                  AND ST_DWithin(ST_Transform(ST_ClipByBox2D(p.track, ST_Expand(
                          s.geom, 2 * s.reach_deg)::box2d), s.srid), s.geom_m, s.reach_m)
                ORDER BY p.started_at DESC LIMIT 1) AS joint_at) AS last ON true
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

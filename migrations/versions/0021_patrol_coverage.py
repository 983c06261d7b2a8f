"""Patrol coverage per border segment, and the patrol policy per section.

``patrol_coverage(from, to, section)`` answers, for each border segment, the share of its
length lying within the policy's distance (200 m unless a section's policy says otherwise)
of a patrol track started in the period (dates on the border's calendar, Asia/Ho_Chi_Minh,
``to`` included), for all patrols, joint ones and Vietnamese-only ones; the last time a
patrol passed it (at any time up to the period's end); and whether it meets the policy: in
every window of the policy's length from the period's start (one month by default), one
joint patrol covered at least ``min_share`` of it (half by default).

Distances and lengths are measured in the UTM zone of each segment: a track is clipped to
the segment's surroundings, buffered by the distance, and the segment's length inside the
buffers is compared with its whole length. ``patrol_coverage_features`` (the collection) is
the current month so far.

Revision ID: 0021
Revises: 0020
"""

from alembic import op

revision = "0021"
down_revision = "0020"
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
    SELECT s.id AS segment_id, p.joint, p.started_at,
           ST_Buffer(ST_Transform(ST_ClipByBox2D(p.track,
                         ST_Expand(s.geom, 2 * s.reach_deg)::box2d), s.srid), s.reach_m) AS zone
    FROM seg s, period, patrols p
    WHERE p.started_at >= period.starts AND p.started_at < period.ends
      AND p.track && ST_Expand(s.geom, s.reach_deg)
      AND ST_DWithin(p.track::geography, s.geom::geography, s.reach_m)
), zones AS (
    SELECT segment_id, ST_Union(zone) AS any_zone,
           ST_Union(zone) FILTER (WHERE joint) AS joint_zone,
           ST_Union(zone) FILTER (WHERE NOT joint) AS vn_zone,
           count(*)::integer AS patrols, (count(*) FILTER (WHERE joint))::integer AS joint_patrols
    FROM hit GROUP BY segment_id
), qualifying AS (
    -- joint patrols covering at least the policy's share of the segment
    SELECT h.segment_id, h.started_at
    FROM hit h JOIN seg s ON s.id = h.segment_id
    WHERE h.joint AND ST_Length(s.geom_m) > 0
      AND ST_Length(ST_Intersection(s.geom_m, h.zone)) / ST_Length(s.geom_m) >= s.min_share
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
           least(1, coalesce(ST_Length(ST_Intersection(s.geom_m, z.any_zone))
                             / nullif(ST_Length(s.geom_m), 0), 0)) AS covered_share,
           least(1, coalesce(ST_Length(ST_Intersection(s.geom_m, z.joint_zone))
                             / nullif(ST_Length(s.geom_m), 0), 0)) AS joint_share,
           least(1, coalesce(ST_Length(ST_Intersection(s.geom_m, z.vn_zone))
                             / nullif(ST_Length(s.geom_m), 0), 0)) AS vn_only_share,
           coalesce(z.patrols, 0) AS patrols, coalesce(z.joint_patrols, 0) AS joint_patrols,
           last.any_at AS last_patrolled_at, last.joint_at AS last_joint_patrolled_at,
           s.every AS policy_every, s.min_share AS policy_min_share, v.windows,
           v.windows_met, v.windows_met = v.windows AS meets_policy, s.geom,
           -- the parts of the segment no patrol came near
           CASE WHEN z.any_zone IS NULL THEN ST_Multi(s.geom)
                ELSE ST_Transform(ST_Multi(ST_CollectionExtract(
                         ST_Difference(s.geom_m, z.any_zone), 2)), 4326) END AS gaps
    FROM seg s
    CROSS JOIN period
    LEFT JOIN zones z ON z.segment_id = s.id
    LEFT JOIN verdict v ON v.segment_id = s.id
    LEFT JOIN LATERAL (
        -- the last patrol that passed, whenever it was, up to the period's end
        SELECT max(p.ended_at) AS any_at, max(p.ended_at) FILTER (WHERE p.joint) AS joint_at
        FROM patrols p
        WHERE p.started_at < period.ends AND p.track && ST_Expand(s.geom, s.reach_deg)
          AND ST_DWithin(p.track::geography, s.geom::geography, s.reach_m)) AS last ON true
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
SELECT max(p.ended_at) FROM patrols p
WHERE p.track && ST_Expand(point, distance_m / (111320 * cos(radians(ST_Y(point)))) * 1.01)
  AND ST_DWithin(p.track::geography, point::geography, distance_m)
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

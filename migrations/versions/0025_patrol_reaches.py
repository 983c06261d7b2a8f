"""Patrol coverage from stretches stored per patrol (issue 15: a year of the whole border).

``patrol_coverage`` (0024) buffered every track of the period on every call: for a year of
the whole border (1,200 patrols of 500 points) that was 4.5 s of its 5–6 s. The stretches of
each section's line within reach of a track depend only on the track, the section's line and
the section's reach (its policy's distance), so they are worked out once, when the patrol is
written, and kept in ``patrol_reaches`` with the reach and a digest of the line they were
worked out for. ``patrol_coverage`` takes a stored row only when both still match, and works
out any other patrol of the period as before (the same expression, ``patrol_stretches``), so
a stale or missing row makes it slower, never wrong. Segments are fractions of the section's
line, so a segment re-cut changes nothing stored.

Kept current in the same transaction, by triggers:

- a patrol inserted, or its track updated: its rows are worked out again (a deleted patrol
  takes its rows with it, ON DELETE CASCADE). A track of more than ``MAX_POINTS`` points is
  left to the coverage query: buffering a long noisy track can take seconds (a 50,000-point
  zig-zag GPX track across a 2 km corridor took 94 s), which an upload must not wait for;
- a section's line replaced, or its policy's distance changed: the section's rows are worked
  out again (about 4 ms per patrol near it).

Writing a patrol of 500 points costs those 4 ms more; the upgrade works out the rows of the
patrols already stored (a year of the whole border: about 5 s).

Revision ID: 0025
Revises: 0024
"""

import importlib.util
from pathlib import Path

from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

# Tracks longer than this are worked out by the coverage query, not when they are written.
MAX_POINTS = 10_000

UPGRADE = """
-- Each section in its UTM zone with its reach: what the stretches of a track depend on.
CREATE VIEW patrol_reach_sections AS
SELECT s.id, s.code, s.geom, pol.every, pol.min_share, pol.distance_m AS reach_m,
       utm_srid(s.geom) AS srid, ST_Transform(s.geom, utm_srid(s.geom)) AS line_m,
       -- the distance in degrees of longitude (the larger) at the section's latitude
       pol.distance_m / (111320 * cos(radians(ST_Y(ST_Centroid(s.geom))))) * 1.01
           AS reach_deg,
       md5(ST_AsEWKB(s.geom)) AS line_key
FROM border_sections s
JOIN patrol_policy_in_force pol ON pol.section_id = s.id;

-- The stretches of a section's line (line_m, in metres) within reach of a track, as
-- fractions of the line: the track near the section, simplified by a twentieth of the
-- distance (GPS noise is larger), buffered once, intersected with the line (0024's rule).
CREATE FUNCTION patrol_stretches(track geometry, line geometry, line_m geometry,
                                 reach_m double precision, reach_deg double precision)
RETURNS TABLE (lo double precision, hi double precision)
LANGUAGE sql IMMUTABLE STRICT AS $$
SELECT least(f.a, f.b), greatest(f.a, f.b)
FROM (SELECT ST_Buffer(ST_Simplify(ST_Transform(ST_ClipByBox2D(
          track, ST_Expand(line, 2 * reach_deg)::box2d), ST_SRID(line_m)),
          reach_m / 20), reach_m) AS zone) AS z,
     LATERAL ST_Dump(ST_Intersection(line_m, z.zone)) AS d,
     LATERAL (SELECT ST_LineLocatePoint(line_m, ST_StartPoint(d.geom)) AS a,
                     ST_LineLocatePoint(line_m, ST_EndPoint(d.geom)) AS b) AS f
WHERE ST_GeometryType(d.geom) = 'ST_LineString'
$$;

-- Per patrol and section it comes near: its stretches (lo[i] … hi[i], none when it came
-- near the box but not within reach), and the reach and line they were worked out for.
CREATE TABLE patrol_reaches (
    patrol_id   uuid NOT NULL REFERENCES patrols(id) ON DELETE CASCADE,
    section_id  integer NOT NULL REFERENCES border_sections(id) ON DELETE CASCADE,
    reach_m     double precision NOT NULL,
    line_key    text NOT NULL,
    lo          double precision[] NOT NULL,
    hi          double precision[] NOT NULL,
    PRIMARY KEY (patrol_id, section_id),
    CHECK (cardinality(lo) = cardinality(hi))
);
CREATE INDEX patrol_reaches_section_idx ON patrol_reaches (section_id);

-- The rows of one patrol (its id and track) for the sections given (all when NULL) its
-- track comes near; none for a track of more than MAX_POINTS points.
CREATE FUNCTION patrol_reach_rows(of_patrol uuid, track geometry, section_ids integer[])
RETURNS SETOF patrol_reaches LANGUAGE sql STABLE AS $$
SELECT of_patrol, s.id, s.reach_m, s.line_key,
       coalesce(array_agg(x.lo ORDER BY x.lo, x.hi) FILTER (WHERE x.lo IS NOT NULL), '{}'),
       coalesce(array_agg(x.hi ORDER BY x.lo, x.hi) FILTER (WHERE x.lo IS NOT NULL), '{}')
FROM patrol_reach_sections s
LEFT JOIN LATERAL patrol_stretches(track, s.geom, s.line_m, s.reach_m, s.reach_deg) AS x
       ON true
WHERE track && ST_Expand(s.geom, s.reach_deg)
  AND (section_ids IS NULL OR s.id = ANY (section_ids))
  AND ST_NPoints(track) <= {max_points}
GROUP BY s.id, s.reach_m, s.line_key
$$;

-- Work out again the rows of every patrol for the sections given (all when NULL).
CREATE FUNCTION patrol_reaches_store(section_ids integer[])
RETURNS void LANGUAGE sql VOLATILE AS $$
DELETE FROM patrol_reaches r WHERE section_ids IS NULL OR r.section_id = ANY (section_ids);
INSERT INTO patrol_reaches
SELECT r.* FROM patrols p, LATERAL patrol_reach_rows(p.id, p.track, section_ids) AS r;
$$;

CREATE FUNCTION patrol_reaches_on_patrol() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- an update to anything but the track changes no stretch (the trigger's column list);
    -- the new track is at hand: the patrols table is not read again
    DELETE FROM patrol_reaches WHERE patrol_id = NEW.id;
    INSERT INTO patrol_reaches SELECT * FROM patrol_reach_rows(NEW.id, NEW.track, NULL);
    RETURN NULL;
END $$;

CREATE TRIGGER patrol_reaches_on_patrol
AFTER INSERT OR UPDATE OF track ON patrols
FOR EACH ROW EXECUTE FUNCTION patrol_reaches_on_patrol();

CREATE FUNCTION patrol_reaches_on_section() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM patrol_reaches_store(ARRAY[NEW.id]);
    RETURN NULL;
END $$;

CREATE TRIGGER patrol_reaches_on_section
AFTER INSERT OR UPDATE OF geom ON border_sections
FOR EACH ROW EXECUTE FUNCTION patrol_reaches_on_section();

CREATE FUNCTION patrol_reaches_on_policy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- only the distance changes the stretches
    IF TG_OP = 'UPDATE' AND NEW.distance_m = OLD.distance_m THEN
        RETURN NULL;
    END IF;
    PERFORM patrol_reaches_store(
        ARRAY[CASE WHEN TG_OP = 'DELETE' THEN OLD.section_id ELSE NEW.section_id END]);
    RETURN NULL;
END $$;

CREATE TRIGGER patrol_reaches_on_policy
AFTER INSERT OR UPDATE OR DELETE ON patrol_policies
FOR EACH ROW EXECUTE FUNCTION patrol_reaches_on_policy();

SELECT patrol_reaches_store(NULL);
""".replace("{max_points}", str(MAX_POINTS))

# 0024's function with its first steps changed: the sections come from the view above, and
# each patrol's stretches from its stored row when it is current (gis/schema.py holds the
# same text).
PATROL_COVERAGE = """
patrol_coverage(date_from date, date_to date, only_section text DEFAULT NULL)
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
    SELECT * FROM patrol_reach_sections
    WHERE only_section IS NULL OR code = only_section
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
), near AS MATERIALIZED (
    -- each patrol of the period near a section, with its stored stretches when they were
    -- worked out for the section's reach and line as they are now
    SELECT sec.id AS section_id, p.id AS patrol_id, p.joint, p.started_at, p.ended_at,
           r.lo AS stored_lo, r.hi AS stored_hi, r.patrol_id IS NOT NULL AS stored
    FROM sec
    CROSS JOIN period
    JOIN patrols p ON p.track && ST_Expand(sec.geom, sec.reach_deg)
    LEFT JOIN patrol_reaches r ON r.patrol_id = p.id AND r.section_id = sec.id
                              AND r.reach_m = sec.reach_m AND r.line_key = sec.line_key
    WHERE p.started_at >= period.starts AND p.started_at < period.ends
      AND p.withdrawn_at IS NULL  -- a withdrawn patrol is out of every layer and count
), piece AS MATERIALIZED (
    -- the stretches of the section's line within reach of each track, as fractions of the
    -- line: stored, else worked out here by the same rule
    SELECT n.section_id, n.patrol_id, n.joint, n.started_at, n.ended_at, x.lo, x.hi
    FROM near n, LATERAL unnest(n.stored_lo, n.stored_hi) AS x (lo, hi)
    WHERE n.stored
    UNION ALL
    SELECT n.section_id, n.patrol_id, n.joint, n.started_at, n.ended_at, x.lo, x.hi
    FROM near n
    JOIN sec ON sec.id = n.section_id
    JOIN patrols p ON p.id = n.patrol_id,
    LATERAL patrol_stretches(p.track, sec.geom, sec.line_m, sec.reach_m, sec.reach_deg) AS x
    WHERE NOT n.stored
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
                  AND p.withdrawn_at IS NULL
                  AND p.track && ST_Expand(s.geom, s.reach_deg)
                  AND ST_DWithin(ST_Transform(ST_ClipByBox2D(p.track, ST_Expand(
                          s.geom, 2 * s.reach_deg)::box2d), s.srid), s.geom_m, s.reach_m)
                ORDER BY p.started_at DESC LIMIT 1) AS any_at,
               (SELECT p.ended_at FROM patrols p
                WHERE c.joint_at IS NULL AND p.joint AND p.started_at < period.starts
                  AND p.withdrawn_at IS NULL
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
$$"""


def _function_0024() -> str:
    """``patrol_coverage`` as migration 0024 created it, as CREATE OR REPLACE."""
    path = Path(__file__).with_name("0024_patrol_coverage.py")
    spec = importlib.util.spec_from_file_location("migration_0024", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text: str = module.UPGRADE
    start = text.index("CREATE FUNCTION patrol_coverage(")
    end = text.index("\n$$;\n", start) + len("\n$$;\n")
    return "CREATE OR REPLACE" + text[start:end].removeprefix("CREATE")


DOWNGRADE = """
DROP TRIGGER IF EXISTS patrol_reaches_on_policy ON patrol_policies;
DROP TRIGGER IF EXISTS patrol_reaches_on_section ON border_sections;
DROP TRIGGER IF EXISTS patrol_reaches_on_patrol ON patrols;
DROP FUNCTION IF EXISTS patrol_reaches_on_policy();
DROP FUNCTION IF EXISTS patrol_reaches_on_section();
DROP FUNCTION IF EXISTS patrol_reaches_on_patrol();
DROP FUNCTION IF EXISTS patrol_reaches_store(integer[]);
DROP FUNCTION IF EXISTS patrol_reach_rows(uuid, geometry, integer[]);
DROP TABLE IF EXISTS patrol_reaches;
"""

# After 0024's function is back: nothing calls these any more.
DOWNGRADE_AFTER = """
DROP FUNCTION IF EXISTS patrol_stretches(geometry, geometry, geometry, double precision,
                                         double precision);
DROP VIEW IF EXISTS patrol_reach_sections;
"""


def upgrade() -> None:
    op.execute(UPGRADE)
    op.execute("CREATE OR REPLACE FUNCTION " + PATROL_COVERAGE.strip())


def downgrade() -> None:
    op.execute(DOWNGRADE)
    op.execute(_function_0024())
    op.execute(DOWNGRADE_AFTER)

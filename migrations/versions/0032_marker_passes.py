"""When a patrol last passed a marker, from passes stored when the patrol is written.

The due list called 0027's ``last_seen_by_patrol`` once for every marker due (341 on twenty
years of growth data), and each call walked the patrols newest first, measuring each track
that came near the marker's box on the spheroid: 250–300 ms for the list, nearly all of it in
the database. Which markers a track passes, and how close, depends only on the track and the
markers' points, so it is worked out once, when the patrol is written, and kept in
``marker_passes``: one row per patrol and marker its track came within ``REACH_M`` of, with
the distance on the spheroid and the patrol's start and end. ``marker_last_seen(marker,
within_m)`` then reads the marker's newest pass within the distance from an index. Its meaning
is 0027's: the end of the latest-started patrol, not withdrawn and back (an end), whose track
came within the distance of the marker's point on the spheroid. 0027 measures only the part
of the track around the point; within the reach its nearest point is the whole track's, and
the two figures differ by centimetres at most (2 cm at 150 m in the tests), far below what a
GPS fix can tell. A distance above ``REACH_M`` (the passed-marker setting is not bounded) is
answered by ``last_seen_by_patrol`` itself: slower, not different.

Kept current in the same transaction, by triggers:

- a patrol inserted, or its track, start, end or withdrawal changed: its rows are worked out
  again (none while it is withdrawn or still out); a deleted patrol takes its rows with it;
- a marker inserted, or its registry point changed (also by 0017's triggers): its rows are
  worked out again from every patrol near it; a deleted marker takes its rows with it.

A patrol written while a marker moves would otherwise be measured against the old point (each
transaction sees the other's rows only after it commits). Patrol writes take a shared
transaction lock, point changes an exclusive one, and each trigger reads the other table after
taking it; under READ COMMITTED each statement then sees what the other committed, so
concurrent patrols never wait for each other and a moved marker is never measured stale.

Revision ID: 0032
Revises: 0031
"""

from alembic import op

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None

# Passes are stored within this distance (metres); the default "seen" distance is 200 m.
REACH_M = 1000

UPGRADE = """
CREATE TABLE marker_passes (
    patrol_id   uuid NOT NULL REFERENCES patrols(id) ON DELETE CASCADE,
    marker_id   integer NOT NULL REFERENCES markers(id) ON DELETE CASCADE,
    started_at  timestamptz NOT NULL,
    ended_at    timestamptz NOT NULL,
    distance_m  double precision NOT NULL CHECK (distance_m >= 0 AND distance_m <= {reach}),
    PRIMARY KEY (patrol_id, marker_id)
);
-- a marker's passes newest first, answering from the index alone
CREATE INDEX marker_passes_newest_idx ON marker_passes (marker_id, started_at DESC)
    INCLUDE (ended_at, distance_m);

-- 0027's reach in degrees of longitude (the larger) at a point's latitude.
CREATE FUNCTION marker_pass_degrees(point geometry, distance_m double precision)
RETURNS double precision LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT distance_m / (111320 * cos(radians(ST_Y(point)))) * 1.01
$$;

-- The passes of one patrol: the markers its track came within the reach of (none while it
-- is withdrawn or still out). The index is probed with the reach at the track's farthest
-- latitude from the equator (plus a degree), wider than any marker's own. The track is cast
-- to geography once, so that PostGIS keeps its tree from one marker to the next: 2 ms a
-- patrol, where clipping the track anew for each marker took 40.
CREATE FUNCTION marker_pass_rows_of_patrol(p patrols)
RETURNS SETOF marker_passes LANGUAGE sql STABLE AS $$
SELECT p.id, m.id, p.started_at, p.ended_at, d.distance_m
FROM (SELECT p.track::geography AS track OFFSET 0) AS t,
     markers m,
     LATERAL (SELECT ST_Distance(t.track, m.registry_geom::geography) AS distance_m) AS d
WHERE p.withdrawn_at IS NULL AND p.ended_at IS NOT NULL
  AND m.registry_geom && ST_Expand(p.track, marker_pass_degrees(
          ST_MakePoint(0, least(88, greatest(abs(ST_YMin(p.track)), abs(ST_YMax(p.track))) + 1)),
          {reach}))
  AND d.distance_m <= {reach}
$$;

-- The passes of one marker: every patrol (not withdrawn, back) within the reach of its point.
CREATE FUNCTION marker_pass_rows_of_marker(of_marker integer, point geometry)
RETURNS SETOF marker_passes LANGUAGE sql STABLE AS $$
SELECT p.id, of_marker, p.started_at, p.ended_at, d.distance_m
FROM patrols p,
     LATERAL (SELECT ST_Distance(p.track::geography, point::geography) AS distance_m) AS d
WHERE p.track && ST_Expand(point, marker_pass_degrees(point, {reach}))
  AND p.withdrawn_at IS NULL AND p.ended_at IS NOT NULL
  AND d.distance_m <= {reach}
$$;

-- When a patrol last passed the marker within the distance (0027's meaning), as one row so
-- that the planner inlines it into the due list and the marker page.
CREATE FUNCTION marker_last_seen(marker integer, within_m double precision)
RETURNS TABLE (last_seen_at timestamptz) LANGUAGE sql STABLE AS $$
SELECT CASE
    WHEN within_m <= {reach} THEN (
        SELECT s.ended_at FROM marker_passes s
        WHERE s.marker_id = marker AND s.distance_m <= within_m
        ORDER BY s.started_at DESC LIMIT 1)
    ELSE (SELECT last_seen_by_patrol(m.registry_geom, within_m) FROM markers m
          WHERE m.id = marker) END
$$;

-- The codes of the markers a patrol passed within the distance, in border order (the
-- patrol's answer): its stored passes when it has them (not withdrawn) and the distance is
-- within the reach, else measured here, the whole track against every marker.
CREATE FUNCTION patrol_markers_passed(patrol uuid, within_m double precision)
RETURNS json LANGUAGE sql STABLE AS $$
SELECT CASE
    WHEN within_m <= {reach} AND p.withdrawn_at IS NULL AND p.ended_at IS NOT NULL THEN (
        SELECT json_agg(m.code ORDER BY m.chainage_m, m.code)
        FROM marker_passes s JOIN markers m ON m.id = s.marker_id
        WHERE s.patrol_id = p.id AND s.distance_m <= within_m)
    ELSE (
        SELECT json_agg(m.code ORDER BY m.chainage_m, m.code)
        FROM (SELECT p.track::geography AS g OFFSET 0) AS t, markers m
        WHERE ST_DWithin(m.registry_geom::geography, t.g, within_m)) END
FROM patrols p WHERE p.id = patrol
$$;

CREATE FUNCTION marker_passes_on_patrol() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- shared: patrols do not wait for each other, only for a marker being moved
    PERFORM pg_advisory_xact_lock_shared(hashtext('marker_passes'));
    DELETE FROM marker_passes WHERE patrol_id = NEW.id;
    INSERT INTO marker_passes SELECT * FROM marker_pass_rows_of_patrol(NEW);
    RETURN NULL;
END $$;

CREATE TRIGGER marker_passes_on_patrol
AFTER INSERT OR UPDATE OF track, started_at, ended_at, withdrawn_at ON patrols
FOR EACH ROW EXECUTE FUNCTION marker_passes_on_patrol();

CREATE FUNCTION marker_passes_on_marker() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.registry_geom IS NOT DISTINCT FROM NEW.registry_geom THEN
        RETURN NULL;  -- the point stayed: its passes stand
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('marker_passes'));
    DELETE FROM marker_passes WHERE marker_id = NEW.id;
    IF NEW.registry_geom IS NOT NULL THEN
        INSERT INTO marker_passes
        SELECT * FROM marker_pass_rows_of_marker(NEW.id, NEW.registry_geom);
    END IF;
    RETURN NULL;
END $$;

-- No column list on the update: 0017's BEFORE triggers may change the point themselves. No
-- WHEN clause either: pg_dump writes it out, and a restore (empty search_path) cannot tell
-- which geometry `=` it means; the function compares the points instead.
CREATE TRIGGER marker_passes_on_marker_insert AFTER INSERT ON markers
FOR EACH ROW EXECUTE FUNCTION marker_passes_on_marker();
CREATE TRIGGER marker_passes_on_marker_update AFTER UPDATE ON markers
FOR EACH ROW EXECUTE FUNCTION marker_passes_on_marker();

INSERT INTO marker_passes SELECT r.* FROM patrols p, LATERAL marker_pass_rows_of_patrol(p) AS r;
ANALYZE marker_passes;
""".replace("{reach}", str(REACH_M))

DOWNGRADE = """
DROP TRIGGER marker_passes_on_marker_update ON markers;
DROP TRIGGER marker_passes_on_marker_insert ON markers;
DROP TRIGGER marker_passes_on_patrol ON patrols;
DROP FUNCTION marker_passes_on_marker();
DROP FUNCTION marker_passes_on_patrol();
DROP FUNCTION patrol_markers_passed(uuid, double precision);
DROP FUNCTION marker_last_seen(integer, double precision);
DROP FUNCTION marker_pass_rows_of_marker(integer, geometry);
DROP FUNCTION marker_pass_rows_of_patrol(patrols);
DROP TABLE marker_passes;
DROP FUNCTION marker_pass_degrees(geometry, double precision);
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)

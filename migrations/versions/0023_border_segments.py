"""Border segments: the stretch of a section's line between two consecutive positions.

One row per pair of consecutive positions along each section (by chainage), plus the pieces
from the section's start to its first position and from its last position to its end (when
they have a length); a section without positions is one segment. A segment's geometry is
cut from its section's line by chainage: the chainage's share of the section's length
(official, else measured) is taken as the same share of the line's geodesic length, the rule
the seed used to place the positions (gis/seed/markers.py).

Kept true in the same transaction, by triggers:

- any insert, update or delete of positions re-cuts their sections (a statement-level
  trigger, so an import is one re-cut per statement). Only segments whose ends or geometry
  changed are written, so moving one position rewrites exactly its two segments;
- a section whose line is replaced first moves its *interpolated* positions and markers to
  the same share of the new line (their chainage stays), re-measures the chainage of the
  others (surveyed, derived, source points: their point never moves) on the new line, then
  re-cuts.

``kind`` (land, river, unknown) is ``unknown`` unless a source or a user says otherwise
(``kind_source`` says who); a segment that a new position splits keeps the kind of the
segment it came from.

Revision ID: 0023
Revises: 0022
"""

from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

UPGRADE = """
-- For each share of a line's geodesic length (0 … 1), the planar fraction of the line at
-- which that share is reached (what ST_LineSubstring and ST_LineInterpolatePoint take).
-- The line is measured once, vertex to vertex on the WGS84 spheroid; within one vertex
-- segment the share is taken as linear.
CREATE FUNCTION line_fractions_at_shares(line geometry, shares double precision[])
RETURNS TABLE (share double precision, fraction double precision)
LANGUAGE sql STABLE STRICT AS $$
WITH piece AS MATERIALIZED (
    SELECT d.path[1] AS n, ST_Length(d.geom::geography) AS g, ST_Length(d.geom) AS p
    FROM ST_DumpSegments(line) AS d
), running AS MATERIALIZED (
    SELECT n, g, p, sum(g) OVER w - g AS g0, sum(p) OVER w - p AS p0,
           sum(g) OVER () AS g_total, sum(p) OVER () AS p_total
    FROM piece WINDOW w AS (ORDER BY n)
)
SELECT s.share,
       CASE WHEN s.share <= 0 THEN 0
            WHEN s.share >= 1 THEN 1
            ELSE coalesce((
                SELECT least(1, (r.p0 + CASE WHEN r.g > 0
                                             THEN (s.share * r.g_total - r.g0) / r.g * r.p
                                             ELSE 0 END) / r.p_total)
                FROM running r WHERE r.g0 + r.g >= s.share * r.g_total
                ORDER BY r.n LIMIT 1), 1)
       END
FROM unnest(shares) AS s(share)
$$;

CREATE TABLE border_segments (
    id                text PRIMARY KEY,
    section_id        integer NOT NULL REFERENCES border_sections(id) ON DELETE CASCADE,
    seq               integer NOT NULL,
    from_position_id  integer REFERENCES marker_positions(id) ON DELETE CASCADE,
    to_position_id    integer REFERENCES marker_positions(id) ON DELETE CASCADE,
    from_chainage_m   double precision NOT NULL,
    to_chainage_m     double precision NOT NULL CHECK (to_chainage_m >= from_chainage_m),
    length_m          double precision GENERATED ALWAYS AS (ST_Length(geom::geography)) STORED,
    kind              text NOT NULL DEFAULT 'unknown' CHECK (kind IN ('land', 'river', 'unknown')),
    kind_source       text,
    geom              geometry(LineString, 4326) NOT NULL,
    source            text NOT NULL,
    source_ref        text,
    licence           text NOT NULL,
    coord_status      text NOT NULL CHECK (coord_status IN ('surveyed', 'source_point',
                          'derived', 'approximate', 'interpolated', 'unknown')),
    provenance_note   text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (kind = 'unknown' OR kind_source IS NOT NULL)
);
CREATE INDEX border_segments_geom_idx ON border_segments USING gist (geom);
CREATE INDEX border_segments_section_idx ON border_segments (section_id, from_chainage_m);
CREATE TRIGGER border_segments_touch BEFORE UPDATE ON border_segments
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER border_segments_changes AFTER INSERT OR UPDATE OR DELETE ON border_segments
    FOR EACH ROW EXECUTE FUNCTION record_feature_change('border_segments', 'id');

-- Re-cut one section: write the segments that changed, add new ones, drop vanished ones.
CREATE FUNCTION refresh_border_segments(target integer) RETURNS void
LANGUAGE sql AS $$
WITH section AS (
    SELECT s.id, s.code, s.geom, s.source, s.source_ref, s.licence, s.coord_status,
           coalesce(s.official_length_m, s.measured_length_m) AS total
    FROM border_sections s WHERE s.id = target
), stop AS (
    -- the section's ends and its positions in chainage order
    SELECT NULL::integer AS position_id, 'start' AS label, 0::float8 AS chainage_m, 0 AS rank
    FROM section
    UNION ALL
    SELECT p.id, p.number, p.chainage_m,
           row_number() OVER (ORDER BY p.chainage_m, p.number)::integer
    FROM marker_positions p WHERE p.section_id = target
    UNION ALL
    SELECT NULL, 'end', section.total, 2147483647 FROM section
), pair AS (
    SELECT position_id AS from_id, label AS from_label, chainage_m AS from_m,
           lead(position_id) OVER w AS to_id, lead(label) OVER w AS to_label,
           lead(chainage_m) OVER w AS to_m
    FROM stop WINDOW w AS (ORDER BY rank)
), kept AS (
    -- an end piece only where it has a length; between positions always
    SELECT pair.*, row_number() OVER (ORDER BY pair.from_m, pair.from_label)::integer AS seq,
           least(1, greatest(0, pair.from_m / section.total)) AS from_share,
           least(1, greatest(0, pair.to_m / section.total)) AS to_share
    FROM pair, section
    WHERE pair.to_label IS NOT NULL
      AND NOT (pair.from_id IS NULL AND pair.to_id IS NOT NULL AND pair.to_m <= 0)
      AND NOT (pair.to_id IS NULL AND pair.from_id IS NOT NULL AND pair.from_m >= section.total)
), cut AS MATERIALIZED (
    SELECT f.share, f.fraction
    FROM section, line_fractions_at_shares(section.geom, ARRAY(
        SELECT v.share FROM kept, LATERAL (VALUES (kept.from_share), (kept.to_share)) AS v(share)
    )) AS f
), wanted AS MATERIALIZED (
    SELECT section.code || ':' || k.from_label || '..' || k.to_label AS id, k.seq,
           k.from_id, k.to_id, k.from_m, greatest(k.from_m, k.to_m) AS to_m,
           CASE WHEN b.fraction > a.fraction
                THEN ST_LineSubstring(section.geom, a.fraction, b.fraction)
                ELSE ST_MakeLine(ST_LineInterpolatePoint(section.geom, a.fraction),
                                 ST_LineInterpolatePoint(section.geom, a.fraction)) END AS geom,
           'Cut from the section line between chainage ' || round(k.from_m::numeric, 1)
           || ' m (' || k.from_label || ') and ' || round(k.to_m::numeric, 1) || ' m ('
           || k.to_label || ')' AS note
    FROM kept k, section,
         LATERAL (SELECT fraction FROM cut WHERE cut.share = k.from_share LIMIT 1) AS a,
         LATERAL (SELECT fraction FROM cut WHERE cut.share = k.to_share LIMIT 1) AS b
), written AS (
    INSERT INTO border_segments AS o (id, section_id, seq, from_position_id, to_position_id,
        from_chainage_m, to_chainage_m, geom, kind, kind_source, source, source_ref, licence,
        coord_status, provenance_note)
    SELECT w.id, section.id, w.seq, w.from_id, w.to_id, w.from_m, w.to_m, w.geom,
           coalesce(parent.kind, 'unknown'), parent.kind_source, section.source,
           section.source_ref, section.licence, section.coord_status, w.note
    FROM wanted w
    CROSS JOIN section
    LEFT JOIN LATERAL (
        -- a new segment inside an old one (a position was added) takes its kind
        SELECT old.kind, old.kind_source FROM border_segments old
        WHERE old.section_id = target
          AND (w.from_m + w.to_m) / 2 BETWEEN old.from_chainage_m AND old.to_chainage_m
        ORDER BY old.from_chainage_m LIMIT 1) AS parent ON true
    ON CONFLICT (id) DO UPDATE SET
        seq = excluded.seq, from_position_id = excluded.from_position_id,
        to_position_id = excluded.to_position_id, from_chainage_m = excluded.from_chainage_m,
        to_chainage_m = excluded.to_chainage_m, geom = excluded.geom,
        source = excluded.source, source_ref = excluded.source_ref, licence = excluded.licence,
        coord_status = excluded.coord_status, provenance_note = excluded.provenance_note
    WHERE (o.seq, o.from_position_id, o.to_position_id, o.from_chainage_m, o.to_chainage_m,
           ST_AsBinary(o.geom), o.source, o.source_ref, o.licence, o.coord_status,
           o.provenance_note)
          IS DISTINCT FROM
          (excluded.seq, excluded.from_position_id, excluded.to_position_id,
           excluded.from_chainage_m, excluded.to_chainage_m, ST_AsBinary(excluded.geom),
           excluded.source, excluded.source_ref, excluded.licence, excluded.coord_status,
           excluded.provenance_note)
    RETURNING o.id
)
DELETE FROM border_segments o
WHERE o.section_id = target AND o.id NOT IN (SELECT id FROM wanted)
$$;

-- Positions written by one statement: re-cut each section they belong (or belonged) to.
CREATE FUNCTION border_segments_after_positions() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    sections integer[];
    target integer;
BEGIN
    IF TG_OP = 'INSERT' THEN
        sections := ARRAY(SELECT DISTINCT section_id FROM new_positions);
    ELSIF TG_OP = 'DELETE' THEN
        sections := ARRAY(SELECT DISTINCT section_id FROM old_positions);
    ELSE
        sections := ARRAY(SELECT section_id FROM new_positions
                          UNION SELECT section_id FROM old_positions);
    END IF;
    FOREACH target IN ARRAY sections LOOP
        IF EXISTS (SELECT FROM border_sections WHERE id = target) THEN
            PERFORM refresh_border_segments(target);
        END IF;
    END LOOP;
    RETURN NULL;
END $$;

CREATE TRIGGER marker_positions_segments_insert AFTER INSERT ON marker_positions
    REFERENCING NEW TABLE AS new_positions
    FOR EACH STATEMENT EXECUTE FUNCTION border_segments_after_positions();
CREATE TRIGGER marker_positions_segments_update AFTER UPDATE ON marker_positions
    REFERENCING OLD TABLE AS old_positions NEW TABLE AS new_positions
    FOR EACH STATEMENT EXECUTE FUNCTION border_segments_after_positions();
CREATE TRIGGER marker_positions_segments_delete AFTER DELETE ON marker_positions
    REFERENCING OLD TABLE AS old_positions
    FOR EACH STATEMENT EXECUTE FUNCTION border_segments_after_positions();

-- Chainage of a point on a section: the geodesic length to its projection on the line,
-- scaled to the official length (as gis/importers/markers.py computes it).
CREATE FUNCTION chainage_on_section(line geometry, measured double precision,
                                    official double precision, point geometry)
RETURNS double precision LANGUAGE sql IMMUTABLE AS $$
SELECT ST_Length(ST_LineSubstring(line, 0, ST_LineLocatePoint(line, point))::geography)
       / measured * coalesce(official, measured)
$$;

-- A replaced line: interpolated points follow it by their chainage share; the others keep
-- their point and are re-measured on it. Then the segments are re-cut.
CREATE FUNCTION border_section_line_replaced() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    total double precision := coalesce(NEW.official_length_m, NEW.measured_length_m);
    shares double precision[];
    points geometry[];
BEGIN
    SELECT array_agg(f.share), array_agg(ST_LineInterpolatePoint(NEW.geom, f.fraction))
    INTO shares, points
    FROM line_fractions_at_shares(NEW.geom, ARRAY(
        SELECT DISTINCT least(1, greatest(0, c.chainage_m / total)) FROM (
            SELECT p.chainage_m FROM marker_positions p
            WHERE p.section_id = NEW.id AND p.coord_status = 'interpolated'
            UNION
            SELECT m.chainage_m FROM markers m JOIN marker_positions p ON p.id = m.position_id
            WHERE p.section_id = NEW.id AND m.coord_status = 'interpolated') AS c)) AS f;

    UPDATE markers m SET
        registry_geom = CASE WHEN m.coord_status = 'interpolated'
            THEN points[array_position(shares, least(1, greatest(0, m.chainage_m / total)))]
            ELSE m.registry_geom END,
        chainage_m = CASE WHEN m.coord_status = 'interpolated' OR m.registry_geom IS NULL
            THEN m.chainage_m
            ELSE chainage_on_section(NEW.geom, NEW.measured_length_m, NEW.official_length_m,
                                     m.registry_geom) END
    FROM marker_positions p
    WHERE p.id = m.position_id AND p.section_id = NEW.id;

    -- one statement for the positions, so that the segments are re-cut once
    UPDATE marker_positions p SET
        geom = CASE WHEN p.coord_status = 'interpolated'
            THEN points[array_position(shares, least(1, greatest(0, p.chainage_m / total)))]
            ELSE p.geom END,
        chainage_m = CASE WHEN p.coord_status = 'interpolated' OR p.geom IS NULL
            THEN p.chainage_m
            ELSE chainage_on_section(NEW.geom, NEW.measured_length_m, NEW.official_length_m,
                                     p.geom) END
    WHERE p.section_id = NEW.id;

    PERFORM refresh_border_segments(NEW.id);
    RETURN NULL;
END $$;

CREATE TRIGGER border_sections_line_replaced
    AFTER UPDATE OF geom, official_length_m ON border_sections
    FOR EACH ROW WHEN (NOT ST_OrderingEquals(OLD.geom, NEW.geom)
                       OR OLD.official_length_m IS DISTINCT FROM NEW.official_length_m)
    EXECUTE FUNCTION border_section_line_replaced();

CREATE FUNCTION border_segments_after_new_section() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_border_segments(NEW.id);
    RETURN NULL;
END $$;

CREATE TRIGGER border_sections_new_segments AFTER INSERT ON border_sections
    FOR EACH ROW EXECUTE FUNCTION border_segments_after_new_section();

-- What the layer publishes: positions by number, and the markers standing at each end.
CREATE VIEW border_segments_features AS
SELECT g.id, s.code AS section, g.seq, fp.number AS from_position, tp.number AS to_position,
       coalesce((SELECT array_agg(m.code ORDER BY m.code) FROM markers m
                 WHERE m.position_id = g.from_position_id), '{}') AS from_markers,
       coalesce((SELECT array_agg(m.code ORDER BY m.code) FROM markers m
                 WHERE m.position_id = g.to_position_id), '{}') AS to_markers,
       g.from_chainage_m, g.to_chainage_m, g.length_m, g.kind, g.kind_source,
       g.source, g.source_ref, g.licence, g.coord_status, g.provenance_note,
       g.created_at, g.updated_at, g.geom
FROM border_segments g
JOIN border_sections s ON s.id = g.section_id
LEFT JOIN marker_positions fp ON fp.id = g.from_position_id
LEFT JOIN marker_positions tp ON tp.id = g.to_position_id;
"""

FILL = """
SELECT refresh_border_segments(id) FROM border_sections ORDER BY id;
"""

DOWNGRADE = """
DROP VIEW IF EXISTS border_segments_features;
DROP TRIGGER IF EXISTS border_sections_new_segments ON border_sections;
DROP TRIGGER IF EXISTS border_sections_line_replaced ON border_sections;
DROP TRIGGER IF EXISTS marker_positions_segments_insert ON marker_positions;
DROP TRIGGER IF EXISTS marker_positions_segments_update ON marker_positions;
DROP TRIGGER IF EXISTS marker_positions_segments_delete ON marker_positions;
DROP FUNCTION IF EXISTS border_segments_after_new_section();
DROP FUNCTION IF EXISTS border_section_line_replaced();
DROP FUNCTION IF EXISTS chainage_on_section(geometry, double precision, double precision,
                                            geometry);
DROP FUNCTION IF EXISTS border_segments_after_positions();
DROP FUNCTION IF EXISTS refresh_border_segments(integer);
DROP TABLE IF EXISTS border_segments;
DROP FUNCTION IF EXISTS line_fractions_at_shares(geometry, double precision[]);
DELETE FROM feature_changes WHERE collection = 'border_segments';
"""


def upgrade() -> None:
    op.execute(UPGRADE)
    op.execute(FILL)


def downgrade() -> None:
    op.execute(DOWNGRADE)

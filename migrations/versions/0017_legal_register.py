"""The legal register apart from observations (issue 13, item 4).

- ``legal_positions``: a marker's coordinates as a legal instrument gives them (in the
  instrument's CRS, e.g. VN-2000), the instrument and its reference, and a legal state
  ``draft | binding | superseded`` with its dates. At most one binding position per marker;
  a marker with legal positions cannot be deleted.
- ``marker_surveys``: where a marker was found by a survey (method, epoch, accuracy,
  observer), with its displacement from the reference it was measured against: the binding
  legal position when there is one, else the marker's registry point at that time.
- ``marker_observations``: surveys and inspection GPS points, read together.
- The registry point a map draws (``markers.registry_geom``) is kept by triggers: the binding
  legal position, else the best survey (smallest accuracy, then latest epoch), else what it
  was (the interpolated point); ``coord_status`` says which (``legal`` is new). A writer that
  tries to put another point on a marker with a binding legal position is refused: a GPS
  reading never overwrites the legal record.

Revision ID: 0017
Revises: 0014
"""

from alembic import op

revision = "0017"
down_revision = "0014"
branch_labels = None
depends_on = None

PROVENANCE = """
    source        text NOT NULL,
    source_ref    text,
    licence       text NOT NULL,
    provenance_note text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
"""

COORD_STATUSES_BEFORE = (
    "'surveyed', 'source_point', 'derived', 'approximate', 'interpolated', 'unknown'"
)
COORD_STATUSES_NOW = COORD_STATUSES_BEFORE + ", 'legal'"

UPGRADE = f"""
ALTER TABLE markers DROP CONSTRAINT markers_coord_status_check;
ALTER TABLE markers ADD CONSTRAINT markers_coord_status_check
    CHECK (coord_status IN ({COORD_STATUSES_NOW}));

CREATE TABLE legal_positions (
    id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- No cascade: deleting a marker never deletes its legal record.
    marker_id       integer NOT NULL REFERENCES markers(id),
    instrument      text NOT NULL CHECK (instrument <> ''),
    instrument_ref  text,
    -- The coordinates exactly as the instrument writes them, in its CRS.
    crs             text NOT NULL,
    x               double precision NOT NULL,
    y               double precision NOT NULL,
    geom            geometry(Point, 4326) NOT NULL,
    state           text NOT NULL CHECK (state IN ('draft', 'binding', 'superseded')),
    binding_from    date,
    binding_until   date,
    {PROVENANCE},
    CHECK (state <> 'binding' OR binding_from IS NOT NULL),
    CHECK (binding_until IS NULL OR binding_from IS NULL OR binding_until >= binding_from)
);
CREATE UNIQUE INDEX legal_positions_one_binding ON legal_positions (marker_id)
    WHERE state = 'binding';
CREATE INDEX legal_positions_marker_idx ON legal_positions (marker_id);
CREATE TRIGGER legal_positions_touch BEFORE UPDATE ON legal_positions
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE marker_surveys (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    marker_id           integer NOT NULL REFERENCES markers(id) ON DELETE CASCADE,
    method              text NOT NULL CHECK (method IN ('gnss', 'rtk', 'total_station',
                        'handheld_gps', 'other')),
    epoch               timestamptz NOT NULL,
    accuracy_m          double precision CHECK (accuracy_m > 0),
    observer            text,
    crs                 text NOT NULL,
    x                   double precision NOT NULL,
    y                   double precision NOT NULL,
    geom                geometry(Point, 4326) NOT NULL,
    -- Measured when recorded, from the binding legal position if there was one, else from
    -- the registry point (displacement_from is then its coord_status); NULL for a marker
    -- that had no point before this survey.
    displacement_m      double precision,
    displacement_from   text,
    legal_position_id   integer REFERENCES legal_positions(id),
    {PROVENANCE},
    CHECK ((displacement_m IS NULL) = (displacement_from IS NULL)),
    CHECK ((displacement_from = 'legal') = (legal_position_id IS NOT NULL))
);
CREATE INDEX marker_surveys_marker_idx ON marker_surveys (marker_id);

-- The point a map draws for one marker, and its coord_status; NULL when neither a binding
-- legal position nor a survey exists (the marker keeps the point it has).
CREATE FUNCTION marker_best_point(marker integer, OUT geom geometry, OUT coord_status text)
LANGUAGE sql STABLE AS $$
    SELECT b.geom, b.status FROM (
        SELECT l.geom, 'legal' AS status, 0 AS rank, 0::float8 AS accuracy,
               NULL::timestamptz AS epoch
        FROM legal_positions l WHERE l.marker_id = marker AND l.state = 'binding'
        UNION ALL
        SELECT s.geom, 'surveyed', 1, coalesce(s.accuracy_m, 'infinity'), s.epoch
        FROM marker_surveys s WHERE s.marker_id = marker
    ) b ORDER BY b.rank, b.accuracy, b.epoch DESC NULLS LAST LIMIT 1
$$;

-- Chainage as the importers define it: the projection's geodesic distance along the
-- section, scaled to the official length where there is one.
CREATE FUNCTION redraw_marker(marker integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    best record;
BEGIN
    SELECT * INTO best FROM marker_best_point(marker);
    IF best.geom IS NULL THEN
        RETURN;
    END IF;
    UPDATE markers m SET registry_geom = best.geom, coord_status = best.coord_status,
        chainage_m = ST_Length(ST_LineSubstring(s.geom, 0,
                         ST_LineLocatePoint(s.geom, best.geom))::geography)
                     / s.measured_length_m * coalesce(s.official_length_m, s.measured_length_m)
    FROM marker_positions p JOIN border_sections s ON s.id = p.section_id
    WHERE m.id = marker AND p.id = m.position_id
      AND (m.registry_geom IS DISTINCT FROM best.geom
           OR m.coord_status IS DISTINCT FROM best.coord_status);
END $$;

CREATE FUNCTION redraw_marker_of_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM redraw_marker(OLD.marker_id);
    ELSE
        PERFORM redraw_marker(NEW.marker_id);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER legal_positions_redraw AFTER INSERT OR UPDATE OR DELETE ON legal_positions
    FOR EACH ROW EXECUTE FUNCTION redraw_marker_of_row();
CREATE TRIGGER marker_surveys_redraw AFTER INSERT OR UPDATE OR DELETE ON marker_surveys
    FOR EACH ROW EXECUTE FUNCTION redraw_marker_of_row();

-- The legal record is never overwritten: a marker with a binding legal position draws it.
CREATE FUNCTION keep_legal_point() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    legal geometry;
BEGIN
    SELECT l.geom INTO legal FROM legal_positions l
    WHERE l.marker_id = NEW.id AND l.state = 'binding';
    IF legal IS NOT NULL AND (NEW.registry_geom IS DISTINCT FROM legal
                              OR NEW.coord_status <> 'legal') THEN
        RAISE EXCEPTION 'marker % has a binding legal position; its point cannot be replaced',
            NEW.code
            USING ERRCODE = 'check_violation',
                  HINT = 'record the reading as a survey (cotmoc import markers --as survey)';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER markers_keep_legal_point BEFORE UPDATE OF registry_geom, coord_status
    ON markers FOR EACH ROW EXECUTE FUNCTION keep_legal_point();

CREATE VIEW legal_positions_features AS
SELECT l.id, m.code AS marker_code, l.instrument, l.instrument_ref, l.crs, l.x, l.y, l.state,
       l.binding_from, l.binding_until, l.source, l.source_ref, l.licence,
       'legal'::text AS coord_status, l.provenance_note, l.created_at, l.updated_at, l.geom
FROM legal_positions l JOIN markers m ON m.id = l.marker_id;

-- Observations of where markers physically are: surveys and inspection GPS points.
CREATE VIEW marker_observations AS
SELECT 'survey:' || s.id AS id, m.code AS marker_code, 'survey'::text AS kind, s.method,
       s.epoch AS observed_at, s.accuracy_m, s.observer, s.displacement_m,
       s.displacement_from, s.source, s.source_ref, s.licence, 'surveyed'::text AS coord_status,
       s.provenance_note, s.updated_at, s.geom
FROM marker_surveys s JOIN markers m ON m.id = s.marker_id
UNION ALL
SELECT 'inspection:' || i.id, m.code, 'inspection', 'handheld_gps', i.observed_at,
       i.accuracy_m, i.created_by, i.displacement_m, 'registry', 'field inspection',
       'inspection ' || i.id, 'inspection record', 'surveyed', NULL, i.updated_at, i.position
FROM inspections i JOIN markers m ON m.id = i.marker_id
WHERE i.position IS NOT NULL;
"""  # noqa: S608 (constants only)

DOWNGRADE = f"""
DROP VIEW IF EXISTS marker_observations, legal_positions_features;
DROP TRIGGER IF EXISTS markers_keep_legal_point ON markers;
DROP FUNCTION IF EXISTS keep_legal_point();
DROP TABLE IF EXISTS marker_surveys, legal_positions;
DROP FUNCTION IF EXISTS redraw_marker_of_row();
DROP FUNCTION IF EXISTS redraw_marker(integer);
DROP FUNCTION IF EXISTS marker_best_point(integer);
UPDATE markers SET coord_status = 'surveyed' WHERE coord_status = 'legal';
ALTER TABLE markers DROP CONSTRAINT markers_coord_status_check;
ALTER TABLE markers ADD CONSTRAINT markers_coord_status_check
    CHECK (coord_status IN ({COORD_STATUSES_BEFORE}));
"""  # noqa: S608 (constants only)


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)

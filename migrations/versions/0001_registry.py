"""The border registry: sections, positions, markers, gates, villages, maintenance.

Revision ID: 0001
Revises:
"""

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Shared column groups. Every registry table says where its record came from.
PROVENANCE = """
    source        text NOT NULL,
    source_ref    text,
    licence       text NOT NULL,
    coord_status  text NOT NULL CHECK (coord_status IN ('surveyed', 'source_point',
                  'derived', 'approximate', 'interpolated', 'unknown')),
    provenance_note text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
"""
DATE_PRECISION = "CHECK ({0} IN ('day', 'month', 'year'))"

REGISTRY_TABLES = (
    "border_sections",
    "marker_positions",
    "markers",
    "marker_aliases",
    "gates",
    "gate_events",
    "villages",
    "village_pairs",
    "facts",
    "maintenance_records",
)

UPGRADE = f"""
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END $$;

CREATE TABLE border_sections (
    id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code               text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9_-]+$'),
    name               text NOT NULL,
    vn_unit            text NOT NULL,
    la_unit            text NOT NULL,
    official_length_m  double precision CHECK (official_length_m > 0),
    official_length_ref text,
    -- Measured by PostGIS on the WGS84 ellipsoid; nobody types it in.
    measured_length_m  double precision GENERATED ALWAYS AS (ST_Length(geom::geography)) STORED,
    first_marker       text,
    last_marker        text,
    geom               geometry(LineString, 4326) NOT NULL CHECK (ST_IsValid(geom)),
    {PROVENANCE}
);

CREATE TABLE marker_positions (
    id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    section_id    integer NOT NULL REFERENCES border_sections(id) ON DELETE CASCADE,
    number        text NOT NULL UNIQUE CHECK (number ~ '^[0-9]{{1,4}}(\\+[0-9]+m|/[0-9]+)?$'),
    chainage_m    double precision NOT NULL CHECK (chainage_m >= 0),
    kind          text NOT NULL CHECK (kind IN ('single', 'double', 'triple')),
    id_status     text NOT NULL CHECK (id_status IN ('official', 'illustrative')),
    geom          geometry(Point, 4326),
    {PROVENANCE}
);

CREATE TABLE markers (
    id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code           text NOT NULL UNIQUE
                   CHECK (code ~ '^[0-9]{{1,4}}(\\+[0-9]+m|/[0-9]+)?(\\([0-9]+\\))?$'),
    position_id    integer NOT NULL REFERENCES marker_positions(id) ON DELETE CASCADE,
    type           text NOT NULL CHECK (type IN ('boundary_marker', 'reference_stake')),
    -- The registry point; positions found by later inspections are kept with them.
    registry_geom  geometry(Point, 4326),
    chainage_m     double precision NOT NULL CHECK (chainage_m >= 0),
    maintained_by  text NOT NULL DEFAULT 'unknown'
                   CHECK (maintained_by IN ('VN', 'LA', 'unknown')),
    status         text NOT NULL DEFAULT 'unknown'
                   CHECK (status IN ('intact', 'needs_attention', 'damaged', 'destroyed',
                   'unknown')),
    id_status      text NOT NULL CHECK (id_status IN ('official', 'illustrative')),
    {PROVENANCE}
);

-- Other names of markers, e.g. legacy ids from before densification (Q6, R2).
-- marker_id stays empty until someone maps the alias to today's numbering.
CREATE TABLE marker_aliases (
    alias       text PRIMARY KEY,
    marker_id   integer REFERENCES markers(id) ON DELETE SET NULL,
    kind        text NOT NULL CHECK (kind IN ('legacy', 'other')),
    {PROVENANCE}
);

CREATE TABLE gates (
    id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code           text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9_-]+$'),
    vn_name        text NOT NULL,
    la_name        text,
    aliases        text[] NOT NULL DEFAULT '{{}}',
    type           text NOT NULL CHECK (type IN ('international', 'main', 'auxiliary')),
    planned_type   text CHECK (planned_type IN ('international', 'main', 'auxiliary')),
    vn_place       text,
    la_place       text,
    geom           geometry(Point, 4326),
    {PROVENANCE},
    CHECK (geom IS NOT NULL OR coord_status = 'unknown')
);

CREATE TABLE gate_events (
    id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    gate_id         integer NOT NULL REFERENCES gates(id) ON DELETE CASCADE,
    kind            text NOT NULL CHECK (kind IN ('opened', 'upgraded', 'upgrade_planned',
                    'single_window', 'infrastructure', 'traffic', 'proposal', 'other')),
    event_on        date,
    date_precision  text {DATE_PRECISION.format("date_precision")},
    description     text NOT NULL,
    {PROVENANCE},
    UNIQUE (gate_id, kind, description)
);

CREATE TABLE villages (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9_-]+$'),
    name        text NOT NULL,
    country     text NOT NULL CHECK (country IN ('VN', 'LA')),
    admin_unit  text,
    aliases     text[] NOT NULL DEFAULT '{{}}',
    geom        geometry(Point, 4326),
    {PROVENANCE},
    CHECK (geom IS NOT NULL OR coord_status = 'unknown')
);

CREATE TABLE village_pairs (
    id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code             text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9_-]+$'),
    vn_village_id    integer NOT NULL REFERENCES villages(id),
    la_village_id    integer NOT NULL REFERENCES villages(id),
    twinned_on       date,
    date_precision   text {DATE_PRECISION.format("date_precision")},
    pilot            boolean NOT NULL DEFAULT false,
    pact             text,
    {PROVENANCE},
    UNIQUE (vn_village_id, la_village_id)
);

-- Figures the sources give without records behind them (e.g. 24 twinned pairs).
CREATE TABLE facts (
    id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key          text NOT NULL UNIQUE CHECK (key ~ '^[a-z0-9_.]+$'),
    value        numeric NOT NULL,
    unit         text NOT NULL,
    description  text NOT NULL,
    as_of        date,
    {PROVENANCE}
);

CREATE TABLE maintenance_records (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    marker_id           integer REFERENCES markers(id),
    legacy_alias        text REFERENCES marker_aliases(alias),
    geom                geometry(Point, 4326),
    cause               text NOT NULL CHECK (cause IN ('landslide', 'flood', 'erosion', 'crack',
                        'vandalism', 'construction', 'vegetation', 'unknown', 'other')),
    observed_on         date,
    observed_precision  text {DATE_PRECISION.format("observed_precision")},
    reported_on         date,
    reported_precision  text {DATE_PRECISION.format("reported_precision")},
    severity            text NOT NULL DEFAULT 'unknown'
                        CHECK (severity IN ('low', 'moderate', 'severe', 'unknown')),
    status              text NOT NULL DEFAULT 'reported' CHECK (status IN ('reported', 'assessed',
                        'repair_proposed', 'approved', 'in_repair', 'repaired', 'verified',
                        'closed')),
    description         text NOT NULL,
    document_ref        text,
    version             integer NOT NULL DEFAULT 1,
    {PROVENANCE},
    CHECK (marker_id IS NOT NULL OR legacy_alias IS NOT NULL OR geom IS NOT NULL)
);

-- Every status a maintenance record went through, oldest first.
CREATE TABLE maintenance_events (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record_id     uuid NOT NULL REFERENCES maintenance_records(id) ON DELETE CASCADE,
    from_status   text,
    to_status     text NOT NULL,
    note          text,
    document_ref  text,
    actor         text NOT NULL,
    happened_on   date,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (record_id, to_status, happened_on)
);

CREATE INDEX border_sections_geom_idx ON border_sections USING gist (geom);
CREATE INDEX marker_positions_geom_idx ON marker_positions USING gist (geom);
CREATE INDEX markers_geom_idx ON markers USING gist (registry_geom);
CREATE INDEX markers_position_idx ON markers (position_id);
CREATE INDEX gates_geom_idx ON gates USING gist (geom);
CREATE INDEX villages_geom_idx ON villages USING gist (geom);
CREATE INDEX maintenance_geom_idx ON maintenance_records USING gist (geom);
CREATE INDEX maintenance_marker_idx ON maintenance_records (marker_id);
CREATE INDEX maintenance_events_record_idx ON maintenance_events (record_id);
"""

# What the layers publish: one row per feature, with a geometry column named geom.
VIEWS = """
CREATE VIEW markers_features AS
SELECT m.id, m.code, p.number AS position, m.chainage_m, m.type, m.status, m.maintained_by,
       coalesce((SELECT array_agg(a.alias ORDER BY a.alias) FROM marker_aliases a
                 WHERE a.marker_id = m.id), '{}') AS aliases,
       s.code AS section, m.id_status, m.source, m.source_ref, m.licence, m.coord_status,
       m.provenance_note, m.created_at, m.updated_at, m.registry_geom AS geom
FROM markers m
JOIN marker_positions p ON p.id = m.position_id
JOIN border_sections s ON s.id = p.section_id;

CREATE VIEW marker_positions_features AS
SELECT p.id, p.number, p.chainage_m, p.kind, s.code AS section,
       (SELECT count(*) FROM markers m WHERE m.position_id = p.id) AS marker_count,
       p.id_status, p.source, p.source_ref, p.licence, p.coord_status, p.provenance_note,
       p.created_at, p.updated_at, p.geom
FROM marker_positions p JOIN border_sections s ON s.id = p.section_id;

CREATE VIEW village_pairs_features AS
SELECT vp.id, vp.code, vn.name AS vn_village, la.name AS la_village, vp.twinned_on,
       vp.date_precision, vp.pilot, vp.pact, vp.source, vp.source_ref, vp.licence,
       CASE WHEN vn.geom IS NOT NULL AND la.geom IS NOT NULL THEN vp.coord_status
            ELSE 'unknown' END AS coord_status,
       vp.provenance_note, vp.created_at, vp.updated_at,
       CASE WHEN vn.geom IS NOT NULL AND la.geom IS NOT NULL
            THEN ST_MakeLine(vn.geom, la.geom) END AS geom
FROM village_pairs vp
JOIN villages vn ON vn.id = vp.vn_village_id
JOIN villages la ON la.id = vp.la_village_id;

CREATE VIEW maintenance_features AS
SELECT r.id, m.code AS marker_code, r.legacy_alias, r.cause, r.observed_on,
       r.observed_precision, r.reported_on, r.reported_precision, r.severity, r.status,
       r.description, r.document_ref, r.version, r.source, r.source_ref, r.licence,
       r.coord_status, r.provenance_note, r.created_at, r.updated_at,
       coalesce(r.geom, m.registry_geom) AS geom
FROM maintenance_records r LEFT JOIN markers m ON m.id = r.marker_id;
"""


def upgrade() -> None:
    op.execute(UPGRADE)
    for table in REGISTRY_TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_touch BEFORE UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION touch_updated_at()"
        )
    op.execute(VIEWS)


def downgrade() -> None:
    op.execute(
        "DROP VIEW IF EXISTS maintenance_features, village_pairs_features, "
        "marker_positions_features, markers_features"
    )
    op.execute(
        "DROP TABLE IF EXISTS maintenance_events, maintenance_records, facts, village_pairs, "
        "villages, gate_events, gates, marker_aliases, markers, marker_positions, "
        "border_sections CASCADE"
    )
    op.execute("DROP FUNCTION IF EXISTS touch_updated_at()")
    # PostGIS is not a trusted extension: where a superuser installed it for the owner role
    # (gis/roles.py), it stays.
    op.execute("""
        DO $$ BEGIN
            IF EXISTS (SELECT FROM pg_extension
                       WHERE extname = 'postgis' AND pg_has_role(extowner, 'USAGE')) THEN
                DROP EXTENSION postgis;
            END IF;
        END $$""")

"""Field records: patrols and marker inspections.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

UPGRADE = """
CREATE TABLE patrols (
    id            uuid PRIMARY KEY,  -- made by the client, so offline retries stay one record
    started_at    timestamptz NOT NULL,
    ended_at      timestamptz NOT NULL,
    vn_unit       text NOT NULL,
    la_unit       text,
    joint         boolean NOT NULL DEFAULT false,
    participants  text[] NOT NULL DEFAULT '{}',
    notes         text,
    track         geometry(MultiLineString, 4326) NOT NULL CHECK (ST_IsValid(track)),
    length_m      double precision GENERATED ALWAYS AS (ST_Length(track::geography)) STORED,
    created_by    text NOT NULL,
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (ended_at >= started_at),
    CHECK (NOT joint OR la_unit IS NOT NULL)
);

CREATE TABLE inspections (
    id                  uuid PRIMARY KEY,
    marker_id           integer NOT NULL REFERENCES markers(id),
    patrol_id           uuid REFERENCES patrols(id),
    observed_at         timestamptz NOT NULL,
    condition           text NOT NULL CHECK (condition IN ('intact', 'vegetation_overgrown',
                        'cracked', 'tilted', 'damaged', 'buried', 'displaced', 'missing')),
    vegetation_cleared  boolean NOT NULL DEFAULT false,
    -- Where the guard found the marker; the registry point stays on the marker.
    position            geometry(Point, 4326),
    accuracy_m          double precision CHECK (accuracy_m >= 0),
    displacement_m      double precision,
    notes               text,
    created_by          text NOT NULL,
    version             integer NOT NULL DEFAULT 1,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX patrols_track_idx ON patrols USING gist (track);
CREATE INDEX patrols_started_idx ON patrols (started_at);
CREATE INDEX inspections_position_idx ON inspections USING gist (position);
CREATE INDEX inspections_marker_time_idx ON inspections (marker_id, observed_at DESC);

CREATE TRIGGER patrols_touch BEFORE UPDATE ON patrols
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER inspections_touch BEFORE UPDATE ON inspections
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE VIEW patrols_features AS
SELECT p.id, p.started_at, p.ended_at, p.vn_unit, p.la_unit, p.joint, p.participants,
       p.notes, p.length_m, p.created_by, p.version, p.created_at, p.updated_at,
       p.track AS geom
FROM patrols p;

CREATE VIEW inspections_features AS
SELECT i.id, m.code AS marker_code, i.patrol_id, i.observed_at, i.condition,
       i.vegetation_cleared, i.accuracy_m, i.displacement_m, i.notes, i.created_by,
       i.version, i.created_at, i.updated_at, coalesce(i.position, m.registry_geom) AS geom
FROM inspections i JOIN markers m ON m.id = i.marker_id;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS inspections_features, patrols_features")
    op.execute("DROP TABLE IF EXISTS inspections, patrols")

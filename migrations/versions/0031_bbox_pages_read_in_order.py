"""Bbox pages read in order and stop after the page (issue 15, item 3).

Inspections: a bbox page sorted by time had to collect every inspection in the box (25,000
of 240,000 on twenty years of monthly visits, for a 0.1° box) and sort them to keep 100:
~80 ms. Most inspections stand at their marker's point (no position measured), so the page
now finds the markers in the box and reads each one's first rows in the page's order from
``inspections_site_order_idx`` (marker, time, id: the index alone answers), and the
inspections with a position of their own by their GiST index (``layers.query._site_rows``).
For that the view publishes the measured position beside ``geom`` (its last column; no
layer property reads it).

Patrols: a page of 100 patrols of 500 track points each is 1.3 MB of GeoJSON, and writing
the tracks out (``ST_AsGeoJSON``) was a third of the query. Each track's GeoJSON in CRS84 is
now written once, when the patrol is (a generated column, lz4-compressed where the server
has lz4, read back faster than it is written), and the view publishes it as ``geojson`` for
``layers.query.geometry_text``. On 24,000 patrols the column takes ~140 MB (12 KB of text a
track) and the migration 12–25 s. (The patrols' other half, testing each track in the box
exactly in page order, is ``layers.query._box_in_order`` and needs no migration.)

Revision ID: 0031
Revises: 0030
"""

from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None

INSPECTIONS_VIEW = """
CREATE OR REPLACE VIEW inspections_features AS
SELECT i.id, m.code AS marker_code, i.patrol_id, i.observed_at, i.condition,
       i.vegetation_cleared, i.accuracy_m, i.displacement_m, i.notes, i.created_by,
       i.version, i.created_at, i.updated_at, coalesce(i.position, m.registry_geom) AS geom{more}
FROM inspections i JOIN markers m ON m.id = i.marker_id WHERE i.withdrawn_at IS NULL;
"""

PATROLS_VIEW = """
CREATE OR REPLACE VIEW patrols_features AS
SELECT p.id, p.started_at, p.ended_at, p.vn_unit, p.la_unit, p.joint, p.participants,
       p.notes, p.length_m, p.created_by, p.version, p.created_at, p.updated_at,
       p.track AS geom{more}
FROM patrols p WHERE p.withdrawn_at IS NULL;
"""

# lz4 where the server was built with it (Debian's is); pglz decompresses too slowly to
# beat writing the track out again, so without lz4 the text is stored uncompressed.
TRACK_GEOJSON = """
DO $$
BEGIN
    IF 'lz4' = ANY ((SELECT enumvals FROM pg_settings
                     WHERE name = 'default_toast_compression')::text[]) THEN
        ALTER TABLE patrols ADD COLUMN track_geojson text COMPRESSION lz4
            GENERATED ALWAYS AS (ST_AsGeoJSON(track, 7)) STORED;
    ELSE
        ALTER TABLE patrols ADD COLUMN track_geojson text
            GENERATED ALWAYS AS (ST_AsGeoJSON(track, 7)) STORED,
            ALTER COLUMN track_geojson SET STORAGE EXTERNAL;
    END IF;
END $$;
"""

UPGRADE = (
    INSPECTIONS_VIEW.format(more=",\n       i.position")
    + """
CREATE INDEX inspections_site_order_idx ON inspections (marker_id, observed_at, id)
    WHERE withdrawn_at IS NULL AND position IS NULL;
"""
    + TRACK_GEOJSON
    + PATROLS_VIEW.format(more=",\n       p.track_geojson AS geojson")
)

# A view cannot lose a column in place: 0022's views again (nothing depends on them).
DOWNGRADE = (
    """
DROP INDEX inspections_site_order_idx;
DROP VIEW inspections_features;
DROP VIEW patrols_features;
ALTER TABLE patrols DROP COLUMN track_geojson;
"""
    + INSPECTIONS_VIEW.format(more="").replace("CREATE OR REPLACE", "CREATE")
    + PATROLS_VIEW.format(more="").replace("CREATE OR REPLACE", "CREATE")
)


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)

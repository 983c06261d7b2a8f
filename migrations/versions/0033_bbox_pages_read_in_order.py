"""Bbox pages of inspections read each marker's inspections in order (issue 15, item 3).

A bbox page sorted by time had to collect every inspection in the box (25,000 of 240,000 on
twenty years of monthly visits, for a 0.1° box) and sort them to keep 100: ~80 ms. Most
inspections stand at their marker's point (no position measured), so the page now finds
the markers in the box and reads each one's first rows in the page's order from
``inspections_site_order_idx`` (marker, time, id: the index alone answers), and the
inspections with a position of their own by their GiST index (``layers.query._site_rows``).
For that the view publishes the measured position beside ``geom`` (its last column; no
layer property reads it).

Revision ID: 0033
Revises: 0029
"""

from alembic import op

revision = "0033"
down_revision = "0029"
branch_labels = None
depends_on = None

VIEW = """
CREATE OR REPLACE VIEW inspections_features AS
SELECT i.id, m.code AS marker_code, i.patrol_id, i.observed_at, i.condition,
       i.vegetation_cleared, i.accuracy_m, i.displacement_m, i.notes, i.created_by,
       i.version, i.created_at, i.updated_at, coalesce(i.position, m.registry_geom) AS geom{more}
FROM inspections i JOIN markers m ON m.id = i.marker_id WHERE i.withdrawn_at IS NULL;
"""

UPGRADE = (
    VIEW.format(more=",\n       i.position")
    + """
CREATE INDEX inspections_site_order_idx ON inspections (marker_id, observed_at, id)
    WHERE withdrawn_at IS NULL AND position IS NULL;
"""
)

# A view cannot lose a column in place: 0022's view again (nothing depends on it).
DOWNGRADE = """
DROP INDEX inspections_site_order_idx;
DROP VIEW inspections_features;
""" + VIEW.format(more="").replace("CREATE OR REPLACE", "CREATE")


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)

"""Each patrol's bounding box kept in its row, for the bbox page's walk in page order.

0031's bbox page on patrols walks the patrols in page order and keeps those whose track's
box meets the page's box (``track && box``) until the page is full. A 500-point track lives
in TOAST, so each of those tests read the track's first TOAST chunk: on twenty years of
growth data a page of 100 tested about 450 patrols and touched about 3,700 buffers, 2,255 of
them in that walk (on a cluster with 128 MB of shared buffers, which the sixteen boxes of
the bench together did not fit in). The box is now stored in the row beside the track
(``track_bounds``, the track's envelope, a generated column of about 100 bytes), and the
view publishes it as ``bounds`` for ``layers.query._box_in_order``: the walk reads only
the heap, and only the tracks kept for the page are read from TOAST, for the exact test
and their GeoJSON.

No index on it: an index on the bounds made the planner trade the ordered walk for a bitmap
scan and a sort of every candidate (measured with 0031).

Revision ID: 0033
Revises: 0032
"""

from alembic import op

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None

PATROLS_VIEW = """
CREATE OR REPLACE VIEW patrols_features AS
SELECT p.id, p.started_at, p.ended_at, p.vn_unit, p.la_unit, p.joint, p.participants,
       p.notes, p.length_m, p.created_by, p.version, p.created_at, p.updated_at,
       p.track AS geom, p.track_geojson AS geojson{more}
FROM patrols p WHERE p.withdrawn_at IS NULL;
"""

UPGRADE = """
ALTER TABLE patrols ADD COLUMN track_bounds geometry(Geometry, 4326)
    GENERATED ALWAYS AS (ST_Envelope(track)) STORED;
""" + PATROLS_VIEW.format(more=",\n       p.track_bounds AS bounds")

# A view cannot lose a column in place: 0031's view again (nothing depends on it).
DOWNGRADE = (
    "DROP VIEW patrols_features;\nALTER TABLE patrols DROP COLUMN track_bounds;\n"
    + PATROLS_VIEW.format(more="").replace("CREATE OR REPLACE", "CREATE")
)


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)

"""Published-feature store: each marker's Feature text, kept current as it changes.

An items page of 10,000 markers spent most of its time writing the Features from the
``markers_features`` view (a join, an aliases array, fifteen properties as JSON). Here the
text is written once, when a marker (or what its Feature shows) changes, and pages join it.
With it, the extent of the markers of each bin of chainage (``published_markers_bins``): a
bbox page walks the chainage order through the bins the box meets, instead of sorting every
marker in the box.

Every such change already leaves a ``feature_changes`` row (0003, 0008) in the writing
transaction; a statement trigger on that table hands the changed ids, per collection, to
``refresh_published``, which rewrites their stored text in the same transaction. That
function's body is generated from the layer declarations (layers/published.py) and installed
after the migrations; until then it does nothing and no server uses the store
(``published_definitions`` holds no digest). A later migration leaves the store unused until
it is installed again (the revision it was filled at is no longer the database's).

Revision ID: 0030
Revises: 0029
"""

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry
from sqlalchemy.dialects.postgresql import DOUBLE_PRECISION

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None

TRIGGER = """
CREATE FUNCTION refresh_published(collection text, ids text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    NULL;  -- replaced by layers/published.py install()
END $$;

CREATE FUNCTION publish_changed_features() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed record;
BEGIN
    FOR changed IN SELECT n.collection, array_agg(DISTINCT n.feature_id) AS ids
                   FROM new_rows n GROUP BY n.collection ORDER BY n.collection LOOP
        PERFORM refresh_published(changed.collection, changed.ids);
    END LOOP;
    RETURN NULL;
END $$;

CREATE TRIGGER feature_changes_published AFTER INSERT ON feature_changes
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION publish_changed_features();
"""


def upgrade() -> None:
    op.create_table(
        "published_markers",
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("chainage_m", DOUBLE_PRECISION(), nullable=False),
        sa.Column(
            "geom",
            Geometry(geometry_type="POINT", srid=4326, spatial_index=False),
            nullable=True,
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("feature", sa.Text(), nullable=False),
        sa.Column("segment", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_index(
        "published_markers_geom_idx", "published_markers", ["geom"], postgresql_using="gist"
    )
    op.create_index("published_markers_order_idx", "published_markers", ["chainage_m", "code"])
    op.create_table(
        "published_markers_bins",
        sa.Column("bin", sa.Integer(), nullable=False),
        sa.Column(
            "extent",
            Geometry(geometry_type="GEOMETRY", srid=4326, spatial_index=False),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("bin"),
    )
    op.create_table(
        "published_definitions",
        sa.Column("collection", sa.Text(), nullable=False),
        sa.Column("digest", sa.Text(), nullable=False),
        sa.Column("revision", sa.Text(), nullable=False),
        sa.Column(
            "installed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("collection"),
    )
    op.execute(TRIGGER)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS feature_changes_published ON feature_changes")
    op.execute("DROP FUNCTION IF EXISTS publish_changed_features()")
    op.execute("DROP FUNCTION IF EXISTS refresh_published(text, text[])")
    op.drop_table("published_definitions")
    op.drop_table("published_markers_bins")
    op.drop_index("published_markers_order_idx", table_name="published_markers")
    op.drop_index("published_markers_geom_idx", table_name="published_markers")
    op.drop_table("published_markers")

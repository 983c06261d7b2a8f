"""Dated events of the border's history (issue 13): treaty, pilot demarcation,
densification, Protocol, hand-over — each with its citation and date precision; and change
feed triggers for the collections of 0017/0018 that are tables.

Revision ID: 0019
Revises: 0018
"""

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

DATE_PRECISION = "CHECK ({0} IN ('day', 'month', 'year'))"
COORD_STATUSES = "'surveyed', 'source_point', 'derived', 'approximate', 'interpolated', 'unknown'"

UPGRADE = f"""
CREATE TABLE border_events (
    id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code             text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9_-]+$'),
    kind             text NOT NULL CHECK (kind IN ('treaty', 'demarcation', 'densification',
                     'protocol', 'review', 'handover', 'other')),
    title            text NOT NULL,
    description      text NOT NULL,
    happened_on      date NOT NULL,
    happened_precision text NOT NULL {DATE_PRECISION.format("happened_precision")},
    ended_on         date,
    ended_precision  text {DATE_PRECISION.format("ended_precision")},
    section_id       integer REFERENCES border_sections(id),
    geom             geometry(Point, 4326),
    source           text NOT NULL,
    source_ref       text NOT NULL,
    licence          text NOT NULL,
    coord_status     text NOT NULL DEFAULT 'unknown'
                     CHECK (coord_status IN ({COORD_STATUSES})),
    provenance_note  text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT border_events_check CHECK (geom IS NOT NULL OR coord_status = 'unknown'),
    CONSTRAINT border_events_ended_check CHECK ((ended_on IS NULL) = (ended_precision IS NULL)),
    CONSTRAINT border_events_ended_on_check CHECK (ended_on IS NULL OR ended_on >= happened_on)
);
CREATE TRIGGER border_events_touch BEFORE UPDATE ON border_events
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
"""

# table → (collection, feature id column), as migration 0003 watches the others.
WATCHED = {
    "border_events": ("border_events", "code"),
    "legal_positions": ("legal_positions", "id"),
    "marker_aliases": ("marker_aliases", "alias"),
}


def upgrade() -> None:
    op.execute(UPGRADE)
    for table, (collection, id_column) in WATCHED.items():
        op.execute(
            f"CREATE TRIGGER {table}_changes AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION record_feature_change('{collection}', '{id_column}')"
        )


def downgrade() -> None:
    for table in WATCHED:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_changes ON {table}")
    op.execute("DROP TABLE IF EXISTS border_events")

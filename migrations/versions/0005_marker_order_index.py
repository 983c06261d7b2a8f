"""Indexes in the published order of markers and positions.

The items endpoint pages markers ``ORDER BY chainage_m, code`` (positions by
``chainage_m, number``). Without an index in that order every page sorts the whole table:
on 1 M synthetic markers the first 10 000-feature page took 1.2 s and spilled the sort to
disk; with the index it reads the first rows in order (about 0.2 s). See bench/README.md.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX markers_order_idx ON markers (chainage_m, code)")
    op.execute("CREATE INDEX marker_positions_order_idx ON marker_positions (chainage_m, number)")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS marker_positions_order_idx, markers_order_idx")

"""Change feed in commit order: each change carries the id of the transaction that wrote it.

``changed_at`` is when a change was made, not when it became visible: a transaction that
commits late shows rows older than ones a mirror was already given, and a feed ordered by
time skips them. Here every change row records its writer's top-level transaction id
(``pg_current_xact_id()``, a 64-bit xid8 that never wraps). A reader hands out only rows of
transactions below its snapshot's ``xmin``: every one of those has ended, so no row can
appear there later, and the feed pages through them by (xid, id) (layers/changes.py).

The default fills the column for every insert, including the triggers of 0003 and 0008.
Rows already in the table get this migration's transaction id: they all became visible
together when it committed.

Revision ID: 0009
Revises: 0008
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE feature_changes ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id()"
    )
    op.execute("CREATE INDEX feature_changes_commit_order_idx ON feature_changes (xid, id)")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS feature_changes_commit_order_idx")
    op.execute("ALTER TABLE feature_changes DROP COLUMN IF EXISTS xid")

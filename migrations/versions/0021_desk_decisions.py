"""Decisions taken at the desk (issue 11): alerts acknowledged, marker statuses versioned.

- An alert is acknowledged once, by a person, with a note: ``acknowledged_at/by/note``.
- A marker's status is changed by a planner under optimistic locking: ``status_version``
  is the ETag of ``/markers/{code}/status``. ``markers_versions`` (0018) copies every column
  of ``markers`` by name, so it gets the column too (its versions so far were version 1).

Revision ID: 0021
Revises: 0020
"""

from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

UPGRADE = """
ALTER TABLE alerts ADD COLUMN acknowledged_at timestamptz,
                   ADD COLUMN acknowledged_by text,
                   ADD COLUMN acknowledgement_note text,
                   ADD CONSTRAINT alerts_acknowledged_by_someone
                       CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL));
ALTER TABLE markers ADD COLUMN status_version integer NOT NULL DEFAULT 1;
ALTER TABLE markers_versions ADD COLUMN status_version integer NOT NULL DEFAULT 1;
ALTER TABLE markers_versions ALTER COLUMN status_version DROP DEFAULT;
"""

DOWNGRADE = """
ALTER TABLE markers_versions DROP COLUMN IF EXISTS status_version;
ALTER TABLE markers DROP COLUMN IF EXISTS status_version;
ALTER TABLE alerts DROP CONSTRAINT IF EXISTS alerts_acknowledged_by_someone,
                   DROP COLUMN IF EXISTS acknowledgement_note,
                   DROP COLUMN IF EXISTS acknowledged_by,
                   DROP COLUMN IF EXISTS acknowledged_at;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)

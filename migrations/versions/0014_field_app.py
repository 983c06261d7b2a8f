"""The guards' field app: photos of damage reports, and repair steps dated when the work
was done.

- ``photos`` belong to an inspection or to a maintenance record (exactly one of them).
- ``maintenance_events.happened_on`` is now written by the API and by sync, so the unique key
  (record, status, date) would refuse a step taken twice on one day (a repair that failed
  verification and was redone). It stays only for the seed's events, which the loader keys on.

Revision ID: 0014
Revises: 0013
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

UPGRADE = """
ALTER TABLE photos ALTER COLUMN inspection_id DROP NOT NULL;
ALTER TABLE photos
    ADD COLUMN maintenance_id uuid REFERENCES maintenance_records(id) ON DELETE CASCADE;
ALTER TABLE photos ADD CONSTRAINT photos_one_record
    CHECK ((inspection_id IS NULL) <> (maintenance_id IS NULL));
ALTER TABLE photos ADD CONSTRAINT photos_maintenance_id_sha256_key
    UNIQUE (maintenance_id, sha256);

ALTER TABLE maintenance_events
    DROP CONSTRAINT maintenance_events_record_id_to_status_happened_on_key;
CREATE UNIQUE INDEX maintenance_events_seed_key
    ON maintenance_events (record_id, to_status, happened_on) WHERE actor = 'seed';
"""

DOWNGRADE = """
DROP INDEX IF EXISTS maintenance_events_seed_key;
ALTER TABLE maintenance_events
    ADD CONSTRAINT maintenance_events_record_id_to_status_happened_on_key
    UNIQUE (record_id, to_status, happened_on);
DELETE FROM photos WHERE maintenance_id IS NOT NULL;
ALTER TABLE photos DROP CONSTRAINT IF EXISTS photos_maintenance_id_sha256_key;
ALTER TABLE photos DROP CONSTRAINT IF EXISTS photos_one_record;
ALTER TABLE photos DROP COLUMN IF EXISTS maintenance_id;
ALTER TABLE photos ALTER COLUMN inspection_id SET NOT NULL;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)

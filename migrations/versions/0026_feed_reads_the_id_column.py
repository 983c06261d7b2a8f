"""Change feed: the trigger reads the feature id from its column, not from the row as JSON.

``to_jsonb(NEW) ->> 'id'`` wrote the whole row as JSON to read one value: for a patrol of
50,000 points, its track as GeoJSON parsed into jsonb, 50–60 ms of a GPX upload's insert
(bench scenario 4). The id is now read from the column itself (``NEW.id`` for the tables
whose feature id is ``id``, a one-column ``SELECT`` for the others), and the withdrawal is
looked at only on tables that have ``withdrawn_at``. What the trigger records is unchanged:
the id's text is its type's text, which is what ``->>`` gave for text, uuid and integer ids.

Revision ID: 0026
Revises: 0025
"""

from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

# PL/pgSQL compiles a trigger function once per table it is fired on, and prepares a
# statement when it first runs: NEW.id and NEW.withdrawn_at are only reached on tables
# that have those columns.
UPGRADE = """
CREATE OR REPLACE FUNCTION record_feature_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_id text;
    new_id text;
    withdrawn_now boolean := false;
    withdrawn_before boolean := false;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        IF TG_ARGV[1] = 'id' THEN
            old_id := OLD.id;
        ELSE
            EXECUTE format('SELECT ($1).%I::text', TG_ARGV[1]) INTO old_id USING OLD;
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        IF TG_ARGV[1] = 'id' THEN
            new_id := NEW.id;
        ELSE
            EXECUTE format('SELECT ($1).%I::text', TG_ARGV[1]) INTO new_id USING NEW;
        END IF;
    END IF;
    IF TG_OP = 'UPDATE' AND EXISTS (
        SELECT 1 FROM pg_attribute
        WHERE attrelid = TG_RELID AND attname = 'withdrawn_at' AND NOT attisdropped) THEN
        withdrawn_now := NEW.withdrawn_at IS NOT NULL;
        withdrawn_before := OLD.withdrawn_at IS NOT NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND old_id IS DISTINCT FROM new_id THEN
        INSERT INTO feature_changes (collection, feature_id, operation)
        VALUES (TG_ARGV[0], old_id, 'delete'), (TG_ARGV[0], new_id, 'create');
    ELSIF TG_OP = 'UPDATE' AND withdrawn_now THEN
        IF NOT withdrawn_before THEN
            INSERT INTO feature_changes (collection, feature_id, operation)
            VALUES (TG_ARGV[0], new_id, 'delete');
        END IF;  -- a withdrawn row changing again is nothing a mirror shows
    ELSE
        INSERT INTO feature_changes (collection, feature_id, operation)
        VALUES (TG_ARGV[0], coalesce(new_id, old_id),
                CASE TG_OP WHEN 'INSERT' THEN 'create' WHEN 'UPDATE' THEN 'update'
                           ELSE 'delete' END);
    END IF;
    RETURN NULL;
END $$;
"""

# The function as migration 0022 left it.
DOWNGRADE = """
CREATE OR REPLACE FUNCTION record_feature_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_id text;
    new_id text;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        old_id := to_jsonb(OLD) ->> TG_ARGV[1];
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_id := to_jsonb(NEW) ->> TG_ARGV[1];
    END IF;
    IF TG_OP = 'UPDATE' AND old_id IS DISTINCT FROM new_id THEN
        INSERT INTO feature_changes (collection, feature_id, operation)
        VALUES (TG_ARGV[0], old_id, 'delete'), (TG_ARGV[0], new_id, 'create');
    ELSIF TG_OP = 'UPDATE' AND (to_jsonb(NEW) ->> 'withdrawn_at') IS NOT NULL THEN
        IF (to_jsonb(OLD) ->> 'withdrawn_at') IS NULL THEN
            INSERT INTO feature_changes (collection, feature_id, operation)
            VALUES (TG_ARGV[0], new_id, 'delete');
        END IF;  -- a withdrawn row changing again is nothing a mirror shows
    ELSE
        INSERT INTO feature_changes (collection, feature_id, operation)
        VALUES (TG_ARGV[0], coalesce(new_id, old_id),
                CASE TG_OP WHEN 'INSERT' THEN 'create' WHEN 'UPDATE' THEN 'update'
                           ELSE 'delete' END);
    END IF;
    RETURN NULL;
END $$;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)

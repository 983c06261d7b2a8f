"""Change feed: every create, update and delete of a published feature, deletions kept.

One generic trigger function records the change; each table behind a layer calls it with
its collection id and the column holding the feature id.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# table -> (collection id, id column): the layers of layers/catalog.py.
WATCHED = {
    "border_sections": ("border_sections", "code"),
    "marker_positions": ("marker_positions", "number"),
    "markers": ("markers", "code"),
    "gates": ("gates", "code"),
    "villages": ("villages", "code"),
    "village_pairs": ("village_pairs", "code"),
    "maintenance_records": ("maintenance", "id"),
    "patrols": ("patrols", "id"),
    "inspections": ("inspections", "id"),
}

UPGRADE = """
CREATE TABLE feature_changes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    collection  text NOT NULL,
    feature_id  text NOT NULL,
    operation   text NOT NULL CHECK (operation IN ('create', 'update', 'delete')),
    changed_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX feature_changes_changed_at_idx ON feature_changes (changed_at);

-- TG_ARGV[0]: collection id; TG_ARGV[1]: the column that is the feature id.
CREATE FUNCTION record_feature_change() RETURNS trigger LANGUAGE plpgsql AS $$
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
        -- A renamed feature is, for a mirror, one deleted and one created.
        INSERT INTO feature_changes (collection, feature_id, operation)
        VALUES (TG_ARGV[0], old_id, 'delete'), (TG_ARGV[0], new_id, 'create');
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
    for table, (collection, id_column) in WATCHED.items():
        op.execute(
            f"CREATE TRIGGER {table}_changes AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION record_feature_change('{collection}', '{id_column}')"
        )


def downgrade() -> None:
    for table in WATCHED:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_changes ON {table}")
    op.execute("DROP FUNCTION IF EXISTS record_feature_change()")
    op.execute("DROP TABLE IF EXISTS feature_changes")

"""Change feed: features whose text comes partly from another table change with it.

A marker feature shows its aliases, a position feature its marker count, maintenance and
inspection features their marker's code and (when they have no point of their own) its
point, a village pair its villages' names and points. 0003 records changes of each
feature's own table only, so a mirror never heard of these; here each such table records
an update of the features that show it.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

UPGRADE = """
CREATE FUNCTION record_alias_dependents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO feature_changes (collection, feature_id, operation)
    SELECT 'markers', m.code, 'update' FROM markers m
    WHERE m.id IN (OLD.marker_id, NEW.marker_id);
    RETURN NULL;
END $$;

CREATE FUNCTION record_marker_dependents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO feature_changes (collection, feature_id, operation)
    SELECT 'marker_positions', p.number, 'update' FROM marker_positions p
    WHERE p.id IN (OLD.position_id, NEW.position_id)
      AND OLD.position_id IS DISTINCT FROM NEW.position_id;
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO feature_changes (collection, feature_id, operation)
        SELECT 'maintenance', r.id::text, 'update' FROM maintenance_records r
        WHERE r.marker_id = NEW.id
        UNION ALL
        SELECT 'inspections', i.id::text, 'update' FROM inspections i
        WHERE i.marker_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION record_position_dependents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO feature_changes (collection, feature_id, operation)
    SELECT 'markers', m.code, 'update' FROM markers m WHERE m.position_id = NEW.id;
    RETURN NULL;
END $$;

CREATE FUNCTION record_village_dependents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO feature_changes (collection, feature_id, operation)
    SELECT 'village_pairs', vp.code, 'update' FROM village_pairs vp
    WHERE NEW.id IN (vp.vn_village_id, vp.la_village_id);
    RETURN NULL;
END $$;

CREATE TRIGGER marker_aliases_dependents AFTER INSERT OR UPDATE OR DELETE ON marker_aliases
    FOR EACH ROW EXECUTE FUNCTION record_alias_dependents();
-- Only the columns other features show: a status change concerns the marker alone.
CREATE TRIGGER markers_dependents
    AFTER INSERT OR DELETE OR UPDATE OF position_id, code, registry_geom ON markers
    FOR EACH ROW EXECUTE FUNCTION record_marker_dependents();
CREATE TRIGGER marker_positions_dependents AFTER UPDATE OF number, section_id
    ON marker_positions FOR EACH ROW EXECUTE FUNCTION record_position_dependents();
CREATE TRIGGER villages_dependents AFTER UPDATE OF name, geom ON villages
    FOR EACH ROW EXECUTE FUNCTION record_village_dependents();
"""

TRIGGERS = {
    "marker_aliases_dependents": "marker_aliases",
    "markers_dependents": "markers",
    "marker_positions_dependents": "marker_positions",
    "villages_dependents": "villages",
}
FUNCTIONS = (
    "record_alias_dependents", "record_marker_dependents", "record_position_dependents",
    "record_village_dependents",
)


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    for trigger, table in TRIGGERS.items():
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    for function in FUNCTIONS:
        op.execute(f"DROP FUNCTION IF EXISTS {function}()")

"""Change feed: features whose text comes partly from another table change with it.

A marker feature shows its aliases, a position feature its marker count, maintenance and
inspection features their marker's code and (when they have no point of their own) its
point, a village pair its villages' names and points. 0003 records changes of each
feature's own table only, so a mirror never heard of these; here each such table records
an update of the features that show it.

The triggers run once per statement on its transition tables, so a bulk load (COPY of a
million markers) costs one set-based insert, not one query per row.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# Each function reads the statement's rows as ``new_rows`` (INSERT, UPDATE) and ``old_rows``
# (UPDATE, DELETE); a branch only names the tables its operation has.
UPGRADE = """
-- marker_aliases -> the markers an alias is (or was) mapped to.
CREATE FUNCTION record_alias_dependents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO feature_changes (collection, feature_id, operation)
        SELECT 'markers', m.code, 'update' FROM markers m
        WHERE m.id IN (SELECT marker_id FROM new_rows);
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO feature_changes (collection, feature_id, operation)
        SELECT 'markers', m.code, 'update' FROM markers m
        WHERE m.id IN (SELECT marker_id FROM old_rows);
    END IF;
    RETURN NULL;
END $$;

-- markers -> their positions (marker count), and the maintenance records and inspections
-- that show a marker's code or point.
CREATE FUNCTION record_marker_dependents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO feature_changes (collection, feature_id, operation)
        SELECT 'marker_positions', p.number, 'update' FROM marker_positions p
        WHERE p.id IN (SELECT position_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO feature_changes (collection, feature_id, operation)
        SELECT 'marker_positions', p.number, 'update' FROM marker_positions p
        WHERE p.id IN (SELECT position_id FROM old_rows);
    ELSE
        INSERT INTO feature_changes (collection, feature_id, operation)
        SELECT 'marker_positions', p.number, 'update' FROM marker_positions p
        WHERE p.id IN (SELECT unnest(ARRAY[o.position_id, n.position_id])
                       FROM old_rows o JOIN new_rows n USING (id)
                       WHERE o.position_id <> n.position_id);
        INSERT INTO feature_changes (collection, feature_id, operation)
        WITH shown AS (SELECT n.id FROM old_rows o JOIN new_rows n USING (id)
                       WHERE o.code <> n.code
                          OR o.registry_geom IS DISTINCT FROM n.registry_geom)
        SELECT 'maintenance', r.id::text, 'update' FROM maintenance_records r
        WHERE r.marker_id IN (SELECT id FROM shown)
        UNION ALL
        SELECT 'inspections', i.id::text, 'update' FROM inspections i
        WHERE i.marker_id IN (SELECT id FROM shown);
    END IF;
    RETURN NULL;
END $$;

-- marker_positions -> the markers showing its number and section.
CREATE FUNCTION record_position_dependents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO feature_changes (collection, feature_id, operation)
    SELECT 'markers', m.code, 'update' FROM markers m
    WHERE m.position_id IN (SELECT n.id FROM old_rows o JOIN new_rows n USING (id)
                            WHERE o.number <> n.number OR o.section_id <> n.section_id);
    RETURN NULL;
END $$;

-- villages -> the twinned pairs showing their names and points.
CREATE FUNCTION record_village_dependents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO feature_changes (collection, feature_id, operation)
    SELECT 'village_pairs', vp.code, 'update' FROM village_pairs vp
    JOIN (SELECT n.id FROM old_rows o JOIN new_rows n USING (id)
          WHERE o.name <> n.name OR o.geom IS DISTINCT FROM n.geom) changed
      ON changed.id IN (vp.vn_village_id, vp.la_village_id);
    RETURN NULL;
END $$;

CREATE TRIGGER marker_aliases_inserted AFTER INSERT ON marker_aliases
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION record_alias_dependents();
CREATE TRIGGER marker_aliases_updated AFTER UPDATE ON marker_aliases
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION record_alias_dependents();
CREATE TRIGGER marker_aliases_deleted AFTER DELETE ON marker_aliases
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION record_alias_dependents();

CREATE TRIGGER markers_inserted_dependents AFTER INSERT ON markers
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION record_marker_dependents();
CREATE TRIGGER markers_updated_dependents AFTER UPDATE ON markers
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION record_marker_dependents();
CREATE TRIGGER markers_deleted_dependents AFTER DELETE ON markers
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION record_marker_dependents();

CREATE TRIGGER marker_positions_updated_dependents AFTER UPDATE ON marker_positions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION record_position_dependents();
CREATE TRIGGER villages_updated_dependents AFTER UPDATE ON villages
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION record_village_dependents();
"""

TRIGGERS = {
    "marker_aliases_inserted": "marker_aliases",
    "marker_aliases_updated": "marker_aliases",
    "marker_aliases_deleted": "marker_aliases",
    "markers_inserted_dependents": "markers",
    "markers_updated_dependents": "markers",
    "markers_deleted_dependents": "markers",
    "marker_positions_updated_dependents": "marker_positions",
    "villages_updated_dependents": "villages",
}


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    for trigger, table in TRIGGERS.items():
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    for function in (
        "record_alias_dependents",
        "record_marker_dependents",
        "record_position_dependents",
        "record_village_dependents",
    ):
        op.execute(f"DROP FUNCTION IF EXISTS {function}()")

"""Patrols and inspections corrected and withdrawn (issue 11).

- ``record_history`` keeps every replaced version of a patrol or an inspection, whole, with
  who replaced it, when and why: the record's history.
- ``withdrawn_at/by`` and ``withdrawal_reason``: a withdrawn record stays in its table (and
  the audit) but leaves the layers (``marker_observations`` too), the maps and the inspection
  schedule: the views skip it.
- The change feed hands a withdrawal out as a deletion, so mirrors drop the feature.

Revision ID: 0022
Revises: 0021
"""

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

WITHDRAWAL = """
ALTER TABLE {table} ADD COLUMN withdrawn_at timestamptz,
    ADD COLUMN withdrawn_by text,
    ADD COLUMN withdrawal_reason text,
    ADD CONSTRAINT {table}_withdrawn_with_reason CHECK (
        (withdrawn_at IS NULL AND withdrawn_by IS NULL AND withdrawal_reason IS NULL)
        OR (withdrawn_at IS NOT NULL AND withdrawn_by IS NOT NULL
            AND withdrawal_reason IS NOT NULL));
"""

VIEWS = """
CREATE OR REPLACE VIEW patrols_features AS
SELECT p.id, p.started_at, p.ended_at, p.vn_unit, p.la_unit, p.joint, p.participants,
       p.notes, p.length_m, p.created_by, p.version, p.created_at, p.updated_at,
       p.track AS geom
FROM patrols p WHERE p.withdrawn_at IS NULL;

CREATE OR REPLACE VIEW inspections_features AS
SELECT i.id, m.code AS marker_code, i.patrol_id, i.observed_at, i.condition,
       i.vegetation_cleared, i.accuracy_m, i.displacement_m, i.notes, i.created_by,
       i.version, i.created_at, i.updated_at, coalesce(i.position, m.registry_geom) AS geom
FROM inspections i JOIN markers m ON m.id = i.marker_id WHERE i.withdrawn_at IS NULL;

CREATE OR REPLACE VIEW marker_observations AS
SELECT 'survey:' || s.id AS id, m.code AS marker_code, 'survey'::text AS kind, s.method,
       s.epoch AS observed_at, s.accuracy_m, s.observer, s.displacement_m,
       s.displacement_from, s.source, s.source_ref, s.licence, 'surveyed'::text AS coord_status,
       s.provenance_note, s.updated_at, s.geom
FROM marker_surveys s JOIN markers m ON m.id = s.marker_id
UNION ALL
SELECT 'inspection:' || i.id, m.code, 'inspection', 'handheld_gps', i.observed_at,
       i.accuracy_m, i.created_by, i.displacement_m, 'registry', 'field inspection',
       'inspection ' || i.id, 'inspection record', 'surveyed', NULL, i.updated_at, i.position
FROM inspections i JOIN markers m ON m.id = i.marker_id
WHERE i.position IS NOT NULL AND i.withdrawn_at IS NULL;

CREATE OR REPLACE VIEW inspection_schedule AS
WITH last AS (
    SELECT DISTINCT ON (marker_id) marker_id, id, observed_at, condition
    FROM inspections WHERE withdrawn_at IS NULL ORDER BY marker_id, observed_at DESC
)
SELECT m.id AS marker_id, m.code AS marker_code, s.code AS section, m.chainage_m,
       coalesce(mp.every, sp.every, interval '1 month') AS every,
       l.id AS last_inspection_id, l.observed_at AS last_observed_at,
       l.condition AS last_condition,
       l.observed_at + coalesce(mp.every, sp.every, interval '1 month') AS due_at,
       (l.observed_at IS NULL
        OR l.observed_at + coalesce(mp.every, sp.every, interval '1 month') < now()) AS overdue
FROM markers m
JOIN marker_positions p ON p.id = m.position_id
JOIN border_sections s ON s.id = p.section_id
LEFT JOIN inspection_policies mp ON mp.marker_id = m.id
LEFT JOIN inspection_policies sp ON sp.section_id = s.id
LEFT JOIN last l ON l.marker_id = m.id;
"""

# As in 0003, plus: a row that becomes withdrawn is, for a mirror, deleted.
FEED_FUNCTION = """
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

UPGRADE = f"""
CREATE TABLE record_history (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entity       text NOT NULL CHECK (entity IN ('patrols', 'inspections')),
    record_id    uuid NOT NULL,
    version      integer NOT NULL,
    doc          jsonb NOT NULL,
    replaced_by  text NOT NULL,
    replaced_at  timestamptz NOT NULL DEFAULT now(),
    reason       text NOT NULL CHECK (length(reason) > 0),
    UNIQUE (entity, record_id, version)
);
{WITHDRAWAL.format(table="patrols")}
{WITHDRAWAL.format(table="inspections")}
{VIEWS}
{FEED_FUNCTION}
"""

DOWNGRADE_VIEWS = """
CREATE OR REPLACE VIEW marker_observations AS
SELECT 'survey:' || s.id AS id, m.code AS marker_code, 'survey'::text AS kind, s.method,
       s.epoch AS observed_at, s.accuracy_m, s.observer, s.displacement_m,
       s.displacement_from, s.source, s.source_ref, s.licence, 'surveyed'::text AS coord_status,
       s.provenance_note, s.updated_at, s.geom
FROM marker_surveys s JOIN markers m ON m.id = s.marker_id
UNION ALL
SELECT 'inspection:' || i.id, m.code, 'inspection', 'handheld_gps', i.observed_at,
       i.accuracy_m, i.created_by, i.displacement_m, 'registry', 'field inspection',
       'inspection ' || i.id, 'inspection record', 'surveyed', NULL, i.updated_at, i.position
FROM inspections i JOIN markers m ON m.id = i.marker_id
WHERE i.position IS NOT NULL;

CREATE OR REPLACE VIEW patrols_features AS
SELECT p.id, p.started_at, p.ended_at, p.vn_unit, p.la_unit, p.joint, p.participants,
       p.notes, p.length_m, p.created_by, p.version, p.created_at, p.updated_at,
       p.track AS geom
FROM patrols p;

CREATE OR REPLACE VIEW inspections_features AS
SELECT i.id, m.code AS marker_code, i.patrol_id, i.observed_at, i.condition,
       i.vegetation_cleared, i.accuracy_m, i.displacement_m, i.notes, i.created_by,
       i.version, i.created_at, i.updated_at, coalesce(i.position, m.registry_geom) AS geom
FROM inspections i JOIN markers m ON m.id = i.marker_id;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE_VIEWS)
    op.execute(
        VIEWS[VIEWS.index("CREATE OR REPLACE VIEW inspection_schedule") :].replace(
            " WHERE withdrawn_at IS NULL", ""
        )
    )
    for table in ("inspections", "patrols"):
        op.execute(
            f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {table}_withdrawn_with_reason, "
            "DROP COLUMN IF EXISTS withdrawal_reason, DROP COLUMN IF EXISTS withdrawn_by, "
            "DROP COLUMN IF EXISTS withdrawn_at"
        )
    op.execute("DROP TABLE IF EXISTS record_history")
    # record_feature_change keeps the withdrawal branch: without the column it never applies.

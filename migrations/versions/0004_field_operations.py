"""Field operations: users, API keys, append-only audit log, photos, inspection schedule
policy, displacement alerts, client ids for offline transitions.

Revision ID: 0004
Revises: 0002
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ROLES = "'guard', 'planner', 'ministry', 'admin'"

UPGRADE = f"""
CREATE TABLE users (
    id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name           text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9_.@-]{{2,64}}$'),
    role           text NOT NULL CHECK (role IN ({ROLES})),
    password_hash  text NOT NULL,  -- argon2id, never the password
    active         boolean NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9_.@-]{{2,64}}$'),
    role        text NOT NULL CHECK (role IN ({ROLES})),
    -- SHA-256 of the key: keys are long random strings, so a fast hash is enough and lets
    -- a request find its key by an index lookup.
    key_hash    text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{{64}}$'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

-- Append-only: who did what, through which channel, with the state before and after.
CREATE TABLE audit_log (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor      text NOT NULL,
    role       text,
    via        text NOT NULL CHECK (via IN ('api', 'sync', 'cli', 'import')),
    action     text NOT NULL,
    entity     text NOT NULL,
    entity_id  text NOT NULL,
    before     jsonb,
    after      jsonb
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;

CREATE TABLE photos (
    id             uuid PRIMARY KEY,  -- client-made: a retried upload stays one photo
    inspection_id  uuid NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    sha256         text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{{64}}$'),
    media_type     text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png')),
    size_bytes     integer NOT NULL CHECK (size_bytes > 0),
    width          integer NOT NULL,
    height         integer NOT NULL,
    stored_path    text NOT NULL,  -- relative to the data folder
    original_name  text,
    taken_at       timestamptz,    -- from EXIF, when present
    geom           geometry(Point, 4326),  -- from EXIF GPS, when present
    created_by     text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (inspection_id, sha256)
);
CREATE INDEX photos_sha256_idx ON photos (sha256);

-- How often markers must be inspected; a marker's own policy beats its section's, and
-- markers with neither follow the default of one month.
CREATE TABLE inspection_policies (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    section_id  integer UNIQUE REFERENCES border_sections(id) ON DELETE CASCADE,
    marker_id   integer UNIQUE REFERENCES markers(id) ON DELETE CASCADE,
    every       interval NOT NULL CHECK (every >= interval '1 day'),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((section_id IS NULL) <> (marker_id IS NULL))
);

CREATE TABLE alerts (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('displacement')),
    inspection_id   uuid NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    marker_id       integer NOT NULL REFERENCES markers(id),
    displacement_m  double precision NOT NULL,
    threshold_m     double precision NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (inspection_id, kind)
);

-- Transitions made offline carry their own UUID so a replayed sync applies them once.
ALTER TABLE maintenance_events ADD COLUMN client_id uuid UNIQUE;
ALTER TABLE maintenance_records ADD COLUMN created_by text;
"""

DOWNGRADE = """
ALTER TABLE maintenance_records DROP COLUMN IF EXISTS created_by;
ALTER TABLE maintenance_events DROP COLUMN IF EXISTS client_id;
DROP TABLE IF EXISTS alerts, inspection_policies, photos, audit_log, api_keys, users;
DROP FUNCTION IF EXISTS audit_log_is_append_only();
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)

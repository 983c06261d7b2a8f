"""Account security: when a user last logged in and a token version that cuts off old tokens,
when an API key was last used, a per-name counter of failed logins that slows guessing
across every server process, and the audit trail writable only by its owner.

Revision ID: 0010
Revises: 0009
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

UPGRADE = """
ALTER TABLE users
    ADD COLUMN last_login_at        timestamptz,
    ADD COLUMN password_changed_at  timestamptz,
    -- A login token carries this number; a password change or a deactivation raises it, so
    -- every token issued before stops working.
    ADD COLUMN token_version        integer NOT NULL DEFAULT 1;

ALTER TABLE api_keys ADD COLUMN last_used_at timestamptz;

-- One row per login name (whether or not such a user exists) while its logins fail; a
-- successful login deletes it. Kept in the database so that every server process sees it.
CREATE TABLE login_failures (
    name             text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9_.@-]{2,64}$'),
    failures         integer NOT NULL CHECK (failures >= 0),
    last_attempt_at  timestamptz NOT NULL,
    blocked_until    timestamptz
);
CREATE INDEX login_failures_last_attempt_idx ON login_failures (last_attempt_at);

-- The audit trail is append-only for everyone but its owner, whatever default privileges
-- granted when the table was made (gis/roles.py grants the rest).
DO $$
DECLARE
    grantee text;
BEGIN
    FOR grantee IN
        SELECT DISTINCT g.grantee FROM information_schema.role_table_grants g
        WHERE g.table_schema = 'public' AND g.table_name = 'audit_log'
          AND g.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')
          AND g.grantee NOT IN ('PUBLIC', (SELECT tableowner FROM pg_tables
                                           WHERE schemaname = 'public'
                                             AND tablename = 'audit_log'))
    LOOP
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM %I', grantee);
    END LOOP;
END $$;
"""

DOWNGRADE = """
DROP TABLE IF EXISTS login_failures;
ALTER TABLE api_keys DROP COLUMN IF EXISTS last_used_at;
ALTER TABLE users DROP COLUMN IF EXISTS token_version,
    DROP COLUMN IF EXISTS password_changed_at, DROP COLUMN IF EXISTS last_login_at;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)

"""Browser sign-in (issue 11): server-side sessions of the planners' desk.

A session is a random id held in an HttpOnly cookie; only its SHA-256 is stored, beside the
user and the user's token version when it began. Deactivating a user or changing the password
raises the token version, so every session of that user stops counting at once; signing out
deletes the row. ``csrf_token`` is the synchronizer token every changing form carries.

The audit trail learns a channel: ``via = 'web'`` for what was done through the desk's pages.

Revision ID: 0020
Revises: 0019
"""

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

UPGRADE = """
CREATE TABLE web_sessions (
    id_hash        text PRIMARY KEY CHECK (id_hash ~ '^[0-9a-f]{64}$'),
    user_id        integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_version  integer NOT NULL,
    csrf_token     text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_seen_at   timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL
);
CREATE INDEX web_sessions_user_idx ON web_sessions (user_id);
CREATE INDEX web_sessions_expires_idx ON web_sessions (expires_at);

ALTER TABLE audit_log DROP CONSTRAINT audit_log_via_check,
    ADD CONSTRAINT audit_log_via_check CHECK (via IN ('api', 'sync', 'cli', 'import', 'web'));
"""

DOWNGRADE = """
ALTER TABLE audit_log DROP CONSTRAINT audit_log_via_check,
    ADD CONSTRAINT audit_log_via_check CHECK (via IN ('api', 'sync', 'cli', 'import'))
    NOT VALID;
DROP TABLE IF EXISTS web_sessions;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)

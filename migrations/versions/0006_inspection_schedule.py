"""One inspection schedule for every reader: the due list and the inspections map.

Each marker's interval is its own policy, else its section's, else one month (joint patrols
are monthly); markers never inspected are overdue.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

UPGRADE = """
CREATE VIEW inspection_schedule AS
WITH last AS (
    SELECT DISTINCT ON (marker_id) marker_id, id, observed_at, condition
    FROM inspections ORDER BY marker_id, observed_at DESC
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


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS inspection_schedule")

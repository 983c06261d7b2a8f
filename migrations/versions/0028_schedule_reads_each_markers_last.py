"""The inspection schedule finds each marker's last inspection through its index.

0006/0022 took every marker's last inspection with one ``DISTINCT ON`` over the whole
inspections table: on twenty years of monthly visits (240,000) that is ~80 ms for any use
of the view, even for one marker (a marker's page, its dossier). Each marker now looks up
its own last one (``inspections_marker_time_idx``, newest first): the same rows.

Revision ID: 0028
Revises: 0027
"""

from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

UPGRADE = """
CREATE OR REPLACE VIEW inspection_schedule AS
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
LEFT JOIN LATERAL (
    SELECT i.id, i.observed_at, i.condition FROM inspections i
    WHERE i.marker_id = m.id AND i.withdrawn_at IS NULL
    ORDER BY i.observed_at DESC LIMIT 1
) l ON true
"""

# 0022's text.
DOWNGRADE = """
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
LEFT JOIN last l ON l.marker_id = m.id
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)

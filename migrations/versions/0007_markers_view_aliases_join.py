"""Marker aliases joined once per query instead of a subquery per marker row.

``markers_features`` (0001) computed ``aliases`` with a correlated subquery. When a page is
read in order, PostgreSQL evaluated it for every row an ``offset`` skips, one row at a time
above the parallel scan: on 1 M synthetic markers a 10 000-feature page at offset 500 000
spent most of its 1.2 s there (bench/README.md). Here the aliases are aggregated per marker
once and left-joined; the view keeps the same columns, types and rows. ``marker_aliases``
also gets an index on ``marker_id`` (lookups of a marker's aliases).

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

JOINED = """
CREATE OR REPLACE VIEW markers_features AS
SELECT m.id, m.code, p.number AS position, m.chainage_m, m.type, m.status, m.maintained_by,
       coalesce(a.aliases, '{}') AS aliases,
       s.code AS section, m.id_status, m.source, m.source_ref, m.licence, m.coord_status,
       m.provenance_note, m.created_at, m.updated_at, m.registry_geom AS geom
FROM markers m
JOIN marker_positions p ON p.id = m.position_id
JOIN border_sections s ON s.id = p.section_id
LEFT JOIN (SELECT marker_id, array_agg(alias ORDER BY alias) AS aliases
           FROM marker_aliases WHERE marker_id IS NOT NULL GROUP BY marker_id) a
       ON a.marker_id = m.id
"""

# Exactly the definition of 0001.
CORRELATED = """
CREATE OR REPLACE VIEW markers_features AS
SELECT m.id, m.code, p.number AS position, m.chainage_m, m.type, m.status, m.maintained_by,
       coalesce((SELECT array_agg(a.alias ORDER BY a.alias) FROM marker_aliases a
                 WHERE a.marker_id = m.id), '{}') AS aliases,
       s.code AS section, m.id_status, m.source, m.source_ref, m.licence, m.coord_status,
       m.provenance_note, m.created_at, m.updated_at, m.registry_geom AS geom
FROM markers m
JOIN marker_positions p ON p.id = m.position_id
JOIN border_sections s ON s.id = p.section_id
"""


def upgrade() -> None:
    op.execute("CREATE INDEX marker_aliases_marker_idx ON marker_aliases (marker_id)")
    op.execute(JOINED)


def downgrade() -> None:
    op.execute(CORRELATED)
    op.execute("DROP INDEX IF EXISTS marker_aliases_marker_idx")

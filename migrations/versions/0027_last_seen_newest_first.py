"""When a patrol last passed a marker: the newest patrols first, stopping at the first.

0024's ``last_seen_by_patrol`` took the latest end of every patrol whose track came near the
point: each track's box is tens of kilometres long, so on twenty years of patrols (24,000)
every marker met thousands of them, each measured on the spheroid, and the due list (one
call per marker due, 341 of them) took 24–34 s. Now the patrols are read newest first (the
``started_at`` index, walked backwards) and the first one that passed answers: a marker
patrolled at all is found after a few dozen tracks. The box test is written on ``box2d`` so
that the planner walks the time index rather than the spatial one, which would read every
track near the point again. Withdrawn patrols no longer count, as nowhere else, and a
patrol still out (no end yet) is passed over for the last one that came back.

Revision ID: 0027
Revises: 0026
"""

from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

UPGRADE = """
CREATE OR REPLACE FUNCTION last_seen_by_patrol(point geometry, distance_m double precision)
RETURNS timestamptz LANGUAGE sql STABLE STRICT AS $$
WITH reach AS (
    SELECT distance_m / (111320 * cos(radians(ST_Y(point)))) * 1.01 AS deg
)
SELECT p.ended_at FROM patrols p, reach
WHERE box2d(p.track) && box2d(ST_Expand(point, reach.deg))
  AND p.withdrawn_at IS NULL AND p.ended_at IS NOT NULL
  -- only the part of a track around the point is measured on the spheroid
  AND ST_DWithin(ST_ClipByBox2D(p.track, ST_Expand(point, 2 * reach.deg)::box2d)::geography,
                 point::geography, distance_m)
ORDER BY p.started_at DESC
LIMIT 1
$$;
"""

# 0024's text.
DOWNGRADE = """
CREATE OR REPLACE FUNCTION last_seen_by_patrol(point geometry, distance_m double precision)
RETURNS timestamptz LANGUAGE sql STABLE STRICT AS $$
WITH reach AS (
    SELECT distance_m / (111320 * cos(radians(ST_Y(point)))) * 1.01 AS deg
)
SELECT max(p.ended_at) FROM patrols p, reach
WHERE p.track && ST_Expand(point, reach.deg)
  -- only the part of a track around the point is measured on the spheroid
  AND ST_DWithin(ST_ClipByBox2D(p.track, ST_Expand(point, 2 * reach.deg)::box2d)::geography,
                 point::geography, distance_m)
$$;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)

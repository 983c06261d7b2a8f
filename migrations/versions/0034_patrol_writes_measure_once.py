"""A patrol's write measures each marker once, and its large values are compressed with lz4.

Issue 15's GPX upload (50,000 points) spent about 260 ms of its 430 in the database, in two
places this revision mends without changing a stored value:

- **Marker passes, 110 ms.** 0032's row functions name the distance once, in a ``LATERAL``
  subquery, but the planner pulls such a subquery up into the query around it, so the
  ``ST_Distance`` call was written out twice, in the select list and in the filter, and each
  marker near the track was measured twice on the spheroid. ``OFFSET 0`` keeps the subquery
  whole: one measure per marker (50 ms for that track and the 66 markers, the same rows).
- **TOAST compression, 50 ms of the audit row alone.** PostgreSQL's default, pglz, took
  about as long to compress the new audit row (2.5 MB of JSON: the track as GeoJSON and its
  stored text) as to build it. lz4 compresses and decompresses several times faster, at a
  slightly larger size. Only new values are compressed with it; stored ones stay as they
  are, and both are read alike.

Revision ID: 0034
Revises: 0033
"""

from alembic import op

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None

REACH_M = 1000  # 0032's reach (metres), which these functions keep

ROW_FUNCTIONS = """
CREATE OR REPLACE FUNCTION marker_pass_rows_of_patrol(p patrols)
RETURNS SETOF marker_passes LANGUAGE sql STABLE AS $$
SELECT p.id, m.id, p.started_at, p.ended_at, d.distance_m
FROM (SELECT p.track::geography AS track OFFSET 0) AS t,
     markers m,
     LATERAL (SELECT ST_Distance(t.track, m.registry_geom::geography) AS distance_m
              OFFSET 0) AS d
WHERE p.withdrawn_at IS NULL AND p.ended_at IS NOT NULL
  AND m.registry_geom && ST_Expand(p.track, marker_pass_degrees(
          ST_MakePoint(0, least(88, greatest(abs(ST_YMin(p.track)), abs(ST_YMax(p.track))) + 1)),
          {reach}))
  AND d.distance_m <= {reach}
$$;

CREATE OR REPLACE FUNCTION marker_pass_rows_of_marker(of_marker integer, point geometry)
RETURNS SETOF marker_passes LANGUAGE sql STABLE AS $$
SELECT p.id, of_marker, p.started_at, p.ended_at, d.distance_m
FROM patrols p,
     LATERAL (SELECT ST_Distance(p.track::geography, point::geography) AS distance_m
              OFFSET 0) AS d
WHERE p.track && ST_Expand(point, marker_pass_degrees(point, {reach}))
  AND p.withdrawn_at IS NULL AND p.ended_at IS NOT NULL
  AND d.distance_m <= {reach}
$$;
"""

# The functions as 0032 wrote them: the same text without the two ``OFFSET 0`` lines.
KEPT_WHOLE = " AS distance_m\n              OFFSET 0)"
ROW_FUNCTIONS_0032 = ROW_FUNCTIONS.replace(KEPT_WHOLE, " AS distance_m)")

LARGE_VALUES = {"patrols": ("track", "track_geojson"), "audit_log": ("before", "after")}


def _compression(method: str) -> str:
    return "".join(
        f"ALTER TABLE {table} "
        + ", ".join(f"ALTER COLUMN {column} SET COMPRESSION {method}" for column in columns)
        + ";\n"
        for table, columns in LARGE_VALUES.items()
    )


def upgrade() -> None:
    op.execute(ROW_FUNCTIONS.replace("{reach}", str(REACH_M)) + _compression("lz4"))


def downgrade() -> None:
    op.execute(ROW_FUNCTIONS_0032.replace("{reach}", str(REACH_M)) + _compression("default"))

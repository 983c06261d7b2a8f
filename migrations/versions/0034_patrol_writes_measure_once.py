"""A patrol's write measures each marker once, and audit rows are compressed with lz4.

Issue 15's GPX upload (50,000 points) spent about 260 ms of its 430 in the database, in two
places this revision mends without changing a stored value:

- **Marker passes, 110 ms.** 0032's row functions name the distance once, in a ``LATERAL``
  subquery, but the planner pulls such a subquery up into the query around it, so the
  ``ST_Distance`` call was written out twice, in the select list and in the filter, and each
  marker near the track was measured twice on the spheroid. ``OFFSET 0`` keeps the subquery
  whole: one measure per marker (50 ms for that track and the 66 markers, the same rows).
- **The audit row, 82 ms.** PostgreSQL's default TOAST compression, pglz, took about as long
  to compress the new row's state (2.5 MB of JSON: the track as GeoJSON and its stored text)
  as to build it. lz4 compresses and decompresses several times faster, at a slightly larger
  size: 33 ms. Only new values are compressed with it; stored ones stay as they are, and
  both are read alike.

The track itself keeps pglz (its GeoJSON text has been lz4 since 0031). Tried with lz4 too,
the patrols' heap on the growth data grew from 5 to 104 MB (about 4.4 kB a row where it had
been about 200 bytes: lz4 shrinks a track of doubles by a few per cent, and the row kept
more of it), and the bbox page scanned the heap whole: 29 ms in the database instead of 6.
pglz stores a value it cannot shrink by a quarter as it is, which a track's doubles seldom
are.

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


# The audit states' TOAST compression, set to {method}.
AUDIT_COMPRESSION = (
    "ALTER TABLE audit_log ALTER COLUMN before SET COMPRESSION {method}, "
    "ALTER COLUMN after SET COMPRESSION {method};"
)

# As 0031: lz4 only where the server was built with it (Debian's is), else pglz stays.
LZ4_WHERE_BUILT = """
DO $$
BEGIN
    IF 'lz4' = ANY ((SELECT enumvals FROM pg_settings
                     WHERE name = 'default_toast_compression')::text[]) THEN
        {set}
    END IF;
END $$;
""".replace("{set}", AUDIT_COMPRESSION.replace("{method}", "lz4"))


def upgrade() -> None:
    op.execute(ROW_FUNCTIONS.replace("{reach}", str(REACH_M)) + LZ4_WHERE_BUILT)


def downgrade() -> None:
    functions = ROW_FUNCTIONS_0032.replace("{reach}", str(REACH_M))
    op.execute(functions + AUDIT_COMPRESSION.replace("{method}", "default"))

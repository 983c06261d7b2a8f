"""Checks shared by every kind of field record: times and places that cannot be right."""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from typing import Any
from zoneinfo import ZoneInfo

from psycopg import AsyncConnection, sql

from gis.db_errors import refusals
from gis.field.errors import Rejected
from gis.settings import get_settings

# Device clocks drift; more than this ahead of the server is a wrong clock, not a record.
FUTURE_TOLERANCE = dt.timedelta(minutes=10)
# A date alone (the day damage was seen, the day a repair was done) is a day on the border,
# where both sides keep Indochina Time: at 06:00 there it is still yesterday in UTC.
BORDER_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def not_in_future(value: dt.datetime | dt.date | None, where: str) -> None:
    """Refuse a time more than 10 minutes ahead, or a day after today at the border, naming
    ``where``."""
    if value is None:
        return
    now = dt.datetime.now(dt.UTC)
    if isinstance(value, dt.datetime):
        if value > now + FUTURE_TOLERANCE:
            raise Rejected(f"{where}: {value.isoformat()} is more than 10 minutes in the future")
    elif value > (now + FUTURE_TOLERANCE).astimezone(BORDER_ZONE).date():
        raise Rejected(f"{where}: {value.isoformat()} is in the future")


# The corridor itself: the border sections buffered by ``buffer`` metres.
CORRIDOR = (
    "SELECT ST_Buffer(ST_Collect(geom)::geography, %(buffer)s::float8)::geometry AS g "
    "FROM border_sections"
)

# Whether a geometry lies within the corridor (the border sections buffered on the spheroid).
#
# A line is decided by its contact with the corridor's edge. A line that does not meet the
# edge lies wholly inside or wholly outside (each part is connected, and the inside and the
# outside are open sets that only the edge separates), so the first point of each part says
# which: exact, not an approximation. GEOS answers "meets the edge" for a prepared edge by
# a segment index, 8 ms for a 50,000-point track, where ST_Covers of the same self-crossing
# track builds its full topology graph (4.4 s). PostGIS prepares an argument only on its
# second call with the same value, so the first row primes it with the track's first
# segment (part of the track: harmless to the answer).
#
# A line that meets the edge (one that leaves the corridor, or touches its edge from
# inside) is decided segment by segment against the same, prepared, corridor: a segment is
# covered in microseconds (0.13 s for 50,000), whatever the line does elsewhere. The
# geometry is read from the row just written, so a long track is sent and parsed once.
INSIDE_STRETCH = """
WITH corridor AS MATERIALIZED ({corridor}),
shape AS MATERIALIZED (
    SELECT {column} AS g FROM {table} WHERE id = %(id)s AND {column} IS NOT NULL)
SELECT CASE
    WHEN ST_Dimension(shape.g) <> 1 THEN ST_Covers(corridor.g, shape.g)
    WHEN NOT (SELECT bool_or(ST_Intersects(edge.g, piece.g))
              FROM (SELECT ST_Boundary(corridor.g) AS g) edge,
                   (VALUES (1, (SELECT ST_MakeLine(ST_PointN(f.g, 1), ST_PointN(f.g, 2))
                                FROM (SELECT ST_GeometryN(shape.g, 1) AS g) f)),
                           (2, shape.g)) piece (n, g))
    THEN (SELECT bool_and(ST_Covers(corridor.g, ST_StartPoint(d.geom))) FROM ST_Dump(shape.g) d)
    ELSE coalesce((SELECT bool_and(ST_Covers(corridor.g, s.geom))
                   FROM ST_DumpSegments(shape.g) s), false)
    END AS inside
FROM corridor, shape
"""


async def inside_stretch(
    conn: AsyncConnection[Any], table: str, column: str, record_id: Any, where: str
) -> None:
    """Refuse the geometry in ``column`` of the row ``record_id`` of ``table`` unless it lies
    wholly within the set distance of the border line (a row without one passes). Run in the
    transaction that wrote the row, so a refusal leaves nothing written."""
    buffer_m = get_settings().stretch_buffer_m
    query = sql.SQL(INSIDE_STRETCH).format(
        corridor=sql.SQL(CORRIDOR), table=sql.Identifier(table), column=sql.Identifier(column)
    )
    cur = await conn.execute(query, {"buffer": buffer_m, "id": record_id})
    row = await cur.fetchone()
    if row is not None and not row["inside"]:
        raise outside_stretch(where)


def outside_stretch(where: str) -> Rejected:
    """The refusal of a geometry (named by ``where``) that lies outside the stretch."""
    buffer_m = get_settings().stretch_buffer_m
    return Rejected(
        f"{where}: geometry lies outside the stretch (more than "
        f"{buffer_m / 1000:g} km from the border line)"
    )


def database_refusals(where: str) -> AbstractContextManager[None]:
    """Turn a constraint the database enforces into a rejection naming the record."""
    return refusals(lambda reason: Rejected(f"{where}: refused by the database: {reason}"))

"""Checks shared by every kind of field record: times and places that cannot be right."""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from typing import Any
from zoneinfo import ZoneInfo

from psycopg import AsyncConnection

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


# A line is covered when each of its segments is. GEOS covers a long line (a GPX track of
# 50 000 points that crosses itself) in seconds, and each segment in microseconds against
# the same, prepared, corridor: 4.4 s became 0.08 s (bench/README.md).
INSIDE_STRETCH = """
WITH corridor AS MATERIALIZED (
    SELECT ST_Buffer(ST_Collect(geom)::geography, %s::float8)::geometry AS g
    FROM border_sections),
shape AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON(%s::text), 4326) AS g)
SELECT CASE WHEN ST_Dimension(shape.g) = 1
            THEN coalesce((SELECT bool_and(ST_Covers(corridor.g, s.geom))
                           FROM ST_DumpSegments(shape.g) s), false)
            ELSE ST_Covers(corridor.g, shape.g) END AS inside
FROM corridor, shape
"""


async def inside_stretch(conn: AsyncConnection[Any], geojson: str, where: str) -> None:
    """Refuse a geometry not wholly within the set distance of the border line."""
    buffer_m = get_settings().stretch_buffer_m
    cur = await conn.execute(INSIDE_STRETCH, (buffer_m, geojson))
    row = await cur.fetchone()
    if not (row and row["inside"]):
        raise Rejected(
            f"{where}: geometry lies outside the stretch (more than "
            f"{buffer_m / 1000:g} km from the border line)"
        )


def database_refusals(where: str) -> AbstractContextManager[None]:
    """Turn a constraint the database enforces into a rejection naming the record."""
    return refusals(lambda reason: Rejected(f"{where}: refused by the database: {reason}"))

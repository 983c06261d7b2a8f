"""Patrols: a track walked by a unit (jointly with the Lao side when flagged)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from psycopg import AsyncConnection

from gis.audit import Actor
from gis.field.checks import not_in_future
from gis.field.models import PatrolIn
from gis.field.writes import NewRecord, read_stored, store_new
from gis.settings import get_settings

# Length comes from the generated column (geodesic, PostGIS on the WGS84 spheroid); the
# markers passed are those whose registry point lies within the set distance of the track,
# on the spheroid too, read from the passes stored when the patrol was written (0032).
PATROL_JSON = """
SELECT json_build_object(
    'id', p.id, 'started_at', p.started_at, 'ended_at', p.ended_at, 'vn_unit', p.vn_unit,
    'la_unit', p.la_unit, 'joint', p.joint, 'participants', p.participants,
    'track', CASE WHEN %(with_track)s THEN ST_AsGeoJSON(p.track, 7)::json END,
    'notes', p.notes, 'length_m', p.length_m,
    'markers_passed', coalesce(patrol_markers_passed(p.id, %(distance)s::float8), '[]'::json),
    'version', p.version, 'created_by', p.created_by,
    'withdrawn_at', p.withdrawn_at, 'withdrawn_by', p.withdrawn_by,
    'withdrawal_reason', p.withdrawal_reason) AS doc
FROM patrols p WHERE p.id = %(id)s
"""


async def get(
    conn: AsyncConnection[Any], patrol_id: UUID, with_track: bool = True
) -> dict[str, Any]:
    """The stored patrol as the API answers it, with the markers its track passed within
    ``passed_marker_distance_m`` (and its track unless ``with_track`` is false: the answer to
    an upload leaves out what the client sent); NotFound when none has that id."""
    values = {
        "id": patrol_id,
        "distance": get_settings().passed_marker_distance_m,
        "with_track": with_track,
    }
    return (await read_stored(conn, PATROL_JSON, values, f"patrol {patrol_id}"))["doc"]


async def create(conn: AsyncConnection[Any], actor: Actor, patrol: PatrolIn) -> bool:
    """Store a patrol once; returns False when its id was already stored (a retry)."""
    not_in_future(patrol.started_at, "started_at")
    not_in_future(patrol.ended_at, "ended_at")

    async def insert() -> bool:
        cur = await conn.execute(
            "INSERT INTO patrols (id, started_at, ended_at, vn_unit, la_unit, joint, "
            "participants, notes, track, created_by) VALUES (%s, %s, %s, %s, %s, %s, %s, "
            "%s, ST_GeomFromWKB(%s, 4326), %s) "
            "ON CONFLICT (id) DO NOTHING RETURNING id",
            (
                patrol.id,
                patrol.started_at,
                patrol.ended_at,
                patrol.vn_unit,
                patrol.la_unit,
                patrol.joint,
                patrol.participants,
                patrol.notes,
                patrol.track.wkb,
                actor.name,
            ),
        )
        return await cur.fetchone() is not None

    record = NewRecord(
        "patrols", patrol.id, f"patrol {patrol.id}", geometry_column="track", geometry_field="track"
    )
    return await store_new(conn, actor, record, insert)

"""Marker inspections and the displacement alert they may raise."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from psycopg import AsyncConnection

from gis.audit import Actor
from gis.field.checks import not_in_future
from gis.field.errors import MissingReference, Rejected
from gis.field.models import InspectionIn
from gis.field.writes import NewRecord, Reference, read_stored, store_new

# The alert rule: a measured point farther from the registry point than
# max(3 × GPS accuracy, 5 m) means the marker (or the registry) has moved.
ACCURACY_FACTOR = 3.0
MIN_ALERT_M = 5.0

# Displacement is measured by PostGIS on the spheroid; the alert is written in the same
# statement, so an inspection and its alert are stored together or not at all.
INSERT_WITH_ALERT = """
WITH measured AS (
    SELECT m.id AS marker_id, p.geom,
           ST_Distance(p.geom::geography, m.registry_geom::geography) AS displacement_m,
           greatest(%(factor)s::float8 * coalesce(%(accuracy)s::float8, 0),
                    %(minimum)s::float8) AS threshold_m
    FROM markers m
    LEFT JOIN (SELECT ST_SetSRID(ST_GeomFromGeoJSON(%(position)s::text), 4326) AS geom) p ON true
    WHERE m.code = %(marker_code)s
), inserted AS (
    INSERT INTO inspections (id, marker_id, patrol_id, observed_at, condition,
                             vegetation_cleared, position, accuracy_m, displacement_m, notes,
                             created_by)
    SELECT %(id)s::uuid, marker_id, %(patrol_id)s::uuid, %(observed_at)s::timestamptz,
           %(condition)s::text, %(vegetation_cleared)s::boolean, geom, %(accuracy)s::float8,
           displacement_m, %(notes)s::text, %(actor)s::text
    FROM measured
    ON CONFLICT (id) DO NOTHING
    RETURNING id, marker_id, displacement_m
), alerted AS (
    INSERT INTO alerts (kind, inspection_id, marker_id, displacement_m, threshold_m)
    SELECT 'displacement', i.id, i.marker_id, i.displacement_m, m.threshold_m
    FROM inserted i CROSS JOIN measured m
    WHERE i.displacement_m > m.threshold_m
    RETURNING id
)
SELECT (SELECT count(*) FROM inserted) AS inserted, (SELECT count(*) FROM alerted) AS alerts
"""

INSPECTION_JSON = """
SELECT json_build_object(
    'id', i.id, 'marker_code', m.code, 'observed_at', i.observed_at,
    'condition', i.condition, 'vegetation_cleared', i.vegetation_cleared,
    'position', ST_AsGeoJSON(i.position, 8)::json, 'accuracy_m', i.accuracy_m,
    'notes', i.notes, 'patrol_id', i.patrol_id, 'displacement_m', i.displacement_m,
    'alert', EXISTS (SELECT 1 FROM alerts a WHERE a.inspection_id = i.id),
    'version', i.version, 'created_by', i.created_by,
    'withdrawn_at', i.withdrawn_at, 'withdrawn_by', i.withdrawn_by,
    'withdrawal_reason', i.withdrawal_reason) AS doc
FROM inspections i JOIN markers m ON m.id = i.marker_id WHERE i.id = %s
"""


async def get(conn: AsyncConnection[Any], inspection_id: UUID) -> dict[str, Any]:
    """The stored inspection as the API answers it (with its alert flag); NotFound when
    none has that id."""
    name = f"inspection {inspection_id}"
    return (await read_stored(conn, INSPECTION_JSON, (inspection_id,), name))["doc"]


def unknown_marker(inspection: InspectionIn) -> Rejected:
    """The refusal of an inspection of a marker the registry does not hold."""
    return Rejected(f"marker_code: no marker '{inspection.marker_code}' in the registry")


def patrol_not_stored(inspection: InspectionIn) -> MissingReference:
    """An inspection made on a patrol not stored yet: to be sent again after it."""
    return MissingReference(
        f"patrol_id: patrol {inspection.patrol_id} is not stored (yet); send the patrol first"
    )


async def create(conn: AsyncConnection[Any], actor: Actor, inspection: InspectionIn) -> bool:
    """Store an inspection once (False for a retry) and raise its alert when due."""
    not_in_future(inspection.observed_at, "observed_at")
    position = inspection.position.model_dump_json() if inspection.position else None
    references = [Reference("markers", "code", inspection.marker_code, unknown_marker(inspection))]
    if inspection.patrol_id:
        references.append(
            Reference("patrols", "id", inspection.patrol_id, patrol_not_stored(inspection))
        )

    async def insert() -> bool:
        cur = await conn.execute(
            INSERT_WITH_ALERT,
            {
                **inspection.model_dump(exclude={"position", "accuracy_m"}),
                "position": position,
                "accuracy": inspection.accuracy_m,
                "factor": ACCURACY_FACTOR,
                "minimum": MIN_ALERT_M,
                "actor": actor.name,
            },
        )
        counts = await cur.fetchone()
        return bool(counts and counts["inserted"])

    record = NewRecord(
        "inspections",
        inspection.id,
        f"inspection {inspection.id}",
        references=tuple(references),
        geometry_column="position",
    )
    return await store_new(conn, actor, record, insert)

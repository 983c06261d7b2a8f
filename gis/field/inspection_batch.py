"""Many inspections of one sync batch stored with a few statements instead of several each.

``inspections.create`` stores one inspection through the field recipe (retry check, the
marker and patrol it names, the insert with its alert, the stretch, the audit row), five
round trips a record. A tablet's batch is mostly inspections, so a run of them is checked
by one query and written by one statement (inspections, their alerts and their audit rows),
with the same rules, the same answers and the same rows as record by record.

When the database refuses a value of the run (a CHECK, a geometry PostGIS cannot use), the
run is rolled back to its savepoint and the caller stores its records one by one, so that
only the wrong record is refused, with the same message as ever.
"""

from __future__ import annotations

from typing import Any

from psycopg import AsyncConnection, sql

from gis import db_errors
from gis.audit import Actor
from gis.field.checks import CORRIDOR, not_in_future, outside_stretch
from gis.field.errors import FieldError
from gis.field.inspections import (
    ACCURACY_FACTOR,
    MIN_ALERT_M,
    patrol_not_stored,
    unknown_marker,
)
from gis.field.models import InspectionIn
from gis.settings import get_settings

Outcome = bool | FieldError  # stored now (True), stored already (False), or why not

# Each record's answers to the checks ``store_new`` makes one by one. The corridor is an
# uncorrelated subquery: built once, and only when some record has a position; PostGIS
# prepares it on its second use, so each point is then covered in microseconds.
CHECKS = """
SELECT EXISTS (SELECT 1 FROM inspections i WHERE i.id = b.id) AS stored,
       EXISTS (SELECT 1 FROM markers m WHERE m.code = b.marker_code) AS marker_found,
       b.patrol_id IS NULL
           OR EXISTS (SELECT 1 FROM patrols p WHERE p.id = b.patrol_id) AS patrol_found,
       b.position IS NULL
           OR ST_Covers(({corridor}),
                        ST_SetSRID(ST_GeomFromGeoJSON(b.position), 4326)) AS inside
FROM unnest(%(ids)s::uuid[], %(codes)s::text[], %(patrols)s::uuid[], %(positions)s::text[])
     WITH ORDINALITY AS b (id, marker_code, patrol_id, position, n)
ORDER BY b.n
"""

# inspections.INSERT_WITH_ALERT for many rows, with the audit rows of those it inserted
# (their stored state, as audit.append_created writes it). Rows are inserted in id order, so
# that two batches sharing records wait for each other in one order and never deadlock; a
# record another transaction stored first is skipped by ON CONFLICT and answered
# 'duplicate' (it is missing from the ids returned), without an alert or an audit row.
INSERT_MANY = """
WITH batch AS (
    SELECT * FROM unnest(%(ids)s::uuid[], %(codes)s::text[], %(patrols)s::uuid[],
                         %(observed)s::timestamptz[], %(conditions)s::text[],
                         %(cleared)s::boolean[], %(positions)s::text[], %(accuracies)s::float8[],
                         %(notes)s::text[])
        WITH ORDINALITY AS b (id, marker_code, patrol_id, observed_at, condition,
                              vegetation_cleared, position, accuracy_m, notes, n)
), measured AS (
    SELECT b.*, m.id AS marker_id, p.geom,
           ST_Distance(p.geom::geography, m.registry_geom::geography) AS displacement_m,
           greatest(%(factor)s::float8 * coalesce(b.accuracy_m, 0),
                    %(minimum)s::float8) AS threshold_m
    FROM batch b
    JOIN markers m ON m.code = b.marker_code
    CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_GeomFromGeoJSON(b.position), 4326) AS geom) p
), inserted AS (
    INSERT INTO inspections (id, marker_id, patrol_id, observed_at, condition,
                             vegetation_cleared, position, accuracy_m, displacement_m, notes,
                             created_by)
    SELECT id, marker_id, patrol_id, observed_at, condition, vegetation_cleared, geom,
           accuracy_m, displacement_m, notes, %(actor)s::text
    FROM measured
    ORDER BY id
    ON CONFLICT (id) DO NOTHING
    RETURNING *
), alerted AS (
    INSERT INTO alerts (kind, inspection_id, marker_id, displacement_m, threshold_m)
    SELECT 'displacement', i.id, i.marker_id, i.displacement_m, m.threshold_m
    FROM inserted i JOIN measured m ON m.id = i.id
    WHERE i.displacement_m > m.threshold_m
    ORDER BY m.n
), audited AS (
    INSERT INTO audit_log (actor, role, via, action, entity, entity_id, before, after)
    SELECT %(actor)s, %(role)s, %(via)s, 'create', 'inspections', i.id::text, NULL, to_jsonb(i)
    FROM inserted i JOIN measured m ON m.id = i.id
    ORDER BY m.n
)
SELECT id FROM inserted
"""


def _position(inspection: InspectionIn) -> str | None:
    return inspection.position.model_dump_json() if inspection.position else None


def _keys(batch: list[InspectionIn]) -> dict[str, Any]:
    """What the checks need of each record, as arrays in the batch's order."""
    return {
        "ids": [i.id for i in batch],
        "codes": [i.marker_code for i in batch],
        "patrols": [i.patrol_id for i in batch],
        "positions": [_position(i) for i in batch],
    }


def _refusal(inspection: InspectionIn, row: dict[str, Any]) -> Outcome | None:
    """The answer the checks give, in the order ``store_new`` makes them, or None to store."""
    if row["stored"]:
        return False
    if not row["marker_found"]:
        return unknown_marker(inspection)
    if not row["patrol_found"]:
        return patrol_not_stored(inspection)
    if not row["inside"]:
        return outside_stretch("position")
    return None


async def _check(conn: AsyncConnection[Any], batch: list[InspectionIn]) -> list[Outcome | None]:
    query = sql.SQL(CHECKS).format(corridor=sql.SQL(CORRIDOR))
    values = {**_keys(batch), "buffer": get_settings().stretch_buffer_m}
    cur = await conn.execute(query, values)
    rows = await cur.fetchall()
    return [_refusal(inspection, row) for inspection, row in zip(batch, rows, strict=True)]


async def _insert(conn: AsyncConnection[Any], actor: Actor, batch: list[InspectionIn]) -> set[Any]:
    """Insert the records with their alerts and audit rows; the ids actually inserted."""
    values = {
        **_keys(batch),
        "observed": [i.observed_at for i in batch],
        "conditions": [str(i.condition) for i in batch],
        "cleared": [i.vegetation_cleared for i in batch],
        "accuracies": [i.accuracy_m for i in batch],
        "notes": [i.notes for i in batch],
        "factor": ACCURACY_FACTOR,
        "minimum": MIN_ALERT_M,
        "actor": actor.name,
        "role": actor.role,
        "via": actor.via,
    }
    cur = await conn.execute(INSERT_MANY, values)
    return {row["id"] for row in await cur.fetchall()}


def _future_refusal(inspection: InspectionIn) -> FieldError | None:
    try:
        not_in_future(inspection.observed_at, "observed_at")
    except FieldError as err:
        return err
    return None


async def _store(
    conn: AsyncConnection[Any], actor: Actor, batch: list[InspectionIn]
) -> list[Outcome]:
    """The checks' refusals, and for the records that pass them whether they were inserted."""
    refusals = await _check(conn, batch) if batch else []
    to_store = [i for i, refusal in zip(batch, refusals, strict=True) if refusal is None]
    inserted = await _insert(conn, actor, to_store) if to_store else set()
    return [
        i.id in inserted if refusal is None else refusal
        for i, refusal in zip(batch, refusals, strict=True)
    ]


async def create_many(
    conn: AsyncConnection[Any], actor: Actor, batch: list[InspectionIn]
) -> list[Outcome] | None:
    """Store each inspection once, as ``inspections.create`` would, and answer each (in the
    batch's order); the ids must differ. None when the database refused a value: nothing of
    the run is written then, and its records are to be stored one by one."""
    future = [_future_refusal(inspection) for inspection in batch]
    timely = [i for i, refusal in zip(batch, future, strict=True) if refusal is None]
    try:
        async with conn.transaction():
            stored = iter(await _store(conn, actor, timely))
    except db_errors.VALUE_REFUSED + db_errors.GEOMETRY_REFUSED:
        return None
    return [next(stored) if refusal is None else refusal for refusal in future]

"""Maintenance records: damage reports and the steps of their repair."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from psycopg import AsyncConnection

from gis import audit
from gis.audit import Actor
from gis.field.checks import not_in_future
from gis.field.errors import NotFound, Rejected, StaleVersion
from gis.field.lifecycle import check_step
from gis.field.models import DamageReportIn, TransitionIn
from gis.field.writes import NewRecord, Reference, read_stored, store_new

FIELD_SOURCE = "Field report (cotmoc)"
FIELD_LICENCE = "Field data of the border guard; not for redistribution"

RECORD_JSON = """
SELECT json_build_object(
    'id', r.id, 'marker_code', m.code, 'legacy_alias', r.legacy_alias,
    'position', ST_AsGeoJSON(coalesce(r.geom, m.registry_geom), 8)::json,
    'cause', r.cause, 'severity', r.severity, 'status', r.status,
    'observed_on', r.observed_on, 'description', r.description,
    'document_ref', r.document_ref, 'version', r.version,
    'history', coalesce((
        SELECT json_agg(json_build_object(
            'from_status', e.from_status, 'to_status', e.to_status, 'note', e.note,
            'document_ref', e.document_ref, 'actor', e.actor, 'happened_on', e.happened_on,
            'created_at', e.created_at) ORDER BY e.created_at, e.id)
        FROM maintenance_events e WHERE e.record_id = r.id), '[]'::json)) AS doc
FROM maintenance_records r LEFT JOIN markers m ON m.id = r.marker_id WHERE r.id = %s
"""


async def get(conn: AsyncConnection[Any], record_id: UUID) -> dict[str, Any]:
    """The maintenance record as the API answers it, with its history of steps; NotFound
    when none has that id."""
    name = f"maintenance record {record_id}"
    return (await read_stored(conn, RECORD_JSON, (record_id,), name))["doc"]


async def report_damage(conn: AsyncConnection[Any], actor: Actor, report: DamageReportIn) -> bool:
    """Open a maintenance record in status 'reported'; False when the id is already stored."""
    not_in_future(report.observed_on, "observed_on")
    position = report.position.model_dump_json() if report.position else None
    references = (
        ()
        if report.marker_code is None
        else (
            Reference(
                "markers",
                "code",
                report.marker_code,
                Rejected(f"marker_code: no marker '{report.marker_code}' in the registry"),
            ),
        )
    )

    async def insert() -> bool:
        cur = await conn.execute(
            "INSERT INTO maintenance_records (id, marker_id, geom, cause, observed_on, "
            "observed_precision, reported_on, reported_precision, severity, description, "
            "document_ref, source, licence, coord_status, created_by) VALUES (%s, "
            "(SELECT id FROM markers WHERE code = %s), "
            "ST_SetSRID(ST_GeomFromGeoJSON(%s::text), 4326), %s, %s, %s, current_date, "
            "'day', %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING RETURNING id",
            (
                report.id,
                report.marker_code,
                position,
                report.cause,
                report.observed_on,
                "day" if report.observed_on else None,
                report.severity,
                report.description,
                report.document_ref,
                FIELD_SOURCE,
                FIELD_LICENCE,
                # A handheld GPS point is approximate; a marker alone is located by its
                # (interpolated) registry point.
                "approximate" if position else "interpolated",
                actor.name,
            ),
        )
        if await cur.fetchone() is None:
            return False
        await conn.execute(
            "INSERT INTO maintenance_events (record_id, from_status, to_status, note, "
            "document_ref, actor) VALUES (%s, NULL, 'reported', 'Damage reported', %s, %s)",
            (report.id, report.document_ref, actor.name),
        )
        return True

    record = NewRecord(
        "maintenance_records",
        report.id,
        f"damage report {report.id}",
        action="report_damage",
        references=references,
        geometry=position,
    )
    return await store_new(conn, actor, record, insert)


async def transition(
    conn: AsyncConnection[Any],
    actor: Actor,
    record_id: UUID,
    step: TransitionIn,
    based_on_version: int,
    client_id: UUID | None = None,
) -> bool:
    """Move a record one step along its lifecycle, if it is still at ``based_on_version``.

    Returns False when ``client_id`` was already applied (a replayed offline transition).
    The row lock makes concurrent writers with the same version queue up: the first wins,
    the others then see the new version and get StaleVersion.
    """
    not_in_future(step.happened_on, "happened_on")
    async with conn.transaction():
        cur = await conn.execute(
            "SELECT status, version, least(observed_on, reported_on) AS reported_on "
            "FROM maintenance_records WHERE id = %s FOR UPDATE",
            (record_id,),
        )
        current = await cur.fetchone()
        if current is None:
            raise NotFound(f"maintenance record {record_id} does not exist")
        # Checked under the lock: a replay racing its first delivery sees it as applied.
        if client_id is not None:
            cur = await conn.execute(
                "SELECT 1 FROM maintenance_events WHERE client_id = %s", (client_id,)
            )
            if await cur.fetchone():
                return False
        if current["version"] != based_on_version:
            raise StaleVersion(
                f"maintenance record {record_id} is at version {current['version']}, "
                f"not {based_on_version}; reload it and decide again",
                current["version"],
            )
        check_step(current["status"], step.to, actor.role)
        reported_on = current["reported_on"]
        if step.happened_on and reported_on and step.happened_on < reported_on:
            raise Rejected(
                f"happened_on: {step.happened_on.isoformat()} is before the damage "
                f"was reported ({reported_on.isoformat()})"
            )
        before = await audit.snapshot(conn, "maintenance_records", record_id)
        await conn.execute(
            "UPDATE maintenance_records SET status = %s, version = version + 1, "
            "document_ref = coalesce(%s, document_ref) WHERE id = %s",
            (step.to, step.document_ref, record_id),
        )
        await conn.execute(
            "INSERT INTO maintenance_events (record_id, from_status, to_status, note, "
            "document_ref, actor, client_id, happened_on) VALUES (%s, %s, %s, %s, %s, %s, %s, "
            "%s)",
            (
                record_id,
                current["status"],
                step.to,
                step.note,
                step.document_ref,
                actor.name,
                client_id,
                step.happened_on,
            ),
        )
        after = await audit.snapshot(conn, "maintenance_records", record_id)
        await audit.append(
            conn,
            actor,
            f"transition:{current['status']}->{step.to}",
            "maintenance_records",
            str(record_id),
            before,
            after,
        )
    return True

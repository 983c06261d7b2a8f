"""Maintenance records: damage reports (with photos) and lifecycle transitions under
optimistic locking."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Header, Response

from api.auth import CurrentActor, FieldWriter
from api.deps import ConnectionDep
from api.problems import Problem, problems
from api.responses import answer_read, answer_write
from api.uploads import add_photo_route
from gis.field import maintenance
from gis.field.models import DamageReportIn, MaintenanceOut, TransitionIn

router = APIRouter(tags=["maintenance"])


def _version_from(if_match: str | None) -> int:
    """The version an If-Match header names ("3", W/"3" or 3)."""
    if not if_match:
        raise Problem(
            428, "Precondition required", "If-Match: send the ETag of the record you are changing"
        )
    text = if_match.strip().removeprefix("W/").strip('"')
    if not text.isdigit():
        raise Problem(400, "Bad request", f"If-Match: '{if_match}' is not an ETag of a version")
    return int(text)


@router.post(
    "/maintenance",
    response_model=MaintenanceOut,
    status_code=201,
    responses=problems(401, 403, 413),
)
async def report_damage(
    conn: ConnectionDep, actor: FieldWriter, report: DamageReportIn, response: Response
) -> dict[str, Any]:
    """Report damage to a marker or at a place: opens a maintenance record in status
    'reported' (201, or 200 when its id is already stored)."""
    created = await maintenance.report_damage(conn, actor, report)
    return answer_write(response, created, "maintenance", await maintenance.get(conn, report.id))


@router.get("/maintenance/{record_id}", response_model=MaintenanceOut, responses=problems(401, 404))
async def read_record(
    conn: ConnectionDep, _: CurrentActor, record_id: UUID, response: Response
) -> dict[str, Any]:
    """One maintenance record with its history of steps, and its ETag."""
    return answer_read(response, await maintenance.get(conn, record_id))


@router.post(
    "/maintenance/{record_id}/transitions",
    response_model=MaintenanceOut,
    responses=problems(400, 401, 403, 404, 409, 412, 413, 428),
)
async def transition(
    conn: ConnectionDep,
    actor: FieldWriter,
    record_id: UUID,
    step: TransitionIn,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    """Move a maintenance record one step along its lifecycle; If-Match must name its
    current version (428 without it, 412 when another change came first)."""
    await maintenance.transition(conn, actor, record_id, step, _version_from(if_match))
    return answer_read(response, await maintenance.get(conn, record_id))


add_photo_route(
    router,
    "maintenance",
    "maintenance",
    "Upload a photo of the damage (the same rules as an inspection's photos)",
)

"""Maintenance records: damage reports (with photos) and lifecycle transitions under
optimistic locking."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Header, Response

from api.auth import CurrentActor, FieldWriter
from api.deps import ConnectionDep
from api.field_errors import etag, problems
from api.problems import Problem
from api.uploads import PhotoFile, PhotoId, receive_photo
from gis.field import maintenance
from gis.field.models import DamageReportIn, MaintenanceOut, PhotoOut, TransitionIn

router = APIRouter(tags=["maintenance"])


def _version_from(if_match: str | None) -> int:
    """The version an If-Match header names ("3", W/"3" or 3)."""
    if not if_match:
        raise Problem(428, "Precondition required",
                      "If-Match: send the ETag of the record you are changing")
    text = if_match.strip().removeprefix("W/").strip('"')
    if not text.isdigit():
        raise Problem(400, "Bad request", f"If-Match: '{if_match}' is not an ETag of a version")
    return int(text)


async def _answer(conn: ConnectionDep, response: Response, record_id: UUID) -> dict[str, Any]:
    doc = await maintenance.get(conn, record_id)
    response.headers["ETag"] = etag(doc["version"])
    return doc


@router.post("/maintenance", response_model=MaintenanceOut, status_code=201,
             responses=problems(401, 403, 413))
async def report_damage(conn: ConnectionDep, actor: FieldWriter, report: DamageReportIn,
                        response: Response) -> dict[str, Any]:
    """Report damage at a marker or a place (guards, planners, admins); it opens a maintenance
    record. The same id sent again answers 200 with the stored one."""
    created = await maintenance.report_damage(conn, actor, report)
    response.status_code = 201 if created else 200
    response.headers["Location"] = f"/maintenance/{report.id}"
    return await _answer(conn, response, report.id)


@router.get("/maintenance/{record_id}", response_model=MaintenanceOut,
            responses=problems(401, 404))
async def read_record(conn: ConnectionDep, _: CurrentActor, record_id: UUID,
                      response: Response) -> dict[str, Any]:
    """One maintenance record with its steps, with its ETag."""
    return await _answer(conn, response, record_id)


@router.post("/maintenance/{record_id}/transitions", response_model=MaintenanceOut,
             responses=problems(400, 401, 403, 404, 409, 412, 413, 428))
async def transition(
    conn: ConnectionDep, actor: FieldWriter, record_id: UUID, step: TransitionIn,
    response: Response, if_match: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    """Move a maintenance record to its next status; ``If-Match`` must carry the version the step
    was based on (412 if it changed, 428 without it)."""
    await maintenance.transition(conn, actor, record_id, step, _version_from(if_match))
    return await _answer(conn, response, record_id)


@router.post("/maintenance/{record_id}/photos", response_model=PhotoOut, status_code=201,
             responses=problems(401, 403, 404, 409, 413))
async def upload_photo(conn: ConnectionDep, actor: FieldWriter, record_id: UUID,
                       response: Response, photo: PhotoFile,
                       photo_id: PhotoId = None) -> dict[str, Any]:
    """A photo of the damage, under the same rules as an inspection's photos."""
    return await receive_photo(conn, actor, "maintenance", record_id, photo, photo_id,
                               response)

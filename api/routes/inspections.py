"""Marker inspections, their photos and the inspection schedule."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Response

from api.auth import CurrentActor, FieldWriter, Planner
from api.deps import ConnectionDep
from api.field_errors import etag, problems
from api.uploads import PhotoFile, PhotoId, receive_photo
from gis.field import inspections, schedule
from gis.field.models import DueOut, InspectionIn, InspectionOut, PhotoOut, PolicyIn

router = APIRouter(tags=["inspections"])


@router.post("/inspections", response_model=InspectionOut, status_code=201,
             responses=problems(401, 403, 413))
async def create_inspection(conn: ConnectionDep, actor: FieldWriter, inspection: InspectionIn,
                            response: Response) -> dict[str, Any]:
    """Record an inspection of a marker (guards, planners, admins). Its id is the client's: sending
    the same record again answers 200 with the stored one."""
    created = await inspections.create(conn, actor, inspection)
    response.status_code = 201 if created else 200
    doc = await inspections.get(conn, inspection.id)
    response.headers["ETag"] = etag(doc["version"])
    response.headers["Location"] = f"/inspections/{inspection.id}"
    return doc


@router.get("/inspections/due", response_model=list[DueOut], responses=problems(400, 401))
async def due_inspections(
    conn: ConnectionDep, _: CurrentActor,
    within: Annotated[str, Query(pattern=r"^\d{1,4}[hdw]$",
                                 description="horizon, e.g. 7d, 12h, 2w")] = "7d",
) -> list[dict[str, Any]]:
    """Markers whose next inspection falls within ``within`` (e.g. 7d), with their schedule and last
    inspection. Any signed-in user."""
    return await schedule.due(conn, schedule.parse_within(within))


@router.put("/inspections/policy", responses=problems(401, 403, 413))
async def set_inspection_policy(conn: ConnectionDep, actor: Planner,
                                policy: PolicyIn) -> dict[str, Any]:
    """Set how often the markers of a section, or one marker, are inspected (planners, admins)."""
    return await schedule.set_policy(conn, actor, policy)


@router.get("/inspections/{inspection_id}", response_model=InspectionOut,
            responses=problems(401, 404))
async def read_inspection(conn: ConnectionDep, _: CurrentActor, inspection_id: UUID,
                          response: Response) -> dict[str, Any]:
    """One inspection, with its ETag."""
    doc = await inspections.get(conn, inspection_id)
    response.headers["ETag"] = etag(doc["version"])
    return doc


@router.post("/inspections/{inspection_id}/photos", response_model=PhotoOut, status_code=201,
             responses=problems(401, 403, 404, 409, 413))
async def upload_photo(conn: ConnectionDep, actor: FieldWriter, inspection_id: UUID,
                       response: Response, photo: PhotoFile,
                       photo_id: PhotoId = None) -> dict[str, Any]:
    """Add a photo (JPEG or PNG) to an inspection; the same ``photo_id`` sent again answers 200."""
    return await receive_photo(conn, actor, "inspection", inspection_id, photo, photo_id,
                               response)

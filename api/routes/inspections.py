"""Marker inspections, their photos and the inspection schedule."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Response

from api.auth import CurrentActor, FieldWriter, Planner
from api.deps import ConnectionDep
from api.problems import problems
from api.responses import answer_read, answer_write
from api.uploads import add_photo_route
from gis.field import inspections, schedule
from gis.field.models import DueOut, InspectionIn, InspectionOut, PolicyIn

router = APIRouter(tags=["inspections"])


@router.post(
    "/inspections", response_model=InspectionOut, status_code=201, responses=problems(401, 403, 413)
)
async def create_inspection(
    conn: ConnectionDep, actor: FieldWriter, inspection: InspectionIn, response: Response
) -> dict[str, Any]:
    """Store a marker inspection (201, or 200 when its id is already stored) and raise an
    alert when the measured position is farther from the registry point than
    max(3 × its GPS accuracy, 5 m)."""
    created = await inspections.create(conn, actor, inspection)
    return answer_write(
        response, created, "inspections", await inspections.get(conn, inspection.id)
    )


@router.get("/inspections/due", response_model=list[DueOut], responses=problems(400, 401))
async def due_inspections(
    conn: ConnectionDep,
    _: CurrentActor,
    within: Annotated[
        str, Query(pattern=r"^\d{1,4}[hdw]$", description="horizon, e.g. 7d, 12h, 2w")
    ] = "7d",
) -> list[dict[str, Any]]:
    """The markers whose next inspection falls due within ``within`` from now, or that were
    never inspected, earliest first."""
    return await schedule.due(conn, schedule.parse_within(within))


@router.put("/inspections/policy", responses=problems(401, 403, 413))
async def set_inspection_policy(
    conn: ConnectionDep, actor: Planner, policy: PolicyIn
) -> dict[str, Any]:
    """Set every how many days the markers of one section, or one marker, are to be
    inspected (planners and admins only)."""
    return await schedule.set_policy(conn, actor, policy)


@router.get(
    "/inspections/{inspection_id}", response_model=InspectionOut, responses=problems(401, 404)
)
async def read_inspection(
    conn: ConnectionDep, _: CurrentActor, inspection_id: UUID, response: Response
) -> dict[str, Any]:
    """One stored inspection, with its ETag."""
    return answer_read(response, await inspections.get(conn, inspection_id))


add_photo_route(router, "inspections", "inspection", "Upload a photo of an inspection")

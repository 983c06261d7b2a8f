"""Displacement alerts: read by any signed-in user, acknowledged once by a field writer
(issue 11: who, when and a note)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from api.auth import CurrentActor, FieldWriter
from api.deps import ConnectionDep
from api.problems import problems
from gis.field import alerts
from gis.field.models import AcknowledgementIn, AlertOut

router = APIRouter(tags=["alerts"])
AlertId = Annotated[int, Path(ge=1, le=2**63 - 1)]


@router.get("/alerts", response_model=list[AlertOut], responses=problems(401))
async def list_alerts(
    conn: ConnectionDep,
    _: CurrentActor,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    open: Annotated[bool, Query(description="only those nobody has acknowledged")] = False,
) -> list[dict[str, Any]]:
    """The latest displacement alerts, newest first: an inspection stood farther from the
    marker's registry point than 3 times the fix's accuracy (at least 5 m). Any signed-in user."""
    return await alerts.listing(conn, limit, open_only=open)


@router.post(
    "/alerts/{alert_id}/acknowledgement",
    response_model=AlertOut,
    responses=problems(401, 403, 404, 409),
)
async def acknowledge_alert(
    conn: ConnectionDep, actor: FieldWriter, alert_id: AlertId, acknowledgement: AcknowledgementIn
) -> dict[str, Any]:
    """Say the alert was seen and dealt with (who and when are recorded, with the note)."""
    return await alerts.acknowledge(conn, actor, alert_id, acknowledgement.note)

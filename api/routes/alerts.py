"""Alerts raised by inspections (a marker found farther from its registry point than allowed)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.auth import CurrentActor
from api.deps import ConnectionDep
from api.problems import problems
from gis.field import inspections
from gis.field.models import AlertOut

router = APIRouter(tags=["alerts"])


@router.get("/alerts", response_model=list[AlertOut], responses=problems(401))
async def list_alerts(
    conn: ConnectionDep, _: CurrentActor, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> list[dict[str, Any]]:
    """The latest displacement alerts, newest first: an inspection stood farther from the
    marker's registry point than 3 times the fix's accuracy (at least 5 m). Any signed-in user."""
    return await inspections.list_alerts(conn, limit)

"""Correcting and withdrawing patrols and inspections (issue 11), with If-Match and a reason;
the versions they replaced, as their history."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Header, Response
from psycopg import AsyncConnection
from pydantic import BaseModel

from api.auth import CurrentActor, FieldWriter
from api.deps import ConnectionDep
from api.problems import etag, problems
from api.routes.maintenance import _version_from as version_from
from gis.field import corrections, inspections, patrols
from gis.field.models import (
    InspectionCorrectionIn,
    InspectionOut,
    PatrolCorrectionIn,
    PatrolOut,
    VersionOut,
    WithdrawalIn,
)

router = APIRouter(tags=["corrections"])
IfMatch = Annotated[str | None, Header()]
WRITE_PROBLEMS = problems(400, 401, 403, 404, 409, 412, 428)
Reader = Callable[[AsyncConnection[Any], UUID], Awaitable[dict[str, Any]]]
READERS: dict[str, Reader] = {"inspections": inspections.get, "patrols": patrols.get}


def _changes(correction: BaseModel) -> dict[str, Any]:
    return correction.model_dump(include=correction.model_fields_set - {"reason"})


async def _answer(
    conn: ConnectionDep, response: Response, table: str, record_id: UUID
) -> dict[str, Any]:
    doc = await READERS[table](conn, record_id)
    response.headers["ETag"] = etag(doc["version"])
    return doc


@router.patch(
    "/inspections/{inspection_id}", response_model=InspectionOut, responses=WRITE_PROBLEMS
)
async def correct_inspection(
    conn: ConnectionDep,
    actor: FieldWriter,
    inspection_id: UUID,
    correction: InspectionCorrectionIn,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    """A new version with the fields sent; the old one stays in the history."""
    await corrections.correct(
        conn,
        actor,
        "inspections",
        inspection_id,
        _changes(correction),
        correction.reason,
        version_from(if_match),
    )
    return await _answer(conn, response, "inspections", inspection_id)


@router.patch("/patrols/{patrol_id}", response_model=PatrolOut, responses=WRITE_PROBLEMS)
async def correct_patrol(
    conn: ConnectionDep,
    actor: FieldWriter,
    patrol_id: UUID,
    correction: PatrolCorrectionIn,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    """A new version with the fields sent; the old one stays in the history."""
    await corrections.correct(
        conn,
        actor,
        "patrols",
        patrol_id,
        _changes(correction),
        correction.reason,
        version_from(if_match),
    )
    return await _answer(conn, response, "patrols", patrol_id)


@router.post(
    "/inspections/{inspection_id}/withdrawal",
    response_model=InspectionOut,
    responses=WRITE_PROBLEMS,
)
async def withdraw_inspection(
    conn: ConnectionDep,
    actor: FieldWriter,
    inspection_id: UUID,
    withdrawal: WithdrawalIn,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    """Out of the layers, maps and schedule; kept in the history and the audit."""
    await corrections.withdraw(
        conn, actor, "inspections", inspection_id, withdrawal.reason, version_from(if_match)
    )
    return await _answer(conn, response, "inspections", inspection_id)


@router.post("/patrols/{patrol_id}/withdrawal", response_model=PatrolOut, responses=WRITE_PROBLEMS)
async def withdraw_patrol(
    conn: ConnectionDep,
    actor: FieldWriter,
    patrol_id: UUID,
    withdrawal: WithdrawalIn,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    """Out of the layers and maps; kept in the history and the audit."""
    await corrections.withdraw(
        conn, actor, "patrols", patrol_id, withdrawal.reason, version_from(if_match)
    )
    return await _answer(conn, response, "patrols", patrol_id)


@router.get(
    "/inspections/{inspection_id}/history",
    response_model=list[VersionOut],
    responses=problems(401, 404),
)
async def inspection_history(
    conn: ConnectionDep, _: CurrentActor, inspection_id: UUID
) -> list[dict[str, Any]]:
    """The inspection's replaced versions, oldest first (who, when, why)."""
    return await corrections.history(conn, "inspections", inspection_id)


@router.get(
    "/patrols/{patrol_id}/history", response_model=list[VersionOut], responses=problems(401, 404)
)
async def patrol_history(
    conn: ConnectionDep, _: CurrentActor, patrol_id: UUID
) -> list[dict[str, Any]]:
    """The patrol's replaced versions, oldest first (who, when, why)."""
    return await corrections.history(conn, "patrols", patrol_id)

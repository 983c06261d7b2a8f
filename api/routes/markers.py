"""A marker's status, decided by a planner (issue 11): read it with the status the latest
inspection proposes; change it with If-Match and a reason."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Response

from api.auth import CurrentActor, Planner
from api.deps import ConnectionDep
from api.problems import etag, problems
from api.routes.maintenance import _version_from as version_from
from gis.field import marker_status
from gis.field.models import MarkerStatusIn, MarkerStatusOut

router = APIRouter(tags=["markers"])


@router.get(
    "/markers/{code:path}/status", response_model=MarkerStatusOut, responses=problems(401, 404)
)
async def read_status(
    conn: ConnectionDep, _: CurrentActor, code: str, response: Response
) -> dict[str, Any]:
    """The marker's status, its version (the ETag) and the status the latest inspection
    proposes."""
    doc = await marker_status.current(conn, code)
    response.headers["ETag"] = etag(doc["version"])
    return doc


@router.put(
    "/markers/{code:path}/status",
    response_model=MarkerStatusOut,
    responses=problems(400, 401, 403, 404, 412, 428),
)
async def set_status(
    conn: ConnectionDep,
    actor: Planner,
    code: str,
    change: MarkerStatusIn,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    """A planner sets the marker's status (If-Match, a reason); audited."""
    await marker_status.set_status(
        conn, actor, code, change.status, version_from(if_match), change.reason
    )
    doc = await marker_status.current(conn, code)
    response.headers["ETag"] = etag(doc["version"])
    return doc

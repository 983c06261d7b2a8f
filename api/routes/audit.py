"""The audit trail, newest first, for admins; older pages by the ``Link: rel="next"`` header."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel

from api.auth import Admin
from api.deps import ConnectionDep
from api.problems import problems
from api.urls import page_url
from gis import audit
from layers import cursor as cursors
from layers.query import QueryError

CURSOR_KIND = "audit"


class AuditEntry(BaseModel):
    """One change to the registry or the field records: who, how, what, and the row before and
    after."""

    id: int
    at: dt.datetime
    actor: str
    role: str | None
    via: str
    action: str
    entity: str
    entity_id: str
    before: Any
    after: Any


router = APIRouter(tags=["audit"])


def _before(token: str | None) -> int | None:
    """The id below which a page continues, from the cursor of a next link."""
    if token is None:
        return None
    values = cursors.decode(token, CURSOR_KIND)
    if len(values) != 1 or type(values[0]) is not int or not 0 < values[0] < 2**63:
        raise QueryError("cursor", "not an audit cursor; copy it from a next link")
    return int(values[0])


@router.get("/audit", response_model=list[AuditEntry], responses=problems(400, 401, 403))
async def read_audit(
    request: Request,
    response: Response,
    conn: ConnectionDep,
    _: Admin,
    entity: Annotated[str | None, Query(max_length=100)] = None,
    entity_id: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    cursor: Annotated[
        str | None,
        Query(
            max_length=cursors.MAX_LENGTH,
            description='older entries: from the Link header\'s rel="next"',
        ),
    ] = None,
) -> list[dict[str, Any]]:
    """The audit trail, newest first, optionally for one entity or one record; older entries through
    the Link header's ``next`` cursor. Admins only."""
    rows = await audit.recent(conn, limit + 1, entity, entity_id, _before(cursor))
    if len(rows) > limit:  # the extra row only says that older ones exist
        rows = rows[:limit]
        token = cursors.encode(CURSOR_KIND, [rows[-1]["id"]])
        response.headers["Link"] = f'<{page_url(request, {"cursor": token})}>; rel="next"'
    return rows

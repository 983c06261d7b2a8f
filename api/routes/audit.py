"""The audit trail, newest first, for admins."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.auth import Admin
from api.deps import ConnectionDep
from api.field_errors import problems
from gis.field import audit


class AuditEntry(BaseModel):
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


@router.get("/audit", response_model=list[AuditEntry], responses=problems(401, 403))
async def read_audit(
    conn: ConnectionDep, _: Admin,
    entity: Annotated[str | None, Query(max_length=100)] = None,
    entity_id: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:
    return await audit.recent(conn, limit, entity, entity_id)

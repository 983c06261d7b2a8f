"""Offline sync: one batch in, one result per record out."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from api.auth import FieldWriter
from api.deps import ConnectionDep
from api.field_errors import problems
from api.metrics import SYNC_RESULTS
from gis.field import sync
from gis.field.models import SyncResult


class SyncRecord(BaseModel):
    """One offline record: its type, its UUID and the fields of that type (validated one by
    one, so a bad record is answered 'rejected' without failing the batch)."""

    model_config = ConfigDict(extra="allow")

    type: Literal["patrol", "inspection", "damage_report", "transition"]
    id: UUID


class SyncBatch(BaseModel):
    records: list[SyncRecord] = Field(max_length=1000)


class SyncAnswer(BaseModel):
    results: list[SyncResult]


router = APIRouter(tags=["sync"])


@router.post("/sync", response_model=SyncAnswer, responses=problems(401, 403))
async def sync_batch(conn: ConnectionDep, actor: FieldWriter,
                     batch: SyncBatch) -> dict[str, Any]:
    records = [record.model_dump(mode="json") for record in batch.records]
    results = await sync.apply_batch(conn, actor, records)
    for result in results:
        SYNC_RESULTS.labels(result["status"]).inc()
    return {"results": results}

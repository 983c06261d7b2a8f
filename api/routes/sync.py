"""Offline sync: one batch in, one result per record out."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, Field, WithJsonSchema

from api.auth import FieldWriter
from api.deps import ConnectionDep
from api.metrics import SYNC_RESULTS
from api.problems import problems
from gis.field import sync
from gis.field.models import SyncResult

# What a record is. The route takes any JSON value per record and checks each one on its own
# (gis.field.sync), so that a malformed record is answered 'rejected' in its result instead
# of failing the whole batch with a 422.
SYNC_RECORD_SCHEMA: dict[str, Any] = {
    "title": "SyncRecord",
    "type": "object",
    "description": "One record made offline: its type, the UUID its device made for it and "
    "the fields of that type, as POST /patrols, POST /inspections, "
    "POST /maintenance take them; a transition carries record_id, to, "
    "base_version (and note, document_ref). A record that is not an object, "
    "has another type or lacks a valid id is answered 'rejected' alone.",
    "required": ["type", "id"],
    "properties": {
        "type": {"enum": list(sync.KINDS)},
        "id": {"type": "string", "format": "uuid"},
    },
    "additionalProperties": True,
}
SyncRecord = Annotated[Any, WithJsonSchema(SYNC_RECORD_SCHEMA)]


class SyncBatch(BaseModel):
    """Records made offline by the field app, in the order they were made."""

    records: list[SyncRecord] = Field(max_length=1000)


class SyncAnswer(BaseModel):
    """What became of each record of a batch."""

    results: list[SyncResult] = Field(description="one per record, in the batch's order")


router = APIRouter(tags=["sync"])


@router.post("/sync", response_model=SyncAnswer, responses=problems(401, 403, 413))
async def sync_batch(conn: ConnectionDep, actor: FieldWriter, batch: SyncBatch) -> dict[str, Any]:
    """Apply a batch of offline records in order, each on its own. Statuses: created,
    duplicate, conflict (with current_version), retry_later (a record it depends on is not
    stored yet: send it again later) and rejected (the record is wrong: never retry)."""
    results = await sync.apply_batch(conn, actor, batch.records)
    for result in results:
        SYNC_RESULTS.labels(result["status"]).inc()
    return {"results": results}

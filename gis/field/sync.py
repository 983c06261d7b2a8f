"""Offline sync: a batch of records made without connectivity, each checked and applied
atomically on its own.

Each record is answered

* ``created`` / ``duplicate``: stored now / already stored (replays change nothing);
* ``conflict``: a transition based on a version that is no longer current;
* ``retry_later``: a record it depends on is not stored yet (a transition before its damage
  report, an inspection naming a patrol not sent yet): send it again after that one;
* ``rejected``: the record itself is wrong (unknown type, missing or malformed id, a field
  that fails its check); sending it again cannot help.

One bad record never fails the batch: the others are applied.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection
from pydantic import BaseModel, ValidationError

from gis import validation
from gis.audit import Actor
from gis.field import inspections, maintenance, patrols
from gis.field.errors import FieldError, MissingReference, NotFound, StaleVersion
from gis.field.models import DamageReportIn, InspectionIn, PatrolIn, SyncTransition

Handler = Callable[[AsyncConnection[Any], Actor, Any], Awaitable[bool]]
ECHOED_ID_CHARS = 100  # a result repeats the record's id, cut to this length


async def _transition(conn: AsyncConnection[Any], actor: Actor, step: SyncTransition) -> bool:
    try:
        return await maintenance.transition(
            conn, actor, step.record_id, step, step.base_version, client_id=step.id
        )
    except NotFound as err:
        raise MissingReference(
            f"record_id: maintenance record {step.record_id} is not stored "
            "(yet); send its damage_report first"
        ) from err


KINDS: dict[str, tuple[type[BaseModel], Handler]] = {
    "patrol": (PatrolIn, patrols.create),
    "inspection": (InspectionIn, inspections.create),
    "damage_report": (DamageReportIn, maintenance.report_damage),
    "transition": (SyncTransition, _transition),
}


def _result(record_id: str, status: str, detail: str, **extra: Any) -> dict[str, Any]:
    return {"id": record_id, "status": status, "detail": detail, **extra}


def _malformed(record: Any) -> str | None:
    """Why a record cannot even be read as one (not an object, unknown type, bad id)."""
    if not isinstance(record, dict):
        return "record: not a JSON object"
    kind = record.get("type")
    if not isinstance(kind, str) or kind not in KINDS:
        shown = f"'{str(kind)[:40]}'" if isinstance(kind, str) else "missing"
        return f"type: {shown}; a record's type is one of {', '.join(KINDS)}"
    if "id" not in record:
        return "id: missing; every record carries the UUID its device made for it"
    try:
        UUID(str(record["id"]))
    except ValueError:
        return f"id: '{str(record['id'])[:ECHOED_ID_CHARS]}' is not a UUID"
    return None


async def apply_record(conn: AsyncConnection[Any], actor: Actor, record: Any) -> dict[str, Any]:
    """Check and apply one record of a batch and answer its id, status and detail; a bad
    record is answered (rejected, conflict, retry_later), not raised."""
    raw_id = record.get("id") if isinstance(record, dict) else None
    record_id = "" if raw_id is None else str(raw_id)[:ECHOED_ID_CHARS]
    reason = _malformed(record)
    if reason is not None:
        return _result(record_id, "rejected", reason)
    kind = record["type"]
    model, handler = KINDS[kind]
    try:
        parsed = model.model_validate({k: v for k, v in record.items() if k != "type"})
        created = await handler(conn, actor, parsed)
    except ValidationError as err:
        return _result(record_id, "rejected", validation.summary(err.errors(), "record"))
    except StaleVersion as err:
        return _result(record_id, "conflict", err.detail, current_version=err.current_version)
    except MissingReference as err:
        return _result(record_id, "retry_later", err.detail)
    except FieldError as err:
        return _result(record_id, "rejected", err.detail)
    extra: dict[str, Any] = {}
    detail = f"{kind} stored" if created else f"{kind} {record_id} was already stored"
    if isinstance(parsed, PatrolIn):
        extra["cleaning"] = parsed.track.cleaning
        if parsed.track.cleaning.changed:
            detail += f"; track cleaned: {parsed.track.cleaning.summary()}"
    return _result(record_id, "created" if created else "duplicate", detail, **extra)


async def apply_batch(
    conn: AsyncConnection[Any], actor: Actor, records: list[Any]
) -> list[dict[str, Any]]:
    """Apply records in order (a transition may follow the report it moves)."""
    sync_actor = actor.through("sync")
    return [await apply_record(conn, sync_actor, record) for record in records]

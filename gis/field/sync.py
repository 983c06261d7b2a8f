"""Offline sync: a batch of records made without connectivity, each applied atomically on its
own and answered created | duplicate | conflict | rejected. Replays change nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from psycopg import AsyncConnection
from pydantic import BaseModel, ValidationError

from gis.field import inspections, maintenance, patrols
from gis.field.accounts import Actor
from gis.field.errors import FieldError, StaleVersion
from gis.field.models import DamageReportIn, InspectionIn, PatrolIn, SyncTransition

Handler = Callable[[AsyncConnection[Any], Actor, Any], Awaitable[bool]]


async def _transition(conn: AsyncConnection[Any], actor: Actor, step: SyncTransition) -> bool:
    return await maintenance.transition(conn, actor, step.record_id, step, step.base_version,
                                        client_id=step.id)


KINDS: dict[str, tuple[type[BaseModel], Handler]] = {
    "patrol": (PatrolIn, patrols.create),
    "inspection": (InspectionIn, inspections.create),
    "damage_report": (DamageReportIn, maintenance.report_damage),
    "transition": (SyncTransition, _transition),
}


def _result(record_id: Any, status: str, detail: str, **extra: Any) -> dict[str, Any]:
    return {"id": str(record_id), "status": status, "detail": detail, **extra}


def describe(err: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'record'}: {e['msg']}"
                     for e in err.errors())


async def apply_record(conn: AsyncConnection[Any], actor: Actor,
                       record: dict[str, Any]) -> dict[str, Any]:
    record_id = record.get("id", "")
    kind = record.get("type")
    if kind not in KINDS:
        return _result(record_id, "rejected",
                       f"type: '{kind}' is not one of {', '.join(KINDS)}")
    model, handler = KINDS[kind]
    try:
        parsed = model.model_validate({k: v for k, v in record.items() if k != "type"})
        created = await handler(conn, actor, parsed)
    except ValidationError as err:
        return _result(record_id, "rejected", describe(err))
    except StaleVersion as err:
        return _result(record_id, "conflict", err.detail, current_version=err.current_version)
    except FieldError as err:
        return _result(record_id, "rejected", err.detail)
    if created:
        return _result(record_id, "created", f"{kind} stored")
    return _result(record_id, "duplicate", f"{kind} {record_id} was already stored")


async def apply_batch(conn: AsyncConnection[Any], actor: Actor,
                      records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Apply records in order (a transition may follow the report it moves)."""
    sync_actor = actor.through("sync")
    return [await apply_record(conn, sync_actor, record) for record in records]

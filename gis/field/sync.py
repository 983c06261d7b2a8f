"""Offline sync: a batch of records made without connectivity, each checked and applied
atomically on its own.

Each record is answered

* ``created`` / ``duplicate``: stored now / already stored (replays change nothing);
* ``conflict``: a transition based on a version that is no longer current;
* ``retry_later``: a record it depends on is not stored yet (a transition before its damage
  report, an inspection naming a patrol not sent yet): send it again after that one;
* ``rejected``: the record itself is wrong (unknown type, missing or malformed id, a field
  that fails its check); sending it again cannot help.

One bad record never fails the batch: the others are applied. Consecutive inspections (most
of a batch) are checked and stored together, with the same answers (inspection_batch).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection
from pydantic import BaseModel, ValidationError

from gis import validation
from gis.audit import Actor
from gis.field import inspection_batch, inspections, maintenance, patrols
from gis.field.errors import FieldError, MissingReference, NotFound, StaleVersion
from gis.field.models import DamageReportIn, InspectionIn, PatrolIn, SyncTransition

Outcome = inspection_batch.Outcome
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


def _echoed_id(record: Any) -> str:
    raw_id = record.get("id") if isinstance(record, dict) else None
    return "" if raw_id is None else str(raw_id)[:ECHOED_ID_CHARS]


def _parse(record: dict[str, Any]) -> BaseModel | str:
    """The record as its type's model, or why it is not one."""
    model, _ = KINDS[record["type"]]
    try:
        return model.model_validate({k: v for k, v in record.items() if k != "type"})
    except ValidationError as err:
        return validation.summary(err.errors(), "record")


def _answer(record_id: str, kind: str, parsed: BaseModel, outcome: Outcome) -> dict[str, Any]:
    """The result of a record its handler stored (True), found stored (False) or refused."""
    if isinstance(outcome, StaleVersion):
        return _result(
            record_id, "conflict", outcome.detail, current_version=outcome.current_version
        )
    if isinstance(outcome, MissingReference):
        return _result(record_id, "retry_later", outcome.detail)
    if isinstance(outcome, FieldError):
        return _result(record_id, "rejected", outcome.detail)
    extra: dict[str, Any] = {}
    detail = f"{kind} stored" if outcome else f"{kind} {record_id} was already stored"
    if isinstance(parsed, PatrolIn):
        extra["cleaning"] = parsed.track.cleaning
        if parsed.track.cleaning.changed:
            detail += f"; track cleaned: {parsed.track.cleaning.summary()}"
    return _result(record_id, "created" if outcome else "duplicate", detail, **extra)


async def apply_record(conn: AsyncConnection[Any], actor: Actor, record: Any) -> dict[str, Any]:
    """Check and apply one record of a batch and answer its id, status and detail; a bad
    record is answered (rejected, conflict, retry_later), not raised."""
    record_id = _echoed_id(record)
    reason = _malformed(record)
    if reason is not None:
        return _result(record_id, "rejected", reason)
    parsed = _parse(record)
    if isinstance(parsed, str):
        return _result(record_id, "rejected", parsed)
    _, handler = KINDS[record["type"]]
    try:
        outcome: Outcome = await handler(conn, actor, parsed)
    except ValidationError as err:
        return _result(record_id, "rejected", validation.summary(err.errors(), "record"))
    except FieldError as err:
        outcome = err
    return _answer(record_id, record["type"], parsed, outcome)


def _runs(records: list[Any]) -> Iterator[tuple[bool, list[Any]]]:
    """The batch cut into runs: (True, consecutive inspections with distinct ids), stored
    together, and (False, [any other record]). A repeated id starts a new run, so that the
    repeat meets its first copy stored, as record by record."""
    run: list[Any] = []
    ids: set[UUID] = set()
    for record in records:
        inspection = _malformed(record) is None and record["type"] == "inspection"
        record_id = UUID(str(record["id"])) if inspection else None
        if run and (not inspection or record_id in ids):
            yield True, run
            run, ids = [], set()
        if record_id is None:
            yield False, [record]
        else:
            run.append(record)
            ids.add(record_id)
    if run:
        yield True, run


async def _apply_inspections(
    conn: AsyncConnection[Any], actor: Actor, run: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """A run of inspections stored by a few statements (gis.field.inspection_batch); record
    by record when the database refuses one of them, to answer that one alone."""
    parsed = [_parse(record) for record in run]
    valid = [p for p in parsed if isinstance(p, InspectionIn)]
    outcomes = await inspection_batch.create_many(conn, actor, valid) if valid else []
    if outcomes is None:
        return [await apply_record(conn, actor, record) for record in run]
    stored = iter(outcomes)
    return [
        _result(_echoed_id(record), "rejected", p)
        if isinstance(p, str)
        else _answer(_echoed_id(record), "inspection", p, next(stored))
        for record, p in zip(run, parsed, strict=True)
    ]


async def apply_batch(
    conn: AsyncConnection[Any], actor: Actor, records: list[Any]
) -> list[dict[str, Any]]:
    """Apply records in order (a transition may follow the report it moves, an inspection the
    patrol it was made on); consecutive inspections together, the others one by one."""
    sync_actor = actor.through("sync")
    results: list[dict[str, Any]] = []
    for together, run in _runs(records):
        if together:
            results += await _apply_inspections(conn, sync_actor, run)
        else:
            results.append(await apply_record(conn, sync_actor, run[0]))
    return results

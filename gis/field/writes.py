"""The one recipe every new field record is stored by (patrols, inspections, damage reports,
photos): in one transaction, a retry check, the records it names, the stretch, the insert,
and the audit row with the stored state. The kinds differ only in their SQL and checks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from psycopg import AsyncConnection, sql

from gis import audit
from gis.audit import Actor
from gis.field.checks import database_refusals, inside_stretch
from gis.field.errors import FieldError, NotFound

Connection = AsyncConnection[Any]


@dataclass(frozen=True)
class Reference:
    """Another record the new one names: refused with ``error`` unless ``table.column`` holds
    ``value``."""

    table: str
    column: str
    value: Any
    error: FieldError

    async def check(self, conn: Connection) -> None:
        """Raise ``error`` unless the named record is stored."""
        cur = await conn.execute(
            sql.SQL("SELECT EXISTS (SELECT 1 FROM {} WHERE {} = %s) AS found").format(
                sql.Identifier(self.table), sql.Identifier(self.column)
            ),
            (self.value,),
        )
        row = await cur.fetchone()
        if not (row and row["found"]):
            raise self.error


async def read_stored(conn: Connection, query: str, values: Any, name: str) -> dict[str, Any]:
    """The one row ``query`` finds (a stored record as its answer shows it); NotFound naming
    ``name`` when there is none."""
    cur = await conn.execute(query, values)
    row = await cur.fetchone()
    if row is None:
        raise NotFound(f"{name} does not exist")
    return dict(row)


async def _id_stored(conn: Connection, table: str, record_id: UUID) -> bool:
    cur = await conn.execute(
        sql.SQL("SELECT 1 FROM {} WHERE id = %s").format(sql.Identifier(table)), (record_id,)
    )
    return await cur.fetchone() is not None


@dataclass(frozen=True)
class NewRecord:
    """What the recipe needs to know about a record besides its INSERT.

    ``stored_already`` answers whether this write repeats one already stored (a retry); by
    default, whether ``table`` holds ``id``. ``geometry`` (GeoJSON text) must lie within
    the stretch; ``geometry_field`` names it in the refusal.
    """

    table: str
    id: UUID
    name: str  # how messages name the record: "patrol 1b4e…"
    action: str = "create"
    references: tuple[Reference, ...] = ()
    geometry: str | None = None
    geometry_field: str = "position"
    stored_already: Callable[[Connection], Awaitable[bool]] | None = None


async def store_new(
    conn: Connection, actor: Actor, record: NewRecord, insert: Callable[[], Awaitable[bool]]
) -> bool:
    """Store ``record`` once through ``insert`` (which says whether it inserted a row) and
    audit it; False when it was stored already (a retry, or a concurrent first delivery that
    ``insert``'s ON CONFLICT met). Everything happens in one transaction: a refusal at any
    step leaves nothing written."""
    async with conn.transaction():
        repeated = (
            record.stored_already(conn)
            if record.stored_already
            else _id_stored(conn, record.table, record.id)
        )
        if await repeated:
            return False
        for reference in record.references:
            await reference.check(conn)
        if record.geometry is not None:
            await inside_stretch(conn, record.geometry, record.geometry_field)
        with database_refusals(record.name):
            if not await insert():
                return False
        after = await audit.snapshot(conn, record.table, record.id)
        await audit.append(conn, actor, record.action, record.table, str(record.id), None, after)
    return True

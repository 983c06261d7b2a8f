"""Registry records created, replaced and deleted one at a time (OGC API – Features Part 4).

Each editable collection is described once (``RecordEditor``): its table in ``gis.schema``,
the properties an editor may set, its geometry, what depends on its rows. The checks follow
from the table as the importers' do: a code's pattern and a value's vocabulary are the CHECK
constraints' own (``gis.schema.patterns``, ``gis.schema.vocabularies``), a required value is
a NOT NULL column without a default, coordinates reach WGS84 from ``Content-Crs``, and a
point of the stretch lies within the importers' distance of a border section. A collection
with more to do (positions on a section, pairs naming villages) gives hooks.

The caller holds the transaction and the row lock; every write is audited here, the change
feed and the versions follow from the tables' triggers (migrations 0003, 0008, 0018).
"""

from __future__ import annotations

import math
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

import psycopg
from psycopg import sql
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry
from sqlalchemy import ARRAY, Boolean, Column, Date, Float, Integer, Numeric, Table

from gis import db_errors, vocabulary
from gis.audit import Actor, append, snapshot
from gis.crs import OutputCrs
from gis.geometry import to_wgs84
from gis.importers.files import COORD_STATUSES, FAR_FROM_BORDER_M, looks_like_lon_lat
from gis.schema import patterns, vocabularies
from gis.vocabulary import CoordStatus

Conn = psycopg.AsyncConnection[Any]

# Published properties the registry keeps itself: ignored when QGIS sends them back.
KEPT = (
    "source",
    "source_ref",
    "provenance_note",
    "updated_at",
    "valid_from",
    "valid_from_precision",
    "valid_from_ref",
)
PROVENANCE_SET = ("licence", "coord_status")  # provenance an editor gives


class EditRefused(ValueError):
    """A feature that cannot be written: where in the request, and why."""

    def __init__(self, where: str, why: str, status: int = 400) -> None:
        super().__init__(f"{where}: {why}")
        self.where = where
        self.why = why
        self.status = status


class Editor(Protocol):
    """What Part 4's routes need of a collection: its table and key, the properties an
    editor sets, and the four writes (the caller holds the transaction and the lock)."""

    @property
    def table(self) -> str:
        """The table written (the audit trail's entity)."""
        ...

    @property
    def key(self) -> str:
        """The column that is the feature id."""
        ...

    @property
    def editable(self) -> tuple[str, ...]:
        """The properties an editor sets."""
        ...

    def check(self, feature: Any, crs: OutputCrs, key: str | None = None) -> Any:
        """The checked edit of a GeoJSON Feature (``key``: the URL's, for an existing one)."""
        ...

    async def create(self, conn: Conn, actor: Actor, edit: Any) -> str:
        """Write a new record; its feature id."""
        ...

    async def replace(self, conn: Conn, actor: Actor, edit: Any, before: dict[str, Any]) -> None:
        """Overwrite the record ``before`` with ``edit``."""
        ...

    async def delete(self, conn: Conn, actor: Actor, key: str, before: dict[str, Any]) -> None:
        """Remove the record ``before``."""
        ...


# --- geometry ------------------------------------------------------------------------------


def wgs84_position(value: Any, crs: OutputCrs) -> tuple[float, float]:
    """One GeoJSON position in ``crs`` as WGS84 longitude and latitude."""
    if (
        not isinstance(value, list)
        or len(value) not in (2, 3)
        or not all(
            isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
            for v in value
        )
    ):
        raise EditRefused("geometry", "coordinates must be two finite numbers")
    x, y = float(value[0]), float(value[1])
    if crs.lat_first:
        x, y = y, x
    if not crs.is_storage:
        x, y = to_wgs84(crs.srid).transform(x, y)
    if not (math.isfinite(x) and math.isfinite(y) and looks_like_lon_lat(x, y)):
        raise EditRefused(
            "geometry",
            f"({value[0]}, {value[1]}) cannot be read in {crs.uri} (is Content-Crs right?)",
        )
    return x, y


def read_geometry(geometry: Any, crs: OutputCrs, kind: str) -> BaseGeometry | None:
    """A GeoJSON Point or LineString (``kind``) in WGS84; None for a null geometry. A line
    must be valid, with two distinct points at least (as ``cotmoc import lines`` asks)."""
    if geometry is None:
        return None
    if not isinstance(geometry, dict) or geometry.get("type") != kind:
        raise EditRefused("geometry", f"expected a {kind}")
    coordinates = geometry.get("coordinates")
    if kind == "Point":
        return Point(wgs84_position(coordinates, crs))
    if not isinstance(coordinates, list):
        raise EditRefused("geometry", "a LineString's coordinates are a list of positions")
    line = LineString([wgs84_position(c, crs) for c in coordinates]) if coordinates else None
    if line is None or len(set(line.coords)) < 2 or not line.is_valid:
        raise EditRefused("geometry", "invalid line: fewer than two distinct points")
    return line


NEAREST = """
SELECT s.id, s.code, ST_Distance(s.geom::geography, g.geom::geography) AS distance_m
FROM border_sections s, (SELECT ST_GeomFromText(%s, 4326) AS geom) AS g
ORDER BY distance_m LIMIT 1
"""


async def nearest_section(
    conn: Conn, geometry: BaseGeometry, limit_m: float = FAR_FROM_BORDER_M
) -> int | None:
    """The id of the border section nearest ``geometry`` (None when there is none); refused
    beyond ``limit_m``: another place, or a wrong CRS."""
    cursor = await conn.execute(NEAREST, (geometry.wkt,))
    near = await cursor.fetchone()
    if near is None:
        return None
    if near["distance_m"] > limit_m:
        raise EditRefused(
            "geometry",
            f"the geometry lies {near['distance_m'] / 1000:.1f} km from the nearest border "
            f"section (limit {limit_m / 1000:g} km): another place, or a wrong Content-Crs",
        )
    return int(near["id"])


# --- values --------------------------------------------------------------------------------


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def column_value(c: Column[Any], value: Any) -> Any:
    """``value`` as column ``c`` holds it, by the column's type; refused otherwise."""
    where = f"properties.{c.name}"
    kind = c.type
    if isinstance(kind, ARRAY):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise EditRefused(where, "expected a list of strings")
        return value
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise EditRefused(where, "expected true or false")
        return value
    if isinstance(kind, Float | Numeric | Integer):
        if not _is_number(value):
            raise EditRefused(where, "expected a number")
        return value
    if isinstance(kind, Date):
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            raise EditRefused(where, "expected a date (YYYY-MM-DD)") from None
    if not isinstance(value, str):
        raise EditRefused(where, "expected a string")
    return value


def _required(c: Column[Any]) -> bool:
    return not c.nullable and c.server_default is None


@dataclass(frozen=True)
class RecordEdit:
    """A checked record: its key, column values and WGS84 geometry (None: none or derived);
    ``named`` holds the properties a hook resolves (a pair's villages)."""

    key: str
    values: dict[str, Any]
    geometry: BaseGeometry | None = None
    named: dict[str, str] = field(default_factory=dict)


# Hooks: extra column values (and maybe a changed edit) before a write; work after it.
Prepare = Callable[[Conn, RecordEdit, dict[str, Any] | None], Awaitable[RecordEdit]]
After = Callable[[Conn, Actor, RecordEdit, dict[str, Any] | None], Awaitable[None]]


@dataclass(frozen=True)
class Dependent:
    """Rows of ``table`` whose ``column`` refers to the record: it is not deleted while any
    does; ``shown`` names them in the refusal."""

    table: str
    column: str
    what: str
    shown: str = "code"


@dataclass(frozen=True)
class RecordEditor:
    """One editable collection of the registry, described by its table."""

    table_def: Table
    key: str  # the column that is the feature id
    columns: tuple[str, ...]  # the columns an editor sets, published under their names
    geometry: str | None  # the GeoJSON type sent; None: derived, ignored when sent back
    derived: tuple[str, ...] = ()  # published, computed: ignored when sent back
    located: bool = False  # a geometry is required
    near_border_m: float | None = FAR_FROM_BORDER_M  # a point of the stretch
    named: tuple[str, ...] = ()  # required text properties resolved by ``prepare``
    defaults: dict[str, Any] = field(default_factory=dict)
    dependents: tuple[Dependent, ...] = ()
    prepare: Prepare | None = None
    after: After | None = None

    @property
    def table(self) -> str:
        """The table's name (the audit trail's entity)."""
        return str(self.table_def.name)

    @property
    def editable(self) -> tuple[str, ...]:
        """The properties an editor may set."""
        return (*self.columns, *self.named, *PROVENANCE_SET)

    def check(self, feature: Any, crs: OutputCrs, key: str | None = None) -> RecordEdit:
        """Check one GeoJSON Feature (geometry in ``crs``); ``key`` is the URL's, when the
        record exists already (its key cannot change)."""
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise EditRefused("body", "expected a GeoJSON Feature")
        properties = feature.get("properties")
        if not isinstance(properties, dict):
            raise EditRefused("properties", "expected an object")
        unknown = sorted(set(properties) - set(self.editable) - set(self.derived) - set(KEPT))
        if unknown:
            raise EditRefused(
                f"properties.{unknown[0]}",
                f"not a property of {self.table}; editable: {', '.join(self.editable)}",
            )
        values = {
            name: self.defaults.get(name) if properties.get(name) is None else properties[name]
            for name in (*self.columns, *PROVENANCE_SET)
        }
        values[self.key] = self._key(values.get(self.key) or feature.get("id"), key)
        checked = {name: self._value(name, value) for name, value in values.items()}
        named = {name: self._named(name, properties.get(name)) for name in self.named}
        geometry = (
            read_geometry(feature.get("geometry"), crs, self.geometry) if self.geometry else None
        )
        self._check_provenance(checked, geometry)
        return RecordEdit(checked[self.key], checked, geometry, named)

    def _key(self, given: Any, key: str | None) -> Any:
        if key is not None and given not in (None, key):
            raise EditRefused(
                f"properties.{self.key}",
                f"{given!r} is not this feature's {self.key} {key!r}; it cannot be changed",
            )
        return key or given

    def _value(self, name: str, value: Any) -> Any:
        c = self.table_def.columns[name]
        if value is None:
            if _required(c):
                raise EditRefused(f"properties.{name}", f"{self.table} need a {name}")
            return None
        value = column_value(c, value)
        pattern = patterns(self.table_def).get(name)
        if pattern and not _matches(pattern, value):
            raise EditRefused(f"properties.{name}", f"malformed {name} {value!r}: not {pattern}")
        kind = vocabularies(self.table_def).get(name)
        if kind is not None and value not in vocabulary.values(kind):
            raise EditRefused(
                f"properties.{name}",
                f"{name} {value!r} is not one of {', '.join(vocabulary.values(kind))}",
            )
        return value

    def _named(self, name: str, value: Any) -> str:
        if not isinstance(value, str) or not value:
            raise EditRefused(f"properties.{name}", f"{self.table} need a {name} (a string)")
        return value

    def _check_provenance(self, values: dict[str, Any], geometry: BaseGeometry | None) -> None:
        if not values["licence"]:
            raise EditRefused("properties.licence", "every record says under which licence")
        if values["coord_status"] not in COORD_STATUSES:
            raise EditRefused(
                "properties.coord_status",
                f"{values['coord_status']!r} is not one of {', '.join(COORD_STATUSES)}",
            )
        if self.geometry is None:
            return
        if geometry is None and self.located:
            raise EditRefused("geometry", f"a feature of {self.table} has a {self.geometry}")
        if geometry is None and values["coord_status"] != CoordStatus.unknown:
            raise EditRefused(
                "properties.coord_status", "a feature without a geometry has coord_status unknown"
            )

    # --- writes ----------------------------------------------------------------------------

    async def _prepared(
        self, conn: Conn, edit: RecordEdit, before: dict[str, Any] | None
    ) -> RecordEdit:
        if self.geometry is not None and edit.geometry is not None and self.near_border_m:
            await nearest_section(conn, edit.geometry, self.near_border_m)
        return await self.prepare(conn, edit, before) if self.prepare else edit

    def _assignments(self, edit: RecordEdit, actor: Actor, action: str) -> dict[str, Any]:
        """Every column written, provenance included, with the value bound to it."""
        return {
            **edit.values,
            "source": "OGC API – Features Part 4 edit",
            # Each editable table is published as the collection of its name.
            "source_ref": f"/collections/{self.table}/items/{edit.key}",
            "provenance_note": f"{action} by {actor.name} ({actor.role}) through the OGC API",
        }

    def _expression(self, name: str, value: Any) -> sql.Composable:
        c = self.table_def.columns[name]
        if value is None and c.server_default is not None:
            return sql.SQL("DEFAULT")  # an optional list or flag left out: its default
        return sql.Placeholder(name)

    def _geometry_column(self, edit: RecordEdit) -> dict[str, Any]:
        if self.geometry is None:
            return {}
        return {"geom": edit.geometry.wkt if edit.geometry is not None else None}

    async def _write(self, conn: Conn, statement: sql.Composed, params: dict[str, Any]) -> None:
        """Run the write in a savepoint: a value the database refuses leaves nothing behind
        and is the caller's 4xx (a duplicate a 409, as for a code that exists)."""
        try:
            async with conn.transaction():
                await conn.execute(statement, params)
        except psycopg.errors.UniqueViolation as error:
            raise EditRefused("properties", db_errors.reason(error), 409) from error
        except db_errors.VALUE_REFUSED + db_errors.GEOMETRY_REFUSED as error:
            why = f"the database refused it: {db_errors.reason(error)}"
            raise EditRefused("properties", why) from error

    async def create(self, conn: Conn, actor: Actor, edit: RecordEdit) -> str:
        """A new record, audited."""
        if await snapshot(conn, self.table, edit.key, self.key) is not None:
            raise EditRefused(
                f"properties.{self.key}",
                f"{self.table} {edit.key} exists; replace it with PUT",
                409,
            )
        edit = await self._prepared(conn, edit, None)
        params = self._assignments(edit, actor, "Created")
        names = list(params)
        values = [self._expression(n, params[n]) for n in names]
        if self.geometry is not None:
            names.append("geom")
            values.append(sql.SQL("ST_GeomFromText({}, 4326)").format(sql.Placeholder("geom")))
        statement = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
            sql.Identifier(self.table),
            sql.SQL(", ").join(map(sql.Identifier, names)),
            sql.SQL(", ").join(values),
        )
        await self._write(conn, statement, params | self._geometry_column(edit))
        if self.after:
            await self.after(conn, actor, edit, None)
        after = await snapshot(conn, self.table, edit.key, self.key)
        await append(conn, actor, "create", self.table, edit.key, None, after)
        return edit.key

    async def replace(
        self, conn: Conn, actor: Actor, edit: RecordEdit, before: dict[str, Any]
    ) -> None:
        """The record's geometry and values as ``edit`` says, audited."""
        edit = await self._prepared(conn, edit, before)
        params = self._assignments(edit, actor, "Edited")
        sets = [
            sql.SQL("{} = {}").format(sql.Identifier(n), self._expression(n, v))
            for n, v in params.items()
            if n != self.key
        ]
        if self.geometry is not None:
            sets.append(sql.SQL("geom = ST_GeomFromText({}, 4326)").format(sql.Placeholder("geom")))
        statement = sql.SQL("UPDATE {} SET {} WHERE {} = {}").format(
            sql.Identifier(self.table),
            sql.SQL(", ").join(sets),
            sql.Identifier(self.key),
            sql.Placeholder(self.key),
        )
        await self._write(conn, statement, params | self._geometry_column(edit))
        if self.after:
            await self.after(conn, actor, edit, before)
        after = await snapshot(conn, self.table, edit.key, self.key)
        await append(conn, actor, "update", self.table, edit.key, before, after)

    async def delete(self, conn: Conn, actor: Actor, key: str, before: dict[str, Any]) -> None:
        """The record removed, audited; refused (409) while other records refer to it."""
        for dependent in self.dependents:
            cursor = await conn.execute(
                sql.SQL("SELECT {} AS shown FROM {} WHERE {} = %s ORDER BY 1 LIMIT 6").format(
                    sql.SQL(dependent.shown),
                    sql.Identifier(dependent.table),
                    sql.Identifier(dependent.column),
                ),
                (before["id"],),
            )
            shown = [str(row["shown"]) for row in await cursor.fetchall()]
            if shown:
                listed = ", ".join(shown[:5]) + (" …" if len(shown) > 5 else "")
                raise EditRefused(
                    self.table,
                    f"{self.table} {key} has {dependent.what} ({listed}): "
                    "delete or change them first",
                    409,
                )
        await conn.execute(
            sql.SQL("DELETE FROM {} WHERE {} = %s").format(
                sql.Identifier(self.table), sql.Identifier(self.key)
            ),
            (key,),
        )
        await append(conn, actor, "delete", self.table, key, before, None)


def _matches(pattern: str, value: Any) -> bool:
    return isinstance(value, str) and re.search(pattern, value) is not None

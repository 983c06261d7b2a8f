"""Markers created, replaced, patched and deleted one at a time (OGC API – Features Part 4).

A feature sent by an editor (QGIS) is checked as ``cotmoc import markers`` checks a row:
the code's pattern, a point that reaches WGS84 from its CRS, the vocabularies, a licence,
and a point within the importer's distance of a border section. The writes reuse the
importer's chainage and position SQL; the caller holds the transaction and the row lock.

A marker with a binding legal position keeps it as its point (migration 0017): an edit may
change its other values but not move it, and a marker with legal positions is not deleted.
Every write is versioned by the registry's triggers like an import (migration 0018).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import psycopg
from sqlalchemy import Column

from gis.audit import Actor, append, snapshot
from gis.crs import OutputCrs
from gis.edits import EditRefused, wgs84_position
from gis.importers.files import COORD_STATUSES, FAR_FROM_BORDER_M
from gis.importers.markers import (
    CHAINAGE,
    INSERT_MARKER,
    INSERT_POSITION,
    MARKER_CODE,
    NEAREST_SECTION,
    POINT,
    POSITION_SUFFIX,
    SOURCE_VALUES,
    UPDATE_KIND,
    check_choices,
    given_or,
    given_or_default,
    source_parameters,
    status_version_bump,
)
from gis.vocabulary import MarkerCoordStatus

# What an editor may set; the other published properties are derived (chainage, section,
# position, aliases) or kept by the registry (id status, provenance, times) and are ignored
# when QGIS sends them back unchanged.
EDITABLE = ("code", *SOURCE_VALUES, "licence", "coord_status")
DERIVED = (
    "position",
    "chainage_m",
    "section",
    "aliases",
    "id_status",
    "source",
    "source_ref",
    "provenance_note",
    "updated_at",
    "valid_from",
    "valid_from_precision",
    "valid_from_ref",
)
# A point sent back as GET wrote it (7 decimals) is the legal point if it is this close.
LEGAL_POINT_TOLERANCE_M = 0.05
KEEP_LEGAL = (
    "record the reading as a survey (cotmoc import markers --as survey); the legal position "
    "changes only by a new instrument (--as legal)"
)


@dataclass(frozen=True)
class MarkerEdit:
    """A checked marker: its code, WGS84 point and editable values."""

    code: str
    lon: float
    lat: float
    licence: str
    coord_status: str
    values: dict[str, str | None] = field(default_factory=dict)  # the SOURCE_VALUES given

    @property
    def position(self) -> str:
        """The number of the position the marker stands at (its code without the suffix)."""
        return POSITION_SUFFIX.sub("", self.code)


def _point(geometry: Any, crs: OutputCrs) -> tuple[float, float]:
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        raise EditRefused("geometry", "a marker is a Point")
    return wgs84_position(geometry.get("coordinates"), crs)


def marker_from_feature(feature: Any, crs: OutputCrs, code: str | None = None) -> MarkerEdit:
    """Check one GeoJSON Feature (geometry in ``crs``); ``code`` is the URL's, when the
    marker exists already (its code cannot change)."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise EditRefused("body", "expected a GeoJSON Feature")
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        raise EditRefused("properties", "expected an object")
    unknown = sorted(set(properties) - set(EDITABLE) - set(DERIVED))
    if unknown:
        raise EditRefused(
            f"properties.{unknown[0]}", f"not a marker property; editable: {', '.join(EDITABLE)}"
        )
    values = {name: properties.get(name) for name in EDITABLE}
    for name, value in values.items():
        if value is not None and not isinstance(value, str):
            raise EditRefused(f"properties.{name}", "expected a string")
    given = values["code"] or feature.get("id")
    if code is not None and given not in (None, code):
        raise EditRefused(
            "properties.code",
            f"'{given}' is not this marker's code '{code}'; a code cannot be changed",
        )
    given = code or given
    if not isinstance(given, str) or not MARKER_CODE.match(given):
        raise EditRefused(
            "properties.code",
            f"malformed marker code {given!r}: expected e.g. 585, 606(1), 576+865m or 590/1",
        )
    problem = check_choices(values)
    if problem:
        raise EditRefused("properties", problem)
    if not values["licence"]:
        raise EditRefused("properties.licence", "every record says under which licence")
    # "legal" comes back from GET for a marker drawn at its binding legal position; only
    # such a marker may keep it (see replace).
    if values["coord_status"] not in (*COORD_STATUSES, MarkerCoordStatus.legal):
        raise EditRefused(
            "properties.coord_status",
            f"{values['coord_status']!r} is not one of {', '.join(COORD_STATUSES)}",
        )
    lon, lat = _point(feature.get("geometry"), crs)
    return MarkerEdit(
        given,
        lon,
        lat,
        values["licence"],
        values["coord_status"],
        {name: values[name] for name in SOURCE_VALUES},
    )


async def nearest_section(conn: psycopg.AsyncConnection[Any], edit: MarkerEdit) -> int:
    """The id of the border section nearest the point; refused beyond the importer's limit."""
    cursor = await conn.execute(NEAREST_SECTION, ([0], [edit.lon], [edit.lat]))
    near = await cursor.fetchone()
    if near is None:
        raise EditRefused("geometry", "the registry holds no border section", 409)
    if near["distance_m"] > FAR_FROM_BORDER_M:
        raise EditRefused(
            "geometry",
            f"({edit.lon:.6f}, {edit.lat:.6f}) is "
            f"{near['distance_m'] / 1000:.1f} km from the nearest "
            f"border section (limit {FAR_FROM_BORDER_M / 1000:g} km)",
        )
    return int(near["id"])


def _replaced(c: Column[Any]) -> str:
    # A replaced marker keeps its type unless one is given; other values not given reset.
    return "m.type" if c.name == "type" else given_or_default(c)


REPLACE_MARKER = f"""
UPDATE markers m SET registry_geom = pt.geom, chainage_m = {CHAINAGE},
    {given_or(_replaced)}, {status_version_bump(_replaced)}, licence = %(licence)s,
    coord_status = %(coord_status)s, source = %(source)s, source_ref = %(source_ref)s,
    provenance_note = %(note)s
FROM {POINT}, marker_positions p JOIN border_sections s ON s.id = p.section_id
WHERE m.code = %(code)s AND p.id = m.position_id
"""  # noqa: S608 (composed of constants; every value is a bound parameter)


def _parameters(edit: MarkerEdit, actor: Actor, section_id: int) -> dict[str, Any]:
    return {
        "code": edit.code,
        "position": edit.position,
        "lon": edit.lon,
        "lat": edit.lat,
        **source_parameters(edit.values, edit.position),
        "section_id": section_id,
        "licence": edit.licence,
        "coord_status": edit.coord_status,
        "position_coord_status": edit.coord_status,  # a new position takes the marker's point
        "source": "OGC API – Features Part 4 edit",
        "source_ref": f"/collections/markers/items/{edit.code}",
        "note": f"Edited by {actor.name} ({actor.role}) through the OGC API",
    }


async def create(conn: psycopg.AsyncConnection[Any], actor: Actor, edit: MarkerEdit) -> None:
    """A new marker (and its position when the number is new), audited."""
    if await snapshot(conn, "markers", edit.code, "code") is not None:
        raise EditRefused("properties.code", f"marker {edit.code} exists; replace it with PUT", 409)
    if edit.coord_status == MarkerCoordStatus.legal:
        raise EditRefused(
            "properties.coord_status", f"a new marker has no legal position; {KEEP_LEGAL}"
        )
    params = _parameters(edit, actor, await nearest_section(conn, edit))
    params["note"] = f"Created by {actor.name} ({actor.role}) through the OGC API"
    found = await conn.execute("SELECT 1 FROM marker_positions WHERE number = %s", (edit.position,))
    if await found.fetchone() is None:
        await conn.execute(INSERT_POSITION, params)
    await conn.execute(INSERT_MARKER, params)
    await conn.execute(UPDATE_KIND, params)
    await append(
        conn,
        actor,
        "create",
        "markers",
        edit.code,
        None,
        await snapshot(conn, "markers", edit.code, "code"),
    )


async def replace(
    conn: psycopg.AsyncConnection[Any], actor: Actor, edit: MarkerEdit, before: dict[str, Any]
) -> None:
    """The marker's point and values as ``edit`` says (chainage recomputed), audited; a
    marker with a binding legal position keeps that point."""
    await nearest_section(conn, edit)
    params = _parameters(edit, actor, 0)
    legal = await _binding_point(conn, edit)
    if legal is not None:
        # The exact legal point, not its rounded copy, so the registry keeps drawing it.
        params |= {"lon": legal["lon"], "lat": legal["lat"]}
    elif edit.coord_status == MarkerCoordStatus.legal:
        raise EditRefused(
            "properties.coord_status", f"marker {edit.code} has no binding legal position"
        )
    await conn.execute(REPLACE_MARKER, params)
    await append(
        conn,
        actor,
        "update",
        "markers",
        edit.code,
        before,
        await snapshot(conn, "markers", edit.code, "code"),
    )


BINDING_POINT = """
SELECT l.instrument, ST_X(l.geom) AS lon, ST_Y(l.geom) AS lat,
       ST_Distance(l.geom::geography,
                   ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326)::geography) AS moved_m
FROM legal_positions l JOIN markers m ON m.id = l.marker_id
WHERE m.code = %(code)s AND l.state = 'binding'
"""


async def _binding_point(
    conn: psycopg.AsyncConnection[Any], edit: MarkerEdit
) -> dict[str, Any] | None:
    """The marker's binding legal point, when it has one; an edit that moves it (or calls
    it anything but legal) is refused: a reading never overwrites the legal record."""
    cursor = await conn.execute(
        BINDING_POINT, {"code": edit.code, "lon": edit.lon, "lat": edit.lat}
    )
    legal = await cursor.fetchone()
    if legal is None:
        return None
    if legal["moved_m"] > LEGAL_POINT_TOLERANCE_M:
        raise EditRefused(
            "geometry",
            f"marker {edit.code} stands in law where {legal['instrument']} puts it; the point "
            f"sent is {legal['moved_m']:.2f} m away: {KEEP_LEGAL}",
            409,
        )
    if edit.coord_status != MarkerCoordStatus.legal:
        raise EditRefused(
            "properties.coord_status",
            f"marker {edit.code} is drawn at its binding legal position (coord_status legal); "
            f"{KEEP_LEGAL}",
            409,
        )
    return dict(legal)


async def delete(
    conn: psycopg.AsyncConnection[Any], actor: Actor, code: str, before: dict[str, Any]
) -> None:
    """The marker removed (refused while maintenance or inspections refer to it), audited."""
    try:
        async with conn.transaction():
            await conn.execute("DELETE FROM markers WHERE code = %s", (code,))
    except psycopg.errors.ForeignKeyViolation as error:
        held_by = (
            "positions in the legal register"
            if error.diag.constraint_name == "legal_positions_marker_id_fkey"
            else "maintenance or inspection records"
        )
        raise EditRefused(
            "marker", f"marker {code} has {held_by}; it cannot be deleted", 409
        ) from None
    await conn.execute(UPDATE_KIND, {"position": POSITION_SUFFIX.sub("", code)})
    await append(conn, actor, "delete", "markers", code, before, None)

"""Markers created, replaced, patched and deleted one at a time (OGC API – Features Part 4).

A feature sent by an editor (QGIS) is checked as ``cotmoc import markers`` checks a row:
the code's pattern, a point that reaches WGS84 from its CRS, the vocabularies, a licence,
and a point within the importer's distance of a border section. The writes reuse the
importer's chainage and position SQL; the caller holds the transaction and the row lock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import psycopg

from gis.audit import Actor, append, snapshot
from gis.crs import OutputCrs
from gis.geometry import to_wgs84
from gis.importers.files import COORD_STATUSES, FAR_FROM_BORDER_M, looks_like_lon_lat
from gis.importers.markers import (
    CHAINAGE,
    INSERT_MARKER,
    INSERT_POSITION,
    MARKER_CODE,
    NEAREST_SECTION,
    POINT,
    POSITION_SUFFIX,
    UPDATE_KIND,
    check_choices,
)

# What an editor may set; the other published properties are derived (chainage, section,
# position, aliases) or kept by the registry (id status, provenance, times) and are ignored
# when QGIS sends them back unchanged.
EDITABLE = ("code", "type", "status", "maintained_by", "licence", "coord_status")
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
)


class EditRefused(ValueError):
    """A feature that cannot be written: where in the request, and why."""

    def __init__(self, where: str, why: str, status: int = 400) -> None:
        super().__init__(f"{where}: {why}")
        self.where = where
        self.why = why
        self.status = status


@dataclass(frozen=True)
class MarkerEdit:
    """A checked marker: its code, WGS84 point and editable values."""

    code: str
    lon: float
    lat: float
    licence: str
    coord_status: str
    type: str | None = None
    maintained_by: str | None = None
    status: str | None = None

    @property
    def position(self) -> str:
        """The number of the position the marker stands at (its code without the suffix)."""
        return POSITION_SUFFIX.sub("", self.code)


def _point(geometry: Any, crs: OutputCrs) -> tuple[float, float]:
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        raise EditRefused("geometry", "a marker is a Point")
    coordinates = geometry.get("coordinates")
    if (
        not isinstance(coordinates, list)
        or len(coordinates) not in (2, 3)
        or not all(
            isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
            for v in coordinates
        )
    ):
        raise EditRefused("geometry", "coordinates must be two finite numbers")
    x, y = float(coordinates[0]), float(coordinates[1])
    if crs.lat_first:
        x, y = y, x
    if not crs.is_storage:
        x, y = to_wgs84(crs.srid).transform(x, y)
    if not (math.isfinite(x) and math.isfinite(y) and looks_like_lon_lat(x, y)):
        raise EditRefused(
            "geometry",
            f"({coordinates[0]}, {coordinates[1]}) cannot be read "
            f"in {crs.uri} (is Content-Crs right?)",
        )
    return x, y


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
    problem = check_choices({k: values[k] for k in ("type", "maintained_by", "status")})
    if problem:
        raise EditRefused("properties", problem)
    if not values["licence"]:
        raise EditRefused("properties.licence", "every record says under which licence")
    if values["coord_status"] not in COORD_STATUSES:
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
        values["type"],
        values["maintained_by"],
        values["status"],
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


REPLACE_MARKER = f"""
UPDATE markers m SET registry_geom = pt.geom, chainage_m = {CHAINAGE},
    type = coalesce(%(type)s, m.type), maintained_by = coalesce(%(maintained_by)s, 'unknown'),
    status = coalesce(%(status)s, 'unknown'), licence = %(licence)s,
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
        "type": edit.type,
        "maintained_by": edit.maintained_by,
        "status": edit.status,
        "new_type": edit.type or ("reference_stake" if "/" in edit.position else "boundary_marker"),
        "section_id": section_id,
        "licence": edit.licence,
        "coord_status": edit.coord_status,
        "source": "OGC API – Features Part 4 edit",
        "source_ref": f"/collections/markers/items/{edit.code}",
        "note": f"Edited by {actor.name} ({actor.role}) through the OGC API",
    }


async def create(conn: psycopg.AsyncConnection[Any], actor: Actor, edit: MarkerEdit) -> None:
    """A new marker (and its position when the number is new), audited."""
    if await snapshot(conn, "markers", edit.code, "code") is not None:
        raise EditRefused("properties.code", f"marker {edit.code} exists; replace it with PUT", 409)
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
    """The marker's point and values as ``edit`` says (chainage recomputed), audited."""
    await nearest_section(conn, edit)
    await conn.execute(REPLACE_MARKER, _parameters(edit, actor, 0))
    await append(
        conn,
        actor,
        "update",
        "markers",
        edit.code,
        before,
        await snapshot(conn, "markers", edit.code, "code"),
    )


async def delete(
    conn: psycopg.AsyncConnection[Any], actor: Actor, code: str, before: dict[str, Any]
) -> None:
    """The marker removed (refused while maintenance or inspections refer to it), audited."""
    try:
        async with conn.transaction():
            await conn.execute("DELETE FROM markers WHERE code = %s", (code,))
    except psycopg.errors.ForeignKeyViolation:
        raise EditRefused(
            "marker",
            f"marker {code} has maintenance or inspection records; it cannot be deleted",
            409,
        ) from None
    await conn.execute(UPDATE_KIND, {"position": POSITION_SUFFIX.sub("", code)})
    await append(conn, actor, "delete", "markers", code, before, None)

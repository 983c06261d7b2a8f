"""The registry collections Part 4 edits, one description each (``EDITORS``).

Markers keep their own module (``gis.marker_edits``: legal positions, positions created with
them); the others are ``RecordEditor`` descriptions of their tables, with hooks where a write
does more: a position sits on its nearest section with a chainage and takes its markers
along, a section's line runs the way the old one ran, a pair names two villages.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import orjson

from gis import marker_edits
from gis.audit import Actor, append, snapshot
from gis.crs import OutputCrs
from gis.edits import (
    Conn,
    Dependent,
    Editor,
    EditRefused,
    RecordEdit,
    RecordEditor,
    nearest_section,
)
from gis.importers.files import FAR_FROM_BORDER_M
from gis.importers.markers import CHAINAGE
from gis.marker_edits import LEGAL_POINT_TOLERANCE_M, MarkerEdit
from gis.schema import border_sections, gates, marker_positions, village_pairs, villages
from gis.vocabulary import Country, IdStatus, PositionKind

# Villages of the border communes lie back from the line: a village further than this is
# in another province, or its coordinates were read in the wrong CRS.
VILLAGE_FROM_BORDER_M = 4 * FAR_FROM_BORDER_M


@dataclass(frozen=True)
class MarkerEditor:
    """Markers through ``gis.marker_edits``, behind the same four writes."""

    table: str = "markers"
    key: str = "code"
    editable: tuple[str, ...] = marker_edits.EDITABLE

    def check(self, feature: Any, crs: OutputCrs, key: str | None = None) -> MarkerEdit:
        """The checked marker (``marker_edits.marker_from_feature``)."""
        return marker_edits.marker_from_feature(feature, crs, key)

    async def create(self, conn: Conn, actor: Actor, edit: MarkerEdit) -> str:
        """A new marker; its code."""
        await marker_edits.create(conn, actor, edit)
        return edit.code

    async def replace(
        self, conn: Conn, actor: Actor, edit: MarkerEdit, before: dict[str, Any]
    ) -> None:
        """The marker as ``edit`` says."""
        await marker_edits.replace(conn, actor, edit, before)

    async def delete(self, conn: Conn, actor: Actor, key: str, before: dict[str, Any]) -> None:
        """The marker removed."""
        await marker_edits.delete(conn, actor, key, before)


# --- marker positions ----------------------------------------------------------------------

POSITION_CHAINAGE = f"""
SELECT {CHAINAGE} AS chainage_m
FROM (SELECT ST_GeomFromText(%(wkt)s, 4326) AS geom) AS pt, border_sections s
WHERE s.id = %(section_id)s
"""  # noqa: S608 (constants; every value is a bound parameter)


async def place_position(conn: Conn, edit: RecordEdit, before: dict[str, Any] | None) -> RecordEdit:
    """A position on its nearest border section, at the chainage the importer computes."""
    assert edit.geometry is not None  # positions are located
    section_id = await nearest_section(conn, edit.geometry)
    if section_id is None:
        raise EditRefused("geometry", "the registry holds no border section", 409)
    cursor = await conn.execute(
        POSITION_CHAINAGE, {"wkt": edit.geometry.wkt, "section_id": section_id}
    )
    row = await cursor.fetchone()
    assert row is not None
    placed = {"section_id": section_id, "chainage_m": row["chainage_m"]}
    if before is None:
        placed["kind"] = PositionKind.single  # counted again as markers join it
    return replace(edit, values=edit.values | placed)


# A marker drawn at its position (the seed's interpolated points, a marker created with its
# position) moves with it; a marker with a point of its own (surveyed, legal) stays. A
# position sent back as GET wrote it (7 decimals) has not moved.
FOLLOW_POSITION = """
UPDATE markers m SET registry_geom = p.geom
FROM marker_positions p, (SELECT ST_SetSRID(ST_GeomFromGeoJSON(%(old)s), 4326) AS geom) AS old
WHERE p.number = %(number)s AND m.position_id = p.id AND m.coord_status <> 'legal'
  AND ST_DWithin(m.registry_geom::geography, old.geom::geography, %(tolerance)s)
  AND NOT ST_DWithin(p.geom::geography, old.geom::geography, %(tolerance)s)
"""
# Every marker's chainage on its position's (maybe new) section, as the importer computes it.
MARKER_CHAINAGES = f"""
UPDATE markers m SET chainage_m = c.chainage_m
FROM (SELECT m2.id, {CHAINAGE} AS chainage_m
      FROM markers m2 JOIN marker_positions p ON p.id = m2.position_id
      JOIN border_sections s ON s.id = p.section_id
      CROSS JOIN LATERAL (SELECT m2.registry_geom AS geom) AS pt
      WHERE p.number = %(number)s AND m2.registry_geom IS NOT NULL) AS c
WHERE m.id = c.id AND m.chainage_m IS DISTINCT FROM c.chainage_m
"""  # noqa: S608


async def move_markers(
    conn: Conn, actor: Actor, edit: RecordEdit, before: dict[str, Any] | None
) -> None:
    """After a position moved: its markers follow (chainage recomputed), each audited."""
    if before is None or before.get("geom") is None:
        return
    cursor = await conn.execute(
        "SELECT m.code FROM markers m JOIN marker_positions p ON p.id = m.position_id "
        "WHERE p.number = %s ORDER BY m.code",
        (edit.key,),
    )
    codes = [row["code"] for row in await cursor.fetchall()]
    earlier = {code: await snapshot(conn, "markers", code, "code") for code in codes}
    params = {
        "number": edit.key,
        "old": orjson.dumps(before["geom"]).decode(),
        "tolerance": LEGAL_POINT_TOLERANCE_M,
    }
    await conn.execute(FOLLOW_POSITION, params)
    await conn.execute(MARKER_CHAINAGES, params)
    for code, was in earlier.items():
        now = await snapshot(conn, "markers", code, "code")
        if now != was:
            await append(conn, actor, "update", "markers", code, was, now)


# --- border sections -----------------------------------------------------------------------

SECTION_LINE = """
SELECT ST_Distance(s.geom::geography, new.geom::geography) AS distance_m,
       ST_Distance(ST_StartPoint(new.geom)::geography, ST_StartPoint(s.geom)::geography)
         > ST_Distance(ST_StartPoint(new.geom)::geography, ST_EndPoint(s.geom)::geography)
         AS reversed
FROM border_sections s, (SELECT ST_GeomFromText(%(wkt)s, 4326) AS geom) AS new
WHERE s.code = %(code)s
"""


async def orient_section(conn: Conn, edit: RecordEdit, before: dict[str, Any] | None) -> RecordEdit:
    """A new section lies by the others; a replaced line lies by the old one and is turned
    to run the same way (``cotmoc import lines``), so chainage counts from the same end."""
    assert edit.geometry is not None  # sections are located
    if before is None:
        await nearest_section(conn, edit.geometry)
        return edit
    cursor = await conn.execute(SECTION_LINE, {"wkt": edit.geometry.wkt, "code": edit.key})
    found = await cursor.fetchone()
    assert found is not None  # the caller holds the row
    if found["distance_m"] > FAR_FROM_BORDER_M:
        raise EditRefused(
            "geometry",
            f"the line lies {found['distance_m'] / 1000:.1f} km from section {edit.key} "
            f"(limit {FAR_FROM_BORDER_M / 1000:g} km): another place, or a wrong Content-Crs",
        )
    if found["reversed"]:
        return replace(edit, geometry=edit.geometry.reverse())
    return edit


# --- village pairs -------------------------------------------------------------------------


async def _village(conn: Conn, name: str, country: Country) -> int:
    """The id of the village of ``country`` whose code (or else name) is ``name``."""
    where = "properties.vn_village" if country == Country.VN else "properties.la_village"
    cursor = await conn.execute(
        "SELECT id, code, country FROM villages WHERE code = %(name)s "
        "UNION ALL SELECT id, code, country FROM villages WHERE name = %(name)s "
        "AND NOT EXISTS (SELECT 1 FROM villages WHERE code = %(name)s)",
        {"name": name},
    )
    found = await cursor.fetchall()
    if not found:
        raise EditRefused(where, f"no village {name!r} (give its code or name)")
    if len(found) > 1:
        codes = ", ".join(row["code"] for row in found)
        raise EditRefused(where, f"{name!r} names several villages ({codes}): give the code")
    if found[0]["country"] != country:
        raise EditRefused(where, f"village {found[0]['code']} is not in {country}")
    return int(found[0]["id"])


async def name_villages(conn: Conn, edit: RecordEdit, before: dict[str, Any] | None) -> RecordEdit:
    """The pair's two villages, which must exist: the Vietnamese one and the Lao one."""
    ids = {
        "vn_village_id": await _village(conn, edit.named["vn_village"], Country.VN),
        "la_village_id": await _village(conn, edit.named["la_village"], Country.LA),
    }
    return replace(edit, values=edit.values | ids)


EDITORS: dict[str, Editor] = {
    "markers": MarkerEditor(),
    "gates": RecordEditor(
        gates,
        "code",
        ("code", "vn_name", "la_name", "aliases", "type", "planned_type", "vn_place", "la_place"),
        "Point",
        dependents=(Dependent("gate_events", "gate_id", "events", "kind"),),
    ),
    "villages": RecordEditor(
        villages,
        "code",
        ("code", "name", "country", "admin_unit", "aliases"),
        "Point",
        near_border_m=VILLAGE_FROM_BORDER_M,
        dependents=(
            Dependent("village_pairs", "vn_village_id", "twinned pairs"),
            Dependent("village_pairs", "la_village_id", "twinned pairs"),
        ),
    ),
    "village_pairs": RecordEditor(
        village_pairs,
        "code",
        ("code", "twinned_on", "date_precision", "pilot", "pact"),
        None,  # drawn between its villages
        named=("vn_village", "la_village"),
        prepare=name_villages,
    ),
    "marker_positions": RecordEditor(
        marker_positions,
        "number",
        ("number", "id_status"),
        "Point",
        derived=("chainage_m", "kind", "section", "marker_count"),
        located=True,
        defaults={"id_status": IdStatus.official},
        dependents=(Dependent("markers", "position_id", "markers"),),
        prepare=place_position,
        after=move_markers,
    ),
    "border_sections": RecordEditor(
        border_sections,
        "code",
        (
            "code",
            "name",
            "vn_unit",
            "la_unit",
            "official_length_m",
            "official_length_ref",
            "first_marker",
            "last_marker",
        ),
        "LineString",
        derived=("measured_length_m",),
        located=True,
        near_border_m=None,  # measured from the line it replaces (orient_section)
        dependents=(
            Dependent("marker_positions", "section_id", "marker positions", "number"),
            Dependent("border_events", "section_id", "border events"),
        ),
        prepare=orient_section,
    ),
}

"""Load the default data into a migrated database, once: a second load adds nothing.

Existing rows are never overwritten, so markers that an import has replaced with surveyed
positions stay as imported.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import psycopg

from gis.geometry import point_along
from gis.seed import facts
from gis.seed.markers import OFFICIAL_LENGTH_M, savannakhet_layout
from gis.seed.sources import FACT_LICENCE, NATURAL_EARTH_LICENCE, SOURCE_DOCUMENTS, ref

BORDER_FILE = "border_quangtri_ne10m.geojson"
SEED_NAMESPACE = uuid.UUID("8f0c5a52-3d3e-4c55-9a55-6b1f0e0c0e01")
LAYOUT_SOURCE = (
    "Illustrative layout (rule in gis/seed/markers.py) placed on the Natural Earth 1:10m line"
)
LAYOUT_NOTE = "Interpolated: placed by official chainage scaled onto the measured line; {id_note}"
DAMAGED_2020 = frozenset({"585", "606(1)", "607(1)"})


@dataclass
class LoadReport:
    """How many rows each table received (zero everywhere on a second load)."""

    inserted: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, count: int) -> None:
        """Count ``count`` rows inserted into ``table``."""
        self.inserted[table] = self.inserted.get(table, 0) + count


def border_lines() -> dict[str, dict[str, Any]]:
    """The shipped border GeoJSON features keyed by section code."""
    text = resources.files("gis.seed").joinpath("data", BORDER_FILE).read_text("utf-8")
    return {f["properties"]["section"]: f for f in json.loads(text)["features"]}


def _insert(
    cur: psycopg.Cursor[Any],
    table: str,
    row: dict[str, Any],
    conflict: str,
    report: LoadReport,
    geometry: dict[str, str] | None = None,
    conflict_where: str | None = None,
) -> None:
    """INSERT one row unless its key exists; ``geometry`` maps columns to EWKT values;
    ``conflict_where`` names the predicate of a partial unique index that is the key."""
    columns = list(row) + list(geometry or {})
    values = ["%s"] * len(row) + ["ST_GeomFromEWKT(%s)"] * len(geometry or {})
    key = f"({conflict})" + (f" WHERE {conflict_where}" if conflict_where else "")
    cur.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(values)}) "  # noqa: S608
        f"ON CONFLICT {key} DO NOTHING",
        [*row.values(), *(geometry or {}).values()],
    )
    report.add(table, cur.rowcount)


def _point(lon_lat: tuple[float, float] | None) -> str | None:
    return None if lon_lat is None else f"SRID=4326;POINT({lon_lat[0]} {lon_lat[1]})"


def _line(coords: list[list[float]]) -> str:
    return "SRID=4326;LINESTRING(" + ", ".join(f"{x} {y}" for x, y in coords) + ")"


def _id_of(cur: psycopg.Cursor[Any], table: str, column: str, value: str) -> int:
    cur.execute(f"SELECT id FROM {table} WHERE {column} = %s", (value,))  # noqa: S608
    row = cur.fetchone()
    assert row is not None, f"{table}.{column} = {value} missing after insert"
    return int(row["id"] if isinstance(row, dict) else row[0])


def load_sections(cur: psycopg.Cursor[Any], report: LoadReport) -> None:
    """Insert the border sections with their lines (a section already there is kept)."""
    lines = border_lines()
    for section in facts.SECTIONS:
        coords = lines[section["code"]]["geometry"]["coordinates"]
        _insert(cur, "border_sections", section, "code", report, {"geom": _line(coords)})


def load_markers(cur: psycopg.Cursor[Any], report: LoadReport) -> None:
    """Positions and markers of the Savannakhet section, by the documented rule."""
    cur.execute("SELECT id, measured_length_m FROM border_sections WHERE code = 'savannakhet'")
    section = cur.fetchone()
    assert section is not None
    coords = [tuple(c) for c in border_lines()["savannakhet"]["geometry"]["coordinates"]]
    scale = section["measured_length_m"] / OFFICIAL_LENGTH_M
    for position in savannakhet_layout():
        point = _point(point_along(coords, position.chainage_m * scale))
        provenance = {
            "source": LAYOUT_SOURCE,
            "licence": f"{FACT_LICENCE}; line: {NATURAL_EARTH_LICENCE}",
            "coord_status": "interpolated",
        }
        _insert(
            cur,
            "marker_positions",
            {
                "section_id": section["id"],
                "number": position.number,
                "chainage_m": position.chainage_m,
                "kind": position.kind,
                "id_status": position.id_status,
                "source_ref": ref(facts.H, 319),
                **provenance,
                "provenance_note": LAYOUT_NOTE.format(
                    id_note=f"position number {position.id_status}"
                ),
            },
            "number",
            report,
            {"geom": point} if point else None,
        )
        position_id = _id_of(cur, "marker_positions", "number", position.number)
        for marker in position.markers:
            known_from_letter = marker.code in DAMAGED_2020
            _insert(
                cur,
                "markers",
                {
                    "code": marker.code,
                    "position_id": position_id,
                    "type": marker.type,
                    "chainage_m": position.chainage_m,
                    "maintained_by": "unknown",
                    "status": "damaged" if known_from_letter else "unknown",
                    "id_status": marker.id_status,
                    "source_ref": ref(facts.DOC_LETTER_6452, 40)
                    if known_from_letter
                    else ref(facts.H, 319),
                    **provenance,
                    "provenance_note": LAYOUT_NOTE.format(
                        id_note="identifier official"
                        if marker.id_status == "official"
                        else "identifier illustrative, not an official marker number"
                    ),
                },
                "code",
                report,
                {"registry_geom": point} if point else None,
            )
    for alias in facts.LEGACY_ALIASES:
        _insert(
            cur,
            "marker_aliases",
            {
                "alias": alias,
                "marker_id": None,
                "kind": "legacy",
                "source": SOURCE_DOCUMENTS,
                "source_ref": ref(facts.H, 553),
                "licence": FACT_LICENCE,
                "coord_status": "unknown",
                "provenance_note": "Legacy id from before densification; "
                "not yet mapped to a marker",
            },
            "alias",
            report,
        )


def load_gates(cur: psycopg.Cursor[Any], report: LoadReport) -> None:
    """Insert the border gates and their events."""
    for gate in facts.GATES:
        row = {k: v for k, v in gate.items() if k not in ("point", "events")}
        point = _point(gate["point"])
        _insert(cur, "gates", row, "code", report, {"geom": point} if point else None)
        gate_id = _id_of(cur, "gates", "code", gate["code"])
        for kind, when, precision, description, line in gate["events"]:
            document, line_no = line if isinstance(line, tuple) else (facts.H, line)
            _insert(
                cur,
                "gate_events",
                {
                    "gate_id": gate_id,
                    "kind": kind,
                    "event_on": when,
                    "date_precision": precision,
                    "description": description,
                    "source": SOURCE_DOCUMENTS,
                    "source_ref": ref(document, line_no),
                    "licence": FACT_LICENCE,
                    "coord_status": "unknown",
                },
                "gate_id, kind, description",
                report,
            )


def load_villages(cur: psycopg.Cursor[Any], report: LoadReport) -> None:
    """Insert the villages, the twinned pairs and the stated facts."""
    for village in facts.VILLAGES:
        _insert(
            cur,
            "villages",
            {
                **village,
                "source": SOURCE_DOCUMENTS,
                "licence": FACT_LICENCE,
                "coord_status": "unknown",
                "provenance_note": "No open coordinate found.",
            },
            "code",
            report,
        )
    for pair in facts.VILLAGE_PAIRS:
        row = {k: v for k, v in pair.items() if k not in ("vn", "la")}
        _insert(
            cur,
            "village_pairs",
            {
                **row,
                "vn_village_id": _id_of(cur, "villages", "code", pair["vn"]),
                "la_village_id": _id_of(cur, "villages", "code", pair["la"]),
                "source": SOURCE_DOCUMENTS,
                "licence": FACT_LICENCE,
                "coord_status": "unknown",
            },
            "code",
            report,
        )
    for fact in facts.FACTS:
        _insert(
            cur,
            "facts",
            {
                **fact,
                "source": SOURCE_DOCUMENTS,
                "licence": FACT_LICENCE,
                "coord_status": "unknown",
            },
            "key",
            report,
        )


def load_maintenance(cur: psycopg.Cursor[Any], report: LoadReport) -> None:
    """Insert the maintenance records of the source documents, each with its first event."""
    for record in facts.MAINTENANCE:
        record_id = uuid.uuid5(SEED_NAMESPACE, record["key"])
        marker_id = _id_of(cur, "markers", "code", record["marker"]) if record["marker"] else None
        fields = {k: v for k, v in record.items() if k not in ("key", "marker", "happened_on")}
        _insert(
            cur,
            "maintenance_records",
            {
                **fields,
                "id": record_id,
                "marker_id": marker_id,
                "source": SOURCE_DOCUMENTS,
                "licence": FACT_LICENCE,
                # Damage at a marker is located by the marker's (interpolated) registry point.
                "coord_status": "interpolated" if marker_id else "unknown",
            },
            "id",
            report,
        )
        _insert(
            cur,
            "maintenance_events",
            {
                "record_id": record_id,
                "from_status": None,
                "to_status": record["status"],
                "note": f"Recorded from {record['source_ref']}",
                "document_ref": record["document_ref"],
                "actor": "seed",
                "happened_on": record["happened_on"],
            },
            "record_id, to_status, happened_on",
            report,
            conflict_where="actor = 'seed'",
        )  # field events may repeat a step on one day


def load_default_data(conn: psycopg.Connection[Any]) -> LoadReport:
    """Insert the default registry in one transaction; existing rows are left alone."""
    report = LoadReport()
    with conn.transaction(), conn.cursor() as cur:
        load_sections(cur, report)
        load_markers(cur, report)
        load_gates(cur, report)
        load_villages(cur, report)
        load_maintenance(cur, report)
    return report

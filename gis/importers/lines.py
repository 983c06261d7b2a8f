"""Import a border line from any file GDAL reads; it replaces one section's geometry.

The database recomputes the section's measured length (a generated column). The feature is
chosen with an attribute filter (``where``) or its number in the file (``feature``, from 1);
exactly one must be chosen. Its line is turned to run the same way as the section it
replaces, so that chainage keeps counting from the same end. In the same transaction the
database moves the section's interpolated positions and markers onto the new line (by their
chainage share), re-measures the chainage of the others and re-cuts the border segments
(migration 0023).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
import shapely
from shapely.geometry import LineString, MultiLineString
from shapely.geometry.base import BaseGeometry
from shapely.ops import linemerge

from gis.audit import Actor, append_sync, snapshot_sync
from gis.geometry import to_wgs84
from gis.importers.files import (
    COORD_STATUSES,
    FAR_FROM_BORDER_M,
    column,
    finite,
    read_features,
    resolve_crs,
    text,
)
from gis.importers.report import ImportReport


@dataclass(frozen=True)
class LineOptions:
    """What ``cotmoc import lines`` was asked to do."""

    section: str
    where: str | None = None
    feature: int | None = None
    crs: str | None = None
    licence: str | None = None
    coord_status: str = "derived"
    dry_run: bool = False
    layer: str | None = None


def import_line(
    conn: psycopg.Connection[Any], path: Path, options: LineOptions, actor: Actor
) -> ImportReport:
    """Replace the geometry of ``options.section`` with the chosen feature of ``path``,
    audited as written by ``actor``."""
    report = ImportReport(file=path.name, kind="line features", dry_run=options.dry_run)
    if options.where and options.feature is not None:
        report.problem(None, "give --where or --feature, not both")
        return report
    if options.coord_status not in COORD_STATUSES:
        report.problem(
            None, f"coord_status {options.coord_status!r} is not one of {', '.join(COORD_STATUSES)}"
        )
        return report
    features = read_features(path, report, layer=options.layer, where=options.where)
    if features is None:
        return report
    report.rows_read = len(features.frame)
    crs = resolve_crs(features.declared_crs, options.crs, report)
    if report.file_failed:
        return report
    index = _choose(features.row_numbers, options, report)
    if index is None:
        return report
    row = features.row_numbers[index]
    record = features.frame.iloc[index]
    if features.is_csv:
        report.problem(
            row,
            "CSV has no line geometry here: use GeoJSON, GeoPackage, "
            "a shapefile or another format GDAL reads",
        )
        return report
    line = _as_line(record.geometry, row, report)
    if line is None:
        return report
    if crs is None:
        report.problem(None, "missing CRS: the file declares none; give --crs")
        return report
    transformer = to_wgs84(crs)
    line = shapely.transform(
        line, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))
    )
    if not all(finite(x, y) for x, y in line.coords):
        report.problem(row, f"wrong CRS: the line cannot be read in {crs.name}")
        return report
    licence_col = column(features.frame, "licence", "license")
    licence = options.licence or (text(record[licence_col]) if licence_col else "")
    if not licence:
        report.problem(row, "no licence: give --licence or a licence attribute")
        return report
    _write(conn, line, row, licence, options, report, actor)
    return report


def _choose(numbers: list[int], options: LineOptions, report: ImportReport) -> int | None:
    """The index of the one feature chosen, or None with the reason in the report."""
    if options.feature is not None:
        if options.feature not in numbers:
            report.problem(
                None, f"--feature {options.feature}: the file has features 1 to {len(numbers)}"
            )
            return None
        return numbers.index(options.feature)
    if len(numbers) != 1:
        which = f"--where {options.where!r} matches" if options.where else "the file holds"
        report.problem(
            None, f"{which} {len(numbers)} features, not one: choose one with --where or --feature"
        )
        return None
    return 0


def _as_line(geom: BaseGeometry | None, row: int, report: ImportReport) -> LineString | None:
    """One 2-D line from a LineString, or from a MultiLineString whose parts join up."""
    if geom is None or geom.is_empty:
        report.problem(row, "empty geometry")
        return None
    if isinstance(geom, MultiLineString):
        geom = linemerge(geom)
    if not isinstance(geom, LineString):
        report.problem(row, f"invalid geometry: expected one line, got a {geom.geom_type}")
        return None
    line: LineString = shapely.force_2d(geom)
    if len(set(line.coords)) < 2 or not line.is_valid:
        report.problem(row, "invalid geometry: the line has fewer than two distinct points")
        return None
    return line


SECTION = """
SELECT s.id, s.measured_length_m,
       ST_Distance(s.geom::geography, new.geom::geography) AS distance_m,
       ST_Distance(ST_StartPoint(new.geom)::geography, ST_StartPoint(s.geom)::geography)
         > ST_Distance(ST_StartPoint(new.geom)::geography, ST_EndPoint(s.geom)::geography)
         AS reversed
FROM border_sections s, (SELECT ST_GeomFromText(%(wkt)s, 4326) AS geom) AS new
WHERE s.code = %(section)s
"""

UPDATE_SECTION = """
UPDATE border_sections SET geom = ST_GeomFromText(%(wkt)s, 4326), source = %(source)s,
    source_ref = %(source_ref)s, licence = %(licence)s, coord_status = %(coord_status)s,
    provenance_note = %(note)s
WHERE id = %(id)s
RETURNING measured_length_m
"""


class _DryRun(Exception):
    """Leave the transaction without committing."""


def _write(
    conn: psycopg.Connection[Any],
    line: LineString,
    row: int,
    licence: str,
    options: LineOptions,
    report: ImportReport,
    actor: Actor,
) -> None:
    found = conn.execute(SECTION, {"wkt": line.wkt, "section": options.section}).fetchone()
    if found is None:
        known = [r["code"] for r in conn.execute("SELECT code FROM border_sections ORDER BY code")]
        report.problem(None, f"no border section {options.section!r}; known: " + ", ".join(known))
        return
    if found["distance_m"] > FAR_FROM_BORDER_M:
        report.problem(
            row,
            f"the line lies {found['distance_m'] / 1000:.1f} km from section "
            f"{options.section} (limit {FAR_FROM_BORDER_M / 1000:g} km): "
            "another place, or a wrong CRS",
        )
        return
    if found["reversed"]:
        line = line.reverse()
        report.notes.append("the line was reversed to run the same way as the section")
    params = {
        "id": found["id"],
        "wkt": line.wkt,
        "source": report.file,
        "source_ref": f"{report.file}:{row}",
        "licence": licence,
        "coord_status": options.coord_status,
        "note": f"Imported by `cotmoc import lines` from {report.file}, feature {row}"
        + (f" (where {options.where})" if options.where else ""),
    }
    try:
        with conn.transaction():
            before = snapshot_sync(conn, "border_sections", found["id"])
            measured = conn.execute(UPDATE_SECTION, params).fetchone()
            append_sync(
                conn,
                actor,
                "update",
                "border_sections",
                options.section,
                before,
                snapshot_sync(conn, "border_sections", found["id"]),
            )
            report.updated = 1
            if measured is not None:
                report.notes.append(
                    f"section {options.section}: {found['measured_length_m'] / 1000:.2f} km → "
                    f"{measured['measured_length_m'] / 1000:.2f} km (measured by PostGIS)"
                )
                report.notes.append(
                    "interpolated positions and markers moved to the same share of the new "
                    "line; the others kept their points and were re-measured on it; border "
                    "segments re-cut"
                )
            if options.dry_run:
                raise _DryRun
    except _DryRun:
        return
    except psycopg.Error as err:
        report.updated = 0
        report.problem(row, f"the database refused it: {err.diag.message_primary or err}")
        return
    conn.commit()
    report.written = True

"""Import surveyed markers from CSV, GeoJSON, GeoPackage or any point layer GDAL reads.

Each row gives a marker code and a point. A code already in the registry has its
interpolated record replaced (point, chainage along its section, provenance, official id);
a new code creates a marker, and its position when the position number is new.

Recorded ``as`` a legal position (``LegalRecord``) or a survey (``SurveyRecord``), a row
replaces nothing: it is added to the legal register or to the observations, coordinates as
the file gives them, and the registry point follows the database's rule (migration 0017:
binding legal position, else best survey). A survey's displacement is measured from the
binding legal position when there is one, and the report says which point it used. Nothing is
written while any row is bad, unless ``skip_invalid`` is set; everything is one transaction.
A dry run performs the writes inside that transaction and rolls it back, so the database's
own constraints are checked too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import psycopg
import shapely
from pyproj import CRS
from shapely.errors import GEOSException
from sqlalchemy import Column, DefaultClause, TextClause

from gis import vocabulary
from gis.audit import Actor, append_sync, snapshot_sync
from gis.geometry import to_wgs84
from gis.importers.files import (
    COORD_STATUSES,
    FAR_FROM_BORDER_M,
    Features,
    Progress,
    column,
    finite,
    looks_like_lon_lat,
    no_progress,
    read_features,
    resolve_crs,
    text,
)
from gis.importers.report import ImportReport
from gis.schema import MARKER_CODE_PATTERN, from_source, markers
from gis.vocabulary import (
    CoordStatus,
    LegalState,
    MarkerCoordStatus,
    MarkerType,
    SurveyMethod,
)

# The pattern of the CHECK constraint on markers.code, so that a bad code is reported with
# its row.
MARKER_CODE = re.compile(MARKER_CODE_PATTERN)
POSITION_SUFFIX = re.compile(r"\([0-9]+\)$")


CODE_COLUMNS = ("code", "marker", "marker_code")
XY_COLUMNS = (
    ("x", "y"),
    ("lon", "lat"),
    ("lng", "lat"),
    ("longitude", "latitude"),
    ("easting", "northing"),
)
WKT_COLUMNS = ("wkt", "geometry", "geom")
LICENCE_COLUMNS = ("licence", "license")


LEGAL_STATES = vocabulary.values(LegalState)
SURVEY_METHODS = vocabulary.values(SurveyMethod)


@dataclass(frozen=True)
class LegalRecord:
    """``--as legal``: each row is a marker's position as a legal instrument gives it."""

    instrument: str
    state: str = LegalState.binding
    instrument_ref: str | None = None
    binding_from: date | None = None  # the instrument's date; the import date if not given


@dataclass(frozen=True)
class SurveyRecord:
    """``--as survey``: each row is where a survey found a marker."""

    method: str
    epoch: datetime
    accuracy_m: float | None = None
    observer: str | None = None


@dataclass(frozen=True)
class MarkerOptions:
    """What ``cotmoc import markers`` was asked to do."""

    crs: str | None = None
    licence: str | None = None
    coord_status: str = "surveyed"
    dry_run: bool = False
    skip_invalid: bool = False
    layer: str | None = None
    record_as: LegalRecord | SurveyRecord | None = None


@dataclass
class MarkerRow:
    """One good row, its point already in WGS84."""

    row: int
    code: str
    lon: float
    lat: float
    licence: str
    values: dict[str, str | None] = field(default_factory=dict)  # SOURCE_VALUES, as given
    section_id: int | None = None  # the nearest border section, found in the database
    given: tuple[float, float, str] = field(default=(0.0, 0.0, "OGC:CRS84"))  # x, y, CRS

    @property
    def lon_lat_only(self) -> bool:
        """Whether the file gave plain longitude/latitude (no CRS of its own)."""
        return self.given[2] == "OGC:CRS84"

    @property
    def position(self) -> str:
        """The position number: the code without its "(n)" suffix (606(1) → 606)."""
        return POSITION_SUFFIX.sub("", self.code)


def import_markers(
    conn: psycopg.Connection[Any],
    path: Path,
    options: MarkerOptions,
    actor: Actor,
    progress: Progress = no_progress,
) -> ImportReport:
    """Validate every row of ``path``, then write the good ones in one transaction, each
    audited as written by ``actor``.

    Returns the report; ``report.written`` says whether anything was committed.
    """
    report = ImportReport(
        file=path.name, kind="markers", dry_run=options.dry_run, skip_invalid=options.skip_invalid
    )
    if options.coord_status not in COORD_STATUSES:
        report.problem(
            None, f"coord_status {options.coord_status!r} is not one of {', '.join(COORD_STATUSES)}"
        )
        return report
    problem = record_problem(options.record_as)
    if problem:
        report.problem(None, problem)
        return report
    rows = read_marker_rows(path, options, report)
    if report.file_failed:
        return report
    locate_on_border(conn, rows, report)
    bad = set(report.bad_rows)
    good = [r for r in rows if r.row not in bad]
    if report.file_failed or (report.problems and not options.skip_invalid):
        return report
    write_markers(conn, good, path.name, options, report, actor, progress)
    return report


def read_marker_rows(path: Path, options: MarkerOptions, report: ImportReport) -> list[MarkerRow]:
    """Every row that parses, with its point in WGS84; the others become problems."""
    features = read_features(path, report, layer=options.layer)
    if features is None:
        return []
    report.rows_read = len(features.frame)
    crs = resolve_crs(features.declared_crs, options.crs, report)
    if report.file_failed:
        return []
    frame = features.frame
    code_col = column(frame, *CODE_COLUMNS)
    if code_col is None:
        report.problem(
            None,
            f"no marker code column (one of {', '.join(CODE_COLUMNS)}); "
            f"columns found: {', '.join(map(str, frame.columns))}",
        )
        return []
    points = _points(features, report)
    if points is None:
        return []
    licence_col = column(frame, *LICENCE_COLUMNS)
    optional = {name: column(frame, name) for name in SOURCE_VALUES}
    transformer = to_wgs84(crs) if crs is not None else None
    crs_name = crs_text(crs)
    first_seen: dict[str, int] = {}
    rows: list[MarkerRow] = []
    for i, number in enumerate(features.row_numbers):
        record = frame.iloc[i]
        code = text(record[code_col])
        if not MARKER_CODE.match(code):
            report.problem(
                number,
                f"malformed marker code {code!r}: expected e.g. 585, 606(1), 576+865m or 590/1",
            )
            continue
        if code in first_seen:
            report.problem(number, f"duplicate code {code} (first at row {first_seen[code]})")
            continue
        first_seen[code] = number
        point = points[i]
        if isinstance(point, str):
            report.problem(number, point)
            continue
        lon_lat = _to_lon_lat(point, transformer, crs)
        if isinstance(lon_lat, str):
            report.problem(number, lon_lat)
            continue
        licence = options.licence or (text(record[licence_col]) if licence_col else "")
        if not licence:
            report.problem(number, "no licence: give --licence or a licence column")
            continue
        values = {k: (text(record[c]) or None) if c else None for k, c in optional.items()}
        problem = check_choices(values)
        if problem:
            report.problem(number, problem)
            continue
        rows.append(
            MarkerRow(
                number,
                code,
                lon_lat[0],
                lon_lat[1],
                licence,
                values,
                given=(point[0], point[1], crs_name),
            )
        )
    return rows


def crs_text(crs: CRS | None) -> str:
    """How the legal register names the CRS coordinates were given in (EPSG:3405 …)."""
    if crs is None:
        return "OGC:CRS84"
    code = crs.to_epsg()
    return f"EPSG:{code}" if code else crs.name


def record_problem(record: LegalRecord | SurveyRecord | None) -> str | None:
    """Why the ``--as`` options cannot be recorded, or None."""
    if isinstance(record, LegalRecord):
        if not record.instrument.strip():
            return "--as legal needs --instrument (the treaty, protocol or table it comes from)"
        if record.state not in LEGAL_STATES:
            return f"legal state {record.state!r} is not one of {', '.join(LEGAL_STATES)}"
    if isinstance(record, SurveyRecord):
        if record.method not in SURVEY_METHODS:
            return f"survey method {record.method!r} is not one of {', '.join(SURVEY_METHODS)}"
        if record.accuracy_m is not None and not (
            record.accuracy_m > 0 and finite(record.accuracy_m)
        ):
            return f"survey accuracy {record.accuracy_m} m is not a positive number"
    return None


def _points(features: Features, report: ImportReport) -> list[tuple[float, float] | str] | None:
    """Each row's (x, y) in the file's coordinates, or the reason it has none."""
    frame = features.frame
    if not features.is_csv:
        return [_point_of(geom) for geom in frame.geometry]
    pair = next(
        (
            (column(frame, x), column(frame, y))
            for x, y in XY_COLUMNS
            if column(frame, x) and column(frame, y)
        ),
        None,
    )
    wkt_col = column(frame, *WKT_COLUMNS)
    if pair is None and wkt_col is None:
        report.problem(
            None,
            "no coordinates: expected columns x/y, lon/lat, longitude/latitude, "
            "easting/northing or wkt; columns found: " + ", ".join(map(str, frame.columns)),
        )
        return None
    points: list[tuple[float, float] | str] = []
    for _, record in frame.iterrows():
        if pair is not None:
            points.append(_xy(text(record[pair[0]]), text(record[pair[1]]), pair))
        else:
            points.append(_wkt(text(record[wkt_col])))
    return points


def _xy(x: str, y: str, names: tuple[str | None, str | None]) -> tuple[float, float] | str:
    if not x or not y:
        return f"empty geometry: {names[0]}/{names[1]} missing"
    try:
        point = (float(x), float(y))
    except ValueError:
        return f"invalid geometry: {names[0]}={x!r}, {names[1]}={y!r} are not numbers"
    return point if finite(*point) else f"invalid geometry: ({x}, {y}) is not a finite point"


def _wkt(value: str) -> tuple[float, float] | str:
    if not value:
        return "empty geometry: no WKT"
    try:
        geom = shapely.from_wkt(value)
    except GEOSException as err:
        return f"invalid geometry: WKT {value!r} does not parse ({err})"
    return _point_of(geom)


def _point_of(geom: Any) -> tuple[float, float] | str:
    if geom is None or geom.is_empty:
        return "empty geometry"
    if geom.geom_type != "Point":
        return f"invalid geometry: expected a Point, got a {geom.geom_type}"
    if not finite(geom.x, geom.y):
        return "invalid geometry: coordinates are not finite numbers"
    return (geom.x, geom.y)


def _to_lon_lat(
    point: tuple[float, float], transformer: Any, crs: CRS | None
) -> tuple[float, float] | str:
    x, y = point
    if transformer is None:
        if looks_like_lon_lat(x, y):
            return point  # no CRS anywhere: plain longitude/latitude is the only reading
        return (
            f"missing CRS: ({x}, {y}) is not longitude/latitude and the file declares "
            "no CRS; give --crs (e.g. EPSG:32648 or EPSG:3405)"
        )
    lon, lat = transformer.transform(x, y)
    if not finite(lon, lat) or not looks_like_lon_lat(lon, lat):
        return f"wrong CRS: ({x}, {y}) cannot be read in {crs.name if crs else 'the CRS'}"
    return (lon, lat)


# The values a file's row (or an editor's feature) may give a marker, by column name, with
# the vocabulary each must be in (None: free text): declared in gis/schema.py.
SOURCE_COLUMNS = from_source(markers)
SOURCE_VALUES = tuple(c.name for c, _ in SOURCE_COLUMNS)


def check_choices(values: dict[str, str | None]) -> str | None:
    """The first value outside its vocabulary (type, maintaining side, status …) as a
    message, or None when every value is allowed."""
    for c, kind in SOURCE_COLUMNS:
        value = values.get(c.name)
        if kind is not None and value is not None and value not in vocabulary.values(kind):
            return f"{c.name} {value!r} is not one of {', '.join(vocabulary.values(kind))}"
    return None


def _server_default(c: Column[Any]) -> str:
    default = c.server_default
    if isinstance(default, DefaultClause) and isinstance(default.arg, TextClause):
        return str(default.arg.text)
    return "NULL"


def given(c: Column[Any], fallback: Callable[[Column[Any]], str]) -> str:
    """SQL for the value given for ``c`` (parameter ``%(<name>)s``), else ``fallback(c)``."""
    return f"coalesce(%({c.name})s, {fallback(c)})"


def given_or(fallback: Callable[[Column[Any]], str]) -> str:
    """``column = <the value given, else fallback(column)>`` for each source value."""
    return ", ".join(f"{c.name} = {given(c, fallback)}" for c, _ in SOURCE_COLUMNS)


def status_version_bump(fallback: Callable[[Column[Any]], str]) -> str:
    """``status_version`` counted up when the status that ``given_or(fallback)`` writes
    differs from the marker's: the desk's If-Match on a status (``/markers/{code}/status``)
    must see an import or a Part 4 edit that changed it."""
    new_status = given(markers.c.status, fallback)
    return f"status_version = m.status_version + ({new_status} IS DISTINCT FROM m.status)::int"


def given_or_default(c: Column[Any]) -> str:
    """What a new or replaced marker holds where its source gave no value: the column's
    default; a type follows from the code (``%(new_type)s``)."""
    return "%(new_type)s" if c.name == "type" else _server_default(c)


def source_parameters(values: dict[str, str | None], position: str) -> dict[str, Any]:
    """The SQL parameters of ``given_or``: each source value (None when not given) and the
    type a new marker at ``position`` takes when none is given."""
    default_type = MarkerType.reference_stake if "/" in position else MarkerType.boundary_marker
    return {
        **{name: values.get(name) for name in SOURCE_VALUES},
        "new_type": values.get("type") or default_type,
    }


NEAREST_SECTION = """
SELECT p.row, near.id, near.code, near.distance_m
FROM unnest(%s::int[], %s::float8[], %s::float8[]) AS p(row, lon, lat)
CROSS JOIN LATERAL (
    SELECT s.id, s.code,
           ST_Distance(s.geom::geography,
                       ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)::geography) AS distance_m
    FROM border_sections s ORDER BY distance_m LIMIT 1
) AS near
"""


def locate_on_border(
    conn: psycopg.Connection[Any], rows: list[MarkerRow], report: ImportReport
) -> None:
    """Find each point's nearest border section; a point too far from all is a problem."""
    if not rows:
        return
    found = conn.execute(
        NEAREST_SECTION, ([r.row for r in rows], [r.lon for r in rows], [r.lat for r in rows])
    ).fetchall()
    if not found:
        report.problem(None, "the registry holds no border section to place markers on")
        return
    by_row = {f["row"]: f for f in found}
    for r in rows:
        near = by_row[r.row]
        if near["distance_m"] > FAR_FROM_BORDER_M:
            report.problem(
                r.row,
                f"point ({r.lon:.6f}, {r.lat:.6f}) is "
                f"{near['distance_m'] / 1000:.1f} km from the nearest border "
                f"section (limit {FAR_FROM_BORDER_M / 1000:g} km): "
                "outside the stretch, or a wrong CRS",
            )
        r.section_id = near["id"]


# Chainage as the seed defines it: the geodesic distance from the start of the section to
# the point's projection on it, scaled to the official length where there is one.
CHAINAGE = """ST_Length(ST_LineSubstring(s.geom, 0, ST_LineLocatePoint(s.geom, pt.geom))::geography)
    / s.measured_length_m * coalesce(s.official_length_m, s.measured_length_m)"""
POINT = "(SELECT ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326) AS geom) AS pt"

UPDATE_MARKER = f"""
UPDATE markers m SET registry_geom = pt.geom, chainage_m = {CHAINAGE},
    {given_or(lambda c: f"m.{c.name}")}, {status_version_bump(lambda c: f"m.{c.name}")},
    id_status = 'official',
    source = %(source)s, source_ref = %(source_ref)s, licence = %(licence)s,
    coord_status = %(coord_status)s, provenance_note = %(note)s
FROM {POINT}, marker_positions p JOIN border_sections s ON s.id = p.section_id
WHERE m.code = %(code)s AND p.id = m.position_id
"""  # noqa: S608 (composed of constants; every value is a bound parameter)

INSERT_POSITION = f"""
INSERT INTO marker_positions (section_id, number, chainage_m, kind, id_status, geom,
    source, source_ref, licence, coord_status, provenance_note)
SELECT s.id, %(position)s, {CHAINAGE}, 'single', 'official', pt.geom,
    %(source)s, %(source_ref)s, %(licence)s, %(position_coord_status)s, %(note)s
FROM {POINT}, border_sections s WHERE s.id = %(section_id)s
"""  # noqa: S608

INSERT_MARKER = f"""
INSERT INTO markers (code, position_id, {", ".join(SOURCE_VALUES)}, registry_geom, chainage_m,
    id_status, source, source_ref, licence, coord_status, provenance_note)
SELECT %(code)s, p.id, {", ".join(given(c, given_or_default) for c, _ in SOURCE_COLUMNS)},
    pt.geom, {CHAINAGE}, 'official',
    %(source)s, %(source_ref)s, %(licence)s, %(coord_status)s, %(note)s
FROM {POINT}, marker_positions p JOIN border_sections s ON s.id = p.section_id
WHERE p.number = %(position)s
"""  # noqa: S608


# A position holding a new marker becomes double or triple as its markers are counted.
UPDATE_KIND = """
UPDATE marker_positions p SET kind = CASE c.n WHEN 1 THEN 'single' WHEN 2 THEN 'double'
                                     ELSE 'triple' END
FROM (SELECT count(*) AS n FROM markers WHERE position_id =
      (SELECT id FROM marker_positions WHERE number = %(position)s)) AS c
WHERE p.number = %(position)s
"""


# A new binding position supersedes the binding one (from the day the new one binds); the
# same instrument giving the same coordinates again is no new position.
# A legal date holds from 00:00 UTC of that day, as the API's ``datetime`` reads a date.
LEGAL_DAY = "(%(binding_from)s::date::timestamp AT TIME ZONE 'UTC')"
SUPERSEDE_BINDING = f"""
UPDATE legal_positions l SET state = 'superseded', binding_until = %(binding_from)s,
    valid_from = {LEGAL_DAY}, valid_from_precision = 'day', valid_from_ref = %(source_ref)s
FROM markers m
WHERE m.code = %(code)s AND l.marker_id = m.id AND l.state = 'binding'
  AND %(state)s = 'binding'
  AND NOT (l.instrument = %(instrument)s AND l.crs = %(crs)s AND l.x = %(x)s AND l.y = %(y)s)
"""  # noqa: S608 (constants; every value is a bound parameter)

INSERT_LEGAL = f"""
INSERT INTO legal_positions (marker_id, instrument, instrument_ref, crs, x, y, geom, state,
    binding_from, source, source_ref, licence, provenance_note,
    valid_from, valid_from_precision, valid_from_ref)
SELECT m.id, %(instrument)s, %(instrument_ref)s, %(crs)s, %(x)s, %(y)s, pt.geom, %(state)s,
    %(binding_from)s, %(source)s, %(source_ref)s, %(licence)s, %(note)s,
    coalesce({LEGAL_DAY}, now()),
    CASE WHEN %(binding_from)s::date IS NULL THEN 'instant' ELSE 'day' END, %(source_ref)s
FROM {POINT}, markers m
WHERE m.code = %(code)s AND NOT EXISTS (
    SELECT 1 FROM legal_positions l WHERE l.marker_id = m.id AND l.state = %(state)s
    AND l.instrument = %(instrument)s AND l.crs = %(crs)s AND l.x = %(x)s AND l.y = %(y)s)
RETURNING id
"""  # noqa: S608

# The reference of a displacement: the binding legal position, else the registry point as it
# was before this survey (none when the survey itself created the marker).
INSERT_SURVEY = f"""
INSERT INTO marker_surveys (marker_id, method, epoch, accuracy_m, observer, crs, x, y, geom,
    displacement_m, displacement_from, legal_position_id, source, source_ref, licence,
    provenance_note)
SELECT m.id, %(method)s, %(epoch)s, %(accuracy_m)s, %(observer)s, %(crs)s, %(x)s, %(y)s,
    pt.geom,
    CASE WHEN NOT %(new_marker)s
         THEN ST_Distance(pt.geom::geography, coalesce(l.geom, m.registry_geom)::geography) END,
    CASE WHEN %(new_marker)s THEN NULL WHEN l.id IS NOT NULL THEN 'legal'
         WHEN m.registry_geom IS NOT NULL THEN m.coord_status END,
    l.id, %(source)s, %(source_ref)s, %(licence)s, %(note)s
FROM {POINT}, markers m
LEFT JOIN legal_positions l ON l.marker_id = m.id AND l.state = 'binding'
WHERE m.code = %(code)s
RETURNING displacement_m, displacement_from, legal_position_id
"""  # noqa: S608
# A position stands where its placed markers stand: the centroid of the points and the mean
# chainage of its markers that are no longer interpolated. Its border segments are re-cut by
# the database in the same transaction (migration 0023).
POSITION_FOLLOWS_MARKERS = """
UPDATE marker_positions p SET geom = placed.geom, chainage_m = placed.chainage_m,
    id_status = 'official', source = %(source)s, source_ref = %(source_ref)s,
    licence = %(licence)s, coord_status = %(position_coord_status)s,
    provenance_note = 'Placed at its imported markers (centroid of their points, mean of '
                      || 'their chainages); ' || %(note)s
FROM (SELECT m.position_id, ST_Centroid(ST_Collect(m.registry_geom)) AS geom,
             avg(m.chainage_m) AS chainage_m
      FROM markers m
      WHERE m.position_id = (SELECT position_id FROM markers WHERE code = %(code)s)
        AND m.coord_status <> 'interpolated' AND m.registry_geom IS NOT NULL
      GROUP BY m.position_id) AS placed
WHERE p.id = placed.position_id
"""


class _Abort(Exception):
    """Leave the transaction without committing anything."""


def write_markers(
    conn: psycopg.Connection[Any],
    rows: list[MarkerRow],
    file_name: str,
    options: MarkerOptions,
    report: ImportReport,
    actor: Actor,
    progress: Progress = no_progress,
) -> None:
    """Write ``rows`` in one transaction; a row the database refuses aborts it (or, with
    ``skip_invalid``, is rolled back alone and reported)."""
    try:
        with conn.transaction():
            for r in progress(rows, "markers"):
                try:
                    with conn.transaction():  # a savepoint per row
                        _write_one(conn, r, file_name, options, report, actor)
                except psycopg.Error as err:
                    message = err.diag.message_primary or str(err)
                    report.problem(r.row, f"the database refused it: {message}")
                    if not options.skip_invalid:
                        raise _Abort from err
            if options.dry_run:
                raise _Abort
    except _Abort:
        if not options.dry_run:
            report.updated = report.created = report.positions_created = 0
            report.legal_recorded = report.surveys_recorded = 0
            report.displacements.clear()
        return
    conn.commit()
    report.written = True


def _write_one(
    conn: psycopg.Connection[Any],
    r: MarkerRow,
    file_name: str,
    options: MarkerOptions,
    report: ImportReport,
    actor: Actor,
) -> None:
    record = options.record_as
    coord_status = {LegalRecord: MarkerCoordStatus.legal, SurveyRecord: CoordStatus.surveyed}.get(
        type(record), options.coord_status
    )
    params = {
        "code": r.code,
        "position": r.position,
        "lon": r.lon,
        "lat": r.lat,
        **source_parameters(r.values, r.position),
        "section_id": r.section_id,
        "source": file_name,
        "source_ref": f"{file_name}:{r.row}",
        "licence": r.licence,
        "coord_status": coord_status,
        # Positions have no legal state of their own: their point is the file's.
        "position_coord_status": (
            CoordStatus.source_point if coord_status == MarkerCoordStatus.legal else coord_status
        ),
        "note": f"Imported by `cotmoc import markers` from {file_name}, row {r.row}",
    }
    before = snapshot_sync(conn, "markers", r.code, "code")
    if record is None and conn.execute(UPDATE_MARKER, params).rowcount:
        report.updated += 1
    elif before is None:
        if (
            conn.execute(
                "SELECT 1 FROM marker_positions WHERE number = %s", (r.position,)
            ).fetchone()
            is None
        ):
            conn.execute(INSERT_POSITION, params)
            report.positions_created += 1
        conn.execute(INSERT_MARKER, params)
        conn.execute(UPDATE_KIND, params)
        report.created += 1
    if isinstance(record, LegalRecord):
        _record_legal(conn, r, record, params, report)
    elif isinstance(record, SurveyRecord):
        _record_survey(conn, r, record, params | {"new_marker": before is None}, report)
    conn.execute(POSITION_FOLLOWS_MARKERS, params)
    after = snapshot_sync(conn, "markers", r.code, "code")
    append_sync(conn, actor, "update" if before else "create", "markers", r.code, before, after)


def _given(r: MarkerRow) -> dict[str, Any]:
    x, y, crs = r.given
    return {"x": x, "y": y, "crs": crs}


def _record_legal(
    conn: psycopg.Connection[Any],
    r: MarkerRow,
    record: LegalRecord,
    params: dict[str, Any],
    report: ImportReport,
) -> None:
    binding_from = record.binding_from
    if binding_from is None and record.state == LegalState.binding:
        binding_from = date.today()
    values = (
        params
        | _given(r)
        | {
            "instrument": record.instrument,
            "instrument_ref": record.instrument_ref,
            "state": record.state,
            "binding_from": binding_from,
        }
    )
    conn.execute(SUPERSEDE_BINDING, values)
    if conn.execute(INSERT_LEGAL, values).fetchone() is None:
        report.notes.append(
            f"{r.code}: this {record.state} legal position is already recorded; unchanged"
        )
        return
    report.legal_recorded += 1


def _record_survey(
    conn: psycopg.Connection[Any],
    r: MarkerRow,
    record: SurveyRecord,
    params: dict[str, Any],
    report: ImportReport,
) -> None:
    survey = {
        "method": record.method,
        "epoch": record.epoch,
        "accuracy_m": record.accuracy_m,
        "observer": record.observer,
    }
    row = conn.execute(INSERT_SURVEY, params | _given(r) | survey).fetchone()
    assert row is not None  # the marker exists: found or created above
    report.surveys_recorded += 1
    if row["displacement_m"] is not None:
        report.displacements.append((r.code, row["displacement_m"], row["displacement_from"]))

"""Reading features from files through GDAL (pyogrio), and their coordinate systems."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyproj import CRS
from pyproj.exceptions import CRSError

from gis.importers.report import ImportReport
from gis.vocabulary import CoordStatus, values

# pyogrio (which imports geopandas, pandas and pyarrow) and pandas are imported by the
# functions that read a file, as in gis.exports: the server imports this module for its
# constants, and holds those libraries only once a file is imported.
if TYPE_CHECKING:
    import pandas as pd

# A point or line further than this from every border section is refused: it is either in
# the wrong place or, far more often, read in the wrong coordinate system.
FAR_FROM_BORDER_M = 5_000.0

COORD_STATUSES = values(CoordStatus)

# Wraps the rows being written, e.g. in a progress bar; the default shows nothing.
Progress = Callable[[Sequence[Any], str], Iterable[Any]]


def no_progress(rows: Sequence[Any], label: str) -> Iterable[Any]:
    """The rows as they are, for imports run without a progress bar."""
    return rows


@dataclass
class Features:
    """The rows of one layer, the CRS the file declares (None if it declares none) and the
    number each row is reported by: the line number for CSV (the header is line 1), the
    feature number counting from 1 for every other format."""

    frame: pd.DataFrame
    declared_crs: CRS | None
    row_numbers: list[int]
    is_csv: bool


def read_features(
    path: Path, report: ImportReport, layer: str | None = None, where: str | None = None
) -> Features | None:
    """Read a layer with GDAL; a file GDAL cannot read becomes a file-level problem."""
    import pyogrio

    is_csv = path.suffix.lower() == ".csv"
    try:
        if is_csv:
            # CSV geometry columns are parsed here, row by row, so that a bad value is
            # reported with its row instead of GDAL silently dropping it.
            frame = pyogrio.read_dataframe(
                path, layer=layer, read_geometry=False, where=where, fid_as_index=True
            )
            declared = None
        else:
            frame = pyogrio.read_dataframe(path, layer=layer, where=where, fid_as_index=True)
            declared = frame.crs
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError) as err:
        report.problem(None, f"GDAL cannot read it: {err}")
        return None
    except ValueError as err:  # pyogrio's answer to a --where that GDAL cannot parse
        report.problem(None, f"cannot read it: {err}")
        return None
    if is_csv:
        # GDAL numbers CSV data rows from 1, so the line in the file is one more.
        numbers = [int(fid) + 1 for fid in frame.index]
    else:
        first = 0 if frame.empty else _first_fid(path, layer)
        numbers = [int(fid) - first + 1 for fid in frame.index]
    return Features(frame.reset_index(drop=True), declared, numbers, is_csv)


def _first_fid(path: Path, layer: str | None) -> int:
    """GeoJSON numbers features from 0, GeoPackage from 1: find where this file starts."""
    import pyogrio

    head = pyogrio.read_dataframe(
        path, layer=layer, read_geometry=False, max_features=1, fid_as_index=True
    )
    return int(head.index[0]) if len(head) else 0


def resolve_crs(declared: CRS | None, option: str | None, report: ImportReport) -> CRS | None:
    """The CRS to read coordinates in: the file's own, else ``--crs``; None when neither.

    A ``--crs`` that pyproj does not know, or that contradicts the file's own, is a
    file-level problem.
    """
    given = None
    if option:
        try:
            given = CRS.from_user_input(option)
        except CRSError as err:
            report.problem(None, f"--crs {option} is not a coordinate system pyproj knows: {err}")
            return None
    if declared is not None and given is not None and not declared.equals(given):
        report.problem(
            None,
            f"the file declares {_name(declared)} but --crs says "
            f"{_name(given)}: remove --crs or fix the file",
        )
        return None
    return declared if declared is not None else given


def _name(crs: CRS) -> str:
    epsg = crs.to_epsg()
    return f"EPSG:{epsg}" if epsg else crs.name


def looks_like_lon_lat(x: float, y: float) -> bool:
    """Whether a coordinate pair could be longitude and latitude."""
    return -180.0 <= x <= 180.0 and -90.0 <= y <= 90.0


def finite(*values: float) -> bool:
    """Whether every value is a finite number."""
    return all(math.isfinite(v) for v in values)


def text(value: Any) -> str:
    """A cell as trimmed text: '' for missing values, 585 (not 585.0) for whole numbers."""
    import pandas as pd  # loaded already: the cell comes from a frame read by pyogrio

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value is pd.NA:
        return ""
    return str(value).strip()


def column(frame: pd.DataFrame, *names: str) -> str | None:
    """The first column of ``frame`` whose name matches one of ``names`` (any case)."""
    by_lower = {str(c).lower(): str(c) for c in frame.columns}
    return next((by_lower[n] for n in names if n in by_lower), None)

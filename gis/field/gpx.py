"""GPX files from handheld receivers → a track (lines of lon, lat) and its time span.

Read by GDAL's GPX driver (through pyogrio), which parses the XML in C with expat: 50 000
points take a fraction of what a pure-Python parser needs. Each track segment and each route
becomes one line; points whose position is not a number (a lost fix) are left out and
counted. The rest of the cleaning (repeated points, one-place segments) is done on the track
like on any other (gis.field.tracks).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from gis.field.errors import Rejected

# pyogrio (which imports geopandas, pandas and pyarrow) and pyarrow are imported by the
# functions reading a file, as in gis.exports: a server that is sent no GPX file does not
# hold them. The first upload after start pays for the import (the bench's 50,000 points:
# 0.34 → 0.39 s; pandas is loaded already, by folium).
if TYPE_CHECKING:
    import pyarrow as pa

# layer: (the element that has points in it, the fields naming a point's line: track and
# segment, or route). Each layer read parses the whole file, so absent ones are skipped.
LAYERS = {
    "track_points": (b"<trkpt", ("track_fid", "track_seg_id")),
    "route_points": (b"<rtept", ("route_fid",)),
}


@dataclass(frozen=True)
class GpxTrack:
    """The tracks of a GPX file as lines of lon, lat, with their time span and what was left out."""

    lines: list[np.ndarray]  # each (n, 2) lon, lat: arrays, so a long track is not boxed
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    points_without_position: int = 0
    elevations: int = 0  # points that carried <ele>; a track is stored as lon, lat

    def geojson(self) -> dict[str, Any]:
        """The track as a GeoJSON MultiLineString whose lines are still arrays (for ``Track``
        to validate and clean, which makes them lists)."""
        return {"type": "MultiLineString", "coordinates": self.lines}


@dataclass(frozen=True)
class _Points:
    xy: np.ndarray  # (n, 2) lon, lat
    line_keys: np.ndarray  # (n, k) which line each point belongs to
    times: list[pa.Array]  # the points' times as GDAL wrote them (text), without gaps
    elevations: int


# A 2D point in little-endian WKB: byte order 1, type 1, x, y. GDAL writes a point without
# a position (a lost fix) the same way, with NaN for x and y.
WKB_POINT = np.dtype([("order", "u1"), ("type", "<u4"), ("x", "<f8"), ("y", "<f8")])


def _positions(wkb: np.ndarray) -> np.ndarray:
    """The points' lon, lat as an (n, 2) array, NaN for a point without a position.

    Read from the WKB bytes by numpy when they are all 2D little-endian points, as GDAL's GPX
    driver writes them: a geometry object per point (50,000 of them) costs more than the
    rest of the reading, and as many objects alive make Python's collector sweep the whole
    server's heap. Anything else goes through shapely."""
    try:  # a missing geometry (None) has no length: shapely reads it as missing
        sizes = np.fromiter(map(len, wkb), dtype=np.int64, count=len(wkb))
    except TypeError:
        sizes = np.zeros(1, dtype=np.int64)
    if len(wkb) and (sizes == WKB_POINT.itemsize).all():
        rows = np.frombuffer(b"".join(wkb), dtype=WKB_POINT)
        if (rows["order"] == 1).all() and (rows["type"] == 1).all():
            return np.column_stack([rows["x"], rows["y"]])
    # NaN for a point without position (which WKB may write as an empty point, so
    # get_coordinates would skip it and shift every later point).
    points = shapely.from_wkb(wkb)
    located = ~(shapely.is_missing(points) | shapely.is_empty(points))
    xy = np.full((len(points), 2), np.nan)
    xy[located] = shapely.get_coordinates(points[located])
    return xy


def _wkb_positions(column: pa.ChunkedArray) -> np.ndarray:
    """``_positions`` of a column of WKB read through Arrow: when every point is 21 bytes,
    straight from the column's one buffer, without a Python object per point."""
    import pyarrow as pa

    array = column.combine_chunks()
    if len(array) and array.null_count == 0 and pa.types.is_binary(array.type):
        _, offsets, values = array.buffers()
        ends = np.frombuffer(offsets, dtype=np.int32, count=len(array) + 1, offset=4 * array.offset)
        if (np.diff(ends) == WKB_POINT.itemsize).all():
            rows = np.frombuffer(values, dtype=WKB_POINT, count=len(array), offset=int(ends[0]))
            if (rows["order"] == 1).all() and (rows["type"] == 1).all():
                return np.column_stack([rows["x"], rows["y"]])
    return _positions(np.array(array.to_pylist(), dtype=object))


def _read(data: bytes, layer: str) -> _Points:
    from pyogrio import raw
    from pyogrio.errors import DataLayerError, DataSourceError

    _, keys = LAYERS[layer]
    columns = [*keys, "ele", "time"]
    # Through Arrow: GDAL fills whole columns, a third faster than feature by feature for
    # 50,000 points. Times come as GDAL writes them, with their offsets (an Arrow timestamp
    # would drop those).
    try:
        _, table = raw.read_arrow(
            io.BytesIO(data), layer=layer, columns=columns, datetime_as_string=True
        )
    except (DataSourceError, DataLayerError) as err:
        raise Rejected("gpx: not a readable GPX file (GDAL's GPX driver cannot open it)") from err
    geometry = next(name for name in table.column_names if name not in columns)
    xy = _wkb_positions(table.column(geometry))
    line_keys = (
        np.column_stack([table.column(k).to_numpy() for k in keys]) if len(xy) else np.empty((0, 1))
    )
    ele = table.column("ele").to_numpy()  # NaN where a point has none
    times = table.column("time").drop_null().chunks
    return _Points(xy, line_keys, times, int(np.count_nonzero(~np.isnan(ele))))


def _lines(points: _Points) -> tuple[list[np.ndarray], int]:
    """The points split into lines where the line key changes, without the points whose
    position is not finite; returns the lines and how many points were left out."""
    usable = np.isfinite(points.xy).all(axis=1)
    starts = np.flatnonzero((points.line_keys[1:] != points.line_keys[:-1]).any(axis=1)) + 1
    lines = [
        part[np.isfinite(part).all(axis=1)] for part in np.split(points.xy, starts) if len(part)
    ]
    return lines, int(np.count_nonzero(~usable))


def _time(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)
    # GPX times are UTC by the standard; a time written without a zone is taken as UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _span(times: list[pa.Array]) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The first and last of the points' times; ValueError when one is not a time.

    Arrow reads times that carry their zone (``Z``, ``+07:00``) in C, 50,000 in 4 ms, and
    refuses what is not a date (30 February, 24:00) as ``fromisoformat`` does. Anything it
    does not read (a time without a zone, a year Python has no date for) is read one by one,
    which refuses what is wrong."""
    import pyarrow as pa
    import pyarrow.compute as pc

    texts = pa.chunked_array(times, type=pa.string())
    if not len(texts):
        return None, None
    try:
        span = pc.min_max(pc.cast(texts, pa.timestamp("us", tz="UTC")))
        first, last = span["min"].as_py(), span["max"].as_py()
        return first.replace(tzinfo=dt.UTC), last.replace(tzinfo=dt.UTC)
    except (pa.ArrowInvalid, OverflowError, ValueError):
        moments = [_time(t) for t in texts.to_pylist()]
        return min(moments), max(moments)


def parse(data: bytes) -> GpxTrack:
    """Every track segment and route becomes one line (cleaned later, like any track)."""
    if b"<gpx" not in data[:4096]:
        raise Rejected("gpx: not a GPX file (no <gpx> element at its start)")
    lines: list[np.ndarray] = []
    left_out = elevations = 0
    times: list[pa.Array] = []
    for layer, (element, _) in LAYERS.items():
        if element not in data:
            continue
        points = _read(data, layer)
        layer_lines, layer_left_out = _lines(points)
        lines += layer_lines
        left_out += layer_left_out
        elevations += points.elevations
        times += points.times
    if not any(len(line) for line in lines) and not left_out:
        raise Rejected("gpx: the file has no track or route points")
    try:
        started, ended = _span(times)
    except ValueError as err:
        raise Rejected(f"gpx: a point's <time> is not an ISO 8601 time ({err})") from err
    return GpxTrack(lines, started, ended, left_out, elevations)

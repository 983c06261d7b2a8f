"""Files for download, written by GDAL (through geopandas and pyogrio).

GeoPackage, CSV and KML: PostgreSQL writes the GeoJSON; GDAL turns it into the requested
format. FlatGeobuf is streamed: typed rows go to GDAL batch by batch. Nothing here writes a
file format by hand.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pyarrow as pa
import pyogrio
from pyproj import CRS


@dataclass(frozen=True)
class FileFormat:
    key: str  # the value of ``f=``
    media_type: str
    driver: str
    extension: str
    streamed: bool = False  # written from typed rows batch by batch (write_flatgeobuf)


FILE_FORMATS = {
    fmt.key: fmt
    for fmt in (
        FileFormat("gpkg", "application/geopackage+sqlite3", "GPKG", "gpkg"),
        FileFormat("csv", "text/csv; charset=utf-8", "CSV", "csv"),
        FileFormat("kml", "application/vnd.google-earth.kml+xml", "KML", "kml"),
        FileFormat("fgb", "application/flatgeobuf", "FlatGeobuf", "fgb", streamed=True),
    )
}


def write_file(geojson: bytes, fmt: FileFormat, layer_name: str, crs: str,
               points: bool) -> bytes:
    """The FeatureCollection ``geojson`` (coordinates in ``crs``, x first) as a ``fmt`` file.

    CSV carries longitude/latitude (or easting/northing) columns for point layers and a WKT
    column otherwise; KML is always WGS84, so GDAL reprojects into it.
    """
    frame = gpd.read_file(io.BytesIO(geojson), engine="pyogrio")
    frame = frame.set_crs(crs, allow_override=True)
    options = {}
    if fmt.driver == "CSV":
        options["GEOMETRY"] = "AS_XY" if points else "AS_WKT"
    if fmt.driver == "KML":
        frame = frame.to_crs("OGC:CRS84")
    buffer = io.BytesIO()
    frame.to_file(buffer, driver=fmt.driver, layer=layer_name, engine="pyogrio",
                  layer_options=options)
    return buffer.getvalue()


# Streamed FlatGeobuf ----------------------------------------------------------------------

FGB_BATCH_ROWS = 5_000


@dataclass(frozen=True)
class Column:
    """One attribute of a streamed file: its name and JSON Schema type and format."""

    name: str
    type: str = "string"
    format: str | None = None

    def arrow_type(self) -> pa.DataType:
        # Arrays travel as their JSON text (the GeoPackage convention), uuids as text.
        if self.format == "date":
            return pa.date32()
        if self.format == "date-time":
            return pa.timestamp("ms", tz="UTC")
        return {"number": pa.float64(), "integer": pa.int64(),
                "boolean": pa.bool_()}.get(self.type, pa.string())


def _record_batches(columns: list[Column], batches: Iterable[list[tuple[Any, ...]]]
                    ) -> tuple[pa.Schema, Iterator[pa.RecordBatch]]:
    """Rows of (WKB geometry, *values) as Arrow record batches of one declared schema."""
    schema = pa.schema([pa.field("geometry", pa.binary()),
                        *(pa.field(c.name, c.arrow_type()) for c in columns)])

    def convert() -> Iterator[pa.RecordBatch]:
        for rows in batches:
            values = list(zip(*rows, strict=True))
            yield pa.RecordBatch.from_arrays(
                [pa.array(v, type=f.type) for v, f in zip(values, schema, strict=True)],
                schema=schema)

    return schema, convert()


def write_flatgeobuf(path: Path, layer_name: str, columns: list[Column],
                     batches: Iterable[list[tuple[Any, ...]]], srid: int,
                     geometry_type: str, spatial_index: bool = True) -> str:
    """Write rows of (WKB geometry x first in EPSG ``srid``, *values) to a FlatGeobuf file
    with its packed Hilbert R-tree; returns a hash of the file for its ETag.

    GDAL reads the rows batch by batch (an Arrow stream), keeps only the index entries in
    memory and writes the features to a temporary file beside ``path`` until the index is
    known (FlatGeobuf puts the index before the features). Layers of declared geometry type
    and attribute types, so an empty file still says what it holds. The index has no place
    for a feature without geometry: files holding one are written without it.
    """
    schema, record_batches = _record_batches(columns, batches)
    stream = pa.RecordBatchReader.from_batches(schema, record_batches)
    pyogrio.write_arrow(
        stream, str(path), layer=layer_name, driver="FlatGeobuf", geometry_name="geometry",
        geometry_type=geometry_type, crs=CRS.from_epsg(srid).to_wkt(),
        layer_options={"SPATIAL_INDEX": "YES" if spatial_index else "NO",
                       "TEMPORARY_DIR": str(path.parent)})
    hasher = hashlib.blake2b(digest_size=16)
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            hasher.update(chunk)
    return hasher.hexdigest()

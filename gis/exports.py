"""Files for download, written by GDAL (through pyogrio).

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
from typing import TYPE_CHECKING, Any

from pyproj import CRS

# pyarrow and pyogrio (which imports geopandas, pandas and pyarrow itself) are imported where
# a file is written: at start they would hold some 170 MB in every server process that never
# writes one (the bench's peak-RSS scenario, 5, serves a million markers without a file).
if TYPE_CHECKING:
    import pyarrow as pa


@dataclass(frozen=True)
class FileFormat:
    """A file format features can be downloaded in, and the GDAL driver that writes it."""

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


def write_file(
    geojson: bytes, fmt: FileFormat, layer_name: str, srid: int, geometry_type: str, name_field: str
) -> bytes:
    """The FeatureCollection ``geojson`` (coordinates x first in EPSG ``srid``; CRS84 for
    KML) as a ``fmt`` file of the declared ``geometry_type``.

    GDAL reads the GeoJSON into Arrow columns and writes them: dates stay dates in a
    GeoPackage (no pandas round trip turns them into date-times), and CSV keeps every date
    and date-time as the ISO text the GeoJSON has. CSV carries x/y columns for point layers
    and a WKT column otherwise; KML placemarks are named by ``name_field``.
    """
    import pyogrio

    open_options = {"DATE_AS_STRING": "YES"} if fmt.driver == "CSV" else {}
    meta, table = pyogrio.read_arrow(io.BytesIO(geojson), **open_options)
    layer_options, dataset_options = {}, {}
    if fmt.driver == "CSV":
        layer_options["GEOMETRY"] = "AS_XY" if geometry_type == "Point" else "AS_WKT"
    if fmt.driver == "KML":
        dataset_options["NameField"] = name_field
    buffer = io.BytesIO()
    pyogrio.write_arrow(
        table,
        buffer,
        driver=fmt.driver,
        layer=layer_name,
        geometry_name=meta["geometry_name"] or "wkb_geometry",
        geometry_type=geometry_type,
        crs=CRS.from_epsg(srid).to_wkt(),
        layer_options=layer_options,
        dataset_options=dataset_options,
    )
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
        """The Arrow type this column is written with."""
        import pyarrow as pa

        # Arrays travel as their JSON text (the GeoPackage convention), uuids as text.
        if self.format == "date":
            return pa.date32()
        if self.format == "date-time":
            return pa.timestamp("ms", tz="UTC")
        return {"number": pa.float64(), "integer": pa.int64(), "boolean": pa.bool_()}.get(
            self.type, pa.string()
        )


def _record_batches(
    columns: list[Column], batches: Iterable[list[tuple[Any, ...]]]
) -> tuple[pa.Schema, Iterator[pa.RecordBatch]]:
    """Rows of (WKB geometry, *values) as Arrow record batches of one declared schema."""
    import pyarrow as pa

    schema = pa.schema(
        [pa.field("geometry", pa.binary()), *(pa.field(c.name, c.arrow_type()) for c in columns)]
    )

    def convert() -> Iterator[pa.RecordBatch]:
        for rows in batches:
            values = list(zip(*rows, strict=True))
            yield pa.RecordBatch.from_arrays(
                [pa.array(v, type=f.type) for v, f in zip(values, schema, strict=True)],
                schema=schema,
            )

    return schema, convert()


def write_flatgeobuf(
    path: Path,
    layer_name: str,
    columns: list[Column],
    batches: Iterable[list[tuple[Any, ...]]],
    srid: int,
    geometry_type: str,
    spatial_index: bool = True,
) -> str:
    """Write rows of (WKB geometry x first in EPSG ``srid``, *values) to a FlatGeobuf file
    with its packed Hilbert R-tree; returns a hash of the file for its ETag.

    GDAL reads the rows batch by batch (an Arrow stream), keeps only the index entries in
    memory and writes the features to a temporary file beside ``path`` until the index is
    known (FlatGeobuf puts the index before the features). Layers of declared geometry type
    and attribute types, so an empty file still says what it holds. The index has no place
    for a feature without geometry: files holding one are written without it.
    """
    import pyarrow as pa
    import pyogrio

    schema, record_batches = _record_batches(columns, batches)
    stream = pa.RecordBatchReader.from_batches(schema, record_batches)
    pyogrio.write_arrow(
        stream,
        str(path),
        layer=layer_name,
        driver="FlatGeobuf",
        geometry_name="geometry",
        geometry_type=geometry_type,
        crs=CRS.from_epsg(srid).to_wkt(),
        layer_options={
            "SPATIAL_INDEX": "YES" if spatial_index else "NO",
            "TEMPORARY_DIR": str(path.parent),
        },
    )
    hasher = hashlib.blake2b(digest_size=16)
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            hasher.update(chunk)
    return hasher.hexdigest()

"""Files for download, written by GDAL (through geopandas and pyogrio) from GeoJSON text.

PostgreSQL writes the GeoJSON; GDAL turns it into the requested format. Nothing here writes
a file format by hand.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import geopandas as gpd


@dataclass(frozen=True)
class FileFormat:
    """A file format features can be downloaded in, and the GDAL driver that writes it."""
    key: str  # the value of ``f=``
    media_type: str
    driver: str
    extension: str


FILE_FORMATS = {
    fmt.key: fmt
    for fmt in (
        FileFormat("gpkg", "application/geopackage+sqlite3", "GPKG", "gpkg"),
        FileFormat("csv", "text/csv; charset=utf-8", "CSV", "csv"),
        FileFormat("kml", "application/vnd.google-earth.kml+xml", "KML", "kml"),
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

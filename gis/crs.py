"""The coordinate reference systems the service speaks (OGC API – Features Part 2).

Geometries are stored in EPSG:4326 with longitude first (PostGIS order), which is CRS84.
Every other CRS is reached with ``ST_Transform``; pyproj tells us each CRS's axis order, so
a CRS whose first axis is latitude (EPSG:4326, EPSG:4756) gets its coordinates swapped.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from pyproj import CRS, Transformer

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG_URI = "http://www.opengis.net/def/crs/EPSG/0/{code}"
STORAGE_SRID = 4326

# CRS84 first: the default. Then WGS84 (lat first), Web Mercator, UTM 48N and VN-2000.
SUPPORTED_SRIDS = (4326, 3857, 32648, 4756, 3405)

_EPSG_FORMS = (
    re.compile(r"^https?://www\.opengis\.net/def/crs/EPSG/0/(\d{4,5})$"),
    re.compile(r"^\[?EPSG:(\d{4,5})\]?$", re.IGNORECASE),
    re.compile(r"^urn:ogc:def:crs:EPSG::(\d{4,5})$", re.IGNORECASE),
)
_CRS84_FORMS = {
    CRS84,
    "https://www.opengis.net/def/crs/OGC/1.3/CRS84",
    "[OGC:CRS84]",
    "OGC:CRS84",
    "urn:ogc:def:crs:OGC:1.3:CRS84",
}


class UnsupportedCrs(ValueError):
    """A CRS the service does not offer (or text that names no CRS)."""


@dataclass(frozen=True)
class OutputCrs:
    """One offered CRS: its URI, its PostGIS SRID and how to write coordinates in it."""

    uri: str
    srid: int
    lat_first: bool  # the CRS's first axis is latitude / northing-like: swap x and y
    decimals: int  # 7 for degrees (about 1 cm), 3 for metres (1 mm)

    @property
    def is_storage(self) -> bool:
        """True when stored coordinates can be sent as they are (CRS84)."""
        return self.srid == STORAGE_SRID and not self.lat_first


@cache
def _epsg(srid: int) -> OutputCrs:
    crs = CRS.from_epsg(srid)
    first_axis = crs.axis_info[0].direction.lower()
    return OutputCrs(
        uri=EPSG_URI.format(code=srid),
        srid=srid,
        lat_first=first_axis in ("north", "south"),
        decimals=7 if crs.is_geographic else 3,
    )


DEFAULT_CRS = OutputCrs(uri=CRS84, srid=STORAGE_SRID, lat_first=False, decimals=7)


def file_crs_uri(crs: OutputCrs) -> str:
    """The CRS a file written in ``crs`` is really in: files store x first, so a file
    asked for in EPSG:4326 (latitude first) holds CRS84 coordinates."""
    return CRS84 if crs.srid == STORAGE_SRID else crs.uri


def supported_crs() -> list[OutputCrs]:
    """The CRSs answers can be written in, CRS84 first."""
    return [DEFAULT_CRS, *(_epsg(srid) for srid in SUPPORTED_SRIDS)]


def supported_uris() -> list[str]:
    """The URIs of the supported CRSs, CRS84 first."""
    return [crs.uri for crs in supported_crs()]


def parse_crs(text: str | None) -> OutputCrs:
    """The offered CRS named by ``text`` (URI, ``EPSG:n``, ``[EPSG:n]`` or URN); CRS84 if none.

    Raises:
        UnsupportedCrs: the text names no CRS, or one the service does not offer.
    """
    if text is None or text.strip() in _CRS84_FORMS:
        return DEFAULT_CRS
    for form in _EPSG_FORMS:
        match = form.match(text.strip())
        if match and int(match.group(1)) in SUPPORTED_SRIDS:
            return _epsg(int(match.group(1)))
    raise UnsupportedCrs(
        f"'{text[:80]}' is not one of the offered CRS: {', '.join(supported_uris())}"
    )


@cache
def _to_crs84(srid: int) -> Transformer:
    return Transformer.from_crs(f"EPSG:{srid}", "OGC:CRS84")


def bbox_is_usable(bbox: tuple[float, float, float, float], crs: OutputCrs) -> bool:
    """Whether the corners of ``bbox`` (in ``crs``'s axis order) reach CRS84.

    A projected box far outside its projection's domain would otherwise fail inside PostGIS.
    """
    if crs.is_storage:
        return True
    xs, ys = _to_crs84(crs.srid).transform([bbox[0], bbox[2]], [bbox[1], bbox[3]], errcheck=False)
    return all(math.isfinite(v) for v in (*xs, *ys))

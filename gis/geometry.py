"""Geodesic measures on the WGS84 ellipsoid (pyproj), shared by seed data and imports."""

from __future__ import annotations

from collections.abc import Sequence

from pyproj import CRS, Geod, Transformer
from shapely.geometry.base import BaseGeometry

WGS84 = Geod(ellps="WGS84")
Coordinate = tuple[float, float]  # lon, lat


def geodesic_length_m(geometry: BaseGeometry) -> float:
    """Length of a (multi)line in metres along the ellipsoid."""
    return float(WGS84.geometry_length(geometry))


def point_along(coords: Sequence[Coordinate], distance_m: float) -> Coordinate:
    """The point ``distance_m`` metres from the start of a lon/lat polyline, geodesically."""
    if distance_m <= 0:
        return coords[0]
    remaining = distance_m
    for (lon1, lat1), (lon2, lat2) in zip(coords, coords[1:], strict=False):
        azimuth, _, segment = WGS84.inv(lon1, lat1, lon2, lat2)
        if remaining <= segment:
            lon, lat, _ = WGS84.fwd(lon1, lat1, azimuth, remaining)
            return (lon, lat)
        remaining -= segment
    return coords[-1]


def to_wgs84(crs: str | int | CRS) -> Transformer:
    """A transformer from ``crs`` to lon/lat WGS84 (axis order always x=lon, y=lat)."""
    return Transformer.from_crs(CRS.from_user_input(crs), CRS.from_epsg(4326), always_xy=True)

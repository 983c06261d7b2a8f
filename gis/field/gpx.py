"""GPX files from handheld receivers → a track (lines of lon, lat) and its time span."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import gpxpy
import gpxpy.gpx

from gis.field.errors import Rejected


@dataclass(frozen=True)
class GpxTrack:
    lines: list[list[tuple[float, float]]]
    started_at: dt.datetime | None
    ended_at: dt.datetime | None

    def geojson(self) -> dict[str, Any]:
        return {"type": "MultiLineString",
                "coordinates": [[list(point) for point in line] for line in self.lines]}


def parse(text: str) -> GpxTrack:
    """Every track segment and route with two or more points becomes one line."""
    try:
        document = gpxpy.parse(text)
    except (gpxpy.gpx.GPXException, ValueError) as err:
        raise Rejected(f"gpx: not a readable GPX file ({err})") from err
    point_lists: list[list[Any]] = [
        segment.points for track in document.tracks for segment in track.segments]
    point_lists += [route.points for route in document.routes]
    if not any(point_lists):
        raise Rejected("gpx: the file has no track or route points")
    lines = [[(p.longitude, p.latitude) for p in points] for points in point_lists
             if len(points) >= 2]
    if not lines:
        raise Rejected("gpx: a track needs at least two points in one segment")
    times = sorted(p.time for points in point_lists for p in points if p.time is not None)
    started, ended = (_aware(times[0]), _aware(times[-1])) if times else (None, None)
    return GpxTrack(lines, started, ended)


def _aware(value: dt.datetime) -> dt.datetime:
    # GPX times are UTC by the standard; gpxpy leaves a time without "Z" naive.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)

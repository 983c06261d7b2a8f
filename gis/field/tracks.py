"""Patrol tracks as receivers record them, cleaned into what a line can store.

Real GPS logs carry elevations (Z) and measures (M), the same point many times while the
receiver stands still, and segments of a single fix. None of that makes a patrol wrong, so
it is cleaned rather than refused, and the answer says what was cleaned:

* Z and M are dropped (the track is stored as longitude, latitude);
* a point equal to the one before it is removed;
* a segment left with fewer than two distinct points is dropped.

What is refused has its own message: a coordinate that is not a finite number (NaN or
Infinity), one outside longitude/latitude degrees, or more vertices than the limit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from pydantic import BaseModel, Field
from shapely import LineString, MultiLineString


class TrackCleaning(BaseModel):
    """What was changed between the track as sent and the track as stored."""

    vertices_received: int
    vertices_kept: int
    z_dropped: int = Field(0, description="vertices whose elevation (Z) was dropped")
    m_dropped: int = Field(0, description="vertices whose measure (M) was dropped")
    repeated_points_removed: int = Field(0, description="points equal to the one before")
    segments_received: int
    segments_dropped: int = Field(
        0,
        description="segments left with fewer than two distinct "
        "points (a receiver standing still, a lone fix)",
    )
    points_without_position: int = Field(
        0, description="GPX points whose position is not a number (a lost fix), left out"
    )

    @property
    def changed(self) -> bool:
        """Whether the stored track differs from the one sent."""
        return self.vertices_kept != self.vertices_received or bool(
            self.z_dropped or self.m_dropped or self.points_without_position
        )

    def summary(self) -> str:
        """What was cleaned, in words."""
        parts = [
            f"{count:,} {what}"
            for count, what in (
                (self.points_without_position, "points without a position left out"),
                (self.z_dropped, "elevations (Z) dropped"),
                (self.m_dropped, "measures (M) dropped"),
                (self.repeated_points_removed, "repeated points removed"),
                (self.segments_dropped, "segments of fewer than two distinct points dropped"),
            )
            if count
        ]
        return "; ".join(parts) if parts else "nothing to clean"


@dataclass(frozen=True)
class CleanTrack:
    """A track ready to store, with what was cleaned from it."""

    # (n, 2) lon/lat arrays: 50,000 vertices as Python lists are 50,000 objects more for
    # the collector to sweep, and nothing reads them (the database is sent the WKB)
    lines: list[np.ndarray]
    cleaning: TrackCleaning
    wkb: bytes  # the same lines as a MultiLineString in WKB: what the database is sent


class TrackRefused(ValueError):
    """The track cannot be stored; the message says where and why."""


def _line_array(line: Any, number: int) -> tuple[np.ndarray, int, int]:
    """A line's lon/lat as an (n, 2) float array, with how many vertices had Z and M. A GPX
    reader hands its lines over as arrays already."""
    if not isinstance(line, list | np.ndarray):
        raise TrackRefused(f"line {number} is not an array of positions")
    try:  # the usual case, every vertex the same size: one conversion, no copies per vertex
        whole = np.asarray(line)
    except ValueError:  # vertices of different sizes
        whole = None
    if whole is not None and whole.ndim == 2 and 2 <= whole.shape[1] <= 4:
        return (
            _numbers(whole, number)[:, :2],
            len(whole) if whole.shape[1] >= 3 else 0,
            len(whole) if whole.shape[1] == 4 else 0,
        )
    sizes = [len(v) if isinstance(v, list) else 0 for v in line]
    for index, size in enumerate(sizes):
        if not 2 <= size <= 4:
            raise TrackRefused(
                f"line {number}, vertex {index + 1}: a position is an array of "
                "2 to 4 numbers (longitude, latitude[, Z[, M]])"
            )
    xy = _numbers(np.array([v[:2] for v in line]).reshape(-1, 2), number)
    return xy, sum(s >= 3 for s in sizes), sum(s == 4 for s in sizes)


def _numbers(values: np.ndarray, number: int) -> np.ndarray:
    # JSON text ("106.5") or null would make numpy strings or objects: not coordinates.
    if values.dtype.kind not in "fiu":
        raise TrackRefused(f"line {number}: coordinates must be numbers")
    return values.astype(float)


def _refuse_non_finite(xy: np.ndarray, number: int) -> None:
    bad = np.flatnonzero(~np.isfinite(xy).all(axis=1))
    if bad.size:
        raise TrackRefused(
            f"line {number}, vertex {bad[0] + 1}: a coordinate is NaN or Infinity, not a "
            f"position ({bad.size:,} of {len(xy):,} vertices); leave out points without a "
            "fix"
        )
    outside = np.flatnonzero((np.abs(xy[:, 0]) > 180) | (np.abs(xy[:, 1]) > 90))
    if outside.size:
        raise TrackRefused(
            f"line {number}, vertex {outside[0] + 1}: coordinates must be "
            "longitude, latitude in WGS84 degrees"
        )


def clean(
    lines: Sequence[Any], max_vertices: int, points_without_position: int = 0, elevations: int = 0
) -> CleanTrack:
    """Clean the lines of a (Multi)LineString's coordinates; TrackRefused when the result
    cannot be a track (no two distinct points, or more than ``max_vertices``).

    ``points_without_position`` and ``elevations``: what a file reader already left out
    (points without a fix, <ele> values), counted in the report."""
    kept_arrays: list[np.ndarray] = []
    received, z_dropped, m_dropped, repeated = points_without_position, elevations, 0, 0
    for number, line in enumerate(lines, start=1):
        xy, with_z, with_m = _line_array(line, number)
        _refuse_non_finite(xy, number)
        received += len(xy)
        z_dropped += with_z
        m_dropped += with_m
        moved = np.ones(len(xy), dtype=bool)
        moved[1:] = (xy[1:] != xy[:-1]).any(axis=1)
        distinct = xy[moved]
        repeated += len(xy) - len(distinct)
        if len(distinct) >= 2:
            kept_arrays.append(distinct)
    kept = sum(len(line) for line in kept_arrays)
    cleaning = TrackCleaning(
        vertices_received=received,
        vertices_kept=kept,
        z_dropped=z_dropped,
        m_dropped=m_dropped,
        repeated_points_removed=repeated,
        segments_received=len(lines),
        segments_dropped=len(lines) - len(kept_arrays),
        points_without_position=points_without_position,
    )
    if not kept_arrays:
        raise TrackRefused(
            "no segment has two distinct points (the receiver did not move), "
            "so there is no line to store"
        )
    if kept > max_vertices:
        raise TrackRefused(
            f"{kept:,} vertices exceed the limit of {max_vertices:,} per "
            "patrol track (COTMOC_MAX_TRACK_VERTICES)"
        )
    # WKB is made in C from the arrays and read by PostGIS without parsing text, which for
    # a 50,000-point track takes longer than the rest of the insert (bench scenario 4).
    wkb = MultiLineString([LineString(a) for a in kept_arrays]).wkb
    return CleanTrack(kept_arrays, cleaning, wkb)

"""The illustrative marker layout of the Savannakhet section.

The sources give the section's length (108.476 km), its range (from 576+865m to 607(1,2)) and
its size (50 positions holding 66 markers and reference stakes), but only four identifiers
(585, 606(1), 607(1), 607(2)) and no coordinate. Everything else here follows this rule, and
every record it makes says ``coord_status = interpolated`` and whether its id is official:

* The first position is the section's start point "576+865m"; then main numbers 577…607.
* 18 intermediate positions "NNN/1" are spread evenly over the 30 gaps between 577 and 607,
  each holding one reference stake (cọc dấu).
* Main positions 592…607 are double, holding NNN(1) and NNN(2): double markers stand on the two
  banks where the line follows the Sê Pôn, which it does toward the south end of the section.
  This matches the known 606(1), 607(1), 607(2) and the single 585.
* The 50 positions are evenly spaced by official chainage (0 … 108 476 m) and placed on the
  measured line at the same fraction of its geodesic length.
"""

from __future__ import annotations

from dataclasses import dataclass

START_POSITION = "576+865m"
FIRST_MAIN, LAST_MAIN = 577, 607
FIRST_DOUBLE = 592
INTERMEDIATE_COUNT = 18
OFFICIAL_LENGTH_M = 108_476.0
KNOWN_MARKERS = frozenset({"585", "606(1)", "607(1)", "607(2)"})
KNOWN_POSITIONS = frozenset({START_POSITION, "585", "606", "607"})


@dataclass(frozen=True)
class PlannedMarker:
    """A marker or stake the seed places, by code and type."""

    code: str
    type: str  # boundary_marker | reference_stake

    @property
    def id_status(self) -> str:
        """``official`` for a code the sources name, else ``illustrative``."""
        return "official" if self.code in KNOWN_MARKERS else "illustrative"


@dataclass(frozen=True)
class PlannedPosition:
    """A marker position the seed places along a section, with its markers."""

    number: str
    chainage_m: float
    markers: tuple[PlannedMarker, ...]

    @property
    def kind(self) -> str:
        """single, double or triple, by the number of markers at the position."""
        return {1: "single", 2: "double", 3: "triple"}[len(self.markers)]

    @property
    def id_status(self) -> str:
        """``official`` for a number the sources name, else ``illustrative``."""
        return "official" if self.number in KNOWN_POSITIONS else "illustrative"


def _position_numbers() -> list[str]:
    numbers = [START_POSITION]
    gaps = LAST_MAIN - FIRST_MAIN
    for index, main in enumerate(range(FIRST_MAIN, LAST_MAIN + 1)):
        numbers.append(str(main))
        # Bresenham-like spreading: an intermediate after gap i when the running share rises.
        if index < gaps and (index + 1) * INTERMEDIATE_COUNT // gaps > (
            index * INTERMEDIATE_COUNT // gaps
        ):
            numbers.append(f"{main}/1")
    return numbers


def _markers_at(number: str) -> tuple[PlannedMarker, ...]:
    if "/" in number:
        return (PlannedMarker(number, "reference_stake"),)
    if number != START_POSITION and int(number) >= FIRST_DOUBLE:
        return (
            PlannedMarker(f"{number}(1)", "boundary_marker"),
            PlannedMarker(f"{number}(2)", "boundary_marker"),
        )
    return (PlannedMarker(number, "boundary_marker"),)


def savannakhet_layout() -> list[PlannedPosition]:
    """The 50 positions and 66 markers, ordered by chainage."""
    numbers = _position_numbers()
    spacing = OFFICIAL_LENGTH_M / (len(numbers) - 1)
    return [
        PlannedPosition(number, round(index * spacing, 1), _markers_at(number))
        for index, number in enumerate(numbers)
    ]

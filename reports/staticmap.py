"""The report's map: a PNG drawn on the server with matplotlib (no browser, no network, no
tiles) from the rows the report read, in the layers' colours.

The picture carries no words (matplotlib does not shape Lao script); its legend is in the
report's HTML, in the report's languages.
"""

from __future__ import annotations

import io
import math
from typing import Any

from layers import LAYERS

CONDITION_COLOURS: dict[str, str] = LAYERS["inspections"].style.colors
NEVER_INSPECTED = "#9e9e9e"
SECTION_COLOURS: dict[str, str] = LAYERS["border_sections"].style.colors
OPEN_DAMAGE = "#d50000"
ESTIMATED = ("interpolated", "approximate", "derived", "unknown")
LABELLED_AT_MOST = 40  # more codes than this would cover the map


def _pyplot() -> Any:
    """The pyplot module of matplotlib, drawing to memory. Imported on the first report, not
    with the server: some 30 MB that a process serving no report does not need."""
    import matplotlib

    matplotlib.use("Agg")  # before pyplot: draw to memory, never to a display
    import matplotlib.pyplot as plt

    return plt


def marker_colour(condition: str | None) -> str:
    """The colour a marker is drawn in, by its last inspected condition."""
    return CONDITION_COLOURS.get(condition or "", NEVER_INSPECTED)


def draw(
    lines: list[dict[str, Any]],
    markers: list[dict[str, Any]],
    loose_damage: list[tuple[float, float]],
) -> bytes:
    """PNG bytes: section lines, markers by last condition (hollow when their point is
    estimated), open damage ringed in red and labelled with the marker code (when few)."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(8, 5.2), dpi=150)
    try:
        for line in lines:
            xs, ys = zip(*line["coordinates"], strict=True)
            axes.plot(
                xs, ys, color=SECTION_COLOURS.get(line["code"], "#c0392b"), linewidth=2.2, zorder=1
            )
        placed = [m for m in markers if m["lon"] is not None]
        for estimated in (True, False):
            group = [m for m in placed if (m["coord_status"] in ESTIMATED) == estimated]
            if not group:
                continue
            colours = [marker_colour(m["last_condition"]) for m in group]
            axes.scatter(
                [m["lon"] for m in group],
                [m["lat"] for m in group],
                s=22 if len(placed) <= 200 else 8,
                facecolors="white" if estimated else colours,
                edgecolors=colours,
                linewidths=1.6,
                zorder=3,
            )
        damaged = [m for m in placed if m["open_damage"]]
        rings = [(m["lon"], m["lat"]) for m in damaged] + loose_damage
        few = len(rings) <= LABELLED_AT_MOST  # many rings are drawn small, or red hides all
        if rings:
            ring_x, ring_y = zip(*rings, strict=True)
            axes.scatter(
                ring_x,
                ring_y,
                s=150 if few else 45,
                facecolors="none",
                edgecolors=OPEN_DAMAGE,
                linewidths=1.8 if few else 0.9,
                zorder=4,
            )
        for m in damaged if few else ():
            axes.annotate(
                m["code"],
                (m["lon"], m["lat"]),
                xytext=(6, 4),
                textcoords="offset points",
                fontsize=7,
                color=OPEN_DAMAGE,
                zorder=5,
            )
        _frame(axes, lines, placed)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()
    finally:
        plt.close(figure)


def _frame(axes: Any, lines: list[dict[str, Any]], placed: list[dict[str, Any]]) -> None:
    """Equal distances both ways at this latitude, a light grid, degrees on the axes."""
    lats = [y for line in lines for _, y in line["coordinates"]] + [m["lat"] for m in placed]
    if lats:
        axes.set_aspect(1 / math.cos(math.radians(sum(lats) / len(lats))))
    axes.grid(color="#dddddd", linewidth=0.5)
    axes.tick_params(labelsize=7)
    axes.set_facecolor("#fbfbf8")

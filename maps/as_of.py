"""Maps of the registry as it held on a day (``?at=YYYY-MM-DD``, issue 13).

Registry layers are read from their versions (``layers.filters.as_of_source``'s functions)
as valid at 00:00 UTC of that day, as the API's ``datetime`` reads a date, and as recorded
now; other layers keep only the records that began by then (their temporal property).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from psycopg import sql

from layers.base import Layer
from layers.labels import label
from layers.query import column


def caption(day: date, lang: str) -> str:
    """The caption of a map as of ``day`` (label ``map.as_of``): "Trạng thái ngày 01/06/2005",
    day/month/year in Vietnamese and Lao, ISO in English."""
    shown = day.isoformat() if lang == "en" else day.strftime("%d/%m/%Y")
    return label("map.as_of", lang).format(date=shown)


def instant(day: date) -> datetime:
    """00:00 UTC of ``day``: the instant a date means to the API's ``datetime``."""
    return datetime.combine(day, time(), UTC)


def source_at(layer: Layer, day: date) -> tuple[sql.Composable, tuple[Any, ...]] | None:
    """The rows of a registry layer valid on ``day``, or None for a layer without versions."""
    if layer.versions is None:
        return None
    return (
        sql.SQL("{}(%s::timestamptz, %s::timestamptz, now())").format(
            sql.Identifier(layer.versions.at_function)
        ),
        (instant(day), instant(day)),
    )


def began_by(layer: Layer, day: date) -> tuple[sql.Composable, tuple[Any, ...]] | None:
    """For a layer without versions: its records whose temporal property is not after
    ``day`` (e.g. damage observed by then), or None when it has no temporal property."""
    if layer.versions is not None or layer.temporal is None:
        return None
    return (sql.SQL("{} <= %s").format(column(layer.temporal)), (instant(day),))

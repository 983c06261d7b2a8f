"""The simple filters of OGC API – Features Part 1: bbox, datetime and property equality.

Each function returns one SQL condition on the current row (``t``) with its values bound.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time
from typing import Any

from psycopg import sql

from gis.crs import OutputCrs, bbox_is_usable
from layers.base import Layer, Property
from layers.query import Bindings, BoxCondition, QueryError, column, envelope
from layers.queryables import queryable
from layers.text import nfc, nfc_array, nfc_text


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """``minx,miny,maxx,maxy`` (or the 6-number 3D form, whose heights are dropped)."""
    try:
        numbers = [float(part) for part in text.split(",")]
    except ValueError:
        raise QueryError("bbox", "expected 4 or 6 comma-separated numbers") from None
    if len(numbers) not in (4, 6) or not all(math.isfinite(n) for n in numbers):
        raise QueryError("bbox", f"expected 4 or 6 finite numbers, got {len(numbers)}")
    if len(numbers) == 6:
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    minx, miny, maxx, maxy = numbers
    if minx > maxx or miny > maxy:
        raise QueryError(
            "bbox",
            "the lower corner must come first (bboxes crossing the antimeridian are not supported)",
        )
    return minx, miny, maxx, maxy


def bbox_condition(
    layer: Layer, bbox: tuple[float, float, float, float], crs: OutputCrs, bindings: Bindings
) -> sql.Composable:
    """Features meeting ``bbox`` (given in ``crs``); a 400 for a box outside what that CRS can
    describe."""
    if not bbox_is_usable(bbox, crs):
        raise QueryError("bbox", f"the box lies outside the area {crs.uri} can describe")
    # The envelope moves to storage CRS; the column stays bare so its GiST index is used.
    return BoxCondition(layer, envelope(bbox, crs, bindings))


def parse_instant(text: str, parameter: str = "datetime") -> datetime | None:
    """An RFC 3339 date-time or date (UTC when no offset); None for ``..`` or empty."""
    text = text.strip()
    if text in ("", ".."):
        return None
    try:
        if "T" not in text.upper():
            return datetime.combine(date.fromisoformat(text), time(), tzinfo=UTC)
        moment = datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
    except ValueError:
        raise QueryError(parameter, f"'{text[:40]}' is not an RFC 3339 date-time or date") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_datetime(text: str) -> tuple[datetime | None, datetime | None]:
    """An instant (start == end) or an interval ``start/end`` with ``..`` for an open end."""
    if "/" not in text:
        moment = parse_instant(text)
        if moment is None:
            raise QueryError("datetime", "an instant cannot be open ('..'); use start/end")
        return moment, moment
    parts = text.split("/")
    if len(parts) != 2:
        raise QueryError("datetime", "an interval has exactly one '/'")
    start, end = parse_instant(parts[0]), parse_instant(parts[1])
    if start is None and end is None:
        raise QueryError("datetime", "an interval needs at least one closed end")
    if start and end and start > end:
        raise QueryError("datetime", "the interval ends before it starts")
    return start, end


def datetime_condition(
    layer: Layer, interval: tuple[datetime | None, datetime | None], bindings: Bindings
) -> sql.Composable:
    """Rows whose temporal property lies in the interval (ends included).

    Layers without a temporal property answer 400 rather than silently ignoring the
    parameter: a client that asked for a time window must not mistake everything for it.
    """
    if layer.temporal is None:
        raise QueryError("datetime", f"collection '{layer.id}' has no temporal property")
    start, end = interval
    target = column(layer.temporal)
    if start == end:
        return sql.SQL("{} = {}").format(target, bindings.bind(start))
    parts = []
    if start is not None:
        parts.append(sql.SQL("{} >= {}").format(target, bindings.bind(start)))
    if end is not None:
        parts.append(sql.SQL("{} <= {}").format(target, bindings.bind(end)))
    return sql.SQL(" AND ").join(parts)


def as_of_source(
    layer: Layer,
    valid: tuple[datetime | None, datetime | None] | None,
    recorded: datetime | None,
    bindings: Bindings,
) -> sql.Composable:
    """A versioned layer's rows at a time: valid at the instant ``valid`` (start == end), or
    each feature's last state valid within the interval; as the registry recorded them at
    ``recorded`` (now when None). ``valid`` None means now."""
    if layer.versions is None:
        raise QueryError("recorded-at", f"collection '{layer.id}' keeps no versions")
    now = sql.SQL("now()")
    start, end = valid if valid is not None else (None, None)
    if valid is None:
        start_sql: sql.Composable = now
        end_sql: sql.Composable = now
    else:
        start_sql, end_sql = (
            sql.SQL("{}::timestamptz").format(bindings.bind(v)) for v in (start, end)
        )
    recorded_sql = (
        now if recorded is None else sql.SQL("{}::timestamptz").format(bindings.bind(recorded))
    )
    return sql.SQL("{}({}, {}, {})").format(
        sql.Identifier(layer.versions.at_function), start_sql, end_sql, recorded_sql
    )


def literal_for(prop: Property, text: str, parameter: str) -> Any:
    """A query-string value converted to the property's type, so comparisons stay typed."""
    try:
        if prop.type == "integer":
            return int(text)
        if prop.type == "number":
            value = float(text)
            if not math.isfinite(value):
                raise ValueError
            return value
    except ValueError:
        raise QueryError(parameter, f"'{text[:40]}' is not a {prop.type}") from None
    if prop.type == "boolean":
        if text.lower() not in ("true", "false"):
            raise QueryError(parameter, "expected true or false")
        return text.lower() == "true"
    if prop.enum and text not in prop.enum:
        raise QueryError(parameter, f"'{text[:40]}' is not one of {', '.join(prop.enum)}")
    return text  # dates and uuids too: PostgreSQL parses them for the column's type


def equality_condition(layer: Layer, name: str, text: str, bindings: Bindings) -> sql.Composable:
    """``?status=damaged``: rows whose property equals the value (or whose array holds it)."""
    prop = queryable(layer, name, name)
    if prop.type == "array":
        return sql.SQL("{} = ANY({})").format(
            bindings.bind(nfc(text)), nfc_array(column(prop.name))
        )
    value = literal_for(prop, nfc(text), name)
    if prop.type == "string" and prop.format is None:  # text, compared in NFC
        return sql.SQL("{} = {}").format(nfc_text(column(prop.name)), bindings.bind(value))
    return sql.SQL("{} = {}").format(column(prop.name), bindings.bind(value))


class InlineValues(Bindings):
    """Bindings that write each value into the SQL as a quoted literal: for conditions put
    into a query whose other values are bound by position (the maps' queries)."""

    def bind(self, value: Any) -> sql.Composable:  # type: ignore[override]
        """The value as an SQL literal, adapted by psycopg when the query is written."""
        return sql.Literal(value)


def parameters_condition(
    layer: Layer, parameters: dict[str, str], bindings: Bindings
) -> sql.Composable | None:
    """The rows that OGC API query parameters choose, ``datetime`` and queryable equality
    (``marker_code=…``), as one condition on the row alias; None when they choose all.

    The tiles endpoint reads its filters with it, and so do the maps, which hand the same
    parameters to the tiles a page draws: the tiles and the page choose the same rows.
    """
    if "datetime" in parameters and layer.versions is not None:
        # On registry collections datetime means valid time, which the items endpoint reads
        # from the versions; these readers show the current state only.
        raise QueryError(
            "datetime", f"collection '{layer.id}' is drawn as it is now; ask its items for a time"
        )
    parts = [
        datetime_condition(layer, parse_datetime(text), bindings)
        if name == "datetime"
        else equality_condition(layer, name, text, bindings)
        for name, text in parameters.items()
    ]
    return sql.SQL(" AND ").join(sql.SQL("({})").format(p) for p in parts) if parts else None

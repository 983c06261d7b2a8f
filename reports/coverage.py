"""The seam to the along-the-line work (issue 13): per-segment patrol coverage.

``gis.coverage.segment_coverage`` is not on main yet. Until it is, the report says plainly
that its coverage section is not available rather than inventing one. This is the only place
the report touches it.
"""

from __future__ import annotations

import dataclasses
import inspect
from datetime import date
from typing import Any

from psycopg import AsyncConnection

# What the report prints of each segment, by the attribute names i13 announced.
FIELDS = (
    "segment_id",
    "section",
    "from_marker",
    "to_marker",
    "chainage_from_m",
    "chainage_to_m",
    "length_m",
    "covered_share",
    "joint_share",
    "vn_only_share",
    "last_patrolled",
    "meets_policy",
)


async def segment_coverage(
    conn: AsyncConnection[Any], date_from: date, date_to: date, section: str | None
) -> list[dict[str, Any]] | None:
    """Each segment's coverage in the period as a dict, or None while the coverage module
    is missing."""
    try:
        from gis.coverage import segment_coverage as compute  # type: ignore[import-not-found]
    except ImportError:
        return None
    result = compute(conn, date_from, date_to, section)
    if inspect.isawaitable(result):
        result = await result
    return [_as_row(segment) for segment in result]


def _as_row(segment: Any) -> dict[str, Any]:
    is_record = dataclasses.is_dataclass(segment) and not isinstance(segment, type)
    values = dataclasses.asdict(segment) if is_record else dict(segment)
    return {name: values.get(name) for name in FIELDS}

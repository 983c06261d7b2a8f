"""Patrol coverage of the border segments (JSON or GeoJSON), and the patrol policy."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import ORJSONResponse, Response

from api.auth import CurrentActor, Planner
from api.deps import ConnectionDep
from api.params import known_parameters_only
from api.problems import problems
from api.responses import GeoJSONResponse
from gis import coverage
from gis.field.errors import Rejected
from layers.query import QueryError

router = APIRouter(tags=["coverage"], dependencies=[known_parameters_only])

FromDate = Annotated[
    dt.date,
    Query(
        alias="from",
        description="first day (YYYY-MM-DD), on the border's calendar (Asia/Ho_Chi_Minh)",
    ),
]
ToDate = Annotated[dt.date, Query(alias="to", description="last day, included")]
SectionCode = Annotated[
    str | None,
    Query(
        max_length=64, pattern=r"^[a-z0-9_-]+$", description="one border section, e.g. savannakhet"
    ),
]
Format = Annotated[
    Literal["json", "geojson"],
    Query(description="json: one object per segment; geojson: segments as features"),
]


def _query_error(err: coverage.CoverageError) -> QueryError:
    return QueryError(err.parameter, err.reason)


@router.get(
    "/coverage", responses={**problems(400, 401), 200: {"content": {"application/geo+json": {}}}}
)
async def read_coverage(
    conn: ConnectionDep,
    _: CurrentActor,
    date_from: FromDate,
    date_to: ToDate,
    section: SectionCode = None,
    f: Format = "json",
) -> Response:
    """Each segment's share within the policy's distance of patrol tracks started in the
    period (all, joint, Vietnamese-only), its last patrol, and its policy verdict."""
    try:
        if f == "geojson":
            return GeoJSONResponse(
                await coverage.coverage_geojson(conn, date_from, date_to, section)
            )
        rows = await coverage.segment_coverage_async(conn, date_from, date_to, section)
    except coverage.CoverageError as err:
        raise _query_error(err) from err
    return ORJSONResponse(
        {
            "from": date_from,
            "to": date_to,
            "section": section,
            "timezone": "Asia/Ho_Chi_Minh",
            "segments": [dataclasses.asdict(row) for row in rows],
        }
    )


@router.put("/coverage/policy", responses=problems(401, 403, 413))
async def set_patrol_policy(
    conn: ConnectionDep, actor: Planner, policy: coverage.PatrolPolicyIn
) -> dict[str, Any]:
    """Set a section's patrol policy (window in days, share a joint patrol must cover,
    coverage distance); what is left out keeps its value."""
    try:
        return await coverage.set_policy(conn, actor, policy)
    except coverage.CoverageError as err:
        raise Rejected(str(err)) from err

"""Registry quality checks (``GET /qa``): as readable as the registry itself."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from api.access import require_read
from api.deps import ConnectionDep
from api.params import known_parameters_only
from api.problems import problems
from gis import qa
from layers import LAYERS

router = APIRouter(tags=["registry"], dependencies=[known_parameters_only])


@router.get("/qa", responses=problems(400, 401))
async def registry_checks(
    request: Request,
    conn: ConnectionDep,
    off_line_m: Annotated[
        float,
        Query(
            gt=0,
            le=100_000,
            description="a marker farther than this from its section's line is a finding",
        ),
    ] = 100.0,
    spacing_factor: Annotated[
        float,
        Query(
            gt=1,
            le=100,
            description="a spacing between "
            "consecutive positions more than this many times "
            "the section's median, or less than the median "
            "divided by it, is a finding",
        ),
    ] = 3.0,
) -> dict[str, Any]:
    """Spacing outliers, markers off the line, position kinds that disagree with their
    markers, chainage not increasing along the line, legacy aliases not yet mapped, records
    without a source. ``explained_by`` gives the registry's own reason where it has one."""
    await require_read(request, LAYERS["markers"])
    limits = qa.Limits(spacing_factor=spacing_factor, off_line_m=off_line_m)
    found = await qa.findings(conn, limits)
    return {
        "limits": {"off_line_m": off_line_m, "spacing_factor": spacing_factor},
        "checks": list(qa.CHECK_NAMES),
        "count": len(found),
        "unexplained": sum(1 for f in found if not f["explained_by"]),
        "findings": found,
    }

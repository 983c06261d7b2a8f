"""The joint inspection report from the API: ``GET /reports/joint`` as PDF or HTML, for
planners, admins and the ministries' keys (the same report as ``cotmoc report joint``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.auth import require_roles
from api.deps import ConnectionDep
from api.problems import Problem, problems
from gis.audit import Actor
from gis.vocabulary import REPORT_READERS
from reports.data import ReportRefused, gather
from reports.render import LANG_MODES, document

router = APIRouter(tags=["reports"])
ReportReader = Annotated[Actor, Depends(require_roles(REPORT_READERS))]
MEDIA_TYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}


def _format(f: str | None, accept: str) -> str:
    """``f`` when given, else HTML for a browser that prefers it, else PDF."""
    if f:
        return f
    return "html" if "text/html" in accept and "application/pdf" not in accept else "pdf"


@router.get(
    "/reports/joint",
    responses={
        **problems(400, 401, 403),
        200: {
            "content": {"application/pdf": {}, "text/html": {}},
            "description": "The joint report of the period",
        },
    },
    response_class=Response,
)
async def joint_report(
    request: Request,
    conn: ConnectionDep,
    _: ReportReader,
    date_from: Annotated[dt.date, Query(alias="from", description="first day, 2026-01-01")],
    date_to: Annotated[dt.date, Query(alias="to", description="last day, 2026-12-31")],
    section: Annotated[str | None, Query(description="one border section")] = None,
    lang: Annotated[
        str,
        Query(
            description="vi+lo (Vietnamese and Lao side by side; "
            "'vi lo', as a bare + arrives, is the same), vi, lo or en"
        ),
    ] = "vi+lo",
    f: Annotated[Literal["pdf", "html"] | None, Query(description="pdf or html")] = None,
) -> Response:
    """Summary, map, markers, damage and repairs, plan ahead, provenance and signatures of
    one period, in Vietnamese and Lao (or one language)."""
    mode = lang.replace(" ", "+")  # a "+" typed in a URL arrives as a space
    if mode not in LANG_MODES:
        raise Problem(
            400,
            "Invalid report request",
            f"lang: '{lang}' is not one of {', '.join(LANG_MODES)}",
            where="query.lang",
            why=f"choose one of {', '.join(LANG_MODES)}",
        )
    try:
        report = await gather(conn, date_from, date_to, section)
    except ReportRefused as err:
        raise Problem(
            400, "Invalid report request", str(err), where=err.where, why=err.why
        ) from err
    fmt = _format(f, request.headers.get("accept", ""))
    content = await run_in_threadpool(document, report, mode, fmt)
    name = f"joint-report-{date_from.isoformat()}-{date_to.isoformat()}.{fmt}"
    return Response(
        content,
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )

"""The planners' maps as HTML pages, and the local files (Leaflet, our script) they load.

Each map draws only the layers the caller may read (``api.access.can_read``); the others are
named on the page as needing sign-in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable
from datetime import date
from typing import Annotated, Literal
from urllib.parse import quote
from zoneinfo import ZoneInfo

import orjson
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.access import can_read
from api.deps import ConnectionDep
from api.problems import Problem
from api.urls import public_root
from gis.coverage import CoverageError, check_period
from layers import LAYERS
from layers.query import QueryError
from maps import assets, data, render
from maps.page import PageOptions

router = APIRouter(prefix="/maps", tags=["maps"])
BORDER_TIME = ZoneInfo("Asia/Ho_Chi_Minh")
Lang = Literal["vi", "lo", "en"]
LangQuery = Annotated[Lang, Query(description="language of the labels")]
AtQuery = Annotated[
    date | None,
    Query(
        description="YYYY-MM-DD: the registry as it held that day (its valid time); damage and "
        "patrols begun by then"
    ),
]


async def _readable(request: Request) -> frozenset[str]:
    return frozenset([i for i, layer in LAYERS.items() if await can_read(request, layer)])


Renderer = Callable[[data.MapData, PageOptions], str]


async def _page(
    request: Request,
    html_of: Renderer,
    map_data: data.MapData,
    lang: str,
    at: date | None = None,
) -> HTMLResponse:
    # Rendering is CPU work (≈100 ms for 10 000 markers): keep it off the event loop.
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    sign_in = f"{public_root()}/login?next={quote(here, safe='')}"
    options = dataclasses.replace(
        PageOptions.served(lang, public_root()), as_of=at, sign_in_link=sign_in
    )
    html = await run_in_threadpool(html_of, map_data, options)
    return HTMLResponse(html)


@router.get("", include_in_schema=False)
async def index(lang: LangQuery = "vi") -> RedirectResponse:
    """Redirect to the overview map in the asked language."""
    return RedirectResponse(f"{public_root()}/maps/overview?lang={lang}")


@router.get("/overview", response_class=HTMLResponse)
async def overview(
    request: Request, conn: ConnectionDep, lang: LangQuery = "vi", at: AtQuery = None
) -> HTMLResponse:
    """Sections, positions, markers with their dossier, gates, village pairs, open damage."""
    plan = data.overview_plan(await _readable(request), at)
    return await _page(
        request, render.render_overview, await data.fetch_async(conn, plan), lang, at
    )


@router.get("/inspections", response_class=HTMLResponse)
async def inspections(
    request: Request, conn: ConnectionDep, lang: LangQuery = "vi", at: AtQuery = None
) -> HTMLResponse:
    """Markers by days since their last inspection; patrols of the last 30 days (from vector
    tiles when there are many)."""
    plan = data.inspections_plan(await _readable(request), at, tiles=True)
    return await _page(
        request, render.render_inspections, await data.fetch_async(conn, plan), lang, at
    )


@router.get("/maintenance", response_class=HTMLResponse)
async def maintenance(
    request: Request, conn: ConnectionDep, lang: LangQuery = "vi", at: AtQuery = None
) -> HTMLResponse:
    """Damage and repair records by cause and status."""
    plan = data.maintenance_plan(await _readable(request), at)
    return await _page(
        request, render.render_maintenance, await data.fetch_async(conn, plan), lang, at
    )


@router.get("/coverage", response_class=HTMLResponse)
async def coverage(
    request: Request,
    conn: ConnectionDep,
    lang: LangQuery = "vi",
    date_from: Annotated[
        dt.date | None,
        Query(
            alias="from", description="first day; default: the 1st of this month (Asia/Ho_Chi_Minh)"
        ),
    ] = None,
    date_to: Annotated[
        dt.date | None, Query(alias="to", description="last day, included; default: today")
    ] = None,
) -> HTMLResponse:
    """Border segments coloured by the share patrolled in the period; gaps dashed."""
    today = dt.datetime.now(BORDER_TIME).date()
    first = date_from or today.replace(day=1)
    last = date_to or max(today, first)
    try:
        check_period(first, last)
    except CoverageError as err:
        raise QueryError(err.parameter, err.reason) from err
    plan = data.coverage_plan(await _readable(request), first, last)
    map_data = await data.fetch_async(conn, plan)
    options = PageOptions.served(lang, public_root())
    period = (first.isoformat(), last.isoformat())
    html = await run_in_threadpool(render.render_coverage, map_data, options, period)
    return HTMLResponse(html)


@router.get("/markers/{code:path}", response_class=HTMLResponse)
async def marker(
    request: Request,
    conn: ConnectionDep,
    code: Annotated[str, Path()],
    lang: LangQuery = "vi",
    at: AtQuery = None,
    page: Annotated[
        int,
        Query(ge=1, le=100_000, description="page of the inspection history, newest first"),
    ] = 1,
) -> HTMLResponse:
    """One marker, zoomed, with its damage and repairs and a page of its inspections."""
    plan = data.marker_plan(code, await _readable(request), at, page)
    map_data = await data.fetch_async(conn, plan)
    if not orjson.loads(map_data.layers["markers"])["features"]:
        when = f" on {at.isoformat()}" if at else ""
        raise Problem(
            404, "Unknown marker", f"there is no marker '{code}'{when}; see /maps/overview"
        )
    return await _page(
        request, functools.partial(render.render_marker, history_page=page), map_data, lang, at
    )


@router.get("/static/{name:path}", include_in_schema=False)
async def static(name: str) -> Response:
    """Leaflet and our script, served from installed files: the maps need no CDN."""
    if name not in assets.ASSETS:
        raise Problem(404, "Unknown file", f"no map asset '{name}'")
    return Response(
        assets.asset_bytes(name),
        media_type=assets.media_type(name),
        headers={"Cache-Control": "public, max-age=86400"},
    )

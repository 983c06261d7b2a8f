"""The thin layer between the scenarios and our code.

Every call the benchmark makes into cotmoc goes through here: the SQL our items endpoint runs
(built with ``layers.query`` / ``layers.filters`` exactly as ``api.routes.collections`` builds
it), the maps (``maps.data`` fetches, ``maps.render`` renders, ``maps.synthetic`` makes
large data), and the GPX patrol upload with a signed token (``api.auth.issue_token``).
"""

from __future__ import annotations

import asyncio
import secrets
import time
import uuid
from typing import Any

import httpx
import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from api.auth import issue_token
from api.sessions import COOKIE, lifetime
from gis.audit import Actor
from gis.crs import DEFAULT_CRS
from gis.field import sessions
from gis.field.accounts import Account, add_user
from layers import LAYERS, Layer
from layers.filters import bbox_condition
from layers.query import ItemsQuery, page_query
from maps import data as map_data
from maps import render
from maps.synthetic import synthetic_overview

MARKERS = LAYERS["markers"]
# Far from the Vietnam–Laos corridor: a server honouring bbox returns nothing here.
EMPTY_BBOX = "0,0,0.1,0.1"
BBOX_SOURCE = "layers.query.page_query + layers.filters.bbox_condition (the endpoint's query)"


def items_sql(
    conn: psycopg.Connection[Any], items_url: str, limit: int, stored: bool = True
) -> str:
    """One page of markers as one FeatureCollection text (a row, a column): ``page_query`` as
    our endpoint runs it for ``?limit=…`` (each feature with its self link under
    ``items_url``; from the published-feature store when ``stored``, else from the view),
    wrapped so that the scenarios read a single value, with its bound values written in."""
    query = ItemsQuery(MARKERS, limit, items_url=items_url, stored=stored)
    page = sql.SQL(
        'SELECT \'{{"type":"FeatureCollection","features":[\' || p.features || \']}}\''
        " FROM ({page}) p"
    ).format(page=page_query(query))
    return psycopg.ClientCursor(conn).mogrify(page, query.bindings.values)


def bbox_sql(
    conn: psycopg.Connection[Any], bbox: tuple[float, ...], limit: int, layer: Layer = MARKERS
) -> str:
    """The exact query our endpoint runs for ``?bbox=…&limit=…`` (no other parameter) on
    ``layer``, each feature with its self link, from the layer's published-feature store if
    it has one (installed with the benchmark databases), with its bound values written in by
    psycopg, so that pgbench can run it as plain text."""
    items_url = f"http://127.0.0.1/collections/{layer.id}/items/"
    query = ItemsQuery(layer, limit=limit, items_url=items_url, stored=layer.store is not None)
    minx, miny, maxx, maxy = bbox
    query.conditions.append(
        bbox_condition(layer, (minx, miny, maxx, maxy), DEFAULT_CRS, query.bindings)
    )
    return psycopg.ClientCursor(conn).mogrify(page_query(query), query.bindings.values)


def honours_bbox(items_url: str) -> bool:
    """Whether a server filters by ``bbox``: a box far from the data must come back empty."""
    response = httpx.get(f"{items_url}?bbox={EMPTY_BBOX}&limit=5", timeout=60)
    if response.status_code != 200:
        return False
    return len(response.json().get("features", [])) == 0


# -- maps -------------------------------------------------------------------------------------


def default_map_data(url: str) -> tuple[map_data.MapData, float]:
    """The overview's data for a reader who may read every layer, and the fetch time."""
    with psycopg.connect(url, options="-c jit=off") as conn:
        start = time.perf_counter()
        fetched = map_data.fetch(conn, map_data.overview_plan(frozenset(LAYERS)))
        return fetched, time.perf_counter() - start


def synthetic_map_data(count: int) -> map_data.MapData:
    return synthetic_overview(count)


def render_overview(data: map_data.MapData) -> str:
    return render.render_overview(data)


# -- GPX patrol upload ------------------------------------------------------------------------


def _new_account(url: str, role: str) -> Account:
    async def create() -> dict[str, Any]:
        async with await psycopg.AsyncConnection.connect(url, row_factory=dict_row) as conn:
            return await add_user(
                conn,
                Actor("bench", "admin", via="cli"),
                f"bench-{role}-{uuid.uuid4().hex[:8]}",
                role,
                secrets.token_urlsafe(16),
            )

    row = asyncio.run(create())
    return Account(row["id"], row["name"], row["role"], row["token_version"])


def user_token(url: str, role: str) -> str:
    """A real signed bearer token for a new user of ``role`` made in ``url``'s database (the
    server signs with the same key, the one under COTMOC_HOME)."""
    token, _ = issue_token(_new_account(url, role))
    return token


def guard_token(url: str) -> str:
    """A guard's bearer token (``user_token``)."""
    return user_token(url, "guard")


def desk_cookie(url: str, role: str) -> dict[str, str]:
    """The Cookie header of a desk session for a new user of ``role``, begun as the sign-in
    form begins it (gis.field.sessions.begin)."""
    account = _new_account(url, role)

    async def begin() -> str:
        async with await psycopg.AsyncConnection.connect(url, row_factory=dict_row) as conn:
            return await sessions.begin(conn, account, lifetime())

    return {"Cookie": f"{COOKIE}={asyncio.run(begin())}"}


def ingest_gpx(base: str, gpx: bytes, token: str) -> tuple[int, str]:
    """Upload one GPX file as a new patrol; returns the HTTP status and the start of the body."""
    files = {"gpx": ("patrol.gpx", gpx, "application/gpx+xml")}
    form = {"id": str(uuid.uuid4()), "vn_unit": "Đồn Biên phòng (benchmark)"}
    response = httpx.post(
        f"{base}/patrols/gpx",
        files=files,
        data=form,
        timeout=600,
        headers={"Authorization": f"Bearer {token}"},
    )
    return response.status_code, response.text[:300]

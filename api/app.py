"""The FastAPI application: connection pools for the app's life (the primary, and standbys
for the reading routers), routers per resource."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import psycopg
from fastapi import Depends, FastAPI
from fastapi_offline import FastAPIOffline
from psycopg_pool import AsyncConnectionPool

from api.cors import ReadOnlyCors
from api.csp import HtmlSecurityHeaders
from api.databases import (
    CHANGE_FEED_READS,
    READS,
    Databases,
    WrittenPositionMiddleware,
)
from api.desk.admin import router as desk_admin_router
from api.desk.router import router as desk_router
from api.fieldapp.router import router as field_app_router
from api.head import HeadAsGet
from api.metrics import mark_worker_stopped
from api.observability import RequestObservabilityMiddleware
from api.openapi import install_openapi
from api.problems import install_problem_handlers
from api.request_checks import BodyLimits, refuse_nul_characters
from api.routes import (
    alerts,
    audit,
    auth,
    changes,
    collections,
    corrections,
    coverage,
    health,
    inspections,
    landing,
    maintenance,
    maps,
    markers,
    patrols,
    photos,
    qa,
    reports,
    sync,
    tiles,
    transactions,
)
from gis.db import database_url
from gis.secret_key import signing_key
from gis.settings import get_settings
from layers import published


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Check the signing key, open the database pools for the app's life, close them at the end."""
    signing_key()  # made on first run, or refused (a file others may read) before serving
    databases = Databases.from_settings(database_url())
    await databases.open()
    app.state.databases = databases
    app.state.pool = databases.primary  # the primary: logins, keys and every write
    app.state.stores = await published_stores(databases.primary)
    try:
        yield
    finally:
        await databases.close()
        mark_worker_stopped()


async def published_stores(pool: AsyncConnectionPool[Any]) -> frozenset[str]:
    """The collections whose published-feature store matches this code's declarations
    (layers/published.py); the others are read from their views."""
    async with pool.connection() as conn:
        try:
            cursor = await conn.execute(published.READY_SQL)
        except psycopg.errors.UndefinedTable:  # a schema before 0030: health says which
            return frozenset()
        return published.ready(await cursor.fetchall())


def create_app() -> FastAPI:
    # FastAPIOffline: /docs loads Swagger UI from files installed with the package, not from
    # a CDN, so it works offline and under the pages' CSP. No /redoc: ReDoc writes its styles
    # as inline <style> elements at run time, which the CSP refuses (and /docs says it all).
    """The FastAPI application: routers, middleware, the OpenAPI document and the pages' CSP."""
    app = FastAPIOffline(
        redoc_url=None,
        title="cotmoc",
        summary="Registry of the Quảng Trị – Savannakhet stretch of the Vietnam–Laos border",
        version="0.1.0",
        lifespan=lifespan,
        dependencies=[Depends(refuse_nul_characters)],
        swagger_ui_parameters={"validatorUrl": None},  # no badge fetched from swagger.io
    )
    install_openapi(app)
    app.add_middleware(BodyLimits)
    # Outermost last: CORS answers preflights; HEAD runs as GET; HTML gets its CSP.
    app.add_middleware(HtmlSecurityHeaders)
    app.add_middleware(HeadAsGet)
    origins = get_settings().cors_origin_list
    if origins:
        app.add_middleware(ReadOnlyCors, origins=origins)
    install_problem_handlers(app)
    app.add_middleware(WrittenPositionMiddleware)
    app.add_middleware(RequestObservabilityMiddleware)  # outermost: sees every answer
    app.include_router(health.router)
    app.include_router(landing.router)
    # Standbys may serve these routers (COTMOC_READ_DATABASE_URL); the rest use the primary.
    app.include_router(collections.router, dependencies=[READS])
    app.include_router(transactions.router)  # Part 4 writes: on the primary
    app.include_router(tiles.router, dependencies=[READS])
    app.include_router(changes.router, dependencies=[CHANGE_FEED_READS])
    for field_router in (
        auth,
        patrols,
        inspections,
        maintenance,
        photos,
        sync,
        alerts,
        audit,
        reports,
        markers,
        corrections,
        coverage,
        qa,
    ):
        app.include_router(field_router.router)
    app.include_router(maps.router, dependencies=[READS])
    app.include_router(field_app_router)
    app.include_router(desk_router)
    app.include_router(desk_admin_router)
    return app

"""The FastAPI application: one connection pool for the app's life, routers per resource."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from api.field_errors import install_field_error_handlers
from api.fieldapp.router import router as field_app_router
from api.problems import install_problem_handlers
from api.routes import (
    alerts,
    audit,
    auth,
    changes,
    collections,
    inspections,
    landing,
    maintenance,
    maps,
    patrols,
    sync,
)
from gis.db import database_url


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # JIT compilation costs hundreds of milliseconds on the large cost estimates of big pages
    # and buys nothing for queries this short. psycopg prepares a query after five runs, and
    # PostgreSQL may then reuse one generic plan for every bbox; the best plan depends on the
    # box, so plan each run (on 1 M markers the generic plan made bbox pages 3.5× slower).
    pool = AsyncConnectionPool(
        database_url(), min_size=1, max_size=10, open=False,
        kwargs={"row_factory": dict_row,
                "options": "-c jit=off -c plan_cache_mode=force_custom_plan"},
    )
    await pool.open(wait=True, timeout=30)
    app.state.pool = pool
    try:
        yield
    finally:
        await pool.close()


def create_app() -> FastAPI:
    app = FastAPI(
        title="cotmoc",
        summary="Registry of the Quảng Trị – Savannakhet stretch of the Vietnam–Laos border",
        version="0.1.0",
        lifespan=lifespan,
    )
    install_problem_handlers(app)
    app.include_router(landing.router)
    app.include_router(collections.router)
    app.include_router(changes.router)
    install_field_error_handlers(app)
    for field_router in (auth, patrols, inspections, maintenance, sync, alerts, audit):
        app.include_router(field_router.router)
    app.include_router(maps.router)
    app.include_router(field_app_router)
    return app

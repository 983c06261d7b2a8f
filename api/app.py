"""The FastAPI application: connection pools for the app's life (the primary, and standbys
for the reading routers), routers per resource."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.databases import (
    CHANGE_FEED_READS,
    READS,
    Databases,
    WrittenPositionMiddleware,
    install_database_unavailable_handler,
)
from api.field_errors import install_field_error_handlers
from api.metrics import mark_worker_stopped
from api.observability import RequestObservabilityMiddleware
from api.problems import install_problem_handlers
from api.routes import (
    alerts,
    audit,
    auth,
    changes,
    collections,
    health,
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
    databases = Databases.from_settings(database_url())
    await databases.open()
    app.state.databases = databases
    app.state.pool = databases.primary  # the primary: logins, keys and every write
    try:
        yield
    finally:
        await databases.close()
        mark_worker_stopped()


def create_app() -> FastAPI:
    app = FastAPI(
        title="cotmoc",
        summary="Registry of the Quảng Trị – Savannakhet stretch of the Vietnam–Laos border",
        version="0.1.0",
        lifespan=lifespan,
    )
    install_problem_handlers(app)
    install_database_unavailable_handler(app)
    app.add_middleware(WrittenPositionMiddleware)
    app.add_middleware(RequestObservabilityMiddleware)  # outermost: sees every answer
    app.include_router(health.router)
    app.include_router(landing.router)
    # Standbys may serve these routers (COTMOC_READ_DATABASE_URL); the rest use the primary.
    app.include_router(collections.router, dependencies=[READS])
    app.include_router(changes.router, dependencies=[CHANGE_FEED_READS])
    install_field_error_handlers(app)
    for field_router in (auth, patrols, inspections, maintenance, sync, alerts, audit):
        app.include_router(field_router.router)
    app.include_router(maps.router, dependencies=[READS])
    return app

"""Dependencies shared by the routers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, Request
from psycopg import AsyncConnection


async def _connection(request: Request) -> AsyncIterator[AsyncConnection[dict[str, Any]]]:
    async with request.app.state.pool.connection() as conn:
        # Authentication looks the caller up on this same connection (api/auth.py).
        request.state.connection = conn
        yield conn


ConnectionDep = Annotated[AsyncConnection[dict[str, Any]], Depends(_connection)]

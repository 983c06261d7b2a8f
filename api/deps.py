"""Dependencies shared by the routers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends
from psycopg import AsyncConnection

from api.databases import connection

# scope="function": the connection is committed and returned before the answer is sent, so
# a client that got 201 knows its write is committed (and the answer can carry its WAL
# position); a failed commit is an error answer, not a lost write after a 201.
ConnectionDep = Annotated[AsyncConnection[dict[str, Any]], Depends(connection, scope="function")]

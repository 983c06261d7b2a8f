"""The change feed for mirrors: every create, update and delete, in commit order.

Start with ``since=<date-time>``, then poll with ``cursor`` set to the answer's ``latest``:
each committed change row comes exactly once (layers/changes.py says why), with the
feature as it is now, or ``"feature": null`` when it no longer exists. A ``next`` link means
more changes are waiting already (it is in the ``Link`` header too, ahead of the body). Only
collections the caller may read are included.
"""

from __future__ import annotations

from typing import Annotated, Any, cast

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from psycopg import AsyncConnection, sql

from api.access import can_read
from api.deps import ConnectionDep
from api.responses import PartsResponse, fetch_text_page
from api.urls import page_url, public_base, request_url
from gis.settings import get_settings
from layers import LAYERS
from layers.changes import START, FeedPosition, changes_query, position_after
from layers.filters import parse_instant
from layers.query import QueryError

router = APIRouter(tags=["changes"])


async def _fetch_one(
    conn: AsyncConnection[Any], query: sql.SQL | sql.Composed, values: dict[str, Any]
) -> dict[str, Any]:
    cursor = await conn.execute(query, values)
    row = cast(dict[str, Any] | None, await cursor.fetchone())  # the pool makes dict rows
    assert row is not None  # each query answers exactly one row
    return row


@router.get("/changes")
async def changes(
    request: Request,
    conn: ConnectionDep,
    since: Annotated[
        str | None, Query(description="RFC 3339 date-time: start with the changes made after it")
    ] = None,
    cursor: Annotated[
        str | None,
        Query(description="continue after a previous answer: its 'latest' (or a 'next' link)"),
    ] = None,
    limit: Annotated[
        int | None, Query(ge=1, description="changes per answer, 1 to 10 000 (larger is capped)")
    ] = None,
) -> Response:
    """The change feed: every create, update and delete of the collections the caller may read, in
    commit order. Start with ``since``, then poll with ``cursor`` set to the answer's ``latest``; a
    ``next`` link means more are waiting."""
    if since is not None and cursor is not None:
        raise QueryError("cursor", "give either since (to start) or cursor (to continue)")
    settings = get_settings()
    limit = min(limit or settings.max_features_per_query, settings.max_features_per_query)
    readable = [layer for layer in LAYERS.values() if await can_read(request, layer)]
    head: dict[str, Any] = {}
    if cursor is not None:
        start = FeedPosition.from_token(cursor)
    else:
        moment = parse_instant(since or "", "since")
        if moment is None:
            raise QueryError(
                "since",
                "a date-time is required to start, e.g. "
                "2026-01-01T00:00:00Z; then poll with cursor=<latest>",
            )
        head["since"] = moment.isoformat()
        first = await _fetch_one(conn, START, {"since": moment})
        start = FeedPosition(int(first["xid"]), 0)
    entries, row = await fetch_text_page(
        conn,
        "changes",
        changes_query(readable, limit),
        {
            "xid": start.xid,
            "change_id": start.change_id,
            "collections": [layer.id for layer in readable],
            "base": public_base(),
        },
    )
    latest = position_after(row, limit, start).token()
    links = [{"rel": "self", "type": "application/json", "href": request_url(request)}]
    headers: dict[str, str] = {}
    if row["fetched"] > limit:
        following = page_url(request, {"since": None, "cursor": latest, "limit": str(limit)})
        links.append({"rel": "next", "type": "application/json", "href": following})
        # The same link ahead of the body (RFC 8288): a mirror may ask for the next page while
        # it still reads and applies this one, and the server writes the two at once.
        headers["Link"] = f'<{following}>; rel="next"; type="application/json"'
    head |= {"latest": latest, "collections": [layer.id for layer in readable], "links": links}
    opening = orjson.dumps(head)[:-1] + b',"changes":['
    return PartsResponse([opening, entries, b"]}"], media_type="application/json", headers=headers)

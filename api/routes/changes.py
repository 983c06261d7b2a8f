"""The change feed for mirrors: what was created, updated and deleted since a moment.

One call per poll keeps a mirror exact: each feature appears once with its latest state, or
as a tombstone (``"feature": null``) when it was deleted. Poll again with ``since`` set to
the answer's ``latest``. Only collections the caller may read are included.
"""

from __future__ import annotations

from typing import Annotated, Any, cast

import orjson
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from api.access import can_read
from api.deps import ConnectionDep
from api.params import PagingParams
from api.urls import request_url
from gis.settings import get_settings
from layers import LAYERS
from layers.changes import changes_query
from layers.filters import parse_instant
from layers.query import QueryError

router = APIRouter(tags=["changes"])


@router.get("/changes")
async def changes(
    request: Request,
    conn: ConnectionDep,
    since: Annotated[str, Query(description="RFC 3339 date-time; changes after it")],
    paging: Annotated[PagingParams, Depends()],
) -> Response:
    moment = parse_instant(since, "since")
    if moment is None:
        raise QueryError("since", "a date-time is required, e.g. 2026-01-01T00:00:00Z")
    readable = [layer for layer in LAYERS.values() if await can_read(request, layer)]
    settings = get_settings()
    limit = min(paging.limit or settings.max_features_per_query, settings.max_features_per_query)
    cursor = await conn.execute(changes_query(readable, limit, paging.offset),
                                {"since": moment, "collections": [lyr.id for lyr in readable]})
    row = cast(dict[str, Any] | None, await cursor.fetchone())  # the pool makes dict rows
    assert row is not None
    links = [{"rel": "self", "type": "application/json", "href": request_url(request)}]
    if row["fetched"] > limit:
        query = dict(request.query_params) | {"offset": str(paging.offset + limit),
                                              "limit": str(limit)}
        links.append({"rel": "next", "type": "application/json",
                      "href": request_url(request, query)})
    head = {"since": moment.isoformat(),
            "latest": row["latest"].isoformat() if row["latest"] else moment.isoformat(),
            "collections": [layer.id for layer in readable], "links": links}
    body = orjson.dumps(head)[:-1] + b',"changes":[' + row["changes"].encode() + b"]}"
    return Response(body, media_type="application/json")

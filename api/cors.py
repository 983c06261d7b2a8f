"""Cross-origin reads, for the origins in ``COTMOC_CORS_ORIGINS`` (none by default).

A web map on another site may read features with GET/HEAD (and the browser's OPTIONS
preflight); writes are never opened to other origins: their preflight is refused and their
answers carry no CORS header, so another site's script cannot read them.
"""

from __future__ import annotations

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

READ_METHODS = ("GET", "HEAD", "OPTIONS")
# What a cross-origin reader may send (its credentials, a conditional GET) and read back.
REQUEST_HEADERS = ("Accept", "Authorization", "X-API-Key", "If-None-Match", "If-Modified-Since")
RESPONSE_HEADERS = (
    "ETag",
    "Last-Modified",
    "Content-Crs",
    "Content-Disposition",
    "OGC-NumberReturned",
    "Link",  # the change feed's next page, ahead of the body
)


class ReadOnlyCors:
    """CORS for reads only: GET, HEAD and OPTIONS go through Starlette's CORS middleware, writes
    skip it."""

    def __init__(self, app: ASGIApp, origins: list[str]) -> None:
        self.app = app
        self.cors = CORSMiddleware(
            app,
            allow_origins=origins,
            allow_methods=READ_METHODS,
            allow_headers=REQUEST_HEADERS,
            expose_headers=RESPONSE_HEADERS,
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer one ASGI event, with CORS headers for a read."""
        if scope["type"] == "http" and scope["method"] in READ_METHODS:
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)

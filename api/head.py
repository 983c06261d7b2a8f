"""``HEAD`` on every ``GET`` resource (RFC 9110 §9.3.2): the same status and headers, no body.

FastAPI routes declared with ``@router.get`` answer only GET; GIS clients and caches send
HEAD to check a resource (its ETag, Content-Length, Content-Crs) without fetching it. The
request runs as the GET it stands for, so every header is the GET's own, and the body is
dropped on the way out.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    """ASGI middleware: a HEAD request runs as its GET and the body is dropped."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer one ASGI event; a HEAD gets the GET's status and headers only."""
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # the rest of the body follows: send nothing yet
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(dict(scope, method="GET"), receive, headers_only)

"""Content-Security-Policy and X-Frame-Options on every HTML page the app sends.

The policy lets a page run only what the app itself wrote:

- scripts and styles from this origin (Leaflet and our map script under /maps/static/, the
  API documentation's files) and the inline ``<script>``/``<style>`` elements of that very
  page, each allowed by its SHA-256 hash (folium writes the map as inline script). A script
  smuggled into a page (through a field note, say) has another hash and does not run; there
  is no 'unsafe-inline' and no 'unsafe-eval'. Inline ``style=""`` attributes and ``on…=``
  handlers are refused too, so pages set styles through the DOM instead.
- images from this origin, ``data:`` (Leaflet's and Swagger UI's icons) and the
  OpenStreetMap tile server the maps use as their background;
- fetches to this origin only (Swagger UI reads /openapi.json);
- no frames of this app on any other site (``frame-ancestors 'none'``, and
  ``X-Frame-Options: DENY`` for older browsers), no ``<base>``, forms to this origin only.

The hashes are computed here from the page as sent, so every HTML route (the maps, /docs,
pages added later) is covered without cooperating; a route that needs more adds a directive
to ``DIRECTIVES``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gis.settings import get_settings

# The background tiles' server (COTMOC_TILE_URL) is added to img-src and connect-src (the field
# app's service worker fetches tiles to keep them) where one is set.
DIRECTIVES: dict[str, tuple[str, ...]] = {
    "default-src": ("'none'",),
    "script-src": ("'self'",),  # plus the page's inline scripts, by hash
    "style-src": ("'self'",),  # plus the page's inline styles, by hash
    "img-src": ("'self'", "data:", "blob:"),  # blob: the field app's photo previews
    "font-src": ("'self'", "data:"),
    "connect-src": ("'self'",),
    "worker-src": ("'self'",),  # the field app's service worker
    "manifest-src": ("'self'",),  # and its web manifest
    "base-uri": ("'none'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'none'",),
}


def _tile_origin() -> tuple[str, ...]:
    tiles = urlsplit(get_settings().tile_url)
    return (f"{tiles.scheme}://{tiles.netloc}",) if tiles.netloc else ()


# What a browser hashes: the text between the start tag and the end tag, as the page's bytes
# (UTF-8). A script element with a src attribute runs that file instead, under 'self'.
_SCRIPT = re.compile(rb"<script\b([^>]*)>(.*?)</script", re.IGNORECASE | re.DOTALL)
_STYLE = re.compile(rb"<style\b[^>]*>(.*?)</style", re.IGNORECASE | re.DOTALL)
_SRC = re.compile(rb"\bsrc\s*=", re.IGNORECASE)


def _hashes(texts: list[bytes]) -> tuple[str, ...]:
    found = (base64.b64encode(hashlib.sha256(text).digest()).decode() for text in texts)
    return tuple(dict.fromkeys(f"'sha256-{digest}'" for digest in found))


def policy_for(page: bytes) -> str:
    """The Content-Security-Policy header for one HTML page."""
    scripts = [body for attrs, body in _SCRIPT.findall(page) if not _SRC.search(attrs)]
    extra = {
        "script-src": _hashes(scripts),
        "style-src": _hashes(_STYLE.findall(page)),
        "img-src": _tile_origin(),
        "connect-src": _tile_origin(),
    }
    return "; ".join(
        f"{name} {' '.join(sources + extra.get(name, ()))}" for name, sources in DIRECTIVES.items()
    )


def _is_html(start: Message) -> bool:
    content_type = MutableHeaders(raw=start["headers"]).get("content-type", "")
    return content_type.startswith("text/html")


class HtmlSecurityHeaders:
    """Holds back an HTML answer until its last byte, then sends it with the two headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer one ASGI event; an HTML answer gets its policy once its body is complete."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def send_with_policy(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start" and _is_html(message):
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            page = b"".join(chunks)
            headers = MutableHeaders(raw=list(start["headers"]))
            headers["Content-Security-Policy"] = policy_for(page)
            headers["X-Frame-Options"] = "DENY"
            await send({**start, "headers": headers.raw})
            await send({"type": "http.response.body", "body": page, "more_body": False})

        await self.app(scope, receive, send_with_policy)

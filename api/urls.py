"""Every link the API writes, built from the configured public URL (``COTMOC_PUBLIC_URL``).

Never from the request's ``Host`` header: a request sent with ``Host: evil.example`` must not
make the service hand out links to evil.example (to a client, or to a cache that keeps the
answer for the next client). Only the request's own path and query are reused, for ``self``
and paging links.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote, urlencode, urlsplit

from fastapi import Request

from gis.settings import get_settings


def public_base() -> str:
    """``COTMOC_PUBLIC_URL`` without its trailing slash, e.g. ``https://gis.example.gov/gis``."""
    return get_settings().public_base_url


def public_root() -> str:
    """The path part of the public URL ("" or e.g. ``/gis``), for links without a host."""
    return urlsplit(public_base()).path.rstrip("/")


def public_url(*segments: str, query: Mapping[str, str] | None = None) -> str:
    """The public URL of a resource: each segment percent-encoded whole (an id such as
    ``606/1`` stays one segment), then the query."""
    path = "".join("/" + quote(segment, safe="") for segment in segments)
    url = f"{public_base()}{path or '/'}"
    return f"{url}?{urlencode(query)}" if query else url


def request_url(request: Request, query: Mapping[str, str] | None = None) -> str:
    """The public URL of this request (its path as the client sent it), with its query, or
    with ``query`` instead when given (for ``next``/``prev`` links)."""
    raw_path = request.scope.get("raw_path")
    path = raw_path.split(b"?")[0].decode("latin-1") if raw_path else quote(request.url.path)
    text = urlencode(query) if query is not None else request.url.query
    return f"{public_base()}{path}" + (f"?{text}" if text else "")


def page_url(request: Request, changes: Mapping[str, str | None]) -> str:
    """The public URL of this request with some query parameters set, or removed where the
    value is None (a ``next`` link: the same filters and order, another cursor)."""
    query = dict(request.query_params) | dict(changes)
    return request_url(request, {name: value for name, value in query.items() if value is not None})

"""Links to other pages of the resource a request asked for."""

from __future__ import annotations

from fastapi import Request


def this_url(request: Request) -> str:
    """The request's own URL (the ``self`` link)."""
    return str(request.url)


def page_url(request: Request, changes: dict[str, str | None]) -> str:
    """The request's URL with some query parameters set, or removed where the value is None
    (a ``next`` link: the same filters and order, another cursor)."""
    query = dict(request.query_params) | changes
    return str(request.url.replace_query_params(
        **{name: value for name, value in query.items() if value is not None}))

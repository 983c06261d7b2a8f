"""Checks every request passes before a route sees it: no NUL character in its text, and a
body no larger than the server is willing to hold.

PostgreSQL cannot store U+0000 in text, so a NUL in a path, query or form field would fail
deep inside a query; refusing it here names the field instead. JSON bodies go through the
pydantic models of ``gis.field.models``, which refuse NUL themselves (so that a sync batch
rejects one record, not the whole batch).
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from starlette.datastructures import Headers, UploadFile
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gis.field.models import NUL_MESSAGE
from gis.settings import get_settings

FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
MAX_URLENCODED_BYTES = 1024 * 1024
MULTIPART_OVERHEAD = 1024 * 1024  # the form fields and part headers beside the file


def _nul_error(where: tuple[str, ...], value: str) -> dict[str, Any]:
    return {"type": "string_nul", "loc": where, "msg": NUL_MESSAGE, "input": value}


async def refuse_nul_characters(request: Request) -> None:
    """A dependency of every route: a NUL in a path parameter, a query parameter (name or
    value), a form field or an uploaded file's name is a 400 (GET) or 422 naming it."""
    errors = [
        _nul_error(("path", name), value)
        for name, value in request.path_params.items()
        if isinstance(value, str) and "\x00" in value
    ]
    errors += [
        _nul_error(("query", name), value)
        for name, value in request.query_params.multi_items()
        if "\x00" in name or "\x00" in value
    ]
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(FORM_TYPES):
        # Parsed once: FastAPI has already read the form of a route with form fields.
        for name, field in (await request.form()).multi_items():
            text = (field.filename or "") if isinstance(field, UploadFile) else field
            if "\x00" in name or "\x00" in text:
                errors.append(_nul_error(("body", name), text))
    if errors:
        raise RequestValidationError(errors)


class BodyTooLarge(HTTPException):
    """A request body over its limit (answered 413 by the problem handlers)."""

    def __init__(self, detail: str) -> None:
        super().__init__(413, detail)


def _limits(content_type: str) -> tuple[int, str, int | None]:
    """(byte limit, what it is called, JSON item limit or None) for a body's media type."""
    settings = get_settings()
    if content_type.startswith("multipart/form-data"):
        largest = max(settings.max_photo_bytes, settings.max_gpx_bytes)
        return largest + MULTIPART_OVERHEAD, "a file upload", None
    if content_type.startswith("application/x-www-form-urlencoded"):
        return MAX_URLENCODED_BYTES, "a form", None
    return settings.max_json_bytes, "a JSON body (COTMOC_MAX_JSON_BYTES)", settings.max_json_items


class BodyLimits:
    """ASGI middleware: a body larger than its limit is refused with 413 as soon as that is
    known (from Content-Length, or while it streams in), before anything parses it.

    A JSON body is also limited in items: the parser makes a Python object for every value,
    so 8 MB of ``[0,0],`` became 130 MB of lists. Every item but the first follows a comma,
    a colon or an opening bracket or brace; counting those bytes (an upper bound: text
    inside strings counts too) bounds what the parser will build.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer one ASGI event, refusing a body over its limit with 413."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        byte_limit, what, item_limit = _limits(headers.get("content-type", ""))
        declared = headers.get("content-length", "")
        received = items = 0

        async def limited_receive() -> Message:
            nonlocal received, items
            if declared.isdigit() and int(declared) > byte_limit:
                raise BodyTooLarge(
                    f"body: {int(declared):,} bytes exceed the limit of "
                    f"{byte_limit:,} bytes for {what}"
                )
            message = await receive()
            chunk = message.get("body", b"") if message["type"] == "http.request" else b""
            received += len(chunk)
            if received > byte_limit:
                raise BodyTooLarge(f"body: more than {byte_limit:,} bytes, the limit for {what}")
            if item_limit is not None:
                items += sum(chunk.count(byte) for byte in (b",", b":", b"[", b"{"))
                if items > item_limit:
                    raise BodyTooLarge(
                        f"body: the JSON holds more than {item_limit:,} items (values, array "
                        "elements, object members), the limit of one request "
                        "(COTMOC_MAX_JSON_ITEMS); a patrol track holds at most "
                        f"{get_settings().max_track_vertices:,} vertices"
                    )
            return message

        await self.app(scope, limited_receive, send)

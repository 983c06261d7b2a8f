"""Every error the API answers, as an RFC 9457 problem: what went wrong, where and why.

One module maps each kind of error to its status and title: the API's own ``Problem``, bad
parameters (``QueryError``), invalid bodies and parameters (one formatter, ``gis.validation``),
field errors (``gis.field.errors``), the database's errors (``gis.db_errors``) and
Starlette's HTTP errors. It also writes the OpenAPI ``responses`` entries of those problems.
"""

from __future__ import annotations

import logging
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from gis import db_errors, validation
from gis.field.errors import (
    Conflict,
    FieldError,
    NotAllowed,
    NotFound,
    Rejected,
    StaleVersion,
    TooLarge,
    TransitionRefused,
)
from layers.query import QueryError

log = logging.getLogger("cotmoc.api")
PROBLEM_MEDIA_TYPE = "application/problem+json"
RETRY_AFTER_S = "5"  # a restarting database is usually back within seconds

TITLES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    412: "Precondition failed",
    413: "Too large",
    422: "Invalid request",
    428: "Precondition required",
    429: "Too many requests",
}
FIELD_STATUS: dict[type[FieldError], tuple[int, str]] = {
    Rejected: (422, "Record rejected"),
    NotFound: (404, "Not found"),
    NotAllowed: (403, "Forbidden"),
    TransitionRefused: (409, "Transition not allowed"),
    Conflict: (409, "Conflict"),
    StaleVersion: (412, "Precondition failed"),
    TooLarge: (413, "Too large"),
}
# The OpenAPI document names it once, as components/schemas/Problem (api/openapi.py).
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details: what went wrong, where and why",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "parameter": {"type": "string", "description": "the query parameter at fault"},
        "errors": {
            "type": "array",
            "description": "each invalid part: where and why",
            "items": {
                "type": "object",
                "properties": {"where": {"type": "string"}, "why": {"type": "string"}},
            },
        },
    },
    "additionalProperties": True,
}
PROBLEM_CONTENT = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}


class Problem(Exception):
    """An error to answer with a problem+json body: what went wrong, where and why."""

    def __init__(self, status: int, title: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.extra = extra


def problem_response(
    status: int,
    title: str,
    detail: str,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    """The problem+json answer itself."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return Response(
        orjson.dumps(body, default=str),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for the problems a route may answer (422 always)."""
    return {
        code: {"description": TITLES[code], "content": PROBLEM_CONTENT}
        for code in sorted({*codes, 422})
    }


def etag(version: int) -> str:
    """The ETag of a record's version (what If-Match sends back)."""
    return f'"{version}"'


def _problem(request: Request, exc: Problem) -> Response:
    return problem_response(exc.status, exc.title, exc.detail, request.url.path, **exc.extra)


def _bad_parameter(request: Request, exc: QueryError) -> Response:
    return problem_response(
        400,
        "Invalid parameter",
        f"{exc.parameter}: {exc.reason}",
        request.url.path,
        parameter=exc.parameter,
    )


def _invalid(request: Request, exc: RequestValidationError | ValidationError) -> Response:
    # A query that fails its checks is a bad request; a body that does, an invalid one.
    status = 400 if request.method == "GET" else 422
    return problem_response(
        status,
        "Invalid request",
        validation.summary(exc.errors()),
        request.url.path,
        errors=validation.where_why(exc.errors()),
    )


def _field_error(request: Request, exc: FieldError) -> Response:
    status, title = next(
        (v for k, v in FIELD_STATUS.items() if isinstance(exc, k)), (400, "Bad request")
    )
    extra: dict[str, Any] = {}
    headers = None
    if isinstance(exc, StaleVersion):
        extra["current_version"] = exc.current_version
        headers = {"ETag": etag(exc.current_version)}
    return problem_response(status, title, exc.detail, request.url.path, headers=headers, **extra)


def _http(request: Request, exc: StarletteHTTPException) -> Response:
    return problem_response(
        exc.status_code,
        TITLES.get(exc.status_code, "Error"),
        str(exc.detail),
        request.url.path,
        headers=getattr(exc, "headers", None),
    )


def _database_unavailable(request: Request, exc: Exception) -> Response:
    log.warning("database unavailable: %s", db_errors.reason(exc))
    return problem_response(
        503,
        "Database unavailable",
        "the database did not answer (stopped, restarting or too busy); try again shortly",
        request.url.path,
        headers={"Retry-After": RETRY_AFTER_S},
    )


def _transaction_cancelled(request: Request, exc: Exception) -> Response:
    log.warning("transaction rolled back: %s", db_errors.reason(exc))
    return problem_response(
        503,
        "Try again",
        "the database cancelled this transaction because of a "
        "conflict (e.g. with a standby's replay); sending it again will likely succeed",
        request.url.path,
        headers={"Retry-After": "1"},
    )


def install_problem_handlers(app: FastAPI) -> None:
    """Answer every error above as a problem (never a 500 for bad input)."""
    handlers: list[tuple[type[Exception], Any]] = [
        (Problem, _problem),
        (QueryError, _bad_parameter),
        (RequestValidationError, _invalid),
        (ValidationError, _invalid),
        (FieldError, _field_error),
        (StarletteHTTPException, _http),
        *((kind, _database_unavailable) for kind in db_errors.UNAVAILABLE),
        *((kind, _transaction_cancelled) for kind in db_errors.CANCELLED),
    ]
    for kind, handler in handlers:
        app.add_exception_handler(kind, handler)

"""Field errors as RFC 9457 problems, and the problem responses the OpenAPI document names."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from pydantic import ValidationError

from api.problems import PROBLEM_MEDIA_TYPE, problem_response
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

STATUS: dict[type[FieldError], tuple[int, str]] = {
    Rejected: (422, "Record rejected"),
    NotFound: (404, "Not found"),
    NotAllowed: (403, "Forbidden"),
    TransitionRefused: (409, "Transition not allowed"),
    Conflict: (409, "Conflict"),
    StaleVersion: (412, "Precondition failed"),
    TooLarge: (413, "Too large"),
}

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["title", "status", "detail"],
    "properties": {
        "type": {"type": "string"}, "title": {"type": "string"},
        "status": {"type": "integer"}, "detail": {"type": "string"},
        "instance": {"type": "string"},
    },
    "additionalProperties": True,
}
TITLES = {400: "Bad request", 401: "Authentication required", 403: "Forbidden",
          404: "Not found", 409: "Conflict", 412: "Precondition failed", 413: "Too large",
          422: "Invalid request", 428: "Precondition required", 429: "Too many requests"}


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for the problems a route may answer (422 always)."""
    return {code: {"description": TITLES[code],
                   "content": {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_SCHEMA}}}
            for code in sorted({*codes, 422})}


def _field_error(request: Request, exc: FieldError) -> Response:
    status, title = next((v for k, v in STATUS.items() if isinstance(exc, k)),
                         (400, "Bad request"))
    extra: dict[str, Any] = {}
    headers = None
    if isinstance(exc, StaleVersion):
        extra["current_version"] = exc.current_version
        headers = {"ETag": etag(exc.current_version)}
    return problem_response(status, title, exc.detail, request.url.path, headers=headers,
                            **extra)


def _invalid_model(request: Request, exc: ValidationError) -> Response:
    errors = [{"where": ".".join(str(p) for p in e["loc"]), "why": e["msg"]}
              for e in exc.errors()]
    detail = "; ".join(f"{e['where'] or 'body'}: {e['why']}" for e in errors)
    return problem_response(422, "Invalid request", detail, request.url.path, errors=errors)


def etag(version: int) -> str:
    """The ETag of a record at ``version``."""
    return f'"{version}"'


def install_field_error_handlers(app: FastAPI) -> None:
    """Answer the field records' errors and invalid models as problem+json."""
    app.add_exception_handler(FieldError, _field_error)  # type: ignore[arg-type]
    app.add_exception_handler(ValidationError, _invalid_model)  # type: ignore[arg-type]

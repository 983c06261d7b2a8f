"""RFC 9457 problem details for every error the API returns."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from layers.query import QueryError

PROBLEM_MEDIA_TYPE = "application/problem+json"


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
    """An RFC 9457 problem+json answer; ``extra`` members are added to the body."""
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status,
                            "detail": detail}
    if instance:
        body["instance"] = instance
    body.update(extra)
    return Response(orjson.dumps(body, default=str), status_code=status,
                    media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def install_problem_handlers(app: FastAPI) -> None:
    """Answer problems, bad parameters and invalid requests as problem+json."""
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> Response:
        return problem_response(exc.status, exc.title, exc.detail, request.url.path, **exc.extra)

    @app.exception_handler(QueryError)
    async def _bad_parameter(request: Request, exc: QueryError) -> Response:
        return problem_response(400, "Invalid parameter", f"{exc.parameter}: {exc.reason}",
                                request.url.path, parameter=exc.parameter)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"where": ".".join(str(part) for part in err.get("loc", ())), "why": err.get("msg")}
            for err in exc.errors()
        ]
        detail = "; ".join(f"{e['where']}: {e['why']}" for e in errors)
        return problem_response(
            422 if request.method != "GET" else 400, "Invalid request", detail,
            request.url.path, errors=errors,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        title = {404: "Not found", 405: "Method not allowed", 413: "Too large"}.get(
            exc.status_code, "Error")
        return problem_response(exc.status_code, title, str(exc.detail), request.url.path,
                                headers=getattr(exc, "headers", None))

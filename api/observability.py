"""Request ids, one JSON log line per request, and the request metrics.

Every answer carries ``X-Request-ID``: the client's own when it sent a sane one (letters,
digits and ``._:-``, at most 64), else a new random one. Log records made while a request is
handled carry the same id, so an operator can follow one request through the logs.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from contextvars import ContextVar
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.metrics import LATENCY, REQUESTS, observe_pools

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
access_log = logging.getLogger("cotmoc.access")


class RequestIdFilter(logging.Filter):
    """Adds the current request's id to every log record (None outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Add the request id to ``record``; never drops a record."""
        record.request_id = request_id.get()
        record.__dict__.pop("color_message", None)  # uvicorn's copy with terminal colours
        return True


# uvicorn's ``log_config``: every line a JSON object on stderr. uvicorn's own access log is
# off (``access_log=False``): RequestObservabilityMiddleware writes one with the request id.
LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "api.observability.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601, UTC
        }
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["stderr"], "level": "INFO"},
    "loggers": {
        "uvicorn": {"handlers": [], "level": "INFO", "propagate": True},
        "uvicorn.error": {"handlers": [], "level": "INFO", "propagate": True},
        "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": True},
    },
}


def _route_template(scope: Scope) -> str:
    """The matched route's path template; one label for every unmatched path (so a scan of
    random URLs cannot make a metric per URL)."""
    route = scope.get("route")
    return getattr(route, "path", None) or "unmatched"


class RequestObservabilityMiddleware:
    """Gives each request an id, counts and times it by route template and status, and logs
    it as one JSON line."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer one ASGI event with its request id, counted, timed and logged."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = next(
            (v.decode("latin-1") for k, v in scope["headers"] if k == b"x-request-id"), ""
        )
        rid = incoming if _SANE_ID.match(incoming) else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500  # unless an answer starts

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message).append(REQUEST_ID_HEADER, rid)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route, method = _route_template(scope), scope["method"]
            REQUESTS.labels(method, route, str(status)).inc()
            LATENCY.labels(method, route).observe(elapsed)
            databases = getattr(scope["app"].state, "databases", None)
            if databases is not None:
                observe_pools(databases.pools)
            access_log.info(
                "request",
                extra={
                    "method": method,
                    "path": scope["path"],
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 1),
                },
            )
            request_id.reset(token)

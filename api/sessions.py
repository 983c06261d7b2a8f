"""Browser sessions: the cookie, and the checks every changing form passes (issue 11).

The cookie holds the session's random id (``gis.field.sessions``); it is HttpOnly,
SameSite=Lax, Secure when the public URL is HTTPS, and lasts as long as the browser (the
server ends the session after ``COTMOC_SESSION_MINUTES`` unused, renewed while used).

A session makes a caller of the pages and of the API's reads (GET, HEAD). It never counts
for the API's writes: those need a bearer token or a key, which a foreign page cannot make a
browser send. Desk forms that change something post a CSRF token bound to the session and
must come from this origin (``check_form``).
"""

from __future__ import annotations

import datetime as dt
import hmac
from urllib.parse import urlsplit

from fastapi import Request, Response

from api.problems import Problem
from gis.audit import Actor
from gis.field.sessions import WebSession, resume
from gis.settings import get_settings

COOKIE = "cotmoc_session"
SAFE_METHODS = frozenset({"GET", "HEAD"})


def lifetime() -> dt.timedelta:
    """How long a session lasts unused (COTMOC_SESSION_MINUTES)."""
    return dt.timedelta(minutes=get_settings().session_minutes)


def set_cookie(response: Response, name: str, value: str, path: str = "/") -> None:
    """A cookie with the flags of the session's (no Max-Age: it ends with the browser)."""
    secure = get_settings().public_base_url.startswith("https://")
    response.set_cookie(name, value, path=path, httponly=True, samesite="lax", secure=secure)


async def web_session(request: Request) -> WebSession | None:
    """The request's live session, looked up once per request; None without one."""
    if hasattr(request.state, "web_session"):
        return request.state.web_session  # type: ignore[no-any-return]
    from api.auth import _with_connection

    session_id = request.cookies.get(COOKIE)
    found = None
    if session_id:
        found = await _with_connection(request, lambda conn: resume(conn, session_id, lifetime()))
    request.state.web_session = found
    return found


async def session_actor(request: Request) -> Actor | None:
    """The session's user for a read (GET or HEAD); never for a write."""
    if request.method not in SAFE_METHODS:
        return None
    session = await web_session(request)
    return session.actor if session else None


def public_origin() -> str:
    """The scheme and host of the public URL: the only origin a form may come from."""
    parts = urlsplit(get_settings().public_base_url)
    return f"{parts.scheme}://{parts.netloc}"


def check_origin(request: Request) -> None:
    """Refuse a form posted from another origin (Origin, else Referer, must be ours)."""
    origin = request.headers.get("origin")
    if origin is None and request.headers.get("referer"):
        parts = urlsplit(request.headers["referer"])
        origin = f"{parts.scheme}://{parts.netloc}"
    if origin != public_origin():
        raise Problem(
            403,
            "Cross-origin form refused",
            f"Origin: '{origin}' is not {public_origin()}; forms are accepted only "
            "from the desk's own pages",
        )


def tokens_match(sent: str | None, expected: str) -> bool:
    """Whether the form's token is the expected one (compared in constant time)."""
    return bool(sent) and hmac.compare_digest(str(sent).encode(), expected.encode())


async def check_form(request: Request, csrf_token: str | None) -> WebSession:
    """The signed-in session behind a changing form, once its origin and CSRF token pass."""
    check_origin(request)
    session = await web_session(request)
    if session is None:
        raise Problem(401, "Sign-in required", "the session has ended; sign in again at /login")
    if not tokens_match(csrf_token, session.csrf_token):
        raise Problem(
            403,
            "CSRF token refused",
            "csrf_token: missing or not this session's; reload the page and retry",
        )
    return session

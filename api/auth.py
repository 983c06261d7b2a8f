"""Who is calling: a short-lived JWT from the password flow, or an API key (X-API-Key).

Dependencies for routers: ``CurrentActor`` (anyone signed in), ``FieldWriter`` (guard, planner,
admin), ``Planner`` and ``Admin``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

import jwt
from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer

from api.problems import Problem
from gis.field.accounts import ROLES, Actor, actor_for_key
from gis.settings import get_settings

ALGORITHM = "HS256"
FIELD_WRITERS = ("guard", "planner", "admin")

# Declared for the OpenAPI document (so /docs offers both); resolution is done below.
_bearer = OAuth2PasswordBearer(tokenUrl="/auth/token", auto_error=False)
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False)


def issue_token(actor: Actor) -> tuple[str, int]:
    """A signed token naming the user and role; returns it with its lifetime in seconds."""
    settings = get_settings()
    lifetime = settings.token_minutes * 60
    now = dt.datetime.now(dt.UTC)
    claims = {"sub": actor.name, "role": actor.role, "iat": now,
              "exp": now + dt.timedelta(seconds=lifetime)}
    return jwt.encode(claims, settings.secret_key, algorithm=ALGORITHM), lifetime


def _actor_from_token(token: str) -> Actor:
    try:
        claims = jwt.decode(token, get_settings().secret_key, algorithms=[ALGORITHM],
                            options={"require": ["sub", "role", "exp"]})
    except jwt.PyJWTError as err:
        raise Problem(401, "Invalid token", f"Authorization: {err}",
                      headers={"WWW-Authenticate": "Bearer"}) from err
    if claims["role"] not in ROLES:
        raise Problem(401, "Invalid token", "Authorization: the token names no known role",
                      headers={"WWW-Authenticate": "Bearer"})
    return Actor(str(claims["sub"]), str(claims["role"]))


async def _actor_from_key(request: Request, key: str) -> Actor:
    async with request.app.state.pool.connection() as conn:
        actor = await actor_for_key(conn, key)
    if actor is None:
        raise Problem(401, "Invalid API key", "X-API-Key: no active key matches")
    return actor


async def current_actor(request: Request) -> Actor | None:
    """The caller, or None when anonymous; a bad token or key is an error, not anonymity."""
    if hasattr(request.state, "actor"):
        return request.state.actor  # type: ignore[no-any-return]
    actor: Actor | None = None
    authorization = request.headers.get("authorization", "")
    key = request.headers.get("x-api-key")
    if authorization.lower().startswith("bearer "):
        actor = _actor_from_token(authorization[7:].strip())
    elif key:
        actor = await _actor_from_key(request, key)
    request.state.actor = actor
    return actor


def require_roles(*roles: str) -> Callable[..., Coroutine[Any, Any, Actor]]:
    async def dependency(
        request: Request,
        _token: Annotated[str | None, Depends(_bearer)] = None,
        _key: Annotated[str | None, Depends(_api_key)] = None,
    ) -> Actor:
        actor = await current_actor(request)
        if actor is None:
            raise Problem(401, "Authentication required",
                          "send a bearer token (POST /auth/token) or an X-API-Key",
                          headers={"WWW-Authenticate": "Bearer"})
        if actor.role not in roles:
            raise Problem(403, "Forbidden",
                          f"the role '{actor.role}' may not do this (needs {', '.join(roles)})")
        return actor

    return dependency


CurrentActor = Annotated[Actor, Depends(require_roles(*ROLES))]
FieldWriter = Annotated[Actor, Depends(require_roles(*FIELD_WRITERS))]
Planner = Annotated[Actor, Depends(require_roles("planner", "admin"))]
Admin = Annotated[Actor, Depends(require_roles("admin"))]

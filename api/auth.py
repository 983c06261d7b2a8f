"""Who is calling: a short-lived JWT from the password flow, an API key (X-API-Key), or for
reads a browser's desk session (``api.sessions``).

A token is signed with the server's own key (``gis.secret_key``) and honoured only while the
user it names exists, is active and has the token version it was issued with; a key only
while it is not revoked. Both are looked up on every request, on the request's own database
connection when it has one (a token's signature alone is checked once, ``VerifiedTokens``).

Dependencies for routers: ``CurrentActor`` (anyone signed in), ``FieldWriter`` (guard, planner,
admin), ``Planner`` and ``Admin``.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine
from typing import Annotated, Any, TypeVar

import jwt
from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer
from psycopg import AsyncConnection

from api.databases import reads_only
from api.problems import Problem
from gis.audit import Actor
from gis.field.accounts import Account, actor_for_key, actor_for_token
from gis.secret_key import signing_key
from gis.settings import get_settings
from gis.vocabulary import ADMINS, FIELD_ROLES, FIELD_WRITERS, PLANNERS

ALGORITHM = "HS256"

# Declared for the OpenAPI document (so /docs offers both); resolution is done below.
_bearer = OAuth2PasswordBearer(tokenUrl="/auth/token", auto_error=False)
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False)


CLAIMS = ("sub", "uid", "ver", "role", "iat", "exp")
T = TypeVar("T")


def issue_token(account: Account) -> tuple[str, int]:
    """A signed token naming the user, its role and token version; returns it with its
    lifetime in seconds."""
    lifetime = get_settings().token_minutes * 60
    now = dt.datetime.now(dt.UTC)
    claims = {
        "sub": account.name,
        "uid": account.id,
        "ver": account.token_version,
        "role": account.role,
        "iat": now,
        "exp": now + dt.timedelta(seconds=lifetime),
    }
    return jwt.encode(claims, signing_key(), algorithm=ALGORITHM), lifetime


def _invalid_token(why: str) -> Problem:
    return Problem(
        401, "Invalid token", f"Authorization: {why}", headers={"WWW-Authenticate": "Bearer"}
    )


class VerifiedTokens:
    """The claims of tokens whose signature was checked, so that a client sending the same
    token again is not checked again (HMAC, base64 and JSON: a good part of a small page's
    time in Python). Keyed by the signing key and the token's exact text: a token signed
    otherwise, or any other text, is a miss and checked in full. What may change after the
    signature check is checked on every use all the same: the expiry here, and whether the
    user still exists, is active and keeps its token version and role in the database
    (``actor_for_token``), so a revoked token is refused on its very next request."""

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._claims: OrderedDict[tuple[str, str], dict[str, Any]] = OrderedDict()

    def claims(self, token: str) -> dict[str, Any]:
        """The token's verified claims, or a 401 problem (bad signature, expired, malformed)."""
        key = (signing_key(), token)
        claims = self._claims.get(key)
        if claims is None:
            claims = _verified_claims(key[0], token)
            self._claims[key] = claims
            if len(self._claims) > self.size:
                self._claims.popitem(last=False)
        else:
            self._claims.move_to_end(key)
        # PyJWT's own test and words, for a token that expired since it was first checked.
        if int(claims["exp"]) <= dt.datetime.now(dt.UTC).timestamp():
            del self._claims[key]
            raise _invalid_token("Signature has expired")
        return claims

    def __len__(self) -> int:
        return len(self._claims)


def _verified_claims(key: str, token: str) -> dict[str, Any]:
    try:
        claims: dict[str, Any] = jwt.decode(
            token, key, algorithms=[ALGORITHM], options={"require": list(CLAIMS)}
        )
    except jwt.PyJWTError as err:
        raise _invalid_token(str(err)) from err
    if not (
        isinstance(claims["uid"], int)
        and isinstance(claims["ver"], int)
        and isinstance(claims["sub"], str)
        and claims["role"] in FIELD_ROLES
    ):
        raise _invalid_token("the token's claims are malformed")
    return claims


VERIFIED_TOKENS = VerifiedTokens()


async def _with_connection(
    request: Request,
    lookup: Callable[[AsyncConnection[Any]], Awaitable[T]],
    only_reads: bool = False,
) -> T:
    """Run ``lookup`` in a short transaction of its own, on the request's connection when
    the route has one (taking a second one from the pool could wait on itself).

    A lookup that ``only_reads``, for a route that only reads, runs in the route's own
    transaction instead: nothing is written, so nothing needs committing before the route
    runs, and the BEGIN and COMMIT of a transaction of its own (two round trips of the
    request's five or so) are saved."""
    conn: AsyncConnection[Any] | None = getattr(request.state, "connection", None)
    if conn is None:
        async with request.app.state.pool.connection() as own:
            return await lookup(own)
    if only_reads and reads_only(request):
        return await lookup(conn)
    async with conn.transaction():
        return await lookup(conn)


async def _actor_from_token(request: Request, token: str) -> Actor:
    claims = VERIFIED_TOKENS.claims(token)
    actor = await _with_connection(
        request,
        lambda conn: actor_for_token(
            conn, claims["uid"], claims["sub"], claims["role"], claims["ver"]
        ),
        only_reads=True,
    )
    if actor is None:
        raise _invalid_token(
            "the token's user no longer exists, is deactivated or has "
            "changed password or role; sign in again"
        )
    return actor


async def _actor_from_key(request: Request, key: str) -> Actor:
    actor = await _with_connection(request, lambda conn: actor_for_key(conn, key))
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
        actor = await _actor_from_token(request, authorization[7:].strip())
    elif key:
        actor = await _actor_from_key(request, key)
    else:  # a browser signed in at /login, for reads only (api/sessions.py)
        from api.sessions import session_actor

        actor = await session_actor(request)
    request.state.actor = actor
    return actor


def require_roles(roles: frozenset[str]) -> Callable[..., Coroutine[Any, Any, Actor]]:
    """A dependency that answers with the caller, refusing with 401 when anonymous and
    403 when the caller's role is not one of ``roles``."""

    async def dependency(
        request: Request,
        _token: Annotated[str | None, Depends(_bearer)] = None,
        _key: Annotated[str | None, Depends(_api_key)] = None,
    ) -> Actor:
        """The authenticated caller, if their role is allowed (the unused parameters put the
        bearer and API-key schemes into /docs)."""
        actor = await current_actor(request)
        if actor is None:
            raise Problem(
                401,
                "Authentication required",
                "send a bearer token (POST /auth/token) or an X-API-Key",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if actor.role not in roles:
            needed = ", ".join(sorted(roles))
            raise Problem(
                403, "Forbidden", f"the role '{actor.role}' may not do this (needs {needed})"
            )
        return actor

    return dependency


CurrentActor = Annotated[Actor, Depends(require_roles(FIELD_ROLES))]
FieldWriter = Annotated[Actor, Depends(require_roles(FIELD_WRITERS))]
Planner = Annotated[Actor, Depends(require_roles(PLANNERS))]
Admin = Annotated[Actor, Depends(require_roles(ADMINS))]

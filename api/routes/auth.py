"""Login by the OAuth2 password flow: a short-lived JWT for a user name and password.

A name whose logins keep failing is blocked for a while (429 with Retry-After; see
gis/field/logins.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from api.auth import issue_token
from api.deps import ConnectionDep
from api.problems import Problem, problems
from gis.field.logins import Throttled
from gis.field.logins import login as log_in

router = APIRouter(tags=["auth"])


class Token(BaseModel):
    """A bearer token for the API, its lifetime in seconds and the user's role."""

    access_token: str
    token_type: str
    expires_in: int
    role: str


@router.post("/auth/token", response_model=Token, responses=problems(401, 429))
async def login(
    conn: ConnectionDep, form: Annotated[OAuth2PasswordRequestForm, Depends()]
) -> dict[str, Any]:
    """Sign in with a user name and password (OAuth2 password flow) for a short-lived bearer token.
    A name whose logins keep failing is refused for a while (429 with Retry-After)."""
    outcome = await log_in(conn, form.username, form.password)
    if isinstance(outcome, Throttled):
        raise Problem(
            429,
            "Too many failed logins",
            f"username: {outcome.failures} failed logins in a row for this name; "
            f"try again in {outcome.retry_after} s",
            headers={"Retry-After": str(outcome.retry_after)},
        )
    if outcome is None:
        raise Problem(
            401,
            "Login failed",
            "username or password is wrong",
            headers={"WWW-Authenticate": "Bearer"},
        )
    token, lifetime = issue_token(outcome)
    return {
        "access_token": token,
        "token_type": "bearer",
        "expires_in": lifetime,
        "role": outcome.role,
    }

"""Login by the OAuth2 password flow: a short-lived JWT for a user name and password."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from api.auth import issue_token
from api.deps import ConnectionDep
from api.field_errors import problems
from api.problems import Problem
from gis.field.accounts import authenticate

router = APIRouter(tags=["auth"])


class Token(BaseModel):
    access_token: str
    token_type: str
    expires_in: int
    role: str


@router.post("/auth/token", response_model=Token, responses=problems(401))
async def login(conn: ConnectionDep,
                form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> dict[str, Any]:
    actor = await authenticate(conn, form.username, form.password)
    if actor is None:
        raise Problem(401, "Login failed", "username or password is wrong",
                      headers={"WWW-Authenticate": "Bearer"})
    token, lifetime = issue_token(actor)
    return {"access_token": token, "token_type": "bearer", "expires_in": lifetime,
            "role": actor.role}

"""Users (argon2id password hashes) and API keys (random, stored only as a SHA-256)."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from psycopg import AsyncConnection

from gis.field import audit
from gis.field.errors import Rejected

ROLES = ("guard", "planner", "ministry", "admin")
USER_ROLES = ROLES
_hasher = PasswordHasher()
# Verifying against this when the user does not exist keeps the timing of a wrong name and
# a wrong password alike.
_DUMMY_HASH = _hasher.hash("not a password")


@dataclass(frozen=True)
class Actor:
    """Who is writing and through which channel (api, sync, cli, import)."""

    name: str
    role: str
    via: str = "api"

    def through(self, via: str) -> Actor:
        return Actor(self.name, self.role, via)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise Rejected(f"role '{role}' is unknown; use one of {', '.join(ROLES)}")


async def add_user(conn: AsyncConnection[Any], actor: Actor, name: str, role: str,
                   password: str) -> dict[str, Any]:
    """Create a user; the password is kept only as an argon2id hash."""
    _check_role(role)
    if len(password) < 8:
        raise Rejected("password: at least 8 characters are required")
    async with conn.transaction():
        cur = await conn.execute(
            "INSERT INTO users (name, role, password_hash) VALUES (%s, %s, %s) "
            "ON CONFLICT (name) DO NOTHING RETURNING id, name, role, active, created_at",
            (name, role, _hasher.hash(password)))
        row = await cur.fetchone()
        if row is None:
            raise Rejected(f"user '{name}' already exists")
        await audit.append(conn, actor, "create", "users", str(row["id"]), None, row)
    return row


async def add_api_key(conn: AsyncConnection[Any], actor: Actor, name: str,
                      role: str) -> tuple[dict[str, Any], str]:
    """Create an API key; returns its record and the key, which is shown only this once."""
    _check_role(role)
    key = "cmk_" + secrets.token_urlsafe(32)
    async with conn.transaction():
        cur = await conn.execute(
            "INSERT INTO api_keys (name, role, key_hash) VALUES (%s, %s, %s) "
            "ON CONFLICT (name) DO NOTHING RETURNING id, name, role, created_at",
            (name, role, hash_key(key)))
        row = await cur.fetchone()
        if row is None:
            raise Rejected(f"API key '{name}' already exists")
        await audit.append(conn, actor, "create", "api_keys", str(row["id"]), None, row)
    return row, key


async def authenticate(conn: AsyncConnection[Any], name: str, password: str) -> Actor | None:
    """The user with this name and password, or None."""
    cur = await conn.execute(
        "SELECT name, role, password_hash FROM users WHERE name = %s AND active", (name,))
    row = await cur.fetchone()
    # argon2 takes tens of milliseconds of CPU on purpose: keep it off the event loop.
    matches = await asyncio.to_thread(
        _password_matches, row["password_hash"] if row else _DUMMY_HASH, password)
    return Actor(row["name"], row["role"]) if row and matches else None


def _password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return False


async def actor_for_key(conn: AsyncConnection[Any], key: str) -> Actor | None:
    cur = await conn.execute(
        "SELECT name, role FROM api_keys WHERE key_hash = %s AND revoked_at IS NULL",
        (hash_key(key),))
    row = await cur.fetchone()
    return Actor(f"key:{row['name']}", row["role"]) if row else None

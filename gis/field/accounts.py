"""Users (argon2id password hashes) and API keys (random, stored only as a SHA-256).

A login token names a user by id, name, role and token version; it is honoured only while
that user exists, is active and has not changed password since (``actor_for_token``). Every
change to an account, and every listing of them, is audited.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from psycopg import AsyncConnection

from gis import audit
from gis.audit import Actor
from gis.field.errors import NotFound, Rejected
from gis.vocabulary import Role, values

ROLES = values(Role)
_hasher = PasswordHasher()
# Verifying against this when the user does not exist keeps the timing of a wrong name and
# a wrong password alike.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
MIN_PASSWORD_LENGTH = 8
# What an account looks like in the audit trail and the listings: never a hash.
USER_COLUMNS = (
    "id, name, role, active, created_at, last_login_at, password_changed_at, token_version"
)
KEY_COLUMNS = "id, name, role, created_at, last_used_at, revoked_at"
# Recording every use of a key would be a write per read request; once a minute is enough
# to tell which keys are still in use.
KEY_USE_RESOLUTION = "1 minute"


@dataclass(frozen=True)
class Account:
    """A user as a login token names it."""

    id: int
    name: str
    role: str
    token_version: int


def hash_key(key: str) -> str:
    """The SHA-256 (hex) under which an API key is stored and looked up."""
    return hashlib.sha256(key.encode()).hexdigest()


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise Rejected(f"role '{role}' is unknown; use one of {', '.join(ROLES)}")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Rejected(f"password: at least {MIN_PASSWORD_LENGTH} characters are required")


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (slow on purpose: callers run it in a thread)."""
    return _hasher.hash(password)


async def add_user(
    conn: AsyncConnection[Any], actor: Actor, name: str, role: str, password: str
) -> dict[str, Any]:
    """Create a user; the password is kept only as an argon2id hash."""
    _check_role(role)
    _check_password(password)
    password_hash = await asyncio.to_thread(hash_password, password)
    async with conn.transaction():
        cur = await conn.execute(
            f"INSERT INTO users (name, role, password_hash) VALUES (%s, %s, %s) "  # noqa: S608
            f"ON CONFLICT (name) DO NOTHING RETURNING {USER_COLUMNS}",
            (name, role, password_hash),
        )
        row = await cur.fetchone()
        if row is None:
            raise Rejected(f"user '{name}' already exists")
        await audit.append(conn, actor, "create", "users", str(row["id"]), None, row)
    return row


async def add_api_key(
    conn: AsyncConnection[Any], actor: Actor, name: str, role: str
) -> tuple[dict[str, Any], str]:
    """Create an API key; returns its record and the key, which is shown only this once."""
    _check_role(role)
    key = "cmk_" + secrets.token_urlsafe(32)
    async with conn.transaction():
        cur = await conn.execute(
            "INSERT INTO api_keys (name, role, key_hash) VALUES (%s, %s, %s) "
            "ON CONFLICT (name) DO NOTHING RETURNING id, name, role, created_at",
            (name, role, hash_key(key)),
        )
        row = await cur.fetchone()
        if row is None:
            raise Rejected(f"API key '{name}' already exists")
        await audit.append(conn, actor, "create", "api_keys", str(row["id"]), None, row)
    return row, key


def password_matches(password_hash: str | None, password: str) -> bool:
    """Check a password against its hash; without a hash (no such user) a dummy one is
    checked, so that a wrong name takes as long as a wrong password."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerifyMismatchError, InvalidHashError):
        return False


async def actor_for_token(
    conn: AsyncConnection[Any], user_id: int, name: str, role: str, token_version: int
) -> Actor | None:
    """The user a verified token names, while it exists, is active, keeps its role and has
    not changed password or been deactivated since the token was issued."""
    cur = await conn.execute(
        "SELECT name, role FROM users WHERE id = %s AND name = %s AND role = %s AND active "
        "AND token_version = %s",
        (user_id, name, role, token_version),
    )
    row = await cur.fetchone()
    return Actor(row["name"], row["role"]) if row else None


async def actor_for_key(conn: AsyncConnection[Any], key: str) -> Actor | None:
    """The active key's actor; notes when the key was used (at most once a minute)."""
    cur = await conn.execute(
        "WITH found AS (SELECT id, name, role FROM api_keys "
        "               WHERE key_hash = %(hash)s AND revoked_at IS NULL), "
        "noted AS (UPDATE api_keys k SET last_used_at = now() FROM found "
        "          WHERE k.id = found.id AND (k.last_used_at IS NULL "
        "                 OR k.last_used_at < now() - %(every)s::interval)) "
        "SELECT name, role FROM found",
        {"hash": hash_key(key), "every": KEY_USE_RESOLUTION},
    )
    row = await cur.fetchone()
    return Actor(f"key:{row['name']}", row["role"]) if row else None


# -- account administration (the command line) ----------------------------------------------


async def _user(conn: AsyncConnection[Any], name: str) -> dict[str, Any]:
    cur = await conn.execute(
        f"SELECT {USER_COLUMNS} FROM users WHERE name = %s FOR UPDATE",  # noqa: S608
        (name,),
    )
    row = await cur.fetchone()
    if row is None:
        raise NotFound(f"user '{name}' does not exist")
    return row


async def _change_user(
    conn: AsyncConnection[Any],
    actor: Actor,
    action: str,
    name: str,
    assignments: str,
    values: tuple[Any, ...] = (),
) -> dict[str, Any]:
    """Apply ``assignments`` (fixed SQL from this module) to one user and audit it."""
    async with conn.transaction():
        before = await _user(conn, name)
        cur = await conn.execute(
            f"UPDATE users SET {assignments} WHERE id = %s "  # noqa: S608
            f"RETURNING {USER_COLUMNS}",
            (*values, before["id"]),
        )
        after = await cur.fetchone()
        await audit.append(conn, actor, action, "users", str(before["id"]), before, after)
    assert after is not None
    return after


async def deactivate_user(conn: AsyncConnection[Any], actor: Actor, name: str) -> dict[str, Any]:
    """The user can no longer log in, and every token issued to them stops working."""
    return await _change_user(
        conn, actor, "deactivate", name, "active = false, token_version = token_version + 1"
    )


async def activate_user(conn: AsyncConnection[Any], actor: Actor, name: str) -> dict[str, Any]:
    """Let a deactivated user log in again (their old tokens stay void)."""
    return await _change_user(conn, actor, "activate", name, "active = true")


async def set_password(
    conn: AsyncConnection[Any], actor: Actor, name: str, password: str
) -> dict[str, Any]:
    """A new password: the tokens issued before stop working and failed logins are
    forgotten."""
    _check_password(password)
    password_hash = await asyncio.to_thread(hash_password, password)
    async with conn.transaction():
        row = await _change_user(
            conn,
            actor,
            "passwd",
            name,
            "password_hash = %s, password_changed_at = now(), token_version = token_version + 1",
            (password_hash,),
        )
        await conn.execute("DELETE FROM login_failures WHERE name = %s", (name,))
    return row


async def revoke_api_key(conn: AsyncConnection[Any], actor: Actor, name: str) -> dict[str, Any]:
    """Revoke the API key ``name`` at once; revoking it twice is refused."""
    async with conn.transaction():
        cur = await conn.execute(
            f"SELECT {KEY_COLUMNS} FROM api_keys WHERE name = %s FOR UPDATE",  # noqa: S608
            (name,),
        )
        before = await cur.fetchone()
        if before is None:
            raise NotFound(f"API key '{name}' does not exist")
        if before["revoked_at"] is not None:
            raise Rejected(f"API key '{name}' was already revoked at {before['revoked_at']}")
        cur = await conn.execute(
            f"UPDATE api_keys SET revoked_at = now() WHERE id = %s "  # noqa: S608
            f"RETURNING {KEY_COLUMNS}",
            (before["id"],),
        )
        after = await cur.fetchone()
        await audit.append(conn, actor, "revoke", "api_keys", str(before["id"]), before, after)
    assert after is not None
    return after


async def _listing(
    conn: AsyncConnection[Any], actor: Actor, table: str, columns: str
) -> list[dict[str, Any]]:
    async with conn.transaction():
        cur = await conn.execute(f"SELECT {columns} FROM {table} ORDER BY name")  # noqa: S608  (module constants)
        rows = await cur.fetchall()
        # Who looked at the accounts is worth knowing too.
        await audit.append(conn, actor, "list", table, "*", None, {"count": len(rows)})
    return rows


async def list_users(conn: AsyncConnection[Any], actor: Actor) -> list[dict[str, Any]]:
    """Every user without their password hash, by name; the listing is audited."""
    return await _listing(conn, actor, "users", USER_COLUMNS)


async def list_api_keys(conn: AsyncConnection[Any], actor: Actor) -> list[dict[str, Any]]:
    """Every API key without its hash, by name; the listing is audited."""
    return await _listing(conn, actor, "api_keys", KEY_COLUMNS)

"""``cotmoc users …`` and ``cotmoc keys …``: accounts managed on the server, every command
audited as CLI. Listings show names, roles and dates, never a hash or a key."""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import psycopg
import typer
from psycopg.rows import dict_row

from gis.audit import command_line_actor
from gis.field import accounts
from gis.field.accounts import ROLES, add_api_key, add_user
from gis.field.errors import FieldError

users_app = typer.Typer(help="Users who log in with a password.", no_args_is_help=True)
keys_app = typer.Typer(help="API keys (ministries read by key).", no_args_is_help=True)
RoleOption = Annotated[str, typer.Option("--role", help=f"one of {', '.join(ROLES)}")]
LOCAL_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


async def _run(url: str, action: Any) -> Any:
    async with await psycopg.AsyncConnection.connect(url, row_factory=dict_row) as conn:
        return await action(conn)


def _execute(action: Any) -> Any:
    from api.cli import database

    with database() as url:
        try:
            return asyncio.run(_run(url, action))
        except FieldError as err:
            typer.secho(err.detail, fg="red", err=True)
            raise typer.Exit(1) from err


def _password_from_stdin() -> str:
    return sys.stdin.readline().rstrip("\r\n")


def _when(value: dt.datetime | None) -> str:
    return value.astimezone(LOCAL_ZONE).strftime("%Y-%m-%d %H:%M") if value else "-"


def _table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    for line in (header, *rows):
        typer.echo(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        )


@users_app.command("add")
def users_add(name: str, role: RoleOption) -> None:
    """Add a user; the password is read from standard input (one line)."""
    password = _password_from_stdin()
    user = _execute(lambda conn: add_user(conn, command_line_actor(), name, role, password))
    typer.echo(f"user {user['name']} added with role {user['role']}")


@users_app.command("passwd")
def users_passwd(name: str) -> None:
    """Set a user's password, read from standard input (one line); the user's tokens stop
    working and failed logins are forgotten."""
    password = _password_from_stdin()
    _execute(lambda conn: accounts.set_password(conn, command_line_actor(), name, password))
    typer.echo(f"password of {name} changed; tokens issued before no longer work")


@users_app.command("deactivate")
def users_deactivate(name: str) -> None:
    """Stop a user from logging in; their tokens stop working at once."""
    _execute(lambda conn: accounts.deactivate_user(conn, command_line_actor(), name))
    typer.echo(f"user {name} deactivated")


@users_app.command("activate")
def users_activate(name: str) -> None:
    """Let a deactivated user log in again."""
    _execute(lambda conn: accounts.activate_user(conn, command_line_actor(), name))
    typer.echo(f"user {name} activated")


@users_app.command("list")
def users_list() -> None:
    """Users: name, role, whether active, created, last login (times in Asia/Ho_Chi_Minh)."""
    users = _execute(lambda conn: accounts.list_users(conn, command_line_actor()))
    _table(
        ["name", "role", "active", "created", "last login"],
        [
            [
                u["name"],
                u["role"],
                "yes" if u["active"] else "no",
                _when(u["created_at"]),
                _when(u["last_login_at"]),
            ]
            for u in users
        ],
    )


@keys_app.command("add")
def keys_add(name: str, role: RoleOption = "ministry") -> None:
    """Add an API key and print it once; only its hash is kept."""
    record, key = _execute(lambda conn: add_api_key(conn, command_line_actor(), name, role))
    typer.echo(
        f"API key {record['name']} ({record['role']}); store it now, it is not shown again:",
        err=True,
    )
    typer.echo(key)


@keys_app.command("revoke")
def keys_revoke(name: str) -> None:
    """Revoke an API key: it is refused from the next request on."""
    _execute(lambda conn: accounts.revoke_api_key(conn, command_line_actor(), name))
    typer.echo(f"API key {name} revoked")


@keys_app.command("list")
def keys_list() -> None:
    """API keys: name, role, created, last used, revoked (never the key)."""
    keys = _execute(lambda conn: accounts.list_api_keys(conn, command_line_actor()))
    _table(
        ["name", "role", "created", "last used", "revoked"],
        [
            [
                k["name"],
                k["role"],
                _when(k["created_at"]),
                _when(k["last_used_at"]),
                _when(k["revoked_at"]),
            ]
            for k in keys
        ],
    )

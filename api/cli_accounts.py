"""``cotmoc users add`` and ``cotmoc keys add``: accounts made on the server, audited as CLI."""

from __future__ import annotations

import asyncio
import getpass
import sys
from typing import Annotated, Any

import psycopg
import typer
from psycopg.rows import dict_row

from gis.field.accounts import ROLES, Actor, add_api_key, add_user
from gis.field.errors import FieldError

users_app = typer.Typer(help="Users who log in with a password.", no_args_is_help=True)
keys_app = typer.Typer(help="API keys (ministries read by key).", no_args_is_help=True)
RoleOption = Annotated[str, typer.Option("--role", help=f"one of {', '.join(ROLES)}")]


def _cli_actor() -> Actor:
    # The operating-system user is who ran the command.
    return Actor(f"cli:{getpass.getuser()}", "admin", via="cli")


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


@users_app.command("add")
def users_add(name: str, role: RoleOption) -> None:
    """Add a user; the password is read from standard input (one line)."""
    password = sys.stdin.readline().rstrip("\r\n")
    user = _execute(lambda conn: add_user(conn, _cli_actor(), name, role, password))
    typer.echo(f"user {user['name']} added with role {user['role']}")


@keys_app.command("add")
def keys_add(name: str, role: RoleOption = "ministry") -> None:
    """Add an API key and print it once; only its hash is kept."""
    record, key = _execute(lambda conn: add_api_key(conn, _cli_actor(), name, role))
    typer.echo(f"API key {record['name']} ({record['role']}); store it now, it is not shown "
               "again:", err=True)
    typer.echo(key)

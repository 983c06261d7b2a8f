"""``cotmoc import …``: markers and border lines from files."""

from __future__ import annotations

import typer

import_app = typer.Typer(help="Import markers or border lines from files.", no_args_is_help=True)

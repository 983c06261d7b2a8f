"""``cotmoc maps …``: the planners' maps as standalone HTML files."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

maps_app = typer.Typer(help="The planners' maps as files.", no_args_is_help=True)


class Lang(StrEnum):
    """The languages of layers.labels (tests/test_labels.py checks they agree)."""

    vi = "vi"
    lo = "lo"
    en = "en"


@maps_app.command("export")
def export(
    folder: Path = typer.Argument(..., help="folder to write the HTML files into"),
    lang: Lang = typer.Option(Lang.vi, help="language of the labels"),
    include_restricted: bool = typer.Option(
        False,
        help="also draw the field layers (maintenance, inspections, patrols), which "
        "the API shows only to signed-in field roles",
    ),
) -> None:
    """Write the overview, inspections, maintenance and per-marker maps as HTML files that
    open from disk with no network."""
    from api.cli import database
    from gis import db
    from layers import LAYERS
    from maps.export import export_maps

    readable = frozenset(
        layer_id for layer_id, layer in LAYERS.items() if include_restricted or layer.is_public
    )
    with database() as url, db.connect(url) as conn:
        written = export_maps(conn, folder, readable, lang.value)
    typer.echo(f"wrote {len(written)} files to {folder}")

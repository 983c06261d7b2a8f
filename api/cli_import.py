"""``cotmoc import …``: markers and border lines from files, with a progress bar and a
report at the end. Exit code 1 when rows were bad and nothing was written."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from tqdm import tqdm

from gis import db
from gis.audit import command_line_actor
from gis.importers.lines import LineOptions, import_line
from gis.importers.markers import MarkerOptions, import_markers
from gis.importers.report import ImportReport
from gis.vocabulary import IMPORTED_COORD_STATUSES

import_app = typer.Typer(help="Import markers or border lines from files.", no_args_is_help=True)


def imported_coord_status(value: str) -> str:
    """How the imported coordinates were obtained: one of ``IMPORTED_COORD_STATUSES``."""
    if value not in IMPORTED_COORD_STATUSES:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(IMPORTED_COORD_STATUSES)}")
    return value


def coord_status_option(how: str) -> typer.models.OptionInfo:
    """The ``--coord-status`` option, checked against ``IMPORTED_COORD_STATUSES``; ``how``
    begins its help text."""
    return typer.Option(
        "--coord-status",
        parser=imported_coord_status,
        help=f"{how}: {', '.join(IMPORTED_COORD_STATUSES)}",
    )


FileArg = Annotated[
    Path,
    typer.Argument(
        exists=True,
        dir_okay=False,
        readable=True,
        help="Any file GDAL reads (CSV, GeoJSON, GPKG, …)",
    ),
]
CrsOpt = Annotated[
    str | None,
    typer.Option(
        "--crs", help="CRS of the coordinates when the file declares none, e.g. EPSG:32648"
    ),
]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Validate only; write nothing")]
LicenceOpt = Annotated[
    str | None,
    typer.Option(
        "--licence", help="Licence of the data (else a licence column/attribute is required)"
    ),
]
LayerOpt = Annotated[str | None, typer.Option("--layer", help="Layer of a multi-layer file")]


def progress_bar(rows: Sequence[Any], label: str) -> Iterable[Any]:
    """A progress bar over ``rows`` on stderr, so that stdout holds only the report."""
    return tqdm(rows, total=len(rows), desc=label, unit="row", file=sys.stderr)


def finish(report: ImportReport) -> None:
    """Print the import report; exit 1 when a row was refused."""
    typer.echo(report.summary())
    if not report.ok:
        raise typer.Exit(1)


@import_app.command("markers")
def markers(
    file: FileArg,
    crs: CrsOpt = None,
    dry_run: DryRunOpt = False,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Write the good rows and report the bad ones")
    ] = False,
    licence: LicenceOpt = None,
    coord_status: Annotated[
        str, coord_status_option("How the coordinates were obtained")
    ] = "surveyed",
    layer: LayerOpt = None,
) -> None:
    """Markers from a point file: each replaces the registry record with the same code."""
    from api.cli import database

    options = MarkerOptions(
        crs=crs,
        licence=licence,
        coord_status=coord_status,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        layer=layer,
    )
    with database() as url, db.connect(url) as conn:
        report = import_markers(
            conn, file, options, command_line_actor("import"), progress=progress_bar
        )
    finish(report)


@import_app.command("lines")
def lines(
    file: FileArg,
    section: Annotated[str, typer.Option("--section", help="Section code, e.g. savannakhet")],
    where: Annotated[
        str | None,
        typer.Option(
            "--where", help="Attribute filter choosing the feature, e.g. \"part = 'north'\""
        ),
    ] = None,
    feature: Annotated[
        int | None,
        typer.Option("--feature", min=1, help="Number of the feature in the file, from 1"),
    ] = None,
    crs: CrsOpt = None,
    licence: LicenceOpt = None,
    coord_status: Annotated[str, coord_status_option("How the line was obtained")] = "derived",
    dry_run: DryRunOpt = False,
    layer: LayerOpt = None,
) -> None:
    """A border line that replaces a section's geometry (its length is re-measured)."""
    from api.cli import database

    options = LineOptions(
        section=section,
        where=where,
        feature=feature,
        crs=crs,
        licence=licence,
        coord_status=coord_status,
        dry_run=dry_run,
        layer=layer,
    )
    with database() as url, db.connect(url) as conn:
        report = import_line(conn, file, options, command_line_actor("import"))
    finish(report)

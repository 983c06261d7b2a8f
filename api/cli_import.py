"""``cotmoc import …``: markers and border lines from files, with a progress bar and a
report at the end. Exit code 1 when rows were bad and nothing was written."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from tqdm import tqdm

from gis import db
from gis.audit import command_line_actor
from gis.importers.lines import LineOptions, import_line
from gis.importers.markers import (
    LegalRecord,
    MarkerOptions,
    SurveyRecord,
    import_markers,
)
from gis.importers.report import ImportReport
from gis.vocabulary import IMPORTED_COORD_STATUSES, LegalState, RecordAs, SurveyMethod

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


LEGAL_ONLY = ("instrument", "instrument_ref", "binding_from")
SURVEY_ONLY = ("method", "epoch", "accuracy", "observer")


def record_as(kind: RecordAs | None, given: dict[str, Any]) -> LegalRecord | SurveyRecord | None:
    """The ``--as`` record from the options given; an option of the other kind is refused."""

    def refuse(names: tuple[str, ...], why: str) -> None:
        extra = [n for n in names if given[n] is not None]
        if extra:
            option = "--" + extra[0].replace("_", "-")
            raise typer.BadParameter(f"{option} {why}", param_hint="--as")

    if kind is None:
        refuse((*LEGAL_ONLY, *SURVEY_ONLY, "state"), "needs --as legal or --as survey")
        return None
    if kind is RecordAs.legal:
        refuse(SURVEY_ONLY, "belongs to --as survey")
        if not given["instrument"]:
            raise typer.BadParameter("--as legal needs --instrument", param_hint="--instrument")
        return LegalRecord(
            instrument=given["instrument"],
            state=given["state"] or LegalState.binding,
            instrument_ref=given["instrument_ref"],
            binding_from=given["binding_from"] and given["binding_from"].date(),
        )
    refuse((*LEGAL_ONLY, "state"), "belongs to --as legal")
    if given["method"] is None or given["epoch"] is None:
        raise typer.BadParameter("--as survey needs --method and --epoch", param_hint="--as")
    epoch = given["epoch"]
    return SurveyRecord(
        method=given["method"],
        epoch=epoch if epoch.tzinfo else epoch.replace(tzinfo=UTC),
        accuracy_m=given["accuracy"],
        observer=given["observer"],
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
    as_: Annotated[
        RecordAs | None,
        typer.Option(
            "--as", help="Record the rows as legal positions or as surveys (nothing replaced)"
        ),
    ] = None,
    instrument: Annotated[
        str | None,
        typer.Option("--instrument", help='--as legal: the instrument, e.g. "Protocol 16/3/2016"'),
    ] = None,
    instrument_ref: Annotated[
        str | None,
        typer.Option(
            "--instrument-ref", help="--as legal: article, annex or table of the instrument"
        ),
    ] = None,
    state: Annotated[
        LegalState | None,
        typer.Option("--state", help="--as legal: draft, binding (default) or superseded"),
    ] = None,
    binding_from: Annotated[
        datetime | None,
        typer.Option(
            "--binding-from",
            formats=["%Y-%m-%d"],
            help="--as legal: the day it binds (default: the import date)",
        ),
    ] = None,
    method: Annotated[
        SurveyMethod | None,
        typer.Option("--method", help="--as survey: how the points were measured"),
    ] = None,
    epoch: Annotated[
        datetime | None,
        typer.Option(
            "--epoch", help="--as survey: when they were measured (date or date-time, UTC)"
        ),
    ] = None,
    accuracy: Annotated[
        float | None, typer.Option("--accuracy", min=0.001, help="--as survey: accuracy in metres")
    ] = None,
    observer: Annotated[
        str | None, typer.Option("--observer", help="--as survey: who measured")
    ] = None,
) -> None:
    """Markers from a point file: each replaces the registry record with the same code, or
    (``--as``) is added to the legal register or to the surveys."""
    from api.cli import database

    record = record_as(
        as_,
        {
            "instrument": instrument,
            "instrument_ref": instrument_ref,
            "state": state,
            "binding_from": binding_from,
            "method": method,
            "epoch": epoch,
            "accuracy": accuracy,
            "observer": observer,
        },
    )
    options = MarkerOptions(
        crs=crs,
        licence=licence,
        coord_status=coord_status,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        layer=layer,
        record_as=record,
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

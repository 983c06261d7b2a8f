"""``cotmoc report joint …``: the joint inspection report as a PDF (or HTML) file."""

from __future__ import annotations

import asyncio
import datetime as dt
from enum import StrEnum
from pathlib import Path

import typer

report_app = typer.Typer(help="Reports printed from the registry.", no_args_is_help=True)


class Lang(StrEnum):
    """The report's languages: Vietnamese and Lao side by side, or one language."""

    vi_lo = "vi+lo"
    vi = "vi"
    lo = "lo"
    en = "en"


def _day(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as err:
        raise typer.BadParameter(
            f"'{text}' is not a date such as 2026-01-31", param_hint=option
        ) from err


@report_app.command("joint")
def joint(
    date_from: str = typer.Option(..., "--from", help="first day of the period (2026-01-01)"),
    date_to: str = typer.Option(..., "--to", help="last day of the period (2026-12-31)"),
    section: str | None = typer.Option(None, help="one border section (e.g. savannakhet)"),
    lang: Lang = typer.Option(Lang.vi_lo, help="vi+lo (both side by side), vi, lo or en"),
    out: Path = typer.Option(..., help="the file to write: .pdf, or .html for the web page"),
) -> None:
    """The joint inspection report of a period: summary, map, markers, damage and repairs,
    the plan ahead, provenance and signature blocks."""
    import psycopg
    from psycopg.rows import dict_row

    from api.cli import database
    from reports.data import JointReportData, ReportRefused, gather
    from reports.render import document

    first, last = _day(date_from, "--from"), _day(date_to, "--to")
    fmt = "html" if out.suffix.lower() in (".html", ".htm") else "pdf"

    async def read(url: str) -> JointReportData:
        async with await psycopg.AsyncConnection.connect(
            url, row_factory=dict_row, prepare_threshold=None
        ) as conn:
            return await gather(conn, first, last, section)

    with database() as url:
        try:
            report = asyncio.run(read(url))
        except ReportRefused as err:
            typer.secho(str(err), fg="red", err=True)
            raise typer.Exit(2) from err
    content = document(report, lang.value, fmt)
    out.write_bytes(content)
    typer.echo(
        f"wrote {out} ({len(content):,} bytes, {len(report.markers)} markers, "
        f"{len(report.records)} maintenance records)"
    )

"""Standalone copies of the maps: HTML files that open from disk with no network."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from psycopg import Connection

from maps import data, render
from maps.page import PageOptions, marker_slug


def export_maps(
    conn: Connection[Any], folder: Path, readable: frozenset[str], lang: str = "vi"
) -> list[Path]:
    """Write overview.html, inspections.html, maintenance.html and markers/<marker>.html into
    ``folder`` with every asset inline, showing only the layers in ``readable``."""
    markers_folder = folder / "markers"
    markers_folder.mkdir(parents=True, exist_ok=True)
    top = PageOptions.exported(lang)
    pages = [
        (
            folder / "overview.html",
            render.render_overview(data.fetch(conn, data.overview_plan(readable)), top),
        ),
        (
            folder / "inspections.html",
            render.render_inspections(data.fetch(conn, data.inspections_plan(readable)), top),
        ),
        (
            folder / "maintenance.html",
            render.render_maintenance(data.fetch(conn, data.maintenance_plan(readable)), top),
        ),
    ]
    inner = PageOptions.exported(lang, up="../")
    codes = [
        row["code"] if isinstance(row, dict) else row[0]
        for row in conn.execute(data.marker_codes_query()).fetchall()
    ]
    for code in codes:
        page = render.render_marker(data.fetch(conn, data.marker_plan(code, readable)), inner)
        pages.append((markers_folder / f"{marker_slug(code)}.html", page))
    for path, html in pages:
        path.write_text(html, encoding="utf-8")
    return [path for path, _ in pages]

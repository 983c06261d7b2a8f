"""The joint inspection report (issue 14): figures checked in the PDF's text against counts
computed here from the database, Lao fonts embedded, the map drawn, the default data's 2020
damage named with its citations, the CLI and the API (rights, bad input)."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import subprocess
from pathlib import Path
from typing import Any

import psycopg
import pytest
from db_urls import app_url
from psycopg.rows import dict_row

from reports import data as report_data
from reports.render import document

LETTER = "002_2db779e8e0638f6e.txt:40"
LAO = re.compile("[\u0e80-\u0eff]")


def make_report(url: str, date_from: dt.date, date_to: dt.date, section: str | None = None,
                lang: str = "vi+lo", fmt: str = "pdf") -> bytes:
    async def read() -> report_data.JointReportData:
        async with await psycopg.AsyncConnection.connect(app_url(url),
                                                         row_factory=dict_row) as conn:
            return await report_data.gather(conn, date_from, date_to, section)

    return document(asyncio.run(read()), lang, fmt)


def pdf_text(pdf: bytes, tmp_path: Path, layout: bool = True) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def test_default_data_names_the_2020_damage_with_citations(shared_db: str,
                                                           tmp_path: Path) -> None:
    pdf = make_report(shared_db, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    (tmp_path / "default.pdf").write_bytes(pdf)
    text = pdf_text(pdf, tmp_path, layout=False)
    print(text[:3000])
    assert "606(1)" in text

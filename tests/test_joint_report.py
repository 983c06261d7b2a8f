"""The joint inspection report (issue 14).

- A month filled with known records: every summary figure read back from the PDF's text
  (``pdftotext``) equals what this test counts itself from the database.
- The PDF embeds a font covering Lao (``pdffonts``), its text holds Lao script, and its first
  pages (``pdftoppm``) are images that show the map.
- The report of the default data names the 2020 landslide at 606(1) and markers 585, 606(1)
  and 607(1) needing restoration, with the letter's citation.
- The command line writes it; the API serves it to planners, admins and ministry keys only,
  and answers bad requests with problem+json.
- Every label has Vietnamese, Lao and English.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pytest
from db_support import one_row
from db_urls import app_url
from fastapi.testclient import TestClient
from PIL import Image
from psycopg.rows import dict_row

from gis import db
from gis.seed.facts import SEPON_LANDSLIDE
from gis.vocabulary import Cause, Condition, values
from layers.labels import LABELS, LANGS
from reports import data as report_data
from reports.render import document

LETTER = "002_2db779e8e0638f6e.txt:40"
LAO = re.compile("[\u0e80-\u0eff]")
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
COTMOC = Path(sys.executable).with_name("cotmoc")


def make_report(
    url: str,
    date_from: dt.date,
    date_to: dt.date,
    section: str | None = None,
    lang: str = "vi+lo",
    fmt: str = "pdf",
) -> bytes:
    async def read() -> report_data.JointReportData:
        async with await psycopg.AsyncConnection.connect(
            app_url(url), row_factory=dict_row
        ) as conn:
            return await report_data.gather(conn, date_from, date_to, section)

    return document(asyncio.run(read()), lang, fmt)


def pdf_text(pdf: bytes, folder: Path, layout: bool = True) -> str:
    path = folder / "report.pdf"
    path.write_bytes(pdf)
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def number(text: str) -> float:
    """A figure as the Vietnamese report prints it: 1.234,5 → 1234.5."""
    return float(text.replace(".", "").replace(",", "."))


NUMBER = r"(\d[\d.]*(?:,\d+)?)"


def figures_after(text: str, label: str, count: int) -> list[float]:
    """The ``count`` figures printed on the line of ``label`` (pdftotext -layout keeps a
    table row on one line)."""
    lines = [line for line in text.splitlines() if label in line]
    assert lines, f"no line holds {label!r}"
    found = re.findall(NUMBER, lines[0].split(label, 1)[1])
    assert len(found) >= count, f"{label!r}: {lines[0]!r}"
    return [number(value) for value in found[:count]]


# --- known records ---------------------------------------------------------------------------


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL)


def marker_id(cur: psycopg.Cursor[Any], code: str) -> int:
    cur.execute("SELECT id FROM markers WHERE code = %s", (code,))
    return int(one_row(cur)["id"])


def inspect(
    cur: psycopg.Cursor[Any],
    code: str,
    when: dt.datetime,
    condition: str,
    cleared: bool = False,
    alert: bool = False,
    acknowledged: dt.datetime | None = None,
) -> None:
    inspection = uuid.uuid4()
    cur.execute(
        "INSERT INTO inspections (id, marker_id, observed_at, condition, vegetation_cleared, "
        "displacement_m, created_by) VALUES (%s, %s, %s, %s, %s, %s, 'test')",
        (inspection, marker_id(cur, code), when, condition, cleared, 12.0 if alert else None),
    )
    if alert:
        cur.execute(
            "INSERT INTO alerts (kind, inspection_id, marker_id, displacement_m, "
            "threshold_m, acknowledged_at, acknowledged_by) "
            "VALUES ('displacement', %s, %s, 12, 5, %s, %s)",
            (inspection, marker_id(cur, code), acknowledged, acknowledged and "planner1"),
        )


def damage(
    cur: psycopg.Cursor[Any],
    code: str,
    cause: str,
    steps: list[tuple[str, dt.date]],
    severity: str = "moderate",
) -> None:
    """A record reported on the first step's day that went through ``steps``."""
    record = uuid.uuid4()
    cur.execute(
        "INSERT INTO maintenance_records (id, marker_id, cause, observed_on, observed_precision,"
        " reported_on, reported_precision, severity, status, description, source, licence, "
        "coord_status, created_by) VALUES (%s, %s, %s, %s, 'day', %s, 'day', %s, %s, %s, "
        "'Field report (cotmoc)', 'test licence', 'interpolated', 'test')",
        (
            record,
            marker_id(cur, code),
            cause,
            steps[0][1],
            steps[0][1],
            severity,
            steps[-1][0],
            f"Test damage at {code} ({cause})",
        ),
    )
    previous = None
    for status, day in steps:
        cur.execute(
            "INSERT INTO maintenance_events (record_id, from_status, to_status, note, "
            "actor, happened_on) VALUES (%s, %s, %s, 'test step', 'planner1', %s)",
            (record, previous, status, day),
        )
        previous = status


def patrol(
    cur: psycopg.Cursor[Any], start: dt.datetime, joint: bool, share: tuple[float, float]
) -> None:
    """A patrol along a share of the Savannakhet line."""
    cur.execute(
        "INSERT INTO patrols (id, started_at, ended_at, vn_unit, la_unit, joint, track, "
        "created_by) SELECT %s, %s, %s, 'Đồn Biên phòng Cửa khẩu Quốc tế Lao Bảo', %s, %s, "
        "ST_Multi(ST_LineSubstring(geom, %s, %s)), 'test' FROM border_sections "
        "WHERE code = 'savannakhet'",
        (
            uuid.uuid4(),
            start,
            start + dt.timedelta(hours=5),
            "Công an biên phòng Savannakhet" if joint else None,
            joint,
            *share,
        ),
    )


def fill_march(url: str) -> None:
    d = dt.date
    with db.connect(url) as conn, conn.cursor() as cur:
        inspect(cur, "577", at(d(2026, 3, 5), 9), "cracked")
        inspect(cur, "577", at(d(2026, 3, 20), 9), "intact")  # the last one counts
        inspect(cur, "578", at(d(2026, 3, 6), 10), "cracked")
        inspect(cur, "579", at(d(2026, 3, 7), 11), "vegetation_overgrown", cleared=True)
        # Acknowledged in the period, and one of the period acknowledged only after it.
        inspect(
            cur,
            "580",
            at(d(2026, 3, 8), 8),
            "displaced",
            alert=True,
            acknowledged=at(d(2026, 3, 9), 8),
        )
        inspect(cur, "581", at(d(2026, 3, 31), 23, 30), "missing")  # last evening, local
        inspect(
            cur,
            "582",
            at(d(2026, 3, 9), 8),
            "vegetation_overgrown",
            cleared=True,
            alert=True,
            acknowledged=at(d(2026, 4, 2), 8),
        )
        inspect(cur, "583", at(d(2026, 2, 27), 8), "damaged", alert=True)  # before
        inspect(cur, "584", at(d(2026, 4, 1), 0, 10), "tilted", cleared=True)  # after
        # Withdrawn by the guard who made it (issue 11): counted nowhere, alert included.
        inspect(cur, "585", at(d(2026, 3, 10), 9), "missing", cleared=True, alert=True)
        cur.execute(
            "UPDATE inspections SET withdrawn_at = now(), withdrawn_by = 'guard1', "
            "withdrawal_reason = 'sai mốc' WHERE observed_at = %s",
            (at(d(2026, 3, 10), 9),),
        )
        damage(
            cur,
            "583",
            "landslide",
            [
                ("reported", d(2026, 3, 2)),
                ("assessed", d(2026, 3, 5)),
                ("repair_proposed", d(2026, 3, 6)),
                ("approved", d(2026, 3, 10)),
                ("in_repair", d(2026, 3, 12)),
                ("repaired", d(2026, 3, 20)),
                ("verified", d(2026, 3, 25)),
            ],
        )
        damage(cur, "584", "flood", [("reported", d(2026, 3, 3)), ("assessed", d(2026, 3, 4))])
        damage(
            cur,
            "586",
            "erosion",
            [
                ("reported", d(2026, 2, 1)),
                ("assessed", d(2026, 2, 2)),
                ("repair_proposed", d(2026, 2, 3)),
                ("approved", d(2026, 4, 5)),
            ],
        )
        damage(cur, "587", "vandalism", [("reported", d(2026, 3, 15)), ("closed", d(2026, 3, 16))])
        patrol(cur, at(d(2026, 3, 4), 7), True, (0.0, 0.3))
        patrol(cur, at(d(2026, 3, 18), 7), True, (0.2, 0.6))
        patrol(cur, at(d(2026, 3, 11), 7), False, (0.5, 0.9))
        patrol(cur, at(d(2026, 2, 11), 7), True, (0.1, 0.4))  # before the period
        patrol(cur, at(d(2026, 3, 21), 7), True, (0.1, 0.9))  # withdrawn:
        cur.execute(
            "UPDATE patrols SET withdrawn_at = now(), withdrawn_by = 'guard1', "
            "withdrawal_reason = 'trùng lặp' WHERE started_at = %s",
            (at(d(2026, 3, 21), 7),),
        )


# --- what the test counts itself -------------------------------------------------------------


def expected_figures(url: str, date_from: dt.date, date_to: dt.date) -> dict[str, Any]:
    """The summary counted here, plainly: rows fetched and counted in Python."""
    start = dt.datetime.combine(date_from, dt.time(), LOCAL)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(), LOCAL)
    with db.connect(url) as conn:
        markers = conn.execute("SELECT id, type, position_id FROM markers").fetchall()
        inspections = conn.execute(
            "SELECT marker_id, observed_at, condition, vegetation_cleared FROM inspections "
            "WHERE observed_at >= %s AND observed_at < %s AND withdrawn_at IS NULL "
            "ORDER BY observed_at",
            (start, end),
        ).fetchall()
        alerts = conn.execute(
            "SELECT i.observed_at, a.acknowledged_at FROM alerts a "
            "JOIN inspections i ON i.id = a.inspection_id WHERE i.withdrawn_at IS NULL"
        ).fetchall()
        records = conn.execute("SELECT id, cause, reported_on FROM maintenance_records").fetchall()
        events = conn.execute(
            "SELECT record_id, to_status, happened_on FROM maintenance_events "
            "ORDER BY happened_on, id"
        ).fetchall()
        patrols = conn.execute(
            "SELECT joint, length_m FROM patrols WHERE started_at >= %s AND started_at < %s "
            "AND withdrawn_at IS NULL",
            (start, end),
        ).fetchall()
    last: dict[int, str] = {}
    for row in inspections:
        last[row["marker_id"]] = row["condition"]
    by_condition: dict[str, int] = {}
    for condition in last.values():
        by_condition[condition] = by_condition.get(condition, 0) + 1

    damage: dict[str, dict[str, int]] = {}
    for record in records:
        steps = [e for e in events if e["record_id"] == record["id"]]
        in_period = {e["to_status"] for e in steps if date_from <= e["happened_on"] <= date_to}
        up_to_end = [e["to_status"] for e in steps if e["happened_on"] <= date_to]
        reported_on = record["reported_on"] or steps[0]["happened_on"]
        row = {
            "reported": int(date_from <= reported_on <= date_to),
            **{
                step: int(step in in_period)
                for step in ("assessed", "approved", "repaired", "verified")
            },
            "still_open": int(
                bool(up_to_end) and up_to_end[-1] not in ("repaired", "verified", "closed")
            ),
        }
        if any(row.values()):
            counts = damage.setdefault(record["cause"], dict.fromkeys(row, 0))
            for key, value in row.items():
                counts[key] += value
    return {
        "markers": len(markers),
        "boundary_markers": sum(m["type"] == "boundary_marker" for m in markers),
        "reference_stakes": sum(m["type"] == "reference_stake" for m in markers),
        "positions": len({m["position_id"] for m in markers}),
        "inspections": len(inspections),
        "markers_inspected": len(last),
        "by_condition": by_condition,
        "vegetation_cleared": sum(row["vegetation_cleared"] for row in inspections),
        "alerts": sum(start <= a["observed_at"] < end for a in alerts),
        "acknowledged": sum(
            start <= a["observed_at"] < end
            and a["acknowledged_at"] is not None
            and a["acknowledged_at"] < end
            for a in alerts
        ),
        "damage": damage,
        "joint": [p["length_m"] for p in patrols if p["joint"]],
        "vn_only": [p["length_m"] for p in patrols if not p["joint"]],
    }


# --- the tests ---------------------------------------------------------------------------------


@pytest.fixture
def march_db(fresh_db: str) -> str:
    fill_march(fresh_db)
    return fresh_db


def test_every_summary_figure_matches_the_database(
    march_db: str, tmp_path: Path, output_dir: Path
) -> None:
    pdf = make_report(march_db, *MARCH)
    (output_dir / "joint-report-march.pdf").write_bytes(pdf)
    text = pdf_text(pdf, tmp_path)
    want = expected_figures(march_db, *MARCH)
    # The fill is what the test meant it to be (so the comparison below is not vacuous).
    assert want["inspections"] == 7 and want["markers_inspected"] == 6
    assert want["by_condition"] == {
        "intact": 1,
        "cracked": 1,
        "vegetation_overgrown": 2,
        "displaced": 1,
        "missing": 1,
    }
    assert want["vegetation_cleared"] == 2 and want["alerts"] == 2
    assert want["acknowledged"] == 1  # the other one only after the period
    assert len(want["joint"]) == 2 and len(want["vn_only"]) == 1
    assert want["damage"]["landslide"] == {
        "reported": 1,
        "assessed": 1,
        "approved": 1,
        "repaired": 1,
        "verified": 1,
        "still_open": 1,
    }

    single = {
        "Mốc quốc giới và cọc dấu trên đoạn": want["markers"],
        "Cột mốc": want["boundary_markers"],
        "Cọc dấu": want["reference_stakes"],
        "Vị trí mốc": want["positions"],
        "Lượt kiểm tra mốc trong kỳ": want["inspections"],
        "Mốc được kiểm tra trong kỳ": want["markers_inspected"],
        "Lượt phát quang quanh mốc": want["vegetation_cleared"],
        "Cảnh báo mốc bị xê dịch": want["alerts"],
        "Cảnh báo đã được xác nhận": want["acknowledged"],
    }
    for label, value in single.items():
        assert figures_after(text, label, 1) == [value], label
    for condition, value in want["by_condition"].items():
        label = LABELS[f"value.{condition}"][0]
        assert figures_after(text, label + " ·", 1) == [value], condition

    columns = ("reported", "assessed", "approved", "repaired", "verified", "still_open")
    for cause, counts in want["damage"].items():
        label = LABELS[f"value.{cause}"][0] + " ·"
        assert figures_after(text, label, 6) == [counts[c] for c in columns], cause
    totals = [sum(counts[c] for counts in want["damage"].values()) for c in columns]
    assert figures_after(text, "Tổng · ", 6) == totals

    for label, lengths in (
        ("Tuần tra song phương", want["joint"]),
        ("Tuần tra riêng phía Việt Nam", want["vn_only"]),
    ):
        count, km = figures_after(text, label, 2)
        assert count == len(lengths)
        assert km == round(sum(lengths) / 1000, 1), label

    check_coverage_rows(text, march_db, *MARCH)


# A share as the Vietnamese report prints it: "37 %".
SHARE = re.compile(r"(\d+) ?%")


def covered_here(url: str, date_from: dt.date, date_to: dt.date) -> dict[str, dict[str, float]]:
    """Each Savannakhet segment's share within 200 m of the period's tracks (all, joint; the
    withdrawn one left out), by the markers at its ends as the report prints them
    ("577 – 578"). Measured here another way than the report: the segment cut by the
    buffered union of the tracks, in UTM zone 48N, with no intervals."""
    start = dt.datetime.combine(date_from, dt.time(), LOCAL)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(), LOCAL)
    query = """
        WITH zone AS (
            SELECT ST_Buffer(ST_Union(ST_Transform(track, 32648)), 200, 'quad_segs=32')
                       AS any_zone,
                   ST_Buffer(ST_Union(ST_Transform(track, 32648)) FILTER (WHERE joint), 200,
                             'quad_segs=32') AS joint_zone
            FROM patrols WHERE started_at >= %s AND started_at < %s AND withdrawn_at IS NULL
        )
        SELECT g.id, array_to_string(g.from_markers, ', ') || ' – '
                     || array_to_string(g.to_markers, ', ') AS ends,
               ST_Length(ST_Intersection(ST_Transform(g.geom, 32648), zone.any_zone))
                     / ST_Length(ST_Transform(g.geom, 32648)) AS covered,
               coalesce(ST_Length(ST_Intersection(ST_Transform(g.geom, 32648),
                                                  zone.joint_zone))
                        / ST_Length(ST_Transform(g.geom, 32648)), 0) AS joint
        FROM border_segments_features g, zone
        WHERE g.section = 'savannakhet' AND ST_Length(g.geom) > 0"""
    with db.connect(url) as conn:
        rows = conn.execute(query, (start, end)).fetchall()
    return {r["ends"]: {"covered": r["covered"], "joint": r["joint"]} for r in rows}


def check_coverage_rows(text: str, url: str, date_from: dt.date, date_to: dt.date) -> None:
    """The coverage table prints every Savannakhet segment with its covered and joint shares
    as measured here (to the whole percent the report rounds to, ±1 where a buffer's arcs
    and the report's measure part)."""
    here = covered_here(url, date_from, date_to)
    # The March patrols run along 0–90 % of the line, joint ones along 0–60 %.
    assert len(here) == 49
    assert 0 < sum(share["joint"] == 0 for share in here.values()) < len(here)
    partial = [k for k, share in here.items() if 0.02 < share["covered"] < 0.98]
    assert partial, "no segment is partly covered: the check below would be vacuous"
    for ends, share in here.items():
        row = re.compile(rf"(^|\s){re.escape(ends)}\s")
        rows = [line for line in text.splitlines() if row.search(line)]
        assert len(rows) == 1, (ends, rows)
        printed = [int(value) for value in SHARE.findall(rows[0])]
        assert len(printed) == 3, rows[0]  # covered, joint, Vietnamese-only
        assert abs(printed[0] - share["covered"] * 100) <= 1, (ends, printed, share)
        assert abs(printed[1] - share["joint"] * 100) <= 1, (ends, printed, share)


def test_a_year_to_date_changes_the_figures(march_db: str, tmp_path: Path) -> None:
    """A period ending before the March records sees the erosion record as it was in
    February, and none of March's inspections."""
    text = pdf_text(make_report(march_db, dt.date(2026, 2, 1), dt.date(2026, 2, 28)), tmp_path)
    assert figures_after(text, "Lượt kiểm tra mốc trong kỳ", 1) == [1]
    assert figures_after(text, "Xói mòn ·", 6) == [1, 1, 0, 0, 0, 1]
    assert figures_after(text, "Cảnh báo mốc bị xê dịch", 1) == [1]


def test_pdf_embeds_a_lao_font_and_shows_the_map(march_db: str, tmp_path: Path) -> None:
    pdf = make_report(march_db, *MARCH)
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    lao_fonts = [line for line in fonts if "Lao" in line.split()[0]]
    assert lao_fonts, fonts
    assert all(line.split()[-5] == "yes" for line in lao_fonts)  # the "emb" column
    text = pdf_text(pdf, tmp_path, layout=False)
    assert len(LAO.findall(text)) > 500
    assert "ບົດລາຍງານຮ່ວມ" in text

    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "4", str(path), str(tmp_path / "page")],
        check=True,
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 4
    section_line = (0x8E, 0x44, 0xAD)  # the Salavan section's colour (layers/catalog.py)
    never_inspected = (0x9E, 0x9E, 0x9E)

    def pixels_like(image: Image.Image, colour: tuple[int, int, int]) -> int:
        counted: list[tuple[int, tuple[int, ...]]] = image.getcolors(1 << 20) or []  # type: ignore[assignment]
        return sum(
            n
            for n, rgb in counted
            if all(abs(a - b) < 30 for a, b in zip(rgb, colour, strict=True))
        )

    painted = []
    for page in pages:
        with Image.open(page) as image:
            rgb = image.convert("RGB")
            assert rgb.getextrema() != ((255, 255), (255, 255), (255, 255)), page.name
            painted.append((pixels_like(rgb, section_line), pixels_like(rgb, never_inspected)))
    assert any(line > 50 and grey > 50 for line, grey in painted), painted


def test_default_data_names_the_2020_damage_with_citations(shared_db: str, tmp_path: Path) -> None:
    pdf = make_report(shared_db, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    text = flat(pdf_text(pdf, tmp_path, layout=False))
    assert flat(SEPON_LANDSLIDE) in text
    for code in ("585", "606(1)", "607(1)"):
        assert f"Marker {code} needs restoration and repair after the 2020 floods." in text
    # each record cites the letter, and the plan ahead lists the four pending repairs
    assert text.count(LETTER) >= 8
    plan = text.split("Sửa chữa đã đề xuất hoặc phê duyệt nhưng chưa xong", 1)[1]
    plan = plan.split("Nguồn gốc dữ liệu", 1)[0]
    for code in ("585", "606(1)", "607(1)"):
        assert re.search(rf"{re.escape(code)}: .*{re.escape(LETTER)}", plan), code
    assert plan.count("Đề xuất sửa chữa") == 4
    assert "2020 (chỉ biết năm" in text  # the year-only date is marked so
    assert "000_941c44a4e543e441.txt:246" in text  # the legal basis with its citation


def test_the_command_line_writes_the_report(shared_db: str, tmp_path: Path) -> None:
    out = tmp_path / "joint.pdf"
    env = {**os.environ, "DATABASE_URL": app_url(shared_db)}
    done = subprocess.run(
        [
            str(COTMOC),
            "report",
            "joint",
            "--from",
            "2026-01-01",
            "--to",
            "2026-03-31",
            "--section",
            "savannakhet",
            "--lang",
            "en",
            "--out",
            str(out),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    text = flat(pdf_text(out.read_bytes(), tmp_path))
    assert "Joint report on the inspection and maintenance of boundary markers" in text
    assert "01/01/2026 – 31/03/2026" in text
    assert "Quảng Trị – Salavan" not in text  # one section only
    assert not LAO.search(text.split("Legal basis")[0])  # English only (data aside)

    html = tmp_path / "joint.html"
    done = subprocess.run(
        [
            str(COTMOC),
            "report",
            "joint",
            "--from",
            "2026-01-01",
            "--to",
            "2026-03-31",
            "--lang",
            "lo",
            "--out",
            str(html),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "ບົດລາຍງານຮ່ວມ" in html.read_text()

    for args, why in (
        (["--from", "2026-13-01", "--to", "2026-12-31"], "--from"),
        (["--from", "2026-02-01", "--to", "2026-01-01"], "to: 2026-01-01 is before from"),
        (
            ["--from", "2026-01-01", "--to", "2026-12-31", "--section", "nowhere"],
            "no border section 'nowhere'",
        ),
    ):
        bad = tmp_path / "bad.pdf"
        done = subprocess.run(
            [str(COTMOC), "report", "joint", *args, "--out", str(bad)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 2, done
        assert why in flat(done.stderr), done.stderr
        assert not bad.exists()


def test_the_api_serves_the_report_to_its_readers_only(
    field_api: tuple[TestClient, dict[str, dict[str, str]]], tmp_path: Path
) -> None:
    client, headers = field_api
    url = "/reports/joint?from=2026-01-01&to=2026-12-31&section=savannakhet"
    expected = {"anonymous": 401, "guard": 403, "ministry": 200, "planner": 200, "admin": 200}
    for role, status in expected.items():
        answer = client.get(url + "&f=html", headers=headers[role])
        assert answer.status_code == status, (role, answer.text[:300])
        if status != 200:
            assert answer.headers["content-type"] == "application/problem+json"
    pdf = client.get(url, headers=headers["ministry"])
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "606(1)" in pdf_text(pdf.content, tmp_path)

    page = client.get(url + "&lang=vi%2Blo", headers={**headers["planner"], "Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")
    assert "ບົດລາຍງານຮ່ວມ" in page.text and "Báo cáo chung" in page.text
    assert "'unsafe-inline'" not in page.headers["content-security-policy"]
    assert "style=" not in page.text  # the CSP refuses style attributes
    typed = client.get(url + "&lang=vi+lo&f=html", headers=headers["planner"])  # + as a space
    assert typed.status_code == 200 and "ບົດລາຍງານຮ່ວມ" in typed.text

    for query, where in (
        ("from=2026-02-01&to=2026-01-01", "to"),
        ("from=2026-01-01&to=2026-12-31&section=nowhere", "section"),
        ("from=2026-01-01&to=2031-01-01", "to"),
        ("from=2026-01-40&to=2026-12-31", "query.from"),
        ("from=2026-01-01&to=2026-12-31&lang=fr", "query.lang"),
        ("to=2026-12-31", "query.from"),
    ):
        answer = client.get(f"/reports/joint?{query}", headers=headers["planner"])
        assert answer.status_code == 400, (query, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
        body = answer.json()
        assert where in str(body.get("where")) + str(body.get("errors")), (query, body)


def test_every_label_has_vietnamese_lao_and_english() -> None:
    words = {
        key: dict(zip(LANGS, texts, strict=True))
        for key, texts in LABELS.items()
        if key.startswith("report.")
    }
    assert words, "the report's words are report.<key> entries of the label table"
    missing = [
        f"{key}.{lang}"
        for key, texts in words.items()
        for lang in LANGS
        if not texts.get(lang, "").strip()
    ]
    not_lao = [key for key, texts in words.items() if not LAO.search(texts.get("lo", ""))]
    shown = {
        *values(Condition),
        *values(Cause),
        "reported",
        "assessed",
        "repair_proposed",
        "approved",
        "in_repair",
        "repaired",
        "verified",
        "closed",
        "low",
        "moderate",
        "severe",
        "unknown",
        "boundary_marker",
        "reference_stake",
        "official",
        "illustrative",
        "surveyed",
        "source_point",
        "derived",
        "approximate",
        "interpolated",
        "true",
        "false",
    }
    values_without_lao = sorted(
        v for v in shown if not LAO.search(LABELS.get(f"value.{v}", ("", "", ""))[1])
    )
    values_without_vi_en = sorted(v for v in shown if f"value.{v}" not in LABELS)
    assert not missing, f"labels without a text: {missing}"
    assert not not_lao, f"Lao labels without Lao script: {not_lao}"
    assert not values_without_lao, f"values without a Lao title: {values_without_lao}"
    assert not values_without_vi_en, f"values without vi/en titles: {values_without_vi_en}"


def test_damage_records_show_up_to_two_photo_thumbnails(fresh_db: str, field_home: Path) -> None:
    """Three photos of the landslide: two thumbnails are printed, inline; a photo whose file
    is gone is said to be missing."""
    with db.connect(fresh_db) as conn, conn.cursor() as cur:
        cur.execute("SELECT id FROM maintenance_records WHERE cause = 'landslide'")
        record = one_row(cur)["id"]
        for n, colour in enumerate(("red", "blue", "green")):
            relative = f"photos/test-{n}.png"
            if n != 1:  # the second photo's file is gone
                (field_home / "photos").mkdir(exist_ok=True)
                Image.new("RGB", (800, 600), colour).save(field_home / relative)
            cur.execute(
                "INSERT INTO photos (id, maintenance_id, sha256, media_type, size_bytes, width, "
                "height, stored_path, created_by, created_at) VALUES (%s, %s, %s, 'image/png', "
                "1, 800, 600, %s, 'test', now() + %s * interval '1 minute')",
                (uuid.uuid4(), record, f"{n:064x}", relative, n),
            )
    html = make_report(fresh_db, dt.date(2026, 1, 1), dt.date(2026, 12, 31), fmt="html").decode()
    assert html.count('src="data:image/jpeg;base64,') == 1  # the first; the third is not shown
    assert "không tìm thấy tệp ảnh" in html

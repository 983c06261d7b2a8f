"""Figures, the machine they were measured on, and the files they are written to."""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from gis.settings import PROJECT_ROOT

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
README = BENCH_DIR / "README.md"
LATEST_START = "<!-- latest:start -->"
LATEST_END = "<!-- latest:end -->"


@dataclass
class Figure:
    """One measured (or not measured) number, with its ratio against a named baseline."""

    scenario: str
    subject: str
    metric: str
    value: float | None
    unit: str
    baseline: str = ""
    ratio: float | None = None
    target: str = ""
    note: str = ""

    @property
    def measured(self) -> bool:
        return self.value is not None

    def line(self) -> str:
        if self.value is None:
            return f"[{self.scenario}] {self.subject} {self.metric}: not measured ({self.note})"
        text = f"[{self.scenario}] {self.subject} {self.metric}: {_number(self.value)} {self.unit}"
        if self.ratio is not None:
            text += f"  ({self.ratio:.2f}× {self.baseline})"
        if self.target:
            text += f"  target {self.target}"
        return text


def skipped(scenario: str, subject: str, metric: str, reason: str) -> Figure:
    return Figure(scenario, subject, metric, None, "", note=f"skipped: {reason}")


def _number(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def _run(args: list[str]) -> str:
    if not shutil.which(args[0]):
        return "not installed"
    result = subprocess.run(args, capture_output=True, text=True, timeout=30)
    return (result.stdout or result.stderr).strip().splitlines()[0]


def commit() -> str:
    head = (
        subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=PROJECT_ROOT,
        ).stdout.strip()
        or "unknown"
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
    ).stdout.strip()
    return f"{head}-dirty" if dirty else head


def machine(versions: dict[str, str]) -> dict[str, str]:
    """nproc, memory, CPU model, load and the versions of everything measured."""
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    meminfo = Path("/proc/meminfo").read_text()
    memory = re.search(r"MemTotal:\s*(\d+)", meminfo)
    return {
        "nproc": str(os.cpu_count()),
        "memory": f"{int(memory.group(1)) / 1024 / 1024:.1f} GiB" if memory else "unknown",
        "cpu": model.group(1).strip() if model else platform.processor() or "unknown",
        "load_average_at_start": " ".join(f"{v:.2f}" for v in os.getloadavg()),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "wrk": _run(["wrk", "--version"]),
        "ogr2ogr": _run(["ogr2ogr", "--version"]),
        **versions,
    }


def markdown(figures: list[Figure], info: dict[str, str], header: dict[str, str]) -> str:
    lines = [
        f"Run {header['date']} on commit `{header['commit']}` ({header['mode']}); {header['note']}",
        "",
    ]
    lines += ["| machine | |", "|---|---|"]
    lines += [f"| {key} | {value} |" for key, value in info.items()]
    lines += [
        "",
        "| scenario | subject | metric | value | ratio | target | note |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        value = f"{_number(f.value)} {f.unit}" if f.value is not None else "not measured"
        ratio = f"{f.ratio:.2f}× {f.baseline}" if f.ratio is not None else ""
        note = " ".join(f.note.split()).replace("|", "/")
        lines.append(
            f"| {f.scenario} | {f.subject} | {f.metric} | {value} | {ratio} | {f.target} | {note} |"
        )
    return "\n".join(lines) + "\n"


def write(
    figures: list[Figure],
    info: dict[str, str],
    mode: str,
    note: str,
    settings: dict[str, object],
    update_readme: bool = True,
) -> tuple[Path, Path]:
    """Write ``results/<date>-<commit>.json`` and ``.md``; put the table into README.md
    (only for a run of every scenario, so a partial run does not hide the last full one)."""
    RESULTS_DIR.mkdir(exist_ok=True)
    now = datetime.now(UTC)
    header = {
        "date": now.strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit(),
        "mode": mode,
        "note": note,
    }
    stem = f"{now.strftime('%Y-%m-%d')}-{header['commit']}"
    if mode != "full":
        stem += f"-{mode}"
    scenarios = settings.get("scenarios")
    if isinstance(scenarios, list):  # a partial run: say which scenarios
        stem += "-scenario-" + "-".join(str(n) for n in scenarios)
    json_path = RESULTS_DIR / f"{stem}.json"
    json_path.write_text(
        json.dumps(
            {
                **header,
                "machine": info,
                "settings": settings,
                "figures": [asdict(f) for f in figures],
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    table = markdown(figures, info, header)
    md_path = RESULTS_DIR / f"{stem}.md"
    md_path.write_text(table)
    if update_readme and README.exists():
        text = README.read_text()
        if LATEST_START in text and LATEST_END in text:
            before, rest = text.split(LATEST_START, 1)
            after = rest.split(LATEST_END, 1)[1]
            README.write_text(f"{before}{LATEST_START}\n{table}{LATEST_END}{after}")
    return json_path, md_path

"""The scenarios of issue 6 (1–5), the joint report on growth data (6, issue 14) and the
FlatGeobuf download (7, issue 16). Each is one function returning its figures.

Every figure is printed with its ratio against the baseline named by the issue, measured in
the same run. A scenario whose feature is missing returns "skipped: <reason>" figures.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import httpx
import numpy as np
import orjson
import psycopg

from bench import adapters, data, servers
from bench.report import Figure, skipped
from gis.cluster import EmbeddedCluster, find_pg_bin

if TYPE_CHECKING:
    from bench.growth import Growth

BBOX_COUNT = 16
BBOX_SIZE_DEG = 0.1
BBOX_LIMIT = 100
CLIENTS = (1, 8, 32)
NO_JIT = "-c jit=off"  # as the API runs (gis/cluster.py SERVER_SETTINGS)


@dataclass
class Sizes:
    """How big and how long: the issue's defaults, or ``--quick``."""

    items_markers: int = 100_000
    bbox_markers: int = 1_000_000
    rss_markers: int = 1_000_000
    map_markers: tuple[int, ...] = (1_000, 10_000)
    items_limit: int = 10_000
    runs: int = 5
    wrk_seconds: int = 10
    gpx_points: int = 50_000
    rss_time_cap_s: float = 300
    growth_years: int = 20  # issue 15: twenty years of the whole border's field record
    growth_seconds: int = 6  # each load of scenario 6 (1 and 8 clients, ours and the database)

    @classmethod
    def quick(cls) -> Sizes:
        return cls(
            items_markers=10_000,
            bbox_markers=10_000,
            rss_markers=10_000,
            map_markers=(1_000, 10_000),
            runs=3,
            wrk_seconds=3,
            gpx_points=5_000,
            rss_time_cap_s=60,
            growth_years=2,
            growth_seconds=3,
        )


@dataclass
class Context:
    cluster: EmbeddedCluster
    sizes: Sizes
    logs: Path
    database_for: Callable[[int], str]  # marker count -> database name (created on demand)

    def url(self, count: int) -> str:
        return self.cluster.url(self.database_for(count))


def _say(figure: Figure) -> Figure:
    print("  " + figure.line(), flush=True)
    return figure


def _median_seconds(action: Callable[[], object], runs: int) -> tuple[float, object]:
    result = action()  # warm-up, not counted
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


# -- 1. items limit=10000 -------------------------------------------------------------------


def items_page(ctx: Context) -> list[Figure]:
    """All servers run side by side; each round times every subject once, in turn, so that
    a burst of load on the shared machine touches them all alike. Medians per subject."""
    count, limit, runs = ctx.sizes.items_markers, ctx.sizes.items_limit, ctx.sizes.runs
    name = f"1 items limit={limit} on {count:,}"
    url = ctx.url(count)
    database = ctx.database_for(count)
    floor = "SQL floor (psycopg)"  # the endpoint's query: the published-feature store
    view_floor = "SQL floor, view (psycopg)"  # the same page written from the view, as before
    figures: list[Figure] = []
    starters: dict[str, Callable[[], AbstractContextManager[servers.Server]]] = {
        "ours": lambda: servers.ours(url, ctx.logs),
        "tipg": lambda: servers.tipg(ctx.cluster, database, ctx.logs),
        "pygeoapi": lambda: servers.pygeoapi(ctx.cluster, database, ctx.logs),
        "naive": lambda: servers.naive(url, ctx.logs),
    }
    with ExitStack() as stack:
        conn = stack.enter_context(psycopg.connect(url, options=NO_JIT))
        client = stack.enter_context(httpx.Client(timeout=300))

        def fetch(query: str) -> Callable[[], bytes]:
            def run() -> bytes:
                row = conn.execute(query).fetchone()
                assert row is not None
                return str(row[0]).encode()

            return run

        actions: dict[str, Callable[[], bytes]] = {}
        running: dict[str, servers.Server] = {}
        for subject, start in starters.items():
            try:
                running[subject] = stack.enter_context(start())
            except Exception as err:  # noqa: BLE001 - a peer that fails is reported
                figures.append(
                    _say(Figure(name, subject, "time", None, "", note=f"failed: {str(err)[:200]}"))
                )
                continue

            def get(target: str = running[subject].items_url(f"limit={limit}")) -> bytes:
                response = client.get(target)
                response.raise_for_status()
                return response.content

            actions[subject] = get

        # Each feature's self link as our server writes it.
        base = running["ours"].base if "ours" in running else "http://127.0.0.1"
        items_url = f"{base}/collections/markers/items/"
        for subject, stored in ((floor, True), (view_floor, False)):
            actions[subject] = fetch(adapters.items_sql(conn, items_url, limit, stored))
        actions = {subject: actions[subject] for subject in [floor, view_floor, *running]}

        times: dict[str, list[float]] = {subject: [] for subject in actions}
        bodies: dict[str, bytes] = {}
        for round_number in range(runs + 1):  # round 0 warms up and is not counted
            for subject, action in list(actions.items()):
                begin = time.perf_counter()
                try:
                    bodies[subject] = action()
                except Exception as err:  # noqa: BLE001 - reported, not fatal
                    figures.append(
                        _say(
                            Figure(
                                name, subject, "time", None, "", note=f"failed: {str(err)[:200]}"
                            )
                        )
                    )
                    del actions[subject], times[subject]
                    continue
                if round_number:
                    times[subject].append(time.perf_counter() - begin)
        peaks = {
            subject: server.rss_kib()[1] for subject, server in running.items() if subject in times
        }

    medians = {subject: statistics.median(values) for subject, values in times.items()}
    floor_s = medians[floor]
    for subject, seconds in medians.items():
        body = bodies[subject]
        returned = len(orjson.loads(body)["features"])
        note = f"{returned} features, {len(body):,} bytes"
        if subject in peaks:
            note += f", peak RSS {peaks[subject] / 1024:.0f} MB"
        is_floor = subject == floor
        figures.append(
            _say(
                Figure(
                    name,
                    subject,
                    "time",
                    seconds * 1000,
                    "ms",
                    "" if is_floor else floor,
                    None if is_floor else seconds / floor_s,
                    "≤ 1.25× SQL floor" if subject == "ours" else "",
                    note,
                )
            )
        )
        figures.append(_say(Figure(name, subject, "features/s", returned / seconds, "/s")))
        figures.append(_say(Figure(name, subject, "bytes/s", len(body) / seconds / 1e6, "MB/s")))
    if "ours" in medians:
        for peer, target_text in (("tipg", "≥ 8×"), ("pygeoapi", "≥ 6.5×"), ("naive", "")):
            if peer in medians:
                figures.append(
                    _say(
                        Figure(
                            name,
                            "ours",
                            f"speed-up over {peer}",
                            medians[peer] / medians["ours"],
                            "×",
                            target=target_text,
                        )
                    )
                )
    return figures


# -- 2. bbox pages under load ----------------------------------------------------------------

WRK_SCRIPT = """\
local paths = {{ {paths} }}
local headers = {{ {headers} }}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], headers)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""


def _wrk(
    server: servers.Server,
    paths: list[str],
    clients: int,
    seconds: int,
    folder: Path,
    headers: dict[str, str] | None = None,
) -> dict[str, float]:
    """``wrk`` on ``paths`` in rotation, sending ``headers`` (a bearer token, a cookie)."""
    script = folder / f"{server.name}.lua"
    lua_headers = ", ".join(f'["{k}"] = "{v}"' for k, v in (headers or {}).items())
    script.write_text(
        WRK_SCRIPT.format(paths=", ".join(f'"{p}"' for p in paths), headers=lua_headers)
    )
    result = subprocess.run(
        [
            "wrk",
            f"-t{min(clients, 2)}",
            f"-c{clients}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            server.base,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    line = next((x for x in result.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no summary: {result.stderr or result.stdout}")
    requests, duration_us, p50, p95, p99, status_errors, socket_errors = map(int, line.split()[1:])
    return {
        "rps": requests / (duration_us / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "errors": status_errors + socket_errors,
        "requests": requests,
    }


def _pgbench(
    ctx: Context, database: str, queries: list[str], clients: int, seconds: int, folder: Path
) -> dict[str, float]:
    scripts = []
    for index, query in enumerate(queries):
        path = folder / f"bbox{index}.sql"
        path.write_text(query.replace("\n", " ") + ";\n")
        scripts += ["-f", str(path)]
    prefix = folder / f"pgbench{clients}"
    folder.chmod(0o777)
    # The API runs with JIT off (gis/cluster.py SERVER_SETTINGS); so does the database floor.
    command = [
        "env",
        f"PGOPTIONS={NO_JIT}",
        str(find_pg_bin() / "pgbench"),
        "-n",
        "-h",
        str(ctx.cluster.socket_dir),
        "-p",
        str(ctx.cluster.port),
        "-U",
        "postgres",
        "-c",
        str(clients),
        "-j",
        str(min(clients, 2)),
        "-T",
        str(seconds),
        "-l",
        f"--log-prefix={prefix}",
        *scripts,
        database,
    ]
    result = subprocess.run(
        ctx.cluster._as_service_user(command), capture_output=True, text=True, timeout=seconds + 60
    )
    if result.returncode != 0:
        raise RuntimeError(f"pgbench failed: {result.stderr[-400:]}")
    latencies = []
    for log in folder.glob(f"{prefix.name}*"):
        latencies += [int(line.split()[2]) for line in log.read_text().splitlines() if line]
        log.unlink()
    ms = np.array(latencies) / 1000
    return {
        "rps": len(ms) / seconds,
        "p50": float(np.percentile(ms, 50)),
        "p95": float(np.percentile(ms, 95)),
        "p99": float(np.percentile(ms, 99)),
        "errors": 0,
        "requests": len(ms),
    }


# Scenario 2 again with `cotmoc serve --workers 2` (issue 15): the peers keep one worker.
TWO_WORKERS = "ours, 2 workers"


def bbox_pages(ctx: Context) -> list[Figure]:
    count, seconds = ctx.sizes.bbox_markers, ctx.sizes.wrk_seconds
    name = f"2 bbox {BBOX_SIZE_DEG}° limit={BBOX_LIMIT} on {count:,}"
    database = ctx.database_for(count)
    url = ctx.cluster.url(database)
    boxes = data.bboxes(BBOX_COUNT, BBOX_SIZE_DEG)
    figures: list[Figure] = []
    results: dict[tuple[str, int], dict[str, float]] = {}
    folder = Path(tempfile.mkdtemp(prefix="bbox-", dir=ctx.logs))

    with psycopg.connect(url, options=NO_JIT) as conn:
        queries = [adapters.bbox_sql(conn, box, BBOX_LIMIT) for box in boxes]
    source = adapters.BBOX_SOURCE
    for clients in CLIENTS:
        results[("database (pgbench)", clients)] = _pgbench(
            ctx, database, queries, clients, seconds, folder
        )

    starters: list[tuple[str, Callable[[], AbstractContextManager[servers.Server]]]] = [
        ("ours", lambda: servers.ours(url, ctx.logs)),
        (TWO_WORKERS, lambda: servers.ours(url, ctx.logs, workers=2)),
        ("tipg", lambda: servers.tipg(ctx.cluster, database, ctx.logs)),
        ("pygeoapi", lambda: servers.pygeoapi(ctx.cluster, database, ctx.logs)),
    ]
    skipped_subjects: dict[str, str] = {}
    for subject, start in starters:
        try:
            with start() as server:
                if not adapters.honours_bbox(server.base + server.items_path):
                    skipped_subjects[subject] = "failed: the items endpoint ignores bbox"
                    continue
                paths = [
                    f"{server.items_path}?bbox={','.join(map(str, box))}&limit={BBOX_LIMIT}"
                    for box in boxes
                ]
                for clients in CLIENTS:
                    results[(subject, clients)] = _wrk(server, paths, clients, seconds, folder)
        except Exception as err:  # noqa: BLE001 - reported, not fatal
            skipped_subjects[subject] = f"failed: {str(err)[:200]}"

    for clients in CLIENTS:
        tipg = results.get(("tipg", clients))
        for subject in ("ours", TWO_WORKERS, "tipg", "pygeoapi", "database (pgbench)"):
            metric = f"{clients} clients"
            if subject in skipped_subjects:
                reason = skipped_subjects[subject]
                figures.append(
                    _say(
                        Figure(name, subject, metric, None, "", note=reason)
                        if reason.startswith("failed")
                        else skipped(name, subject, metric, reason)
                    )
                )
                continue
            r = results[(subject, clients)]
            baseline = tipg if subject != "tipg" else None
            note = f"{int(r['requests'])} requests, {int(r['errors'])} errors"
            if subject == "database (pgbench)":
                note += f"; query {source}"
            eight = subject == "ours" and clients == 8
            figures.append(
                _say(
                    Figure(
                        name,
                        subject,
                        f"{metric} req/s",
                        r["rps"],
                        "req/s",
                        "tipg" if baseline else "",
                        r["rps"] / baseline["rps"] if baseline else None,
                        "≥ 10× tipg" if eight else "",
                        note,
                    )
                )
            )
            for p in ("p50", "p95", "p99"):
                figures.append(
                    _say(
                        Figure(
                            name,
                            subject,
                            f"{metric} {p}",
                            r[p],
                            "ms",
                            "tipg" if baseline else "",
                            r[p] / baseline[p] if baseline else None,
                            "≤ 0.1× tipg" if eight and p == "p99" else "",
                        )
                    )
                )
    return figures


# -- 3. map render -----------------------------------------------------------------------------


def map_render(ctx: Context) -> list[Figure]:
    """The overview map: ``maps.render.render_overview`` alone is timed (median of runs after
    a warm-up); for the default data the fetch (``maps.data.fetch``) is timed apart."""
    name = "3 map render"
    runs = ctx.sizes.runs
    figures = []
    fetch_times = []
    default = None
    for _ in range(runs + 1):
        default, seconds = adapters.default_map_data(ctx.url(0))
        fetch_times.append(seconds)
    assert default is not None
    fetch_s = statistics.median(fetch_times[1:])
    datasets = [
        ("default data", default),
        *((f"{n:,} markers", adapters.synthetic_map_data(n)) for n in ctx.sizes.map_markers),
    ]
    targets = {"default data": "≤ 30 ms", "10,000 markers": "≤ 150 ms"}
    for label, map_data in datasets:
        seconds, html = _median_seconds(partial(adapters.render_overview, map_data), runs)
        markers = len(orjson.loads(map_data.layers["markers"])["features"])
        note = f"render only; {markers:,} markers, {len(str(html)):,} bytes of HTML"
        note += (
            "; data fetched from PostGIS (all layers)"
            if label == "default data"
            else "; synthetic data (maps.synthetic), no query"
        )
        figures.append(
            _say(
                Figure(
                    name,
                    "ours",
                    f"{label} render",
                    seconds * 1000,
                    "ms",
                    target=targets.get(label, ""),
                    note=note,
                )
            )
        )
    figures.append(
        _say(
            Figure(
                name,
                "ours",
                "default data fetch",
                fetch_s * 1000,
                "ms",
                note="maps.data.fetch of the overview plan, not part of the render target",
            )
        )
    )
    return figures


# -- 4. GPX ingest -----------------------------------------------------------------------------


def make_gpx(points: int) -> bytes:
    """One patrol track of ``points`` points along the border, one every 5 seconds."""
    markers = data.generate(points, seed=data.SEED + 3)
    start = datetime(2024, 3, 1, 7, 0, tzinfo=UTC)
    rows = [
        f'<trkpt lat="{markers.lat[i]}" lon="{markers.lon[i]}"><ele>{300 + i % 200}</ele>'
        f"<time>{(start + timedelta(seconds=5 * i)).strftime('%Y-%m-%dT%H:%M:%SZ')}</time>"
        "</trkpt>"
        for i in range(points)
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="cotmoc bench" xmlns="http://www.topografix.com/GPX/1/1">'
        "<trk><name>synthetic patrol</name><trkseg>" + "".join(rows) + "</trkseg></trk></gpx>\n"
    ).encode()


def gpx_ingest(ctx: Context) -> list[Figure]:
    """Each side loads the file ``runs`` times after one load not counted, medians compared:
    ogr2ogr overwrites its table each time; ours stores a new patrol each time, on a server
    that has stored one before (the first upload after start is in the note)."""
    points, runs = ctx.sizes.gpx_points, ctx.sizes.runs
    name = f"4 GPX ingest ({points:,} points)"
    gpx = make_gpx(points)
    path = ctx.logs / "patrol.gpx"
    path.write_bytes(gpx)
    database = "bench_gpx"
    ctx.cluster.drop_database(database)
    ctx.cluster.ensure_database(database)
    ctx.cluster.psql("CREATE EXTENSION IF NOT EXISTS postgis", database)
    target = (
        f"PG:dbname={database} host={ctx.cluster.socket_dir} port={ctx.cluster.port} user=postgres"
    )
    ogr2ogr = [
        "ogr2ogr", "-f", "PostgreSQL", target, str(path), "track_points",
        "-nln", "gpx_track_points", "-overwrite",
    ]  # fmt: skip
    ogr_s, _ = _median_seconds(
        lambda: subprocess.run(ogr2ogr, check=True, capture_output=True, timeout=600), runs
    )
    loaded = ctx.cluster.psql("SELECT count(*) FROM gpx_track_points", database)
    ogr_rate = points / ogr_s
    figures = [
        _say(
            Figure(
                name,
                "ogr2ogr",
                "points/s",
                ogr_rate,
                "points/s",
                note=f"{loaded} rows in {ogr_s:.2f} s (median of {runs})",
            )
        )
    ]
    token = adapters.guard_token(ctx.url(0))

    def upload(base: str) -> float:
        start = time.perf_counter()
        status, body = adapters.ingest_gpx(base, gpx, token)
        if status >= 300:
            raise RuntimeError(f"upload answered HTTP {status}: {body}")
        return time.perf_counter() - start

    with servers.ours(ctx.url(0), ctx.logs) as server:
        try:
            first_s, *times = [upload(server.base) for _ in range(runs + 1)]
        except RuntimeError as err:
            return [
                *figures,
                _say(Figure(name, "ours", "points/s", None, "", note=f"failed: {err}")),
            ]
    seconds = statistics.median(times)
    note = (
        f"POST /patrols/gpx with a guard's bearer token, {len(gpx):,} bytes in {seconds:.2f} s "
        f"(median of {runs}, HTTP 201); the first upload after the server started took "
        f"{first_s:.2f} s ({points / first_s / ogr_rate:.2f}× ogr2ogr)"
    )
    rate = points / seconds
    figures.append(
        _say(Figure(name, "ours", "points/s", rate, "points/s", "ogr2ogr", rate / ogr_rate,
                    "≥ 1× ogr2ogr", note))
    )  # fmt: skip
    return figures


# -- 5. peak RSS -------------------------------------------------------------------------------


def peak_rss(ctx: Context) -> list[Figure]:
    count = ctx.sizes.rss_markers
    name = f"5 peak RSS serving {count:,}"
    limit = ctx.sizes.items_limit
    served = 0
    with servers.ours(ctx.url(count), ctx.logs) as server, httpx.Client(timeout=300) as client:
        idle, _ = server.rss_kib()
        start = time.perf_counter()
        offset = 0
        target: str | None = server.items_url(f"limit={limit}")
        while target and time.perf_counter() - start < ctx.sizes.rss_time_cap_s:
            response = client.get(target)
            response.raise_for_status()
            page = orjson.loads(response.content)
            returned = len(page["features"])
            served += returned
            offset += limit
            next_links = [
                link["href"] for link in page.get("links", []) if link.get("rel") == "next"
            ]
            if next_links:
                target = next_links[0]
            elif returned == limit:
                target = server.items_url(f"limit={limit}&offset={offset}")
            else:
                target = None
        seconds = time.perf_counter() - start
        _, peak = server.rss_kib()
    complete = served >= count
    note = (
        f"{served:,} features in pages of {limit:,} in {seconds:.0f} s; idle RSS "
        f"{idle / 1024:.0f} MB"
    )
    if not complete:
        note += f"; stopped at the {ctx.sizes.rss_time_cap_s:.0f} s cap before all features"
    return [_say(Figure(name, "ours", "peak RSS", peak / 1024, "MB", target="< 300 MB", note=note))]


# -- 6. the joint report on a year of growth-scale data (issue 14; issue 15 item 3) ---------

GROWTH_DATABASE = "bench_growth"


def coverage_year(url: str, plan: Growth) -> Figure:
    """Patrol coverage of every border segment of the whole border for the growth data's
    first year (``gis.coverage.segment_coverage``, the SQL of ``GET /coverage``), once, cold
    after the load; target 5 s (issue 15)."""
    from datetime import date

    from gis.coverage import segment_coverage

    year, local = plan.first_year, ZoneInfo("Asia/Ho_Chi_Minh")  # the border's calendar
    with psycopg.connect(url) as conn:
        patrols = conn.execute(
            "SELECT count(*), sum(ST_NPoints(track)) FROM patrols "
            "WHERE started_at >= %s AND started_at < %s",
            (datetime(year, 1, 1, tzinfo=local), datetime(year + 1, 1, 1, tzinfo=local)),
        ).fetchone()
        load_average = os.getloadavg()[0]
        start = time.perf_counter()
        rows = segment_coverage(conn, date(year, 1, 1), date(year, 12, 31))
        seconds = time.perf_counter() - start
    count, points = patrols if patrols else (0, 0)
    covered = sum(r.covered_share * r.length_m for r in rows) / sum(r.length_m for r in rows)
    note = (
        f"{len(rows):,} segments, {count:,} patrols ({points:,} track points) in {year}; "
        f"{covered:.0%} of the border's length covered; load average {load_average:.1f} "
        f"at the start on {os.cpu_count()} cores"
    )
    return _say(
        Figure(
            f"6 patrol coverage, 1 year ({year}) of {plan.years} years of growth data",
            "ours",
            "coverage of every segment",
            seconds,
            "s",
            target="≤ 5 s",
            note=note,
        )
    )


def build_growth(ctx: Context, plan: Growth) -> tuple[str, str, Figure]:
    """The growth database ``bench_growth``, made afresh: its URL, what was written (rows and
    seconds per table) and the load's figure."""
    from bench import growth

    ctx.cluster.drop_database(GROWTH_DATABASE)
    ctx.cluster.ensure_database(GROWTH_DATABASE)
    url = ctx.cluster.url(GROWTH_DATABASE)
    start = time.perf_counter()
    written = growth.create_database(url, plan)
    load_s = time.perf_counter() - start
    rows = ", ".join(
        f"{count:,} {table} ({seconds:.1f} s)" for table, (count, seconds) in written.items()
    )
    with psycopg.connect(url) as conn:
        counted = conn.execute(
            "SELECT (SELECT count(*) FROM feature_changes), (SELECT count(*) FROM audit_log), "
            "pg_size_pretty(pg_database_size(current_database()))"
        ).fetchone()
    changes, audits, size = counted if counted else (0, 0, "?")
    print(
        f"  growth data, {plan.years} years: {rows}; {changes:,} change-feed rows, {audits:,} "
        f"audit rows, {size}; with migrations, default data, VACUUM and ANALYZE {load_s:.1f} s",
        flush=True,
    )
    figure = Figure(
        f"6 growth data, {plan.years} years",
        "growth data",
        "load",
        load_s,
        "s",
        note=f"migrations, default data, bench/growth.py INSERT … SELECT, VACUUM and ANALYZE; "
        f"{rows}; {changes:,} change-feed rows, {audits:,} audit rows; database {size}; "
        f"load average {os.getloadavg()[0]:.1f} after it",
    )
    return url, rows, _say(figure)


def joint_report(url: str, plan: Growth) -> list[Figure]:
    """``cotmoc report joint`` for the first year of the growth data (``bench/growth.py``):
    SQL, HTML (with the map) and PDF timed apart; target 60 s."""
    import asyncio

    from psycopg.rows import dict_row

    from reports.data import gather
    from reports.render import render_html, render_pdf

    name = f"6 joint report, 1 year ({plan.first_year}) of {plan.years} years of growth data"

    async def read() -> object:
        async with await psycopg.AsyncConnection.connect(url, row_factory=dict_row) as conn:
            return await gather(
                conn,
                datetime(plan.first_year, 1, 1).date(),
                datetime(plan.first_year, 12, 31).date(),
            )

    load_average = os.getloadavg()[0]
    start, cpu_start = time.perf_counter(), time.process_time()
    report = asyncio.run(read())
    gather_s = time.perf_counter() - start
    html = render_html(report, "vi+lo", for_print=True)  # type: ignore[arg-type]
    html_s = time.perf_counter() - start - gather_s
    pdf = render_pdf(html)
    total_s = time.perf_counter() - start
    cpu_s = time.process_time() - cpu_start
    pdf_s = total_s - gather_s - html_s
    note = (
        f"SQL {gather_s:.1f} s, HTML and map {html_s:.1f} s, PDF {pdf_s:.1f} s; "
        f"{len(pdf):,} bytes; load average {load_average:.1f} at the start on "
        f"{os.cpu_count()} cores"
    )
    return [
        _say(Figure(name, "ours", "report (vi+lo PDF)", total_s, "s", target="≤ 60 s", note=note)),
        _say(
            Figure(
                name,
                "ours",
                "report CPU time of the Python process",
                cpu_s,
                "s",
                note="layout and PDF (WeasyPrint), map, templates, the driver: what "
                "the wall time would approach on an idle machine, plus the "
                "SQL",
            )
        ),
    ]


def growth_scale(ctx: Context) -> list[Figure]:
    """Issue 15 item 3 on ``Growth(years=…)`` (20 by default): the load; the patrol coverage
    and the joint report of the first year, cold after the load; then the requests, each
    beside the database alone at 1 and 8 clients (bench/growth_measures.py); the writes
    (sync) and the change feed last, since they add rows."""
    from bench import growth, growth_measures

    plan = growth.up_to_today(ctx.sizes.growth_years)
    url, _, load_figure = build_growth(ctx, plan)
    figures = [load_figure, coverage_year(url, plan), *joint_report(url, plan)]
    figures += growth_measures.measure(ctx, url, f"6 growth {plan.years} y")
    return figures


# -- 7. FlatGeobuf download ---------------------------------------------------------------


def _geojson_walk(client: httpx.Client, first: str) -> tuple[int, int]:
    """Every feature as GeoJSON, page by page along ``next`` links: (features, bytes)."""
    features = size = 0
    target: str | None = first
    while target:
        response = client.get(target)
        response.raise_for_status()
        page = orjson.loads(response.content)
        features += len(page["features"])
        size += len(response.content)
        target = next(
            (link["href"] for link in page.get("links", []) if link.get("rel") == "next"), None
        )
    return features, size


def flatgeobuf_download(ctx: Context) -> list[Figure]:
    """All markers as one f=fgb file (streamed, with its spatial index) against the same
    features as GeoJSON (pages of the maximum size, following ``next``), and against one
    GeoJSON page of the same size as the FlatGeobuf file with limit=10000. Rounds alternate
    the subjects; medians. The server's peak RSS shows whether the file was held in memory."""
    count, limit, runs = ctx.sizes.items_markers, ctx.sizes.items_limit, ctx.sizes.runs
    name = f"7 download of {count:,} markers"
    figures: list[Figure] = []
    with servers.ours(ctx.url(count), ctx.logs) as server, httpx.Client(timeout=600) as client:
        idle, _ = server.rss_kib()

        def fgb(query: str) -> tuple[int, int]:
            response = client.get(server.items_url(query))
            response.raise_for_status()
            return int(response.headers["OGC-NumberReturned"]), len(response.content)

        actions: dict[str, Callable[[], tuple[int, int]]] = {
            "fgb, all": partial(fgb, "f=fgb"),
            "GeoJSON, all (pages)": partial(
                _geojson_walk, client, server.items_url(f"limit={limit}")
            ),
            f"fgb, limit={limit}": partial(fgb, f"f=fgb&limit={limit}"),
            f"GeoJSON, limit={limit}": partial(
                _one_page, client, server.items_url(f"limit={limit}")
            ),
        }
        # One whole file first, alone: the peak memory it took, before any GeoJSON page.
        actions["fgb, all"]()
        _, fgb_peak = server.rss_kib()
        times: dict[str, list[float]] = {subject: [] for subject in actions}
        results: dict[str, tuple[int, int]] = {}
        for round_number in range(runs + 1):  # round 0 warms up
            for subject, action in actions.items():
                begin = time.perf_counter()
                results[subject] = action()
                if round_number:
                    times[subject].append(time.perf_counter() - begin)
        _, peak = server.rss_kib()
    medians = {subject: statistics.median(values) for subject, values in times.items()}
    for subject, seconds in medians.items():
        features, size = results[subject]
        baseline = subject.replace("fgb", "GeoJSON") if subject.startswith("fgb") else ""
        baseline = {"GeoJSON, all": "GeoJSON, all (pages)"}.get(baseline, baseline)
        ratio = medians[baseline] / seconds if baseline else None
        figures.append(
            _say(
                Figure(
                    name,
                    subject,
                    "time",
                    seconds * 1000,
                    "ms",
                    baseline and f"speed-up over {baseline}",
                    ratio,
                    note=f"{features:,} features, {size:,} bytes",
                )
            )
        )
        figures.append(
            _say(
                Figure(
                    name,
                    subject,
                    "bytes",
                    size / 1e6,
                    "MB",
                    baseline and f"size against {baseline}",
                    size / results[baseline][1] if baseline else None,
                )
            )
        )
    figures.append(
        _say(
            Figure(
                name,
                "ours",
                "peak RSS, one fgb file",
                fgb_peak / 1024,
                "MB",
                note=f"idle RSS {idle / 1024:.0f} MB",
            )
        )
    )
    figures.append(
        _say(
            Figure(
                name,
                "ours",
                "peak RSS, all downloads",
                peak / 1024,
                "MB",
                note=f"GeoJSON pages of {limit:,} included",
            )
        )
    )
    return figures


def _one_page(client: httpx.Client, url: str) -> tuple[int, int]:
    response = client.get(url)
    response.raise_for_status()
    return len(orjson.loads(response.content)["features"]), len(response.content)


ALL = (items_page, bbox_pages, map_render, gpx_ingest, peak_rss, growth_scale, flatgeobuf_download)

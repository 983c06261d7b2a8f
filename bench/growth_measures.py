"""Scenario 6's request measures on the growth data (issue 15 item 3), each beside the same
work done in the database alone, with one client and with eight.

Our server is loaded with ``wrk`` (``scenarios._wrk``, signed in by a header); the database
alone runs the SQL the route runs, built by the same functions, through psycopg in one
thread per client (``database_load``), for the same number of seconds. The writes (``POST
/sync``) and the change-feed catch-up are timed request by request instead: each sync batch
must be new, and a catch-up is a walk, not a rate of one request.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import itertools
import statistics
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import orjson
import psycopg
from psycopg.rows import dict_row

from bench import adapters, data, servers
from bench.report import Figure
from gis.audit import Actor
from gis.field import dossier, schedule, sync
from gis.settings import get_settings
from layers import LAYERS
from layers.changes import START, FeedPosition, changes_query, position_after
from maps import data as map_data

CLIENTS = (1, 8)
NO_JIT = "-c jit=off"  # as the API runs (gis/cluster.py SERVER_SETTINGS)
DATABASE = "database alone"
# A sync batch is many statements per record decided in Python: its baseline is the route's
# own function (gis.field.sync.apply_batch) on a direct connection, without HTTP.
SYNC_ALONE = "apply_batch alone (no HTTP)"
SYNC_RECORDS = 500
SYNC_ROUNDS = {1: 3, 8: 1}  # batches one after another; one round of eight at once
FEED_LIMIT = 10_000  # the feed's page cap (max_features_per_query)
FEED_PAGES_EACH = 2  # pages each of the eight concurrent mirrors reads
FEED_SINCE = "2000-01-01T00:00:00Z"  # before every change: a mirror starting from scratch
BOXES = 16  # the bbox rotation of scenario 2, on the same corridor
SAMPLE_MARKERS = 8  # marker pages rotate over this many markers spread along the border
SLOW_S = 2.0  # a first request longer than this is timed once more, not loaded (``_slow``)
SLOW_CAP_S = 600.0

Action = Callable[[psycopg.Connection[Any]], object]


@dataclass
class Setup:
    """What every measure needs: the server, its database, who is signed in, the run's
    length and the scenario's name."""

    name: str
    server: servers.Server
    url: str
    headers: dict[str, str]  # a planner's bearer token
    cookie: dict[str, str]  # the same planner's desk session
    seconds: int
    folder: Path
    codes: list[str]  # sample markers along the border


def _say(figure: Figure) -> Figure:
    print("  " + figure.line(), flush=True)
    return figure


# -- load in the database alone ---------------------------------------------------------------


def database_load(url: str, action: Action, clients: int, seconds: int) -> dict[str, float]:
    """``action`` repeated by ``clients`` threads, each on its own connection, for ``seconds``
    after one warm-up each; the same figures as ``scenarios._wrk`` (the rate over the time
    until the last run ended)."""
    latencies: list[float] = []
    lock = threading.Lock()
    ready = threading.Barrier(clients)
    ends: list[float] = []

    def client() -> None:
        with psycopg.connect(url, options=NO_JIT, row_factory=dict_row) as conn:
            action(conn)
            conn.rollback()
            ready.wait()
            deadline = time.perf_counter() + seconds
            mine = []
            while time.perf_counter() < deadline:
                begin = time.perf_counter()
                action(conn)
                conn.rollback()  # a read: nothing to keep, and no long transaction
                mine.append(time.perf_counter() - begin)
            with lock:
                latencies.extend(mine)
                ends.append(time.perf_counter() - deadline + seconds)

    with ThreadPoolExecutor(clients) as pool:
        for done in [pool.submit(client) for _ in range(clients)]:
            done.result()
    ms = np.array(latencies) * 1000
    return {
        "rps": len(ms) / max(ends),
        "p50": float(np.percentile(ms, 50)),
        "p95": float(np.percentile(ms, 95)),
        "p99": float(np.percentile(ms, 99)),
        "errors": 0,
        "requests": len(ms),
    }


def _ratio(ours: float | None, alone: float) -> float | None:
    return ours / alone if ours and alone else None


def _pair(
    setup: Setup,
    subject: str,
    clients: int,
    ours: dict[str, float],
    alone: dict[str, float],
    source: str,
) -> list[Figure]:
    """Median, p99 and rate of our server and of the database alone, ours against it. When
    no request finished in the window, our latencies are not measured (wrk reports zeros)."""
    name = f"{setup.name}: {subject}"
    answered = ours["requests"] > 0
    figures = []
    for key, metric, unit in (("p50", "median", "ms"), ("p99", "p99", "ms"), ("rps", "", "req/s")):
        label = f"{clients} client{'s' if clients > 1 else ''} {metric or 'req/s'}"
        value = ours[key] if answered or key == "rps" else None
        figures.append(
            Figure(name, "ours", label, value, unit, DATABASE, _ratio(value, alone[key]))
        )
        figures.append(Figure(name, DATABASE, label, alone[key], unit))
    figures[0].note = f"{int(ours['requests'])} requests, {int(ours['errors'])} errors" + (
        "" if answered else f": none answered within {setup.seconds} s (wrk's timeout 10 s)"
    )
    figures[1].note = f"{int(alone['requests'])} runs; {source}"
    return figures


def _get_seconds(setup: Setup, path: str, headers: dict[str, str]) -> float:
    begin = time.perf_counter()
    answer = httpx.get(setup.server.base + path, headers=headers, timeout=SLOW_CAP_S)
    seconds = time.perf_counter() - begin
    answer.raise_for_status()
    return seconds


def _once(url: str, action: Action) -> float:
    with psycopg.connect(url, options=NO_JIT, row_factory=dict_row) as conn:
        begin = time.perf_counter()
        action(conn)
        return time.perf_counter() - begin


def _slow(
    setup: Setup,
    subject: str,
    path: str,
    headers: dict[str, str],
    action: Action,
    target: str,
    source: str,
    first_s: float,
) -> list[Figure]:
    """A request longer than ``SLOW_S``: one more timed request after the first, one run in
    the database alone (warmed by the server's), no load of eight clients (each would take
    longer than the window, and piled-up requests would run into the next measures)."""
    ours_s = _get_seconds(setup, path, headers)
    alone_s = _once(setup.url, action)
    name = f"{setup.name}: {subject}"
    note = (
        f"slow: one request after a first of {first_s:.1f} s; 8 clients not run (one request "
        f"is longer than {SLOW_S:.0f} s)"
    )
    return [
        _say(
            Figure(
                name,
                "ours",
                "1 client time",
                ours_s * 1000,
                "ms",
                DATABASE,
                ours_s / alone_s,
                target,
                note,
            )
        ),
        _say(
            Figure(name, DATABASE, "1 client time", alone_s * 1000, "ms", note=f"one run; {source}")
        ),
    ]


def compare(
    setup: Setup,
    subject: str,
    paths: list[str],
    headers: dict[str, str],
    action: Action,
    target: str,
    source: str,
) -> list[Figure]:
    """One GET measure: our server under ``wrk`` and ``action`` in the database alone, at one
    client (the target is on its median) and at eight; a first request, not counted, warms
    up and tells a slow request (``_slow``) from one that fits the window many times."""
    from bench.scenarios import _wrk

    first_s = _get_seconds(setup, paths[0], headers)
    if first_s > SLOW_S:
        return _slow(setup, subject, paths[0], headers, action, target, source, first_s)
    figures: list[Figure] = []
    for clients in CLIENTS:
        ours = _wrk(setup.server, paths, clients, setup.seconds, setup.folder, headers)
        alone = database_load(setup.url, action, clients, setup.seconds)
        pair = _pair(setup, subject, clients, ours, alone, source)
        if clients == 1:
            pair[0].target = target
        figures += [_say(f) for f in pair]
    return figures


# -- the GET measures -------------------------------------------------------------------------


def _cycle_codes(codes: list[str]) -> Iterator[str]:
    return itertools.cycle(codes)


def due_list(setup: Setup) -> list[Figure]:
    params = {
        "within": dt.timedelta(days=7),
        "seen_within": get_settings().passed_marker_distance_m,
    }
    return compare(
        setup,
        "GET /inspections/due?within=7d",
        ["/inspections/due?within=7d"],
        setup.headers,
        lambda conn: conn.execute(schedule.DUE_SQL, params).fetchall(),
        "≤ 50 ms",
        "gis.field.schedule.DUE_SQL",
    )


def readable_by(role: str) -> frozenset[str]:
    """The layers ``role`` may read (api.access.can_read for a signed-in user)."""
    from gis.vocabulary import ADMINS

    return frozenset(
        layer_id
        for layer_id, layer in LAYERS.items()
        if layer.is_public or role in layer.read_roles or role in ADMINS
    )


def marker_map(setup: Setup) -> list[Figure]:
    readable = readable_by("planner")
    codes = _cycle_codes(setup.codes)
    return compare(
        setup,
        "GET /maps/markers/{code} (map, all inspections)",
        [f"/maps/markers/{code}" for code in setup.codes],
        setup.headers,
        lambda conn: map_data.fetch(conn, map_data.marker_plan(next(codes), readable)),
        "≤ 100 ms",
        "maps.data.fetch of marker_plan (no render)",
    )


def marker_dossier(setup: Setup) -> list[Figure]:
    codes = _cycle_codes(setup.codes)

    def read(conn: psycopg.Connection[Any]) -> object:
        marker = conn.execute(dossier.MARKER, (next(codes),)).fetchone()
        assert marker is not None
        conn.execute(dossier.MARKER_RECORDS, (marker["id"],)).fetchall()
        conn.execute(dossier.MARKER_ALERTS, (marker["id"],)).fetchall()
        page = {"marker": marker["id"], "before_at": None, "before_id": None, "limit": 21}
        for _ in range(2):  # the page, then the latest inspection, as the route reads them
            conn.execute(dossier.MARKER_INSPECTIONS, page).fetchall()
        return marker

    return compare(
        setup,
        "GET /desk/markers/{code} (history in pages of 20)",
        [f"/desk/markers/{code}" for code in setup.codes],
        setup.cookie,
        read,
        "≤ 100 ms",
        "gis.field.dossier MARKER, MARKER_RECORDS, MARKER_ALERTS, MARKER_INSPECTIONS ×2 "
        "(photos query left out)",
    )


def inspections_map(setup: Setup) -> list[Figure]:
    plan = map_data.inspections_plan(readable_by("planner"))
    return compare(
        setup,
        "GET /maps/inspections (signed in)",
        ["/maps/inspections"],
        setup.headers,
        lambda conn: map_data.fetch(conn, plan),
        "≤ 500 ms",
        "maps.data.fetch of inspections_plan (no render)",
    )


def bbox_items(setup: Setup, collection: str) -> list[Figure]:
    boxes = data.bboxes(BOXES, 0.1)
    with psycopg.connect(setup.url) as conn:
        queries = [adapters.bbox_sql(conn, box, 100, LAYERS[collection]) for box in boxes]
    rotation = itertools.cycle(queries)
    paths = [
        f"/collections/{collection}/items?bbox={','.join(map(str, box))}&limit=100" for box in boxes
    ]
    returned = [_features(setup, path) for path in paths]
    return compare(
        setup,
        f"GET /collections/{collection}/items bbox 0.1° limit=100",
        paths,
        setup.headers,
        lambda conn: conn.execute(next(rotation)).fetchall(),
        "≤ 20 ms",
        f"{adapters.BBOX_SOURCE}; {min(returned)}–{max(returned)} features a page "
        f"over the {len(boxes)} boxes",
    )


def _features(setup: Setup, path: str) -> int:
    """How many features a page holds (so that a box missing the data shows)."""
    answer = httpx.get(setup.server.base + path, headers=setup.headers, timeout=SLOW_CAP_S)
    answer.raise_for_status()
    return len(orjson.loads(answer.content)["features"])


# -- POST /sync of 500 records ----------------------------------------------------------------


def sync_batch(codes: list[str], start: int) -> list[dict[str, Any]]:
    """500 new inspections of consecutive markers, observed in the last hours."""
    now = dt.datetime.now(dt.UTC)
    return [
        {
            "type": "inspection",
            "id": str(uuid.uuid4()),
            "marker_code": codes[(start + i) % len(codes)],
            "observed_at": (now - dt.timedelta(minutes=5 + i)).isoformat(),
            "condition": "intact" if i % 10 else "vegetation_overgrown",
            "notes": "bench sync batch",
        }
        for i in range(SYNC_RECORDS)
    ]


def _post_sync(base: str, headers: dict[str, str], batch: list[dict[str, Any]]) -> float:
    begin = time.perf_counter()
    answer = httpx.post(f"{base}/sync", json={"records": batch}, headers=headers, timeout=300)
    seconds = time.perf_counter() - begin
    answer.raise_for_status()
    statuses = {r["status"] for r in answer.json()["results"]}
    if statuses != {"created"}:
        raise RuntimeError(f"sync answered {statuses}, not only 'created'")
    return seconds


def _apply_alone(url: str, batch: list[dict[str, Any]]) -> float:
    """The batch through gis.field.sync.apply_batch on one connection, committed."""

    async def run() -> float:
        async with await psycopg.AsyncConnection.connect(
            url, row_factory=dict_row, prepare_threshold=None, options=NO_JIT
        ) as conn:
            begin = time.perf_counter()
            results = await sync.apply_batch(conn, Actor("bench-sync", "guard"), batch)
            await conn.commit()
            seconds = time.perf_counter() - begin
        if {r["status"] for r in results} != {"created"}:
            raise RuntimeError("apply_batch did not create every record")
        return seconds

    return asyncio.run(run())


def _timed_batches(
    send: Callable[[list[dict[str, Any]]], float], codes: list[str], runs: int, clients: int
) -> tuple[float, float]:
    """(median seconds of a batch, records/s overall): ``runs`` rounds of ``clients`` batches
    sent at once, each batch new."""
    times: list[float] = []
    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for round_number in range(runs):
            batches = [sync_batch(codes, (round_number * clients + c) * 37) for c in range(clients)]
            times += list(pool.map(send, batches))
    wall = time.perf_counter() - start
    return statistics.median(times), len(times) * SYNC_RECORDS / wall


def sync_writes(setup: Setup, guard: dict[str, str], every: list[str]) -> list[Figure]:
    """Batches of new inspections of ``every`` marker in turn, through our server and through
    the route's function alone (``SYNC_ROUNDS``)."""
    name = f"{setup.name}: POST /sync of {SYNC_RECORDS} inspections"
    figures = []
    for clients in CLIENTS:
        rounds = SYNC_ROUNDS[clients]
        ours = _timed_batches(
            lambda b: _post_sync(setup.server.base, guard, b), every, rounds, clients
        )
        alone = _timed_batches(lambda b: _apply_alone(setup.url, b), every, rounds, clients)
        label = f"{clients} client{'s' if clients > 1 else ''}"
        note = f"{rounds} rounds of {clients} batch(es), each batch new, all 'created'"
        figures += [
            Figure(
                name,
                "ours",
                f"{label} median batch",
                ours[0],
                "s",
                SYNC_ALONE,
                ours[0] / alone[0],
                "≤ 2 s" if clients == 1 else "",
                note,
            ),
            Figure(
                name,
                SYNC_ALONE,
                f"{label} median batch",
                alone[0],
                "s",
                note="gis.field.sync.apply_batch on one connection, then commit",
            ),
            Figure(
                name, "ours", f"{label} records/s", ours[1], "/s", SYNC_ALONE, ours[1] / alone[1]
            ),
            Figure(name, SYNC_ALONE, f"{label} records/s", alone[1], "/s"),
        ]
    return [_say(f) for f in figures]


# -- change-feed catch-up -----------------------------------------------------------------------


def _open(client: httpx.Client, url: str) -> httpx.Response:
    """A GET of ``url`` once its headers have come; its body is still to be read."""
    answer = client.send(client.build_request("GET", url), stream=True)
    answer.raise_for_status()
    return answer


def _walk_http(
    base: str, headers: dict[str, str], pages: int | None, ahead: bool = False
) -> tuple[int, int]:
    """Follow the feed from ``FEED_SINCE`` along ``next`` links: (changes, pages).

    ``ahead``: as a mirror catching up would, ask for the next page (the ``Link`` header's
    ``next``) as soon as a page's headers come, and read and apply that page meanwhile; the
    pages are still applied one after another, in order. Otherwise the next page is asked
    for once this one is applied."""
    changes = read = 0
    with httpx.Client(timeout=300, headers=headers) as client, ThreadPoolExecutor(1) as pool:
        answer = _open(client, f"{base}/changes?since={FEED_SINCE}&limit={FEED_LIMIT}")
        while True:
            link = answer.links.get("next", {}).get("url")
            following = link if pages is None or read + 1 < pages else None
            coming = pool.submit(_open, client, following) if ahead and following else None
            try:
                page = orjson.loads(answer.read())
            finally:
                answer.close()
            changes += len(page["changes"])
            read += 1
            # The header's next link must be the body's, which the mirror goes on from.
            assert link == next((x["href"] for x in page["links"] if x["rel"] == "next"), None)
            if following is None:
                return changes, read
            answer = coming.result() if coming else _open(client, following)


def _walk_alone(url: str, pages: int | None) -> tuple[int, int]:
    """The same walk with the route's SQL (layers.changes) through psycopg."""
    layers = list(LAYERS.values())
    query = changes_query(layers, FEED_LIMIT)
    changes = read = 0
    with psycopg.connect(url, options=NO_JIT, row_factory=dict_row, autocommit=True) as conn:
        first = conn.execute(START, {"since": dt.datetime(2000, 1, 1, tzinfo=dt.UTC)}).fetchone()
        assert first is not None
        position = FeedPosition(int(first["xid"]), 0)
        while pages is None or read < pages:
            values = {
                "xid": position.xid,
                "change_id": position.change_id,
                "collections": [layer.id for layer in layers],
                "base": "http://bench",
            }
            row = conn.execute(query, values).fetchone()
            assert row is not None
            changes += min(row["fetched"], FEED_LIMIT)
            read += 1
            position = position_after(row, FEED_LIMIT, position)
            if row["fetched"] <= FEED_LIMIT:
                break
    return changes, read


def _rate(walk: Callable[[], tuple[int, int]], clients: int) -> tuple[float, int, int, float]:
    """(changes/s overall, changes, pages, seconds) of ``clients`` walks at once."""
    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        done = [pool.submit(walk) for _ in range(clients)]
        results = [d.result() for d in done]
    seconds = time.perf_counter() - start
    changes, pages = sum(r[0] for r in results), sum(r[1] for r in results)
    return changes / seconds, changes, pages, seconds


@contextmanager
def _no_cycle_collector() -> Iterator[None]:
    """The mirror's side of the walk without Python's cycle collector. A page of patrols
    parses into some ten million objects, and the collector, started again and again while
    they are made, walks them all each time: 6.8 s to parse 132 MB with it, 1.4 s without
    (orjson builds no cycles, so the pages are freed all the same). That cost was the
    bench client's, yet it was counted as the server's."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# The feed's walks over HTTP by clients: (subject, reading ahead). A mirror catching up reads
# one page ahead (the Link header's next, asked for while it applies a page): one client's
# figure. Eight mirrors at once already overlap one another (one parses while the server
# writes another's page); on this two-core machine reading ahead gained them nothing we could
# tell from the noise (the two walks came out about even), so their figure stays the walk one
# page at a time, as measured before. Each is shown beside the other.
FEED_WALKS = {
    1: (("ours", True), ("ours, one page at a time", False)),
    8: (("ours", False), ("ours, one page ahead", True)),
}


def _feed_figure(
    name: str,
    subject: str,
    ahead: bool,
    clients: int,
    walked: tuple[float, int, int, float],
    alone: float,
) -> Figure:
    """The figure of one walk over HTTP against the database alone's rate ``alone``."""
    what = "the whole feed" if clients == 1 else f"its first {FEED_PAGES_EACH} pages each"
    how = "one page ahead" if ahead else "one page at a time"
    return Figure(
        name,
        subject,
        f"{clients} client{'s' if clients > 1 else ''} changes/s",
        walked[0],
        "/s",
        DATABASE,
        walked[0] / alone,
        "≥ 20,000/s" if clients == 1 and subject == "ours" else "",
        f"{what}: {walked[1]:,} changes in {walked[2]} pages of {FEED_LIMIT:,} in "
        f"{walked[3]:.1f} s, read {how}, signed in as admin (every collection)",
    )


def feed_catch_up(setup: Setup, admin: dict[str, str]) -> list[Figure]:
    name = f"{setup.name}: change-feed catch-up from the first change"
    figures = []
    # A first walk, not counted: the feed's rows and features are then read from memory by
    # both sides (otherwise the side measured first pays for reading ~1 GB from disk).
    _walk_alone(setup.url, None)
    for clients in CLIENTS:
        pages = None if clients == 1 else FEED_PAGES_EACH
        walks = []
        for subject, ahead in FEED_WALKS[clients]:
            with _no_cycle_collector():
                walk = partial(_walk_http, setup.server.base, admin, pages, ahead)
                walks.append((subject, ahead, _rate(walk, clients)))
        alone = _rate(partial(_walk_alone, setup.url, pages), clients)
        figures += [_feed_figure(name, s, a, clients, w, alone[0]) for s, a, w in walks]
        figures.append(
            Figure(
                name,
                DATABASE,
                f"{clients} client{'s' if clients > 1 else ''} changes/s",
                alone[0],
                "/s",
                note=f"layers.changes START + changes_query + position_after: {alone[1]:,} "
                f"changes in {alone[2]} pages in {alone[3]:.1f} s",
            )
        )
    return [_say(f) for f in figures]


# -- all of them --------------------------------------------------------------------------------


def _codes(url: str) -> tuple[list[str], list[str]]:
    """(every marker code along the border, ``SAMPLE_MARKERS`` of them evenly spread)."""
    with psycopg.connect(url) as conn:
        codes = [r[0] for r in conn.execute("SELECT code FROM markers ORDER BY chainage_m, code")]
    step = max(len(codes) // SAMPLE_MARKERS, 1)
    return codes, codes[step // 2 :: step][:SAMPLE_MARKERS]


def measure(ctx: Any, url: str, name: str) -> list[Figure]:
    """Every request measure of scenario 6 on our server at ``url`` (``ctx`` is the
    scenarios' Context)."""
    every, sample = _codes(url)
    planner = {"Authorization": f"Bearer {adapters.user_token(url, 'planner')}"}
    guard = {"Authorization": f"Bearer {adapters.user_token(url, 'guard')}"}
    admin = {"Authorization": f"Bearer {adapters.user_token(url, 'admin')}"}
    folder = ctx.logs / "growth"
    folder.mkdir(exist_ok=True)
    figures: list[Figure] = []
    with servers.ours(url, ctx.logs) as server:
        setup = Setup(
            name,
            server,
            url,
            planner,
            adapters.desk_cookie(url, "planner"),
            ctx.sizes.growth_seconds,
            folder,
            sample,
        )
        runs: list[tuple[str, Callable[[Setup], list[Figure]]]] = [
            ("due list", due_list),
            ("marker map page", marker_map),
            ("marker dossier page", marker_dossier),
            ("inspections map", inspections_map),
            ("inspections bbox page", partial(bbox_items, collection="inspections")),
            ("patrols bbox page", partial(bbox_items, collection="patrols")),
            ("sync", partial(sync_writes, guard=guard, every=every)),
            ("change feed", partial(feed_catch_up, admin=admin)),
        ]
        for label, run in runs:
            figures += _guarded(name, label, run, setup)
    return figures


def _guarded(
    name: str, label: str, run: Callable[[Setup], list[Figure]], setup: Setup
) -> list[Figure]:
    """One measure; a failure is reported as a figure and the others still run."""
    try:
        return run(setup)
    except Exception as err:  # noqa: BLE001 - one broken measure must not hide the others
        return [_say(Figure(name, "ours", label, None, "", note=f"failed: {str(err)[:300]}"))]

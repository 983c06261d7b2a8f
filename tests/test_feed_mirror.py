"""A mirror following the change feed's cursor while many clients write gets every committed
change exactly once, on a live server and a real PostGIS.

How the test counts. Ground truth is the ``feature_changes`` table after the run: one row per
committed change (the triggers write them inside the writing transaction, so a rolled-back
write leaves none). The mirror sees each row as one entry with its ``changeId``:

- missed = rows in the table that no poll delivered; repeated = entries delivered twice;
- every acknowledged write (an API answer 2xx, or a SQL COMMIT that returned) must be among
  the delivered entries (same collection, feature and kind of change);
- the mirror, applying each entry's feature in order, ends equal to what the server serves.

The writers run for WRITE_SECONDS: inspections, maintenance reports walked through their
lifecycle, and SQL transactions that delete inspections and update markers with pauses
inside (so that transactions commit in another order than they began). One more transaction
stays open across several polls.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import psycopg
from db_support import one_row
from test_field_access import damage_body
from test_field_records import inspection

Server = tuple[str, dict[str, dict[str, str]]]

WRITE_SECONDS = 20  # at least; longer until MIN_CHANGES were acknowledged on a slow machine
MIN_CHANGES = 300
POLL_LIMIT = 40  # small pages, so that the mirror also follows next links
LIFECYCLE = (
    "assessed",
    "repair_proposed",
    "approved",
    "in_repair",
    "repaired",
    "verified",
    "closed",
)
KIND = {"create": "created", "update": "updated", "delete": "deleted"}


@dataclass
class Run:
    """What the writers had acknowledged and what the mirror received."""

    base: str
    headers: dict[str, dict[str, str]]
    url: str
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    acknowledged: list[tuple[str, str, str]] = field(default_factory=list)
    inspections: list[str] = field(default_factory=list)  # created, not yet deleted
    entries: list[dict[str, Any]] = field(default_factory=list)
    cursor: str = ""  # the mirror's position: the last answer's ``latest``
    polls: int = 0
    held_over_polls: int = 0
    seen_while_open: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)  # codes the writers pick from

    def ack(self, *changes: tuple[str, str, str]) -> None:
        with self.lock:
            self.acknowledged.extend(changes)


def inspector(run: Run, seed: int) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=run.base, timeout=60) as client:
        while not run.stop.is_set():
            body = inspection(rng.choice(run.markers), None, 4)
            answer = client.post("/inspections", json=body, headers=run.headers["guard"])
            if answer.status_code != 201:
                run.errors.append(f"inspection {answer.status_code}: {answer.text[:200]}")
                return
            run.ack(("inspections", body["id"], "created"))
            with run.lock:
                run.inspections.append(body["id"])


def maintainer(run: Run, seed: int) -> None:
    """Damage reports, each walked through its whole lifecycle with If-Match."""
    rng = random.Random(seed)
    planner = run.headers["planner"]
    with httpx.Client(base_url=run.base, timeout=60) as client:
        while not run.stop.is_set():
            body = {**damage_body(), "marker_code": rng.choice(run.markers)}
            answer = client.post("/maintenance", json=body, headers=planner)
            if answer.status_code != 201:
                run.errors.append(f"report {answer.status_code}: {answer.text[:200]}")
                return
            run.ack(("maintenance", body["id"], "created"))
            etag = answer.headers["etag"]
            for status in LIFECYCLE:
                if run.stop.is_set():
                    break
                step = client.post(
                    f"/maintenance/{body['id']}/transitions",
                    json={"to": status, "note": status},
                    headers={**planner, "If-Match": etag},
                )
                if step.status_code != 200:
                    run.errors.append(f"transition {step.status_code}: {step.text[:200]}")
                    return
                run.ack(("maintenance", body["id"], "updated"))
                etag = step.headers["etag"]


def sql_writer(run: Run, seed: int) -> None:
    """Deletes (the API has none) and marker updates, several per transaction, pausing inside
    so that a transaction which began earlier often commits later."""
    rng = random.Random(seed)
    with psycopg.connect(run.url) as conn:
        while not run.stop.is_set():
            done: list[tuple[str, str, str]] = []
            with run.lock:
                doomed = [
                    run.inspections.pop(rng.randrange(len(run.inspections)))
                    for _ in range(min(2, len(run.inspections)))
                ]
            for inspection_id in doomed:
                conn.execute("DELETE FROM inspections WHERE id = %s", (inspection_id,))
                done.append(("inspections", inspection_id, "deleted"))
                time.sleep(rng.uniform(0, 0.03))
            code = rng.choice(run.markers)
            conn.execute(
                "UPDATE markers SET status = %s WHERE code = %s",
                (rng.choice(("intact", "damaged", "needs_attention")), code),
            )
            done.append(("markers", code, "updated"))
            time.sleep(rng.uniform(0, 0.03))
            conn.commit()
            run.ack(*done)


def poll_once(run: Run, client: httpx.Client) -> bool:
    """One GET /changes from the mirror's cursor; True when more are waiting (a next link)."""
    answer = client.get(
        "/changes", params={"cursor": run.cursor, "limit": POLL_LIMIT}, headers=run.headers["admin"]
    )
    answer.raise_for_status()
    page = answer.json()
    with run.lock:
        run.entries.extend(page["changes"])
        run.polls += 1
        run.cursor = page["latest"]
    return any(link["rel"] == "next" for link in page["links"])


def follow(run: Run, client: httpx.Client, until: Callable[[], bool]) -> None:
    while not until():
        if not poll_once(run, client):
            time.sleep(0.1)


def guarded(target: Callable[..., None]) -> Callable[..., None]:
    """A thread's work whose failure is recorded (and stops the run) instead of lost."""

    def run_guarded(run: Run, *args: Any) -> None:
        try:
            target(run, *args)
        except Exception as error:  # noqa: BLE001 - reported by the test's assertion
            run.errors.append(f"{target.__name__}: {error!r}")

    return run_guarded


def hold_a_transaction_open(run: Run) -> None:
    """A transaction that writes, stays open until the mirror has polled five more times,
    then commits. Records the polls after which its change had been delivered while open."""

    def delivered() -> bool:
        with run.lock:
            return any(e["featureId"] == "thanh" for e in run.entries)

    with psycopg.connect(run.url) as conn:
        conn.execute("UPDATE gates SET vn_name = 'Thanh (giữ mở)' WHERE code = 'thanh'")
        opened_at = run.polls
        while run.polls < opened_at + 5 and not run.errors:
            if delivered():
                run.seen_while_open.append(run.polls)
            time.sleep(0.2)
        if delivered():
            run.seen_while_open.append(run.polls)
        run.held_over_polls = run.polls - opened_at
        conn.commit()
    run.ack(("gates", "thanh", "updated"))


def table_changes(url: str, after_id: int) -> list[tuple[int, str, str, str]]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT id, collection, feature_id, operation FROM feature_changes"
            " WHERE id > %s ORDER BY id",
            (after_id,),
        ).fetchall()


def test_a_mirror_following_the_cursor_gets_every_committed_change_once(
    field_server: Server, fresh_db: str
) -> None:
    base, headers = field_server
    mirror_gets_every_change_once(base, headers, fresh_db)


def mirror_gets_every_change_once(base: str, headers: dict[str, dict[str, str]], url: str) -> None:
    """The whole run and its checks: writers through the API at ``base`` and in SQL on
    ``url`` (the primary, where ``feature_changes`` is the ground truth), a mirror polling
    the feed from wherever that server reads it."""
    run = Run(base, headers, url)
    with psycopg.connect(url) as conn:
        before = one_row(conn.execute("SELECT coalesce(max(id), 0) FROM feature_changes"))[0]
        run.markers = [
            code
            for (code,) in conn.execute("SELECT code FROM markers ORDER BY chainage_m LIMIT 20")
        ]
    with httpx.Client(base_url=base, timeout=60) as client:
        start = client.get(
            "/changes", params={"since": "2100-01-01T00:00:00Z"}, headers=headers["admin"]
        ).json()
        assert "changes" in start, start
        assert start["changes"] == []  # nothing after 2100: the position is "from now on"
        run.cursor = start["latest"]
        writers = [
            threading.Thread(target=guarded(target), args=(run, seed))
            for seed, target in enumerate(
                (inspector, inspector, maintainer, maintainer, sql_writer)
            )
        ]
        holder = threading.Thread(target=guarded(hold_a_transaction_open), args=(run,))
        writing_done = threading.Event()
        mirror = threading.Thread(target=guarded(follow), args=(run, client, writing_done.is_set))
        mirror.start()
        for writer in writers:
            writer.start()
        began = time.monotonic()
        time.sleep(WRITE_SECONDS / 4)
        holder.start()
        while (
            (time.monotonic() - began < WRITE_SECONDS or len(run.acknowledged) < MIN_CHANGES)
            and time.monotonic() - began < 10 * WRITE_SECONDS
            and not run.errors
        ):
            time.sleep(0.5)
        run.stop.set()
        for thread in (*writers, holder):
            thread.join(timeout=120)
        writing_done.set()
        mirror.join(timeout=120)
        # Every write has ended; poll until the mirror holds every row of the table (the
        # bound only ends a failing run: then the missed rows are listed below).
        truth = table_changes(url, before)
        expected = {row[0] for row in truth}
        deadline = time.monotonic() + 120
        while not {e["changeId"] for e in run.entries} >= expected and time.monotonic() < deadline:
            if not poll_once(run, client):
                time.sleep(0.2)

        assert run.errors == []
        print(f"{len(truth)} changes, {run.polls} polls, held over {run.held_over_polls}")
        assert len(truth) >= MIN_CHANGES, "the writers wrote too little to prove anything"
        ids = [e["changeId"] for e in run.entries]
        repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
        missed = sorted(expected - set(ids))
        assert (missed, repeated) == ([], [])
        assert set(ids) == expected
        # Each entry says what its row did, to the feature its row names.
        delivered = Counter((e["collection"], e["featureId"], e["change"]) for e in run.entries)
        assert delivered == Counter((c, f, KIND[op]) for _, c, f, op in truth)
        assert not Counter(run.acknowledged) - delivered  # every acknowledged write is there
        assert {"inspections", "maintenance", "markers", "gates"} <= {c for c, _, _ in delivered}
        assert any(kind == "deleted" for _, _, kind in delivered)
        # The open transaction's change was not handed out while it was open.
        assert run.held_over_polls >= 5 and run.seen_while_open == []
        assert_mirror_matches_server(client, headers["admin"], run.entries)


def assert_mirror_matches_server(
    client: httpx.Client, admin: dict[str, str], entries: list[dict[str, Any]]
) -> None:
    mirror: dict[tuple[str, str], Any] = {}
    for entry in entries:  # in the order delivered
        mirror[entry["collection"], entry["featureId"]] = entry["feature"]
    for collection in {c for c, _ in mirror}:
        served = client.get(
            f"/collections/{collection}/items", params={"limit": 10000}, headers=admin
        ).json()["features"]
        # An items page gives each feature its own link (the feed links it beside it).
        current = {str(f["id"]): {k: v for k, v in f.items() if k != "links"} for f in served}
        for (c, feature_id), feature in mirror.items():
            if c == collection:
                assert feature == current.get(feature_id), (collection, feature_id)

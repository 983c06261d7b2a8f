"""A throwaway PostGIS for the suite, started by the tests and stopped at the end.

The cluster holds a template database, migrated and loaded with the default data once; tests
get copies of it (``CREATE DATABASE … TEMPLATE``), so a test that writes never disturbs another.

Roles as in production (gis/roles.py): the template is migrated by the owner role and the API
fixtures (``client``, ``write_client``, ``field_api``, ``serve_app`` …) connect as the
application role. The URLs the database fixtures yield (``fresh_db``, ``shared_db``) are the
superuser's, for setting up and checking; ``app_url(url)`` and ``owner_url(url)`` give the
same database as the other roles.
"""

from __future__ import annotations

import itertools
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from db_support import one_row
from db_urls import app_url, database_name, owner_url
from fastapi.testclient import TestClient
from replication_support import PgBouncer

from gis import db, roles
from gis.cluster import EmbeddedCluster
from gis.seed.load import load_default_data
from gis.settings import get_settings
from layers import published

TEMPLATE = "cotmoc_template"
SHARED = Path(__file__).resolve().parents[2] / "shared"
OUTPUT = Path(__file__).resolve().parents[1] / "test-output"
_copies = itertools.count()


@pytest.fixture(scope="session", autouse=True)
def test_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """COTMOC_HOME for the whole session (tests may move it): the token signing key and
    photos land there, never in the checkout's var/. No COTMOC_SECRET_KEY: the key is the
    one the server makes for itself."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COTMOC_HOME", str(tmp_path_factory.mktemp("home")))
        patch.delenv("COTMOC_SECRET_KEY", raising=False)
        patch.delenv("COTMOC_OWNER_DATABASE_URL", raising=False)
        get_settings.cache_clear()
        yield Path(os.environ["COTMOC_HOME"])
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedCluster]:
    home = tmp_path_factory.mktemp("cluster")
    pg = EmbeddedCluster(home, port=5432)
    pg.start()
    try:
        yield pg
    finally:
        pg.stop(mode="immediate")


@pytest.fixture(scope="session")
def template_url(cluster: EmbeddedCluster) -> str:
    """The template: all migrations (as the owner) and the default data (as the app)."""
    cluster.prepare_database(TEMPLATE)
    url = cluster.url(TEMPLATE)
    published.upgrade(owner_url(url))
    roles.grant_to_app(owner_url(url), app_url(url))
    with db.connect(app_url(url)) as conn:
        load_default_data(conn)
    return url


def copy_database(cluster: EmbeddedCluster, template_url: str) -> str:
    name = f"cotmoc_test_{os.getpid()}_{next(_copies)}"
    cluster.ensure_database(name, template=TEMPLATE, owner=roles.OWNER_ROLE)
    return cluster.url(name)


@pytest.fixture(scope="session")
def pgbouncer(
    cluster: EmbeddedCluster, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PgBouncer]:
    """PgBouncer in transaction mode in front of the session's cluster (issue 17)."""
    bouncer = PgBouncer(tmp_path_factory.mktemp("pgbouncer"), cluster).start()
    try:
        yield bouncer
    finally:
        bouncer.stop()


@pytest.fixture(scope="session")
def shared_db(cluster: EmbeddedCluster, template_url: str, pgbouncer: PgBouncer) -> str:
    """A copy of the default data for tests that only read, reached through PgBouncer in
    transaction mode as a deployment may (so every read test runs through it)."""
    return pgbouncer.url(copy_database(cluster, template_url))


@pytest.fixture
def fresh_db(cluster: EmbeddedCluster, template_url: str) -> Iterator[str]:
    """A private copy of the default data for a test that writes."""
    url = copy_database(cluster, template_url)
    yield url
    cluster.drop_database(database_name(url))


@pytest.fixture
def empty_db(cluster: EmbeddedCluster) -> Iterator[str]:
    """A database with no schema at all."""
    name = f"cotmoc_empty_{os.getpid()}_{next(_copies)}"
    cluster.ensure_database(name)
    yield cluster.url(name)
    cluster.drop_database(name)


def use_database(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    """DATABASE_URL for the code under test: ``url``'s database as the application role."""
    monkeypatch.setenv("DATABASE_URL", app_url(url))
    get_settings.cache_clear()


def make_client(monkeypatch: pytest.MonkeyPatch, url: str) -> Iterator[TestClient]:
    from api.app import create_app

    use_database(monkeypatch, url)
    with TestClient(create_app()) as client:
        yield client
    get_settings.cache_clear()


@pytest.fixture
def client(monkeypatch: pytest.MonkeyPatch, shared_db: str) -> Iterator[TestClient]:
    """The API on the shared read-only copy."""
    yield from make_client(monkeypatch, shared_db)


@pytest.fixture
def write_client(monkeypatch: pytest.MonkeyPatch, fresh_db: str) -> Iterator[TestClient]:
    """The API on a private copy that the test may change."""
    yield from make_client(monkeypatch, fresh_db)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve_app(url: str) -> Iterator[str]:
    """The API on database ``url`` (as the application role), served by uvicorn on a free
    loopback port, for clients that need a real socket (GDAL, browsers, concurrent writers).
    Yields the base URL."""
    from api.app import create_app

    previous = {name: os.environ.get(name) for name in ("DATABASE_URL", "COTMOC_PUBLIC_URL")}
    port = _free_port()
    os.environ["DATABASE_URL"] = app_url(url)
    os.environ["COTMOC_PUBLIC_URL"] = f"http://127.0.0.1:{port}"  # the links it writes
    get_settings.cache_clear()
    server = uvicorn.Server(
        uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    try:
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError(f"uvicorn did not start on port {port}")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        get_settings.cache_clear()


@pytest.fixture(scope="session")
def live_server(shared_db: str) -> Iterator[str]:
    """The API on the shared read-only copy, on a real socket."""
    with serve_app(shared_db) as base:
        yield base


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


@pytest.fixture
def shared_geodata() -> Path:
    folder = SHARED / "geodata"
    if not folder.is_dir():
        pytest.skip(f"../shared/geodata is absent ({folder}); this check reads real open data")
    return folder


# --- Field operations (issue 4): accounts for every role, an API on a private copy ---------

FIELD_PASSWORD = "correct-horse-battery"
FIELD_ROLES = ("anonymous", "ministry", "guard", "planner", "admin")


def run_async(coroutine: Any) -> Any:
    """Run ``coroutine`` to its end from synchronous test code, even where an event loop is
    running already (Playwright's sync API keeps one in the test's thread)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(asyncio.run, coroutine).result()


def bearer(account: Any) -> dict[str, str]:
    """Request headers with a token for ``account`` (gis.field.accounts.Account), signed as
    POST /auth/token signs it: with the key of the server under COTMOC_HOME."""
    from api.auth import issue_token

    token, _ = issue_token(account)
    return {"Authorization": f"Bearer {token}"}


def add_user_signed_in(
    url: str, name: str, role: str, password: str = FIELD_PASSWORD
) -> dict[str, str]:
    """A new user ``name`` in ``url``'s database; returns the headers of a signed-in request."""
    import psycopg
    from psycopg.rows import dict_row

    from gis.audit import Actor
    from gis.field.accounts import Account, add_user

    async def create() -> dict[str, Any]:
        async with await psycopg.AsyncConnection.connect(url, row_factory=dict_row) as conn:
            return await add_user(
                conn, Actor("test-setup", "admin", via="cli"), name, role, password
            )

    row = run_async(create())
    return bearer(Account(row["id"], row["name"], row["role"], row["token_version"]))


def add_field_accounts(url: str) -> dict[str, dict[str, str]]:
    """A user per writing role and a ministry key; returns the request headers of each role
    (tokens minted as POST /auth/token would)."""
    import psycopg
    from psycopg.rows import dict_row

    from gis.audit import Actor
    from gis.field.accounts import add_api_key

    async def create_key() -> str:
        async with await psycopg.AsyncConnection.connect(url, row_factory=dict_row) as conn:
            _, key = await add_api_key(
                conn, Actor("test-setup", "admin", via="cli"), "ministry1", "ministry"
            )
            return key

    headers: dict[str, dict[str, str]] = {
        "anonymous": {},
        "ministry": {"X-API-Key": run_async(create_key())},
    }
    for role in ("guard", "planner", "admin"):
        headers[role] = add_user_signed_in(url, f"{role}1", role)
    return headers


@pytest.fixture
def field_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """COTMOC_HOME in a temporary folder, so photos land there."""
    monkeypatch.setenv("COTMOC_HOME", str(tmp_path))
    get_settings.cache_clear()
    return tmp_path


@pytest.fixture
def field_api(
    monkeypatch: pytest.MonkeyPatch, fresh_db: str, field_home: Path
) -> Iterator[tuple[TestClient, dict[str, dict[str, str]]]]:
    """The API on a private copy, with headers for each role."""
    use_database(monkeypatch, fresh_db)
    headers = add_field_accounts(fresh_db)
    for client in make_client(monkeypatch, fresh_db):
        yield client, headers


@pytest.fixture
def field_server(
    fresh_db: str, field_home: Path
) -> Iterator[tuple[str, dict[str, dict[str, str]]]]:
    """The API served by uvicorn on a private copy (for concurrent clients)."""
    headers = add_field_accounts(fresh_db)
    with serve_app(fresh_db) as base:
        yield base, headers


def table_counts_all(url: str) -> dict[str, int]:
    """Row count of every table in the public schema."""
    with db.connect(url) as conn:
        tables = [
            r["tablename"]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'spatial_ref_sys'"
            )
        ]
        return {
            t: one_row(conn.execute(f'SELECT count(*) AS n FROM "{t}"'))["n"]  # noqa: S608
            for t in tables
        }

"""Helpers for the operations tests (issue 17): clusters of their own that a test may stop,
standbys made with pg_basebackup, a PgBouncer in transaction mode, and hashes that tell
whether two databases hold the same rows."""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from db_urls import app_url, owner_url

from gis import db, roles
from gis.cluster import DATABASE_NAME, SERVICE_USER, EmbeddedCluster, find_pg_bin
from gis.replication import StandbyCluster
from gis.seed.load import load_default_data
from layers import published

PGBOUNCER = "/usr/sbin/pgbouncer"


@contextmanager
def cluster_home(name: str) -> Iterator[Path]:
    """A folder for a cluster of the test's own, outside pytest's temporary root: pytest
    makes that root private again (chmod 700) whenever a pytest session starts on the
    machine, and the postgres user could then no longer reach a cluster that a test stops
    and starts later."""
    home = Path(tempfile.mkdtemp(prefix=f"cotmoc-{name}-"))
    try:
        yield home
    finally:
        shutil.rmtree(home, ignore_errors=True)


def start_primary(home: Path) -> EmbeddedCluster:
    """A cluster of the test's own (so it may be stopped) with the default data in
    ``cotmoc``."""
    primary = EmbeddedCluster(home, port=5432)
    primary.start()
    url = primary.url()
    published.upgrade(owner_url(url))  # as the project's own set-up does it (api/cli.py migrate)
    roles.grant_to_app(owner_url(url), app_url(url))
    with db.connect(app_url(url)) as conn:
        load_default_data(conn)
    return primary


@contextmanager
def primary_and_standby() -> Iterator[tuple[EmbeddedCluster, StandbyCluster]]:
    """A primary with the default data and a hot standby of it, made as an operator makes
    one (`cotmoc cluster replica --from <primary's home>`); both stopped at the end."""
    with cluster_home("primary") as primary_home, cluster_home("standby") as standby_home:
        primary = start_primary(primary_home)
        standby = StandbyCluster(standby_home / "home")
        try:
            made = subprocess.run(
                [
                    str(Path(sys.executable).parent / "cotmoc"),
                    "cluster",
                    "replica",
                    "--from",
                    str(primary.home),
                    "--home",
                    str(standby.home),
                ],
                capture_output=True,
                text=True,
                timeout=600,
            )
            assert made.returncode == 0, made.stderr
            assert made.stdout.strip() == f"COTMOC_READ_DATABASE_URL={standby.url()}"
            yield primary, standby
        finally:
            standby.stop(mode="immediate")
            primary.stop(mode="immediate")


def current_lsn(url: str) -> str:
    with db.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT pg_current_wal_lsn()::text AS lsn").fetchone()
        assert row is not None
        return str(row["lsn"])


def wait_until(check: Any, what: str, timeout: float = 60) -> None:
    """Poll ``check()`` until true; fail naming ``what`` after ``timeout`` seconds (a bound
    against hanging, not a measured time)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not reached in {timeout} s")
        time.sleep(0.05)


def wait_replayed(standby_url: str, lsn: str) -> None:
    def replayed() -> bool:
        with db.connect(standby_url, autocommit=True) as conn:
            row = conn.execute(
                "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn AS done", (lsn,)
            ).fetchone()
            return bool(row and row["done"])

    wait_until(replayed, f"standby replays {lsn}")


def as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", SERVICE_USER, "--", *args] if os.geteuid() == 0 else args


def psql_file(cluster: EmbeddedCluster, database: str, sql_text: str) -> None:
    psql = str(find_pg_bin() / "psql")
    subprocess.run(
        as_postgres(
            [
                psql,
                "-h",
                str(cluster.socket_dir),
                "-p",
                str(cluster.port),
                "-U",
                SERVICE_USER,
                "-d",
                database,
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
            ]
        ),
        input=sql_text,
        text=True,
        check=True,
        capture_output=True,
    )


def dump_schema(cluster: EmbeddedCluster, database: str = DATABASE_NAME) -> str:
    """The primary's schema as the README has a subscriber take it."""
    pg_dump = str(find_pg_bin() / "pg_dump")
    result = subprocess.run(
        as_postgres(
            [
                pg_dump,
                "--schema-only",
                "--no-owner",
                "--no-privileges",
                "--no-publications",
                "--no-subscriptions",
                "-h",
                str(cluster.socket_dir),
                "-p",
                str(cluster.port),
                "-U",
                SERVICE_USER,
                database,
            ]
        ),
        text=True,
        check=True,
        capture_output=True,
    )
    return result.stdout


def row_hashes(url: str, tables: dict[str, tuple[str, ...] | None]) -> dict[str, list[str]]:
    """Per table, the sorted md5 of each row's text over ``columns`` (None: every column)."""
    hashes: dict[str, list[str]] = {}
    with db.connect(url) as conn:
        for table, columns in tables.items():
            shown = "t" if columns is None else f"ROW({', '.join(columns)})"
            rows = conn.execute(
                f"SELECT md5(({shown})::text) AS h FROM {table} t"  # noqa: S608
                " ORDER BY 1"
            ).fetchall()
            hashes[table] = [r["h"] for r in rows]
    return hashes


class PgBouncer:
    """PgBouncer in transaction mode in front of ``target``, on a unix socket in ``home``.
    It runs as the postgres user (it refuses root) and passes each client's user and
    database name through to the cluster."""

    def __init__(self, home: Path, target: EmbeddedCluster, port: int = 6432) -> None:
        self.home, self.target, self.port = home.resolve(), target, port
        # name: password for the server; the project's roles log in with no password over
        # the cluster's own socket, as the superuser does.
        self.users: dict[str, str] = {SERVICE_USER: "", roles.APP_ROLE: "", roles.OWNER_ROLE: ""}

    @property
    def pid_file(self) -> Path:
        return self.home / "pgbouncer.pid"

    def _write_config(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        (self.home / "userlist.txt").write_text(
            "".join(f'"{user}" "{password}"\n' for user, password in sorted(self.users.items()))
        )
        (self.home / "pgbouncer.ini").write_text(f"""\
[databases]
* = host={self.target.socket_dir} port={self.target.port}

[pgbouncer]
pool_mode = transaction
listen_addr =
listen_port = {self.port}
unix_socket_dir = {self.home}
auth_type = trust
auth_file = {self.home / "userlist.txt"}
admin_users = {SERVICE_USER}
max_client_conn = 500
default_pool_size = 20
ignore_startup_parameters = extra_float_digits
logfile = {self.home / "pgbouncer.log"}
pidfile = {self.pid_file}
""")
        if os.geteuid() == 0:
            owner = pwd.getpwnam(SERVICE_USER)
            for path in (self.home, *self.home.iterdir()):
                os.chown(path, owner.pw_uid, owner.pw_gid)

    def start(self) -> PgBouncer:
        self._write_config()
        subprocess.run(
            as_postgres([PGBOUNCER, "-d", str(self.home / "pgbouncer.ini")]),
            check=True,
            capture_output=True,
            text=True,
        )
        wait_until(
            lambda: (self.home / f".s.PGSQL.{self.port}").exists(),
            "PgBouncer opens its socket",
            timeout=30,
        )
        return self

    def _signal(self, sig: int) -> None:
        os.kill(int(self.pid_file.read_text().strip()), sig)

    def url(self, direct_url: str) -> str:
        """The URL of ``direct_url``'s database and user, through this PgBouncer."""
        parts = urlsplit(direct_url)
        user = parts.username or parse_qs(parts.query).get("user", [SERVICE_USER])[0]
        password = unquote(parts.password or "")
        if self.users.get(user) != password:
            self.users[user] = password
            self._write_config()
            self._signal(signal.SIGHUP)  # reloads the user list
        return f"postgresql://{user}@/{parts.path.lstrip('/')}?host={self.home}&port={self.port}"

    def admin(self, command: str) -> list[dict[str, Any]]:
        """Run a command of PgBouncer's admin console (SHOW CLIENTS, SHOW CONFIG …)."""
        import psycopg
        from psycopg.rows import dict_row

        url = f"postgresql://{SERVICE_USER}@/pgbouncer?host={self.home}&port={self.port}"
        with psycopg.connect(
            url, autocommit=True, row_factory=dict_row, prepare_threshold=None
        ) as conn:
            return conn.execute(command).fetchall()

    def stop(self) -> None:
        if self.pid_file.exists():
            self._signal(signal.SIGTERM)

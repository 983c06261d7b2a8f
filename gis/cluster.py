"""An embedded PostGIS cluster owned by the project.

The cluster lives in its own data folder (``$COTMOC_HOME/pg`` by default), listens only on a
unix socket inside that home, and is started with the system's ``initdb``/``pg_ctl``.
PostgreSQL refuses to run as root, so when we are root the cluster runs as the unprivileged
``postgres`` user through ``runuser`` and its folders belong to that user.

Its database belongs to the owner role (``gis.roles``), which runs the migrations; the API and
the command line connect as the application role. Local connections are trusted: the cluster
listens on nothing but its own socket.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from gis import roles

PG_BIN_CANDIDATES = ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin")
SERVICE_USER = "postgres"
DATABASE_NAME = "cotmoc"


# Server settings the project relies on, given at every start (so existing clusters get them):
# logical decoding for ministry mirrors (`cotmoc mirror publish`), and the planner settings
# the API wants: JIT costs hundreds of milliseconds on the large estimates of big pages and
# buys nothing for queries this short; custom plans for every run, because the best plan of
# a bbox page depends on the box (a generic plan made bbox pages 3.5x slower on 1 M markers).
# A database of DATABASE_URL gets the last two with ALTER DATABASE (migration 0013; README:
# Beyond one machine, PgBouncer).
SERVER_SETTINGS = {
    "wal_level": "logical",
    "jit": "off",
    "plan_cache_mode": "force_custom_plan",
}


def server_options() -> str:
    """``SERVER_SETTINGS`` as ``-c name=value`` options for ``pg_ctl -o``."""
    return " ".join(f"-c {name}={value}" for name, value in SERVER_SETTINGS.items())


class ClusterError(RuntimeError):
    """The embedded cluster could not be created, started or stopped."""


def find_pg_bin() -> Path:
    """Return the folder holding ``initdb``/``pg_ctl``, preferring Debian's PostgreSQL 15."""
    for candidate in PG_BIN_CANDIDATES:
        if (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    raise ClusterError(
        "PostgreSQL server binaries not found: install postgresql-15 and postgresql-15-postgis-3"
    )


@dataclass
class EmbeddedCluster:
    """A PostgreSQL cluster in ``home`` reached through a unix socket in ``home/run``."""

    home: Path
    port: int = 5432

    def __post_init__(self) -> None:
        # pg_ctl runs in the data folder: a relative home (COTMOC_HOME=var) would point the
        # socket somewhere else.
        self.home = Path(self.home).resolve()

    @property
    def data_dir(self) -> Path:
        """The cluster's data folder (PGDATA)."""
        return self.home / "pg"

    @property
    def socket_dir(self) -> Path:
        """The folder of the unix socket, the cluster's only listener."""
        return self.home / "run"

    @property
    def log_file(self) -> Path:
        """The server log that ``pg_ctl start`` writes."""
        return self.home / "postgres.log"

    def url(self, database: str = DATABASE_NAME, role: str = SERVICE_USER) -> str:
        """A connection URL; the superuser's unless ``role`` names another."""
        return f"postgresql://{role}@/{database}?host={self.socket_dir}&port={self.port}"

    def owner_url(self, database: str = DATABASE_NAME) -> str:
        """The role that owns the schema and runs the migrations."""
        return self.url(database, roles.OWNER_ROLE)

    def app_url(self, database: str = DATABASE_NAME) -> str:
        """The application's role: reads and writes rows, runs no DDL."""
        return self.url(database, roles.APP_ROLE)

    # -- running commands as the service user -------------------------------------------

    def _as_service_user(self, args: list[str]) -> list[str]:
        if os.geteuid() == 0:
            return ["runuser", "-u", SERVICE_USER, "--", *args]
        return args

    def _run(self, args: list[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            self._as_service_user(args), capture_output=True, text=True, timeout=timeout
        )
        if result.returncode != 0:
            raise ClusterError(f"{' '.join(args)} failed:\n{result.stderr or result.stdout}")
        return result

    def _prepare_folders(self) -> None:
        for folder in (self.home, self.socket_dir):
            folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            owner = pwd.getpwnam(SERVICE_USER)
            for path in (self.home, self.socket_dir):
                os.chown(path, owner.pw_uid, owner.pw_gid)
            if self.data_dir.exists():
                subprocess.run(["chown", "-R", SERVICE_USER, str(self.data_dir)], check=True)
        self._make_reachable(self.home)

    def _make_reachable(self, path: Path) -> None:
        """Let the service user walk down to ``path`` (a home under /root would block it)."""
        if os.geteuid() != 0:
            return
        for parent in [path, *path.parents]:
            mode = parent.stat().st_mode
            if not mode & 0o001:
                os.chmod(parent, mode | 0o001)

    # -- lifecycle -----------------------------------------------------------------------

    def is_initialised(self) -> bool:
        """Whether ``initdb`` has made the data folder."""
        return (self.data_dir / "PG_VERSION").exists()

    def is_running(self) -> bool:
        """Whether ``pg_ctl status`` finds a server running on the data folder."""
        if not self.is_initialised():
            return False
        pg_ctl = str(find_pg_bin() / "pg_ctl")
        result = subprocess.run(
            self._as_service_user([pg_ctl, "status", "-D", str(self.data_dir)]),
            capture_output=True,
            text=True,
        )
        return result.returncode == 0

    def initialise(self) -> None:
        """Create the cluster once; an existing one is kept with its data."""
        self._prepare_folders()
        if self.is_initialised():
            return
        initdb = str(find_pg_bin() / "initdb")
        self._run(
            [
                initdb,
                "-D",
                str(self.data_dir),
                "-U",
                SERVICE_USER,
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--auth-local=trust",
                "--auth-host=reject",
            ],
        )

    def start(self) -> None:
        """Start the cluster on its socket only (no TCP listener); create the roles and the
        database (owned by the owner role, with PostGIS)."""
        self.initialise()
        if not self.is_running():
            self._prepare_folders()
            stale_pid = self.data_dir / "postmaster.pid"
            if stale_pid.exists():
                stale_pid.unlink()
            options = (
                f"-c listen_addresses='' -c unix_socket_directories='{self.socket_dir}' "
                f"-p {self.port} -c fsync=on {server_options()}"
            )
            pg_ctl = str(find_pg_bin() / "pg_ctl")
            self._run(
                [
                    pg_ctl,
                    "start",
                    "-w",
                    "-t",
                    "60",
                    "-D",
                    str(self.data_dir),
                    "-l",
                    str(self.log_file),
                    "-o",
                    options,
                ],
            )
        self._wait_ready()
        self.ensure_roles()
        self.prepare_database(DATABASE_NAME)

    def _wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if (self.socket_dir / f".s.PGSQL.{self.port}").exists():
                return
            time.sleep(0.1)
        raise ClusterError(f"cluster did not open its socket; see {self.log_file}")

    def stop(self, mode: str = "fast") -> None:
        """Stop a running server (``mode`` as for ``pg_ctl stop -m``); a stopped one is left
        alone."""
        if self.is_running():
            pg_ctl = str(find_pg_bin() / "pg_ctl")
            self._run([pg_ctl, "stop", "-w", "-m", mode, "-D", str(self.data_dir)])

    def psql(self, statement: str, database: str = "postgres") -> str:
        """Run one statement as the superuser through psql and return its bare output."""
        psql = str(find_pg_bin() / "psql")
        result = self._run(
            [
                psql,
                "-h",
                str(self.socket_dir),
                "-p",
                str(self.port),
                "-U",
                SERVICE_USER,
                "-d",
                database,
                "-tAX",
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                statement,
            ],
        )
        return result.stdout.strip()

    def ensure_database(
        self, name: str, template: str | None = None, owner: str | None = None
    ) -> None:
        """Create the database ``name`` (from ``template``, owned by ``owner``) unless it
        exists."""
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
                return
            create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            if template:
                create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
            if owner:
                create += sql.SQL(" OWNER {}").format(sql.Identifier(owner))
            conn.execute(create)

    def superuser_sql(self, statements: list[str], database: str = "postgres") -> None:
        """Run ``statements`` as the superuser in ``database``, each committed on its own."""
        with psycopg.connect(self.url(database), autocommit=True) as conn:
            roles.run(conn, statements)

    def ensure_roles(self) -> None:
        """The owner and application roles (``gis.roles``), once per cluster."""
        self.superuser_sql(roles.role_statements())

    def prepare_database(self, name: str) -> None:
        """The database ``name`` owned by the owner role, with PostGIS, and whatever an
        older install made as the superuser handed to the owner."""
        self.ensure_database(name, owner=roles.OWNER_ROLE)
        self.superuser_sql(roles.database_statements(name), database=name)

    def drop_database(self, name: str) -> None:
        """Drop the database ``name`` if it exists, closing its connections."""
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

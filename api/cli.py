"""The ``cotmoc`` command line."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from api.cli_maps import maps_app
from gis import db, roles
from gis.cluster import ClusterError, EmbeddedCluster
from gis.settings import get_settings
from layers import published

app = typer.Typer(help="cotmoc: the border registry, its API and its maps.", no_args_is_help=True)
cluster_app = typer.Typer(help="The embedded PostGIS cluster under COTMOC_HOME.")
db_app = typer.Typer(help="Schema migrations and default data.")
app.add_typer(cluster_app, name="cluster")
app.add_typer(db_app, name="db")
app.add_typer(maps_app, name="maps")

EMBEDDED_PORT = 5432


def embedded_cluster() -> EmbeddedCluster:
    """The project's own PostGIS cluster under ``COTMOC_HOME``."""
    return EmbeddedCluster(get_settings().home, port=EMBEDDED_PORT)


@contextmanager
def database() -> Iterator[str]:
    """Yield the application's database URL: DATABASE_URL if set, else the embedded cluster
    (started for the duration when it was not already running) as its application role;
    ``db.owner_url()`` then names the owner role, for migrations and backups."""
    settings = get_settings()
    if settings.database_url:
        yield settings.database_url
        return
    cluster = embedded_cluster()
    started_here = not cluster.is_running()
    try:
        cluster.start()
    except ClusterError as err:
        typer.secho(str(err), fg="red", err=True)
        raise typer.Exit(2) from err
    os.environ["DATABASE_URL"] = cluster.app_url()
    os.environ["COTMOC_OWNER_DATABASE_URL"] = cluster.owner_url()
    get_settings.cache_clear()
    try:
        yield cluster.app_url()
    finally:
        os.environ.pop("DATABASE_URL", None)
        os.environ.pop("COTMOC_OWNER_DATABASE_URL", None)
        get_settings.cache_clear()
        if started_here:
            cluster.stop()


def migrate(url: str, revision: str = "heads") -> None:
    """Apply migrations as the owner, then grant the application role of ``url`` what it
    needs (again: later migrations add tables)."""
    published.upgrade(db.owner_url(), revision)
    grant_application_role(url)


def grant_application_role(url: str) -> None:
    """Give the application role at ``url`` its privileges (exit 2 for a role name that cannot be
    used); warn when the API would run as the schema's owner."""
    try:
        granted = roles.grant_to_app(db.owner_url(), url)
    except ValueError as err:  # a role name the statements cannot carry
        typer.secho(f"cannot grant the application role: {err}", fg="red", err=True)
        raise typer.Exit(2) from err
    if granted is None:
        typer.secho(
            "warning: DATABASE_URL connects as the role that owns the schema, so the "
            "API could run DDL and rewrite the audit trail; see `cotmoc db roles`",
            fg="yellow",
            err=True,
        )


def prepare(url: str) -> None:
    """Apply migrations and load the default data (both idempotent)."""
    from gis.seed.load import load_default_data

    migrate(url)
    with db.connect(url) as conn:
        report = load_default_data(conn)
    added = sum(report.inserted.values())
    typer.echo(f"default data: {added} new rows" + ("" if added else " (already loaded)"))


WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers", min=1, max=64, help="worker processes (default COTMOC_WORKERS, else 1)"
    ),
]


@app.command()
def run(workers: WorkersOption = None) -> None:
    """Set up the database (embedded unless DATABASE_URL is set), then serve the API."""
    settings = get_settings()
    with database() as url:
        prepare(url)
        base = f"http://{settings.host}:{settings.port}"
        typer.echo(f"cotmoc serving on {base}")
        for path in (
            "/collections",
            "/collections/markers/items?limit=1000",
            "/maps/overview",
            "/field",
            "/docs",
        ):
            typer.echo(f"  {base}{path}")
        typer.echo(
            "Ctrl-C stops the server"
            + ("" if settings.database_url else " and the embedded cluster")
        )
        serve_api(workers)


def serve_api(workers: int | None = None) -> None:
    """Run uvicorn on the app; logs are JSON lines on stderr (api/observability.py).

    With several workers each process holds its own pools; what a process caches is checked
    against the database on use (the extents against the change feed's head), login failures
    are counted in the database, and the metrics of all workers are summed from files in
    ``COTMOC_HOME/metrics`` (api/metrics.py)."""
    import uvicorn

    from api.metrics import prepare_multiprocess_folder
    from api.observability import LOG_CONFIG

    settings = get_settings()
    workers = workers or settings.workers
    if workers > 1:
        prepare_multiprocess_folder(settings.home / "metrics")
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        log_config=LOG_CONFIG,
        access_log=False,
    )


@app.command()
def serve(workers: WorkersOption = None) -> None:
    """Serve the API on an already prepared database."""
    with database():
        serve_api(workers)


@db_app.command("upgrade")
def db_upgrade(revision: str = "heads") -> None:
    """Apply migrations (as the owner role)."""
    with database() as url:
        migrate(url, revision)


@db_app.command("downgrade")
def db_downgrade(revision: str = "base") -> None:
    """Revert migrations (to an empty database by default), as the owner role."""
    with database():
        db.downgrade(db.owner_url(), revision)


@db_app.command("revision")
def db_revision(
    message: Annotated[str, typer.Argument(help="what it does, e.g. 'markers: material'")],
    revision_id: Annotated[str, typer.Option("--id", help="the next number, e.g. 0025")],
) -> None:
    """Autogenerate a migration from gis/schema.py against the database at head (as the owner
    role); review it, and add CHECKs and views by hand."""
    with database() as url:
        migrate(url)
        db.autogenerate(message, revision_id, db.owner_url())


@db_app.command("roles")
def db_roles(
    owner: Annotated[str, typer.Option(help="role that owns the schema")] = roles.OWNER_ROLE,
    app_role: Annotated[
        str, typer.Option("--app", help="role the API connects as")
    ] = roles.APP_ROLE,
    database_name: Annotated[str, typer.Option("--database", help="database name")] = "cotmoc",
    apply: Annotated[
        bool,
        typer.Option("--apply", help="run the statements through DATABASE_URL (a superuser's)"),
    ] = False,
) -> None:
    """Print the SQL that makes the owner and application roles (for a database of your
    own); with --apply, run it."""
    if owner == app_role:
        typer.secho("the owner and the application role must differ", fg="red", err=True)
        raise typer.Exit(2)
    try:
        for name in (owner, app_role, database_name):
            roles.quoted(name)
    except ValueError as err:
        typer.secho(str(err), fg="red", err=True)
        raise typer.Exit(2) from err
    if not apply:
        typer.echo(roles.setup_script(database_name, owner, app_role), nl=False)
        return
    if not get_settings().database_url:
        with database():  # the embedded cluster sets its roles up at every start
            typer.echo(
                f"the embedded cluster's roles {roles.OWNER_ROLE} and {roles.APP_ROLE} are set up"
            )
        return
    with database() as url, db.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT current_user AS me, current_database() AS name").fetchone()
        assert row is not None
        if row["me"] in (owner, app_role):
            typer.secho(
                f"--apply needs DATABASE_URL to name an administrator, not {row['me']}",
                fg="red",
                err=True,
            )
            raise typer.Exit(2)
        roles.run(conn, roles.setup_statements(row["name"], owner, app_role))
    typer.echo(
        f"roles {owner} and {app_role} set up in database {row['name']}; give them "
        "passwords, then set COTMOC_OWNER_DATABASE_URL and DATABASE_URL to them"
    )


@db_app.command("seed")
def db_seed() -> None:
    """Apply migrations and load the default data."""
    with database() as url:
        prepare(url)


@cluster_app.command("start")
def cluster_start() -> None:
    """Start the embedded cluster and print its DATABASE_URL."""
    cluster = embedded_cluster()
    cluster.start()
    typer.echo(f"DATABASE_URL={cluster.url()}")


@cluster_app.command("stop")
def cluster_stop() -> None:
    """Stop the embedded cluster."""
    embedded_cluster().stop()


@cluster_app.command("url")
def cluster_url() -> None:
    """Print the embedded cluster's DATABASE_URL."""
    typer.echo(embedded_cluster().url())


@cluster_app.command("replica")
def cluster_replica(
    source: str = typer.Option(
        ...,
        "--from",
        help="the primary: its COTMOC_HOME, or a "
        "connection string (host=… user=… for pg_basebackup)",
    ),
    home: Path = typer.Option(..., help="the standby's own home (data, socket, log)"),
    port: int = typer.Option(EMBEDDED_PORT, help="the standby's port (on its own socket)"),
    slot: str | None = typer.Option(None, help="a physical replication slot to create"),
) -> None:
    """Make a hot standby of a primary with pg_basebackup and start it."""
    from gis.replication import make_standby

    try:
        standby = make_standby(source, home, port, slot)
    except ClusterError as err:
        typer.secho(str(err), fg="red", err=True)
        raise typer.Exit(2) from err
    typer.echo(f"COTMOC_READ_DATABASE_URL={standby.url()}")


def main() -> None:
    """The ``cotmoc`` command with every sub-command attached."""
    from api.cli_accounts import keys_app, users_app
    from api.cli_backup import backup, restore
    from api.cli_import import import_app
    from api.cli_mirror import mirror_app
    from api.cli_report import report_app

    app.command()(backup)
    app.command()(restore)
    app.add_typer(import_app, name="import")
    app.add_typer(users_app, name="users")
    app.add_typer(keys_app, name="keys")
    app.add_typer(mirror_app, name="mirror")
    app.add_typer(report_app, name="report")
    app()

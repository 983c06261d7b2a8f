"""The ``cotmoc`` command line."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from api.cli_maps import maps_app
from gis import db
from gis.cluster import ClusterError, EmbeddedCluster
from gis.settings import get_settings

app = typer.Typer(help="cotmoc: the border registry, its API and its maps.", no_args_is_help=True)
cluster_app = typer.Typer(help="The embedded PostGIS cluster under COTMOC_HOME.")
db_app = typer.Typer(help="Schema migrations and default data.")
app.add_typer(cluster_app, name="cluster")
app.add_typer(db_app, name="db")
app.add_typer(maps_app, name="maps")

EMBEDDED_PORT = 5432


def embedded_cluster() -> EmbeddedCluster:
    return EmbeddedCluster(get_settings().home, port=EMBEDDED_PORT)


@contextmanager
def database() -> Iterator[str]:
    """Yield a database URL: DATABASE_URL if set, else the embedded cluster (started for the
    duration when it was not already running)."""
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
    os.environ["DATABASE_URL"] = cluster.url()
    get_settings.cache_clear()
    try:
        yield cluster.url()
    finally:
        os.environ.pop("DATABASE_URL", None)
        get_settings.cache_clear()
        if started_here:
            cluster.stop()


def prepare(url: str) -> None:
    """Apply migrations and load the default data (both idempotent)."""
    from gis.seed.load import load_default_data

    db.upgrade(url)
    with db.connect(url) as conn:
        report = load_default_data(conn)
    added = sum(report.inserted.values())
    typer.echo(f"default data: {added} new rows" + ("" if added else " (already loaded)"))


@app.command()
def run() -> None:
    """Set up the database (embedded unless DATABASE_URL is set), then serve the API."""
    import uvicorn

    settings = get_settings()
    with database() as url:
        prepare(url)
        base = f"http://{settings.host}:{settings.port}"
        typer.echo(f"cotmoc serving on {base}")
        for path in ("/collections", "/collections/markers/items?limit=1000", "/maps/overview",
                     "/field", "/docs"):
            typer.echo(f"  {base}{path}")
        typer.echo("Ctrl-C stops the server" + ("" if settings.database_url else
                                                " and the embedded cluster"))
        uvicorn.run("api.app:create_app", factory=True, host=settings.host, port=settings.port)


@app.command()
def serve() -> None:
    """Serve the API on an already prepared database."""
    import uvicorn

    settings = get_settings()
    with database():
        uvicorn.run("api.app:create_app", factory=True, host=settings.host, port=settings.port)


@db_app.command("upgrade")
def db_upgrade(revision: str = "heads") -> None:
    """Apply migrations."""
    with database() as url:
        db.upgrade(url, revision)


@db_app.command("downgrade")
def db_downgrade(revision: str = "base") -> None:
    """Revert migrations (to an empty database by default)."""
    with database() as url:
        db.downgrade(url, revision)


@db_app.command("seed")
def db_seed() -> None:
    """Apply migrations and load the default data."""
    with database() as url:
        prepare(url)


@cluster_app.command("start")
def cluster_start() -> None:
    cluster = embedded_cluster()
    cluster.start()
    typer.echo(f"DATABASE_URL={cluster.url()}")


@cluster_app.command("stop")
def cluster_stop() -> None:
    embedded_cluster().stop()


@cluster_app.command("url")
def cluster_url() -> None:
    typer.echo(embedded_cluster().url())


def main() -> None:
    from api.cli_accounts import keys_app, users_app
    from api.cli_import import import_app

    app.add_typer(import_app, name="import")
    app.add_typer(users_app, name="users")
    app.add_typer(keys_app, name="keys")
    app()

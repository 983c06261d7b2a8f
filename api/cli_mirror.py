"""``cotmoc mirror``: ministry mirrors by logical replication (gis/mirror.py)."""

from __future__ import annotations

import typer

from gis import db, mirror

mirror_app = typer.Typer(help="Ministry mirrors: a publication for PostgreSQL subscribers.")


@mirror_app.command("publish")
def publish(
    field: bool = typer.Option(
        False,
        "--field",
        help="also the field records a ministry may "
        "read (maintenance, patrols, inspections), without user names",
    ),
    name: str = typer.Option(mirror.DEFAULT_PUBLICATION, help="publication name"),
    primary: str = typer.Option(
        "host=PRIMARY dbname=cotmoc user=MIRROR_ROLE",
        help="how subscribers reach this database (for the SQL printed at the end)",
    ),
) -> None:
    """Create (or update) the publication; print what a subscriber runs after loading the
    schema. Run it again after migrations."""
    from api.cli import database

    with database() as url, db.connect(url) as conn:
        tables = mirror.publish(conn, name, with_field=field)
    for table in tables:
        columns = (
            "all columns"
            if table.columns is None
            else f"{len(table.columns)} columns, not {', '.join(table.withheld) or '-'}"
        )
        typer.echo(f"published {table.name} ({columns})", err=True)
    typer.echo(mirror.subscriber_sql(tables, name, primary))

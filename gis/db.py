"""Database access: connection strings, connections and migrations."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import dict_row

from gis.settings import PROJECT_ROOT, get_settings


class DatabaseNotConfigured(RuntimeError):
    """No DATABASE_URL is set and no embedded cluster was started."""


def database_url() -> str:
    """The application's database: DATABASE_URL, or a clear error when none is set."""
    url = get_settings().database_url
    if not url:
        raise DatabaseNotConfigured(
            "DATABASE_URL is not set: run `make run`, or export DATABASE_URL=postgresql://…"
        )
    return url


def owner_url() -> str:
    """The role that owns the schema, for migrations and backups: COTMOC_OWNER_DATABASE_URL,
    else DATABASE_URL (an install with a single role)."""
    return get_settings().owner_database_url or database_url()


def sqlalchemy_url(url: str | None = None) -> str:
    """The same database as a SQLAlchemy URL for Alembic (psycopg 3 driver)."""
    url = url or database_url()
    return url.replace("postgresql://", "postgresql+psycopg://", 1).replace(
        "postgres://", "postgresql+psycopg://", 1
    )


@contextmanager
def connect(
    url: str | None = None, autocommit: bool = False
) -> Iterator[psycopg.Connection[dict[str, Any]]]:
    """A connection whose rows are dicts; commits on success, rolls back on error.

    No prepared statements (``prepare_threshold=None``), like the API's pools: the database
    may sit behind PgBouncer in transaction mode, where a statement prepared on one server
    connection is missing on the next."""
    target = url or database_url()
    with psycopg.connect(
        target, row_factory=dict_row, autocommit=autocommit, prepare_threshold=None
    ) as conn:
        yield conn


def alembic_config(url: str | None = None):  # type: ignore[no-untyped-def]
    """Alembic's configuration for the project's migrations on ``url``."""
    from alembic.config import Config

    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(Path(PROJECT_ROOT) / "migrations"))
    config.set_main_option("sqlalchemy.url", sqlalchemy_url(url).replace("%", "%%"))
    return config


def upgrade(url: str | None = None, revision: str = "heads") -> None:
    """Apply the migrations up to ``revision`` (all of them by default)."""
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def autogenerate(message: str, revision_id: str, url: str | None = None) -> None:
    """Write migrations/versions/<revision_id>_<message>.py with what ``gis.schema`` holds and
    the database (at head) lacks. Autogenerate sees neither CHECKs nor views: add those by
    hand, and review the file before committing it."""
    from alembic import command

    command.revision(alembic_config(url), message=message, autogenerate=True, rev_id=revision_id)


def downgrade(url: str | None = None, revision: str = "base") -> None:
    """Migrate the database at ``url`` down to ``revision``."""
    from alembic import command

    command.downgrade(alembic_config(url), revision)

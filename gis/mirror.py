"""Ministry mirrors by logical replication: a publication of what a ministry may read.

The registry tables are published whole. The field tables (by option) are published with a
column list that leaves out who typed the record (``created_by``, an event's ``actor``): the
API shows a ministry the records but not the user names behind them. Accounts, keys, the audit
trail, photos' files, alerts and the change feed's own table are never published.

No row filter is used. PostgreSQL 15 allows one on a table that publishes updates and deletes
only over the replica identity's columns (here the primary key), which says nothing about
what a ministry may see; a filter on another column would need ``REPLICA IDENTITY FULL`` and
write every old row into the WAL on each update.

Generated columns (a section's or a patrol's measured length) are not replicated in 15: the
subscriber computes them itself from the same definition. So the subscriber takes the
primary's schema first (``pg_dump --schema-only``) and then subscribes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

DEFAULT_PUBLICATION = "cotmoc_mirror"
REGISTRY_TABLES = (
    "border_sections",
    "marker_positions",
    "markers",
    "marker_aliases",
    "gates",
    "gate_events",
    "villages",
    "village_pairs",
    "facts",
)
FIELD_TABLES = ("maintenance_records", "maintenance_events", "patrols", "inspections")
# Columns that name a person and stay on the primary.
PERSONAL_COLUMNS = {"created_by", "actor"}
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class PublishedTable:
    """A table in a mirror publication, with its column list (None: whole) and the columns
    withheld."""

    name: str
    columns: tuple[str, ...] | None  # None: the whole table
    withheld: tuple[str, ...] = ()


def check_name(name: str) -> str:
    """``name`` if it can name a publication (lower-case letters, digits, _); ValueError
    otherwise."""
    if not _NAME.match(name):
        raise ValueError(f"publication name '{name}': lower-case letters, digits and _ only")
    return name


def _columns(conn: psycopg.Connection[Any], table: str) -> list[tuple[str, bool, bool]]:
    """(name, generated, not null) of each column of ``table``, in order."""
    rows = conn.execute(
        "SELECT attname, attgenerated <> '' AS generated, attnotnull FROM pg_attribute"
        " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
        (table,),
    ).fetchall()
    return [(r["attname"], r["generated"], r["attnotnull"]) for r in rows]


def plan(conn: psycopg.Connection[Any], with_field: bool) -> list[PublishedTable]:
    """The tables a ministry mirror publishes: the registry whole, the field tables
    (``with_field``) without the personal columns."""
    tables = [PublishedTable(name, None) for name in REGISTRY_TABLES]
    for name in FIELD_TABLES if with_field else ():
        columns = _columns(conn, name)
        withheld = tuple(c for c, _, _ in columns if c in PERSONAL_COLUMNS)
        # A column list may not name generated columns in PostgreSQL 15.
        published = tuple(
            c for c, generated, _ in columns if not generated and c not in PERSONAL_COLUMNS
        )
        tables.append(PublishedTable(name, published, withheld))
    return tables


def _table_clause(table: PublishedTable) -> sql.Composable:
    if table.columns is None:
        return sql.Identifier(table.name)
    return sql.SQL("{} ({})").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, table.columns))
    )


def publish(
    conn: psycopg.Connection[Any], name: str = DEFAULT_PUBLICATION, with_field: bool = False
) -> list[PublishedTable]:
    """Create the publication, or set its tables anew (after a migration or to add or drop
    the field tables). Needs a role that owns the tables."""
    tables = plan(conn, with_field)
    clause = sql.SQL(", ").join(_table_clause(t) for t in tables)
    exists = conn.execute("SELECT 1 FROM pg_publication WHERE pubname = %s", (name,)).fetchone()
    statement = (
        "ALTER PUBLICATION {} SET TABLE {}" if exists else "CREATE PUBLICATION {} FOR TABLE {}"
    )
    conn.execute(sql.SQL(statement).format(sql.Identifier(check_name(name)), clause))
    return tables


def subscriber_sql(
    tables: list[PublishedTable],
    name: str = DEFAULT_PUBLICATION,
    primary: str = "host=PRIMARY dbname=cotmoc user=MIRROR_ROLE",
) -> str:
    """What a subscriber runs after loading the schema: withheld columns may be empty there,
    then the subscription itself."""
    lines = [
        f"ALTER TABLE {t.name} ALTER COLUMN {column} DROP NOT NULL;"
        for t in tables
        for column in t.withheld
    ]
    quoted = primary.replace("'", "''")
    lines.append(
        f"CREATE SUBSCRIPTION {check_name(name)} CONNECTION '{quoted}' PUBLICATION {name};"
    )
    return "\n".join(lines)

"""Database roles: an owner that runs the migrations, and the application's role that cannot.

The application role (the API, the command line's writes, the importers) reads and writes
rows, but owns nothing: it cannot run DDL, is no superuser (so it can neither set
``session_replication_role`` nor disable a trigger) and may only INSERT into and SELECT from
the append-only audit trail. The owner owns the database and every object the migrations
make. The embedded cluster creates both roles itself (gis/cluster.py); for a database of your
own, ``cotmoc db roles`` prints the same statements (``setup_statements``).
"""

from __future__ import annotations

import re
from typing import Any

import psycopg

OWNER_ROLE = "cotmoc_owner"
APP_ROLE = "cotmoc_app"
# Rows here are never changed or removed, by anyone but the owner.
APPEND_ONLY_TABLES = ("audit_log", "record_history")  # record_history: issue 11 (0022)
# Written only by the owner: the migrations, and the store definitions installed after them
# (layers/published.py), which tell the servers what a store holds.
MIGRATION_TABLES = ("alembic_version", "published_definitions")
# Histories of the registry tables (``{table}_versions``, migration 0018): written only by the
# versioning trigger, which runs as the owner; the application reads them.
HISTORY_TABLE_PATTERN = r"%\_versions"
# The API's session settings (see api/app.py), kept on the role itself so that a connection
# needs no start-up options (a pooler in transaction mode refuses them).
APP_SETTINGS = {"jit": "off", "plan_cache_mode": "force_custom_plan"}
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def quoted(name: str) -> str:
    """A role or database name as an SQL identifier; only plain lower-case names pass."""
    if not _ROLE_NAME.fullmatch(name):
        raise ValueError(f"{name!r}: use lower-case letters, digits and '_' (at most 63)")
    return f'"{name}"'


def _create_role(name: str) -> str:
    literal = name  # checked by quoted() below, so safe inside the string literal too
    return (
        "DO $$ BEGIN\n"
        f"    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{literal}') THEN\n"
        f"        CREATE ROLE {quoted(name)} LOGIN;\n"
        "    END IF;\n"
        "END $$"
    )


def role_statements(owner: str = OWNER_ROLE, app: str = APP_ROLE) -> list[str]:
    """For a superuser, once per cluster: both roles, with no powers beyond logging in."""
    statements = [_create_role(owner), _create_role(app)]
    for name in (owner, app):
        statements.append(
            f"ALTER ROLE {quoted(name)} NOSUPERUSER NOCREATEDB NOCREATEROLE "
            "NOREPLICATION NOBYPASSRLS"
        )
    statements += [
        f"ALTER ROLE {quoted(app)} SET {setting} = {value}"
        for setting, value in APP_SETTINGS.items()
    ]
    return statements


def _adopt_objects(owner: str) -> str:
    """Hand the schema's objects made by another role (an install migrated as a superuser)
    to the owner; the extension's own objects stay with the extension."""
    return f"""DO $$
DECLARE
    statement text;
BEGIN
    FOR statement IN
        SELECT format('ALTER %s %s OWNER TO {quoted(owner)}',
                      CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                     WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
                      c.oid::regclass)
        FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          AND c.relowner <> '{quoted(owner)}'::regrole
          AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                          AND d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
        UNION ALL
        SELECT format('ALTER ROUTINE %s OWNER TO {quoted(owner)}', p.oid::regprocedure)
        FROM pg_proc p
        WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> '{quoted(owner)}'::regrole
          AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                          AND d.objid = p.oid AND d.deptype = 'e')
    LOOP
        EXECUTE statement;
    END LOOP;
END $$"""  # noqa: S608  (names checked by quoted())


def database_statements(database: str, owner: str = OWNER_ROLE) -> list[str]:
    """For a superuser, in the database: the owner owns it and its objects; PostGIS is
    installed (it is not a trusted extension, so the owner could not)."""
    return [
        f"ALTER DATABASE {quoted(database)} OWNER TO {quoted(owner)}",
        "CREATE EXTENSION IF NOT EXISTS postgis",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        _adopt_objects(owner),
    ]


def grant_statements(owner: str = OWNER_ROLE, app: str = APP_ROLE) -> list[str]:
    """For the owner (or a superuser) after every migration: what the application may do,
    now and on the tables later migrations make."""
    append_only = ", ".join(f"'{table}'" for table in APPEND_ONLY_TABLES)
    migration = ", ".join(f"'{table}'" for table in MIGRATION_TABLES)
    return [
        f"GRANT USAGE ON SCHEMA public TO {quoted(app)}",
        f"REVOKE CREATE ON SCHEMA public FROM {quoted(app)}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted(app)}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted(app)}",
        f"""DO $$
DECLARE
    table_name text;
BEGIN
    FOR table_name IN SELECT tablename FROM pg_tables
                      WHERE schemaname = 'public' AND tablename IN ({append_only}) LOOP
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I FROM {quoted(app)}', table_name);
    END LOOP;
    FOR table_name IN SELECT tablename FROM pg_tables
                      WHERE schemaname = 'public' AND (tablename IN ({migration})
                            OR tablename LIKE '{HISTORY_TABLE_PATTERN}') LOOP
        EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON %I FROM {quoted(app)}',
                       table_name);
    END LOOP;
END $$""",  # noqa: S608  (names checked by quoted())
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {quoted(owner)} IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {quoted(app)}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {quoted(owner)} IN SCHEMA public "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {quoted(app)}",
    ]


def setup_statements(database: str, owner: str = OWNER_ROLE, app: str = APP_ROLE) -> list[str]:
    """Everything, in order, for a superuser connected to ``database``."""
    return [
        *role_statements(owner, app),
        *database_statements(database, owner),
        *grant_statements(owner, app),
    ]


def setup_script(database: str, owner: str = OWNER_ROLE, app: str = APP_ROLE) -> str:
    """``setup_statements`` as a psql script, with the steps left to the administrator."""
    header = (
        f"-- cotmoc database roles: run as a superuser connected to database {database}\n"
        f"-- (psql -v ON_ERROR_STOP=1 -d {database} -f this-file).\n"
        f"-- Then give both roles a password of your own (psql: \\password {owner} and\n"
        f"-- \\password {app}), run the migrations as {owner}\n"
        f"-- (COTMOC_OWNER_DATABASE_URL) and the API as {app} (DATABASE_URL).\n"
    )
    return header + "".join(
        f"{statement};\n" for statement in setup_statements(database, owner, app)
    )


def run(conn: psycopg.Connection[Any], statements: list[str]) -> None:
    """Run ``statements`` (built from checked names only) on ``conn``."""
    for statement in statements:
        conn.execute(statement)  # type: ignore[arg-type]  # built from checked names only


def current_role(url: str) -> str:
    """The role the connection string ``url`` logs in as."""
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT current_user").fetchone()
    assert row is not None
    return str(row[0])


def grant_to_app(owner_url: str, app_url: str) -> str | None:
    """Grant the role of ``app_url`` what the application needs, as the role of
    ``owner_url``. Returns the application role, or None when both URLs are the same role
    (a single-role install, which this cannot make safe)."""
    app = current_role(app_url)
    with psycopg.connect(owner_url) as conn:
        row = conn.execute("SELECT current_user").fetchone()
        assert row is not None
        owner = str(row[0])
        if owner == app:
            return None
        run(conn, grant_statements(owner, app))
    return app

"""Least privilege in the database: the API's role cannot bypass the append-only audit trail
or change the schema; the owner runs the migrations; `cotmoc db roles` sets up a database
that was migrated as a superuser."""

from __future__ import annotations

from pathlib import Path

import httpx
import psycopg
import pytest
from conftest import app_url, database_name, owner_url
from db_support import one_row
from typer.testing import CliRunner

from api.cli import app
from gis import db, roles
from gis.cluster import EmbeddedCluster, find_pg_bin
from gis.settings import get_settings

# Each would let the API rewrite history or the schema; all must fail as its role.
BYPASSES = (
    "UPDATE audit_log SET actor = 'someone else'",
    "DELETE FROM audit_log",
    "TRUNCATE audit_log",
    "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update",
    "ALTER TABLE audit_log DISABLE TRIGGER ALL",
    "DROP TRIGGER audit_log_no_update ON audit_log",
    "SET session_replication_role = replica",
    "SET ROLE cotmoc_owner",
    "SET ROLE postgres",
    "ALTER ROLE cotmoc_app SUPERUSER",  # (a GRANT would only warn "no privileges were granted")
    "CREATE TABLE smuggled (id integer)",
    "CREATE SCHEMA smuggled",
    "DROP TABLE markers",
    "ALTER TABLE markers ADD COLUMN smuggled text",
    "CREATE OR REPLACE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql "
    "AS $$ BEGIN RETURN NEW; END $$",
)


def audit_count(url: str) -> int:
    with db.connect(url) as conn:
        return int(one_row(conn.execute("SELECT count(*) AS n FROM audit_log"))["n"])


def test_the_api_role_cannot_bypass_the_audit_trail_or_run_ddl(fresh_db: str) -> None:
    with db.connect(fresh_db) as conn:
        conn.execute(
            "INSERT INTO audit_log (actor, via, action, entity, entity_id) "
            "VALUES ('test', 'cli', 'create', 'markers', '585')"
        )
    before = audit_count(fresh_db)
    refused: dict[str, str] = {}
    for statement in BYPASSES:
        with psycopg.connect(app_url(fresh_db)) as conn:
            try:
                conn.execute(statement)  # type: ignore[arg-type]  # fixed test statements
            except psycopg.errors.InsufficientPrivilege as err:
                refused[statement] = str(err)
    assert set(refused) == set(BYPASSES)
    assert audit_count(fresh_db) == before
    with psycopg.connect(app_url(fresh_db)) as conn:
        # What the application does need still works.
        conn.execute(
            "INSERT INTO audit_log (actor, via, action, entity, entity_id) "
            "VALUES ('app', 'api', 'create', 'markers', '585')"
        )
        assert one_row(conn.execute("SELECT count(*) FROM audit_log"))[0] == before + 1
        conn.execute("UPDATE markers SET status = status WHERE code = '585'")
        role = conn.execute(
            "SELECT current_user, rolsuper, rolcreaterole, rolcreatedb, rolreplication, "
            "rolbypassrls, current_setting('jit'), current_setting('plan_cache_mode') "
            "FROM pg_roles WHERE rolname = current_user"
        ).fetchone()
        privileges = {
            p
            for p in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")
            if one_row(conn.execute("SELECT has_table_privilege('audit_log', %s)", (p,)))[0]
        }
    assert role == ("cotmoc_app", False, False, False, False, False, "off", "force_custom_plan")
    assert privileges == {"SELECT", "INSERT"}


def test_the_api_connects_as_the_application_role(
    field_server: tuple[str, dict[str, dict[str, str]]], fresh_db: str
) -> None:
    base, headers = field_server
    assert httpx.get(f"{base}/alerts", headers=headers["admin"]).status_code == 200
    name = database_name(fresh_db)
    with db.connect(fresh_db) as conn:
        users = {
            r["usename"]
            for r in conn.execute(
                "SELECT usename FROM pg_stat_activity WHERE datname = %s "
                "AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
                (name,),
            )
        }
    assert users == {"cotmoc_app"}


def test_tables_of_later_migrations_get_the_application_privileges(fresh_db: str) -> None:
    with psycopg.connect(owner_url(fresh_db)) as conn:
        conn.execute(
            "CREATE TABLE later_table (id integer GENERATED ALWAYS AS IDENTITY, note text)"
        )
    with psycopg.connect(app_url(fresh_db)) as conn:
        conn.execute("INSERT INTO later_table (note) VALUES ('a'), ('b')")
        conn.execute("UPDATE later_table SET note = 'c' WHERE id = 1")
        conn.execute("DELETE FROM later_table WHERE id = 2")
        assert conn.execute("SELECT note FROM later_table").fetchall() == [("c",)]
    with (
        psycopg.connect(app_url(fresh_db)) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("TRUNCATE later_table")


def ownership(url: str) -> dict[str, set[str]]:
    """Owner → the schema's tables, views and routines, leaving out PostGIS's own."""
    with db.connect(url) as conn:
        rows = conn.execute("""
            SELECT pg_get_userbyid(c.relowner) AS owner, c.relname AS name FROM pg_class c
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'v', 'S')
              AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid
                              AND d.deptype = 'e')
            UNION ALL
            SELECT pg_get_userbyid(p.proowner), p.proname FROM pg_proc p
            WHERE p.pronamespace = 'public'::regnamespace
              AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = p.oid
                              AND d.deptype = 'e')""").fetchall()
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row["owner"], set()).add(row["name"])
    return found


def assert_least_privilege(url: str) -> None:
    """The owner owns everything and can migrate; the app can write rows, not the trail."""
    assert set(ownership(url)) == {roles.OWNER_ROLE}
    db.downgrade(owner_url(url), "0008")
    db.upgrade(owner_url(url))
    roles.grant_to_app(owner_url(url), app_url(url))
    with psycopg.connect(app_url(url)) as conn:
        conn.execute("UPDATE users SET last_login_at = now() WHERE false")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM audit_log")


def test_db_roles_apply_hands_a_database_migrated_as_superuser_to_the_roles(
    empty_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db.upgrade(empty_db)  # as a DATABASE_URL install did before roles: all owned by postgres
    assert set(ownership(empty_db)) == {"postgres"}
    monkeypatch.setenv("DATABASE_URL", empty_db)
    get_settings.cache_clear()
    runner = CliRunner()
    for wrong in (["--owner", "same", "--app", "same"], ["--app", 'x"; DROP TABLE markers']):
        refused = runner.invoke(app, ["db", "roles", *wrong])
        assert refused.exit_code == 2, refused.output  # a clear refusal, not a traceback
    applied = runner.invoke(app, ["db", "roles", "--apply"])
    assert applied.exit_code == 0, applied.output
    assert_least_privilege(empty_db)


def test_db_roles_prints_a_script_that_sets_a_database_up(
    cluster: EmbeddedCluster, empty_db: str
) -> None:
    name = database_name(empty_db)
    printed = CliRunner().invoke(app, ["db", "roles", "--database", name])
    assert printed.exit_code == 0
    script = printed.stdout
    for line in (
        'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "cotmoc_app";',
        f'ALTER DATABASE "{name}" OWNER TO "cotmoc_owner";',
        "CREATE EXTENSION IF NOT EXISTS postgis;",
        'ALTER DEFAULT PRIVILEGES FOR ROLE "cotmoc_owner" IN SCHEMA public GRANT '
        'SELECT, INSERT, UPDATE, DELETE ON TABLES TO "cotmoc_app";',
    ):
        assert line in script.splitlines(), line
    # As the README says: psql -f, as a superuser (the file where that user can read it).
    path = cluster.home / f"roles-{name}.sql"
    path.write_text(script)
    path.chmod(0o644)
    cluster._run(
        [
            str(find_pg_bin() / "psql"),
            "-h",
            str(cluster.socket_dir),
            "-p",
            str(cluster.port),
            "-U",
            "postgres",
            "-d",
            name,
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-f",
            str(path),
        ]
    )
    db.upgrade(owner_url(empty_db))  # the owner migrates an empty database
    roles.grant_to_app(owner_url(empty_db), app_url(empty_db))
    assert_least_privilege(empty_db)


def test_an_embedded_install_made_as_the_superuser_is_handed_to_the_owner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("COTMOC_HOME", str(home))
    get_settings.cache_clear()
    cluster = EmbeddedCluster(home)
    cluster.start()
    try:
        # How `make run` migrated before this change.
        db.upgrade(cluster.url(), "0008")
        assert set(ownership(cluster.url())) == {"postgres"}
        seeded = CliRunner().invoke(app, ["db", "seed"])
        assert seeded.exit_code == 0, seeded.output
        assert_least_privilege(cluster.url())
    finally:
        cluster.stop()
        get_settings.cache_clear()

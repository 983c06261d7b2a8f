"""The set-up path of `make run`: the embedded cluster, migrations and default data via the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from db_support import one_row
from typer.testing import CliRunner

from api.cli import app
from gis import db
from gis.cluster import EmbeddedCluster
from gis.settings import Settings, get_settings


@pytest.fixture
def embedded_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("COTMOC_HOME", str(tmp_path / "home"))
    get_settings.cache_clear()
    yield tmp_path / "home"
    get_settings.cache_clear()


def test_seed_twice_on_the_embedded_cluster_reuses_it_and_duplicates_nothing(
    embedded_home: Path,
) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["db", "seed"])
    assert first.exit_code == 0, first.output
    assert "new rows" in first.output and "(already loaded)" not in first.output
    cluster = EmbeddedCluster(embedded_home)
    assert cluster.is_initialised() and not cluster.is_running()  # stopped after the command

    second = runner.invoke(app, ["db", "seed"])
    assert second.exit_code == 0, second.output
    assert "0 new rows (already loaded)" in second.output

    cluster.start()
    try:
        with db.connect(cluster.url()) as conn:
            markers = one_row(conn.execute("SELECT count(*) AS n FROM markers"))["n"]
        assert markers == 66
        # Only a unix socket: the cluster opened no TCP port.
        assert cluster.psql("SHOW listen_addresses") == ""
    finally:
        cluster.stop()


def test_a_short_secret_key_is_refused_and_none_is_built_in() -> None:
    with pytest.raises(ValueError, match="COTMOC_SECRET_KEY"):
        Settings(secret_key="a-private-value")
    assert Settings(secret_key="x" * 40).secret_key is not None
    assert Settings().secret_key is None  # the key is made on first run (test_auth_keys.py)


def test_a_relative_home_is_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    cluster = EmbeddedCluster(Path("var"))
    assert cluster.home == tmp_path / "var"
    assert f"host={tmp_path / 'var' / 'run'}" in cluster.url()


def test_a_database_name_is_bound_and_quoted_never_spliced(cluster: EmbeddedCluster) -> None:
    """A name holding quotes and SQL stays one name: the lookup binds it as a value, CREATE
    and DROP quote it as an identifier. Spliced into the text as before, the name below would
    have ended the literal and turned the lookup into ``OR true``: the database would have
    seemed to exist and never been made."""
    name = "cotmoc_x' OR '1'='1\"; --"
    cluster.ensure_database(name)
    try:
        with db.connect(cluster.url("postgres")) as conn:
            found = conn.execute(
                "SELECT datname FROM pg_database WHERE datname = %s", (name,)
            ).fetchall()
        assert [row["datname"] for row in found] == [name]
    finally:
        cluster.drop_database(name)
    with db.connect(cluster.url("postgres")) as conn:
        assert (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None
        )

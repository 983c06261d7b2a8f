"""Copies of the embedded cluster: hot standbys made with ``pg_basebackup``.

A standby lives in its own home (data folder, socket, log) like the embedded cluster, runs
as the ``postgres`` user, and follows its primary by streaming replication
(``pg_basebackup -R`` writes ``primary_conninfo`` and ``standby.signal``). It answers reads
(hot standby) and refuses writes.
"""

from __future__ import annotations

from pathlib import Path

from gis.cluster import SERVICE_USER, ClusterError, EmbeddedCluster, find_pg_bin


class StandbyCluster(EmbeddedCluster):
    """An embedded cluster that replays its primary's WAL: its databases are the primary's."""

    def ensure_roles(self) -> None:
        """A standby cannot write: its roles come from the primary."""

    def prepare_database(self, name: str) -> None:
        """A standby cannot create databases or extensions: they come from the primary."""

    def is_standby(self) -> bool:
        """Whether the server is in recovery, i.e. a standby."""
        return self.psql("SELECT pg_is_in_recovery()") == "t"


def primary_conninfo(source: str) -> str:
    """The libpq connection to copy from: a COTMOC_HOME holding an embedded cluster (reached on
    its socket), or a connection string as given (``host=… user=…`` or ``postgresql://…``)."""
    home = Path(source)
    if (home / "pg" / "PG_VERSION").exists():
        primary = EmbeddedCluster(home)
        return f"host={primary.socket_dir} port={primary.port} user={SERVICE_USER}"
    if "=" in source or source.startswith(("postgresql://", "postgres://")):
        return source
    raise ClusterError(
        f"--from {source}: neither a COTMOC_HOME with a cluster nor a connection string"
    )


def make_standby(
    source: str, home: Path, port: int = 5432, slot: str | None = None, start: bool = True
) -> StandbyCluster:
    """Copy the primary named by ``source`` into ``home`` with pg_basebackup and start it as a
    hot standby. ``slot`` makes a physical replication slot so the primary keeps the WAL the
    standby has not received yet (drop it on the primary when the standby is retired)."""
    conninfo = primary_conninfo(source)
    standby = StandbyCluster(home, port=port)
    if standby.is_initialised():
        raise ClusterError(f"{standby.data_dir} already holds a cluster")
    standby._prepare_folders()
    args = [
        str(find_pg_bin() / "pg_basebackup"),
        "-d",
        conninfo,
        "-D",
        str(standby.data_dir),
        "-R",
        "-X",
        "stream",
        "-c",
        "fast",
    ]
    if slot:
        args += ["-C", "-S", slot]
    standby._run(args, timeout=600)
    if start:
        standby.start()
    return standby

"""The published-feature store: each Feature's text as an items page publishes it, written
when the feature changes rather than on every read (migration 0030).

A layer with a ``store`` keeps, per feature, its id, sort key, geometry, ``updated_at``, the
Feature text up to its closing brace (``query.feature_body`` in the default CRS with every
property) and its id as a URL path segment. Pages that ask for exactly that (no other CRS,
property selection, filter, sort, time or file format; see ``serves``) read the store and
join the stored text; every other request reads the live view.

The store is refreshed by ``refresh_published(collection, ids)``, which the change feed's
trigger calls for every statement that records changes: the same transaction, the same
features. Its body is generated here from the declarations and installed by ``install`` (run
after the migrations, by the schema's owner), together with a digest of what it writes; a
server uses a store only when that digest matches its own declarations (``ready``), so code
and store never disagree silently.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

import psycopg
from psycopg import sql

from gis import db
from gis.crs import DEFAULT_CRS
from layers.base import Layer
from layers.catalog import LAYERS
from layers.query import ROW, ItemsQuery, bin_of, column, feature_body

# pg_advisory_xact_lock(LOCK_CLASS, hashtext(collection/id)): one writer of a feature's stored
# text at a time, from its first change to its commit. The writer after it then rewrites the
# text from a snapshot that sees the first one's changes; without it, two transactions
# changing the same marker (two aliases) would each write a text missing the other's change,
# and the second one's insert would meet the first one's row. Locks are per feature (taken in
# id order) so that writers of different features never wait for each other.
LOCK_CLASS = 7130


def stored_layers() -> list[Layer]:
    """The layers that have a published-feature store."""
    return [layer for layer in LAYERS.values() if layer.store is not None]


def _columns(layer: Layer) -> list[str]:
    """The store's key columns, named as in the layer's view."""
    return [layer.id_column, layer.order_by, layer.geometry_column, "updated_at"]


def _lock_features(ids: sql.Composable) -> sql.Composed:
    """PERFORM, inside ``refresh_published``, the locks of its ``collection``'s ``ids``."""
    return sql.SQL(
        "PERFORM pg_advisory_xact_lock({}, hashtext(collection || '/' || id))"
        " FROM unnest({}) AS id ORDER BY id"
    ).format(sql.Literal(LOCK_CLASS), ids)


def _fill(layer: Layer, where: sql.Composable) -> sql.Composed:
    """INSERT the stored rows of the view's features that meet ``where``."""
    assert layer.store is not None
    keys = _columns(layer)
    return sql.SQL(
        "INSERT INTO {store} ({keys}, feature, segment)"
        " SELECT {values}, {body}, uri_segment({id}::text) FROM {view} {row} WHERE {where}"
    ).format(
        store=sql.Identifier(layer.store),
        keys=sql.SQL(", ").join(map(sql.Identifier, keys)),
        values=sql.SQL(", ").join(column(name) for name in keys),
        body=feature_body(layer),
        id=column(layer.id_column),
        view=sql.Identifier(layer.source),
        row=ROW,
        where=where,
    )


def _grow_bins(layer: Layer, where: sql.Composable) -> sql.Composed:
    """Widen the extents of the bins of the stored rows that meet ``where`` to hold them.

    An extent only grows here (a marker moved away leaves it larger, which costs a page a
    look into that bin, never a row): concurrent writers of one bin then cannot lose each
    other's points, as ON CONFLICT merges each into the bin's latest committed extent."""
    if layer.store is None or layer.store_bins is None:
        return sql.Composed([])
    return sql.SQL(
        " INSERT INTO {bins} (bin, extent) SELECT {bin}, ST_Extent({geom})::geometry"
        " FROM {store} {row} WHERE {where} AND {geom} IS NOT NULL GROUP BY 1"
        " ON CONFLICT (bin) DO UPDATE"
        " SET extent = ST_Envelope(ST_Collect({bins}.extent, excluded.extent));"
    ).format(
        bins=sql.Identifier(layer.store_bins),
        bin=bin_of(layer),
        geom=column(layer.geometry_column),
        store=sql.Identifier(layer.store),
        row=ROW,
        where=where,
    )


def _refresh_branch(layer: Layer) -> sql.Composed:
    """The part of ``refresh_published`` that rewrites ``layer``'s changed features."""
    assert layer.store is not None
    changed = sql.SQL("{}::text = ANY(ids)").format(column(layer.id_column))
    return sql.SQL(
        "IF collection = {name} THEN {lock};"
        " DELETE FROM {store} {row} WHERE {changed}; {fill};{bins} END IF;"
    ).format(
        name=sql.Literal(layer.id),
        lock=_lock_features(sql.SQL("ids")),
        store=sql.Identifier(layer.store),
        row=ROW,
        changed=changed,
        fill=_fill(layer, changed),
        bins=_grow_bins(layer, changed),
    )


def refresh_function(layers: Iterable[Layer]) -> sql.Composed:
    """``refresh_published(collection, ids)``: rewrite the stored text of those features."""
    # plpgsql runs each statement on a fresh snapshot (READ COMMITTED), so the rows written
    # after the lock see every change committed before it was granted.
    branches = sql.SQL(" ").join(_refresh_branch(layer) for layer in layers)
    return sql.SQL(
        "CREATE OR REPLACE FUNCTION refresh_published(collection text, ids text[])"
        " RETURNS void LANGUAGE plpgsql AS $body$ BEGIN {} END $body$"
    ).format(branches)


def digest(layer: Layer) -> str:
    """What ``layer``'s store holds, as a digest of the SQL that writes it."""
    text = _refresh_branch(layer).as_string(None)
    return hashlib.sha256(text.encode()).hexdigest()


# The database's schema revision (the heads, joined), which a store records when filled.
REVISION_SQL = "SELECT string_agg(version_num, ',' ORDER BY version_num) FROM alembic_version"

# The stores filled at the database's current schema revision, with their digests.
READY_SQL = f"""
SELECT collection, digest FROM published_definitions WHERE revision = ({REVISION_SQL})
"""  # noqa: S608  (no value from outside)


def _installed(rows: Iterable[dict[str, Any]]) -> dict[str, str]:
    return {row["collection"]: row["digest"] for row in rows}


def install(conn: psycopg.Connection[Any]) -> list[str]:
    """Install ``refresh_published`` for the current declarations and refill each store whose
    digest or revision changed (or that was never filled), in one transaction; the
    collections refilled. Run by the schema's owner after the migrations: a migration may have
    changed what a view shows, which the digest of the declarations cannot see."""
    layers = stored_layers()
    refilled = []
    with conn.transaction():
        conn.execute(refresh_function(layers))
        installed = _installed(conn.execute(READY_SQL).fetchall())
        for layer in layers:
            wanted = digest(layer)
            if installed.get(layer.id) == wanted:
                continue
            _refill(conn, layer, wanted)
            refilled.append(layer.id)
    return refilled


def _refill(conn: psycopg.Connection[Any], layer: Layer, wanted: str) -> None:
    """Write ``layer``'s whole store afresh and record its digest."""
    assert layer.store is not None
    # TRUNCATE waits for the writers of the store to commit and holds off the next ones until
    # this commits; the fill, on a snapshot taken after it, sees every change they made.
    tables = [layer.store] if layer.store_bins is None else [layer.store, layer.store_bins]
    conn.execute(sql.SQL("TRUNCATE {}").format(sql.SQL(", ").join(map(sql.Identifier, tables))))
    conn.execute(_fill(layer, sql.SQL("true")))
    if layer.store_bins is not None:
        conn.execute(_grow_bins(layer, sql.SQL("true")))  # exact: grown from nothing
    conn.execute(
        f"INSERT INTO published_definitions (collection, digest, revision)"
        f" SELECT %s, %s, ({REVISION_SQL})"
        " ON CONFLICT (collection) DO UPDATE"
        " SET digest = excluded.digest, revision = excluded.revision, installed_at = now()",
        (layer.id, wanted),
    )


def refill(conn: psycopg.Connection[Any]) -> None:
    """Write every store afresh (after a load that bypassed the triggers)."""
    with conn.transaction():
        for layer in stored_layers():
            _refill(conn, layer, digest(layer))


def upgrade(url: str, revision: str = "heads") -> None:
    """The migrations up to ``revision``, then the stores for the current declarations."""
    db.upgrade(url, revision)
    with db.connect(url) as conn:
        if _has_store_tables(conn):
            install(conn)


def _has_store_tables(conn: psycopg.Connection[Any]) -> bool:
    # A revision before 0030 (a downgrade, a test of an old schema) has no store to install.
    found = conn.execute(
        "SELECT to_regclass('published_definitions') IS NOT NULL AS present"
    ).fetchone()
    return bool(found and found["present"])


def ready(rows: Iterable[dict[str, Any]]) -> frozenset[str]:
    """The collections whose store holds what the current declarations publish, from the
    rows of ``READY_SQL``."""
    installed = _installed(rows)
    return frozenset(
        layer.id for layer in stored_layers() if installed.get(layer.id) == digest(layer)
    )


def serves(query: ItemsQuery, plain: bool, stores: frozenset[str]) -> bool:
    """Whether the layer's store can answer ``query``: its store is ready, and the query asks
    for the stored text (default CRS, every property, GeoJSON, current rows) with no
    condition but a bbox (``plain``) and an order of stored columns."""
    layer = query.layer
    return (
        plain
        and layer.id in stores
        and query.source is None
        and query.properties is None
        and query.crs == DEFAULT_CRS
        and not query.for_files
        and not query.jsonfg
        and {name for name, _ in query.keys()} <= set(_columns(layer))
    )

"""SQL for the change feed: every change row once, in commit order, with the feature as it is
now (written by PostGIS) or ``null`` when it no longer exists.

Why nothing is skipped or repeated (migration 0009 stores the writer's transaction id):

- A reader takes its snapshot's ``xmin``, the oldest transaction still running. Every
  transaction below it has ended, so the rows below it are final: none can appear there
  later, and they are all visible to the same statement.
- Pages walk those rows in (xid, change id) order. The position after a page is the last row
  handed out, or, when the page was not full, (xmin, 0): everything below was handed out.
- The next page starts strictly after that position. Each row is therefore handed out once,
  and a row committed later lies above the position, so it is handed out when its turn comes.

A transaction that has written and stays open holds back the rows of transactions that
started writing after it (they wait, nothing is lost) until it ends; those that started
writing before it keep flowing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psycopg import sql

from layers import cursor
from layers.base import Layer
from layers.query import ROW, QueryError, column, feature_href, feature_text

CURSOR_KIND = "changes"


@dataclass(frozen=True, order=True)
class FeedPosition:
    """Every change row with (xid, id) up to this one has been handed out."""

    xid: int
    change_id: int

    def token(self) -> str:
        """The position as an opaque cursor for the next poll."""
        return cursor.encode(CURSOR_KIND, [self.xid, self.change_id])

    @classmethod
    def from_token(cls, token: str) -> FeedPosition:
        """The position a cursor holds; a 400 on ``cursor`` for one that is not a feed position."""
        values = cursor.decode(token, CURSOR_KIND)
        if len(values) != 2 or not all(type(v) is int and 0 <= v < 2**63 for v in values):
            raise QueryError(
                "cursor", "not a change feed position; copy it from 'latest' or a 'next' link"
            )
        return cls(values[0], values[1])


# The position from which a mirror starting at ``since`` sees every change made after it:
# the oldest transaction that wrote one, or the oldest still running (which may write one).
# Transactions from there on may also have made a few changes just before ``since``.
START = sql.SQL(
    "SELECT least((SELECT min(xid) FROM feature_changes WHERE changed_at > %(since)s),"
    " pg_snapshot_xmin(pg_current_snapshot()))::text AS xid"
)

# The newest position a reader may hand out; it moves whenever a change becomes final.
HEAD = sql.SQL(
    "SELECT coalesce((SELECT xid::text || ':' || id FROM feature_changes"
    " WHERE xid < pg_snapshot_xmin(pg_current_snapshot())"
    " ORDER BY xid DESC, id DESC LIMIT 1), '') AS head"
)


def _feature_of(layer: Layer) -> sql.Composed:
    """The ``feature`` and ``links`` members of a change of ``layer`` as JSON text, or NULL
    when the feature no longer exists: one lookup on the source's key (``id_type``).
    ``concat`` writes its arguments once into one text, where a chain of ``||`` would copy the
    wide feature (a patrol's 13 kB track) again at each step."""
    return sql.SQL(
        "(SELECT concat(',\"feature\":', {feature},"
        ' \',"links":[{{"rel":"item","type":"application/geo+json","href":\','
        " to_json({href})::text, '}}]')"
        " FROM {source} {row} WHERE {id} = p.feature_id::{id_type} LIMIT 1)"
    ).format(
        feature=feature_text(layer),
        href=feature_href(
            sql.SQL("%(base)s || {}").format(sql.Literal(f"/collections/{layer.id}/items/")),
            sql.SQL("p.feature_id"),
        ),
        source=sql.Identifier(layer.source),
        row=ROW,
        id=column(layer.id_column),
        id_type=sql.SQL(layer.id_type),
    )


def _entry(layers: list[Layer]) -> sql.Composed:
    """One change of the page ``p`` as JSON text. Only the branch of its own collection is
    evaluated, so a feature id is cast only to its own layer's id type."""
    features = sql.SQL(" ").join(
        sql.SQL("WHEN {} THEN {}").format(sql.Literal(layer.id), _feature_of(layer))
        for layer in layers
    )
    feature = (
        sql.SQL("coalesce(CASE p.collection {} END, ',\"feature\":null')").format(features)
        if layers
        else sql.SQL("',\"feature\":null'")
    )
    return sql.SQL(
        "concat('{{\"changeId\":', p.id, ',\"collection\":', to_json(p.collection)::text,"
        " ',\"featureId\":', to_json(p.feature_id)::text,"
        " ',\"change\":', to_json(CASE p.operation WHEN 'create' THEN 'created'"
        " WHEN 'update' THEN 'updated' ELSE 'deleted' END)::text,"
        " ',\"changedAt\":', to_json(p.changed_at)::text, {feature}, '}}')"
    ).format(feature=feature)


# The page queries composed so far, by (collections, limit), oldest first. Composing one
# (every readable layer's Feature expression) and rendering it took ~11 ms of the server's
# time per page, while the database waited for it; the caller's roles give a few collection
# sets and mirrors keep one limit, so a few entries serve them all.
_COMPOSED: dict[tuple[tuple[str, ...], int], sql.SQL] = {}
COMPOSED_KEPT = 32  # any limit from 1 to 10 000 is accepted: keep a bounded number


def changes_query(layers: list[Layer], limit: int) -> sql.SQL:
    """``_changes_query``, rendered once per (collections, limit) and kept (``_COMPOSED``).
    Rendered without a connection: its literals are layer ids, names and numbers."""
    key = (tuple(layer.id for layer in layers), limit)
    query = _COMPOSED.get(key)
    if query is None:
        if len(_COMPOSED) >= COMPOSED_KEPT:
            _COMPOSED.pop(next(iter(_COMPOSED)), None)
        query = _COMPOSED[key] = sql.SQL(_changes_query(layers, limit).as_string())
    return query


def _changes_query(layers: list[Layer], limit: int) -> sql.Composed:
    """One row: ``changes`` (JSON objects joined by commas, in commit order), ``fetched`` (up
    to limit + 1 rows after the position bound as ``xid``/``change_id``), ``last`` (the
    position "xid:id" of the page's last change) and ``horizon`` (the snapshot's xmin).

    The rows are chosen first, on the (xid, id) index, and put in order while they are
    narrow; each row's feature is written after that (LIMIT lets the planner defer the
    expensive output column past the sort), by a key lookup in its own layer's source.
    ``string_agg`` reads that ordered subquery as it comes (one scan, no join, nothing to
    reorder it), so the wide texts are never sorted: an ``ORDER BY`` inside the aggregate
    sorted them (spilling the 130 MB of a page of patrols to disk), and ``ARRAY(…)`` built
    the whole page once more as an array before joining it.
    """
    return sql.SQL(
        "WITH horizon AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),"
        " page AS MATERIALIZED (SELECT id, xid, collection, feature_id, operation, changed_at"
        " FROM feature_changes"
        " WHERE (xid, id) > (%(xid)s::text::xid8, %(change_id)s::bigint)"
        " AND xid < (SELECT xmin FROM horizon) AND collection = ANY(%(collections)s)"
        " ORDER BY xid, id LIMIT {fetch})"
        " SELECT (SELECT coalesce(string_agg(e.entry, ','), '') FROM (SELECT {entry} AS entry"
        " FROM page p ORDER BY p.xid, p.id LIMIT {last}) e) AS changes,"
        " (SELECT count(*) FROM page) AS fetched,"
        " (SELECT l.xid::text || ':' || l.id FROM (SELECT xid, id FROM page"
        " ORDER BY xid, id LIMIT {last}) l ORDER BY l.xid DESC, l.id DESC LIMIT 1) AS last,"
        " (SELECT xmin::text FROM horizon) AS horizon"
    ).format(
        fetch=sql.Literal(limit + 1),
        last=sql.Literal(limit),
        entry=_entry(layers),
    )


def position_after(row: dict[str, Any], limit: int, start: FeedPosition) -> FeedPosition:
    """Where the next page starts, from a ``changes_query`` row read from ``start``."""
    if row["fetched"] > limit:  # more final rows are waiting after the last one shown
        xid, change_id = row["last"].split(":")
        return FeedPosition(int(xid), int(change_id))
    # Every final row after ``start`` was on the page: the next one lies at the horizon or
    # above. ``max`` keeps a position given by a server that was further ahead (a standby
    # replaying behind its primary must not send a mirror back).
    return max(start, FeedPosition(int(row["horizon"]), 0))

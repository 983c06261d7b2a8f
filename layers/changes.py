"""SQL for the change feed: the latest change of each feature since a moment, with the
feature as it is now (written by PostGIS) or a tombstone when it was deleted."""

from __future__ import annotations

from psycopg import sql

from layers.base import Layer
from layers.query import ROW, column, feature_href, feature_text

# One entry per feature: its last operation wins; "created" when it was born in the window.
# A change is stamped when it is made but seen when its transaction commits: a change made
# by a transaction still open would appear later with a time before the mirror's next
# ``since``, and be missed. So the window ends where the oldest open transaction began;
# everything before that is committed (or rolled back) and final.
_LATEST = sql.SQL("""
SELECT collection, feature_id, max(changed_at) AS changed_at,
       (array_agg(operation ORDER BY id DESC))[1] AS last_operation,
       bool_or(operation = 'create') AS created
FROM feature_changes
WHERE changed_at > %(since)s AND collection = ANY(%(collections)s)
  AND changed_at < coalesce(
      (SELECT min(xact_start) FROM pg_stat_activity
       WHERE backend_type = 'client backend' AND state <> 'idle'
         AND datname = current_database() AND pid <> pg_backend_pid()), 'infinity')
GROUP BY collection, feature_id
""")

# One change as JSON text: the feature as it is now, or null for a tombstone.
_ENTRY = sql.SQL(
    "'{\"collection\":' || to_json(e.collection)::text"
    " || ',\"featureId\":' || to_json(e.feature_id)::text"
    " || ',\"change\":' || to_json(CASE WHEN e.last_operation = 'delete' THEN 'deleted'"
    " WHEN e.created THEN 'created' ELSE 'updated' END)::text"
    " || ',\"changedAt\":' || to_json(e.changed_at)::text"
    " || ',\"feature\":' || e.feature"
    " || CASE WHEN e.feature = 'null' THEN '' ELSE ',\"links\":[{\"rel\":\"item\","
    "\"type\":\"application/geo+json\",\"href\":' || to_json(e.href)::text || '}]' END"
    " || '}'"
)


def _entries(layer: Layer) -> sql.Composed:
    """The window's entries of one layer, joined with the feature's current text."""
    return sql.SQL(
        "SELECT c.changed_at, c.collection, c.feature_id, c.last_operation, c.created,"
        " CASE WHEN c.last_operation = 'delete' OR {id} IS NULL THEN 'null'"
        " ELSE {feature} END AS feature, {href} AS href"
        " FROM latest c LEFT JOIN {source} {row} ON {id}::text = c.feature_id"
        " WHERE c.collection = {collection}"
    ).format(id=column(layer.id_column), feature=feature_text(layer),
             href=feature_href(sql.SQL("%(base)s || {}").format(
                 sql.Literal(f"/collections/{layer.id}/items/")), sql.SQL("c.feature_id")),
             source=sql.Identifier(layer.source), row=ROW, collection=sql.Literal(layer.id))


def changes_query(layers: list[Layer], limit: int, offset: int) -> sql.Composed:
    """One row: ``changes`` (JSON objects joined by commas, oldest first), ``fetched`` (up to
    limit + 1) and ``latest`` (the newest change time on the page, the next ``since``).

    Bound values: ``since``, ``collections`` and ``base`` (the service's base URL, for each
    change's link to its feature)."""
    return sql.SQL(
        "WITH latest AS ({latest})"
        " SELECT coalesce(string_agg(page.entry, ',' ORDER BY page.n)"
        " FILTER (WHERE page.n <= {last}), '') AS changes,"
        " count(*) AS fetched, max(page.changed_at) FILTER (WHERE page.n <= {last}) AS latest"
        " FROM (SELECT {entry} AS entry, e.changed_at,"
        " row_number() OVER (ORDER BY e.changed_at, e.collection, e.feature_id) AS n"
        " FROM ({entries}) e ORDER BY e.changed_at, e.collection, e.feature_id"
        " LIMIT {limit} OFFSET {offset}) page"
    ).format(
        latest=_LATEST,
        entry=_ENTRY,
        last=sql.Literal(offset + limit),
        entries=sql.SQL(" UNION ALL ").join(_entries(layer) for layer in layers),
        limit=sql.Literal(limit + 1),
        offset=sql.Literal(offset),
    )

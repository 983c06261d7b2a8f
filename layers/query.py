"""SQL that makes PostGIS write a layer's GeoJSON; Python only passes the text on.

Identifiers come from the layer declarations and are always quoted; values are parameters.
"""

from __future__ import annotations

from psycopg import sql

from layers.base import Layer

COORDINATE_DECIMALS = 7


def feature_text(layer: Layer, alias: str = "t") -> sql.Composed:
    """An expression giving one RFC 7946 Feature as text for a row of ``layer.source``."""
    table = sql.Identifier(alias)
    pairs = sql.SQL(", ").join(
        sql.SQL("{}, {}.{}").format(sql.Literal(p.name), table, sql.Identifier(p.name))
        for p in layer.properties
    )
    return sql.SQL(
        "'{{\"type\":\"Feature\",\"id\":' || to_json({t}.{id})::text"
        " || ',\"geometry\":' || coalesce(ST_AsGeoJSON({t}.{geom}, {decimals}), 'null')"
        " || ',\"properties\":' || json_build_object({pairs})::text || '}}'"
    ).format(
        t=table,
        id=sql.Identifier(layer.id_column),
        geom=sql.Identifier(layer.geometry_column),
        decimals=sql.Literal(COORDINATE_DECIMALS),
        pairs=pairs,
    )


def items_query(layer: Layer, limit: int, offset: int = 0) -> sql.Composed:
    """Rows of (feature_text) for one page, in the layer's order."""
    return sql.SQL(
        "SELECT {feature} AS feature FROM {source} t ORDER BY t.{order}, t.{id} "
        "LIMIT {limit} OFFSET {offset}"
    ).format(
        feature=feature_text(layer),
        source=sql.Identifier(layer.source),
        order=sql.Identifier(layer.order_by),
        id=sql.Identifier(layer.id_column),
        limit=sql.Literal(limit),
        offset=sql.Literal(offset),
    )


def collection_query(layer: Layer, limit: int, offset: int = 0) -> sql.Composed:
    """One row, one column: the whole FeatureCollection as text."""
    return sql.SQL(
        "SELECT '{{\"type\":\"FeatureCollection\",\"numberReturned\":' || count(*) "
        "|| ',\"features\":[' || coalesce(string_agg(page.feature, ','), '') || ']}}' "
        "FROM ({page}) page"
    ).format(page=items_query(layer, limit, offset))


def feature_query(layer: Layer) -> sql.Composed:
    """One Feature as text, for the id bound as the single parameter."""
    return sql.SQL("SELECT {feature} FROM {source} t WHERE t.{id}::text = %s").format(
        feature=feature_text(layer),
        source=sql.Identifier(layer.source),
        id=sql.Identifier(layer.id_column),
    )


def all_features_query(layer: Layer, where: sql.Composable | None = None) -> sql.Composed:
    """One row, one column: every feature of ``layer`` (optionally filtered by ``where``, a
    condition on the row alias ``t``) as one FeatureCollection text, in the layer's order.

    For maps, which draw a whole layer at once; the API pages with ``collection_query``.
    """
    condition = sql.SQL(" WHERE {}").format(where) if where is not None else sql.SQL("")
    return sql.SQL(
        "SELECT '{{\"type\":\"FeatureCollection\",\"features\":[' "
        "|| coalesce(string_agg({feature}, ',' ORDER BY t.{order}, t.{id}), '') || ']}}' "
        "FROM {source} t{condition}"
    ).format(
        feature=feature_text(layer),
        source=sql.Identifier(layer.source),
        order=sql.Identifier(layer.order_by),
        id=sql.Identifier(layer.id_column),
        condition=condition,
    )

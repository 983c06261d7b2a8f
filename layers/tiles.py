"""Mapbox Vector Tiles of a layer in WebMercatorQuad, written by PostGIS (``ST_AsMVT``).

The tile's envelope (with its buffer) is transformed to storage CRS to filter the bare,
indexed geometry column; only the rows found are projected to Web Mercator.
"""

from __future__ import annotations

from psycopg import sql

from layers.base import Layer, Property
from layers.query import ROW, column, utc_text

EXTENT = 4096  # tile coordinates per side, the MVT default
BUFFER = 64  # tile coordinates kept beyond each edge, so symbols at an edge are not cut
MAX_ZOOM = 22


def _tile_value(prop: Property) -> sql.Composable:
    """A property as MVT can carry it: numbers and booleans as they are, the rest as text
    (arrays as their JSON text, instants as RFC 3339)."""
    if prop.type == "array":
        return sql.SQL("to_json({})::text").format(column(prop.name))
    if prop.format == "date-time":  # RFC 3339 in UTC, as in the GeoJSON
        return utc_text(column(prop.name))
    cast = {"number": "double precision", "integer": "bigint", "boolean": "boolean"}.get(
        prop.type, "text"
    )
    return sql.SQL("{}::{}").format(column(prop.name), sql.SQL(cast))


def tile_query(layer: Layer, where: sql.Composable | None = None) -> sql.Composed:
    """One row, ``tile``: the MVT of ``layer`` for the tile bound as %(z)s, %(x)s, %(y)s
    (one MVT layer named after the collection), and ``features``, how many it holds; only
    the rows ``where`` (a condition on the row alias, named placeholders) chooses."""
    values = sql.SQL(", ").join(
        sql.SQL("{} AS {}").format(_tile_value(p), sql.Identifier(p.name)) for p in layer.properties
    )
    margin = sql.Literal(BUFFER / EXTENT)
    return sql.SQL(
        "SELECT coalesce(ST_AsMVT(mvt, {name}, {extent}, 'mvt_geom'), ''::bytea) AS tile,"
        " count(*) AS features FROM ("
        " SELECT ST_AsMVTGeom(ST_Transform({geom}, 3857), ST_TileEnvelope(%(z)s, %(x)s, %(y)s),"
        " {extent}, {buffer}, true) AS mvt_geom, {values}"
        " FROM {source} {row}"
        " WHERE {geom} && ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => {margin}),"
        " 4326){where}) mvt WHERE mvt.mvt_geom IS NOT NULL"
    ).format(
        name=sql.Literal(layer.id),
        extent=sql.Literal(EXTENT),
        buffer=sql.Literal(BUFFER),
        margin=margin,
        geom=column(layer.geometry_column),
        values=values,
        source=sql.Identifier(layer.source),
        row=ROW,
        where=sql.SQL(" AND ({})").format(where) if where is not None else sql.SQL(""),
    )

"""SQL that makes PostGIS write a layer's GeoJSON; Python only passes the text on.

Identifiers come from the layer declarations and are always quoted; every value a request
brings is a bound parameter (see ``Bindings``). Spatial filters compare the bare, indexed
geometry column with an envelope transformed into storage CRS, never the other way round.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from psycopg import sql
from psycopg.abc import AdaptContext

from gis.crs import DEFAULT_CRS, STORAGE_SRID, OutputCrs
from gis.exports import Column
from layers.base import Layer

ROW = sql.Identifier("t")  # the alias every query gives the layer's source


class QueryError(ValueError):
    """A request parameter that cannot become SQL: which one, and why."""

    def __init__(self, parameter: str, reason: str) -> None:
        super().__init__(f"{parameter}: {reason}")
        self.parameter = parameter
        self.reason = reason


class Bindings:
    """Collects the values of one query; each becomes a named placeholder, never SQL text."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def bind(self, value: Any) -> sql.Placeholder:
        """A named placeholder for ``value``, which is kept for execution."""
        name = f"p{len(self.values)}"
        self.values[name] = value
        return sql.Placeholder(name)


def column(name: str) -> sql.Composed:
    """A column of the current row, quoted."""
    return sql.SQL("{}.{}").format(ROW, sql.Identifier(name))


def geometry_in_storage(geometry: sql.Composable, crs: OutputCrs) -> sql.Composable:
    """A geometry given in ``crs`` (already carrying its SRID), moved to storage CRS."""
    if crs.lat_first:
        geometry = sql.SQL("ST_FlipCoordinates({})").format(geometry)
    if crs.srid != STORAGE_SRID:
        geometry = sql.SQL("ST_Transform({}, {})").format(geometry, sql.Literal(STORAGE_SRID))
    return geometry


def envelope(
    bbox: tuple[float, float, float, float], crs: OutputCrs, bindings: Bindings
) -> sql.Composable:
    """An envelope in storage CRS from four numbers in ``crs``'s axis order."""
    corners = sql.SQL(", ").join(bindings.bind(float(v)) for v in bbox)
    made = sql.SQL("ST_MakeEnvelope({}, {})").format(corners, sql.Literal(crs.srid))
    return geometry_in_storage(made, crs)


class BoxCondition(sql.Composed):
    """``ST_Intersects`` of the layer's geometry with an envelope (a ``bbox``), which keeps
    the envelope so that a layer with ``sites`` can read its page site by site."""

    def __init__(self, layer: Layer, box: sql.Composable) -> None:
        test = sql.SQL("ST_Intersects({}, {})").format(column(layer.geometry_column), box)
        super().__init__([test])
        self.envelope = box


def output_geometry(layer: Layer, crs: OutputCrs, for_files: bool = False) -> sql.Composable:
    """The row's geometry in ``crs``; ``for_files`` keeps x first (file formats always
    store easting/longitude first)."""
    geometry: sql.Composable = column(layer.geometry_column)
    if "Polygon" in layer.geometry_type:
        geometry = sql.SQL("ST_ForcePolygonCCW({})").format(geometry)  # RFC 7946 ring order
    if crs.srid != STORAGE_SRID:
        geometry = sql.SQL("ST_Transform({}, {})").format(geometry, sql.Literal(crs.srid))
    if crs.lat_first and not for_files:
        geometry = sql.SQL("ST_FlipCoordinates({})").format(geometry)
    return geometry


def geometry_text(layer: Layer, crs: OutputCrs, for_files: bool = False) -> sql.Composable:
    """GeoJSON text of the row's geometry in ``crs`` (see ``output_geometry``), copied from
    the layer's ``geojson_column`` where that holds the same text."""
    stored = layer.geojson_column
    same_axes = for_files or not crs.lat_first
    if stored and crs.srid == STORAGE_SRID and same_axes and crs.decimals == DEFAULT_CRS.decimals:
        return sql.SQL("coalesce({}, 'null')").format(column(stored))
    return sql.SQL("coalesce(ST_AsGeoJSON({}, {}), 'null')").format(
        output_geometry(layer, crs, for_files), sql.Literal(crs.decimals)
    )


def feature_href(items_url: sql.Composable, feature_id: sql.Composable) -> sql.Composed:
    """The URL of one feature: ``items_url`` (…/collections/{id}/items/) followed by the id
    percent-encoded as one path segment (uri_segment, migration 0011), so that "606/1" is
    …/items/606%2F1 and not two segments."""
    return sql.SQL("{}::text || uri_segment({}::text)").format(items_url, feature_id)


def time_text(layer: Layer) -> sql.Composable:
    """JSON-FG ``time`` of the row: the layer's temporal property as a ``date`` or a UTC
    ``timestamp``, an ``interval`` from it to ``temporal_end`` where a feature lasts (a
    patrol), or null."""
    prop = layer.find_property(layer.temporal) if layer.temporal else None
    if prop is None:
        return sql.SQL("'null'")
    if layer.versions is not None and prop.name == "valid_from":
        return _valid_time_text()
    if layer.temporal_end is not None:
        return sql.SQL(
            "json_build_object('interval', json_build_array({start}, {end}))::text"
        ).format(start=utc_text(column(prop.name)), end=_open_end(layer.temporal_end))
    if prop.format == "date":
        value = sql.SQL("json_build_object('date', {}::date::text)").format(column(prop.name))
    else:
        value = sql.SQL("json_build_object('timestamp', {})").format(utc_text(column(prop.name)))
    return sql.SQL("coalesce(({})::text, 'null')").format(value)


def utc_text(moment: sql.Composable) -> sql.Composable:
    """A timestamptz as RFC 3339 text in UTC (``2026-11-29T15:09:56Z``), null when null."""
    return sql.SQL("""to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')""").format(
        moment
    )


def _open_end(name: str) -> sql.Composable:
    # An interval's end not yet known (a patrol still out) is open: '..'.
    return sql.SQL("coalesce({}, '..')").format(utc_text(column(name)))


def _valid_time_text() -> sql.Composable:
    """A registry row's valid time as JSON-FG ``time``: the interval from ``valid_from`` on,
    open at its end; its start a date when the sources give only a day, month or year, a UTC
    timestamp when the registry saw the instant; null when no source gives a start."""
    start = sql.SQL(
        "CASE WHEN {precision} = 'instant' THEN to_char({utc}, {format}) ELSE {utc}::date::text END"
    ).format(
        precision=column("valid_from_precision"),
        utc=sql.SQL("({} AT TIME ZONE 'UTC')").format(column("valid_from")),
        format=sql.Literal('YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    )
    return sql.SQL(
        "CASE WHEN {valid_from} IS NULL THEN 'null' "
        "ELSE json_build_object('interval', json_build_array({start}, '..'))::text END"
    ).format(valid_from=column("valid_from"), start=start)


def jsonfg_members(layer: Layer, crs: OutputCrs) -> sql.Composable:
    """The JSON-FG members of a Feature: ``featureType``, ``time`` and ``place``, the
    geometry in ``crs`` in its own axis order (null in CRS84, where ``geometry`` says it)."""
    place = sql.SQL("'null'") if crs.is_storage else geometry_text(layer, crs)
    return sql.SQL(
        "',\"featureType\":' || to_json({type}::text)::text || ',\"time\":' || {time}"
        " || ',\"place\":' || {place} || "
    ).format(type=sql.Literal(layer.id), time=time_text(layer), place=place)


def feature_text(
    layer: Layer,
    crs: OutputCrs = DEFAULT_CRS,
    properties: tuple[str, ...] | None = None,
    for_files: bool = False,
    items_url: sql.Composable | None = None,
    jsonfg: bool = False,
) -> sql.Composed:
    """An expression giving one RFC 7946 Feature as text for the current row.

    ``for_files``: coordinates x first, and arrays as JSON text (the GeoPackage convention),
    so that GDAL writes them as one readable column. ``items_url`` (the collection's
    …/items/ URL, usually a bound value) adds the feature's own ``self`` link. ``jsonfg``:
    a JSON-FG Feature, whose ``geometry`` stays WGS84 and whose ``place`` is in ``crs``.
    """
    links: sql.Composable = sql.SQL("")
    if items_url is not None:
        links = self_link(feature_href(items_url, column(layer.id_column)))
    body = feature_body(layer, crs, properties, for_files, jsonfg)
    return sql.SQL("{}{} || '}}'").format(body, links)


def feature_body(
    layer: Layer,
    crs: OutputCrs = DEFAULT_CRS,
    properties: tuple[str, ...] | None = None,
    for_files: bool = False,
    jsonfg: bool = False,
) -> sql.Composed:
    """A Feature's text up to its closing brace, without links (see ``feature_text``): what
    the published-feature store keeps (layers/published.py)."""
    names = properties if properties is not None else tuple(p.name for p in layer.properties)
    pairs = sql.SQL(", ").join(
        sql.SQL("{}, {}").format(sql.Literal(name), _value(layer, name, for_files))
        for name in names
    )
    members: sql.Composable = sql.SQL("")
    geometry_crs = crs
    if jsonfg:
        members, geometry_crs = jsonfg_members(layer, crs), DEFAULT_CRS
    return sql.SQL(
        '\'{{"type":"Feature","id":\' || to_json({id})::text || {members}'
        " ',\"geometry\":' || {geometry}"
        " || ',\"properties\":' || json_build_object({pairs})::text"
    ).format(
        id=column(layer.id_column),
        members=members,
        geometry=geometry_text(layer, geometry_crs, for_files),
        pairs=pairs,
    )


def self_link(href: sql.Composable) -> sql.Composed:
    """The ``links`` member (with its leading comma) holding the feature's ``self`` link."""
    return sql.SQL(
        ' || \',"links":[{{"rel":"self","type":"application/geo+json",'
        "\"href\":' || to_json({href})::text || '}}]'"
    ).format(href=href)


def stored_feature(link_prefix: sql.Composable | None) -> sql.Composed:
    """The Feature text of a row of a published-feature store: its stored body, then, with
    ``link_prefix`` (``stored_link_prefix``), its ``self`` link made of that prefix and its
    stored path segment, then the closing brace. One ``concat``: the segment is
    percent-encoded, so it needs no JSON escaping, and the ten thousand Features of a page
    are not copied once per ``||``."""
    if link_prefix is None:
        return sql.SQL("concat({}, '}}')").format(column("feature"))
    return sql.SQL("concat({}, {}::text, {}, '\"}}]}}')").format(
        column("feature"), link_prefix, column("segment")
    )


def stored_link_prefix(items_url: str) -> str:
    """What ``self_link`` writes for a feature under ``items_url``, as JSON text, up to the
    feature's path segment (the href's closing quote follows it)."""
    href = json.dumps(items_url, ensure_ascii=False)[:-1]
    return ',"links":[{"rel":"self","type":"application/geo+json","href":' + href


def _value(layer: Layer, name: str, for_files: bool) -> sql.Composable:
    prop = layer.find_property(name)
    if for_files and prop is not None and prop.type == "array":
        return sql.SQL("to_json({})::text").format(column(name))
    return column(name)


@dataclass
class ItemsQuery:
    """One page of a layer's features: what to select, which rows, in which order."""

    layer: Layer
    limit: int
    offset: int = 0
    conditions: list[sql.Composable] = field(default_factory=list)
    sortby: list[tuple[str, bool]] = field(default_factory=list)  # (column, descending)
    properties: tuple[str, ...] | None = None
    crs: OutputCrs = DEFAULT_CRS
    for_files: bool = False
    bindings: Bindings = field(default_factory=Bindings)
    backward: bool = False  # the page before the cursor row rather than after it
    after_cursor: list[sql.Composable] = field(default_factory=list)  # see start_after
    items_url: str | None = None  # …/collections/{id}/items/: each feature gets its link
    jsonfg: bool = False  # JSON-FG Features (place in ``crs``, geometry in WGS84)
    source: sql.Composable | None = None  # the rows at a time (as_of_source), else the layer's
    stored: bool = False  # read the layer's published-feature store (layers/published.py)

    def rows_from(self) -> sql.Composable:
        """Where the rows come from: ``source`` when given, the layer's published-feature
        store when ``stored``, else the layer's table or view."""
        if self.source is not None:
            return self.source
        if self.stored and self.layer.store is not None:
            return sql.Identifier(self.layer.store)
        return sql.Identifier(self.layer.source)

    def feature(self) -> sql.Composed:
        """The Feature text of the current row, with its ``self`` link when ``items_url``."""
        link = self.bind_link()
        if self.stored:
            return stored_feature(link)
        return feature_text(
            self.layer, self.crs, self.properties, self.for_files, link, self.jsonfg
        )

    def bind_link(self) -> sql.Placeholder | None:
        """Bind what the features' ``self`` links are made of (the items URL, or for a store
        the text before each stored path segment); None without ``items_url``. The only
        value ``page_query`` binds itself, so that ``PageTexts.text`` can bind it alone."""
        if self.items_url is None:
            return None
        if self.stored:
            return self.bindings.bind(stored_link_prefix(self.items_url))
        return self.bindings.bind(self.items_url)

    def shape(self) -> tuple[Any, ...]:
        """Everything the text of ``page_query`` depends on, values excepted (those are bound
        and differ from request to request): two queries of the same shape have the same
        text. Conditions, cursor branches and source are taken by their ``repr``, which
        names every part of them (placeholders by name, literals by value)."""
        return (
            self.layer.id,
            id(self.layer),
            self.limit,
            self.offset,
            tuple(self.sortby),
            self.properties,
            self.crs,
            self.for_files,
            self.items_url is not None,
            self.jsonfg,
            self.stored,
            self.backward,
            repr(self.conditions),
            repr(self.after_cursor),
            repr(self.source),
            tuple(self.bindings.values),
        )

    def keys(self) -> list[tuple[str, bool]]:
        """The sort keys, the feature id last so that equal keys still page in one order."""
        keys = self.sortby or [(self.layer.order_by, False)]
        if self.layer.id_column not in {name for name, _ in keys}:
            keys = [*keys, (self.layer.id_column, False)]
        return keys

    def walk(self) -> list[tuple[str, bool]]:
        """The keys in the order rows are read: every direction flips when walking back."""
        return [(name, descending != self.backward) for name, descending in self.keys()]

    def order(self) -> sql.Composable:
        # NULL sorts as the greatest value both ways (PostgreSQL's default, spelt out), so
        # that walking back is exactly the reverse of walking forward.
        """The ORDER BY list in the order rows are read."""
        return sql.SQL(", ").join(
            sql.SQL("{} DESC NULLS FIRST" if desc else "{} ASC NULLS LAST").format(column(name))
            for name, desc in self.walk()
        )

    def key_text(self) -> sql.Composable:
        """The row's sort key values as a JSON array of their text (exact for every type:
        bound back as untyped text, PostgreSQL reads each as its column's type)."""
        return sql.SQL("to_json(ARRAY[{}])::text").format(
            sql.SQL(", ").join(sql.SQL("{}::text").format(column(name)) for name, _ in self.keys())
        )

    def start_after(self, values: list[str | None], backward: bool) -> None:
        """Page from the row whose ``key_text`` values these are: the rows after it, or
        (``backward``) the rows before it."""
        self.backward = backward
        self.after_cursor = keyset_branches(self.walk(), values, self.bindings)


def _where(conditions: list[sql.Composable]) -> sql.Composable:
    if not conditions:
        return sql.SQL("")
    return sql.SQL(" WHERE ") + sql.SQL(" AND ").join(sql.SQL("({})").format(c) for c in conditions)


def _beyond(
    keys: list[tuple[str, bool]], values: list[str | None], bindings: Bindings
) -> sql.Composable:
    """Rows strictly after ``values`` in the order of ``keys`` (NULL the greatest value)."""
    (name, desc), value = keys[0], values[0]
    key = column(name)
    if value is None:
        first = sql.SQL("{} IS NOT NULL").format(key) if desc else sql.SQL("false")
        tie = sql.SQL("{} IS NULL").format(key)
    else:
        bound = bindings.bind(value)
        first = (sql.SQL("{0} < {1}") if desc else sql.SQL("({0} > {1} OR {0} IS NULL)")).format(
            key, bound
        )
        tie = sql.SQL("{} = {}").format(key, bound)
    if len(keys) == 1:
        return first
    return sql.SQL("({} OR ({} AND {}))").format(
        first, tie, _beyond(keys[1:], values[1:], bindings)
    )


def keyset_branches(
    keys: list[tuple[str, bool]], values: list[str | None], bindings: Bindings
) -> list[sql.Composable]:
    """The rows after ``values`` as one or two disjoint conditions, each of which bounds the
    first key so that an index in that order is read from the cursor on, not from its start.

    Ascending from a value, the rows after it are the greater values and then every NULL: no
    single range holds both, so they are two conditions (page_query reads each and merges).
    """
    if len(values) != len(keys):
        raise QueryError("cursor", "it was made for another sort order")
    after = _beyond(keys, values, bindings)
    (name, desc), value = keys[0], values[0]
    key = column(name)
    if value is None:
        return [after] if desc else [sql.SQL("{} IS NULL AND {}").format(key, after)]
    bound = bindings.bind(value)
    if desc:
        return [sql.SQL("{} <= {} AND {}").format(key, bound, after)]
    return [sql.SQL("{} >= {} AND {}").format(key, bound, after), sql.SQL("{} IS NULL").format(key)]


def _modified(layer: Layer) -> sql.Composable:
    """When the row last changed, for Last-Modified (every layer so far has ``updated_at``)."""
    if layer.find_property("updated_at"):
        return column("updated_at")
    return sql.SQL("NULL::timestamptz")


def _offset(offset: int | None) -> sql.Composable:
    return sql.SQL("") if offset is None else sql.SQL(" OFFSET {}").format(sql.Literal(offset))


def bin_of(layer: Layer) -> sql.Composed:
    """The store bin of the current row: its ``order_by`` over ``store_bin``, floored."""
    return sql.SQL("floor({} / {})::integer").format(
        column(layer.order_by), sql.Literal(layer.store_bin)
    )


def _binned_rows(
    query: ItemsQuery, conditions: list[sql.Composable], offset: int | None
) -> sql.Composed | None:
    """The page's rows of a bbox page read from a store with bins (``Layer.store_bin``) in
    the layer's own order, or None for any other page.

    The bins whose extent meets the box are taken in order; in each, the order index is
    walked from the bin's start and the box tested row by row, for as many rows as the page
    needs; the bins' rows follow each other in the page's order (bins are consecutive ranges
    of it), so the walk stops once the page is full. Same rows, same order as filtering the
    whole store, without reading every row in the box: a box meets the line the markers lie
    along in a few chainage intervals.
    """
    layer = query.layer
    box = next((c for c in conditions if isinstance(c, BoxCondition)), None)
    default_order = [(layer.order_by, False), (layer.id_column, False)]
    if (
        not query.stored
        or layer.store is None
        or layer.store_bins is None
        or box is None
        or query.source is not None
        or query.keys() != default_order
    ):
        return None
    width = sql.Literal(layer.store_bin)
    order_key = column(layer.order_by)
    # Wrapped in IS TRUE, the box test is not an index condition: the planner walks the order
    # index within the bin instead of intersecting it with the whole box's spatial index.
    # Ordered by bin alone, the join hands over each bin's rows as its subquery orders them
    # (a nested loop), so the first rows are the page's and nothing is sorted; ``page_query``
    # then numbers them by the full order. (With the full order here, the planner, which
    # expects few rows in the box, sorts every bin's rows rather than stop at the page.)
    in_bin = [
        sql.SQL("{} >= b.bin * {}").format(order_key, width),
        sql.SQL("{} < (b.bin + 1) * {}").format(order_key, width),
        sql.SQL("({}) IS TRUE").format(box),
        *(c for c in conditions if c is not box),
    ]
    return sql.SQL(
        "SELECT {row}.* FROM (SELECT bin FROM {bins} WHERE extent && {envelope}"
        " ORDER BY bin {direction}) b CROSS JOIN LATERAL (SELECT * FROM {store} {row}{where}"
        " ORDER BY {order} LIMIT {enough}) {row} ORDER BY b.bin {direction} LIMIT {limit}{offset}"
    ).format(
        row=ROW,
        bins=sql.Identifier(layer.store_bins),
        envelope=box.envelope,
        store=sql.Identifier(layer.store),
        where=_where(in_bin),
        order=query.order(),
        enough=sql.Literal(query.limit + 1 + (offset or 0)),
        direction=sql.SQL("DESC" if query.backward else "ASC"),
        limit=sql.Literal(query.limit + 1),
        offset=_offset(offset),
    )


def _site_rows(
    query: ItemsQuery, conditions: list[sql.Composable], offset: int | None
) -> sql.Composed | None:
    """The page's rows of a bbox page on a layer with ``sites``, or None for any other page.

    The sites in the box are few; each one's rows at the site are read in the page's order
    and only as many as the page needs (an index on site and order serves this without
    touching the table), rows with a geometry of their own are found by its spatial index,
    and only the chosen rows are then read whole. Same rows, same order as filtering the
    layer's geometry (``coalesce(own, site)``), without sorting every row in the box.
    """
    sites = query.layer.sites
    box = next((c for c in conditions if isinstance(c, BoxCondition)), None)
    if sites is None or box is None or query.source is not None:
        return None
    others = [c for c in conditions if c is not box]
    own = column(sites.own_geometry)
    enough = sql.Literal(query.limit + 1 + (offset or 0))

    def keys_where(where: list[sql.Composable]) -> sql.Composed:
        text = "SELECT {keys} FROM {source} {row}{where} ORDER BY {order} LIMIT {n}"
        return sql.SQL(text).format(
            keys=sql.SQL(", ").join(column(name) for name, _ in query.keys()),
            source=sql.Identifier(query.layer.source),
            row=ROW,
            where=_where([*where, *others]),
            order=query.order(),
            n=enough,
        )

    at_site = keys_where(
        [
            sql.SQL("{} = s.{}").format(column(sites.column), sql.Identifier(sites.key)),
            sql.SQL("{} IS NULL").format(own),
        ]
    )
    own_place = keys_where(
        [
            sql.SQL("{} IS NOT NULL").format(own),
            sql.SQL("ST_Intersects({}, {})").format(own, box.envelope),
        ]
    )
    return sql.SQL(
        "SELECT {row}.* FROM (SELECT * FROM ((SELECT {row}.* FROM {sites} s"
        " CROSS JOIN LATERAL ({at_site}) {row} WHERE ST_Intersects(s.{site_geom}, {box}))"
        " UNION ALL ({own_place})) {row} ORDER BY {order} LIMIT {limit}{offset}) chosen"
        " JOIN {source} {row} ON {row}.{id} = chosen.{id} ORDER BY {order}"
    ).format(
        row=ROW,
        sites=sql.Identifier(sites.table),
        at_site=at_site,
        site_geom=sql.Identifier(sites.geometry_column),
        box=box.envelope,
        own_place=own_place,
        order=query.order(),
        limit=sql.Literal(query.limit + 1),
        offset=_offset(offset),
        source=sql.Identifier(query.layer.source),
        id=sql.Identifier(query.layer.id_column),
    )


def _box_in_order(
    query: ItemsQuery, conditions: list[sql.Composable], offset: int | None
) -> sql.Composed | None:
    """The page's rows of a bbox page on a layer with a ``bounds_column``, else None.

    The inner query keeps the rows whose stored bounds meet the envelope (read from the row,
    no geometry read from TOAST) in the page's order; the exact ``ST_Intersects`` then runs
    on them in that order and stops once the page is full. Same rows, same order.
    """
    box = next((c for c in conditions if isinstance(c, BoxCondition)), None)
    bounds = query.layer.bounds_column
    if bounds is None or box is None or query.source is not None:  # rows at a time: no bounds
        return None
    geom = column(query.layer.geometry_column)
    near = sql.SQL("{} && {}").format(column(bounds), box.envelope)
    others = [near, *(c for c in conditions if c is not box)]
    return sql.SQL(
        "SELECT * FROM (SELECT * FROM {source} {row}{where} ORDER BY {order} OFFSET 0) {row}"
        " WHERE ST_Intersects({geom}, {box}) ORDER BY {order} LIMIT {limit}{offset}"
    ).format(
        source=query.rows_from(),
        row=ROW,
        where=_where(others),
        order=query.order(),
        geom=geom,
        box=box.envelope,
        limit=sql.Literal(query.limit + 1),
        offset=_offset(offset),
    )


def _chosen_rows(query: ItemsQuery) -> sql.Composed:
    """The page's rows (limit + 1 of them): filter, order and limit only, no Feature text."""

    def select(conditions: list[sql.Composable], offset: int | None = None) -> sql.Composed:
        # A bbox page reads in order where the layer allows it (each returns None if not).
        for in_order in (_site_rows, _box_in_order, _binned_rows):
            rows = in_order(query, conditions, offset)
            if rows is not None:
                return rows
        return sql.SQL(
            "SELECT * FROM {source} {row}{where} ORDER BY {order} LIMIT {limit}{offset}"
        ).format(
            source=query.rows_from(),
            row=ROW,
            where=_where(conditions),
            order=query.order(),
            limit=sql.Literal(query.limit + 1),
            offset=_offset(offset),
        )

    if not query.after_cursor:
        return select(query.conditions, query.offset)
    parts = [select([*query.conditions, branch]) for branch in query.after_cursor]
    if len(parts) == 1:
        return parts[0]
    return sql.SQL("SELECT * FROM ({}) {} ORDER BY {} LIMIT {}").format(
        sql.SQL(" UNION ALL ").join(sql.SQL("({})").format(part) for part in parts),
        ROW,
        query.order(),
        sql.Literal(query.limit + 1),
    )


def page_query(query: ItemsQuery) -> sql.Composed:
    """One row: ``features`` (the page's Features joined by commas), ``fetched`` (rows read,
    up to limit + 1: one more than the page says a next page exists), ``last_modified``, and
    the sort keys (``key_text``) of the first row read (``first_key``) and of the
    limit-th (``limit_key``), from which the cursors of the next and previous pages are made.

    Reading limit + 1 rows replaces a COUNT over the table. The rows are chosen in a subquery
    that only filters, orders and limits; the Features are written afterwards, for the chosen
    rows only (not for rows the ``offset`` skips, nor for every row the filter matches).
    Walking back, rows are read in reverse order and the page is put back in forward order.
    """
    layer = query.layer
    # row_number() numbers the (at most limit + 1) chosen rows in the order they were read;
    # the extra row, if any, only says that a further page exists. The Features are joined
    # in the order the subquery hands them over, which its ORDER BY sets: nothing parallel or
    # reordering can stand between it and the aggregate. Walking forward it is the window's
    # own order, which needs no sort; an ORDER BY inside string_agg would sort the page's
    # whole text once more (PostgreSQL 15 does not see that its input is in that order).
    page_order = sql.SQL("n DESC") if query.backward else query.order()
    return sql.SQL(
        "SELECT coalesce(string_agg(page.feature, ',')"
        " FILTER (WHERE page.n <= {last}), '') AS features,"
        " count(*) AS fetched, max(page.modified) AS last_modified,"
        " max(page.key) FILTER (WHERE page.n = 1) AS first_key,"
        " max(page.key) FILTER (WHERE page.n = {last}) AS limit_key"
        " FROM (SELECT {feature} AS feature, {modified} AS modified, {key} AS key,"
        " row_number() OVER (ORDER BY {order}) AS n"
        " FROM ({rows}) {row} ORDER BY {page_order}) page"
    ).format(
        page_order=page_order,
        last=sql.Literal(query.limit),
        modified=_modified(layer),
        feature=query.feature(),
        key=query.key_text(),
        row=ROW,
        order=query.order(),
        rows=_chosen_rows(query),
    )


class PageTexts:
    """The text of ``page_query`` per query shape (``ItemsQuery.shape``), so that a page of a
    shape seen before is not composed again: composing and rendering it costs about a
    millisecond, a good part of a bbox page's time. Only the text is kept; every value stays
    a bound parameter of its own request. At most ``size`` shapes (the least recently used
    go first): a shape holds the limit and the offset, which clients may vary freely."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._texts: OrderedDict[tuple[Any, ...], tuple[Layer, bytes]] = OrderedDict()

    def text(self, query: ItemsQuery, context: AdaptContext) -> bytes:
        """The text of ``page_query(query)`` in ``context``'s encoding, with the value that
        ``page_query`` would bind bound in ``query.bindings``."""
        key = (*query.shape(), context.connection.info.encoding if context.connection else "")
        found = self._texts.get(key)
        if found is not None and found[0] is query.layer:
            self._texts.move_to_end(key)
            query.bind_link()
            return found[1]
        text = page_query(query).as_bytes(context)
        self._texts[key] = (query.layer, text)
        if len(self._texts) > self.size:
            self._texts.popitem(last=False)
        return text

    def __len__(self) -> int:
        return len(self._texts)


PAGE_TEXTS = PageTexts()


def file_columns(query: ItemsQuery) -> list[Column]:
    """The attributes a typed file (FlatGeobuf) of this query has, as the layer declares
    them."""
    layer = query.layer
    names = query.properties if query.properties is not None else [p.name for p in layer.properties]
    declared = [layer.find_property(name) for name in names]
    return [Column(p.name, p.type, p.format) for p in declared if p is not None]


def _typed_value(prop: Column) -> sql.Composable:
    """A column as the value its declared type says (arrays as JSON text, uuids as text)."""
    if prop.type == "array":
        return sql.SQL("to_json({})::text").format(column(prop.name))
    cast = {"date": "date", "date-time": "timestamptz"}.get(prop.format or "") or {
        "number": "double precision",
        "integer": "bigint",
        "boolean": "boolean",
    }.get(prop.type, "text")
    return sql.SQL("{}::{}").format(column(prop.name), sql.SQL(cast))


def file_rows_query(query: ItemsQuery) -> sql.Composed:
    """Rows of (WKB geometry, x first in the query's CRS, *typed values of
    ``file_columns``) in the page's order, for files written row batch by row batch."""
    values = [_typed_value(c) for c in file_columns(query)]
    return sql.SQL(
        "SELECT ST_AsBinary({geometry}), {values} FROM ({rows}) {row}"
        " ORDER BY {order} LIMIT {limit}"
    ).format(
        geometry=output_geometry(query.layer, query.crs, for_files=True),
        values=sql.SQL(", ").join(values),
        rows=_chosen_rows(query),
        row=ROW,
        order=query.order(),
        limit=sql.Literal(query.limit),
    )


def missing_geometry_query(query: ItemsQuery) -> sql.Composed:
    """One row: ``missing``, whether any feature the query selects has no geometry."""
    return sql.SQL(
        "SELECT EXISTS (SELECT FROM ({rows}) {row} WHERE {geom} IS NULL) AS missing"
    ).format(rows=_chosen_rows(query), row=ROW, geom=column(query.layer.geometry_column))


def feature_query(
    layer: Layer,
    crs: OutputCrs = DEFAULT_CRS,
    properties: tuple[str, ...] | None = None,
    jsonfg: bool = False,
) -> sql.Composed:
    """One Feature as text (``feature``) and ``last_modified``, for the id bound as ``%s``."""
    return sql.SQL(
        "SELECT {feature} AS feature, {modified} AS last_modified"
        " FROM {source} {row} WHERE {id}::text = %s"
    ).format(
        feature=feature_text(layer, crs, properties, jsonfg=jsonfg),
        modified=_modified(layer),
        source=sql.Identifier(layer.source),
        row=ROW,
        id=column(layer.id_column),
    )


def extent_query(layer: Layer) -> sql.Composed:
    """The layer's bounding box (CRS84) and, when it has one, its temporal interval."""
    temporal: sql.Composable = sql.SQL("NULL::timestamptz, NULL::timestamptz")
    if layer.temporal:
        temporal = sql.SQL("min({c})::timestamptz, max({c})::timestamptz").format(
            c=column(layer.temporal)
        )
    return sql.SQL(
        "SELECT {id} AS collection, ST_XMin(e) AS xmin, ST_YMin(e) AS ymin,"
        " ST_XMax(e) AS xmax, ST_YMax(e) AS ymax, t_start, t_end"
        " FROM (SELECT ST_Extent({geom})::geometry AS e, {temporal} FROM {source} {row})"
        " AS x (e, t_start, t_end)"
    ).format(
        id=sql.Literal(layer.id),
        geom=column(layer.geometry_column),
        temporal=temporal,
        source=sql.Identifier(layer.source),
        row=ROW,
    )


def all_features_query(
    layer: Layer,
    where: sql.Composable | None = None,
    source: sql.Composable | None = None,
    newest: tuple[int, int] | None = None,
) -> sql.Composed:
    """One row, one column: every feature of ``layer`` (optionally filtered by ``where``, a
    condition on the row alias ``t``) as one FeatureCollection text, in the layer's order.
    ``source`` replaces the layer's table or view (e.g. its rows at a time). ``newest``,
    (count, skip): only the last ``count`` features in that order after skipping the last
    ``skip`` (a page of a history, newest first).

    For maps, which draw a whole layer at once; the API pages with ``page_query``.
    """
    order = sql.SQL("t.{}, t.{}").format(
        sql.Identifier(layer.order_by), sql.Identifier(layer.id_column)
    )
    rows = sql.SQL("{source} t{condition}").format(
        source=source if source is not None else sql.Identifier(layer.source),
        condition=sql.SQL(" WHERE {}").format(where) if where is not None else sql.SQL(""),
    )
    if newest is not None:
        rows = sql.SQL(
            "(SELECT t.* FROM {rows} ORDER BY t.{order} DESC, t.{id} DESC LIMIT {count} "
            "OFFSET {skip}) t"
        ).format(
            rows=rows,
            order=sql.Identifier(layer.order_by),
            id=sql.Identifier(layer.id_column),
            count=sql.Literal(newest[0]),
            skip=sql.Literal(newest[1]),
        )
    return sql.SQL(
        'SELECT \'{{"type":"FeatureCollection","features":[\' '
        "|| coalesce(string_agg({feature}, ',' ORDER BY {order}), '') || ']}}' FROM {rows}"
    ).format(feature=feature_text(layer), order=order, rows=rows)

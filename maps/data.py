"""What each map reads from PostGIS: layer FeatureCollections written by PostGIS (through
``layers.query``) plus a few small JSON objects (dossiers, ages, history), each one query.

A *plan* names the queries of one map for one reader; ``fetch`` / ``fetch_async`` run it and
return ``MapData``, which the pure functions in ``maps.render`` turn into HTML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from psycopg import AsyncConnection, Connection, sql

from gis.settings import get_settings
from gis.vocabulary import CLOSED_MAINTENANCE_STATUSES
from layers import LAYERS, Layer
from layers.filters import InlineValues, parameters_condition
from layers.query import all_features_query
from maps import as_of

Query = tuple[sql.SQL | sql.Composed, tuple[Any, ...]]  # one row, one text column
Condition = tuple[sql.Composable, tuple[Any, ...]]  # a WHERE on the row alias ``t``
# OGC API query parameters choosing features (``datetime``, queryables such as marker_code):
# the way to choose rows of a growing layer, because its tiles are asked for with them.
Filters = dict[str, str]

# Beyond this many features of a growing layer (``Layer.grows``), a served map draws the layer
# from the collection's vector tiles rather than putting every feature and vertex in the page.
TILES_ABOVE = 2000
HISTORY_PAGE = 24  # inspections on one page of a marker's history: two years, monthly

# Colour bands of days since the last inspection; "overdue" itself comes from the inspection
# schedule (the view behind GET /inspections/due), so both always agree.
RECENT_DAYS = 30
STALE_DAYS = 90
PATROL_DAYS = 30

OVERVIEW_LAYERS = (
    "border_sections",
    "village_pairs",
    "villages",
    "marker_positions",
    "markers",
    "gates",
    "maintenance",
)


@dataclass(frozen=True)
class Plan:
    """The queries of one map for one reader, and the layers left out for that reader."""

    layers: dict[str, Query]
    extras: dict[str, Query | None] = field(default_factory=dict)  # None: not readable
    restricted: tuple[str, ...] = ()
    tiles: dict[str, TileChoice] = field(default_factory=dict)  # growing layers, by id


@dataclass(frozen=True)
class TileChoice:
    """A growing layer that a served page may draw from tiles: the query counting its chosen
    features (up to one more than ``TILES_ABOVE``) and the filters choosing them."""

    count: Query
    filters: Filters


@dataclass(frozen=True)
class MapData:
    """Everything a renderer needs, already fetched.

    ``layers`` maps layer ids to FeatureCollection text; ``extras`` maps names to JSON text
    (``None`` when the reader may not see it); ``restricted`` lists layer ids left out;
    ``tiled`` maps the layers to draw from vector tiles to the query string of their tiles.
    """

    layers: dict[str, str]
    extras: dict[str, str | None] = field(default_factory=dict)
    restricted: tuple[str, ...] = ()
    tiled: dict[str, str] = field(default_factory=dict)


def _condition(layer: Layer, chosen: Condition | Filters) -> Condition:
    """A layer's rows as SQL: a condition as given, or filters read as the tiles read them."""
    if isinstance(chosen, dict):
        condition = parameters_condition(layer, chosen, InlineValues())
        assert condition is not None, "called for non-empty filters only"
        return condition, ()
    return chosen


def _count_query(layer: Layer, conditions: list[Condition]) -> Query:
    """How many features the conditions choose, counted up to one beyond ``TILES_ABOVE``."""
    condition = sql.SQL(" AND ").join(sql.SQL("({})").format(c) for c, _ in conditions)
    return sql.SQL(
        "SELECT count(*) FROM (SELECT 1 FROM {source} t WHERE {condition} LIMIT %s) x"
    ).format(
        source=sql.Identifier(layer.source),
        condition=condition if conditions else sql.SQL("true"),
    ), (*(p for _, ps in conditions for p in ps), TILES_ABOVE + 1)


@dataclass
class _Chosen:
    """What ``_layers`` chose: each readable layer's query, the layers left out, and the
    growing layers a served page may draw from tiles."""

    queries: dict[str, Query] = field(default_factory=dict)
    restricted: list[str] = field(default_factory=list)
    tiles: dict[str, TileChoice] = field(default_factory=dict)


def _layers(
    ids: Iterable[str],
    readable: frozenset[str],
    where: dict[str, Condition | Filters] | None = None,
    at: date | None = None,
    tiles: bool = False,
    newest: dict[str, tuple[int, int]] | None = None,
) -> _Chosen:
    """Each readable layer's query (all of it, or the rows ``where`` chooses), as it held on
    ``at`` when that is given (maps.as_of); with ``tiles`` (served pages, today's state), the
    growing layers may be drawn from tiles, chosen by their ``Filters``; ``newest`` keeps
    one page of a layer's latest features (``all_features_query``)."""
    newest = newest or {}
    where = where or {}
    chosen = _Chosen()
    for layer_id in ids:
        if layer_id not in readable:
            chosen.restricted.append(layer_id)
            continue
        layer = LAYERS[layer_id]
        own = where.get(layer_id, {})
        conditions = [_condition(layer, own)] if own else []
        if tiles and layer.grows and at is None and isinstance(own, dict):
            chosen.tiles[layer_id] = TileChoice(_count_query(layer, conditions), own)
        source = as_of.source_at(layer, at) if at else None
        began = as_of.began_by(layer, at) if at else None
        if began:
            conditions.append(began)
        condition = (
            sql.SQL(" AND ").join(sql.SQL("({})").format(c) for c, _ in conditions)
            if conditions
            else None
        )
        params = (*(source[1] if source else ()), *(p for _, ps in conditions for p in ps))
        chosen.queries[layer_id] = (
            all_features_query(
                layer, condition, source[0] if source else None, newest.get(layer_id)
            ),
            params,
        )
    return chosen


def _marker_filter(code: str | None, column: str = "m.code") -> Condition:
    if code is None:
        return sql.SQL("true"), ()
    return sql.SQL("{} = %s").format(sql.SQL(column)), (code,)


def last_inspection_query(code: str | None = None) -> Query:
    """{marker code: {observed_at, condition}} for every inspected marker (or one), from the
    inspection schedule (migration 0006), which already knows each marker's last one."""
    condition, params = _marker_filter(code, "marker_code")
    return sql.SQL(
        "SELECT coalesce(json_object_agg(marker_code, json_build_object("
        "'observed_at', last_observed_at::date, 'condition', last_condition)), '{{}}')::text "
        "FROM inspection_schedule WHERE last_inspection_id IS NOT NULL AND {condition}"
    ).format(condition=condition), params


def open_damage_query(code: str | None = None) -> Query:
    """{marker code: [{cause, status, severity, observed_on}]}: records not yet closed."""
    condition, params = _marker_filter(code)
    return sql.SQL(
        "SELECT coalesce(json_object_agg(d.code, d.items), '{{}}')::text FROM ("
        "SELECT m.code, json_agg(json_build_object('cause', r.cause, 'status', r.status, "
        "'severity', r.severity, 'observed_on', r.observed_on) ORDER BY r.observed_on) AS items "
        "FROM maintenance_records r JOIN markers m ON m.id = r.marker_id "
        "WHERE r.status <> ALL(%s) AND {condition} GROUP BY m.code) d"
    ).format(condition=condition), (list(CLOSED_MAINTENANCE_STATUSES), *params)


def inspection_age_query() -> Query:
    """{marker code: {last_inspected, last_condition, days_since_inspection, overdue,
    age_class}} for every marker; ``age_class`` is recent, older, stale or never."""
    return sql.SQL(
        "SELECT coalesce(json_object_agg(marker_code, json_build_object("
        "'last_inspected', last_observed_at::date, 'last_condition', last_condition, "
        "'days_since_inspection', "
        "floor(extract(epoch FROM now() - last_observed_at) / 86400)::int, "
        "'overdue', overdue, "
        "'age_class', CASE WHEN last_observed_at IS NULL THEN 'never' "
        "WHEN last_observed_at >= now() - make_interval(days => %s) THEN 'recent' "
        "WHEN last_observed_at >= now() - make_interval(days => %s) THEN 'older' "
        "ELSE 'stale' END)), '{}')::text FROM inspection_schedule"
    ), (RECENT_DAYS, STALE_DAYS)


def maintenance_events_query(code: str) -> Query:
    """{record id: [events oldest first]} for the maintenance records of one marker."""
    return sql.SQL(
        "SELECT coalesce(json_object_agg(x.record_id, x.events), '{}')::text FROM ("
        "SELECT e.record_id, json_agg(json_build_object('happened_on', e.happened_on, "
        "'from_status', e.from_status, 'to_status', e.to_status, 'note', e.note, "
        "'document_ref', e.document_ref) ORDER BY e.happened_on, e.id) AS events "
        "FROM maintenance_events e JOIN maintenance_records r ON r.id = e.record_id "
        "JOIN markers m ON m.id = r.marker_id WHERE m.code = %s GROUP BY e.record_id) x"
    ), (code,)


def overview_plan(readable: frozenset[str], at: date | None = None) -> Plan:
    """What the overview map reads: sections, positions, markers, gates, village pairs and open
    damage, with the dossier extras the caller may see; as the registry held on ``at``."""
    open_only: Condition = (sql.SQL("t.status <> ALL(%s)"), (list(CLOSED_MAINTENANCE_STATUSES),))
    chosen = _layers(OVERVIEW_LAYERS, readable, {"maintenance": open_only}, at)
    return Plan(
        chosen.queries,
        {
            "last_inspection": last_inspection_query() if "inspections" in readable else None,
            "open_damage": open_damage_query() if "maintenance" in readable else None,
        },
        tuple(chosen.restricted),
    )


def rfc3339_utc(moment: datetime) -> str:
    """An instant as the ``datetime`` parameter writes it (RFC 3339, UTC)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def inspections_plan(readable: frozenset[str], at: date | None = None, tiles: bool = False) -> Plan:
    """What the inspections map reads: markers by inspection age and the patrols of the last 30
    days, when the caller may see them; the registry as it held on ``at``. With ``tiles``
    (served pages) the patrols come from vector tiles when there are many."""
    recent: Filters = {
        "datetime": f"{rfc3339_utc(datetime.now(UTC) - timedelta(days=PATROL_DAYS))}/.."
    }
    chosen = _layers(
        ("border_sections", "patrols", "markers"), readable, {"patrols": recent}, at, tiles
    )
    if "inspections" not in readable:
        chosen.restricted.append("inspections")
    return Plan(
        chosen.queries,
        {
            "ages": inspection_age_query() if "inspections" in readable else None,
        },
        tuple(chosen.restricted),
        chosen.tiles,
    )


def maintenance_plan(readable: frozenset[str], at: date | None = None) -> Plan:
    """What the maintenance map reads: sections, markers and the damage and repair records
    (those begun by ``at`` when given)."""
    chosen = _layers(("border_sections", "markers", "maintenance"), readable, at=at)
    return Plan(chosen.queries, {}, tuple(chosen.restricted))


def inspections_count_query(code: str) -> Query:
    """How many inspections the marker has had (the pages of its history)."""
    return sql.SQL(
        "SELECT count(*)::text FROM inspections i JOIN markers m ON m.id = i.marker_id "
        "WHERE m.code = %s"
    ), (code,)


def marker_plan(
    code: str, readable: frozenset[str], at: date | None = None, page: int | None = None
) -> Plan:
    """One marker, its inspections and maintenance records, and their history: every
    inspection, or with ``page`` (from 1) the ``HISTORY_PAGE`` inspections of that page,
    newest first (a marker is inspected every month, for decades)."""
    this_marker: Condition = (sql.SQL("t.marker_code = %s"), (code,))
    pages = {} if page is None else {"inspections": (HISTORY_PAGE, (page - 1) * HISTORY_PAGE)}
    chosen = _layers(
        ("border_sections", "inspections", "maintenance", "markers"),
        readable,
        {
            "markers": (sql.SQL("t.code = %s"), (code,)),
            "inspections": this_marker,
            "maintenance": this_marker,
        },
        at,
        newest=pages,
    )
    inspections = "inspections" in readable
    return Plan(
        chosen.queries,
        {
            "inspections_count": inspections_count_query(code) if inspections else None,
            "last_inspection": last_inspection_query(code) if inspections else None,
            "open_damage": open_damage_query(code) if "maintenance" in readable else None,
            "events": maintenance_events_query(code) if "maintenance" in readable else None,
            "seen": last_seen_query(code) if "patrols" in readable else None,
        },
        tuple(chosen.restricted),
    )


# Coverage for the map: shares rounded to a hundredth, times on the border's clock.
COVERAGE_FEATURES = """
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
    json_build_object('type', 'Feature', 'id', c.segment_id,
                      'geometry', ST_AsGeoJSON({geometry}, 7)::json,
                      'properties', json_build_object(
        'segment_id', c.segment_id, 'section', c.section, 'from_markers', c.from_markers,
        'to_markers', c.to_markers, 'covered_share', round(c.covered_share::numeric, 2),
        'joint_share', round(c.joint_share::numeric, 2),
        'vn_only_share', round(c.vn_only_share::numeric, 2),
        'last_patrolled_at', to_char(c.last_patrolled_at AT TIME ZONE 'Asia/Ho_Chi_Minh',
                                     'YYYY-MM-DD HH24:MI'),
        'last_joint_patrolled_at', to_char(c.last_joint_patrolled_at
                                           AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD HH24:MI'),
        'meets_policy', c.meets_policy, 'share_band', c.share_band))
    ORDER BY c.section, c.seq), '[]'::json))::text
FROM patrol_coverage(%s, %s) AS c WHERE NOT ST_IsEmpty({geometry})
"""


def coverage_plan(readable: frozenset[str], date_from: dt.date, date_to: dt.date) -> Plan:
    """Segments coloured by the share patrolled in the period, and their gaps."""
    chosen = _layers(("border_sections",), readable)
    layers, restricted = chosen.queries, tuple(chosen.restricted)
    if "patrol_coverage" in readable:
        for key, geometry in (("patrol_coverage", "c.geom"), ("patrol_coverage_gaps", "c.gaps")):
            layers[key] = (
                sql.SQL(COVERAGE_FEATURES).format(geometry=sql.SQL(geometry)),
                (date_from, date_to),
            )
    else:
        restricted = (*restricted, "patrol_coverage")
    return Plan(layers, {}, restricted)


def last_seen_query(code: str) -> Query:
    """{"last_seen_at": …}: when a patrol last passed the marker (migrations 0024, 0032)."""
    return sql.SQL(
        "SELECT json_build_object('last_seen_at', (SELECT to_char(seen.last_seen_at "
        "AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD HH24:MI') FROM markers m "
        "CROSS JOIN LATERAL marker_last_seen(m.id, %s) AS seen WHERE m.code = %s))::text"
    ), (get_settings().passed_marker_distance_m, code)


def marker_codes_query() -> sql.SQL:
    """Every marker code along the border, in chainage order."""
    return sql.SQL("SELECT code FROM markers ORDER BY chainage_m, code")


def _scalar(row: Any) -> Any:
    return next(iter(row.values())) if isinstance(row, dict) else row[0]


def fetch(conn: Connection[Any], plan: Plan) -> MapData:
    """Run a plan on a synchronous connection (command line, benchmarks)."""

    def one(query: Query) -> str:
        row = conn.execute(query[0], query[1]).fetchone()
        return str(_scalar(row))

    tiled = {
        name: urlencode(choice.filters)
        for name, choice in plan.tiles.items()
        if int(one(choice.count)) > TILES_ABOVE
    }
    return MapData(
        {name: one(q) for name, q in plan.layers.items() if name not in tiled},
        {name: None if q is None else one(q) for name, q in plan.extras.items()},
        plan.restricted,
        tiled,
    )


async def fetch_async(conn: AsyncConnection[Any], plan: Plan) -> MapData:
    """Run a plan on the API's asynchronous connection."""

    async def one(query: Query) -> str:
        cursor = await conn.execute(query[0], query[1])
        return str(_scalar(await cursor.fetchone()))

    tiled = {
        name: urlencode(choice.filters)
        for name, choice in plan.tiles.items()
        if int(await one(choice.count)) > TILES_ABOVE
    }
    layers = {name: await one(q) for name, q in plan.layers.items() if name not in tiled}
    extras = {name: None if q is None else await one(q) for name, q in plan.extras.items()}
    return MapData(layers, extras, plan.restricted, tiled)

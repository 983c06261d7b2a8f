"""CQL2 (text and JSON) filters to SQL: pygeofilter parses, this module translates its AST.

Every literal becomes a bound parameter; every property name is checked against the layer's
queryables, and its declared type decides which literals it may be compared with, so a
wrong filter is a clear 400 and never a database error. Geometry literals are read in
``filter-crs`` and transformed to storage CRS; the geometry column stays bare (indexed).

Supported: AND/OR/NOT; =, <>, <, <=, >, >=; LIKE, BETWEEN, IN, IS NULL; CASEI; the S_*
spatial functions and BBOX; A_EQUALS/A_CONTAINS/A_CONTAINEDBY/A_OVERLAPS; T_AFTER,
T_BEFORE, T_DURING, T_EQUALS, T_DISJOINT on instant properties. In CQL2 text,
pygeofilter 0.4 reads temporal functions infix only: ``updated_at T_AFTER TIMESTAMP('…')``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from psycopg import sql
from pygeofilter import ast, values
from pygeofilter.backends.evaluator import Evaluator, handle
from pygeofilter.parsers.cql2_json import parse as parse_cql2_json
from pygeofilter.parsers.cql2_text import parse as parse_cql2_text

from gis.crs import OutputCrs
from layers.base import Layer, Property
from layers.query import Bindings, QueryError, column, geometry_in_storage
from layers.queryables import GEOMETRY, queryable

FILTER_LANGUAGES = ("cql2-text", "cql2-json")


@dataclass(frozen=True)
class Column:
    """A queryable named in the filter; ``prop`` is None for the geometry."""

    sql: sql.Composable
    prop: Property | None


@dataclass(frozen=True)
class Literal:
    value: Any


@dataclass(frozen=True)
class Lowered:
    """CASEI(property): compared in lower case."""

    sql: sql.Composable


Operand = Column | Literal | Lowered

_COMPARISONS = {ast.Equal: "=", ast.NotEqual: "<>", ast.LessThan: "<", ast.LessEqual: "<=",
                ast.GreaterThan: ">", ast.GreaterEqual: ">="}
_SPATIAL = {ast.GeometryIntersects: "ST_Intersects", ast.GeometryDisjoint: "ST_Disjoint",
            ast.GeometryContains: "ST_Contains", ast.GeometryWithin: "ST_Within",
            ast.GeometryTouches: "ST_Touches", ast.GeometryCrosses: "ST_Crosses",
            ast.GeometryOverlaps: "ST_Overlaps", ast.GeometryEquals: "ST_Equals"}
_ARRAYS = {ast.ArrayEquals: "=", ast.ArrayContains: "@>", ast.ArrayContainedBy: "<@",
           ast.ArrayOverlaps: "&&"}


def parse_filter(text: str, language: str | None) -> ast.Node:
    """The AST of a CQL2 filter; a QueryError saying what is wrong when it does not parse."""
    language = language or "cql2-text"
    if language not in FILTER_LANGUAGES:
        raise QueryError("filter-lang", f"'{language[:30]}' is not one of "
                                        f"{', '.join(FILTER_LANGUAGES)}")
    try:
        if language == "cql2-json":
            return parse_cql2_json(_between_as_pygeofilter_reads_it(json.loads(text)))
        return parse_cql2_text(text)
    except Exception as error:  # lark and the JSON parser raise many kinds; all mean "bad"
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        raise QueryError("filter", f"not valid {language}: {type(error).__name__} "
                                   f"{first_line[:200]}") from None


def _between_as_pygeofilter_reads_it(node: Any) -> Any:
    """CQL2 JSON 1.0 writes ``between`` as [value, low, high]; pygeofilter 0.4 reads the
    draft form [value, [low, high]]. Rewrite the standard form, leave everything else."""
    if isinstance(node, list):
        return [_between_as_pygeofilter_reads_it(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _between_as_pygeofilter_reads_it(value) for key, value in node.items()}
    args = node.get("args")
    if node.get("op") == "between" and isinstance(args, list) and len(args) == 3:
        node["args"] = [args[0], args[1:]]
    return node


class _ToSql(Evaluator):
    """Translates one filter AST for one layer; ``evaluate`` returns an SQL condition."""

    def __init__(self, layer: Layer, crs: OutputCrs, bindings: Bindings) -> None:
        self.layer = layer
        self.crs = crs
        self.bindings = bindings

    # Leaves ---------------------------------------------------------------------------

    @handle(ast.Attribute)
    def attribute(self, node: ast.Attribute) -> Column:
        if node.name == GEOMETRY:
            return Column(column(self.layer.geometry_column), None)
        prop = queryable(self.layer, node.name, "filter")
        return Column(column(prop.name), prop)

    @handle(str, int, float, bool, date, datetime, list, values.Geometry, values.Envelope)
    def literal(self, node: Any) -> Literal:
        return Literal(node)

    @handle(values.Interval)
    def interval(self, node: values.Interval, *ends: Any) -> Literal:
        return Literal(node)  # its ends were visited as literals; the node keeps them

    @handle(ast.Function)
    def function(self, node: ast.Function, *args: Operand) -> Operand:
        if node.name == "lower" and len(args) == 1 and isinstance(args[0], Column):
            self._require_string(args[0])
            return Lowered(sql.SQL("lower({})").format(args[0].sql))
        if node.name == "lower" and len(args) == 1 and isinstance(args[0].value, str):  # type: ignore[union-attr]
            return Literal(args[0].value.lower())  # type: ignore[union-attr]
        if node.name == "bbox" and len(args) in (4, 6):
            return Literal(values.Envelope(*_bbox_numbers([a.value for a in args])))  # type: ignore[union-attr]
        raise QueryError("filter", f"function '{node.name}' is not supported")

    def adopt(self, node: Any, *sub_args: Any) -> Any:
        raise QueryError("filter", f"{type(node).__name__} is not supported in filters")

    # Logic ----------------------------------------------------------------------------

    @handle(ast.And, ast.Or)
    def combination(self, node: ast.Combination, lhs: sql.Composable,
                    rhs: sql.Composable) -> sql.Composable:
        joiner = " AND " if isinstance(node, ast.And) else " OR "
        return sql.SQL("({}" + joiner + "{})").format(lhs, rhs)

    @handle(ast.Not)
    def negation(self, node: ast.Not, sub: sql.Composable) -> sql.Composable:
        return sql.SQL("NOT ({})").format(sub)

    # Comparisons ----------------------------------------------------------------------

    @handle(*_COMPARISONS)
    def comparison(self, node: ast.Comparison, lhs: Operand, rhs: Operand) -> sql.Composable:
        return sql.SQL("{} {} {}").format(self._scalar(lhs, rhs), sql.SQL(_COMPARISONS[type(node)]),
                                         self._scalar(rhs, lhs))

    @handle(ast.Like)
    def like(self, node: ast.Like, lhs: Operand) -> sql.Composable:
        if not isinstance(node.pattern, str):
            raise QueryError("filter", "LIKE needs a string pattern")
        if isinstance(lhs, Column):
            self._require_string(lhs)
        elif not isinstance(lhs, Lowered):
            raise QueryError("filter", "LIKE needs a property on its left")
        operator = "ILIKE" if node.nocase else "LIKE"
        return sql.SQL("{} {}{} {}").format(lhs.sql, sql.SQL("NOT " if node.not_ else ""),
                                           sql.SQL(operator), self.bindings.bind(node.pattern))

    @handle(ast.Between)
    def between(self, node: ast.Between, lhs: Operand, low: Operand,
                high: Operand) -> sql.Composable:
        return sql.SQL("{} {}BETWEEN {} AND {}").format(
            self._scalar(lhs, low), sql.SQL("NOT " if node.not_ else ""),
            self._scalar(low, lhs), self._scalar(high, lhs))

    @handle(ast.In)
    def within_list(self, node: ast.In, lhs: Operand, *options: Operand) -> sql.Composable:
        if not options:
            raise QueryError("filter", "IN needs at least one value")
        choices = sql.SQL(", ").join(self._scalar(option, lhs) for option in options)
        return sql.SQL("{} {}IN ({})").format(self._scalar(lhs, options[0]),
                                             sql.SQL("NOT " if node.not_ else ""), choices)

    @handle(ast.IsNull)
    def is_null(self, node: ast.IsNull, lhs: Operand) -> sql.Composable:
        if not isinstance(lhs, Column):
            raise QueryError("filter", "IS NULL needs a property")
        return sql.SQL("{} IS {}NULL").format(lhs.sql, sql.SQL("NOT " if node.not_ else ""))

    # Spatial --------------------------------------------------------------------------

    @handle(*_SPATIAL)
    def spatial(self, node: ast.SpatialComparisonPredicate, lhs: Operand,
                rhs: Operand) -> sql.Composable:
        return sql.SQL("{}({}, {})").format(sql.SQL(_SPATIAL[type(node)]),
                                            self._geometry(lhs), self._geometry(rhs))

    @handle(ast.BBox)
    def bbox(self, node: ast.BBox, lhs: Operand) -> sql.Composable:
        box = values.Envelope(node.minx, node.miny, node.maxx, node.maxy)
        return sql.SQL("ST_Intersects({}, {})").format(self._geometry(lhs),
                                                       self._geometry(Literal(box)))

    # Arrays ---------------------------------------------------------------------------

    @handle(*_ARRAYS)
    def array(self, node: ast.ArrayPredicate, lhs: Operand, rhs: Operand) -> sql.Composable:
        return sql.SQL("{} {} {}").format(self._array(lhs), sql.SQL(_ARRAYS[type(node)]),
                                         self._array(rhs))

    # Time -----------------------------------------------------------------------------

    @handle(ast.TimeAfter, ast.TimeBefore, ast.TimeDuring, ast.TimeEquals, ast.TimeDisjoint)
    def temporal(self, node: ast.TemporalPredicate, lhs: Operand,
                 rhs: Operand) -> sql.Composable:
        """Temporal functions on an instant property ``p`` against an instant or interval."""
        if not (isinstance(lhs, Column) and lhs.prop
                and lhs.prop.format in ("date", "date-time")):
            raise QueryError("filter", "temporal functions need a date or date-time property "
                                       "as first argument")
        if not isinstance(rhs, Literal):
            raise QueryError("filter", "temporal functions need an instant or interval as "
                                       "second argument")
        start, end = _interval(rhs.value)
        if isinstance(node, ast.TimeAfter):
            return self._bounds(lhs, [(">", end)]) if end else sql.SQL("false")
        if isinstance(node, ast.TimeBefore):
            return self._bounds(lhs, [("<", start)]) if start else sql.SQL("false")
        if isinstance(node, ast.TimeDuring):  # strictly inside; '..' leaves an end open
            return self._bounds(lhs, [(">", start), ("<", end)])
        if isinstance(node, ast.TimeEquals):
            if start != end:
                raise QueryError("filter", "T_EQUALS on an instant property needs an instant")
            return self._bounds(lhs, [("=", start)])
        return sql.SQL("NOT ({})").format(self._bounds(lhs, [(">=", start), ("<=", end)]))

    def _bounds(self, col: Column, bounds: list[tuple[str, Any]]) -> sql.Composable:
        parts = [sql.SQL("{} {} {}").format(col.sql, sql.SQL(op), self.bindings.bind(value))
                 for op, value in bounds if value is not None]
        return sql.SQL(" AND ").join(parts) if parts else sql.SQL("true")

    # Helpers --------------------------------------------------------------------------

    def _scalar(self, operand: Operand, other: Operand) -> sql.Composable:
        """SQL for one side of a comparison, the literal checked against the other side."""
        if isinstance(operand, Column | Lowered):
            if isinstance(operand, Column) and (operand.prop is None
                                                or operand.prop.type == "array"):
                raise QueryError("filter", "geometries and arrays need S_* or A_* functions")
            return operand.sql
        value = operand.value
        if isinstance(value, values.Geometry | values.Envelope | values.Interval | list):
            raise QueryError("filter", f"a {type(value).__name__.lower()} cannot be compared "
                                       "with =, <, BETWEEN or IN")
        if isinstance(other, Column) and other.prop is not None:
            _check_type(other.prop, value)
        return self.bindings.bind(value)

    def _geometry(self, operand: Operand) -> sql.Composable:
        if isinstance(operand, Column) and operand.prop is None:
            return operand.sql
        if isinstance(operand, Literal) and isinstance(operand.value, values.Envelope):
            box = operand.value  # pygeofilter keeps the four numbers in the order given
            corners = sql.SQL(", ").join(self.bindings.bind(float(v))
                                        for v in (box.x1, box.x2, box.y1, box.y2))
            made = sql.SQL("ST_MakeEnvelope({}, {})").format(corners, sql.Literal(self.crs.srid))
            return geometry_in_storage(made, self.crs)
        if isinstance(operand, Literal) and isinstance(operand.value, values.Geometry):
            text = self.bindings.bind(json.dumps(operand.value.geometry))
            made = sql.SQL("ST_SetSRID(ST_GeomFromGeoJSON({}), {})").format(
                text, sql.Literal(self.crs.srid))
            return geometry_in_storage(made, self.crs)
        raise QueryError("filter", f"spatial functions compare the '{GEOMETRY}' queryable "
                                   "with a geometry literal")

    def _array(self, operand: Operand) -> sql.Composable:
        if isinstance(operand, Column) and operand.prop and operand.prop.type == "array":
            return operand.sql
        if isinstance(operand, Literal) and isinstance(operand.value, list) and all(
                isinstance(v, str) for v in operand.value):
            return sql.SQL("{}::text[]").format(self.bindings.bind(operand.value))
        raise QueryError("filter", "array functions compare an array property with a list of "
                                   "strings")

    def _require_string(self, col: Column) -> None:
        if col.prop is None or col.prop.type != "string":
            raise QueryError("filter", f"'{col.prop.name if col.prop else GEOMETRY}' is not a "
                                       "string property")


def _bbox_numbers(numbers: list[Any]) -> list[float]:
    if not all(isinstance(n, int | float) and not isinstance(n, bool) for n in numbers):
        raise QueryError("filter", "BBOX takes numbers")
    if len(numbers) == 6:
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    return [float(n) for n in numbers]


def _interval(value: Any) -> tuple[Any, Any]:
    if isinstance(value, values.Interval):
        return value.start, value.end
    if isinstance(value, date | datetime):
        return value, value
    raise QueryError("filter", "expected DATE(…), TIMESTAMP(…) or INTERVAL(…)")


def _check_type(prop: Property, value: Any) -> None:
    """Refuse a literal of the wrong kind for ``prop`` with a message a person can act on."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    fits = {
        "number": number,
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
    }.get(prop.type)
    if fits is None:  # strings, including dates, date-times and uuids
        fits = isinstance(value, str) or (prop.format in ("date", "date-time")
                                          and isinstance(value, date | datetime))
    if not fits:
        raise QueryError("filter", f"'{prop.name}' is a {prop.format or prop.type}; "
                                   f"{value!r} is not")


def filter_condition(layer: Layer, text: str, language: str | None, crs: OutputCrs,
                     bindings: Bindings) -> sql.Composable:
    """The SQL condition for a CQL2 ``filter`` on ``layer`` (geometry literals in ``crs``)."""
    tree = parse_filter(text, language)
    condition = _ToSql(layer, crs, bindings).evaluate(tree)
    if not isinstance(condition, sql.Composable):
        raise QueryError("filter", "a filter must be a condition (e.g. status = 'damaged')")
    return condition

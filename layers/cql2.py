"""CQL2 filters (text and JSON) to SQL.

The ``cql2`` package parses the filter as the standard writes it (the ``''`` escape, nested
NOT, prefix temporal functions, array functions…) and gives its CQL2 JSON; this module
translates that JSON. Every literal becomes a bound parameter; every property name is
checked against the layer's queryables, and its declared type decides what it may be
compared with, so a wrong filter is a clear 400 and never a database error. Geometry
literals are read in ``filter-crs`` and moved to storage CRS; the geometry column stays bare
(indexed). Text is compared in Unicode NFC (``layers.text``).

Supported (the classes ``/conformance`` claims): AND/OR/NOT; =, <>, <, <=, >, >=; LIKE,
BETWEEN, IN, IS NULL; CASEI; every S_* function with any geometry or BBOX; every T_*
function on instants (date and date-time properties, DATE, TIMESTAMP) and intervals
(INTERVAL, with '..' for an open end, ends that are properties); A_EQUALS, A_CONTAINS,
A_CONTAINEDBY, A_OVERLAPS; a property on either side of each. Not supported: ACCENTI,
arithmetic and custom functions.
"""

from __future__ import annotations

import json
import queue
import re
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import cql2
from psycopg import sql

from gis.crs import OutputCrs
from layers.base import Layer, Property
from layers.query import Bindings, QueryError, column, envelope, geometry_in_storage
from layers.queryables import GEOMETRY, queryable
from layers.text import nfc, nfc_array, nfc_text

FILTER_LANGUAGES = ("cql2-text", "cql2-json")
MAX_FILTER_CHARS = 20_000
MAX_DEPTH = 40  # nesting of conditions and functions; real filters stay far below

_COMPARISONS = {"=": "=", "<>": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
_SPATIAL = {
    f"s_{name}": f"ST_{name.capitalize()}"
    for name in (
        "intersects",
        "disjoint",
        "contains",
        "within",
        "touches",
        "crosses",
        "overlaps",
        "equals",
    )
}
_ARRAYS = {"a_equals": "=", "a_contains": "@>", "a_containedby": "<@", "a_overlaps": "&&"}
# Each temporal function on two intervals [ls, le] and [rs, re]; an instant t is [t, t].
_TEMPORAL = {
    "t_after": "{ls} > {re}",
    "t_before": "{le} < {rs}",
    "t_contains": "{ls} < {rs} AND {le} > {re}",
    "t_disjoint": "NOT ({ls} <= {re} AND {le} >= {rs})",
    "t_during": "{ls} > {rs} AND {le} < {re}",
    "t_equals": "{ls} = {rs} AND {le} = {re}",
    "t_finishedby": "{ls} < {rs} AND {le} = {re}",
    "t_finishes": "{ls} > {rs} AND {le} = {re}",
    "t_intersects": "{ls} <= {re} AND {le} >= {rs}",
    "t_meets": "{le} = {rs}",
    "t_metby": "{ls} = {re}",
    "t_overlappedby": "{ls} > {rs} AND {ls} < {re} AND {le} > {re}",
    "t_overlaps": "{ls} < {rs} AND {le} > {rs} AND {le} < {re}",
    "t_startedby": "{ls} = {rs} AND {le} > {re}",
    "t_starts": "{ls} = {rs} AND {le} < {re}",
}
_OPEN_START = sql.SQL("'-infinity'::timestamptz")
_OPEN_END = sql.SQL("'infinity'::timestamptz")
_UNSUPPORTED = {
    "accenti": "ACCENTI (accent-insensitive comparison) is not supported",
    **{op: "arithmetic is not supported" for op in ("+", "-", "*", "/", "%", "^", "div")},
}


@dataclass(frozen=True)
class Value:
    """One operand: its SQL, what kind of value it is, and the property it comes from (for
    messages and type checks) or the literal it holds (bound when it is used)."""

    kind: str  # string, number, boolean, instant, geometry, array
    sql: sql.Composable | None = None  # None for a literal not bound yet
    prop: Property | None = None
    literal: Any = None

    @property
    def name(self) -> str:
        """The name of the property the value comes from; ``geometry`` when it has none."""
        return self.prop.name if self.prop else GEOMETRY


def _kind(prop: Property) -> str:
    if prop.format in ("date", "date-time"):
        return "instant"
    return {"integer": "number"}.get(prop.type, prop.type)


# Parsing -----------------------------------------------------------------------------------


class _LargeStack:
    """Runs the cql2 package's native parser and validator on a thread of their own with a
    large stack. They recurse once per nesting level and per chained operator, and overflowing
    a native stack ends the whole process (no exception): on an 8 MiB stack a 10 000-character
    filter such as ``a = a = a …`` does that. 128 MiB (address space; only what is touched is
    used) holds four times what a filter of ``MAX_FILTER_CHARS`` needs."""

    STACK_BYTES = 128 * 1024 * 1024

    def __init__(self) -> None:
        self._calls: queue.SimpleQueue[tuple[Future[Any], Callable[..., Any], tuple[Any, ...]]]
        self._calls = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def run(self, function: Callable[..., Any], *args: Any) -> Any:
        with self._lock:
            if self._thread is None:
                previous = threading.stack_size(self.STACK_BYTES)
                try:  # the size applies to threads started meanwhile: this one
                    self._thread = threading.Thread(
                        target=self._serve, daemon=True, name="cql2-parser"
                    )
                    self._thread.start()
                finally:
                    threading.stack_size(previous)
        result: Future[Any] = Future()
        self._calls.put((result, function, args))
        return result.result()

    def _serve(self) -> None:
        while True:
            result, function, args = self._calls.get()
            try:
                result.set_result(function(*args))
            except Exception as error:  # noqa: BLE001 - handed to the caller
                result.set_exception(error)


_native = _LargeStack()


def _parse(text: str, language: str) -> tuple[Any, Any]:
    expression = cql2.parse_json(text) if language == "cql2-json" else cql2.parse_text(text)
    return expression, expression.to_json()


def _where(error: Exception) -> str:
    """A parser's message in one line: pest points at line:column and says what it expected."""
    text = str(error).strip()
    position = re.search(r"-->\s*(\d+):(\d+)", text)
    expected = re.search(r"=\s*(.+)$", text)
    if position and expected:
        return f"at line {position[1]}, column {position[2]}: {expected[1].strip()}"
    return " ".join(text.split())[:200]


def _depth(tree: Any) -> int:
    """How deeply the CQL2 JSON nests, counted without recursion."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        children = (
            node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        )
        stack.extend((child, depth + 1) for child in children)
    return deepest


def parse_filter(text: str, language: str | None) -> tuple[cql2.Expr, Any]:
    """The parsed filter and its CQL2 JSON (Python values); a QueryError saying what is
    wrong otherwise."""
    language = language or "cql2-text"
    if language not in FILTER_LANGUAGES:
        raise QueryError(
            "filter-lang", f"'{language[:30]}' is not one of {', '.join(FILTER_LANGUAGES)}"
        )
    if len(text) > MAX_FILTER_CHARS:
        raise QueryError("filter", f"longer than {MAX_FILTER_CHARS} characters")
    try:
        expression, tree = _native.run(_parse, text, language)
    except (cql2.ParseError, ValueError) as error:
        raise QueryError("filter", f"not valid {language} {_where(error)}") from None
    # Each level is an object and its list of arguments. The bound keeps the validator and
    # the translation (which recurse) far from any stack limit.
    if _depth(tree) > 2 * MAX_DEPTH:
        raise QueryError("filter", f"nested more than {MAX_DEPTH} levels deep")
    return expression, tree


# Translation -------------------------------------------------------------------------------


class _ToSql:
    """Translates one filter's CQL2 JSON for one layer."""

    def __init__(self, layer: Layer, crs: OutputCrs, bindings: Bindings) -> None:
        self.layer = layer
        self.crs = crs
        self.bindings = bindings
        self.conditions: dict[str, Callable[[str, list[Any]], sql.Composable]] = {
            "and": self.combination,
            "or": self.combination,
            "not": self.negation,
            **dict.fromkeys(_COMPARISONS, self.comparison),
            "like": self.like,
            "between": self.between,
            "in": self.within_list,
            "isnull": self.is_null,
            **dict.fromkeys(_SPATIAL, self.spatial),
            **dict.fromkeys(_TEMPORAL, self.temporal),
            **dict.fromkeys(_ARRAYS, self.array),
        }

    # Conditions -------------------------------------------------------------------------

    def condition(self, node: Any) -> sql.Composable:
        if isinstance(node, bool):
            return sql.SQL("TRUE" if node else "FALSE")
        if isinstance(node, dict) and "property" in node:
            value = self.value(node)
            if value.kind != "boolean":
                raise QueryError(
                    "filter",
                    f"'{value.name}' is not a condition; compare it, e.g. status = 'damaged'",
                )
            return self.sql(value)
        op, args = _operation(node)
        handler = self.conditions.get(op)
        if handler is None:
            reason = _UNSUPPORTED.get(op, f"function '{op}' is not supported")
            raise QueryError("filter", "CASEI(…) is not a condition" if op == "casei" else reason)
        return handler(op, args)

    def combination(self, op: str, args: list[Any]) -> sql.Composable:
        if len(args) < 2:
            raise QueryError("filter", f"{op.upper()} needs at least two conditions")
        joiner = sql.SQL(" AND " if op == "and" else " OR ")
        return sql.SQL("({})").format(joiner.join(self.condition(arg) for arg in args))

    def negation(self, op: str, args: list[Any]) -> sql.Composable:
        (sub,) = _arity(op, args, 1)
        return sql.SQL("NOT ({})").format(self.condition(sub))

    def comparison(self, op: str, args: list[Any]) -> sql.Composable:
        left, right = (self.value(arg) for arg in _arity(op, args, 2))
        self._comparable(left, right)
        return sql.SQL("{} {} {}").format(
            self.sql(left, right), sql.SQL(_COMPARISONS[op]), self.sql(right, left)
        )

    def like(self, op: str, args: list[Any]) -> sql.Composable:
        subject, pattern = (self.value(arg) for arg in _arity(op, args, 2))
        if pattern.kind != "string":
            raise QueryError("filter", "LIKE needs a string pattern")
        if subject.kind != "string":
            raise QueryError("filter", f"'{subject.name}' is not a string property")
        return sql.SQL("{} LIKE {}").format(self.sql(subject), self.sql(pattern))

    def between(self, op: str, args: list[Any]) -> sql.Composable:
        subject, low, high = (self.value(arg) for arg in _arity(op, args, 3))
        self._comparable(subject, low)
        self._comparable(subject, high)
        return sql.SQL("{} BETWEEN {} AND {}").format(
            self.sql(subject, low), self.sql(low, subject), self.sql(high, subject)
        )

    def within_list(self, op: str, args: list[Any]) -> sql.Composable:
        subject_node, options_node = _arity(op, args, 2)
        if not isinstance(options_node, list) or not options_node:
            raise QueryError("filter", "IN needs a list of at least one value")
        subject = self.value(subject_node)
        options = [self.value(option) for option in options_node]
        for option in options:
            self._comparable(subject, option)
        choices = sql.SQL(", ").join(self.sql(option, subject) for option in options)
        return sql.SQL("{} IN ({})").format(self.sql(subject, options[0]), choices)

    def is_null(self, op: str, args: list[Any]) -> sql.Composable:
        (subject,) = _arity(op, args, 1)
        value = self.value(subject)
        if value.sql is None:
            raise QueryError("filter", "IS NULL needs a property")
        return sql.SQL("{} IS NULL").format(value.sql)

    def spatial(self, op: str, args: list[Any]) -> sql.Composable:
        left, right = (self.value(arg) for arg in _arity(op, args, 2))
        if left.kind != "geometry" or right.kind != "geometry":
            raise QueryError(
                "filter",
                f"spatial functions compare the '{GEOMETRY}' queryable with a geometry literal",
            )
        return sql.SQL("{}({}, {})").format(sql.SQL(_SPATIAL[op]), self.sql(left), self.sql(right))

    def temporal(self, op: str, args: list[Any]) -> sql.Composable:
        left, right = (self.interval(arg) for arg in _arity(op, args, 2))
        return sql.SQL(_TEMPORAL[op]).format(ls=left[0], le=left[1], rs=right[0], re=right[1])

    def array(self, op: str, args: list[Any]) -> sql.Composable:
        left, right = (self.value(arg) for arg in _arity(op, args, 2))
        for side in (left, right):
            if side.kind != "array":
                raise QueryError(
                    "filter",
                    "array functions compare an array property with "
                    "a list of strings, e.g. A_CONTAINS(aliases, ('Q6'))",
                )
        return sql.SQL("{} {} {}").format(self.sql(left), sql.SQL(_ARRAYS[op]), self.sql(right))

    # Operands ---------------------------------------------------------------------------

    def value(self, node: Any) -> Value:
        """One operand: a property, a literal, CASEI(…), a geometry or an array."""
        if isinstance(node, dict) and "property" in node:
            return self.property(node["property"])
        if isinstance(node, bool):
            return Value("boolean", literal=node)
        if isinstance(node, int | float):
            return Value("number", literal=node)
        if isinstance(node, str):
            return Value("string", literal=nfc(node))
        if isinstance(node, list):
            if not all(isinstance(item, str) for item in node):
                raise QueryError("filter", "arrays hold strings here, e.g. ('Q6', 'Q8')")
            return Value("array", literal=nfc(node))
        if isinstance(node, dict) and ("date" in node or "timestamp" in node):
            return Value("instant", literal=_instant(node.get("date") or node.get("timestamp")))
        if isinstance(node, dict) and "bbox" in node:
            return self.bbox(node["bbox"])
        if isinstance(node, dict) and isinstance(node.get("type"), str):
            text = self.bindings.bind(json.dumps(node))
            made = sql.SQL("ST_SetSRID(ST_GeomFromGeoJSON({}), {})").format(
                text, sql.Literal(self.crs.srid)
            )
            return Value("geometry", geometry_in_storage(made, self.crs))
        if isinstance(node, dict) and "interval" in node:
            raise QueryError("filter", "an INTERVAL can only be an argument of a T_* function")
        if node is None:
            raise QueryError("filter", "NULL cannot be compared; use IS NULL")
        op, args = _operation(node)
        if op == "casei":
            (inner,) = _arity(op, args, 1)
            value = self.value(inner)
            if value.kind != "string":
                raise QueryError("filter", "CASEI takes a string property or a string")
            return Value("string", sql.SQL("lower({})").format(self.sql(value)), value.prop)
        if op in self.conditions:
            raise QueryError("filter", f"a condition ({op}) cannot be compared with a value")
        raise QueryError("filter", _UNSUPPORTED.get(op, f"function '{op}' is not supported"))

    def property(self, name: Any) -> Value:
        if not isinstance(name, str):
            raise QueryError("filter", "a property name must be a string")
        if name == GEOMETRY:
            return Value("geometry", column(self.layer.geometry_column))
        prop = queryable(self.layer, name, "filter")
        target: sql.Composable = column(prop.name)
        if _kind(prop) == "string":  # uuids too: compared as their text
            target = nfc_text(target)
        elif prop.type == "array":
            target = nfc_array(target)
        return Value(_kind(prop), target, prop)

    def bbox(self, numbers: Any) -> Value:
        if not (
            isinstance(numbers, list)
            and len(numbers) in (4, 6)
            and all(isinstance(n, int | float) and not isinstance(n, bool) for n in numbers)
        ):
            raise QueryError("filter", "BBOX takes 4 or 6 numbers")
        if len(numbers) == 6:  # minx, miny, minz, maxx, maxy, maxz: heights dropped
            numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
        minx, miny, maxx, maxy = (float(n) for n in numbers)
        return Value("geometry", envelope((minx, miny, maxx, maxy), self.crs, self.bindings))

    def interval(self, node: Any) -> tuple[sql.Composable, sql.Composable]:
        """A temporal operand as (start, end): an instant is both."""
        if isinstance(node, dict) and "interval" in node:
            ends = node["interval"]
            if not isinstance(ends, list) or len(ends) != 2:
                raise QueryError("filter", "INTERVAL takes a start and an end")
            start, end = (self._end(ends[0], _OPEN_START), self._end(ends[1], _OPEN_END))
            return start, end
        value = self.value(node)
        if value.kind != "instant":
            raise QueryError(
                "filter",
                "temporal functions need a date or date-time property, "
                "DATE(…), TIMESTAMP(…) or INTERVAL(…) as arguments",
            )
        moment = self.sql(value)
        return moment, moment

    def _end(self, node: Any, open_end: sql.Composable) -> sql.Composable:
        if node == "..":
            return open_end
        if isinstance(node, str):
            return self.bindings.bind(_instant(node))
        value = self.value(node)
        if value.kind != "instant":
            raise QueryError(
                "filter",
                "an INTERVAL's ends are dates, date-times, '..' or date or date-time properties",
            )
        return self.sql(value)

    # SQL and types ----------------------------------------------------------------------

    def sql(self, value: Value, other: Value | None = None) -> sql.Composable:
        """The operand's SQL; a literal is bound, as an integer next to an integer property."""
        if value.sql is not None:
            return value.sql
        literal = value.literal
        if (
            value.kind == "number"
            and other is not None
            and other.prop is not None
            and other.prop.type == "integer"
            and float(literal).is_integer()
        ):
            literal = int(literal)
        if value.kind == "array":
            return sql.SQL("{}::text[]").format(self.bindings.bind(literal))
        return self.bindings.bind(literal)

    def _comparable(self, left: Value, right: Value) -> None:
        for side in (left, right):
            if side.kind in ("geometry", "array"):
                raise QueryError("filter", "geometries and arrays need S_* or A_* functions")
        literal_date = {left.kind, right.kind} == {"instant", "string"} and (
            left.sql is None or right.sql is None
        )  # '2020-01-01' next to a date
        if left.kind == right.kind or literal_date:
            self._integral(left, right)
            self._integral(right, left)
            return
        prop_side, other = (left, right) if left.prop is not None else (right, left)
        shown = other.literal if other.sql is None else other.name
        if prop_side.prop is None:
            raise QueryError("filter", f"a {left.kind} cannot be compared with a {right.kind}")
        raise QueryError(
            "filter",
            f"'{prop_side.prop.name}' is a "
            f"{prop_side.prop.format or prop_side.prop.type}; "
            f"{shown!r} is not",
        )

    @staticmethod
    def _integral(prop_side: Value, other: Value) -> None:
        if (
            prop_side.prop is not None
            and prop_side.prop.type == "integer"
            and other.sql is None
            and not float(other.literal).is_integer()
        ):
            raise QueryError(
                "filter", f"'{prop_side.prop.name}' is an integer; {other.literal!r} is not"
            )


def _operation(node: Any) -> tuple[str, list[Any]]:
    if not (isinstance(node, dict) and isinstance(node.get("op"), str)):
        raise QueryError("filter", "expected a condition, e.g. status = 'damaged'")
    args = node.get("args", [])
    if not isinstance(args, list):
        raise QueryError("filter", f"'{node['op']}' needs a list of arguments")
    return node["op"].lower(), args


def _arity(op: str, args: list[Any], count: int) -> list[Any]:
    if len(args) != count:
        raise QueryError(
            "filter",
            f"{op.upper()} takes {count} argument{'s' if count > 1 else ''}, not {len(args)}",
        )
    return args


def _instant(text: Any) -> date | datetime:
    """DATE('2020-01-01') or TIMESTAMP('2020-01-01T00:00:00Z') as a Python value."""
    if not isinstance(text, str):
        raise QueryError("filter", "a date or timestamp is written as text")
    try:
        if "T" not in text.upper():
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
    except ValueError:
        raise QueryError("filter", f"'{text[:40]}' is not an RFC 3339 date or date-time") from None


def filter_condition(
    layer: Layer, text: str, language: str | None, crs: OutputCrs, bindings: Bindings
) -> sql.Composable:
    """The SQL condition for a CQL2 ``filter`` on ``layer`` (geometry literals in ``crs``)."""
    expression, tree = parse_filter(text, language)
    condition = _ToSql(layer, crs, bindings).condition(tree)
    try:  # what the translation let through must still be CQL2 as the standard defines it
        _native.run(expression.validate)
    except cql2.ValidationError as error:
        raise QueryError(
            "filter", f"not valid CQL2: {' '.join(str(error).split())[:200]}"
        ) from None
    return condition

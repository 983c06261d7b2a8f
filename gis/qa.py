"""Registry quality checks: what a commission clerk should look at before trusting the data.

Each check is one query returning findings of one kind; every finding names the feature, what
was measured and the limit it broke, and, where the registry itself records why (the record's
provenance note and citation), says so in ``explained_by``. On the default data the only
findings are the four legacy aliases the sources name without mapping them (000:553).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psycopg import AsyncConnection

# Tables whose every row must say where it came from.
SOURCED_TABLES = (
    "border_sections",
    "marker_positions",
    "markers",
    "marker_aliases",
    "gates",
    "gate_events",
    "villages",
    "village_pairs",
    "facts",
    "maintenance_records",
    "border_segments",
)


@dataclass(frozen=True)
class Limits:
    """How far a figure may stray before it is a finding."""

    # A spacing between consecutive positions more than this many times the section's
    # median, or less than the median divided by it.
    spacing_factor: float = 3.0
    # A marker's registry point farther than this from its section's line.
    off_line_m: float = 100.0


# Consecutive positions: the border segments between two positions (migration 0023).
SPACING = """
WITH between_positions AS (
    SELECT g.id, g.section_id, fp.number AS from_position, tp.number AS to_position,
           g.to_chainage_m - g.from_chainage_m AS spacing_m
    FROM border_segments g
    JOIN marker_positions fp ON fp.id = g.from_position_id
    JOIN marker_positions tp ON tp.id = g.to_position_id
), median AS (
    SELECT section_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY spacing_m) AS median_m
    FROM between_positions GROUP BY section_id
), gap AS (
    SELECT b.*, s.code AS section, median.median_m
    FROM between_positions b JOIN median USING (section_id)
    JOIN border_sections s ON s.id = b.section_id
)
SELECT 'spacing_outlier' AS rule, 'border_segments' AS collection, id AS feature_id,
       format('positions %%s and %%s are %%s m apart; the median spacing on %%s is %%s m',
              from_position, to_position, round(spacing_m::numeric), section,
              round(median_m::numeric)) AS message,
       spacing_m AS value, median_m AS reference, NULL::text AS explained_by
FROM gap
WHERE spacing_m > median_m * %(factor)s OR spacing_m < median_m / %(factor)s
"""

# Markers whose registry point lies far from their section's line.
OFF_LINE = """
SELECT 'marker_off_line', 'markers', m.code,
       format('marker %%s lies %%s m from the %%s line (limit %%s m)', m.code,
              round(d.m::numeric), s.code, %(off_line_m)s),
       d.m, %(off_line_m)s::float8, NULL::text
FROM markers m
JOIN marker_positions p ON p.id = m.position_id
JOIN border_sections s ON s.id = p.section_id,
-- OFFSET 0: the distance is measured once, not in the filter and again for each use above
LATERAL (SELECT ST_Distance(m.registry_geom::geography, s.geom::geography) AS m OFFSET 0) AS d
WHERE m.registry_geom IS NOT NULL AND d.m > %(off_line_m)s
"""

KIND_MISMATCH = """
SELECT 'kind_disagrees_with_markers', 'marker_positions', p.number,
       format('position %%s is %%s but holds %%s marker(s)', p.number, p.kind, count(m.id)),
       count(m.id)::float8,
       CASE p.kind WHEN 'single' THEN 1 WHEN 'double' THEN 2 ELSE 3 END::float8, NULL::text
FROM marker_positions p LEFT JOIN markers m ON m.position_id = p.id
GROUP BY p.id
HAVING count(m.id) <> CASE p.kind WHEN 'single' THEN 1 WHEN 'double' THEN 2 ELSE 3 END
"""

# Positions in chainage order must also come in order along the line.
CHAINAGE_ORDER = """
WITH along AS (
    SELECT p.number, s.code AS section, p.chainage_m,
           ST_LineLocatePoint(s.geom, p.geom) AS fraction,
           lag(p.number) OVER w AS before_number,
           lag(ST_LineLocatePoint(s.geom, p.geom)) OVER w AS before_fraction
    FROM marker_positions p JOIN border_sections s ON s.id = p.section_id
    WHERE p.geom IS NOT NULL
    WINDOW w AS (PARTITION BY p.section_id ORDER BY p.chainage_m, p.number)
)
SELECT 'chainage_not_increasing', 'marker_positions', number,
       format('position %%s has a greater chainage than %%s but lies before it along the %%s '
              'line', number, before_number, section),
       fraction, before_fraction, NULL::text
FROM along WHERE fraction < before_fraction - 1e-9
"""

# The sources name these without saying which marker they became: the record says so.
UNMAPPED_ALIASES = """
SELECT 'legacy_alias_unmapped', 'markers', a.alias,
       format('alias %%s is not mapped to a marker', a.alias), NULL::float8, NULL::float8,
       nullif(concat_ws(' · ', a.provenance_note, a.source_ref), '')
FROM marker_aliases a WHERE a.marker_id IS NULL
"""


def _no_source_sql() -> str:
    """One query per table of ``SOURCED_TABLES`` (constants); a row is named by its code,
    alias, number, key or id, whichever it has."""
    name = (
        "coalesce(to_jsonb(t) ->> 'code', to_jsonb(t) ->> 'alias', "
        "to_jsonb(t) ->> 'number', to_jsonb(t) ->> 'key', to_jsonb(t) ->> 'id')"
    )
    parts = [
        f"SELECT 'no_source', '{table}', {name}, "  # noqa: S608 (table names are constants)
        f"format('a %%s record has no source or no licence', '{table}'), NULL::float8, "
        f"NULL::float8, NULL::text FROM {table} AS t "
        "WHERE coalesce(trim(source), '') = '' OR coalesce(trim(licence), '') = ''"
        for table in SOURCED_TABLES
    ]
    return "\nUNION ALL\n".join(parts)


CHECKS = (SPACING, OFF_LINE, KIND_MISMATCH, CHAINAGE_ORDER, UNMAPPED_ALIASES, _no_source_sql())
QA_SQL = (
    "SELECT * FROM (\n"  # noqa: S608 (composed of the constant checks above)
    + "\nUNION ALL\n".join(f"({check})" for check in CHECKS)
    + "\n) AS finding ORDER BY rule, collection, feature_id"
)
CHECK_NAMES = (
    "spacing_outlier",
    "marker_off_line",
    "kind_disagrees_with_markers",
    "chainage_not_increasing",
    "legacy_alias_unmapped",
    "no_source",
)


async def findings(
    conn: AsyncConnection[Any], limits: Limits | None = None
) -> list[dict[str, Any]]:
    """Every finding of every check, ordered by check and feature."""
    limits = limits or Limits()
    cur = await conn.execute(
        QA_SQL, {"factor": limits.spacing_factor, "off_line_m": limits.off_line_m}
    )
    rows = await cur.fetchall()
    columns = [c.name for c in cur.description or ()]
    return [row if isinstance(row, dict) else dict(zip(columns, row, strict=True)) for row in rows]

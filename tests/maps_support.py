"""Shared by the map tests: field records and hostile text for a private database, credentials
for a field role, and the numbers the maps must show, counted straight from the tables."""

from __future__ import annotations

from typing import Any

from gis import db

HOSTILE_NOTE = "<script>alert(1)</script>"
HOSTILE_INSPECTION = "<script>alert(3)</script> {{7*7}}"
HOSTILE_GATE = "<img src=x onerror=alert(2)>{{7*7}}"
HOSTILE_DAMAGE = "<script>alert(4)</script>"


def sign_in_as_planner(url: str) -> dict[str, str]:
    """Request headers carrying the bearer token of a planner made in ``url``'s database."""
    from conftest import add_user_signed_in

    return add_user_signed_in(url, "maps-test-planner", "planner")


FIELD_RECORDS = """
UPDATE markers SET provenance_note = %(note)s WHERE code = '585';
UPDATE gates SET la_name = %(gate)s WHERE code = 'la-lay';
UPDATE gates SET vn_name = %(gate)s || ' Lao Bảo' WHERE code = 'lao-bao';
INSERT INTO patrols (id, started_at, ended_at, vn_unit, la_unit, joint, notes, track, created_by)
VALUES
  ('00000000-0000-4000-8000-000000000001', now() - interval '5 days',
   now() - interval '5 days' + interval '6 hours', 'Đồn Biên phòng Lao Bảo', 'Đồn Đensavan',
   true, %(note)s,
   ST_GeomFromText('MULTILINESTRING((106.60 16.60, 106.62 16.58, 106.63 16.55))', 4326), 'test'),
  ('00000000-0000-4000-8000-000000000002', now() - interval '60 days',
   now() - interval '60 days' + interval '4 hours', 'Đồn Biên phòng Lao Bảo', NULL, false,
   NULL, ST_GeomFromText('MULTILINESTRING((106.55 16.90, 106.56 16.85))', 4326), 'test');
INSERT INTO inspections (id, marker_id, observed_at, condition, notes, created_by)
SELECT v.id::uuid, m.id, now() - make_interval(days => v.days), v.condition, v.notes, 'test'
FROM (VALUES
  ('00000000-0000-4000-8000-000000000011', '585', 10, 'intact', %(inspection)s),
  ('00000000-0000-4000-8000-000000000012', '585', 400, 'cracked', NULL),
  ('00000000-0000-4000-8000-000000000013', '577', 60, 'vegetation_overgrown', NULL),
  ('00000000-0000-4000-8000-000000000014', '578', 200, 'tilted', NULL)
) AS v(id, code, days, condition, notes)
JOIN markers m ON m.code = v.code;
INSERT INTO maintenance_records (marker_id, cause, observed_on, status, description, source,
                                 licence, coord_status)
SELECT id, 'vandalism', current_date - 3, 'reported', %(damage)s, 'test', 'none', 'interpolated'
FROM markers WHERE code = '590';
"""


def add_field_records(url: str) -> None:
    """Patrols, inspections, a damage report and hostile text in a private copy."""
    with db.connect(url) as conn:
        for statement in FIELD_RECORDS.split(";\n"):
            if statement.strip():
                conn.execute(
                    statement,
                    {
                        "note": HOSTILE_NOTE,
                        "gate": HOSTILE_GATE,
                        "inspection": HOSTILE_INSPECTION,
                        "damage": HOSTILE_DAMAGE,
                    },
                )


COUNTS = {
    "markers": "SELECT count(*) FROM markers WHERE registry_geom IS NOT NULL",
    "markers_approximate": "SELECT count(*) FROM markers WHERE registry_geom IS NOT NULL "
    "AND coord_status IN ('interpolated', 'approximate')",
    "marker_positions": "SELECT count(*) FROM marker_positions WHERE geom IS NOT NULL",
    "border_sections": "SELECT count(*) FROM border_sections",
    "gates": "SELECT count(*) FROM gates WHERE geom IS NOT NULL",
    "maintenance": "SELECT count(*) FROM maintenance_features WHERE geom IS NOT NULL",
    "maintenance_open": "SELECT count(*) FROM maintenance_features WHERE geom IS NOT NULL "
    "AND status NOT IN ('repaired', 'verified', 'closed')",
    "maintenance_585": "SELECT count(*) FROM maintenance_features WHERE marker_code = '585'",
    "inspections_585": "SELECT count(*) FROM inspections i JOIN markers m ON m.id = i.marker_id "
    "WHERE m.code = '585'",
    # The default policy (no policies in this data): no inspection in the last month.
    "markers_overdue": "SELECT count(*) FROM markers m WHERE registry_geom IS NOT NULL AND NOT "
    "EXISTS (SELECT 1 FROM inspections i WHERE i.marker_id = m.id "
    "AND i.observed_at > now() - interval '1 month')",
    "patrols_30_days": "SELECT count(*) FROM patrols WHERE started_at >= now() - interval "
    "'30 days'",
    "gates_without_point": "SELECT count(*) FROM gates WHERE geom IS NULL",
}


def counts(url: str) -> dict[str, int]:
    with db.connect(url) as conn:
        return {name: int(_first(conn.execute(query).fetchone())) for name, query in COUNTS.items()}


def _first(row: Any) -> Any:
    return next(iter(row.values())) if isinstance(row, dict) else row[0]


def unlocated_gate_names(url: str) -> list[str]:
    with db.connect(url) as conn:
        rows = conn.execute("SELECT vn_name FROM gates WHERE geom IS NULL").fetchall()
        return [str(_first(row)) for row in rows]

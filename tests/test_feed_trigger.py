"""The change-feed trigger of migration 0026 records what the one it replaced recorded.

0026 reads the feature id from its column instead of from the row as JSON. The same writes
(a create, updates, a rename, a withdrawal, a withdrawn row changed again, a delete, on
tables whose id is ``id``, ``code``, ``number`` and ``alias``) are made once with the
trigger before 0026 (0022's) and once with 0026's, each in a transaction rolled back, and
the rows they leave in ``feature_changes`` are compared.
"""

from __future__ import annotations

import psycopg
from conftest import owner_url

from gis import db

PATROL = "00000000-0000-4000-8000-0000000feed0"
WRITES = [
    "INSERT INTO patrols (id, started_at, ended_at, vn_unit, track, created_by) VALUES "
    "(%(patrol)s, now() - interval '2 hours', now() - interval '1 hour', 'Đồn BP', "
    "ST_Multi(ST_SetSRID(ST_MakeLine(ST_MakePoint(106.6, 16.6), ST_MakePoint(106.61, 16.61)), "
    "4326)), 'test')",
    "UPDATE patrols SET notes = 'checked' WHERE id = %(patrol)s",
    "UPDATE patrols SET withdrawn_at = now(), withdrawn_by = 'test', "
    "withdrawal_reason = 'entered twice' WHERE id = %(patrol)s",
    "UPDATE patrols SET notes = 'after withdrawal' WHERE id = %(patrol)s",
    "UPDATE markers SET status = 'destroyed' WHERE code = '585'",
    "UPDATE marker_positions SET provenance_note = 'n' WHERE number = '576+865m'",
    "UPDATE marker_aliases SET provenance_note = 'n' WHERE alias = 'Q6'",
    "UPDATE gates SET code = 'thanh-renamed' WHERE code = 'thanh'",
    "UPDATE village_pairs SET provenance_note = 'n' WHERE code = 'ca-tang-densavan'",
    "DELETE FROM patrols WHERE id = %(patrol)s",
]


def fed(url: str) -> list[tuple[str, str, str]]:
    """The feed rows the writes leave, in order, with nothing kept."""
    with psycopg.connect(url) as conn:
        start = conn.execute("SELECT coalesce(max(id), 0) FROM feature_changes").fetchone()
        for statement in WRITES:
            assert conn.execute(statement, {"patrol": PATROL}).rowcount == 1, statement
        rows = conn.execute(
            "SELECT collection, feature_id, operation FROM feature_changes WHERE id > %s "
            "ORDER BY id",
            start,
        ).fetchall()
        conn.rollback()
    return rows


def test_the_feed_trigger_records_what_the_one_before_it_recorded(fresh_db: str) -> None:
    now = fed(fresh_db)
    assert ("patrols", PATROL, "create") in now and ("patrols", PATROL, "delete") in now
    assert now[-1] == ("patrols", PATROL, "delete")
    db.downgrade(owner_url(fresh_db), "0025")
    try:
        before = fed(fresh_db)
    finally:
        db.upgrade(owner_url(fresh_db))
    assert now == before
    assert ("gates", "thanh", "delete") in now and ("marker_aliases", "Q6", "update") in now
    assert ("gates", "thanh-renamed", "create") in now

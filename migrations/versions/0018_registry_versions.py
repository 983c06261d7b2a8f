"""The border as of any date: bitemporal versions of every registry table (issue 13, item 5).

Each registry table gains its valid time — ``valid_from`` (NULL: the sources give no start),
how precise it is, and the citation it comes from — and a ``{table}_versions`` history kept
by triggers. A version holds the row's values with two periods:

- ``valid_period``: when the fact held on the ground or in law;
- ``recorded_period``: when the registry said so (transaction time, ``now()`` of the writing
  transaction).

A change valid from ``c`` (``valid_from`` as written, or ``now()`` when the writer did not set
it) closes, in transaction time, every version still valid after ``c``, records again the part
of each that held before ``c``, and records the new values from ``c`` on. Nothing is ever
deleted from a history, except versions the same transaction wrote and replaced (nobody could
have seen them). Exclusion constraints prove that no two versions of a row overlap in both
times. ``{table}_at(valid_start, valid_end, recorded)`` gives each row's last state valid in
the interval as recorded then; the ``*_features_at`` functions build the published features
from them, with the same columns as the current views.

Revision ID: 0018
Revises: 0017
"""

# ruff: noqa: S608 (SQL composed of this file's constants and catalogue names only)

from alembic import op
from sqlalchemy import text

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

# Registry table → its key column (the column the versions of one row share).
VERSIONED = {
    "border_sections": "id",
    "marker_positions": "id",
    "markers": "id",
    "marker_aliases": "alias",
    "legal_positions": "id",
    "gates": "id",
    "villages": "id",
    "village_pairs": "id",
}
# Tables published as they are (their layer's source is the table itself).
PLAIN_SOURCES = ("border_sections", "gates", "villages")

# Rows already there get NULL (their start is not known); new rows hold from now unless
# the writer says otherwise.
VALID_COLUMNS = """
    ADD COLUMN valid_from timestamptz,
    ADD COLUMN valid_from_precision text
        CHECK (valid_from_precision IN ('instant', 'day', 'month', 'year')),
    ADD COLUMN valid_from_ref text,
    ADD CONSTRAINT {table}_valid_from_precision CHECK
        ((valid_from IS NULL) = (valid_from_precision IS NULL)),
    ALTER COLUMN valid_from SET DEFAULT now(),
    ALTER COLUMN valid_from_precision SET DEFAULT 'instant'
"""

# Columns that are not facts of their own (measured_length_m is generated from geom).
IGNORED = "'{updated_at,valid_from,valid_from_precision,valid_from_ref,measured_length_m}'::text[]"

FUNCTIONS = """
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- A change with no valid time of its own holds from now; a write that changes nothing but
-- updated_at is no change at all.
CREATE FUNCTION registry_row_changed(old_row jsonb, new_row jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT (old_row - {ignored}) IS DISTINCT FROM (new_row - {ignored})
$$;

CREATE FUNCTION stamp_valid_from() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.valid_from IS NOT DISTINCT FROM OLD.valid_from
       AND registry_row_changed(to_jsonb(OLD), to_jsonb(NEW)) THEN
        NEW.valid_from := now();
        NEW.valid_from_precision := 'instant';
        NEW.valid_from_ref := NULL;
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION keep_versions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    versions text := quote_ident(TG_TABLE_NAME || '_versions');
    key_column text := TG_ARGV[0];
    columns text;
    old_key text;
    changes_from timestamptz;
    version record;
BEGIN
    IF TG_OP = 'UPDATE' AND to_jsonb(NEW) - 'updated_at' = to_jsonb(OLD) - 'updated_at' THEN
        RETURN NULL;
    END IF;
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO columns
    FROM pg_attribute WHERE attrelid = TG_RELID AND attnum > 0 AND NOT attisdropped;
    IF TG_OP = 'INSERT' THEN
        old_key := to_jsonb(NEW) ->> key_column;
        changes_from := NEW.valid_from;
    ELSE
        old_key := to_jsonb(OLD) ->> key_column;
        changes_from := CASE TG_OP WHEN 'DELETE' THEN now() ELSE NEW.valid_from END;
    END IF;
    -- Every version still valid after changes_from, as the registry says it now.
    FOR version IN EXECUTE format(
        'SELECT version_id, valid_period FROM %s WHERE %I::text = $1 '
        'AND upper_inf(recorded_period) AND valid_period && tstzrange($2, NULL)',
        versions, key_column) USING old_key, changes_from
    LOOP
        EXECUTE format('UPDATE %s SET recorded_period = tstzrange(lower(recorded_period), '
                       'greatest(lower(recorded_period), now())) WHERE version_id = $1',
                       versions) USING version.version_id;
        IF changes_from IS NOT NULL AND (lower_inf(version.valid_period)
                                         OR lower(version.valid_period) < changes_from) THEN
            EXECUTE format('INSERT INTO %1$s (%2$s, valid_period, recorded_period) '
                           'SELECT %2$s, tstzrange(lower(valid_period), $2), '
                           'tstzrange(now(), NULL) FROM %1$s WHERE version_id = $1',
                           versions, columns) USING version.version_id, changes_from;
        END IF;
        -- A version this transaction wrote and now replaced was never seen: forget it.
        EXECUTE format('DELETE FROM %s WHERE version_id = $1 AND isempty(recorded_period)',
                       versions) USING version.version_id;
    END LOOP;
    IF TG_OP <> 'DELETE' THEN
        EXECUTE format('INSERT INTO %1$s (%2$s, valid_period, recorded_period) '
                       'SELECT %2$s, tstzrange($2, NULL), tstzrange(now(), NULL) '
                       'FROM (SELECT ($1).*) AS r', versions, columns)
            USING NEW, NEW.valid_from;
    END IF;
    RETURN NULL;
END $$;
-- The application may not write histories (gis/roles.py); the trigger writes them as the
-- owner, with a fixed search path.
ALTER FUNCTION keep_versions() SECURITY DEFINER SET search_path = public, pg_temp;
"""

# The published features, written once: {table} becomes the table (current views) or its
# state at a time (the *_features_at functions).
MARKERS_FEATURES = """
SELECT m.id, m.code, p.number AS position, m.chainage_m, m.type, m.status, m.maintained_by,
       coalesce(a.aliases, '{{}}') AS aliases,
       s.code AS section, m.id_status, m.source, m.source_ref, m.licence, m.coord_status,
       m.provenance_note, m.created_at, m.updated_at, m.registry_geom AS geom,
       m.valid_from, m.valid_from_precision, m.valid_from_ref
FROM {markers} m
JOIN {marker_positions} p ON p.id = m.position_id
JOIN {border_sections} s ON s.id = p.section_id
LEFT JOIN (SELECT marker_id, array_agg(alias ORDER BY alias) AS aliases
           FROM {marker_aliases} WHERE marker_id IS NOT NULL GROUP BY marker_id) a
       ON a.marker_id = m.id
"""

POSITIONS_FEATURES = """
SELECT p.id, p.number, p.chainage_m, p.kind, s.code AS section,
       (SELECT count(*) FROM {markers} m WHERE m.position_id = p.id) AS marker_count,
       p.id_status, p.source, p.source_ref, p.licence, p.coord_status, p.provenance_note,
       p.created_at, p.updated_at, p.geom,
       p.valid_from, p.valid_from_precision, p.valid_from_ref
FROM {marker_positions} p JOIN {border_sections} s ON s.id = p.section_id
"""

PAIRS_FEATURES = """
SELECT vp.id, vp.code, vn.name AS vn_village, la.name AS la_village, vp.twinned_on,
       vp.date_precision, vp.pilot, vp.pact, vp.source, vp.source_ref, vp.licence,
       CASE WHEN vn.geom IS NOT NULL AND la.geom IS NOT NULL THEN vp.coord_status
            ELSE 'unknown' END AS coord_status,
       vp.provenance_note, vp.created_at, vp.updated_at,
       CASE WHEN vn.geom IS NOT NULL AND la.geom IS NOT NULL
            THEN ST_MakeLine(vn.geom, la.geom) END AS geom,
       vp.valid_from, vp.valid_from_precision, vp.valid_from_ref
FROM {village_pairs} vp
JOIN {villages} vn ON vn.id = vp.vn_village_id
JOIN {villages} la ON la.id = vp.la_village_id
"""

LEGAL_FEATURES = """
SELECT l.id, m.code AS marker_code, l.instrument, l.instrument_ref, l.crs, l.x, l.y, l.state,
       l.binding_from, l.binding_until, l.source, l.source_ref, l.licence,
       'legal'::text AS coord_status, l.provenance_note, l.created_at, l.updated_at, l.geom,
       l.valid_from, l.valid_from_precision, l.valid_from_ref
FROM {legal_positions} l JOIN {markers} m ON m.id = l.marker_id
"""

# Other names of markers; a legacy alias nobody has mapped yet has no point.
ALIASES_FEATURES = """
SELECT a.alias, a.kind, m.code AS marker_code, a.source, a.source_ref, a.licence,
       CASE WHEN m.registry_geom IS NULL THEN 'unknown' ELSE m.coord_status END AS coord_status,
       a.provenance_note, a.created_at, a.updated_at, m.registry_geom AS geom,
       a.valid_from, a.valid_from_precision, a.valid_from_ref
FROM {marker_aliases} a LEFT JOIN {markers} m ON m.id = a.marker_id
"""

FEATURE_VIEWS = {
    "markers_features": MARKERS_FEATURES,
    "marker_positions_features": POSITIONS_FEATURES,
    "village_pairs_features": PAIRS_FEATURES,
    "legal_positions_features": LEGAL_FEATURES,
    "marker_aliases_features": ALIASES_FEATURES,
}

CURRENT = {table: table for table in VERSIONED}
AS_OF = {table: f"{table}_at(valid_start, valid_end, recorded)" for table in VERSIONED}
AT_ARGUMENTS = "valid_start timestamptz, valid_end timestamptz, recorded timestamptz"


def _columns(table: str) -> str:
    names = (
        op.get_bind()
        .execute(
            text(
                "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute "
                "WHERE attrelid = CAST(:t AS regclass) AND attnum > 0 AND NOT attisdropped"
            ),
            {"t": table},
        )
        .scalar_one()
    )
    return str(names)


def _versions_table(table: str, key: str) -> str:
    return f"""
CREATE TABLE {table}_versions (LIKE {table});
ALTER TABLE {table}_versions
    ADD COLUMN valid_period tstzrange NOT NULL,
    ADD COLUMN recorded_period tstzrange NOT NULL,
    ADD COLUMN version_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ADD CONSTRAINT {table}_versions_no_overlap EXCLUDE USING gist
        ({key} WITH =, valid_period WITH &&, recorded_period WITH &&);
CREATE INDEX {table}_versions_key_idx ON {table}_versions ({key});
CREATE FUNCTION {table}_at({AT_ARGUMENTS}) RETURNS SETOF {table}_versions
LANGUAGE sql STABLE AS $$
    SELECT DISTINCT ON ({key}) * FROM {table}_versions
    WHERE recorded_period @> recorded
      AND valid_period && tstzrange(valid_start, valid_end, '[]')
    ORDER BY {key}, lower(valid_period) DESC NULLS LAST
$$;
CREATE TRIGGER {table}_valid_from BEFORE UPDATE ON {table}
    FOR EACH ROW EXECUTE FUNCTION stamp_valid_from();
CREATE TRIGGER {table}_versions AFTER INSERT OR UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION keep_versions('{key}');
"""


def _first_versions(table: str) -> str:
    """The rows already there: valid since an unknown time, recorded from now."""
    columns = _columns(table)
    return (
        f"INSERT INTO {table}_versions ({columns}, valid_period, recorded_period) "
        f"SELECT {columns}, tstzrange(valid_from, NULL), tstzrange(now(), NULL) "
        f"FROM {table}"
    )


def upgrade() -> None:
    op.execute(FUNCTIONS.replace("{ignored}", IGNORED))
    for table in VERSIONED:
        op.execute(f"ALTER TABLE {table} {VALID_COLUMNS.format(table=table)}")
    for name, body in FEATURE_VIEWS.items():
        op.execute(f"CREATE OR REPLACE VIEW {name} AS {body.format(**CURRENT)}")
    for table, key in VERSIONED.items():
        op.execute(_versions_table(table, key))
        op.execute(_first_versions(table))
    for name, body in FEATURE_VIEWS.items():
        op.execute(
            f"CREATE FUNCTION {name}_at({AT_ARGUMENTS}) RETURNS SETOF {name} "
            f"LANGUAGE sql STABLE AS $$ {body.format(**AS_OF)} $$"
        )
    for table in PLAIN_SOURCES:
        columns = _columns(table)
        op.execute(
            f"CREATE FUNCTION {table}_features_at({AT_ARGUMENTS}) RETURNS SETOF {table} "
            f"LANGUAGE sql STABLE AS $$ SELECT {columns} FROM "
            f"{table}_at(valid_start, valid_end, recorded) $$"
        )
    op.execute(REDRAW)


# The drawn point moves from the time the legal position binds (00:00 UTC of its date, as the
# API reads a date) or the survey was made (its epoch).
REDRAW = """
DROP FUNCTION marker_best_point(integer);
CREATE FUNCTION marker_best_point(marker integer, OUT geom geometry, OUT coord_status text,
                                  OUT since timestamptz, OUT since_precision text)
LANGUAGE sql STABLE AS $$
    SELECT b.geom, b.status, b.since, b.precision FROM (
        SELECT l.geom, 'legal' AS status, 0 AS rank, 0::float8 AS accuracy,
               l.binding_from::timestamp AT TIME ZONE 'UTC' AS since,
               'day' AS precision
        FROM legal_positions l WHERE l.marker_id = marker AND l.state = 'binding'
        UNION ALL
        SELECT s.geom, 'surveyed', 1, coalesce(s.accuracy_m, 'infinity'), s.epoch, 'instant'
        FROM marker_surveys s WHERE s.marker_id = marker
    ) b ORDER BY b.rank, b.accuracy, b.since DESC NULLS LAST LIMIT 1
$$;

CREATE OR REPLACE FUNCTION redraw_marker(marker integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    best record;
BEGIN
    SELECT * INTO best FROM marker_best_point(marker);
    IF best.geom IS NULL THEN
        RETURN;
    END IF;
    UPDATE markers m SET registry_geom = best.geom, coord_status = best.coord_status,
        chainage_m = ST_Length(ST_LineSubstring(s.geom, 0,
                         ST_LineLocatePoint(s.geom, best.geom))::geography)
                     / s.measured_length_m * coalesce(s.official_length_m, s.measured_length_m),
        valid_from = best.since, valid_from_precision = best.since_precision,
        valid_from_ref = NULL
    FROM marker_positions p JOIN border_sections s ON s.id = p.section_id
    WHERE m.id = marker AND p.id = m.position_id
      AND (m.registry_geom IS DISTINCT FROM best.geom
           OR m.coord_status IS DISTINCT FROM best.coord_status);
END $$;
"""

REDRAW_BEFORE = """
DROP FUNCTION marker_best_point(integer);
CREATE FUNCTION marker_best_point(marker integer, OUT geom geometry, OUT coord_status text)
LANGUAGE sql STABLE AS $$
    SELECT b.geom, b.status FROM (
        SELECT l.geom, 'legal' AS status, 0 AS rank, 0::float8 AS accuracy,
               NULL::timestamptz AS epoch
        FROM legal_positions l WHERE l.marker_id = marker AND l.state = 'binding'
        UNION ALL
        SELECT s.geom, 'surveyed', 1, coalesce(s.accuracy_m, 'infinity'), s.epoch
        FROM marker_surveys s WHERE s.marker_id = marker
    ) b ORDER BY b.rank, b.accuracy, b.epoch DESC NULLS LAST LIMIT 1
$$;
CREATE OR REPLACE FUNCTION redraw_marker(marker integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    best record;
BEGIN
    SELECT * INTO best FROM marker_best_point(marker);
    IF best.geom IS NULL THEN
        RETURN;
    END IF;
    UPDATE markers m SET registry_geom = best.geom, coord_status = best.coord_status,
        chainage_m = ST_Length(ST_LineSubstring(s.geom, 0,
                         ST_LineLocatePoint(s.geom, best.geom))::geography)
                     / s.measured_length_m * coalesce(s.official_length_m, s.measured_length_m)
    FROM marker_positions p JOIN border_sections s ON s.id = p.section_id
    WHERE m.id = marker AND p.id = m.position_id
      AND (m.registry_geom IS DISTINCT FROM best.geom
           OR m.coord_status IS DISTINCT FROM best.coord_status);
END $$;
"""


def downgrade() -> None:
    for name in (*FEATURE_VIEWS, *(f"{table}_features" for table in PLAIN_SOURCES)):
        op.execute(f"DROP FUNCTION IF EXISTS {name}_at(timestamptz, timestamptz, timestamptz)")
    for table in VERSIONED:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_versions ON {table}")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_valid_from ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {table}_at(timestamptz, timestamptz, timestamptz)")
        op.execute(f"DROP TABLE IF EXISTS {table}_versions")
    op.execute(REDRAW_BEFORE)
    op.execute("DROP VIEW marker_aliases_features")
    for name, body in FEATURE_VIEWS.items():
        if name != "marker_aliases_features":
            op.execute(f"DROP VIEW {name}")
            op.execute(f"CREATE VIEW {name} AS {_without_valid(body)}")
    for table in VERSIONED:
        op.execute(
            f"ALTER TABLE {table} DROP COLUMN valid_from, DROP COLUMN "
            "valid_from_precision, DROP COLUMN valid_from_ref"
        )
    op.execute(
        "DROP FUNCTION IF EXISTS keep_versions(), stamp_valid_from(), "
        "registry_row_changed(jsonb, jsonb)"
    )


def _without_valid(body: str) -> str:
    """A view body without the line of its valid-time columns (as 0017 left the views)."""
    kept: list[str] = []
    for line in body.format(**CURRENT).splitlines():
        if ".valid_from, " in line:
            kept[-1] = kept[-1].rstrip().rstrip(",")
        else:
            kept.append(line)
    return "\n".join(kept)

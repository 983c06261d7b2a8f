"""The database schema described once: every table of the migrated head, and the views the
layers read.

Alembic compares this metadata with the database (``migrations/env.py``), so a change made
here autogenerates its migration (``alembic revision --autogenerate``; then review it).
Autogenerate does not see CHECK constraints or views: ``tests/test_schema.py`` compares those
with the migrated database itself. Allowed values come from ``gis.vocabulary``.

Constraint names follow PostgreSQL's own defaults (``markers_status_check``,
``markers_code_key``, ``markers_position_id_fkey``), the names the migrations' SQL gave them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from geoalchemy2 import Geometry
from sqlalchemy import (
    DDL,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Computed,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    Numeric,
    Table,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.dialects.postgresql import (
    ARRAY,
    DOUBLE_PRECISION,
    INTERVAL,
    JSONB,
    TSTZRANGE,
    UUID,
    ExcludeConstraint,
)
from sqlalchemy.dialects.postgresql import base as postgresql_base
from sqlalchemy.types import UserDefinedType

from gis import vocabulary as v
from gis.crs import STORAGE_SRID

metadata = MetaData(
    naming_convention={
        "pk": "%(table_name)s_pkey",
        "uq": "%(table_name)s_%(column_0_N_name)s_key",
        "fk": "%(table_name)s_%(column_0_name)s_fkey",
        "ck": "%(table_name)s_%(constraint_name)s",
    }
)

# Codes that stand in URLs and file names; marker and position numbers as the treaty writes
# them (gis/importers/markers.py reports a bad code with the same pattern).
SLUG_PATTERN = "^[a-z0-9_-]+$"
POSITION_NUMBER_PATTERN = r"^[0-9]{1,4}(\+[0-9]+m|/[0-9]+)?$"
MARKER_CODE_PATTERN = r"^[0-9]{1,4}(\+[0-9]+m|/[0-9]+)?(\([0-9]+\))?$"
ACCOUNT_NAME_PATTERN = "^[A-Za-z0-9_.@-]{2,64}$"
SHA256_PATTERN = "^[0-9a-f]{64}$"


class Xid8(UserDefinedType[int]):
    """PostgreSQL's 64-bit transaction id (the change feed's commit order)."""

    cache_ok = True

    def get_col_spec(self, **kw: object) -> str:
        """The type's name in DDL."""
        return "xid8"


# Reflection (the drift test, autogenerate) then knows the type instead of skipping it.
postgresql_base.ischema_names.setdefault("xid8", Xid8)


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def one_of(column: str, kind: type[StrEnum]) -> CheckConstraint:
    """``column IN (…)`` with the values of ``kind``; ``info`` names both for the tests."""
    allowed = ", ".join(_literal(value) for value in v.values(kind))
    return CheckConstraint(
        f"{column} IN ({allowed})",
        name=f"{column}_check",
        info={"column": column, "vocabulary": kind},
    )


# A column whose value a source may give for each record: a file's column of that name on
# import, a property of that name in a Part 4 edit. The importer and the editor read these
# from here (with the vocabulary of each column's CHECK), so a new one is declared once.
FROM_SOURCE = {"from_source": True}


def from_source(table: Table) -> tuple[tuple[Column[Any], type[StrEnum] | None], ...]:
    """The columns of ``table`` a source may give (``FROM_SOURCE``), each with the
    vocabulary its CHECK allows, or None for free text."""
    kinds = {
        check.info["column"]: check.info["vocabulary"]
        for check in table.constraints
        if "vocabulary" in check.info
    }
    return tuple((c, kinds.get(c.name)) for c in table.columns if c.info.get("from_source"))


def matches(column: str, pattern: str) -> CheckConstraint:
    """``column ~ pattern`` (a POSIX regular expression), named ``<column>_check``; ``info``
    names both, so that an editor checks a value with the database's own pattern."""
    return CheckConstraint(
        f"{column} ~ {_literal(pattern)}",
        name=f"{column}_check",
        info={"column": column, "pattern": pattern},
    )


def patterns(table: Table) -> dict[str, str]:
    """The pattern each column of ``table`` must match (its ``matches`` CHECK), by column."""
    return {
        check.info["column"]: check.info["pattern"]
        for check in table.constraints
        if "pattern" in check.info
    }


def vocabularies(table: Table) -> dict[str, type[StrEnum]]:
    """The vocabulary each column of ``table`` must be in (its ``one_of`` CHECK), by column."""
    return {
        check.info["column"]: check.info["vocabulary"]
        for check in table.constraints
        if "vocabulary" in check.info
    }


def point() -> Geometry:
    """A WGS84 point; its GiST index is declared by name with the table (``gist``)."""
    return Geometry("POINT", srid=STORAGE_SRID, spatial_index=False)


def gist(name: str, column: str) -> Index:
    """A GiST index ``name`` on the geometry ``column``."""
    return Index(name, column, postgresql_using="gist")


def created_at() -> Column[object]:
    """When the row was inserted (the database's clock, with its time zone)."""
    return Column(
        "created_at", DateTime(timezone=True), nullable=False, server_default=text("now()")
    )


def updated_at() -> Column[object]:
    """When the row was last changed; the insert time until then (the database's clock)."""
    return Column(
        "updated_at", DateTime(timezone=True), nullable=False, server_default=text("now()")
    )


def identity(big: bool = False) -> Column[int]:
    """An ``id`` primary key generated always by the database (bigint when ``big``)."""
    return Column("id", BigInteger if big else Integer, Identity(always=True), primary_key=True)


def provenance(
    coord_statuses: type[StrEnum] = v.CoordStatus,
) -> tuple[Column[object] | CheckConstraint, ...]:
    """Where a registry record came from: every registry table has these (markers allow
    the ``MarkerCoordStatus`` list, which adds ``legal``)."""
    return (
        Column("source", Text, nullable=False),
        Column("source_ref", Text),
        Column("licence", Text, nullable=False),
        Column("coord_status", Text, nullable=False),
        one_of("coord_status", coord_statuses),
        Column("provenance_note", Text),
        created_at(),
        updated_at(),
    )


def withdrawal() -> tuple[Column[object] | CheckConstraint, ...]:
    """Who withdrew a patrol or an inspection, when and why: all three or none."""
    return (
        Column("withdrawn_at", DateTime(timezone=True)),
        Column("withdrawn_by", Text),
        Column("withdrawal_reason", Text),
        CheckConstraint(
            "(withdrawn_at IS NULL AND withdrawn_by IS NULL AND withdrawal_reason IS NULL) "
            "OR (withdrawn_at IS NOT NULL AND withdrawn_by IS NOT NULL "
            "AND withdrawal_reason IS NOT NULL)",
            name="withdrawn_with_reason",
        ),
    )


def cited() -> tuple[Column[object], ...]:
    """Where a record without coordinates of its own came from (the legal register, the
    surveys): provenance without ``coord_status``."""
    return (
        Column("source", Text, nullable=False),
        Column("source_ref", Text),
        Column("licence", Text, nullable=False),
        Column("provenance_note", Text),
        created_at(),
        updated_at(),
    )


def valid_time() -> tuple[Column[object] | CheckConstraint, ...]:
    """Since when a registry row holds on the ground or in law (migration 0018): NULL when no
    source gives a start; a new row holds from its insert unless the writer says otherwise."""
    return (
        Column("valid_from", DateTime(timezone=True), server_default=text("now()")),
        Column("valid_from_precision", Text, server_default=text("'instant'::text")),
        one_of("valid_from_precision", v.ValidTimePrecision),
        Column("valid_from_ref", Text),
        CheckConstraint(
            "(valid_from IS NULL) = (valid_from_precision IS NULL)", name="valid_from_precision"
        ),
    )


def located_or_unknown() -> CheckConstraint:
    """A record without a point must say its coordinates are unknown."""
    return CheckConstraint("geom IS NOT NULL OR coord_status = 'unknown'", name="check")


# --- the registry (0001) -------------------------------------------------------------------

border_sections = Table(
    "border_sections",
    metadata,
    identity(),
    Column("code", Text, nullable=False, unique=True),
    matches("code", SLUG_PATTERN),
    Column("name", Text, nullable=False),
    Column("vn_unit", Text, nullable=False),
    Column("la_unit", Text, nullable=False),
    Column("official_length_m", DOUBLE_PRECISION),
    CheckConstraint("official_length_m > 0", name="official_length_m_check"),
    Column("official_length_ref", Text),
    # Measured by PostGIS on the WGS84 ellipsoid; nobody types it in.
    Column(
        "measured_length_m",
        DOUBLE_PRECISION,
        Computed("ST_Length(geom::geography)", persisted=True),
    ),
    Column("first_marker", Text),
    Column("last_marker", Text),
    Column("geom", Geometry("LINESTRING", srid=STORAGE_SRID, spatial_index=False), nullable=False),
    CheckConstraint("ST_IsValid(geom)", name="geom_check"),
    *provenance(),
    *valid_time(),
    gist("border_sections_geom_idx", "geom"),
)

marker_positions = Table(
    "marker_positions",
    metadata,
    identity(),
    Column(
        "section_id", Integer, ForeignKey("border_sections.id", ondelete="CASCADE"), nullable=False
    ),
    Column("number", Text, nullable=False, unique=True),
    matches("number", POSITION_NUMBER_PATTERN),
    Column("chainage_m", DOUBLE_PRECISION, nullable=False),
    CheckConstraint("chainage_m >= 0", name="chainage_m_check"),
    Column("kind", Text, nullable=False),
    one_of("kind", v.PositionKind),
    Column("id_status", Text, nullable=False),
    one_of("id_status", v.IdStatus),
    Column("geom", point()),
    *provenance(),
    *valid_time(),
    gist("marker_positions_geom_idx", "geom"),
    # The published order (bench/README.md: a page reads the index instead of sorting).
    Index("marker_positions_order_idx", "chainage_m", "number"),
)

markers = Table(
    "markers",
    metadata,
    identity(),
    Column("code", Text, nullable=False, unique=True),
    matches("code", MARKER_CODE_PATTERN),
    Column(
        "position_id",
        Integer,
        ForeignKey("marker_positions.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("type", Text, nullable=False, info=FROM_SOURCE),
    one_of("type", v.MarkerType),
    # The registry point; positions found by later inspections are kept with them.
    Column("registry_geom", point()),
    Column("chainage_m", DOUBLE_PRECISION, nullable=False),
    CheckConstraint("chainage_m >= 0", name="chainage_m_check"),
    Column(
        "maintained_by",
        Text,
        nullable=False,
        server_default=text("'unknown'::text"),
        info=FROM_SOURCE,
    ),
    one_of("maintained_by", v.MaintainingSide),
    Column(
        "status", Text, nullable=False, server_default=text("'unknown'::text"), info=FROM_SOURCE
    ),
    one_of("status", v.MarkerStatus),
    Column("id_status", Text, nullable=False),
    one_of("id_status", v.IdStatus),
    *provenance(v.MarkerCoordStatus),
    *valid_time(),
    # The ETag of /markers/{code}/status: a planner's status decision (issue 11, 0021).
    Column("status_version", Integer, nullable=False, server_default=text("1")),
    gist("markers_geom_idx", "registry_geom"),
    Index("markers_position_idx", "position_id"),
    Index("markers_order_idx", "chainage_m", "code"),
)

# Other names of markers, e.g. legacy ids from before densification (Q6, R2); marker_id stays
# empty until someone maps the alias to today's numbering.
marker_aliases = Table(
    "marker_aliases",
    metadata,
    Column("alias", Text, primary_key=True),
    Column("marker_id", Integer, ForeignKey("markers.id", ondelete="SET NULL")),
    Column("kind", Text, nullable=False),
    one_of("kind", v.AliasKind),
    *provenance(),
    *valid_time(),
    Index("marker_aliases_marker_idx", "marker_id"),
)

gates = Table(
    "gates",
    metadata,
    identity(),
    Column("code", Text, nullable=False, unique=True),
    matches("code", SLUG_PATTERN),
    Column("vn_name", Text, nullable=False),
    Column("la_name", Text),
    Column("aliases", ARRAY(Text), nullable=False, server_default=text("'{}'::text[]")),
    Column("type", Text, nullable=False),
    one_of("type", v.GateType),
    Column("planned_type", Text),
    one_of("planned_type", v.GateType),
    Column("vn_place", Text),
    Column("la_place", Text),
    Column("geom", point()),
    *provenance(),
    *valid_time(),
    located_or_unknown(),
    gist("gates_geom_idx", "geom"),
)

gate_events = Table(
    "gate_events",
    metadata,
    identity(),
    Column("gate_id", Integer, ForeignKey("gates.id", ondelete="CASCADE"), nullable=False),
    Column("kind", Text, nullable=False),
    one_of("kind", v.GateEventKind),
    Column("event_on", Date),
    Column("date_precision", Text),
    one_of("date_precision", v.DatePrecision),
    Column("description", Text, nullable=False),
    *provenance(),
    UniqueConstraint("gate_id", "kind", "description"),
)

villages = Table(
    "villages",
    metadata,
    identity(),
    Column("code", Text, nullable=False, unique=True),
    matches("code", SLUG_PATTERN),
    Column("name", Text, nullable=False),
    Column("country", Text, nullable=False),
    one_of("country", v.Country),
    Column("admin_unit", Text),
    Column("aliases", ARRAY(Text), nullable=False, server_default=text("'{}'::text[]")),
    Column("geom", point()),
    *provenance(),
    *valid_time(),
    located_or_unknown(),
    gist("villages_geom_idx", "geom"),
)

village_pairs = Table(
    "village_pairs",
    metadata,
    identity(),
    Column("code", Text, nullable=False, unique=True),
    matches("code", SLUG_PATTERN),
    Column("vn_village_id", Integer, ForeignKey("villages.id"), nullable=False),
    Column("la_village_id", Integer, ForeignKey("villages.id"), nullable=False),
    Column("twinned_on", Date),
    Column("date_precision", Text),
    one_of("date_precision", v.DatePrecision),
    Column("pilot", Boolean, nullable=False, server_default=text("false")),
    Column("pact", Text),
    *provenance(),
    *valid_time(),
    UniqueConstraint("vn_village_id", "la_village_id"),
)

# Figures the sources give without records behind them (e.g. 24 twinned pairs).
facts = Table(
    "facts",
    metadata,
    identity(),
    Column("key", Text, nullable=False, unique=True),
    matches("key", "^[a-z0-9_.]+$"),
    Column("value", Numeric, nullable=False),
    Column("unit", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("as_of", Date),
    *provenance(),
)

maintenance_records = Table(
    "maintenance_records",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")),
    Column("marker_id", Integer, ForeignKey("markers.id")),
    Column("legacy_alias", Text, ForeignKey("marker_aliases.alias")),
    Column("geom", point()),
    Column("cause", Text, nullable=False),
    one_of("cause", v.Cause),
    Column("observed_on", Date),
    Column("observed_precision", Text),
    one_of("observed_precision", v.DatePrecision),
    Column("reported_on", Date),
    Column("reported_precision", Text),
    one_of("reported_precision", v.DatePrecision),
    Column("severity", Text, nullable=False, server_default=text("'unknown'::text")),
    one_of("severity", v.Severity),
    Column("status", Text, nullable=False, server_default=text("'reported'::text")),
    one_of("status", v.MaintenanceStatus),
    Column("description", Text, nullable=False),
    Column("document_ref", Text),
    Column("version", Integer, nullable=False, server_default=text("1")),
    *provenance(),
    Column("created_by", Text),
    CheckConstraint(
        "marker_id IS NOT NULL OR legacy_alias IS NOT NULL OR geom IS NOT NULL", name="check"
    ),
    gist("maintenance_geom_idx", "geom"),
    Index("maintenance_marker_idx", "marker_id"),
)

# Every status a maintenance record went through, oldest first.
maintenance_events = Table(
    "maintenance_events",
    metadata,
    identity(big=True),
    Column(
        "record_id",
        UUID(as_uuid=True),
        ForeignKey("maintenance_records.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("from_status", Text),
    Column("to_status", Text, nullable=False),
    Column("note", Text),
    Column("document_ref", Text),
    Column("actor", Text, nullable=False),
    Column("happened_on", Date),
    created_at(),
    # Transitions made offline carry their own UUID so a replayed sync applies them once.
    Column("client_id", UUID(as_uuid=True), unique=True),
    Index("maintenance_events_record_idx", "record_id"),
    # The seed's events are keyed on (record, status, day); field work may repeat a step.
    Index(
        "maintenance_events_seed_key",
        "record_id",
        "to_status",
        "happened_on",
        unique=True,
        postgresql_where=text("actor = 'seed'"),
    ),
)

# --- field records (0002) ------------------------------------------------------------------

patrols = Table(
    "patrols",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),  # made by the client: retries stay one
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True), nullable=False),
    Column("vn_unit", Text, nullable=False),
    Column("la_unit", Text),
    Column("joint", Boolean, nullable=False, server_default=text("false")),
    Column("participants", ARRAY(Text), nullable=False, server_default=text("'{}'::text[]")),
    Column("notes", Text),
    Column(
        "track", Geometry("MULTILINESTRING", srid=STORAGE_SRID, spatial_index=False), nullable=False
    ),
    CheckConstraint("ST_IsValid(track)", name="track_check"),
    Column("length_m", DOUBLE_PRECISION, Computed("ST_Length(track::geography)", persisted=True)),
    Column("created_by", Text, nullable=False),
    Column("version", Integer, nullable=False, server_default=text("1")),
    created_at(),
    updated_at(),
    CheckConstraint("ended_at >= started_at", name="check"),
    CheckConstraint("NOT joint OR la_unit IS NOT NULL", name="check1"),
    # Withdrawn (issue 11): the row stays here and in the audit, the views leave it out.
    *withdrawal(),
    # The track's GeoJSON in CRS84 at 7 decimals, written once with the patrol: a page of
    # 500-point tracks copies it rather than writing every track out again (0031).
    Column("track_geojson", Text, Computed("ST_AsGeoJSON(track, 7)", persisted=True)),
    # The track's bounding box in the row (the track itself is in TOAST): a bbox page tests
    # it patrol by patrol in page order without reading the tracks it passes over (0033).
    Column(
        "track_bounds",
        Geometry("GEOMETRY", srid=STORAGE_SRID, spatial_index=False),
        Computed("ST_Envelope(track)", persisted=True),
    ),
    gist("patrols_track_idx", "track"),
    Index("patrols_started_idx", "started_at"),
)

inspections = Table(
    "inspections",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("marker_id", Integer, ForeignKey("markers.id"), nullable=False),
    Column("patrol_id", UUID(as_uuid=True), ForeignKey("patrols.id")),
    Column("observed_at", DateTime(timezone=True), nullable=False),
    Column("condition", Text, nullable=False),
    one_of("condition", v.Condition),
    Column("vegetation_cleared", Boolean, nullable=False, server_default=text("false")),
    # Where the guard found the marker; the registry point stays on the marker.
    Column("position", point()),
    Column("accuracy_m", DOUBLE_PRECISION),
    CheckConstraint("accuracy_m >= 0", name="accuracy_m_check"),
    Column("displacement_m", DOUBLE_PRECISION),
    Column("notes", Text),
    Column("created_by", Text, nullable=False),
    Column("version", Integer, nullable=False, server_default=text("1")),
    created_at(),
    updated_at(),
    # Withdrawn (issue 11): the row stays here and in the audit, the views leave it out.
    *withdrawal(),
    gist("inspections_position_idx", "position"),
    Index("inspections_marker_time_idx", "marker_id", text("observed_at DESC")),
    # A bbox page reads the inspections at each marker in the box in order (0031).
    Index(
        "inspections_site_order_idx",
        "marker_id",
        "observed_at",
        "id",
        postgresql_where=text("withdrawn_at IS NULL AND position IS NULL"),
    ),
)

# --- change feed (0003, 0009) --------------------------------------------------------------

feature_changes = Table(
    "feature_changes",
    metadata,
    identity(big=True),
    Column("collection", Text, nullable=False),
    Column("feature_id", Text, nullable=False),
    Column("operation", Text, nullable=False),
    one_of("operation", v.ChangeOperation),
    Column(
        "changed_at",
        DateTime(timezone=True),
        nullable=False,
        server_default=text("clock_timestamp()"),
    ),
    # The writer's transaction: the feed follows commit order, not time (layers/changes.py).
    Column("xid", Xid8(), nullable=False, server_default=text("pg_current_xact_id()")),
    Index("feature_changes_changed_at_idx", "changed_at"),
    Index("feature_changes_commit_order_idx", "xid", "id"),
)

# --- published-feature store (0030; the text written by layers/published.py) -------------

# Each marker Feature as the items pages publish it (default CRS, every property), kept current
# in the writing transaction from the change feed's rows; pages join this text instead of
# writing it from the view. Its key columns carry the view's names (order, id, geometry).
published_markers = Table(
    "published_markers",
    metadata,
    Column("code", Text, primary_key=True),
    Column("chainage_m", DOUBLE_PRECISION, nullable=False),
    Column("geom", point()),
    Column("updated_at", DateTime(timezone=True)),
    # The Feature text up to its closing brace; the page adds the self link and the brace.
    Column("feature", Text, nullable=False),
    Column("segment", Text, nullable=False),  # the code as one URL path segment (uri_segment)
    gist("published_markers_geom_idx", "geom"),
    Index("published_markers_order_idx", "chainage_m", "code"),
)

# The extent of the stored markers of each 250 m of chainage (bin = floor(chainage_m / 250),
# layers.catalog MARKERS.store_bin), written with the store: a bbox page walks the order index
# only through the bins whose extent meets the box. An extent may be larger than its markers
# (it grows as they are written; a refill makes it exact), never smaller.
published_markers_bins = Table(
    "published_markers_bins",
    metadata,
    Column("bin", Integer, primary_key=True),
    Column("extent", Geometry("GEOMETRY", srid=STORAGE_SRID, spatial_index=False), nullable=False),
)

# Which store's text the installed refresh function writes: the digest of the declaration it
# was generated from, and the schema revision it was filled at. A server uses a store only
# when both are its own (its declarations, the database's current revision).
published_definitions = Table(
    "published_definitions",
    metadata,
    Column("collection", Text, primary_key=True),
    Column("digest", Text, nullable=False),
    Column("revision", Text, nullable=False),
    Column("installed_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
)

# --- field operations (0004, 0010, 0014) ---------------------------------------------------

users = Table(
    "users",
    metadata,
    identity(),
    Column("name", Text, nullable=False, unique=True),
    matches("name", ACCOUNT_NAME_PATTERN),
    Column("role", Text, nullable=False),
    one_of("role", v.Role),
    Column("password_hash", Text, nullable=False),  # argon2id, never the password
    Column("active", Boolean, nullable=False, server_default=text("true")),
    created_at(),
    Column("last_login_at", DateTime(timezone=True)),
    Column("password_changed_at", DateTime(timezone=True)),
    # A login token carries this number; a password change or deactivation raises it.
    Column("token_version", Integer, nullable=False, server_default=text("1")),
)

api_keys = Table(
    "api_keys",
    metadata,
    identity(),
    Column("name", Text, nullable=False, unique=True),
    matches("name", ACCOUNT_NAME_PATTERN),
    Column("role", Text, nullable=False),
    one_of("role", v.Role),
    # SHA-256 of the key: keys are long random strings, so a fast hash is enough.
    Column("key_hash", Text, nullable=False, unique=True),
    matches("key_hash", SHA256_PATTERN),
    created_at(),
    Column("revoked_at", DateTime(timezone=True)),
    Column("last_used_at", DateTime(timezone=True)),
)

# Append-only (triggers of 0004, grants of 0010): who did what, through which channel.
audit_log = Table(
    "audit_log",
    metadata,
    identity(big=True),
    Column("at", DateTime(timezone=True), nullable=False, server_default=text("clock_timestamp()")),
    Column("actor", Text, nullable=False),
    Column("role", Text),
    Column("via", Text, nullable=False),
    one_of("via", v.AuditChannel),
    Column("action", Text, nullable=False),
    Column("entity", Text, nullable=False),
    Column("entity_id", Text, nullable=False),
    Column("before", JSONB),
    Column("after", JSONB),
    Index("audit_log_entity_idx", "entity", "entity_id"),
)

# A photo belongs to an inspection or to a maintenance record (exactly one).
photos = Table(
    "photos",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),  # client-made: a retry stays one
    Column("inspection_id", UUID(as_uuid=True), ForeignKey("inspections.id", ondelete="CASCADE")),
    Column("sha256", Text, nullable=False),
    matches("sha256", SHA256_PATTERN),
    Column("media_type", Text, nullable=False),
    one_of("media_type", v.PhotoMediaType),
    Column("size_bytes", Integer, nullable=False),
    CheckConstraint("size_bytes > 0", name="size_bytes_check"),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("stored_path", Text, nullable=False),  # relative to the data folder
    Column("original_name", Text),
    Column("taken_at", DateTime(timezone=True)),  # from EXIF, when present
    Column("geom", point()),  # from EXIF GPS, when present
    Column("created_by", Text, nullable=False),
    created_at(),
    Column(
        "maintenance_id",
        UUID(as_uuid=True),
        ForeignKey("maintenance_records.id", ondelete="CASCADE"),
    ),
    CheckConstraint("(inspection_id IS NULL) <> (maintenance_id IS NULL)", name="one_record"),
    UniqueConstraint("inspection_id", "sha256"),
    UniqueConstraint("maintenance_id", "sha256"),
    Index("photos_sha256_idx", "sha256"),
)

# How often markers must be inspected: a marker's own policy beats its section's.
inspection_policies = Table(
    "inspection_policies",
    metadata,
    identity(),
    Column(
        "section_id", Integer, ForeignKey("border_sections.id", ondelete="CASCADE"), unique=True
    ),
    Column("marker_id", Integer, ForeignKey("markers.id", ondelete="CASCADE"), unique=True),
    Column("every", INTERVAL, nullable=False),
    CheckConstraint("every >= interval '1 day'", name="every_check"),
    updated_at(),
    CheckConstraint("(section_id IS NULL) <> (marker_id IS NULL)", name="check"),
)

alerts = Table(
    "alerts",
    metadata,
    identity(big=True),
    Column("kind", Text, nullable=False),
    one_of("kind", v.AlertKind),
    Column(
        "inspection_id",
        UUID(as_uuid=True),
        ForeignKey("inspections.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("marker_id", Integer, ForeignKey("markers.id"), nullable=False),
    Column("displacement_m", DOUBLE_PRECISION, nullable=False),
    Column("threshold_m", DOUBLE_PRECISION, nullable=False),
    created_at(),
    UniqueConstraint("inspection_id", "kind"),
    # Acknowledged once, by a person, with a note (issue 11, 0021).
    Column("acknowledged_at", DateTime(timezone=True)),
    Column("acknowledged_by", Text),
    Column("acknowledgement_note", Text),
    CheckConstraint(
        "(acknowledged_at IS NULL) = (acknowledged_by IS NULL)", name="acknowledged_by_someone"
    ),
)

# One row per login name while its logins fail, kept where every server process sees it.
login_failures = Table(
    "login_failures",
    metadata,
    Column("name", Text, primary_key=True),
    matches("name", ACCOUNT_NAME_PATTERN),
    Column("failures", Integer, nullable=False),
    CheckConstraint("failures >= 0", name="failures_check"),
    Column("last_attempt_at", DateTime(timezone=True), nullable=False),
    Column("blocked_until", DateTime(timezone=True)),
    Index("login_failures_last_attempt_idx", "last_attempt_at"),
)


# --- the legal register and observations (0017), the border's history (0019) -------------

# A marker's position as a legal instrument gives it, in the instrument's CRS; at most one
# binding position per marker. A marker with legal positions cannot be deleted.
legal_positions = Table(
    "legal_positions",
    metadata,
    identity(),
    Column("marker_id", Integer, ForeignKey("markers.id"), nullable=False),
    Column("instrument", Text, nullable=False),
    CheckConstraint("instrument <> ''", name="instrument_check"),
    Column("instrument_ref", Text),
    Column("crs", Text, nullable=False),
    Column("x", DOUBLE_PRECISION, nullable=False),
    Column("y", DOUBLE_PRECISION, nullable=False),
    Column("geom", point(), nullable=False),
    Column("state", Text, nullable=False),
    one_of("state", v.LegalState),
    Column("binding_from", Date),
    Column("binding_until", Date),
    *cited(),
    *valid_time(),
    CheckConstraint("state <> 'binding' OR binding_from IS NOT NULL", name="check"),
    CheckConstraint(
        "binding_until IS NULL OR binding_from IS NULL OR binding_until >= binding_from",
        name="check1",
    ),
    Index(
        "legal_positions_one_binding",
        "marker_id",
        unique=True,
        postgresql_where=text("state = 'binding'"),
    ),
    Index("legal_positions_marker_idx", "marker_id"),
)

# Where a survey found a marker, with its displacement from the point it was measured
# against (the binding legal position when there was one: legal_position_id).
marker_surveys = Table(
    "marker_surveys",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")),
    Column("marker_id", Integer, ForeignKey("markers.id", ondelete="CASCADE"), nullable=False),
    Column("method", Text, nullable=False),
    one_of("method", v.SurveyMethod),
    Column("epoch", DateTime(timezone=True), nullable=False),
    Column("accuracy_m", DOUBLE_PRECISION),
    CheckConstraint("accuracy_m > 0", name="accuracy_m_check"),
    Column("observer", Text),
    Column("crs", Text, nullable=False),
    Column("x", DOUBLE_PRECISION, nullable=False),
    Column("y", DOUBLE_PRECISION, nullable=False),
    Column("geom", point(), nullable=False),
    Column("displacement_m", DOUBLE_PRECISION),
    Column("displacement_from", Text),
    Column("legal_position_id", Integer, ForeignKey("legal_positions.id")),
    *cited(),
    CheckConstraint("(displacement_m IS NULL) = (displacement_from IS NULL)", name="check"),
    CheckConstraint(
        "(displacement_from = 'legal') = (legal_position_id IS NOT NULL)", name="check1"
    ),
    Index("marker_surveys_marker_idx", "marker_id"),
)

# Dated events of the border's history, each cited with how precise its date is.
border_events = Table(
    "border_events",
    metadata,
    identity(),
    Column("code", Text, nullable=False, unique=True),
    matches("code", SLUG_PATTERN),
    Column("kind", Text, nullable=False),
    one_of("kind", v.BorderEventKind),
    Column("title", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("happened_on", Date, nullable=False),
    Column("happened_precision", Text, nullable=False),
    one_of("happened_precision", v.DatePrecision),
    Column("ended_on", Date),
    Column("ended_precision", Text),
    one_of("ended_precision", v.DatePrecision),
    Column("section_id", Integer, ForeignKey("border_sections.id")),
    Column("geom", point()),
    Column("source", Text, nullable=False),
    Column("source_ref", Text, nullable=False),
    Column("licence", Text, nullable=False),
    Column("coord_status", Text, nullable=False, server_default=text("'unknown'::text")),
    one_of("coord_status", v.CoordStatus),
    Column("provenance_note", Text),
    created_at(),
    updated_at(),
    located_or_unknown(),
    CheckConstraint("(ended_on IS NULL) = (ended_precision IS NULL)", name="ended_check"),
    CheckConstraint("ended_on IS NULL OR ended_on >= happened_on", name="ended_on_check"),
)

# --- bitemporal versions of the registry tables (0018) -------------------------------------

# Registry table -> the key its versions share (migrations/versions/0018_registry_versions.py).
VERSIONED: dict[str, str] = {
    "border_sections": "id",
    "marker_positions": "id",
    "markers": "id",
    "marker_aliases": "alias",
    "legal_positions": "id",
    "gates": "id",
    "villages": "id",
    "village_pairs": "id",
}


def versions_table(table: Table, key: str) -> Table:
    """``{table}_versions``: made ``LIKE`` its table (its columns and NOT NULLs, no defaults,
    generated or identity columns, nor checks), plus the valid and recorded periods, a
    version id, and the exclusion constraint that no two versions of one row overlap in
    both times (btree_gist)."""
    copies = [Column(c.name, c.type, nullable=c.nullable) for c in table.columns]
    name = f"{table.name}_versions"
    return Table(
        name,
        metadata,
        *copies,
        Column("valid_period", TSTZRANGE, nullable=False),
        Column("recorded_period", TSTZRANGE, nullable=False),
        Column("version_id", BigInteger, Identity(always=True), primary_key=True),
        ExcludeConstraint(
            (key, "="),
            ("valid_period", "&&"),
            ("recorded_period", "&&"),
            name=f"{name}_no_overlap",
            using="gist",
        ),
        Index(f"{name}_key_idx", key),
    )


VERSIONS = {name: versions_table(metadata.tables[name], key) for name, key in VERSIONED.items()}

# The exclusion constraints compare integers and text in a GiST index: btree_gist's operator
# classes (a trusted extension the owner makes; migration 0018 does too).
event.listen(metadata, "before_create", DDL("CREATE EXTENSION IF NOT EXISTS btree_gist"))

# --- the planners' desk (issue 11: 0020, 0022) -------------------------------------------

# A browser's sign-in: only the SHA-256 of the cookie's random id is kept, with the user's
# token version when it began (a password change or deactivation ends every session).
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id_hash", Text, primary_key=True),
    matches("id_hash", SHA256_PATTERN),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("token_version", Integer, nullable=False),
    Column("csrf_token", Text, nullable=False),  # the synchronizer token of changing forms
    created_at(),
    Column("last_seen_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Index("web_sessions_user_idx", "user_id"),
    Index("web_sessions_expires_idx", "expires_at"),
)

# Every replaced version of a corrected patrol or inspection, whole: the record's history.
record_history = Table(
    "record_history",
    metadata,
    identity(big=True),
    Column("entity", Text, nullable=False),
    one_of("entity", v.CorrectableRecord),
    Column("record_id", UUID(as_uuid=True), nullable=False),
    Column("version", Integer, nullable=False),
    Column("doc", JSONB, nullable=False),
    Column("replaced_by", Text, nullable=False),
    Column("replaced_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("reason", Text, nullable=False),
    CheckConstraint("length(reason) > 0", name="reason_check"),
    UniqueConstraint("entity", "record_id", "version"),
)

# --- along the line (0023, 0024) ----------------------------------------------------------

# The stretch of a section's line between two consecutive positions (and from each end of the
# section to its first and last position), re-cut by the triggers of 0023.
border_segments = Table(
    "border_segments",
    metadata,
    Column("id", Text, primary_key=True),  # <section>:<from>..<to>
    Column(
        "section_id", Integer, ForeignKey("border_sections.id", ondelete="CASCADE"), nullable=False
    ),
    Column("seq", Integer, nullable=False),
    Column("from_position_id", Integer, ForeignKey("marker_positions.id", ondelete="CASCADE")),
    Column("to_position_id", Integer, ForeignKey("marker_positions.id", ondelete="CASCADE")),
    Column("from_chainage_m", DOUBLE_PRECISION, nullable=False),
    Column("to_chainage_m", DOUBLE_PRECISION, nullable=False),
    CheckConstraint("to_chainage_m >= from_chainage_m", name="check"),
    Column("length_m", DOUBLE_PRECISION, Computed("ST_Length(geom::geography)", persisted=True)),
    Column("kind", Text, nullable=False, server_default=text("'unknown'::text")),
    one_of("kind", v.SegmentKind),
    Column("kind_source", Text),  # who says the kind: a source or a user
    Column("geom", Geometry("LINESTRING", srid=STORAGE_SRID, spatial_index=False), nullable=False),
    *provenance(),
    CheckConstraint("kind = 'unknown' OR kind_source IS NOT NULL", name="check1"),
    gist("border_segments_geom_idx", "geom"),
    Index("border_segments_section_idx", "section_id", "from_chainage_m"),
)

# A section's own patrol policy; the defaults live in the view patrol_policy_in_force.
patrol_policies = Table(
    "patrol_policies",
    metadata,
    Column(
        "section_id",
        Integer,
        ForeignKey("border_sections.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("every", INTERVAL, nullable=False),
    CheckConstraint("every >= interval '1 day'", name="every_check"),
    Column("min_share", DOUBLE_PRECISION, nullable=False),
    CheckConstraint("min_share > 0 AND min_share <= 1", name="min_share_check"),
    Column("distance_m", DOUBLE_PRECISION, nullable=False),
    CheckConstraint("distance_m > 0 AND distance_m <= 5000", name="distance_m_check"),
    updated_at(),
)

# Per patrol and section its track comes near: the stretches of the section's line within
# reach of it (lo[i] … hi[i], fractions of the line), and the reach and line digest they were
# worked out for (migration 0025: patrol_coverage takes a row only while both still match).
patrol_reaches = Table(
    "patrol_reaches",
    metadata,
    Column(
        "patrol_id",
        UUID(as_uuid=True),
        ForeignKey("patrols.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "section_id",
        Integer,
        ForeignKey("border_sections.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("reach_m", DOUBLE_PRECISION, nullable=False),
    Column("line_key", Text, nullable=False),
    Column("lo", ARRAY(DOUBLE_PRECISION), nullable=False),
    Column("hi", ARRAY(DOUBLE_PRECISION), nullable=False),
    CheckConstraint("cardinality(lo) = cardinality(hi)", name="check"),
    Index("patrol_reaches_section_idx", "section_id"),
)

# Per patrol and marker its track came within 1 km of (not withdrawn, back): the distance on
# the spheroid and the patrol's start and end (migration 0032: the due list and the marker
# page read a marker's newest pass within the "seen" distance from the index).
marker_passes = Table(
    "marker_passes",
    metadata,
    Column(
        "patrol_id",
        UUID(as_uuid=True),
        ForeignKey("patrols.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "marker_id",
        Integer,
        ForeignKey("markers.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True), nullable=False),
    Column("distance_m", DOUBLE_PRECISION, nullable=False),
    CheckConstraint("distance_m >= 0 AND distance_m <= 1000", name="distance_m_check"),
    Index(
        "marker_passes_newest_idx",
        "marker_id",
        text("started_at DESC"),
        postgresql_include=["ended_at", "distance_m"],
    ),
)


# --- views: what the layers publish, one row per feature, geometry in ``geom`` ------------
# The current text of each view. A migration that changes one runs ``replace_view(name)``'s
# statement as it stands when the migration is written (paste it: later edits here must not
# change what an old migration did).

VIEWS: dict[str, str] = {
    "markers_features": """
SELECT m.id, m.code, p.number AS position, m.chainage_m, m.type, m.status, m.maintained_by,
       coalesce(a.aliases, '{}') AS aliases,
       s.code AS section, m.id_status, m.source, m.source_ref, m.licence, m.coord_status,
       m.provenance_note, m.created_at, m.updated_at, m.registry_geom AS geom,
       m.valid_from, m.valid_from_precision, m.valid_from_ref
FROM markers m
JOIN marker_positions p ON p.id = m.position_id
JOIN border_sections s ON s.id = p.section_id
LEFT JOIN (SELECT marker_id, array_agg(alias ORDER BY alias) AS aliases
           FROM marker_aliases WHERE marker_id IS NOT NULL GROUP BY marker_id) a
       ON a.marker_id = m.id""",
    "marker_positions_features": """
SELECT p.id, p.number, p.chainage_m, p.kind, s.code AS section,
       (SELECT count(*) FROM markers m WHERE m.position_id = p.id) AS marker_count,
       p.id_status, p.source, p.source_ref, p.licence, p.coord_status, p.provenance_note,
       p.created_at, p.updated_at, p.geom,
       p.valid_from, p.valid_from_precision, p.valid_from_ref
FROM marker_positions p JOIN border_sections s ON s.id = p.section_id""",
    "village_pairs_features": """
SELECT vp.id, vp.code, vn.name AS vn_village, la.name AS la_village, vp.twinned_on,
       vp.date_precision, vp.pilot, vp.pact, vp.source, vp.source_ref, vp.licence,
       CASE WHEN vn.geom IS NOT NULL AND la.geom IS NOT NULL THEN vp.coord_status
            ELSE 'unknown' END AS coord_status,
       vp.provenance_note, vp.created_at, vp.updated_at,
       CASE WHEN vn.geom IS NOT NULL AND la.geom IS NOT NULL
            THEN ST_MakeLine(vn.geom, la.geom) END AS geom,
       vp.valid_from, vp.valid_from_precision, vp.valid_from_ref
FROM village_pairs vp
JOIN villages vn ON vn.id = vp.vn_village_id
JOIN villages la ON la.id = vp.la_village_id""",
    # The legal register as published: the instrument's coordinates beside the WGS84 point.
    "legal_positions_features": """
SELECT l.id, m.code AS marker_code, l.instrument, l.instrument_ref, l.crs, l.x, l.y, l.state,
       l.binding_from, l.binding_until, l.source, l.source_ref, l.licence,
       'legal'::text AS coord_status, l.provenance_note, l.created_at, l.updated_at, l.geom,
       l.valid_from, l.valid_from_precision, l.valid_from_ref
FROM legal_positions l JOIN markers m ON m.id = l.marker_id""",
    # Other names of markers; a legacy alias nobody has mapped yet has no point.
    "marker_aliases_features": """
SELECT a.alias, a.kind, m.code AS marker_code, a.source, a.source_ref, a.licence,
       CASE WHEN m.registry_geom IS NULL THEN 'unknown' ELSE m.coord_status END AS coord_status,
       a.provenance_note, a.created_at, a.updated_at, m.registry_geom AS geom,
       a.valid_from, a.valid_from_precision, a.valid_from_ref
FROM marker_aliases a LEFT JOIN markers m ON m.id = a.marker_id""",
    # Observations of where markers physically are: surveys and inspection GPS points.
    "marker_observations": """
SELECT 'survey:' || s.id AS id, m.code AS marker_code, 'survey'::text AS kind, s.method,
       s.epoch AS observed_at, s.accuracy_m, s.observer, s.displacement_m,
       s.displacement_from, s.source, s.source_ref, s.licence, 'surveyed'::text AS coord_status,
       s.provenance_note, s.updated_at, s.geom
FROM marker_surveys s JOIN markers m ON m.id = s.marker_id
UNION ALL
SELECT 'inspection:' || i.id, m.code, 'inspection', 'handheld_gps', i.observed_at,
       i.accuracy_m, i.created_by, i.displacement_m, 'registry', 'field inspection',
       'inspection ' || i.id, 'inspection record', 'surveyed', NULL, i.updated_at, i.position
FROM inspections i JOIN markers m ON m.id = i.marker_id
WHERE i.position IS NOT NULL AND i.withdrawn_at IS NULL""",
    "maintenance_features": """
SELECT r.id, m.code AS marker_code, r.legacy_alias, r.cause, r.observed_on,
       r.observed_precision, r.reported_on, r.reported_precision, r.severity, r.status,
       r.description, r.document_ref, r.version, r.source, r.source_ref, r.licence,
       r.coord_status, r.provenance_note, r.created_at, r.updated_at,
       coalesce(r.geom, m.registry_geom) AS geom
FROM maintenance_records r LEFT JOIN markers m ON m.id = r.marker_id""",
    # Withdrawn patrols and inspections (issue 11) leave the views, the maps and the schedule.
    "patrols_features": """
SELECT p.id, p.started_at, p.ended_at, p.vn_unit, p.la_unit, p.joint, p.participants,
       p.notes, p.length_m, p.created_by, p.version, p.created_at, p.updated_at,
       p.track AS geom, p.track_geojson AS geojson, p.track_bounds AS bounds
FROM patrols p WHERE p.withdrawn_at IS NULL""",
    "inspections_features": """
SELECT i.id, m.code AS marker_code, i.patrol_id, i.observed_at, i.condition,
       i.vegetation_cleared, i.accuracy_m, i.displacement_m, i.notes, i.created_by,
       i.version, i.created_at, i.updated_at, coalesce(i.position, m.registry_geom) AS geom,
       i.position
FROM inspections i JOIN markers m ON m.id = i.marker_id WHERE i.withdrawn_at IS NULL""",
    # One inspection schedule for the due list and the inspections map: a marker's own
    # interval, else its section's, else one month; markers never inspected are overdue.
    "inspection_schedule": """
SELECT m.id AS marker_id, m.code AS marker_code, s.code AS section, m.chainage_m,
       coalesce(mp.every, sp.every, interval '1 month') AS every,
       l.id AS last_inspection_id, l.observed_at AS last_observed_at,
       l.condition AS last_condition,
       l.observed_at + coalesce(mp.every, sp.every, interval '1 month') AS due_at,
       (l.observed_at IS NULL
        OR l.observed_at + coalesce(mp.every, sp.every, interval '1 month') < now()) AS overdue
FROM markers m
JOIN marker_positions p ON p.id = m.position_id
JOIN border_sections s ON s.id = p.section_id
LEFT JOIN inspection_policies mp ON mp.marker_id = m.id
LEFT JOIN inspection_policies sp ON sp.section_id = s.id
LEFT JOIN LATERAL (
    SELECT i.id, i.observed_at, i.condition FROM inspections i
    WHERE i.marker_id = m.id AND i.withdrawn_at IS NULL
    ORDER BY i.observed_at DESC LIMIT 1
) l ON true""",
    # Border segments as published: positions by number, the markers standing at each end.
    "border_segments_features": """
SELECT g.id, s.code AS section, g.seq, fp.number AS from_position, tp.number AS to_position,
       coalesce((SELECT array_agg(m.code ORDER BY m.code) FROM markers m
                 WHERE m.position_id = g.from_position_id), '{}') AS from_markers,
       coalesce((SELECT array_agg(m.code ORDER BY m.code) FROM markers m
                 WHERE m.position_id = g.to_position_id), '{}') AS to_markers,
       g.from_chainage_m, g.to_chainage_m, g.length_m, g.kind, g.kind_source,
       g.source, g.source_ref, g.licence, g.coord_status, g.provenance_note,
       g.created_at, g.updated_at, g.geom
FROM border_segments g
JOIN border_sections s ON s.id = g.section_id
LEFT JOIN marker_positions fp ON fp.id = g.from_position_id
LEFT JOIN marker_positions tp ON tp.id = g.to_position_id""",
    # The patrol policy of every section: its own, else one joint patrol a month covering
    # half of each segment, counted within 200 m of a track (the defaults live here).
    "patrol_policy_in_force": """
SELECT s.id AS section_id, s.code AS section,
       coalesce(p.every, interval '1 month') AS every,
       coalesce(p.min_share, 0.5) AS min_share,
       coalesce(p.distance_m, 200) AS distance_m,
       p.section_id IS NOT NULL AS own_policy
FROM border_sections s LEFT JOIN patrol_policies p ON p.section_id = s.id""",
    # Each section in its UTM zone with its reach: what a track's stretches depend on.
    "patrol_reach_sections": """
SELECT s.id, s.code, s.geom, pol.every, pol.min_share, pol.distance_m AS reach_m,
       utm_srid(s.geom) AS srid, ST_Transform(s.geom, utm_srid(s.geom)) AS line_m,
       -- the distance in degrees of longitude (the larger) at the section's latitude
       pol.distance_m / (111320 * cos(radians(ST_Y(ST_Centroid(s.geom))))) * 1.01
           AS reach_deg,
       md5(ST_AsEWKB(s.geom)) AS line_key
FROM border_sections s
JOIN patrol_policy_in_force pol ON pol.section_id = s.id""",
    # The coverage collection: the current month so far, on the border's calendar.
    "patrol_coverage_features": """
SELECT c.*
FROM (SELECT (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS today) AS d,
     patrol_coverage(date_trunc('month', d.today)::date, d.today) AS c""",
}

# The functions the views call (patrol_coverage_features), as their current text: a database
# built from this metadata creates them before the views, and tests/test_schema.py compares
# them with the migrated ones. The other functions (triggers) are the migrations' alone.
VIEW_FUNCTIONS: dict[str, str] = {
    # The WGS84 UTM zone holding a geometry's centroid.
    "utm_srid": """
utm_srid(g geometry) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS $$
SELECT CASE WHEN ST_Y(c) >= 0 THEN 32600 ELSE 32700 END
       + least(60, greatest(1, floor((ST_X(c) + 180) / 6)::integer + 1))
FROM ST_Centroid(g) AS c
$$""",
    # The stretches of a section's line within reach of a track (migration 0025).
    "patrol_stretches": """
patrol_stretches(track geometry, line geometry, line_m geometry,
                                 reach_m double precision, reach_deg double precision)
RETURNS TABLE (lo double precision, hi double precision)
LANGUAGE sql IMMUTABLE STRICT AS $$
SELECT least(f.a, f.b), greatest(f.a, f.b)
FROM (SELECT ST_Buffer(ST_Simplify(ST_Transform(ST_ClipByBox2D(
          track, ST_Expand(line, 2 * reach_deg)::box2d), ST_SRID(line_m)),
          reach_m / 20), reach_m) AS zone) AS z,
     LATERAL ST_Dump(ST_Intersection(line_m, z.zone)) AS d,
     LATERAL (SELECT ST_LineLocatePoint(line_m, ST_StartPoint(d.geom)) AS a,
                     ST_LineLocatePoint(line_m, ST_EndPoint(d.geom)) AS b) AS f
WHERE ST_GeometryType(d.geom) = 'ST_LineString'
$$""",
    # Each border segment's patrol coverage in a period (migrations 0024 and 0025 explain it).
    "patrol_coverage": """
patrol_coverage(date_from date, date_to date, only_section text DEFAULT NULL)
RETURNS TABLE (
    segment_id text, section text, seq integer, from_position text, to_position text,
    from_markers text[], to_markers text[], from_chainage_m double precision,
    to_chainage_m double precision, length_m double precision, kind text,
    distance_m double precision, covered_share double precision,
    joint_share double precision, vn_only_share double precision, patrols integer,
    joint_patrols integer, last_patrolled_at timestamptz, last_joint_patrolled_at timestamptz,
    policy_every interval, policy_min_share double precision, windows integer,
    windows_met integer, meets_policy boolean, geom geometry, gaps geometry,
    share_band text)
LANGUAGE sql STABLE AS $$
WITH period AS (
    SELECT date_from::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh' AS starts,
           (date_to + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh' AS ends
), sec AS MATERIALIZED (
    -- each section in its UTM zone, with its policy
    SELECT * FROM patrol_reach_sections
    WHERE only_section IS NULL OR code = only_section
), seg AS MATERIALIZED (
    -- each segment as the fractions a … b of its section's line in metres
    SELECT f.*, sec.id AS section_id, sec.every, sec.min_share, sec.reach_m, sec.srid,
           sec.reach_deg, ST_Transform(f.geom, sec.srid) AS geom_m,
           least(e.a, e.b) AS a, greatest(e.a, e.b) AS b
    FROM border_segments_features f
    JOIN sec ON sec.code = f.section,
    LATERAL (SELECT ST_LineLocatePoint(sec.line_m, ST_Transform(ST_StartPoint(f.geom),
                                                                  sec.srid)) AS a,
                    ST_LineLocatePoint(sec.line_m, ST_Transform(ST_EndPoint(f.geom),
                                                                  sec.srid)) AS b) AS e
), near AS MATERIALIZED (
    -- each patrol of the period near a section, with its stored stretches when they were
    -- worked out for the section's reach and line as they are now
    SELECT sec.id AS section_id, p.id AS patrol_id, p.joint, p.started_at, p.ended_at,
           r.lo AS stored_lo, r.hi AS stored_hi, r.patrol_id IS NOT NULL AS stored
    FROM sec
    CROSS JOIN period
    JOIN patrols p ON p.track && ST_Expand(sec.geom, sec.reach_deg)
    LEFT JOIN patrol_reaches r ON r.patrol_id = p.id AND r.section_id = sec.id
                              AND r.reach_m = sec.reach_m AND r.line_key = sec.line_key
    WHERE p.started_at >= period.starts AND p.started_at < period.ends
      AND p.withdrawn_at IS NULL  -- a withdrawn patrol is out of every layer and count
), piece AS MATERIALIZED (
    -- the stretches of the section's line within reach of each track, as fractions of the
    -- line: stored, else worked out here by the same rule
    SELECT n.section_id, n.patrol_id, n.joint, n.started_at, n.ended_at, x.lo, x.hi
    FROM near n, LATERAL unnest(n.stored_lo, n.stored_hi) AS x (lo, hi)
    WHERE n.stored
    UNION ALL
    SELECT n.section_id, n.patrol_id, n.joint, n.started_at, n.ended_at, x.lo, x.hi
    FROM near n
    JOIN sec ON sec.id = n.section_id
    JOIN patrols p ON p.id = n.patrol_id,
    LATERAL patrol_stretches(p.track, sec.geom, sec.line_m, sec.reach_m, sec.reach_deg) AS x
    WHERE NOT n.stored
), on_segment AS MATERIALIZED (
    -- the part of each stretch on each segment it reaches (touching counts as passing)
    SELECT s.id AS segment_id, q.patrol_id, q.joint, q.started_at, q.ended_at,
           greatest(q.lo, s.a) AS lo, least(q.hi, s.b) AS hi
    FROM piece q JOIN seg s ON s.section_id = q.section_id AND q.hi >= s.a AND q.lo <= s.b
), stretch AS (
    -- every stretch counts for all patrols and for its own kind (joint or Vietnamese-only)
    SELECT segment_id, 'any' AS kind, lo, hi FROM on_segment
    UNION ALL
    SELECT segment_id, CASE WHEN joint THEN 'joint' ELSE 'vn' END, lo, hi FROM on_segment
), reached AS (
    SELECT stretch.*, max(hi) OVER (PARTITION BY segment_id, kind ORDER BY lo, hi
                                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
    FROM stretch
), numbered AS (
    -- overlapping stretches share an island number
    SELECT reached.*, sum(CASE WHEN before IS NULL OR lo > before THEN 1 ELSE 0 END)
               OVER (PARTITION BY segment_id, kind ORDER BY lo, hi) AS island
    FROM reached
), island AS (
    SELECT segment_id, kind, min(lo) AS lo, max(hi) AS hi
    FROM numbered GROUP BY segment_id, kind, island
), zones AS (
    SELECT i.segment_id,
           sum(i.hi - i.lo) FILTER (WHERE i.kind = 'any') / (s.b - s.a) AS any_share,
           coalesce(sum(i.hi - i.lo) FILTER (WHERE i.kind = 'joint'), 0) / (s.b - s.a)
               AS joint_share,
           coalesce(sum(i.hi - i.lo) FILTER (WHERE i.kind = 'vn'), 0) / (s.b - s.a)
               AS vn_share
    FROM island i JOIN seg s ON s.id = i.segment_id
    WHERE s.b > s.a
    GROUP BY i.segment_id, s.a, s.b
), counted AS (
    SELECT segment_id, count(DISTINCT patrol_id)::integer AS patrols,
           (count(DISTINCT patrol_id) FILTER (WHERE joint))::integer AS joint_patrols,
           (array_agg(ended_at ORDER BY started_at DESC))[1] AS any_at,
           (array_agg(ended_at ORDER BY started_at DESC) FILTER (WHERE joint))[1] AS joint_at
    FROM on_segment GROUP BY segment_id
), gap AS (
    -- between the islands of all patrols, and from the last one to the segment's end
    SELECT i.segment_id, coalesce(lag(i.hi) OVER w, s.a) AS lo, i.lo AS hi
    FROM island i JOIN seg s ON s.id = i.segment_id
    WHERE i.kind = 'any' WINDOW w AS (PARTITION BY i.segment_id ORDER BY i.lo)
    UNION ALL
    SELECT i.segment_id, max(i.hi), s.b FROM island i JOIN seg s ON s.id = i.segment_id
    WHERE i.kind = 'any' GROUP BY i.segment_id, s.b
), gaps AS (
    SELECT g.segment_id,
           ST_Transform(ST_Multi(ST_Collect(ST_LineSubstring(sec.line_m, g.lo, g.hi)
                                            ORDER BY g.lo)), 4326) AS gaps
    FROM gap g JOIN seg s ON s.id = g.segment_id JOIN sec ON sec.id = s.section_id
    WHERE g.hi > g.lo + 1e-9 GROUP BY g.segment_id
), qualifying AS (
    -- joint patrols covering at least the policy's share of the segment
    SELECT q.segment_id, q.started_at
    FROM on_segment q JOIN seg s ON s.id = q.segment_id
    WHERE q.joint AND s.b > s.a
    GROUP BY q.segment_id, q.patrol_id, q.started_at, s.min_share, s.a, s.b
    HAVING sum(q.hi - q.lo) >= s.min_share * (s.b - s.a)
), window_of AS (
    -- the policy's windows of each section, from the period's start
    SELECT sec.id AS section_id,
           (date_from::timestamp + n * sec.every) AT TIME ZONE 'Asia/Ho_Chi_Minh' AS starts,
           least((date_from::timestamp + (n + 1) * sec.every) AT TIME ZONE 'Asia/Ho_Chi_Minh',
                 period.ends) AS ends
    FROM sec, period, generate_series(0, date_to - date_from) AS n
    WHERE (date_from::timestamp + n * sec.every) AT TIME ZONE 'Asia/Ho_Chi_Minh' < period.ends
), window_count AS (
    SELECT section_id, count(*)::integer AS windows FROM window_of GROUP BY section_id
), met AS (
    SELECT q.segment_id, count(DISTINCT w.starts)::integer AS windows_met
    FROM qualifying q
    JOIN seg s ON s.id = q.segment_id
    JOIN window_of w ON w.section_id = s.section_id
                    AND q.started_at >= w.starts AND q.started_at < w.ends
    GROUP BY q.segment_id
), result AS (
    SELECT s.id AS segment_id, s.section, s.seq, s.from_position, s.to_position,
           s.from_markers, s.to_markers, s.from_chainage_m, s.to_chainage_m, s.length_m,
           s.kind, s.reach_m AS distance_m,
           least(1, coalesce(z.any_share, 0)) AS covered_share,
           least(1, coalesce(z.joint_share, 0)) AS joint_share,
           least(1, coalesce(z.vn_share, 0)) AS vn_only_share,
           coalesce(c.patrols, 0) AS patrols, coalesce(c.joint_patrols, 0) AS joint_patrols,
           coalesce(c.any_at, before.any_at) AS last_patrolled_at,
           coalesce(c.joint_at, before.joint_at) AS last_joint_patrolled_at,
           s.every AS policy_every, s.min_share AS policy_min_share, wc.windows,
           coalesce(m.windows_met, 0) AS windows_met,
           coalesce(m.windows_met, 0) = wc.windows AS meets_policy, s.geom,
           -- the parts of the segment no patrol came near
           CASE WHEN z.any_share IS NULL THEN ST_Multi(s.geom)
                ELSE coalesce(g.gaps, 'SRID=4326;MULTILINESTRING EMPTY'::geometry) END AS gaps
    FROM seg s
    CROSS JOIN period
    JOIN window_count wc ON wc.section_id = s.section_id
    LEFT JOIN zones z ON z.segment_id = s.id
    LEFT JOIN counted c ON c.segment_id = s.id
    LEFT JOIN gaps g ON g.segment_id = s.id
    LEFT JOIN met m ON m.segment_id = s.id
    LEFT JOIN LATERAL (
        -- no patrol of the period passed (or not a joint one): the latest one before it
        SELECT (SELECT p.ended_at FROM patrols p
                WHERE c.any_at IS NULL AND p.started_at < period.starts
                  AND p.withdrawn_at IS NULL
                  AND p.track && ST_Expand(s.geom, s.reach_deg)
                  AND ST_DWithin(ST_Transform(ST_ClipByBox2D(p.track, ST_Expand(
                          s.geom, 2 * s.reach_deg)::box2d), s.srid), s.geom_m, s.reach_m)
                ORDER BY p.started_at DESC LIMIT 1) AS any_at,
               (SELECT p.ended_at FROM patrols p
                WHERE c.joint_at IS NULL AND p.joint AND p.started_at < period.starts
                  AND p.withdrawn_at IS NULL
                  AND p.track && ST_Expand(s.geom, s.reach_deg)
                  AND ST_DWithin(ST_Transform(ST_ClipByBox2D(p.track, ST_Expand(
                          s.geom, 2 * s.reach_deg)::box2d), s.srid), s.geom_m, s.reach_m)
                ORDER BY p.started_at DESC LIMIT 1) AS joint_at) AS before ON true
)
SELECT r.*, CASE WHEN r.covered_share = 0 THEN 'uncovered'
                 WHEN r.covered_share < 0.5 THEN 'under_half'
                 WHEN r.covered_share < 0.9 THEN 'over_half'
                 ELSE 'over_90' END
FROM result AS r
ORDER BY r.section, r.seq
$$""",
}


def replace_view(name: str, as_name: str | None = None) -> str:
    """``CREATE OR REPLACE VIEW`` for the current text of view ``name`` (under ``as_name``
    when given, e.g. a temporary copy to compare with)."""
    keyword = "TEMPORARY VIEW" if as_name else "VIEW"
    return f"CREATE OR REPLACE {keyword} {as_name or name} AS {VIEWS[name].strip()}"


def replace_function(name: str) -> str:
    """``CREATE OR REPLACE FUNCTION`` for the current text of function ``name``."""
    return f"CREATE OR REPLACE FUNCTION {VIEW_FUNCTIONS[name].strip()}"


def alembic_options() -> dict[str, Any]:
    """How Alembic compares this metadata with a database (``migrations/env.py`` and the
    drift test use the same): geoalchemy2 renders geometry columns in new migrations and
    keeps PostGIS's own tables out; types and server defaults are compared too."""
    from geoalchemy2 import alembic_helpers

    return {
        "target_metadata": metadata,
        "include_object": alembic_helpers.include_object,
        "render_item": alembic_helpers.render_item,
        "process_revision_directives": alembic_helpers.writer,
        "compare_type": True,
        "compare_server_default": True,
    }

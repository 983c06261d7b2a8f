"""The registry's words, written once.

Every list of allowed values lives here: the CHECK constraints of ``gis.schema``, the pydantic
models, the layers, the importers, the command line, the lifecycle, the access rules and the
map script's configuration all read these. ``tests/test_schema.py`` compares them with the
CHECK constraints the migrated database really holds.

A ``StrEnum`` member is a ``str``: it compares equal to its value, formats as its value and
is sent to PostgreSQL as its value. ``values(Kind)`` gives the plain tuple of values.
"""

from __future__ import annotations

from enum import StrEnum


def values(kind: type[StrEnum]) -> tuple[str, ...]:
    """The values of ``kind`` in their declared order, as plain strings."""
    return tuple(member.value for member in kind)


class CoordStatus(StrEnum):
    """How a record's coordinates were obtained."""

    surveyed = "surveyed"
    source_point = "source_point"
    derived = "derived"
    approximate = "approximate"
    interpolated = "interpolated"  # the seed's own positions along the line
    unknown = "unknown"


class MarkerCoordStatus(StrEnum):
    """How a marker's registry point was obtained: a record's ``CoordStatus``, or ``legal``
    (its binding legal position, which no reading replaces)."""

    surveyed = "surveyed"
    source_point = "source_point"
    derived = "derived"
    approximate = "approximate"
    interpolated = "interpolated"
    unknown = "unknown"
    legal = "legal"


# Maps draw features with these coordinates as approximate (dashed outline).
APPROXIMATE_COORD_STATUSES = (CoordStatus.interpolated, CoordStatus.approximate)
# What an importer may claim for a file's coordinates: ``interpolated`` is the seed's, and
# a file with no coordinates is refused rather than stored as ``unknown``.
IMPORTED_COORD_STATUSES = (
    CoordStatus.surveyed,
    CoordStatus.source_point,
    CoordStatus.derived,
    CoordStatus.approximate,
)


class IdStatus(StrEnum):
    """Whether a marker or position number is the official one or only illustrative."""

    official = "official"
    illustrative = "illustrative"


class SegmentKind(StrEnum):
    """What a border segment runs along; ``unknown`` unless a source or a user says so."""

    land = "land"
    river = "river"
    unknown = "unknown"


class CoverageBand(StrEnum):
    """The band of a segment's share patrolled in a period, as the coverage map colours it."""

    uncovered = "uncovered"  # no patrol came near
    under_half = "under_half"
    over_half = "over_half"  # half or more, under 90 %
    over_90 = "over_90"  # 90 % or more


class PositionKind(StrEnum):
    """How many markers stand at one position."""

    single = "single"
    double = "double"
    triple = "triple"


class MarkerType(StrEnum):
    """What stands at a position: a national boundary marker (cột mốc) or a reference
    stake (cọc dấu)."""

    boundary_marker = "boundary_marker"
    reference_stake = "reference_stake"


class MarkerStatus(StrEnum):
    """The physical state of a marker as the registry last knew it."""

    intact = "intact"
    needs_attention = "needs_attention"
    damaged = "damaged"
    destroyed = "destroyed"
    unknown = "unknown"


class MaintainingSide(StrEnum):
    """Which country maintains a marker."""

    VN = "VN"
    LA = "LA"
    unknown = "unknown"


class Country(StrEnum):
    """Which side of the border a village lies on."""

    VN = "VN"
    LA = "LA"


class AliasKind(StrEnum):
    """What kind of other name a marker alias is."""

    legacy = "legacy"  # an id from before densification (Q6, R2)
    other = "other"


class GateType(StrEnum):
    """The rank of a border gate (cửa khẩu), now or as planned."""

    international = "international"
    main = "main"
    auxiliary = "auxiliary"


class GateEventKind(StrEnum):
    """What happened at a gate in its history (opening, upgrade, plans, traffic, …)."""

    opened = "opened"
    upgraded = "upgraded"
    upgrade_planned = "upgrade_planned"
    single_window = "single_window"
    infrastructure = "infrastructure"
    traffic = "traffic"
    proposal = "proposal"
    other = "other"


class DatePrecision(StrEnum):
    """How much of a date the source gives (a year-only date is stored as 1 January)."""

    day = "day"
    month = "month"
    year = "year"


class Condition(StrEnum):
    """What a guard found at a marker."""

    intact = "intact"
    vegetation_overgrown = "vegetation_overgrown"
    cracked = "cracked"
    tilted = "tilted"
    damaged = "damaged"
    buried = "buried"
    displaced = "displaced"
    missing = "missing"


class Cause(StrEnum):
    """What damaged a marker."""

    landslide = "landslide"
    flood = "flood"
    erosion = "erosion"
    crack = "crack"
    vandalism = "vandalism"
    construction = "construction"
    vegetation = "vegetation"
    unknown = "unknown"
    other = "other"


class Severity(StrEnum):
    """How bad the damage in a maintenance record is."""

    low = "low"
    moderate = "moderate"
    severe = "severe"
    unknown = "unknown"


class MaintenanceStatus(StrEnum):
    """The steps of a maintenance record (gis/field/lifecycle.py says which follows which)."""

    reported = "reported"
    assessed = "assessed"
    repair_proposed = "repair_proposed"
    approved = "approved"
    in_repair = "in_repair"
    repaired = "repaired"
    verified = "verified"
    closed = "closed"


# Records in these states need no more work; the others are open damage.
CLOSED_MAINTENANCE_STATUSES = (
    MaintenanceStatus.repaired,
    MaintenanceStatus.verified,
    MaintenanceStatus.closed,
)
OPEN_MAINTENANCE_STATUSES = tuple(
    s for s in MaintenanceStatus if s not in CLOSED_MAINTENANCE_STATUSES
)


class Role(StrEnum):
    """What a signed-in user or an API key may do."""

    guard = "guard"
    planner = "planner"
    ministry = "ministry"  # reads everything, writes nothing
    admin = "admin"


# Everyone signed in: who may read the field layers.
FIELD_ROLES = frozenset(Role)
# Who records patrols, inspections and damage, and carries repairs out.
FIELD_WRITERS = frozenset({Role.guard, Role.planner, Role.admin})
# Who also assesses, proposes, approves and verifies repairs.
PLANNERS = frozenset({Role.planner, Role.admin})
ADMINS = frozenset({Role.admin})
# Who may read the joint report: planners and admins, and the ministries' keys.
REPORT_READERS = PLANNERS | {Role.ministry}


class AuditChannel(StrEnum):
    """Through which channel a change reached the registry (``audit_log.via``)."""

    api = "api"
    sync = "sync"
    cli = "cli"
    import_ = "import"
    web = "web"  # the planners' desk: pages signed in with a browser session (issue 11)


class ChangeOperation(StrEnum):
    """What the change feed says happened to a feature."""

    create = "create"
    update = "update"
    delete = "delete"


class PhotoMediaType(StrEnum):
    """The image formats a photo may be stored in."""

    jpeg = "image/jpeg"
    png = "image/png"


class CorrectableRecord(StrEnum):
    """The field records that are corrected and withdrawn (issue 11): the tables whose old
    versions ``record_history`` keeps."""

    patrols = "patrols"
    inspections = "inspections"


class AlertKind(StrEnum):
    """Why an inspection raised an alert."""

    displacement = "displacement"


class LegalState(StrEnum):
    """Where a legal position stands in law: proposed, in force, or replaced by another."""

    draft = "draft"
    binding = "binding"
    superseded = "superseded"


class SurveyMethod(StrEnum):
    """How a survey measured where a marker stands."""

    gnss = "gnss"
    rtk = "rtk"
    total_station = "total_station"
    handheld_gps = "handheld_gps"
    other = "other"


class RecordAs(StrEnum):
    """What an import's rows are besides registry points (``--as``): the legal register, or
    observations of where markers stand."""

    legal = "legal"
    survey = "survey"


class ValidTimePrecision(StrEnum):
    """How precise a registry row's valid time (``valid_from``) is: an instant the registry
    saw, or a date the sources give to the day, month or year."""

    instant = "instant"
    day = "day"
    month = "month"
    year = "year"


class BorderEventKind(StrEnum):
    """What kind of event of the border's history a ``border_events`` row is."""

    treaty = "treaty"
    demarcation = "demarcation"
    densification = "densification"
    protocol = "protocol"
    review = "review"
    handover = "handover"
    other = "other"

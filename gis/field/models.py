"""The shapes of field records, as clients send them and as the API answers.

Interface names are fixed by issue 4 (clients and checks rely on them).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Literal
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)
from shapely.geometry import shape

from gis.field.tracks import TrackCleaning, clean
from gis.settings import get_settings
from gis.vocabulary import Cause, Condition, MarkerStatus, Severity
from gis.vocabulary import MaintenanceStatus as Status

Text = Field(default=None, max_length=4000)
NUL_MESSAGE = "text cannot hold the NUL character (U+0000); PostgreSQL refuses it"


class Input(BaseModel):
    """Every model a client sends. Text may not hold NUL: checked here, once for every field,
    so that the error names the field (and a sync batch rejects one record, not all)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        for text in value if isinstance(value, list) else (value,):
            if isinstance(text, str) and "\x00" in text:
                raise ValueError(NUL_MESSAGE)
        return value


def _lon_lat_ok(geometry: dict[str, Any]) -> dict[str, Any]:
    """Parse with shapely so broken coordinates fail here, with a readable message."""
    try:
        parsed = shape(geometry)
    except Exception as err:  # shapely raises several types for malformed coordinates
        raise ValueError(f"not a valid GeoJSON {geometry.get('type')}: {err}") from err
    if parsed.is_empty:
        raise ValueError("geometry is empty")
    if not all(math.isfinite(v) for v in parsed.bounds):
        raise ValueError("a coordinate is NaN or Infinity, not a position")
    minx, miny, maxx, maxy = parsed.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise ValueError("coordinates must be longitude, latitude in WGS84 degrees")
    return geometry


class Point(Input):
    """A GeoJSON Point in WGS84 longitude, latitude."""

    model_config = ConfigDict(extra="ignore")  # GeoJSON allows foreign members ("bbox")
    type: Literal["Point"]
    coordinates: list[float] = Field(min_length=2, max_length=3)

    @model_validator(mode="after")
    def _valid(self) -> Point:
        _lon_lat_ok(self.model_dump())
        return self


class Track(Input):
    """A GeoJSON LineString or MultiLineString in WGS84, cleaned as gis.field.tracks says
    (Z/M, repeated points and one-place segments removed; ``cleaning`` tells what)."""

    model_config = ConfigDict(extra="ignore")
    type: Literal["LineString", "MultiLineString"]
    coordinates: list[Any] = Field(min_length=1)
    _cleaning: TrackCleaning | None = PrivateAttr(default=None)
    _wkb: bytes = PrivateAttr(default=b"")

    @model_validator(mode="after")
    def _cleaned(self, info: ValidationInfo) -> Track:
        if self._cleaning is not None:  # a Track already cleaned, put into a PatrolIn
            return self
        # A GPX file's reader passes what it left out already (see api/routes/patrols.py).
        source = info.context or {}
        lines = [self.coordinates] if self.type == "LineString" else self.coordinates
        cleaned = clean(
            lines,
            get_settings().max_track_vertices,
            source.get("points_without_position", 0),
            source.get("elevations", 0),
        )
        self.type = "MultiLineString"
        self.coordinates = cleaned.lines
        self._cleaning = cleaned.cleaning
        self._wkb = cleaned.wkb
        return self

    @property
    def cleaning(self) -> TrackCleaning:
        """What validation cleaned from the track."""
        assert self._cleaning is not None  # set by validation
        return self._cleaning

    @property
    def wkb(self) -> bytes:
        """The cleaned track as a WKB MultiLineString (lon, lat), the form stored."""
        assert self._wkb  # set by validation
        return self._wkb


class Record(Input):
    """A field record; its id is made by the client, so a record sent twice is stored once."""

    id: UUID = Field(description="made by the client, so retries stay one record")


class PatrolIn(Record):
    """A patrol: when, which units, who, and the track walked."""

    started_at: dt.datetime
    ended_at: dt.datetime
    vn_unit: str = Field(min_length=1, max_length=200)
    la_unit: str | None = Field(default=None, max_length=200)
    joint: bool = False
    participants: list[str] = Field(default_factory=list, max_length=200)
    track: Track
    notes: str | None = Text

    @field_validator("started_at", "ended_at")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        return _with_zone(value)

    @model_validator(mode="after")
    def _consistent(self) -> PatrolIn:
        if self.ended_at < self.started_at:
            raise ValueError("ended_at is before started_at")
        if self.joint and not self.la_unit:
            raise ValueError("a joint patrol names its Lao unit (la_unit)")
        return self


class InspectionIn(Record):
    """An inspection of one marker: when, the condition found and, optionally, where the phone
    stood."""

    marker_code: str = Field(min_length=1, max_length=40)
    observed_at: dt.datetime
    condition: Condition
    vegetation_cleared: bool = False
    position: Point | None = None
    accuracy_m: float | None = Field(default=None, ge=0, le=10_000)
    notes: str | None = Text
    patrol_id: UUID | None = None

    @field_validator("observed_at")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        return _with_zone(value)


class DamageReportIn(Record):
    """Damage found at a marker or a place; it opens a maintenance record."""

    marker_code: str | None = Field(default=None, min_length=1, max_length=40)
    position: Point | None = None
    cause: Cause
    severity: Severity = Severity.unknown
    observed_on: dt.date | None = None
    description: str = Field(min_length=1, max_length=4000)
    document_ref: str | None = Field(default=None, max_length=400)

    @model_validator(mode="after")
    def _located(self) -> DamageReportIn:
        if self.marker_code is None and self.position is None:
            raise ValueError("a damage report names a marker_code or gives a position")
        return self


class TransitionIn(Input):
    """One step of a maintenance record to its next status."""

    to: Status
    note: str | None = Text
    document_ref: str | None = Field(default=None, max_length=400)
    happened_on: dt.date | None = Field(
        default=None,
        description="the day the work was done (a step taken offline is sent "
        "later); not in the future, not before the damage was reported",
    )


class SyncTransition(TransitionIn):
    """A transition made offline: its own UUID, its record and the version it was based on."""

    id: UUID
    record_id: UUID
    base_version: int = Field(ge=1)


class PolicyIn(Input):
    """How often the markers of one section, or one marker, are to be inspected."""

    section: str | None = Field(default=None, min_length=1, max_length=40)
    marker_code: str | None = Field(default=None, min_length=1, max_length=40)
    every_days: int = Field(ge=1, le=3660)

    @model_validator(mode="after")
    def _one_target(self) -> PolicyIn:
        if (self.section is None) == (self.marker_code is None):
            raise ValueError("give exactly one of section or marker_code")
        return self


def _with_zone(value: dt.datetime) -> dt.datetime:
    # RFC 3339 requires an offset; a naive time from a device clock is ambiguous.
    if value.tzinfo is None:
        raise ValueError("time needs a UTC offset (RFC 3339), e.g. 2024-05-01T08:00:00+07:00")
    return value


# --- answers -------------------------------------------------------------------------------


class PatrolOut(BaseModel):
    """A stored patrol, with its measured length and the markers it passed."""

    id: UUID
    started_at: dt.datetime
    ended_at: dt.datetime
    vn_unit: str
    la_unit: str | None
    joint: bool
    participants: list[str]
    track: dict[str, Any] | None = Field(
        description="the stored track (GeoJSON MultiLineString); null in the answer to an "
        "upload, which the client already holds: its `cleaning` counts what was kept, and "
        "`GET /patrols/{id}` (the answer's Location) returns the track"
    )
    notes: str | None
    length_m: float
    markers_passed: list[str]
    version: int
    created_by: str
    withdrawn_at: dt.datetime | None = None
    withdrawn_by: str | None = None
    withdrawal_reason: str | None = None
    cleaning: TrackCleaning | None = Field(
        None, description="what was cleaned from the track as sent (in answers to POST)"
    )


class InspectionOut(BaseModel):
    """A stored inspection, with the displacement measured and whether it raised an alert."""

    id: UUID
    marker_code: str
    observed_at: dt.datetime
    condition: Condition
    vegetation_cleared: bool
    position: dict[str, Any] | None
    accuracy_m: float | None
    notes: str | None
    patrol_id: UUID | None
    displacement_m: float | None
    alert: bool
    version: int
    created_by: str
    withdrawn_at: dt.datetime | None = None
    withdrawn_by: str | None = None
    withdrawal_reason: str | None = None


class EventOut(BaseModel):
    """One step in a maintenance record's history."""

    from_status: str | None
    to_status: str
    note: str | None
    document_ref: str | None
    actor: str
    happened_on: dt.date | None
    created_at: dt.datetime


class MaintenanceOut(BaseModel):
    """A maintenance record with its history of steps."""

    id: UUID
    marker_code: str | None
    legacy_alias: str | None
    position: dict[str, Any] | None
    cause: str
    severity: str
    status: str
    observed_on: dt.date | None
    description: str
    document_ref: str | None
    version: int
    history: list[EventOut]


class PhotoOut(BaseModel):
    """A stored photo: its hash, size, and the time and place its EXIF data gave."""

    id: UUID
    inspection_id: UUID | None
    maintenance_id: UUID | None
    sha256: str
    media_type: str
    size_bytes: int
    width: int
    height: int
    taken_at: dt.datetime | None
    position: dict[str, Any] | None
    duplicate: bool = False


class AlertOut(BaseModel):
    """A displacement alert raised by an inspection."""

    id: int
    kind: str
    marker_code: str
    inspection_id: UUID
    observed_at: dt.datetime
    displacement_m: float
    threshold_m: float
    created_at: dt.datetime
    acknowledged_at: dt.datetime | None = None
    acknowledged_by: str | None = None
    acknowledgement_note: str | None = None


class AcknowledgementIn(Input):
    """An alert acknowledged: an optional note."""

    note: str | None = Text


Reason = Field(min_length=1, max_length=4000, description="why: kept in the history")


class InspectionCorrectionIn(Input):
    """The fields to replace (those sent; ``notes: null`` clears the notes) and why."""

    reason: str = Reason
    condition: Condition | None = None
    vegetation_cleared: bool | None = None
    notes: str | None = Text


class PatrolCorrectionIn(Input):
    """The fields to replace (those sent) and why."""

    reason: str = Reason
    vn_unit: str | None = Field(None, min_length=1, max_length=200)
    la_unit: str | None = Field(None, max_length=200)
    joint: bool | None = None
    participants: list[str] | None = Field(None, max_length=100)
    notes: str | None = Text


class WithdrawalIn(Input):
    """A record withdrawn: why."""

    reason: str = Reason


class VersionOut(BaseModel):
    """A replaced version of a record: the record as it was, who replaced it, when, why."""

    version: int
    record: dict[str, Any]
    replaced_by: str
    replaced_at: dt.datetime
    reason: str


class MarkerStatusIn(Input):
    """A planner's decision on a marker's status, with the reason."""

    status: MarkerStatus
    reason: str = Field(min_length=1, max_length=4000)


class MarkerStatusOut(BaseModel):
    """A marker's status, its version and what the latest inspection proposes."""

    code: str
    status: str
    version: int
    last_condition: str | None = None
    last_observed_at: dt.datetime | None = None
    proposed: str | None = None


class DueOut(BaseModel):
    """A marker's inspection schedule: when it is due and its last inspection."""

    marker_code: str
    section: str
    every_days: float
    due_at: dt.datetime | None
    overdue: bool
    last_inspection: dict[str, Any] | None
    # the end of the last patrol that passed the marker (seen, not inspected)
    last_seen_at: dt.datetime | None = None


class SyncResult(BaseModel):
    """One record's outcome. ``retry_later``: something it depends on (the damage report a
    transition moves, the patrol an inspection names) is not stored yet; send it again after
    that record. ``rejected`` is final: the record itself is wrong."""

    id: str
    status: Literal["created", "duplicate", "conflict", "rejected", "retry_later"]
    detail: str
    current_version: int | None = None
    cleaning: TrackCleaning | None = None

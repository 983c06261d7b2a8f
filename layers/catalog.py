"""The published layers, one declaration each. API collections and maps are built from these."""

from __future__ import annotations

from gis import vocabulary as v
from layers.base import Layer, Property, Sites, Style, Versions

# Every feature says where it came from.
PROVENANCE = (
    Property("source"),
    Property("source_ref"),
    Property("licence"),
    Property("coord_status", enum=v.values(v.CoordStatus)),
    Property("provenance_note"),
    Property("updated_at", format="date-time"),
)
# A marker's point may also be its binding legal position (coord_status "legal").
MARKER_PROVENANCE = tuple(
    Property("coord_status", enum=v.values(v.MarkerCoordStatus)) if p.name == "coord_status" else p
    for p in PROVENANCE
)

# Registry layers say since when each record holds (valid time, migration 0018); NULL when
# no source gives a start. A year-only date has precision "year".
VALID_TIME = (
    Property("valid_from", format="date-time"),
    Property("valid_from_precision", enum=v.values(v.ValidTimePrecision)),
    Property("valid_from_ref"),
)


def versioned(
    table: str, source: str | None = None, geometry_column: str | None = "geom"
) -> Versions:
    """The versions of ``table``; features at a time come from ``{source}_at`` (a view's) or
    ``{table}_features_at`` (a table published as it is)."""
    at = f"{source}_at" if source else f"{table}_features_at"
    return Versions(table=table, at_function=at, geometry_column=geometry_column)


BORDER_SECTIONS = Layer(
    id="border_sections",
    description_en="The Quảng Trị – Laos boundary line, split at the Savannakhet / Salavan "
    "junction. Geometry derived from Natural Earth 1:10m (generalised, not the legal line).",
    source="border_sections",
    id_column="code",
    geometry_type="LineString",
    order_by="id",
    temporal="valid_from",
    properties=(
        Property("code"),
        Property("name"),
        Property("vn_unit", label="field.vn_province"),
        Property("la_unit", label="field.la_province"),
        Property("official_length_m", "number"),
        Property("official_length_ref"),
        Property("measured_length_m", "number"),
        Property("first_marker"),
        Property("last_marker"),
        *PROVENANCE,
        *VALID_TIME,
    ),
    style=Style(
        color="#c0392b",
        weight=4,
        color_by="code",
        colors={"savannakhet": "#c0392b", "salavan": "#8e44ad"},
    ),
    popup=("name", "vn_unit", "la_unit", "official_length_m", "measured_length_m", "source"),
    versions=versioned("border_sections"),
)

BORDER_SEGMENTS = Layer(
    id="border_segments",
    description_en="The line between two consecutive marker positions (and from each end of "
    "a section to its first and last position), cut from the section's line by chainage; "
    "re-cut by the database whenever a position moves or a line is replaced.",
    source="border_segments_features",
    id_column="id",
    geometry_type="LineString",
    order_by="seq",
    properties=(
        Property("id"),
        Property("section"),
        Property("seq", "integer"),
        Property("from_position"),
        Property("to_position"),
        Property("from_markers", "array"),
        Property("to_markers", "array"),
        Property("from_chainage_m", "number"),
        Property("to_chainage_m", "number"),
        Property("length_m", "number", label="field.measured_length_m"),
        Property("kind", enum=v.values(v.SegmentKind)),
        Property("kind_source"),
        *PROVENANCE,
    ),
    style=Style(
        color="#e67e22",
        weight=3,
        color_by="kind",
        colors={"land": "#a0522d", "river": "#2980b9", "unknown": "#e67e22"},
    ),
    popup=(
        "id",
        "from_markers",
        "to_markers",
        "from_chainage_m",
        "to_chainage_m",
        "length_m",
        "kind",
    ),
)

MARKER_POSITIONS = Layer(
    id="marker_positions",
    description_en="Positions along the line; a position holds one, two or three markers.",
    source="marker_positions_features",
    id_column="number",
    geometry_type="Point",
    order_by="chainage_m",
    temporal="valid_from",
    properties=(
        Property("number"),
        Property("chainage_m", "number"),
        Property("kind", enum=v.values(v.PositionKind)),
        Property("section"),
        Property("marker_count", "integer"),
        Property("id_status", enum=v.values(v.IdStatus)),
        *PROVENANCE,
        *VALID_TIME,
    ),
    style=Style(color="#555555", radius=3),
    popup=("number", "kind", "chainage_m", "id_status", "coord_status"),
    versions=versioned("marker_positions", "marker_positions_features"),
)

MARKERS = Layer(
    id="markers",
    description_en="Markers with their registry point (inspected positions are kept apart).",
    source="markers_features",
    store="published_markers",
    store_bin=250.0,  # metres of chainage: ~400 bins on 108 km, a 0.1° box meets tens
    id_column="code",
    geometry_type="Point",
    order_by="chainage_m",
    temporal="valid_from",
    properties=(
        Property("code", label="field.marker_code"),
        Property("position"),
        Property("chainage_m", "number"),
        Property("type", enum=v.values(v.MarkerType)),
        Property("status", enum=v.values(v.MarkerStatus), label="field.marker_status"),
        Property("maintained_by", enum=v.values(v.MaintainingSide)),
        Property("aliases", "array"),
        Property("section"),
        Property("id_status", enum=v.values(v.IdStatus)),
        *MARKER_PROVENANCE,
        *VALID_TIME,
    ),
    style=Style(
        color_by="status",
        colors={
            "intact": "#27ae60",
            "needs_attention": "#f39c12",
            "damaged": "#c0392b",
            "destroyed": "#000000",
            "unknown": "#7f8c8d",
        },
    ),
    popup=("code", "position", "chainage_m", "type", "status", "maintained_by", "coord_status"),
    versions=versioned("markers", "markers_features", geometry_column="registry_geom"),
)

GATES = Layer(
    id="gates",
    description_en="Gate pairs (Vietnamese side – Lao side); gates without an open coordinate "
    "are listed with an empty geometry.",
    source="gates",
    id_column="code",
    geometry_type="Point",
    order_by="id",
    temporal="valid_from",
    properties=(
        Property("code"),
        Property("vn_name"),
        Property("la_name"),
        Property("aliases", "array"),
        Property("type", enum=v.values(v.GateType)),
        Property("planned_type", enum=v.values(v.GateType)),
        Property("vn_place"),
        Property("la_place"),
        *PROVENANCE,
        *VALID_TIME,
    ),
    style=Style(
        color_by="type",
        radius=9,
        colors={"international": "#2c3e50", "main": "#2980b9", "auxiliary": "#16a085"},
    ),
    popup=("vn_name", "la_name", "type", "planned_type", "coord_status", "source_ref"),
    versions=versioned("gates"),
)

VILLAGES = Layer(
    id="villages",
    description_en="Villages along the line; a village without an open coordinate has none.",
    source="villages",
    id_column="code",
    geometry_type="Point",
    order_by="id",
    temporal="valid_from",
    properties=(
        Property("code"),
        Property("name"),
        Property("country", enum=v.values(v.Country)),
        Property("admin_unit"),
        Property("aliases", "array"),
        *PROVENANCE,
        *VALID_TIME,
    ),
    style=Style(color="#d35400", radius=5),
    popup=("name", "country", "admin_unit", "coord_status"),
    versions=versioned("villages"),
)

VILLAGE_PAIRS = Layer(
    id="village_pairs",
    description_en="Twinned village pairs; drawn as a line where both villages are located.",
    source="village_pairs_features",
    id_column="code",
    geometry_type="LineString",
    order_by="id",
    temporal="valid_from",
    properties=(
        Property("code"),
        Property("vn_village"),
        Property("la_village"),
        Property("twinned_on", format="date"),
        Property("date_precision", enum=v.values(v.DatePrecision)),
        Property("pilot", "boolean"),
        Property("pact"),
        *PROVENANCE,
        *VALID_TIME,
    ),
    style=Style(color="#d35400", weight=2, dash="6 4"),
    popup=("vn_village", "la_village", "twinned_on", "pilot"),
    # A pair's row has no geometry of its own: its versions have none (the line is drawn
    # between its villages, whose versions keep their points).
    versions=versioned("village_pairs", "village_pairs_features", geometry_column=None),
)

MAINTENANCE = Layer(
    id="maintenance",
    description_en="Maintenance records: damage reports and their repair lifecycle.",
    source="maintenance_features",
    id_column="id",
    id_type="uuid",
    geometry_type="Point",
    order_by="observed_on",
    temporal="observed_on",
    properties=(
        Property("id", format="uuid"),
        Property("marker_code"),
        Property("legacy_alias"),
        Property("cause", enum=v.values(v.Cause)),
        Property("observed_on", format="date"),
        Property("observed_precision", enum=v.values(v.DatePrecision)),
        Property("reported_on", format="date"),
        Property("severity", enum=v.values(v.Severity)),
        Property("status", enum=v.values(v.MaintenanceStatus)),
        Property("description"),
        Property("document_ref"),
        Property("version", "integer"),
        *PROVENANCE,
    ),
    style=Style(
        color_by="cause",
        radius=8,
        colors={
            "landslide": "#8e44ad",
            "flood": "#2980b9",
            "crack": "#e67e22",
            "erosion": "#a0522d",
            "vandalism": "#c0392b",
            "construction": "#7f8c8d",
        },
    ),
    popup=(
        "marker_code",
        "legacy_alias",
        "cause",
        "severity",
        "status",
        "description",
        "document_ref",
    ),
    read_roles=v.FIELD_ROLES,
)

PATROLS = Layer(
    id="patrols",
    description_en="Patrol tracks, joint with the Lao side where flagged.",
    source="patrols_features",
    id_column="id",
    id_type="uuid",
    geometry_type="MultiLineString",
    order_by="started_at",
    temporal="started_at",
    temporal_end="ended_at",
    geojson_column="geojson",  # the track's GeoJSON, written once with the patrol (0031)
    bounds_column="bounds",  # the track's envelope, kept in the patrol's row (0033)
    properties=(
        Property("id", format="uuid"),
        Property("started_at", format="date-time"),
        Property("ended_at", format="date-time"),
        Property("vn_unit"),
        Property("la_unit"),
        Property("joint", "boolean"),
        Property("participants", "array"),
        Property("notes"),
        Property("length_m", "number"),
        Property("version", "integer"),
        Property("updated_at", format="date-time"),
    ),
    style=Style(color="#1abc9c", weight=3),
    popup=("started_at", "vn_unit", "la_unit", "joint", "length_m"),
    read_roles=v.FIELD_ROLES,
    grows=True,
)

INSPECTIONS = Layer(
    id="inspections",
    description_en="Marker inspections at the position the guard measured (or the marker's "
    "registry point when none was measured).",
    source="inspections_features",
    id_column="id",
    id_type="uuid",
    geometry_type="Point",
    order_by="observed_at",
    temporal="observed_at",
    # Most inspections stand at their marker's point (no position measured): a bbox page
    # reads the markers in the box and each one's inspections in order (migration 0031).
    sites=Sites(
        table="markers",
        key="code",
        geometry_column="registry_geom",
        column="marker_code",
        own_geometry="position",
    ),
    properties=(
        Property("id", format="uuid"),
        Property("marker_code"),
        Property("observed_at", format="date-time"),
        Property("condition", enum=v.values(v.Condition)),
        Property("vegetation_cleared", "boolean"),
        Property("accuracy_m", "number"),
        Property("displacement_m", "number"),
        Property("notes"),
        Property("version", "integer"),
        Property("updated_at", format="date-time"),
    ),
    style=Style(
        color_by="condition",
        radius=5,
        colors={
            "intact": "#27ae60",
            "vegetation_overgrown": "#9acd32",
            "cracked": "#e67e22",
            "tilted": "#e67e22",
            "damaged": "#c0392b",
            "buried": "#8b4513",
            "displaced": "#c0392b",
            "missing": "#000000",
        },
    ),
    popup=("marker_code", "observed_at", "condition", "vegetation_cleared", "displacement_m"),
    read_roles=v.FIELD_ROLES,
    grows=True,
)

LEGAL_POSITIONS = Layer(
    id="legal_positions",
    description_en="Each marker's position as a legal instrument gives it (coordinates in the "
    "instrument's CRS), with its legal state; kept apart from where surveys found the marker.",
    source="legal_positions_features",
    id_column="id",
    id_type="integer",
    geometry_type="Point",
    order_by="id",
    temporal="valid_from",
    properties=(
        Property("id", "integer"),
        Property("marker_code"),
        Property("instrument"),
        Property("instrument_ref"),
        Property("crs"),
        Property("x", "number"),
        Property("y", "number"),
        Property("state", enum=v.values(v.LegalState), label="field.legal_state"),
        Property("binding_from", format="date"),
        Property("binding_until", format="date"),
        *MARKER_PROVENANCE,
        *VALID_TIME,
    ),
    style=Style(
        color_by="state",
        radius=7,
        colors={"binding": "#2c3e50", "draft": "#95a5a6", "superseded": "#bdc3c7"},
    ),
    popup=("marker_code", "instrument", "state", "binding_from", "crs", "x", "y"),
    versions=versioned("legal_positions", "legal_positions_features"),
)

MARKER_ALIASES = Layer(
    id="marker_aliases",
    description_en="Other names of markers, among them the legacy ids from before "
    "densification (Q6, Q8, Q15, R2); an alias not yet mapped to a marker has no point.",
    source="marker_aliases_features",
    id_column="alias",
    geometry_type="Point",
    order_by="alias",
    temporal="valid_from",
    properties=(
        Property("alias"),
        Property("kind", enum=v.values(v.AliasKind)),
        Property("marker_code", label="field.marker_today"),
        *MARKER_PROVENANCE,
        *VALID_TIME,
    ),
    style=Style(color="#7f8c8d", radius=5),
    popup=("alias", "kind", "marker_code"),
    versions=versioned("marker_aliases", "marker_aliases_features"),
)

BORDER_EVENTS = Layer(
    id="border_events",
    description_en="Dated events of the border's history (treaty, pilot demarcation, "
    "densification, Protocol, hand-over), each with its citation and date precision; "
    "no geometry.",
    source="border_events",
    id_column="code",
    geometry_type="Point",
    order_by="happened_on",
    temporal="happened_on",
    properties=(
        Property("code"),
        Property("kind", enum=v.values(v.BorderEventKind)),
        Property("title"),
        Property("description"),
        Property("happened_on", format="date"),
        Property("happened_precision", enum=v.values(v.DatePrecision)),
        Property("ended_on", format="date"),
        Property("ended_precision", enum=v.values(v.DatePrecision)),
        *PROVENANCE,
    ),
    popup=("title", "happened_on", "happened_precision", "source_ref"),
)

MARKER_OBSERVATIONS = Layer(
    id="marker_observations",
    description_en="Where markers were found: imported surveys and inspection GPS points, "
    "each with its displacement and the point it was measured from (displacement_from: "
    "legal = the binding legal position).",
    source="marker_observations",
    id_column="id",
    geometry_type="Point",
    order_by="observed_at",
    temporal="observed_at",
    properties=(
        Property("id"),
        Property("marker_code"),
        Property("kind"),  # survey or inspection (the view's, no CHECK of its own)
        Property("method", enum=v.values(v.SurveyMethod)),
        Property("observed_at", format="date-time", label="field.epoch"),
        Property("accuracy_m", "number"),
        Property("observer"),
        Property("displacement_m", "number"),
        Property("displacement_from"),
        *PROVENANCE,
    ),
    style=Style(color="#e67e22", radius=4),
    popup=(
        "marker_code",
        "kind",
        "method",
        "observed_at",
        "displacement_m",
        "displacement_from",
    ),
    read_roles=v.FIELD_ROLES,  # inspection points are field records
)

# Colours of the coverage bands (``share_band`` of gis/coverage.py, migration 0024).
# (plain strings: the map script's configuration is written by orjson, which takes no enums)
SHARE_BANDS: dict[str, str] = {
    v.CoverageBand.uncovered.value: "#c0392b",
    v.CoverageBand.under_half.value: "#e67e22",
    v.CoverageBand.over_half.value: "#f1c40f",
    v.CoverageBand.over_90.value: "#27ae60",
}

PATROL_COVERAGE = Layer(
    id="patrol_coverage",
    description_en="Each border segment's share within the policy's distance (200 m by "
    "default) of patrol tracks started this month so far (Asia/Ho_Chi_Minh): all, joint and "
    "Vietnamese-only, the last patrol and the policy verdict. Computed from the patrols and "
    "the segments (migration 0024); GET /coverage answers any period.",
    source="patrol_coverage_features",
    id_column="segment_id",
    geometry_type="LineString",
    order_by="seq",
    properties=(
        Property("segment_id"),
        Property("section"),
        Property("seq", "integer"),
        Property("from_markers", "array"),
        Property("to_markers", "array"),
        Property("from_chainage_m", "number"),
        Property("to_chainage_m", "number"),
        Property("length_m", "number", label="field.measured_length_m"),
        Property("distance_m", "number"),
        Property("covered_share", "number"),
        Property("joint_share", "number"),
        Property("vn_only_share", "number"),
        Property("patrols", "integer"),
        Property("joint_patrols", "integer"),
        Property("last_patrolled_at", format="date-time"),
        Property("last_joint_patrolled_at", format="date-time"),
        Property("windows", "integer"),
        Property("windows_met", "integer"),
        Property("meets_policy", "boolean"),
        Property("share_band"),  # a band of SHARE_BANDS (computed: no CHECK to list)
    ),
    style=Style(weight=6, color_by="share_band", colors=SHARE_BANDS),
    popup=(
        "segment_id",
        "from_markers",
        "to_markers",
        "covered_share",
        "joint_share",
        "vn_only_share",
        "last_patrolled_at",
        "last_joint_patrolled_at",
        "meets_policy",
    ),
    read_roles=v.FIELD_ROLES,
)

LAYERS: dict[str, Layer] = {
    layer.id: layer
    for layer in (
        BORDER_SECTIONS,
        BORDER_SEGMENTS,
        MARKER_POSITIONS,
        MARKERS,
        GATES,
        VILLAGES,
        VILLAGE_PAIRS,
        MAINTENANCE,
        PATROLS,
        INSPECTIONS,
        LEGAL_POSITIONS,
        MARKER_OBSERVATIONS,
        MARKER_ALIASES,
        BORDER_EVENTS,
        PATROL_COVERAGE,
    )
}

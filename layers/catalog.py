"""The published layers, one declaration each. API collections and maps are built from these."""

from __future__ import annotations

from layers.base import FIELD_ROLES, Layer, Property, Style, Versions

# "legal": the binding legal position of the legal register (markers only, migration 0025).
COORD_STATUSES = ("legal", "surveyed", "source_point", "derived", "approximate", "interpolated",
                  "unknown")
MARKER_STATUSES = ("intact", "needs_attention", "damaged", "destroyed", "unknown")
MAINTENANCE_STATUSES = (
    "reported", "assessed", "repair_proposed", "approved", "in_repair", "repaired", "verified",
    "closed",
)
# Records in these states need no more work; the others are open damage.
CLOSED_MAINTENANCE_STATUSES = ("repaired", "verified", "closed")
CAUSES = (
    "landslide", "flood", "erosion", "crack", "vandalism", "construction", "vegetation",
    "unknown", "other",
)

# Every feature says where it came from.
PROVENANCE = (
    Property("source", title_vi="Nguồn", title_en="Source"),
    Property("source_ref", title_vi="Trích dẫn", title_en="Source reference"),
    Property("licence", title_vi="Giấy phép", title_en="Licence"),
    Property("coord_status", enum=COORD_STATUSES, title_vi="Trạng thái tọa độ",
             title_en="Coordinate status"),
    Property("provenance_note", title_vi="Ghi chú nguồn", title_en="Provenance note"),
    Property("updated_at", format="date-time", title_vi="Cập nhật", title_en="Updated"),
)

# Registry layers say since when each record holds (valid time, migration 0026); NULL when
# no source gives a start. A year-only date has precision "year".
VALID_TIME = (
    Property("valid_from", format="date-time", title_vi="Hiệu lực từ", title_en="Valid from"),
    Property("valid_from_precision", enum=("instant", "day", "month", "year"),
             title_vi="Độ chính xác ngày hiệu lực", title_en="Valid-from precision"),
    Property("valid_from_ref", title_vi="Nguồn ngày hiệu lực", title_en="Valid-from source"),
)


def versioned(table: str, source: str | None = None, geometry_column: str = "geom") -> Versions:
    """The versions of ``table``; features at a time come from ``{source}_at``."""
    at = f"{source}_at" if source else f"{table}_features_at"
    return Versions(table=table, at_function=at, geometry_column=geometry_column)


BORDER_SECTIONS = Layer(
    id="border_sections",
    title_vi="Đoạn biên giới",
    title_en="Border sections",
    title_lo="ຊ່ວງຊາຍແດນ",
    description_en="The Quảng Trị – Laos boundary line, split at the Savannakhet / Salavan "
    "junction. Geometry derived from Natural Earth 1:10m (generalised, not the legal line).",
    source="border_sections",
    id_column="code",
    geometry_type="LineString",
    order_by="id",
    temporal="valid_from",
    properties=(
        Property("code", title_vi="Mã", title_en="Code"),
        Property("name", title_vi="Tên", title_en="Name"),
        Property("vn_unit", title_vi="Tỉnh (VN)", title_en="Province (VN)"),
        Property("la_unit", title_vi="Tỉnh (Lào)", title_en="Province (LA)"),
        Property("official_length_m", "number", title_vi="Chiều dài chính thức (m)",
                 title_en="Official length (m)"),
        Property("official_length_ref", title_vi="Nguồn chiều dài", title_en="Length source"),
        Property("measured_length_m", "number", title_vi="Chiều dài đo (m)",
                 title_en="Measured geodesic length (m)"),
        Property("first_marker", title_vi="Mốc đầu", title_en="First marker"),
        Property("last_marker", title_vi="Mốc cuối", title_en="Last marker"),
        *PROVENANCE,
        *VALID_TIME,
    ),
    style=Style(color="#c0392b", weight=4, color_by="code",
                colors={"savannakhet": "#c0392b", "salavan": "#8e44ad"}),
    popup=("name", "vn_unit", "la_unit", "official_length_m", "measured_length_m", "source"),
    versions=versioned("border_sections"),
)

MARKER_POSITIONS = Layer(
    id="marker_positions",
    title_vi="Vị trí mốc",
    title_en="Marker positions",
    title_lo="ຕຳແໜ່ງຫຼັກໝາຍ",
    description_en="Positions along the line; a position holds one, two or three markers.",
    source="marker_positions_features",
    id_column="number",
    geometry_type="Point",
    order_by="chainage_m",
    temporal="valid_from",
    properties=(
        Property("number", title_vi="Số vị trí", title_en="Position"),
        Property("chainage_m", "number", title_vi="Lý trình (m)", title_en="Chainage (m)"),
        Property("kind", enum=("single", "double", "triple"), title_vi="Loại",
                 title_en="Kind"),
        Property("section", title_vi="Đoạn", title_en="Section"),
        Property("marker_count", "integer", title_vi="Số mốc", title_en="Markers"),
        Property("id_status", enum=("official", "illustrative"), title_vi="Số hiệu",
                 title_en="Identifier status"),
        *PROVENANCE,
        *VALID_TIME,
    ),
    style=Style(color="#555555", radius=3),
    popup=("number", "kind", "chainage_m", "id_status", "coord_status"),
    versions=versioned("marker_positions", "marker_positions_features"),
)

MARKERS = Layer(
    id="markers",
    title_vi="Mốc quốc giới và cọc dấu",
    title_en="Boundary markers and reference stakes",
    title_lo="ຫຼັກໝາຍຊາຍແດນ",
    description_en="Markers with their registry point (inspected positions are kept apart).",
    source="markers_features",
    id_column="code",
    geometry_type="Point",
    order_by="chainage_m",
    temporal="valid_from",
    properties=(
        Property("code", title_vi="Số hiệu mốc", title_en="Marker"),
        Property("position", title_vi="Vị trí", title_en="Position"),
        Property("chainage_m", "number", title_vi="Lý trình (m)", title_en="Chainage (m)"),
        Property("type", enum=("boundary_marker", "reference_stake"), title_vi="Loại",
                 title_en="Type"),
        Property("status", enum=MARKER_STATUSES, title_vi="Tình trạng", title_en="Status"),
        Property("maintained_by", enum=("VN", "LA", "unknown"), title_vi="Bên quản lý",
                 title_en="Maintained by"),
        Property("aliases", "array", title_vi="Tên khác", title_en="Aliases"),
        Property("section", title_vi="Đoạn", title_en="Section"),
        Property("id_status", enum=("official", "illustrative"), title_vi="Số hiệu",
                 title_en="Identifier status"),
        *PROVENANCE,
        *VALID_TIME,
    ),
    style=Style(color_by="status", colors={
        "intact": "#27ae60", "needs_attention": "#f39c12", "damaged": "#c0392b",
        "destroyed": "#000000", "unknown": "#7f8c8d"}),
    popup=("code", "position", "chainage_m", "type", "status", "maintained_by", "coord_status"),
    versions=versioned("markers", "markers_features", geometry_column="registry_geom"),
)

GATES = Layer(
    id="gates",
    title_vi="Cửa khẩu",
    title_en="Border gates",
    title_lo="ດ່ານຊາຍແດນ",
    description_en="Gate pairs (Vietnamese side – Lao side); gates without an open coordinate "
    "are listed with an empty geometry.",
    source="gates",
    id_column="code",
    geometry_type="Point",
    order_by="id",
    temporal="valid_from",
    properties=(
        Property("code", title_vi="Mã", title_en="Code"),
        Property("vn_name", title_vi="Tên phía Việt Nam", title_en="Vietnamese side"),
        Property("la_name", title_vi="Tên phía Lào", title_en="Lao side"),
        Property("aliases", "array", title_vi="Tên khác", title_en="Aliases"),
        Property("type", enum=("international", "main", "auxiliary"), title_vi="Loại",
                 title_en="Type"),
        Property("planned_type", enum=("international", "main", "auxiliary"),
                 title_vi="Loại dự kiến", title_en="Planned type"),
        Property("vn_place", title_vi="Địa phương (VN)", title_en="Place (VN)"),
        Property("la_place", title_vi="Địa phương (Lào)", title_en="Place (LA)"),
        *PROVENANCE,
        *VALID_TIME,
    ),
    style=Style(color_by="type", radius=9, colors={
        "international": "#2c3e50", "main": "#2980b9", "auxiliary": "#16a085"}),
    popup=("vn_name", "la_name", "type", "planned_type", "coord_status", "source_ref"),
    versions=versioned("gates"),
)

VILLAGES = Layer(
    id="villages",
    title_vi="Bản / làng",
    title_en="Villages",
    title_lo="ບ້ານ",
    description_en="Villages along the line; a village without an open coordinate has none.",
    source="villages",
    id_column="code",
    geometry_type="Point",
    order_by="id",
    temporal="valid_from",
    properties=(
        Property("code", title_vi="Mã", title_en="Code"),
        Property("name", title_vi="Tên", title_en="Name"),
        Property("country", enum=("VN", "LA"), title_vi="Nước", title_en="Country"),
        Property("admin_unit", title_vi="Đơn vị hành chính", title_en="Administrative unit"),
        Property("aliases", "array", title_vi="Tên khác", title_en="Aliases"),
        *PROVENANCE,
        *VALID_TIME,
    ),
    style=Style(color="#d35400", radius=5),
    popup=("name", "country", "admin_unit", "coord_status"),
    versions=versioned("villages"),
)

VILLAGE_PAIRS = Layer(
    id="village_pairs",
    title_vi="Bản kết nghĩa",
    title_en="Twinned village pairs",
    title_lo="ບ້ານຄູ່ແຝດ",
    description_en="Twinned village pairs; drawn as a line where both villages are located.",
    source="village_pairs_features",
    id_column="code",
    geometry_type="LineString",
    order_by="id",
    temporal="valid_from",
    properties=(
        Property("code", title_vi="Mã", title_en="Code"),
        Property("vn_village", title_vi="Bản phía Việt Nam", title_en="Vietnamese village"),
        Property("la_village", title_vi="Bản phía Lào", title_en="Lao village"),
        Property("twinned_on", format="date", title_vi="Ngày kết nghĩa", title_en="Twinned on"),
        Property("date_precision", enum=("day", "month", "year"), title_vi="Độ chính xác ngày",
                 title_en="Date precision"),
        Property("pilot", "boolean", title_vi="Thí điểm", title_en="Pilot"),
        Property("pact", title_vi="Cam kết", title_en="Pact"),
        *PROVENANCE,
        *VALID_TIME,
    ),
    style=Style(color="#d35400", weight=2, dash="6 4"),
    popup=("vn_village", "la_village", "twinned_on", "pilot"),
    versions=versioned("village_pairs", "village_pairs_features"),
)

MAINTENANCE = Layer(
    id="maintenance",
    title_vi="Hư hỏng và sửa chữa",
    title_en="Damage and repairs",
    title_lo="ຄວາມເສຍຫາຍ ແລະ ການສ້ອມແປງ",
    description_en="Maintenance records: damage reports and their repair lifecycle.",
    source="maintenance_features",
    id_column="id",
    geometry_type="Point",
    order_by="observed_on",
    temporal="observed_on",
    properties=(
        Property("id", format="uuid", title_vi="Mã", title_en="Id"),
        Property("marker_code", title_vi="Mốc", title_en="Marker"),
        Property("legacy_alias", title_vi="Số hiệu cũ", title_en="Legacy marker id"),
        Property("cause", enum=CAUSES, title_vi="Nguyên nhân", title_en="Cause"),
        Property("observed_on", format="date", title_vi="Ngày phát hiện", title_en="Observed"),
        Property("observed_precision", enum=("day", "month", "year"),
                 title_vi="Độ chính xác", title_en="Observed date precision"),
        Property("reported_on", format="date", title_vi="Ngày báo cáo", title_en="Reported"),
        Property("severity", enum=("low", "moderate", "severe", "unknown"),
                 title_vi="Mức độ", title_en="Severity"),
        Property("status", enum=MAINTENANCE_STATUSES, title_vi="Trạng thái", title_en="Status"),
        Property("description", title_vi="Mô tả", title_en="Description"),
        Property("document_ref", title_vi="Văn bản", title_en="Document"),
        Property("version", "integer", title_vi="Phiên bản", title_en="Version"),
        *PROVENANCE,
    ),
    style=Style(color_by="cause", radius=8, colors={
        "landslide": "#8e44ad", "flood": "#2980b9", "crack": "#e67e22",
        "erosion": "#a0522d", "vandalism": "#c0392b", "construction": "#7f8c8d"}),
    popup=("marker_code", "legacy_alias", "cause", "severity", "status", "description",
           "document_ref"),
    read_roles=FIELD_ROLES,
)

CONDITIONS = (
    "intact", "vegetation_overgrown", "cracked", "tilted", "damaged", "buried", "displaced",
    "missing",
)

PATROLS = Layer(
    id="patrols",
    title_vi="Tuần tra",
    title_en="Patrols",
    title_lo="ການລາດຕະເວນ",
    description_en="Patrol tracks, joint with the Lao side where flagged.",
    source="patrols_features",
    id_column="id",
    geometry_type="MultiLineString",
    order_by="started_at",
    temporal="started_at",
    properties=(
        Property("id", format="uuid", title_vi="Mã", title_en="Id"),
        Property("started_at", format="date-time", title_vi="Bắt đầu", title_en="Started"),
        Property("ended_at", format="date-time", title_vi="Kết thúc", title_en="Ended"),
        Property("vn_unit", title_vi="Đơn vị Việt Nam", title_en="Vietnamese unit"),
        Property("la_unit", title_vi="Đơn vị Lào", title_en="Lao unit"),
        Property("joint", "boolean", title_vi="Tuần tra song phương", title_en="Joint"),
        Property("participants", "array", title_vi="Thành phần", title_en="Participants"),
        Property("notes", title_vi="Ghi chú", title_en="Notes"),
        Property("length_m", "number", title_vi="Chiều dài (m)", title_en="Length (m)"),
        Property("version", "integer", title_vi="Phiên bản", title_en="Version"),
        Property("updated_at", format="date-time", title_vi="Cập nhật", title_en="Updated"),
    ),
    style=Style(color="#1abc9c", weight=3),
    popup=("started_at", "vn_unit", "la_unit", "joint", "length_m"),
    read_roles=FIELD_ROLES,
)

INSPECTIONS = Layer(
    id="inspections",
    title_vi="Kiểm tra mốc",
    title_en="Marker inspections",
    title_lo="ການກວດກາຫຼັກໝາຍ",
    description_en="Marker inspections at the position the guard measured (or the marker's "
    "registry point when none was measured).",
    source="inspections_features",
    id_column="id",
    geometry_type="Point",
    order_by="observed_at",
    temporal="observed_at",
    properties=(
        Property("id", format="uuid", title_vi="Mã", title_en="Id"),
        Property("marker_code", title_vi="Mốc", title_en="Marker"),
        Property("observed_at", format="date-time", title_vi="Thời điểm", title_en="Observed"),
        Property("condition", enum=CONDITIONS, title_vi="Tình trạng", title_en="Condition"),
        Property("vegetation_cleared", "boolean", title_vi="Đã phát quang",
                 title_en="Vegetation cleared"),
        Property("accuracy_m", "number", title_vi="Độ chính xác (m)", title_en="Accuracy (m)"),
        Property("displacement_m", "number", title_vi="Độ lệch (m)",
                 title_en="Displacement (m)"),
        Property("notes", title_vi="Ghi chú", title_en="Notes"),
        Property("version", "integer", title_vi="Phiên bản", title_en="Version"),
        Property("updated_at", format="date-time", title_vi="Cập nhật", title_en="Updated"),
    ),
    style=Style(color_by="condition", radius=5, colors={
        "intact": "#27ae60", "vegetation_overgrown": "#9acd32", "cracked": "#e67e22",
        "tilted": "#e67e22", "damaged": "#c0392b", "buried": "#8b4513",
        "displaced": "#c0392b", "missing": "#000000"}),
    popup=("marker_code", "observed_at", "condition", "vegetation_cleared", "displacement_m"),
    read_roles=FIELD_ROLES,
)

LEGAL_STATES = ("draft", "binding", "superseded")

LEGAL_POSITIONS = Layer(
    id="legal_positions",
    title_vi="Vị trí pháp lý của mốc",
    title_en="Legal positions of markers",
    title_lo="ຕຳແໜ່ງທາງກົດໝາຍຂອງຫຼັກໝາຍ",
    description_en="Each marker's position as a legal instrument gives it (coordinates in the "
    "instrument's CRS), with its legal state; kept apart from where surveys found the marker.",
    source="legal_positions_features",
    id_column="id",
    geometry_type="Point",
    order_by="id",
    temporal="valid_from",
    properties=(
        Property("id", "integer", title_vi="Mã", title_en="Id"),
        Property("marker_code", title_vi="Mốc", title_en="Marker"),
        Property("instrument", title_vi="Văn bản pháp lý", title_en="Instrument"),
        Property("instrument_ref", title_vi="Điều khoản", title_en="Instrument reference"),
        Property("crs", title_vi="Hệ tọa độ", title_en="CRS of the coordinates"),
        Property("x", "number", title_vi="X (theo văn bản)", title_en="x as given"),
        Property("y", "number", title_vi="Y (theo văn bản)", title_en="y as given"),
        Property("state", enum=LEGAL_STATES, title_vi="Hiệu lực", title_en="Legal state"),
        Property("binding_from", format="date", title_vi="Có hiệu lực từ",
                 title_en="Binding from"),
        Property("binding_until", format="date", title_vi="Hết hiệu lực",
                 title_en="Binding until"),
        *PROVENANCE,
        *VALID_TIME,
    ),
    style=Style(color_by="state", radius=7, colors={
        "binding": "#2c3e50", "draft": "#95a5a6", "superseded": "#bdc3c7"}),
    popup=("marker_code", "instrument", "state", "binding_from", "crs", "x", "y"),
    versions=versioned("legal_positions", "legal_positions_features"),
)

MARKER_ALIASES = Layer(
    id="marker_aliases",
    title_vi="Số hiệu mốc khác và mốc cũ",
    title_en="Other and legacy marker ids",
    title_lo="ລະຫັດຫຼັກໝາຍເກົ່າ",
    description_en="Other names of markers, among them the legacy ids from before "
    "densification (Q6, Q8, Q15, R2); an alias not yet mapped to a marker has no point.",
    source="marker_aliases_features",
    id_column="alias",
    geometry_type="Point",
    order_by="alias",
    temporal="valid_from",
    properties=(
        Property("alias", title_vi="Số hiệu", title_en="Alias"),
        Property("kind", enum=("legacy", "other"), title_vi="Loại", title_en="Kind"),
        Property("marker_code", title_vi="Mốc hiện nay", title_en="Marker today"),
        *PROVENANCE,
        *VALID_TIME,
    ),
    style=Style(color="#7f8c8d", radius=5),
    popup=("alias", "kind", "marker_code"),
    versions=versioned("marker_aliases", "marker_aliases_features"),
)

BORDER_EVENTS = Layer(
    id="border_events",
    title_vi="Lịch sử đường biên giới",
    title_en="Border history",
    title_lo="ປະຫວັດເສັ້ນຊາຍແດນ",
    description_en="Dated events of the border's history (treaty, pilot demarcation, "
    "densification, Protocol, hand-over), each with its citation and date precision; "
    "no geometry.",
    source="border_events",
    id_column="code",
    geometry_type="Point",
    order_by="happened_on",
    temporal="happened_on",
    properties=(
        Property("code", title_vi="Mã", title_en="Code"),
        Property("kind", enum=("treaty", "demarcation", "densification", "protocol", "review",
                               "handover", "other"), title_vi="Loại", title_en="Kind"),
        Property("title", title_vi="Sự kiện", title_en="Event"),
        Property("description", title_vi="Mô tả", title_en="Description"),
        Property("happened_on", format="date", title_vi="Ngày", title_en="Date"),
        Property("happened_precision", enum=("day", "month", "year"),
                 title_vi="Độ chính xác ngày", title_en="Date precision"),
        Property("ended_on", format="date", title_vi="Kết thúc", title_en="Ended"),
        Property("ended_precision", enum=("day", "month", "year"),
                 title_vi="Độ chính xác ngày kết thúc", title_en="End date precision"),
        *PROVENANCE,
    ),
    popup=("title", "happened_on", "happened_precision", "source_ref"),
)

SURVEY_METHODS = ("gnss", "rtk", "total_station", "handheld_gps", "other")

MARKER_OBSERVATIONS = Layer(
    id="marker_observations",
    title_vi="Quan trắc vị trí mốc",
    title_en="Observations of markers",
    title_lo="ການສັງເກດຕຳແໜ່ງຫຼັກໝາຍ",
    description_en="Where markers were found: imported surveys and inspection GPS points, "
    "each with its displacement and the point it was measured from (displacement_from: "
    "legal = the binding legal position).",
    source="marker_observations",
    id_column="id",
    geometry_type="Point",
    order_by="observed_at",
    temporal="observed_at",
    properties=(
        Property("id", title_vi="Mã", title_en="Id"),
        Property("marker_code", title_vi="Mốc", title_en="Marker"),
        Property("kind", enum=("survey", "inspection"), title_vi="Loại", title_en="Kind"),
        Property("method", enum=SURVEY_METHODS, title_vi="Phương pháp", title_en="Method"),
        Property("observed_at", format="date-time", title_vi="Thời điểm đo",
                 title_en="Epoch"),
        Property("accuracy_m", "number", title_vi="Độ chính xác (m)", title_en="Accuracy (m)"),
        Property("observer", title_vi="Người đo", title_en="Observer"),
        Property("displacement_m", "number", title_vi="Độ lệch (m)",
                 title_en="Displacement (m)"),
        Property("displacement_from", title_vi="Đo từ", title_en="Measured from"),
        *PROVENANCE,
    ),
    style=Style(color="#e67e22", radius=4),
    popup=("marker_code", "kind", "method", "observed_at", "displacement_m",
           "displacement_from"),
    read_roles=FIELD_ROLES,  # inspection points are field records
)

LAYERS: dict[str, Layer] = {
    layer.id: layer
    for layer in (
        BORDER_SECTIONS, MARKER_POSITIONS, MARKERS, GATES, VILLAGES, VILLAGE_PAIRS, MAINTENANCE,
        PATROLS, INSPECTIONS, LEGAL_POSITIONS, MARKER_OBSERVATIONS, MARKER_ALIASES,
        BORDER_EVENTS,
    )
}

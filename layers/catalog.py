"""The published layers, one declaration each. API collections and maps are built from these."""

from __future__ import annotations

from layers.base import FIELD_ROLES, Layer, Property, Style

COORD_STATUSES = ("surveyed", "source_point", "derived", "approximate", "interpolated", "unknown")
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
    ),
    style=Style(color="#c0392b", weight=4, color_by="code",
                colors={"savannakhet": "#c0392b", "salavan": "#8e44ad"}),
    popup=("name", "vn_unit", "la_unit", "official_length_m", "measured_length_m", "source"),
)

SEGMENT_KINDS = ("land", "river", "unknown")

BORDER_SEGMENTS = Layer(
    id="border_segments",
    title_vi="Đoạn giữa hai vị trí mốc",
    title_en="Border segments",
    title_lo="ທ່ອນຊາຍແດນລະຫວ່າງສອງຕຳແໜ່ງຫຼັກໝາຍ",
    description_en="The line between two consecutive marker positions (and from each end of "
    "a section to its first and last position), cut from the section's line by chainage; "
    "re-cut by the database whenever a position moves or a line is replaced.",
    source="border_segments_features",
    id_column="id",
    geometry_type="LineString",
    order_by="seq",
    properties=(
        Property("id", title_vi="Mã", title_en="Id"),
        Property("section", title_vi="Đoạn", title_en="Section"),
        Property("seq", "integer", title_vi="Thứ tự", title_en="Order along the section"),
        Property("from_position", title_vi="Từ vị trí", title_en="From position"),
        Property("to_position", title_vi="Đến vị trí", title_en="To position"),
        Property("from_markers", "array", title_vi="Mốc đầu", title_en="Markers at the start"),
        Property("to_markers", "array", title_vi="Mốc cuối", title_en="Markers at the end"),
        Property("from_chainage_m", "number", title_vi="Lý trình đầu (m)",
                 title_en="Chainage from (m)"),
        Property("to_chainage_m", "number", title_vi="Lý trình cuối (m)",
                 title_en="Chainage to (m)"),
        Property("length_m", "number", title_vi="Chiều dài đo (m)",
                 title_en="Measured geodesic length (m)"),
        Property("kind", enum=SEGMENT_KINDS, title_vi="Loại", title_en="Kind"),
        Property("kind_source", title_vi="Nguồn loại", title_en="Kind according to"),
        *PROVENANCE,
    ),
    style=Style(color="#e67e22", weight=3, color_by="kind",
                colors={"land": "#a0522d", "river": "#2980b9", "unknown": "#e67e22"}),
    popup=("id", "from_markers", "to_markers", "from_chainage_m", "to_chainage_m", "length_m",
           "kind"),
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
    ),
    style=Style(color="#555555", radius=3),
    popup=("number", "kind", "chainage_m", "id_status", "coord_status"),
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
    temporal="updated_at",
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
    ),
    style=Style(color_by="status", colors={
        "intact": "#27ae60", "needs_attention": "#f39c12", "damaged": "#c0392b",
        "destroyed": "#000000", "unknown": "#7f8c8d"}),
    popup=("code", "position", "chainage_m", "type", "status", "maintained_by", "coord_status"),
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
    ),
    style=Style(color_by="type", radius=9, colors={
        "international": "#2c3e50", "main": "#2980b9", "auxiliary": "#16a085"}),
    popup=("vn_name", "la_name", "type", "planned_type", "coord_status", "source_ref"),
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
    properties=(
        Property("code", title_vi="Mã", title_en="Code"),
        Property("name", title_vi="Tên", title_en="Name"),
        Property("country", enum=("VN", "LA"), title_vi="Nước", title_en="Country"),
        Property("admin_unit", title_vi="Đơn vị hành chính", title_en="Administrative unit"),
        Property("aliases", "array", title_vi="Tên khác", title_en="Aliases"),
        *PROVENANCE,
    ),
    style=Style(color="#d35400", radius=5),
    popup=("name", "country", "admin_unit", "coord_status"),
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
    temporal="twinned_on",
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
    ),
    style=Style(color="#d35400", weight=2, dash="6 4"),
    popup=("vn_village", "la_village", "twinned_on", "pilot"),
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

SHARE_BANDS = {"uncovered": "#c0392b", "under_half": "#e67e22", "over_half": "#f1c40f",
               "over_90": "#27ae60"}

PATROL_COVERAGE = Layer(
    id="patrol_coverage",
    title_vi="Phạm vi tuần tra theo đoạn",
    title_en="Patrol coverage by segment",
    title_lo="ຂອບເຂດການລາດຕະເວນຕາມທ່ອນ",
    description_en="Each border segment's share within the policy's distance (200 m by "
    "default) of patrol tracks started this month so far (Asia/Ho_Chi_Minh): all, joint and "
    "Vietnamese-only, the last patrol and the policy verdict. Computed from the patrols and "
    "the segments (migration 0021); GET /coverage answers any period.",
    source="patrol_coverage_features",
    id_column="segment_id",
    geometry_type="LineString",
    order_by="seq",
    properties=(
        Property("segment_id", title_vi="Đoạn", title_en="Segment"),
        Property("section", title_vi="Đoạn biên giới", title_en="Section"),
        Property("seq", "integer", title_vi="Thứ tự", title_en="Order along the section"),
        Property("from_markers", "array", title_vi="Mốc đầu", title_en="Markers at the start"),
        Property("to_markers", "array", title_vi="Mốc cuối", title_en="Markers at the end"),
        Property("from_chainage_m", "number", title_vi="Lý trình đầu (m)",
                 title_en="Chainage from (m)"),
        Property("to_chainage_m", "number", title_vi="Lý trình cuối (m)",
                 title_en="Chainage to (m)"),
        Property("length_m", "number", title_vi="Chiều dài đo (m)", title_en="Length (m)"),
        Property("distance_m", "number", title_vi="Khoảng cách tính (m)",
                 title_en="Counted within (m)"),
        Property("covered_share", "number", title_vi="Tỷ lệ được tuần tra",
                 title_en="Share covered"),
        Property("joint_share", "number", title_vi="Tỷ lệ tuần tra song phương",
                 title_en="Share covered jointly"),
        Property("vn_only_share", "number", title_vi="Tỷ lệ chỉ phía Việt Nam",
                 title_en="Share covered by Vietnam only"),
        Property("patrols", "integer", title_vi="Số lượt tuần tra", title_en="Patrols"),
        Property("joint_patrols", "integer", title_vi="Số lượt song phương",
                 title_en="Joint patrols"),
        Property("last_patrolled_at", format="date-time", title_vi="Tuần tra gần nhất",
                 title_en="Last patrolled"),
        Property("last_joint_patrolled_at", format="date-time",
                 title_vi="Tuần tra song phương gần nhất", title_en="Last joint patrol"),
        Property("windows", "integer", title_vi="Số kỳ theo quy định",
                 title_en="Policy windows"),
        Property("windows_met", "integer", title_vi="Số kỳ đạt", title_en="Windows met"),
        Property("meets_policy", "boolean", title_vi="Đạt quy định", title_en="Meets policy"),
        Property("share_band", enum=tuple(SHARE_BANDS), title_vi="Mức phủ",
                 title_en="Coverage band"),
    ),
    style=Style(weight=6, color_by="share_band", colors=SHARE_BANDS),
    popup=("segment_id", "from_markers", "to_markers", "covered_share", "joint_share",
           "vn_only_share", "last_patrolled_at", "last_joint_patrolled_at", "meets_policy"),
    read_roles=FIELD_ROLES,
)

LAYERS: dict[str, Layer] = {
    layer.id: layer
    for layer in (
        BORDER_SECTIONS, BORDER_SEGMENTS, MARKER_POSITIONS, MARKERS, GATES, VILLAGES,
        VILLAGE_PAIRS, MAINTENANCE, PATROLS, INSPECTIONS, PATROL_COVERAGE,
    )
}

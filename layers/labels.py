"""Every label of the registry in Vietnamese (the default), Lao and English: one table.

The maps, the field app, the OpenAPI titles and the exports all read it, so a layer, a
property or a value is named once. Keys:

* ``layer.<id>``: a layer's title;
* ``field.<name>``: a property's title (a ``Property`` names another ``field.`` key where its
  name means something else in that layer, as ``vn_unit`` is a province in a section);
* ``value.<value>``: a stored value's title. A value means the same wherever it appears
  (``intact`` as a marker status and as an inspection condition), so one entry serves all;
* ``language.<lang>``: a language, named in itself;
* ``map.<key>``, ``app.<key>``: the maps' and the field app's own words. ``{name}`` marks a
  figure the app fills in; every language of a key has the same ones.

tests/test_labels.py fails on any missing label.
"""

from __future__ import annotations

LANGS = ("vi", "lo", "en")
DEFAULT_LANG = "vi"

# key -> (vi, lo, en)
LABELS: dict[str, tuple[str, str, str]] = {
    # --- layers: layer.<id> ----------------------------------------------------------------------
    "layer.border_sections": ("Đoạn biên giới", "ຊ່ວງຊາຍແດນ", "Border sections"),
    "layer.marker_positions": ("Vị trí mốc", "ຕຳແໜ່ງຫຼັກໝາຍ", "Marker positions"),
    "layer.markers": (
        "Mốc quốc giới và cọc dấu",
        "ຫຼັກໝາຍຊາຍແດນ ແລະ ຫຼັກອ້າງອີງ",
        "Boundary markers and reference stakes",
    ),
    "layer.gates": ("Cửa khẩu", "ດ່ານຊາຍແດນ", "Border gates"),
    "layer.villages": ("Bản / làng", "ບ້ານ", "Villages"),
    "layer.village_pairs": ("Bản kết nghĩa", "ບ້ານຄູ່ແຝດ", "Twinned village pairs"),
    "layer.maintenance": ("Hư hỏng và sửa chữa", "ຄວາມເສຍຫາຍ ແລະ ການສ້ອມແປງ", "Damage and repairs"),
    "layer.patrols": ("Tuần tra", "ການລາດຕະເວນ", "Patrols"),
    "layer.inspections": ("Kiểm tra mốc", "ການກວດກາຫຼັກໝາຍ", "Marker inspections"),
    "layer.border_segments": (
        "Đoạn giữa hai vị trí mốc",
        "ທ່ອນຊາຍແດນລະຫວ່າງສອງຕຳແໜ່ງຫຼັກໝາຍ",
        "Border segments",
    ),
    "layer.patrol_coverage": (
        "Phạm vi tuần tra theo đoạn",
        "ຂອບເຂດການລາດຕະເວນຕາມທ່ອນ",
        "Patrol coverage by segment",
    ),
    # --- properties: field.<name> (or the key a Property names) ----------------------------------
    "field.id": ("Mã", "ລະຫັດ", "Id"),
    "field.code": ("Mã", "ລະຫັດ", "Code"),
    "field.name": ("Tên", "ຊື່", "Name"),
    "field.aliases": ("Tên khác", "ຊື່ອື່ນ", "Aliases"),
    "field.marker_code": ("Số hiệu mốc", "ເລກຫຼັກໝາຍ", "Marker"),
    "field.legacy_alias": ("Số hiệu cũ", "ເລກໝາຍເກົ່າ", "Legacy marker id"),
    "field.vn_province": ("Tỉnh (VN)", "ແຂວງ (ຫວຽດນາມ)", "Province (VN)"),
    "field.la_province": ("Tỉnh (Lào)", "ແຂວງ (ລາວ)", "Province (LA)"),
    "field.vn_unit": ("Đơn vị Việt Nam", "ໜ່ວຍຝ່າຍຫວຽດນາມ", "Vietnamese unit"),
    "field.la_unit": ("Đơn vị Lào", "ໜ່ວຍຝ່າຍລາວ", "Lao unit"),
    "field.official_length_m": (
        "Chiều dài chính thức (m)",
        "ຄວາມຍາວທາງການ (ມ)",
        "Official length (m)",
    ),
    "field.official_length_ref": ("Nguồn chiều dài", "ແຫຼ່ງທີ່ມາຂອງຄວາມຍາວ", "Length source"),
    "field.measured_length_m": (
        "Chiều dài đo (m)",
        "ຄວາມຍາວທີ່ວັດໄດ້ (ມ)",
        "Measured geodesic length (m)",
    ),
    "field.first_marker": ("Mốc đầu", "ຫຼັກໝາຍທຳອິດ", "First marker"),
    "field.last_marker": ("Mốc cuối", "ຫຼັກໝາຍສຸດທ້າຍ", "Last marker"),
    "field.source": ("Nguồn", "ແຫຼ່ງທີ່ມາ", "Source"),
    "field.source_ref": ("Trích dẫn", "ເອກະສານອ້າງອີງ", "Source reference"),
    "field.licence": ("Giấy phép", "ໃບອະນຸຍາດ", "Licence"),
    "field.coord_status": ("Trạng thái tọa độ", "ສະຖານະພິກັດ", "Coordinate status"),
    "field.provenance_note": ("Ghi chú nguồn", "ໝາຍເຫດແຫຼ່ງທີ່ມາ", "Provenance note"),
    "field.updated_at": ("Cập nhật", "ປັບປຸງເມື່ອ", "Updated"),
    "field.number": ("Số vị trí", "ເລກຕຳແໜ່ງ", "Position"),
    "field.chainage_m": ("Lý trình (m)", "ໄລຍະຕາມເສັ້ນຊາຍແດນ (ມ)", "Chainage (m)"),
    "field.kind": ("Loại", "ປະເພດ", "Kind"),
    "field.section": ("Đoạn", "ຊ່ວງ", "Section"),
    "field.marker_count": ("Số mốc", "ຈຳນວນຫຼັກໝາຍ", "Markers"),
    "field.id_status": ("Số hiệu", "ສະຖານະເລກໝາຍ", "Identifier status"),
    "field.position": ("Vị trí", "ຕຳແໜ່ງ", "Position"),
    "field.type": ("Loại", "ປະເພດ", "Type"),
    "field.marker_status": ("Tình trạng", "ສະພາບ", "Status"),
    "field.status": ("Trạng thái", "ສະຖານະ", "Status"),
    "field.maintained_by": ("Bên quản lý", "ຝ່າຍຮັບຜິດຊອບ", "Maintained by"),
    "field.vn_name": ("Tên phía Việt Nam", "ຊື່ຝ່າຍຫວຽດນາມ", "Vietnamese side"),
    "field.la_name": ("Tên phía Lào", "ຊື່ຝ່າຍລາວ", "Lao side"),
    "field.planned_type": ("Loại dự kiến", "ປະເພດທີ່ວາງແຜນໄວ້", "Planned type"),
    "field.vn_place": ("Địa phương (VN)", "ທ້ອງຖິ່ນ (ຫວຽດນາມ)", "Place (VN)"),
    "field.la_place": ("Địa phương (Lào)", "ທ້ອງຖິ່ນ (ລາວ)", "Place (LA)"),
    "field.country": ("Nước", "ປະເທດ", "Country"),
    "field.admin_unit": ("Đơn vị hành chính", "ຫົວໜ່ວຍການປົກຄອງ", "Administrative unit"),
    "field.vn_village": ("Bản phía Việt Nam", "ບ້ານຝ່າຍຫວຽດນາມ", "Vietnamese village"),
    "field.la_village": ("Bản phía Lào", "ບ້ານຝ່າຍລາວ", "Lao village"),
    "field.twinned_on": ("Ngày kết nghĩa", "ວັນທີເປັນບ້ານຄູ່ແຝດ", "Twinned on"),
    "field.date_precision": ("Độ chính xác ngày", "ຄວາມລະອຽດຂອງວັນທີ", "Date precision"),
    "field.pilot": ("Thí điểm", "ທົດລອງ", "Pilot"),
    "field.pact": ("Cam kết", "ຂໍ້ຕົກລົງ", "Pact"),
    "field.cause": ("Nguyên nhân", "ສາເຫດ", "Cause"),
    "field.observed_on": ("Ngày phát hiện", "ວັນທີພົບເຫັນ", "Observed"),
    "field.observed_precision": ("Độ chính xác", "ຄວາມລະອຽດຂອງວັນທີພົບເຫັນ", "Observed date precision"),
    "field.reported_on": ("Ngày báo cáo", "ວັນທີລາຍງານ", "Reported"),
    "field.severity": ("Mức độ", "ລະດັບຄວາມຮຸນແຮງ", "Severity"),
    "field.description": ("Mô tả", "ລາຍລະອຽດ", "Description"),
    "field.document_ref": ("Văn bản", "ເອກະສານ", "Document"),
    "field.version": ("Phiên bản", "ສະບັບ", "Version"),
    "field.started_at": ("Bắt đầu", "ເລີ່ມຕົ້ນ", "Started"),
    "field.ended_at": ("Kết thúc", "ສິ້ນສຸດ", "Ended"),
    "field.joint": ("Tuần tra song phương", "ລາດຕະເວນຮ່ວມ", "Joint"),
    "field.participants": ("Thành phần", "ຜູ້ເຂົ້າຮ່ວມ", "Participants"),
    "field.notes": ("Ghi chú", "ໝາຍເຫດ", "Notes"),
    "field.length_m": ("Chiều dài (m)", "ຄວາມຍາວ (ມ)", "Length (m)"),
    "field.observed_at": ("Thời điểm", "ເວລາກວດກາ", "Observed"),
    "field.condition": ("Tình trạng", "ສະພາບ", "Condition"),
    "field.vegetation_cleared": ("Đã phát quang", "ຖາງຫຍ້າແລ້ວ", "Vegetation cleared"),
    "field.accuracy_m": ("Độ chính xác (m)", "ຄວາມແມ່ນຍຳ (ມ)", "Accuracy (m)"),
    "field.displacement_m": ("Độ lệch (m)", "ໄລຍະເຄື່ອນ (ມ)", "Displacement (m)"),
    # border segments and their patrol coverage
    "field.seq": ("Thứ tự", "ລຳດັບ", "Order along the section"),
    "field.from_position": ("Từ vị trí", "ຈາກຕຳແໜ່ງ", "From position"),
    "field.to_position": ("Đến vị trí", "ຫາຕຳແໜ່ງ", "To position"),
    "field.from_markers": ("Mốc đầu", "ຫຼັກໝາຍຕົ້ນທ່ອນ", "Markers at the start"),
    "field.to_markers": ("Mốc cuối", "ຫຼັກໝາຍທ້າຍທ່ອນ", "Markers at the end"),
    "field.from_chainage_m": ("Lý trình đầu (m)", "ໄລຍະທາງຕົ້ນທ່ອນ (ມ)", "Chainage from (m)"),
    "field.to_chainage_m": ("Lý trình cuối (m)", "ໄລຍະທາງທ້າຍທ່ອນ (ມ)", "Chainage to (m)"),
    "field.kind_source": ("Nguồn loại", "ແຫຼ່ງທີ່ມາຂອງປະເພດ", "Kind according to"),
    "field.segment_id": ("Đoạn", "ທ່ອນ", "Segment"),
    "field.distance_m": ("Khoảng cách tính (m)", "ໄລຍະທີ່ນັບ (ມ)", "Counted within (m)"),
    "field.covered_share": ("Tỷ lệ được tuần tra", "ອັດຕາທີ່ໄດ້ລາດຕະເວນ", "Share covered"),
    "field.joint_share": (
        "Tỷ lệ tuần tra song phương",
        "ອັດຕາທີ່ລາດຕະເວນຮ່ວມ",
        "Share covered jointly",
    ),
    "field.vn_only_share": (
        "Tỷ lệ chỉ phía Việt Nam",
        "ອັດຕາທີ່ຝ່າຍຫວຽດນາມລາດຕະເວນຝ່າຍດຽວ",
        "Share covered by Vietnam only",
    ),
    "field.patrols": ("Số lượt tuần tra", "ຈຳນວນຄັ້ງລາດຕະເວນ", "Patrols"),
    "field.joint_patrols": ("Số lượt song phương", "ຈຳນວນຄັ້ງລາດຕະເວນຮ່ວມ", "Joint patrols"),
    "field.last_patrolled_at": ("Tuần tra gần nhất", "ລາດຕະເວນຄັ້ງຫຼ້າສຸດ", "Last patrolled"),
    "field.last_joint_patrolled_at": (
        "Tuần tra song phương gần nhất",
        "ລາດຕະເວນຮ່ວມຄັ້ງຫຼ້າສຸດ",
        "Last joint patrol",
    ),
    "field.windows": ("Số kỳ theo quy định", "ຈຳນວນງວດຕາມລະບຽບ", "Policy windows"),
    "field.windows_met": ("Số kỳ đạt", "ຈຳນວນງວດທີ່ບັນລຸ", "Windows met"),
    "field.meets_policy": ("Đạt quy định", "ບັນລຸລະບຽບ", "Meets policy"),
    "field.share_band": ("Mức phủ", "ລະດັບການຄອບຄຸມ", "Coverage band"),
    # --- stored values: value.<value> ------------------------------------------------------------
    "value.intact": ("Nguyên vẹn", "ສົມບູນ", "Intact"),
    "value.needs_attention": ("Cần chú ý", "ຕ້ອງເອົາໃຈໃສ່", "Needs attention"),
    "value.damaged": ("Hư hỏng", "ເສຍຫາຍ", "Damaged"),
    "value.destroyed": ("Bị phá hủy", "ຖືກທຳລາຍ", "Destroyed"),
    "value.unknown": ("Chưa rõ", "ບໍ່ຮູ້", "Unknown"),
    "value.vegetation_overgrown": ("Cây cỏ che phủ", "ມີຫຍ້າປົກຄຸມ", "Overgrown"),
    "value.cracked": ("Rạn nứt", "ແຕກຮ້າວ", "Cracked"),
    "value.tilted": ("Nghiêng", "ອຽງ", "Tilted"),
    "value.buried": ("Bị vùi lấp", "ຖືກຝັງ", "Buried"),
    "value.displaced": ("Bị xê dịch", "ເຄື່ອນຈາກທີ່ເດີມ", "Displaced"),
    "value.missing": ("Mất", "ສູນຫາຍ", "Missing"),
    "value.boundary_marker": ("Cột mốc", "ຫຼັກໝາຍຊາຍແດນ", "Boundary marker"),
    "value.reference_stake": ("Cọc dấu", "ຫຼັກອ້າງອີງ", "Reference stake"),
    "value.single": ("Mốc đơn", "ຫຼັກດ່ຽວ", "Single"),
    "value.double": ("Mốc đôi", "ຫຼັກຄູ່", "Double"),
    "value.triple": ("Mốc ba", "ຫຼັກສາມ", "Triple"),
    "value.official": ("Chính thức", "ທາງການ", "Official"),
    "value.illustrative": ("Minh họa", "ຕົວຢ່າງປະກອບ", "Illustrative"),
    "value.VN": ("Việt Nam", "ຫວຽດນາມ", "Vietnam"),
    "value.LA": ("Lào", "ລາວ", "Laos"),
    "value.surveyed": ("Đo đạc", "ສຳຫຼວດວັດແທກ", "Surveyed"),
    "value.source_point": ("Điểm từ nguồn", "ຈຸດຈາກແຫຼ່ງຂໍ້ມູນ", "Source point"),
    "value.derived": ("Suy ra", "ຄິດໄລ່ອອກມາ", "Derived"),
    "value.approximate": ("Gần đúng", "ໂດຍປະມານ", "Approximate"),
    "value.interpolated": ("Nội suy", "ປະມານຄ່າລະຫວ່າງຈຸດ", "Interpolated"),
    "value.international": ("Quốc tế", "ສາກົນ", "International"),
    "value.main": ("Chính", "ຫຼັກ", "Main"),
    "value.auxiliary": ("Phụ", "ຮອງ", "Auxiliary"),
    "value.savannakhet": ("Đoạn Savannakhet", "ຊ່ວງແຂວງສະຫວັນນະເຂດ", "Savannakhet section"),
    "value.salavan": ("Đoạn Salavan", "ຊ່ວງແຂວງສາລະວັນ", "Salavan section"),
    "value.landslide": ("Sạt lở", "ດິນເຈື່ອນ", "Landslide"),
    "value.flood": ("Lũ lụt", "ນ້ຳຖ້ວມ", "Flood"),
    "value.erosion": ("Xói mòn", "ການເຊາະເຈື່ອນ", "Erosion"),
    "value.crack": ("Rạn nứt", "ຮອຍແຕກ", "Crack"),
    "value.vandalism": ("Phá hoại", "ການທຳລາຍ", "Vandalism"),
    "value.construction": ("Xây dựng", "ການກໍ່ສ້າງ", "Construction"),
    "value.vegetation": ("Cây cối", "ພືດພັນ", "Vegetation"),
    "value.other": ("Khác", "ອື່ນໆ", "Other"),
    "value.reported": ("Đã báo cáo", "ລາຍງານແລ້ວ", "Reported"),
    "value.assessed": ("Đã đánh giá", "ປະເມີນແລ້ວ", "Assessed"),
    "value.repair_proposed": ("Đề xuất sửa chữa", "ສະເໜີສ້ອມແປງ", "Repair proposed"),
    "value.approved": ("Đã phê duyệt", "ອະນຸມັດແລ້ວ", "Approved"),
    "value.in_repair": ("Đang sửa chữa", "ກຳລັງສ້ອມແປງ", "In repair"),
    "value.repaired": ("Đã sửa chữa", "ສ້ອມແປງແລ້ວ", "Repaired"),
    "value.verified": ("Đã nghiệm thu", "ກວດຮັບແລ້ວ", "Verified"),
    "value.closed": ("Đã đóng", "ປິດແລ້ວ", "Closed"),
    "value.low": ("Nhẹ", "ເລັກນ້ອຍ", "Low"),
    "value.moderate": ("Trung bình", "ປານກາງ", "Moderate"),
    "value.severe": ("Nghiêm trọng", "ຮ້າຍແຮງ", "Severe"),
    "value.day": ("Ngày", "ວັນ", "Day"),
    "value.month": ("Tháng", "ເດືອນ", "Month"),
    "value.year": ("Năm", "ປີ", "Year"),
    "value.true": ("Có", "ແມ່ນ", "Yes"),
    "value.false": ("Không", "ບໍ່ແມ່ນ", "No"),
    # border segment kind
    "value.land": ("Đất liền", "ທາງບົກ", "Land"),
    "value.river": ("Sông suối", "ແມ່ນ້ຳ ລຳເຊ", "River"),
    # coverage bands (share of a segment's length patrolled)
    "value.uncovered": ("Chưa có tuần tra", "ບໍ່ມີການລາດຕະເວນ", "Not patrolled"),
    "value.under_half": ("Dưới 50%", "ຕ່ຳກວ່າ 50%", "Under 50 %"),
    "value.over_half": ("50% – 90%", "ແຕ່ 50% ຫາ 90%", "50 % – 90 %"),
    "value.over_90": ("Từ 90% trở lên", "ຕັ້ງແຕ່ 90% ຂຶ້ນໄປ", "90 % or more"),
    # --- languages, each named in itself ---------------------------------------------------------
    "language.vi": ("Tiếng Việt", "Tiếng Việt", "Tiếng Việt"),
    "language.lo": ("ພາສາລາວ", "ພາສາລາວ", "ພາສາລາວ"),
    "language.en": ("English", "English", "English"),
    # --- the maps' own words: map.<key> ----------------------------------------------------------
    "map.overview": ("Bản đồ tổng quan", "ແຜນທີ່ລວມ", "Overview map"),
    "map.inspections": ("Bản đồ kiểm tra mốc", "ແຜນທີ່ການກວດກາຫຼັກໝາຍ", "Inspections map"),
    "map.maintenance": (
        "Bản đồ hư hỏng và sửa chữa",
        "ແຜນທີ່ຄວາມເສຍຫາຍ ແລະ ການສ້ອມແປງ",
        "Damage and repairs map",
    ),
    "map.marker": ("Mốc", "ຫຼັກໝາຍ", "Marker"),
    "map.osm": ("Bản đồ OpenStreetMap", "ແຜນທີ່ OpenStreetMap", "OpenStreetMap"),
    "map.plain": ("Nền trơn (không cần mạng)", "ພື້ນຫຼັງລຽບ (ບໍ່ຕ້ອງໃຊ້ເຄືອຂ່າຍ)", "Plain (works offline)"),
    "map.legend": ("Chú giải", "ຄຳອະທິບາຍສັນຍາລັກ", "Legend"),
    "map.approximate": (
        "Vị trí gần đúng / nội suy (viền nét đứt, nền nhạt)",
        "ຕຳແໜ່ງໂດຍປະມານ / ປະມານຄ່າ (ຂອບເສັ້ນປະ, ພື້ນສີອ່ອນ)",
        "Approximate / interpolated position (dashed outline, pale fill)",
    ),
    "map.no_point": ("Chưa có tọa độ", "ຍັງບໍ່ມີພິກັດ", "Without a location"),
    "map.restricted": ("Cần đăng nhập để xem", "ຕ້ອງເຂົ້າສູ່ລະບົບເພື່ອເບິ່ງ", "Sign in to see"),
    "map.last_inspection": ("Lần kiểm tra gần nhất", "ການກວດກາຫຼ້າສຸດ", "Last inspection"),
    "map.never_inspected": ("Chưa kiểm tra", "ຍັງບໍ່ໄດ້ກວດກາ", "Never inspected"),
    "map.open_damage": ("Hư hỏng chưa xử lý", "ຄວາມເສຍຫາຍທີ່ຍັງບໍ່ໄດ້ແກ້ໄຂ", "Open damage"),
    "map.none": ("Không có", "ບໍ່ມີ", "None"),
    "map.provenance": ("Nguồn gốc dữ liệu", "ແຫຼ່ງທີ່ມາຂອງຂໍ້ມູນ", "Provenance"),
    "map.open_page": ("Mở trang của mốc", "ເປີດໜ້າຂອງຫຼັກໝາຍ", "Open the marker's page"),
    "map.fullscreen": ("Toàn màn hình", "ເຕັມຈໍ", "Full screen"),
    "map.days_since": (
        "Số ngày từ lần kiểm tra gần nhất",
        "ຈຳນວນມື້ນັບແຕ່ການກວດກາຫຼ້າສຸດ",
        "Days since the last inspection",
    ),
    "map.recent": ("≤ 30 ngày", "≤ 30 ມື້", "≤ 30 days"),
    "map.older": ("31–90 ngày", "31–90 ມື້", "31–90 days"),
    "map.stale": ("> 90 ngày", "> 90 ມື້", "> 90 days"),
    "map.never": ("Chưa từng kiểm tra", "ບໍ່ເຄີຍກວດກາ", "Never inspected"),
    "map.overdue_ring": (
        "Viền đậm: quá hạn kiểm tra (mặc định mỗi tháng một lần)",
        "ຂອບໜາ: ເກີນກຳນົດກວດກາ (ເດືອນລະເທື່ອ ຖ້າບໍ່ມີນະໂຍບາຍອື່ນ)",
        "Thick ring: inspection overdue (monthly unless a policy says otherwise)",
    ),
    "map.patrols_30": (
        "Tuần tra 30 ngày qua",
        "ການລາດຕະເວນ 30 ມື້ຜ່ານມາ",
        "Patrols of the last 30 days",
    ),
    "map.open_record": ("Chưa xử lý xong (tô đặc)", "ຍັງບໍ່ທັນແກ້ໄຂແລ້ວ (ສີເຕັມ)", "Open (filled)"),
    "map.closed_record": ("Đã xử lý xong (rỗng)", "ແກ້ໄຂແລ້ວ (ວົງເປົ່າ)", "Closed (hollow)"),
    "map.events": ("Diễn biến", "ລຳດັບເຫດການ", "Events"),
    "map.last_inspected": ("Ngày kiểm tra gần nhất", "ວັນທີກວດກາຫຼ້າສຸດ", "Last inspected"),
    "map.last_condition": ("Tình trạng khi kiểm tra", "ສະພາບເມື່ອກວດກາ", "Condition found"),
    "map.days_since_inspection": (
        "Số ngày từ lần kiểm tra",
        "ຈຳນວນມື້ນັບແຕ່ກວດກາ",
        "Days since inspection",
    ),
    # the coverage map and the marker page's patrol line (issue 13)
    "map.coverage": ("Bản đồ phạm vi tuần tra", "ແຜນທີ່ຂອບເຂດການລາດຕະເວນ", "Patrol coverage map"),
    "map.coverage_band": (
        "Tỷ lệ chiều dài được tuần tra",
        "ອັດຕາສ່ວນຄວາມຍາວທີ່ໄດ້ລາດຕະເວນ",
        "Share of the length patrolled",
    ),
    "map.coverage_gaps": (
        "Khoảng trống: phần chưa có tuần tra đi qua",
        "ຊ່ອງຫວ່າງ: ສ່ວນທີ່ບໍ່ມີການລາດຕະເວນຜ່ານ",
        "Gaps: parts no patrol came near",
    ),
    "map.policy_not_met": (
        "Viền đậm: chưa đạt quy định tuần tra song phương",
        "ຂອບໜາ: ຍັງບໍ່ບັນລຸລະບຽບການລາດຕະເວນຮ່ວມ",
        "Thick line: joint patrol policy not met",
    ),
    "map.last_seen": (
        "Tuần tra đi qua gần nhất (đã thấy, chưa phải kiểm tra)",
        "ການລາດຕະເວນຜ່ານຄັ້ງຫຼ້າສຸດ (ໄດ້ເຫັນ, ບໍ່ແມ່ນການກວດກາ)",
        "Last passed by a patrol (seen, not an inspection)",
    ),
    "map.never_seen": (
        "Chưa có tuần tra nào đi qua",
        "ຍັງບໍ່ມີການລາດຕະເວນຜ່ານ",
        "No patrol has passed",
    ),
    # --- the field app's own words: app.<key> ----------------------------------------------------
    "app.app_name": (
        "Cột mốc — ứng dụng thực địa Biên phòng",
        "ຫຼັກໝາຍ — ແອັບພາກສະໜາມປ້ອງກັນຊາຍແດນ",
        "Cột mốc — border guard field app",
    ),
    "app.app_short_name": ("Cột mốc", "ຫຼັກໝາຍ", "Cột mốc"),
    "app.app_title": ("Cột mốc — Biên phòng", "ຫຼັກໝາຍ — ປ້ອງກັນຊາຍແດນ", "Cột mốc — Border guard"),
    "app.tab_markers": ("Mốc", "ຫຼັກໝາຍ", "Markers"),
    "app.tab_map": ("Bản đồ", "ແຜນທີ່", "Map"),
    "app.tab_patrol": ("Tuần tra", "ລາດຕະເວນ", "Patrol"),
    "app.tab_damage": ("Hư hỏng", "ຄວາມເສຍຫາຍ", "Damage"),
    "app.tab_outbox": ("Chờ gửi", "ລໍຖ້າສົ່ງ", "Outbox"),
    "app.online": ("Có mạng", "ມີເຄືອຂ່າຍ", "Online"),
    "app.offline": ("Mất mạng", "ບໍ່ມີເຄືອຂ່າຍ", "Offline"),
    "app.outbox_badge": ("Chờ gửi: {count}", "ລໍຖ້າສົ່ງ: {count}", "Outbox: {count}"),
    "app.offline_banner": (
        "Không có mạng. Mọi bản ghi được lưu trên máy và sẽ tự gửi khi có mạng.",
        "ບໍ່ມີເຄືອຂ່າຍ. ທຸກບັນທຶກຖືກເກັບໄວ້ໃນເຄື່ອງ ແລະ ຈະຖືກສົ່ງເອງເມື່ອມີເຄືອຂ່າຍ.",
        "No network. Every record is kept on this phone and goes out by itself when the network"
        " returns.",
    ),
    "app.session_expired": (
        "Phiên đăng nhập đã hết hạn. Bản ghi vẫn được giữ trên máy; hãy đăng nhập lại để gửi.",
        "ການເຂົ້າສູ່ລະບົບໝົດອາຍຸແລ້ວ. ບັນທຶກຍັງຖືກເກັບໄວ້ໃນເຄື່ອງ; ກະລຸນາເຂົ້າສູ່ລະບົບຄືນເພື່ອສົ່ງ.",
        "Your session has expired. Your records are kept on this phone; sign in again to send "
        "them.",
    ),
    "app.storage_low": (
        "Bộ nhớ máy sắp đầy: hãy gửi các bản ghi đang chờ hoặc giải phóng bộ nhớ trước khi chụp"
        " thêm ảnh.",
        "ບ່ອນເກັບຂໍ້ມູນໃນເຄື່ອງໃກ້ເຕັມແລ້ວ: ກະລຸນາສົ່ງບັນທຶກທີ່ລໍຖ້າ ຫຼື ເພີ່ມບ່ອນວ່າງ ກ່ອນຖ່າຍຮູບຕື່ມ.",
        "Storage is nearly full: send the waiting records or free some space before taking more"
        " photos.",
    ),
    "app.install": (
        "Cài ứng dụng lên màn hình chính",
        "ຕິດຕັ້ງແອັບໃສ່ໜ້າຈໍຫຼັກ",
        "Install on the home screen",
    ),
    "app.sign_in_title": ("Đăng nhập", "ເຂົ້າສູ່ລະບົບ", "Sign in"),
    "app.sign_in": ("Đăng nhập", "ເຂົ້າສູ່ລະບົບ", "Sign in"),
    "app.sign_out": ("Đăng xuất", "ອອກຈາກລະບົບ", "Sign out"),
    "app.username": ("Tên đăng nhập", "ຊື່ຜູ້ໃຊ້", "User name"),
    "app.password": ("Mật khẩu", "ລະຫັດຜ່ານ", "Password"),
    "app.signed_in": ("Đã đăng nhập: {user}", "ເຂົ້າສູ່ລະບົບແລ້ວ: {user}", "Signed in as {user}"),
    "app.sign_in_failed": (
        "Đăng nhập không thành công: {reason}",
        "ເຂົ້າສູ່ລະບົບບໍ່ສຳເລັດ: {reason}",
        "Sign-in failed: {reason}",
    ),
    "app.sign_in_offline": (
        "Cần có mạng để đăng nhập.",
        "ຕ້ອງມີເຄືອຂ່າຍເພື່ອເຂົ້າສູ່ລະບົບ.",
        "Signing in needs the network.",
    ),
    "app.others_waiting": (
        "Trên máy này còn bản ghi chờ gửi của: {list}. Chúng sẽ được gửi khi người đó đăng nhập.",
        "ໃນເຄື່ອງນີ້ຍັງມີບັນທຶກລໍຖ້າສົ່ງຂອງ: {list}. ຈະຖືກສົ່ງເມື່ອຜູ້ນັ້ນເຂົ້າສູ່ລະບົບ.",
        "Records waiting on this phone for: {list}. They go out when that person signs in.",
    ),
    "app.markers_title": ("Mốc quốc giới", "ຫຼັກໝາຍຊາຍແດນ", "Boundary markers"),
    "app.position_is": (
        "Vị trí của bạn: {lat}, {lon} (sai số ± {accuracy})",
        "ຕຳແໜ່ງຂອງທ່ານ: {lat}, {lon} (ຄວາມຄາດເຄື່ອນ ± {accuracy})",
        "Your position: {lat}, {lon} (± {accuracy})",
    ),
    "app.position_none": ("Chưa có vị trí", "ຍັງບໍ່ມີຕຳແໜ່ງ", "No position yet"),
    "app.position_failed": (
        "Không lấy được vị trí: {reason}",
        "ບໍ່ສາມາດຮັບຕຳແໜ່ງໄດ້: {reason}",
        "Could not get the position: {reason}",
    ),
    "app.locate": ("Cập nhật vị trí", "ອັບເດດຕຳແໜ່ງ", "Update position"),
    "app.data_as_of": (
        "Dữ liệu trên máy cập nhật lúc {when}",
        "ຂໍ້ມູນໃນເຄື່ອງອັບເດດເມື່ອ {when}",
        "Data on this phone as of {when}",
    ),
    "app.data_none": (
        "Chưa có dữ liệu trên máy: hãy mở ứng dụng một lần khi có mạng.",
        "ຍັງບໍ່ມີຂໍ້ມູນໃນເຄື່ອງ: ກະລຸນາເປີດແອັບໜຶ່ງຄັ້ງເມື່ອມີເຄືອຂ່າຍ.",
        "No data on this phone yet: open the app once with the network.",
    ),
    "app.due_title": (
        "Đến hạn kiểm tra trong {within} ngày: {count} mốc",
        "ຮອດກຳນົດກວດກາພາຍໃນ {within} ວັນ: {count} ຫຼັກ",
        "Due for inspection within {within} days: {count} markers",
    ),
    "app.due_none": ("Không có mốc nào đến hạn.", "ບໍ່ມີຫຼັກໝາຍທີ່ຮອດກຳນົດ.", "No marker is due."),
    "app.due": ("Đến hạn", "ຮອດກຳນົດ", "Due"),
    "app.overdue": ("Quá hạn", "ເກີນກຳນົດ", "Overdue"),
    "app.other_markers_by_distance": (
        "Các mốc khác, gần nhất trước",
        "ຫຼັກໝາຍອື່ນໆ, ໃກ້ທີ່ສຸດກ່ອນ",
        "Other markers, nearest first",
    ),
    "app.other_markers_by_chainage": (
        "Các mốc khác, theo lý trình",
        "ຫຼັກໝາຍອື່ນໆ, ຕາມໄລຍະທາງ",
        "Other markers, along the line",
    ),
    "app.last_inspected": (
        "kiểm tra lần cuối {when}",
        "ກວດກາຄັ້ງສຸດທ້າຍ {when}",
        "last inspected {when}",
    ),
    "app.inspect": ("Kiểm tra", "ກວດກາ", "Inspect"),
    "app.report_damage": ("Báo hư hỏng", "ລາຍງານຄວາມເສຍຫາຍ", "Report damage"),
    "app.map_title": ("Bản đồ", "ແຜນທີ່", "Map"),
    "app.map_offline_note": (
        "Khi mất mạng, bản đồ nền chỉ hiện những vùng đã xem trước đó; mốc và đường biên giới "
        "vẫn hiện đủ.",
        "ເມື່ອບໍ່ມີເຄືອຂ່າຍ ແຜນທີ່ພື້ນຈະສະແດງສະເພາະບ່ອນທີ່ເຄີຍເບິ່ງມາແລ້ວ; ຫຼັກໝາຍ ແລະ ເສັ້ນຊາຍແດນຍັງສະແດງຄົບ.",
        "Offline, the background map shows only the parts seen before; markers and the border "
        "line always show.",
    ),
    "app.inspection_title": ("Kiểm tra mốc", "ກວດກາຫຼັກໝາຍ", "Inspect a marker"),
    "app.inspection_edit_title": (
        "Sửa bản ghi kiểm tra",
        "ແກ້ໄຂບັນທຶກການກວດກາ",
        "Correct the inspection",
    ),
    "app.marker": ("Số hiệu mốc", "ເລກຫຼັກໝາຍ", "Marker"),
    "app.observed_at": ("Thời điểm kiểm tra", "ເວລາກວດກາ", "Inspected at"),
    "app.condition": ("Tình trạng mốc", "ສະພາບຫຼັກໝາຍ", "Condition"),
    "app.choose": ("— Chọn —", "— ເລືອກ —", "— Choose —"),
    "app.vegetation_cleared": (
        "Đã phát quang cây cỏ quanh mốc",
        "ຖາງຫຍ້າອ້ອມຫຼັກໝາຍແລ້ວ",
        "Vegetation cleared around the marker",
    ),
    "app.measured_point": (
        "Vị trí đo được tại mốc",
        "ຕຳແໜ່ງທີ່ວັດໄດ້ຢູ່ຫຼັກໝາຍ",
        "Position measured at the marker",
    ),
    "app.use_position": ("Lấy vị trí hiện tại", "ໃຊ້ຕຳແໜ່ງປັດຈຸບັນ", "Use my position"),
    "app.clear": ("Xóa", "ລຶບ", "Clear"),
    "app.marker_not_cached": (
        "Mốc {code} không có trong dữ liệu trên máy nên chưa tính được độ lệch; máy chủ sẽ kiểm"
        " tra khi gửi.",
        "ຫຼັກໝາຍ {code} ບໍ່ມີໃນຂໍ້ມູນໃນເຄື່ອງ ຈຶ່ງຍັງຄິດໄລ່ການເຄື່ອນບໍ່ໄດ້; ເຊີບເວີຈະກວດເມື່ອສົ່ງ.",
        "Marker {code} is not in the data on this phone, so no displacement yet; the server "
        "checks it when sent.",
    ),
    "app.displacement_needs_point": (
        "Lấy vị trí hiện tại để xem độ lệch so với điểm đăng ký.",
        "ໃຊ້ຕຳແໜ່ງປັດຈຸບັນເພື່ອເບິ່ງໄລຍະເຄື່ອນຈາກຈຸດທີ່ລົງທະບຽນ.",
        "Use your position to see the displacement from the registry point.",
    ),
    "app.displacement_ok": (
        "Lệch {metres} so với điểm đăng ký — trong ngưỡng {threshold}.",
        "ເຄື່ອນ {metres} ຈາກຈຸດທີ່ລົງທະບຽນ — ຢູ່ໃນເກນ {threshold}.",
        "{metres} from the registry point — within the {threshold} threshold.",
    ),
    "app.displacement_alert": (
        "Lệch {metres} so với điểm đăng ký — vượt ngưỡng {threshold}: sẽ có cảnh báo mốc bị "
        "dịch chuyển.",
        "ເຄື່ອນ {metres} ຈາກຈຸດທີ່ລົງທະບຽນ — ເກີນເກນ {threshold}: ຈະມີການແຈ້ງເຕືອນຫຼັກໝາຍເຄື່ອນຍ້າຍ.",
        "{metres} from the registry point — beyond the {threshold} threshold: a displacement "
        "alert will be raised.",
    ),
    "app.notes": ("Ghi chú", "ໝາຍເຫດ", "Notes"),
    "app.photos": ("Ảnh", "ຮູບພາບ", "Photos"),
    "app.photo_camera": ("Chụp ảnh", "ຖ່າຍຮູບ", "Take a photo"),
    "app.photo_gallery": ("Chọn ảnh có sẵn", "ເລືອກຮູບທີ່ມີຢູ່", "Choose from the gallery"),
    "app.photo_too_large": (
        "quá lớn, máy chủ sẽ từ chối",
        "ໃຫຍ່ເກີນໄປ, ເຊີບເວີຈະປະຕິເສດ",
        "too large, the server will refuse it",
    ),
    "app.remove": ("Bỏ", "ເອົາອອກ", "Remove"),
    "app.save": ("Lưu", "ບັນທຶກ", "Save"),
    "app.cancel": ("Hủy", "ຍົກເລີກ", "Cancel"),
    "app.fill_required": (
        "Hãy điền đủ các mục bắt buộc.",
        "ກະລຸນາຕື່ມຂໍ້ມູນທີ່ຈຳເປັນໃຫ້ຄົບ.",
        "Fill in the required fields.",
    ),
    "app.saved_to_outbox": (
        "Đã lưu trên máy, chờ gửi.",
        "ບັນທຶກໄວ້ໃນເຄື່ອງແລ້ວ, ລໍຖ້າສົ່ງ.",
        "Saved on this phone, waiting to be sent.",
    ),
    "app.damage_title": ("Báo hư hỏng", "ລາຍງານຄວາມເສຍຫາຍ", "Report damage"),
    "app.damage_edit_title": (
        "Sửa báo cáo hư hỏng",
        "ແກ້ໄຂລາຍງານຄວາມເສຍຫາຍ",
        "Correct the damage report",
    ),
    "app.damage_where": (
        "Tại một mốc (số hiệu mốc) hoặc tại một điểm (vị trí hiện tại).",
        "ຢູ່ຫຼັກໝາຍໃດໜຶ່ງ (ເລກຫຼັກໝາຍ) ຫຼື ຢູ່ຈຸດໃດໜຶ່ງ (ຕຳແໜ່ງປັດຈຸບັນ).",
        "At a marker (its code) or at a point (your position).",
    ),
    "app.damage_at_point": ("một điểm", "ຈຸດໜຶ່ງ", "a point"),
    "app.cause": ("Nguyên nhân", "ສາເຫດ", "Cause"),
    "app.severity": ("Mức độ", "ລະດັບຄວາມຮຸນແຮງ", "Severity"),
    "app.observed_on": ("Ngày phát hiện", "ວັນທີພົບເຫັນ", "Seen on"),
    "app.description": ("Mô tả", "ລາຍລະອຽດ", "Description"),
    "app.repairs_title": ("Hư hỏng và sửa chữa", "ຄວາມເສຍຫາຍ ແລະ ການສ້ອມແປງ", "Damage and repairs"),
    "app.open_damage": (
        "Hư hỏng chưa xử lý xong: {count}",
        "ຄວາມເສຍຫາຍທີ່ຍັງບໍ່ໄດ້ແກ້ໄຂ: {count}",
        "Open damage: {count}",
    ),
    "app.damage_none": ("Không có hư hỏng nào đang mở.", "ບໍ່ມີຄວາມເສຍຫາຍທີ່ຍັງເປີດຢູ່.", "No open damage."),
    "app.reported_on": ("báo cáo {when}", "ລາຍງານ {when}", "reported {when}"),
    "app.step_to": ("Bước tiếp theo", "ຂັ້ນຕອນຕໍ່ໄປ", "Next step"),
    "app.happened_on": ("Ngày thực hiện", "ວັນທີປະຕິບັດ", "Date the work was done"),
    "app.note": ("Ghi chú", "ໝາຍເຫດ", "Note"),
    "app.save_step": ("Lưu bước này", "ບັນທຶກຂັ້ນຕອນນີ້", "Save this step"),
    "app.step_pending": (
        "{step}, ngày {when} — {state}",
        "{step}, ວັນທີ {when} — {state}",
        "{step}, on {when} — {state}",
    ),
    "app.step_edit_title": (
        "Bước sửa chữa máy chủ chưa nhận",
        "ຂັ້ນຕອນສ້ອມແປງທີ່ເຊີບເວີຍັງບໍ່ຮັບ",
        "A repair step the server did not take",
    ),
    "app.server_state": (
        "Trên máy chủ hiện là: {status} (phiên bản {version})",
        "ໃນເຊີບເວີປັດຈຸບັນແມ່ນ: {status} (ສະບັບ {version})",
        "On the server now: {status} (version {version})",
    ),
    "app.server_last_step": (
        "Bước gần nhất: {step}, do {who}, ngày {when}",
        "ຂັ້ນຕອນຫຼ້າສຸດ: {step}, ໂດຍ {who}, ວັນທີ {when}",
        "Last step: {step}, by {who}, on {when}",
    ),
    "app.your_step": (
        "Bước của bạn: {step}, ngày {when}",
        "ຂັ້ນຕອນຂອງທ່ານ: {step}, ວັນທີ {when}",
        "Your step: {step}, on {when}",
    ),
    "app.no_step_possible": (
        "Từ trạng thái này bạn không có bước nào để làm; có thể bỏ bản ghi này.",
        "ຈາກສະຖານະນີ້ ທ່ານບໍ່ມີຂັ້ນຕອນໃດທີ່ເຮັດໄດ້; ສາມາດຍົກເລີກບັນທຶກນີ້ໄດ້.",
        "From this status there is no step you may take; you may drop this record.",
    ),
    "app.patrol_title": ("Tuần tra", "ການລາດຕະເວນ", "Patrol"),
    "app.patrol_edit_title": ("Sửa bản ghi tuần tra", "ແກ້ໄຂບັນທຶກການລາດຕະເວນ", "Correct the patrol"),
    "app.background_location": (
        "Trình duyệt không cho ứng dụng web lấy vị trí khi chạy nền: ứng dụng chỉ ghi lộ trình "
        "khi đang mở và màn hình sáng. Với chuyến tuần tra dài, hãy ghi lộ trình bằng máy GPS "
        "hoặc ứng dụng ghi GPX trên điện thoại rồi nhập tệp GPX vào đây.",
        "ບຣາວເຊີບໍ່ໃຫ້ແອັບເວັບຮັບຕຳແໜ່ງເມື່ອເຮັດວຽກຢູ່ເບື້ອງຫຼັງ: "
        "ແອັບບັນທຶກເສັ້ນທາງໄດ້ສະເພາະເມື່ອເປີດແອັບຢູ່ ແລະ ໜ້າຈໍຍັງເປີດຢູ່. "
        "ສຳລັບການລາດຕະເວນໄລຍະຍາວ, ກະລຸນາບັນທຶກເສັ້ນທາງດ້ວຍເຄື່ອງ GPS ຫຼື ແອັບບັນທຶກ GPX "
        "ໃນໂທລະສັບ ແລ້ວນຳເຂົ້າໄຟລ໌ GPX ຢູ່ນີ້.",
        "Browsers give web apps no location in the background: the app records a track only "
        "while it is open and the screen is on. For a long patrol, record the track with a GPS "
        "unit or a GPX logger app on the phone and import the GPX file here.",
    ),
    "app.track": ("Lộ trình", "ເສັ້ນທາງ", "Track"),
    "app.gpx_import": ("Nhập tệp GPX", "ນຳເຂົ້າໄຟລ໌ GPX", "Import a GPX file"),
    "app.gpx_summary": (
        "{name}: {points} điểm, từ {first} đến {last}",
        "{name}: {points} ຈຸດ, ແຕ່ {first} ຫາ {last}",
        "{name}: {points} points, from {first} to {last}",
    ),
    "app.gpx_unreadable": (
        "Tệp này không phải GPX đọc được (cần ít nhất hai điểm).",
        "ໄຟລ໌ນີ້ບໍ່ແມ່ນ GPX ທີ່ອ່ານໄດ້ (ຕ້ອງມີຢ່າງໜ້ອຍສອງຈຸດ).",
        "The file is not a readable GPX (it needs at least two points).",
    ),
    "app.record_start": ("Bắt đầu ghi lộ trình", "ເລີ່ມບັນທຶກເສັ້ນທາງ", "Start recording"),
    "app.record_stop": ("Dừng ghi", "ຢຸດບັນທຶກ", "Stop recording"),
    "app.recording_none": ("Chưa ghi lộ trình.", "ຍັງບໍ່ໄດ້ບັນທຶກເສັ້ນທາງ.", "No track recorded."),
    "app.recording_status": (
        "Đang ghi từ {since}: {points} điểm, {length}. Giữ ứng dụng mở và màn hình sáng.",
        "ກຳລັງບັນທຶກແຕ່ {since}: {points} ຈຸດ, {length}. ໃຫ້ເປີດແອັບ ແລະ ໜ້າຈໍໄວ້.",
        "Recording since {since}: {points} points, {length}. Keep the app open and the screen on.",
    ),
    "app.recording_done": (
        "Đã ghi: {points} điểm, {length}.",
        "ບັນທຶກແລ້ວ: {points} ຈຸດ, {length}.",
        "Recorded: {points} points, {length}.",
    ),
    "app.recorded_track": (
        "lộ trình ghi trên máy",
        "ເສັ້ນທາງທີ່ບັນທຶກໃນເຄື່ອງ",
        "track recorded on the phone",
    ),
    "app.started_at": ("Bắt đầu", "ເລີ່ມຕົ້ນ", "Started"),
    "app.ended_at": ("Kết thúc", "ສິ້ນສຸດ", "Ended"),
    "app.vn_unit": ("Đơn vị phía Việt Nam", "ໜ່ວຍຝ່າຍຫວຽດນາມ", "Vietnamese unit"),
    "app.joint": (
        "Tuần tra song phương với phía Lào",
        "ລາດຕະເວນຮ່ວມກັບຝ່າຍລາວ",
        "Joint patrol with the Lao side",
    ),
    "app.la_unit": ("Đơn vị phía Lào", "ໜ່ວຍຝ່າຍລາວ", "Lao unit"),
    "app.participants": ("Thành phần tham gia", "ຜູ້ເຂົ້າຮ່ວມ", "Participants"),
    "app.participants_hint": ("Mỗi người một dòng", "ແຕ່ລະຄົນໜຶ່ງແຖວ", "One per line"),
    "app.joint_needs_la_unit": (
        "Tuần tra song phương cần ghi đơn vị phía Lào.",
        "ການລາດຕະເວນຮ່ວມຕ້ອງລະບຸໜ່ວຍຝ່າຍລາວ.",
        "A joint patrol names its Lao unit.",
    ),
    "app.track_needed": (
        "Hãy nhập tệp GPX hoặc ghi lộ trình.",
        "ກະລຸນານຳເຂົ້າໄຟລ໌ GPX ຫຼື ບັນທຶກເສັ້ນທາງ.",
        "Import a GPX file or record a track.",
    ),
    "app.track_too_short": (
        "Lộ trình cần ít nhất hai điểm.",
        "ເສັ້ນທາງຕ້ອງມີຢ່າງໜ້ອຍສອງຈຸດ.",
        "A track needs at least two points.",
    ),
    "app.outbox_title": ("Hộp thư đi", "ກ່ອງລໍຖ້າສົ່ງ", "Outbox"),
    "app.outbox_count": (
        "{records} bản ghi và {photos} ảnh đang chờ gửi",
        "{records} ບັນທຶກ ແລະ {photos} ຮູບ ກຳລັງລໍຖ້າສົ່ງ",
        "{records} records and {photos} photos waiting",
    ),
    "app.outbox_empty": (
        "Không còn gì chờ gửi: máy chủ đã nhận tất cả.",
        "ບໍ່ມີຫຍັງລໍຖ້າສົ່ງ: ເຊີບເວີໄດ້ຮັບທັງໝົດແລ້ວ.",
        "Nothing waiting: the server has everything.",
    ),
    "app.send_now": ("Gửi ngay", "ສົ່ງດຽວນີ້", "Send now"),
    "app.sync_offline": (
        "Không có mạng: sẽ gửi khi có mạng.",
        "ບໍ່ມີເຄືອຂ່າຍ: ຈະສົ່ງເມື່ອມີເຄືອຂ່າຍ.",
        "Offline: sending when the network returns.",
    ),
    "app.sync_running": ("Đang gửi…", "ກຳລັງສົ່ງ…", "Sending…"),
    "app.sync_sign_in": (
        "Cần đăng nhập lại để gửi.",
        "ຕ້ອງເຂົ້າສູ່ລະບົບຄືນເພື່ອສົ່ງ.",
        "Sign in again to send.",
    ),
    "app.sync_unreachable": (
        "Không kết nối được máy chủ; sẽ thử lại lúc {when}.",
        "ເຊື່ອມຕໍ່ເຊີບເວີບໍ່ໄດ້; ຈະລອງໃໝ່ເວລາ {when}.",
        "The server could not be reached; trying again at {when}.",
    ),
    "app.sync_server_error": (
        "Máy chủ gặp lỗi; sẽ thử lại lúc {when}.",
        "ເຊີບເວີມີບັນຫາ; ຈະລອງໃໝ່ເວລາ {when}.",
        "The server had an error; trying again at {when}.",
    ),
    "app.sync_last": (
        "Lần gửi gần nhất {when}: máy chủ nhận {sent} bản ghi và {photos} ảnh, còn giữ lại {held}.",
        "ການສົ່ງຫຼ້າສຸດ {when}: ເຊີບເວີໄດ້ຮັບ {sent} ບັນທຶກ ແລະ {photos} ຮູບ, ຍັງເກັບໄວ້ {held}.",
        "Last sent {when}: the server took {sent} records and {photos} photos, {held} held back.",
    ),
    "app.sync_never": ("Chưa gửi lần nào.", "ຍັງບໍ່ເຄີຍສົ່ງ.", "Nothing sent yet."),
    "app.made_at": ("Tạo lúc {when}", "ສ້າງເມື່ອ {when}", "Made {when}"),
    "app.edit": ("Sửa", "ແກ້ໄຂ", "Correct"),
    "app.send_again": ("Gửi lại", "ສົ່ງຄືນ", "Send again"),
    "app.rebase": (
        "Áp dụng trên trạng thái hiện tại",
        "ນຳໃຊ້ກັບສະຖານະປັດຈຸບັນ",
        "Apply to the current state",
    ),
    "app.drop": ("Bỏ bản ghi", "ຍົກເລີກບັນທຶກ", "Drop"),
    "app.drop_confirm": ("Bấm lần nữa để bỏ hẳn", "ກົດອີກຄັ້ງເພື່ອຍົກເລີກແທ້", "Tap again to drop it"),
    "app.dropped": ("Đã bỏ.", "ຍົກເລີກແລ້ວ.", "Dropped."),
    "app.gone": (
        "Bản ghi này không còn trong hộp thư đi.",
        "ບັນທຶກນີ້ບໍ່ມີໃນກ່ອງລໍຖ້າສົ່ງແລ້ວ.",
        "This record is no longer in the outbox.",
    ),
    "app.photos_waiting": (
        "Ảnh chờ gửi (bản ghi đã gửi)",
        "ຮູບທີ່ລໍຖ້າສົ່ງ (ບັນທຶກສົ່ງແລ້ວ)",
        "Photos waiting (their records are sent)",
    ),
    "app.sent_title": (
        "Đã gửi gần đây ({count})",
        "ສົ່ງແລ້ວຫຼ້າສຸດ ({count})",
        "Recently sent ({count})",
    ),
    "app.summary_inspection": (
        "Mốc {code}: {condition}",
        "ຫຼັກໝາຍ {code}: {condition}",
        "Marker {code}: {condition}",
    ),
    "app.summary_damage": ("Tại {where}: {cause}", "ຢູ່ {where}: {cause}", "At {where}: {cause}"),
    "app.summary_step": ("{step}, ngày {when}", "{step}, ວັນທີ {when}", "{step}, on {when}"),
    "app.summary_patrol": ("{unit} — {track}", "{unit} — {track}", "{unit} — {track}"),
    "app.type.inspection": ("Kiểm tra mốc", "ການກວດກາຫຼັກໝາຍ", "Inspection"),
    "app.type.damage_report": ("Báo hư hỏng", "ລາຍງານຄວາມເສຍຫາຍ", "Damage report"),
    "app.type.transition": ("Bước sửa chữa", "ຂັ້ນຕອນການສ້ອມແປງ", "Repair step"),
    "app.type.patrol": ("Tuần tra", "ການລາດຕະເວນ", "Patrol"),
    "app.state.waiting": ("Chờ gửi", "ລໍຖ້າສົ່ງ", "Waiting"),
    "app.state.retry_later": ("Chờ gửi lại", "ລໍຖ້າສົ່ງຄືນ", "Retrying later"),
    "app.state.conflict": ("Xung đột với máy chủ", "ຂັດແຍ່ງກັບເຊີບເວີ", "Conflict with the server"),
    "app.state.rejected": ("Bị từ chối", "ຖືກປະຕິເສດ", "Rejected"),
    "app.sent.created": ("Đã gửi", "ສົ່ງແລ້ວ", "Sent"),
    "app.sent.duplicate": ("Đã có trên máy chủ", "ມີຢູ່ໃນເຊີບເວີແລ້ວ", "Already on the server"),
}


def label(key: str, lang: str) -> str:
    """The text of ``key`` in ``lang`` (vi, lo or en); a key missing from the table is a bug
    (KeyError), which the label test catches before a page shows it."""
    return LABELS[key][LANGS.index(lang)]


def value_label(value: object, lang: str) -> str:
    """The title of a stored value in ``lang``; the value itself when it is not a coded one
    (a name, a number, free text)."""
    key = str(value).lower() if isinstance(value, bool) else str(value)
    texts = LABELS.get(f"value.{key}")
    return texts[LANGS.index(lang)] if texts else key


def labels_under(prefix: str, lang: str) -> dict[str, str]:
    """Every label whose key starts with ``prefix``, keyed by the rest (``map.`` → the maps'
    words), in ``lang``."""
    index = LANGS.index(lang)
    return {
        key.removeprefix(prefix): texts[index]
        for key, texts in LABELS.items()
        if key.startswith(prefix)
    }

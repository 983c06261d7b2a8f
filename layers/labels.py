"""Every label of the registry in Vietnamese (the default), Lao and English: one table.

The maps, the field app, the planners' desk, the OpenAPI titles and the exports all read it,
so a layer, a property or a value is named once. Keys:

* ``layer.<id>``: a layer's title;
* ``field.<name>``: a property's title (a ``Property`` names another ``field.`` key where its
  name means something else in that layer, as ``vn_unit`` is a province in a section);
* ``value.<value>``: a stored value's title. A value means the same wherever it appears
  (``intact`` as a marker status and as an inspection condition), so one entry serves all;
* ``language.<lang>``: a language, named in itself;
* ``map.<key>``, ``app.<key>``, ``desk.<key>``, ``report.<key>``: the maps', the field app's,
  the planners' desk's and the joint report's own words (``desk.step.<from>.<to>``: the
  button of a repair step). ``{name}`` marks a
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
    "layer.legal_positions": (
        "Vị trí pháp lý của mốc",
        "ຕຳແໜ່ງທາງກົດໝາຍຂອງຫຼັກໝາຍ",
        "Legal positions of markers",
    ),
    "layer.marker_observations": (
        "Quan trắc vị trí mốc",
        "ການສັງເກດຕຳແໜ່ງຫຼັກໝາຍ",
        "Observations of markers",
    ),
    "layer.marker_aliases": (
        "Số hiệu mốc khác và mốc cũ",
        "ລະຫັດອື່ນ ແລະ ລະຫັດເກົ່າຂອງຫຼັກໝາຍ",
        "Other and legacy marker ids",
    ),
    "layer.border_events": ("Lịch sử đường biên giới", "ປະຫວັດເສັ້ນຊາຍແດນ", "Border history"),
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
    # the legal register, observations and valid time (issue 13)
    "field.valid_from": ("Hiệu lực từ", "ມີຜົນແຕ່", "Valid from"),
    "field.valid_from_precision": (
        "Độ chính xác ngày hiệu lực",
        "ຄວາມລະອຽດຂອງວັນທີມີຜົນ",
        "Valid-from precision",
    ),
    "field.valid_from_ref": ("Nguồn ngày hiệu lực", "ແຫຼ່ງທີ່ມາຂອງວັນທີມີຜົນ", "Valid-from source"),
    "field.instrument": ("Văn bản pháp lý", "ເອກະສານທາງກົດໝາຍ", "Instrument"),
    "field.instrument_ref": ("Điều khoản", "ມາດຕາ ຫຼື ເອກະສານຊ້ອນທ້າຍ", "Instrument reference"),
    "field.crs": ("Hệ tọa độ", "ລະບົບພິກັດ", "CRS of the coordinates"),
    "field.x": ("X (theo văn bản)", "X (ຕາມເອກະສານ)", "x as given"),
    "field.y": ("Y (theo văn bản)", "Y (ຕາມເອກະສານ)", "y as given"),
    "field.legal_state": ("Hiệu lực pháp lý", "ສະຖານະທາງກົດໝາຍ", "Legal state"),
    "field.binding_from": ("Có hiệu lực từ", "ມີຜົນບັງຄັບໃຊ້ແຕ່", "Binding from"),
    "field.binding_until": ("Hết hiệu lực", "ໝົດຜົນບັງຄັບໃຊ້", "Binding until"),
    "field.alias": ("Số hiệu khác", "ລະຫັດອື່ນ", "Alias"),
    "field.marker_today": ("Mốc hiện nay", "ຫຼັກໝາຍປັດຈຸບັນ", "Marker today"),
    "field.title": ("Sự kiện", "ເຫດການ", "Event"),
    "field.happened_on": ("Ngày", "ວັນທີ", "Date"),
    "field.happened_precision": ("Độ chính xác ngày", "ຄວາມລະອຽດຂອງວັນທີ", "Date precision"),
    "field.ended_on": ("Kết thúc", "ສິ້ນສຸດ", "Ended"),
    "field.ended_precision": (
        "Độ chính xác ngày kết thúc",
        "ຄວາມລະອຽດຂອງວັນທີສິ້ນສຸດ",
        "End date precision",
    ),
    "field.method": ("Phương pháp đo", "ວິທີວັດແທກ", "Method"),
    "field.epoch": ("Thời điểm đo", "ເວລາວັດແທກ", "Epoch"),
    "field.observer": ("Người đo", "ຜູ້ວັດແທກ", "Observer"),
    "field.displacement_from": ("Đo từ", "ວັດຈາກ", "Measured from"),
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
    "value.legal": ("Vị trí pháp lý", "ຕຳແໜ່ງທາງກົດໝາຍ", "Legal position"),
    "value.draft": ("Dự thảo", "ຮ່າງ", "Draft"),
    "value.binding": ("Có hiệu lực", "ມີຜົນບັງຄັບໃຊ້", "Binding"),
    "value.superseded": ("Đã được thay thế", "ຖືກປ່ຽນແທນແລ້ວ", "Superseded"),
    "value.instant": ("Thời điểm ghi nhận", "ເວລາທີ່ບັນທຶກ", "Instant recorded"),
    "value.gnss": ("Đo GNSS", "ວັດແທກດ້ວຍ GNSS", "GNSS"),
    "value.rtk": ("Đo RTK", "ວັດແທກດ້ວຍ RTK", "RTK"),
    "value.total_station": ("Máy toàn đạc", "ກ້ອງວັດແທກລວມ", "Total station"),
    "value.handheld_gps": ("GPS cầm tay", "GPS ແບບຖືມື", "Handheld GPS"),
    "value.legacy": ("Số hiệu cũ", "ລະຫັດເກົ່າ", "Legacy id"),
    "value.treaty": ("Hiệp ước", "ສົນທິສັນຍາ", "Treaty"),
    "value.demarcation": ("Phân giới cắm mốc", "ການປັກຫຼັກໝາຍ", "Demarcation"),
    "value.densification": ("Tăng dày mốc", "ການເພີ່ມຫຼັກໝາຍ", "Densification"),
    "value.protocol": ("Nghị định thư", "ອະນຸສັນຍາ", "Protocol"),
    "value.review": ("Sơ kết, tổng kết", "ການທົບທວນ", "Review"),
    "value.handover": ("Bàn giao", "ການມອບໂອນ", "Hand-over"),
    # the roles of users and keys (users.role, api_keys.role)
    "value.guard": ("Bộ đội biên phòng", "ທະຫານປ້ອງກັນຊາຍແດນ", "Border guard"),
    "value.planner": ("Cán bộ kế hoạch", "ພະນັກງານວາງແຜນ", "Planner"),
    "value.ministry": ("Bộ ngành", "ກະຊວງ", "Ministry"),
    "value.admin": ("Quản trị viên", "ຜູ້ບໍລິຫານລະບົບ", "Administrator"),
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
    "map.sign_in": ("Đăng nhập", "ເຂົ້າສູ່ລະບົບ", "Sign in"),
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
    "map.newer_inspections": ("Lần kiểm tra mới hơn", "ການກວດກາທີ່ໃໝ່ກວ່າ", "Newer inspections"),
    "map.older_inspections": ("Lần kiểm tra cũ hơn", "ການກວດກາທີ່ເກົ່າກວ່າ", "Older inspections"),
    "map.history_page": (
        "Trang {page}/{pages} · {count} lần kiểm tra",
        "ໜ້າ {page}/{pages} · ກວດກາ {count} ຄັ້ງ",
        "Page {page} of {pages} · {count} inspections",
    ),
    "map.as_of": ("Trạng thái ngày {date}", "ສະພາບ ນະ ວັນທີ {date}", "As of {date}"),
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
    # --- the planners' desk's own words: desk.<key> ---------------------------------------------
    "desk.site": ("Bàn làm việc cán bộ kế hoạch", "ໂຕະວຽກຂອງພະນັກງານວາງແຜນ", "Planners' desk"),
    "desk.stretch": (
        "Biên giới Việt Nam – Lào, đoạn Quảng Trị – Savannakhet",
        "ຊາຍແດນ ລາວ – ຫວຽດນາມ, ຂອບເຂດ ສະຫວັນນະເຂດ – ກວາງຈິ",
        "Vietnam–Laos border, Quảng Trị – Savannakhet stretch",
    ),
    "desk.language": ("Ngôn ngữ", "ພາສາ", "Language"),
    "desk.sign_in": ("Đăng nhập", "ເຂົ້າສູ່ລະບົບ", "Sign in"),
    "desk.sign_out": ("Đăng xuất", "ອອກຈາກລະບົບ", "Sign out"),
    "desk.user_name": ("Tên người dùng", "ຊື່ຜູ້ໃຊ້", "User name"),
    "desk.password": ("Mật khẩu", "ລະຫັດຜ່ານ", "Password"),
    "desk.login_failed": (
        "Sai tên người dùng hoặc mật khẩu.",
        "ຊື່ຜູ້ໃຊ້ ຫຼື ລະຫັດຜ່ານບໍ່ຖືກຕ້ອງ.",
        "Wrong user name or password.",
    ),
    "desk.login_throttled": (
        "Đăng nhập sai quá nhiều lần; hãy thử lại sau {seconds} giây.",
        "ເຂົ້າລະບົບຜິດຫຼາຍເທື່ອເກີນໄປ; ກະລຸນາລອງໃໝ່ຫຼັງຈາກ {seconds} ວິນາທີ.",
        "Too many failed sign-ins; try again in {seconds} s.",
    ),
    "desk.form_expired": (
        "Biểu mẫu đã hết hạn; hãy thử lại.",
        "ແບບຟອມໝົດອາຍຸແລ້ວ; ກະລຸນາລອງໃໝ່.",
        "The form has expired; please try again.",
    ),
    "desk.signed_in_as": ("Đang đăng nhập:", "ເຂົ້າລະບົບໃນນາມ:", "Signed in as"),
    "desk.maps": ("Bản đồ", "ແຜນທີ່", "Maps"),
    "desk.queue": ("Việc cần làm", "ວຽກທີ່ຕ້ອງເຮັດ", "Work queue"),
    "desk.queue_empty": ("Không có việc nào đang chờ.", "ບໍ່ມີວຽກທີ່ລໍຖ້າ.", "Nothing is waiting."),
    "desk.to_assess": (
        "Báo cáo hư hỏng cần đánh giá",
        "ລາຍງານຄວາມເສຍຫາຍທີ່ຕ້ອງປະເມີນ",
        "Damage reports to assess",
    ),
    "desk.to_propose": (
        "Đã đánh giá, cần đề xuất sửa chữa",
        "ປະເມີນແລ້ວ, ຕ້ອງສະເໜີການສ້ອມແປງ",
        "Assessed, repair to propose",
    ),
    "desk.to_approve": (
        "Đề xuất sửa chữa cần phê duyệt",
        "ຂໍ້ສະເໜີສ້ອມແປງທີ່ຕ້ອງອະນຸມັດ",
        "Repair proposals to approve",
    ),
    "desk.to_repair": (
        "Sửa chữa đã duyệt, cần thực hiện",
        "ການສ້ອມແປງທີ່ອະນຸມັດແລ້ວ, ຕ້ອງດຳເນີນການ",
        "Approved repairs to carry out",
    ),
    "desk.repairing": ("Đang sửa chữa", "ກຳລັງສ້ອມແປງ", "Repairs under way"),
    "desk.to_verify": ("Sửa chữa cần nghiệm thu", "ການສ້ອມແປງທີ່ຕ້ອງກວດຮັບ", "Repairs to verify"),
    "desk.overdue": (
        "Mốc quá hạn kiểm tra",
        "ຫຼັກໝາຍທີ່ເກີນກຳນົດກວດກາ",
        "Markers overdue for inspection",
    ),
    "desk.due_soon": (
        "Mốc đến hạn kiểm tra trong 7 ngày",
        "ຫຼັກໝາຍທີ່ຮອດກຳນົດກວດກາພາຍໃນ 7 ວັນ",
        "Markers due within 7 days",
    ),
    "desk.open_alerts": (
        "Cảnh báo xê dịch chưa xử lý",
        "ການແຈ້ງເຕືອນການເຄື່ອນຍ້າຍທີ່ຍັງບໍ່ໄດ້ແກ້ໄຂ",
        "Open displacement alerts",
    ),
    "desk.more": ("và {count} mục khác", "ແລະ ອີກ {count} ລາຍການ", "and {count} more"),
    "desk.never_inspected": ("chưa từng kiểm tra", "ບໍ່ເຄີຍກວດກາ", "never inspected"),
    "desk.due_at": ("Hạn", "ກຳນົດ", "Due"),
    "desk.displacement": ("Xê dịch", "ການເຄື່ອນຍ້າຍ", "Displacement"),
    "desk.record": (
        "Hồ sơ hư hỏng và sửa chữa",
        "ບັນທຶກຄວາມເສຍຫາຍ ແລະ ການສ້ອມແປງ",
        "Damage and repair record",
    ),
    "desk.marker": ("Mốc", "ຫຼັກໝາຍ", "Marker"),
    "desk.status": ("Trạng thái", "ສະຖານະ", "Status"),
    "desk.cause": ("Nguyên nhân", "ສາເຫດ", "Cause"),
    "desk.severity": ("Mức độ", "ລະດັບຄວາມຮຸນແຮງ", "Severity"),
    "desk.observed_on": ("Ngày phát hiện", "ວັນທີພົບເຫັນ", "Observed"),
    "desk.description": ("Mô tả", "ລາຍລະອຽດ", "Description"),
    "desk.document_ref": ("Số văn bản", "ເລກທີເອກະສານ", "Document reference"),
    "desk.source": ("Nguồn", "ແຫຼ່ງຂໍ້ມູນ", "Source"),
    "desk.year_only": ("nguồn chỉ ghi năm", "ແຫຼ່ງຂໍ້ມູນລະບຸແຕ່ປີ", "the source gives only the year"),
    "desk.history": ("Diễn biến", "ປະຫວັດ", "History"),
    "desk.when": ("Thời điểm ghi", "ເວລາບັນທຶກ", "Recorded"),
    "desk.step": ("Bước", "ຂັ້ນຕອນ", "Step"),
    "desk.who": ("Người thực hiện", "ຜູ້ດຳເນີນການ", "By"),
    "desk.happened_on": ("Ngày thực hiện", "ວັນທີດຳເນີນການ", "Work done on"),
    "desk.note": ("Ghi chú", "ໝາຍເຫດ", "Note"),
    "desk.photos": ("Ảnh", "ຮູບພາບ", "Photos"),
    "desk.no_photos": ("Chưa có ảnh.", "ຍັງບໍ່ມີຮູບພາບ.", "No photos yet."),
    "desk.next_steps": ("Bước tiếp theo", "ຂັ້ນຕອນຕໍ່ໄປ", "Next steps"),
    "desk.no_next_steps": (
        "Vai trò của bạn không có bước nào cho hồ sơ này.",
        "ບົດບາດຂອງທ່ານບໍ່ມີຂັ້ນຕອນໃດສຳລັບບັນທຶກນີ້.",
        "Your role has no step to take on this record.",
    ),
    "desk.stale": (
        "Hồ sơ đã được {actor} thay đổi lúc {at} — hãy tải lại trang. Không có gì bị thay đổi.",
        "ບັນທຶກນີ້ຖືກ {actor} ປ່ຽນແປງເມື່ອ {at} — ກະລຸນາໂຫຼດໜ້າຄືນໃໝ່. ບໍ່ມີຫຍັງຖືກປ່ຽນແປງ.",
        "Changed by {actor} at {at} — reload. Nothing was changed.",
    ),
    "desk.reload": ("Tải lại", "ໂຫຼດຄືນໃໝ່", "Reload"),
    "desk.refused": ("Không thực hiện được:", "ດຳເນີນການບໍ່ໄດ້:", "Refused:"),
    "desk.done": ("Đã ghi nhận.", "ບັນທຶກແລ້ວ.", "Recorded."),
    "desk.none": ("Không có", "ບໍ່ມີ", "None"),
    "desk.back_to_queue": ("Về danh sách việc", "ກັບຄືນລາຍການວຽກ", "Back to the work queue"),
    "desk.marker_status_after": (
        "Trạng thái mốc sau khi nghiệm thu",
        "ສະຖານະຫຼັກໝາຍຫຼັງການກວດຮັບ",
        "Marker status after verification",
    ),
    "desk.keep_marker_status": ("Giữ nguyên", "ຄົງໄວ້ຄືເກົ່າ", "Leave as it is"),
    "desk.acknowledge": ("Xác nhận đã xem", "ຢືນຢັນວ່າໄດ້ຮັບຮູ້ແລ້ວ", "Acknowledge"),
    "desk.dossier": ("Hồ sơ mốc", "ແຟ້ມຂໍ້ມູນຫຼັກໝາຍ", "Marker dossier"),
    "desk.registry": ("Thông tin đăng ký", "ຂໍ້ມູນທະບຽນ", "Registry facts"),
    "desk.type": ("Loại", "ປະເພດ", "Type"),
    "desk.section": ("Đoạn biên giới", "ຂອບເຂດຊາຍແດນ", "Border section"),
    "desk.chainage": ("Lý trình", "ໄລຍະທາງຕາມເສັ້ນຊາຍແດນ", "Chainage"),
    "desk.maintained_by": ("Bên quản lý", "ຝ່າຍຮັບຜິດຊອບ", "Maintained by"),
    "desk.id_status": ("Số hiệu", "ເລກລະຫັດ", "Identifier"),
    "desk.illustrative_note": (
        "Số hiệu minh họa, không phải số hiệu chính thức",
        "ເລກລະຫັດຕົວຢ່າງ, ບໍ່ແມ່ນເລກລະຫັດທາງການ",
        "An illustrative identifier, not the official one",
    ),
    "desk.coord_status": ("Tọa độ", "ພິກັດ", "Coordinates"),
    "desk.position": ("Vị trí (kinh độ, vĩ độ)", "ທີ່ຕັ້ງ (ເສັ້ນແວງ, ເສັ້ນຂະໜານ)", "Position (lon, lat)"),
    "desk.licence": ("Giấy phép", "ໃບອະນຸຍາດ", "Licence"),
    "desk.provenance_note": ("Ghi chú nguồn gốc", "ໝາຍເຫດກ່ຽວກັບແຫຼ່ງທີ່ມາ", "Provenance note"),
    "desk.next_due": ("Hạn kiểm tra tiếp theo", "ກຳນົດກວດກາຄັ້ງຕໍ່ໄປ", "Next inspection due"),
    "desk.overdue_now": ("quá hạn", "ເກີນກຳນົດ", "overdue"),
    "desk.last_inspection": ("Lần kiểm tra gần nhất", "ການກວດກາຄັ້ງລ່າສຸດ", "Last inspection"),
    "desk.inspections": ("Các lần kiểm tra", "ການກວດກາ", "Inspections"),
    "desk.inspection": ("Lần kiểm tra", "ການກວດກາ", "Inspection"),
    "desk.observed_at": ("Thời điểm kiểm tra", "ເວລາກວດກາ", "Inspected at"),
    "desk.condition": ("Tình trạng", "ສະພາບ", "Condition"),
    "desk.vegetation_cleared": ("Đã phát quang", "ຖາງຫຍ້າແລ້ວ", "Vegetation cleared"),
    "desk.accuracy": ("Độ chính xác GPS", "ຄວາມແມ່ນຍຳ GPS", "GPS accuracy"),
    "desk.older": ("Cũ hơn", "ເກົ່າກວ່າ", "Older"),
    "desk.newest": ("Mới nhất", "ໃໝ່ສຸດ", "Newest"),
    "desk.repairs": ("Hư hỏng và sửa chữa", "ຄວາມເສຍຫາຍ ແລະ ການສ້ອມແປງ", "Damage and repairs"),
    "desk.alerts": ("Cảnh báo xê dịch", "ການແຈ້ງເຕືອນການເຄື່ອນຍ້າຍ", "Displacement alerts"),
    "desk.acknowledged": (
        "Đã xác nhận: {who}, {at}",
        "ຢືນຢັນແລ້ວ: {who}, {at}",
        "Acknowledged: {who}, {at}",
    ),
    "desk.not_acknowledged": ("Chưa xác nhận", "ຍັງບໍ່ໄດ້ຢືນຢັນ", "Not acknowledged"),
    "desk.patrol": ("Chuyến tuần tra", "ການລາດຕະເວນ", "Patrol"),
    "desk.recorded_by": ("Người ghi", "ຜູ້ບັນທຶກ", "Recorded by"),
    "desk.withdrawn": (
        "Đã rút lại bởi {who} lúc {at}: {reason}",
        "ຖືກຖອນຄືນໂດຍ {who} ເມື່ອ {at}: {reason}",
        "Withdrawn by {who} at {at}: {reason}",
    ),
    "desk.versions": ("Các phiên bản đã sửa", "ສະບັບທີ່ຖືກແກ້ໄຂ", "Corrected versions"),
    "desk.version_replaced": (
        "Phiên bản {version} được {who} thay lúc {at}: {reason}",
        "ສະບັບທີ {version} ຖືກ {who} ປ່ຽນແທນເມື່ອ {at}: {reason}",
        "Version {version} replaced by {who} at {at}: {reason}",
    ),
    "desk.yes": ("Có", "ແມ່ນ", "Yes"),
    "desk.no": ("Không", "ບໍ່", "No"),
    "desk.started_at": ("Bắt đầu", "ເລີ່ມຕົ້ນ", "Started"),
    "desk.ended_at": ("Kết thúc", "ສິ້ນສຸດ", "Ended"),
    "desk.vn_unit": ("Đơn vị Việt Nam", "ຫົວໜ່ວຍຝ່າຍຫວຽດນາມ", "Vietnamese unit"),
    "desk.la_unit": ("Đơn vị Lào", "ຫົວໜ່ວຍຝ່າຍລາວ", "Lao unit"),
    "desk.joint": ("Tuần tra chung", "ລາດຕະເວນຮ່ວມ", "Joint patrol"),
    "desk.participants": ("Người tham gia", "ຜູ້ເຂົ້າຮ່ວມ", "Participants"),
    "desk.length": ("Chiều dài", "ຄວາມຍາວ", "Length"),
    "desk.markers_passed": ("Các mốc đã đi qua", "ຫຼັກໝາຍທີ່ຜ່ານ", "Markers passed"),
    "desk.track_map": (
        "Bản đồ lộ trình (cần JavaScript)",
        "ແຜນທີ່ເສັ້ນທາງ (ຕ້ອງໃຊ້ JavaScript)",
        "Map of the track (needs JavaScript)",
    ),
    "desk.open_page": ("Mở", "ເປີດ", "Open"),
    "desk.ogc_title": (
        "Dữ liệu biên giới (OGC API – Features)",
        "ຂໍ້ມູນຊາຍແດນ (OGC API – Features)",
        "Border data (OGC API – Features)",
    ),
    "desk.collections": ("Các lớp dữ liệu", "ຊຸດຂໍ້ມູນ", "Collections"),
    "desk.items": ("Các đối tượng", "ລາຍການຂໍ້ມູນ", "Features"),
    "desk.formats": ("Định dạng khác", "ຮູບແບບອື່ນ", "Other formats"),
    "desk.conformance": ("Chuẩn tuân thủ", "ມາດຕະຖານທີ່ສອດຄ່ອງ", "Conformance"),
    "desk.api_docs": ("Tài liệu API", "ເອກະສານ API", "API documentation"),
    "desk.changes_feed": ("Dòng thay đổi", "ລາຍການການປ່ຽນແປງ", "Change feed"),
    "desk.extent": ("Phạm vi", "ຂອບເຂດ", "Extent"),
    "desk.queryables": ("Thuộc tính truy vấn", "ຄຸນສົມບັດທີ່ຄົ້ນຫາໄດ້", "Queryables"),
    "desk.on_page": (
        "{count} đối tượng trên trang này",
        "{count} ລາຍການໃນໜ້ານີ້",
        "{count} features on this page",
    ),
    "desk.next_page": ("Trang sau", "ໜ້າຕໍ່ໄປ", "Next page"),
    "desk.prev_page": ("Trang trước", "ໜ້າກ່ອນ", "Previous page"),
    "desk.feature_map": (
        "Bản đồ các đối tượng của trang (cần JavaScript)",
        "ແຜນທີ່ລາຍການໃນໜ້ານີ້ (ຕ້ອງໃຊ້ JavaScript)",
        "Map of this page's features (needs JavaScript)",
    ),
    "desk.admin_pages": ("Quản trị", "ການບໍລິຫານ", "Administration"),
    "desk.joint_report": ("Báo cáo chung", "ບົດລາຍງານຮ່ວມ", "Joint report"),
    "desk.report_from": ("Từ ngày", "ແຕ່ວັນທີ", "From"),
    "desk.report_to": ("Đến ngày", "ຫາວັນທີ", "To"),
    "desk.report_format": ("Định dạng", "ຮູບແບບ", "Format"),
    "desk.report_open": ("Mở báo cáo", "ເປີດບົດລາຍງານ", "Open the report"),
    "desk.users": ("Người dùng", "ຜູ້ໃຊ້", "Users"),
    "desk.api_keys": ("Khóa API", "ກະແຈ API", "API keys"),
    "desk.audit": ("Nhật ký thay đổi", "ບັນທຶກການປ່ຽນແປງ", "Audit trail"),
    "desk.add_user": ("Thêm người dùng", "ເພີ່ມຜູ້ໃຊ້", "Add a user"),
    "desk.role": ("Vai trò", "ບົດບາດ", "Role"),
    "desk.active": ("Đang hoạt động", "ກຳລັງໃຊ້ງານ", "Active"),
    "desk.created": ("Tạo lúc", "ສ້າງເມື່ອ", "Created"),
    "desk.last_login": ("Đăng nhập gần nhất", "ເຂົ້າລະບົບຄັ້ງລ່າສຸດ", "Last sign-in"),
    "desk.deactivate": ("Khóa tài khoản", "ປິດການໃຊ້ງານ", "Deactivate"),
    "desk.activate": ("Mở lại tài khoản", "ເປີດການໃຊ້ງານຄືນ", "Activate"),
    "desk.new_password": ("Mật khẩu mới", "ລະຫັດຜ່ານໃໝ່", "New password"),
    "desk.set_password": ("Đặt lại mật khẩu", "ຕັ້ງລະຫັດຜ່ານໃໝ່", "Reset password"),
    "desk.key_name": ("Tên khóa", "ຊື່ກະແຈ", "Key name"),
    "desk.create_key": ("Tạo khóa", "ສ້າງກະແຈ", "Create a key"),
    "desk.key_shown_once": (
        "Khóa mới (chỉ hiện một lần, hãy lưu lại ngay):",
        "ກະແຈໃໝ່ (ສະແດງເທື່ອດຽວ, ກະລຸນາບັນທຶກໄວ້ທັນທີ):",
        "The new key (shown only this once; keep it now):",
    ),
    "desk.revoke": ("Thu hồi", "ຍົກເລີກ", "Revoke"),
    "desk.last_used": ("Dùng gần nhất", "ໃຊ້ຄັ້ງລ່າສຸດ", "Last used"),
    "desk.revoked": ("Đã thu hồi", "ຍົກເລີກແລ້ວ", "Revoked"),
    "desk.action": ("Thao tác", "ການກະທຳ", "Action"),
    "desk.entity": ("Bảng", "ຕາຕະລາງ", "Table"),
    "desk.entity_id": ("Mã bản ghi", "ລະຫັດບັນທຶກ", "Record id"),
    "desk.via": ("Qua", "ຜ່ານ", "Via"),
    "desk.filter": ("Lọc", "ກັ່ນຕອງ", "Filter"),
    "desk.any": ("Tất cả", "ທັງໝົດ", "Any"),
    "desk.not_found": ("Không tìm thấy", "ບໍ່ພົບ", "Not found"),
    # the button of each lifecycle step (gis/field/lifecycle.py): desk.step.<from>.<to>
    "desk.step.reported.assessed": ("Đánh giá", "ປະເມີນ", "Assess"),
    "desk.step.reported.closed": ("Đóng (báo cáo sai)", "ປິດ (ລາຍງານບໍ່ຖືກ)", "Close (false report)"),
    "desk.step.assessed.repair_proposed": ("Đề xuất sửa chữa", "ສະເໜີສ້ອມແປງ", "Propose repair"),
    "desk.step.assessed.closed": (
        "Đóng (không cần sửa)",
        "ປິດ (ບໍ່ຕ້ອງສ້ອມແປງ)",
        "Close (no repair needed)",
    ),
    "desk.step.repair_proposed.approved": ("Phê duyệt", "ອະນຸມັດ", "Approve"),
    "desk.step.repair_proposed.assessed": (
        "Trả lại để đánh giá lại",
        "ສົ່ງຄືນໃຫ້ປະເມີນຄືນ",
        "Send back for reassessment",
    ),
    "desk.step.approved.in_repair": ("Bắt đầu sửa chữa", "ເລີ່ມສ້ອມແປງ", "Start the repair"),
    "desk.step.in_repair.repaired": ("Báo đã sửa xong", "ແຈ້ງວ່າສ້ອມແປງແລ້ວ", "Mark repaired"),
    "desk.step.repaired.verified": ("Nghiệm thu", "ກວດຮັບ", "Verify"),
    "desk.step.repaired.in_repair": ("Trả lại để sửa tiếp", "ສົ່ງຄືນໃຫ້ສ້ອມແປງຕໍ່", "Send back to repair"),
    "desk.step.verified.closed": ("Đóng hồ sơ", "ປິດບັນທຶກ", "Close the record"),
    # --- the joint report's own words: report.<key> (reports/render.py) ---------------------
    "report.title": (
        "Báo cáo chung về kiểm tra và duy tu mốc quốc giới",
        "ບົດລາຍງານຮ່ວມ ກ່ຽວກັບການກວດກາ ແລະ ບຳລຸງຮັກສາຫຼັກໝາຍຊາຍແດນ",
        "Joint report on the inspection and maintenance of boundary markers",
    ),
    "report.border": (
        "Biên giới Việt Nam – Lào",
        "ຊາຍແດນ ລາວ – ຫວຽດນາມ",
        "Vietnam–Laos border",
    ),
    "report.stretch": (
        "Đoạn biên giới",
        "ຊ່ວງຊາຍແດນ",
        "Border stretch",
    ),
    "report.all_sections": (
        "Tất cả các đoạn trong cơ sở dữ liệu",
        "ທຸກຊ່ວງທີ່ມີໃນຖານຂໍ້ມູນ",
        "Every section in the database",
    ),
    "report.period": (
        "Kỳ báo cáo",
        "ໄລຍະລາຍງານ",
        "Period",
    ),
    "report.vn_side": (
        "Phía Việt Nam",
        "ຝ່າຍຫວຽດນາມ",
        "Vietnamese side",
    ),
    "report.la_side": (
        "Phía Lào",
        "ຝ່າຍລາວ",
        "Lao side",
    ),
    "report.province": (
        "Tỉnh",
        "ແຂວງ",
        "Province",
    ),
    "report.patrol_units": (
        "Đơn vị tuần tra trong kỳ",
        "ໜ່ວຍລາດຕະເວນໃນໄລຍະ",
        "Patrolling units in the period",
    ),
    "report.length_official": (
        "Chiều dài chính thức",
        "ຄວາມຍາວທາງການ",
        "Official length",
    ),
    "report.length_measured": (
        "Chiều dài đo trên đường biên giới của cơ sở dữ liệu",
        "ຄວາມຍາວທີ່ວັດໄດ້ເທິງເສັ້ນຊາຍແດນຂອງຖານຂໍ້ມູນ",
        "Length measured on the database's line",
    ),
    "report.marker_range": (
        "Từ mốc – đến mốc",
        "ຈາກຫຼັກໝາຍ – ຫາຫຼັກໝາຍ",
        "From marker – to marker",
    ),
    "report.legal_basis": (
        "Cơ sở pháp lý",
        "ພື້ນຖານທາງດ້ານກົດໝາຍ",
        "Legal basis",
    ),
    "report.treaty_1977": (
        "Hiệp ước hoạch định biên giới giữa Việt Nam và Lào, ký ngày 18/7/1977",
        "ສົນທິສັນຍາວ່າດ້ວຍການກຳນົດເສັ້ນຊາຍແດນ ລະຫວ່າງ ລາວ ແລະ ຫວຽດນາມ, ລົງນາມວັນທີ 18/7/1977",
        "Treaty on the delimitation of the border between Vietnam and Laos, signed 18/7/1977",
    ),
    "report.agreement_1990": (
        "Hiệp định về Quy chế biên giới quốc gia Việt Nam – Lào, ký ngày 01/3/1990",
        "ສັນຍາວ່າດ້ວຍລະບຽບການຊາຍແດນແຫ່ງຊາດ ລາວ – ຫວຽດນາມ, ລົງນາມວັນທີ 01/3/1990",
        "Agreement on the national border regulations of Vietnam and Laos, signed 01/3/1990",
    ),
    "report.protocol_2016": (
        "Nghị định thư về đường biên giới và mốc giới Việt Nam – Lào, ký ngày 16/3/2016",
        "ພິທີສານວ່າດ້ວຍເສັ້ນຊາຍແດນ ແລະ ຫຼັກໝາຍຊາຍແດນ ລາວ – ຫວຽດນາມ, ລົງນາມວັນທີ 16/3/2016",
        "Protocol on the boundary line and markers between Vietnam and Laos, signed 16/3/2016",
    ),
    "report.agreement_2016": (
        (
            "Hiệp định về Quy chế quản lý biên giới và cửa khẩu biên giới trên đất liền Việt Nam "
            "– Lào, ký ngày 16/3/2016"
        ),
        ("ສັນຍາວ່າດ້ວຍລະບຽບການຄຸ້ມຄອງຊາຍແດນ ແລະ ດ່ານຊາຍແດນທາງບົກ ລາວ – ຫວຽດນາມ, ລົງນາມວັນທີ 16/3/2016"),
        (
            "Agreement on the management rules of the land border and border gates between "
            "Vietnam and Laos, signed 16/3/2016"
        ),
    ),
    "report.citation": (
        "Trích dẫn",
        "ອ້າງອີງ",
        "Citation",
    ),
    "report.summary": (
        "Tóm tắt",
        "ສະຫຼຸບ",
        "Summary",
    ),
    "report.registry": (
        "Hệ thống mốc",
        "ລະບົບຫຼັກໝາຍ",
        "Markers",
    ),
    "report.markers_total": (
        "Mốc quốc giới và cọc dấu trên đoạn",
        "ຫຼັກໝາຍຊາຍແດນ ແລະ ຫຼັກອ້າງອີງ ໃນຊ່ວງນີ້",
        "Markers and stakes on the stretch",
    ),
    "report.boundary_markers": (
        "Cột mốc",
        "ຫຼັກໝາຍຊາຍແດນ",
        "Boundary markers",
    ),
    "report.reference_stakes": (
        "Cọc dấu",
        "ຫຼັກອ້າງອີງ",
        "Reference stakes",
    ),
    "report.positions": (
        "Vị trí mốc",
        "ຈຸດທີ່ຕັ້ງຫຼັກໝາຍ",
        "Marker positions",
    ),
    "report.inspection": (
        "Kiểm tra mốc",
        "ການກວດກາຫຼັກໝາຍ",
        "Inspections",
    ),
    "report.inspections": (
        "Lượt kiểm tra mốc trong kỳ",
        "ຈຳນວນຄັ້ງກວດກາຫຼັກໝາຍໃນໄລຍະ",
        "Marker inspections in the period",
    ),
    "report.markers_inspected": (
        "Mốc được kiểm tra trong kỳ",
        "ຫຼັກໝາຍທີ່ໄດ້ກວດກາໃນໄລຍະ",
        "Markers inspected in the period",
    ),
    "report.by_condition": (
        "Mốc theo tình trạng (lần kiểm tra cuối trong kỳ)",
        "ຫຼັກໝາຍຕາມສະພາບ (ການກວດກາຄັ້ງສຸດທ້າຍໃນໄລຍະ)",
        "Markers by condition (their last inspection in the period)",
    ),
    "report.vegetation_cleared": (
        "Lượt phát quang quanh mốc",
        "ຈຳນວນຄັ້ງຖາງປ່າອ້ອມຫຼັກໝາຍ",
        "Inspections that cleared vegetation",
    ),
    "report.alerts_raised": (
        "Cảnh báo mốc bị xê dịch",
        "ການແຈ້ງເຕືອນຫຼັກໝາຍເຄື່ອນທີ່",
        "Displacement alerts raised",
    ),
    "report.alerts_acknowledged": (
        "Cảnh báo đã được xác nhận",
        "ການແຈ້ງເຕືອນທີ່ໄດ້ຮັບຮູ້ແລ້ວ",
        "Displacement alerts acknowledged",
    ),
    "report.damage": (
        "Hư hỏng và sửa chữa",
        "ຄວາມເສຍຫາຍ ແລະ ການສ້ອມແປງ",
        "Damage and repairs",
    ),
    "report.damage_note": (
        "Số hồ sơ đạt từng bước trong kỳ; cột cuối: hồ sơ chưa xử lý xong vào cuối kỳ.",
        "ຈຳນວນບັນທຶກທີ່ຮອດແຕ່ລະຂັ້ນຕອນໃນໄລຍະ; ຖັນສຸດທ້າຍ: ບັນທຶກທີ່ຍັງບໍ່ແລ້ວໃນທ້າຍໄລຍະ.",
        (
            "Records reaching each step in the period; last column: records still open at the end"
            " of the period."
        ),
    ),
    "report.cause": (
        "Nguyên nhân",
        "ສາເຫດ",
        "Cause",
    ),
    "report.step_reported": (
        "Báo cáo",
        "ລາຍງານ",
        "Reported",
    ),
    "report.step_assessed": (
        "Đánh giá",
        "ປະເມີນ",
        "Assessed",
    ),
    "report.step_approved": (
        "Phê duyệt",
        "ອະນຸມັດ",
        "Approved",
    ),
    "report.step_repaired": (
        "Sửa xong",
        "ສ້ອມແປງແລ້ວ",
        "Repaired",
    ),
    "report.step_verified": (
        "Nghiệm thu",
        "ກວດຮັບ",
        "Verified",
    ),
    "report.still_open": (
        "Còn tồn đọng",
        "ຍັງຄ້າງ",
        "Still open",
    ),
    "report.total": (
        "Tổng",
        "ລວມ",
        "Total",
    ),
    "report.patrols": (
        "Tuần tra",
        "ການລາດຕະເວນ",
        "Patrols",
    ),
    "report.joint_patrols": (
        "Tuần tra song phương",
        "ການລາດຕະເວນຮ່ວມສອງຝ່າຍ",
        "Joint patrols",
    ),
    "report.vn_patrols": (
        "Tuần tra riêng phía Việt Nam",
        "ການລາດຕະເວນຝ່າຍຫວຽດນາມຝ່າຍດຽວ",
        "Vietnamese-only patrols",
    ),
    "report.count": (
        "Số lượt",
        "ຈຳນວນຄັ້ງ",
        "Number",
    ),
    "report.total_length": (
        "Tổng chiều dài",
        "ຄວາມຍາວລວມ",
        "Total length",
    ),
    "report.coverage": (
        "Mức độ tuần tra phủ từng phân đoạn",
        "ການລາດຕະເວນຄອບຄຸມແຕ່ລະທ່ອນ",
        "Patrol coverage per segment",
    ),
    "report.coverage_note": (
        (
            "Tỷ lệ chiều dài mỗi phân đoạn nằm trong phạm vi quy định (mặc định 200 m) của lộ "
            "trình các chuyến tuần tra bắt đầu trong kỳ; đạt quy định: mỗi tháng có một chuyến "
            "tuần tra song phương đi qua ít nhất một nửa phân đoạn (trừ khi đoạn có quy định "
            "riêng)."
        ),
        (
            "ອັດຕາສ່ວນຄວາມຍາວຂອງແຕ່ລະທ່ອນ ທີ່ຢູ່ໃນໄລຍະທີ່ກຳນົດ (ຕາມປົກກະຕິ 200 ມ) "
            "ຈາກເສັ້ນທາງຂອງການລາດຕະເວນທີ່ເລີ່ມໃນໄລຍະ; ຕາມລະບຽບ: "
            "ແຕ່ລະເດືອນມີການລາດຕະເວນຮ່ວມໜຶ່ງຄັ້ງ ຜ່ານຢ່າງໜ້ອຍເຄິ່ງໜຶ່ງຂອງທ່ອນ "
            "(ເວັ້ນເສຍແຕ່ຊ່ວງນັ້ນມີລະບຽບສະເພາະ)."
        ),
        (
            "The share of each segment's length within the set distance (200 m by default) of the"
            " tracks of patrols started in the period; meets the policy: each month one joint "
            "patrol passed at least half of the segment (unless its section sets another)."
        ),
    ),
    "report.segment": (
        "Phân đoạn",
        "ທ່ອນ",
        "Segment",
    ),
    "report.from_to": (
        "Từ mốc – đến mốc",
        "ຈາກຫຼັກໝາຍ – ຫາຫຼັກໝາຍ",
        "From – to marker",
    ),
    "report.covered": (
        "Tỷ lệ phủ",
        "ອັດຕາຄອບຄຸມ",
        "Covered",
    ),
    "report.covered_joint": (
        "Song phương",
        "ຮ່ວມສອງຝ່າຍ",
        "Joint",
    ),
    "report.covered_vn": (
        "Riêng Việt Nam",
        "ຫວຽດນາມຝ່າຍດຽວ",
        "Vietnamese only",
    ),
    "report.last_patrolled": (
        "Tuần tra gần nhất",
        "ລາດຕະເວນຄັ້ງຫຼ້າສຸດ",
        "Last patrolled",
    ),
    "report.meets_policy": (
        "Đạt quy định",
        "ຕາມລະບຽບ",
        "Meets the policy",
    ),
    "report.map": (
        "Bản đồ đoạn biên giới",
        "ແຜນທີ່ຊ່ວງຊາຍແດນ",
        "Map of the stretch",
    ),
    "report.map_note": (
        (
            "Mốc tô màu theo tình trạng ở lần kiểm tra gần nhất tính đến cuối kỳ; vòng đỏ: hư "
            "hỏng chưa xử lý. Vị trí nội suy được vẽ rỗng."
        ),
        (
            "ສີຂອງຫຼັກໝາຍສະແດງສະພາບໃນການກວດກາຄັ້ງຫຼ້າສຸດຮອດທ້າຍໄລຍະ; ວົງສີແດງ: "
            "ຄວາມເສຍຫາຍທີ່ຍັງບໍ່ໄດ້ແກ້ໄຂ. ທີ່ຕັ້ງທີ່ຄິດໄລ່ຄາດຄະເນ ແຕ້ມເປັນວົງເປົ່າ."
        ),
        (
            "Markers coloured by the condition found at their last inspection up to the end of "
            "the period; red ring: open damage. Interpolated positions are drawn hollow."
        ),
    ),
    "report.never_inspected": (
        "Chưa kiểm tra",
        "ຍັງບໍ່ໄດ້ກວດກາ",
        "Never inspected",
    ),
    "report.open_damage": (
        "Hư hỏng chưa xử lý",
        "ຄວາມເສຍຫາຍທີ່ຍັງບໍ່ໄດ້ແກ້ໄຂ",
        "Open damage",
    ),
    "report.per_marker": (
        "Từng mốc",
        "ແຕ່ລະຫຼັກໝາຍ",
        "Marker by marker",
    ),
    "report.marker": (
        "Mốc",
        "ຫຼັກໝາຍ",
        "Marker",
    ),
    "report.lon_lat": (
        "Kinh độ, vĩ độ",
        "ເສັ້ນແວງ, ເສັ້ນຂະໜານ",
        "Longitude, latitude",
    ),
    "report.chainage": (
        "Lý trình (km)",
        "ໄລຍະທາງ (ກມ)",
        "Chainage (km)",
    ),
    "report.last_inspection": (
        "Kiểm tra gần nhất",
        "ການກວດກາຄັ້ງຫຼ້າສຸດ",
        "Last inspection",
    ),
    "report.condition": (
        "Tình trạng",
        "ສະພາບ",
        "Condition",
    ),
    "report.repairs_in_period": (
        "Sửa chữa trong kỳ",
        "ການສ້ອມແປງໃນໄລຍະ",
        "Repairs in the period",
    ),
    "report.records": (
        "Hồ sơ hư hỏng và sửa chữa của kỳ",
        "ບັນທຶກຄວາມເສຍຫາຍ ແລະ ການສ້ອມແປງຂອງໄລຍະ",
        "Damage and repair records of the period",
    ),
    "report.records_note": (
        "Hồ sơ có diễn biến trong kỳ hoặc chưa xử lý xong vào cuối kỳ.",
        "ບັນທຶກທີ່ມີຄວາມເຄື່ອນໄຫວໃນໄລຍະ ຫຼື ຍັງບໍ່ແລ້ວໃນທ້າຍໄລຍະ.",
        "Records with a step in the period or still open at its end.",
    ),
    "report.observed": (
        "Phát hiện",
        "ພົບເຫັນ",
        "Observed",
    ),
    "report.reported_on": (
        "Ngày báo cáo",
        "ວັນທີລາຍງານ",
        "Reported on",
    ),
    "report.severity": (
        "Mức độ",
        "ລະດັບຄວາມຮຸນແຮງ",
        "Severity",
    ),
    "report.status_at_end": (
        "Trạng thái cuối kỳ",
        "ສະຖານະໃນທ້າຍໄລຍະ",
        "Status at the end of the period",
    ),
    "report.history": (
        "Diễn biến",
        "ຂັ້ນຕອນທີ່ຜ່ານມາ",
        "History",
    ),
    "report.document": (
        "Văn bản",
        "ເອກະສານ",
        "Document",
    ),
    "report.source": (
        "Nguồn",
        "ແຫຼ່ງຂໍ້ມູນ",
        "Source",
    ),
    "report.photos": (
        "Ảnh",
        "ຮູບພາບ",
        "Photos",
    ),
    "report.photo_missing": (
        "không tìm thấy tệp ảnh",
        "ບໍ່ພົບໄຟລ໌ຮູບ",
        "photo file not found",
    ),
    "report.none": (
        "Không có",
        "ບໍ່ມີ",
        "None",
    ),
    "report.year_only": (
        "chỉ biết năm",
        "ຮູ້ແຕ່ປີ",
        "year only",
    ),
    "report.month_only": (
        "chỉ biết tháng",
        "ຮູ້ແຕ່ເດືອນ",
        "month only",
    ),
    "report.plan": (
        "Kế hoạch kỳ tới",
        "ແຜນການໄລຍະໜ້າ",
        "The plan ahead",
    ),
    "report.next_period": (
        "Kỳ tới",
        "ໄລຍະໜ້າ",
        "Next period",
    ),
    "report.overdue": (
        "Mốc quá hạn kiểm tra vào cuối kỳ",
        "ຫຼັກໝາຍທີ່ກາຍກຳນົດກວດກາໃນທ້າຍໄລຍະ",
        "Markers overdue for inspection at the end of the period",
    ),
    "report.due_next": (
        "Mốc đến hạn kiểm tra trong kỳ tới",
        "ຫຼັກໝາຍທີ່ຮອດກຳນົດກວດກາໃນໄລຍະໜ້າ",
        "Markers due for inspection in the next period",
    ),
    "report.due_on": (
        "Hạn kiểm tra",
        "ກຳນົດກວດກາ",
        "Due",
    ),
    "report.repairs_pending": (
        "Sửa chữa đã đề xuất hoặc phê duyệt nhưng chưa xong",
        "ການສ້ອມແປງທີ່ສະເໜີ ຫຼື ອະນຸມັດແລ້ວ ແຕ່ຍັງບໍ່ສຳເລັດ",
        "Repairs proposed or approved but not done",
    ),
    "report.provenance": (
        "Nguồn gốc dữ liệu",
        "ທີ່ມາຂອງຂໍ້ມູນ",
        "Provenance of the data",
    ),
    "report.coord_status": (
        "Trạng thái tọa độ",
        "ສະຖານະພິກັດ",
        "Coordinate status",
    ),
    "report.id_status": (
        "Trạng thái số hiệu mốc",
        "ສະຖານະເລກຫຼັກໝາຍ",
        "Identifier status",
    ),
    "report.interpolated_note": (
        (
            "Vị trí nội suy được tính theo lý trình trên đường biên giới tổng quát hóa, không "
            "phải tọa độ đo đạc; số hiệu minh họa không phải số hiệu chính thức. Trong bảng từng "
            "mốc, các mốc này có dấu *."
        ),
        (
            "ທີ່ຕັ້ງທີ່ຄິດໄລ່ຄາດຄະເນ ແມ່ນຄິດໄລ່ຕາມໄລຍະທາງເທິງເສັ້ນຊາຍແດນແບບຫຍໍ້ "
            "ບໍ່ແມ່ນພິກັດທີ່ວັດແທກ; ເລກຫຼັກໝາຍຕົວຢ່າງ ບໍ່ແມ່ນເລກທາງການ. ໃນຕາຕະລາງແຕ່ລະຫຼັກໝາຍ "
            "ຫຼັກໝາຍເຫຼົ່ານີ້ມີເຄື່ອງໝາຍ *."
        ),
        (
            "Interpolated positions are placed by chainage on a generalised line, not surveyed; "
            "illustrative identifiers are not official numbers. Such markers carry a * in the "
            "marker table."
        ),
    ),
    "report.sources": (
        "Nguồn và giấy phép",
        "ແຫຼ່ງຂໍ້ມູນ ແລະ ໃບອະນຸຍາດ",
        "Sources and licences",
    ),
    "report.licence": (
        "Giấy phép",
        "ໃບອະນຸຍາດ",
        "Licence",
    ),
    "report.records_count": (
        "Số bản ghi",
        "ຈຳນວນບັນທຶກ",
        "Records",
    ),
    "report.documents_cited": (
        "Tài liệu được trích dẫn",
        "ເອກະສານທີ່ອ້າງອີງ",
        "Documents cited",
    ),
    "report.signatures": (
        "Xác nhận của hai bên",
        "ການຢັ້ງຢືນຂອງສອງຝ່າຍ",
        "Signatures of both sides",
    ),
    "report.head_vn": (
        "Trưởng đoàn phía Việt Nam",
        "ຫົວໜ້າຄະນະຜູ້ແທນຝ່າຍຫວຽດນາມ",
        "Head of the Vietnamese delegation",
    ),
    "report.head_la": (
        "Trưởng đoàn phía Lào",
        "ຫົວໜ້າຄະນະຜູ້ແທນຝ່າຍລາວ",
        "Head of the Lao delegation",
    ),
    "report.name_signature": (
        "Họ tên và chữ ký",
        "ຊື່ ແລະ ລາຍເຊັນ",
        "Name and signature",
    ),
    "report.date": (
        "Ngày",
        "ວັນທີ",
        "Date",
    ),
    "report.made_at": (
        "Lập từ cơ sở dữ liệu cotmoc lúc",
        "ສ້າງຈາກຖານຂໍ້ມູນ cotmoc ເວລາ",
        "Made from the cotmoc database at",
    ),
    "report.local_time": (
        "giờ Việt Nam – Lào (UTC+7)",
        "ເວລາ ລາວ – ຫວຽດນາມ (UTC+7)",
        "Vietnam–Laos time (UTC+7)",
    ),
    "report.legend": (
        "Chú giải",
        "ຄຳອະທິບາຍ",
        "Legend",
    ),
    "report.km": (
        "km",
        "ກມ",
        "km",
    ),
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

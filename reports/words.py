"""The joint report's words in Vietnamese, Lao and English.

``WORDS`` holds the report's own headings and labels, shaped for the project's single label
table; the titles of stored values (conditions, statuses, causes …) come from that table
(``layers.labels``).
Written by hand, not machine-translated; ``tests/test_joint_report.py`` lists any label that
lacks a language.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "title": {
        "vi": "Báo cáo chung về kiểm tra và duy tu mốc quốc giới",
        "lo": "ບົດລາຍງານຮ່ວມ ກ່ຽວກັບການກວດກາ ແລະ ບຳລຸງຮັກສາຫຼັກໝາຍຊາຍແດນ",
        "en": "Joint report on the inspection and maintenance of boundary markers",
    },
    "border": {
        "vi": "Biên giới Việt Nam – Lào",
        "lo": "ຊາຍແດນ ລາວ – ຫວຽດນາມ",
        "en": "Vietnam–Laos border",
    },
    "stretch": {"vi": "Đoạn biên giới", "lo": "ຊ່ວງຊາຍແດນ", "en": "Border stretch"},
    "all_sections": {
        "vi": "Tất cả các đoạn trong cơ sở dữ liệu",
        "lo": "ທຸກຊ່ວງທີ່ມີໃນຖານຂໍ້ມູນ",
        "en": "Every section in the database",
    },
    "period": {"vi": "Kỳ báo cáo", "lo": "ໄລຍະລາຍງານ", "en": "Period"},
    "vn_side": {"vi": "Phía Việt Nam", "lo": "ຝ່າຍຫວຽດນາມ", "en": "Vietnamese side"},
    "la_side": {"vi": "Phía Lào", "lo": "ຝ່າຍລາວ", "en": "Lao side"},
    "province": {"vi": "Tỉnh", "lo": "ແຂວງ", "en": "Province"},
    "patrol_units": {
        "vi": "Đơn vị tuần tra trong kỳ",
        "lo": "ໜ່ວຍລາດຕະເວນໃນໄລຍະ",
        "en": "Patrolling units in the period",
    },
    "length_official": {
        "vi": "Chiều dài chính thức",
        "lo": "ຄວາມຍາວທາງການ",
        "en": "Official length",
    },
    "length_measured": {
        "vi": "Chiều dài đo trên đường biên giới của cơ sở dữ liệu",
        "lo": "ຄວາມຍາວທີ່ວັດໄດ້ເທິງເສັ້ນຊາຍແດນຂອງຖານຂໍ້ມູນ",
        "en": "Length measured on the database's line",
    },
    "marker_range": {
        "vi": "Từ mốc – đến mốc",
        "lo": "ຈາກຫຼັກໝາຍ – ຫາຫຼັກໝາຍ",
        "en": "From marker – to marker",
    },
    "legal_basis": {"vi": "Cơ sở pháp lý", "lo": "ພື້ນຖານທາງດ້ານກົດໝາຍ", "en": "Legal basis"},
    "treaty_1977": {
        "vi": "Hiệp ước hoạch định biên giới giữa Việt Nam và Lào, ký ngày 18/7/1977",
        "lo": "ສົນທິສັນຍາວ່າດ້ວຍການກຳນົດເສັ້ນຊາຍແດນ ລະຫວ່າງ ລາວ ແລະ ຫວຽດນາມ, ລົງນາມວັນທີ 18/7/1977",
        "en": "Treaty on the delimitation of the border between Vietnam and Laos, signed 18/7/1977",
    },
    "agreement_1990": {
        "vi": "Hiệp định về Quy chế biên giới quốc gia Việt Nam – Lào, ký ngày 01/3/1990",
        "lo": "ສັນຍາວ່າດ້ວຍລະບຽບການຊາຍແດນແຫ່ງຊາດ ລາວ – ຫວຽດນາມ, ລົງນາມວັນທີ 01/3/1990",
        "en": "Agreement on the national border regulations of Vietnam and Laos, signed 01/3/1990",
    },
    "protocol_2016": {
        "vi": "Nghị định thư về đường biên giới và mốc giới Việt Nam – Lào, ký ngày 16/3/2016",
        "lo": "ພິທີສານວ່າດ້ວຍເສັ້ນຊາຍແດນ ແລະ ຫຼັກໝາຍຊາຍແດນ ລາວ – ຫວຽດນາມ, ລົງນາມວັນທີ 16/3/2016",
        "en": "Protocol on the boundary line and markers between Vietnam and Laos, "
        "signed 16/3/2016",
    },
    "agreement_2016": {
        "vi": "Hiệp định về Quy chế quản lý biên giới và cửa khẩu biên giới trên đất liền "
        "Việt Nam – Lào, ký ngày 16/3/2016",
        "lo": "ສັນຍາວ່າດ້ວຍລະບຽບການຄຸ້ມຄອງຊາຍແດນ ແລະ ດ່ານຊາຍແດນທາງບົກ ລາວ – ຫວຽດນາມ, ລົງນາມວັນທີ 16/3/2016",
        "en": "Agreement on the management rules of the land border and border gates "
        "between Vietnam and Laos, signed 16/3/2016",
    },
    "citation": {"vi": "Trích dẫn", "lo": "ອ້າງອີງ", "en": "Citation"},
    "summary": {"vi": "Tóm tắt", "lo": "ສະຫຼຸບ", "en": "Summary"},
    "registry": {"vi": "Hệ thống mốc", "lo": "ລະບົບຫຼັກໝາຍ", "en": "Markers"},
    "markers_total": {
        "vi": "Mốc quốc giới và cọc dấu trên đoạn",
        "lo": "ຫຼັກໝາຍຊາຍແດນ ແລະ ຫຼັກອ້າງອີງ ໃນຊ່ວງນີ້",
        "en": "Markers and stakes on the stretch",
    },
    "boundary_markers": {"vi": "Cột mốc", "lo": "ຫຼັກໝາຍຊາຍແດນ", "en": "Boundary markers"},
    "reference_stakes": {"vi": "Cọc dấu", "lo": "ຫຼັກອ້າງອີງ", "en": "Reference stakes"},
    "positions": {"vi": "Vị trí mốc", "lo": "ຈຸດທີ່ຕັ້ງຫຼັກໝາຍ", "en": "Marker positions"},
    "inspection": {"vi": "Kiểm tra mốc", "lo": "ການກວດກາຫຼັກໝາຍ", "en": "Inspections"},
    "inspections": {
        "vi": "Lượt kiểm tra mốc trong kỳ",
        "lo": "ຈຳນວນຄັ້ງກວດກາຫຼັກໝາຍໃນໄລຍະ",
        "en": "Marker inspections in the period",
    },
    "markers_inspected": {
        "vi": "Mốc được kiểm tra trong kỳ",
        "lo": "ຫຼັກໝາຍທີ່ໄດ້ກວດກາໃນໄລຍະ",
        "en": "Markers inspected in the period",
    },
    "by_condition": {
        "vi": "Mốc theo tình trạng (lần kiểm tra cuối trong kỳ)",
        "lo": "ຫຼັກໝາຍຕາມສະພາບ (ການກວດກາຄັ້ງສຸດທ້າຍໃນໄລຍະ)",
        "en": "Markers by condition (their last inspection in the period)",
    },
    "vegetation_cleared": {
        "vi": "Lượt phát quang quanh mốc",
        "lo": "ຈຳນວນຄັ້ງຖາງປ່າອ້ອມຫຼັກໝາຍ",
        "en": "Inspections that cleared vegetation",
    },
    "alerts_raised": {
        "vi": "Cảnh báo mốc bị xê dịch",
        "lo": "ການແຈ້ງເຕືອນຫຼັກໝາຍເຄື່ອນທີ່",
        "en": "Displacement alerts raised",
    },
    "alerts_acknowledged": {
        "vi": "Cảnh báo đã được xác nhận",
        "lo": "ການແຈ້ງເຕືອນທີ່ໄດ້ຮັບຮູ້ແລ້ວ",
        "en": "Displacement alerts acknowledged",
    },
    "damage": {
        "vi": "Hư hỏng và sửa chữa",
        "lo": "ຄວາມເສຍຫາຍ ແລະ ການສ້ອມແປງ",
        "en": "Damage and repairs",
    },
    "damage_note": {
        "vi": "Số hồ sơ đạt từng bước trong kỳ; cột cuối: hồ sơ chưa xử lý xong vào cuối kỳ.",
        "lo": "ຈຳນວນບັນທຶກທີ່ຮອດແຕ່ລະຂັ້ນຕອນໃນໄລຍະ; ຖັນສຸດທ້າຍ: ບັນທຶກທີ່ຍັງບໍ່ແລ້ວໃນທ້າຍໄລຍະ.",
        "en": "Records reaching each step in the period; last column: records still open at "
        "the end of the period.",
    },
    "cause": {"vi": "Nguyên nhân", "lo": "ສາເຫດ", "en": "Cause"},
    "step_reported": {"vi": "Báo cáo", "lo": "ລາຍງານ", "en": "Reported"},
    "step_assessed": {"vi": "Đánh giá", "lo": "ປະເມີນ", "en": "Assessed"},
    "step_approved": {"vi": "Phê duyệt", "lo": "ອະນຸມັດ", "en": "Approved"},
    "step_repaired": {"vi": "Sửa xong", "lo": "ສ້ອມແປງແລ້ວ", "en": "Repaired"},
    "step_verified": {"vi": "Nghiệm thu", "lo": "ກວດຮັບ", "en": "Verified"},
    "still_open": {"vi": "Còn tồn đọng", "lo": "ຍັງຄ້າງ", "en": "Still open"},
    "total": {"vi": "Tổng", "lo": "ລວມ", "en": "Total"},
    "patrols": {"vi": "Tuần tra", "lo": "ການລາດຕະເວນ", "en": "Patrols"},
    "joint_patrols": {
        "vi": "Tuần tra song phương",
        "lo": "ການລາດຕະເວນຮ່ວມສອງຝ່າຍ",
        "en": "Joint patrols",
    },
    "vn_patrols": {
        "vi": "Tuần tra riêng phía Việt Nam",
        "lo": "ການລາດຕະເວນຝ່າຍຫວຽດນາມຝ່າຍດຽວ",
        "en": "Vietnamese-only patrols",
    },
    "count": {"vi": "Số lượt", "lo": "ຈຳນວນຄັ້ງ", "en": "Number"},
    "total_length": {"vi": "Tổng chiều dài", "lo": "ຄວາມຍາວລວມ", "en": "Total length"},
    "coverage": {
        "vi": "Mức độ tuần tra phủ từng phân đoạn",
        "lo": "ການລາດຕະເວນຄອບຄຸມແຕ່ລະທ່ອນ",
        "en": "Patrol coverage per segment",
    },
    "coverage_note": {
        "vi": "Tỷ lệ chiều dài mỗi phân đoạn nằm trong phạm vi quy định (mặc định 200 m) của lộ "
        "trình các chuyến tuần tra bắt đầu trong kỳ; đạt quy định: mỗi tháng có một chuyến "
        "tuần tra song phương đi qua ít nhất một nửa phân đoạn (trừ khi đoạn có quy định riêng).",
        "lo": "ອັດຕາສ່ວນຄວາມຍາວຂອງແຕ່ລະທ່ອນ ທີ່ຢູ່ໃນໄລຍະທີ່ກຳນົດ (ຕາມປົກກະຕິ 200 ມ) ຈາກເສັ້ນທາງ"
        "ຂອງການລາດຕະເວນທີ່ເລີ່ມໃນໄລຍະ; ຕາມລະບຽບ: ແຕ່ລະເດືອນມີການລາດຕະເວນຮ່ວມໜຶ່ງຄັ້ງ "
        "ຜ່ານຢ່າງໜ້ອຍເຄິ່ງໜຶ່ງຂອງທ່ອນ (ເວັ້ນເສຍແຕ່ຊ່ວງນັ້ນມີລະບຽບສະເພາະ).",
        "en": "The share of each segment's length within the set distance (200 m by default) "
        "of the tracks of patrols started in the period; meets the policy: each month one "
        "joint patrol passed at least half of the segment (unless its section sets another).",
    },
    "segment": {"vi": "Phân đoạn", "lo": "ທ່ອນ", "en": "Segment"},
    "from_to": {"vi": "Từ mốc – đến mốc", "lo": "ຈາກຫຼັກໝາຍ – ຫາຫຼັກໝາຍ", "en": "From – to marker"},
    "covered": {"vi": "Tỷ lệ phủ", "lo": "ອັດຕາຄອບຄຸມ", "en": "Covered"},
    "covered_joint": {"vi": "Song phương", "lo": "ຮ່ວມສອງຝ່າຍ", "en": "Joint"},
    "covered_vn": {"vi": "Riêng Việt Nam", "lo": "ຫວຽດນາມຝ່າຍດຽວ", "en": "Vietnamese only"},
    "last_patrolled": {"vi": "Tuần tra gần nhất", "lo": "ລາດຕະເວນຄັ້ງຫຼ້າສຸດ", "en": "Last patrolled"},
    "meets_policy": {"vi": "Đạt quy định", "lo": "ຕາມລະບຽບ", "en": "Meets the policy"},
    "map": {"vi": "Bản đồ đoạn biên giới", "lo": "ແຜນທີ່ຊ່ວງຊາຍແດນ", "en": "Map of the stretch"},
    "map_note": {
        "vi": "Mốc tô màu theo tình trạng ở lần kiểm tra gần nhất tính đến cuối kỳ; vòng đỏ: "
        "hư hỏng chưa xử lý. Vị trí nội suy được vẽ rỗng.",
        "lo": "ສີຂອງຫຼັກໝາຍສະແດງສະພາບໃນການກວດກາຄັ້ງຫຼ້າສຸດຮອດທ້າຍໄລຍະ; ວົງສີແດງ: "
        "ຄວາມເສຍຫາຍທີ່ຍັງບໍ່ໄດ້ແກ້ໄຂ. ທີ່ຕັ້ງທີ່ຄິດໄລ່ຄາດຄະເນ ແຕ້ມເປັນວົງເປົ່າ.",
        "en": "Markers coloured by the condition found at their last inspection up to the end "
        "of the period; red ring: open damage. Interpolated positions are drawn hollow.",
    },
    "never_inspected": {"vi": "Chưa kiểm tra", "lo": "ຍັງບໍ່ໄດ້ກວດກາ", "en": "Never inspected"},
    "open_damage": {"vi": "Hư hỏng chưa xử lý", "lo": "ຄວາມເສຍຫາຍທີ່ຍັງບໍ່ໄດ້ແກ້ໄຂ", "en": "Open damage"},
    "per_marker": {"vi": "Từng mốc", "lo": "ແຕ່ລະຫຼັກໝາຍ", "en": "Marker by marker"},
    "marker": {"vi": "Mốc", "lo": "ຫຼັກໝາຍ", "en": "Marker"},
    "lon_lat": {"vi": "Kinh độ, vĩ độ", "lo": "ເສັ້ນແວງ, ເສັ້ນຂະໜານ", "en": "Longitude, latitude"},
    "chainage": {"vi": "Lý trình (km)", "lo": "ໄລຍະທາງ (ກມ)", "en": "Chainage (km)"},
    "last_inspection": {"vi": "Kiểm tra gần nhất", "lo": "ການກວດກາຄັ້ງຫຼ້າສຸດ", "en": "Last inspection"},
    "condition": {"vi": "Tình trạng", "lo": "ສະພາບ", "en": "Condition"},
    "repairs_in_period": {
        "vi": "Sửa chữa trong kỳ",
        "lo": "ການສ້ອມແປງໃນໄລຍະ",
        "en": "Repairs in the period",
    },
    "records": {
        "vi": "Hồ sơ hư hỏng và sửa chữa của kỳ",
        "lo": "ບັນທຶກຄວາມເສຍຫາຍ ແລະ ການສ້ອມແປງຂອງໄລຍະ",
        "en": "Damage and repair records of the period",
    },
    "records_note": {
        "vi": "Hồ sơ có diễn biến trong kỳ hoặc chưa xử lý xong vào cuối kỳ.",
        "lo": "ບັນທຶກທີ່ມີຄວາມເຄື່ອນໄຫວໃນໄລຍະ ຫຼື ຍັງບໍ່ແລ້ວໃນທ້າຍໄລຍະ.",
        "en": "Records with a step in the period or still open at its end.",
    },
    "observed": {"vi": "Phát hiện", "lo": "ພົບເຫັນ", "en": "Observed"},
    "reported_on": {"vi": "Ngày báo cáo", "lo": "ວັນທີລາຍງານ", "en": "Reported on"},
    "severity": {"vi": "Mức độ", "lo": "ລະດັບຄວາມຮຸນແຮງ", "en": "Severity"},
    "status_at_end": {
        "vi": "Trạng thái cuối kỳ",
        "lo": "ສະຖານະໃນທ້າຍໄລຍະ",
        "en": "Status at the end of the period",
    },
    "history": {"vi": "Diễn biến", "lo": "ຂັ້ນຕອນທີ່ຜ່ານມາ", "en": "History"},
    "document": {"vi": "Văn bản", "lo": "ເອກະສານ", "en": "Document"},
    "source": {"vi": "Nguồn", "lo": "ແຫຼ່ງຂໍ້ມູນ", "en": "Source"},
    "photos": {"vi": "Ảnh", "lo": "ຮູບພາບ", "en": "Photos"},
    "photo_missing": {
        "vi": "không tìm thấy tệp ảnh",
        "lo": "ບໍ່ພົບໄຟລ໌ຮູບ",
        "en": "photo file not found",
    },
    "none": {"vi": "Không có", "lo": "ບໍ່ມີ", "en": "None"},
    "year_only": {"vi": "chỉ biết năm", "lo": "ຮູ້ແຕ່ປີ", "en": "year only"},
    "month_only": {"vi": "chỉ biết tháng", "lo": "ຮູ້ແຕ່ເດືອນ", "en": "month only"},
    "plan": {"vi": "Kế hoạch kỳ tới", "lo": "ແຜນການໄລຍະໜ້າ", "en": "The plan ahead"},
    "next_period": {"vi": "Kỳ tới", "lo": "ໄລຍະໜ້າ", "en": "Next period"},
    "overdue": {
        "vi": "Mốc quá hạn kiểm tra vào cuối kỳ",
        "lo": "ຫຼັກໝາຍທີ່ກາຍກຳນົດກວດກາໃນທ້າຍໄລຍະ",
        "en": "Markers overdue for inspection at the end of the period",
    },
    "due_next": {
        "vi": "Mốc đến hạn kiểm tra trong kỳ tới",
        "lo": "ຫຼັກໝາຍທີ່ຮອດກຳນົດກວດກາໃນໄລຍະໜ້າ",
        "en": "Markers due for inspection in the next period",
    },
    "due_on": {"vi": "Hạn kiểm tra", "lo": "ກຳນົດກວດກາ", "en": "Due"},
    "repairs_pending": {
        "vi": "Sửa chữa đã đề xuất hoặc phê duyệt nhưng chưa xong",
        "lo": "ການສ້ອມແປງທີ່ສະເໜີ ຫຼື ອະນຸມັດແລ້ວ ແຕ່ຍັງບໍ່ສຳເລັດ",
        "en": "Repairs proposed or approved but not done",
    },
    "provenance": {"vi": "Nguồn gốc dữ liệu", "lo": "ທີ່ມາຂອງຂໍ້ມູນ", "en": "Provenance of the data"},
    "coord_status": {"vi": "Trạng thái tọa độ", "lo": "ສະຖານະພິກັດ", "en": "Coordinate status"},
    "id_status": {
        "vi": "Trạng thái số hiệu mốc",
        "lo": "ສະຖານະເລກຫຼັກໝາຍ",
        "en": "Identifier status",
    },
    "interpolated_note": {
        "vi": "Vị trí nội suy được tính theo lý trình trên đường biên giới tổng quát hóa, "
        "không phải tọa độ đo đạc; số hiệu minh họa không phải số hiệu chính thức. "
        "Trong bảng từng mốc, các mốc này có dấu *.",
        "lo": "ທີ່ຕັ້ງທີ່ຄິດໄລ່ຄາດຄະເນ ແມ່ນຄິດໄລ່ຕາມໄລຍະທາງເທິງເສັ້ນຊາຍແດນແບບຫຍໍ້ ບໍ່ແມ່ນພິກັດ"
        "ທີ່ວັດແທກ; ເລກຫຼັກໝາຍຕົວຢ່າງ ບໍ່ແມ່ນເລກທາງການ. ໃນຕາຕະລາງແຕ່ລະຫຼັກໝາຍ "
        "ຫຼັກໝາຍເຫຼົ່ານີ້ມີເຄື່ອງໝາຍ *.",
        "en": "Interpolated positions are placed by chainage on a generalised line, not "
        "surveyed; illustrative identifiers are not official numbers. Such markers "
        "carry a * in the marker table.",
    },
    "sources": {
        "vi": "Nguồn và giấy phép",
        "lo": "ແຫຼ່ງຂໍ້ມູນ ແລະ ໃບອະນຸຍາດ",
        "en": "Sources and licences",
    },
    "licence": {"vi": "Giấy phép", "lo": "ໃບອະນຸຍາດ", "en": "Licence"},
    "records_count": {"vi": "Số bản ghi", "lo": "ຈຳນວນບັນທຶກ", "en": "Records"},
    "documents_cited": {
        "vi": "Tài liệu được trích dẫn",
        "lo": "ເອກະສານທີ່ອ້າງອີງ",
        "en": "Documents cited",
    },
    "signatures": {
        "vi": "Xác nhận của hai bên",
        "lo": "ການຢັ້ງຢືນຂອງສອງຝ່າຍ",
        "en": "Signatures of both sides",
    },
    "head_vn": {
        "vi": "Trưởng đoàn phía Việt Nam",
        "lo": "ຫົວໜ້າຄະນະຜູ້ແທນຝ່າຍຫວຽດນາມ",
        "en": "Head of the Vietnamese delegation",
    },
    "head_la": {
        "vi": "Trưởng đoàn phía Lào",
        "lo": "ຫົວໜ້າຄະນະຜູ້ແທນຝ່າຍລາວ",
        "en": "Head of the Lao delegation",
    },
    "name_signature": {"vi": "Họ tên và chữ ký", "lo": "ຊື່ ແລະ ລາຍເຊັນ", "en": "Name and signature"},
    "date": {"vi": "Ngày", "lo": "ວັນທີ", "en": "Date"},
    "made_at": {
        "vi": "Lập từ cơ sở dữ liệu cotmoc lúc",
        "lo": "ສ້າງຈາກຖານຂໍ້ມູນ cotmoc ເວລາ",
        "en": "Made from the cotmoc database at",
    },
    "local_time": {
        "vi": "giờ Việt Nam – Lào (UTC+7)",
        "lo": "ເວລາ ລາວ – ຫວຽດນາມ (UTC+7)",
        "en": "Vietnam–Laos time (UTC+7)",
    },
    "legend": {"vi": "Chú giải", "lo": "ຄຳອະທິບາຍ", "en": "Legend"},
    "km": {"vi": "km", "lo": "ກມ", "en": "km"},
}


def word(key: str, lang: str) -> str:
    """One of the report's words in ``lang``."""
    return WORDS[key][lang]

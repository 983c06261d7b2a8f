"""The desk's words in Vietnamese (default), Lao and English: ``{key: {lang: text}}``.

Pages take every label from here (``word``); a page test walks every page in each language
and fails on a missing key. Stored values (statuses, causes, roles…) are in ``VALUES``.
"""

from __future__ import annotations

LANGS = ("vi", "lo", "en")
DEFAULT_LANG = "vi"

WORDS: dict[str, dict[str, str]] = {
    "site": {"vi": "Bàn làm việc cán bộ kế hoạch", "lo": "ໂຕະວຽກຂອງພະນັກງານວາງແຜນ",
             "en": "Planners' desk"},
    "stretch": {"vi": "Biên giới Việt Nam – Lào, đoạn Quảng Trị – Savannakhet",
                "lo": "ຊາຍແດນ ລາວ – ຫວຽດນາມ, ຂອບເຂດ ສະຫວັນນະເຂດ – ກວາງຈິ",
                "en": "Vietnam–Laos border, Quảng Trị – Savannakhet stretch"},
    "language": {"vi": "Ngôn ngữ", "lo": "ພາສາ", "en": "Language"},
    "sign_in": {"vi": "Đăng nhập", "lo": "ເຂົ້າສູ່ລະບົບ", "en": "Sign in"},
    "sign_out": {"vi": "Đăng xuất", "lo": "ອອກຈາກລະບົບ", "en": "Sign out"},
    "user_name": {"vi": "Tên người dùng", "lo": "ຊື່ຜູ້ໃຊ້", "en": "User name"},
    "password": {"vi": "Mật khẩu", "lo": "ລະຫັດຜ່ານ", "en": "Password"},
    "login_failed": {"vi": "Sai tên người dùng hoặc mật khẩu.",
                     "lo": "ຊື່ຜູ້ໃຊ້ ຫຼື ລະຫັດຜ່ານບໍ່ຖືກຕ້ອງ.",
                     "en": "Wrong user name or password."},
    "login_throttled": {"vi": "Đăng nhập sai quá nhiều lần; hãy thử lại sau {seconds} giây.",
                        "lo": "ເຂົ້າລະບົບຜິດຫຼາຍເທື່ອເກີນໄປ; ກະລຸນາລອງໃໝ່ຫຼັງຈາກ {seconds} ວິນາທີ.",
                        "en": "Too many failed sign-ins; try again in {seconds} s."},
    "form_expired": {"vi": "Biểu mẫu đã hết hạn; hãy thử lại.",
                     "lo": "ແບບຟອມໝົດອາຍຸແລ້ວ; ກະລຸນາລອງໃໝ່.",
                     "en": "The form has expired; please try again."},
    "signed_in_as": {"vi": "Đang đăng nhập:", "lo": "ເຂົ້າລະບົບໃນນາມ:", "en": "Signed in as"},
    "maps": {"vi": "Bản đồ", "lo": "ແຜນທີ່", "en": "Maps"},
    "queue": {"vi": "Việc cần làm", "lo": "ວຽກທີ່ຕ້ອງເຮັດ", "en": "Work queue"},
    "queue_empty": {"vi": "Không có việc nào đang chờ.", "lo": "ບໍ່ມີວຽກທີ່ລໍຖ້າ.",
                    "en": "Nothing is waiting."},
    "to_assess": {"vi": "Báo cáo hư hỏng cần đánh giá",
                  "lo": "ລາຍງານຄວາມເສຍຫາຍທີ່ຕ້ອງປະເມີນ", "en": "Damage reports to assess"},
    "to_propose": {"vi": "Đã đánh giá, cần đề xuất sửa chữa",
                   "lo": "ປະເມີນແລ້ວ, ຕ້ອງສະເໜີການສ້ອມແປງ", "en": "Assessed, repair to propose"},
    "to_approve": {"vi": "Đề xuất sửa chữa cần phê duyệt",
                   "lo": "ຂໍ້ສະເໜີສ້ອມແປງທີ່ຕ້ອງອະນຸມັດ", "en": "Repair proposals to approve"},
    "to_repair": {"vi": "Sửa chữa đã duyệt, cần thực hiện",
                  "lo": "ການສ້ອມແປງທີ່ອະນຸມັດແລ້ວ, ຕ້ອງດຳເນີນການ",
                  "en": "Approved repairs to carry out"},
    "repairing": {"vi": "Đang sửa chữa", "lo": "ກຳລັງສ້ອມແປງ", "en": "Repairs under way"},
    "to_verify": {"vi": "Sửa chữa cần nghiệm thu", "lo": "ການສ້ອມແປງທີ່ຕ້ອງກວດຮັບ",
                  "en": "Repairs to verify"},
    "overdue": {"vi": "Mốc quá hạn kiểm tra", "lo": "ຫຼັກໝາຍທີ່ເກີນກຳນົດກວດກາ",
                "en": "Markers overdue for inspection"},
    "due_soon": {"vi": "Mốc đến hạn kiểm tra trong 7 ngày",
                 "lo": "ຫຼັກໝາຍທີ່ຮອດກຳນົດກວດກາພາຍໃນ 7 ວັນ",
                 "en": "Markers due within 7 days"},
    "open_alerts": {"vi": "Cảnh báo xê dịch chưa xử lý",
                    "lo": "ການແຈ້ງເຕືອນການເຄື່ອນຍ້າຍທີ່ຍັງບໍ່ໄດ້ແກ້ໄຂ",
                    "en": "Open displacement alerts"},
    "more": {"vi": "và {count} mục khác", "lo": "ແລະ ອີກ {count} ລາຍການ",
             "en": "and {count} more"},
    "never_inspected": {"vi": "chưa từng kiểm tra", "lo": "ບໍ່ເຄີຍກວດກາ",
                        "en": "never inspected"},
    "due_at": {"vi": "Hạn", "lo": "ກຳນົດ", "en": "Due"},
    "displacement": {"vi": "Xê dịch", "lo": "ການເຄື່ອນຍ້າຍ", "en": "Displacement"},
    "record": {"vi": "Hồ sơ hư hỏng và sửa chữa", "lo": "ບັນທຶກຄວາມເສຍຫາຍ ແລະ ການສ້ອມແປງ",
               "en": "Damage and repair record"},
    "marker": {"vi": "Mốc", "lo": "ຫຼັກໝາຍ", "en": "Marker"},
    "status": {"vi": "Trạng thái", "lo": "ສະຖານະ", "en": "Status"},
    "cause": {"vi": "Nguyên nhân", "lo": "ສາເຫດ", "en": "Cause"},
    "severity": {"vi": "Mức độ", "lo": "ລະດັບຄວາມຮຸນແຮງ", "en": "Severity"},
    "observed_on": {"vi": "Ngày phát hiện", "lo": "ວັນທີພົບເຫັນ", "en": "Observed"},
    "description": {"vi": "Mô tả", "lo": "ລາຍລະອຽດ", "en": "Description"},
    "document_ref": {"vi": "Số văn bản", "lo": "ເລກທີເອກະສານ", "en": "Document reference"},
    "source": {"vi": "Nguồn", "lo": "ແຫຼ່ງຂໍ້ມູນ", "en": "Source"},
    "year_only": {"vi": "nguồn chỉ ghi năm", "lo": "ແຫຼ່ງຂໍ້ມູນລະບຸແຕ່ປີ",
                  "en": "the source gives only the year"},
    "history": {"vi": "Diễn biến", "lo": "ປະຫວັດ", "en": "History"},
    "when": {"vi": "Thời điểm ghi", "lo": "ເວລາບັນທຶກ", "en": "Recorded"},
    "step": {"vi": "Bước", "lo": "ຂັ້ນຕອນ", "en": "Step"},
    "who": {"vi": "Người thực hiện", "lo": "ຜູ້ດຳເນີນການ", "en": "By"},
    "happened_on": {"vi": "Ngày thực hiện", "lo": "ວັນທີດຳເນີນການ", "en": "Work done on"},
    "note": {"vi": "Ghi chú", "lo": "ໝາຍເຫດ", "en": "Note"},
    "photos": {"vi": "Ảnh", "lo": "ຮູບພາບ", "en": "Photos"},
    "no_photos": {"vi": "Chưa có ảnh.", "lo": "ຍັງບໍ່ມີຮູບພາບ.", "en": "No photos yet."},
    "next_steps": {"vi": "Bước tiếp theo", "lo": "ຂັ້ນຕອນຕໍ່ໄປ", "en": "Next steps"},
    "no_next_steps": {"vi": "Vai trò của bạn không có bước nào cho hồ sơ này.",
                      "lo": "ບົດບາດຂອງທ່ານບໍ່ມີຂັ້ນຕອນໃດສຳລັບບັນທຶກນີ້.",
                      "en": "Your role has no step to take on this record."},
    "stale": {"vi": "Hồ sơ đã được {actor} thay đổi lúc {at} — hãy tải lại trang. "
                    "Không có gì bị thay đổi.",
              "lo": "ບັນທຶກນີ້ຖືກ {actor} ປ່ຽນແປງເມື່ອ {at} — ກະລຸນາໂຫຼດໜ້າຄືນໃໝ່. "
                    "ບໍ່ມີຫຍັງຖືກປ່ຽນແປງ.",
              "en": "Changed by {actor} at {at} — reload. Nothing was changed."},
    "reload": {"vi": "Tải lại", "lo": "ໂຫຼດຄືນໃໝ່", "en": "Reload"},
    "refused": {"vi": "Không thực hiện được:", "lo": "ດຳເນີນການບໍ່ໄດ້:", "en": "Refused:"},
    "done": {"vi": "Đã ghi nhận.", "lo": "ບັນທຶກແລ້ວ.", "en": "Recorded."},
    "none": {"vi": "Không có", "lo": "ບໍ່ມີ", "en": "None"},
    "back_to_queue": {"vi": "Về danh sách việc", "lo": "ກັບຄືນລາຍການວຽກ",
                      "en": "Back to the work queue"},
    "marker_status_after": {"vi": "Trạng thái mốc sau khi nghiệm thu",
                            "lo": "ສະຖານະຫຼັກໝາຍຫຼັງການກວດຮັບ",
                            "en": "Marker status after verification"},
    "keep_marker_status": {"vi": "Giữ nguyên", "lo": "ຄົງໄວ້ຄືເກົ່າ", "en": "Leave as it is"},
    "acknowledge": {"vi": "Xác nhận đã xem", "lo": "ຢືນຢັນວ່າໄດ້ຮັບຮູ້ແລ້ວ",
                    "en": "Acknowledge"},
    "not_found": {"vi": "Không tìm thấy", "lo": "ບໍ່ພົບ", "en": "Not found"},
}

# Stored values as people read them.
VALUES: dict[str, dict[str, str]] = {
    "reported": {"vi": "Đã báo cáo", "lo": "ລາຍງານແລ້ວ", "en": "Reported"},
    "assessed": {"vi": "Đã đánh giá", "lo": "ປະເມີນແລ້ວ", "en": "Assessed"},
    "repair_proposed": {"vi": "Đã đề xuất sửa chữa", "lo": "ສະເໜີສ້ອມແປງແລ້ວ",
                        "en": "Repair proposed"},
    "approved": {"vi": "Đã phê duyệt", "lo": "ອະນຸມັດແລ້ວ", "en": "Approved"},
    "in_repair": {"vi": "Đang sửa chữa", "lo": "ກຳລັງສ້ອມແປງ", "en": "In repair"},
    "repaired": {"vi": "Đã sửa xong", "lo": "ສ້ອມແປງແລ້ວ", "en": "Repaired"},
    "verified": {"vi": "Đã nghiệm thu", "lo": "ກວດຮັບແລ້ວ", "en": "Verified"},
    "closed": {"vi": "Đã đóng", "lo": "ປິດແລ້ວ", "en": "Closed"},
    "landslide": {"vi": "Sạt lở", "lo": "ດິນເຈື່ອນ", "en": "Landslide"},
    "flood": {"vi": "Lũ lụt", "lo": "ນ້ຳຖ້ວມ", "en": "Flood"},
    "erosion": {"vi": "Xói mòn", "lo": "ການເຊາະເຈື່ອນ", "en": "Erosion"},
    "crack": {"vi": "Nứt", "lo": "ແຕກຮ້າວ", "en": "Crack"},
    "vandalism": {"vi": "Phá hoại", "lo": "ການທຳລາຍ", "en": "Vandalism"},
    "construction": {"vi": "Xây dựng", "lo": "ການກໍ່ສ້າງ", "en": "Construction"},
    "vegetation": {"vi": "Cây cối", "lo": "ພືດພັນ", "en": "Vegetation"},
    "other": {"vi": "Khác", "lo": "ອື່ນໆ", "en": "Other"},
    "unknown": {"vi": "Chưa rõ", "lo": "ບໍ່ຮູ້", "en": "Unknown"},
    "low": {"vi": "Nhẹ", "lo": "ເລັກນ້ອຍ", "en": "Low"},
    "moderate": {"vi": "Trung bình", "lo": "ປານກາງ", "en": "Moderate"},
    "severe": {"vi": "Nghiêm trọng", "lo": "ຮຸນແຮງ", "en": "Severe"},
    "intact": {"vi": "Nguyên vẹn", "lo": "ສົມບູນ", "en": "Intact"},
    "needs_attention": {"vi": "Cần chú ý", "lo": "ຕ້ອງເອົາໃຈໃສ່", "en": "Needs attention"},
    "damaged": {"vi": "Hư hỏng", "lo": "ເສຍຫາຍ", "en": "Damaged"},
    "destroyed": {"vi": "Bị phá hủy", "lo": "ຖືກທຳລາຍ", "en": "Destroyed"},
    "guard": {"vi": "Bộ đội biên phòng", "lo": "ທະຫານປ້ອງກັນຊາຍແດນ", "en": "Border guard"},
    "planner": {"vi": "Cán bộ kế hoạch", "lo": "ພະນັກງານວາງແຜນ", "en": "Planner"},
    "ministry": {"vi": "Bộ ngành", "lo": "ກະຊວງ", "en": "Ministry"},
    "admin": {"vi": "Quản trị viên", "lo": "ຜູ້ບໍລິຫານລະບົບ", "en": "Administrator"},
}

# The button of each lifecycle step (gis/field/lifecycle.py), by (from, to).
STEP_BUTTONS: dict[tuple[str, str], dict[str, str]] = {
    ("reported", "assessed"): {"vi": "Đánh giá", "lo": "ປະເມີນ", "en": "Assess"},
    ("reported", "closed"): {"vi": "Đóng (báo cáo sai)", "lo": "ປິດ (ລາຍງານບໍ່ຖືກ)",
                             "en": "Close (false report)"},
    ("assessed", "repair_proposed"): {"vi": "Đề xuất sửa chữa", "lo": "ສະເໜີສ້ອມແປງ",
                                      "en": "Propose repair"},
    ("assessed", "closed"): {"vi": "Đóng (không cần sửa)", "lo": "ປິດ (ບໍ່ຕ້ອງສ້ອມແປງ)",
                             "en": "Close (no repair needed)"},
    ("repair_proposed", "approved"): {"vi": "Phê duyệt", "lo": "ອະນຸມັດ", "en": "Approve"},
    ("repair_proposed", "assessed"): {"vi": "Trả lại để đánh giá lại",
                                      "lo": "ສົ່ງຄືນໃຫ້ປະເມີນຄືນ",
                                      "en": "Send back for reassessment"},
    ("approved", "in_repair"): {"vi": "Bắt đầu sửa chữa", "lo": "ເລີ່ມສ້ອມແປງ",
                                "en": "Start the repair"},
    ("in_repair", "repaired"): {"vi": "Báo đã sửa xong", "lo": "ແຈ້ງວ່າສ້ອມແປງແລ້ວ",
                                "en": "Mark repaired"},
    ("repaired", "verified"): {"vi": "Nghiệm thu", "lo": "ກວດຮັບ", "en": "Verify"},
    ("repaired", "in_repair"): {"vi": "Trả lại để sửa tiếp", "lo": "ສົ່ງຄືນໃຫ້ສ້ອມແປງຕໍ່",
                                "en": "Send back to repair"},
    ("verified", "closed"): {"vi": "Đóng hồ sơ", "lo": "ປິດບັນທຶກ", "en": "Close the record"},
}


def word(key: str, lang: str, **values: object) -> str:
    """The label ``key`` in ``lang``; a missing key or language raises (tests catch it)."""
    text = WORDS[key][lang]
    return text.format(**values) if values else text


def value_label(value: object, lang: str) -> str:
    """A stored value as people read it; unknown values are shown as stored."""
    if value is None:
        return "—"
    titles = VALUES.get(str(value))
    return titles[lang] if titles else str(value)


def step_button(current: str, to: str, lang: str) -> str:
    return STEP_BUTTONS[(current, to)][lang]

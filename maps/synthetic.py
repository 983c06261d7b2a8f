"""Synthetic overview data for measuring the renderer at scale (benchmarks, tests).

Markers spread along a straight line with the properties the markers layer declares, as JSON
text shaped like what PostGIS writes; nothing here touches a database.
"""

from __future__ import annotations

import orjson

from gis.vocabulary import MarkerStatus, values
from maps.data import MapData

STATUSES = values(MarkerStatus)


def synthetic_overview(count: int) -> MapData:
    """Overview data holding ``count`` markers and nothing else readable."""
    features = []
    for i in range(count):
        code = str(1000 + i)
        features.append(
            {
                "type": "Feature",
                "id": code,
                "geometry": {
                    "type": "Point",
                    "coordinates": [106.5 + 0.5 * i / max(count, 1), 16.3 + (i % 97) / 200],
                },
                "properties": {
                    "code": code,
                    "position": code,
                    "chainage_m": float(i * 10),
                    "type": "boundary_marker",
                    "status": STATUSES[i % len(STATUSES)],
                    "maintained_by": "VN",
                    "aliases": [],
                    "section": "synthetic",
                    "id_status": "illustrative",
                    "source": "synthetic",
                    "source_ref": None,
                    "licence": "none",
                    "coord_status": "interpolated" if i % 2 else "surveyed",
                    "provenance_note": None,
                    "updated_at": "2025-01-01T00:00:00+00:00",
                },
            }
        )
    text = orjson.dumps({"type": "FeatureCollection", "features": features}).decode()
    return MapData({"markers": text}, {"last_inspection": None, "open_damage": None})

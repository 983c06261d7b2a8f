"""Synthetic markers along the shipped border line, loaded with COPY into a benchmark database.

Deterministic: the same ``count`` and ``seed`` give the same rows, byte for byte. Markers lie
in a corridor of about ±2 km around the Natural Earth line (both sections), each on its own
position, with realistic attributes and, for about 2 % of them, maintenance records.
The database is made from the project's migrations and default data, so our real endpoint
(``/collections/markers/items``) serves the synthetic rows through the ``markers_features``
view, exactly as it serves the registry.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import psycopg

from gis import db
from gis.seed.load import border_lines, load_default_data
from layers import published

SEED = 20240601
SOURCE = "synthetic benchmark data (bench/data.py)"
LICENCE = "CC0-1.0 (synthetic)"
CORRIDOR_SIGMA_DEG = 0.008  # ~0.9 km; offsets are clipped at 2.5 sigma
METRES_PER_DEGREE = 111_320.0

TYPES = (("boundary_marker", 0.75), ("reference_stake", 0.25))
STATUSES = (
    ("intact", 0.78),
    ("needs_attention", 0.12),
    ("damaged", 0.06),
    ("destroyed", 0.01),
    ("unknown", 0.03),
)
MAINTAINERS = (("VN", 0.5), ("LA", 0.5))
CAUSES = (
    ("landslide", 0.3),
    ("flood", 0.2),
    ("erosion", 0.15),
    ("crack", 0.15),
    ("vegetation", 0.1),
    ("vandalism", 0.05),
    ("construction", 0.05),
)
SEVERITIES = (("low", 0.5), ("moderate", 0.35), ("severe", 0.15))
RECORD_STATUSES = (
    ("reported", 0.3),
    ("assessed", 0.2),
    ("in_repair", 0.2),
    ("repaired", 0.2),
    ("closed", 0.1),
)


@dataclass(frozen=True)
class Markers:
    """Columns of ``count`` synthetic markers, ordered by chainage."""

    lon: np.ndarray
    lat: np.ndarray
    chainage_m: np.ndarray
    section: np.ndarray  # section code per marker
    type: np.ndarray
    status: np.ndarray
    maintained_by: np.ndarray

    def __len__(self) -> int:
        return len(self.lon)


def _choice(
    rng: np.random.Generator, weighted: tuple[tuple[str, float], ...], size: int
) -> np.ndarray:
    values = np.array([value for value, _ in weighted])
    weights = np.array([weight for _, weight in weighted])
    return values[rng.choice(len(values), size=size, p=weights / weights.sum())]


def _polyline() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vertices of both sections end to end, their cumulative length (m) and section code."""
    xy: list[list[float]] = []
    codes: list[str] = []
    for code, feature in border_lines().items():
        coords = feature["geometry"]["coordinates"]
        xy.extend(coords)
        codes.extend([code] * len(coords))
    points = np.array(xy)
    scale = np.array(
        [METRES_PER_DEGREE * np.cos(np.radians(points[:, 1].mean())), METRES_PER_DEGREE]
    )
    steps = np.linalg.norm(np.diff(points, axis=0) * scale, axis=1)
    return points, np.concatenate([[0.0], np.cumsum(steps)]), np.array(codes)


def generate(count: int, seed: int = SEED) -> Markers:
    """``count`` markers spread along the line, offset across it by a clipped normal."""
    rng = np.random.default_rng(seed)
    points, cumulative, codes = _polyline()
    chainage = np.sort(rng.uniform(0, cumulative[-1], size=count))
    segment = np.clip(np.searchsorted(cumulative, chainage, side="right") - 1, 0, len(points) - 2)
    fraction = (chainage - cumulative[segment]) / np.maximum(
        cumulative[segment + 1] - cumulative[segment], 1e-9
    )
    start, end = points[segment], points[segment + 1]
    along = start + (end - start) * fraction[:, None]
    direction = end - start
    normal = np.stack([-direction[:, 1], direction[:, 0]], axis=1)
    normal /= np.maximum(np.linalg.norm(normal, axis=1, keepdims=True), 1e-12)
    offset = np.clip(
        rng.normal(0, CORRIDOR_SIGMA_DEG, size=count),
        -2.5 * CORRIDOR_SIGMA_DEG,
        2.5 * CORRIDOR_SIGMA_DEG,
    )
    placed = along + normal * offset[:, None]
    return Markers(
        lon=np.round(placed[:, 0], 7),
        lat=np.round(placed[:, 1], 7),
        chainage_m=np.round(chainage, 1),
        section=codes[segment],
        type=_choice(rng, TYPES, count),
        status=_choice(rng, STATUSES, count),
        maintained_by=_choice(rng, MAINTAINERS, count),
    )


def marker_code(index: int) -> str:
    """Codes 1000/0 … 1999/999 that the registry's CHECK accepts and the seed never uses."""
    return f"{1000 + index // 1000}/{index % 1000}"


def create_database(cluster_url: str, count: int, seed: int = SEED) -> dict[str, float]:
    """Migrate the database at ``cluster_url``, load the default data and ``count`` synthetic
    markers (COPY), then VACUUM and ANALYZE (``settle``). Returns row counts."""
    published.upgrade(cluster_url)
    with db.connect(cluster_url) as conn:
        load_default_data(conn)
        markers = generate(count, seed)
        maintenance = _load(conn, markers, seed)
    with db.connect(cluster_url) as conn:
        published.refill(conn)  # the load bypassed the triggers that keep the store
    settle(cluster_url)
    return {"markers": float(len(markers)), "maintenance_records": float(maintenance)}


def settle(url: str) -> None:
    """VACUUM and ANALYZE the freshly loaded database. A bulk load leaves every table due
    for autovacuum (inserts count towards it), which would then run during the measures,
    and leaves every row's hint bits to be set by the first readers; a database that has
    grown for years was vacuumed long ago."""
    with db.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")


def _load(conn: psycopg.Connection[dict[str, Any]], markers: Markers, seed: int) -> int:
    sections = {
        row["code"]: row["id"]
        for row in conn.execute("SELECT code, id FROM border_sections").fetchall()
    }
    note = f"Synthetic marker (seed {seed}); not a real boundary marker."
    with conn.cursor() as cur:
        # The rows' triggers (change feed, versions, border segments re-cut between every two
        # positions) made the 100 k load take over 20 min, and no scenario reads what they
        # write: the synthetic rows are loaded without them (superuser, this transaction
        # only). The default data's segments, versions and feed stay as migrated.
        cur.execute("SET LOCAL session_replication_role = replica")
        with cur.copy(
            "COPY marker_positions (section_id, number, chainage_m, kind, id_status, geom, "
            "source, source_ref, licence, coord_status, provenance_note) FROM STDIN"
        ) as copy:
            for i in range(len(markers)):
                copy.write_row(
                    (
                        sections[str(markers.section[i])],
                        marker_code(i),
                        float(markers.chainage_m[i]),
                        "single",
                        "illustrative",
                        f"SRID=4326;POINT({markers.lon[i]} {markers.lat[i]})",
                        SOURCE,
                        f"bench/data.py#{i}",
                        LICENCE,
                        "interpolated",
                        note,
                    )
                )
        positions = {
            row["number"]: row["id"]
            for row in cur.execute(
                "SELECT number, id FROM marker_positions WHERE source = %s", (SOURCE,)
            )
        }
        with cur.copy(
            "COPY markers (code, position_id, type, registry_geom, chainage_m, maintained_by, "
            "status, id_status, source, source_ref, licence, coord_status, provenance_note) "
            "FROM STDIN"
        ) as copy:
            for i in range(len(markers)):
                code = marker_code(i)
                copy.write_row(
                    (
                        code,
                        positions[code],
                        str(markers.type[i]),
                        f"SRID=4326;POINT({markers.lon[i]} {markers.lat[i]})",
                        float(markers.chainage_m[i]),
                        str(markers.maintained_by[i]),
                        str(markers.status[i]),
                        "illustrative",
                        SOURCE,
                        f"bench/data.py#{i}",
                        LICENCE,
                        "interpolated",
                        note,
                    )
                )
        return _load_maintenance(cur, markers, seed)


def _load_maintenance(cur: psycopg.Cursor[dict[str, Any]], markers: Markers, seed: int) -> int:
    """About 2 % of the markers get one to three maintenance records."""
    rng = np.random.default_rng(seed + 1)
    ids = {
        row["code"]: row["id"]
        for row in cur.execute("SELECT code, id FROM markers WHERE source = %s", (SOURCE,))
    }
    chosen = np.flatnonzero(rng.random(len(markers)) < 0.02)
    repeats = rng.integers(1, 4, size=len(chosen))
    total = int(repeats.sum())
    causes = _choice(rng, CAUSES, total)
    severities = _choice(rng, SEVERITIES, total)
    statuses = _choice(rng, RECORD_STATUSES, total)
    days = rng.integers(0, 15 * 365, size=total)
    namespace = uuid.UUID(int=seed)
    row = 0
    with cur.copy(
        "COPY maintenance_records (id, marker_id, cause, observed_on, observed_precision, "
        "reported_on, reported_precision, severity, status, description, source, source_ref, "
        "licence, coord_status) FROM STDIN"
    ) as copy:
        for index, times in zip(chosen, repeats, strict=True):
            code = marker_code(int(index))
            for _ in range(int(times)):
                observed = date(2010, 1, 1) + timedelta(days=int(days[row]))
                copy.write_row(
                    (
                        uuid.uuid5(namespace, f"{code}#{row}"),
                        ids[code],
                        str(causes[row]),
                        observed,
                        "day",
                        observed + timedelta(days=7),
                        "day",
                        str(severities[row]),
                        str(statuses[row]),
                        f"Synthetic {causes[row]} damage at marker {code}",
                        SOURCE,
                        f"bench/data.py#m{row}",
                        LICENCE,
                        "interpolated",
                    )
                )
                row += 1
    return total


def bboxes(count: int, size_deg: float = 0.1, seed: int = SEED) -> list[tuple[float, ...]]:
    """``count`` square boxes of ``size_deg`` centred on points of the corridor."""
    rng = np.random.default_rng(seed + 2)
    markers = generate(2_000, seed)
    picks = rng.choice(len(markers), size=count, replace=False)
    half = size_deg / 2
    return [
        (
            round(float(markers.lon[i]) - half, 4),
            round(float(markers.lat[i]) - half, 4),
            round(float(markers.lon[i]) + half, 4),
            round(float(markers.lat[i]) + half, 4),
        )
        for i in picks
    ]

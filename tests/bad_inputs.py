"""Inputs made to hurt: images whose header promises huge sizes, huge or broken tracks, GPX
files as receivers write them, multipart bodies with a NUL in a file name."""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from functools import lru_cache
from typing import Any

import numpy as np

from gis.seed.load import border_lines

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _ihdr(width: int, height: int) -> bytes:
    return _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))  # 8-bit RGB


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header says ``width`` × ``height`` with (almost) no pixel data: what an
    attacker sends to make a server allocate the image."""
    return (
        PNG_SIGNATURE
        + _ihdr(width, height)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _chunk(b"IEND", b"")
    )


@lru_cache(maxsize=4)
def png_black(width: int, height: int) -> bytes:
    """A complete, decodable black PNG (a few hundred KB, whatever its size): decoding it
    takes width × height × 3 bytes."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + 3 * width)  # filter byte "none", then the pixels
    parts = [compressor.compress(row) for _ in range(height)]
    parts.append(compressor.flush())
    return (
        PNG_SIGNATURE
        + _ihdr(width, height)
        + _chunk(b"IDAT", b"".join(parts))
        + _chunk(b"IEND", b"")
    )


def png_with_bad_checksum() -> bytes:
    good = png_header_only(8, 8)
    return good[:-16] + bytes([good[-16] ^ 0xFF]) + good[-15:]  # the IDAT CRC broken


def multipart_with_nul_filename(field: str, data: bytes) -> tuple[bytes, str]:
    """A multipart body whose file part's name holds a raw NUL (httpx would percent-encode
    it). Returns the body and its Content-Type."""
    boundary = "cotmoc-boundary-7d1f"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
        f'filename="moc\x00.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'
    ).encode()
    body += data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def along_border(count: int, step_deg: float = 1e-7) -> list[list[float]]:
    """``count`` distinct lon/lat vertices starting on the Savannakhet line, each a little
    north-east of the one before."""
    lon, lat = border_lines()["savannakhet"]["geometry"]["coordinates"][0][:2]
    return [[round(lon + i * step_deg, 9), round(lat + i * step_deg, 9)] for i in range(count)]


def _line(count: int, step_deg: float) -> tuple[list[float], list[float]]:
    lon, lat = border_lines()["savannakhet"]["geometry"]["coordinates"][0][:2]
    steps = np.arange(count) * step_deg
    return (lon + steps).tolist(), (lat + steps).tolist()


def track_text(count: int, step_deg: float = 1e-7) -> str:
    """The JSON coordinates of ``count`` distinct vertices from the start of the line, as
    along_border makes them (built fast: a million of them is a 25 MB text)."""
    return ",".join(map("[{:.9f},{:.9f}]".format, *_line(count, step_deg)))


def gpx_track(count: int, step_deg: float = 1e-7) -> bytes:
    """A GPX file of one segment of ``count`` points, one a second from 2024-05-02 01:00Z."""
    lon, lat = _line(count, step_deg)
    times = np.datetime_as_string(
        np.datetime64("2024-05-02T01:00:00") + np.arange(count).astype("timedelta64[s]")
    ).tolist()
    point = '<trkpt lat="{:.9f}" lon="{:.9f}"><time>{}Z</time></trkpt>'.format
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="test" '
        'xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
        + "".join(map(point, lat, lon, times))
        + "</trkseg></trk></gpx>\n"
    ).encode()


def patrol_json(patrol_id: str, coordinates_text: str) -> bytes:
    """A POST /patrols body with the track's coordinates given as raw JSON text (so that it
    may hold what Python's json would not write, such as NaN)."""
    return (
        '{"id":"' + patrol_id + '","started_at":"2024-05-01T01:00:00Z",'
        '"ended_at":"2024-05-01T05:00:00Z","vn_unit":"Đồn BP Thanh",'
        '"track":{"type":"LineString","coordinates":[' + coordinates_text + "]}}"
    ).encode()


def gpx(segments: list[list[dict[str, Any]]]) -> bytes:
    """A GPX 1.1 file of one track; each point is a dict of lat, lon and optionally ele and
    time (a datetime), written as a receiver writes them."""
    rows = []
    for segment in segments:
        rows.append("<trkseg>")
        for p in segment:
            inner = f"<ele>{p['ele']}</ele>" if "ele" in p else ""
            if "time" in p:
                inner += f"<time>{p['time'].strftime('%Y-%m-%dT%H:%M:%SZ')}</time>"
            rows.append(f'<trkpt lat="{p["lat"]}" lon="{p["lon"]}">{inner}</trkpt>')
        rows.append("</trkseg>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="test" '
        'xmlns="http://www.topografix.com/GPX/1/1"><trk><name>patrol</name>'
        + "".join(rows)
        + "</trk></gpx>\n"
    ).encode()


def gpx_points(
    vertices: list[list[float]], start: dt.datetime | None = None, every_s: float = 5, **extra: Any
) -> list[dict[str, Any]]:
    start = start or dt.datetime(2024, 5, 2, 1, 0, tzinfo=dt.UTC)
    return [
        {"lon": lon, "lat": lat, "time": start + dt.timedelta(seconds=every_s * i), **extra}
        for i, (lon, lat) in enumerate(vertices)
    ]

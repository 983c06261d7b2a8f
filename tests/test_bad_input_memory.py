"""The server's memory stays bounded by huge inputs: each request below raises the peak RSS
of the server process by less than MEMORY_BOUND_MIB, whether it is refused (a 1,000,000
vertex track, an image whose header promises 900 megapixels) or accepted (a track at the
vertex limit, a 100-megapixel PNG, which is kept as sent and never decoded).

The API runs in its own process (uvicorn, as `cotmoc run` serves it) so that /proc tells its
memory alone: /proc/PID/clear_refs resets the peak (VmHWM) to the current RSS before each
request, and the peak after it is compared with the RSS before. This is a resource bound,
not a timing.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from bad_inputs import gpx_track, patrol_json, png_black, png_header_only, track_text
from conftest import add_field_accounts, app_url, copy_database, table_counts_all
from test_field_records import inspection

from gis.settings import PROJECT_ROOT, get_settings

MEMORY_BOUND_MIB = 100
# Decoding the 12000 × 12000 PNG alone takes 412 MiB; the old code did so for every PNG.

Send = Callable[[httpx.Client, dict[str, str], str], httpx.Response]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def api_process(url: str, home: Path) -> Iterator[tuple[str, int]]:
    """The API in a uvicorn process of its own; yields its base URL and process id."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "COTMOC_HOME": str(home)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "api.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=PROJECT_ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, "the API process exited"
            try:
                if httpx.get(f"{base}/conformance", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the API process did not start"
            time.sleep(0.2)
        yield base, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def _kib(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name == key:
            return int(value.split()[0])
    raise KeyError(key)


def peak_growth_mib(pid: int, send: Callable[[], httpx.Response]) -> tuple[float, httpx.Response]:
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # VmHWM := current RSS
    before = _kib(pid, "VmRSS")
    answer = send()
    return (_kib(pid, "VmHWM") - before) / 1024, answer


def post_patrol(body: bytes) -> Send:
    return lambda c, h, _: c.post(
        "/patrols", content=body, headers={**h, "Content-Type": "application/json"}
    )


def post_gpx(data: bytes) -> Send:
    return lambda c, h, _: c.post(
        "/patrols/gpx",
        headers=h,
        files={"gpx": ("patrol.gpx", data, "application/gpx+xml")},
        data={"id": str(uuid.uuid4()), "vn_unit": "Đồn BP Thanh"},
    )


def post_photo(data: bytes) -> Send:
    return lambda c, h, inspection_id: c.post(
        f"/inspections/{inspection_id}/photos",
        headers=h,
        files={"photo": ("big.png", data, "image/png")},
    )


# name: (request, expected status, whether it stores something)
CASES: dict[str, tuple[Callable[[], Send], int, bool]] = {
    "1,000,000-vertex track as JSON": (
        lambda: post_patrol(patrol_json(str(uuid.uuid4()), track_text(1_000_000))),
        413,
        False,
    ),
    "1,300,000 compact vertices, under the byte limit": (
        lambda: post_patrol(patrol_json(str(uuid.uuid4()), ",".join(["[0,0]"] * 1_300_000))),
        413,
        False,
    ),
    "1,000,000-point GPX file": (lambda: post_gpx(gpx_track(1_000_000)), 413, False),
    "PNG whose header says 30000 × 30000": (
        lambda: post_photo(png_header_only(30_000, 30_000)),
        422,
        False,
    ),
    "decodable 12000 × 12000 PNG": (lambda: post_photo(png_black(12_000, 12_000)), 422, False),
    "JSON track at the vertex limit (100,000), stored": (
        lambda: post_patrol(patrol_json(str(uuid.uuid4()), track_text(100_000))),
        201,
        True,
    ),
    "GPX at the vertex limit (100,000 points), stored": (
        lambda: post_gpx(gpx_track(100_000)),
        201,
        True,
    ),
    "decodable 10000 × 10000 PNG (under the pixel limit), stored as sent": (
        lambda: post_photo(png_black(10_000, 10_000)),
        201,
        True,
    ),
}


@pytest.fixture(scope="module")
def api_for_memory(
    cluster, template_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, int, dict[str, str], str, str]]:
    url = copy_database(cluster, template_url)
    home = tmp_path_factory.mktemp("memory-home")
    with pytest.MonkeyPatch.context() as patch:  # tokens signed with the process's own key
        patch.setenv("COTMOC_HOME", str(home))
        get_settings.cache_clear()
        headers = add_field_accounts(url)["guard"]
    get_settings.cache_clear()
    with api_process(app_url(url), home) as (base, pid):
        body = inspection("585", None, None)
        assert httpx.post(f"{base}/inspections", json=body, headers=headers).status_code == 201
        yield base, pid, headers, body["id"], url
    cluster.drop_database(url.split("/")[-1].split("?")[0])


@pytest.mark.parametrize("case", list(CASES))
def test_huge_input_raises_the_servers_peak_memory_by_less_than_the_bound(
    case: str, api_for_memory: tuple[str, int, dict[str, str], str, str]
) -> None:
    base, pid, headers, inspection_id, url = api_for_memory
    make, status, stores = CASES[case]
    send = make()  # the body is built before measuring
    before = table_counts_all(url)
    with httpx.Client(base_url=base, timeout=300) as client:
        growth, answer = peak_growth_mib(pid, lambda: send(client, headers, inspection_id))
    assert answer.status_code == status, answer.text[:500]
    if not stores:
        assert answer.headers["content-type"] == "application/problem+json"
        assert table_counts_all(url) == before
    print(f"{case}: peak RSS +{growth:.1f} MiB")
    assert growth < MEMORY_BOUND_MIB, f"{case}: the server's peak RSS grew {growth:.0f} MiB"

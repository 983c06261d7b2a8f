"""Start the servers under test on loopback (one uvicorn worker each unless said otherwise)
and always stop them."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx

from api.metrics import MULTIPROCESS_ENV
from bench import peers
from gis.cluster import EmbeddedCluster
from gis.settings import PROJECT_ROOT

BENCH_DIR = Path(__file__).resolve().parent
UVICORN_FLAGS = (
    "--host",
    "127.0.0.1",
    "--workers",
    "1",
    "--no-access-log",
    "--log-level",
    "warning",
)
# The collection every server publishes: the markers_features view our endpoint serves.
# Peers use the integer ``id`` as feature id: marker codes such as "577/1" hold a slash,
# which tipg cannot put into its item links.
TABLE = "markers_features"


@dataclass
class Server:
    """A running server: its name, base URL, the items path of the markers and its process."""

    name: str
    base: str
    items_path: str
    process: subprocess.Popen[bytes]
    log: Path
    samples: list[int] = field(default_factory=list)

    def items_url(self, query: str) -> str:
        return f"{self.base}{self.items_path}?{query}"

    def rss_kib(self) -> tuple[int, int]:
        """(current RSS, peak RSS) of the server process in KiB, from /proc."""
        values = {}
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        for line in status.splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
        return values.get("VmRSS", 0), values.get("VmHWM", 0)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_serving(server: Server, probe: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited; see {server.log}")
        try:
            if httpx.get(server.base + probe, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{server.name} did not answer {probe} within {timeout:.0f} s")


@contextmanager
def _serve(
    name: str,
    command: list[str],
    env: dict[str, str],
    items_path: str,
    probe: str,
    logs: Path,
    port: int,
) -> Iterator[Server]:
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=PROJECT_ROOT,
        )
        server = Server(name, f"http://127.0.0.1:{port}", items_path, process, log)
        try:
            _wait_until_serving(server, probe)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)


def ours(url: str, logs: Path, workers: int = 1, **settings: str) -> AbstractContextManager[Server]:
    """Our API (api.app:create_app) on the benchmark database, in ``workers`` processes
    (their metrics summed from one folder, as ``cotmoc serve --workers`` does)."""
    port = free_port()
    env = {
        "DATABASE_URL": url,
        "COTMOC_PUBLIC_URL": f"http://127.0.0.1:{port}",  # its links
        **{f"COTMOC_{k.upper()}": v for k, v in settings.items()},
    }
    flags = list(UVICORN_FLAGS)
    name = "ours"
    if workers > 1:
        flags[flags.index("--workers") + 1] = str(workers)
        name = f"ours, {workers} workers"
        metrics = logs / f"metrics-{port}"
        shutil.rmtree(metrics, ignore_errors=True)
        metrics.mkdir(parents=True)
        env[MULTIPROCESS_ENV] = str(metrics)
    return _serve(
        name,
        [
            sys.executable,
            "-m",
            "uvicorn",
            "api.app:create_app",
            "--factory",
            "--port",
            str(port),
            *flags,
        ],
        env,
        "/collections/markers/items",
        "/collections",
        logs,
        port,
    )


def tipg(cluster: EmbeddedCluster, database: str, logs: Path) -> AbstractContextManager[Server]:
    """tipg 1.6 on the same view; asyncpg reaches the unix socket through a %-encoded host."""
    bin_dir = peers.ensure(peers.TIPG)
    port = free_port()
    host = quote(str(cluster.socket_dir), safe="")
    env = {
        "DATABASE_URL": f"postgresql://postgres@{host}:{cluster.port}/{database}",
        "TIPG_DB_SCHEMAS": '["public"]',
        "TIPG_DB_TABLES": f'["public.{TABLE}"]',
        f"TIPG_TABLE_CONFIG__public_{TABLE}__PK": "id",
        "TIPG_MAX_FEATURES_PER_QUERY": "10000",
    }
    return _serve(
        "tipg",
        [str(bin_dir / "uvicorn"), "tipg.main:app", "--port", str(port), *UVICORN_FLAGS],
        env,
        f"/collections/public.{TABLE}/items",
        "/collections",
        logs,
        port,
    )


PYGEOAPI_CONFIG = """\
server:
  bind: {{host: 127.0.0.1, port: {port}}}
  url: http://127.0.0.1:{port}
  mimetype: application/json; charset=UTF-8
  encoding: utf-8
  languages: [en-US]
  limits: {{default_items: 10, max_items: 10000}}
  map: {{url: "https://tile.openstreetmap.org/{{z}}/{{x}}/{{y}}.png", attribution: OSM}}
logging:
  level: ERROR
metadata:
  identification:
    title: cotmoc benchmark peer
    description: pygeoapi serving the cotmoc markers view
    keywords: [benchmark]
    keywords_type: theme
    terms_of_service: https://creativecommons.org/licenses/by/4.0/
    url: http://127.0.0.1
  license: {{name: CC-BY 4.0, url: https://creativecommons.org/licenses/by/4.0/}}
  provider: {{name: cotmoc, url: http://127.0.0.1}}
  contact: {{name: cotmoc}}
resources:
  markers:
    type: collection
    title: markers
    description: markers
    keywords: [markers]
    extents:
      spatial: {{bbox: [100, 8, 110, 24], crs: http://www.opengis.net/def/crs/OGC/1.3/CRS84}}
    providers:
      - type: feature
        name: PostgreSQL
        data: {{host: {socket}, port: {pgport}, dbname: {database}, user: postgres,
               search_path: [public]}}
        id_field: id
        table: {table}
        geom_field: geom
"""


def pygeoapi(cluster: EmbeddedCluster, database: str, logs: Path) -> AbstractContextManager[Server]:
    """pygeoapi 0.24 (its Starlette application under uvicorn) with its PostgreSQL provider."""
    bin_dir = peers.ensure(peers.PYGEOAPI)
    port = free_port()
    logs.mkdir(parents=True, exist_ok=True)
    config = logs / "pygeoapi.yml"
    config.write_text(
        PYGEOAPI_CONFIG.format(
            port=port,
            socket=cluster.socket_dir,
            pgport=cluster.port,
            database=database,
            table=TABLE,
        )
    )
    openapi = logs / "pygeoapi-openapi.yml"
    env = {"PYGEOAPI_CONFIG": str(config), "PYGEOAPI_OPENAPI": str(openapi)}
    with openapi.open("wb") as out:
        subprocess.run(
            [str(bin_dir / "pygeoapi"), "openapi", "generate", str(config)],
            stdout=out,
            stderr=subprocess.DEVNULL,
            check=True,
            timeout=120,
            env={**os.environ, **env},
        )
    return _serve(
        "pygeoapi",
        [
            str(bin_dir / "uvicorn"),
            "pygeoapi.starlette_app:APP",
            "--port",
            str(port),
            *UVICORN_FLAGS,
        ],
        env,
        "/collections/markers/items",
        "/collections",
        logs,
        port,
    )


def naive(url: str, logs: Path) -> AbstractContextManager[Server]:
    """The naive baseline (bench/naive_app.py) in its own environment."""
    bin_dir = peers.ensure(peers.NAIVE)
    port = free_port()
    return _serve(
        "naive",
        [
            str(bin_dir / "uvicorn"),
            "naive_app:app",
            "--app-dir",
            str(BENCH_DIR),
            "--port",
            str(port),
            *UVICORN_FLAGS,
        ],
        {"NAIVE_DATABASE_URL": url},
        "/collections/markers/items",
        "/health",
        logs,
        port,
    )

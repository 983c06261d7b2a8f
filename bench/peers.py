"""The peer servers' virtual environments, created under ``bench/.peers/`` by pip.

Each peer gets its own interpreter and pinned packages so that nothing it needs leaks into
the project's environment.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

PEERS_DIR = Path(__file__).resolve().parent / ".peers"
PYENV = Path("/root/.pyenv/versions")


@dataclass(frozen=True)
class PeerEnv:
    name: str
    python: str  # interpreter version under pyenv, e.g. "3.11"
    packages: tuple[str, ...]

    @property
    def path(self) -> Path:
        return PEERS_DIR / self.name

    @property
    def bin(self) -> Path:
        return self.path / "bin"

    @property
    def stamp(self) -> Path:
        return self.path / ".installed"


TIPG = PeerEnv("tipg", "3.11", ("tipg==1.6.1", "uvicorn==0.32.1"))
PYGEOAPI = PeerEnv(
    "pygeoapi",
    "3.12",
    (
        "pygeoapi==0.24.0",
        "starlette<1",
        "uvicorn==0.32.1",
        "psycopg2-binary==2.9.10",
        "geoalchemy2==0.17.1",
    ),
)
# The naive baseline (bench/naive_app.py): the ORM route everyone writes first.
NAIVE = PeerEnv(
    "naive",
    "3.11",
    (
        "fastapi==0.115.6",
        "uvicorn==0.32.1",
        "sqlalchemy==2.0.36",
        "geoalchemy2==0.17.1",
        "shapely==2.0.6",
        "psycopg[binary]==3.2.3",
    ),
)
ALL = (TIPG, PYGEOAPI, NAIVE)


def find_python(version: str) -> Path:
    """The newest pyenv interpreter of ``version`` (e.g. 3.11 → 3.11.7), else
    ``python3.11`` on the PATH."""
    candidates = sorted(PYENV.glob(f"{version}.*"))
    for candidate in reversed(candidates):
        if (candidate / "bin" / "python").exists():
            return candidate / "bin" / "python"
    on_path = shutil.which(f"python{version}")
    if on_path:
        return Path(on_path)
    raise FileNotFoundError(f"no Python {version} under {PYENV} nor on the PATH")


def ensure(peer: PeerEnv, timeout: float = 900) -> Path:
    """Create the peer's environment once (pinned packages); return its bin folder."""
    wanted = "\n".join(peer.packages)
    if peer.stamp.exists() and peer.stamp.read_text() == wanted:
        return peer.bin
    python = find_python(peer.python)
    subprocess.run([str(python), "-m", "venv", "--clear", str(peer.path)], check=True, timeout=120)
    subprocess.run(
        [
            str(peer.bin / "pip"),
            "install",
            "--quiet",
            "--disable-pip-version-check",
            *peer.packages,
        ],
        check=True,
        timeout=timeout,
    )
    peer.stamp.write_text(wanted)
    return peer.bin


if __name__ == "__main__":
    for each in ALL:
        print(each.name, ensure(each))

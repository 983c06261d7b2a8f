"""`cotmoc backup` then `cotmoc restore` into an empty home, with the real command line: every
collection's features and every photo come back identical; a damaged archive is refused and
changes nothing."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import httpx
import pytest
from conftest import serve_app, table_counts_all
from test_field_records import inspection, jpeg_with_exif

from gis import db
from gis.cluster import EmbeddedCluster
from gis.settings import get_settings

COTMOC = Path(sys.executable).with_name("cotmoc")
PASSWORD = "a long passphrase for the chief"


def cotmoc(home: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The installed command, on the embedded cluster of ``home``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "COTMOC_OWNER_DATABASE_URL", "COTMOC_SECRET_KEY")
    }
    env["COTMOC_HOME"] = str(home)
    return subprocess.run(
        [str(COTMOC), *args], env=env, input=stdin, capture_output=True, text=True, timeout=900
    )


Serve = Callable[[Path], AbstractContextManager[tuple[str, str]]]


@pytest.fixture
def serving(monkeypatch: pytest.MonkeyPatch) -> Iterator[Serve]:
    """Start ``home``'s cluster and serve the API on it: ``with serve(home) as (base, url)``;
    the clusters stop at the end."""
    started: list[EmbeddedCluster] = []

    @contextmanager
    def serve(home: Path) -> Iterator[tuple[str, str]]:
        cluster = EmbeddedCluster(home)
        cluster.start()
        started.append(cluster)
        monkeypatch.setenv("COTMOC_HOME", str(home))
        get_settings.cache_clear()
        with serve_app(cluster.url()) as base:
            yield base, cluster.url()

    yield serve
    for cluster in started:
        cluster.stop()
    get_settings.cache_clear()


def sign_in(base: str) -> dict[str, str]:
    answer = httpx.post(f"{base}/auth/token", data={"username": "chief", "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def add_field_records(base: str, headers: dict[str, str]) -> None:
    """An inspection with two photos and a damage report, through the API."""
    body = inspection("585", None, None)
    assert httpx.post(f"{base}/inspections", json=body, headers=headers).status_code == 201
    for colour in ("red", "blue"):
        photo = jpeg_with_exif(106.6, 16.6, "2024:05:02 09:30:00", color=colour)
        answer = httpx.post(
            f"{base}/inspections/{body['id']}/photos",
            headers=headers,
            files={"photo": (f"{colour}.jpg", photo, "image/jpeg")},
        )
        assert answer.status_code == 201, answer.text
    damage = {
        "id": str(uuid.uuid4()),
        "marker_code": "590",
        "cause": "flood",
        "description": "Mốc nghiêng sau lũ",
    }
    answer = httpx.post(f"{base}/maintenance", json=damage, headers=headers)
    assert answer.status_code == 201, answer.text


def feature_hashes(base: str, headers: dict[str, str]) -> dict[str, str]:
    """SHA-256 of each collection's features (in id order) as the API serves them."""
    collections = httpx.get(f"{base}/collections", headers=headers).json()["collections"]
    hashes = {}
    for collection in collections:
        page = httpx.get(
            f"{base}/collections/{collection['id']}/items",
            params={"limit": 10_000},
            headers=headers,
            timeout=120,
        ).json()
        # Links name the server they came from (its port), not the data: left out.
        features = sorted(
            ({k: v for k, v in f.items() if k != "links"} for f in page["features"]),
            key=lambda f: str(f["id"]),
        )
        text = json.dumps(features, sort_keys=True, ensure_ascii=False)
        hashes[collection["id"]] = hashlib.sha256(text.encode()).hexdigest()
    return hashes


def photo_checksums(home: Path) -> dict[str, str]:
    return {
        p.relative_to(home).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((home / "photos").rglob("*"))
        if p.is_file()
    }


def damaged_copy(archive: Path, target: Path, member_prefix: str) -> str:
    """A copy of ``archive`` with one byte of the first member starting with
    ``member_prefix`` flipped; returns that member's name."""
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.startswith(member_prefix))
    data = bytearray(archive.read_bytes())
    data[member.offset_data + member.size // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    return member.name


def test_backup_then_restore_into_an_empty_home_gives_identical_features_and_photos(
    tmp_path: Path, serving: Serve
) -> None:
    first, second, third = tmp_path / "first", tmp_path / "second", tmp_path / "third"
    archive = tmp_path / "cotmoc-backup.tar"
    seeded = cotmoc(first, "db", "seed")
    assert seeded.returncode == 0, seeded.stderr
    added = cotmoc(first, "users", "add", "chief", "--role", "admin", stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr

    with serving(first) as (base, url):
        headers = sign_in(base)
        add_field_records(base, headers)
        before = feature_hashes(base, headers)
        counts = table_counts_all(url)
        # The cluster keeps running: the backup is taken from a live system.
        made = cotmoc(first, "backup", str(archive))
    assert made.returncode == 0, made.stderr
    assert "2 photos" in made.stdout
    photos = photo_checksums(first)
    assert len(photos) == 2 and counts["photos"] == 2 and counts["maintenance_records"] > 0
    assert {"patrols", "inspections", "maintenance", "markers"} <= set(before)
    assert cotmoc(first, "backup", str(archive)).returncode == 1  # never overwritten

    restored = cotmoc(second, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "every checksum verified" in restored.stdout
    with serving(second) as (base, url):
        headers = sign_in(base)  # the accounts came back; the signing key is the new home's
        assert feature_hashes(base, headers) == before
        assert table_counts_all(url) == counts
        with db.connect(url) as conn:
            owners = {
                r["tableowner"]
                for r in conn.execute(
                    "SELECT tableowner FROM pg_tables WHERE schemaname = 'public' "
                    "AND tablename <> 'spatial_ref_sys'"
                )
            }
        assert owners == {"cotmoc_owner"}
        # Into a database that holds data: refused, nothing touched.
        again = cotmoc(second, "restore", str(archive))
        assert again.returncode == 1 and "not empty" in again.stderr
        assert table_counts_all(url) == counts
    assert photo_checksums(second) == photos
    assert (second / "secret_key").read_text() != (first / "secret_key").read_text()

    # A damaged photo, a damaged dump, a cut-off archive: refused before anything is made.
    for damage, prefix in (("photo", "photos/"), ("dump", "database.dump")):
        broken = tmp_path / f"broken-{damage}.tar"
        name = damaged_copy(archive, broken, prefix)
        refused = cotmoc(third, "restore", str(broken))
        assert refused.returncode == 1, refused.stdout
        assert name in refused.stderr and "SHA-256" in refused.stderr
        assert "nothing was restored" in refused.stderr
    cut = tmp_path / "cut.tar"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    refused = cotmoc(third, "restore", str(cut))
    assert refused.returncode == 1 and "nothing was restored" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not (third / "pg").exists() and not (third / "photos").exists()

"""Backups that hold everything: the database (pg_dump's custom format), the photo store
under ``COTMOC_HOME/photos`` and a manifest of the SHA-256 of every file.

An archive is a plain tar file (the dump is compressed already, photos do not compress):
``database.dump``, then ``photos/<2 hex>/<sha256>.<jpg|png>``, then ``manifest.json``. The
database is dumped before the photos are read: a photo's row commits only after its file is
written, so every photo the dump names is in the store by then.

A restore first unpacks and checks the whole archive in a folder of its own and refuses it,
changing nothing, if any file is missing, unlisted, altered or not where a photo belongs.
It then loads the dump in one transaction into an empty database and moves the photos in.
The token signing key is not in a backup (a restored home makes its own), so tokens issued
before do not work after a restore; accounts and their passwords do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import psycopg

from gis.cluster import PG_BIN_CANDIDATES

FORMAT = "cotmoc-backup"
FORMAT_VERSION = 1
DUMP = "database.dump"
MANIFEST = "manifest.json"
PHOTOS = "photos"
PHOTO_NAME = re.compile(r"photos/([0-9a-f]{2})/(\1[0-9a-f]{62})\.(jpg|png)")
CHUNK = 1 << 20
# pg_dump writes the PostGIS extension, its comment and the rows of its spatial_ref_sys
# beyond its own (the project adds none); only a superuser may write those, so the restore
# leaves them out and needs the extension made already (gis/roles.py does).
_EXTENSION_ENTRY = re.compile(
    r"^\d+; \d+ \d+ (EXTENSION |COMMENT - EXTENSION |TABLE DATA public spatial_ref_sys )"
)


class BackupError(RuntimeError):
    """A backup could not be made, or an archive cannot be restored."""


@dataclass(frozen=True)
class Summary:
    """What a backup or restore handled: the archive or home, photos, dump size, migration
    revision and photos the database names but the store lacks."""

    path: Path
    photos: int
    dump_bytes: int
    revision: str | None
    missing_photos: tuple[str, ...] = ()  # named by the database, absent from the store


class _Hashing:
    """A file read through, hashing what passes."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.sha256.update(data)
        return data


def _tool(name: str) -> str:
    """pg_dump/pg_restore of the server's version (Debian's folder), else the one on PATH."""
    for folder in PG_BIN_CANDIDATES:
        if (Path(folder) / name).exists():
            return str(Path(folder) / name)
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} not found: install postgresql-client-15")
    return found


def _pg_tool(name: str, args: list[str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([_tool(name), *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{name} failed: {result.stderr.strip() or result.stdout.strip()}")
    return result


def _revision(url: str) -> str | None:
    with psycopg.connect(url) as conn:
        if conn.execute("SELECT to_regclass('public.alembic_version')").fetchone() == (None,):
            return None
        row = conn.execute("SELECT string_agg(version_num, ',') FROM alembic_version").fetchone()
    return row[0] if row else None


def _photos_named(url: str) -> dict[str, str]:
    """{stored path: SHA-256} of every photo the database holds."""
    with psycopg.connect(url) as conn:
        if conn.execute("SELECT to_regclass('public.photos')").fetchone() == (None,):
            return {}
        return dict(conn.execute("SELECT stored_path, sha256 FROM photos").fetchall())


def _add(tar: tarfile.TarFile, source: Path, name: str) -> dict[str, Any]:
    with source.open("rb") as handle:
        info = tar.gettarinfo(fileobj=handle, arcname=name)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mode = 0o600
        hashing = _Hashing(handle)
        tar.addfile(info, hashing)  # type: ignore[arg-type]  # read() is all tarfile needs
    return {"sha256": hashing.sha256.hexdigest(), "bytes": info.size}


def _photo_files(home: Path) -> list[Path]:
    store = home / PHOTOS
    if not store.is_dir():
        return []
    # Names starting with a dot are uploads being written (gis/field/photos.py).
    return sorted(p for p in store.rglob("*") if p.is_file() and not p.name.startswith("."))


def _manifest(url: str, files: dict[str, dict[str, Any]]) -> bytes:
    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "revision": _revision(url),
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "files": files,
    }
    return json.dumps(manifest, indent=1, sort_keys=True).encode()


def _write_archive(path: Path, dump: Path, home: Path, url: str) -> dict[str, dict[str, Any]]:
    """The dump, the photos, then the manifest of both; returns the files' checksums."""
    files: dict[str, dict[str, Any]] = {}
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as tar:
        files[DUMP] = _add(tar, dump, DUMP)
        for photo in _photo_files(home):
            name = photo.relative_to(home).as_posix()
            if PHOTO_NAME.fullmatch(name):  # else not a stored photo (named by its hash)
                files[name] = _add(tar, photo, name)
        data = _manifest(url, files)
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode, info.mtime = len(data), 0o600, int(dt.datetime.now().timestamp())
        tar.addfile(info, io.BytesIO(data))
    return files


def create(url: str, home: Path, target: Path) -> Summary:
    """Write the archive ``target`` from the database at ``url`` (a role that may read every
    table: the owner) and the photo store of ``home``. ``target`` appears only when whole."""
    if target.exists():
        raise BackupError(f"{target} exists already; choose a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".cotmoc-backup-") as work:
        dump = Path(work) / DUMP
        _pg_tool(
            "pg_dump",
            [
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={dump}",
                f"--dbname={url}",
            ],
        )
        partial = Path(work) / "archive.tar"
        files = _write_archive(partial, dump, home, url)
        os.chmod(partial, 0o600)  # it holds password hashes and the audit trail
        os.replace(partial, target)
    missing = tuple(
        sorted(
            path
            for path, sha in _photos_named(url).items()
            if files.get(path, {}).get("sha256") != sha
        )
    )
    return Summary(target, len(files) - 1, files[DUMP]["bytes"], _revision(url), missing)


# -- restore ----------------------------------------------------------------------------------


def _unpack(archive: Path, staging: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Extract the members we know into ``staging`` (any other member is an error) and
    return the manifest and what was found: {name: {sha256, bytes}}."""
    found: dict[str, dict[str, Any]] = {}
    manifest_data: bytes | None = None
    try:
        with tarfile.open(archive, "r:") as tar:
            for member in tar:
                name = member.name
                if name in found or (name == MANIFEST and manifest_data is not None):
                    raise BackupError(f"{archive}: {name} appears twice")
                if not member.isfile() or not (
                    name in (DUMP, MANIFEST) or PHOTO_NAME.fullmatch(name)
                ):
                    raise BackupError(f"{archive}: {name!r} is not part of a cotmoc backup")
                source = tar.extractfile(member)
                assert source is not None
                if name == MANIFEST:
                    manifest_data = source.read()
                    continue
                path = staging / name
                path.parent.mkdir(parents=True, exist_ok=True)
                hashing = _Hashing(source)
                with path.open("wb") as out:
                    shutil.copyfileobj(hashing, out, CHUNK)  # type: ignore[misc]
                found[name] = {"sha256": hashing.sha256.hexdigest(), "bytes": member.size}
    except (tarfile.TarError, EOFError, OSError) as err:
        raise BackupError(
            f"{archive} is not a readable cotmoc backup ({err}); nothing was restored"
        ) from err
    if manifest_data is None:
        raise BackupError(f"{archive}: {MANIFEST} is missing; nothing was restored")
    try:
        manifest = json.loads(manifest_data)
    except ValueError as err:
        raise BackupError(
            f"{archive}: {MANIFEST} is not JSON ({err}); nothing was restored"
        ) from err
    return manifest, found


def _problems(manifest: Any, found: dict[str, dict[str, Any]]) -> list[str]:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return [f"{MANIFEST} does not describe a {FORMAT}"]
    if manifest.get("version") != FORMAT_VERSION:
        return [
            f"{MANIFEST}: version {manifest.get('version')!r} is unknown "
            f"(this cotmoc reads version {FORMAT_VERSION})"
        ]
    listed = manifest.get("files")
    if not isinstance(listed, dict) or DUMP not in listed:
        return [f"{MANIFEST} lists no {DUMP}"]
    problems = [
        f"{name}: listed in {MANIFEST} but missing from the archive"
        for name in sorted(set(listed) - set(found))
    ]
    problems += [
        f"{name}: in the archive but not in {MANIFEST}" for name in sorted(set(found) - set(listed))
    ]
    for name in sorted(set(listed) & set(found)):
        expected, got = listed[name], found[name]
        if not isinstance(expected, dict) or expected.get("sha256") != got["sha256"]:
            problems.append(
                f"{name}: SHA-256 {got['sha256']} differs from the manifest's "
                f"{expected.get('sha256') if isinstance(expected, dict) else None}"
            )
        elif expected.get("bytes") != got["bytes"]:
            problems.append(
                f"{name}: {got['bytes']} bytes, the manifest says {expected.get('bytes')}"
            )
        photo = PHOTO_NAME.fullmatch(name)
        if photo and photo.group(2) != got["sha256"]:
            problems.append(f"{name}: its content's SHA-256 is {got['sha256']}")
    return problems


def verify(archive: Path, staging: Path) -> dict[str, Any]:
    """Unpack ``archive`` into ``staging`` and check every file against the manifest;
    returns the manifest or raises BackupError naming each problem."""
    manifest, found = _unpack(archive, staging)
    problems = _problems(manifest, found)
    if problems:
        raise BackupError(
            f"{archive} is damaged or incomplete; nothing was restored:\n  " + "\n  ".join(problems)
        )
    return manifest  # type: ignore[no-any-return]


def _check_empty(url: str) -> None:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT current_database(), count(*) FROM pg_class c "
            "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm') "
            "AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
            "                AND d.objid = c.oid AND d.deptype = 'e')"
        ).fetchone()
        postgis = conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").fetchone()
    assert row is not None
    database, tables = row
    if tables:
        raise BackupError(
            f"database {database} is not empty ({tables} tables and views); "
            "restore into a new COTMOC_HOME or an empty database"
        )
    if postgis is None:
        raise BackupError(
            f"database {database} lacks PostGIS: a superuser must run "
            "CREATE EXTENSION postgis in it first (see cotmoc db roles)"
        )


def _load_dump(url: str, dump: Path, work: Path) -> None:
    """pg_restore in one transaction, without the extension entries (see _EXTENSION_ENTRY)."""
    listing = _pg_tool("pg_restore", ["--list", str(dump)]).stdout.splitlines()
    entries = work / "restore.list"
    entries.write_text(
        "\n".join(line for line in listing if not _EXTENSION_ENTRY.match(line)) + "\n"
    )
    _pg_tool(
        "pg_restore",
        [
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--use-list={entries}",
            f"--dbname={url}",
            str(dump),
        ],
    )


def _move_photos(staging: Path, home: Path) -> int:
    moved = 0
    for source in sorted((staging / PHOTOS).rglob("*")) if (staging / PHOTOS).is_dir() else []:
        if not source.is_file():
            continue
        target = home / source.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)  # same file system: the staging folder is in ``home``
        moved += 1
    return moved


def unpacked(home: Path) -> tempfile.TemporaryDirectory[str]:
    """A staging folder inside ``home`` (so that photos move in by rename)."""
    home.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(dir=home, prefix=".restore-")


def restore(staging: Path, manifest: dict[str, Any], url: str, home: Path) -> Summary:
    """Load an archive ``verify`` unpacked into ``staging``: the dump into the empty
    database at ``url`` (as the role that is to own the schema), the photos into ``home``."""
    _check_empty(url)
    _load_dump(url, staging / DUMP, staging)
    photos = _move_photos(staging, home)
    return Summary(home, photos, manifest["files"][DUMP]["bytes"], manifest.get("revision"))

"""The key that signs login tokens.

``COTMOC_SECRET_KEY`` when it is set; otherwise a random key made on first run and kept in
``COTMOC_HOME/secret_key``, readable by its owner only. Nothing in the source is ever a key.
Deleting the file (and restarting) makes a new key, which ends every token issued before.
"""

from __future__ import annotations

import os
import secrets
import stat
import tempfile
from functools import lru_cache
from pathlib import Path

from gis.settings import MIN_SECRET_KEY_LENGTH, Settings, get_settings

KEY_FILE = "secret_key"


class SecretKeyError(RuntimeError):
    """The key file is unsafe or unreadable."""


def signing_key(settings: Settings | None = None) -> str:
    """The key that signs login tokens: COTMOC_SECRET_KEY, else the key file in COTMOC_HOME (made
    on first use)."""
    settings = settings or get_settings()
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    return _key_in(Path(settings.home).resolve())


def key_file(home: Path) -> Path:
    """Where the signing key is kept under ``home``."""
    return home / KEY_FILE


@lru_cache(maxsize=16)
def _key_in(home: Path) -> str:
    path = key_file(home)
    if not path.exists():
        _create(path)
    return _read(path)


def _create(path: Path) -> None:
    """Write a new key under a temporary name (mkstemp makes it 0600), then link it into
    place: a process starting at the same moment either wins or reads the winner's key,
    never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret_key-")
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
    finally:
        os.unlink(temporary)


def _read(path: Path) -> str:
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SecretKeyError(
            f"{path}: others may read the token signing key (mode "
            f"{stat.filemode(mode)}); run chmod 600 {path}"
        )
    key = path.read_text().strip()
    if len(key) < MIN_SECRET_KEY_LENGTH:
        raise SecretKeyError(
            f"{path}: the key is shorter than {MIN_SECRET_KEY_LENGTH} "
            "characters; delete the file to have a new one made"
        )
    return key

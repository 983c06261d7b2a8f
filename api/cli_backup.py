"""``cotmoc backup FILE`` and ``cotmoc restore FILE``: the database, the photo store and a
manifest of checksums in one archive (gis/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gis import backup as archive
from gis import db
from gis.settings import get_settings

ArchiveArg = Annotated[Path, typer.Argument(dir_okay=False, help="the archive file")]


def _fail(err: Exception) -> typer.Exit:
    typer.secho(str(err), fg="red", err=True)
    return typer.Exit(1)


def backup(file: ArchiveArg) -> None:
    """Write the database, the photos and their checksums to FILE (a new file)."""
    from api.cli import database

    with database():
        try:
            summary = archive.create(db.owner_url(), get_settings().home, file.resolve())
        except archive.BackupError as err:
            raise _fail(err) from err
    typer.echo(
        f"backup {summary.path}: database ({summary.dump_bytes:,} bytes, revision "
        f"{summary.revision}) and {summary.photos} photos"
    )
    if summary.missing_photos:
        typer.secho(
            f"warning: {len(summary.missing_photos)} photos named by the database are "
            "missing from the store or differ from their checksum: "
            + ", ".join(summary.missing_photos),
            fg="yellow",
            err=True,
        )


def restore(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="an archive made by cotmoc backup")
    ],
) -> None:
    """Check FILE against its manifest, then load it into an empty database and home."""
    from api.cli import database, migrate

    home = get_settings().home
    with archive.unpacked(home) as staging:
        try:
            manifest = archive.verify(file.resolve(), Path(staging))
        except archive.BackupError as err:
            raise _fail(err) from err
        with database() as url:
            try:
                summary = archive.restore(Path(staging), manifest, db.owner_url(), home)
            except archive.BackupError as err:
                raise _fail(err) from err
            migrate(url)  # an archive from an older version gets the later migrations
    typer.echo(
        f"restored {file} into {home}: database (revision {summary.revision}) and "
        f"{summary.photos} photos, every checksum verified"
    )

"""What the database's errors mean to a caller, in one place.

Three kinds: it refused a value (a constraint, a malformed value, a geometry PostGIS cannot
use: the input is wrong, say why); it is unavailable (down, restarting, too busy: try again
shortly); it cancelled the transaction (a deadlock, a standby's replay: one retry will likely
do). Anything else is a bug and is not translated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg

VALUE_REFUSED: tuple[type[psycopg.Error], ...] = (
    psycopg.errors.IntegrityError,
    psycopg.errors.DataError,
)
# PostGIS reports a geometry it cannot use (or transform) as an internal error (XX000).
GEOMETRY_REFUSED: tuple[type[psycopg.Error], ...] = (psycopg.InternalError,)
UNAVAILABLE: tuple[type[psycopg.Error], ...] = (psycopg.OperationalError,)
# Class 40; each is registered on its own because psycopg maps SQLSTATEs to subclasses.
CANCELLED: tuple[type[psycopg.Error], ...] = (
    psycopg.errors.TransactionRollback,
    psycopg.errors.SerializationFailure,
    psycopg.errors.DeadlockDetected,
)


def reason(error: Exception) -> str:
    """The database's own one-line message."""
    diag = getattr(error, "diag", None)
    message = (diag.message_primary if diag else None) or str(error) or type(error).__name__
    return message.splitlines()[0].strip()


@contextmanager
def refusals(refuse: Callable[[str], Exception], geometries: bool = True) -> Iterator[None]:
    """Raise ``refuse(reason)`` for a value the database refuses (and for a geometry PostGIS
    cannot use, unless ``geometries`` is False: then that is a bug, not the input)."""
    kinds = VALUE_REFUSED + GEOMETRY_REFUSED if geometries else VALUE_REFUSED
    try:
        yield
    except kinds as error:
        raise refuse(reason(error)) from error

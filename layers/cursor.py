"""Opaque paging cursors: where the previous page ended, as a short URL-safe token.

A cursor is JSON ``[kind, *values]`` in unpadded base64url. It is opaque to clients (they
only copy it from a ``next`` link), but not secret: it holds the last row's sort key values,
which the page showed anyway. A decoded value is only ever a bound parameter, so an edited
cursor can at worst ask for another page.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

import orjson

from layers.query import ItemsQuery, QueryError

MAX_LENGTH = 16384  # room for a long text sort key; far more was not made here


def encode(kind: str, values: list[Any]) -> str:
    """A cursor token holding ``kind`` and ``values``."""
    text = orjson.dumps([kind, *values])
    return base64.urlsafe_b64encode(text).rstrip(b"=").decode()


def decode(token: str, kind: str) -> list[Any]:
    """The values of a cursor of ``kind``; a QueryError on ``cursor`` for anything else."""
    if len(token) > MAX_LENGTH:
        raise QueryError("cursor", "too long; copy the cursor from a 'next' link")
    try:
        data = orjson.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError):
        raise QueryError(
            "cursor", "not a cursor of this server; copy it from a 'next' link"
        ) from None
    if not isinstance(data, list) or not data or data[0] != kind:
        raise QueryError(
            "cursor", f"not a cursor for {kind}; copy it from a 'next' link of the same resource"
        )
    return data[1:]


# Items: the collection, the sort order and the walking direction the cursor was made for,
# then the sort key values (text, as ItemsQuery.key_text wrote them) of the row it follows.
ITEMS = "items"


def _sort_order(query: ItemsQuery) -> str:
    return ",".join(("-" if desc else "") + name for name, desc in query.keys())


def items_cursor(query: ItemsQuery, key_text: str, backward: bool) -> str:
    """The cursor of the page after (``backward``: before) the row with ``key_text``."""
    return encode(ITEMS, [query.layer.id, _sort_order(query), backward, *orjson.loads(key_text)])


def start_items_at(query: ItemsQuery, token: str) -> None:
    """Make ``query`` the page a cursor from ``items_cursor`` points to."""
    values = decode(token, ITEMS)
    if len(values) < 4 or values[0] != query.layer.id:
        raise QueryError("cursor", f"not a cursor for collection '{query.layer.id}'")
    if values[1] != _sort_order(query):
        raise QueryError(
            "cursor",
            f"made for sortby={str(values[1])[:100]}; send the same "
            "sortby with it, or start again without a cursor",
        )
    backward, keys = values[2], values[3:]
    if not isinstance(backward, bool) or not all(v is None or isinstance(v, str) for v in keys):
        raise QueryError("cursor", "not a cursor of this server; copy it from a 'next' link")
    query.start_after(keys, backward)

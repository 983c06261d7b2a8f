"""Response classes that send text written by PostGIS unchanged (and the fetch that hands it
over as bytes), and the one answer of every route that creates a record."""

from collections.abc import Sequence
from typing import Any, cast

from fastapi import Response
from psycopg import AsyncConnection, sql
from psycopg.adapt import Buffer, Loader
from starlette.types import Receive, Scope, Send

from api.problems import etag
from api.urls import public_url


class TextAsBytes(Loader):
    """Text columns as the bytes the server sent (UTF-8, the connection's encoding): a page
    goes out as it came in, never decoded into a str and encoded back."""

    def load(self, data: Buffer) -> bytes:
        """The column's bytes, copied once out of the result."""
        return bytes(data)


async def fetch_text_page(
    conn: AsyncConnection[Any],
    column: str,
    query: sql.SQL | sql.Composed | bytes,
    values: Any,
) -> tuple[bytes, dict[str, Any]]:
    """The one row of ``query``: its ``column`` (a page of text PostGIS wrote) as bytes, and
    its other columns, text as str."""
    as_bytes = conn.info.encoding == "utf-8"  # what a response body is
    cursor = conn.cursor()
    if as_bytes:
        cursor.adapters.register_loader("text", TextAsBytes)
    await cursor.execute(query, values)
    row = cast(dict[str, Any] | None, await cursor.fetchone())  # the pool makes dict rows
    assert row is not None  # the page queries answer exactly one row
    page = row.pop(column)
    if not as_bytes:
        return page.encode(), row
    return page, {k: v.decode() if isinstance(v, bytes) else v for k, v in row.items()}


class GeoJSONResponse(Response):
    """Bytes already written as GeoJSON, sent as application/geo+json."""

    media_type = "application/geo+json"


class PartsResponse(Response):
    """A body given in parts (a head built in Python around a page PostGIS wrote), sent one
    after another: the page's tens of megabytes are not copied into one joined body."""

    def __init__(
        self,
        parts: Sequence[bytes],
        media_type: str,
        status_code: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.parts = [part for part in parts if part]
        super().__init__(None, status_code, headers, media_type)
        self.headers["content-length"] = str(sum(len(part) for part in self.parts))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Send the headers, then each part; the last says no more body follows."""
        await send(
            {"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers}
        )
        for number, part in enumerate(self.parts, 1):
            more = number < len(self.parts)
            await send({"type": "http.response.body", "body": part, "more_body": more})
        if not self.parts:
            await send({"type": "http.response.body", "body": b"", "more_body": False})


class SchemaJSONResponse(Response):
    """A JSON Schema document (queryables), sent as application/schema+json."""

    media_type = "application/schema+json"


def answer_read(response: Response, doc: dict[str, Any], tag: str | None = None) -> dict[str, Any]:
    """Answer a read with the stored record ``doc`` and its ETag (``tag``, else that of its
    version): the one an If-Match names to change it."""
    response.headers["ETag"] = tag or etag(doc["version"])
    return doc


def answer_write(
    response: Response, created: bool, collection: str, doc: dict[str, Any], tag: str | None = None
) -> dict[str, Any]:
    """Answer a create with the stored record ``doc``: 201 Created when it is new, 200 when
    the write found it already stored (a retry); either way its ETag (``tag``, else that of
    its version) and its Location (``/<collection>/<id>`` under the public URL), so a
    client that retries learns the same."""
    response.status_code = 201 if created else 200
    response.headers["ETag"] = tag or etag(doc["version"])
    response.headers["Location"] = public_url(collection, str(doc["id"]))
    return doc


# OGC Features and Geometries JSON 1.0; application/fg+json is accepted in requests too.
JSONFG = "application/vnd.ogc.fg+json"
JSONFG_ACCEPTED = (JSONFG, "application/fg+json")


class JSONFGResponse(Response):
    """A JSON-FG document, sent with its own media type."""

    media_type = JSONFG

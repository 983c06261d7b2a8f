"""Response classes that send text written by PostGIS unchanged, and the one answer of every
route that creates a record."""

from typing import Any

from fastapi import Response

from api.problems import etag
from api.urls import public_url


class GeoJSONResponse(Response):
    """Bytes already written as GeoJSON, sent as application/geo+json."""

    media_type = "application/geo+json"


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

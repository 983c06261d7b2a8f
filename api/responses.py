"""Response classes that send text written by PostGIS unchanged, and the one answer of every
route that creates a record."""

from fastapi import Response

from api.urls import public_url


class GeoJSONResponse(Response):
    media_type = "application/geo+json"


class SchemaJSONResponse(Response):
    media_type = "application/schema+json"


def answer_write(response: Response, created: bool, location: tuple[str, ...],
                 etag: str) -> None:
    """201 Created for a new record, 200 when the write found it already stored (a retry
    answered with the stored record); either way its ETag and its Location (the public URL
    whose path segments are ``location``), so a client that retries learns the same."""
    response.status_code = 201 if created else 200
    response.headers["ETag"] = etag
    response.headers["Location"] = public_url(*location)

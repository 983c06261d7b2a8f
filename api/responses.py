"""Response classes that send text written by PostGIS unchanged."""

from fastapi.responses import Response


class GeoJSONResponse(Response):
    media_type = "application/geo+json"


class SchemaJSONResponse(Response):
    media_type = "application/schema+json"

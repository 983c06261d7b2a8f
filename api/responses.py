"""Response classes that send text written by PostGIS unchanged."""

from fastapi.responses import Response


class GeoJSONResponse(Response):
    """Bytes already written as GeoJSON, sent as application/geo+json."""
    media_type = "application/geo+json"


class SchemaJSONResponse(Response):
    """A JSON Schema document (queryables), sent as application/schema+json."""
    media_type = "application/schema+json"

"""Response classes that send text written by PostGIS unchanged."""

from fastapi.responses import Response


class GeoJSONResponse(Response):
    media_type = "application/geo+json"


class SchemaJSONResponse(Response):
    media_type = "application/schema+json"


# OGC Features and Geometries JSON 1.0; application/fg+json is accepted in requests too.
JSONFG = "application/vnd.ogc.fg+json"
JSONFG_ACCEPTED = (JSONFG, "application/fg+json")


class JSONFGResponse(Response):
    media_type = JSONFG

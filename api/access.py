"""Who may read what. Layers declare their readers; the API asks here before serving them."""

from __future__ import annotations

from fastapi import Request

from api.problems import Problem
from gis.settings import get_settings
from layers import Layer


async def principal_roles(request: Request) -> frozenset[str]:
    """The roles of whoever sent the request (none when anonymous).

    Field operations (issue 4) resolve tokens and API keys here.
    """
    return frozenset()


async def require_read(request: Request, layer: Layer) -> None:
    """Raise a 401/403 problem unless the caller may read ``layer``."""
    if layer.is_public and get_settings().public_read:
        return
    roles = await principal_roles(request)
    if not roles:
        raise Problem(401, "Authentication required",
                      f"collection '{layer.id}' needs a bearer token or an X-API-Key",
                      headers={"WWW-Authenticate": "Bearer"})
    if not roles & (layer.read_roles | {"admin"}) and not layer.is_public:
        raise Problem(403, "Forbidden", f"your role may not read collection '{layer.id}'")

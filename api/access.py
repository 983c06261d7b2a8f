"""Who may read what. Layers declare their readers; the API asks here before serving them."""

from __future__ import annotations

from fastapi import Request

from api.problems import Problem
from gis.settings import get_settings
from gis.vocabulary import ADMINS
from layers import Layer


async def principal_roles(request: Request) -> frozenset[str]:
    """The roles of whoever sent the request (none when anonymous), from a bearer JWT or an
    X-API-Key (api/auth.py)."""
    from api.auth import current_actor

    actor = await current_actor(request)
    return frozenset({actor.role}) if actor else frozenset()


async def can_read(request: Request, layer: Layer) -> bool:
    """Whether the caller may read ``layer``: anyone for a public layer when public reads are on,
    else a signed-in user whose role the layer names (admins always)."""
    if layer.is_public and get_settings().public_read:
        return True
    roles = await principal_roles(request)
    return bool(roles & (layer.read_roles | ADMINS)) or (layer.is_public and bool(roles))


async def require_read(request: Request, layer: Layer) -> None:
    """Raise a 401/403 problem unless the caller may read ``layer``."""
    if await can_read(request, layer):
        return
    if not await principal_roles(request):
        raise Problem(
            401,
            "Authentication required",
            f"collection '{layer.id}' needs a bearer token or an X-API-Key",
            headers={"WWW-Authenticate": "Bearer"},
        )
    raise Problem(403, "Forbidden", f"your role may not read collection '{layer.id}'")

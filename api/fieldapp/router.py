"""The field app's files: the page, its modules and style, its words and settings, the web
manifest, the icons and the service worker that keeps them all for offline use.

Nothing here reads the database: the app uses the API (``/auth/token``, ``/collections``,
``/inspections/due``, ``/sync``, the photo uploads) like any other client.
"""

from __future__ import annotations

import hashlib
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

import orjson
from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from api.fieldapp.icons import SIZES, icon_png
from api.fieldapp.words import manifest_words, words_json
from api.problems import Problem
from gis.field import inspections
from gis.field.lifecycle import STEPS
from gis.settings import get_settings
from gis.vocabulary import OPEN_MAINTENANCE_STATUSES, Cause, Condition, Severity, values
from maps import assets

router = APIRouter(tags=["field app"], include_in_schema=False)

STATIC = files("api.fieldapp").joinpath("static")
MODULES = (
    "app.js",
    "api.js",
    "forms.js",
    "geo.js",
    "i18n.js",
    "map.js",
    "markers.js",
    "outbox.js",
    "outboxview.js",
    "patrol.js",
    "refdata.js",
    "repairs.js",
    "store.js",
    "sync.js",
    "ui.js",
)
# Name under /field/static/ -> file. Nothing else is served.
FILES: dict[str, Traversable] = {
    "field.css": STATIC / "field.css",
    **{f"js/{name}": STATIC / "js" / name for name in MODULES},
}
# Leaflet, as the maps serve it from the installed wheel.
LEAFLET = (
    "leaflet.js",
    "leaflet.css",
    "images/layers.png",
    "images/layers-2x.png",
    "images/marker-icon.png",
    "images/marker-icon-2x.png",
    "images/marker-shadow.png",
)
MEDIA_TYPES = {
    "js": "text/javascript; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "png": "image/png",
    "json": "application/json",
    "webmanifest": "application/manifest+json",
    "html": "text/html; charset=utf-8",
}
# The app asks the server for its files again each time it is online (the service worker
# decides what is kept); no browser cache should answer for the server.
FRESH = {"Cache-Control": "no-cache"}
DUE_WITHIN_DAYS = 7
CENTER = (16.65, 106.75)


def config() -> dict[str, Any]:
    """The settings and rules the app needs, from the server's own definitions."""
    settings = get_settings()
    return {
        "tile_url": settings.tile_url or None,
        "tile_attribution": settings.tile_attribution,
        "center": CENTER,
        # The displacement rule of gis/field/inspections.py, applied in the app before saving.
        "alert": {"accuracy_factor": inspections.ACCURACY_FACTOR, "min_m": inspections.MIN_ALERT_M},
        "due_within": f"{DUE_WITHIN_DAYS}d",
        "due_within_days": DUE_WITHIN_DAYS,
        "max_photo_bytes": settings.max_photo_bytes,
        "conditions": values(Condition),
        "causes": values(Cause),
        "severities": values(Severity),
        "open_statuses": [s.value for s in OPEN_MAINTENANCE_STATUSES],
        "steps": [[frm, to, sorted(roles)] for (frm, to), roles in STEPS.items()],
    }


def manifest() -> dict[str, Any]:
    """The web app manifest that makes the field app installable, in Vietnamese."""
    name, short_name = manifest_words()
    return {
        "name": name,
        "short_name": short_name,
        "lang": "vi",
        "dir": "ltr",
        "start_url": "/field",
        "scope": "/field",
        "display": "standalone",
        "background_color": "#f7f9f9",
        "theme_color": "#1f4e3d",
        "icons": [
            {
                "src": f"/field/icons/{size}.png",
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any maskable",
            }
            for size in SIZES
        ],
    }


def shell() -> dict[str, tuple[bytes, str]]:
    """Every file the app needs to open offline, by path: what the service worker keeps and
    what a first visit loads (map tiles aside)."""
    kept: dict[str, tuple[bytes, str]] = {
        "/field": ((STATIC / "index.html").read_bytes(), MEDIA_TYPES["html"]),
        "/field/words.json": (words_json(), MEDIA_TYPES["json"]),
        "/field/config.json": (orjson.dumps(config()), MEDIA_TYPES["json"]),
        "/field/manifest.webmanifest": (orjson.dumps(manifest()), MEDIA_TYPES["webmanifest"]),
    }
    for name, file in FILES.items():
        kept[f"/field/static/{name}"] = (file.read_bytes(), _media_type(name))
    for size in SIZES:
        kept[f"/field/icons/{size}.png"] = (icon_png(size), MEDIA_TYPES["png"])
    for name in LEAFLET:
        kept[f"/maps/static/{name}"] = (assets.asset_bytes(name), assets.media_type(name))
    return kept


def _media_type(name: str) -> str:
    return MEDIA_TYPES[name.rsplit(".", 1)[-1]]


def service_worker() -> bytes:
    """sw.js with its build: the version changes whenever any kept file does, which makes
    browsers install the new worker and fetch the new files."""
    kept = shell()
    digest = hashlib.blake2b(digest_size=12)
    for path in sorted(kept):
        digest.update(path.encode() + b"\0" + kept[path][0] + b"\0")
    build = {
        "version": digest.hexdigest(),
        "shell": sorted(kept),
        "tiles": get_settings().tile_url or None,
    }
    return b"const BUILD = " + orjson.dumps(build) + b";\n" + (STATIC / "sw.js").read_bytes()


@router.get("/field")
async def page() -> Response:
    """The field app's one page (the shell the service worker keeps for offline use)."""
    body, media_type = shell()["/field"]
    return Response(body, media_type=media_type, headers=FRESH)


@router.get("/field/")
async def page_slash() -> RedirectResponse:
    """Redirect ``/field/`` to the page, whose scope is ``/field``."""
    return RedirectResponse("/field")


@router.get("/field/sw.js")
async def worker() -> Response:
    # Scope /field (the page itself, not only what lies under /field/).
    """The service worker, allowed to control ``/field`` itself."""
    return Response(
        service_worker(),
        media_type=MEDIA_TYPES["js"],
        headers={**FRESH, "Service-Worker-Allowed": "/field"},
    )


@router.get("/field/words.json")
async def words() -> Response:
    """The app's labels in Vietnamese, Lao and English."""
    return Response(words_json(), media_type=MEDIA_TYPES["json"], headers=FRESH)


@router.get("/field/config.json")
async def settings_for_app() -> Response:
    """The settings the app needs offline: map tiles, the alert rule, limits and the repair
    steps."""
    return Response(orjson.dumps(config()), media_type=MEDIA_TYPES["json"], headers=FRESH)


@router.get("/field/manifest.webmanifest")
async def web_manifest() -> Response:
    """The web app manifest."""
    return Response(orjson.dumps(manifest()), media_type=MEDIA_TYPES["webmanifest"], headers=FRESH)


@router.get("/field/icons/{size}.png")
async def icon(size: int) -> Response:
    """The app icon in one of the manifest's sizes (404 for any other)."""
    if size not in SIZES:
        raise Problem(404, "Unknown file", f"no icon of {size} pixels; there are {SIZES}")
    return Response(icon_png(size), media_type=MEDIA_TYPES["png"], headers=FRESH)


@router.get("/field/static/{name:path}")
async def static(name: str) -> Response:
    """One of the app's script and style files (404 for a name it does not ship)."""
    if name not in FILES:
        raise Problem(404, "Unknown file", f"no field app file '{name}'")
    return Response(FILES[name].read_bytes(), media_type=_media_type(name), headers=FRESH)

"""The browser files a map needs, all local: Leaflet from the ``django-js-lib-leaflet`` wheel
(the files only; Django is not needed), Leaflet.VectorGrid from the npm registry (``make``
installs it into ``maps/js/node_modules``, pinned by its lock file) for the layers drawn from
vector tiles, and our own script and style in ``maps/static``.

Served pages link them under ``/maps/static/``; exported pages carry them inline, so a file
opened from disk needs no network at all.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

LEAFLET = files("js_lib_leaflet").joinpath("static", "js_lib_leaflet")
OURS = files("maps").joinpath("static")
VECTOR_GRID = files("maps").joinpath(
    "js", "node_modules", "leaflet.vectorgrid", "dist", "Leaflet.VectorGrid.bundled.min.js"
)

# Name in URLs -> file. Nothing else is served.
ASSETS: dict[str, Traversable] = {
    "leaflet.js": LEAFLET / "leaflet.js",
    "leaflet.css": LEAFLET / "leaflet.css",
    "images/layers.png": LEAFLET / "images" / "layers.png",
    "images/layers-2x.png": LEAFLET / "images" / "layers-2x.png",
    "images/marker-icon.png": LEAFLET / "images" / "marker-icon.png",
    "images/marker-icon-2x.png": LEAFLET / "images" / "marker-icon-2x.png",
    "images/marker-shadow.png": LEAFLET / "images" / "marker-shadow.png",
    "cotmoc-map.js": OURS / "cotmoc-map.js",
    "cotmoc-map.css": OURS / "cotmoc-map.css",
    "leaflet.vectorgrid.js": VECTOR_GRID,
}
STYLESHEETS = ("leaflet.css", "cotmoc-map.css")
SCRIPTS = ("leaflet.js", "cotmoc-map.js")
TILE_SCRIPTS = ("leaflet.vectorgrid.js",)  # only on served pages drawing vector tiles
MEDIA_TYPES = {"js": "text/javascript", "css": "text/css", "png": "image/png"}


def media_type(name: str) -> str:
    """The media type of a map asset, by its file name's extension."""
    return MEDIA_TYPES[name.rsplit(".", 1)[-1]]


@cache
def asset_bytes(name: str) -> bytes:
    """The bytes of one map asset (Leaflet's or ours), read once."""
    return ASSETS[name].read_bytes()


def _data_uri(match: re.Match[str]) -> str:
    name = match.group(1)
    encoded = base64.b64encode(asset_bytes(name)).decode("ascii")
    return f"url(data:{media_type(name)};base64,{encoded})"


def _script_text(name: str) -> str:
    text = asset_bytes(name).decode("utf-8")
    # No source-map comment (nothing to fetch) and nothing that could close the element.
    text = re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.MULTILINE)
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)


@cache
def inline_head() -> str:
    """<style> and <script> elements holding every asset: a page that needs no other file."""
    styles = [
        re.sub(r"url\((images/[\w.-]+\.png)\)", _data_uri, asset_bytes(n).decode("utf-8"))
        for n in STYLESHEETS
    ]
    parts = [f"<style>{css}</style>" for css in styles]
    parts += [f"<script>{_script_text(n)}</script>" for n in SCRIPTS]
    return "\n".join(parts)


def linked_head(base: str, tiles: bool = False) -> str:
    """<link> and <script src> elements for assets served under ``base`` (ends with /), with
    the vector-tile library when the page draws ``tiles``."""
    parts = [f'<link rel="stylesheet" href="{base}{n}">' for n in STYLESHEETS]
    parts += [
        f'<script src="{base}{n}"></script>' for n in SCRIPTS + (TILE_SCRIPTS if tiles else ())
    ]
    return "\n".join(parts)

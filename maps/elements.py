"""The folium elements a map page is made of; each writes its own script text.

branca compiles what a MacroElement renders as a Jinja template again; data text must never
go through that (a note holding ``{{`` would be evaluated, and big layers are slow to lex),
so every element here renders ``Raw`` text into the page's parts.
"""

from __future__ import annotations

from typing import Any

import folium
from branca.element import Element, Figure

from maps.script import LayerScript, js, safe_json_text


class Raw(Element):
    """Text put into the page as it is."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        """The text, unchanged."""
        return self.text


def figure(element: Element) -> Figure:
    """The page an element belongs to."""
    root = element.get_root()
    assert isinstance(root, Figure), "render a page through Page.html()"
    return root


def _parent_name(element: Element) -> str:
    assert element._parent is not None, "add the element to the map first"
    return element._parent.get_name()


class RawLayer(folium.map.Layer):
    """A layer whose script is written here, not by a template; listed in the layer control."""

    def __init__(self, name: str, overlay: bool, visible: bool) -> None:
        # folium's own ``show`` would add the layer through a compiled template: we do it.
        super().__init__(name=name, overlay=overlay, control=True, show=False)
        self.visible = visible

    def script(self) -> str:
        """The script expression that makes the Leaflet layer; each kind of layer writes its
        own."""
        raise NotImplementedError

    def render(self, **kwargs: Any) -> str:
        """Put the layer's script into the page's script part (added to the map when
        ``visible``); the element itself renders nothing where it stands."""
        name = self.get_name()
        text = f"var {name} = {self.script()};\n"
        if self.visible:
            text += f"{name}.addTo({_parent_name(self)});\n"
        figure(self).script.add_child(Raw(text), name=name)
        return ""


class DeclaredLayer(RawLayer):
    """A layer from ``layers/`` drawn by cotmoc.geojson from PostGIS's FeatureCollection."""

    def __init__(self, config: LayerScript, data: str, show: bool = True) -> None:
        super().__init__(config.title, overlay=True, visible=show)
        self.config = js(config)
        self.data = safe_json_text(data)

    def script(self) -> str:
        """A call of ``cotmoc.geojson`` with the layer's configuration and its features."""
        return f"cotmoc.geojson({self.config}, {self.data})"


class TiledLayer(RawLayer):
    """A growing layer from ``layers/`` drawn by cotmoc.tiles from the collection's vector
    tiles at ``url`` ({z}/{y}/{x}: zoom, row, column, the order of OGC API – Tiles)."""

    def __init__(self, config: LayerScript, url: str, show: bool = True) -> None:
        super().__init__(config.title, overlay=True, visible=show)
        self.config = js(config)
        self.url = url

    def script(self) -> str:
        """A call of ``cotmoc.tiles`` with the layer's configuration and its tiles' URL."""
        return f"cotmoc.tiles({self.config}, {js(self.url)})"


class TileBase(RawLayer):
    """A tiled base layer (OpenStreetMap). Offline its tiles fail and our layers stay."""

    def __init__(self, name: str, url: str, attribution: str) -> None:
        super().__init__(name, overlay=False, visible=True)
        self.url = url
        self.attribution = attribution

    def script(self) -> str:
        """A Leaflet tile layer of ``url`` with its attribution."""
        options = {"attribution": self.attribution, "maxZoom": 19}
        return f"L.tileLayer({js(self.url)}, {js(options)})"


class PlainBase(RawLayer):
    """A base layer with no tiles: the plain background, always available offline."""

    def __init__(self, name: str) -> None:
        super().__init__(name, overlay=False, visible=False)

    def script(self) -> str:
        """An empty Leaflet layer group: the background alone."""
        return "L.layerGroup()"


class Part(Element):
    """Text put as it is into one part of the page: ``header`` (the head), ``html`` (under
    the map's own element) or ``script`` (after what was added before it)."""

    def __init__(self, part: str, text: str) -> None:
        super().__init__()
        self.part = part
        self.text = text

    def render(self, **kwargs: Any) -> str:
        """Put the text into its part of the page; the element itself renders nothing where
        it stands."""
        getattr(figure(self), self.part).add_child(Raw(self.text), name=self.get_name())
        return ""

"""The folium elements a map page is made of; each writes its own script text.

branca compiles what a MacroElement renders as a Jinja template again; data text must never
go through that (a note holding ``{{`` would be evaluated, and big layers are slow to lex),
so every element here renders ``Raw`` text into the page's parts.
"""

from __future__ import annotations

import html
from typing import Any

import folium
from branca.element import Element, Figure

from maps.script import FinishOptions, LayerScript, PageSetup, js, safe_json_text


class Raw(Element):
    """Text put into the page as it is."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
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
        raise NotImplementedError

    def render(self, **kwargs: Any) -> str:
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
        return f"cotmoc.geojson({self.config}, {self.data})"


class TileBase(RawLayer):
    """A tiled base layer (OpenStreetMap). Offline its tiles fail and our layers stay."""

    def __init__(self, name: str, url: str, attribution: str) -> None:
        super().__init__(name, overlay=False, visible=True)
        self.url = url
        self.attribution = attribution

    def script(self) -> str:
        options = {"attribution": self.attribution, "maxZoom": 19}
        return f"L.tileLayer({js(self.url)}, {js(options)})"


class PlainBase(RawLayer):
    """A base layer with no tiles: the plain background, always available offline."""

    def __init__(self, name: str) -> None:
        super().__init__(name, overlay=False, visible=False)

    def script(self) -> str:
        return "L.layerGroup()"


class Setup(Element):
    """The page's assets (linked or inline), its title, and the script's configuration."""

    def __init__(self, title: str, head: str, setup: PageSetup) -> None:
        super().__init__()
        self.head = f"<title>{html.escape(title)}</title>\n{head}\n"
        self.text = setup.script()

    def render(self, **kwargs: Any) -> str:
        root = figure(self)
        root.header.add_child(Raw(self.head), name=self.get_name())
        root.script.add_child(Raw(self.text), name=self.get_name())
        return ""


class Below(Element):
    """HTML under the map's own element (the marker page's history)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        figure(self).html.add_child(Raw(self.text), name=self.get_name())
        return ""


class Finish(Element):
    """Legend, side panel, full-screen button and the initial view, after every layer."""

    def __init__(self, options: FinishOptions) -> None:
        super().__init__()
        self.options = options

    def render(self, **kwargs: Any) -> str:
        figure(self).script.add_child(Raw(self.options.script(_parent_name(self))),
                                      name=self.get_name())
        return ""

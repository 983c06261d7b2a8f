"""One map page being put together: its language and links, the folium map, the declared
layers drawn on it, and the script's setup and finish."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

import folium

from gis.settings import get_settings
from layers import LAYERS
from layers.labels import LANGS, label, labels_under
from maps import as_of, assets
from maps.data import MapData
from maps.declared import Drawing, approximate_entry, layer_script, legend_group
from maps.elements import DeclaredLayer, Part, PlainBase, TileBase, TiledLayer, figure
from maps.script import FinishOptions, LegendGroup, NavLink, PageSetup

CENTER = (16.65, 106.75)
MAP_PAGES = ("overview", "inspections", "maintenance")


@dataclass(frozen=True)
class PageOptions:
    """Language and links of a page: served by the app, or exported as standalone files.
    ``nav`` holds (label key, href) pairs."""

    lang: str = "vi"
    asset_base: str | None = "/maps/static/"  # None: put every asset inside the page
    marker_link: str = "/maps/markers/{code}?lang=vi"  # {code} URL-encoded, or {slug}
    nav: tuple[tuple[str, str], ...] = ()
    sign_in_link: str = ""  # /login?next=… beside the layers that need sign-in ("" for none)
    as_of: date | None = None  # the registry as it held that day (?at=), else today's
    collections: str | None = None  # where the API's collections are (vector tiles); None: none

    @classmethod
    def served(cls, lang: str = "vi", root: str = "") -> PageOptions:
        """For pages the app serves; ``root`` is the path of the public URL ("" or e.g.
        "/gis" behind a proxy), so links never name a host. The nav offers the other
        languages, each named in itself."""
        maps = f"{root}/maps"
        pages = tuple((f"map.{page}", f"{maps}/{page}?lang={lang}") for page in MAP_PAGES)
        languages = tuple(
            (f"language.{other}", f"?lang={other}") for other in LANGS if other != lang
        )
        return cls(
            lang,
            f"{maps}/static/",
            f"{maps}/markers/{{code}}?lang={lang}",
            pages + languages,
            collections=f"{root}/collections/",
        )

    @classmethod
    def exported(cls, lang: str = "vi", up: str = "") -> PageOptions:
        """For files in an export folder; ``up`` leads from the page to the folder ("../")."""
        return cls(
            lang,
            None,
            f"{up}markers/{{slug}}.html",
            tuple((f"map.{page}", f"{up}{page}.html") for page in MAP_PAGES),
        )

    def nav_links(self) -> tuple[NavLink, ...]:
        """The ``nav`` pairs with their labels in the page's language."""
        return tuple(NavLink(label(key, self.lang), href) for key, href in self.nav)


def marker_slug(code: str) -> str:
    """File name of a marker's exported page (the same rule as ``slug`` in cotmoc-map.js)."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "()+-") else "_" for c in code)


class Page:
    """The folium map of one page, its layers and its options."""

    def __init__(
        self, title: str, data: MapData, options: PageOptions, height: str = "100%"
    ) -> None:
        self.options = options
        self.lang = options.lang
        self.data = data
        self.title = (
            title
            if options.as_of is None
            else f"{title} — {as_of.caption(options.as_of, self.lang)}"
        )
        self.map = folium.Map(
            location=CENTER, zoom_start=10, tiles=None, control_scale=True, height=height
        )
        # Nothing from a CDN: Setup brings Leaflet and our script from local files.
        self.map.default_js = []
        self.map.default_css = []
        if data.tiled and options.collections is None:
            raise ValueError("a page drawing vector tiles needs the collections' address")
        head = (
            assets.inline_head()
            if options.asset_base is None
            else assets.linked_head(options.asset_base, tiles=bool(data.tiled))
        )
        setup = PageSetup(
            labels_under("map.", self.lang),
            labels_under("value.", self.lang),
            options.marker_link,
            data.extras,
        )
        # The assets (linked or inline) and title in the head; the setup before any layer.
        Part("header", f"<title>{html.escape(title)} · cotmoc</title>\n{head}\n").add_to(self.map)
        Part("script", setup.script()).add_to(self.map)
        settings = get_settings()  # the same background as the field app's (COTMOC_TILE_URL)
        if settings.tile_url:
            TileBase(
                label("map.osm", self.lang),
                settings.tile_url,
                html.escape(settings.tile_attribution),
            ).add_to(self.map)
        PlainBase(label("map.plain", self.lang)).add_to(self.map)
        self.legend: list[LegendGroup] = []
        self.fit: list[str] = []

    def add(
        self,
        layer_id: str,
        drawing: Drawing = Drawing(),
        *,
        fit: bool = False,
        legend: LegendGroup | None = None,
        show: bool = True,
    ) -> None:
        """Draw a declared layer when the reader may see it (else it is listed as
        restricted); ``fit``: the initial view covers it."""
        layer = LAYERS[layer_id]
        script = layer_script(layer, self.lang, drawing)
        tiles = self.data.tiled.get(layer_id) if drawing.data is None else None
        text = self.data.layers.get(drawing.data or layer_id)
        element: DeclaredLayer | TiledLayer
        if tiles is not None and self.options.collections is not None:
            url = f"{self.options.collections}{layer_id}/tiles/WebMercatorQuad/{{z}}/{{y}}/{{x}}"
            element = TiledLayer(script, f"{url}?{tiles}" if tiles else url, show=show)
        elif text is not None:
            element = DeclaredLayer(script, text, show=show)
        else:
            return
        element.add_to(self.map)
        self.legend.append(legend or legend_group(layer, self.lang, drawing.style))
        if fit:
            self.fit.append(element.get_name())

    def html(self, zoom: int | None = None, below: str = "") -> str:
        """The whole page as HTML: layer control, legend, side panel (with the layers the
        reader may not see) and the initial view over the ``fit`` layers (at ``zoom`` when
        given, else fitted to them), with ``below`` under the map."""
        folium.LayerControl(collapsed=True).add_to(self.map)
        restricted = tuple(LAYERS[i].title(self.lang) for i in self.data.restricted)
        sign_in = (
            NavLink(label("map.sign_in", self.lang), self.options.sign_in_link)
            if restricted and self.options.sign_in_link
            else None
        )
        # Legend, side panel, full-screen button and the initial view, after every layer.
        finish = FinishOptions(
            self.title,
            (*self.legend, approximate_entry(self.lang)),
            self.options.nav_links(),
            restricted,
            zoom,
            tuple(self.fit),
            sign_in,
        )
        Part("script", finish.script(self.map.get_name())).add_to(self.map)
        if below:
            Part("html", below).add_to(self.map)
        return str(figure(self.map).render())

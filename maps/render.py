"""Pure renderers: already-fetched ``MapData`` in, one HTML page out (no database here).

Every drawn layer comes from its declaration in ``layers/`` (title, style, popup fields); the
data is the text PostGIS wrote, put into the page unchanged apart from escaping ``<``, ``>``
and ``&`` so that no string can end the script. Popups and panels are built by
``maps/static/cotmoc-map.js``, which escapes every value.
"""

from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass
from typing import Any

import folium
import orjson
from branca.element import Element, Figure
from jinja2 import Environment

from gis.settings import get_settings
from layers import LAYERS, Layer, Style
from layers.catalog import CLOSED_MAINTENANCE_STATUSES, SHARE_BANDS
from layers.labels import VALUE_TITLES, value_title
from maps import assets
from maps.data import MapData
from maps.i18n import t, words
from maps.line_words import word

CENTER = (16.65, 106.75)
LINE_TYPES = ("LineString", "MultiLineString")
PROVENANCE_FIELDS = ("coord_status", "source", "source_ref", "licence", "provenance_note")
AGE_COLORS = {"recent": "#27ae60", "older": "#f1c40f", "stale": "#e67e22", "never": "#6c3483"}
OVERDUE_RING = "#c0392b"
OVERDUE = {"property": "overdue", "values": [True]}  # by the inspection schedule


@dataclass(frozen=True)
class PageOptions:
    """Language and links of a page: served by the app, or exported as standalone files."""

    lang: str = "vi"
    asset_base: str | None = "/maps/static/"  # None: put every asset inside the page
    marker_link: str = "/maps/markers/{code}?lang=vi"  # {code} URL-encoded, or {slug}
    nav: tuple[tuple[str, str], ...] = ()  # (page key, href)

    @classmethod
    def served(cls, lang: str = "vi", root: str = "") -> PageOptions:
        """For pages the app serves; ``root`` is the path of the public URL ("" or e.g.
        "/gis" behind a proxy), so links never name a host."""
        other = "en" if lang == "vi" else "vi"
        maps = f"{root}/maps"
        return cls(lang, f"{maps}/static/", f"{maps}/markers/{{code}}?lang={lang}", (
            ("overview", f"{maps}/overview?lang={lang}"),
            ("inspections", f"{maps}/inspections?lang={lang}"),
            ("maintenance", f"{maps}/maintenance?lang={lang}"),
            ("language", f"?lang={other}"),
        ))

    @classmethod
    def exported(cls, lang: str = "vi", up: str = "") -> PageOptions:
        """For files in an export folder; ``up`` leads from the page to the folder ("../")."""
        return cls(lang, None, f"{up}markers/{{slug}}.html", (
            ("overview", f"{up}overview.html"),
            ("inspections", f"{up}inspections.html"),
            ("maintenance", f"{up}maintenance.html"),
        ))


def js(value: Any) -> str:
    """A JSON value as script text that no string inside can break out of."""
    return safe_json_text(orjson.dumps(value).decode("utf-8"))


def safe_json_text(text: str) -> str:
    """JSON text (e.g. written by PostGIS) made safe inside <script>: ``<``, ``>`` and ``&``
    only occur inside strings there, where their \\u escapes mean the same."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def marker_slug(code: str) -> str:
    """File name of a marker's exported page (the same rule as ``slug`` in cotmoc-map.js)."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "()+-") else "_" for c in code)


# ---------------------------------------------------------------------------------------------
# folium elements

class Raw(Element):
    """Text put into the page as it is.

    branca compiles what a MacroElement renders as a Jinja template again; data text must never
    go through that (a note holding ``{{`` would be evaluated, and big layers are slow to lex).
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


def _figure(element: Element) -> Figure:
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
        _figure(self).script.add_child(Raw(text), name=name)
        return ""


class DeclaredLayer(RawLayer):
    """A layer from ``layers/`` drawn by cotmoc.geojson from PostGIS's FeatureCollection."""

    def __init__(self, config: dict[str, Any], data: str, show: bool = True) -> None:
        super().__init__(config["title"], overlay=True, visible=show)
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

    def __init__(self, title: str, head: str, config: dict[str, Any],
                 extras: dict[str, str | None]) -> None:
        super().__init__()
        self.head = f"<title>{html.escape(title)}</title>\n{head}\n"
        # The extras' JSON text goes in as PostGIS wrote it; null where the reader may not see.
        extras_js = "{" + ",".join(
            f"{js(name)}:{'null' if text is None else safe_json_text(text)}"
            for name, text in extras.items()) + "}"
        self.text = f"cotmoc.setup(Object.assign({js(config)}, {{extras: {extras_js}}}));\n"

    def render(self, **kwargs: Any) -> str:
        root = _figure(self)
        root.header.add_child(Raw(self.head), name=self.get_name())
        root.script.add_child(Raw(self.text), name=self.get_name())
        return ""


class Below(Element):
    """HTML under the map's own element (the marker page's history)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        _figure(self).html.add_child(Raw(self.text), name=self.get_name())
        return ""


class Finish(Element):
    """Legend, side panel, full-screen button and the initial view, after every layer."""

    def __init__(self, options: dict[str, Any], fit: list[str]) -> None:
        super().__init__()
        self.options = js(options)
        self.fit = fit

    def render(self, **kwargs: Any) -> str:
        _figure(self).script.add_child(Raw(
            f"cotmoc.finish({_parent_name(self)}, Object.assign({self.options}, "
            f"{{fit: [{', '.join(self.fit)}]}}));\n"), name=self.get_name())
        return ""


# ---------------------------------------------------------------------------------------------
# configuration from the declarations

def _fields(layer: Layer, names: tuple[str, ...], lang: str) -> list[list[str]]:
    found = (layer.find_property(name) for name in names)
    return [[p.name, p.title(lang)] for p in found if p is not None]


def layer_config(layer: Layer, lang: str, style: Style | None = None,
                 extra_popup: tuple[str, ...] = (), **options: Any) -> dict[str, Any]:
    """What cotmoc.geojson needs to draw ``layer``: all of it read from the declaration."""
    provenance = tuple(n for n in PROVENANCE_FIELDS if n not in layer.popup)
    return {
        "id": layer.id,
        "title": layer.title(lang),
        "style": dataclasses.asdict(style or layer.style),
        "popup": _fields(layer, layer.popup, lang) + [[n, t(n, lang)] for n in extra_popup],
        "provenance": _fields(layer, provenance, lang),
        "approximate": layer.find_property("coord_status") is not None,
        **options,
    }


def legend_group(layer: Layer, lang: str, style: Style | None = None,
                 title: str | None = None, labels: dict[str, str] | None = None
                 ) -> dict[str, Any]:
    """Legend entries for one layer: one per coloured value, or one for the layer."""
    style = style or layer.style
    kind = "line" if layer.geometry_type in LINE_TYPES else "point"
    labels = labels or {}
    if style.color_by and style.colors:
        items = [{"color": color, "kind": kind, "dash": bool(style.dash),
                  "label": labels.get(value) or value_title(value, lang)}
                 for value, color in style.colors.items()]
    else:
        items = [{"color": style.color, "kind": kind, "dash": bool(style.dash),
                  "label": layer.title(lang)}]
    return {"title": title or layer.title(lang), "items": items}


def _approximate_entry(lang: str) -> dict[str, Any]:
    return {"title": t("provenance", lang), "items": [
        {"color": "#555555", "kind": "approx", "label": t("approximate", lang)}]}


class Page:
    """One map page being put together: the folium map, its layers and its options."""

    def __init__(self, title: str, data: MapData, options: PageOptions,
                 height: str = "100%") -> None:
        self.options = options
        self.lang = options.lang
        self.data = data
        self.title = title
        self.map = folium.Map(location=CENTER, zoom_start=10, tiles=None, control_scale=True,
                              height=height)
        # Nothing from a CDN: Setup brings Leaflet and our script from local files.
        self.map.default_js = []
        self.map.default_css = []
        head = (assets.inline_head() if options.asset_base is None
                else assets.linked_head(options.asset_base))
        values = {value: value_title(value, self.lang) for value in VALUE_TITLES}
        Setup(f"{title} · cotmoc", head, {
            "words": words(self.lang), "values": values, "marker_link": options.marker_link,
        }, data.extras).add_to(self.map)
        settings = get_settings()  # the same background as the field app's (COTMOC_TILE_URL)
        if settings.tile_url:
            TileBase(t("osm", self.lang), settings.tile_url,
                     html.escape(settings.tile_attribution)).add_to(self.map)
        PlainBase(t("plain", self.lang)).add_to(self.map)
        self.legend: list[dict[str, Any]] = []
        self.fit: list[str] = []

    def add(self, layer_id: str, *, fit: bool = False, legend: dict[str, Any] | None = None,
            show: bool = True, unlocated: tuple[str, ...] = (), data_key: str | None = None,
            **config: Any) -> None:
        """Draw a declared layer when the reader may see it (else it is listed as restricted).

        Features without a geometry are listed in the side panel by their ``unlocated`` fields.
        ``data_key`` draws other data of the same layer (e.g. a coverage's gaps).
        """
        layer = LAYERS[layer_id]
        text = self.data.layers.get(data_key or layer_id)
        if text is None:
            return
        if unlocated:
            config["unlocated"] = {"fields": list(unlocated), "title": (
                f"{layer.title(self.lang)}: {t('no_point', self.lang).lower()}")}
        element = DeclaredLayer(layer_config(layer, self.lang, **config), text, show=show)
        element.add_to(self.map)
        self.legend.append(legend or legend_group(layer, self.lang, config.get("style")))
        if fit:
            self.fit.append(element.get_name())

    def html(self, zoom: int | None = None, below: str = "") -> str:
        folium.LayerControl(collapsed=True).add_to(self.map)
        nav = [{"label": t(key, self.lang), "href": href} for key, href in self.options.nav]
        restricted = [LAYERS[i].title(self.lang) for i in self.data.restricted]
        Finish({"title": self.title, "legend": [*self.legend, _approximate_entry(self.lang)],
                "nav": nav, "restricted": restricted, "zoom": zoom}, self.fit).add_to(self.map)
        if below:
            Below(below).add_to(self.map)
        return str(_figure(self.map).render())


# ---------------------------------------------------------------------------------------------
# the maps

def render_overview(data: MapData, options: PageOptions | None = None) -> str:
    """The overview: sections, positions, markers with their dossier, gates, village pairs and
    open damage, with legend, layer control, scale bar and full-screen button."""
    options = options or PageOptions.served()
    lang = options.lang
    page = Page(t("overview", lang), data, options)
    page.add("border_sections", fit=True)
    page.add("village_pairs", unlocated=("vn_village", "la_village"))
    page.add("villages", unlocated=("name", "country"))
    page.add("marker_positions")
    page.add("markers", dossier=True, link=True)
    page.add("gates", unlocated=("vn_name", "la_name", "type"))
    maintenance = LAYERS["maintenance"]
    page.add("maintenance", legend=legend_group(
        maintenance, lang, title=f"{maintenance.title(lang)} ({t('open_damage', lang)})"),
        unlocated=("legacy_alias", "cause", "status"))
    return page.html()


def render_inspections(data: MapData, options: PageOptions | None = None) -> str:
    """Markers coloured by days since their last inspection, overdue ones ringed; patrol
    tracks of the last 30 days."""
    options = options or PageOptions.served()
    lang = options.lang
    page = Page(t("inspections", lang), data, options)
    page.add("border_sections", fit=True)
    page.add("patrols", legend={"title": t("patrols_30", lang), "items": [
        {"color": LAYERS["patrols"].style.color, "kind": "line",
         "label": LAYERS["patrols"].title(lang)}]})
    markers = LAYERS["markers"]
    if data.extras.get("ages") is None:
        page.add("markers", link=True)
    else:
        ages = dataclasses.replace(markers.style, color_by="age_class", colors=AGE_COLORS)
        group = legend_group(markers, lang, ages, title=t("days_since", lang),
                             labels={k: t(k, lang) for k in AGE_COLORS})
        group["items"].append({"color": OVERDUE_RING, "kind": "ring",
                               "label": t("overdue_ring", lang)})
        page.add("markers", link=True, style=ages, merge="ages", key="code",
                 highlight=OVERDUE, legend=group, extra_popup=(
                     "last_inspected", "last_condition", "days_since_inspection"))
    return page.html()


def render_maintenance(data: MapData, options: PageOptions | None = None) -> str:
    """Damage and repair records coloured by cause; closed ones hollow."""
    options = options or PageOptions.served()
    lang = options.lang
    page = Page(t("maintenance", lang), data, options)
    page.add("border_sections", fit=True)
    page.add("markers", link=True, show=False)
    group = legend_group(LAYERS["maintenance"], lang)
    color = "#555555"
    group["items"] += [{"color": color, "kind": "point", "label": t("open_record", lang)},
                       {"color": color, "kind": "hollow", "label": t("closed_record", lang)}]
    page.add("maintenance", legend=group, link=False, hollow={
        "property": "status", "values": list(CLOSED_MAINTENANCE_STATUSES)},
        unlocated=("legacy_alias", "cause", "status", "observed_on"))
    return page.html()


HISTORY = Environment(autoescape=True).from_string(
    """
<section class="cotmoc-history">
  <h2>{{ title }}</h2>
  <p>{% for label, href in nav %}<a href="{{ href }}">{{ label }}</a>{% if not loop.last %}
     · {% endif %}{% endfor %}</p>
  {% if seen %}<p class="cotmoc-seen">{{ seen }}</p>{% endif %}
  {% for table in tables %}
  <h3>{{ table.title }}</h3>
  {% if table.restricted %}<p>{{ restricted }}</p>
  {% elif not table.rows %}<p>{{ none }}</p>
  {% else %}
  <table class="cotmoc-table-{{ table.id }}">
    <tr>{% for head in table.head %}<th>{{ head }}</th>{% endfor %}</tr>
    {% for row in table.rows %}
    <tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>
    {% endfor %}
  </table>
  {% endif %}
  {% endfor %}
</section>
"""
)


def _cells(names: tuple[str, ...], feature: dict[str, Any], lang: str) -> list[str]:
    props = feature["properties"]
    cells = []
    for name in names:
        value = props.get(name)
        empty = value is None or value == "" or value == []
        cells.append("—" if empty else ", ".join(value_title(v, lang) for v in value)
                     if isinstance(value, list) else value_title(value, lang))
    return cells


def _history_table(layer_id: str, names: tuple[str, ...], data: MapData, lang: str,
                   events: dict[str, Any] | None = None) -> dict[str, Any]:
    layer = LAYERS[layer_id]
    text = data.layers.get(layer_id)
    table: dict[str, Any] = {"id": layer_id, "title": layer.title(lang),
                             "restricted": text is None, "rows": []}
    if text is None:
        return table
    table["head"] = [p[1] for p in _fields(layer, names, lang)]
    features = orjson.loads(text)["features"]
    for feature in reversed(features):  # newest first
        row = _cells(names, feature, lang)
        if events is not None:
            happened = events.get(str(feature["id"]), [])
            row.append("; ".join(
                f"{e['happened_on'] or '—'}: {value_title(e['to_status'], lang)}"
                + (f" ({e['note']})" if e.get("note") else "") for e in happened) or "—")
        table["rows"].append(row)
    if events is not None:
        table["head"].append(t("events", lang))
    return table


def _seen_line(data: MapData, lang: str) -> str | None:
    """When a patrol last passed the marker, for readers who may see patrols."""
    text = data.extras.get("seen")
    if text is None:
        return None
    seen = orjson.loads(text).get("last_seen_at")
    return f"{word('last_seen', lang)}: {seen}" if seen else word("never_seen", lang)


def render_coverage(data: MapData, options: PageOptions | None = None,
                    period: tuple[str, str] = ("", "")) -> str:
    """Border segments coloured by the share of their length patrolled in ``period``, the
    parts no patrol came near drawn dashed, segments missing the joint policy thicker."""
    options = options or PageOptions.served()
    lang = options.lang
    title = f"{word('coverage_map', lang)} · {period[0]} – {period[1]}"
    page = Page(title, data, options)
    page.add("border_sections", show=False)
    coverage = LAYERS["patrol_coverage"]
    bands = legend_group(coverage, lang, title=word("coverage_band", lang),
                         labels={band: word(band, lang) for band in SHARE_BANDS})
    bands["items"].append({"color": "#555555", "kind": "line", "label":
                           word("policy_not_met", lang)})
    page.add("patrol_coverage", fit=True, legend=bands,
             highlight={"property": "meets_policy", "values": [False]})
    gaps = Style(color="#000000", weight=2, dash="4 6")
    page.add("patrol_coverage", data_key="patrol_coverage_gaps", id="patrol_coverage_gaps",
             title=word("gaps", lang), style=gaps, legend={"title": word("gaps", lang), "items": [
                 {"color": "#000000", "kind": "line", "dash": True,
                  "label": word("gaps", lang)}]})
    return page.html()


def render_marker(data: MapData, options: PageOptions | None = None) -> str:
    """One marker, zoomed, with its inspections and maintenance records on the page."""
    options = options or PageOptions.served()
    lang = options.lang
    features = orjson.loads(data.layers["markers"])["features"]
    code = features[0]["properties"]["code"] if features else "?"
    title = f"{t('marker', lang)} {code}"
    page = Page(title, data, options, height="60%")
    page.add("border_sections")
    page.add("inspections")
    page.add("maintenance", hollow={
        "property": "status", "values": list(CLOSED_MAINTENANCE_STATUSES)})
    page.add("markers", fit=True, dossier=True, link=False)
    events_text = data.extras.get("events")
    events = orjson.loads(events_text) if events_text else None
    marker_props = ("code", "position", "chainage_m", "type", "status", "maintained_by",
                    "id_status", *PROVENANCE_FIELDS)
    marker_table = _history_table("markers", marker_props, data, lang)
    inspection_fields = (*LAYERS["inspections"].popup[1:], "accuracy_m", "notes")
    maintenance_fields = ("observed_on", *LAYERS["maintenance"].popup[1:], "source_ref")
    below = HISTORY.render(
        title=title,
        seen=_seen_line(data, lang),
        nav=[(t(k, lang), href) for k, href in options.nav],
        restricted=t("restricted", lang),
        none=t("none", lang),
        tables=[
            marker_table,
            _history_table("inspections", inspection_fields, data, lang),
            _history_table("maintenance", maintenance_fields, data, lang, events or {}),
        ],
    )
    return page.html(zoom=14, below=below)

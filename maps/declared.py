"""The map script's view of a declared layer: its drawing and its legend, read from
``layers/`` (titles, style, popup fields) and the one label table."""

from __future__ import annotations

from dataclasses import dataclass

from gis.vocabulary import APPROXIMATE_COORD_STATUSES
from layers import Layer, Style
from layers.labels import label, value_label
from maps.script import LayerScript, LegendGroup, LegendItem, Rule, Unlocated

LINE_TYPES = ("LineString", "MultiLineString")
PROVENANCE_FIELDS = ("coord_status", "source", "source_ref", "licence", "provenance_note")


@dataclass(frozen=True)
class Drawing:
    """How one page draws a layer beyond its declaration: another style, more popup rows
    (``map.`` words: properties the page merges in), the marker dossier or page link,
    features without a geometry listed by ``unlocated`` properties, properties merged from
    a page extra (``merge``, found by ``key``), and rules for highlighted or hollow
    features. ``data`` draws other data of the page as this layer (a coverage's gaps), under
    its own script ``id`` and ``title``."""

    style: Style | None = None
    extra_popup: tuple[str, ...] = ()
    dossier: bool = False
    link: bool = False
    unlocated: tuple[str, ...] = ()
    merge: str | None = None
    key: str | None = None
    highlight: Rule | None = None
    hollow: Rule | None = None
    data: str | None = None
    id: str | None = None
    title: str | None = None


def _fields(layer: Layer, names: tuple[str, ...], lang: str) -> tuple[tuple[str, str, str], ...]:
    found = (layer.find_property(name) for name in names)
    return tuple((p.name, p.title(lang), p.format or p.type) for p in found if p is not None)


def property_titles(layer: Layer, names: tuple[str, ...], lang: str) -> list[str]:
    """The titles of those of ``names`` that ``layer`` declares, in their order."""
    return [title for _, title, _ in _fields(layer, names, lang)]


def layer_script(layer: Layer, lang: str, drawing: Drawing = Drawing()) -> LayerScript:
    """What cotmoc.geojson needs to draw ``layer``: all of it read from the declaration."""
    provenance = tuple(n for n in PROVENANCE_FIELDS if n not in layer.popup)
    unlocated = None
    if drawing.unlocated:
        unlocated = Unlocated(
            drawing.unlocated, f"{layer.title(lang)}: {label('map.no_point', lang).lower()}"
        )
    extra = tuple((name, label(f"map.{name}", lang), "") for name in drawing.extra_popup)
    return LayerScript(
        id=drawing.id or layer.id,
        title=drawing.title or layer.title(lang),
        style=drawing.style or layer.style,
        popup=_fields(layer, layer.popup, lang) + extra,
        provenance=_fields(layer, provenance, lang),
        approximate=(
            tuple(APPROXIMATE_COORD_STATUSES) if layer.find_property("coord_status") else ()
        ),
        dossier=drawing.dossier,
        link=drawing.link,
        unlocated=unlocated,
        merge=drawing.merge,
        key=drawing.key,
        highlight=drawing.highlight,
        hollow=drawing.hollow,
    )


def legend_group(
    layer: Layer,
    lang: str,
    style: Style | None = None,
    title: str | None = None,
    labels: dict[str, str] | None = None,
) -> LegendGroup:
    """Legend entries for one layer: one per coloured value, or one for the layer."""
    style = style or layer.style
    kind = "line" if layer.geometry_type in LINE_TYPES else "point"
    labels = labels or {}
    if style.color_by and style.colors:
        items = tuple(
            LegendItem(color, kind, labels.get(value) or value_label(value, lang), bool(style.dash))
            for value, color in style.colors.items()
        )
    else:
        items = (LegendItem(style.color, kind, layer.title(lang), bool(style.dash)),)
    return LegendGroup(title or layer.title(lang), items)


def approximate_entry(lang: str) -> LegendGroup:
    """The legend's note on drawn-approximate positions."""
    return LegendGroup(
        label("map.provenance", lang),
        (LegendItem("#555555", "approx", label("map.approximate", lang)),),
    )

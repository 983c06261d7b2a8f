"""What the server hands to ``maps/static/cotmoc-map.js``, as typed classes.

Each class is one object the script reads, field for field: ``PageSetup`` (``setup``),
``LayerScript`` (``geojson``), ``FinishOptions`` (``finish``) and the objects inside them.
tests/test_maps.py reads the script for the keys it uses and compares them with these
fields, so a key renamed on one side fails there, not on a planner's screen.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import orjson

from layers import Style


def js(value: Any) -> str:
    """A JSON value (dataclasses included) as script text that no string inside can break
    out of."""
    return safe_json_text(orjson.dumps(value).decode("utf-8"))


def safe_json_text(text: str) -> str:
    r"""JSON text (e.g. written by PostGIS) made safe inside <script>: ``<``, ``>`` and ``&``
    only occur inside strings there, where their \u escapes mean the same."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _fields_except(instance: Any, *names: str) -> dict[str, Any]:
    return {
        f.name: getattr(instance, f.name)
        for f in dataclasses.fields(instance)
        if f.name not in names
    }


@dataclass(frozen=True)
class Rule:
    """Features whose ``property`` takes one of ``values`` (drawn hollow, or highlighted)."""

    property: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Unlocated:
    """Features without a geometry, listed in the side panel under ``title`` by ``fields``."""

    fields: tuple[str, ...]
    title: str


@dataclass(frozen=True)
class LayerScript:
    """How ``cotmoc.geojson`` draws one declared layer. ``popup`` and ``provenance`` are
    [property, title, kind] triples (kind: date-time and number are shown in the border's
    local time and rounded, anything else as it is); ``merge`` names the page extra whose
    entries, found by the feature's ``key`` property, add properties to it."""

    id: str
    title: str
    style: Style
    popup: tuple[tuple[str, str, str], ...]
    provenance: tuple[tuple[str, str, str], ...]
    approximate: tuple[str, ...]  # coord_status values drawn dashed and pale; () for none
    dossier: bool = False  # the marker's last inspection and open damage in its popup
    link: bool = False  # a link to the marker's page in the popup
    unlocated: Unlocated | None = None
    merge: str | None = None
    key: str | None = None
    highlight: Rule | None = None
    hollow: Rule | None = None


@dataclass(frozen=True)
class LegendItem:
    """One entry of a legend group: a symbol of ``kind`` in ``color`` and its label."""

    color: str
    kind: str  # point, line, hollow, approx, ring
    label: str
    dash: bool = False


@dataclass(frozen=True)
class LegendGroup:
    """The legend of one layer: its title and its entries."""

    title: str
    items: tuple[LegendItem, ...]


@dataclass(frozen=True)
class NavLink:
    """A link of the side panel's navigation, labelled in the page's language."""

    label: str
    href: str


@dataclass(frozen=True)
class PageSetup:
    """``cotmoc.setup``: the page's words and value titles, the marker link pattern, and
    extras (JSON text written by PostGIS, put in unchanged; None where the reader may not
    see it)."""

    words: dict[str, str]
    values: dict[str, str]
    marker_link: str
    extras: dict[str, str | None] = field(default_factory=dict)

    def script(self) -> str:
        """The call of ``cotmoc.setup``; the extras go in as their JSON text, not re-encoded."""
        extras = (
            "{"
            + ",".join(
                f"{js(name)}:{'null' if text is None else safe_json_text(text)}"
                for name, text in self.extras.items()
            )
            + "}"
        )
        fields = js(_fields_except(self, "extras"))
        return f"cotmoc.setup(Object.assign({fields}, {{extras: {extras}}}));\n"


@dataclass(frozen=True)
class FinishOptions:
    """``cotmoc.finish``: legend, side panel and view. ``fit`` holds the script names of the
    layers the view fits (variables, not JSON)."""

    title: str
    legend: tuple[LegendGroup, ...]
    nav: tuple[NavLink, ...]
    restricted: tuple[str, ...]
    zoom: int | None = None
    fit: tuple[str, ...] = ()
    sign_in: NavLink | None = None  # offered under the restricted layers (served pages)

    def script(self, map_name: str) -> str:
        """The call of ``cotmoc.finish`` on the map ``map_name``; ``fit`` goes in as
        variable names."""
        fields = js(_fields_except(self, "fit"))
        return (
            f"cotmoc.finish({map_name}, Object.assign({fields}, "
            f"{{fit: [{', '.join(self.fit)}]}}));\n"
        )

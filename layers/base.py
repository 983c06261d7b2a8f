"""What a published layer is: the declaration read by the API, the exports and the maps."""

from __future__ import annotations

from dataclasses import dataclass, field

# Who may read a layer. "public" layers are open unless COTMOC_PUBLIC_READ=false.
PUBLIC = frozenset({"public"})
FIELD_ROLES = frozenset({"guard", "planner", "ministry", "admin"})


@dataclass(frozen=True)
class Property:
    """One published attribute: its column, JSON Schema type and titles."""

    name: str
    type: str = "string"  # JSON Schema type: string, number, integer, boolean, array
    format: str | None = None  # date, date-time, uuid
    title_vi: str = ""
    title_en: str = ""
    enum: tuple[str, ...] | None = None

    def title(self, lang: str) -> str:
        """The property's title in ``lang`` (Vietnamese or English), else its name."""
        return (self.title_vi if lang == "vi" else self.title_en) or self.name


@dataclass(frozen=True)
class Style:
    """How maps draw the layer; ``color_by`` picks a colour per value of one property."""

    color: str = "#3388ff"
    weight: float = 2
    radius: float = 6
    fill_opacity: float = 0.7
    dash: str | None = None
    color_by: str | None = None
    colors: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Layer:
    """A published collection of features backed by one table or view."""

    id: str
    title_vi: str
    title_en: str
    description_en: str
    source: str  # table or view holding one row per feature, geometry in ``geom``
    id_column: str
    geometry_type: str  # Point, LineString, …
    properties: tuple[Property, ...]
    order_by: str
    title_lo: str = ""
    description_vi: str = ""
    temporal: str | None = None  # column answering the OGC ``datetime`` parameter
    geometry_column: str = "geom"
    style: Style = field(default_factory=Style)
    popup: tuple[str, ...] = ()
    read_roles: frozenset[str] = PUBLIC

    def title(self, lang: str) -> str:
        """The layer's title in ``lang`` (Vietnamese or English)."""
        return self.title_vi if lang == "vi" else self.title_en

    def find_property(self, name: str) -> Property | None:
        """The published property called ``name``, or None."""
        return next((p for p in self.properties if p.name == name), None)

    @property
    def is_public(self) -> bool:
        """Whether anyone may read the layer (when public reads are on)."""
        return "public" in self.read_roles

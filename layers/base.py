"""What a published layer is: the declaration read by the API, the exports and the maps."""

from __future__ import annotations

from dataclasses import dataclass, field

from layers.labels import label

# Who may read a layer: "public" layers are open unless COTMOC_PUBLIC_READ=false, the others
# name their roles (gis.vocabulary.FIELD_ROLES: everyone signed in).
PUBLIC = frozenset({"public"})


@dataclass(frozen=True)
class Property:
    """One published attribute: its column, JSON Schema type and the key of its title."""

    name: str
    type: str = "string"  # JSON Schema type: string, number, integer, boolean, array
    format: str | None = None  # date, date-time, uuid
    enum: tuple[str, ...] | None = None
    label: str = ""  # its key in layers.labels when not field.<name>

    @property
    def label_key(self) -> str:
        """Its key in ``layers.labels``: ``label`` if given, else ``field.<name>``."""
        return self.label or f"field.{self.name}"

    def title(self, lang: str) -> str:
        """Its title in ``lang`` (vi, lo, en), from the one label table."""
        return label(self.label_key, lang)


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
class Versions:
    """A registry layer whose table keeps bitemporal versions (migration 0018).

    ``datetime`` on such a layer means valid time: the features as they held at that instant
    (or, for an interval, each feature's last state within it), read from ``at_function``
    (``…_at(valid_start, valid_end, recorded)``); ``recorded-at`` is the transaction time.
    The versions of one feature are the rows of ``{table}_versions`` whose ``layer.id_column``
    equals its id.
    """

    table: str
    at_function: str
    # In the table (markers keep theirs in registry_geom); None: the table has none.
    geometry_column: str | None = "geom"


@dataclass(frozen=True)
class Sites:
    """A layer whose rows stand at a site (an inspection at its marker) unless they carry a
    geometry of their own: the source's geometry is ``coalesce(own_geometry, the site's
    geometry_column)``, and ``column`` names the row's site by the site's ``key``.

    A bbox page of such a layer finds the few sites in the box first and reads each one's
    rows in the page's order (an index on site and order serves it), rather than collecting
    every row in the box to sort it (``layers.query``).
    """

    table: str  # the sites' table, e.g. markers
    key: str  # its unique column the layer's ``column`` holds, e.g. code
    geometry_column: str  # where a site stands, e.g. registry_geom (GiST-indexed)
    column: str  # in the layer's source: the row's site, e.g. marker_code
    own_geometry: str  # in the layer's source: the row's own geometry, NULL at its site


@dataclass(frozen=True)
class Layer:
    """A published collection of features backed by one table or view."""

    id: str
    description_en: str
    source: str  # table or view holding one row per feature, geometry in ``geom``
    id_column: str
    geometry_type: str  # Point, LineString, …
    properties: tuple[Property, ...]
    order_by: str
    description_vi: str = ""
    temporal: str | None = None  # column answering the OGC ``datetime`` parameter
    temporal_end: str | None = None  # where a feature lasts (a patrol): its end, for JSON-FG
    geometry_column: str = "geom"
    style: Style = field(default_factory=Style)
    popup: tuple[str, ...] = ()
    read_roles: frozenset[str] = PUBLIC
    versions: Versions | None = None
    # The table of its published-feature store (layers/published.py), if it has one.
    store: str | None = None
    # With a store: the width of the bins of ``order_by`` whose extents the store keeps in
    # ``{store}_bins``, so that a bbox page walks the order index through the few bins the
    # box meets (markers lie along a line: a box meets it in a few chainage intervals).
    store_bin: float | None = None
    sites: Sites | None = None
    # A column of the source holding the geometry's GeoJSON as PostGIS writes it in CRS84 at
    # 7 decimals, kept by the database (patrols: 500-point tracks cost more to write out
    # than to read); Features in that CRS copy it, any other CRS writes the geometry.
    geojson_column: str | None = None
    # Long geometries (500-point tracks, kept in TOAST): a column of the source holding each
    # geometry's bounding box in the row. A bbox page takes the rows whose bounds meet the
    # box in page order and tests each one exactly only until the page is full, rather than
    # testing every candidate exactly before sorting (``layers.query._box_in_order``).
    bounds_column: str | None = None
    # The field record that grows without end (patrols, inspections): maps draw it from the
    # collection's vector tiles once a page would hold too many of its features.
    grows: bool = False
    # The PostgreSQL type of ``id_column`` in ``source``: a feature id read as text (the
    # change feed's) is cast to it, so that the lookup uses the table's key index.
    id_type: str = "text"

    @property
    def store_bins(self) -> str | None:
        """The table of the extents of the store's bins of ``order_by`` (``store_bin``)."""
        return f"{self.store}_bins" if self.store and self.store_bin else None

    @property
    def label_key(self) -> str:
        """Its key in ``layers.labels``: ``layer.<id>``."""
        return f"layer.{self.id}"

    def title(self, lang: str) -> str:
        """Its title in ``lang`` (vi, lo, en), from the one label table."""
        return label(self.label_key, lang)

    def find_property(self, name: str) -> Property | None:
        """The declared property called ``name``, or None."""
        return next((p for p in self.properties if p.name == name), None)

    @property
    def is_public(self) -> bool:
        """Whether anyone may read the layer (unless COTMOC_PUBLIC_READ=false)."""
        return "public" in self.read_roles

"""The maps: already-fetched ``MapData`` in, one HTML page out (no database here).

Every drawn layer comes from its declaration in ``layers/`` (title, style, popup fields),
labels from ``layers.labels``; the data is the text PostGIS wrote, put into the page unchanged
apart from escaping ``<``, ``>`` and ``&`` so that no string can end the script. Popups and
panels are built by ``maps/static/cotmoc-map.js``, which escapes every value. The parts:
``maps.page`` (a page and its options), ``maps.declared`` (a layer's drawing and legend),
``maps.script`` (what the script reads), ``maps.elements`` (folium elements),
``maps.history`` (the marker page's tables).
"""

from __future__ import annotations

import dataclasses

import orjson

from gis.vocabulary import CLOSED_MAINTENANCE_STATUSES
from layers import LAYERS, Style
from layers.catalog import SHARE_BANDS
from layers.labels import label
from maps.data import HISTORY_PAGE, MapData
from maps.declared import PROVENANCE_FIELDS, Drawing, legend_group
from maps.history import history_pager, history_table, render_history
from maps.page import Page, PageOptions
from maps.script import LegendGroup, LegendItem, Rule

AGE_COLORS = {"recent": "#27ae60", "older": "#f1c40f", "stale": "#e67e22", "never": "#6c3483"}
OVERDUE_RING = "#c0392b"
OVERDUE = Rule("overdue", (True,))  # by the inspection schedule
CLOSED = Rule("status", CLOSED_MAINTENANCE_STATUSES)
RECORD_COLOR = "#555555"
GAP_STYLE = Style(color="#000000", weight=2, dash="4 6")  # coverage: where no patrol came


def render_overview(data: MapData, options: PageOptions | None = None) -> str:
    """The overview: sections, positions, markers with their dossier, gates, village pairs and
    open damage, with legend, layer control, scale bar and full-screen button."""
    options = options or PageOptions.served()
    lang = options.lang
    page = Page(label("map.overview", lang), data, options)
    page.add("border_sections", fit=True)
    page.add("village_pairs", Drawing(unlocated=("vn_village", "la_village")))
    page.add("villages", Drawing(unlocated=("name", "country")))
    page.add("marker_positions")
    page.add("markers", Drawing(dossier=True, link=True))
    page.add("gates", Drawing(unlocated=("vn_name", "la_name", "type")))
    maintenance = LAYERS["maintenance"]
    page.add(
        "maintenance",
        Drawing(unlocated=("legacy_alias", "cause", "status")),
        legend=legend_group(
            maintenance, lang, title=f"{maintenance.title(lang)} ({label('map.open_damage', lang)})"
        ),
    )
    return page.html()


def render_inspections(data: MapData, options: PageOptions | None = None) -> str:
    """Markers coloured by days since their last inspection, overdue ones ringed; patrol
    tracks of the last 30 days."""
    options = options or PageOptions.served()
    lang = options.lang
    page = Page(label("map.inspections", lang), data, options)
    page.add("border_sections", fit=True)
    patrols = LAYERS["patrols"]
    page.add(
        "patrols",
        legend=LegendGroup(
            label("map.patrols_30", lang),
            (LegendItem(patrols.style.color, "line", patrols.title(lang)),),
        ),
    )
    markers = LAYERS["markers"]
    if data.extras.get("ages") is None:
        page.add("markers", Drawing(link=True))
    else:
        ages = dataclasses.replace(markers.style, color_by="age_class", colors=AGE_COLORS)
        group = legend_group(
            markers,
            lang,
            ages,
            title=label("map.days_since", lang),
            labels={k: label(f"map.{k}", lang) for k in AGE_COLORS},
        )
        group = dataclasses.replace(
            group,
            items=(*group.items, LegendItem(OVERDUE_RING, "ring", label("map.overdue_ring", lang))),
        )
        page.add(
            "markers",
            Drawing(
                style=ages,
                link=True,
                merge="ages",
                key="code",
                highlight=OVERDUE,
                extra_popup=("last_inspected", "last_condition", "days_since_inspection"),
            ),
            legend=group,
        )
    return page.html()


def render_maintenance(data: MapData, options: PageOptions | None = None) -> str:
    """Damage and repair records coloured by cause; closed ones hollow."""
    options = options or PageOptions.served()
    lang = options.lang
    page = Page(label("map.maintenance", lang), data, options)
    page.add("border_sections", fit=True)
    page.add("markers", Drawing(link=True), show=False)
    group = legend_group(LAYERS["maintenance"], lang)
    group = dataclasses.replace(
        group,
        items=(
            *group.items,
            LegendItem(RECORD_COLOR, "point", label("map.open_record", lang)),
            LegendItem(RECORD_COLOR, "hollow", label("map.closed_record", lang)),
        ),
    )
    page.add(
        "maintenance",
        Drawing(hollow=CLOSED, unlocated=("legacy_alias", "cause", "status", "observed_on")),
        legend=group,
    )
    return page.html()


def _seen_line(data: MapData, lang: str) -> str | None:
    """When a patrol last passed the marker, for readers who may see patrols."""
    text = data.extras.get("seen")
    if text is None:
        return None
    seen = orjson.loads(text).get("last_seen_at")
    return f"{label('map.last_seen', lang)}: {seen}" if seen else label("map.never_seen", lang)


def render_coverage(
    data: MapData, options: PageOptions | None = None, period: tuple[str, str] = ("", "")
) -> str:
    """Border segments coloured by the share of their length patrolled in ``period``, the
    parts no patrol came near drawn dashed, segments missing the joint policy thicker."""
    options = options or PageOptions.served()
    lang = options.lang
    page = Page(f"{label('map.coverage', lang)} · {period[0]} – {period[1]}", data, options)
    page.add("border_sections", show=False)
    bands = legend_group(
        LAYERS["patrol_coverage"],
        lang,
        title=label("map.coverage_band", lang),
        labels={band: label(f"value.{band}", lang) for band in SHARE_BANDS},
    )
    bands = dataclasses.replace(
        bands,
        items=(*bands.items, LegendItem("#555555", "line", label("map.policy_not_met", lang))),
    )
    page.add(
        "patrol_coverage",
        Drawing(highlight=Rule("meets_policy", (False,))),
        fit=True,
        legend=bands,
    )
    gaps = label("map.coverage_gaps", lang)
    page.add(
        "patrol_coverage",
        Drawing(
            style=GAP_STYLE,
            data="patrol_coverage_gaps",
            id="patrol_coverage_gaps",
            title=gaps,
        ),
        legend=LegendGroup(gaps, (LegendItem(GAP_STYLE.color, "line", gaps, dash=True),)),
    )
    return page.html()


def render_marker(
    data: MapData, options: PageOptions | None = None, history_page: int | None = None
) -> str:
    """One marker, zoomed, with its inspections and maintenance records on the page: all of
    them, or page ``history_page`` of its inspections (``maps.data.marker_plan``)."""
    options = options or PageOptions.served()
    lang = options.lang
    features = orjson.loads(data.layers["markers"])["features"]
    code = features[0]["properties"]["code"] if features else "?"
    title = f"{label('map.marker', lang)} {code}"
    page = Page(title, data, options, height="60%")
    page.add("border_sections")
    page.add("inspections")
    page.add("maintenance", Drawing(hollow=CLOSED))
    page.add("markers", Drawing(dossier=True), fit=True)
    events_text = data.extras.get("events")
    events = orjson.loads(events_text) if events_text else None
    marker_props = (
        "code",
        "position",
        "chainage_m",
        "type",
        "status",
        "maintained_by",
        "id_status",
        *PROVENANCE_FIELDS,
    )
    inspection_fields = (*LAYERS["inspections"].popup[1:], "accuracy_m", "notes")
    maintenance_fields = ("observed_on", *LAYERS["maintenance"].popup[1:], "source_ref")
    inspections = history_table("inspections", inspection_fields, data, lang)
    counted = data.extras.get("inspections_count")
    if history_page is not None and counted is not None:
        inspections["pager"] = history_pager(history_page, int(counted), HISTORY_PAGE, lang)
    below = render_history(
        title,
        options.nav_links(),
        [
            history_table("markers", marker_props, data, lang),
            inspections,
            history_table("maintenance", maintenance_fields, data, lang, events or {}),
        ],
        lang,
        _seen_line(data, lang),
    )
    return page.html(zoom=14, below=below)

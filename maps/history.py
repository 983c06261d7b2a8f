"""The tables under a marker's map: its registry record, its inspections and its damage and
repairs (with the steps of each), in the page's language."""

from __future__ import annotations

from typing import Any

import orjson
from jinja2 import Environment

from layers import LAYERS
from layers.labels import label, value_label
from maps.data import MapData
from maps.declared import property_titles

HISTORY = Environment(autoescape=True).from_string(
    """
<section class="cotmoc-history">
  <h2>{{ title }}</h2>
  <p>{% for link in nav %}<a href="{{ link.href }}">{{ link.label }}</a>{% if not loop.last %}
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
  {% if table.pager %}<p class="cotmoc-pager">{% if table.pager.newer %}<a rel="prev"
     href="{{ table.pager.newer.href }}">{{ table.pager.newer.label }}</a> · {% endif %}
     {{ table.pager.text }}{% if table.pager.older %} · <a rel="next"
     href="{{ table.pager.older.href }}">{{ table.pager.older.label }}</a>{% endif %}</p>
  {% endif %}
  {% endfor %}
</section>
"""
)


def _cell(value: Any, lang: str) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(value_label(v, lang) for v in value)
    return value_label(value, lang)


def _events(happened: list[dict[str, Any]], lang: str) -> str:
    return (
        "; ".join(
            f"{e['happened_on'] or '—'}: {value_label(e['to_status'], lang)}"
            + (f" ({e['note']})" if e.get("note") else "")
            for e in happened
        )
        or "—"
    )


def history_table(
    layer_id: str,
    names: tuple[str, ...],
    data: MapData,
    lang: str,
    events: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One table: a row per feature of the layer, newest first, or ``restricted`` when the
    reader may not see the layer; with ``events`` (by feature id), a column of its steps."""
    layer = LAYERS[layer_id]
    text = data.layers.get(layer_id)
    table: dict[str, Any] = {
        "id": layer_id,
        "title": layer.title(lang),
        "restricted": text is None,
        "rows": [],
    }
    if text is None:
        return table
    table["head"] = property_titles(layer, names, lang)
    for feature in reversed(orjson.loads(text)["features"]):
        row = [_cell(feature["properties"].get(name), lang) for name in names]
        if events is not None:
            row.append(_events(events.get(str(feature["id"]), []), lang))
        table["rows"].append(row)
    if events is not None:
        table["head"].append(label("map.events", lang))
    return table


def history_pager(page: int, count: int, per_page: int, lang: str) -> dict[str, Any]:
    """Where page ``page`` of ``count`` inspections stands, with links to its neighbours
    (``?page=``, the language kept)."""
    pages = max(1, -(-count // per_page))

    def link(number: int, key: str) -> dict[str, str] | None:
        if not 1 <= number <= pages or number == page:
            return None
        return {"href": f"?page={number}&lang={lang}", "label": label(key, lang)}

    return {
        "newer": link(page - 1, "map.newer_inspections"),
        "older": link(page + 1, "map.older_inspections"),
        "text": label("map.history_page", lang).format(page=page, pages=pages, count=count),
    }


def render_history(
    title: str, nav: Any, tables: list[dict[str, Any]], lang: str, seen: str | None = None
) -> str:
    """The section's HTML (every value escaped by the template); ``seen`` is the line on
    when a patrol last passed the marker, for readers who may see patrols."""
    return HISTORY.render(
        title=title,
        nav=nav,
        seen=seen,
        tables=tables,
        restricted=label("map.restricted", lang),
        none=label("map.none", lang),
    )

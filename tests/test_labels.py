"""The one label table: every layer, declared property and value of an enumerated property
(and every value a map colours by) has its Vietnamese, Lao and English title, and the maps,
the field app and the OpenAPI titles read them from there."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import get_args

from api.cli_maps import Lang as ExportLang
from api.fieldapp.words import words
from api.routes.maps import Lang
from layers import LAYERS
from layers.labels import LABELS, LANGS, label, labels_under
from layers.queryables import queryables_schema

LAO = re.compile("[\u0e80-\u0eff]")
# Labels that are the same in every language: a language named in itself, figures alone.
NOT_TRANSLATED = {"language.vi", "language.en", "app.summary_patrol"}


def needed_keys() -> set[str]:
    """Every key the layers need: their titles, their properties', their values'."""
    keys: set[str] = set()
    for layer in LAYERS.values():
        keys.add(layer.label_key)
        keys |= {prop.label_key for prop in layer.properties}
        for prop in layer.properties:
            keys |= {f"value.{value}" for value in prop.enum or ()}
            if prop.type == "boolean":
                keys |= {"value.true", "value.false"}
        keys |= {f"value.{value}" for value in layer.style.colors}
    return keys


def missing(table: Mapping[str, tuple[str, ...]]) -> list[str]:
    """Needed keys the table lacks, or holds without a text in each language."""
    return sorted(
        key
        for key in needed_keys()
        if len(table.get(key, ())) != len(LANGS) or not all(text.strip() for text in table[key])
    )


def test_every_layer_property_and_value_has_its_three_titles() -> None:
    assert len(needed_keys()) > 120  # 9 layers, their properties and values
    assert missing(LABELS) == []


def test_a_label_taken_out_of_the_table_is_caught() -> None:
    for key in ("layer.gates", "field.coord_status", "value.in_repair", "value.false"):
        table = {k: v for k, v in LABELS.items() if k != key}
        assert missing(table) == [key]
    half = {**LABELS, "field.joint": ("Tuần tra song phương", "", "Joint")}
    assert missing(half) == ["field.joint"]


def test_every_label_is_written_in_each_language_with_the_same_figures() -> None:
    for key, texts in LABELS.items():
        assert len(texts) == len(LANGS) and all(t.strip() for t in texts), key
        figures = [sorted(re.findall(r"\{(\w+)\}", text)) for text in texts]
        assert figures.count(figures[0]) == len(LANGS), f"{key}: {figures}"
        if key not in NOT_TRANSLATED:
            assert LAO.search(texts[LANGS.index("lo")]), f"{key}: no Lao in {texts[1]!r}"


def test_the_readers_take_their_titles_from_the_table() -> None:
    markers = LAYERS["markers"]
    assert markers.title("lo") == LABELS["layer.markers"][1]
    status = markers.find_property("status")
    assert status is not None and status.title("lo") == label("field.marker_status", "lo")
    schema = queryables_schema(markers, "http://example.test/queryables")
    assert schema["title"] == label("layer.markers", "en")
    assert schema["properties"]["status"]["title"] == label("field.marker_status", "en")
    for lang in LANGS:
        app = words(lang)
        assert app["value.in_repair"] == label("value.in_repair", lang)
        assert app["app_name"] == label("app.app_name", lang)
        assert labels_under("map.", lang)["legend"] == label("map.legend", lang)


def test_the_maps_offer_every_language_of_the_table() -> None:
    assert get_args(Lang) == LANGS
    assert tuple(lang.value for lang in ExportLang) == LANGS

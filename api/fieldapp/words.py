"""The field app's words, from the one label table (``layers.labels``), handed to the app as
``/field/words.json``: its own words (``app.`` keys, without the prefix) and the titles of
stored values (``value.<value>``, as the app's ``title(value)`` asks for them)."""

from __future__ import annotations

from functools import cache

import orjson

from layers.labels import DEFAULT_LANG, LANGS, label, labels_under


def words(lang: str) -> dict[str, str]:
    """Every word the app shows in ``lang``."""
    values = {f"value.{value}": text for value, text in labels_under("value.", lang).items()}
    return {**labels_under("app.", lang), **values}


@cache
def words_json() -> bytes:
    """{"vi": {key: text}, "lo": {…}, "en": {…}}."""
    return orjson.dumps({lang: words(lang) for lang in LANGS})


def manifest_words() -> tuple[str, str]:
    """The installed app's name and short name (Vietnamese, the default language)."""
    return label("app.app_name", DEFAULT_LANG), label("app.app_short_name", DEFAULT_LANG)

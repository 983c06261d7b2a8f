"""Rendering a desk page: the templates, the page's language and the helpers every template
uses (words, value labels, local times, rounded lengths)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from api.desk import formats
from api.desk.words import DEFAULT_LANG, LANGS, value_label, word
from gis.field.sessions import WebSession

TEMPLATES = Environment(loader=PackageLoader("api.desk"), autoescape=select_autoescape(),
                        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "lo": "ພາສາລາວ", "en": "English"}
# Signed-in pages are nobody else's: no shared cache keeps them.
PRIVATE = {"Cache-Control": "no-store"}


def page_lang(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def _language_links(request: Request) -> list[tuple[str, str, str]]:
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return [(code, LANGUAGE_NAMES[code],
             f"{request.url.path}?{urlencode([*query, ('lang', code)])}") for code in LANGS]


def render(request: Request, template: str, lang: str, session: WebSession | None,
           status_code: int = 200, message: str | None = None, message_kind: str = "info",
           headers: dict[str, str] | None = None, **context: Any) -> HTMLResponse:
    page = TEMPLATES.get_template(template).render(
        lang=lang, session=session, message=message, message_kind=message_kind,
        languages=_language_links(request),
        w=lambda key, **values: word(key, lang, **values),
        v=lambda value: value_label(value, lang),
        time=formats.local_time, date=formats.local_date, length=formats.length,
        today=dt.datetime.now(formats.LOCAL).date().isoformat(), **context)
    return HTMLResponse(page, status_code=status_code, headers={**PRIVATE, **(headers or {})})

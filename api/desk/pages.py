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
from gis.field.sessions import WebSession
from gis.vocabulary import REPORT_READERS
from layers.labels import DEFAULT_LANG, LANGS, label, value_label

TEMPLATES = Environment(
    loader=PackageLoader("api.desk"),
    autoescape=select_autoescape(),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
# Signed-in pages are nobody else's: no shared cache keeps them.
PRIVATE = {"Cache-Control": "no-store"}


def page_lang(lang: str | None) -> str:
    """The page's language: the one asked for when the desk has it, else Vietnamese."""
    return lang if lang in LANGS else DEFAULT_LANG


def word(key: str, lang: str, **values: object) -> str:
    """The desk's own word ``key`` (``desk.<key>`` in the label table) in ``lang``, with its
    ``{figures}`` filled in; a missing key raises, and the page test catches it."""
    text = label(f"desk.{key}", lang)
    return text.format(**values) if values else text


def value_or_dash(value: object, lang: str) -> str:
    """A stored value's title, or "—" where there is none."""
    return "—" if value is None else value_label(value, lang)


def _language_links(request: Request) -> list[tuple[str, str, str]]:
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return [
        (
            code,
            label(f"language.{code}", code),
            f"{request.url.path}?{urlencode([*query, ('lang', code)])}",
        )
        for code in LANGS
    ]


def last_month(today: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar month before ``today``'s: the period a joint report usually covers."""
    last_day = today.replace(day=1) - dt.timedelta(days=1)
    return last_day.replace(day=1), last_day


def joint_report_link(session: WebSession | None, lang: str, today: dt.date) -> str | None:
    """The joint report of last month (GET /reports/joint, as HTML), for the roles that may
    read it; None for the others. Vietnamese and Lao pages get the two-language report."""
    if session is None or session.actor.role not in REPORT_READERS:
        return None
    first, last = last_month(today)
    report_lang = "en" if lang == "en" else "vi+lo"
    query = {"from": first.isoformat(), "to": last.isoformat(), "lang": report_lang, "f": "html"}
    return f"/reports/joint?{urlencode(query)}"


def render(
    request: Request,
    template: str,
    lang: str,
    session: WebSession | None,
    status_code: int = 200,
    message: str | None = None,
    message_kind: str = "info",
    headers: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """A desk page in ``lang``, with the helpers every template uses; never cached by
    others."""
    today = dt.datetime.now(formats.LOCAL).date()
    first, last = last_month(today)
    page = TEMPLATES.get_template(template).render(
        lang=lang,
        session=session,
        joint_report=joint_report_link(session, lang, today),
        report_period=(first.isoformat(), last.isoformat()),
        message=message,
        message_kind=message_kind,
        languages=_language_links(request),
        w=lambda key, **values: word(key, lang, **values),
        v=lambda value: value_or_dash(value, lang),
        time=formats.local_time,
        date=formats.local_date,
        length=formats.length,
        today=today.isoformat(),
        **context,
    )
    return HTMLResponse(page, status_code=status_code, headers={**PRIVATE, **(headers or {})})

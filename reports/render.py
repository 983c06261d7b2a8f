"""The joint report as HTML (Jinja2 templates) and as PDF (WeasyPrint, from the same HTML).

Languages: ``vi+lo`` (the default: every heading and label in Vietnamese and Lao side by
side), ``vi``, ``lo`` or ``en``. Figures are rounded for people; times are local
(Asia/Ho_Chi_Minh). Fonts: Noto Sans and Noto Sans Lao (Debian ``fonts-noto-core``), which
WeasyPrint embeds in the PDF.
"""

from __future__ import annotations

import base64
import datetime as dt
import io

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from PIL import Image

from gis.settings import get_settings
from layers.labels import label, value_label
from reports import staticmap
from reports.data import LOCAL, JointReportData
from reports.legal import LEGAL_BASIS

LANG_MODES: dict[str, tuple[str, ...]] = {
    "vi+lo": ("vi", "lo"),
    "vi": ("vi",),
    "lo": ("lo",),
    "en": ("en",),
}
THUMBNAIL_PX = 220

_env = Environment(
    loader=PackageLoader("reports", "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


class Texts:
    """The words of the chosen languages and the formats of its first one."""

    def __init__(self, mode: str) -> None:
        self.langs = LANG_MODES[mode]
        self.first = self.langs[0]

    def words(self, key: str) -> list[tuple[str, str]]:
        """The report's word ``key`` in each of the page's languages."""
        return [(lang, label(f"report.{key}", lang)) for lang in self.langs]

    def values(self, value: object) -> list[tuple[str, str]]:
        """The title of a stored value in each of the page's languages."""
        return [(lang, value_label(value, lang)) for lang in self.langs]

    def plain(self, key: str) -> str:
        """The word in every chosen language as one text (for long tables, where each
        element costs layout time; the fonts' fallback still picks Lao glyphs)."""
        return " · ".join(label(f"report.{key}", lang) for lang in self.langs)

    def plain_value(self, value: object) -> str:
        """A stored value's titles joined in one line."""
        return " · ".join(value_label(value, lang) for lang in self.langs)

    def number(self, value: float | int | None, digits: int = 0) -> str:
        """A figure rounded to ``digits``; a dash when there is none."""
        if value is None:
            return "–"
        text = f"{value:,.{digits}f}"
        if self.first == "vi":  # 1.234,5
            text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
        return text

    def km(self, metres: float | None) -> str:
        """A length in kilometres, to 0.1 km."""
        return self.number(None if metres is None else metres / 1000, 1)

    def share(self, fraction: float | None) -> str:
        """A fraction as a whole percentage."""
        return "–" if fraction is None else f"{self.number(fraction * 100)} %"


def day(value: dt.date | str | None, precision: str | None = "day") -> str:
    """dd/mm/yyyy; a month-only date as mm/yyyy, a year-only one as the year."""
    if value is None:
        return "–"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if precision == "year":
        return f"{value.year}"
    if precision == "month":
        return f"{value.month:02d}/{value.year}"
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def local_time(value: dt.datetime | str | None) -> str:
    """dd/mm/yyyy hh:mm in Asia/Ho_Chi_Minh."""
    if value is None:
        return "–"
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.astimezone(LOCAL).strftime("%d/%m/%Y %H:%M")


def local_day(value: dt.datetime | str | None) -> str:
    """A time as its day on the stretch's local calendar (dd/mm/yyyy)."""
    if value is None:
        return "–"
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.astimezone(LOCAL).strftime("%d/%m/%Y")


def thumbnail(stored_path: str) -> str | None:
    """A photo as a small JPEG data URI, or None when its file is gone."""
    path = get_settings().home / stored_path
    try:
        with Image.open(path) as image:
            image.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, format="JPEG", quality=80)
    except OSError:
        return None
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode()


def _map_uri(data: JointReportData) -> str:
    loose = [
        (r["lon"], r["lat"])
        for r in data.records
        if r["still_open"] and r["marker_code"] is None and r["lon"] is not None
    ]
    png = staticmap.draw(data.lines, data.markers, loose)
    return "data:image/png;base64," + base64.b64encode(png).decode()


def render_html(data: JointReportData, lang: str = "vi+lo", for_print: bool = False) -> str:
    """The whole report as one HTML document (images inline, no external resource);
    ``for_print`` leaves out the narrow-screen styles."""
    texts = Texts(lang)
    photos = {p["id"]: thumbnail(p["stored_path"]) for r in data.records for p in r["photos"]}
    return _env.get_template("joint.html").render(
        d=data,
        t=texts,
        lang_attr=texts.first,
        for_print=for_print,
        legal_basis=LEGAL_BASIS,
        map_uri=_map_uri(data),
        photos=photos,
        day=day,
        local_time=local_time,
        local_day=local_day,
        colours=staticmap.CONDITION_COLOURS,
        never_colour=staticmap.NEVER_INSPECTED,
        damage_colour=staticmap.OPEN_DAMAGE,
        estimated=staticmap.ESTIMATED,
        steps=("reported", "assessed", "approved", "repaired", "verified", "still_open"),
    )


def render_pdf(html: str) -> bytes:
    """The PDF of a rendered report; fonts embedded (subset) by WeasyPrint."""
    from weasyprint import HTML  # imported late: it loads pango, which the HTML needs not

    pdf: bytes = HTML(string=html, base_url=None).write_pdf()
    return pdf


def document(data: JointReportData, lang: str, fmt: str) -> bytes:
    """The report's bytes as ``pdf`` or ``html``: CPU work (map, layout), kept off event
    loops by the API."""
    if fmt == "pdf":
        return render_pdf(render_html(data, lang, for_print=True))
    return render_html(data, lang).encode()

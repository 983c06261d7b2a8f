"""Text compared the same however it was typed: Unicode NFC on both sides.

"Lao Bảo" can arrive with precomposed letters (ả is one code point) or decomposed ones (a,
combining hook above): a phone keyboard, a pasted PDF and a GIS file may each send a
different form. Filter values are brought to NFC here and text columns through PostgreSQL's
``normalize(…, NFC)``, so the two forms match.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from psycopg import sql


def nfc(value: Any) -> Any:
    """``value`` in NFC if it is text (or a list of texts); anything else unchanged."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(item) for item in value]
    return value


def nfc_text(expression: sql.Composable) -> sql.Composable:
    """A text column (or expression) in NFC."""
    return sql.SQL("normalize({}::text, NFC)").format(expression)


def nfc_array(expression: sql.Composable) -> sql.Composable:
    """A text[] column with each element in NFC, in its order."""
    return sql.SQL(
        "ARRAY(SELECT normalize(e, NFC) FROM unnest({}) WITH ORDINALITY AS u(e, n) ORDER BY n)"
    ).format(expression)

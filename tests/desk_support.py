"""Shared by the desk tests: signing in through the form as a browser would, and reading
what the pages and the database say."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from db_support import one_row
from fastapi.testclient import TestClient

from gis import db
from gis.settings import get_settings

LANDSLIDE = (
    "SELECT id::text AS id, status, version FROM maintenance_records "
    "WHERE cause = 'landslide' AND observed_on = '2020-01-01'"
)


def our_origin() -> str:
    """The origin of the public URL the server is set to, the one its forms must come from.
    Read when asked: a server for the whole session (``live_server``) sets its own."""
    parts = urlsplit(get_settings().public_base_url)
    return f"{parts.scheme}://{parts.netloc}"


def hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"no hidden field {name} in the page"
    return found.group(1)


def sign_in(
    client: TestClient, name: str, password: str, next_url: str = "", origin: str | None = None
) -> Any:
    form = client.get("/login", params={"next": next_url} if next_url else None)
    assert form.status_code == 200, form.text
    return client.post(
        "/login",
        data={
            "name": name,
            "password": password,
            "csrf_token": hidden(form.text, "csrf_token"),
            "next": hidden(form.text, "next"),
        },
        headers={"Origin": origin or our_origin()},
        follow_redirects=False,
    )


def landslide(url: str) -> dict[str, Any]:
    with db.connect(url) as conn:
        row = conn.execute(LANDSLIDE).fetchone()
    assert row is not None, "the seed's 2020 landslide record is missing"
    return dict(row)


def web_audit(url: str, entity_id: str) -> list[dict[str, Any]]:
    with db.connect(url) as conn:
        return list(
            conn.execute(
                "SELECT actor, role, via, action FROM audit_log WHERE entity_id = %s ORDER BY id",
                (entity_id,),
            )
        )


def session_count(url: str) -> int:
    with db.connect(url) as conn:
        row = one_row(conn.execute("SELECT count(*) AS n FROM web_sessions"))
    return int(row["n"])

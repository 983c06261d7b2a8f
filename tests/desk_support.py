"""Shared by the desk tests: signing in through the form as a browser would, and reading
what the pages and the database say."""

from __future__ import annotations

import re
from typing import Any

from db_support import one_row
from fastapi.testclient import TestClient

from gis import db

ORIGIN = "http://127.0.0.1:8000"  # the public URL's origin when COTMOC_PUBLIC_URL is unset
LANDSLIDE = (
    "SELECT id::text AS id, status, version FROM maintenance_records "
    "WHERE cause = 'landslide' AND observed_on = '2020-01-01'"
)


def hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"no hidden field {name} in the page"
    return found.group(1)


def sign_in(
    client: TestClient, name: str, password: str, next_url: str = "", origin: str = ORIGIN
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
        headers={"Origin": origin},
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

"""The admins' pages (issue 11): users added, deactivated (their sessions end) and given a
new password; API keys created and shown once, revoked; the audit trail filtered and paged.
Only admins may open them; every change is audited with via=web."""

from __future__ import annotations

import re

from conftest import FIELD_PASSWORD
from desk_support import hidden, our_origin, sign_in
from fastapi.testclient import TestClient
from httpx import Response

from gis import db

Api = tuple[TestClient, dict[str, dict[str, str]]]


def post(client: TestClient, path: str, page: str, **fields: str) -> Response:
    return client.post(
        path,
        data={"csrf_token": hidden(page, "csrf_token"), **fields},
        headers={"Origin": our_origin()},
        follow_redirects=False,
    )


def test_only_admins_open_the_admin_pages(field_api: Api) -> None:
    client, _ = field_api
    assert client.get("/desk/admin/users", follow_redirects=False).status_code == 303
    sign_in(client, "planner1", FIELD_PASSWORD)
    for path in ("/desk/admin/users", "/desk/admin/keys", "/desk/admin/audit"):
        assert client.get(path).status_code == 403, path
    page = client.get("/desk").text
    refused = post(
        client, "/desk/admin/users", page, name="sneaky", role="admin", password="long enough pass"
    )
    assert refused.status_code == 403


def test_an_admin_manages_users_and_a_deactivated_user_is_signed_out(
    field_api: Api, fresh_db: str
) -> None:
    client, _ = field_api
    guard = TestClient(client.app)
    sign_in(guard, "guard1", FIELD_PASSWORD)
    assert guard.get("/desk").status_code == 200
    sign_in(client, "admin1", FIELD_PASSWORD)
    page = client.get("/desk/admin/users").text
    assert 'data-user="guard1"' in page
    added = post(
        client, "/desk/admin/users", page, name="lan.t", role="planner", password="mật khẩu đủ dài"
    )
    assert added.status_code == 303
    short = post(client, "/desk/admin/users", page, name="x.y", role="planner", password="short")
    assert short.status_code == 422
    assert "at least 8" in short.text
    assert post(client, "/desk/admin/users/guard1/deactivate", page).status_code == 303
    assert guard.get("/desk", follow_redirects=False).status_code == 303  # signed out
    assert (
        post(
            client, "/desk/admin/users/lan.t/password", page, password="một mật khẩu mới"
        ).status_code
        == 303
    )
    assert sign_in(TestClient(client.app), "lan.t", "một mật khẩu mới").status_code == 303
    with db.connect(fresh_db) as conn:
        rows = conn.execute(
            "SELECT actor, via, action FROM audit_log WHERE entity = 'users' "
            "AND action <> 'list' AND actor = 'admin1' ORDER BY id"
        ).fetchall()
    assert [(r["via"], r["action"]) for r in rows] == [
        ("web", "create"),
        ("web", "deactivate"),
        ("web", "passwd"),
    ]


def test_a_key_is_shown_once_and_revoked(field_api: Api) -> None:
    client, _ = field_api
    sign_in(client, "admin1", FIELD_PASSWORD)
    page = client.get("/desk/admin/keys").text
    created = post(client, "/desk/admin/keys", page, name="mofa", role="ministry")
    assert created.status_code == 201
    key = re.search(r'<code class="key">([^<]+)</code>', created.text)  # type: ignore
    assert key
    assert (
        client.get(
            "/collections/inspections/items", headers={"X-API-Key": key.group(1)}
        ).status_code
        == 200
    )
    again = client.get("/desk/admin/keys").text
    assert key.group(1) not in again and 'data-key="mofa"' in again
    assert post(client, "/desk/admin/keys/mofa/revoke", again).status_code == 303
    assert (
        TestClient(client.app)
        .get("/collections/inspections/items", headers={"X-API-Key": key.group(1)})
        .status_code
        == 401
    )


def test_the_audit_trail_filters_and_pages(field_api: Api, fresh_db: str) -> None:
    client, _ = field_api
    with db.connect(fresh_db) as conn:
        conn.execute(
            "INSERT INTO audit_log (actor, role, via, action, entity, entity_id) "
            "SELECT 'bulk', 'admin', 'cli', 'test', 'things', g::text "
            "FROM generate_series(1, 120) g"
        )
    sign_in(client, "admin1", FIELD_PASSWORD)
    seen: list[str] = []
    url = "/desk/admin/audit?actor=bulk"
    while url:
        page = client.get(url).text
        seen += re.findall(r'data-label="[^"]*">(\d+)</td>\s*</tr>', page)
        older = re.search(r'class="older" href="([^"]+)"', page)
        url = older.group(1).replace("&amp;", "&") if older else ""
    assert sorted(map(int, seen)) == list(range(1, 121))
    web_only = client.get("/desk/admin/audit", params={"via": "web", "actor": "bulk"}).text
    assert "things" not in web_only
    assert client.get("/desk/admin/audit", params={"via": "fax"}).status_code == 400

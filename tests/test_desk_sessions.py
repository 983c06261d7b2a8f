"""Browser sign-in (issue 11): the session cookie, sign-out and deactivation ending it, CSRF
and origin checks on every changing form, and no open redirect after signing in."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import FIELD_PASSWORD
from db_support import one_row
from desk_support import hidden, landslide, our_origin, session_count, sign_in, web_audit
from fastapi.testclient import TestClient

from gis import db
from gis.settings import get_settings

Api = tuple[TestClient, dict[str, dict[str, str]]]


def _set_cookie_of(answer: Any, name: str) -> str:
    cookies = [c for c in answer.headers.get_list("set-cookie") if c.startswith(f"{name}=")]
    assert len(cookies) == 1, answer.headers.get_list("set-cookie")
    return cookies[0]


def test_sign_in_sets_an_httponly_lax_session_cookie_that_lasts_with_the_browser(
    field_api: Api, fresh_db: str
) -> None:
    client, _ = field_api
    answer = sign_in(client, "planner1", FIELD_PASSWORD)
    assert answer.status_code == 303 and answer.headers["location"] == "/desk"
    cookie = _set_cookie_of(answer, "cotmoc_session").lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    assert "max-age" not in cookie and "expires" not in cookie  # ends with the browser
    assert "secure" not in cookie  # served over plain HTTP here
    assert session_count(fresh_db) == 1
    desk = client.get("/desk")
    assert desk.status_code == 200 and "planner1" in desk.text
    assert desk.headers["cache-control"] == "no-store"


def test_the_cookie_is_secure_when_the_public_url_is_https(
    field_api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COTMOC_PUBLIC_URL", "https://gis.example.gov")
    get_settings.cache_clear()
    # Secure cookies come back only over HTTPS (the sign-in form's token cookie too).
    client = TestClient(field_api[0].app, base_url="https://testserver")
    answer = sign_in(client, "planner1", FIELD_PASSWORD, origin="https://gis.example.gov")
    assert answer.status_code == 303
    assert "secure" in _set_cookie_of(answer, "cotmoc_session").lower()


def test_a_wrong_password_signs_nobody_in(field_api: Api, fresh_db: str) -> None:
    client, _ = field_api
    answer = sign_in(client, "planner1", "not-the-password")
    assert answer.status_code == 401
    assert "Sai tên người dùng hoặc mật khẩu" in answer.text
    assert "cotmoc_session" not in answer.headers.get("set-cookie", "")
    assert session_count(fresh_db) == 0
    assert client.get("/desk", follow_redirects=False).status_code == 303


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/desk",
        "https://evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        "/%0d%0aLocation: x",
    ],
)
def test_next_never_leads_to_another_site(field_api: Api, target: str) -> None:
    client, _ = field_api
    answer = sign_in(client, "planner1", FIELD_PASSWORD, next_url=target)
    assert answer.status_code == 303
    location = answer.headers["location"]
    assert location.startswith("/") and not location.startswith("//"), location
    assert "evil" not in location and "\\" not in location


def test_next_leads_back_to_the_page_that_asked(field_api: Api) -> None:
    client, _ = field_api
    answer = sign_in(client, "planner1", FIELD_PASSWORD, next_url="/maps/maintenance?lang=vi")
    assert answer.headers["location"] == "/maps/maintenance?lang=vi"


def test_sign_in_from_another_origin_or_without_its_token_is_refused(
    field_api: Api, fresh_db: str
) -> None:
    client, _ = field_api
    foreign = sign_in(client, "planner1", FIELD_PASSWORD, origin="https://evil.example")
    assert foreign.status_code == 403
    assert foreign.headers["content-type"].startswith("application/problem+json")
    no_token = client.post(
        "/login",
        data={"name": "planner1", "password": FIELD_PASSWORD},
        headers={"Origin": our_origin()},
        follow_redirects=False,
    )
    assert no_token.status_code == 403
    assert session_count(fresh_db) == 0


def test_sign_out_ends_the_session_even_for_a_copy_of_the_cookie(
    field_api: Api, fresh_db: str
) -> None:
    client, _ = field_api
    sign_in(client, "planner1", FIELD_PASSWORD)
    stolen = client.cookies.get("cotmoc_session")
    assert stolen is not None
    desk = client.get("/desk")
    out = client.post(
        "/logout",
        data={"csrf_token": hidden(desk.text, "csrf_token")},
        headers={"Origin": our_origin()},
        follow_redirects=False,
    )
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert session_count(fresh_db) == 0
    copy = TestClient(client.app, cookies={"cotmoc_session": stolen})
    assert copy.get("/desk", follow_redirects=False).status_code == 303


def test_deactivating_the_user_or_expiry_ends_the_session(field_api: Api, fresh_db: str) -> None:
    client, _ = field_api
    sign_in(client, "planner1", FIELD_PASSWORD)
    assert client.get("/desk").status_code == 200
    with db.connect(fresh_db) as conn:
        conn.execute(
            "UPDATE users SET active = false, token_version = token_version + 1 "
            "WHERE name = 'planner1'"
        )
    assert client.get("/desk", follow_redirects=False).status_code == 303
    sign_in(client, "guard1", FIELD_PASSWORD)
    assert client.get("/desk").status_code == 200
    with db.connect(fresh_db) as conn:
        conn.execute("UPDATE web_sessions SET expires_at = now() - interval '1 second'")
    assert (
        client.get("/desk", follow_redirects=False).headers["location"].startswith("/login?next=")
    )


def test_use_renews_the_session(field_api: Api, fresh_db: str) -> None:
    client, _ = field_api
    sign_in(client, "planner1", FIELD_PASSWORD)
    with db.connect(fresh_db) as conn:
        conn.execute(
            "UPDATE web_sessions SET last_seen_at = now() - interval '2 hours', "
            "expires_at = now() + interval '1 minute'"
        )
    client.get("/desk")
    with db.connect(fresh_db) as conn:
        row = one_row(conn.execute("SELECT expires_at - now() AS left FROM web_sessions"))
    assert row["left"].total_seconds() > (get_settings().session_minutes - 1) * 60


def _step_form(client: TestClient, record_id: str) -> dict[str, str]:
    page = client.get(f"/desk/maintenance/{record_id}")
    assert page.status_code == 200, page.text
    return {
        "csrf_token": hidden(page.text, "csrf_token"),
        "version": hidden(page.text, "version"),
        "to": "approved",
        "note": "duyệt",
    }


@pytest.mark.parametrize("attack", ["no token", "wrong token", "foreign origin", "no origin"])
def test_a_forged_step_is_refused_and_changes_nothing(
    field_api: Api, fresh_db: str, attack: str
) -> None:
    client, _ = field_api
    record = landslide(fresh_db)
    sign_in(client, "planner1", FIELD_PASSWORD)
    form = _step_form(client, record["id"])
    headers = {"Origin": our_origin()}
    if attack == "no token":
        del form["csrf_token"]
    elif attack == "wrong token":
        form["csrf_token"] = "x" * 43
    elif attack == "foreign origin":
        headers = {"Origin": "https://evil.example"}
    else:
        headers = {}
    audit_before = web_audit(fresh_db, record["id"])
    answer = client.post(
        f"/desk/maintenance/{record['id']}/steps",
        data=form,
        headers=headers,
        follow_redirects=False,
    )
    assert answer.status_code == 403, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert landslide(fresh_db) == record
    assert web_audit(fresh_db, record["id"]) == audit_before


def test_the_session_reads_the_api_but_never_writes_through_it(
    field_api: Api, fresh_db: str
) -> None:
    client, _ = field_api
    record = landslide(fresh_db)
    sign_in(client, "planner1", FIELD_PASSWORD)
    read = client.get(f"/maintenance/{record['id']}")
    assert read.status_code == 200 and read.json()["status"] == "repair_proposed"
    write = client.post(
        f"/maintenance/{record['id']}/transitions",
        json={"to": "approved"},
        headers={"If-Match": str(record["version"]), "Origin": our_origin()},
    )
    assert write.status_code == 401
    assert landslide(fresh_db) == record


def test_a_step_through_the_desk_is_audited_as_web(field_api: Api, fresh_db: str) -> None:
    client, _ = field_api
    record = landslide(fresh_db)
    sign_in(client, "planner1", FIELD_PASSWORD)
    answer = client.post(
        f"/desk/maintenance/{record['id']}/steps",
        data=_step_form(client, record["id"]),
        headers={"Origin": our_origin()},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    assert landslide(fresh_db)["status"] == "approved"
    last = web_audit(fresh_db, record["id"])[-1]
    assert last == {
        "actor": "planner1",
        "role": "planner",
        "via": "web",
        "action": "transition:repair_proposed->approved",
    }

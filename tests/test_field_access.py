"""Who may write what: login, API keys, the role table, the settings check, the audit trail."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from conftest import FIELD_PASSWORD, FIELD_ROLES
from db_support import one_row
from fastapi.testclient import TestClient
from test_field_records import gpx_along_border, inspection, jpeg_with_exif, now
from typer.testing import CliRunner

from gis import db
from gis.seed.load import border_lines
from gis.settings import get_settings

Api = tuple[TestClient, dict[str, dict[str, str]]]
Request = Callable[[TestClient, dict[str, dict[str, str]], dict[str, str]], Any]


def patrol_body() -> dict[str, Any]:
    coords = border_lines()["savannakhet"]["geometry"]["coordinates"][:4]
    return {
        "id": str(uuid.uuid4()),
        "started_at": now(-90),
        "ended_at": now(-30),
        "vn_unit": "Đồn BP Cửa khẩu Lao Bảo",
        "la_unit": "Đồn Đensavan",
        "joint": True,
        "participants": ["A", "B"],
        "track": {"type": "LineString", "coordinates": coords},
    }


def damage_body() -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "marker_code": "585",
        "cause": "flood",
        "description": "Mốc bị nghiêng sau lũ",
    }


def record_at(client: TestClient, h: dict[str, dict[str, str]], status: str) -> tuple[str, int]:
    """A new maintenance record walked by an admin to ``status``; returns its id and version."""
    body = damage_body()
    client.post("/maintenance", json=body, headers=h["admin"])
    path = ["assessed", "repair_proposed", "approved", "in_repair"]
    version = 1
    for to in path[: path.index(status) + 1] if status != "reported" else []:
        answer = client.post(
            f"/maintenance/{body['id']}/transitions",
            json={"to": to},
            headers={**h["admin"], "If-Match": f'"{version}"'},
        )
        assert answer.status_code == 200
        version += 1
    return body["id"], version


def transition(status: str, to: str) -> Request:
    def send(client: TestClient, h: dict[str, dict[str, str]], caller: dict[str, str]) -> Any:
        record_id, version = record_at(client, h, status)
        return client.post(
            f"/maintenance/{record_id}/transitions",
            json={"to": to},
            headers={**caller, "If-Match": f'"{version}"'},
        )

    return send


def upload_photo(client: TestClient, h: dict[str, dict[str, str]], caller: dict[str, str]) -> Any:
    body = inspection("585", None, None)
    client.post("/inspections", json=body, headers=h["admin"])
    data = jpeg_with_exif(106.6, 16.6, "2024:05:02 09:30:00", color=f"#{uuid.uuid4().hex[:6]}")
    return client.post(
        f"/inspections/{body['id']}/photos",
        headers=caller,
        files={"photo": ("p.jpg", data, "image/jpeg")},
    )


def post_gpx(client: TestClient, h: dict[str, dict[str, str]], caller: dict[str, str]) -> Any:
    xml, _ = gpx_along_border(0.05)
    return client.post(
        "/patrols/gpx",
        headers=caller,
        files={"gpx": ("t.gpx", xml.encode(), "application/gpx+xml")},
        data={"id": str(uuid.uuid4()), "vn_unit": "Đồn BP Thanh"},
    )


def sync(client: TestClient, h: dict[str, dict[str, str]], caller: dict[str, str]) -> Any:
    return client.post(
        "/sync", headers=caller, json={"records": [{"type": "patrol", **patrol_body()}]}
    )


WRITER = {"anonymous": 401, "ministry": 403, "guard": 201, "planner": 201, "admin": 201}
# endpoint: (request, status for anonymous, ministry key, guard, planner, admin)
TABLE: dict[str, tuple[Request, dict[str, int]]] = {
    "POST /patrols": (
        lambda c, h, who: c.post("/patrols", json=patrol_body(), headers=who),
        WRITER,
    ),
    "POST /patrols/gpx": (post_gpx, WRITER),
    "POST /inspections": (
        lambda c, h, who: c.post("/inspections", json=inspection("585", None, 3), headers=who),
        WRITER,
    ),
    "POST /inspections/{id}/photos": (upload_photo, WRITER),
    "PUT /inspections/policy": (
        lambda c, h, who: c.put(
            "/inspections/policy", headers=who, json={"section": "savannakhet", "every_days": 30}
        ),
        {"anonymous": 401, "ministry": 403, "guard": 403, "planner": 200, "admin": 200},
    ),
    "POST /maintenance": (
        lambda c, h, who: c.post("/maintenance", json=damage_body(), headers=who),
        WRITER,
    ),
    "POST /maintenance/{id}/transitions reported→assessed": (
        transition("reported", "assessed"),
        {"anonymous": 401, "ministry": 403, "guard": 403, "planner": 200, "admin": 200},
    ),
    "POST /maintenance/{id}/transitions approved→in_repair": (
        transition("approved", "in_repair"),
        {"anonymous": 401, "ministry": 403, "guard": 200, "planner": 200, "admin": 200},
    ),
    "POST /sync": (
        sync,
        {"anonymous": 401, "ministry": 403, "guard": 200, "planner": 200, "admin": 200},
    ),
    "GET /audit": (
        lambda c, h, who: c.get("/audit", headers=who),
        {"anonymous": 401, "ministry": 403, "guard": 403, "planner": 403, "admin": 200},
    ),
}


def test_every_write_endpoint_answers_each_role_as_specified(field_api: Api) -> None:
    client, headers = field_api
    got = {
        (endpoint, role): send(client, headers, headers[role]).status_code
        for endpoint, (send, _) in TABLE.items()
        for role in FIELD_ROLES
    }
    expected = {
        (endpoint, role): statuses[role]
        for endpoint, (_, statuses) in TABLE.items()
        for role in FIELD_ROLES
    }
    assert got == expected


def test_login_issues_a_token_and_refuses_a_wrong_password(field_api: Api) -> None:
    client, _ = field_api
    good = client.post("/auth/token", data={"username": "guard1", "password": FIELD_PASSWORD})
    assert good.status_code == 200
    token = good.json()
    assert token["token_type"] == "bearer" and token["role"] == "guard"
    assert 0 < token["expires_in"] <= 3600
    mine = {"Authorization": f"Bearer {token['access_token']}"}
    assert client.get("/collections/patrols/items", headers=mine).status_code == 200
    for name, password in (("guard1", "wrong-password"), ("nobody", FIELD_PASSWORD)):
        bad = client.post("/auth/token", data={"username": name, "password": password})
        assert bad.status_code == 401
        assert bad.headers["content-type"] == "application/problem+json"
    forged = {"Authorization": "Bearer " + token["access_token"][:-4] + "AAAA"}
    assert client.get("/alerts", headers=forged).status_code == 401
    assert client.get("/alerts", headers={"X-API-Key": "cmk_made-up"}).status_code == 401


def test_field_collections_open_to_keys_and_tokens_and_hidden_when_public_read_is_off(
    field_api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, h = field_api
    ids = {c["id"] for c in client.get("/collections", headers=h["ministry"]).json()["collections"]}
    assert {"patrols", "inspections", "maintenance"} <= ids
    monkeypatch.setenv("COTMOC_PUBLIC_READ", "false")
    get_settings.cache_clear()
    assert client.get("/collections/markers/items").status_code == 401
    assert client.get("/collections/markers/items", headers=h["guard"]).status_code == 200


def test_audit_rows_record_before_and_after_and_cannot_be_changed(
    field_api: Api, fresh_db: str
) -> None:
    client, h = field_api
    record_id, _ = record_at(client, h, "assessed")
    entries = client.get(
        f"/audit?entity=maintenance_records&entity_id={record_id}", headers=h["admin"]
    ).json()
    assert [e["action"] for e in entries] == ["transition:reported->assessed", "report_damage"]
    change, creation = entries
    assert creation["before"] is None and creation["after"]["status"] == "reported"
    assert (change["before"]["status"], change["after"]["status"]) == ("reported", "assessed")
    assert change["actor"] == "admin1" and change["via"] == "api"
    assert change["after"]["geom"] is None or "type" in change["after"]["geom"]
    with db.connect(fresh_db) as conn:
        count = one_row(conn.execute("SELECT count(*) AS n FROM audit_log"))["n"]
    for statement in (
        "UPDATE audit_log SET actor = 'someone else'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ):
        with db.connect(fresh_db) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(statement)
    with db.connect(fresh_db) as conn:
        assert one_row(conn.execute("SELECT count(*) AS n FROM audit_log"))["n"] == count


def test_cli_adds_users_and_keys_audited_with_only_hashes_stored(
    monkeypatch: pytest.MonkeyPatch, fresh_db: str
) -> None:
    from api.cli import app, main  # noqa: F401  (main registers the sub-apps)
    from api.cli_accounts import keys_app, users_app

    monkeypatch.setenv("DATABASE_URL", fresh_db)
    get_settings.cache_clear()
    app.add_typer(users_app, name="users")
    app.add_typer(keys_app, name="keys")
    runner = CliRunner()
    made = runner.invoke(
        app, ["users", "add", "tran.b", "--role", "planner"], input="a long passphrase\n"
    )
    assert made.exit_code == 0, made.output
    key_run = runner.invoke(app, ["keys", "add", "bo-ngoai-giao", "--role", "ministry"])
    assert key_run.exit_code == 0, key_run.output
    key = key_run.stdout.strip().splitlines()[-1]
    assert key.startswith("cmk_")
    weak = runner.invoke(app, ["users", "add", "weak", "--role", "guard"], input="short\n")
    assert weak.exit_code == 1
    with db.connect(fresh_db) as conn:
        user = one_row(conn.execute("SELECT role, password_hash FROM users WHERE name = 'tran.b'"))
        stored = one_row(conn.execute("SELECT key_hash FROM api_keys"))["key_hash"]
        audited = conn.execute("SELECT entity, via FROM audit_log ORDER BY id").fetchall()
        weak_rows = one_row(conn.execute("SELECT count(*) AS n FROM users WHERE name = 'weak'"))[
            "n"
        ]
    assert user["role"] == "planner" and user["password_hash"].startswith("$argon2id$")
    assert "a long passphrase" not in user["password_hash"] and key not in stored
    assert audited == [{"entity": "users", "via": "cli"}, {"entity": "api_keys", "via": "cli"}]
    assert weak_rows == 0

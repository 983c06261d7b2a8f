"""Decisions people take (issue 11): acknowledging a displacement alert (API and desk), and a
marker's status set by a planner with If-Match, proposed from the latest inspection."""

from __future__ import annotations

import re

from conftest import FIELD_PASSWORD
from db_support import one_row
from desk_support import hidden, our_origin, sign_in, web_audit
from fastapi.testclient import TestClient
from test_field_records import inspection, marker_point, offset

from gis import db

Api = tuple[TestClient, dict[str, dict[str, str]]]


def raise_alert(client: TestClient, guard: dict[str, str], url: str) -> int:
    body = inspection("585", offset(marker_point(url, "585"), 50), 4, condition="displaced")
    assert client.post("/inspections", json=body, headers=guard).status_code == 201
    (alert,) = client.get("/alerts", params={"open": True}, headers=guard).json()
    return int(alert["id"])


def test_an_alert_is_acknowledged_once_with_who_when_and_a_note(
    field_api: Api, fresh_db: str
) -> None:
    client, h = field_api
    alert_id = raise_alert(client, h["guard"], fresh_db)
    path = f"/alerts/{alert_id}/acknowledgement"
    assert client.post(path, json={"note": "x"}).status_code == 401
    assert client.post(path, json={"note": "x"}, headers=h["ministry"]).status_code == 403
    assert client.post(path, json={"nope": 1}, headers=h["guard"]).status_code == 422
    answer = client.post(
        path, json={"note": "Đã kiểm tra lại, mốc bị lũ đẩy"}, headers=h["planner"]
    )
    assert answer.status_code == 200, answer.text
    alert = answer.json()
    assert alert["acknowledged_by"] == "planner1" and alert["acknowledged_at"]
    assert alert["acknowledgement_note"] == "Đã kiểm tra lại, mốc bị lũ đẩy"
    again = client.post(path, json={"note": "again"}, headers=h["guard"])
    assert again.status_code == 409 and "already acknowledged by planner1" in again.text
    assert client.get("/alerts", params={"open": True}, headers=h["guard"]).json() == []
    assert len(client.get("/alerts", headers=h["guard"]).json()) == 1
    assert web_audit(fresh_db, str(alert_id))[-1]["action"] == "acknowledge"
    assert (
        client.post("/alerts/999999/acknowledgement", json={}, headers=h["planner"]).status_code
        == 404
    )


def test_the_desk_lists_open_alerts_and_acknowledges_them(field_api: Api, fresh_db: str) -> None:
    client, h = field_api
    alert_id = raise_alert(client, h["guard"], fresh_db)
    sign_in(client, "planner1", FIELD_PASSWORD)
    page = client.get("/desk").text
    assert re.search(r'data-section="open_alerts">1<', page)
    assert "50.0 m" in page  # rounded for people
    answer = client.post(
        f"/desk/alerts/{alert_id}/acknowledge",
        data={"csrf_token": hidden(page, "csrf_token"), "note": "đã xem"},
        headers={"Origin": our_origin()},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert re.search(r'data-section="open_alerts">0<', client.get("/desk").text)
    assert web_audit(fresh_db, str(alert_id))[-1] == {
        "actor": "planner1",
        "role": "planner",
        "via": "web",
        "action": "acknowledge",
    }
    forged = client.post(
        f"/desk/alerts/{alert_id}/acknowledge", data={"note": "x"}, headers={"Origin": our_origin()}
    )
    assert forged.status_code == 403


def test_a_planner_sets_a_marker_status_with_if_match_and_a_reason(
    field_api: Api, fresh_db: str
) -> None:
    client, h = field_api
    body = inspection("585", None, None, condition="missing")
    assert client.post("/inspections", json=body, headers=h["guard"]).status_code == 201
    current = client.get("/markers/585/status", headers=h["ministry"])
    assert current.status_code == 200
    doc = current.json()
    assert doc["last_condition"] == "missing" and doc["proposed"] == "destroyed"
    etag = current.headers["etag"]
    change = {"status": "destroyed", "reason": "Kiểm tra ngày 01/12: mốc mất"}
    path = "/markers/585/status"
    assert client.put(path, json=change, headers=h["planner"]).status_code == 428
    assert (
        client.put(path, json=change, headers={**h["guard"], "If-Match": etag}).status_code == 403
    )
    assert (
        client.put(
            path, json={**change, "status": "gone"}, headers={**h["planner"], "If-Match": etag}
        ).status_code
        == 422
    )
    assert (
        client.put(
            path, json={"status": "destroyed"}, headers={**h["planner"], "If-Match": etag}
        ).status_code
        == 422
    )
    answer = client.put(path, json=change, headers={**h["planner"], "If-Match": etag})
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "destroyed" and answer.headers["etag"] != etag
    stale = client.put(
        path, json={**change, "status": "intact"}, headers={**h["planner"], "If-Match": etag}
    )
    assert stale.status_code == 412
    with db.connect(fresh_db) as conn:
        row = one_row(conn.execute("SELECT status FROM markers WHERE code = '585'"))
        audit = conn.execute(
            "SELECT actor, after FROM audit_log WHERE entity = 'markers' "
            "AND action = 'set_status' ORDER BY id"
        ).fetchall()
    assert row["status"] == "destroyed"
    assert [(a["actor"], a["after"]["reason"]) for a in audit] == [("planner1", change["reason"])]
    assert client.get("/markers/nope/status", headers=h["planner"]).status_code == 404


def test_a_status_changed_by_a_part_4_edit_makes_the_desks_form_stale(field_api: Api) -> None:
    client, h = field_api
    path = "/markers/585/status"
    seen = client.get(path, headers=h["planner"]).headers["etag"]
    item = client.get("/collections/markers/items/585")
    unchanged = client.patch(
        "/collections/markers/items/585",
        json={"properties": {"maintained_by": item.json()["properties"]["maintained_by"]}},
        headers=h["admin"]
        | {"If-Match": item.headers["etag"], "Content-Type": "application/merge-patch+json"},
    )
    assert unchanged.status_code == 200, unchanged.text
    assert client.get(path, headers=h["planner"]).headers["etag"] == seen  # status untouched
    patched = client.patch(
        "/collections/markers/items/585",
        json={"properties": {"status": "destroyed"}},  # 585 is damaged in the default data
        headers=h["admin"]
        | {"If-Match": unchanged.headers["etag"], "Content-Type": "application/merge-patch+json"},
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["properties"]["status"] == "destroyed"
    after = client.get(path, headers=h["planner"])
    assert after.headers["etag"] != seen, after.text
    change = {"status": "intact", "reason": "Kiểm tra lại"}
    stale = client.put(path, json=change, headers={**h["planner"], "If-Match": seen})
    assert stale.status_code == 412, stale.text
    assert client.get(path, headers=h["planner"]).json()["status"] == "destroyed"

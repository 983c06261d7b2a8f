"""Correcting and withdrawing patrols and inspections (issue 11): a new version with If-Match
and a reason, the old one kept in the history and the audit; a withdrawn record leaves the
layers and the schedule, and a change-feed mirror receives the update and the tombstone."""

from __future__ import annotations

import uuid
from typing import Any

from db_support import one_row
from fastapi.testclient import TestClient
from test_field_records import inspection, now

from gis import db
from gis.seed.load import border_lines

Api = tuple[TestClient, dict[str, dict[str, str]]]


def patrol_body() -> dict[str, Any]:
    coords = border_lines()["savannakhet"]["geometry"]["coordinates"][:5]
    return {
        "id": str(uuid.uuid4()),
        "started_at": now(-120),
        "ended_at": now(-60),
        "vn_unit": "Đồn BP A Dơi",
        "la_unit": "Đồn Đensavan",
        "joint": True,
        "participants": ["Nguyễn Văn A"],
        "notes": "tuần tra chung",
        "track": {"type": "LineString", "coordinates": coords},
    }


def feed(client: TestClient, headers: dict[str, str], cursor: str) -> tuple[list[Any], str]:
    answer = client.get("/changes", params={"cursor": cursor}, headers=headers)
    assert answer.status_code == 200, answer.text
    doc = answer.json()
    return doc["changes"], doc["latest"]


def audit_actions(url: str, entity_id: str) -> list[tuple[str, str]]:
    with db.connect(url) as conn:
        return [
            (r["actor"], r["action"])
            for r in conn.execute(
                "SELECT actor, action FROM audit_log WHERE entity_id = %s ORDER BY id", (entity_id,)
            )
        ]


def test_a_guard_corrects_an_inspection_and_withdraws_a_patrol(
    field_api: Api, fresh_db: str
) -> None:
    client, h = field_api
    guard, planner = h["guard"], h["planner"]
    found = inspection("585", None, None, condition="intact", notes="bình thường")
    patrol = patrol_body()
    assert client.post("/inspections", json=found, headers=guard).status_code == 201
    assert client.post("/patrols", json=patrol, headers=guard).status_code == 201
    cursor = client.get("/changes", params={"since": now(1)}, headers=planner).json()["latest"]
    mirror_start = cursor

    fix = {"condition": "cracked", "notes": "nứt chân mốc", "reason": "ghi nhầm tình trạng"}
    answer = client.patch(
        f"/inspections/{found['id']}", json=fix, headers={**guard, "If-Match": '"1"'}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["condition"] == "cracked" and answer.headers["etag"] == '"2"'
    gone = client.post(
        f"/patrols/{patrol['id']}/withdrawal",
        json={"reason": "nhập trùng với chuyến tuần tra khác"},
        headers={**guard, "If-Match": '"1"'},
    )
    assert gone.status_code == 200, gone.text
    assert gone.json()["withdrawn_by"] == "guard1" and gone.json()["withdrawn_at"]

    history = client.get(f"/inspections/{found['id']}/history", headers=h["ministry"]).json()
    assert [
        (v["version"], v["record"]["condition"], v["replaced_by"], v["reason"]) for v in history
    ] == [(1, "intact", "guard1", "ghi nhầm tình trạng")]
    assert (
        client.get(f"/patrols/{patrol['id']}/history", headers=planner).json()[0]["record"][
            "vn_unit"
        ]
        == "Đồn BP A Dơi"
    )
    assert audit_actions(fresh_db, found["id"])[-1] == ("guard1", "correct")
    assert audit_actions(fresh_db, patrol["id"])[-1] == ("guard1", "withdraw")

    layer = client.get(f"/collections/inspections/items/{found['id']}", headers=planner)
    assert layer.json()["properties"]["condition"] == "cracked"
    assert (
        client.get(f"/collections/patrols/items/{patrol['id']}", headers=planner).status_code == 404
    )
    listed = client.get(
        "/collections/patrols/items", params={"limit": 1000}, headers=planner
    ).json()
    assert patrol["id"] not in [f["id"] for f in listed["features"]]

    entries, _ = feed(client, planner, mirror_start)
    mine = [
        (e["featureId"], e["change"], e["feature"])
        for e in entries
        if e["featureId"] in (found["id"], patrol["id"])
    ]
    assert [(i, c) for i, c, _ in mine] == [(found["id"], "updated"), (patrol["id"], "deleted")]
    assert mine[0][2]["properties"]["condition"] == "cracked" and mine[1][2] is None


def test_corrections_need_the_current_version_a_reason_and_a_live_record(
    field_api: Api, fresh_db: str
) -> None:
    client, h = field_api
    guard = h["guard"]
    found = inspection("585", None, None)
    assert client.post("/inspections", json=found, headers=guard).status_code == 201
    path = f"/inspections/{found['id']}"
    fix = {"notes": "x", "reason": "sửa"}
    assert client.patch(path, json=fix, headers=guard).status_code == 428
    assert client.patch(path, json=fix, headers={**guard, "If-Match": '"7"'}).status_code == 412
    assert (
        client.patch(path, json={"notes": "x"}, headers={**guard, "If-Match": '"1"'}).status_code
        == 422
    )
    assert (
        client.patch(
            path, json={**fix, "marker_code": "577"}, headers={**guard, "If-Match": '"1"'}
        ).status_code
        == 422
    )
    assert (
        client.patch(
            path, json={"condition": None, "reason": "r"}, headers={**guard, "If-Match": '"1"'}
        ).status_code
        == 422
    )
    assert (
        client.patch(path, json=fix, headers={**h["ministry"], "If-Match": '"1"'}).status_code
        == 403
    )
    assert client.patch(path, json=fix, headers={"If-Match": '"1"'}).status_code == 401
    assert client.get(path, headers=guard).json()["version"] == 1  # nothing changed
    assert (
        client.post(
            f"{path}/withdrawal", json={"reason": "sai mốc"}, headers={**guard, "If-Match": '"1"'}
        ).status_code
        == 200
    )
    again = client.patch(path, json=fix, headers={**guard, "If-Match": '"2"'})
    assert again.status_code == 409 and "withdrawn" in again.text
    with db.connect(fresh_db) as conn:
        due = one_row(
            conn.execute(
                "SELECT last_inspection_id FROM inspection_schedule WHERE marker_code = '585'"
            )
        )
    assert str(due["last_inspection_id"]) != found["id"]  # the schedule forgets it too
    missing = client.patch(
        f"/patrols/{uuid.uuid4()}",
        json={"notes": "x", "reason": "r"},
        headers={**guard, "If-Match": '"1"'},
    )
    assert missing.status_code == 404

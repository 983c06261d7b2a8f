"""The desk's pages through the form, as a browser posts them (issue 11): the work queue per
role, a repair taken from proposal to verification by a planner and a guard, the stale form,
the marker's status following verification, and every page in vi, lo and en."""

from __future__ import annotations

import datetime as dt
import html
import re
import uuid
from typing import Any

import pytest
from conftest import FIELD_PASSWORD, add_user_signed_in
from db_support import one_row
from desk_support import hidden, landslide, our_origin, sign_in, web_audit
from fastapi.testclient import TestClient
from test_corrections import patrol_body
from test_field_records import inspection, marker_point, offset
from test_photo_reads import big_jpeg

from api.desk.formats import LOCAL, length, local_date, local_time
from api.desk.pages import last_month
from gis import db
from layers.labels import LANGS, label

CENTRE_585: list[float] = []  # marker 585's registry point, set by the test using it

Api = tuple[TestClient, dict[str, dict[str, str]]]
LOCAL_TIME = re.compile(r"\d\d/\d\d/20\d\d \d\d:\d\d")


def browser(client: TestClient, name: str) -> TestClient:
    """A second browser on the same app, signed in as ``name``."""
    other = TestClient(client.app)
    assert sign_in(other, name, FIELD_PASSWORD).status_code == 303
    return other


def step_form(client: TestClient, record_id: str) -> dict[str, str]:
    page = client.get(f"/desk/maintenance/{record_id}")
    assert page.status_code == 200, page.text
    form = {"csrf_token": hidden(page.text, "csrf_token"), "version": hidden(page.text, "version")}
    if 'name="marker_version"' in page.text:
        form["marker_version"] = hidden(page.text, "marker_version")
    return form


def take(client: TestClient, record_id: str, form: dict[str, str], to: str, **fields: str) -> Any:
    return client.post(
        f"/desk/maintenance/{record_id}/steps",
        data={**form, "to": to, **fields},
        headers={"Origin": our_origin()},
        follow_redirects=False,
    )


def marker_status(url: str, code: str) -> str:
    with db.connect(url) as conn:
        return str(
            one_row(conn.execute("SELECT status FROM markers WHERE code = %s", (code,)))["status"]
        )


def test_the_queue_lists_what_waits_for_each_role_with_counts(
    field_api: Api, fresh_db: str
) -> None:
    client, _ = field_api
    record = landslide(fresh_db)
    with db.connect(fresh_db) as conn:
        overdue = one_row(
            conn.execute("SELECT count(*) AS n FROM inspection_schedule WHERE overdue")
        )["n"]
        by_status = {
            r["status"]: r["n"]
            for r in conn.execute(
                "SELECT status, count(*) AS n FROM maintenance_records GROUP BY status"
            )
        }
    assert by_status["repair_proposed"] >= 1 and overdue >= 1
    sign_in(client, "planner1", FIELD_PASSWORD)
    page = client.get("/desk").text
    assert re.search(rf'data-section="to_approve">{by_status["repair_proposed"]}<', page)
    assert re.search(rf'data-section="to_verify">{by_status.get("repaired", 0)}<', page)
    assert f'href="/desk/maintenance/{record["id"]}?lang=vi"' in page
    assert re.search(rf'data-section="overdue">{overdue}<', page)
    guard = browser(client, "guard1").get("/desk").text
    assert re.search(rf'data-section="to_repair">{by_status.get("approved", 0)}<', guard)
    assert 'data-section="to_approve"' not in guard  # the planners' steps
    assert 'data-section="to_verify"' not in guard


def test_the_joint_report_is_a_link_away_for_its_readers_only(
    field_api: Api, fresh_db: str
) -> None:
    """Planners, admins and ministry users find last month's joint report on every desk page
    and a form for another period on the queue; a guard, who may not read it, finds neither."""
    client, _ = field_api
    add_user_signed_in(fresh_db, "bo.ngoai.giao", "ministry")
    assert last_month(dt.date(2026, 1, 15)) == (dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    assert last_month(dt.date(2024, 3, 1)) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    first, last = last_month(dt.datetime.now(LOCAL).date())
    for name in ("planner1", "admin1", "bo.ngoai.giao"):
        reader = browser(client, name)
        queue = reader.get("/desk").text
        link = re.search(r'class="joint-report" href="([^"]+)"', queue)
        assert link, name
        href = html.unescape(link.group(1))
        assert href.startswith("/reports/joint?") and f"from={first.isoformat()}" in href
        assert f"to={last.isoformat()}" in href and 'id="joint-report"' in queue
        report = reader.get(href)  # the session reads it, as the key of a ministry would
        assert report.status_code == 200, (name, report.text[:300])
        assert report.headers["content-type"].startswith("text/html")
        assert "Báo cáo chung" in report.text
    guard = browser(client, "guard1")
    assert "/reports/joint" not in guard.get("/desk").text
    marker_page = guard.get("/desk/markers/585").text
    assert "/reports/joint" not in marker_page
    assert guard.get(href).status_code == 403


def test_a_repair_from_approval_to_verification_sets_the_marker_back(
    field_api: Api, fresh_db: str
) -> None:
    client, _ = field_api
    record = landslide(fresh_db)
    before = marker_status(fresh_db, "606(1)")
    assert before != "intact", before
    sign_in(client, "planner1", FIELD_PASSWORD)
    guard = browser(client, "guard1")
    assert (
        take(
            client,
            record["id"],
            step_form(client, record["id"]),
            "approved",
            note="Phê duyệt theo QĐ 12",
            document_ref="QĐ-12/2026",
        ).status_code
        == 303
    )
    # A guard may not verify, and the page offers them no such button.
    assert take(guard, record["id"], step_form(guard, record["id"]), "verified").status_code == 409
    for to in ("in_repair", "repaired"):
        answer = take(
            guard, record["id"], step_form(guard, record["id"]), to, happened_on="2026-11-20"
        )
        assert answer.status_code == 303, answer.text
    page = client.get(f"/desk/maintenance/{record['id']}").text
    assert 'value="verified"' in page and 'name="marker_status"' in page
    answer = take(
        client,
        record["id"],
        step_form(client, record["id"]),
        "verified",
        marker_status="intact",
        note="Đã kiểm tra tại hiện trường",
    )
    assert answer.status_code == 303, answer.text
    assert landslide(fresh_db)["status"] == "verified"
    assert marker_status(fresh_db, "606(1)") == "intact"
    actions = [(a["actor"], a["via"], a["action"]) for a in web_audit(fresh_db, record["id"])]
    assert actions[-4:] == [
        ("planner1", "web", "transition:repair_proposed->approved"),
        ("guard1", "web", "transition:approved->in_repair"),
        ("guard1", "web", "transition:in_repair->repaired"),
        ("planner1", "web", "transition:repaired->verified"),
    ]
    assert web_audit(fresh_db, "606(1)")[-1] == {
        "actor": "planner1",
        "role": "planner",
        "via": "web",
        "action": "set_status",
    }
    history = client.get(f"/desk/maintenance/{record['id']}").text
    assert "QĐ-12/2026" in history and "20/11/2026" in history and "guard1" in history


def test_a_stale_form_says_who_changed_the_record_and_changes_nothing(
    field_api: Api, fresh_db: str
) -> None:
    client, _ = field_api
    add_user_signed_in(fresh_db, "planner2", "planner")
    record = landslide(fresh_db)
    sign_in(client, "planner1", FIELD_PASSWORD)
    second = browser(client, "planner2")
    old_form = step_form(second, record["id"])  # loaded before the first planner decides
    assert (
        take(client, record["id"], step_form(client, record["id"]), "approved").status_code == 303
    )
    after_first = landslide(fresh_db)
    audit_before = web_audit(fresh_db, record["id"])
    answer = take(second, record["id"], old_form, "assessed", note="đánh giá lại")
    assert answer.status_code == 412
    with db.connect(fresh_db) as conn:
        changed_at = one_row(
            conn.execute(
                "SELECT max(created_at) AS at FROM maintenance_events WHERE record_id = %s",
                (record["id"],),
            )
        )["at"]
    assert (
        f"Hồ sơ đã được planner1 thay đổi lúc {local_time(changed_at)} — hãy tải lại" in answer.text
    )
    assert landslide(fresh_db) == after_first
    assert web_audit(fresh_db, record["id"]) == audit_before


def test_bad_step_fields_are_refused_with_the_reason(field_api: Api, fresh_db: str) -> None:
    client, _ = field_api
    record = landslide(fresh_db)
    sign_in(client, "planner1", FIELD_PASSWORD)
    form = step_form(client, record["id"])
    for fields, status, reason in (
        ({"happened_on": "20/11/2026"}, 422, "happened_on"),
        ({"happened_on": "2099-01-01"}, 422, "happened_on"),
        ({"to": "flying"}, 422, "to"),
    ):
        answer = take(client, record["id"], form, **{"to": "approved", **fields})
        assert answer.status_code == status, answer.text
        assert reason in answer.text
    assert landslide(fresh_db) == record


def field_records(client: TestClient, guard: dict[str, str]) -> tuple[str, str, str]:
    """An inspection of 585 with a photo, on a joint patrol; their ids and the photo's."""
    patrol = patrol_body()
    assert client.post("/patrols", json=patrol, headers=guard).status_code == 201
    found = inspection(
        "585",
        offset((CENTRE_585[0], CENTRE_585[1]), 2),
        3,
        patrol_id=patrol["id"],
        condition="cracked",
        notes="nứt chân mốc",
    )
    assert client.post("/inspections", json=found, headers=guard).status_code == 201
    photo = client.post(
        f"/inspections/{found['id']}/photos",
        headers=guard,
        files={"photo": ("p.jpg", big_jpeg(), "image/jpeg")},
    )
    assert photo.status_code == 201, photo.text
    return patrol["id"], found["id"], photo.json()["id"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_desk_page_renders_in_each_language(field_api: Api, fresh_db: str, lang: str) -> None:
    client, h = field_api
    record = landslide(fresh_db)
    CENTRE_585[:] = marker_point(fresh_db, "585")
    patrol_id, inspection_id, _ = field_records(client, h["guard"])
    login = client.get("/login", params={"lang": lang})
    assert login.status_code == 200 and f'<html lang="{lang}">' in login.text
    assert label("desk.sign_in", lang) in login.text
    sign_in(client, "planner1", FIELD_PASSWORD)
    pages = (
        "/desk",
        f"/desk/maintenance/{record['id']}",
        "/desk/markers/585",
        "/desk/markers/606(1)",
        f"/desk/inspections/{inspection_id}",
        f"/desk/patrols/{patrol_id}",
    )
    for path in pages:
        page = client.get(path, params={"lang": lang})
        assert page.status_code == 200, page.text
        assert f'<html lang="{lang}">' in page.text
        assert label("desk.sign_out", lang) in page.text
    record_page = client.get(f"/desk/maintenance/{record['id']}", params={"lang": lang}).text
    assert label("desk.year_only", lang) in record_page  # the seed dates the landslide by year
    assert LOCAL_TIME.search(record_page)
    inspection_page = client.get(f"/desk/inspections/{inspection_id}", params={"lang": lang}).text
    assert label("value.cracked", lang) in inspection_page
    assert re.search(r">\d\.\d\d m<", inspection_page)  # displacement, rounded


def test_desk_pages_need_a_session(field_api: Api, fresh_db: str) -> None:
    client, _ = field_api
    record = landslide(fresh_db)
    for path in ("/desk", f"/desk/maintenance/{record['id']}", "/desk/markers/585"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/login?next=%2Fdesk")
    sign_in(client, "planner1", FIELD_PASSWORD)
    for path in (
        "/desk/markers/9999",
        f"/desk/inspections/{uuid.uuid4()}",
        f"/desk/patrols/{uuid.uuid4()}",
        f"/desk/maintenance/{uuid.uuid4()}",
    ):
        assert client.get(path).status_code == 404, path
    assert client.get("/desk/markers/585", params={"before": "garbage"}).status_code == 400


def test_the_dossier_pages_inspections_newest_first_without_repeats(
    field_api: Api, fresh_db: str
) -> None:
    client, h = field_api
    with db.connect(fresh_db) as conn:
        conn.execute(
            "INSERT INTO inspections (id, marker_id, observed_at, condition, created_by) "
            "SELECT gen_random_uuid(), m.id, now() - make_interval(days => d), 'intact', "
            "'test' FROM markers m, generate_series(1, 45) d WHERE m.code = '585'"
        )
        newest = one_row(
            conn.execute(
                "SELECT i.observed_at FROM inspections i JOIN markers m ON m.id = i.marker_id "
                "WHERE m.code = '585' ORDER BY observed_at DESC LIMIT 1"
            )
        )["observed_at"]
    sign_in(client, "planner1", FIELD_PASSWORD)
    seen: list[str] = []
    url = "/desk/markers/585"
    pages = 0
    while url:
        page = client.get(url).text
        pages += 1
        seen += re.findall(r'<td [^>]*><a href="/desk/inspections/([0-9a-f-]{36})\?', page)
        older = re.search(r'class="older" href="([^"]+)"', page)
        url = "/desk/markers/585" + older.group(1).replace("&amp;", "&") if older else ""
    assert pages == 3
    assert len(seen) == len(set(seen)) == 45
    assert local_time(newest) in client.get("/desk/markers/585").text


def test_figures_for_people() -> None:
    import datetime as dt

    moment = dt.datetime(2026, 11, 29, 15, 9, 56, 480869, tzinfo=dt.UTC)
    assert local_time(moment) == "29/11/2026 22:09"
    assert local_date(dt.date(2020, 1, 1), "year") == "2020"
    assert local_date(dt.date(2021, 12, 31)) == "31/12/2021"
    assert length(0.8540620350610508) == "0.85 m"
    assert length(108_480.4) == "108.48 km"
    assert length(12.44) == "12.4 m"

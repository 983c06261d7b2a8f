"""What the field app needs from the server: repair steps dated when the work was done
(``happened_on``, through the API and /sync), photos of damage reports, and the app's own
files (the page, its words in three languages, the manifest, the service worker, its size)."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import re
import uuid
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from conftest import table_counts_all
from fastapi.testclient import TestClient
from test_field_records import jpeg_with_exif, marker_point, report

from api.fieldapp import router as field_app
from api.fieldapp.words import words
from gis import db
from gis.field.checks import BORDER_ZONE
from gis.vocabulary import Cause, Condition, MaintenanceStatus, MarkerStatus, Severity, values
from layers.labels import LANGS

Api = tuple[TestClient, dict[str, dict[str, str]]]
STATIC = Path(field_app.__file__).parent / "static"
FIRST_LOAD_LIMIT = 300 * 1024


def build_of(service_worker: bytes) -> dict[str, Any]:
    """The build description the service worker's script starts with."""
    found = re.match(rb"const BUILD = (.*);\n", service_worker)
    assert found, "the service worker does not start with its BUILD"
    return orjson.loads(found.group(1))


def border_today() -> dt.date:
    return dt.datetime.now(BORDER_ZONE).date()


def step(
    client: TestClient, caller: dict[str, str], record_id: str, version: int, **body: Any
) -> httpx.Response:
    return client.post(
        f"/maintenance/{record_id}/transitions",
        json=body,
        headers={**caller, "If-Match": f'"{version}"'},
    )


# --- happened_on ---------------------------------------------------------------------------


def record_at(
    client: TestClient, h: dict[str, dict[str, str]], status: str, seen_days_ago: int = 10
) -> tuple[str, int]:
    """Damage seen ``seen_days_ago`` days ago, walked by an admin to ``status``."""
    body = {
        "id": str(uuid.uuid4()),
        "marker_code": "585",
        "cause": "flood",
        "description": "Mốc bị nghiêng sau lũ",
        "observed_on": (border_today() - dt.timedelta(days=seen_days_ago)).isoformat(),
    }
    assert client.post("/maintenance", json=body, headers=h["admin"]).status_code == 201
    path = ["assessed", "repair_proposed", "approved", "in_repair"]
    for version, to in enumerate(path[: path.index(status) + 1], start=1):
        assert step(client, h["admin"], body["id"], version, to=to).status_code == 200
    return body["id"], path.index(status) + 2


def test_a_repair_step_keeps_the_day_the_work_was_done(field_api: Api, fresh_db: str) -> None:
    client, h = field_api
    record_id, version = record_at(client, h, "approved")
    three_days_ago = border_today() - dt.timedelta(days=3)
    answer = step(
        client,
        h["guard"],
        record_id,
        version,
        to="in_repair",
        happened_on=three_days_ago.isoformat(),
        note="bắt đầu sửa",
    )
    assert answer.status_code == 200, answer.text
    last = answer.json()["history"][-1]
    assert (last["to_status"], last["happened_on"]) == ("in_repair", three_days_ago.isoformat())
    # Through /sync, as the app sends a step made offline.
    synced = {
        "type": "transition",
        "id": str(uuid.uuid4()),
        "record_id": record_id,
        "to": "repaired",
        "base_version": version + 1,
        "happened_on": (three_days_ago + dt.timedelta(days=1)).isoformat(),
    }
    results = client.post("/sync", json={"records": [synced]}, headers=h["guard"])
    assert [r["status"] for r in results.json()["results"]] == ["created"]
    with db.connect(fresh_db) as conn:
        rows = conn.execute(
            "SELECT to_status, happened_on, created_at::date AS made "
            "FROM maintenance_events WHERE record_id = %s ORDER BY id",
            (record_id,),
        ).fetchall()
    assert [(r["to_status"], r["happened_on"]) for r in rows[-2:]] == [
        ("in_repair", three_days_ago),
        ("repaired", three_days_ago + dt.timedelta(days=1)),
    ]
    assert rows[-1]["made"] != rows[-1]["happened_on"]  # dated by the work, not by the sync


def test_a_step_in_the_future_or_before_the_report_is_refused_and_changes_nothing(
    field_api: Api, fresh_db: str
) -> None:
    client, h = field_api
    record_id, version = record_at(client, h, "approved")
    tomorrow = border_today() + dt.timedelta(days=2)
    before = table_counts_all(fresh_db)
    future = step(
        client, h["guard"], record_id, version, to="in_repair", happened_on=tomorrow.isoformat()
    )
    assert future.status_code == 422
    assert "happened_on" in future.json()["detail"] and "future" in future.json()["detail"]
    early = step(client, h["guard"], record_id, version, to="in_repair", happened_on="2001-01-01")
    assert early.status_code == 422
    assert "before the damage was reported" in early.json()["detail"]
    synced = client.post(
        "/sync",
        headers=h["guard"],
        json={
            "records": [
                {
                    "type": "transition",
                    "id": str(uuid.uuid4()),
                    "record_id": record_id,
                    "to": "in_repair",
                    "base_version": version,
                    "happened_on": "2001-01-01",
                }
            ]
        },
    )
    result = synced.json()["results"][0]
    assert result["status"] == "rejected" and "happened_on" in result["detail"]
    malformed = step(client, h["guard"], record_id, version, to="in_repair", happened_on="hôm qua")
    assert malformed.status_code == 422 and "happened_on" in malformed.json()["detail"]
    assert table_counts_all(fresh_db) == before


def test_a_repair_redone_on_the_same_day_is_two_steps(field_api: Api) -> None:
    """A repair that fails verification and is redone the same day: the same step twice."""
    client, h = field_api
    record_id, version = record_at(client, h, "in_repair")
    today = border_today().isoformat()
    walk = [("guard", "repaired"), ("planner", "in_repair"), ("guard", "repaired")]
    for offset, (role, to) in enumerate(walk):
        answer = step(client, h[role], record_id, version + offset, to=to, happened_on=today)
        assert answer.status_code == 200, answer.text
    history = answer.json()["history"]
    assert [e["to_status"] for e in history[-3:]] == ["repaired", "in_repair", "repaired"]
    assert {e["happened_on"] for e in history[-3:]} == {today}


# --- photos of damage reports --------------------------------------------------------------


def test_damage_photos_follow_the_inspection_photo_rules(
    field_api: Api, fresh_db: str, field_home: Path
) -> None:
    client, h = field_api
    record = report(client, h["guard"], "585")
    lon, lat = marker_point(fresh_db, "585")
    data = jpeg_with_exif(lon, lat, "2024:05:03 07:15:00", color="#7a5230")
    url = f"/maintenance/{record['id']}/photos"
    photo_id = str(uuid.uuid4())
    first = client.post(
        url,
        headers=h["guard"],
        data={"photo_id": photo_id},
        files={"photo": ("sat-lo.jpg", data, "image/jpeg")},
    )
    assert first.status_code == 201, first.text
    doc = first.json()
    assert (doc["id"], doc["maintenance_id"], doc["inspection_id"]) == (
        photo_id,
        record["id"],
        None,
    )
    assert doc["sha256"] == hashlib.sha256(data).hexdigest()
    assert doc["taken_at"].startswith("2024-05-03T00:15:00")  # 07:15 at UTC+7
    stored = field_home / "photos" / doc["sha256"][:2] / f"{doc['sha256']}.jpg"
    assert stored.read_bytes() == data  # kept as sent, EXIF and all
    again = client.post(
        url,
        headers=h["guard"],
        data={"photo_id": photo_id},
        files={"photo": ("sat-lo.jpg", data, "image/jpeg")},
    )
    assert again.status_code == 200 and again.json()["duplicate"] is True
    before = table_counts_all(fresh_db)
    refused = {
        "unknown record": (f"/maintenance/{uuid.uuid4()}/photos", data, 404),
        "not an image": (url, b"GIF89a not really", 422),
        "anonymous": (url, data, 401),
        "ministry": (url, data, 403),
    }
    for what, (target, body, status) in refused.items():
        caller = {"anonymous": h["anonymous"], "ministry": h["ministry"]}.get(what, h["guard"])
        answer = client.post(
            target,
            headers=caller,
            data={"photo_id": str(uuid.uuid4())},
            files={"photo": ("x.jpg", body, "image/jpeg")},
        )
        assert answer.status_code == status, (what, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
    assert table_counts_all(fresh_db) == before
    with db.connect(fresh_db) as conn:
        rows = conn.execute(
            "SELECT maintenance_id::text AS m, inspection_id FROM photos"
        ).fetchall()
    assert rows == [{"m": record["id"], "inspection_id": None}]


def test_a_photo_belongs_to_exactly_one_record(fresh_db: str) -> None:
    import psycopg

    with db.connect(fresh_db) as conn, pytest.raises(psycopg.errors.CheckViolation):
        conn.execute(
            "INSERT INTO photos (id, sha256, media_type, size_bytes, width, height, stored_path, "
            "created_by) VALUES (gen_random_uuid(), repeat('a', 64), 'image/png', 1, 1, 1, "
            "'x.png', 'test')"
        )


# --- the app's files -----------------------------------------------------------------------


def test_the_app_is_handed_every_word_and_value_title_in_each_language() -> None:
    handed = {lang: words(lang) for lang in LANGS}
    assert all(handed[lang].keys() == handed["vi"].keys() for lang in LANGS)
    # Titles of every value the app shows, and the app's own kinds of record and state.
    shown = [
        *values(Condition),
        *values(Cause),
        *values(Severity),
        *values(MaintenanceStatus),
        *values(MarkerStatus),
        "savannakhet",
        "salavan",
    ]
    own = [
        *(f"state.{s}" for s in ("waiting", "retry_later", "conflict", "rejected")),
        *(f"sent.{s}" for s in ("created", "duplicate")),
        *(f"type.{t}" for t in ("inspection", "damage_report", "transition", "patrol")),
    ]
    wanted = [f"value.{value}" for value in shown] + own
    assert [key for key in wanted if key not in handed["vi"]] == []
    assert handed["lo"]["value.tilted"] == "ອຽງ" and handed["en"]["value.tilted"] == "Tilted"


def test_every_label_the_app_names_is_in_the_table() -> None:
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    named = set(re.findall(r'data-t="([\w.]+)"', html))
    for script in (STATIC / "js").glob("*.js"):
        text = script.read_text(encoding="utf-8")
        named |= set(re.findall(r"\b(?:t|button|field|screen)\('([\w.]+)'", text))
    assert len(named) > 100
    assert sorted(named - set(words("vi"))) == []


def test_the_app_files_are_served_and_the_worker_keeps_them_all(client: TestClient) -> None:
    page = client.get("/field")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<script>" not in page.text  # no inline script: a strict CSP can forbid them
    manifest = client.get("/field/manifest.webmanifest")
    assert manifest.headers["content-type"] == "application/manifest+json"
    doc = manifest.json()
    assert (doc["display"], doc["start_url"], doc["scope"]) == ("standalone", "/field", "/field")
    assert {i["sizes"] for i in doc["icons"]} == {"192x192", "512x512"}
    for icon in doc["icons"]:
        answer = client.get(icon["src"])
        assert answer.headers["content-type"] == "image/png"
        assert answer.content.startswith(b"\x89PNG")
    worker = client.get("/field/sw.js")
    assert worker.headers["service-worker-allowed"] == "/field"
    build = build_of(worker.content)
    assert set(build["shell"]) == set(field_app.shell())
    for path in build["shell"]:
        assert client.get(path).status_code == 200, path
    words = client.get("/field/words.json").json()
    assert set(words) == set(LANGS) and words["lo"]["tab_patrol"] == "ລາດຕະເວນ"
    config = client.get("/field/config.json").json()
    assert config["alert"] == {"accuracy_factor": 3.0, "min_m": 5.0}
    assert ["approved", "in_repair", ["admin", "guard", "planner"]] in config["steps"]
    assert client.get("/field/static/../router.py").status_code == 404
    assert client.get("/field/static/js/nothing.js").status_code == 404
    assert client.get("/field/icons/64.png").status_code == 404


def test_first_load_is_under_300_kb_compressed(live_server: str, output_dir: Path) -> None:
    """Every file a first visit loads (map tiles aside), as a browser gets it, gzip-compressed
    (level 6, what servers and proxies use). The figures go to the output (``pytest -s``) and
    to test-output/field/first-load.txt."""
    sizes: dict[str, tuple[int, int]] = {}
    with httpx.Client(base_url=live_server) as http:
        build = build_of(http.get("/field/sw.js").content)
        for path in [*build["shell"], "/field/sw.js"]:
            body = http.get(path).content
            sizes[path] = (len(body), len(gzip.compress(body, compresslevel=6)))
    raw = sum(r for r, _ in sizes.values())
    packed = sum(c for _, c in sizes.values())
    lines = [
        f"field app first load: {len(sizes)} files, {raw / 1024:.1f} KB, "
        f"{packed / 1024:.1f} KB gzip-compressed (limit {FIRST_LOAD_LIMIT // 1024} KB)"
    ]
    lines += [
        f"  {c / 1024:7.1f} KB  {r / 1024:7.1f} KB raw  {path}"
        for path, (r, c) in sorted(sizes.items(), key=lambda item: -item[1][1])
    ]
    print("\n" + "\n".join(lines))
    (output_dir / "field").mkdir(exist_ok=True)
    (output_dir / "field" / "first-load.txt").write_text("\n".join(lines) + "\n")
    assert packed < FIRST_LOAD_LIMIT

"""Bad input gets a 4xx problem+json naming the problem (what, where, why), never a 500, and
no table (nor the photo store) changes.

Every row sends one bad request; the test asserts the status, the media type, the words the
detail must hold (the field's name among them), that no Python object shows in it, and that
every table's row count and the photo folder are what they were before.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bad_inputs import (
    along_border,
    gpx,
    gpx_points,
    gpx_track,
    multipart_with_nul_filename,
    patrol_json,
    png_black,
    png_header_only,
    png_with_bad_checksum,
    track_text,
)
from conftest import (
    add_field_accounts,
    copy_database,
    make_client,
    table_counts_all,
    use_database,
)
from fastapi.testclient import TestClient
from PIL import Image
from test_field_access import damage_body, patrol_body
from test_field_records import inspection, jpeg_with_exif, now

Headers = dict[str, dict[str, str]]
EMPTY_GPX = (
    b'<?xml version="1.0"?><gpx version="1.1" creator="test" '
    b'xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg></trkseg></trk></gpx>'
)
PHOTO_LIMIT = 20 * 1024 * 1024
SEEDED_REPORTED_ID = "00000000-0000-4000-8000-00000000a001"
STORED_PHOTO_ID = "00000000-0000-4000-8000-0000000000f1"
TRACK_LIMIT = 100_000  # the default of COTMOC_MAX_TRACK_VERTICES
NUL = "\x00"
JSON = {"Content-Type": "application/json"}

# A request: (client, headers of every role, id of an inspection made before counting).
Send = Callable[[TestClient, Headers, str], Any]


# Bodies are made when the row runs (times relative to now, large bodies not all at once).
Make = Callable[[], Any]


def photo_of(data: Make, kind: str = "image/png", **form: str) -> Send:
    return lambda c, h, inspection_id: c.post(
        f"/inspections/{inspection_id}/photos",
        headers=h["guard"],
        files={"photo": ("photo.png", data(), kind)},
        data=form,
    )


def gpx_upload(data: Make, **form: str) -> Send:
    return lambda c, h, _: c.post(
        "/patrols/gpx",
        headers=h["guard"],
        files={"gpx": ("patrol.gpx", data(), "application/gpx+xml")},
        data={"id": str(uuid.uuid4()), "vn_unit": "Đồn BP Thanh", **form},
    )


def post_json(path: str, body: Make, role: str = "guard") -> Send:
    return lambda c, h, _: c.post(path, json=body(), headers=h[role])


def post_text(path: str, text: Make, role: str = "guard") -> Send:
    return lambda c, h, _: c.post(path, content=text(), headers={**h[role], **JSON})


def get(path: str) -> Send:
    return lambda c, h, _: c.get(path)


def gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "GIF")
    return buffer.getvalue()


def nul_filename_upload(c: TestClient, h: Headers, inspection_id: str) -> Any:
    photo = jpeg_with_exif(106.6, 16.6, "2024:05:02 09:30:00", color="navy")  # a new photo
    body, content_type = multipart_with_nul_filename("photo", photo)
    return c.post(
        f"/inspections/{inspection_id}/photos",
        content=body,
        headers={**h["guard"], "Content-Type": content_type},
    )


CASES: dict[str, tuple[Send, int, tuple[str, ...]]] = {
    # --- records that are wrong in themselves ----------------------------------------------
    "unknown marker code": (
        post_json("/inspections", lambda: inspection("999(9)", None, None)),
        422,
        ("marker_code", "999(9)"),
    ),
    "time more than 10 minutes in the future": (
        post_json("/inspections", lambda: inspection("585", None, None, observed_at=now(11))),
        422,
        ("observed_at", "future"),
    ),
    "broken JSON": (post_text("/patrols", lambda: b'{"id": "'), 422, ("JSON",)),
    "patrol track outside the stretch": (
        post_json(
            "/patrols",
            lambda: {
                **patrol_body(),
                "track": {"type": "LineString", "coordinates": [[105.85, 21.03], [105.86, 21.04]]},
            },
        ),
        422,
        ("track", "outside the stretch"),
    ),
    "inspection position outside the stretch": (
        post_json("/inspections", lambda: inspection("585", [106.0, 10.8], 5)),
        422,
        ("position", "outside the stretch"),
    ),
    "forbidden transition": (
        lambda c, h, _: c.post(
            f"/maintenance/{SEEDED_REPORTED_ID}/transitions",
            json={"to": "verified"},
            headers={**h["guard"], "If-Match": '"1"'},
        ),
        409,
        ("cannot go to 'verified'",),
    ),
    "damage report without marker or position": (
        post_json("/maintenance", lambda: {**damage_body(), "marker_code": None}),
        422,
        ("marker_code or gives a position",),
    ),
    "naive time without offset": (
        post_json(
            "/inspections", lambda: inspection("585", None, None, observed_at="2024-05-01T08:00:00")
        ),
        422,
        ("UTC offset",),
    ),
    # --- NUL characters, in every kind of text a request carries ---------------------------
    "NUL in a map page's marker code (anonymous)": (
        get("/maps/markers/58%005"),
        400,
        ("path.code", "NUL"),
    ),
    "NUL in a feature id": (
        get("/collections/markers/items/585%00"),
        400,
        ("path.feature_id", "NUL"),
    ),
    "NUL in a collection id": (get("/collections/mar%00kers"), 400, ("path.collection_id",)),
    "NUL in a property query parameter": (
        get("/collections/markers/items?code=58%005"),
        400,
        ("query.code", "NUL"),
    ),
    "NUL in a CQL2 filter": (
        get("/collections/markers/items?filter=code%3D%2758%005%27"),
        400,
        ("query.filter", "NUL"),
    ),
    "NUL in a query parameter's name": (
        get("/collections/markers/items?co%00de=585"),
        400,
        ("query.co", "NUL"),
    ),
    "NUL in the change feed's since": (
        get("/changes?since=2024-01-01%00"),
        400,
        ("query.since", "NUL"),
    ),
    "NUL in the audit trail's entity filter": (
        lambda c, h, _: c.get("/audit?entity=patrols%00", headers=h["admin"]),
        400,
        ("query.entity", "NUL"),
    ),
    "NUL in the login form's user name (anonymous)": (
        lambda c, h, _: c.post("/auth/token", data={"username": f"guard1{NUL}", "password": "x"}),
        422,
        ("body.username", "NUL"),
    ),
    "NUL in the login form's password": (
        lambda c, h, _: c.post("/auth/token", data={"username": "guard1", "password": f"a{NUL}b"}),
        422,
        ("body.password", "NUL"),
    ),
    "NUL in an inspection's notes": (
        post_json("/inspections", lambda: inspection("585", None, None, notes=f"ok{NUL}")),
        422,
        ("body.notes", "NUL"),
    ),
    "NUL in an inspection's marker code": (
        post_json("/inspections", lambda: inspection(f"585{NUL}", None, None)),
        422,
        ("body.marker_code", "NUL"),
    ),
    "NUL in a patrol's unit": (
        post_json("/patrols", lambda: {**patrol_body(), "vn_unit": f"Đồn{NUL}"}),
        422,
        ("body.vn_unit", "NUL"),
    ),
    "NUL in a patrol's participants": (
        post_json("/patrols", lambda: {**patrol_body(), "participants": ["A", f"B{NUL}"]}),
        422,
        ("body.participants", "NUL"),
    ),
    "NUL in a GPX upload's form field": (
        gpx_upload(lambda: gpx([gpx_points(along_border(5))]), notes=f"x{NUL}"),
        422,
        ("body.notes", "NUL"),
    ),
    "NUL in a photo's file name": (nul_filename_upload, 422, ("body.photo", "NUL")),
    "NUL in a damage report's description": (
        post_json("/maintenance", lambda: {**damage_body(), "description": f"lở{NUL}"}),
        422,
        ("body.description", "NUL"),
    ),
    "NUL in a damage report's marker code": (
        post_json("/maintenance", lambda: {**damage_body(), "marker_code": f"585{NUL}"}),
        422,
        ("body.marker_code", "NUL"),
    ),
    "NUL in a transition's note": (
        lambda c, h, _: c.post(
            f"/maintenance/{SEEDED_REPORTED_ID}/transitions",
            json={"to": "assessed", "note": NUL},
            headers={**h["planner"], "If-Match": '"1"'},
        ),
        422,
        ("body.note", "NUL"),
    ),
    "NUL in an inspection policy's section": (
        lambda c, h, _: c.put(
            "/inspections/policy",
            headers=h["planner"],
            json={"section": f"savannakhet{NUL}", "every_days": 7},
        ),
        422,
        ("body.section", "NUL"),
    ),
    # --- images -----------------------------------------------------------------------------
    "oversize photo": (
        photo_of(lambda: b"\xff" * (PHOTO_LIMIT + 1), "image/jpeg"),
        413,
        ("photo", "limit"),
    ),
    "upload larger than any file allowed": (
        photo_of(lambda: b"\xff" * (PHOTO_LIMIT + 2 * 1024 * 1024), "image/jpeg"),
        413,
        ("body", "file upload"),
    ),
    "file that is not an image": (
        photo_of(lambda: b"%PDF-1.4 not a picture", "image/jpeg"),
        422,
        ("photo", "not a readable image", "neither JPEG nor PNG"),
    ),
    "GIF photo": (photo_of(lambda: gif(), "image/gif"), 422, ("photo", "neither JPEG nor PNG")),
    "PNG with a broken checksum": (
        photo_of(lambda: png_with_bad_checksum()),
        422,
        ("photo", "not a readable image"),
    ),
    "PNG whose header says 30000 × 30000": (
        photo_of(lambda: png_header_only(30_000, 30_000)),
        422,
        ("photo", "pixels", "limit"),
    ),
    "decodable 12000 × 12000 PNG": (
        photo_of(lambda: png_black(12_000, 12_000)),
        422,
        ("photo", "12000 × 12000 pixels", "120,000,000"),
    ),
    "photo_id reused for other bytes": (
        photo_of(
            lambda: jpeg_with_exif(106.6, 16.6, "2024:05:02 10:00:00", color="blue"),
            "image/jpeg",
            photo_id=STORED_PHOTO_ID,
        ),
        409,
        ("photo_id", STORED_PHOTO_ID, "other bytes"),
    ),
    # --- geometries -------------------------------------------------------------------------
    "track over the vertex limit": (
        post_text("/patrols", lambda: patrol_json(str(uuid.uuid4()), track_text(TRACK_LIMIT + 1))),
        422,
        ("track", f"{TRACK_LIMIT + 1:,} vertices", f"{TRACK_LIMIT:,}"),
    ),
    "1,000,000-vertex track (over the JSON byte limit)": (
        post_text("/patrols", lambda: patrol_json(str(uuid.uuid4()), track_text(1_000_000))),
        413,
        ("body", "bytes", "COTMOC_MAX_JSON_BYTES"),
    ),
    "1,300,000 compact vertices (over the JSON item limit)": (
        post_text(
            "/patrols", lambda: patrol_json(str(uuid.uuid4()), ",".join(["[0,0]"] * 1_300_000))
        ),
        413,
        ("body", "items", "COTMOC_MAX_JSON_ITEMS"),
    ),
    "NaN in a track": (
        post_text(
            "/patrols",
            lambda: patrol_json(str(uuid.uuid4()), "[106.58,16.62],[NaN,16.63],[106.6,16.64]"),
        ),
        422,
        ("track", "vertex 2", "NaN"),
    ),
    "Infinity in a track": (
        post_text(
            "/patrols", lambda: patrol_json(str(uuid.uuid4()), "[106.58,16.62],[106.59,1e999]")
        ),
        422,
        ("track", "NaN or Infinity"),
    ),
    "NaN in an inspection's position": (
        post_text(
            "/inspections",
            lambda: (
                '{"id":"' + str(uuid.uuid4()) + '","marker_code":"585",'
                '"observed_at":"2024-05-01T08:00:00Z","condition":"intact",'
                '"position":{"type":"Point","coordinates":[NaN,16.6]}}'
            ).encode(),
        ),
        422,
        ("position", "NaN"),
    ),
    "track of text instead of numbers": (
        post_json(
            "/patrols",
            lambda: {
                **patrol_body(),
                "track": {"type": "LineString", "coordinates": [["106.5", "x"], [106.6, 16.6]]},
            },
        ),
        422,
        ("track", "numbers"),
    ),
    "track that never moves": (
        post_json(
            "/patrols",
            lambda: {
                **patrol_body(),
                "track": {"type": "LineString", "coordinates": [[106.6, 16.6]] * 5},
            },
        ),
        422,
        ("track", "two distinct points"),
    ),
    # --- GPX files --------------------------------------------------------------------------
    "GPX with no points": (gpx_upload(lambda: EMPTY_GPX), 422, ("gpx", "no track or route points")),
    "GPX that is HTML": (
        gpx_upload(lambda: b"<html><body>not a track</body></html>"),
        422,
        ("gpx", "not a GPX file"),
    ),
    "GPX whose points carry no time": (
        gpx_upload(lambda: gpx([[{"lon": lon, "lat": lat} for lon, lat in along_border(3)]])),
        422,
        ("gpx", "no times"),
    ),
    "GPX over the vertex limit": (
        gpx_upload(lambda: gpx_track(TRACK_LIMIT + 1)),
        422,
        ("gpx", f"{TRACK_LIMIT + 1:,} vertices", f"{TRACK_LIMIT:,}"),
    ),
    "GPX over its size limit": (
        gpx_upload(lambda: b"<gpx>" + b" " * (10 * 1024 * 1024)),
        413,
        ("gpx", "exceeds"),
    ),
    # --- bodies over their limits -----------------------------------------------------------
    "login form over 1 MB": (
        lambda c, h, _: c.post(
            "/auth/token", data={"username": "x" * (1024 * 1024), "password": "y"}
        ),
        413,
        ("body", "form"),
    ),
}


@dataclass(frozen=True)
class Prepared:
    client: TestClient
    headers: Headers
    inspection_id: str
    url: str
    home: Path


@pytest.fixture(scope="module")
def prepared(
    cluster: Any, template_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Prepared]:
    """One database for every row (a row must change nothing, and each is counted on its
    own): an inspection with a photo, and a reported damage record, made before counting."""
    url = copy_database(cluster, template_url)
    home = tmp_path_factory.mktemp("bad-input-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COTMOC_HOME", str(home))
        use_database(patch, url)
        headers = add_field_accounts(url)
        for client in make_client(patch, url):
            body = inspection("585", None, None)
            made = client.post("/inspections", json=body, headers=headers["admin"])
            assert made.status_code == 201
            damage = {**damage_body(), "id": SEEDED_REPORTED_ID}
            made = client.post("/maintenance", json=damage, headers=headers["admin"])
            assert made.status_code == 201
            photo = jpeg_with_exif(106.6, 16.6, "2024:05:02 09:30:00")
            made = client.post(
                f"/inspections/{body['id']}/photos",
                headers=headers["admin"],
                files={"photo": ("p.jpg", photo, "image/jpeg")},
                data={"photo_id": STORED_PHOTO_ID},
            )
            assert made.status_code == 201, made.text
            yield Prepared(client, headers, body["id"], url, home)
    cluster.drop_database(url.split("/")[-1].split("?")[0])


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_a_named_problem_and_changes_no_table(case: str, prepared: Prepared) -> None:
    send, status, words = CASES[case]
    before = table_counts_all(prepared.url)
    files_before = sorted(prepared.home.rglob("*"))
    answer = send(prepared.client, prepared.headers, prepared.inspection_id)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["status"] == status and problem["title"]
    for word in words:
        assert word in problem["detail"], problem
    assert " object at 0x" not in answer.text and "Traceback" not in answer.text
    assert table_counts_all(prepared.url) == before
    assert sorted(prepared.home.rglob("*")) == files_before


def test_the_same_photo_id_with_the_same_bytes_stays_a_duplicate(prepared: Prepared) -> None:
    before = table_counts_all(prepared.url)
    photo = jpeg_with_exif(106.6, 16.6, "2024:05:02 09:30:00")
    again = prepared.client.post(
        f"/inspections/{prepared.inspection_id}/photos",
        headers=prepared.headers["guard"],
        files={"photo": ("p.jpg", photo, "image/jpeg")},
        data={"photo_id": STORED_PHOTO_ID},
    )
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert again.json()["id"] == STORED_PHOTO_ID
    assert table_counts_all(prepared.url) == before

"""Patrols: JSON with a GeoJSON track, or a GPX file."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, File, Form, Response, UploadFile

from api.auth import CurrentActor, FieldWriter
from api.deps import ConnectionDep
from api.field_errors import etag, problems
from gis.field import gpx, patrols
from gis.field.errors import Rejected, TooLarge
from gis.field.models import PatrolIn, PatrolOut, Track

router = APIRouter(tags=["patrols"])
MAX_GPX_BYTES = 10 * 1024 * 1024
WRITE_PROBLEMS = problems(401, 403, 413)


async def _answer(conn: ConnectionDep, response: Response, patrol_id: UUID,
                  created: bool) -> dict[str, Any]:
    # 201 for a new record, 200 when a retry found it already stored.
    response.status_code = 201 if created else 200
    doc = await patrols.get(conn, patrol_id)
    response.headers["ETag"] = etag(doc["version"])
    response.headers["Location"] = f"/patrols/{patrol_id}"
    return doc


@router.post("/patrols", response_model=PatrolOut, status_code=201, responses=WRITE_PROBLEMS)
async def create_patrol(conn: ConnectionDep, actor: FieldWriter, patrol: PatrolIn,
                        response: Response) -> dict[str, Any]:
    created = await patrols.create(conn, actor, patrol)
    return await _answer(conn, response, patrol.id, created)


@router.post("/patrols/gpx", response_model=PatrolOut, status_code=201,
             responses=WRITE_PROBLEMS)
async def create_patrol_from_gpx(
    conn: ConnectionDep, actor: FieldWriter, response: Response,
    gpx_file: Annotated[UploadFile, File(alias="gpx", description="GPX 1.0/1.1 file")],
    id: Annotated[UUID, Form()],
    vn_unit: Annotated[str, Form(min_length=1, max_length=200)],
    la_unit: Annotated[str | None, Form(max_length=200)] = None,
    joint: Annotated[bool, Form()] = False,
    participants: Annotated[list[str] | None, Form()] = None,
    notes: Annotated[str | None, Form(max_length=4000)] = None,
) -> dict[str, Any]:
    data = await gpx_file.read(MAX_GPX_BYTES + 1)
    if len(data) > MAX_GPX_BYTES:
        raise TooLarge(f"gpx: the file exceeds {MAX_GPX_BYTES} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise Rejected(f"gpx: the file is not UTF-8 text ({err})") from err
    track = gpx.parse(text)
    if track.started_at is None or track.ended_at is None:
        raise Rejected("gpx: the points carry no times, so the patrol has no start and end")
    patrol = PatrolIn(id=id, started_at=track.started_at, ended_at=track.ended_at,
                      vn_unit=vn_unit, la_unit=la_unit, joint=joint,
                      participants=participants or [], track=Track.model_validate(track.geojson()),
                      notes=notes)
    created = await patrols.create(conn, actor, patrol)
    return await _answer(conn, response, patrol.id, created)


@router.get("/patrols/{patrol_id}", response_model=PatrolOut, responses=problems(401, 404))
async def read_patrol(conn: ConnectionDep, _: CurrentActor, patrol_id: UUID,
                      response: Response) -> dict[str, Any]:
    doc = await patrols.get(conn, patrol_id)
    response.headers["ETag"] = etag(doc["version"])
    return doc

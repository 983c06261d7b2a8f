"""Patrols: JSON with a GeoJSON track, or a GPX file."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, File, Form, Response, UploadFile
from pydantic import ValidationError

from api.auth import CurrentActor, FieldWriter
from api.deps import ConnectionDep
from api.problems import problems
from api.responses import answer_read, answer_write
from gis import validation
from gis.field import gpx, patrols
from gis.field.errors import Rejected, TooLarge
from gis.field.models import PatrolIn, PatrolOut, Track
from gis.settings import get_settings

router = APIRouter(tags=["patrols"])
WRITE_PROBLEMS = problems(401, 403, 413)


async def _answer(
    conn: ConnectionDep, response: Response, patrol: PatrolIn, created: bool
) -> dict[str, Any]:
    doc = await patrols.get(conn, patrol.id)
    return answer_write(response, created, "patrols", {**doc, "cleaning": patrol.track.cleaning})


@router.post("/patrols", response_model=PatrolOut, status_code=201, responses=WRITE_PROBLEMS)
async def create_patrol(
    conn: ConnectionDep, actor: FieldWriter, patrol: PatrolIn, response: Response
) -> dict[str, Any]:
    """Store a patrol; the answer's ``cleaning`` says what was cleaned from its track."""
    created = await patrols.create(conn, actor, patrol)
    return await _answer(conn, response, patrol, created)


@router.post("/patrols/gpx", response_model=PatrolOut, status_code=201, responses=WRITE_PROBLEMS)
async def create_patrol_from_gpx(
    conn: ConnectionDep,
    actor: FieldWriter,
    response: Response,
    gpx_file: Annotated[UploadFile, File(alias="gpx", description="GPX 1.0/1.1 file")],
    id: Annotated[UUID, Form()],
    vn_unit: Annotated[str, Form(min_length=1, max_length=200)],
    la_unit: Annotated[str | None, Form(max_length=200)] = None,
    joint: Annotated[bool, Form()] = False,
    participants: Annotated[list[str] | None, Form()] = None,
    notes: Annotated[str | None, Form(max_length=4000)] = None,
) -> dict[str, Any]:
    """Store a patrol from a receiver's GPX file; the answer's ``cleaning`` says what was
    cleaned (points without a fix, elevations, repeated points, one-place segments)."""
    limit = get_settings().max_gpx_bytes
    data = await gpx_file.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"gpx: the file exceeds {limit:,} bytes")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise Rejected(f"gpx: the file is not UTF-8 text ({err})") from err
    parsed = gpx.parse(data)
    if parsed.started_at is None or parsed.ended_at is None:
        raise Rejected("gpx: the points carry no times, so the patrol has no start and end")
    try:
        track = Track.model_validate(
            parsed.geojson(),
            context={
                "points_without_position": parsed.points_without_position,
                "elevations": parsed.elevations,
            },
        )
    except ValidationError as err:
        raise Rejected("gpx: " + validation.summary(err.errors(), "track")) from err
    patrol = PatrolIn(
        id=id,
        started_at=parsed.started_at,
        ended_at=parsed.ended_at,
        vn_unit=vn_unit,
        la_unit=la_unit,
        joint=joint,
        participants=participants or [],
        track=track,
        notes=notes,
    )
    created = await patrols.create(conn, actor, patrol)
    return await _answer(conn, response, patrol, created)


@router.get("/patrols/{patrol_id}", response_model=PatrolOut, responses=problems(401, 404))
async def read_patrol(
    conn: ConnectionDep, _: CurrentActor, patrol_id: UUID, response: Response
) -> dict[str, Any]:
    """One stored patrol, with the markers its track passed and its ETag."""
    return answer_read(response, await patrols.get(conn, patrol_id))

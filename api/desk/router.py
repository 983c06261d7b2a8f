"""The desk's pages: sign-in and sign-out, the work queue, a maintenance record and its next
steps. Reads take the signed-in session; every changing form passes ``check_form`` (origin
and CSRF token) and writes through the same functions as the API, as ``via=web``."""

from __future__ import annotations

import datetime as dt
import secrets
from importlib.resources import files
from typing import Annotated
from urllib.parse import quote, urlsplit
from uuid import UUID

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from api.deps import ConnectionDep
from api.desk.formats import local_time
from api.desk.pages import page_lang as lang_of
from api.desk.pages import render, word
from api.problems import FIELD_STATUS, Problem
from api.routes.photos import readable_photo_kinds
from api.sessions import COOKIE, check_form, check_origin, lifetime, set_cookie, tokens_match
from api.sessions import web_session as session_of
from gis.field import (
    alerts,
    dossier,
    maintenance,
    marker_status,
    patrols,
    photo_views,
    queue,
    sessions,
)
from gis.field.errors import FieldError, NotFound, Rejected, StaleVersion
from gis.field.lifecycle import STEPS
from gis.field.logins import Throttled, login
from gis.field.models import TransitionIn
from gis.settings import get_settings
from gis.vocabulary import FIELD_WRITERS
from layers.labels import label

router = APIRouter(include_in_schema=False)
LangParam = Annotated[str | None, Query(max_length=8)]
LangField = Annotated[str | None, Form(max_length=8)]
OptionalText = Annotated[str | None, Form(max_length=4000)]
LOGIN_COOKIE = "cotmoc_login"  # the sign-in form's CSRF token (there is no session yet)


def local_target(next_url: str | None) -> str:
    """Where to go after signing in: a path on this site, never another site (an open
    redirect would lend our address to a phishing link)."""
    if (
        not next_url
        or not next_url.startswith("/")
        or next_url.startswith("//")
        or "\\" in next_url
        or any(ord(c) < 32 for c in next_url)
    ):
        return "/desk"
    parts = urlsplit(next_url)
    return next_url if not (parts.scheme or parts.netloc) else "/desk"


def to_login(request: Request) -> RedirectResponse:
    """Send a browser without a session to /login, back here afterwards."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(here, safe='')}", status_code=303)


# -- sign-in -----------------------------------------------------------------------------------


def _login_page(
    request: Request,
    lang: str,
    next_url: str,
    status_code: int = 200,
    message: str | None = None,
    name: str = "",
    headers: dict[str, str] | None = None,
) -> Response:
    token = secrets.token_urlsafe(32)
    response = render(
        request,
        "login.html",
        lang,
        None,
        status_code,
        message,
        "error",
        headers=headers,
        login_token=token,
        next=next_url,
        name=name,
    )
    set_cookie(response, LOGIN_COOKIE, token, path="/login")
    return response


@router.get("/login")
async def login_form(
    request: Request,
    next: Annotated[str | None, Query(max_length=2000)] = None,
    lang: LangParam = None,
) -> Response:
    """The sign-in form, with its own CSRF token in a short-lived cookie."""
    return _login_page(request, lang_of(lang), local_target(next))


@router.post("/login")
async def sign_in(
    request: Request,
    conn: ConnectionDep,
    name: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str | None, Form(max_length=100)] = None,
    next: Annotated[str | None, Form(max_length=2000)] = None,
    lang: LangField = None,
) -> Response:
    """Check the name and password (throttled like the API's login), start a session and
    go where ``next`` says, on this site only."""
    lang, target = lang_of(lang), local_target(next)
    check_origin(request)
    if not tokens_match(csrf_token, request.cookies.get(LOGIN_COOKIE, "")):
        return _login_page(request, lang, target, 403, word("form_expired", lang), name)
    account = await login(conn, name, password)
    if isinstance(account, Throttled):
        return _login_page(
            request,
            lang,
            target,
            429,
            word("login_throttled", lang, seconds=account.retry_after),
            name,
            headers={"Retry-After": str(account.retry_after)},
        )
    if account is None:
        return _login_page(request, lang, target, 401, word("login_failed", lang), name)
    session_id = await sessions.begin(conn, account, lifetime())
    response = RedirectResponse(target, status_code=303)
    set_cookie(response, COOKIE, session_id)
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    return response


@router.post("/logout")
async def sign_out(
    request: Request,
    conn: ConnectionDep,
    csrf_token: Annotated[str | None, Form(max_length=100)] = None,
) -> Response:
    """End the session (its row is deleted) and clear the cookie."""
    session_id = request.cookies.get(COOKIE)
    if session_id and await session_of(request) is not None:
        await check_form(request, csrf_token)
        await sessions.end(conn, session_id)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


# -- the work queue ----------------------------------------------------------------------------


@router.get("/desk")
async def work_queue(request: Request, conn: ConnectionDep, lang: LangParam = None) -> Response:
    """What waits for the signed-in role, newest first, with counts."""
    session = await session_of(request)
    if session is None:
        return to_login(request)
    sections = await queue.work_queue(conn, session.actor.role)
    return render(
        request,
        "queue.html",
        lang_of(lang),
        session,
        sections=sections,
        can_acknowledge=session.actor.role in FIELD_WRITERS,
    )


@router.post("/desk/alerts/{alert_id}/acknowledge")
async def acknowledge_alert(
    request: Request,
    conn: ConnectionDep,
    alert_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
    csrf_token: Annotated[str | None, Form(max_length=100)] = None,
    note: OptionalText = None,
    lang: LangField = None,
) -> Response:
    """Acknowledge a displacement alert from the queue (field writers)."""
    session = await check_form(request, csrf_token)
    if session.actor.role not in FIELD_WRITERS:
        raise Problem(
            403, "Forbidden", f"the role '{session.actor.role}' may not acknowledge alerts"
        )
    await alerts.acknowledge(conn, session.actor, alert_id, note or None)
    return RedirectResponse(f"/desk?lang={lang_of(lang)}#open_alerts", status_code=303)


# -- a maintenance record ------------------------------------------------------------------------


def _steps(status: str, role: str, lang: str) -> list[tuple[str, str]]:
    return [
        (to, label(f"desk.step.{frm}.{to}", lang))
        for (frm, to), roles in STEPS.items()
        if frm == status and role in roles
    ]


async def _record_page(
    request: Request,
    conn: ConnectionDep,
    record_id: UUID,
    lang: str,
    status_code: int = 200,
    message: str | None = None,
    message_kind: str = "info",
) -> Response:
    session = await session_of(request)
    if session is None:
        return to_login(request)
    try:
        record = await dossier.maintenance_record(conn, record_id)
    except NotFound as err:
        raise Problem(404, "Unknown maintenance record", err.detail) from err
    steps = _steps(record["status"], session.actor.role, lang)
    return render(
        request,
        "maintenance.html",
        lang,
        session,
        status_code,
        message,
        message_kind,
        record=record,
        steps=steps,
        photos=record["photos"],
        verifying=any(to == "verified" for to, _ in steps) and record["marker_code"] is not None,
        marker_statuses=marker_status.MARKER_STATUSES,
    )


@router.get("/desk/maintenance/{record_id}")
async def maintenance_record(
    request: Request,
    conn: ConnectionDep,
    record_id: UUID,
    lang: LangParam = None,
    done: bool = False,
) -> Response:
    """A maintenance record: its history, photos and the next steps this role may take."""
    lang = lang_of(lang)
    return await _record_page(
        request, conn, record_id, lang, message=word("done", lang) if done else None
    )


def _step_from_form(
    to: str, note: str | None, document_ref: str | None, happened_on: str | None
) -> TransitionIn:
    try:
        day = dt.date.fromisoformat(happened_on) if happened_on else None
        return TransitionIn.model_validate(
            {
                "to": to,
                "note": note or None,
                "document_ref": document_ref or None,
                "happened_on": day,
            }
        )
    except ValueError as err:  # pydantic's ValidationError is a ValueError too
        where = (
            "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors())
            if isinstance(err, ValidationError)
            else (f"happened_on: '{happened_on}' is not a date (YYYY-MM-DD)")
        )
        raise Rejected(where) from err


@router.post("/desk/maintenance/{record_id}/steps")
async def take_step(
    request: Request,
    conn: ConnectionDep,
    record_id: UUID,
    to: Annotated[str, Form(max_length=40)],
    version: Annotated[int, Form(ge=1)],
    csrf_token: Annotated[str | None, Form(max_length=100)] = None,
    note: OptionalText = None,
    document_ref: Annotated[str | None, Form(max_length=200)] = None,
    happened_on: Annotated[str | None, Form(max_length=20)] = None,
    marker_status_after: Annotated[str | None, Form(alias="marker_status", max_length=40)] = None,
    marker_version: Annotated[int | None, Form(ge=1)] = None,
    lang: LangField = None,
) -> Response:
    """One lifecycle step; with 'verified', optionally the marker's status set back in the
    same transaction (the planner's choice on the form)."""
    lang = lang_of(lang)
    session = await check_form(request, csrf_token)
    try:
        step = _step_from_form(to, note, document_ref, happened_on)
        async with conn.transaction():
            await maintenance.transition(conn, session.actor, record_id, step, version)
            if to == "verified" and marker_status_after:
                await _set_marker_back(
                    conn, session, record_id, marker_status_after, marker_version
                )
    except FieldError as err:
        return await _refused(request, conn, record_id, lang, err)
    return RedirectResponse(f"/desk/maintenance/{record_id}?lang={lang}&done=1", status_code=303)


async def _set_marker_back(
    conn: ConnectionDep,
    session: sessions.WebSession,
    record_id: UUID,
    status: str,
    version: int | None,
) -> None:
    record = await dossier.maintenance_record(conn, record_id)
    if record["marker_code"] is None:
        raise Rejected("marker_status: this record names no marker")
    await marker_status.set_status(
        conn,
        session.actor,
        record["marker_code"],
        status,
        version if version is not None else record["marker_version"],
        f"repair verified (maintenance record {record_id})",
    )


async def _refused(
    request: Request, conn: ConnectionDep, record_id: UUID, lang: str, err: FieldError
) -> Response:
    """The record page again, saying why nothing was changed."""
    status_code = next(
        (code for kind, (code, _) in FIELD_STATUS.items() if isinstance(err, kind)), 422
    )
    if isinstance(err, StaleVersion):
        last = await dossier.last_change(conn, record_id)
        message = word(
            "stale",
            lang,
            actor=last["actor"] if last else "?",
            at=local_time(last["created_at"]) if last else "?",
        )
    else:
        message = f"{word('refused', lang)} {err.detail}"
    return await _record_page(request, conn, record_id, lang, status_code, message, "error")


# -- a marker, an inspection, a patrol ----------------------------------------------------------


def _page_cursor(before: str | None) -> tuple[dt.datetime, UUID] | None:
    """The keyset of the older page's link: "<observed_at ISO>,<inspection id>"."""
    if not before:
        return None
    try:
        at, _, inspection_id = before.rpartition(",")
        return dt.datetime.fromisoformat(at), UUID(inspection_id)
    except ValueError as err:
        raise Problem(
            400,
            "Invalid page",
            f"before: '{before}' is not a page of this list; follow the page's own links",
        ) from err


@router.get("/desk/markers/{code:path}")
async def marker_dossier(
    request: Request,
    conn: ConnectionDep,
    code: str,
    lang: LangParam = None,
    before: Annotated[str | None, Query(max_length=100)] = None,
) -> Response:
    """A marker's dossier: registry facts with provenance, last inspection, open damage,
    alerts, inspections in pages, repairs and photos."""
    session = await session_of(request)
    if session is None:
        return to_login(request)
    lang = lang_of(lang)
    try:
        marker = await dossier.marker(conn, code)
    except NotFound as err:
        raise Problem(404, "Unknown marker", err.detail) from err
    page, more = await dossier.marker_inspections(conn, marker["id"], _page_cursor(before))
    latest, _ = await dossier.marker_inspections(conn, marker["id"], None)
    older = None
    if more:
        last = page[-1]
        cursor = f"{last['observed_at'].isoformat()},{last['id']}"
        older = f"?lang={lang}&before={quote(cursor)}#inspections"
    photos = await photo_views.of_marker(conn, code, await readable_photo_kinds(request))
    return render(
        request,
        "marker.html",
        lang,
        session,
        marker=marker,
        inspections=page,
        older=older,
        paged=before is not None,
        last=latest[0] if latest else None,
        photos=photos,
    )


@router.get("/desk/inspections/{inspection_id}")
async def inspection_page(
    request: Request, conn: ConnectionDep, inspection_id: UUID, lang: LangParam = None
) -> Response:
    """An inspection: what was found, its photos and versions."""
    session = await session_of(request)
    if session is None:
        return to_login(request)
    try:
        record = await dossier.inspection(conn, inspection_id)
    except NotFound as err:
        raise Problem(404, "Unknown inspection", err.detail) from err
    return render(
        request, "inspection.html", lang_of(lang), session, record=record, photos=record["photos"]
    )


@router.get("/desk/patrols/{patrol_id}")
async def patrol_page(
    request: Request, conn: ConnectionDep, patrol_id: UUID, lang: LangParam = None
) -> Response:
    """A patrol: its track on a map, the markers passed, units and participants."""
    session = await session_of(request)
    if session is None:
        return to_login(request)
    try:
        record = await dossier.patrol(conn, patrol_id)
        passed = (await patrols.get(conn, patrol_id))["markers_passed"]
    except NotFound as err:
        raise Problem(404, "Unknown patrol", err.detail) from err
    settings = get_settings()
    return render(
        request,
        "patrol.html",
        lang_of(lang),
        session,
        record=record,
        markers_passed=passed,
        tile_url=settings.tile_url,
        tile_attribution=settings.tile_attribution,
    )


STATIC = {
    "desk.css": "text/css; charset=utf-8",
    "track.js": "text/javascript; charset=utf-8",
    "features.js": "text/javascript; charset=utf-8",
}


@router.get("/desk/static/{name}")
async def static_file(name: str) -> Response:
    """The desk's own CSS and scripts."""
    if name not in STATIC:
        raise Problem(404, "Unknown file", f"no desk file '{name}'")
    return Response(
        files("api.desk").joinpath("static", name).read_bytes(),
        media_type=STATIC[name],
        headers={"Cache-Control": "public, max-age=3600"},
    )

"""The admins' pages of the desk (issue 11): users (add, deactivate, activate, new password),
API keys (created and shown once, revoked, last use) and the audit trail with filters and
pages. Every change goes through ``gis.field.accounts`` as ``via=web``, like the command
line's."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from api.deps import ConnectionDep
from api.desk.pages import page_lang as lang_of
from api.desk.pages import render, word
from api.problems import Problem
from api.sessions import check_form
from api.sessions import web_session as session_of
from gis import audit
from gis.field import accounts
from gis.field.errors import FieldError
from gis.field.sessions import WebSession
from gis.vocabulary import AuditChannel, values

router = APIRouter(prefix="/desk/admin", include_in_schema=False)
AUDIT_PAGE = 50
Csrf = Annotated[str | None, Form(max_length=100)]
Lang = Annotated[str | None, Form(max_length=8)]
Name = Annotated[str, Form(min_length=2, max_length=64)]


async def _admin(request: Request) -> WebSession | None:
    session = await session_of(request)
    if session is not None and session.actor.role != "admin":
        raise Problem(403, "Forbidden", "the administration pages are for admins")
    return session


def _to_login(request: Request) -> RedirectResponse:
    from api.desk.router import to_login

    return to_login(request)


async def _form_admin(request: Request, csrf_token: str | None) -> WebSession:
    session = await check_form(request, csrf_token)
    if session.actor.role != "admin":
        raise Problem(403, "Forbidden", "the administration pages are for admins")
    return session


def _back(path: str, lang: str | None) -> RedirectResponse:
    return RedirectResponse(f"/desk/admin/{path}?lang={lang_of(lang)}&done=1", status_code=303)


# -- users ---------------------------------------------------------------------------------------


async def _users_page(
    request: Request,
    conn: ConnectionDep,
    session: WebSession,
    lang: str,
    status_code: int = 200,
    message: str | None = None,
    kind: str = "info",
) -> Response:
    users = await accounts.list_users(conn, session.actor)
    return render(
        request,
        "admin_users.html",
        lang,
        session,
        status_code,
        message,
        kind,
        users=users,
        roles=accounts.ROLES,
    )


@router.get("/users")
async def users(
    request: Request,
    conn: ConnectionDep,
    lang: Annotated[str | None, Query(max_length=8)] = None,
    done: bool = False,
) -> Response:
    """The users: add one, deactivate or activate one, set a new password."""
    session = await _admin(request)
    if session is None:
        return _to_login(request)
    lang = lang_of(lang)
    return await _users_page(
        request, conn, session, lang, message=word("done", lang) if done else None
    )


async def _user_change(
    request: Request,
    conn: ConnectionDep,
    session: WebSession,
    lang: str | None,
    change: Awaitable[object],
) -> Response:
    try:
        await change
    except FieldError as err:
        return await _users_page(
            request,
            conn,
            session,
            lang_of(lang),
            422,
            f"{word('refused', lang_of(lang))} {err.detail}",
            "error",
        )
    return _back("users", lang)


@router.post("/users")
async def add_user(
    request: Request,
    conn: ConnectionDep,
    name: Name,
    role: Annotated[str, Form(max_length=20)],
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Csrf = None,
    lang: Lang = None,
) -> Response:
    """Add a user (name, role, first password) from the users page."""
    session = await _form_admin(request, csrf_token)
    return await _user_change(
        request, conn, session, lang, accounts.add_user(conn, session.actor, name, role, password)
    )


@router.post("/users/{name}/{change}")
async def change_user(
    request: Request,
    conn: ConnectionDep,
    name: str,
    change: Literal["deactivate", "activate", "password"],
    csrf_token: Csrf = None,
    password: Annotated[str | None, Form(max_length=1024)] = None,
    lang: Lang = None,
) -> Response:
    """Deactivate or activate a user, or set a new password."""
    session = await _form_admin(request, csrf_token)
    if change == "deactivate":
        work = accounts.deactivate_user(conn, session.actor, name)
    elif change == "activate":
        work = accounts.activate_user(conn, session.actor, name)
    else:
        work = accounts.set_password(conn, session.actor, name, password or "")
    return await _user_change(request, conn, session, lang, work)


# -- API keys ------------------------------------------------------------------------------------


async def _keys_page(
    request: Request,
    conn: ConnectionDep,
    session: WebSession,
    lang: str,
    status_code: int = 200,
    message: str | None = None,
    kind: str = "info",
    new_key: str | None = None,
) -> Response:
    keys = await accounts.list_api_keys(conn, session.actor)
    return render(
        request,
        "admin_keys.html",
        lang,
        session,
        status_code,
        message,
        kind,
        keys=keys,
        roles=accounts.ROLES,
        new_key=new_key,
    )


@router.get("/keys")
async def keys(
    request: Request,
    conn: ConnectionDep,
    lang: Annotated[str | None, Query(max_length=8)] = None,
    done: bool = False,
) -> Response:
    """The API keys: their role, creation and last use; a new key is shown once."""
    session = await _admin(request)
    if session is None:
        return _to_login(request)
    lang = lang_of(lang)
    return await _keys_page(
        request, conn, session, lang, message=word("done", lang) if done else None
    )


@router.post("/keys")
async def create_key(
    request: Request,
    conn: ConnectionDep,
    name: Name,
    role: Annotated[str, Form(max_length=20)],
    csrf_token: Csrf = None,
    lang: Lang = None,
) -> Response:
    """The key is on this answer only (not a redirect: no URL or history entry holds it)."""
    session = await _form_admin(request, csrf_token)
    try:
        _, key = await accounts.add_api_key(conn, session.actor, name, role)
    except FieldError as err:
        return await _keys_page(
            request,
            conn,
            session,
            lang_of(lang),
            422,
            f"{word('refused', lang_of(lang))} {err.detail}",
            "error",
        )
    return await _keys_page(request, conn, session, lang_of(lang), 201, new_key=key)


@router.post("/keys/{name}/revoke")
async def revoke_key(
    request: Request, conn: ConnectionDep, name: str, csrf_token: Csrf = None, lang: Lang = None
) -> Response:
    """Revoke an API key: it is refused from now on."""
    session = await _form_admin(request, csrf_token)
    try:
        await accounts.revoke_api_key(conn, session.actor, name)
    except FieldError as err:
        return await _keys_page(
            request,
            conn,
            session,
            lang_of(lang),
            422,
            f"{word('refused', lang_of(lang))} {err.detail}",
            "error",
        )
    return _back("keys", lang)


# -- the audit trail -------------------------------------------------------------------------------


@router.get("/audit")
async def audit_trail(
    request: Request,
    conn: ConnectionDep,
    lang: Annotated[str | None, Query(max_length=8)] = None,
    entity: Annotated[str | None, Query(max_length=64)] = None,
    entity_id: Annotated[str | None, Query(max_length=200)] = None,
    actor: Annotated[str | None, Query(max_length=100)] = None,
    via: Annotated[AuditChannel | None, Query()] = None,
    before: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
) -> Response:
    """The audit trail, newest first, filtered by table, record, actor or channel, in
    keyset pages (``before`` an entry id)."""
    session = await _admin(request)
    if session is None:
        return _to_login(request)
    filters = {
        "entity": entity or None,
        "entity_id": entity_id or None,
        "actor": actor or None,
        "via": via,
    }
    rows = await audit.recent(conn, AUDIT_PAGE + 1, before=before, **filters)
    older = None
    if len(rows) > AUDIT_PAGE:
        rows = rows[:AUDIT_PAGE]
        older = {**{k: v for k, v in filters.items() if v}, "before": rows[-1]["id"]}
    return render(
        request,
        "admin_audit.html",
        lang_of(lang),
        session,
        rows=rows,
        filters=filters,
        vias=values(AuditChannel),
        older=older,
    )

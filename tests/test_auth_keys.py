"""No published secret: the signing key is the server's own, a token is honoured only for an
active user at its token version, revoked keys are refused, failed logins are slowed down
for their name across processes, and the account commands audit what they do."""

from __future__ import annotations

import ast
import base64
import concurrent.futures
import hashlib
import hmac
import json
import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from conftest import FIELD_PASSWORD, app_url
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api import auth
from gis import db
from gis.field import logins
from gis.secret_key import SecretKeyError, key_file, signing_key
from gis.settings import PROJECT_ROOT, Settings, get_settings

Api = tuple[TestClient, dict[str, dict[str, str]]]
# The constant gis/settings.py held before this change: anyone could mint tokens with it.
OLD_DEFAULT_SECRET = "development-only-secret-set-COTMOC_SECRET_KEY"
SOURCE_FOLDERS = ("gis", "layers", "maps", "api", "migrations", "tests", "bench", "scripts")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign_hs256(claims: dict[str, Any], key: bytes) -> str:
    """A JWT signed by hand, so that any byte string (even an empty one) can be the key."""
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64url(json.dumps(claims).encode())
    signature = hmac.new(key, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64url(signature)}"


def source_constants() -> set[bytes]:
    """Every string and bytes literal in the project's Python source, and the old default."""
    found = {OLD_DEFAULT_SECRET.encode()}
    for folder in SOURCE_FOLDERS:
        for path in (PROJECT_ROOT / folder).rglob("*.py"):
            if any(part.startswith(".") for part in path.relative_to(PROJECT_ROOT).parts):
                continue  # not the project's: bench/.peers holds the peers' environments
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    found.add(node.value.encode())
                elif isinstance(node, ast.Constant) and isinstance(node.value, bytes):
                    found.add(node.value)
    return found


def claims_of(headers: dict[str, str]) -> dict[str, Any]:
    token = headers["Authorization"].removeprefix("Bearer ")
    return jwt.decode(token, options={"verify_signature": False})


def bearer_text(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, fresh_db: str) -> Iterator[Any]:
    """``cotmoc …`` run in-process against the private copy, as the application role."""
    from api.cli import app, main  # noqa: F401  (main registers the sub-apps)
    from api.cli_accounts import keys_app, users_app

    monkeypatch.setenv("DATABASE_URL", app_url(fresh_db))
    get_settings.cache_clear()
    app.add_typer(users_app, name="users")
    app.add_typer(keys_app, name="keys")
    runner = CliRunner()

    def run(*args: str, stdin: str | None = None) -> Any:
        return runner.invoke(app, list(args), input=stdin)

    yield run
    get_settings.cache_clear()


def login(client: TestClient | httpx.Client, name: str, password: str) -> Any:
    return client.post("/auth/token", data={"username": name, "password": password})


# -- the signing key ----------------------------------------------------------------------------


def test_the_signing_key_is_made_once_at_random_and_readable_by_its_owner_only(
    tmp_path: Path,
) -> None:
    first_home, second_home = tmp_path / "a", tmp_path / "b"
    key = signing_key(Settings(home=first_home))
    path = key_file(first_home)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(key) >= 32 and key == path.read_text().strip()
    assert signing_key(Settings(home=first_home)) == key  # kept, not made again
    assert signing_key(Settings(home=second_home)) != key  # random: every home its own
    assert [p.name for p in first_home.iterdir()] == ["secret_key"]  # no temporary left
    # COTMOC_SECRET_KEY wins over the file.
    assert signing_key(Settings(home=first_home, secret_key="k" * 40)) == "k" * 40
    # A key file others may read is refused, with the fix in the message.
    third = tmp_path / "c"
    third.mkdir()
    key_file(third).write_text("r" * 64)
    os.chmod(key_file(third), 0o644)
    with pytest.raises(SecretKeyError, match="chmod 600"):
        signing_key(Settings(home=third))


def test_no_constant_from_the_source_signs_a_token_the_api_accepts(field_api: Api) -> None:
    client, headers = field_api
    claims = claims_of(headers["admin"])  # a real admin's claims: only the key is forged
    honest = sign_hs256(claims, signing_key().encode())
    assert client.get("/audit", headers=bearer_text(honest)).status_code == 200
    constants = source_constants()
    assert OLD_DEFAULT_SECRET.encode() in constants and len(constants) > 1000
    accepted = [
        key
        for key in constants
        if client.get("/audit", headers=bearer_text(sign_hs256(claims, key))).status_code != 401
    ]
    assert accepted == []
    unsigned = (
        b64url(json.dumps({"alg": "none", "typ": "JWT"}).encode())
        + "."
        + b64url(json.dumps(claims).encode())
        + "."
    )
    answer = client.get("/audit", headers=bearer_text(unsigned))
    assert answer.status_code == 401
    assert answer.headers["content-type"] == "application/problem+json"


def test_tokens_of_unknown_or_changed_users_are_refused(field_api: Api) -> None:
    client, headers = field_api
    admin = claims_of(headers["admin"])
    guard = claims_of(headers["guard"])
    key = signing_key().encode()
    forged = {
        "unknown user": {**admin, "sub": "ghost", "uid": 999_999},
        "known name, other id": {**admin, "uid": admin["uid"] + 1000},
        "a guard calling itself admin": {**guard, "role": "admin"},
        "an old token version": {**admin, "ver": admin["ver"] - 1},
    }
    answers = {
        why: client.get("/audit", headers=bearer_text(sign_hs256(claims, key)))
        for why, claims in forged.items()
    }
    assert {why: a.status_code for why, a in answers.items()} == dict.fromkeys(forged, 401)
    assert "sign in again" in answers["unknown user"].json()["detail"]


def test_a_token_seen_before_is_still_refused_once_expired_tampered_or_revoked(
    field_api: Api, cli: Any
) -> None:
    """The checked signatures kept by api.auth.VERIFIED_TOKENS spare only the signature
    check: expiry and the account are checked on every request."""
    client, headers = field_api
    claims = claims_of(headers["admin"])
    key = signing_key().encode()
    brief = sign_hs256({**claims, "exp": int(time.time()) + 2}, key)
    assert client.get("/audit", headers=bearer_text(brief)).status_code == 200
    assert (signing_key(), brief) in auth.VERIFIED_TOKENS._claims  # kept: the next is a hit
    assert client.get("/audit", headers=bearer_text(brief)).status_code == 200
    time.sleep(max(0.0, claims_of(bearer_text(brief))["exp"] - time.time()) + 0.2)
    expired = client.get("/audit", headers=bearer_text(brief))
    assert expired.status_code == 401 and "expired" in expired.json()["detail"]
    assert expired.headers["content-type"] == "application/problem+json"

    token = headers["admin"]["Authorization"].removeprefix("Bearer ")
    assert client.get("/audit", headers=headers["admin"]).status_code == 200
    signature = token.rsplit(".", 1)[1]
    tampered = token[: -len(signature)] + ("A" if signature[0] != "A" else "B") + signature[1:]
    assert client.get("/audit", headers=bearer_text(tampered)).status_code == 401
    # A reading route looks the account up in its own transaction (api.auth._with_connection).
    items = "/collections/inspections/items?limit=1"
    assert client.get(items, headers=headers["admin"]).status_code == 200
    assert client.get(items, headers=bearer_text(tampered)).status_code == 401
    assert cli("users", "deactivate", "admin1").exit_code == 0
    assert client.get("/audit", headers=headers["admin"]).status_code == 401  # at once
    refused = client.get(items, headers=headers["admin"])
    assert refused.status_code == 401 and "sign in again" in refused.json()["detail"]
    assert client.get(items, headers=headers["guard"]).status_code == 200  # the pool is sound


# -- deactivation, passwords, key revocation, listings ------------------------------------------


def test_deactivated_users_and_changed_passwords_end_their_tokens(
    field_api: Api, cli: Any, fresh_db: str
) -> None:
    client, headers = field_api
    assert client.get("/audit", headers=headers["admin"]).status_code == 200

    assert cli("users", "deactivate", "admin1").exit_code == 0
    assert client.get("/audit", headers=headers["admin"]).status_code == 401
    assert login(client, "admin1", FIELD_PASSWORD).status_code == 401
    assert cli("users", "activate", "admin1").exit_code == 0
    assert client.get("/audit", headers=headers["admin"]).status_code == 401  # stays void
    fresh = login(client, "admin1", FIELD_PASSWORD)
    assert fresh.status_code == 200
    assert (
        client.get("/audit", headers=bearer_text(fresh.json()["access_token"])).status_code == 200
    )

    assert client.get("/alerts", headers=headers["guard"]).status_code == 200
    changed = cli("users", "passwd", "guard1", stdin="a new long passphrase\n")
    assert changed.exit_code == 0, changed.output
    assert client.get("/alerts", headers=headers["guard"]).status_code == 401
    assert login(client, "guard1", FIELD_PASSWORD).status_code == 401
    assert login(client, "guard1", "a new long passphrase").status_code == 200
    short = cli("users", "passwd", "guard1", stdin="short\n")
    assert short.exit_code == 1 and "at least 8" in short.output
    assert cli("users", "deactivate", "nobody").exit_code == 1

    with db.connect(fresh_db) as conn:
        rows = conn.execute(
            "SELECT action, via, before, after FROM audit_log WHERE entity = 'users' "
            "AND action IN ('deactivate', 'activate', 'passwd') ORDER BY id"
        ).fetchall()
    assert [(r["action"], r["via"]) for r in rows] == [
        ("deactivate", "cli"),
        ("activate", "cli"),
        ("passwd", "cli"),
    ]
    assert (rows[0]["before"]["active"], rows[0]["after"]["active"]) == (True, False)
    assert rows[2]["after"]["token_version"] == rows[2]["before"]["token_version"] + 1
    assert all("password_hash" not in (r["before"] or {}) | (r["after"] or {}) for r in rows)


def test_a_revoked_key_is_refused_and_listings_name_no_secret(
    field_api: Api, cli: Any, fresh_db: str
) -> None:
    client, headers = field_api
    assert client.get("/alerts", headers=headers["ministry"]).status_code == 200
    assert login(client, "planner1", FIELD_PASSWORD).status_code == 200

    keys = cli("keys", "list")
    assert keys.exit_code == 0, keys.output
    ministry = next(line for line in keys.output.splitlines() if line.startswith("ministry1"))
    assert ministry.split()[1] == "ministry" and ministry.rstrip().endswith("-")  # not revoked
    assert len(ministry.split()) == 7  # name, role, created (2), last used (2), revoked: -
    users = cli("users", "list")
    planner = next(line for line in users.output.splitlines() if line.startswith("planner1"))
    guard = next(line for line in users.output.splitlines() if line.startswith("guard1"))
    assert planner.split()[1:3] == ["planner", "yes"] and len(planner.split()) == 7
    assert guard.rstrip().endswith("-")  # guard1 never logged in

    assert cli("keys", "revoke", "ministry1").exit_code == 0
    refused = client.get("/alerts", headers=headers["ministry"])
    assert refused.status_code == 401 and "X-API-Key" in refused.json()["detail"]
    again = cli("keys", "revoke", "ministry1")
    assert again.exit_code == 1 and "already revoked" in again.output
    assert cli("keys", "revoke", "no-such-key").exit_code == 1
    revoked = next(
        line for line in cli("keys", "list").output.splitlines() if line.startswith("ministry1")
    )
    assert not revoked.rstrip().endswith("-")

    with db.connect(fresh_db) as conn:
        secrets = [r["key_hash"] for r in conn.execute("SELECT key_hash FROM api_keys")]
        secrets += [r["password_hash"] for r in conn.execute("SELECT password_hash FROM users")]
        audited = conn.execute(
            "SELECT action, entity FROM audit_log WHERE via = 'cli' AND action IN "
            "('list', 'revoke') ORDER BY id"
        ).fetchall()
    key = headers["ministry"]["X-API-Key"]
    for output in (keys.output, users.output, revoked):
        assert key not in output and "$argon2" not in output
        assert not any(secret in output for secret in secrets)
    assert [(a["action"], a["entity"]) for a in audited] == [
        ("list", "api_keys"),
        ("list", "users"),
        ("revoke", "api_keys"),
        ("list", "api_keys"),
    ]


# -- failed logins --------------------------------------------------------------------------


@pytest.fixture
def second_process(fresh_db: str, field_home: Path) -> Iterator[str]:
    """The API in a process of its own (uvicorn), on the same database and home."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": app_url(fresh_db), "COTMOC_HOME": str(field_home)}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "api.app:create_app",
            "--factory",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=PROJECT_ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/conformance", timeout=5)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the second API process did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def failures(url: str, name: str) -> dict[str, Any] | None:
    with db.connect(url) as conn:
        return conn.execute(
            "SELECT failures, blocked_until - last_attempt_at AS block FROM login_failures "
            "WHERE name = %s",
            (name,),
        ).fetchone()


def expire_block(url: str, name: str) -> None:
    """What waiting out the block would do."""
    with db.connect(url) as conn:
        conn.execute(
            "UPDATE login_failures SET blocked_until = now() - interval '1 second' WHERE name = %s",
            (name,),
        )


def test_failed_logins_for_a_name_are_slowed_down_in_every_process(
    field_api: Api, second_process: str, fresh_db: str
) -> None:
    first, _ = field_api
    with httpx.Client(base_url=second_process, timeout=60) as second:
        for _ in range(logins.FREE_FAILURES):
            assert login(first, "guard1", "wrong password").status_code == 401
        # The right password, in another process: refused while the name is blocked.
        blocked = login(second, "guard1", FIELD_PASSWORD)
        assert blocked.status_code == 429
        assert blocked.headers["content-type"] == "application/problem+json"
        assert 1 <= int(blocked.headers["Retry-After"]) <= 60
        assert blocked.json()["detail"].startswith("username: 5 failed logins")
        assert login(second, "planner1", FIELD_PASSWORD).status_code == 200  # per name
        counted = failures(fresh_db, "guard1")
        assert counted is not None and counted["failures"] == logins.FREE_FAILURES

        expire_block(fresh_db, "guard1")
        assert login(second, "guard1", FIELD_PASSWORD).status_code == 200
        assert failures(fresh_db, "guard1") is None  # a success forgets the failures

        # Each failure beyond the free ones blocks for twice as long.
        for _ in range(logins.FREE_FAILURES):
            login(first, "guard1", "wrong password")
        expire_block(fresh_db, "guard1")
        assert login(second, "guard1", "wrong password").status_code == 401
        counted = failures(fresh_db, "guard1")
        assert counted is not None and counted["block"].total_seconds() == 120
        assert login(first, "guard1", FIELD_PASSWORD).status_code == 429

        # A name nobody has is counted alike, so the answers do not tell which names exist.
        statuses = [
            login(second, "nobody", "x" * 10).status_code for _ in range(logins.FREE_FAILURES + 1)
        ]
        assert statuses == [401] * logins.FREE_FAILURES + [429]


def test_concurrent_guesses_get_no_more_tries_than_one_by_one(
    field_api: Api, second_process: str, fresh_db: str
) -> None:
    first, _ = field_api

    def guess(i: int) -> int:
        with httpx.Client(base_url=second_process, timeout=120) as client:
            return int(login(client, "planner1", f"guess number {i}").status_code)

    with concurrent.futures.ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(guess, range(24)))
    assert sorted(statuses) == [401] * logins.FREE_FAILURES + [429] * (24 - logins.FREE_FAILURES)
    assert login(first, "planner1", FIELD_PASSWORD).status_code == 429

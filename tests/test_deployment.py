"""The docker-compose deployment, checked as far as a machine without a Docker engine allows
(issue 17): the file's wiring and secrets, the configurations it mounts, and Compose's own
validation when a Compose client is installed (`docker-compose config`; it is not in
scripts/system-deps.sh, so CI checks the wiring only)."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
SECRETS = ("COTMOC_DB_PASSWORD", "COTMOC_REPLICATION_PASSWORD", "COTMOC_SECRET_KEY")


def compose() -> dict[str, Any]:
    return dict(yaml.safe_load(COMPOSE.read_text()))


def test_the_services_of_the_deployment() -> None:
    services = compose()["services"]
    assert set(services) == {"primary", "standby", "pgbouncer", "migrate", "api1", "api2", "proxy"}
    for worker in ("api1", "api2"):
        env = services[worker]["environment"]
        assert re.fullmatch(
            r"postgresql://cotmoc:\$\{COTMOC_DB_PASSWORD[^}]*\}@pgbouncer:6432/"
            r"cotmoc",
            env["DATABASE_URL"],
        )
        assert "@standby:5432/cotmoc" in env["COTMOC_READ_DATABASE_URL"]
        assert "photos:/data" in services[worker]["volumes"]
        assert "/readyz" in " ".join(services[worker]["healthcheck"]["test"])
    assert "@primary:5432/" in services["migrate"]["environment"]["DATABASE_URL"]
    assert "wal_level=logical" in services["primary"]["command"]
    assert "plan_cache_mode=force_custom_plan" in services["primary"]["command"]


def test_no_password_or_key_is_written_in_the_deployment() -> None:
    text = COMPOSE.read_text()
    for name in (
        "POSTGRES_PASSWORD",
        "COTMOC_SECRET_KEY",
        "COTMOC_REPLICATION_PASSWORD",
        "COTMOC_DB_PASSWORD",
    ):
        for value in re.findall(rf"{name}: (.+)", text):
            assert value.startswith("${"), f"{name} is given a value in the file: {value}"
    assert not re.search(r"://cotmoc:(?!\$\{)", text)  # every URL takes the variable


def test_the_mounted_configurations() -> None:
    ini = configparser.ConfigParser(inline_comment_prefixes=(";",))
    ini.read(ROOT / "deploy" / "pgbouncer.ini")
    assert ini["pgbouncer"]["pool_mode"] == "transaction"
    assert "host=primary" in ini["databases"]["cotmoc"]
    standby = (ROOT / "deploy" / "standby-entrypoint.sh").read_text()
    assert re.search(r"pg_basebackup -h primary \\\s+-U replicator .* -R ", standby)
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "server api1:8000" in nginx and "server api2:8000" in nginx
    for script in ("standby-entrypoint.sh", "primary-init.sh", "pgbouncer-entrypoint.sh"):
        subprocess.run(["sh", "-n", str(ROOT / "deploy" / script)], check=True)
    mounted = [
        v.split(":")[0]
        for s in compose()["services"].values()
        for v in s.get("volumes", [])
        if v.startswith("./")
    ]
    assert mounted and all((ROOT / path).is_file() for path in mounted)


def test_compose_accepts_the_file() -> None:
    client = shutil.which("docker-compose")
    assert client, "docker-compose is installed by scripts/system-deps.sh test"
    env = os.environ | dict.fromkeys(SECRETS, "from-the-environment")
    result = subprocess.run(
        [client, "-f", str(COMPOSE), "config", "-q"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    missing = subprocess.run(
        [client, "-f", str(COMPOSE), "config", "-q"],
        env={k: v for k, v in os.environ.items() if k not in SECRETS},
        capture_output=True,
        text=True,
    )
    assert missing.returncode != 0 and "set COTMOC_" in missing.stderr

"""URLs of the test clusters' databases as each of the project's roles."""

from __future__ import annotations

import re

from gis import roles


def as_role(url: str, role: str) -> str:
    """The same database of the test cluster, connected as ``role``."""
    return re.sub(r"^postgresql://[^@/]*@", f"postgresql://{role}@", url)


def database_name(url: str) -> str:
    """The database of a test cluster URL (its host is a folder: split off the query first)."""
    return url.split("?")[0].rsplit("/", 1)[-1]


def app_url(url: str) -> str:
    """As the application role: what the API, the CLI's writes and the importers use."""
    return as_role(url, roles.APP_ROLE)


def owner_url(url: str) -> str:
    """As the role that owns the schema and runs the migrations."""
    return as_role(url, roles.OWNER_ROLE)

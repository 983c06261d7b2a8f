"""The import rule of docs/architecture.md, checked on the code: api -> maps -> layers -> gis.

Every import statement counts, also those inside functions (made late to avoid a cycle or a
slow start), because they tie the packages together all the same.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("gis", "layers", "maps", "reports", "api")
# What each package may import of the project, beside itself (docs/architecture.md).
MAY_IMPORT = {
    "gis": set(),
    "layers": {"gis"},
    "maps": {"layers", "gis"},
    "reports": {"layers", "gis"},
    "api": {"maps", "reports", "layers", "gis"},
}
PROJECT_TOP_LEVEL = {*PACKAGES, "bench", "tests", "migrations"}


def imported_modules(source: str) -> list[tuple[int, str]]:
    """(line, module) for every absolute import in ``source``, wherever it stands."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def violations(package: str, path: str, source: str) -> list[str]:
    """The imports in a file of ``package`` that point outward or into bench, tests or
    migrations, as ``path:line: package imports module``."""
    allowed = MAY_IMPORT[package] | {package}
    return [
        f"{path}:{line}: {package} imports {module}"
        for line, module in imported_modules(source)
        if module.split(".")[0] in PROJECT_TOP_LEVEL - allowed
    ]


def package_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", PACKAGES)
def test_every_import_points_inward(package: str) -> None:
    files = package_files(package)
    assert files, f"no Python files under {package}/"
    broken = [
        v
        for path in files
        for v in violations(package, str(path.relative_to(ROOT)), path.read_text())
    ]
    assert broken == []


def test_the_check_sees_an_outward_import_even_inside_a_function() -> None:
    source = (
        "import os\n"
        "from gis import db\n"
        "def late():\n"
        "    from api.app import create_app\n"
        "    import maps.render\n"
    )
    assert violations("layers", "layers/x.py", source) == [
        "layers/x.py:4: layers imports api.app",
        "layers/x.py:5: layers imports maps.render",
    ]
    assert violations("gis", "gis/x.py", "import bench.run\n") == [
        "gis/x.py:1: gis imports bench.run"
    ]
    assert violations("api", "api/x.py", source) == []

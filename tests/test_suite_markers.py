"""``make test-fast`` leaves out the tests marked ``browser`` or ``gdal``: a test that drives
Chromium or runs a GDAL command-line tool must carry its marker, or the fast loop would fail
on a machine without them (and a slow test would hide in it)."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
GDAL_TOOLS = ("ogrinfo", "ogr2ogr", "gdalinfo", "gdal_translate", "gdalwarp")
BROWSER_NAMES = ("sync_playwright", "chromium")


def needs(node: ast.AST) -> set[str]:
    """The markers what ``node`` does calls for: ``gdal`` for a string naming a GDAL tool,
    ``browser`` for Playwright's launcher or its Chromium."""
    found = set()
    for child in ast.walk(node):
        if (
            isinstance(child, ast.Constant)
            and isinstance(child.value, str)
            and (child.value.split(" ")[0] in GDAL_TOOLS)
        ):
            found.add("gdal")
        name = (
            child.id
            if isinstance(child, ast.Name)
            else child.attr
            if isinstance(child, ast.Attribute)
            else None
        )
        if name in BROWSER_NAMES:
            found.add("browser")
    return found


def marks(decorators: list[ast.expr]) -> set[str]:
    """The ``pytest.mark.X`` names among ``decorators`` (or a ``pytestmark`` value)."""
    found = set()
    for expr in decorators:
        for child in ast.walk(expr):
            if (
                isinstance(child, ast.Attribute)
                and isinstance(child.value, ast.Attribute)
                and child.value.attr == "mark"
            ):
                found.add(child.attr)
    return found


def unmarked(source: str) -> list[str]:
    """What in a test module needs a marker it lacks: a test by name, or ``<module>`` when a
    helper or fixture does it (the whole module must then be marked)."""
    tree = ast.parse(source)
    module_marks = marks(
        [
            node.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            and any(getattr(t, "id", None) == "pytestmark" for t in node.targets)
        ]
    )
    missing = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        wanted = needs(node) - module_marks
        if not wanted:
            continue
        if node.name.startswith("test"):
            missing += [f"{node.name}: {m}" for m in sorted(wanted - marks(node.decorator_list))]
        else:
            missing += [f"<module> ({node.name}): {m}" for m in sorted(wanted)]
    return missing


def test_every_test_that_needs_chromium_or_gdal_tools_is_marked() -> None:
    found = {path.name: unmarked(path.read_text()) for path in sorted(TESTS.glob("test_*.py"))}
    assert {name: missing for name, missing in found.items() if missing} == {}
    assert any("gdal" in needs(ast.parse(p.read_text())) for p in TESTS.glob("test_*.py"))


def test_the_check_finds_a_missing_marker() -> None:
    source = (
        "import subprocess\n"
        "def test_reads_with_gdal():\n"
        '    subprocess.run(["ogrinfo", "x.gpkg"])\n'
        "def launch(p):\n"
        "    return p.chromium.launch()\n"
    )
    assert unmarked(source) == ["test_reads_with_gdal: gdal", "<module> (launch): browser"]
    marked = "import pytest\npytestmark = [pytest.mark.browser, pytest.mark.gdal]\n" + source
    assert unmarked(marked) == []

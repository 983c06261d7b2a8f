"""/docs describes every operation: FastAPI takes each route's docstring as its description
(ruff's D rules ask every public function for one; this checks what /docs gets)."""

from __future__ import annotations

from typing import Any

from api.app import create_app


def operations(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        f"{method.upper()} {path}": operation
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    }


def test_every_operation_in_the_openapi_document_has_a_description() -> None:
    found = operations(create_app().openapi())
    assert len(found) >= 25  # the OGC API, the field records, auth, audit and the maps
    short = {
        name: op.get("description", "")
        for name, op in found.items()
        if len(op.get("description", "").split()) < 4
    }
    assert short == {}


def test_a_route_without_a_docstring_has_no_description() -> None:
    app = create_app()

    @app.get("/undocumented")
    async def undocumented() -> dict[str, str]:
        return {}

    assert "description" not in operations(app.openapi())["GET /undocumented"]

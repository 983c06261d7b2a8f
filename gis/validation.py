"""How a validation failure is told, wherever it is found (a request's body or parameters,
a record of an offline batch, a GPX file's track): each error's place and reason."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def where_why(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Pydantic's errors as ``{"where": "track.coordinates.0", "why": "…"}``."""
    # A validator's own message comes as "Value error, …": the prefix tells a reader nothing.
    return [
        {
            "where": ".".join(str(part) for part in error.get("loc", ())),
            "why": str(error.get("msg", "")).removeprefix("Value error, "),
        }
        for error in errors
    ]


def summary(errors: Iterable[Mapping[str, Any]], whole: str = "body") -> str:
    """One line for people: ``where: why; …``; ``whole`` names an error of the whole input."""
    return "; ".join(f"{item['where'] or whole}: {item['why']}" for item in where_why(errors))

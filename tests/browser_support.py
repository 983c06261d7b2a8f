"""Helpers for the tests that drive Chromium through Playwright."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page


def wait_until(page: Page, expression: str, timeout_ms: int = 30_000, arg: Any = None) -> None:
    """Poll ``expression`` until it is true. Not page.wait_for_function: Playwright runs its
    predicate through eval() inside the page, which the pages' CSP (no 'unsafe-eval')
    refuses; page.evaluate is not subject to it. ``arg`` is passed to a function expression."""
    waited = 0
    while not page.evaluate(expression, arg):
        if waited >= timeout_ms:
            raise AssertionError(f"still false after {timeout_ms} ms: {expression}")
        page.wait_for_timeout(50)
        waited += 50

"""Small helpers for reading the database in tests."""

from typing import TypeVar

import psycopg

Row = TypeVar("Row")


def one_row(cursor: psycopg.Cursor[Row]) -> Row:
    """The first row of a query that must return one; none fails the test here, by name."""
    row = cursor.fetchone()
    assert row is not None, "the query returned no row"
    return row

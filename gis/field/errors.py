"""What can go wrong with a field write, independent of how it arrived (API, sync, CLI)."""

from __future__ import annotations


class FieldError(Exception):
    """Base class: ``detail`` says what is wrong, where and why."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class Rejected(FieldError):
    """The record itself is wrong (unknown marker, time in the future, geometry elsewhere)."""


class MissingReference(Rejected):
    """The record names another one that is not stored (yet): the patrol an inspection was
    made on, the damage report a transition moves. Offline sync answers it ``retry_later``."""


class Conflict(FieldError):
    """The client's id is already taken by a different record (a photo id reused for other
    bytes); retrying the same request cannot succeed."""


class NotFound(FieldError):
    """The record the write refers to does not exist."""


class NotAllowed(FieldError):
    """The caller's role may not do this."""


class TransitionRefused(FieldError):
    """The maintenance lifecycle has no such step from the record's current status."""


class StaleVersion(FieldError):
    """The write was based on a version that is no longer current."""

    def __init__(self, detail: str, current_version: int) -> None:
        super().__init__(detail)
        self.current_version = current_version


class TooLarge(FieldError):
    """An upload exceeds its size limit."""

"""Figures for people: local times, dates as precise as their source, rounded lengths."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

# The stretch's own time (Vietnam; Laos keeps the same offset).
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def local_time(moment: dt.datetime | None) -> str:
    """``29/11/2026 22:09`` in the stretch's time; "—" for none."""
    if moment is None:
        return "—"
    return moment.astimezone(LOCAL).strftime("%d/%m/%Y %H:%M")


def local_date(day: dt.date | None, precision: str | None = "day") -> str:
    """A date as its source gives it: the year alone when only the year is known."""
    if day is None:
        return "—"
    if precision == "year":
        return f"{day.year}"
    if precision == "month":
        return day.strftime("%m/%Y")
    return day.strftime("%d/%m/%Y")


def length(metres: float | None) -> str:
    """0.85 m, 12.4 m, 108.48 km: two decimals below 10 m and in kilometres, else one."""
    if metres is None:
        return "—"
    if abs(metres) >= 1000:
        return f"{metres / 1000:.2f} km"
    if abs(metres) >= 10:
        return f"{metres:.1f} m"
    return f"{metres:.2f} m"

"""Date bounds written in forms: absolute, today, or today with an offset."""

from __future__ import annotations

import datetime as dt

import pytest

from plugins.eforms.dates import date_bound

TODAY = dt.date(2024, 3, 31)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", dt.date(2024, 3, 31)),
        ("  today ", dt.date(2024, 3, 31)),
        ("today+1d", dt.date(2024, 4, 1)),
        ("today-31d", dt.date(2024, 2, 29)),
        ("today-1m", dt.date(2024, 2, 29)),  # clipped to the month's last day
        ("today+11m", dt.date(2025, 2, 28)),
        ("today-18y", dt.date(2006, 3, 31)),
        ("today+1y", dt.date(2025, 3, 31)),
        ("2020-01-01", dt.date(2020, 1, 1)),
    ],
)
def test_bounds(text: str, expected: dt.date) -> None:
    assert date_bound(text, TODAY) == expected


def test_leap_day_plus_a_year() -> None:
    assert date_bound("today+1y", dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)


@pytest.mark.parametrize(
    "text", [None, "", "yesterday", "today-1w", "today+", "2024-02-30", "today-9999y"]
)
def test_unreadable_bounds_are_none(text: str | None) -> None:
    assert date_bound(text, TODAY) is None

"""Messages, numbers and dates in the applicant's language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from plugins.eforms.messages import MESSAGES, format_date, format_number, message


def test_every_message_exists_in_both_languages() -> None:
    catalogue = MESSAGES
    assert catalogue
    for code, (vi, en) in catalogue.items():
        assert vi.strip(), code
        assert en.strip(), code
        assert vi != en, code
        placeholders_vi = {part.split("}")[0] for part in vi.split("{")[1:]}
        placeholders_en = {part.split("}")[0] for part in en.split("{")[1:]}
        assert placeholders_vi == placeholders_en, code


def test_placeholders_are_filled() -> None:
    assert message("too_long", "vi", max=100) == "Tối đa 100 ký tự."
    assert message("too_long", "en", max=100) == "At most 100 characters are allowed."


def test_unknown_languages_get_vietnamese() -> None:
    assert message("required", "fr") == message("required", "vi")


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (1500000, "1.500.000", "1,500,000"),
        (0, "0", "0"),
        (-1234, "-1.234", "-1,234"),
        (Decimal("1234.5"), "1.234,5", "1,234.5"),
        (Decimal("0.25"), "0,25", "0.25"),
        (12.5, "12,5", "12.5"),
        (3.0, "3", "3"),
    ],
)
def test_numbers_follow_the_language(value: object, vi: str, en: str) -> None:
    assert format_number(value, "vi") == vi  # type: ignore[arg-type]
    assert format_number(value, "en") == en  # type: ignore[arg-type]


def test_dates_follow_the_language() -> None:
    day = dt.date(2025, 7, 1)
    assert format_date(day, "vi") == "01/07/2025"
    assert format_date(day, "en") == "2025-07-01"

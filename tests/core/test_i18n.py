"""Vietnamese formatting of amounts and dates, and language selection."""

from __future__ import annotations

import datetime as dt

from core import i18n


def test_amounts_group_thousands_with_dots() -> None:
    assert i18n.format_money(1_250_000) == "1.250.000 đ"
    assert i18n.format_money(0) == "0 đ"
    assert i18n.format_money(999, currency=False) == "999"
    assert i18n.format_money(None) == ""


def test_dates_are_day_month_year_in_vietnam_time() -> None:
    # 20:30 UTC on 2 December is already 3 December in Hà Nội.
    moment = dt.datetime(2026, 12, 2, 20, 30, tzinfo=dt.UTC)
    assert i18n.format_date(moment) == "03/12/2026"
    assert i18n.format_datetime(moment) == "03:30 03/12/2026"
    assert i18n.format_date(dt.date(2026, 1, 5)) == "05/01/2026"


def test_official_papers_spell_out_the_time() -> None:
    moment = dt.datetime(2026, 12, 3, 2, 5, tzinfo=dt.UTC)
    assert (
        i18n.format_official_datetime(moment)
        == "09 giờ 05 phút, ngày 03 tháng 12 năm 2026"
    )


def test_unknown_language_falls_back_to_vietnamese() -> None:
    token = i18n.use_lang("fr")
    try:
        assert i18n.current_lang() == "vi"
    finally:
        i18n._current.reset(token)

"""Reporting periods: how they are written, where they start and end, and refusals."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import UserError
from plugins.reporting.periods import month_periods, parse_period, previous_month

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2026-11", "2026-11-01", "2026-11-30"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2026-12", "2026-12-01", "2026-12-31"),
        ("2026-Q1", "2026-01-01", "2026-03-31"),
        ("2026-q4", "2026-10-01", "2026-12-31"),
        ("2026-H1", "2026-01-01", "2026-06-30"),
        ("2026-H2", "2026-07-01", "2026-12-31"),
        ("2026", "2026-01-01", "2026-12-31"),
        ("2026-01-05..2026-02-10", "2026-01-05", "2026-02-10"),
        ("2026-03-02..2026-03-02", "2026-03-02", "2026-03-02"),
    ],
)
def test_each_way_of_writing_a_period_names_its_days(
    text: str, first: str, last: str
) -> None:
    period = parse_period(text)
    assert period.first_day == dt.date.fromisoformat(first)
    assert period.last_day == dt.date.fromisoformat(last)


def test_a_period_runs_from_local_midnight_to_the_midnight_after_its_last_day() -> None:
    period = parse_period("2025-11")
    assert period.start == dt.datetime(2025, 11, 1, tzinfo=VN)
    assert period.end == dt.datetime(2025, 12, 1, tzinfo=VN)
    # Vietnam is seven hours ahead of UTC: local midnight is 17:00 UTC the day before.
    assert period.start_epoch == int(
        dt.datetime(2025, 10, 31, 17, tzinfo=dt.UTC).timestamp()
    )
    assert period.end_epoch == int(
        dt.datetime(2025, 11, 30, 17, tzinfo=dt.UTC).timestamp()
    )


@pytest.mark.parametrize(
    "text",
    ["", "2026-13", "2026-00", "2026-Q5", "2026-H3", "26-11", "November", "1800",
     "2026-02-30..2026-03-01", "2026-01-01..", "3000-01"],
)  # fmt: skip
def test_text_that_names_no_period_is_refused_with_the_accepted_forms(
    text: str,
) -> None:
    with pytest.raises(UserError) as refused:
        parse_period(text)
    assert refused.value.status == 400
    assert "2026-Q4" in refused.value.en
    assert refused.value.field == "period"


def test_a_range_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(UserError) as refused:
        parse_period("2026-02-10..2026-01-05")
    assert refused.value.status == 400
    assert "ends before it starts" in refused.value.en
    assert "kết thúc trước" in refused.value.vi


def test_a_running_period_is_counted_up_to_now_and_says_so() -> None:
    period = parse_period("2026-11")
    now = dt.datetime(2026, 11, 15, 10, 30, tzinfo=VN)
    running = period.as_of(now)
    assert running.end_epoch == int(now.timestamp())
    assert running.start_epoch == period.start_epoch
    assert "10:30 15/11/2026" in running.label("vi")
    assert "up to" in running.label("en")


def test_a_period_that_is_over_is_not_cut() -> None:
    period = parse_period("2026-11")
    later = period.as_of(dt.datetime(2027, 1, 1, tzinfo=VN))
    assert later == period
    assert later.end_epoch == int(period.end.timestamp())


def test_a_period_not_begun_is_cut_at_its_start() -> None:
    period = parse_period("2026-11").as_of(dt.datetime(2026, 1, 1, tzinfo=VN))
    assert period.end_epoch == period.start_epoch


@pytest.mark.parametrize(
    ("text", "vi", "en"),
    [
        ("2026-11", "Tháng 11/2026", "Month 11/2026"),
        ("2026-Q4", "Quý 4/2026", "Quarter 4/2026"),
        ("2026-H1", "6 tháng đầu năm 2026", "First half 2026"),
        ("2026", "Năm 2026", "Year 2026"),
    ],
)
def test_labels_name_the_period_and_its_days(text: str, vi: str, en: str) -> None:
    period = parse_period(text)
    assert period.label("vi").startswith(vi)
    assert period.label("en").startswith(en)
    assert f"{period.first_day:%d/%m/%Y} - {period.last_day:%d/%m/%Y}" in period.label(
        "vi"
    )


def test_previous_month_is_the_month_before_today_across_a_year() -> None:
    assert previous_month(dt.date(2026, 1, 9)).key == "2025-12"
    assert previous_month(dt.date(2026, 3, 31)).key == "2026-02"


def test_month_periods_cover_a_range_without_gap_or_overlap() -> None:
    period = parse_period("2025-11-20..2026-02-03")
    months = month_periods(period)
    assert [m.key for m in months] == [
        "2025-11-20..2025-11-30",
        "2025-12",
        "2026-01",
        "2026-02-01..2026-02-03",
    ]
    assert months[0].first_day == period.first_day
    assert months[-1].last_day == period.last_day
    for before, after in itertools.pairwise(months):
        assert after.first_day == before.last_day + dt.timedelta(days=1)


def test_month_periods_of_a_year_are_its_twelve_months() -> None:
    assert [m.key for m in month_periods(parse_period("2025"))] == [
        f"2025-{m:02d}" for m in range(1, 13)
    ]


# --- properties over any range ------------------------------------------------------

DAYS = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))


@settings(max_examples=200, deadline=None)
@given(first=DAYS, length=st.integers(min_value=0, max_value=800))
def test_months_of_any_range_partition_its_days(first: dt.date, length: int) -> None:
    last = first + dt.timedelta(days=length)
    period = parse_period(f"{first.isoformat()}..{last.isoformat()}")
    months = month_periods(period)
    assert months[0].start == period.start
    assert months[-1].end == period.end
    for before, after in itertools.pairwise(months):
        assert before.end == after.start
        assert (before.first_day.year, before.first_day.month) != (
            after.first_day.year,
            after.first_day.month,
        )
    assert sum((m.last_day - m.first_day).days + 1 for m in months) == length + 1


@settings(max_examples=100, deadline=None)
@given(day=DAYS)
def test_a_day_lies_in_its_month_quarter_half_and_year(day: dt.date) -> None:
    quarter, half = (day.month - 1) // 3 + 1, (day.month - 1) // 6 + 1
    for text in (f"{day:%Y-%m}", f"{day.year}-Q{quarter}", f"{day.year}-H{half}",
                 str(day.year)):  # fmt: skip
        period = parse_period(text)
        assert period.first_day <= day <= period.last_day, text


@settings(max_examples=100, deadline=None)
@given(
    day=DAYS,
    minutes=st.integers(min_value=0, max_value=60 * 24 * 40),
)
def test_cutting_a_period_at_now_never_moves_its_start_or_passes_its_end(
    day: dt.date, minutes: int
) -> None:
    period = parse_period(f"{day:%Y-%m}")
    now = period.start + dt.timedelta(minutes=minutes)
    cut = period.as_of(now)
    assert cut.start_epoch == period.start_epoch
    assert period.start_epoch <= cut.end_epoch <= int(period.end.timestamp())
    assert cut.as_of(now) == cut

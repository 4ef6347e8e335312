"""Specification of the working calendar: office hours, holidays and deadlines.

The worked examples use 2026, whose Thursday 1 January makes the weekdays easy to
check by hand: Friday 6 March, Friday 13 February (the eve of Tết), Wednesday 29 April
(before 30/4 and 1/5) and Friday 28 August (before the 2/9 holidays).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.calendar import (
    CalendarSpec,
    NamedDate,
    OfficePeriod,
    WorkingCalendar,
    YearOverrides,
)

TZ = dt.timezone(dt.timedelta(hours=7))
HOUR = dt.timedelta(hours=1)
MINUTE = dt.timedelta(minutes=1)
MICROSECOND = dt.timedelta(microseconds=1)
DOCS = Path(__file__).resolve().parents[2] / "docs" / "calendar.md"


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A moment in Vietnam (UTC+7), as officers read it on the wall clock."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=TZ)


def build(**fields: object) -> WorkingCalendar:
    return WorkingCalendar.from_spec(msgspec.convert(fields, CalendarSpec))


DEFAULT = WorkingCalendar.from_spec(CalendarSpec())


def overrides_2026(**fields: object) -> WorkingCalendar:
    return build(years={2026: fields})


# --- days ---------------------------------------------------------------------------


def test_weekdays_are_worked_and_weekends_are_not() -> None:
    assert DEFAULT.is_working_day(dt.date(2026, 3, 6))
    assert not DEFAULT.is_working_day(dt.date(2026, 3, 7))
    assert not DEFAULT.is_working_day(dt.date(2026, 3, 8))
    assert DEFAULT.is_working_day(dt.date(2026, 3, 9))


@pytest.mark.parametrize(
    "day",
    [
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 16),
        dt.date(2026, 2, 17),
        dt.date(2026, 2, 20),
        dt.date(2026, 4, 30),
        dt.date(2026, 5, 1),
        dt.date(2026, 9, 1),
        dt.date(2026, 9, 2),
    ],
)
def test_public_holidays_of_2026_come_from_the_package(day: dt.date) -> None:
    assert not DEFAULT.is_working_day(day)
    assert DEFAULT.holiday_name(day)


def test_holiday_names_are_vietnamese_by_default() -> None:
    assert DEFAULT.holiday_name(dt.date(2026, 2, 17)) == "Tết Nguyên Đán"
    english = build(holiday_language="en_US")
    assert english.holiday_name(dt.date(2026, 2, 17)) == "Lunar New Year"


def test_an_ordinary_day_has_no_holiday_name() -> None:
    assert DEFAULT.holiday_name(dt.date(2026, 3, 6)) is None
    assert DEFAULT.holiday_name(dt.date(2026, 3, 7)) is None


def test_the_package_swapped_working_saturday_is_worked() -> None:
    # 22 August 2026 is worked in exchange for Monday 31 August.
    assert DEFAULT.is_working_day(dt.date(2026, 8, 22))
    assert not DEFAULT.is_working_day(dt.date(2026, 8, 31))


def test_without_the_package_only_the_weekend_and_listed_days_are_off() -> None:
    bare = build(
        holidays_from_package=False,
        years={2026: {"holidays": [{"date": "2026-04-30", "name": "30/4"}]}},
    )
    assert bare.is_working_day(dt.date(2026, 2, 17))
    assert bare.is_working_day(dt.date(2026, 8, 31))
    assert not bare.is_working_day(dt.date(2026, 8, 22))
    assert not bare.is_working_day(dt.date(2026, 4, 30))
    assert bare.holidays_for_year(2026) == {dt.date(2026, 4, 30): "30/4"}


def test_a_swapped_working_saturday_from_the_overrides_is_worked() -> None:
    calendar = overrides_2026(working_days=["2026-03-14"])
    assert calendar.is_working_day(dt.date(2026, 3, 14))
    assert not calendar.is_working_day(dt.date(2026, 3, 21))
    friday_morning = at(2026, 3, 13, 10)
    assert calendar.due_time(friday_morning, 1, "working_days") == at(2026, 3, 14, 10)


def test_not_holidays_removes_a_day_the_package_gives() -> None:
    vietnam_culture_day = dt.date(2026, 11, 24)
    assert not DEFAULT.is_working_day(vietnam_culture_day)
    calendar = overrides_2026(not_holidays=["2026-11-24"])
    assert calendar.is_working_day(vietnam_culture_day)
    assert calendar.holiday_name(vietnam_culture_day) is None
    assert vietnam_culture_day not in calendar.holidays_for_year(2026)


def test_not_working_days_removes_a_swapped_saturday_the_package_gives() -> None:
    calendar = overrides_2026(not_working_days=["2026-08-22"])
    assert not calendar.is_working_day(dt.date(2026, 8, 22))


def test_a_province_holiday_is_added_and_can_rename_a_package_holiday() -> None:
    calendar = overrides_2026(
        holidays=[
            {"date": "2026-03-20", "name": "Ngày của tỉnh"},
            {"date": "2026-04-30", "name": "Ngày Giải phóng miền Nam"},
        ]
    )
    assert not calendar.is_working_day(dt.date(2026, 3, 20))
    assert calendar.holiday_name(dt.date(2026, 3, 20)) == "Ngày của tỉnh"
    assert calendar.holiday_name(dt.date(2026, 4, 30)) == "Ngày Giải phóng miền Nam"


def test_a_province_holiday_wins_over_a_package_swapped_saturday() -> None:
    calendar = overrides_2026(holidays=[{"date": "2026-08-22", "name": "Nghỉ"}])
    assert not calendar.is_working_day(dt.date(2026, 8, 22))


def test_working_days_override_a_package_holiday() -> None:
    calendar = overrides_2026(working_days=["2026-11-24"])
    assert calendar.is_working_day(dt.date(2026, 11, 24))
    assert dt.date(2026, 11, 24) not in calendar.holidays_for_year(2026)


def test_overrides_of_one_year_leave_other_years_alone() -> None:
    calendar = overrides_2026(not_holidays=["2026-01-01"])
    assert calendar.is_working_day(dt.date(2026, 1, 1))
    assert not calendar.is_working_day(dt.date(2027, 1, 1))


def test_holidays_for_year_lists_the_days_off_in_date_order() -> None:
    calendar = overrides_2026(
        holidays=[{"date": "2026-03-20", "name": "Ngày của tỉnh"}],
        not_holidays=["2026-11-24"],
    )
    listed = calendar.holidays_for_year(2026)
    assert list(listed) == sorted(listed)
    assert listed[dt.date(2026, 3, 20)] == "Ngày của tỉnh"
    assert dt.date(2026, 2, 17) in listed
    assert dt.date(2026, 11, 24) not in listed
    assert all(day.year == 2026 for day in listed)


def test_holidays_for_year_returns_a_copy() -> None:
    listed = DEFAULT.holidays_for_year(2026)
    listed.clear()
    assert DEFAULT.holidays_for_year(2026)


def test_every_named_holiday_is_a_day_off() -> None:
    calendar = overrides_2026(working_days=["2026-09-01"])
    day = dt.date(2025, 1, 1)
    while day < dt.date(2028, 1, 1):
        if calendar.holiday_name(day) is not None:
            assert not calendar.is_working_day(day), day
        day += dt.timedelta(days=1)


def test_a_custom_weekend() -> None:
    calendar = build(weekend=["sun"], holidays_from_package=False)
    assert calendar.is_working_day(dt.date(2026, 3, 7))
    assert not calendar.is_working_day(dt.date(2026, 3, 8))
    assert calendar.due_time(at(2026, 3, 6, 14), 1, "working_days") == at(
        2026, 3, 7, 14
    )


def test_a_datetime_is_refused_where_a_date_is_expected() -> None:
    with pytest.raises(TypeError):
        DEFAULT.is_working_day(at(2026, 3, 6, 9))
    with pytest.raises(TypeError):
        DEFAULT.holiday_name(at(2026, 3, 6, 9))


# --- moments ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "working", "valid_due"),
    [
        (at(2026, 3, 6, 6, 59), False, False),
        (at(2026, 3, 6, 7), True, True),
        (at(2026, 3, 6, 11, 29), True, True),
        (at(2026, 3, 6, 11, 30), False, True),
        (at(2026, 3, 6, 12), False, False),
        (at(2026, 3, 6, 13, 30), True, True),
        (at(2026, 3, 6, 17), False, True),
        (at(2026, 3, 6, 17, 1), False, False),
        (at(2026, 3, 7, 9), False, False),
        (at(2026, 2, 17, 9), False, False),
    ],
)
def test_working_moments_and_valid_due_times(
    moment: dt.datetime, working: bool, valid_due: bool
) -> None:
    assert DEFAULT.is_working_moment(moment) is working
    assert DEFAULT.is_valid_due_time(moment) is valid_due


def test_moments_in_another_timezone_are_read_in_local_time() -> None:
    utc_friday = dt.datetime(2026, 3, 6, 7, tzinfo=dt.UTC)
    assert DEFAULT.is_working_moment(utc_friday)
    assert not DEFAULT.is_working_moment(dt.datetime(2026, 3, 6, 11, tzinfo=dt.UTC))
    due = DEFAULT.due_time(utc_friday, 1, "working_days")
    assert due == at(2026, 3, 9, 14)
    assert due.utcoffset() == dt.timedelta(hours=7)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(2026, 3, 6, 9), at(2026, 3, 6, 9)),
        (at(2026, 3, 6, 6), at(2026, 3, 6, 7)),
        (at(2026, 3, 6, 11, 30), at(2026, 3, 6, 13, 30)),
        (at(2026, 3, 6, 12), at(2026, 3, 6, 13, 30)),
        (at(2026, 3, 6, 17), at(2026, 3, 9, 7)),
        (at(2026, 3, 7, 10), at(2026, 3, 9, 7)),
        (at(2026, 2, 13, 18), at(2026, 2, 23, 7)),
    ],
)
def test_next_working_moment(moment: dt.datetime, expected: dt.datetime) -> None:
    assert DEFAULT.next_working_moment(moment) == expected


def test_naive_datetimes_are_refused() -> None:
    naive = dt.datetime(2026, 3, 6, 9)
    aware = at(2026, 3, 6, 9)
    calls: list[Callable[[], object]] = [
        lambda: DEFAULT.is_working_moment(naive),
        lambda: DEFAULT.is_valid_due_time(naive),
        lambda: DEFAULT.next_working_moment(naive),
        lambda: DEFAULT.add_working_time(naive, HOUR),
        lambda: DEFAULT.working_time_between(aware, naive),
        lambda: DEFAULT.due_time(naive, 1, "working_days"),
        lambda: DEFAULT.shift_for_pause(aware, naive, aware),
        lambda: DEFAULT.classify(naive, aware),
        lambda: DEFAULT.open_status(aware, naive),
    ]
    for call in calls:
        with pytest.raises(ValueError, match="naive"):
            call()


# --- working time -------------------------------------------------------------------


def test_working_day_length_is_the_sum_of_the_periods() -> None:
    assert DEFAULT.working_day_length() == 8 * HOUR
    short = build(office_hours=[{"start": "08:00", "end": "11:00"}])
    assert short.working_day_length() == 3 * HOUR


def test_working_time_skips_the_lunch_break() -> None:
    assert DEFAULT.add_working_time(at(2026, 3, 10, 10), 3 * HOUR) == at(
        2026, 3, 10, 15
    )
    assert DEFAULT.working_time_between(at(2026, 3, 10, 11), at(2026, 3, 10, 14)) == (
        HOUR
    )


def test_working_time_started_at_lunch_counts_from_the_afternoon() -> None:
    assert DEFAULT.add_working_time(at(2026, 3, 10, 12), HOUR) == at(
        2026, 3, 10, 14, 30
    )


def test_a_due_time_that_uses_up_the_day_stays_at_closing_time() -> None:
    assert DEFAULT.add_working_time(at(2026, 3, 9, 7), 8 * HOUR) == at(2026, 3, 9, 17)
    assert DEFAULT.add_working_time(at(2026, 3, 9, 7), 4 * HOUR + 30 * MINUTE) == at(
        2026, 3, 9, 11, 30
    )


def test_a_little_more_than_the_day_moves_to_the_next_opening() -> None:
    due = DEFAULT.add_working_time(at(2026, 3, 9, 7), 8 * HOUR + MINUTE)
    assert due == at(2026, 3, 10, 7, 1)


def test_adding_nothing_keeps_a_valid_due_time() -> None:
    assert DEFAULT.add_working_time(at(2026, 3, 6, 17), dt.timedelta(0)) == at(
        2026, 3, 6, 17
    )
    assert DEFAULT.add_working_time(at(2026, 3, 6, 18), dt.timedelta(0)) == at(
        2026, 3, 9, 7
    )


def test_negative_working_time_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        DEFAULT.add_working_time(at(2026, 3, 6, 9), -MINUTE)


def test_working_time_between_across_a_weekend() -> None:
    friday, monday = at(2026, 3, 6, 14), at(2026, 3, 9, 14)
    assert DEFAULT.working_time_between(friday, monday) == 8 * HOUR


def test_working_time_between_across_tet() -> None:
    before, after = at(2026, 2, 13, 7), at(2026, 2, 23, 7)
    assert DEFAULT.working_time_between(before, after) == 8 * HOUR


def test_working_time_between_is_zero_when_the_end_is_not_later() -> None:
    moment = at(2026, 3, 6, 9)
    assert DEFAULT.working_time_between(moment, moment) == dt.timedelta(0)
    earlier = moment - 5 * HOUR * 24
    assert DEFAULT.working_time_between(moment, earlier) == dt.timedelta(0)


def test_working_time_between_over_a_whole_year() -> None:
    first, last = at(2026, 1, 1), at(2027, 1, 1)
    workdays = sum(
        DEFAULT.is_working_day(dt.date(2026, 1, 1) + dt.timedelta(days=shift))
        for shift in range(365)
    )
    assert DEFAULT.working_time_between(first, last) == workdays * 8 * HOUR


# --- appointments -------------------------------------------------------------------


def test_friday_afternoon_plus_one_working_day_is_monday() -> None:
    assert DEFAULT.due_time(at(2026, 3, 6, 14), 1, "working_days") == at(2026, 3, 9, 14)


def test_received_on_a_saturday_counts_from_monday_opening() -> None:
    assert DEFAULT.due_time(at(2026, 3, 7, 10), 1, "working_hours") == at(2026, 3, 9, 8)


def test_received_at_closing_time_counts_from_the_next_day() -> None:
    assert DEFAULT.due_time(at(2026, 3, 9, 17), 1, "working_days") == at(
        2026, 3, 10, 17
    )


def test_half_a_working_day_is_four_hours() -> None:
    assert DEFAULT.due_time(at(2026, 3, 9, 13, 30), 0.5, "working_days") == at(
        2026, 3, 10, 7, 30
    )


def test_cutoff_moves_a_late_receipt_to_the_next_working_day() -> None:
    cutoff = dt.time(15)
    late = at(2026, 3, 10, 15, 30)
    assert DEFAULT.due_time(late, 1, "working_days", cutoff) == at(2026, 3, 11, 17)
    assert DEFAULT.due_time(late, 1, "working_days") == at(2026, 3, 11, 15, 30)


def test_cutoff_does_not_apply_at_or_before_the_hour() -> None:
    cutoff = dt.time(15)
    exactly = at(2026, 3, 10, 15)
    assert DEFAULT.due_time(exactly, 1, "working_days", cutoff) == at(2026, 3, 11, 15)
    earlier = at(2026, 3, 10, 14, 59)
    assert DEFAULT.due_time(earlier, 1, "working_hours", cutoff) == at(
        2026, 3, 10, 15, 59
    )


def test_cutoff_on_friday_skips_the_weekend() -> None:
    due = DEFAULT.due_time(at(2026, 3, 6, 16), 2, "working_hours", dt.time(15))
    assert due == at(2026, 3, 9, 9)


def test_tet_2026_is_skipped() -> None:
    # Friday 13 February: 5 hours; nothing until Monday 23 February, worked in
    # full; the last 3 hours on Tuesday 24 February.
    due = DEFAULT.due_time(at(2026, 2, 13, 10), 2, "working_days")
    assert due == at(2026, 2, 24, 10)


def test_30_april_and_1_may_2026_are_skipped() -> None:
    due = DEFAULT.due_time(at(2026, 4, 29, 16), 1, "working_days")
    assert due == at(2026, 5, 4, 16)


def test_national_day_2026_is_skipped() -> None:
    # Friday 28 August: 6 hours; 31 August to 2 September off; 3 and 4 September
    # worked in full; the last 2 hours on Monday 7 September.
    due = DEFAULT.due_time(at(2026, 8, 28, 9), 3, "working_days")
    assert due == at(2026, 9, 7, 9)


def test_calendar_days_landing_on_a_weekday_end_at_closing_time() -> None:
    due = DEFAULT.due_time(at(2026, 3, 3, 10), 10, "calendar_days")
    assert due == at(2026, 3, 13, 17)


def test_calendar_days_landing_on_a_sunday_move_to_monday() -> None:
    due = DEFAULT.due_time(at(2026, 3, 3, 10), 12, "calendar_days")
    assert due == at(2026, 3, 16, 17)


def test_calendar_days_landing_in_tet_move_after_it() -> None:
    due = DEFAULT.due_time(at(2026, 2, 9, 10), 8, "calendar_days")
    assert due == at(2026, 2, 23, 17)


def test_calendar_days_after_the_cutoff_count_from_the_next_working_day() -> None:
    due = DEFAULT.due_time(at(2026, 3, 6, 16), 3, "calendar_days", dt.time(15))
    assert due == at(2026, 3, 12, 17)


def test_whole_float_calendar_days_are_accepted() -> None:
    assert DEFAULT.due_time(at(2026, 3, 3, 10), 10.0, "calendar_days") == at(
        2026, 3, 13, 17
    )


@pytest.mark.parametrize(
    ("amount", "unit", "message"),
    [
        (-1, "working_days", "negative"),
        (1.5, "calendar_days", "whole number"),
        (1, "fortnights", "unknown"),
    ],
)
def test_invalid_processing_times_are_refused(
    amount: float, unit: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        DEFAULT.due_time(at(2026, 3, 3, 10), amount, unit)  # type: ignore[arg-type]


def test_a_long_deadline_crosses_the_new_year() -> None:
    # 60 working days from Monday 16 November 2026: 33 in 2026 (24 November off),
    # 23 from 4 January to 3 February 2027, then Tết from 4 to 10 February, then
    # 11, 12, 15 and 16 February.
    start = at(2026, 11, 16, 7)
    due = DEFAULT.due_time(start, 60, "working_days")
    assert due == at(2027, 2, 16, 17)


def test_a_calendar_full_of_swapped_saturdays() -> None:
    saturdays = [dt.date(2026, 1, 3) + dt.timedelta(weeks=week) for week in range(52)]
    calendar = build(holidays_from_package=False)
    worked = WorkingCalendar.from_spec(
        CalendarSpec(
            holidays_from_package=False,
            years={2026: YearOverrides(working_days=saturdays)},
        )
    )
    start = at(2026, 1, 5, 7)
    # Six working days a week: 60 working days are ten weeks.
    assert worked.due_time(start, 60, "working_days") == at(2026, 3, 14, 17)
    assert calendar.due_time(start, 60, "working_days") == at(2026, 3, 27, 17)


# --- supplement requests ------------------------------------------------------------


def test_a_pause_moves_the_due_time_by_the_paused_working_time() -> None:
    # Paused Tuesday 15:00 to Wednesday 09:00: 2 + 2 working hours.
    due = at(2026, 3, 13, 10)
    moved = DEFAULT.shift_for_pause(due, at(2026, 3, 10, 15), at(2026, 3, 11, 9))
    assert moved == at(2026, 3, 13, 16)


def test_a_pause_over_a_weekend_does_not_move_the_due_time() -> None:
    due = at(2026, 3, 13, 10)
    moved = DEFAULT.shift_for_pause(due, at(2026, 3, 6, 17), at(2026, 3, 9, 7))
    assert moved == due


def test_a_pause_of_a_due_time_at_closing_time_continues_next_day() -> None:
    due = at(2026, 3, 6, 17)
    moved = DEFAULT.shift_for_pause(due, at(2026, 3, 4, 9), at(2026, 3, 4, 10))
    assert moved == at(2026, 3, 9, 8)


def test_resuming_before_pausing_is_refused() -> None:
    with pytest.raises(ValueError, match="resume"):
        DEFAULT.shift_for_pause(at(2026, 3, 13, 10), at(2026, 3, 11), at(2026, 3, 10))


# --- early, on time, late -----------------------------------------------------------


@pytest.mark.parametrize(
    ("finished", "expected"),
    [
        (at(2026, 3, 6, 16), "early"),
        (at(2026, 3, 9, 6, 59), "early"),
        (at(2026, 3, 9, 7), "on_time"),
        (at(2026, 3, 9, 8), "on_time"),
        (at(2026, 3, 9, 14), "on_time"),
        (at(2026, 3, 9, 14) + MICROSECOND, "late"),
        (at(2026, 3, 10, 8), "late"),
    ],
)
def test_classify(finished: dt.datetime, expected: str) -> None:
    assert DEFAULT.classify(finished, at(2026, 3, 9, 14)) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(2026, 3, 9, 13), "within_deadline"),
        (at(2026, 3, 9, 14), "within_deadline"),
        (at(2026, 3, 9, 14, 1), "overdue"),
    ],
)
def test_open_status(now: dt.datetime, expected: str) -> None:
    assert DEFAULT.open_status(now, at(2026, 3, 9, 14)) == expected


# --- the file -----------------------------------------------------------------------


def test_defaults_are_the_vietnamese_office_week() -> None:
    spec = CalendarSpec()
    assert spec.timezone == "Asia/Ho_Chi_Minh"
    assert spec.office_hours == [
        OfficePeriod(start="07:00", end="11:30"),
        OfficePeriod(start="13:30", end="17:00"),
    ]
    assert spec.weekend == ["sat", "sun"]
    assert spec.problems() == []
    assert DEFAULT.timezone.key == "Asia/Ho_Chi_Minh"


def test_the_example_of_the_documentation_is_valid() -> None:
    block = re.search(r"```yaml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    assert block is not None
    spec = msgspec.yaml.decode(block[1].encode(), type=CalendarSpec)
    assert spec.problems() == []
    calendar = WorkingCalendar.from_spec(spec)
    assert calendar.is_working_day(dt.date(2026, 3, 14))
    assert calendar.is_working_day(dt.date(2026, 11, 24))
    assert not calendar.is_working_day(dt.date(2026, 3, 20))


def test_unknown_keys_are_refused() -> None:
    with pytest.raises(msgspec.ValidationError, match="holiday"):
        msgspec.yaml.decode(b"holiday: []", type=CalendarSpec)


def test_an_unquoted_afternoon_time_is_refused() -> None:
    with pytest.raises(msgspec.ValidationError, match="office_hours"):
        msgspec.yaml.decode(
            b"office_hours: [{start: '13:30', end: 17:00}]", type=CalendarSpec
        )


def paths(spec: CalendarSpec) -> list[tuple[str | int, ...]]:
    return [path for path, _, _ in spec.problems()]


def test_bad_times_are_reported() -> None:
    spec = CalendarSpec(
        office_hours=[
            OfficePeriod(start="7:00", end="11:30"),
            OfficePeriod(start="13:30", end="24:00"),
        ]
    )
    assert paths(spec) == [("office_hours", 0, "start"), ("office_hours", 1, "end")]


def test_periods_must_increase_without_overlap() -> None:
    spec = CalendarSpec(
        office_hours=[
            OfficePeriod(start="11:30", end="07:00"),
            OfficePeriod(start="13:30", end="17:00"),
            OfficePeriod(start="16:00", end="18:00"),
        ]
    )
    assert paths(spec) == [("office_hours", 0), ("office_hours", 2, "start")]


def test_touching_periods_are_accepted() -> None:
    spec = CalendarSpec(
        office_hours=[
            OfficePeriod(start="07:00", end="12:00"),
            OfficePeriod(start="12:00", end="16:00"),
        ]
    )
    assert spec.problems() == []
    calendar = WorkingCalendar.from_spec(spec)
    assert calendar.add_working_time(at(2026, 3, 9, 11), HOUR) == at(2026, 3, 9, 12)


def test_no_office_hours_is_reported() -> None:
    assert paths(CalendarSpec(office_hours=[])) == [("office_hours",)]


def test_an_unknown_timezone_is_reported() -> None:
    problems = CalendarSpec(timezone="Asia/Hanoi").problems()
    assert [path for path, _, _ in problems] == [("timezone",)]
    assert "Asia/Ho_Chi_Minh" in problems[0][2]


def test_a_seven_day_weekend_and_repeated_days_are_reported() -> None:
    everyday = CalendarSpec(weekend=["mon", "tue", "wed", "thu", "fri", "sat", "sun"])
    assert paths(everyday) == [("weekend",)]
    assert paths(CalendarSpec(weekend=["sat", "sun", "sat"])) == [("weekend", 2)]


def test_an_override_outside_its_year_is_reported() -> None:
    spec = CalendarSpec(
        years={
            2026: YearOverrides(
                holidays=[NamedDate(date=dt.date(2027, 1, 1), name="Tết Dương lịch")],
                working_days=[dt.date(2025, 12, 27)],
            )
        }
    )
    problems = spec.problems()
    assert [path for path, _, _ in problems] == [
        ("years", 2026, "holidays", 0, "date"),
        ("years", 2026, "working_days", 0),
    ]
    assert "years.2027" in problems[0][2]


def test_a_date_both_holiday_and_working_day_is_reported() -> None:
    spec = CalendarSpec(
        years={
            2026: YearOverrides(
                holidays=[NamedDate(date=dt.date(2026, 3, 20), name="Nghỉ")],
                working_days=[dt.date(2026, 3, 14), dt.date(2026, 3, 20)],
                not_holidays=[dt.date(2026, 3, 20)],
            )
        }
    )
    assert paths(spec) == [
        ("years", 2026, "working_days", 1),
        ("years", 2026, "not_holidays", 0),
    ]


def test_repeated_dates_and_nameless_holidays_are_reported() -> None:
    spec = CalendarSpec(
        years={
            2026: YearOverrides(
                holidays=[NamedDate(date=dt.date(2026, 3, 20), name=" ")],
                not_holidays=[dt.date(2026, 11, 24), dt.date(2026, 11, 24)],
                working_days=[dt.date(2026, 8, 22)],
                not_working_days=[dt.date(2026, 8, 22)],
            )
        }
    )
    assert paths(spec) == [
        ("years", 2026, "not_holidays", 1),
        ("years", 2026, "holidays", 0, "name"),
        ("years", 2026, "not_working_days", 0),
    ]


def test_every_problem_says_what_and_how_to_fix() -> None:
    spec = CalendarSpec(
        timezone="Nowhere",
        office_hours=[OfficePeriod(start="9", end="8:00")],
        weekend=["sun", "sun"],
        years={2026: YearOverrides(working_days=[dt.date(2025, 1, 1)])},
    )
    problems = spec.problems()
    assert len(problems) == 5
    for _, what, fix in problems:
        assert what
        assert fix


def test_from_spec_refuses_a_spec_with_problems_and_lists_them() -> None:
    spec = CalendarSpec(
        timezone="Nowhere", office_hours=[OfficePeriod(start="9", end="17:00")]
    )
    with pytest.raises(ValueError, match="timezone") as raised:
        WorkingCalendar.from_spec(spec)
    assert "office_hours[0].start" in str(raised.value)


def test_the_spec_is_immutable() -> None:
    spec = CalendarSpec()
    with pytest.raises(AttributeError):
        spec.timezone = "UTC"  # type: ignore[misc]


# --- properties ---------------------------------------------------------------------


def saturdays_of(year: int) -> list[dt.date]:
    first = dt.date(year, 1, 1)
    first_saturday = first + dt.timedelta(days=(5 - first.weekday()) % 7)
    return [
        day
        for week in range(53)
        if (day := first_saturday + dt.timedelta(weeks=week)).year == year
    ]


CASES = {
    "default": CalendarSpec(),
    "overridden": msgspec.convert(
        {
            "years": {
                2025: {"working_days": ["2025-03-08"], "not_holidays": ["2025-04-07"]},
                2026: {
                    "holidays": [
                        {"date": "2026-03-20", "name": "Ngày của tỉnh"},
                        {"date": "2026-08-22", "name": "Nghỉ bù"},
                    ],
                    "working_days": ["2026-02-21", "2026-11-24"],
                },
                2027: {"not_working_days": ["2027-01-02"]},
            }
        },
        CalendarSpec,
    ),
    "odd_hours": CalendarSpec(
        office_hours=[
            OfficePeriod(start="06:15", end="09:45"),
            OfficePeriod(start="09:45", end="12:00"),
            OfficePeriod(start="14:10", end="18:20"),
        ],
        weekend=["fri"],
        holidays_from_package=False,
        years={
            2026: YearOverrides(
                holidays=[
                    NamedDate(date=dt.date(2026, 5, day), name="Nghỉ dài")
                    for day in range(1, 20)
                ]
            )
        },
    ),
    "working_saturdays": CalendarSpec(
        years={2026: YearOverrides(working_days=saturdays_of(2026))}
    ),
}
CALENDARS = {name: WorkingCalendar.from_spec(spec) for name, spec in CASES.items()}
with_each_calendar = pytest.mark.parametrize("name", list(CASES))
PROPERTY = settings(max_examples=200, deadline=None, database=None)

moments = st.datetimes(
    min_value=dt.datetime(2025, 1, 1),
    max_value=dt.datetime(2027, 12, 31),
    timezones=st.sampled_from([TZ, dt.UTC]),
)
spans = st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=30))
short_spans = st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=3))


def reference_working_time(name: str, a: dt.datetime, b: dt.datetime) -> dt.timedelta:
    """Working time in [a, b), visiting every day and every period."""
    calendar, spec = CALENDARS[name], CASES[name]
    a, b = a.astimezone(TZ), b.astimezone(TZ)
    total, day = dt.timedelta(0), a.date()
    while day <= b.date():
        if calendar.is_working_day(day):
            for period in spec.office_hours:
                opens = dt.datetime.combine(
                    day, dt.time.fromisoformat(period.start), tzinfo=TZ
                )
                closes = dt.datetime.combine(
                    day, dt.time.fromisoformat(period.end), tzinfo=TZ
                )
                total += max(dt.timedelta(0), min(closes, b) - max(opens, a))
        day += dt.timedelta(days=1)
    return total


@with_each_calendar
@PROPERTY
@given(start=moments, span=spans)
def test_a_computed_due_time_is_working_time_or_a_period_end(
    name: str, start: dt.datetime, span: dt.timedelta
) -> None:
    due = CALENDARS[name].add_working_time(start, span)
    assert CALENDARS[name].is_valid_due_time(due)
    assert due >= start


@with_each_calendar
@PROPERTY
@given(start=moments, span=spans)
def test_adding_then_measuring_gives_back_the_span(
    name: str, start: dt.datetime, span: dt.timedelta
) -> None:
    calendar = CALENDARS[name]
    due = calendar.add_working_time(start, span)
    assert calendar.working_time_between(start, due) == span
    if span:
        # The due time is the first moment at which the span is used up.
        assert calendar.working_time_between(start, due - MICROSECOND) < span


@with_each_calendar
@PROPERTY
@given(start=moments, span=spans, more=short_spans, later=short_spans)
def test_adding_working_time_is_monotonic(
    name: str,
    start: dt.datetime,
    span: dt.timedelta,
    more: dt.timedelta,
    later: dt.timedelta,
) -> None:
    calendar = CALENDARS[name]
    due = calendar.add_working_time(start, span)
    assert due <= calendar.add_working_time(start, span + more)
    assert due <= calendar.add_working_time(start + later, span)


@with_each_calendar
@PROPERTY
@given(a=moments, length=st.timedeltas(dt.timedelta(0), dt.timedelta(days=120)))
def test_working_time_between_matches_a_day_by_day_count(
    name: str, a: dt.datetime, length: dt.timedelta
) -> None:
    b = a + length
    assert CALENDARS[name].working_time_between(a, b) == reference_working_time(
        name, a, b
    )


@with_each_calendar
@PROPERTY
@given(points=st.lists(moments, min_size=3, max_size=3))
def test_working_time_between_adds_up(name: str, points: list[dt.datetime]) -> None:
    a, b, c = sorted(points)
    calendar = CALENDARS[name]
    parts = calendar.working_time_between(a, b) + calendar.working_time_between(b, c)
    assert parts == calendar.working_time_between(a, c)
    assert calendar.working_time_between(c, a) == dt.timedelta(0)


@with_each_calendar
@PROPERTY
@given(moment=moments)
def test_next_working_moment_skips_only_non_working_time(
    name: str, moment: dt.datetime
) -> None:
    calendar = CALENDARS[name]
    following = calendar.next_working_moment(moment)
    assert calendar.is_working_moment(following)
    assert following >= moment
    assert calendar.working_time_between(moment, following) == dt.timedelta(0)
    if calendar.is_working_moment(moment):
        assert following == moment


@with_each_calendar
@PROPERTY
@given(start=moments, span=spans, paused_from=moments, pause=short_spans)
def test_a_pause_moves_the_due_time_by_exactly_the_paused_working_time(
    name: str,
    start: dt.datetime,
    span: dt.timedelta,
    paused_from: dt.datetime,
    pause: dt.timedelta,
) -> None:
    calendar = CALENDARS[name]
    due = calendar.add_working_time(start, span)
    resumed_at = paused_from + pause
    moved = calendar.shift_for_pause(due, paused_from, resumed_at)
    paused = calendar.working_time_between(paused_from, resumed_at)
    assert calendar.working_time_between(due, moved) == paused
    assert calendar.is_valid_due_time(moved)
    assert moved >= due


@with_each_calendar
@PROPERTY
@given(
    received=moments,
    amount=st.integers(min_value=0, max_value=40),
    cutoff=st.none() | st.times(),
)
def test_working_day_deadlines_give_the_whole_processing_time(
    name: str, received: dt.datetime, amount: int, cutoff: dt.time | None
) -> None:
    calendar = CALENDARS[name]
    due = calendar.due_time(received, amount, "working_days", cutoff)
    worked = calendar.working_time_between(received, due)
    assert calendar.is_valid_due_time(due)
    if cutoff is None:
        assert worked == amount * calendar.working_day_length()
    else:
        # The cut-off can only give up time of the receipt day.
        assert worked >= amount * calendar.working_day_length()


@with_each_calendar
@PROPERTY
@given(received=moments, amount=st.integers(min_value=0, max_value=90))
def test_calendar_day_deadlines_end_at_closing_time_of_a_working_day(
    name: str, received: dt.datetime, amount: int
) -> None:
    calendar = CALENDARS[name]
    due = calendar.due_time(received, amount, "calendar_days")
    assert calendar.is_working_day(due.date())
    assert calendar.is_valid_due_time(due)
    assert not calendar.is_working_moment(due)
    start = calendar.next_working_moment(received).date()
    assert due.date() >= start + dt.timedelta(days=amount)
    # Only non-working days lie between the nominal date and the due date.
    day = start + dt.timedelta(days=amount)
    while day < due.date():
        assert not calendar.is_working_day(day)
        day += dt.timedelta(days=1)


@PROPERTY
@given(finished=moments, due=moments)
def test_classification_agrees_with_the_appointment(
    finished: dt.datetime, due: dt.datetime
) -> None:
    verdict = DEFAULT.classify(finished, due)
    assert (verdict == "late") == (finished > due)
    if verdict == "early":
        assert due.astimezone(TZ).date() > finished.astimezone(TZ).date() or (
            finished.astimezone(TZ).time() < dt.time(7)
        )
    overdue = DEFAULT.open_status(finished, due) == "overdue"
    assert overdue == (verdict == "late")

"""The province's working calendar, on which every deadline is computed.

A province describes its office hours, weekend and yearly holiday list in
``config/<province>/calendar.yaml`` (:class:`CalendarSpec`). :class:`WorkingCalendar`
turns that description into arithmetic on timezone-aware datetimes: whether a moment
is working time, how much working time lies between two moments, the appointment
(hẹn trả kết quả) of a dossier, the shift caused by a supplement request, and whether
a finished dossier was early, on time or late. ``docs/calendar.md`` states the rules
for provincial IT.

Time of day is handled as local wall-clock time in the calendar's timezone. Vietnam
has no daylight saving time, so wall-clock and elapsed time agree.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator
from typing import Literal, NamedTuple, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec
from holidays import country_holidays

from core.catalogue.errors import format_path

__all__ = [
    "CalendarSpec",
    "DeadlineUnit",
    "NamedDate",
    "OfficePeriod",
    "OpenStatus",
    "Problem",
    "Timeliness",
    "Weekday",
    "WorkingCalendar",
    "YearOverrides",
]

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DeadlineUnit = Literal["working_days", "working_hours", "calendar_days"]
Timeliness = Literal["early", "on_time", "late"]
OpenStatus = Literal["within_deadline", "overdue"]
Problem = tuple[tuple[str | int, ...], str, str]
"""A semantic error: (path in the document, what is wrong, how to fix it)."""

_WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HHMM = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
_ONE_DAY = dt.timedelta(days=1)
_ZERO = dt.timedelta(0)
# A calendar without a working day in ten years is misconfigured; stop looking.
_SEARCH_LIMIT_DAYS = 3660
_OVERRIDE_LISTS = ("holidays", "working_days", "not_holidays", "not_working_days")


class OfficePeriod(
    msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True
):
    """One office period of a working day, in local wall-clock time.

    Attributes:
        start: opening time as ``"HH:MM"`` (24-hour clock, quoted in YAML).
        end: closing time as ``"HH:MM"``, later than ``start``.
    """

    start: str
    end: str


class NamedDate(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A holiday: its date and the name shown to officers."""

    date: dt.date
    name: str


class YearOverrides(
    msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True
):
    """The province's corrections for one year, applied over the package's list.

    Attributes:
        legal_basis: the notice that fixed this year's days off, for the record.
        holidays: extra days off, or days the package misses or misnames.
        working_days: days worked although weekend or holiday (swapped Saturdays).
        not_holidays: days the package lists as holidays that are worked.
        not_working_days: days the package lists as swapped working days that are not.
    """

    legal_basis: str = ""
    holidays: list[NamedDate] = []
    working_days: list[dt.date] = []
    not_holidays: list[dt.date] = []
    not_working_days: list[dt.date] = []


def _default_office_hours() -> list[OfficePeriod]:
    return [
        OfficePeriod(start="07:00", end="11:30"),
        OfficePeriod(start="13:30", end="17:00"),
    ]


def _default_weekend() -> list[Weekday]:
    return ["sat", "sun"]


class CalendarSpec(
    msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True
):
    """The content of ``config/<province>/calendar.yaml``.

    Attributes:
        timezone: IANA name of the province's timezone.
        office_hours: the periods of a working day, in order (lunch is the gap).
        weekend: days of the week that are not worked.
        holidays_from_package: pre-fill Vietnamese public holidays and swapped working
            days from the ``holidays`` package.
        holiday_language: language of the names the package gives to holidays.
        years: per-year corrections, keyed by year.
    """

    timezone: str = "Asia/Ho_Chi_Minh"
    office_hours: list[OfficePeriod] = msgspec.field(
        default_factory=_default_office_hours
    )
    weekend: list[Weekday] = msgspec.field(default_factory=_default_weekend)
    holidays_from_package: bool = True
    holiday_language: Literal["vi", "en_US"] = "vi"
    years: dict[int, YearOverrides] = {}

    def problems(self) -> list[Problem]:
        """Find errors that the types alone cannot catch.

        Returns:
            One ``(path, what is wrong, how to fix)`` triple per error, in document
            order; empty when the calendar can be used.
        """
        found = [*_timezone_problems(self.timezone)]
        found += _office_hours_problems(self.office_hours)
        found += _weekend_problems(self.weekend)
        for year, overrides in sorted(self.years.items()):
            found += _year_problems(year, overrides)
        return found


def _parse_hhmm(text: str) -> dt.timedelta:
    """Read ``"HH:MM"`` as the time elapsed since midnight.

    Raises:
        ValueError: the text is not a valid 24-hour ``HH:MM`` time.
    """
    match = _HHMM.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not a time of the form HH:MM")
    return dt.timedelta(hours=int(match[1]), minutes=int(match[2]))


def _timezone_problems(name: str) -> list[Problem]:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return [
            (
                ("timezone",),
                f"unknown timezone {name!r}",
                'use an IANA timezone name such as "Asia/Ho_Chi_Minh"',
            )
        ]
    return []


def _office_hours_problems(periods: list[OfficePeriod]) -> list[Problem]:
    if not periods:
        return [
            (
                ("office_hours",),
                "no office period is listed",
                'list at least one period, e.g. {start: "07:00", end: "11:30"}',
            )
        ]
    found: list[Problem] = []
    previous_end: dt.timedelta | None = None
    for index, period in enumerate(periods):
        path = ("office_hours", index)
        start = _checked_time(period.start, (*path, "start"), found)
        end = _checked_time(period.end, (*path, "end"), found)
        if start is not None and end is not None and end <= start:
            found.append(
                (path, "the period does not end after it starts", "make end later")
            )
        if start is not None and previous_end is not None and start < previous_end:
            found.append(
                (
                    (*path, "start"),
                    "the period starts before the previous one ends",
                    "list periods in the order of the day, without overlap",
                )
            )
        previous_end = end if end is not None else previous_end
    return found


def _checked_time(
    text: str, path: tuple[str | int, ...], found: list[Problem]
) -> dt.timedelta | None:
    try:
        return _parse_hhmm(text)
    except ValueError as error:
        found.append((path, str(error), 'write a quoted 24-hour time such as "13:30"'))
        return None


def _weekend_problems(weekend: list[Weekday]) -> list[Problem]:
    found: list[Problem] = [
        (("weekend", index), f"{day!r} is listed twice", "remove the repetition")
        for index, day in enumerate(weekend)
        if day in weekend[:index]
    ]
    if set(weekend) >= set(_WEEKDAYS):
        found.append(
            (
                ("weekend",),
                "every day of the week is a weekend day",
                "leave at least one day of the week as a working day",
            )
        )
    return found


def _override_dates(overrides: YearOverrides, field: str) -> list[dt.date]:
    if field == "holidays":
        return [holiday.date for holiday in overrides.holidays]
    dates: list[dt.date] = getattr(overrides, field)
    return dates


def _year_problems(year: int, overrides: YearOverrides) -> list[Problem]:
    found: list[Problem] = []
    for field in _OVERRIDE_LISTS:
        found += _list_problems(year, field, _override_dates(overrides, field))
    for index, holiday in enumerate(overrides.holidays):
        if not holiday.name.strip():
            found.append(
                (
                    ("years", year, "holidays", index, "name"),
                    "the holiday has no name",
                    'give the name officers see, e.g. "Tết Nguyên Đán"',
                )
            )
    found += _conflicts(year, overrides, "holidays", "working_days")
    found += _conflicts(year, overrides, "holidays", "not_holidays")
    found += _conflicts(year, overrides, "working_days", "not_working_days")
    return found


def _list_problems(year: int, field: str, dates: list[dt.date]) -> list[Problem]:
    found: list[Problem] = []
    for index, day in enumerate(dates):
        path: tuple[str | int, ...] = ("years", year, field, index)
        if field == "holidays":
            path = (*path, "date")
        if day.year != year:
            found.append(
                (path, f"{day} is not in {year}", f"move it under years.{day.year}")
            )
        if day in dates[:index]:
            found.append((path, f"{day} is listed twice", "remove the repetition"))
    return found


def _conflicts(
    year: int, overrides: YearOverrides, first: str, second: str
) -> list[Problem]:
    earlier = set(_override_dates(overrides, first))
    return [
        (
            ("years", year, second, index),
            f"{day} is in both {first} and {second}",
            "keep the date in only one of the two lists",
        )
        for index, day in enumerate(_override_dates(overrides, second))
        if day in earlier
    ]


class _Year(NamedTuple):
    """One year of the calendar after overrides, built once and kept."""

    holidays: dict[dt.date, str]
    # Days whose status differs from the weekend rule: True for a worked weekend
    # day, False for a day off in the week. Sorted so ranges can be summed quickly.
    exceptions: dict[dt.date, bool]
    exception_dates: list[dt.date]
    # exception_sums[i] = net working days added by the first i exceptions.
    exception_sums: list[int]

    def net_exceptions(self, first: dt.date, stop: dt.date) -> int:
        """Working days added (or, if negative, removed) in ``[first, stop)``."""
        low = bisect.bisect_left(self.exception_dates, first)
        high = bisect.bisect_left(self.exception_dates, stop)
        return self.exception_sums[high] - self.exception_sums[low]


class WorkingCalendar:
    """Working-time arithmetic for one province; build it with :meth:`from_spec`.

    Every datetime argument must be timezone-aware (naive ones raise
    :class:`ValueError`); it is converted to the calendar's timezone, and every
    datetime returned is in that timezone. Period starts are working moments, period
    ends are not, but a due time may sit exactly on a period end (see
    :meth:`is_valid_due_time`).
    """

    def __init__(self, spec: CalendarSpec) -> None:
        """Build from a spec already checked by :meth:`CalendarSpec.problems`."""
        self._spec = spec
        self._tz = ZoneInfo(spec.timezone)
        self._periods = tuple(
            (_parse_hhmm(period.start), _parse_hhmm(period.end))
            for period in spec.office_hours
        )
        self._opening = self._periods[0][0]
        self._closing = self._periods[-1][1]
        self._day_length = sum((end - start for start, end in self._periods), _ZERO)
        self._weekend = frozenset(_WEEKDAYS.index(day) for day in spec.weekend)
        self._week_working_days = 7 - len(self._weekend)
        self._years: dict[int, _Year] = {}

    @classmethod
    def from_spec(cls, spec: CalendarSpec) -> Self:
        """Check a spec and build its calendar.

        Args:
            spec: the decoded ``calendar.yaml``.

        Returns:
            The working calendar.

        Raises:
            ValueError: the spec has problems; all of them are listed in the message.
        """
        problems = spec.problems()
        if problems:
            listed = "; ".join(
                f"{format_path(path)}: {what}" for path, what, _ in problems
            )
            raise ValueError(f"invalid calendar: {listed}")
        return cls(spec)

    @property
    def timezone(self) -> ZoneInfo:
        """The timezone all results are expressed in."""
        return self._tz

    # --- days ---------------------------------------------------------------------

    def is_working_day(self, day: dt.date) -> bool:
        """Tell whether ``day`` is worked, after weekend, holidays and overrides.

        Args:
            day: a calendar date (not a datetime).

        Returns:
            True when the office is open on that day.
        """
        _require_date(day)
        status = self._year(day.year).exceptions.get(day)
        if status is not None:
            return status
        return day.weekday() not in self._weekend

    def holiday_name(self, day: dt.date) -> str | None:
        """Return the name of the holiday on ``day``, or None on other days."""
        _require_date(day)
        return self._year(day.year).holidays.get(day)

    def holidays_for_year(self, year: int) -> dict[dt.date, str]:
        """List a year's holidays after the province's overrides, in date order.

        Days made working by an override are left out, so every listed day is a
        day off.

        Args:
            year: the calendar year.

        Returns:
            A new mapping from date to holiday name.
        """
        return dict(sorted(self._year(year).holidays.items()))

    def working_day_length(self) -> dt.timedelta:
        """Return the working time of one day: the sum of the office periods."""
        return self._day_length

    # --- moments ------------------------------------------------------------------

    def is_working_moment(self, moment: dt.datetime) -> bool:
        """Tell whether ``moment`` is inside an office period of a working day.

        A period's start is inside it and its end is not: 07:00 is working time,
        11:30 is not.
        """
        day, offset = self._split(moment)
        return self.is_working_day(day) and any(
            start <= offset < end for start, end in self._periods
        )

    def is_valid_due_time(self, moment: dt.datetime) -> bool:
        """Tell whether ``moment`` can be a due time: working time or a period end.

        A deadline that uses up a period exactly stays at its end (17:00, as offices
        write it) instead of moving to the next opening.
        """
        day, offset = self._split(moment)
        return self.is_working_day(day) and any(
            start <= offset <= end for start, end in self._periods
        )

    def next_working_moment(self, moment: dt.datetime) -> dt.datetime:
        """Return ``moment`` if it is working time, else the next period's start.

        Args:
            moment: any aware datetime.

        Returns:
            The first working moment at or after ``moment``, in local time.
        """
        day, offset = self._split(moment)
        if self.is_working_day(day):
            for start, end in self._periods:
                if offset < end:
                    return self._at(day, max(offset, start))
        return self._at(self._next_working_day(day), self._opening)

    # --- working time -------------------------------------------------------------

    def add_working_time(self, start: dt.datetime, delta: dt.timedelta) -> dt.datetime:
        """Advance ``start`` by ``delta`` of working time.

        Counting begins at the first working moment at or after ``start``. A result
        that uses up a period exactly is that period's end (Friday 17:00, not Monday
        07:00), so the result always satisfies :meth:`is_valid_due_time`. A zero
        ``delta`` returns ``start`` when it is a valid due time, else the next
        working moment.

        Args:
            start: aware datetime to count from.
            delta: working time to add; not negative.

        Returns:
            The moment at which ``delta`` of working time has elapsed.

        Raises:
            ValueError: ``delta`` is negative or ``start`` is naive.
        """
        if delta < _ZERO:
            raise ValueError("cannot add a negative working time")
        if delta == _ZERO:
            local = self._local(start)
            return (
                local
                if self.is_valid_due_time(local)
                else self.next_working_moment(local)
            )
        day, offset = self._split(self.next_working_moment(start))
        left_today = self._worked_in_day(offset, self._closing)
        if delta <= left_today:
            return self._at(day, self._walk(offset, delta))
        rest = delta - left_today
        whole_days = -(-rest // self._day_length) - 1
        last_day = self._working_day_after(day, whole_days + 1)
        remainder = rest - whole_days * self._day_length
        return self._at(last_day, self._walk(self._opening, remainder))

    def working_time_between(self, a: dt.datetime, b: dt.datetime) -> dt.timedelta:
        """Measure the working time in ``[a, b)``.

        Args:
            a: start of the interval, aware.
            b: end of the interval, aware.

        Returns:
            The working time in the interval; ``timedelta(0)`` when ``b <= a`` (the
            result is never negative).
        """
        day_a, offset_a = self._split(a)
        day_b, offset_b = self._split(b)
        if (day_b, offset_b) <= (day_a, offset_a):
            return _ZERO
        if day_a == day_b:
            return self._worked_on(day_a, offset_a, offset_b)
        first = self._worked_on(day_a, offset_a, _ONE_DAY)
        middle = self._count_working_days(day_a + _ONE_DAY, day_b) * self._day_length
        return first + middle + self._worked_on(day_b, _ZERO, offset_b)

    # --- deadlines ----------------------------------------------------------------

    def due_time(
        self,
        received_at: dt.datetime,
        amount: float,
        unit: DeadlineUnit,
        cutoff: dt.time | None = None,
    ) -> dt.datetime:
        """Compute the appointment for a dossier received at ``received_at``.

        Counting starts at the next working moment; a dossier received on a working
        day strictly after ``cutoff`` (local time) counts from the next working
        day's opening. ``working_days`` adds ``amount`` day lengths of working time
        and ``working_hours`` adds hours. ``calendar_days`` takes the date on which
        counting starts, adds ``amount`` days and gives the closing time of that
        date, or of the next working day when that date is not worked.

        Args:
            received_at: when the dossier was received, aware.
            amount: the procedure's processing time; not negative, and whole for
                calendar days.
            unit: how ``amount`` is counted.
            cutoff: same-day cut-off hour of the procedure, if any.

        Returns:
            The appointment, a valid due time in local time.

        Raises:
            ValueError: negative or fractional calendar-day amount, unknown unit,
                naive ``received_at``.
        """
        if amount < 0:
            raise ValueError("the processing time cannot be negative")
        start = self._counting_start(received_at, cutoff)
        if unit == "working_days":
            return self.add_working_time(start, self._day_length * amount)
        if unit == "working_hours":
            return self.add_working_time(start, dt.timedelta(hours=amount))
        if unit == "calendar_days":
            return self._calendar_days_due(start.date(), amount)
        raise ValueError(f"unknown deadline unit {unit!r}")

    def shift_for_pause(
        self, due: dt.datetime, paused_from: dt.datetime, resumed_at: dt.datetime
    ) -> dt.datetime:
        """Move a due time by the working time during which the clock was stopped.

        A supplement request (yêu cầu bổ sung) stops the clock from ``paused_from``
        until the applicant resubmits at ``resumed_at``.

        Args:
            due: the due time before the pause.
            paused_from: when the clock stopped.
            resumed_at: when it started again; not before ``paused_from``.

        Returns:
            The new due time: ``due`` plus the paused working time, or ``due``
            itself (in local time) when no working time was paused.

        Raises:
            ValueError: ``resumed_at`` is before ``paused_from``, or a datetime is
                naive.
        """
        if self._local(resumed_at) < self._local(paused_from):
            raise ValueError("the clock cannot resume before it was paused")
        paused = self.working_time_between(paused_from, resumed_at)
        if paused == _ZERO:
            return self._local(due)
        return self.add_working_time(due, paused)

    def classify(self, finished_at: dt.datetime, due: dt.datetime) -> Timeliness:
        """Class a finished dossier or step as early, on time or late.

        ``late`` when it finished after ``due``; ``early`` when it finished before
        the opening of the due date's first office period, that is on an earlier
        day than the appointment day; ``on_time`` otherwise (finishing exactly at
        ``due`` is on time).

        Args:
            finished_at: when the result was ready, aware.
            due: the appointment, aware.

        Returns:
            ``"early"``, ``"on_time"`` or ``"late"``.
        """
        finished = self._local(finished_at)
        local_due = self._local(due)
        if finished > local_due:
            return "late"
        if finished < self._at(local_due.date(), self._opening):
            return "early"
        return "on_time"

    def open_status(self, now: dt.datetime, due: dt.datetime) -> OpenStatus:
        """Tell whether a dossier still open at ``now`` is past its due time.

        Returns:
            ``"overdue"`` when ``now`` is after ``due``, else ``"within_deadline"``.
        """
        if self._local(now) > self._local(due):
            return "overdue"
        return "within_deadline"

    # --- internals ----------------------------------------------------------------

    def _local(self, moment: dt.datetime) -> dt.datetime:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(f"naive datetime {moment.isoformat()}: give a timezone")
        return moment.astimezone(self._tz)

    def _split(self, moment: dt.datetime) -> tuple[dt.date, dt.timedelta]:
        """Split into the local date and the wall-clock time since its midnight."""
        local = self._local(moment)
        since_midnight = dt.timedelta(
            hours=local.hour,
            minutes=local.minute,
            seconds=local.second,
            microseconds=local.microsecond,
        )
        return local.date(), since_midnight

    def _at(self, day: dt.date, offset: dt.timedelta) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(), tzinfo=self._tz) + offset

    def _worked_in_day(self, since: dt.timedelta, until: dt.timedelta) -> dt.timedelta:
        """Office time between two times of a working day."""
        return sum(
            (
                min(end, until) - max(start, since)
                for start, end in self._periods
                if min(end, until) > max(start, since)
            ),
            _ZERO,
        )

    def _worked_on(
        self, day: dt.date, since: dt.timedelta, until: dt.timedelta
    ) -> dt.timedelta:
        if not self.is_working_day(day):
            return _ZERO
        return self._worked_in_day(since, until)

    def _walk(self, offset: dt.timedelta, delta: dt.timedelta) -> dt.timedelta:
        """Time of day reached by working ``delta`` from ``offset`` the same day."""
        for start, end in self._periods:
            if offset >= end:
                continue
            position = max(offset, start)
            if delta <= end - position:
                return position + delta
            delta -= end - position
        # Callers only walk amounts that fit in the rest of the day.
        raise ValueError("the working time does not fit in the day")

    def _counting_start(
        self, received_at: dt.datetime, cutoff: dt.time | None
    ) -> dt.datetime:
        local = self._local(received_at)
        after_cutoff = cutoff is not None and local.time() > cutoff.replace(tzinfo=None)
        if after_cutoff and self.is_working_day(local.date()):
            return self._at(self._next_working_day(local.date()), self._opening)
        return self.next_working_moment(local)

    def _calendar_days_due(self, start: dt.date, amount: float) -> dt.datetime:
        if amount != int(amount):
            raise ValueError("calendar-day deadlines take a whole number of days")
        day = start + dt.timedelta(days=int(amount))
        if not self.is_working_day(day):
            day = self._next_working_day(day)
        return self._at(day, self._closing)

    def _next_working_day(self, day: dt.date) -> dt.date:
        for candidate in _days_after(day, _SEARCH_LIMIT_DAYS):
            if self.is_working_day(candidate):
                return candidate
        raise ValueError(f"no working day within {_SEARCH_LIMIT_DAYS} days of {day}")

    def _count_working_days(self, first: dt.date, stop: dt.date) -> int:
        """Number of working days in ``[first, stop)``, without visiting each day."""
        if stop <= first:
            return 0
        weeks, extra = divmod((stop - first).days, 7)
        count = weeks * self._week_working_days
        count += sum(
            1
            for shift in range(extra)
            if (first.weekday() + shift) % 7 not in self._weekend
        )
        last_year = (stop - _ONE_DAY).year
        for year in range(first.year, last_year + 1):
            count += self._year(year).net_exceptions(first, stop)
        return count

    def _working_day_after(self, day: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``day`` (``count`` >= 1)."""
        per_week = self._week_working_days
        while count > 2 * per_week:
            # Jump whole weeks that cannot hold ``count`` working days, then count
            # what the jump crossed; this stays exact with holidays on the way.
            span = dt.timedelta(weeks=count // per_week - 1)
            crossed = self._count_working_days(day + _ONE_DAY, day + span + _ONE_DAY)
            if crossed >= count:
                break
            day += span
            count -= crossed
        for _ in range(count):
            day = self._next_working_day(day)
        return day

    def _year(self, year: int) -> _Year:
        cached = self._years.get(year)
        if cached is None:
            cached = self._years[year] = self._build_year(year)
        return cached

    def _build_year(self, year: int) -> _Year:
        holidays, working = self._package_days(year)
        overrides = self._spec.years.get(year, YearOverrides())
        for day in overrides.not_holidays:
            holidays.pop(day, None)
        working.difference_update(overrides.not_working_days)
        for holiday in overrides.holidays:
            holidays[holiday.date] = holiday.name
            working.discard(holiday.date)
        working.update(overrides.working_days)
        for day in working:
            holidays.pop(day, None)
        exceptions = {
            day: False for day in holidays if day.weekday() not in self._weekend
        }
        exceptions.update(
            (day, True) for day in working if day.weekday() in self._weekend
        )
        dates = sorted(exceptions)
        sums = [0]
        for day in dates:
            sums.append(sums[-1] + (1 if exceptions[day] else -1))
        return _Year(holidays, exceptions, dates, sums)

    def _package_days(self, year: int) -> tuple[dict[dt.date, str], set[dt.date]]:
        """Holidays and swapped working days of ``year`` from the package."""
        if not self._spec.holidays_from_package:
            return {}, set()
        listed = country_holidays(
            "VN", years=year, language=self._spec.holiday_language
        )
        holidays = {day: name for day, name in listed.items() if day.year == year}
        working = {day for day in listed.weekend_workdays if day.year == year}
        return holidays, working


def _days_after(day: dt.date, limit: int) -> Iterator[dt.date]:
    for shift in range(1, limit + 1):
        yield day + dt.timedelta(days=shift)


def _require_date(day: dt.date) -> None:
    # A datetime is a date subclass but never equal to one, so lookups would miss.
    if isinstance(day, dt.datetime):
        raise TypeError("pass a date; use is_working_moment for a datetime")

"""Reporting periods: a month, quarter, half-year, year or any range of days.

A period is the half-open interval ``[start, end)`` of local midnights in the
province's timezone. It is written as text in URLs, on the command line and in
snapshots: ``2026-11`` (a month), ``2026-Q4`` (a quarter), ``2026-H2`` (a half-year),
``2026`` (a year) or ``2026-01-05..2026-02-10`` (a range, both days included).
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import msgspec

from core.errors import UserError

__all__ = ["Period", "month_periods", "parse_period", "previous_month"]

_MONTH = re.compile(r"(\d{4})-(\d{2})")
_QUARTER = re.compile(r"(\d{4})-[Qq]([1-4])")
_HALF = re.compile(r"(\d{4})-[Hh]([12])")
_YEAR = re.compile(r"(\d{4})")
_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})")
# Reports before the one-stop mechanism or centuries ahead are typing mistakes.
_FIRST_YEAR, _LAST_YEAR = 1990, 2200


class Period(msgspec.Struct, frozen=True, kw_only=True):
    """A reporting period.

    Attributes:
        key: the text that names it (``2026-11``, ``2026-Q4``...).
        first_day: its first day.
        last_day: its last day (included).
        tz: the IANA timezone its days are counted in.
        cut: for a period still running, the moment (Unix seconds) its figures
            stop at; ``None`` for a period that is over.
    """

    key: str
    first_day: dt.date
    last_day: dt.date
    tz: str = "Asia/Ho_Chi_Minh"
    cut: int | None = None

    @property
    def start(self) -> dt.datetime:
        """Local midnight at the beginning of the first day."""
        return dt.datetime.combine(self.first_day, dt.time(), tzinfo=ZoneInfo(self.tz))

    @property
    def end(self) -> dt.datetime:
        """Local midnight after the last day (excluded from the period)."""
        after = self.last_day + dt.timedelta(days=1)
        return dt.datetime.combine(after, dt.time(), tzinfo=ZoneInfo(self.tz))

    @property
    def start_epoch(self) -> int:
        """The start as Unix seconds, the unit of the fact table."""
        return int(self.start.timestamp())

    @property
    def end_epoch(self) -> int:
        """The end as Unix seconds, or the cut of a period still running."""
        end = int(self.end.timestamp())
        return end if self.cut is None else min(end, self.cut)

    def as_of(self, now: dt.datetime) -> Period:
        """This period, stopped at ``now`` if it is not over yet.

        A running period is counted up to ``now``: pending dossiers are judged at
        ``now``, not at a future end when they may not yet be overdue.
        """
        moment = int(now.timestamp())
        if moment >= int(self.end.timestamp()):
            return self
        return msgspec.structs.replace(self, cut=max(moment, self.start_epoch))

    def label(self, lang: str) -> str:
        """How the period reads on a report: ``Tháng 11/2026 (01/11/2026 - ...)``."""
        span = f"{self.first_day:%d/%m/%Y} - {self.last_day:%d/%m/%Y}"
        if self.cut is not None:
            moment = dt.datetime.fromtimestamp(self.cut, ZoneInfo(self.tz))
            span += (
                " đến " if lang != "en" else " up to "
            ) + f"{moment:%H:%M %d/%m/%Y}"
        name = _name(self.key, lang)
        return f"{name} ({span})" if name else span


def _name(key: str, lang: str) -> str:
    vi = lang != "en"
    if match := _MONTH.fullmatch(key):
        return f"{'Tháng' if vi else 'Month'} {match[2]}/{match[1]}"
    if match := _QUARTER.fullmatch(key):
        return f"{'Quý' if vi else 'Quarter'} {match[2]}/{match[1]}"
    if match := _HALF.fullmatch(key):
        half = (
            ("6 tháng đầu năm" if vi else "First half")
            if match[2] == "1"
            else ("6 tháng cuối năm" if vi else "Second half")
        )
        return f"{half} {match[1]}"
    if _YEAR.fullmatch(key):
        return f"{'Năm' if vi else 'Year'} {key}"
    return ""


def _bad(text: str) -> UserError:
    return UserError(
        f"Kỳ báo cáo {text!r} không hợp lệ. Viết theo dạng 2026-11 (tháng), 2026-Q4 "
        "(quý), 2026-H2 (6 tháng), 2026 (năm) hoặc 2026-01-05..2026-02-10.",
        f"The period {text!r} is not valid. Write 2026-11 (a month), 2026-Q4 (a "
        "quarter), 2026-H2 (a half-year), 2026 (a year) or 2026-01-05..2026-02-10.",
        field="period",
    )


def _year(text: str, value: str) -> int:
    year = int(value)
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise _bad(text)
    return year


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def parse_period(text: str, tz: str = "Asia/Ho_Chi_Minh") -> Period:
    """Read a period written as text.

    Args:
        text: ``YYYY-MM``, ``YYYY-Qn``, ``YYYY-Hn``, ``YYYY`` or
            ``YYYY-MM-DD..YYYY-MM-DD`` (both days included).
        tz: the province's timezone.

    Returns:
        The period.

    Raises:
        UserError: the text names no period, or a range ends before it starts.
    """
    text = (text or "").strip()
    if match := _MONTH.fullmatch(text):
        year, month = _year(text, match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise _bad(text)
        return Period(
            key=text,
            first_day=dt.date(year, month, 1),
            last_day=_month_end(year, month),
            tz=tz,
        )
    if match := _QUARTER.fullmatch(text):
        return _months(
            text.upper(), _year(text, match[1]), 3 * int(match[2]) - 2, 3, tz
        )
    if match := _HALF.fullmatch(text):
        return _months(
            text.upper(), _year(text, match[1]), 6 * int(match[2]) - 5, 6, tz
        )
    if _YEAR.fullmatch(text):
        return _months(text, _year(text, text), 1, 12, tz)
    if match := _RANGE.fullmatch(text):
        return _range(text, match[1], match[2], tz)
    raise _bad(text)


def _months(key: str, year: int, first: int, count: int, tz: str) -> Period:
    last = first + count - 1
    return Period(
        key=key,
        first_day=dt.date(year, first, 1),
        last_day=_month_end(year, last),
        tz=tz,
    )


def _range(text: str, first: str, last: str, tz: str) -> Period:
    try:
        first_day, last_day = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    except ValueError:
        raise _bad(text) from None
    _year(text, str(first_day.year))
    _year(text, str(last_day.year))
    if last_day < first_day:
        raise UserError(
            f"Kỳ báo cáo {text!r} kết thúc trước khi bắt đầu.",
            f"The period {text!r} ends before it starts.",
            field="period",
        )
    return Period(key=text, first_day=first_day, last_day=last_day, tz=tz)


def previous_month(today: dt.date, tz: str = "Asia/Ho_Chi_Minh") -> Period:
    """The calendar month before the one ``today`` is in (a monthly report's)."""
    last = today.replace(day=1) - dt.timedelta(days=1)
    return parse_period(f"{last:%Y-%m}", tz)


def month_periods(period: Period) -> list[Period]:
    """The months that ``period`` overlaps, each cut to the period's own days.

    Args:
        period: any period.

    Returns:
        One period per month, in order; the first and last may be partial months.
    """
    months: list[Period] = []
    day = period.first_day
    while day <= period.last_day:
        last = min(_month_end(day.year, day.month), period.last_day)
        whole = day.day == 1 and last == _month_end(day.year, day.month)
        key = f"{day:%Y-%m}" if whole else f"{day.isoformat()}..{last.isoformat()}"
        months.append(Period(key=key, first_day=day, last_day=last, tz=period.tz))
        day = last + dt.timedelta(days=1)
    return months

"""Reading dates and resolving the date bounds of a form.

Dates are typed as ``YYYY-MM-DD`` (what a date input sends) or ``dd/mm/yyyy`` (what
people write in Viet Nam) and stored as ``YYYY-MM-DD`` text. Bounds are written
``YYYY-MM-DD``, ``today`` or ``today`` with an offset in days, months or years.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from plugins.eforms.context import Context, Reading, Refused
from plugins.eforms.messages import format_date
from plugins.eforms.schema import FormField

__all__ = ["date_bound", "read_date"]

_DATE_BOUND = re.compile(r"today(?:([+-])([0-9]{1,4})([dmy]))?")


def date_bound(text: str | None, today: dt.date) -> dt.date | None:
    """Resolve a date bound: ``YYYY-MM-DD``, ``today`` or ``today±N[dmy]``.

    Args:
        text: the bound as written in the form, or ``None``.
        today: the date ``today`` stands for.

    Returns:
        The date, or ``None`` for no bound or a bound that cannot be read.
    """
    if not text:
        return None
    match = _DATE_BOUND.fullmatch(text.strip())
    if match is None:
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            return None
    sign, amount, unit = match.groups()
    if sign is None:
        return today
    count = int(amount) * (1 if sign == "+" else -1)
    try:
        if unit == "d":
            return today + dt.timedelta(days=count)
        months = (
            today.year * 12 + today.month - 1 + (count * 12 if unit == "y" else count)
        )
        year, month = divmod(months, 12)
        day = min(today.day, _days_in_month(year, month + 1))
        return dt.date(year, month + 1, day)
    except (ValueError, OverflowError):
        return None


def _days_in_month(year: int, month: int) -> int:
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def _parse_date(raw: Any) -> dt.date | None:
    """Return the date, or ``None`` for blank text.

    Raises:
        Refused: not a date in ``YYYY-MM-DD`` or ``dd/mm/yyyy``, or a time stamp.
    """
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw
    if not isinstance(raw, str):
        raise Refused
    text = raw.strip()
    if not text:
        return None
    day_first = re.fullmatch(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", text)
    try:
        if day_first:
            day, month, year = (int(part) for part in day_first.groups())
            return dt.date(year, month, day)
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            return dt.date.fromisoformat(text)
    except ValueError:
        raise Refused from None
    raise Refused


def read_date(field: FormField, raw: Any, ctx: Context) -> Reading:
    """Read a ``date`` field's value and check its bounds."""
    try:
        value = _parse_date(raw)
    except Refused:
        return Reading.refused(ctx.issue("not_a_date"))
    if value is None:
        return Reading.of(None)
    if not 1800 <= value.year <= 2300:
        return Reading.refused(ctx.issue("not_a_date"))
    earliest = date_bound(field.min_date, ctx.today)
    latest = date_bound(field.max_date, ctx.today)
    if earliest is not None and value < earliest:
        return Reading.refused(
            ctx.issue("date_too_early", min=format_date(earliest, ctx.lang))
        )
    if latest is not None and value > latest:
        return Reading.refused(
            ctx.issue("date_too_late", max=format_date(latest, ctx.lang))
        )
    return Reading.of(value.isoformat())

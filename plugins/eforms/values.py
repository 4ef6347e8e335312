"""Reading one submitted value according to its field's type.

Values arrive as text from an HTML form or as JSON values from an API. Each reader
accepts both, refuses what does not fit and returns the value in one canonical type:
``str`` for text, choices, identifiers and ISO dates; ``int`` for money and whole
numbers; ``Decimal`` for other numbers; ``bool`` for checkboxes; a mapping for an
address. Readers never raise: problems come back as :class:`Issue` values.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from core.identifiers import InvalidIdentifier, validate_identifier
from plugins.eforms.codelists import CodeList
from plugins.eforms.conditions import ADDRESS_PARTS
from plugins.eforms.messages import format_date, format_number, message
from plugins.eforms.schema import FormField, text_in

__all__ = [
    "Context",
    "Issue",
    "Limits",
    "Reading",
    "date_bound",
    "field_max_length",
    "read_value",
]

_TRUE = frozenset({"on", "true", "1", "yes", "có"})
_FALSE = frozenset({"", "off", "false", "0", "no", "không"})
# Bidirectional overrides can make a text display differently from what it stores.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NUMBER = re.compile(r"[+-]?[0-9]{1,30}(?:[.,][0-9]{1,30})?")
_GROUPED_MONEY = re.compile(r"[0-9]{1,3}(?:([.,])[0-9]{3})(?:\1[0-9]{3})*")
_CURRENCY = re.compile(r"(?:đồng|đ|₫|vnđ|vnd)$", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_DATE_BOUND = re.compile(r"today(?:([+-])([0-9]{1,4})([dmy]))?")
_MAX_MAGNITUDE = Decimal(10) ** 18
_MAX_MONEY = 10**15
_MAX_STREET = 300


@dataclass(frozen=True)
class Limits:
    """Caps that protect the service from oversized submissions.

    Attributes:
        max_text_length: characters of a one-line text, whatever the form says.
        max_long_text_length: characters of a ``textarea``.
        max_group_items: items of any repeating group.
        max_payload_chars: characters of all keys and texts together.
        max_payload_nodes: values of any kind together.
        max_depth: nesting of mappings and lists.
    """

    max_text_length: int = 500
    max_long_text_length: int = 5000
    max_group_items: int = 100
    max_payload_chars: int = 200_000
    max_payload_nodes: int = 10_000
    max_depth: int = 8


@dataclass(frozen=True)
class Context:
    """What every reader needs besides the value."""

    lang: str
    code_lists: Mapping[str, CodeList]
    today: dt.date
    limits: Limits

    def issue(self, code: str, suffix: str = "", **params: object) -> Issue:
        """Build an issue with its message in the context's language."""
        return Issue(suffix, code, message(code, self.lang, **params))

    def number(self, value: int | float | Decimal) -> str:
        """Write a number for a message."""
        return format_number(value, self.lang)


class Issue(NamedTuple):
    """A problem with a value; ``suffix`` extends the field's path (``.commune``)."""

    suffix: str
    code: str
    message: str


class Reading(NamedTuple):
    """The cleaned value (``None`` when empty or invalid) and its problems."""

    value: Any
    issues: list[Issue]


def _ok(value: Any) -> Reading:
    return Reading(value, [])


def _bad(issue: Issue) -> Reading:
    return Reading(None, [issue])


def field_max_length(field: FormField, limits: Limits) -> int:
    """Return the effective maximum length of a text field."""
    cap = (
        limits.max_long_text_length
        if field.type == "textarea"
        else limits.max_text_length
    )
    return cap if field.max_length is None else min(field.max_length, cap)


def _has_forbidden(text: str, multiline: bool) -> bool:
    allowed = "\n\t" if multiline else ""
    for char in text:
        if char in allowed:
            continue
        if char in _BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Cs"):
            return True
    return False


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error:
        return None


def _read_text(field: FormField, raw: Any, ctx: Context) -> Reading:
    if not isinstance(raw, str):
        return _bad(ctx.issue("wrong_type"))
    multiline = field.type == "textarea"
    text = raw.replace("\r\n", "\n").replace("\r", "\n") if multiline else raw
    if _has_forbidden(text, multiline):
        return _bad(ctx.issue("control_characters"))
    text = unicodedata.normalize("NFC", text).strip()
    if not text:
        return _ok(None)
    longest = field_max_length(field, ctx.limits)
    if len(text) > longest:
        return _bad(ctx.issue("too_long", max=longest))
    if field.min_length is not None and len(text) < field.min_length:
        return _bad(ctx.issue("too_short", min=field.min_length))
    compiled = _compiled(field.pattern) if field.pattern else None
    if compiled is not None and not compiled.fullmatch(text):
        return _bad(_pattern_issue(field, ctx))
    return _ok(text)


def _pattern_issue(field: FormField, ctx: Context) -> Issue:
    if field.pattern_message is None:
        return ctx.issue("pattern")
    return Issue("", "pattern", text_in(field.pattern_message, ctx.lang))


class _Refused(Exception):
    """Raised by the parsers below when a value cannot be read at all."""


def _decimal(raw: Any) -> Decimal | None:
    """Return a finite number, or ``None`` for blank text.

    Raises:
        _Refused: not a number, or too large to be a plausible one.
    """
    if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal | str):
        raise _Refused
    if isinstance(raw, str):
        text = _SPACES.sub("", raw)
        if not text:
            return None
        if not _NUMBER.fullmatch(text):
            raise _Refused
        raw = text.replace(",", ".")
    elif isinstance(raw, float):
        if not math.isfinite(raw):
            raise _Refused
        raw = repr(raw)
    elif isinstance(raw, int) and abs(raw) >= _MAX_MAGNITUDE:
        raise _Refused
    value = Decimal(raw)
    if not value.is_finite() or abs(value) >= _MAX_MAGNITUDE:
        raise _Refused
    return value


def _check_bounds(field: FormField, value: Decimal, ctx: Context) -> Issue | None:
    if field.min is not None and value < Decimal(repr(field.min)):
        return ctx.issue("below_min", min=ctx.number(_plain(field.min)))
    if field.max is not None and value > Decimal(repr(field.max)):
        return ctx.issue("above_max", max=ctx.number(_plain(field.max)))
    return None


def _plain(number: float) -> int | Decimal:
    return int(number) if number.is_integer() else Decimal(repr(number))


def _read_number(field: FormField, raw: Any, ctx: Context) -> Reading:
    try:
        value = _decimal(raw)
    except _Refused:
        return _bad(ctx.issue("not_a_number"))
    if value is None:
        return _ok(None)
    exponent = value.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) else 0
    if field.decimals <= 0 and places > 0:
        return _bad(ctx.issue("not_whole"))
    if places > field.decimals > 0:
        return _bad(ctx.issue("too_many_decimals", decimals=field.decimals))
    bound = _check_bounds(field, value, ctx)
    if bound is not None:
        return _bad(bound)
    return _ok(int(value) if places <= 0 else value.normalize())


def _money_amount(raw: Any) -> int | None:
    """Return whole dong, or ``None`` for blank input.

    Raises:
        _Refused: not a whole, non-negative, plausible amount.
    """
    if isinstance(raw, str):
        text = _CURRENCY.sub("", _SPACES.sub("", raw))
        if not raw.strip():
            return None
        if _GROUPED_MONEY.fullmatch(text):
            text = text.replace(".", "").replace(",", "")
        if not (text.isascii() and text.isdigit() and len(text) <= 16):
            raise _Refused
        amount = int(text)
    else:
        number = _decimal(raw)
        if number is None or number != number.to_integral_value():
            raise _Refused
        amount = int(number)
    if not 0 <= amount <= _MAX_MONEY:
        raise _Refused
    return amount


def _read_money(field: FormField, raw: Any, ctx: Context) -> Reading:
    try:
        amount = _money_amount(raw)
    except _Refused:
        return _bad(ctx.issue("not_money"))
    if amount is None:
        return _ok(None)
    bound = _check_bounds(field, Decimal(amount), ctx)
    return _ok(amount) if bound is None else _bad(bound)


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
        _Refused: not a date in ``YYYY-MM-DD`` or ``dd/mm/yyyy``, or a time stamp.
    """
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw
    if not isinstance(raw, str):
        raise _Refused
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
        raise _Refused from None
    raise _Refused


def _read_date(field: FormField, raw: Any, ctx: Context) -> Reading:
    try:
        value = _parse_date(raw)
    except _Refused:
        return _bad(ctx.issue("not_a_date"))
    if value is None:
        return _ok(None)
    if not 1800 <= value.year <= 2300:
        return _bad(ctx.issue("not_a_date"))
    earliest = date_bound(field.min_date, ctx.today)
    latest = date_bound(field.max_date, ctx.today)
    if earliest is not None and value < earliest:
        return _bad(ctx.issue("date_too_early", min=format_date(earliest, ctx.lang)))
    if latest is not None and value > latest:
        return _bad(ctx.issue("date_too_late", max=format_date(latest, ctx.lang)))
    return _ok(value.isoformat())


def allowed_choices(field: FormField, code_lists: Mapping[str, CodeList]) -> list[str]:
    """Return the values a choice field accepts, in display order."""
    if field.code_list is not None:
        found = code_lists.get(field.code_list)
        return [] if found is None else [item.code for item in found.items]
    return [option.value for option in field.options]


def _choice_text(raw: Any) -> str | None:
    """Return the chosen value as text, ``""`` when blank, ``None`` when refused."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return str(raw)
    return raw.strip() if isinstance(raw, str) else None


def _read_choice(field: FormField, raw: Any, ctx: Context) -> Reading:
    allowed = allowed_choices(field, ctx.code_lists)
    if not field.multiple:
        text = _choice_text(raw)
        if text is None:
            return _bad(ctx.issue("wrong_type"))
        if not text:
            return _ok(None)
        return _ok(text) if text in allowed else _bad(ctx.issue("invalid_option"))
    return _read_choices(field, raw, allowed, ctx)


def _read_choices(
    field: FormField, raw: Any, allowed: list[str], ctx: Context
) -> Reading:
    items = raw if isinstance(raw, list | tuple) else [raw]
    texts = [_choice_text(item) for item in items]
    if any(text is None for text in texts):
        return _bad(ctx.issue("wrong_type"))
    chosen = {text for text in texts if text}
    if not chosen <= set(allowed):
        return _bad(ctx.issue("invalid_option"))
    count = len(chosen)
    if count and field.min_items is not None and count < field.min_items:
        return _bad(ctx.issue("too_few_selected", min=field.min_items))
    if field.max_items is not None and count > field.max_items:
        return _bad(ctx.issue("too_many_selected", max=field.max_items))
    return _ok([value for value in allowed if value in chosen] or None)


def _read_checkbox(field: FormField, raw: Any, ctx: Context) -> Reading:
    if isinstance(raw, bool):
        return _ok(raw)
    if isinstance(raw, int) and raw in (0, 1):
        return _ok(bool(raw))
    if isinstance(raw, str):
        text = raw.strip().lower()
        if text in _TRUE:
            return _ok(True)
        if text in _FALSE:
            return _ok(False)
    return _bad(ctx.issue("wrong_type"))


def _read_identifier(field: FormField, raw: Any, ctx: Context) -> Reading:
    if not isinstance(raw, str):
        return _bad(ctx.issue("wrong_type"))
    if not raw.strip():
        return _ok(None)
    try:
        return _ok(validate_identifier(field.kind or "", raw))
    except InvalidIdentifier as exc:
        return _bad(Issue("", "invalid_identifier", exc.message(ctx.lang)))
    except ValueError:
        return _bad(ctx.issue("wrong_type"))


def _read_address(field: FormField, raw: Any, ctx: Context) -> Reading:
    if not isinstance(raw, Mapping):
        return _bad(ctx.issue("wrong_type"))
    issues = [
        ctx.issue("unknown_field", f".{key}" if isinstance(key, str) else "")
        for key in raw
        if key not in ADDRESS_PARTS
    ]
    parts: dict[str, str | None] = {}
    for part in ADDRESS_PARTS:
        value = raw.get(part)
        if value is not None and not isinstance(value, str):
            issues.append(ctx.issue("wrong_type", f".{part}"))
        elif value is not None:
            parts[part] = unicodedata.normalize("NFC", value).strip() or None
        else:
            parts[part] = None
    if issues:
        return Reading(None, issues)
    if all(value is None for value in parts.values()):
        return _ok(None)
    issues = _address_issues(field, parts, ctx)
    return Reading(None if issues else parts, issues)


def _address_issues(
    field: FormField, parts: Mapping[str, Any], ctx: Context
) -> list[Issue]:
    issues = [
        ctx.issue("required", f".{part}") for part, value in parts.items() if not value
    ]
    provinces = ctx.code_lists.get(field.province_list)
    communes = ctx.code_lists.get(field.commune_list)
    province, commune, street = parts["province"], parts["commune"], parts["street"]
    if province and (provinces is None or province not in provinces):
        issues.append(ctx.issue("invalid_option", ".province"))
    item = communes.get(commune) if communes is not None and commune else None
    if commune and item is None:
        issues.append(ctx.issue("invalid_option", ".commune"))
    elif item is not None and province and item.parent not in (None, province):
        issues.append(ctx.issue("commune_mismatch", ".commune"))
    if street and _has_forbidden(street, multiline=False):
        issues.append(ctx.issue("control_characters", ".street"))
    elif street and len(street) > _MAX_STREET:
        issues.append(ctx.issue("too_long", ".street", max=_MAX_STREET))
    return issues


_READERS: dict[str, Callable[[FormField, Any, Context], Reading]] = {
    "text": _read_text,
    "textarea": _read_text,
    "number": _read_number,
    "money": _read_money,
    "date": _read_date,
    "choice": _read_choice,
    "checkbox": _read_checkbox,
    "identifier": _read_identifier,
    "address": _read_address,
}


def read_value(field: FormField, raw: Any, ctx: Context) -> Reading:
    """Read one submitted value of a field that is not a group.

    Args:
        field: the field.
        raw: the submitted value; ``None`` when absent.
        ctx: language, code lists, today's date and limits.

    Returns:
        The cleaned value and the problems found; a blank value is ``None`` (an
        unticked checkbox ``False``) without problems, since whether it is required
        depends on conditions judged later.
    """
    if raw is None:
        return _ok(False if field.type == "checkbox" else None)
    reader = _READERS.get(field.type)
    if reader is None:
        return _bad(ctx.issue("wrong_type"))
    return reader(field, raw, ctx)

"""Reading numbers and amounts of money.

A number may be typed with a comma or a point as decimal mark (``12,5``); an amount
of money is whole dong, typed with or without grouping (``1.500.000``, ``1,500,000``,
``1 500 000 đ``). Whole numbers and money are kept as ``int``, other numbers as exact
``Decimal`` values, never floats.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from plugins.eforms.context import Context, Issue, Reading, Refused
from plugins.eforms.schema import FormField

__all__ = ["read_money", "read_number"]

_NUMBER = re.compile(r"[+-]?[0-9]{1,30}(?:[.,][0-9]{1,30})?")
_GROUPED_MONEY = re.compile(r"[0-9]{1,3}(?:([.,])[0-9]{3})(?:\1[0-9]{3})*")
_CURRENCY = re.compile(r"(?:đồng|đ|₫|vnđ|vnd)$", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_MAX_MAGNITUDE = Decimal(10) ** 18
_MAX_MONEY = 10**15


def _decimal(raw: Any) -> Decimal | None:
    """Return a finite number, or ``None`` for blank text.

    Raises:
        Refused: not a number, or too large to be a plausible one.
    """
    if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal | str):
        raise Refused
    if isinstance(raw, str):
        text = _SPACES.sub("", raw)
        if not text:
            return None
        if not _NUMBER.fullmatch(text):
            raise Refused
        raw = text.replace(",", ".")
    elif isinstance(raw, float):
        if not math.isfinite(raw):
            raise Refused
        raw = repr(raw)
    elif isinstance(raw, int) and abs(raw) >= _MAX_MAGNITUDE:
        raise Refused
    value = Decimal(raw)
    if not value.is_finite() or abs(value) >= _MAX_MAGNITUDE:
        raise Refused
    return value


def _check_bounds(field: FormField, value: Decimal, ctx: Context) -> Issue | None:
    if field.min is not None and value < Decimal(repr(field.min)):
        return ctx.issue("below_min", min=ctx.number(_plain(field.min)))
    if field.max is not None and value > Decimal(repr(field.max)):
        return ctx.issue("above_max", max=ctx.number(_plain(field.max)))
    return None


def _plain(number: float) -> int | Decimal:
    return int(number) if number.is_integer() else Decimal(repr(number))


def read_number(field: FormField, raw: Any, ctx: Context) -> Reading:
    """Read a ``number`` field's value; see the module's description."""
    try:
        value = _decimal(raw)
    except Refused:
        return Reading.refused(ctx.issue("not_a_number"))
    if value is None:
        return Reading.of(None)
    exponent = value.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) else 0
    if field.decimals <= 0 and places > 0:
        return Reading.refused(ctx.issue("not_whole"))
    if places > field.decimals > 0:
        return Reading.refused(ctx.issue("too_many_decimals", decimals=field.decimals))
    bound = _check_bounds(field, value, ctx)
    if bound is not None:
        return Reading.refused(bound)
    return Reading.of(int(value) if places <= 0 else value.normalize())


def _money_amount(raw: Any) -> int | None:
    """Return whole dong, or ``None`` for blank input.

    Raises:
        Refused: not a whole, non-negative, plausible amount.
    """
    if isinstance(raw, str):
        text = _CURRENCY.sub("", _SPACES.sub("", raw))
        if not raw.strip():
            return None
        if _GROUPED_MONEY.fullmatch(text):
            text = text.replace(".", "").replace(",", "")
        if not (text.isascii() and text.isdigit() and len(text) <= 16):
            raise Refused
        amount = int(text)
    else:
        number = _decimal(raw)
        if number is None or number != number.to_integral_value():
            raise Refused
        amount = int(number)
    if not 0 <= amount <= _MAX_MONEY:
        raise Refused
    return amount


def read_money(field: FormField, raw: Any, ctx: Context) -> Reading:
    """Read a ``money`` field's value as whole dong."""
    try:
        amount = _money_amount(raw)
    except Refused:
        return Reading.refused(ctx.issue("not_money"))
    if amount is None:
        return Reading.of(None)
    bound = _check_bounds(field, Decimal(amount), ctx)
    return Reading.of(amount) if bound is None else Reading.refused(bound)

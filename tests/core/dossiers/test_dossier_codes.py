"""Dossier codes: shape, parsing and the per-unit, per-day sequence."""

from __future__ import annotations

import asyncio
import datetime as dt

from core.dossiers.codes import format_code, next_code, parse_code


def test_code_reads_unit_day_and_four_digit_sequence() -> None:
    code = format_code("000.00.15.H38", dt.date(2025, 12, 3), 7)
    assert code == "000.00.15.H38-251203-0007"
    assert parse_code(code) == ("000.00.15.H38", "251203", 7)


def test_sequence_may_outgrow_four_digits() -> None:
    code = format_code("000.00.15.H38", dt.date(2025, 12, 3), 12345)
    assert code.endswith("-12345")
    assert parse_code(code) == ("000.00.15.H38", "251203", 12345)


def test_malformed_codes_are_not_parsed() -> None:
    for text in ("", "abc", "000.00.15.H38-2512-0007", "000.00.15.H38-251203-07"):
        assert parse_code(text) is None


async def test_each_unit_and_day_counts_on_its_own() -> None:
    day = dt.date(2031, 5, 4)
    first = await next_code("TEST.A", day)
    second = await next_code("TEST.A", day)
    other_unit = await next_code("TEST.B", day)
    next_day = await next_code("TEST.A", day + dt.timedelta(days=1))
    assert parse_code(first)[2] + 1 == parse_code(second)[2]  # type: ignore[index]
    assert other_unit == "TEST.B-310504-0001"
    assert next_day == "TEST.A-310505-0001"


async def test_concurrent_takers_never_share_a_number() -> None:
    day = dt.date(2031, 6, 1)
    codes = await asyncio.gather(*(next_code("TEST.C", day) for _ in range(40)))
    assert sorted(codes) == [f"TEST.C-310601-{n:04d}" for n in range(1, 41)]

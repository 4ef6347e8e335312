"""Receipt numbers: consecutive within a series, never a gap, never a duplicate.

Runs on SQLite by default and on PostgreSQL when ``DATABASE_URL`` points to it; on
PostgreSQL the concurrent issues really contend for the series row's lock.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid

import pytest

from core.db import write_transaction
from core.errors import Conflict
from core.i18n import TZ
from plugins.fees.series import current_series, next_number
from plugins.fees.settings import FeesSettings
from plugins.fees.tables import ReceiptSeries

NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=TZ)


def a_unit() -> str:
    """A collecting unit no other test uses (series are per unit)."""
    return f"u-{uuid.uuid4().hex[:8]}"


async def take(settings: FeesSettings, unit: str, kind: str = "fee") -> int:
    async with write_transaction():
        series = await current_series(settings, unit, kind, NOW)
        number = await next_number(series["id"])
        await asyncio.sleep(0)  # let other issues interleave inside the transaction
        return number


async def test_concurrent_issues_get_consecutive_distinct_numbers() -> None:
    settings, unit = FeesSettings(), a_unit()
    numbers = await asyncio.gather(*(take(settings, unit) for _ in range(40)))
    assert sorted(numbers) == list(range(1, 41))
    series = await ReceiptSeries.select().where(
        ReceiptSeries.collecting_unit_id == unit
    )
    assert len(series) == 1  # created once although forty issues raced for it
    assert series[0]["last_number"] == 40


async def test_fees_and_charges_are_numbered_in_separate_series() -> None:
    settings, unit = FeesSettings(), a_unit()
    fees = [await take(settings, unit, "fee") for _ in range(3)]
    charges = [await take(settings, unit, "charge") for _ in range(2)]
    assert fees == [1, 2, 3]
    assert charges == [1, 2]
    symbols = {
        row["kind"]: row["series_symbol"]
        for row in await ReceiptSeries.select().where(
            ReceiptSeries.collecting_unit_id == unit
        )
    }
    assert symbols == {"fee": "AA-26E", "charge": "AB-26E"}


class Refused(Exception):
    pass


async def test_a_rolled_back_issue_gives_its_number_back() -> None:
    settings, unit = FeesSettings(), a_unit()
    assert await take(settings, unit) == 1

    async def issue_then_fail() -> None:
        async with write_transaction():
            series = await current_series(settings, unit, "fee", NOW)
            assert await next_number(series["id"]) == 2
            raise Refused

    with pytest.raises(Refused):
        await issue_then_fail()
    assert await take(settings, unit) == 2


async def test_a_new_year_opens_a_new_series_and_closes_the_old() -> None:
    settings, unit = FeesSettings(), a_unit()
    assert await take(settings, unit) == 1
    async with write_transaction():
        next_year = dt.datetime(2027, 1, 2, 8, 0, tzinfo=TZ)
        series = await current_series(settings, unit, "fee", next_year)
        assert series["series_symbol"] == "AA-27E"
        assert await next_number(series["id"]) == 1
    rows = await ReceiptSeries.select().where(ReceiptSeries.collecting_unit_id == unit)
    active = {row["series_symbol"]: row["active"] for row in rows}
    assert active == {"AA-26E": False, "AA-27E": True}


async def test_a_used_up_series_refuses_to_number() -> None:
    settings, unit = FeesSettings(), a_unit()
    assert await take(settings, unit) == 1
    await ReceiptSeries.update({ReceiptSeries.max_number: 2}).where(
        ReceiptSeries.collecting_unit_id == unit
    )
    assert await take(settings, unit) == 2
    with pytest.raises(Conflict):
        await take(settings, unit)

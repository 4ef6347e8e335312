"""What was collected over a period: totals by unit, item, method, kind and channel.

Every figure is a sum of issued receipts: a cancelled receipt counts for nothing and
a replaced one is counted through its replacement. So the totals always equal the
receipts a unit can print for the same period, and each figure can be traced to the
receipts behind it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import msgspec

from core.accounts.tables import Unit
from core.dossiers.records import decode_json
from core.dossiers.statuses import channel_name
from core.i18n import TZ
from plugins.fees import runtime
from plugins.fees.tables import Receipt

__all__ = ["CollectedReport", "Tally", "collected", "units_in_subtree"]


class Tally(msgspec.Struct, frozen=True, kw_only=True):
    """One row of a breakdown: how many receipts (or lines) and how much."""

    key: str
    count: int
    amount: int


class CollectedReport(msgspec.Struct, frozen=True, kw_only=True):
    """Collections of a unit's subtree over a period (both days included)."""

    unit_id: str
    period_from: dt.date
    period_to: dt.date
    receipts: int
    total: int
    by_unit: list[Tally]
    by_item: list[Tally]
    by_method: list[Tally]
    by_kind: list[Tally]
    by_channel: list[Tally]


async def units_in_subtree(unit_id: str) -> list[str]:
    """``unit_id`` and every unit below it."""
    catalogue = runtime.catalogue()
    if catalogue is not None and unit_id in catalogue.units:
        return [unit.id for unit in catalogue.units_under(unit_id)]
    row = await Unit.select(Unit.path).where(Unit.unit_id == unit_id).first()
    if row is None:
        return []
    rows = await Unit.select(Unit.unit_id).where(Unit.path.like(f"{row['path']}%"))
    return [r["unit_id"] for r in rows]


async def collected(
    unit_subtree: str, period_from: dt.date, period_to: dt.date
) -> CollectedReport:
    """Sum the issued receipts of a unit and the units below it over a period.

    Args:
        unit_subtree: the top unit's id.
        period_from: the first day, in the province's time zone.
        period_to: the last day, included.

    Returns:
        The report; breakdowns are sorted by key.
    """
    units = await units_in_subtree(unit_subtree)
    start = dt.datetime.combine(period_from, dt.time(), TZ)
    end = dt.datetime.combine(period_to + dt.timedelta(days=1), dt.time(), TZ)
    rows = await Receipt.select(
        Receipt.collecting_unit_id,
        Receipt.kind,
        Receipt.method,
        Receipt.channel,
        Receipt.amount,
        Receipt.lines,
    ).where(
        (Receipt.status == "issued")
        & (Receipt.issued_at >= start)
        & (Receipt.issued_at < end)
        & Receipt.collecting_unit_id.is_in(units or [""])
    )
    return CollectedReport(
        unit_id=unit_subtree,
        period_from=period_from,
        period_to=period_to,
        receipts=len(rows),
        total=sum(int(row["amount"]) for row in rows),
        by_unit=_tally(rows, lambda row: row["collecting_unit_id"]),
        by_item=_items(rows),
        by_method=_tally(rows, lambda row: row["method"]),
        by_kind=_tally(rows, lambda row: row["kind"]),
        by_channel=_tally(rows, lambda row: channel_name(row["channel"]).value),
    )


def _tally(rows: Iterable[Mapping[str, Any]], key: Any) -> list[Tally]:
    counts: dict[str, int] = defaultdict(int)
    amounts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[key(row)] += 1
        amounts[key(row)] += int(row["amount"])
    return [Tally(key=k, count=counts[k], amount=amounts[k]) for k in sorted(counts)]


def _items(rows: Iterable[Mapping[str, Any]]) -> list[Tally]:
    lines = [
        {"item": line["item"], "amount": line["amount"]}
        for row in rows
        for line in decode_json(row["lines"]) or []
    ]
    return _tally(lines, lambda line: line["item"])

"""Receipt series and gap-free numbering.

A receipt number is taken by one statement, ``UPDATE ... SET last_number =
last_number + 1 ... RETURNING last_number``, run in the transaction that inserts the
receipt. On PostgreSQL the update locks the series row until that transaction ends,
so a concurrent issue waits and gets the next number; on SQLite the plugin's write
transactions begin ``IMMEDIATE`` and writers take turns. If the transaction rolls
back (the issuer refused, the database failed), the number is given back with it:
a series never has a gap or a duplicate.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import structlog

from core.errors import Conflict
from core.i18n import TZ
from plugins.fees.settings import FeesSettings, SeriesSpec
from plugins.fees.tables import ReceiptSeries

__all__ = ["current_series", "next_number", "series_key"]

log = structlog.get_logger(__name__)


def series_key(unit_id: str, spec: SeriesSpec) -> str:
    """The unique key of a unit's series."""
    return f"{unit_id}/{spec.kind}/{spec.template_symbol}/{spec.series_symbol}"


async def current_series(
    settings: FeesSettings, unit_id: str, kind: str, at: dt.datetime
) -> dict[str, Any]:
    """The series a unit issues ``kind`` receipts on at ``at``, created if new.

    Creating a series makes the unit's other series of that kind inactive, so the
    previous year's series is closed when the first receipt of a year is issued.

    Args:
        settings: the plugin's settings (configured series and symbol format).
        unit_id: the collecting unit.
        kind: ``fee`` or ``charge``.
        at: the moment of issue; its year in the province's time zone picks the
            series.

    Returns:
        The series row.
    """
    year = at.astimezone(TZ).year
    spec = settings.series_for(unit_id, kind, year)
    key = series_key(unit_id, spec)
    found = await ReceiptSeries.select().where(ReceiptSeries.key == key).first()
    if found is not None:
        return found
    await _create(unit_id, spec, key)
    created = await ReceiptSeries.select().where(ReceiptSeries.key == key).first()
    if created is None:  # pragma: no cover - inserted just above
        raise RuntimeError(f"receipt series {key} vanished")
    return created


async def _create(unit_id: str, spec: SeriesSpec, key: str) -> None:
    inserted = (
        await ReceiptSeries.insert(
            ReceiptSeries(
                key=key,
                collecting_unit_id=unit_id,
                kind=spec.kind,
                template_symbol=spec.template_symbol,
                series_symbol=spec.series_symbol,
                year=spec.year,
                last_number=0,
                active=True,
                created_at=dt.datetime.now(dt.UTC),
            )
        )
        # Two processes may create the same series at once: one row wins.
        .on_conflict(target=ReceiptSeries.key, action="DO NOTHING")
        .returning(ReceiptSeries.id)
    )
    if not inserted:
        return
    await ReceiptSeries.update({ReceiptSeries.active: False}).where(
        (ReceiptSeries.collecting_unit_id == unit_id)
        & (ReceiptSeries.kind == spec.kind)
        & (ReceiptSeries.key != key)
    )
    log.info("receipt_series_created", unit=unit_id, kind=spec.kind, key=key)


async def next_number(series_id: int) -> int:
    """Take the next number of a series, inside the caller's transaction.

    Args:
        series_id: the series row's id.

    Returns:
        The number, one more than the last one taken.

    Raises:
        Conflict: the series has reached its last number.
    """
    rows = (
        await ReceiptSeries.update(
            {ReceiptSeries.last_number: ReceiptSeries.last_number + 1}
        )
        .where(
            (ReceiptSeries.id == series_id)
            & (ReceiptSeries.last_number < ReceiptSeries.max_number)
        )
        .returning(ReceiptSeries.last_number)
    )
    if not rows:
        raise Conflict(
            "Dải số biên lai đã hết; cần đăng ký ký hiệu biên lai mới",
            "The receipt series is used up; register a new series symbol",
        )
    number: int = rows[0]["last_number"]
    return number

"""The sandbox gateways' own books: one row per payment request they received.

Like a real gateway, the sandbox answers status queries from what it did, not
from Motcua's orders. A transaction leaves ``open`` once, by a conditional
update, so a double press of the Pay button pays once.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import msgspec

from core.dossiers.records import aware, decode_json
from plugins.payments_gateway.tables import SandboxTransaction

__all__ = [
    "SandboxRecord",
    "add_refund",
    "by_merchant_ref",
    "by_transaction_no",
    "finish",
    "new_transaction_no",
    "open_transaction",
    "record_delivery",
]


class SandboxRecord(msgspec.Struct, frozen=True, kw_only=True):
    """A sandbox transaction."""

    id: int
    gateway: str
    merchant_ref: str
    transaction_no: str
    amount: int
    currency: str
    status: str
    response_code: str | None
    request: dict[str, Any]
    created_at: dt.datetime
    expires_at: dt.datetime | None
    finished_at: dt.datetime | None
    refunded_amount: int
    deliveries: int
    delivered_code: str | None

    def expired_at(self, now: dt.datetime) -> bool:
        """Whether the payment window had closed at ``now``."""
        return self.expires_at is not None and now > self.expires_at


def _record(row: dict[str, Any]) -> SandboxRecord:
    values = {name: row[name] for name in SandboxRecord.__struct_fields__}
    for name in ("created_at", "expires_at", "finished_at"):
        values[name] = aware(values[name])
    values["amount"] = int(values["amount"])
    values["refunded_amount"] = int(values["refunded_amount"])
    values["request"] = decode_json(values["request"]) or {}
    return SandboxRecord(**values)


def new_transaction_no(gateway: str) -> str:
    """A fresh transaction number: twelve digits for VNPay, ``PG`` + hex for
    PayGov."""
    if gateway == "vnpay":
        return str(10**11 + secrets.randbelow(9 * 10**11))
    return f"PG{secrets.token_hex(6).upper()}"


async def open_transaction(
    *,
    gateway: str,
    merchant_ref: str,
    amount: int,
    request: dict[str, Any],
    now: dt.datetime,
    expires_at: dt.datetime | None,
) -> SandboxRecord:
    """Record a payment request the sandbox accepted.

    Returns:
        The new open transaction.
    """
    inserted = await SandboxTransaction.insert(
        SandboxTransaction(
            gateway=gateway,
            merchant_ref=merchant_ref,
            transaction_no=new_transaction_no(gateway),
            amount=amount,
            currency="VND",
            status="open",
            request=msgspec.json.encode(request).decode(),
            created_at=now,
            expires_at=expires_at,
        )
    ).returning(SandboxTransaction.id)
    rows = await SandboxTransaction.select().where(
        SandboxTransaction.id == inserted[0]["id"]
    )
    return _record(rows[0])


async def by_transaction_no(gateway: str, transaction_no: str) -> SandboxRecord | None:
    """The transaction with this number at ``gateway``, or ``None``."""
    row = (
        await SandboxTransaction.select()
        .where(
            (SandboxTransaction.gateway == gateway)
            & (SandboxTransaction.transaction_no == transaction_no)
        )
        .first()
    )
    return None if row is None else _record(row)


async def by_merchant_ref(gateway: str, merchant_ref: str) -> SandboxRecord | None:
    """The latest transaction for the merchant's reference, or ``None``."""
    row = (
        await SandboxTransaction.select()
        .where(
            (SandboxTransaction.gateway == gateway)
            & (SandboxTransaction.merchant_ref == merchant_ref)
        )
        .order_by(SandboxTransaction.id, ascending=False)
        .first()
    )
    return None if row is None else _record(row)


async def finish(
    record: SandboxRecord, status: str, response_code: str, now: dt.datetime
) -> bool:
    """Close an open transaction; ``False`` when it was already closed."""
    rows = (
        await SandboxTransaction.update(
            {
                SandboxTransaction.status: status,
                SandboxTransaction.response_code: response_code,
                SandboxTransaction.finished_at: now,
            }
        )
        .where(
            (SandboxTransaction.id == record.id) & (SandboxTransaction.status == "open")
        )
        .returning(SandboxTransaction.id)
    )
    return bool(rows)


async def add_refund(record: SandboxRecord, amount: int) -> bool:
    """Book a refund against a paid transaction; ``False`` if it exceeds it."""
    refunded = record.refunded_amount + amount
    status = "refunded" if refunded == record.amount else record.status
    rows = (
        await SandboxTransaction.update(
            {
                SandboxTransaction.refunded_amount: refunded,
                SandboxTransaction.status: status,
            }
        )
        .where(
            (SandboxTransaction.id == record.id)
            & (SandboxTransaction.refunded_amount == record.refunded_amount)
            & (SandboxTransaction.status == "paid")
        )
        .returning(SandboxTransaction.id)
    )
    return bool(rows)


async def record_delivery(record_id: int, code: str | None) -> None:
    """Count one callback delivery attempt and keep the answer it got."""
    await SandboxTransaction.update(
        {
            SandboxTransaction.deliveries: SandboxTransaction.deliveries + 1,
            SandboxTransaction.delivered_code: code,
        }
    ).where(SandboxTransaction.id == record_id)

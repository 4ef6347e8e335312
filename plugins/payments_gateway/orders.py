"""Payment orders: making one for a dossier, finding one, showing it.

An order fixes the amount, the gateway and the payment window when the applicant
starts paying; the gateway's callbacks are checked against it. References look
like ``MC251203A1B2C3D4E5``: a prefix, the local date, then random letters, so
they are unique across days and gateways (VNPay only asks for unique per day).
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import msgspec

from core.dossiers.records import aware, decode_json
from plugins.payments_gateway.protocols._common import GMT7, OrderView
from plugins.payments_gateway.tables import PaymentOrder

__all__ = [
    "SETTLEABLE",
    "OrderRecord",
    "create_order",
    "find_order",
    "new_txn_ref",
    "open_order",
    "order_by_id",
    "order_view",
    "orders_of_dossier",
]

SETTLEABLE = ("pending", "expired")
"""Statuses a gateway's verified result may still change. An expired order is
included because money a gateway took late must still be recorded."""

_REF_PREFIX = "MC"


class OrderRecord(msgspec.Struct, frozen=True, kw_only=True):
    """A payment order as pages, commands and tests read it."""

    id: int
    dossier_id: int
    dossier_code: str
    gateway: str
    txn_ref: str
    amount: int
    currency: str
    status: str
    created_at: dt.datetime
    expires_at: dt.datetime
    paid_at: dt.datetime | None
    settled_at: dt.datetime | None
    gateway_transaction_no: str | None
    bank_code: str | None
    response_code: str | None
    attempts: int
    account_id: int | None
    redirect_url: str
    receipt_reference: str | None
    problem: str | None
    dossier_confirmed_at: dt.datetime | None
    raw_callback: dict[str, Any]

    def expired_at(self, now: dt.datetime) -> bool:
        """Whether the payment window had closed at ``now``."""
        return now >= self.expires_at


def record_of(row: dict[str, Any]) -> OrderRecord:
    """An order row as an :class:`OrderRecord`."""
    values = {name: row[name] for name in OrderRecord.__struct_fields__}
    for name in ("created_at", "expires_at", "paid_at", "settled_at"):
        values[name] = aware(values[name])
    values["dossier_confirmed_at"] = aware(values["dossier_confirmed_at"])
    values["amount"] = int(values["amount"])
    values["raw_callback"] = decode_json(values["raw_callback"]) or {}
    return OrderRecord(**values)


def new_txn_ref(now: dt.datetime) -> str:
    """A fresh order reference for an order made at ``now``.

    Args:
        now: an aware datetime.

    Returns:
        ``MC`` + ``yymmdd`` (GMT+7) + ten random hex letters, upper case.
    """
    day = now.astimezone(GMT7).strftime("%y%m%d")
    return f"{_REF_PREFIX}{day}{secrets.token_hex(5).upper()}"


async def create_order(
    *,
    dossier_id: int,
    dossier_code: str,
    gateway: str,
    amount: int,
    account_id: int | None,
    expire_minutes: int,
    now: dt.datetime,
) -> OrderRecord:
    """Write a new pending order.

    Args:
        dossier_id: the dossier paid for.
        dossier_code: its code.
        gateway: ``vnpay`` or ``paygov``.
        amount: what the fees plugin says is owed, in đồng.
        account_id: the applicant's account.
        expire_minutes: how long the payment window stays open.
        now: the time the order is made.

    Returns:
        The new order.
    """
    row = PaymentOrder(
        dossier_id=dossier_id,
        dossier_code=dossier_code,
        gateway=gateway,
        txn_ref=new_txn_ref(now),
        amount=amount,
        currency="VND",
        status="pending",
        created_at=now,
        expires_at=now + dt.timedelta(minutes=expire_minutes),
        account_id=account_id,
    )
    inserted = await PaymentOrder.insert(row).returning(PaymentOrder.id)
    found = await order_by_id(int(inserted[0]["id"]))
    if found is None:  # pragma: no cover - just inserted
        raise LookupError("the new payment order vanished")
    return found


async def order_by_id(order_id: int) -> OrderRecord | None:
    """The order with ``order_id``, or ``None``."""
    row = await PaymentOrder.select().where(PaymentOrder.id == order_id).first()
    return None if row is None else record_of(row)


async def find_order(txn_ref: str, gateway: str | None = None) -> OrderRecord | None:
    """The order with reference ``txn_ref``, of ``gateway`` when given."""
    query = PaymentOrder.select().where(PaymentOrder.txn_ref == txn_ref)
    if gateway is not None:
        query = query.where(PaymentOrder.gateway == gateway)
    row = await query.first()
    return None if row is None else record_of(row)


async def orders_of_dossier(dossier_id: int) -> list[OrderRecord]:
    """A dossier's orders, newest first."""
    rows = (
        await PaymentOrder.select()
        .where(PaymentOrder.dossier_id == dossier_id)
        .order_by(PaymentOrder.id, ascending=False)
    )
    return [record_of(row) for row in rows]


async def open_order(
    dossier_id: int, gateway: str, amount: int, now: dt.datetime
) -> OrderRecord | None:
    """A pending order of the dossier that the applicant may still pay.

    Returns:
        The newest pending order of ``gateway`` for the same amount whose window
        is still open at ``now``, or ``None``.
    """
    for order in await orders_of_dossier(dossier_id):
        if (
            order.status == "pending"
            and order.gateway == gateway
            and order.amount == amount
            and order.redirect_url
            and not order.expired_at(now)
        ):
            return order
    return None


def order_view(order: OrderRecord | None) -> OrderView | None:
    """What the protocol checks need to know about an order."""
    if order is None:
        return None
    return OrderView(
        amount=order.amount,
        currency=order.currency,
        confirmed=order.status not in SETTLEABLE,
        expires_at=order.expires_at,
    )

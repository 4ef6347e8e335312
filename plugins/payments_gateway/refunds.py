"""Refunds of paid orders: recorded, and asked of the gateway where it can.

A refund is written first as ``requested``, then sent: VNPay's merchant API
takes full and partial refunds; PayGov 1.0.6 has no refund message, so a PayGov
refund is recorded as ``manual`` for staff to carry out in the platform's back
office. Refunds never exceed what was paid; once the whole amount is given back
the order becomes ``refunded``. Every refund is audited.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import msgspec
import structlog

from core import audit
from core.dossiers.records import aware
from core.errors import Conflict, NotFound, UserError
from core.permissions import Actor
from plugins.payments_gateway import gateways
from plugins.payments_gateway.gateways import GatewayError, RefundAnswer
from plugins.payments_gateway.orders import OrderRecord, order_by_id
from plugins.payments_gateway.runtime import Runtime
from plugins.payments_gateway.tables import PaymentOrder, Refund

__all__ = ["COUNTED", "RefundRecord", "refunds_of_order", "request_refund"]

log = structlog.get_logger(__name__)

COUNTED = ("requested", "accepted", "manual")
"""Refund statuses whose amount counts against what may still be refunded."""
_MIN_REASON = 5


class RefundRecord(msgspec.Struct, frozen=True, kw_only=True):
    """A refund as pages, commands and tests read it."""

    id: int
    order_id: int
    amount: int
    reason: str
    status: str
    request_id: str
    gateway_reference: str | None
    response_code: str | None
    requested_by: int | None
    requested_at: dt.datetime
    answered_at: dt.datetime | None


def _record(row: dict[str, Any]) -> RefundRecord:
    return RefundRecord(
        id=row["id"],
        order_id=row["order"],
        amount=int(row["amount"]),
        reason=row["reason"],
        status=row["status"],
        request_id=row["request_id"],
        gateway_reference=row["gateway_reference"],
        response_code=row["response_code"],
        requested_by=row["requested_by"],
        requested_at=aware(row["requested_at"]) or row["requested_at"],
        answered_at=aware(row["answered_at"]),
    )


async def refunds_of_order(order_id: int) -> list[RefundRecord]:
    """An order's refunds, oldest first."""
    rows = await Refund.select().where(Refund.order == order_id).order_by(Refund.id)
    return [_record(row) for row in rows]


def _check(order: OrderRecord, amount: int, reason: str, refunded: int) -> None:
    if order.status != "paid":
        raise Conflict(
            "Chỉ hoàn tiền cho giao dịch đã thanh toán",
            "Only a paid order can be refunded",
        )
    if len(reason.strip()) < _MIN_REASON:
        raise UserError(
            "Cần nêu lý do hoàn tiền", "A reason is required", field="reason"
        )
    if amount <= 0 or amount > order.amount - refunded:
        raise UserError(
            f"Số tiền hoàn phải từ 1 đến {order.amount - refunded} đồng",
            f"The refund must be between 1 and {order.amount - refunded} dong",
            field="amount",
        )


async def _send(
    rt: Runtime, order: OrderRecord, amount: int, full: bool, request_id: str, by: str
) -> RefundAnswer | None:
    """Ask the gateway; ``None`` when the gateway has no refund interface."""
    if order.gateway != "vnpay":
        return None
    merchant = rt.credentials.vnpay
    if merchant is None:
        raise GatewayError("vnpay is not configured")
    async with rt.client() as client:
        return await gateways.vnpay_refund(
            client,
            merchant,
            txn_ref=order.txn_ref,
            amount=amount,
            full=full,
            created_at=order.created_at,
            transaction_no=order.gateway_transaction_no,
            requested_by=by,
            request_id=request_id,
            now=rt.clock(),
        )


async def request_refund(
    rt: Runtime,
    order_id: int,
    *,
    amount: int,
    reason: str,
    actor: Actor,
    actor_name: str = "",
) -> RefundRecord:
    """Record a refund of a paid order and ask the gateway to make it.

    Args:
        rt: the application.
        order_id: the paid order.
        amount: how much to give back, in đồng.
        reason: why, for the record.
        actor: who asks (a cashier, or the operator at the command line).
        actor_name: their name for the audit trail.

    Returns:
        The refund, with the gateway's answer.

    Raises:
        NotFound: no such order.
        Conflict: the order is not paid.
        UserError: no reason, or an amount beyond what is left to refund.
    """
    order = await order_by_id(order_id)
    if order is None:
        raise NotFound("Không tìm thấy giao dịch", "No such payment order")
    refunded = sum(
        r.amount for r in await refunds_of_order(order_id) if r.status in COUNTED
    )
    _check(order, amount, reason, refunded)
    request_id = f"RF{secrets.token_hex(8).upper()}"
    inserted = await Refund.insert(
        Refund(
            order=order.id,
            amount=amount,
            reason=reason.strip(),
            status="requested",
            request_id=request_id,
            requested_by=actor.account_id or None,
            requested_at=rt.clock(),
        )
    ).returning(Refund.id)
    refund_id = int(inserted[0]["id"])
    full = refunded == 0 and amount == order.amount
    status, answer = await _ask(rt, order, amount, full, request_id, actor_name)
    await _answered(refund_id, status, answer, rt.clock())
    if status in ("accepted", "manual") and refunded + amount == order.amount:
        await PaymentOrder.update({PaymentOrder.status: "refunded"}).where(
            (PaymentOrder.id == order.id) & (PaymentOrder.status == "paid")
        )
    await audit.record(
        "payment_refund_requested",
        actor=actor,
        actor_name=actor_name,
        object_type="dossier",
        object_id=order.dossier_code,
        detail={"order": order.txn_ref, "amount": amount, "status": status},
    )
    log.info(
        "payment_refund_recorded", order=order.txn_ref, amount=amount, status=status
    )
    rows = await Refund.select().where(Refund.id == refund_id)
    return _record(rows[0])


async def _ask(
    rt: Runtime, order: OrderRecord, amount: int, full: bool, request_id: str, by: str
) -> tuple[str, RefundAnswer | None]:
    try:
        answer = await _send(rt, order, amount, full, request_id, by or "motcua")
    except GatewayError as exc:
        log.warning("payment_refund_failure", order=order.txn_ref, error=str(exc))
        return "failed", None
    if answer is None:
        return "manual", None
    return ("accepted" if answer.accepted else "refused"), answer


async def _answered(
    refund_id: int, status: str, answer: RefundAnswer | None, now: dt.datetime
) -> None:
    await Refund.update(
        {
            Refund.status: status,
            Refund.gateway_reference: answer.transaction_no if answer else None,
            Refund.response_code: answer.response_code if answer else None,
            Refund.answered_at: now,
        }
    ).where(Refund.id == refund_id)

"""Settling an order once, whoever reports the result first.

A gateway may deliver its result twice, late, or in parallel with the payer's
return and with reconciliation. Every one of them ends here, and only one wins:
the order leaves ``pending`` by a conditional update (``... SET status = 'paid'
WHERE id = ? AND status IN ('pending', 'expired')``), and in the same transaction
the fees plugin records the payment and issues its receipts, idempotently by the
order's reference. A caller whose update changes no row lost the race and
records nothing. After the commit the dossier is moved on through the dossier
service; if that fails, reconciliation tries again later.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import msgspec
import structlog
from piccolo.columns import Column

from core import audit
from core.db import write_transaction
from core.dossiers.queries import load
from core.dossiers.statuses import OPEN
from core.errors import UserError
from plugins.payments_gateway.orders import SETTLEABLE, OrderRecord
from plugins.payments_gateway.runtime import Runtime
from plugins.payments_gateway.tables import PaymentOrder

__all__ = [
    "Outcome",
    "confirm_dossier",
    "expire",
    "payment_reference",
    "settle",
]

log = structlog.get_logger(__name__)

Settled = Literal["paid", "failed", "cancelled"]


class Outcome(msgspec.Struct, frozen=True, kw_only=True):
    """A gateway's verified result for an order.

    Attributes:
        status: what to record.
        transaction_no: the gateway's transaction number.
        bank_code: the payer's bank.
        paid_at: when the payment was made (paid orders).
        response_code: the gateway's code for the result.
        fields: the verified fields it came with, signatures left out.
    """

    status: Settled
    transaction_no: str | None = None
    bank_code: str | None = None
    paid_at: dt.datetime | None = None
    response_code: str | None = None
    fields: dict[str, str] = {}


def payment_reference(order: OrderRecord) -> str:
    """The reference the fees plugin records the order's payment under."""
    return f"{order.gateway}:{order.txn_ref}"


def _columns(outcome: Outcome, now: dt.datetime) -> dict[Column | str, Any]:
    values: dict[Column | str, Any] = {
        PaymentOrder.status: outcome.status,
        PaymentOrder.settled_at: now,
        PaymentOrder.response_code: outcome.response_code,
        PaymentOrder.raw_callback: msgspec.json.encode(outcome.fields).decode(),
    }
    if outcome.transaction_no:
        values[PaymentOrder.gateway_transaction_no] = outcome.transaction_no
    if outcome.bank_code:
        values[PaymentOrder.bank_code] = outcome.bank_code
    if outcome.status == "paid":
        values[PaymentOrder.paid_at] = outcome.paid_at or now
    return values


async def _take(order: OrderRecord, outcome: Outcome, now: dt.datetime) -> bool:
    """The conditional update: whether this caller moved the order first."""
    rows = (
        await PaymentOrder.update(_columns(outcome, now))
        .where(
            (PaymentOrder.id == order.id) & PaymentOrder.status.is_in(list(SETTLEABLE))
        )
        .returning(PaymentOrder.id)
    )
    return bool(rows)


async def _record_payment(rt: Runtime, order: OrderRecord) -> None:
    from plugins.fees.collection import record_online_payment

    reference = payment_reference(order)
    try:
        await record_online_payment(
            order.dossier_id, order.amount, reference, plugins=rt.plugins
        )
    except UserError as refusal:
        # The gateway took the money: keep the order paid and flag it for a
        # refund rather than lose the record of the payment.
        await PaymentOrder.update({PaymentOrder.problem: "not_owed"}).where(
            PaymentOrder.id == order.id
        )
        await audit.record(
            "online_payment_unmatched",
            actor=None,
            object_type="dossier",
            object_id=order.dossier_code,
            detail={
                "order": order.txn_ref,
                "amount": order.amount,
                "reason": refusal.en,
            },
        )
        log.error(
            "payment_order_unmatched",
            dossier=order.dossier_code,
            order=order.txn_ref,
            reason=refusal.en,
        )
        return
    await PaymentOrder.update({PaymentOrder.receipt_reference: reference}).where(
        PaymentOrder.id == order.id
    )


async def settle(
    rt: Runtime, order: OrderRecord, outcome: Outcome, source: str
) -> bool:
    """Record a gateway's verified result, once.

    Args:
        rt: the application.
        order: the order the result is for.
        outcome: the result.
        source: who reported it (``ipn``, ``confirm``, ``return``, ``query``),
            for the log.

    Returns:
        Whether this call recorded the result; ``False`` when the order had
        already been settled by another call.
    """
    now = rt.clock()
    async with write_transaction():
        if not await _take(order, outcome, now):
            won = False
        else:
            won = True
            if outcome.status == "paid":
                await _record_payment(rt, order)
    log.info(
        "payment_order_settled" if won else "payment_order_already_settled",
        dossier=order.dossier_code,
        order=order.txn_ref,
        gateway=order.gateway,
        status=outcome.status,
        source=source,
    )
    if won and outcome.status == "paid":
        await confirm_dossier(rt, order)
    return won


async def confirm_dossier(rt: Runtime, order: OrderRecord) -> bool:
    """Move the dossier of a paid order on, if it still waits for the payment.

    Never raises: a failure is logged and left for reconciliation to repeat.

    Args:
        rt: the application.
        order: a paid order.

    Returns:
        Whether nothing more is left to do for the dossier.
    """
    from plugins.fees.progress import payment_settled

    try:
        await payment_settled(order.dossier_id, rt.dossiers)
        dossier = await load(order.dossier_id)
    except Exception:
        log.exception("payment_dossier_confirmation_failure", order=order.txn_ref)
        return False
    done = (
        dossier is None
        or dossier.payment_status == "paid"
        or dossier.status not in {int(status) for status in OPEN}
    )
    if done:
        await PaymentOrder.update(
            {PaymentOrder.dossier_confirmed_at: rt.clock()}
        ).where(PaymentOrder.id == order.id)
    return done


async def expire(order: OrderRecord, now: dt.datetime) -> bool:
    """Mark a pending order whose window closed unpaid as expired.

    Returns:
        Whether the order was still pending and is now expired.
    """
    rows = (
        await PaymentOrder.update(
            {PaymentOrder.status: "expired", PaymentOrder.settled_at: now}
        )
        .where((PaymentOrder.id == order.id) & (PaymentOrder.status == "pending"))
        .returning(PaymentOrder.id)
    )
    if rows:
        log.info(
            "payment_order_expired", dossier=order.dossier_code, order=order.txn_ref
        )
    return bool(rows)

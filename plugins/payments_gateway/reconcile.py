"""Reconciliation: settling the orders whose callbacks never came.

A gateway may call back late or never. :func:`reconcile` takes every order
still pending some minutes after it was made, asks its gateway where it stands
(VNPay ``querydr``, PayGov QUERY) and settles it exactly as a callback would,
through the same idempotent path. An order the gateway reports unpaid or never
saw is marked expired once its payment window has closed. Paid orders whose
dossier was not yet told are told again. The ``motcua payments reconcile``
command runs it; a province schedules that command (cron, a job queue).
"""

from __future__ import annotations

import datetime as dt

import msgspec
import structlog

from plugins.payments_gateway.gateways import GatewayError
from plugins.payments_gateway.journal import log_callback
from plugins.payments_gateway.orders import OrderRecord, record_of
from plugins.payments_gateway.runtime import Runtime
from plugins.payments_gateway.settlement import confirm_dossier, expire
from plugins.payments_gateway.status_queries import apply_status, query_gateway
from plugins.payments_gateway.tables import PaymentOrder

__all__ = ["DEFAULT_DELAY", "ReconcileReport", "reconcile"]

log = structlog.get_logger(__name__)

DEFAULT_DELAY = dt.timedelta(minutes=5)
"""How long an order is left to its callback before it is queried."""


class ReconcileReport(msgspec.Struct, kw_only=True):
    """What one reconciliation run did.

    Attributes:
        checked: pending orders queried.
        paid: orders settled as paid.
        failed: orders settled as failed.
        expired: orders marked expired.
        still_open: orders left pending (window still open, or undecided).
        mismatched: paid answers whose amount differed from the order's.
        errors: queries that failed (gateway unreachable, bad signature).
        dossiers_confirmed: paid orders whose dossier was told again.
    """

    checked: int = 0
    paid: int = 0
    failed: int = 0
    expired: int = 0
    still_open: int = 0
    mismatched: int = 0
    errors: int = 0
    dossiers_confirmed: int = 0


async def _pending_orders(before: dt.datetime) -> list[OrderRecord]:
    rows = (
        await PaymentOrder.select()
        .where((PaymentOrder.status == "pending") & (PaymentOrder.created_at <= before))
        .order_by(PaymentOrder.id)
    )
    return [record_of(row) for row in rows]


async def _unconfirmed_paid_orders() -> list[OrderRecord]:
    rows = (
        await PaymentOrder.select()
        .where(
            (PaymentOrder.status == "paid")
            & PaymentOrder.dossier_confirmed_at.is_null()
        )
        .order_by(PaymentOrder.id)
    )
    return [record_of(row) for row in rows]


async def _reconcile_one(
    rt: Runtime, order: OrderRecord, report: ReconcileReport
) -> None:
    now = rt.clock()
    report.checked += 1
    try:
        status = await query_gateway(rt, order)
    except GatewayError as exc:
        report.errors += 1
        log.warning(
            "payment_reconcile_query_failure", order=order.txn_ref, error=str(exc)
        )
        return
    concluded = await apply_status(rt, order, status, "reconcile")
    await log_callback(
        rt,
        gateway=order.gateway,
        kind="query",
        txn_ref=order.txn_ref,
        order=order,
        code=status.response_code,
        outcome=concluded,
        data=status.fields,
    )
    if concluded == "paid":
        report.paid += 1
    elif concluded == "failed":
        report.failed += 1
    elif concluded == "mismatch":
        report.mismatched += 1
    elif order.expired_at(now) and await expire(order, now):
        report.expired += 1
    else:
        report.still_open += 1


async def reconcile(
    rt: Runtime, *, delay: dt.timedelta = DEFAULT_DELAY
) -> ReconcileReport:
    """Query and settle every order left pending longer than ``delay``.

    Args:
        rt: the application (credentials, HTTP transport, clock).
        delay: how long after it was made an order is first queried.

    Returns:
        Counts of what was done.
    """
    report = ReconcileReport()
    for order in await _pending_orders(rt.clock() - delay):
        await _reconcile_one(rt, order, report)
    for order in await _unconfirmed_paid_orders():
        if await confirm_dossier(rt, order):
            report.dossiers_confirmed += 1
    log.info("payment_reconcile_success", **msgspec.structs.asdict(report))
    return report

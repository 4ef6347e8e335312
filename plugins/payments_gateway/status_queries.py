"""Asking a gateway where an order stands, and acting on a verified answer.

The payer's return page and reconciliation both use :func:`check_with_gateway`:
it queries the gateway (VNPay ``querydr``, PayGov QUERY) and, when the answer
is decisive, settles the order through the same idempotent path as a callback.
A paid answer whose amount or currency differs from the order's is not
believed: it is logged for staff and the order stays pending.
"""

from __future__ import annotations

import secrets

import structlog

from plugins.payments_gateway import gateways
from plugins.payments_gateway.gateways import GatewayError, GatewayStatus
from plugins.payments_gateway.journal import log_callback
from plugins.payments_gateway.orders import OrderRecord, order_by_id
from plugins.payments_gateway.runtime import Runtime
from plugins.payments_gateway.settlement import Outcome, settle

__all__ = ["apply_status", "check_with_gateway", "query_gateway"]

log = structlog.get_logger(__name__)


async def query_gateway(rt: Runtime, order: OrderRecord) -> GatewayStatus:
    """Ask the order's gateway for its status.

    Raises:
        GatewayError: the gateway is not configured, unreachable, or answered
            something that could not be verified.
    """
    now = rt.clock()
    async with rt.client() as client:
        if order.gateway == "vnpay" and rt.credentials.vnpay is not None:
            return await gateways.vnpay_query(
                client,
                rt.credentials.vnpay,
                txn_ref=order.txn_ref,
                created_at=order.created_at,
                transaction_no=order.gateway_transaction_no,
                now=now,
            )
        if order.gateway == "paygov" and rt.credentials.paygov is not None:
            return await gateways.paygov_query(
                client,
                rt.credentials.paygov,
                txn_ref=order.txn_ref,
                request_id=f"Q{order.txn_ref}{secrets.token_hex(4).upper()}",
                now=now,
            )
    raise GatewayError(f"{order.gateway} is not configured")


async def apply_status(
    rt: Runtime, order: OrderRecord, status: GatewayStatus, source: str
) -> str:
    """Settle an order from a gateway's verified status when it is decisive.

    Args:
        rt: the application.
        order: the order asked about.
        status: the gateway's answer.
        source: who asked (``return``, ``reconcile``), for the log.

    Returns:
        What was concluded: ``paid``, ``failed``, ``open``, ``not_found``, or
        ``mismatch`` when a paid answer disagrees with the order.
    """
    if status.state == "paid":
        if status.amount != order.amount or status.currency != order.currency:
            log.error(
                "payment_query_amount_mismatch",
                order=order.txn_ref,
                gateway=order.gateway,
                expected=order.amount,
                reported=status.amount,
            )
            return "mismatch"
        outcome = Outcome(
            status="paid",
            transaction_no=status.transaction_no,
            bank_code=status.bank_code,
            paid_at=status.paid_at,
            response_code=status.response_code,
            fields=status.fields,
        )
        await settle(rt, order, outcome, source)
    elif status.state == "failed":
        outcome = Outcome(
            status="failed",
            transaction_no=status.transaction_no,
            response_code=status.response_code,
            fields=status.fields,
        )
        await settle(rt, order, outcome, source)
    return status.state


async def check_with_gateway(
    rt: Runtime, order: OrderRecord, source: str
) -> OrderRecord:
    """Query the gateway about an order and settle it if the answer is decisive.

    Never raises for a gateway fault: the order is returned unchanged.

    Args:
        rt: the application.
        order: the order.
        source: who asks, for the log.

    Returns:
        The order as it stands afterwards.
    """
    try:
        status = await query_gateway(rt, order)
    except GatewayError as exc:
        log.warning(
            "payment_query_failure",
            order=order.txn_ref,
            gateway=order.gateway,
            error=str(exc),
        )
        return order
    concluded = await apply_status(rt, order, status, source)
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
    return await order_by_id(order.id) or order

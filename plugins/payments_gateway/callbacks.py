"""Handling what gateways send back: server-to-server callbacks and returns.

VNPay's IPN and PayGov's CONFIRM are checked by the protocol modules in the
protocol's order (signature, order exists, amount and currency, not already
confirmed, in time) and, when every check passes, settled through
:func:`~plugins.payments_gateway.settlement.settle`, which lets one caller win.
The payer's return is only shown: its signature is verified, but an order is
marked paid from a return only after the gateway confirms it, by an earlier
callback or by a status query made now. Every call is kept in
:class:`~plugins.payments_gateway.tables.CallbackLog`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import msgspec
import structlog

from plugins.payments_gateway import status_queries
from plugins.payments_gateway.gateways import gateway_time
from plugins.payments_gateway.journal import clean_fields, log_callback
from plugins.payments_gateway.orders import OrderRecord, find_order, order_view
from plugins.payments_gateway.protocols import paygov, vnpay
from plugins.payments_gateway.protocols._common import OrderView, PaymentStatus
from plugins.payments_gateway.runtime import Runtime
from plugins.payments_gateway.settlement import Outcome, settle

__all__ = [
    "ReturnView",
    "handle_paygov_confirm",
    "handle_paygov_return",
    "handle_vnpay_ipn",
    "handle_vnpay_return",
]

log = structlog.get_logger(__name__)

_VNPAY_CANCELLED = "24"
"""VNPay's response code for a payment the customer cancelled."""

ReturnState = Literal["paid", "failed", "cancelled", "processing", "invalid"]


class ReturnView(msgspec.Struct, frozen=True, kw_only=True):
    """What the return page tells the payer.

    Attributes:
        state: ``paid`` and ``failed``/``cancelled`` once the gateway confirmed
            the result; ``processing`` while it has not; ``invalid`` when the
            return could not be verified or names no order.
        order: the order, when found.
        reported_paid: the return itself says the payment went through.
    """

    state: ReturnState
    order: OrderRecord | None = None
    reported_paid: bool = False


# --- VNPay ----------------------------------------------------------------------------


def _vnpay_outcome(params: Mapping[str, str], paid: bool) -> Outcome:
    code = params.get("vnp_ResponseCode", "")
    if paid:
        status: Literal["paid", "failed", "cancelled"] = "paid"
    else:
        status = "cancelled" if code == _VNPAY_CANCELLED else "failed"
    return Outcome(
        status=status,
        transaction_no=params.get("vnp_TransactionNo") or None,
        bank_code=params.get("vnp_BankCode") or None,
        paid_at=gateway_time(params.get("vnp_PayDate", "")),
        response_code=code or None,
        fields=clean_fields(params),
    )


async def handle_vnpay_ipn(rt: Runtime, params: Mapping[str, str]) -> dict[str, str]:
    """Answer one VNPay IPN call, settling its order when every check passes.

    Args:
        rt: the application.
        params: the call's query parameters, decoded.

    Returns:
        The JSON body to answer VNPay with (``RspCode`` and ``Message``).
    """
    merchant = rt.credentials.vnpay
    found: dict[str, OrderRecord | None] = {}

    async def lookup(txn_ref: str) -> OrderView | None:
        found["order"] = await find_order(txn_ref, "vnpay")
        return order_view(found["order"])

    if merchant is None:
        decision = vnpay.IpnDecision(outcome=vnpay.IpnOutcome.INVALID_SIGNATURE)
    else:
        decision = await vnpay.check_ipn_async(params, merchant.secret, lookup)
    order = found.get("order")
    answer = decision.outcome
    if decision.payment is not None and order is not None:
        answer = await _settle_ipn(rt, order, params, decision)
    await log_callback(
        rt,
        gateway="vnpay",
        kind="ipn",
        txn_ref=decision.txn_ref,
        order=order,
        code=answer.rsp_code,
        outcome=answer.name.lower(),
        data=params,
    )
    return {"RspCode": answer.rsp_code, "Message": answer.message}


async def _settle_ipn(
    rt: Runtime,
    order: OrderRecord,
    params: Mapping[str, str],
    decision: vnpay.IpnDecision,
) -> vnpay.IpnOutcome:
    try:
        won = await settle(rt, order, _vnpay_outcome(params, decision.paid), "ipn")
    except Exception:
        # VNPay calls again after 99; nothing was committed.
        log.exception("vnpay_ipn_settlement_failure", order=order.txn_ref)
        return vnpay.IpnOutcome.UNKNOWN_ERROR
    return vnpay.IpnOutcome.CONFIRMED if won else vnpay.IpnOutcome.ALREADY_CONFIRMED


async def handle_vnpay_return(rt: Runtime, params: Mapping[str, str]) -> ReturnView:
    """Verify the payer's return from VNPay and tell where the payment stands.

    Args:
        rt: the application.
        params: the return's query parameters, decoded.

    Returns:
        What to show the payer.
    """
    merchant = rt.credentials.vnpay
    trusted = merchant is not None and vnpay.verify(params, merchant.secret)
    txn_ref = params.get("vnp_TxnRef", "") if trusted else ""
    order = await find_order(txn_ref, "vnpay") if txn_ref else None
    reported = trusted and vnpay.payment_succeeded(params)
    view = await _return_view(rt, order, reported, trusted)
    await log_callback(
        rt,
        gateway="vnpay",
        kind="return",
        txn_ref=txn_ref or None,
        order=order,
        code=params.get("vnp_ResponseCode", "")[:8] if trusted else "97",
        outcome=view.state,
        data=params,
    )
    return view


# --- PayGov ---------------------------------------------------------------------------


def _paygov_outcome(message: paygov.ConfirmMessage, paid: bool) -> Outcome:
    fields = msgspec.to_builtins(message)
    return Outcome(
        status="paid" if paid else "failed",
        transaction_no=message.transaction_id or None,
        paid_at=gateway_time(message.paid_time),
        response_code=message.status_code or None,
        fields=clean_fields(fields),
    )


def _unreadable_reply(rt: Runtime) -> paygov.ConfirmResultMessage:
    partner = rt.credentials.paygov
    reply = paygov.ConfirmResultMessage(
        partner_code=partner.partner_code if partner else "",
        request_id="",
        transaction_id="",
        response_code=paygov.ResponseCode.UNKNOWN_ERROR.value,
        message=paygov.ResponseCode.UNKNOWN_ERROR.message_vi,
    )
    return paygov.with_checksum(reply, partner.secret) if partner else reply


async def handle_paygov_confirm(
    rt: Runtime, body: bytes
) -> paygov.ConfirmResultMessage:
    """Answer one PayGov CONFIRM, settling its payment when every check passes.

    Args:
        rt: the application.
        body: the JSON body received.

    Returns:
        The signed CONFIRM_RESULT to answer with.
    """
    partner = rt.credentials.paygov
    try:
        message = paygov.decode_message(body, paygov.ConfirmMessage)
    except msgspec.MsgspecError:
        await log_callback(
            rt,
            gateway="paygov",
            kind="confirm",
            txn_ref=None,
            order=None,
            code=paygov.ResponseCode.UNKNOWN_ERROR.value,
            outcome="unreadable",
            data={"length": len(body)},
        )
        return _unreadable_reply(rt)
    found: dict[str, OrderRecord | None] = {}

    async def lookup(request_id: str) -> OrderView | None:
        found["order"] = await find_order(request_id, "paygov")
        return order_view(found["order"])

    secret = partner.secret if partner else ""
    if partner is None:
        decision = paygov.Decision(
            code=paygov.ResponseCode.INVALID_SIGNATURE,
            request_id=message.request_id,
            transaction_id=message.transaction_id,
        )
    else:
        decision = await paygov.check_confirm_async(message, secret, lookup)
    order = found.get("order")
    code = decision.code
    if decision.payment is not None and order is not None:
        code = await _settle_confirm(rt, order, message, decision)
        decision = paygov.Decision(
            code=code,
            request_id=decision.request_id,
            transaction_id=decision.transaction_id,
            payment=decision.payment if code is paygov.ResponseCode.SUCCESS else None,
        )
    trusted = code is not paygov.ResponseCode.INVALID_SIGNATURE
    await log_callback(
        rt,
        gateway="paygov",
        kind="confirm",
        txn_ref=message.request_id if trusted else None,
        order=order,
        code=code.value,
        outcome=code.name.lower(),
        data=msgspec.to_builtins(message),
    )
    if partner is None:
        return paygov.ConfirmResultMessage(
            partner_code="",
            request_id=message.request_id,
            transaction_id=message.transaction_id,
            response_code=code.value,
            message=code.message_vi,
        )
    return decision.reply(partner_code=partner.partner_code, secret=secret)


async def _settle_confirm(
    rt: Runtime,
    order: OrderRecord,
    message: paygov.ConfirmMessage,
    decision: paygov.Decision,
) -> paygov.ResponseCode:
    paid = decision.payment is PaymentStatus.PAID
    try:
        won = await settle(rt, order, _paygov_outcome(message, paid), "confirm")
    except Exception:
        # The platform delivers the CONFIRM again after 99; nothing was committed.
        log.exception("paygov_confirm_settlement_failure", order=order.txn_ref)
        return paygov.ResponseCode.UNKNOWN_ERROR
    return paygov.ResponseCode.SUCCESS if won else paygov.ResponseCode.ALREADY_CONFIRMED


def confirm_from_query(params: Mapping[str, str]) -> paygov.ConfirmMessage | None:
    """Read the signed CONFIRM fields PayGov appends to the return URL.

    Returns:
        The message, or ``None`` when the parameters do not form one.
    """
    data: dict[str, Any] = dict(params)
    data.setdefault("messageType", paygov.MessageType.CONFIRM.value)
    try:
        return msgspec.convert(data, paygov.ConfirmMessage, strict=False)
    except msgspec.ValidationError:
        return None


async def handle_paygov_return(rt: Runtime, params: Mapping[str, str]) -> ReturnView:
    """Verify the payer's return from PayGov and tell where the payment stands.

    Args:
        rt: the application.
        params: the return's query parameters, decoded.

    Returns:
        What to show the payer.
    """
    partner = rt.credentials.paygov
    message = confirm_from_query(params)
    trusted = (
        partner is not None
        and message is not None
        and paygov.verify_message(message, partner.secret)
    )
    txn_ref = message.request_id if trusted and message else ""
    order = await find_order(txn_ref, "paygov") if txn_ref else None
    reported = bool(
        trusted and message and message.status_code == paygov.PAID_STATUS_CODE
    )
    view = await _return_view(rt, order, reported, trusted)
    await log_callback(
        rt,
        gateway="paygov",
        kind="return",
        txn_ref=txn_ref or None,
        order=order,
        code=(message.status_code if trusted and message else "97")[:8],
        outcome=view.state,
        data=params,
    )
    return view


# --- shared ---------------------------------------------------------------------------


async def _return_view(
    rt: Runtime, order: OrderRecord | None, reported: bool, trusted: bool
) -> ReturnView:
    if not trusted or order is None:
        return ReturnView(state="invalid")
    if order.status == "pending":
        # The return alone proves nothing: ask the gateway, as a callback would.
        order = await status_queries.check_with_gateway(rt, order, "return")
    return ReturnView(
        state=_state_of(order.status), order=order, reported_paid=reported
    )


def _state_of(status: str) -> ReturnState:
    if status in ("paid", "refunded"):
        return "paid"
    if status == "cancelled":
        return "cancelled"
    if status in ("failed", "expired"):
        return "failed"
    return "processing"

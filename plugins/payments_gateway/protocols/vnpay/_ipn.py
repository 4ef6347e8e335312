"""Deciding what a VNPay IPN call means for the order it names.

VNPay calls the merchant's IPN endpoint (Instant Payment Notification) with the
signed result of a payment, possibly twice, late, or not at all. The merchant
checks, in this order, the signature, that the order exists, that the amount
matches and that the order is not already confirmed, and answers JSON
``{"RspCode": ..., "Message": ...}``. Only a call passing every check settles
the order, as paid when the gateway reports success and as failed otherwise.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import msgspec
import structlog

from .._common import AsyncOrderLookup, OrderLookup, OrderView, PaymentStatus
from ._payment import CURRENCY, to_gateway_amount
from ._signing import verify

__all__ = [
    "IpnDecision",
    "IpnOutcome",
    "check_ipn",
    "check_ipn_async",
    "payment_succeeded",
]

_log = structlog.get_logger(__name__)

SUCCESS_CODE = "00"
_REQUIRED_FIELDS = ("vnp_TxnRef", "vnp_Amount", "vnp_ResponseCode")


class IpnOutcome(enum.Enum):
    """The merchant's answer to an IPN call, with VNPay's exact wording."""

    CONFIRMED = ("00", "Confirm Success")
    ORDER_NOT_FOUND = ("01", "Order not found")
    ALREADY_CONFIRMED = ("02", "Order already confirmed")
    INVALID_AMOUNT = ("04", "Invalid amount")
    INVALID_SIGNATURE = ("97", "Invalid signature")
    UNKNOWN_ERROR = ("99", "Unknown error")

    @property
    def rsp_code(self) -> str:
        """The ``RspCode`` VNPay reads."""
        return self.value[0]

    @property
    def message(self) -> str:
        """The ``Message`` VNPay reads."""
        return self.value[1]


class IpnDecision(msgspec.Struct, frozen=True, kw_only=True):
    """The outcome of an IPN check and what, if anything, to record.

    Attributes:
        outcome: The answer to send VNPay.
        txn_ref: The merchant's reference, once the signature is trusted.
        payment: What to record; set only when every check passed.
        transaction_no: VNPay's transaction number, when the order is settled.
    """

    outcome: IpnOutcome
    txn_ref: str | None = None
    payment: PaymentStatus | None = None
    transaction_no: str | None = None

    def __post_init__(self) -> None:
        # A settlement without the CONFIRMED outcome would mean recording a
        # payment that failed a check; refuse to build such a decision.
        settles = self.outcome is IpnOutcome.CONFIRMED
        if settles != (self.payment is not None):
            raise ValueError("only a confirmed IPN settles the order")

    @property
    def paid(self) -> bool:
        """Whether to record the order as paid."""
        return self.payment is PaymentStatus.PAID

    def response(self) -> dict[str, str]:
        """The JSON body to answer VNPay with."""
        return {"RspCode": self.outcome.rsp_code, "Message": self.outcome.message}


def payment_succeeded(params: Mapping[str, str]) -> bool:
    """Tell whether verified return or IPN parameters report a payment.

    Args:
        params: Query parameters whose signature was already verified.

    Returns:
        Whether both ``vnp_ResponseCode`` and ``vnp_TransactionStatus`` are 00.
    """
    return (
        params.get("vnp_ResponseCode") == SUCCESS_CODE
        and params.get("vnp_TransactionStatus") == SUCCESS_CODE
    )


def _authenticate(params: Mapping[str, str], secret: str) -> IpnDecision | str:
    """Return the order reference of a trusted call, or the refusal."""
    if not verify(params, secret):
        return IpnDecision(outcome=IpnOutcome.INVALID_SIGNATURE)
    if not all(params.get(field) for field in _REQUIRED_FIELDS):
        return IpnDecision(outcome=IpnOutcome.UNKNOWN_ERROR)
    return params["vnp_TxnRef"]


def _amount_matches(params: Mapping[str, str], order: OrderView) -> bool:
    if order.currency != CURRENCY or order.amount <= 0:
        return False
    return params["vnp_Amount"] == to_gateway_amount(order.amount)


def _judge(params: Mapping[str, str], order: OrderView | None) -> IpnDecision:
    txn_ref = params["vnp_TxnRef"]
    if order is None:
        return IpnDecision(outcome=IpnOutcome.ORDER_NOT_FOUND, txn_ref=txn_ref)
    if not _amount_matches(params, order):
        return IpnDecision(outcome=IpnOutcome.INVALID_AMOUNT, txn_ref=txn_ref)
    if order.confirmed:
        return IpnDecision(outcome=IpnOutcome.ALREADY_CONFIRMED, txn_ref=txn_ref)
    paid = payment_succeeded(params)
    return IpnDecision(
        outcome=IpnOutcome.CONFIRMED,
        txn_ref=txn_ref,
        payment=PaymentStatus.PAID if paid else PaymentStatus.FAILED,
        transaction_no=params.get("vnp_TransactionNo") or None,
    )


def _logged(decision: IpnDecision) -> IpnDecision:
    _log.info(
        "vnpay_ipn_checked",
        rsp_code=decision.outcome.rsp_code,
        txn_ref=decision.txn_ref,
        payment=decision.payment.value if decision.payment else None,
    )
    return decision


def _lookup_failed(txn_ref: str) -> IpnDecision:
    _log.exception("vnpay_ipn_lookup_failure", txn_ref=txn_ref)
    return _logged(IpnDecision(outcome=IpnOutcome.UNKNOWN_ERROR, txn_ref=txn_ref))


def check_ipn(
    params: Mapping[str, str], secret: str, lookup: OrderLookup
) -> IpnDecision:
    """Check an IPN call and decide the answer and what to record.

    Checks run in VNPay's order: signature (97), order exists (01), amount
    (04), not already confirmed (02). A call passing all of them is confirmed
    (00) and settles the order, as paid only when the gateway reports success.

    Args:
        params: The IPN's query parameters, decoded.
        secret: The merchant's hash secret.
        lookup: Finds the order by ``vnp_TxnRef``; called only for a call whose
            signature is valid.

    Returns:
        The decision; its ``response()`` is the body to answer VNPay with.
    """
    trusted = _authenticate(params, secret)
    if isinstance(trusted, IpnDecision):
        return _logged(trusted)
    try:
        order = lookup(trusted)
    except Exception:
        # VNPay retries an IPN answered 99, so a passing fault of the order
        # store must not turn into a lost or wrongly refused payment.
        return _lookup_failed(trusted)
    return _logged(_judge(params, order))


async def check_ipn_async(
    params: Mapping[str, str], secret: str, lookup: AsyncOrderLookup
) -> IpnDecision:
    """Check an IPN call with an awaitable order look-up.

    The same checks, in the same order, as :func:`check_ipn`.

    Args:
        params: The IPN's query parameters, decoded.
        secret: The merchant's hash secret.
        lookup: Awaitable look-up of the order by ``vnp_TxnRef``.

    Returns:
        The decision; its ``response()`` is the body to answer VNPay with.
    """
    trusted = _authenticate(params, secret)
    if isinstance(trusted, IpnDecision):
        return _logged(trusted)
    try:
        order = await lookup(trusted)
    except Exception:
        # See check_ipn: 99 makes VNPay try again later.
        return _lookup_failed(trusted)
    return _logged(_judge(params, order))

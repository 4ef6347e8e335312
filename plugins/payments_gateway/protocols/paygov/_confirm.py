"""Deciding what a PayGov CONFIRM callback means for the payment it names.

The platform may deliver a CONFIRM twice, late or never. Checks run in a fixed
order: checksum (97), payment exists (01), currency (05) and amount (04), not
already confirmed (02), paid before the payment window closed (06). Currency
comes before amount because an amount in another currency cannot be compared.
Only a callback passing every check settles the payment, as paid when its
``statusCode`` is 00 and as failed otherwise.
"""

from __future__ import annotations

from datetime import datetime

import msgspec
import structlog

from .._common import (
    GMT7,
    AsyncOrderLookup,
    OrderLookup,
    OrderView,
    PaymentStatus,
    parse_timestamp,
)
from ._messages import ConfirmMessage, ConfirmResultMessage
from ._signing import verify_message, with_checksum
from .spec import PAID_STATUS_CODE, ResponseCode

__all__ = ["Decision", "check_confirm", "check_confirm_async", "paid_at"]

_log = structlog.get_logger(__name__)


class Decision(msgspec.Struct, frozen=True, kw_only=True):
    """The outcome of a CONFIRM check and what, if anything, to record.

    Attributes:
        code: The answer to send the platform.
        request_id: The INIT request the callback names.
        transaction_id: The platform's transaction.
        payment: What to record; set only when every check passed.
    """

    code: ResponseCode
    request_id: str
    transaction_id: str
    payment: PaymentStatus | None = None

    def __post_init__(self) -> None:
        # A settlement under any other code would record a payment that failed
        # a check; refuse to build such a decision.
        if (self.code is ResponseCode.SUCCESS) != (self.payment is not None):
            raise ValueError("only a successful check settles the payment")

    @property
    def paid(self) -> bool:
        """Whether to record the payment as paid."""
        return self.payment is PaymentStatus.PAID

    def reply(self, *, partner_code: str, secret: str) -> ConfirmResultMessage:
        """Build the signed CONFIRM_RESULT answering the callback.

        Args:
            partner_code: Motcua's partner code at the platform.
            secret: The partner's secret key.

        Returns:
            The answer, checksum included, with the Vietnamese wording.
        """
        answer = ConfirmResultMessage(
            partner_code=partner_code,
            request_id=self.request_id,
            transaction_id=self.transaction_id,
            response_code=self.code.value,
            message=self.code.message_vi,
        )
        return with_checksum(answer, secret)


def _decision(
    message: ConfirmMessage, code: ResponseCode, payment: PaymentStatus | None = None
) -> Decision:
    return Decision(
        code=code,
        request_id=message.request_id,
        transaction_id=message.transaction_id,
        payment=payment,
    )


def _expired(message: ConfirmMessage, order: OrderView) -> bool:
    if order.expires_at is None:
        return False
    closes = order.expires_at
    if closes.tzinfo is None:
        # The provincial system keeps local time; read a bare time as Vietnam's.
        closes = closes.replace(tzinfo=GMT7)
    return parse_timestamp(message.paid_time) > closes


def _failed_check(message: ConfirmMessage, order: OrderView) -> ResponseCode | None:
    if message.currency != order.currency:
        return ResponseCode.CURRENCY_MISMATCH
    if message.amount != order.amount:
        return ResponseCode.INVALID_AMOUNT
    if order.confirmed:
        return ResponseCode.ALREADY_CONFIRMED
    if _expired(message, order):
        return ResponseCode.EXPIRED
    return None


def _judge(message: ConfirmMessage, order: OrderView | None) -> Decision:
    if order is None:
        return _decision(message, ResponseCode.ORDER_NOT_FOUND)
    try:
        refusal = _failed_check(message, order)
    except ValueError:
        # Only an unreadable paid time gets here; the shape was not checked if
        # the message was built in code rather than decoded.
        return _decision(message, ResponseCode.UNKNOWN_ERROR)
    if refusal is not None:
        return _decision(message, refusal)
    paid = message.status_code == PAID_STATUS_CODE
    payment = PaymentStatus.PAID if paid else PaymentStatus.FAILED
    return _decision(message, ResponseCode.SUCCESS, payment)


def _logged(decision: Decision) -> Decision:
    _log.info(
        "paygov_confirm_checked",
        response_code=decision.code.value,
        request_id=decision.request_id,
        transaction_id=decision.transaction_id,
        payment=decision.payment.value if decision.payment else None,
    )
    return decision


def _lookup_failed(message: ConfirmMessage) -> Decision:
    _log.exception("paygov_confirm_lookup_failure", request_id=message.request_id)
    return _logged(_decision(message, ResponseCode.UNKNOWN_ERROR))


def check_confirm(
    message: ConfirmMessage, secret: str, lookup: OrderLookup
) -> Decision:
    """Check a CONFIRM callback and decide the answer and what to record.

    Args:
        message: The decoded CONFIRM.
        secret: The partner's secret key.
        lookup: Finds the payment by the INIT's request id; called only for a
            callback whose checksum is valid.

    Returns:
        The decision; its ``reply()`` is the CONFIRM_RESULT to answer with.
    """
    if not verify_message(message, secret):
        return _logged(_decision(message, ResponseCode.INVALID_SIGNATURE))
    try:
        order = lookup(message.request_id)
    except Exception:
        # Answering 99 lets the platform deliver the callback again later.
        return _lookup_failed(message)
    return _logged(_judge(message, order))


async def check_confirm_async(
    message: ConfirmMessage, secret: str, lookup: AsyncOrderLookup
) -> Decision:
    """Check a CONFIRM callback with an awaitable payment look-up.

    The same checks, in the same order, as :func:`check_confirm`.

    Args:
        message: The decoded CONFIRM.
        secret: The partner's secret key.
        lookup: Awaitable look-up of the payment by the INIT's request id.

    Returns:
        The decision; its ``reply()`` is the CONFIRM_RESULT to answer with.
    """
    if not verify_message(message, secret):
        return _logged(_decision(message, ResponseCode.INVALID_SIGNATURE))
    try:
        order = await lookup(message.request_id)
    except Exception:
        # See check_confirm: 99 lets the platform try again.
        return _lookup_failed(message)
    return _logged(_judge(message, order))


def paid_at(message: ConfirmMessage) -> datetime:
    """Read when a confirmed payment was made.

    Args:
        message: A CONFIRM whose checksum was verified.

    Returns:
        The aware paid time (GMT+7).

    Raises:
        ValueError: If ``paidTime`` is not a valid timestamp.
    """
    return parse_timestamp(message.paid_time)

"""VNPay 2.1.0 merchant API: transaction status query and refund.

Both are JSON POSTs to the merchant API endpoint. Unlike the redirect and the
IPN, their ``vnp_SecureHash`` is the hex HMAC-SHA512 of chosen fields joined
with ``|`` in a fixed order, and VNPay signs its answers the same way. The
field orders below follow VNPay's documentation of version 2.1.0.
"""

from __future__ import annotations

import enum
import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

import msgspec

from .._common import format_timestamp, hex_digests_equal
from ._ipn import SUCCESS_CODE
from ._payment import to_gateway_amount
from ._signing import VERSION, hmac_sha512_hex

__all__ = [
    "QUERYDR_REQUEST_FIELDS",
    "QUERYDR_RESPONSE_FIELDS",
    "REFUND_REQUEST_FIELDS",
    "REFUND_RESPONSE_FIELDS",
    "InvalidSignatureError",
    "QueryDrRequest",
    "QueryDrResponse",
    "RefundRequest",
    "RefundResponse",
    "RefundType",
    "build_querydr_request",
    "build_refund_request",
    "new_request_id",
    "parse_querydr_response",
    "parse_refund_response",
    "pipe_signature",
]

QUERYDR_REQUEST_FIELDS = (
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_TransactionDate",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
)
REFUND_REQUEST_FIELDS = (
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TransactionType",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_TransactionNo",
    "vnp_TransactionDate",
    "vnp_CreateBy",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
)
REFUND_RESPONSE_FIELDS = (
    "vnp_ResponseId",
    "vnp_Command",
    "vnp_ResponseCode",
    "vnp_Message",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_BankCode",
    "vnp_PayDate",
    "vnp_TransactionNo",
    "vnp_TransactionType",
    "vnp_TransactionStatus",
    "vnp_OrderInfo",
)
QUERYDR_RESPONSE_FIELDS = (
    *REFUND_RESPONSE_FIELDS,
    "vnp_PromotionCode",
    "vnp_PromotionAmount",
)


def _vnp_name(attribute: str) -> str:
    """Map ``txn_ref`` to ``vnp_TxnRef``: VNPay's JSON names are regular."""
    return "vnp_" + "".join(part.capitalize() for part in attribute.split("_"))


class _Body(msgspec.Struct, frozen=True, kw_only=True, rename=_vnp_name):
    """Base of the API bodies: snake_case here, ``vnp_PascalCase`` on the wire."""


class RefundType(enum.Enum):
    """``vnp_TransactionType`` of a refund."""

    FULL = "02"
    PARTIAL = "03"


class InvalidSignatureError(ValueError):
    """A VNPay API answer whose ``vnp_SecureHash`` does not match."""


class QueryDrRequest(_Body, frozen=True, kw_only=True, omit_defaults=True):
    """Body of a transaction status query (``querydr``).

    Only ``transaction_no`` has a default, so ``omit_defaults`` leaves out an
    unknown transaction number instead of sending ``null``.
    """

    request_id: str
    version: str
    command: str
    tmn_code: str
    txn_ref: str
    order_info: str
    transaction_no: str | None = None
    transaction_date: str
    create_date: str
    ip_addr: str
    secure_hash: str


class RefundRequest(_Body, frozen=True, kw_only=True, omit_defaults=True):
    """Body of a refund request (``refund``); the amount is VND x 100."""

    request_id: str
    version: str
    command: str
    tmn_code: str
    transaction_type: str
    txn_ref: str
    amount: int
    order_info: str
    transaction_no: str | None = None
    transaction_date: str
    create_by: str
    create_date: str
    ip_addr: str
    secure_hash: str


class _Answer(_Body, frozen=True, kw_only=True):
    """Fields VNPay's API answers share; every one may be absent or empty."""

    response_id: str = ""
    command: str = ""
    response_code: str = ""
    message: str = ""
    tmn_code: str = ""
    txn_ref: str = ""
    amount: str = ""
    bank_code: str = ""
    pay_date: str = ""
    transaction_no: str = ""
    transaction_type: str = ""
    transaction_status: str = ""
    order_info: str = ""
    secure_hash: str = ""

    @property
    def accepted(self) -> bool:
        """Whether VNPay accepted the request (``vnp_ResponseCode`` 00)."""
        return self.response_code == SUCCESS_CODE

    @property
    def amount_vnd(self) -> int | None:
        """The amount in đồng, or ``None`` when VNPay gave no readable amount."""
        if not (self.amount.isascii() and self.amount.isdigit()):
            return None
        return int(self.amount) // 100


class RefundResponse(_Answer, frozen=True, kw_only=True):
    """VNPay's answer to a refund request, its signature already checked."""


class QueryDrResponse(_Answer, frozen=True, kw_only=True):
    """VNPay's answer to a status query, its signature already checked."""

    promotion_code: str = ""
    promotion_amount: str = ""

    @property
    def payment_succeeded(self) -> bool:
        """Whether the query succeeded and the transaction was paid."""
        return self.accepted and self.transaction_status == SUCCESS_CODE


def pipe_signature(
    fields: Mapping[str, object], order: tuple[str, ...], secret: str
) -> str:
    """Sign fields joined with ``|`` in the given order, as the API does.

    Args:
        fields: Wire names to values; a missing or ``None`` value counts as empty.
        order: The wire names to sign, in order.
        secret: The merchant's hash secret.

    Returns:
        The lowercase hex HMAC-SHA512.
    """
    values = (
        "" if fields.get(name) is None else str(fields.get(name)) for name in order
    )
    return hmac_sha512_hex(secret, "|".join(values))


def new_request_id() -> str:
    """Make a ``vnp_RequestId``: VNPay wants it unique for the day."""
    return secrets.token_hex(16)


def build_querydr_request(
    *,
    tmn_code: str,
    secret: str,
    txn_ref: str,
    transaction_date: datetime,
    created_at: datetime,
    ip_addr: str,
    order_info: str,
    transaction_no: str | None = None,
    request_id: str | None = None,
) -> QueryDrRequest:
    """Build a signed status query for a payment.

    Args:
        tmn_code: The merchant's terminal code.
        secret: The merchant's hash secret.
        txn_ref: The payment's merchant reference.
        transaction_date: When the payment was requested (its ``vnp_CreateDate``).
        created_at: When this query is made.
        ip_addr: The merchant server's IP address.
        order_info: Why the query is made, without diacritics.
        transaction_no: VNPay's transaction number, if known.
        request_id: Identifier of this query; a random one by default.

    Returns:
        The body to POST, ``vnp_SecureHash`` included.
    """
    fields: dict[str, Any] = {
        "request_id": request_id or new_request_id(),
        "version": VERSION,
        "command": "querydr",
        "tmn_code": tmn_code,
        "txn_ref": txn_ref,
        "order_info": order_info,
        "transaction_no": transaction_no,
        "transaction_date": format_timestamp(transaction_date),
        "create_date": format_timestamp(created_at),
        "ip_addr": ip_addr,
    }
    return _signed(QueryDrRequest, fields, QUERYDR_REQUEST_FIELDS, secret)


def build_refund_request(
    *,
    tmn_code: str,
    secret: str,
    txn_ref: str,
    amount_vnd: int,
    refund_type: RefundType,
    transaction_date: datetime,
    created_by: str,
    created_at: datetime,
    ip_addr: str,
    order_info: str,
    transaction_no: str | None = None,
    request_id: str | None = None,
) -> RefundRequest:
    """Build a signed refund request.

    Args:
        tmn_code: The merchant's terminal code.
        secret: The merchant's hash secret.
        txn_ref: The payment's merchant reference.
        amount_vnd: Amount to refund, in đồng.
        refund_type: Full or partial refund.
        transaction_date: When the payment was requested (its ``vnp_CreateDate``).
        created_by: Who asks for the refund (an officer's user name).
        created_at: When this request is made.
        ip_addr: The merchant server's IP address.
        order_info: Why the refund is made, without diacritics.
        transaction_no: VNPay's transaction number, if known.
        request_id: Identifier of this request; a random one by default.

    Returns:
        The body to POST, ``vnp_SecureHash`` included.
    """
    fields: dict[str, Any] = {
        "request_id": request_id or new_request_id(),
        "version": VERSION,
        "command": "refund",
        "tmn_code": tmn_code,
        "transaction_type": refund_type.value,
        "txn_ref": txn_ref,
        "amount": int(to_gateway_amount(amount_vnd)),
        "order_info": order_info,
        "transaction_no": transaction_no,
        "transaction_date": format_timestamp(transaction_date),
        "create_by": created_by,
        "create_date": format_timestamp(created_at),
        "ip_addr": ip_addr,
    }
    return _signed(RefundRequest, fields, REFUND_REQUEST_FIELDS, secret)


_RequestT = TypeVar("_RequestT", QueryDrRequest, RefundRequest)
_ResponseT = TypeVar("_ResponseT", QueryDrResponse, RefundResponse)


def _signed(
    kind: type[_RequestT], fields: dict[str, Any], order: tuple[str, ...], secret: str
) -> _RequestT:
    unsigned = kind(**fields, secure_hash="")
    wire = msgspec.to_builtins(unsigned)
    return msgspec.structs.replace(
        unsigned, secure_hash=pipe_signature(wire, order, secret)
    )


def _flatten(raw: bytes | str | Mapping[str, object]) -> dict[str, str]:
    # VNPay writes some numbers as JSON numbers and others as strings; the
    # signature covers their text either way.
    decoded = msgspec.json.decode(raw) if isinstance(raw, bytes | str) else raw
    if not isinstance(decoded, Mapping):
        raise msgspec.ValidationError("a VNPay API answer is a JSON object")
    return {
        str(key): "" if value is None else str(value)
        for key, value in decoded.items()
        if isinstance(value, str | int | float) or value is None
    }


def _parse(
    raw: bytes | str | Mapping[str, object],
    secret: str,
    order: tuple[str, ...],
    kind: type[_ResponseT],
) -> _ResponseT:
    fields = _flatten(raw)
    expected = pipe_signature(fields, order, secret)
    if not hex_digests_equal(expected, fields.get("vnp_SecureHash", "")):
        raise InvalidSignatureError("the VNPay API answer has an invalid signature")
    return msgspec.convert(fields, kind)


def parse_querydr_response(
    raw: bytes | str | Mapping[str, object], secret: str
) -> QueryDrResponse:
    """Verify and read VNPay's answer to a status query.

    Args:
        raw: The JSON body, or its decoded object.
        secret: The merchant's hash secret.

    Returns:
        The answer; see ``payment_succeeded`` for whether the payment went through.

    Raises:
        InvalidSignatureError: If the signature is missing or does not match.
        msgspec.ValidationError: If the body is not a JSON object.
    """
    return _parse(raw, secret, QUERYDR_RESPONSE_FIELDS, QueryDrResponse)


def parse_refund_response(
    raw: bytes | str | Mapping[str, object], secret: str
) -> RefundResponse:
    """Verify and read VNPay's answer to a refund request.

    Args:
        raw: The JSON body, or its decoded object.
        secret: The merchant's hash secret.

    Returns:
        The answer; see ``accepted`` for whether VNPay took the refund.

    Raises:
        InvalidSignatureError: If the signature is missing or does not match.
        msgspec.ValidationError: If the body is not a JSON object.
    """
    return _parse(raw, secret, REFUND_RESPONSE_FIELDS, RefundResponse)

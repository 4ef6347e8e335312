"""PayGov protocol 1.0.6 constants: message types, signed fields, response codes.

The national public service portal's payment platform (nền tảng thanh toán
trực tuyến, PayGov) exchanges JSON messages. Each message carries a
``checksum``: the hex SHA-256 of chosen fields of the message, in a fixed order
per message type, joined with ``|``, with the partner's secret key appended as
the last field::

    checksum = sha256("v1|v2|...|vN|<secret>").hexdigest()

Every value is written as text: numbers in decimal, a missing value as the
empty string. A dotted name (``payer.identifier``) reads a field of a nested
object. The fee list is written as its lines joined with ``;``, each line being
its :data:`FEE_LINE_SIGNED_FIELDS` joined with ``,``.

Everything the platform could change between protocol versions lives here, so
that following a new version means editing this module only.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

__all__ = [
    "CURRENCY",
    "FEE_LINE_SEPARATOR",
    "FEE_LINE_SIGNED_FIELDS",
    "FEE_SEPARATOR",
    "FIELD_SEPARATOR",
    "MESSAGE_TYPE_FIELD",
    "PAID_STATUS_CODE",
    "SIGNED_FIELDS",
    "VERSION",
    "MessageType",
    "ResponseCode",
]

VERSION = "1.0.6"
CURRENCY = "VND"
MESSAGE_TYPE_FIELD = "messageType"
FIELD_SEPARATOR = "|"
FEE_SEPARATOR = ";"
FEE_LINE_SEPARATOR = ","
PAID_STATUS_CODE = "00"
"""``statusCode`` of a CONFIRM or QUERY_RESULT for a payment that went through."""


class MessageType(enum.Enum):
    """The ``messageType`` of each message, with who sends it to whom."""

    INIT = "INIT"
    """Motcua asks the platform to open a payment (payment request)."""
    INIT_RESULT = "INIT_RESULT"
    """The platform answers INIT with its transaction and payment page."""
    CONFIRM = "CONFIRM"
    """The platform calls Motcua back with the result of a payment."""
    CONFIRM_RESULT = "CONFIRM_RESULT"
    """Motcua answers CONFIRM."""
    QUERY = "QUERY"
    """Motcua asks the platform for the status of a payment."""
    QUERY_RESULT = "QUERY_RESULT"
    """The platform answers QUERY."""
    GET_BILL = "GET_BILL"
    """The platform asks Motcua for the bill of a dossier."""
    BILL = "BILL"
    """Motcua answers GET_BILL with the dossier's fees."""


_HEADER = ("version", MESSAGE_TYPE_FIELD, "partnerCode", "requestId")

SIGNED_FIELDS: Mapping[MessageType, tuple[str, ...]] = {
    MessageType.INIT: (
        *_HEADER,
        "requestTime",
        "dossierCode",
        "procedureCode",
        "unitCode",
        "beneficiaryAccount.bankCode",
        "beneficiaryAccount.accountNo",
        "payer.identifier",
        "fees",
        "totalAmount",
        "currency",
        "returnUrl",
        "notifyUrl",
        "expireTime",
    ),
    MessageType.INIT_RESULT: (
        *_HEADER,
        "responseCode",
        "transactionId",
        "paymentUrl",
    ),
    MessageType.CONFIRM: (
        *_HEADER,
        "transactionId",
        "amount",
        "currency",
        "statusCode",
        "paidTime",
    ),
    MessageType.CONFIRM_RESULT: (
        *_HEADER,
        "transactionId",
        "responseCode",
    ),
    MessageType.QUERY: (
        *_HEADER,
        "paymentRequestId",
        "requestTime",
    ),
    MessageType.QUERY_RESULT: (
        *_HEADER,
        "paymentRequestId",
        "responseCode",
        "transactionId",
        "amount",
        "currency",
        "statusCode",
        "paidTime",
    ),
    MessageType.GET_BILL: (
        *_HEADER,
        "dossierCode",
        "requestTime",
    ),
    MessageType.BILL: (
        *_HEADER,
        "responseCode",
        "dossierCode",
        "procedureCode",
        "unitCode",
        "fees",
        "totalAmount",
        "currency",
    ),
}
"""Per message type, the wire names whose values the checksum covers, in order."""

FEE_LINE_SIGNED_FIELDS = ("feeCode", "kind", "amount")
"""Fields of one fee line, in order, as they enter a checksum."""


class ResponseCode(enum.Enum):
    """``responseCode`` values, with their Vietnamese and English wording."""

    SUCCESS = "00"
    ORDER_NOT_FOUND = "01"
    ALREADY_CONFIRMED = "02"
    INVALID_AMOUNT = "04"
    CURRENCY_MISMATCH = "05"
    EXPIRED = "06"
    INVALID_SIGNATURE = "97"
    UNKNOWN_ERROR = "99"

    @property
    def message_vi(self) -> str:
        """The wording in Vietnamese, sent in replies."""
        return _MESSAGES[self][0]

    @property
    def message_en(self) -> str:
        """The wording in English, for logs and the English interface."""
        return _MESSAGES[self][1]


_MESSAGES: Mapping[ResponseCode, tuple[str, str]] = {
    ResponseCode.SUCCESS: ("Thành công", "Success"),
    ResponseCode.ORDER_NOT_FOUND: ("Không tìm thấy giao dịch", "Order not found"),
    ResponseCode.ALREADY_CONFIRMED: (
        "Giao dịch đã được xác nhận trước đó",
        "Order already confirmed",
    ),
    ResponseCode.INVALID_AMOUNT: ("Số tiền không hợp lệ", "Invalid amount"),
    ResponseCode.CURRENCY_MISMATCH: ("Loại tiền tệ không khớp", "Currency mismatch"),
    ResponseCode.EXPIRED: ("Giao dịch đã hết hạn", "Payment expired"),
    ResponseCode.INVALID_SIGNATURE: ("Chữ ký không hợp lệ", "Invalid signature"),
    ResponseCode.UNKNOWN_ERROR: ("Lỗi không xác định", "Unknown error"),
}

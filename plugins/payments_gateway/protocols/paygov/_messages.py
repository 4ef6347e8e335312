"""PayGov 1.0.6 messages as msgspec structs.

Attributes are snake_case here and camelCase on the wire; ``messageType`` is
the tag that tells the messages apart, so :func:`decode_message` reads any of
them. A message is built with an empty ``checksum`` and signed with
:func:`~.with_checksum`.
"""

from __future__ import annotations

import enum
from typing import Annotated, TypeVar

import msgspec

from .spec import (
    CURRENCY,
    MESSAGE_TYPE_FIELD,
    PAID_STATUS_CODE,
    VERSION,
    MessageType,
    ResponseCode,
)

__all__ = [
    "AnyMessage",
    "BeneficiaryAccount",
    "BillMessage",
    "ConfirmMessage",
    "ConfirmResultMessage",
    "FeeKind",
    "FeeLine",
    "GetBillMessage",
    "InitMessage",
    "InitResultMessage",
    "Message",
    "Payer",
    "QueryMessage",
    "QueryResultMessage",
    "decode_any_message",
    "decode_message",
    "message_type",
]

Timestamp = Annotated[str, msgspec.Meta(pattern=r"^\d{14}$")]
"""``yyyyMMddHHmmss`` in GMT+7."""
Amount = Annotated[int, msgspec.Meta(ge=0)]
"""Whole đồng; VND has no minor unit."""
Currency = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{3}$")]


class FeeKind(enum.Enum):
    """Whether a fee line is a fee (phí) or a charge (lệ phí)."""

    FEE = "FEE"
    CHARGE = "CHARGE"


class _Part(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    """Base of the objects nested in messages."""


class FeeLine(_Part, frozen=True, kw_only=True):
    """One fee or charge of a dossier."""

    fee_code: str
    fee_name: str
    kind: FeeKind
    amount: Amount


class BeneficiaryAccount(_Part, frozen=True, kw_only=True):
    """The collecting unit's account (tài khoản thụ hưởng)."""

    bank_code: str
    account_no: str
    account_name: str


class Payer(_Part, frozen=True, kw_only=True):
    """Who pays: the applicant or the person paying for them."""

    name: str
    identifier: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


class Message(
    msgspec.Struct,
    frozen=True,
    kw_only=True,
    rename="camel",
    tag_field=MESSAGE_TYPE_FIELD,
):
    """Fields every PayGov message carries."""

    version: str = VERSION
    partner_code: str
    request_id: str
    checksum: str = ""


class InitMessage(Message, frozen=True, kw_only=True, tag=MessageType.INIT.value):
    """INIT: open a payment for a dossier's fees (sent by Motcua)."""

    request_time: Timestamp
    dossier_code: str
    procedure_code: str
    unit_code: str
    beneficiary_account: BeneficiaryAccount
    payer: Payer
    fees: list[FeeLine]
    total_amount: Amount
    currency: Currency = CURRENCY
    return_url: str
    notify_url: str
    expire_time: Timestamp | None = None


class InitResultMessage(
    Message, frozen=True, kw_only=True, tag=MessageType.INIT_RESULT.value
):
    """INIT_RESULT: the platform's transaction and payment page for an INIT."""

    response_code: str
    transaction_id: str = ""
    payment_url: str = ""


class ConfirmMessage(Message, frozen=True, kw_only=True, tag=MessageType.CONFIRM.value):
    """CONFIRM: the platform's callback with a payment's result.

    ``request_id`` is that of the INIT which opened the payment.
    """

    transaction_id: str
    amount: Amount
    currency: Currency = CURRENCY
    status_code: str
    paid_time: Timestamp


class ConfirmResultMessage(
    Message, frozen=True, kw_only=True, tag=MessageType.CONFIRM_RESULT.value
):
    """CONFIRM_RESULT: Motcua's answer to a CONFIRM."""

    transaction_id: str
    response_code: str
    message: str = ""


class QueryMessage(Message, frozen=True, kw_only=True, tag=MessageType.QUERY.value):
    """QUERY: ask for the status of the payment opened by ``payment_request_id``."""

    payment_request_id: str
    request_time: Timestamp


class QueryResultMessage(
    Message, frozen=True, kw_only=True, tag=MessageType.QUERY_RESULT.value
):
    """QUERY_RESULT: the platform's answer to a QUERY."""

    payment_request_id: str
    response_code: str
    transaction_id: str = ""
    amount: Amount | None = None
    currency: Currency = CURRENCY
    status_code: str = ""
    paid_time: Timestamp | None = None

    @property
    def paid(self) -> bool:
        """Whether the platform reports the payment as made."""
        answered = self.response_code == ResponseCode.SUCCESS.value
        return answered and self.status_code == PAID_STATUS_CODE


class GetBillMessage(
    Message, frozen=True, kw_only=True, tag=MessageType.GET_BILL.value
):
    """GET_BILL: the platform asks for the bill of a dossier."""

    dossier_code: str
    request_time: Timestamp


class BillMessage(Message, frozen=True, kw_only=True, tag=MessageType.BILL.value):
    """BILL: Motcua's answer to a GET_BILL, with the dossier's fees."""

    response_code: str
    dossier_code: str
    procedure_code: str = ""
    unit_code: str = ""
    payer: Payer | None = None
    fees: list[FeeLine] = msgspec.field(default_factory=list)
    total_amount: Amount = 0
    currency: Currency = CURRENCY


AnyMessage = (
    InitMessage
    | InitResultMessage
    | ConfirmMessage
    | ConfirmResultMessage
    | QueryMessage
    | QueryResultMessage
    | GetBillMessage
    | BillMessage
)

MessageT = TypeVar("MessageT", bound=Message)


def message_type(message: Message) -> MessageType:
    """Tell the type of a message from its struct.

    Args:
        message: Any PayGov message.

    Returns:
        Its ``messageType``.
    """
    return MessageType(type(message).__struct_config__.tag)


def decode_message(raw: bytes | str, kind: type[MessageT]) -> MessageT:
    """Read a JSON message of the expected type, checking its shape.

    Args:
        raw: The JSON body.
        kind: The message struct expected, such as :class:`ConfirmMessage`.

    Returns:
        The message; its checksum is not verified here.

    Raises:
        msgspec.ValidationError: If the body is not a well-formed message of
            that type.
        msgspec.DecodeError: If the body is not JSON.
    """
    return msgspec.json.decode(raw, type=kind)


def decode_any_message(raw: bytes | str) -> AnyMessage:
    """Read a JSON message of any type, telling the type by ``messageType``.

    Args:
        raw: The JSON body.

    Returns:
        The message; its checksum is not verified here.

    Raises:
        msgspec.ValidationError: If the body is not a well-formed message.
        msgspec.DecodeError: If the body is not JSON.
    """
    return msgspec.json.decode(raw, type=AnyMessage)

"""PayGov, the national portal's payment platform, protocol 1.0.6.

Motcua opens a payment with a signed INIT (:func:`build_init`) and sends the
payer to the page named in INIT_RESULT. The platform reports the result with a
CONFIRM callback, which :func:`check_confirm` turns into a :class:`Decision`
and a signed CONFIRM_RESULT; unfinished payments are followed up with QUERY.
The platform may also ask for a dossier's bill with GET_BILL, answered with
BILL. Field orders and response codes live in :mod:`.spec`.
"""

from .._common import OrderLookup, OrderView, PaymentStatus
from ._confirm import Decision, check_confirm, check_confirm_async, paid_at
from ._messages import (
    AnyMessage,
    BeneficiaryAccount,
    BillMessage,
    ConfirmMessage,
    ConfirmResultMessage,
    FeeKind,
    FeeLine,
    GetBillMessage,
    InitMessage,
    InitResultMessage,
    Message,
    Payer,
    QueryMessage,
    QueryResultMessage,
    decode_any_message,
    decode_message,
    message_type,
)
from ._requests import build_init, build_query
from ._signing import (
    PayGovPartner,
    canonical_text,
    sign_message,
    verify_message,
    with_checksum,
)
from .spec import (
    CURRENCY,
    PAID_STATUS_CODE,
    SIGNED_FIELDS,
    VERSION,
    MessageType,
    ResponseCode,
)

__all__ = [
    "CURRENCY",
    "PAID_STATUS_CODE",
    "SIGNED_FIELDS",
    "VERSION",
    "AnyMessage",
    "BeneficiaryAccount",
    "BillMessage",
    "ConfirmMessage",
    "ConfirmResultMessage",
    "Decision",
    "FeeKind",
    "FeeLine",
    "GetBillMessage",
    "InitMessage",
    "InitResultMessage",
    "Message",
    "MessageType",
    "OrderLookup",
    "OrderView",
    "PayGovPartner",
    "Payer",
    "PaymentStatus",
    "QueryMessage",
    "QueryResultMessage",
    "ResponseCode",
    "build_init",
    "build_query",
    "canonical_text",
    "check_confirm",
    "check_confirm_async",
    "decode_any_message",
    "decode_message",
    "message_type",
    "paid_at",
    "sign_message",
    "verify_message",
    "with_checksum",
]

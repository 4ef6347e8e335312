"""VNPay 2.1.0: payment redirect, return and IPN checks, status query, refund.

The payer is redirected to :func:`build_payment_url`; VNPay sends the result
back twice, to the return URL (shown to the payer) and to the IPN endpoint
(server to server), both signed as :func:`sign` describes. Only the IPN
settles an order, through :func:`check_ipn`. The merchant API builds signed
status queries and refunds and verifies VNPay's answers.
"""

from .._common import OrderLookup, OrderView, PaymentStatus
from ._api import (
    QUERYDR_REQUEST_FIELDS,
    QUERYDR_RESPONSE_FIELDS,
    REFUND_REQUEST_FIELDS,
    REFUND_RESPONSE_FIELDS,
    InvalidSignatureError,
    QueryDrRequest,
    QueryDrResponse,
    RefundRequest,
    RefundResponse,
    RefundType,
    build_querydr_request,
    build_refund_request,
    new_request_id,
    parse_querydr_response,
    parse_refund_response,
    pipe_signature,
)
from ._ipn import (
    IpnDecision,
    IpnOutcome,
    check_ipn,
    check_ipn_async,
    payment_succeeded,
)
from ._payment import (
    CURRENCY,
    ORDER_INFO_MAX_LENGTH,
    GatewayResult,
    build_ipn_params,
    build_payment_url,
    build_return_params,
    sanitize_order_info,
    strip_diacritics,
    to_gateway_amount,
)
from ._signing import (
    FIELD_PREFIX,
    HASH_FIELDS,
    SECURE_HASH,
    VERSION,
    VnpayMerchant,
    canonical_query,
    hmac_sha512_hex,
    sign,
    verify,
)

__all__ = [
    "CURRENCY",
    "FIELD_PREFIX",
    "HASH_FIELDS",
    "ORDER_INFO_MAX_LENGTH",
    "QUERYDR_REQUEST_FIELDS",
    "QUERYDR_RESPONSE_FIELDS",
    "REFUND_REQUEST_FIELDS",
    "REFUND_RESPONSE_FIELDS",
    "SECURE_HASH",
    "VERSION",
    "GatewayResult",
    "InvalidSignatureError",
    "IpnDecision",
    "IpnOutcome",
    "OrderLookup",
    "OrderView",
    "PaymentStatus",
    "QueryDrRequest",
    "QueryDrResponse",
    "RefundRequest",
    "RefundResponse",
    "RefundType",
    "VnpayMerchant",
    "build_ipn_params",
    "build_payment_url",
    "build_querydr_request",
    "build_refund_request",
    "build_return_params",
    "canonical_query",
    "check_ipn",
    "check_ipn_async",
    "hmac_sha512_hex",
    "new_request_id",
    "parse_querydr_response",
    "parse_refund_response",
    "payment_succeeded",
    "pipe_signature",
    "sanitize_order_info",
    "sign",
    "strip_diacritics",
    "to_gateway_amount",
    "verify",
]

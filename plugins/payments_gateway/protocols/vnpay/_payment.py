"""The VNPay 2.1.0 payment redirect and the results the gateway sends back.

:func:`build_payment_url` produces the signed address the payer is sent to.
After paying, VNPay redirects the payer to the merchant's return URL and calls
the merchant's IPN endpoint, both with the same signed ``vnp_*`` parameters;
:func:`build_return_params` and :func:`build_ipn_params` produce those, which
lets a sandbox gateway stand in for VNPay in development and tests.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

import msgspec

from .._common import format_timestamp
from ._signing import SECURE_HASH, VERSION, canonical_query, hmac_sha512_hex

__all__ = [
    "CURRENCY",
    "ORDER_INFO_MAX_LENGTH",
    "GatewayResult",
    "build_ipn_params",
    "build_payment_url",
    "build_return_params",
    "sanitize_order_info",
    "strip_diacritics",
    "to_gateway_amount",
]

CURRENCY = "VND"
ORDER_INFO_MAX_LENGTH = 255
_AMOUNT_FACTOR = 100
"""VNPay amounts are VND multiplied by 100, although VND has no minor unit."""

# The letter đ is a letter of its own, not d with a combining mark, so Unicode
# decomposition leaves it alone.
_STROKED_D = str.maketrans({"đ": "d", "Đ": "D"})
# VNPay asks for order descriptions without special characters; a character it
# encodes differently from Python's form encoding would break the signature.
_ORDER_INFO_UNSAFE = re.compile(r"[^0-9A-Za-z .,:;#/()_-]+")
_SPACES = re.compile(r"\s+")


class GatewayResult(msgspec.Struct, frozen=True, kw_only=True):
    """How a payment ended at the gateway, as its return and IPN calls report it.

    Attributes:
        txn_ref: The merchant's reference sent in the payment redirect.
        amount_vnd: Amount paid, in đồng.
        order_info: The order description sent in the payment redirect.
        response_code: Gateway response code; ``"00"`` when paid.
        transaction_status: Transaction status; ``"00"`` when paid.
        transaction_no: The gateway's own transaction number.
        bank_code: Code of the payer's bank.
        bank_tran_no: The bank's transaction number.
        card_type: Payment means, such as ``ATM`` or ``QRCODE``.
        pay_date: When the payment was made.
    """

    txn_ref: str
    amount_vnd: int
    order_info: str
    response_code: str
    transaction_status: str
    transaction_no: str
    bank_code: str
    bank_tran_no: str
    card_type: str
    pay_date: datetime


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese tone and vowel marks, keeping the base letters.

    Args:
        text: Vietnamese text, such as ``"Lệ phí cấp đổi"``.

    Returns:
        The same text without marks, such as ``"Le phi cap doi"``; đ and Đ
        become d and D.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_STROKED_D))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", bare)


def sanitize_order_info(text: str) -> str:
    """Turn an order description into the plain form VNPay accepts.

    Args:
        text: Description in Vietnamese, possibly with marks and symbols.

    Returns:
        The description without diacritics or special characters, with single
        spaces, cut to VNPay's 255 characters.
    """
    plain = _ORDER_INFO_UNSAFE.sub(" ", strip_diacritics(text))
    return _SPACES.sub(" ", plain).strip()[:ORDER_INFO_MAX_LENGTH]


def to_gateway_amount(amount_vnd: int) -> str:
    """Write an amount in đồng the way VNPay expects it (multiplied by 100).

    Args:
        amount_vnd: A positive whole number of đồng.

    Returns:
        The ``vnp_Amount`` text.

    Raises:
        ValueError: If the amount is not a positive integer.
    """
    if isinstance(amount_vnd, bool) or not isinstance(amount_vnd, int):
        raise ValueError("the amount must be a whole number of dong")
    if amount_vnd <= 0:
        raise ValueError("the amount must be positive")
    return str(amount_vnd * _AMOUNT_FACTOR)


def _signed_query(params: dict[str, str], secret: str) -> str:
    query = canonical_query(params)
    return f"{query}&{SECURE_HASH}={hmac_sha512_hex(secret, query)}"


def build_payment_url(
    pay_url: str,
    *,
    tmn_code: str,
    secret: str,
    amount_vnd: int,
    txn_ref: str,
    order_info: str,
    return_url: str,
    ip_addr: str,
    created_at: datetime,
    expire_at: datetime | None,
    locale: str = "vn",
    order_type: str = "other",
    bank_code: str | None = None,
) -> str:
    """Build the signed VNPay address the payer is redirected to.

    Args:
        pay_url: The gateway's payment page.
        tmn_code: The merchant's terminal code.
        secret: The merchant's hash secret.
        amount_vnd: Amount to pay, in đồng.
        txn_ref: The merchant's reference, unique within the day.
        order_info: Order description; diacritics and symbols are removed.
        return_url: Where VNPay sends the payer back.
        ip_addr: The payer's IP address.
        created_at: When the payment request was made (aware datetime).
        expire_at: When the payment window closes (aware datetime), if ever.
        locale: Language of the gateway pages, ``"vn"`` or ``"en"``.
        order_type: VNPay's category of goods or services.
        bank_code: A bank or means to preselect, if any.

    Returns:
        ``pay_url`` with the signed query appended.
    """
    params = {
        "vnp_Version": VERSION,
        "vnp_Command": "pay",
        "vnp_TmnCode": tmn_code,
        "vnp_Amount": to_gateway_amount(amount_vnd),
        "vnp_CreateDate": format_timestamp(created_at),
        "vnp_CurrCode": CURRENCY,
        "vnp_IpAddr": ip_addr,
        "vnp_Locale": locale,
        "vnp_OrderInfo": sanitize_order_info(order_info),
        "vnp_OrderType": order_type,
        "vnp_ReturnUrl": return_url,
        "vnp_TxnRef": txn_ref,
        "vnp_ExpireDate": format_timestamp(expire_at) if expire_at else "",
        "vnp_BankCode": bank_code or "",
    }
    separator = "&" if "?" in pay_url else "?"
    return f"{pay_url}{separator}{_signed_query(params, secret)}"


def _result_params(result: GatewayResult, tmn_code: str, secret: str) -> dict[str, str]:
    params = {
        "vnp_Amount": to_gateway_amount(result.amount_vnd),
        "vnp_BankCode": result.bank_code,
        "vnp_BankTranNo": result.bank_tran_no,
        "vnp_CardType": result.card_type,
        "vnp_OrderInfo": result.order_info,
        "vnp_PayDate": format_timestamp(result.pay_date),
        "vnp_ResponseCode": result.response_code,
        "vnp_TmnCode": tmn_code,
        "vnp_TransactionNo": result.transaction_no,
        "vnp_TransactionStatus": result.transaction_status,
        "vnp_TxnRef": result.txn_ref,
    }
    signed = {key: value for key, value in params.items() if value}
    signed[SECURE_HASH] = hmac_sha512_hex(secret, canonical_query(signed))
    return signed


def build_return_params(
    result: GatewayResult, *, tmn_code: str, secret: str
) -> dict[str, str]:
    """Produce the signed query VNPay appends to the merchant's return URL.

    Args:
        result: How the payment ended.
        tmn_code: The merchant's terminal code.
        secret: The merchant's hash secret.

    Returns:
        Decoded query parameters, ``vnp_SecureHash`` included; empty values are
        left out, as the gateway does.
    """
    return _result_params(result, tmn_code, secret)


def build_ipn_params(
    result: GatewayResult, *, tmn_code: str, secret: str
) -> dict[str, str]:
    """Produce the signed query of VNPay's server-to-server IPN call.

    VNPay sends the IPN the same fields as the return redirect; a separate
    function keeps the two calls apart at the call site.

    Args:
        result: How the payment ended.
        tmn_code: The merchant's terminal code.
        secret: The merchant's hash secret.

    Returns:
        Decoded query parameters, ``vnp_SecureHash`` included.
    """
    return _result_params(result, tmn_code, secret)

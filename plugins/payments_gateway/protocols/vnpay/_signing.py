"""VNPay 2.1.0 query-string signatures and the merchant's credentials.

The payment redirect, the return redirect and the IPN call all carry their data
as ``vnp_*`` query parameters signed the same way: leave out empty values and
the hash fields, sort the keys in byte order, form-urlencode keys and values
(space as ``+``), join ``key=value`` pairs with ``&`` and take the hex
HMAC-SHA512 of that text keyed with the merchant's secret (chuỗi bí mật).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import ClassVar
from urllib.parse import quote_plus

from .._common import SecretHolder, hex_digests_equal

__all__ = [
    "FIELD_PREFIX",
    "HASH_FIELDS",
    "SECURE_HASH",
    "VERSION",
    "VnpayMerchant",
    "canonical_query",
    "hmac_sha512_hex",
    "sign",
    "verify",
]

VERSION = "2.1.0"
FIELD_PREFIX = "vnp_"
SECURE_HASH = "vnp_SecureHash"
HASH_FIELDS = frozenset({SECURE_HASH, "vnp_SecureHashType"})
"""Fields that carry the signature and are therefore never signed."""


class VnpayMerchant(SecretHolder, frozen=True, kw_only=True):
    """A merchant terminal's VNPay settings; ``repr()`` hides the secret.

    Attributes:
        tmn_code: Terminal code (mã website) VNPay assigned to the merchant.
        secret: Hash secret (chuỗi bí mật) shared with VNPay.
        pay_url: Gateway page the payer is redirected to.
        api_url: Endpoint of the status query and refund API.
    """

    __secret_fields__: ClassVar[frozenset[str]] = frozenset({"secret"})

    tmn_code: str
    secret: str
    pay_url: str
    api_url: str


def hmac_sha512_hex(secret: str, data: str) -> str:
    """Key an HMAC-SHA512 with the merchant secret and return it in hex.

    Args:
        secret: The merchant's hash secret.
        data: The canonical text to sign.

    Returns:
        The lowercase hex digest (128 characters).

    Raises:
        ValueError: If the secret is empty, which would make signatures forgeable.
    """
    if not secret:
        raise ValueError("the VNPay hash secret is empty")
    key = secret.encode("utf-8")
    return hmac.new(key, data.encode("utf-8"), hashlib.sha512).hexdigest()


def _signed_items(params: Mapping[str, str]) -> list[tuple[str, str]]:
    # Only VNPay's own fields are signed: a merchant return URL may carry its
    # own query parameters, which VNPay passes through unsigned.
    kept = [
        (key, value)
        for key, value in params.items()
        if key.startswith(FIELD_PREFIX) and key not in HASH_FIELDS and value
    ]
    return sorted(kept, key=lambda item: item[0].encode("utf-8"))


def canonical_query(params: Mapping[str, str]) -> str:
    """Build the text VNPay signs from a set of query parameters.

    Args:
        params: Query parameters, decoded (as a web framework hands them over).

    Returns:
        The ``key=value&...`` text, form-urlencoded, in byte order of the keys.
    """
    return "&".join(
        f"{quote_plus(key)}={quote_plus(value)}" for key, value in _signed_items(params)
    )


def sign(params: Mapping[str, str], secret: str) -> str:
    """Compute ``vnp_SecureHash`` for a set of query parameters.

    Empty values, the hash fields and parameters outside the ``vnp_`` namespace
    are left out, as VNPay does.

    Args:
        params: Query parameters, decoded.
        secret: The merchant's hash secret.

    Returns:
        The lowercase hex HMAC-SHA512 of :func:`canonical_query`.
    """
    return hmac_sha512_hex(secret, canonical_query(params))


def verify(params: Mapping[str, str], secret: str) -> bool:
    """Check the ``vnp_SecureHash`` of a return or IPN query.

    Args:
        params: Query parameters as received, including ``vnp_SecureHash``.
        secret: The merchant's hash secret.

    Returns:
        Whether the hash is present and matches, compared in constant time and
        regardless of hex letter case.
    """
    received = params.get(SECURE_HASH, "")
    if not received:
        return False
    return hex_digests_equal(sign(params, secret), received)

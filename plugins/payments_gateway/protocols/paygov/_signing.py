"""PayGov checksums: SHA-256 over ``|``-joined fields with the secret appended.

The fields and their order come from :data:`.spec.SIGNED_FIELDS`; the checksum
is computed over the message as it appears on the wire, so a message decoded
from JSON and the struct it was encoded from give the same checksum.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, TypeVar

import msgspec

from .._common import SecretHolder, hex_digests_equal
from ._messages import Message, message_type
from .spec import (
    FEE_LINE_SEPARATOR,
    FEE_LINE_SIGNED_FIELDS,
    FEE_SEPARATOR,
    FIELD_SEPARATOR,
    SIGNED_FIELDS,
)

__all__ = [
    "PayGovPartner",
    "canonical_text",
    "sign_message",
    "verify_message",
    "with_checksum",
]

MessageT = TypeVar("MessageT", bound=Message)


class PayGovPartner(SecretHolder, frozen=True, kw_only=True):
    """Motcua's account at the payment platform; ``repr()`` hides the secret.

    Attributes:
        partner_code: Code the platform assigned to the province's system.
        secret: Secret key appended to every checksum.
        endpoint: The platform's API address.
    """

    __secret_fields__: ClassVar[frozenset[str]] = frozenset({"secret"})

    partner_code: str
    secret: str
    endpoint: str


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        # Not expected in signed fields; written as JSON would, not as Python.
        return "true" if value else "false"
    return str(value)


def _fee_lines(lines: Sequence[Mapping[str, Any]]) -> str:
    return FEE_SEPARATOR.join(
        FEE_LINE_SEPARATOR.join(
            _text(line.get(name)) for name in FEE_LINE_SIGNED_FIELDS
        )
        for line in lines
    )


def _field(wire: Mapping[str, Any], path: str) -> str:
    value: Any = wire
    for name in path.split("."):
        value = value.get(name) if isinstance(value, Mapping) else None
    if isinstance(value, list):
        return _fee_lines(value)
    return _text(value)


def canonical_text(message: Message) -> str:
    """Join the signed fields of a message, without the secret.

    Args:
        message: Any PayGov message.

    Returns:
        The values of :data:`.spec.SIGNED_FIELDS` for its type, joined with ``|``.
    """
    wire = msgspec.to_builtins(message)
    paths = SIGNED_FIELDS[message_type(message)]
    return FIELD_SEPARATOR.join(_field(wire, path) for path in paths)


def sign_message(message: Message, secret: str) -> str:
    """Compute the checksum of a message.

    Args:
        message: Any PayGov message; its own ``checksum`` is ignored.
        secret: The partner's secret key.

    Returns:
        Lowercase hex SHA-256 of the signed fields with the secret appended.

    Raises:
        ValueError: If the secret is empty, which would make checksums forgeable.
    """
    if not secret:
        raise ValueError("the PayGov secret key is empty")
    text = FIELD_SEPARATOR.join((canonical_text(message), secret))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def verify_message(message: Message, secret: str) -> bool:
    """Check the checksum a message carries.

    Args:
        message: A message as received.
        secret: The partner's secret key.

    Returns:
        Whether the checksum is present and matches, compared in constant time
        and regardless of hex letter case.
    """
    if not message.checksum:
        return False
    return hex_digests_equal(sign_message(message, secret), message.checksum)


def with_checksum(message: MessageT, secret: str) -> MessageT:
    """Return a copy of a message carrying its checksum, ready to send.

    Args:
        message: A message built with an empty ``checksum``.
        secret: The partner's secret key.

    Returns:
        The same message with ``checksum`` set.
    """
    return msgspec.structs.replace(message, checksum=sign_message(message, secret))

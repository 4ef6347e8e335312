"""Pieces shared by the gateway protocols: order view, timestamps, secrets.

Both Vietnamese gateways stamp their messages with local time (GMT+7) written as
``yyyyMMddHHmmss``, compare hex digests, and ask the merchant the same three
questions about an order (how much, in which currency, already settled?). The
answers to those questions travel in :class:`OrderView`.
"""

from __future__ import annotations

import enum
import hmac
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar

import msgspec

__all__ = [
    "GMT7",
    "AsyncOrderLookup",
    "OrderLookup",
    "OrderView",
    "PaymentStatus",
    "SecretHolder",
    "format_timestamp",
    "hex_digests_equal",
    "parse_timestamp",
]

GMT7 = timezone(timedelta(hours=7), "GMT+7")
"""Vietnam's time zone, fixed at UTC+7 with no daylight saving time."""

_TIMESTAMP_FORMAT = "%Y%m%d%H%M%S"
_MASK = "'********'"


class PaymentStatus(enum.Enum):
    """What the caller records for a payment once a callback passed every check."""

    PAID = "paid"
    FAILED = "failed"


class OrderView(msgspec.Struct, frozen=True, kw_only=True):
    """What the merchant knows about the order a gateway callback names.

    Attributes:
        amount: Expected amount in whole units of ``currency`` (đồng for VND).
        currency: ISO 4217 code of the order's currency.
        confirmed: Whether an earlier callback already settled the order.
        expires_at: When the payer's window to pay closes, if there is one.
    """

    amount: int
    currency: str = "VND"
    confirmed: bool = False
    expires_at: datetime | None = None


OrderLookup = Callable[[str], OrderView | None]
"""Finds an order by the merchant's reference; ``None`` when there is none."""

AsyncOrderLookup = Callable[[str], Awaitable[OrderView | None]]
"""The awaitable form of :data:`OrderLookup`, for database-backed callers."""


class SecretHolder(msgspec.Struct, frozen=True, kw_only=True):
    """Base for structs carrying a credential: ``repr()`` masks the secret fields.

    Subclasses list the names of their secret fields in ``__secret_fields__``.
    Masking ``repr`` keeps credentials out of logs, tracebacks and debuggers;
    encoding such a struct to JSON still writes the secret, so never send one.
    """

    __secret_fields__: ClassVar[frozenset[str]] = frozenset()

    def _shown_fields(self) -> Iterator[tuple[str, str]]:
        for name in self.__struct_fields__:
            if name in self.__secret_fields__:
                yield name, _MASK
            else:
                yield name, repr(getattr(self, name))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value}" for name, value in self._shown_fields())
        return f"{type(self).__name__}({shown})"

    def __rich_repr__(self) -> list[tuple[str, Any]]:
        # msgspec gives every struct a rich repr listing raw field values.
        secret = self.__secret_fields__
        return [
            (name, "********" if name in secret else getattr(self, name))
            for name in self.__struct_fields__
        ]


def format_timestamp(moment: datetime) -> str:
    """Write an aware datetime as the gateways' ``yyyyMMddHHmmss`` in GMT+7.

    Args:
        moment: A timezone-aware datetime, in any zone.

    Returns:
        The fourteen-digit local (GMT+7) timestamp.

    Raises:
        ValueError: If ``moment`` is naive, since its zone would be a guess.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("timestamps must be timezone-aware datetimes")
    return moment.astimezone(GMT7).strftime(_TIMESTAMP_FORMAT)


def parse_timestamp(text: str) -> datetime:
    """Read a gateway's ``yyyyMMddHHmmss`` GMT+7 timestamp.

    Args:
        text: Fourteen digits as sent by the gateway.

    Returns:
        An aware datetime in GMT+7.

    Raises:
        ValueError: If ``text`` is not a valid fourteen-digit timestamp.
    """
    if len(text) != 14 or not text.isascii() or not text.isdigit():
        raise ValueError("a gateway timestamp has exactly fourteen digits")
    try:
        moment = datetime.strptime(text, _TIMESTAMP_FORMAT)
    except ValueError:
        raise ValueError("not a valid gateway timestamp") from None
    return moment.replace(tzinfo=GMT7)


def hex_digests_equal(expected: str, received: str) -> bool:
    """Compare two hex digests in constant time, ignoring letter case.

    Args:
        expected: The digest computed locally.
        received: The digest from the message.

    Returns:
        Whether both name the same bytes.
    """
    left = expected.lower().encode("utf-8")
    right = received.lower().encode("utf-8")
    return hmac.compare_digest(left, right)

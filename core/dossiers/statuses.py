"""Dossier statuses, channels and payment statuses, with their labels.

Status codes are those of provincial systems and of the synchronisation with the
National Public Service Portal (Cổng Dịch vụ công quốc gia); they are stored as
integers so that reports and exports read the same numbers as the portal.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Final

__all__ = [
    "CHANNEL_CODES",
    "CLOSED",
    "OPEN",
    "PAYMENT_STATUSES",
    "RECEIVED_OPEN",
    "Channel",
    "PaymentStatus",
    "Status",
    "channel_code",
    "channel_name",
    "status_label",
]


class Status(IntEnum):
    """The life-cycle status of a dossier (trạng thái hồ sơ)."""

    SUBMITTED = 1
    RECEIVED = 2
    REFUSED = 3
    PROCESSING = 4
    SUPPLEMENT = 5
    PAYMENT = 6
    WITHDRAWN = 7
    STOPPED = 8
    RESOLVED = 9
    RETURNED = 10

    @property
    def portal_word(self) -> str:
        """The word the national portal uses for this status."""
        return _PORTAL_WORDS[self]

    def label(self, lang: str = "vi") -> str:
        """The status as shown to people, in ``lang``."""
        return status_label(self, lang)


_PORTAL_WORDS: Final[dict[Status, str]] = {
    Status.SUBMITTED: "receiving",
    Status.RECEIVED: "new",
    Status.REFUSED: "denied",
    Status.PROCESSING: "processing",
    Status.SUPPLEMENT: "waiting",
    Status.PAYMENT: "paying",
    Status.WITHDRAWN: "cancelled",
    Status.STOPPED: "unresolved",
    Status.RESOLVED: "releasing",
    Status.RETURNED: "done",
}

_LABELS: Final[dict[Status, tuple[str, str]]] = {
    Status.SUBMITTED: ("Mới đăng ký", "Submitted online, awaiting receipt"),
    Status.RECEIVED: ("Được tiếp nhận", "Received"),
    Status.REFUSED: ("Không được tiếp nhận", "Refused at receipt"),
    Status.PROCESSING: ("Đang xử lý", "Processing"),
    Status.SUPPLEMENT: ("Yêu cầu bổ sung", "Supplement requested"),
    Status.PAYMENT: (
        "Chờ thực hiện nghĩa vụ tài chính",
        "Awaiting payment of fees",
    ),
    Status.WITHDRAWN: ("Rút hồ sơ", "Withdrawn"),
    Status.STOPPED: ("Dừng xử lý", "Processing stopped"),
    Status.RESOLVED: ("Đã xử lý xong", "Resolved, result ready"),
    Status.RETURNED: ("Đã trả kết quả", "Result returned"),
}

OPEN: Final[frozenset[Status]] = frozenset(
    {
        Status.SUBMITTED,
        Status.RECEIVED,
        Status.PROCESSING,
        Status.SUPPLEMENT,
        Status.PAYMENT,
    }
)
"""Statuses in which work on the dossier is still pending."""

RECEIVED_OPEN: Final[frozenset[Status]] = OPEN - {Status.SUBMITTED}
"""Open statuses of a received dossier: its appointment clock exists."""

CLOSED: Final[frozenset[Status]] = frozenset(Status) - OPEN
"""Statuses after which no work is pending (9 still awaits the hand-over)."""


def status_label(status: int, lang: str = "vi") -> str:
    """The label of a status code in ``lang`` (Vietnamese unless ``en``).

    Args:
        status: a status code 1-10.
        lang: ``"vi"`` or ``"en"``.

    Returns:
        The label.
    """
    vi, en = _LABELS[Status(status)]
    return en if lang == "en" else vi


class Channel(StrEnum):
    """How a dossier reached the administration (kênh nộp hồ sơ)."""

    COUNTER = "counter"
    ONLINE = "online"
    POST = "post"


CHANNEL_CODES: Final[dict[Channel, int]] = {
    Channel.COUNTER: 1,
    Channel.ONLINE: 2,
    Channel.POST: 3,
}


def channel_code(channel: str) -> int:
    """The portal's number for a channel name (1 counter, 2 online, 3 post)."""
    return CHANNEL_CODES[Channel(channel)]


def channel_name(code: int) -> Channel:
    """The channel for a portal number."""
    for channel, number in CHANNEL_CODES.items():
        if number == code:
            return channel
    raise ValueError(f"unknown channel code {code}")


class PaymentStatus(StrEnum):
    """Where the dossier's fees stand, independently of its status."""

    NONE = "none"
    UNPAID = "unpaid"
    AWAITING = "awaiting"
    PAID = "paid"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"
    EXEMPT = "exempt"


PAYMENT_STATUSES: Final[tuple[str, ...]] = tuple(p.value for p in PaymentStatus)

"""The values the workflow engine works on: a dossier's state, an action's inputs,
the outcome of an action, and the errors that refuse one.

These are plain immutable structs with no database behind them, so the engine can be
tested (and reasoned about) without one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

import msgspec

from core.errors import Conflict, Forbidden, UserError
from core.permissions import Actor

__all__ = [
    "ACTION_LABELS",
    "ALL_ACTIONS",
    "SYSTEM",
    "ActionInput",
    "DossierState",
    "EventDraft",
    "InvalidInput",
    "NotAllowedForActor",
    "NotAllowedNow",
    "Transition",
    "action_label",
]

SYSTEM: Final = Actor(account_id=0, kind="system")
"""The application itself, e.g. when a payment gateway confirms a payment."""

ACTION_LABELS: Final[dict[str, tuple[str, str]]] = {
    "submit": ("Nộp hồ sơ trực tuyến", "Submitted online"),
    "receive": ("Tiếp nhận hồ sơ", "Receive"),
    "refuse": ("Từ chối tiếp nhận", "Refuse"),
    "assign": ("Phân công xử lý", "Assign"),
    "forward": ("Chuyển bước tiếp theo", "Forward"),
    "send_back": ("Trả lại bước trước", "Send back"),
    "transfer": ("Chuyển đơn vị khác", "Transfer to another unit"),
    "request_supplement": ("Yêu cầu bổ sung", "Request a supplement"),
    "resume": ("Đã nhận hồ sơ bổ sung", "Supplement received"),
    "request_payment": ("Yêu cầu nộp phí, lệ phí", "Request payment"),
    "confirm_payment": ("Xác nhận đã thanh toán", "Payment confirmed"),
    "approve": ("Phê duyệt", "Approve"),
    "stop": ("Dừng xử lý", "Stop processing"),
    "withdraw": ("Rút hồ sơ", "Withdraw"),
    "resolve": ("Hoàn thành xử lý", "Resolve"),
    "return_result": ("Trả kết quả", "Return the result"),
    "apologise": ("Xin lỗi, hẹn lại ngày trả", "Apologise with a new date"),
}
"""Every action, with its Vietnamese and English label. ``submit`` only opens a
dossier; ``confirm_payment`` is performed by the system for the fees plugin."""

ALL_ACTIONS: Final[tuple[str, ...]] = tuple(a for a in ACTION_LABELS if a != "submit")


def action_label(action: str, lang: str = "vi") -> str:
    """The label of ``action`` in ``lang`` (Vietnamese unless ``en``)."""
    vi, en = ACTION_LABELS.get(action, (action, action))
    return en if lang == "en" else vi


class DossierState(msgspec.Struct, frozen=True, kw_only=True):
    """What the engine needs to know about a dossier.

    Attributes mirror the columns of :class:`core.dossiers.tables.Dossier`; every
    datetime is timezone-aware.
    """

    status: int
    unit_id: str
    receiving_unit_id: str
    step_code: str
    submitted_at: dt.datetime
    case_code: str | None = None
    assignee_id: int | None = None
    account_id: int | None = None
    payment_status: str = "none"
    received_at: dt.datetime | None = None
    due_at: dt.datetime | None = None
    step_started_at: dt.datetime | None = None
    step_due_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    returned_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    paused_at: dt.datetime | None = None
    paused_seconds: int = 0
    supplement_count: int = 0
    status_before_pause: int | None = None
    result_class: str | None = None
    apology_due_at: dt.datetime | None = None


class ActionInput(msgspec.Struct, frozen=True, kw_only=True):
    """What an actor gives with an action.

    Attributes:
        reason: the note; required to refuse, send back, stop, request a supplement
            or apologise.
        assignee_id: who gets the dossier (assign, forward, send back); ``None``
            leaves it to the unit's pool.
        target_step: the earlier step to send the dossier back to.
        target_unit: the unit to transfer the dossier to.
        new_due_at: the new appointment promised by an apology.
        data: extra values recorded with the event (e.g. a payment reference).
    """

    reason: str = ""
    assignee_id: int | None = None
    target_step: str | None = None
    target_unit: str | None = None
    new_due_at: dt.datetime | None = None
    data: dict[str, Any] = {}


class EventDraft(msgspec.Struct, frozen=True, kw_only=True):
    """The history row an action produces, before it is written.

    ``step_due_at`` and ``step_result`` class the step that ended with this action,
    when one did (a hand-over or the end of processing).
    """

    action: str
    from_status: int | None
    to_status: int
    from_step: str | None
    to_step: str | None
    from_unit_id: str | None
    to_unit_id: str | None
    assignee_id: int | None = None
    note: str = ""
    step_due_at: dt.datetime | None = None
    step_result: str | None = None
    extra: dict[str, Any] = {}


class Transition(msgspec.Struct, frozen=True, kw_only=True):
    """The outcome of an accepted action: the new state and its history row."""

    state: DossierState
    event: EventDraft


class NotAllowedNow(Conflict):
    """The action does not apply to the dossier in its present state (409)."""


class NotAllowedForActor(Forbidden):
    """The action applies, but not by this account (403)."""


class InvalidInput(UserError):
    """The action's inputs are missing or wrong (400)."""

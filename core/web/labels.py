"""Words the pages show for the codes of the domain, in the request's language.

Templates receive these functions as globals, so a channel, an online level, a
duration or a payment status reads the same on every page. Status and action labels
come from :mod:`core.dossiers` (they are part of the dossier's own vocabulary).
"""

from __future__ import annotations

from typing import Any

from core.catalogue.model import Duration
from core.dossiers.state import action_label
from core.dossiers.statuses import Status, channel_name, status_label
from core.i18n import current_lang, ngettext
from core.i18n import gettext as _

__all__ = [
    "action_name",
    "applicant_kind_label",
    "channel_label",
    "duration_text",
    "globals_for_templates",
    "online_level_label",
    "payment_label",
    "rating_label",
    "status_name",
    "timeliness_label",
]


def channel_label(channel: str | int) -> str:
    """``counter``/``online``/``post`` (or the portal's 1/2/3) in words."""
    name = channel_name(channel).value if isinstance(channel, int) else channel
    return {
        "counter": _("At the counter"),
        "online": _("Online"),
        "post": _("By post"),
    }.get(name, name)


def online_level_label(level: str) -> str:
    """A procedure's online level in words."""
    return {
        "full": _("Full online service"),
        "partial": _("Partial online service"),
        "none": _("Counter only"),
    }.get(level, level)


def applicant_kind_label(kind: str) -> str:
    """``citizen`` or ``business`` in words."""
    return {"citizen": _("Citizen"), "business": _("Business or organisation")}.get(
        kind, kind
    )


def duration_text(duration: Duration) -> str:
    """A processing time such as ``10 working days`` or ``4 working hours``."""
    amount = duration.amount
    number = (
        f"{amount:g}".replace(".", ",") if current_lang() == "vi" else f"{amount:g}"
    )
    count = int(amount) if float(amount).is_integer() else 2
    if duration.unit == "working_hours":
        text = ngettext("%(num)s working hour", "%(num)s working hours", count)
    elif duration.unit == "calendar_days":
        text = ngettext("%(num)s calendar day", "%(num)s calendar days", count)
    else:
        text = ngettext("%(num)s working day", "%(num)s working days", count)
    return text % {"num": number}


def payment_label(status: str) -> str:
    """A dossier's payment status in words."""
    return {
        "none": _("No fee"),
        "unpaid": _("Unpaid"),
        "awaiting": _("Awaiting payment"),
        "paid": _("Paid"),
        "cancelled": _("Payment cancelled"),
        "refunded": _("Refunded"),
        "exempt": _("Exempt"),
    }.get(status, status)


def timeliness_label(value: str | None) -> str:
    """``early``, ``on_time``, ``late``, ``within_deadline`` or ``overdue`` in words."""
    return {
        "early": _("Early"),
        "on_time": _("On time"),
        "late": _("Late"),
        "within_deadline": _("Within the deadline"),
        "overdue": _("Overdue"),
    }.get(value or "", "")


def rating_label(level: str) -> str:
    """A satisfaction level in words."""
    return {
        "very_satisfied": _("Very satisfied"),
        "satisfied": _("Satisfied"),
        "not_satisfied": _("Not satisfied"),
    }.get(level, level)


def status_name(status: int) -> str:
    """A dossier status in the request's language."""
    return status_label(status, current_lang())


def action_name(action: str) -> str:
    """A workflow action in the request's language."""
    return action_label(action, current_lang())


def globals_for_templates() -> dict[str, Any]:
    """The functions above, by the names templates use."""
    return {
        "channel_label": channel_label,
        "online_level_label": online_level_label,
        "applicant_kind_label": applicant_kind_label,
        "duration_text": duration_text,
        "payment_label": payment_label,
        "timeliness_label": timeliness_label,
        "rating_label": rating_label,
        "status_name": status_name,
        "action_name": action_name,
        "STATUSES": list(Status),
    }

"""How much time a dossier has left, in working hours, with the colour to show it.

Staff read the deadline at a glance: green while more than a working day is left,
amber in the last working day, red once overdue, violet while a supplement request
keeps the clock stopped, grey once the dossier is finished. Online dossiers not yet
received count against the receipt limit (8 working hours after submission, a
provincial rule that :data:`RECEIPT_LIMIT` keeps in one place).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from core.calendar import WorkingCalendar
from core.dossiers.records import DossierRecord
from core.dossiers.statuses import Status
from core.i18n import gettext as _
from core.i18n import ngettext
from core.web.labels import timeliness_label

__all__ = ["RECEIPT_LIMIT", "DeadlineView", "deadline_view", "working_span"]

RECEIPT_LIMIT = dt.timedelta(hours=8)
"""Online dossiers must be checked and received within 8 working hours."""

WARN_WITHIN = dt.timedelta(hours=8)
"""Show amber when less than one working day (8 hours) is left."""


class DeadlineView(NamedTuple):
    """A deadline as a page shows it.

    Attributes:
        text: e.g. ``5 hours 30 min of working time left``.
        tone: ``ok``, ``warn``, ``late``, ``paused`` or ``done`` (a CSS class).
        title: the due moment in words, for a tooltip.
        due: the due moment, if any.
    """

    text: str
    tone: str
    title: str
    due: dt.datetime | None


def working_span(span: dt.timedelta) -> str:
    """A span of working time in days (8 hours), hours and minutes."""
    minutes = max(0, int(span.total_seconds() // 60))
    days, minutes = divmod(minutes, 8 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if days:
        parts.append(ngettext("%(num)s day", "%(num)s days", days) % {"num": days})
    if hours:
        parts.append(ngettext("%(num)s hour", "%(num)s hours", hours) % {"num": hours})
    if minutes or not parts:
        parts.append(_("%(num)s min") % {"num": minutes})
    return " ".join(parts)


def _due_words(due: dt.datetime) -> str:
    from core.i18n import format_datetime

    return _("Due %(when)s") % {"when": format_datetime(due)}


def deadline_view(
    record: DossierRecord, calendar: WorkingCalendar, now: dt.datetime
) -> DeadlineView | None:
    """The deadline of a dossier as it stands at ``now``.

    Args:
        record: the dossier.
        calendar: the province's working calendar.
        now: the present moment, aware.

    Returns:
        The view, or ``None`` for a dossier closed without a result.
    """
    status = Status(record.status)
    if status in (Status.REFUSED, Status.WITHDRAWN, Status.STOPPED):
        return None
    if status in (Status.RESOLVED, Status.RETURNED):
        text = timeliness_label(record.result_class) or _("Finished")
        return DeadlineView(
            _("Resolved: %(result)s") % {"result": text.lower()},
            "late" if record.result_class == "late" else "done",
            _due_words(record.due_at) if record.due_at else "",
            record.due_at,
        )
    if status is Status.SUBMITTED:
        due = calendar.add_working_time(
            calendar.next_working_moment(record.submitted_at), RECEIPT_LIMIT
        )
        return _open(calendar, now, due, _("to receive"))
    if status is Status.SUPPLEMENT and record.due_at is not None:
        left = calendar.working_time_between(record.paused_at or now, record.due_at)
        text = _("Clock stopped (supplement requested), %(span)s left") % {
            "span": working_span(left)
        }
        return DeadlineView(text, "paused", _due_words(record.due_at), record.due_at)
    if record.due_at is None:
        return None
    return _open(calendar, now, record.due_at, "")


def _open(
    calendar: WorkingCalendar, now: dt.datetime, due: dt.datetime, purpose: str
) -> DeadlineView:
    """The view of a clock that is running."""
    if now > due:
        late = working_span(calendar.working_time_between(due, now))
        text = _("Overdue by %(span)s of working time") % {"span": late}
        tone = "late"
    else:
        left = calendar.working_time_between(now, due)
        text = _("%(span)s of working time left") % {"span": working_span(left)}
        tone = "warn" if left <= WARN_WITHIN else "ok"
    if purpose:
        text = f"{text} ({purpose})"
    return DeadlineView(text, tone, _due_words(due), due)

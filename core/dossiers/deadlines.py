"""Deadlines of dossiers and steps, computed on the province's working calendar.

The appointment (hẹn trả kết quả) counts the processing time of the procedure, or of
the dossier's case when the case overrides it, from the moment of receipt, honouring
the procedure's same-day cut-off hour. Each step is due its own budget after it
starts. A supplement request stops every clock; on resubmission each due time moves
by the working time that passed meanwhile. Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from core.calendar import WorkingCalendar
from core.catalogue.model import Duration, ProcedureSpec, StepSpec

__all__ = [
    "Timeliness",
    "appointment",
    "late_for_index",
    "open_timeliness",
    "parse_cutoff",
    "processing_time",
    "shift_due",
    "step_due",
]

Timeliness = Literal["early", "on_time", "late", "within_deadline", "overdue"]


def parse_cutoff(text: str | None) -> dt.time | None:
    """Read a procedure's cut-off hour ``"HH:MM"``.

    Args:
        text: the ``cutoff`` value of a procedure, or ``None``.

    Returns:
        The time of day, or ``None`` when the procedure has no cut-off.

    Raises:
        ValueError: the text is not a valid ``HH:MM`` time.
    """
    if not text:
        return None
    hours, _, minutes = text.partition(":")
    return dt.time(int(hours), int(minutes or 0))


def processing_time(procedure: ProcedureSpec, case_code: str | None) -> Duration:
    """The legal processing time of a dossier: its case's, else the procedure's.

    Args:
        procedure: the procedure version the dossier was filed under.
        case_code: the dossier's case, if any.

    Returns:
        The processing time.
    """
    for case in procedure.cases:
        if case.code == case_code and case.processing_time is not None:
            return case.processing_time
    return procedure.processing_time


def appointment(
    calendar: WorkingCalendar,
    procedure: ProcedureSpec,
    case_code: str | None,
    received_at: dt.datetime,
) -> dt.datetime:
    """The appointment of a dossier received at ``received_at``.

    Args:
        calendar: the province's working calendar.
        procedure: the procedure version.
        case_code: the dossier's case, if any.
        received_at: the moment of receipt, timezone-aware.

    Returns:
        When the result is due, in the calendar's timezone.
    """
    limit = processing_time(procedure, case_code)
    return calendar.due_time(
        received_at, limit.amount, limit.unit, parse_cutoff(procedure.cutoff)
    )


def step_due(
    calendar: WorkingCalendar, step: StepSpec, started_at: dt.datetime
) -> dt.datetime:
    """When a step that started at ``started_at`` is due, after its budget.

    Args:
        calendar: the province's working calendar.
        step: the workflow step.
        started_at: when the dossier reached the step.

    Returns:
        The step's due time.
    """
    return calendar.due_time(started_at, step.budget.amount, step.budget.unit)


def shift_due(
    calendar: WorkingCalendar,
    due: dt.datetime | None,
    paused_from: dt.datetime,
    resumed_at: dt.datetime,
) -> dt.datetime | None:
    """Move a due time by the working time a supplement request kept paused.

    Args:
        calendar: the province's working calendar.
        due: the due time before the pause, or ``None`` (nothing to move).
        paused_from: when the supplement was requested.
        resumed_at: when the supplement arrived.

    Returns:
        The new due time, or ``None`` when ``due`` was ``None``.
    """
    if due is None:
        return None
    return calendar.shift_for_pause(due, paused_from, resumed_at)


def open_timeliness(
    calendar: WorkingCalendar,
    now: dt.datetime,
    due: dt.datetime | None,
    finished_at: dt.datetime | None = None,
) -> Timeliness | None:
    """Class a dossier or step: early, on time or late once finished, else
    within deadline or overdue.

    Args:
        calendar: the province's working calendar.
        now: the present moment.
        due: the due time; ``None`` gives ``None`` (nothing to compare).
        finished_at: when it finished, ``None`` while still open.

    Returns:
        The class, or ``None`` without a due time.
    """
    if due is None:
        return None
    if finished_at is not None:
        return calendar.classify(finished_at, due)
    return calendar.open_status(now, due)


def late_for_index(result_class: str | None, supplement_count: int) -> bool:
    """Whether the national index counts a dossier as late.

    A dossier finished late counts as late; so does one that needed more than one
    supplement request, however fast it finished.

    Args:
        result_class: the dossier's class (``early``, ``on_time``, ``late``) or
            ``None`` while open.
        supplement_count: how many supplement requests it received.

    Returns:
        ``True`` when it counts as late.
    """
    return result_class == "late" or supplement_count > 1

"""A dossier's reporting facts, read from its history.

Every figure of every report is counted from these facts, and the facts come from
the dossier's history rows (one per action, table ``motcua_dossier_event``): when it
was received, when and how it left the pending set, which unit held it and whether
it was past its appointment at any moment. Nothing here touches the database, so
the rules can be read and tested alone.

The state of a dossier *at a moment* ``T`` is what the events strictly before ``T``
made it: a period ``[start, end)`` then sees, at its end, every event of the period.
Moments that change the answer (receipt, transfer, supplement request, resubmission)
cut the dossier's life into *segments*; a report for a period ending at ``end``
reads, for each dossier, the one segment in force at ``end``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from core.calendar import WorkingCalendar
from core.dossiers.statuses import Status

__all__ = [
    "DossierFacts",
    "DossierRow",
    "EventRow",
    "Extras",
    "Segment",
    "StepSpan",
    "build_facts",
    "subtract_working_time",
]

FINAL = frozenset({3, 7, 8, 9, 10})
"""Statuses that take a dossier out of the pending set."""
RESOLVED = 9
_ZERO = dt.timedelta(0)
# Working time is sought back at most this far; an appointment never lies further.
_SEARCH_SPAN = dt.timedelta(days=3660)


@dataclass(frozen=True)
class DossierRow:
    """The columns of ``motcua_dossier`` the facts need."""

    id: int
    code: str
    procedure_code: str
    channel: int
    unit_id: str
    status: int
    received_at: dt.datetime | None = None
    due_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    result_class: str | None = None


@dataclass(frozen=True)
class EventRow:
    """One history row (``motcua_dossier_event``)."""

    id: int
    at: dt.datetime
    action: str
    to_status: int
    from_status: int | None = None
    from_step: str | None = None
    to_step: str | None = None
    from_unit_id: str | None = None
    step_due_at: dt.datetime | None = None
    step_result: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Extras:
    """What the service index reads besides history: ratings, components, results."""

    rating: str | None = None
    rated_at: dt.datetime | None = None
    digitised: bool = False
    reused: bool = False
    electronic_result: bool = False


@dataclass(frozen=True)
class Segment:
    """A stretch of a dossier's life with one unit and one deadline state.

    The segment is in force for a moment ``T`` with ``valid_from < T <= valid_to``
    (``None`` bounds are open).

    Attributes:
        overdue_after: the dossier is overdue at ``T`` when ``T`` is later than this;
            ``None`` means it cannot be overdue (no appointment, or the clock was
            stopped before the appointment).
        supplements: supplement requests made before the segment.
    """

    valid_from: dt.datetime | None
    valid_to: dt.datetime | None
    unit_id: str
    overdue_after: dt.datetime | None
    supplements: int


@dataclass(frozen=True)
class StepSpan:
    """Time a dossier spent at one step of its workflow, ending with a hand-over."""

    step_code: str
    unit_id: str
    started_at: dt.datetime
    ended_at: dt.datetime
    worked: dt.timedelta
    budget: dt.timedelta | None
    result: str | None


@dataclass(frozen=True)
class DossierFacts:
    """Everything reports count about one dossier.

    Attributes:
        received_at: when it was received (status 2), ``None`` if never.
        exit_at: when it left the pending set, ``None`` while pending.
        exit_status: 9 when resolved (a result, returned or not), else 3, 7 or 8.
        result_class: ``early``, ``on_time`` or ``late`` for a resolved dossier.
        worked: working time from receipt to result, supplement pauses excluded.
        allowed: working time from receipt to the first appointment.
    """

    dossier_id: int
    code: str
    procedure_code: str
    channel: int
    received_at: dt.datetime | None
    exit_at: dt.datetime | None
    exit_status: int | None
    result_class: str | None
    supplements: int
    worked: dt.timedelta | None
    allowed: dt.timedelta | None
    paid_at: dt.datetime | None
    paid_online: bool
    extras: Extras
    segments: list[Segment]
    steps: list[StepSpan]


@dataclass
class _Pause:
    start: dt.datetime
    end: dt.datetime | None
    resumed: bool
    after_receipt: bool


def build_facts(
    dossier: DossierRow,
    events: Sequence[EventRow],
    calendar: WorkingCalendar,
    extras: Extras | None = None,
) -> DossierFacts:
    """Derive a dossier's reporting facts from its history.

    Args:
        dossier: the dossier's current row (its unit, appointment and class).
        events: its history rows, in any order.
        calendar: the province's working calendar.
        extras: rating, digitisation and result facts.

    Returns:
        The facts; the same history always gives the same facts.
    """
    ordered = sorted(events, key=lambda e: (e.at, e.id))
    received_at = _received_at(dossier, ordered)
    exit_event = next((e for e in ordered if e.to_status in FINAL), None)
    exit_at, exit_status = _exit(dossier, exit_event)
    pauses = _pauses(ordered)
    dues = _due_timeline(dossier, received_at, pauses, ordered, calendar)
    result_class = _result_class(dossier, exit_at, exit_status, dues, calendar)
    paid = next((e for e in ordered if e.action == "confirm_payment"), None)
    return DossierFacts(
        dossier_id=dossier.id,
        code=dossier.code,
        procedure_code=dossier.procedure_code,
        channel=dossier.channel,
        received_at=received_at,
        exit_at=exit_at,
        exit_status=exit_status,
        result_class=result_class,
        supplements=sum(1 for p in pauses),
        worked=_worked(received_at, exit_at, exit_status, pauses, calendar),
        allowed=(
            calendar.working_time_between(received_at, dues[0][1])
            if received_at is not None and dues and dues[0][1] is not None
            else None
        ),
        paid_at=paid.at if paid else None,
        paid_online=paid is not None and _online_payment(paid.extra),
        extras=extras or Extras(),
        segments=_segments(dossier, ordered, received_at, pauses, dues),
        steps=_steps(dossier, ordered, pauses, calendar),
    )


# --- receipt, exit, class -----------------------------------------------------------


def _received_at(dossier: DossierRow, events: Sequence[EventRow]) -> dt.datetime | None:
    found = next((e.at for e in events if e.to_status == Status.RECEIVED), None)
    # A history that starts after receipt (imported dossiers) keeps the row's value.
    return found or dossier.received_at


def _exit(
    dossier: DossierRow, event: EventRow | None
) -> tuple[dt.datetime | None, int | None]:
    if event is not None:
        status = RESOLVED if event.to_status in (9, 10) else event.to_status
        return event.at, status
    if dossier.status in FINAL:
        moment = dossier.finished_at or dossier.closed_at
        if moment is not None:
            return moment, RESOLVED if dossier.status in (9, 10) else dossier.status
    return None, None


def _result_class(
    dossier: DossierRow,
    exit_at: dt.datetime | None,
    exit_status: int | None,
    dues: list[tuple[dt.datetime, dt.datetime | None]],
    calendar: WorkingCalendar,
) -> str | None:
    if exit_status != RESOLVED or exit_at is None:
        return None
    if dossier.result_class in ("early", "on_time", "late"):
        # The class the engine stored when the result was ready is the record.
        return dossier.result_class
    due = _in_force(dues, exit_at)
    return calendar.classify(exit_at, due) if due is not None else "on_time"


def _online_payment(extra: Mapping[str, Any]) -> bool:
    method = str(extra.get("method") or extra.get("channel") or "")
    return method == "online" or bool(extra.get("gateway"))


# --- supplement pauses and appointments ---------------------------------------------


def _pauses(events: Sequence[EventRow]) -> list[_Pause]:
    """Supplement requests with when the clock started again (if it did)."""
    pauses: list[_Pause] = []
    received = False
    for event in events:
        entering = event.to_status == Status.SUPPLEMENT and (
            event.from_status != Status.SUPPLEMENT
        )
        if entering:
            pauses.append(_Pause(event.at, None, False, received))
        elif pauses and pauses[-1].end is None and event.to_status != Status.SUPPLEMENT:
            pauses[-1].end = event.at
            pauses[-1].resumed = event.to_status not in FINAL
        if event.to_status == Status.RECEIVED:
            received = True
    return pauses


def _due_timeline(
    dossier: DossierRow,
    received_at: dt.datetime | None,
    pauses: list[_Pause],
    events: Sequence[EventRow],
    calendar: WorkingCalendar,
) -> list[tuple[dt.datetime, dt.datetime | None]]:
    """The appointment in force from each moment on: receipt, then each resubmission.

    When events record the appointment they set (``extra["due_at"]``), those values
    are used. Otherwise the appointment before each resubmission is found by taking
    the paused working time back off the dossier's present appointment, the exact
    inverse of how the engine extended it.
    """
    if received_at is None:
        return []
    recorded = _recorded_dues(events)
    if recorded:
        return recorded
    resumes = [p for p in pauses if p.after_receipt and p.resumed and p.end]
    due = dossier.due_at
    dues: list[tuple[dt.datetime, dt.datetime | None]] = []
    for pause in reversed(resumes):
        assert pause.end is not None  # filtered above
        dues.append((pause.end, due))
        if due is not None:
            paused = calendar.working_time_between(pause.start, pause.end)
            due = subtract_working_time(calendar, due, paused)
    dues.append((received_at, due))
    return dues[::-1]


def _recorded_dues(
    events: Sequence[EventRow],
) -> list[tuple[dt.datetime, dt.datetime | None]]:
    found: list[tuple[dt.datetime, dt.datetime | None]] = []
    for event in events:
        text = event.extra.get("due_at")
        if isinstance(text, str) and text:
            found.append((event.at, dt.datetime.fromisoformat(text)))
    return found


def _in_force(
    timeline: list[tuple[dt.datetime, dt.datetime | None]], moment: dt.datetime
) -> dt.datetime | None:
    """The appointment set by the last change at or before ``moment``."""
    current = None
    for since, due in timeline:
        if since <= moment:
            current = due
    return current


def subtract_working_time(
    calendar: WorkingCalendar, due: dt.datetime, span: dt.timedelta
) -> dt.datetime:
    """The earliest moment from which ``span`` of working time reaches ``due``.

    This undoes :meth:`WorkingCalendar.add_working_time`: adding ``span`` to the
    result gives ``due`` back. The answer is exact to the second.

    Args:
        calendar: the province's working calendar.
        due: an appointment.
        span: working time to take off; not negative.

    Returns:
        The moment, in the calendar's timezone.
    """
    if span <= _ZERO:
        return due.astimezone(calendar.timezone)
    low = due - span
    while calendar.working_time_between(low, due) <= span:
        if due - low > _SEARCH_SPAN:
            return low.astimezone(calendar.timezone)
        low -= max(span, dt.timedelta(days=7))
    high = due
    # Invariant: working time from low to due exceeds span; from high it does not.
    while (high - low) > dt.timedelta(seconds=1):
        middle = low + (high - low) / 2
        if calendar.working_time_between(middle, due) > span:
            low = middle
        else:
            high = middle
    return high.replace(microsecond=0).astimezone(calendar.timezone)


# --- segments -----------------------------------------------------------------------


def _segments(
    dossier: DossierRow,
    events: Sequence[EventRow],
    received_at: dt.datetime | None,
    pauses: list[_Pause],
    dues: list[tuple[dt.datetime, dt.datetime | None]],
) -> list[Segment]:
    """Cut the dossier's life at every moment that changes a report's answer.

    Before receipt no set counts the dossier, so the first segment is the state
    just after receipt and stays open towards the past; a dossier never received
    has a single segment.
    """
    transfers = [e for e in events if e.action == "transfer"]
    if received_at is None:
        return [Segment(None, None, _unit_at(dossier, transfers, None), None, 0)]
    cuts = {e.at for e in transfers}
    cuts.update(p.start for p in pauses)
    cuts.update(p.end for p in pauses if p.end is not None)
    moments = [received_at, *sorted(c for c in cuts if c > received_at)]
    segments = []
    for index, moment in enumerate(moments):
        # The state in force just after ``moment`` (all events at it applied).
        segments.append(
            Segment(
                valid_from=moment if index else None,
                valid_to=moments[index + 1] if index + 1 < len(moments) else None,
                unit_id=_unit_at(dossier, transfers, moment),
                overdue_after=_overdue_after(moment, received_at, pauses, dues),
                supplements=sum(1 for p in pauses if p.start <= moment),
            )
        )
    return segments


def _unit_at(
    dossier: DossierRow, transfers: Sequence[EventRow], moment: dt.datetime | None
) -> str:
    """The dossier's unit after the events at or before ``moment``."""
    for transfer in transfers:
        if moment is None or transfer.at > moment:
            before = transfer.extra.get("from_unit") or transfer.from_unit_id
            return str(before or dossier.unit_id)
    return dossier.unit_id


def _overdue_after(
    moment: dt.datetime | None,
    received_at: dt.datetime | None,
    pauses: list[_Pause],
    dues: list[tuple[dt.datetime, dt.datetime | None]],
) -> dt.datetime | None:
    if moment is None or received_at is None or moment < received_at:
        return None
    due = _in_force(dues, moment)
    if due is None:
        return None
    paused = next(
        (p for p in pauses if p.start <= moment and (p.end is None or p.end > moment)),
        None,
    )
    if paused is None:
        return due
    # A stopped clock freezes the dossier's standing at the moment it stopped.
    return due if paused.start > due else None


# --- working time -------------------------------------------------------------------


def _paused_between(
    pauses: list[_Pause],
    start: dt.datetime,
    end: dt.datetime,
    calendar: WorkingCalendar,
) -> dt.timedelta:
    total = _ZERO
    for pause in pauses:
        low = max(pause.start, start)
        high = min(pause.end or end, end)
        total += calendar.working_time_between(low, high)
    return total


def _worked(
    received_at: dt.datetime | None,
    exit_at: dt.datetime | None,
    exit_status: int | None,
    pauses: list[_Pause],
    calendar: WorkingCalendar,
) -> dt.timedelta | None:
    if received_at is None or exit_at is None or exit_status != RESOLVED:
        return None
    elapsed = calendar.working_time_between(received_at, exit_at)
    return max(_ZERO, elapsed - _paused_between(pauses, received_at, exit_at, calendar))


def _steps(
    dossier: DossierRow,
    events: Sequence[EventRow],
    pauses: list[_Pause],
    calendar: WorkingCalendar,
) -> list[StepSpan]:
    """Spans at each step, closed by the events that classed the step they ended."""
    spans: list[StepSpan] = []
    started: dt.datetime | None = None
    for event in events:
        ends_step = event.step_due_at is not None or event.step_result is not None
        if ends_step and started is not None and event.from_step:
            paused = _paused_between(pauses, started, event.at, calendar)
            worked = calendar.working_time_between(started, event.at) - paused
            budget = None
            if event.step_due_at is not None:
                allowed = calendar.working_time_between(started, event.step_due_at)
                budget = max(_ZERO, allowed - paused)
            spans.append(
                StepSpan(
                    step_code=event.from_step,
                    unit_id=event.from_unit_id or dossier.unit_id,
                    started_at=started,
                    ended_at=event.at,
                    worked=max(_ZERO, worked),
                    budget=budget,
                    result=event.step_result,
                )
            )
        if started is None or ends_step or event.to_step != event.from_step:
            started = event.at
    return spans

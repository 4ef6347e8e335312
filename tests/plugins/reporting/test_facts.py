"""A dossier's reporting facts, derived from its history alone (no database)."""

from __future__ import annotations

import datetime as dt
import random

import hypothesis.strategies as st
from hypothesis import given, settings

from core.calendar import CalendarSpec, WorkingCalendar
from plugins.reporting.facts import (
    DossierFacts,
    DossierRow,
    EventRow,
    Segment,
    build_facts,
    subtract_working_time,
)

TZ = dt.timezone(dt.timedelta(hours=7))
CALENDAR = WorkingCalendar.from_spec(CalendarSpec(holidays_from_package=False))
HOUR = dt.timedelta(hours=1)


def at(day: int, hhmm: str = "09:00", month: int = 11) -> dt.datetime:
    """A local moment of 2025 (November by default; the 3rd is a Monday)."""
    hours, minutes = (int(x) for x in hhmm.split(":"))
    return dt.datetime(2025, month, day, hours, minutes, tzinfo=TZ)


def row(**changes: object) -> DossierRow:
    values: dict[str, object] = {
        "id": 1, "code": "X-1", "procedure_code": "P", "channel": 1,
        "unit_id": "stp", "status": 4,
    }  # fmt: skip
    values.update(changes)
    return DossierRow(**values)  # type: ignore[arg-type]


def ev(
    number: int,
    moment: dt.datetime,
    action: str,
    frm: int | None,
    to: int,
    **more: object,
) -> EventRow:
    return EventRow(
        id=number,
        at=moment,
        action=action,
        from_status=frm,
        to_status=to,
        **more,  # type: ignore[arg-type]
    )


def segment_at(facts: DossierFacts, moment: dt.datetime) -> Segment:
    """The segment a report ending at ``moment`` reads."""
    found = [
        s
        for s in facts.segments
        if (s.valid_from is None or s.valid_from < moment)
        and (s.valid_to is None or s.valid_to >= moment)
    ]
    assert len(found) == 1, found
    return found[0]


def overdue_at(facts: DossierFacts, moment: dt.datetime) -> bool:
    limit = segment_at(facts, moment).overdue_after
    return limit is not None and moment > limit


# --- receipt, exit, class -----------------------------------------------------------


def test_receipt_and_exit_come_from_the_history_and_a_returned_result_is_resolved() -> (
    None
):
    events = [
        ev(1, at(3, "08:00"), "submit", None, 1),
        ev(2, at(3, "10:00"), "receive", 1, 2),
        ev(3, at(3, "10:30"), "forward", 2, 4),
        ev(4, at(5, "15:00"), "resolve", 4, 9),
        ev(5, at(6, "08:00"), "return_result", 9, 10),
    ]
    facts = build_facts(row(status=10, result_class="early"), events, CALENDAR)
    assert facts.received_at == at(3, "10:00")
    assert facts.exit_at == at(5, "15:00")
    assert facts.exit_status == 9
    assert facts.result_class == "early"


def test_a_result_returned_without_a_resolve_row_still_counts_as_resolved_then() -> (
    None
):
    events = [ev(1, at(3), "receive", None, 2), ev(2, at(4), "return_result", 2, 10)]
    facts = build_facts(row(status=10, result_class="on_time"), events, CALENDAR)
    assert (facts.exit_at, facts.exit_status) == (at(4), 9)


def test_a_dossier_refused_at_receipt_was_never_received() -> None:
    events = [ev(1, at(3), "submit", None, 1), ev(2, at(3, "10:00"), "refuse", 1, 3)]
    facts = build_facts(row(status=3, channel=2), events, CALENDAR)
    assert facts.received_at is None
    assert (facts.exit_at, facts.exit_status) == (at(3, "10:00"), 3)
    assert facts.result_class is None


def test_withdrawn_and_stopped_dossiers_leave_without_a_class() -> None:
    for action, status in (("withdraw", 7), ("stop", 8)):
        events = [ev(1, at(3), "receive", None, 2), ev(2, at(4), action, 2, status)]
        facts = build_facts(row(status=status), events, CALENDAR)
        assert (facts.exit_status, facts.result_class, facts.worked) == (
            status,
            None,
            None,
        )


def test_the_stored_class_wins_over_recomputation() -> None:
    events = [ev(1, at(3), "receive", None, 2), ev(2, at(20), "resolve", 4, 9)]
    facts = build_facts(
        row(status=9, due_at=at(7), result_class="on_time"), events, CALENDAR
    )
    # Finished long after the appointment, yet the class recorded at the time stands.
    assert facts.result_class == "on_time"


def test_without_a_stored_class_finishing_on_the_appointment_minute_is_on_time() -> (
    None
):
    due = at(7, "17:00")
    cases = [(due, "on_time"), (at(7, "07:00"), "on_time"), (at(6, "16:59"), "early"),
             (due + dt.timedelta(minutes=1), "late")]  # fmt: skip
    for finished, expected in cases:
        events = [ev(1, at(3), "receive", None, 2), ev(2, finished, "resolve", 4, 9)]
        facts = build_facts(row(status=9, due_at=due), events, CALENDAR)
        assert facts.result_class == expected, finished


def test_facts_do_not_depend_on_the_order_rows_are_read_in() -> None:
    events = [
        ev(1, at(3), "receive", None, 2),
        ev(2, at(4), "request_supplement", 4, 5),
        ev(3, at(10), "resume", 5, 4),
        ev(4, at(12), "transfer", 4, 4, extra={"from_unit": "stp"}),
        ev(5, at(14), "resolve", 4, 9),
    ]
    dossier = row(status=9, unit_id="sxd", due_at=at(14, "17:00"))
    shuffled = events[:]
    random.Random(3).shuffle(shuffled)
    assert build_facts(dossier, shuffled, CALENDAR) == build_facts(
        dossier, events, CALENDAR
    )


# --- units and deadlines over time --------------------------------------------------


def test_a_transfer_moves_the_dossier_to_its_new_unit_from_that_moment() -> None:
    events = [
        ev(1, at(3), "receive", None, 2),
        ev(2, at(5, "10:00"), "transfer", 4, 4, extra={"from_unit": "stp"}),
    ]
    facts = build_facts(row(unit_id="sxd", due_at=at(10)), events, CALENDAR)
    assert segment_at(facts, at(4)).unit_id == "stp"
    assert segment_at(facts, at(5, "10:00")).unit_id == "stp"
    assert segment_at(facts, at(5, "10:01")).unit_id == "sxd"


def test_a_running_dossier_is_overdue_only_after_its_appointment() -> None:
    events = [ev(1, at(3), "receive", None, 2)]
    facts = build_facts(row(due_at=at(10, "17:00")), events, CALENDAR)
    assert not overdue_at(facts, at(10, "17:00"))
    assert overdue_at(facts, at(10, "17:01"))


def test_a_clock_stopped_before_the_appointment_keeps_the_dossier_within_it() -> None:
    received, paused, resumed = at(3), at(5), at(24)
    due0 = CALENDAR.due_time(received, 5, "working_days")
    due1 = CALENDAR.shift_for_pause(due0, paused, resumed)
    events = [
        ev(1, received, "receive", None, 2),
        ev(2, paused, "request_supplement", 4, 5),
        ev(3, resumed, "resume", 5, 4),
    ]
    facts = build_facts(row(due_at=due1), events, CALENDAR)
    # Weeks after the first appointment, but paused since before it: within.
    assert not overdue_at(facts, at(20))
    # Once resumed, the appointment has moved by the paused working time.
    assert segment_at(facts, at(24, "10:00")).overdue_after == due1
    assert due1 > due0


def test_a_clock_stopped_after_the_appointment_leaves_the_dossier_overdue() -> None:
    received, paused = at(3), at(12)
    due0 = CALENDAR.due_time(received, 5, "working_days")
    events = [
        ev(1, received, "receive", None, 2),
        ev(2, paused, "request_supplement", 4, 5),
    ]
    facts = build_facts(row(status=5, due_at=due0), events, CALENDAR)
    assert overdue_at(facts, at(20))


def test_the_appointment_before_a_resubmission_is_found_from_the_present_one() -> None:
    received, paused, resumed = at(3, "10:15"), at(4, "14:20"), at(7, "08:05")
    due0 = CALENDAR.due_time(received, 5, "working_days")
    due1 = CALENDAR.shift_for_pause(due0, paused, resumed)
    events = [
        ev(1, received, "receive", None, 2),
        ev(2, paused, "request_supplement", 4, 5),
        ev(3, resumed, "resume", 5, 4),
    ]
    facts = build_facts(row(due_at=due1), events, CALENDAR)
    before = segment_at(facts, at(4, "10:00")).overdue_after
    assert before is not None
    assert abs((before - due0).total_seconds()) < 1
    legal = CALENDAR.working_time_between(received, due0)
    assert facts.allowed is not None
    assert abs(facts.allowed - legal) < dt.timedelta(seconds=1)


def test_appointments_recorded_in_the_history_are_used_as_they_are() -> None:
    recorded0, recorded1 = at(12, "17:00"), at(19, "17:00")
    events = [
        ev(1, at(3), "receive", None, 2, extra={"due_at": recorded0.isoformat()}),
        ev(2, at(5), "request_supplement", 4, 5),
        ev(3, at(10), "resume", 5, 4, extra={"due_at": recorded1.isoformat()}),
    ]
    facts = build_facts(row(due_at=at(30)), events, CALENDAR)
    assert segment_at(facts, at(4)).overdue_after == recorded0
    assert segment_at(facts, at(11)).overdue_after == recorded1


def test_a_dossier_without_an_appointment_is_never_overdue() -> None:
    facts = build_facts(row(), [ev(1, at(3), "receive", None, 2)], CALENDAR)
    assert segment_at(facts, at(28)).overdue_after is None


def test_supplement_requests_are_counted_as_they_happen() -> None:
    events = [
        ev(1, at(3), "receive", None, 2),
        ev(2, at(4), "request_supplement", 4, 5),
        ev(3, at(5), "resume", 5, 4),
        ev(4, at(6), "request_supplement", 4, 5),
        ev(5, at(7), "resume", 5, 4),
    ]
    facts = build_facts(row(due_at=at(20)), events, CALENDAR)
    assert facts.supplements == 2
    assert segment_at(facts, at(4, "12:00")).supplements == 1
    assert segment_at(facts, at(10)).supplements == 2
    assert segment_at(facts, at(3, "12:00")).supplements == 0


def test_segments_cover_every_moment_exactly_once() -> None:
    events = [
        ev(1, at(3), "receive", None, 2),
        ev(2, at(4), "request_supplement", 4, 5),
        ev(3, at(5), "resume", 5, 4),
        ev(4, at(5), "transfer", 4, 4, extra={"from_unit": "stp"}),
        ev(5, at(6), "resolve", 4, 9),
    ]
    facts = build_facts(row(status=9, unit_id="sxd", due_at=at(10)), events, CALENDAR)
    moment = at(1)
    while moment < at(12):
        segment_at(facts, moment)  # asserts there is exactly one
        moment += dt.timedelta(minutes=37)


# --- working time, steps, payment ---------------------------------------------------


def test_worked_time_leaves_out_supplement_pauses() -> None:
    received, paused, resumed, resolved = (
        at(3, "08:00"),
        at(3, "10:00"),
        at(5, "08:00"),
        at(5, "09:00"),
    )
    events = [
        ev(1, received, "receive", None, 2),
        ev(2, paused, "request_supplement", 4, 5),
        ev(3, resumed, "resume", 5, 4),
        ev(4, resolved, "resolve", 4, 9),
    ]
    facts = build_facts(
        row(status=9, due_at=at(12), result_class="early"), events, CALENDAR
    )
    # Monday 08:00-10:00 and Wednesday 08:00-09:00: three working hours.
    assert facts.worked == 3 * HOUR


AT_PROCESS: dict[str, object] = {"from_step": "process", "to_step": "process"}


def test_a_step_span_runs_from_its_start_to_the_hand_over_that_classed_it() -> None:
    events = [
        ev(1, at(3, "08:00"), "receive", None, 2, to_step="receive"),
        ev(
            2, at(3, "10:00"), "forward", 2, 4, from_step="receive", to_step="process",
            step_due_at=at(3, "12:00"), step_result="early", from_unit_id="centre",
        ),
        ev(3, at(3, "14:00"), "request_supplement", 4, 5, **AT_PROCESS),
        ev(4, at(4, "08:00"), "resume", 5, 4, **AT_PROCESS),
        ev(
            5, at(4, "10:00"), "forward", 4, 4, from_step="process", to_step="approve",
            step_due_at=at(5, "10:00"), step_result="on_time", from_unit_id="stp",
        ),
    ]  # fmt: skip
    facts = build_facts(row(due_at=at(12)), events, CALENDAR)
    first, second = facts.steps
    assert (first.step_code, first.unit_id, first.result) == (
        "receive",
        "centre",
        "early",
    )
    assert first.worked == 2 * HOUR
    # 08:00-12:00 holds three and a half working hours (lunch from 11:30).
    assert first.budget == 3.5 * HOUR
    assert (second.step_code, second.unit_id, second.result) == (
        "process",
        "stp",
        "on_time",
    )
    # Monday 10:00-14:00 less lunch, then Tuesday 08:00-10:00; the pause excluded.
    assert second.worked == 4 * HOUR


def test_fees_paid_through_a_gateway_count_as_paid_online() -> None:
    base = [ev(1, at(3), "receive", None, 2)]
    online = [*base, ev(2, at(4), "confirm_payment", 4, 4, extra={"method": "online"})]
    cash = [*base, ev(2, at(4), "confirm_payment", 4, 4, extra={"method": "cash"})]
    gateway = [*base, ev(2, at(4), "confirm_payment", 4, 4, extra={"gateway": "vnpay"})]
    assert build_facts(row(), online, CALENDAR).paid_online
    assert not build_facts(row(), cash, CALENDAR).paid_online
    assert build_facts(row(), gateway, CALENDAR).paid_online
    assert build_facts(row(), base, CALENDAR).paid_at is None


# --- taking working time off an appointment ----------------------------------------

MOMENTS = st.datetimes(
    min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2026, 12, 31)
).map(lambda d: d.replace(microsecond=0, tzinfo=TZ))
SPANS = st.integers(min_value=0, max_value=200 * 3600).map(
    lambda s: dt.timedelta(seconds=s)
)


@settings(deadline=None, max_examples=150)
@given(start=MOMENTS, span=SPANS)
def test_subtracting_working_time_undoes_adding_it(
    start: dt.datetime, span: dt.timedelta
) -> None:
    due = CALENDAR.add_working_time(start, span)
    back = subtract_working_time(CALENDAR, due, span)
    assert back <= due
    assert CALENDAR.add_working_time(back, span) == due
    assert CALENDAR.working_time_between(back, due) == span

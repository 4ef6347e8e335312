"""Deadlines on the working calendar: appointments, step budgets, pauses, classes."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.catalogue.model import CaseSpec, Duration, StepSpec
from core.dossiers import deadlines
from tests.core.dossiers.dossier_fixtures import CALENDAR, TZ, procedure

WEDNESDAY_9 = dt.datetime(2025, 12, 3, 9, 0, tzinfo=TZ)


def test_cutoff_is_read_as_a_time_of_day() -> None:
    assert deadlines.parse_cutoff("15:00") == dt.time(15, 0)
    assert deadlines.parse_cutoff("7:30") == dt.time(7, 30)
    assert deadlines.parse_cutoff(None) is None
    assert deadlines.parse_cutoff("") is None
    with pytest.raises(ValueError, match="hour"):
        deadlines.parse_cutoff("25:00")


def test_case_time_limit_wins_only_when_the_case_sets_one() -> None:
    proc = procedure(
        cases=[
            CaseSpec(code="plain", name="Thường"),
            CaseSpec(
                code="check",
                name="Cần xác minh",
                processing_time=Duration(amount=15, unit="working_days"),
            ),
        ]
    )
    assert deadlines.processing_time(proc, "check").amount == 15
    assert deadlines.processing_time(proc, "plain").amount == 5
    assert deadlines.processing_time(proc, None).amount == 5
    assert deadlines.processing_time(proc, "unknown").amount == 5


def test_appointment_counts_working_days_from_receipt() -> None:
    due = deadlines.appointment(CALENDAR, procedure(), None, WEDNESDAY_9)
    assert due == dt.datetime(2025, 12, 10, 9, 0, tzinfo=TZ)


def test_appointment_after_cutoff_starts_next_working_day() -> None:
    friday_late = dt.datetime(2025, 12, 5, 16, 0, tzinfo=TZ)
    due = deadlines.appointment(CALENDAR, procedure(), None, friday_late)
    # Counting starts Monday 07:00: five working days end Friday 17:00.
    assert due == dt.datetime(2025, 12, 12, 17, 0, tzinfo=TZ)


def test_appointment_in_calendar_days_moves_off_a_weekend() -> None:
    proc = procedure(processing_time=Duration(amount=3, unit="calendar_days"))
    # Wednesday + 3 days = Saturday: moves to Monday's closing time.
    due = deadlines.appointment(CALENDAR, proc, None, WEDNESDAY_9)
    assert due == dt.datetime(2025, 12, 8, 17, 0, tzinfo=TZ)


def test_step_budget_counts_from_the_step_start_without_cutoff() -> None:
    step = StepSpec(
        code="s",
        name="S",
        role="r",
        budget=Duration(amount=2, unit="working_hours"),
        actions=["forward"],
    )
    late = dt.datetime(2025, 12, 3, 16, 0, tzinfo=TZ)
    # One hour today, one hour tomorrow morning.
    assert deadlines.step_due(CALENDAR, step, late) == dt.datetime(
        2025, 12, 4, 8, 0, tzinfo=TZ
    )


def test_shift_moves_by_the_paused_working_time() -> None:
    due = dt.datetime(2025, 12, 10, 9, 0, tzinfo=TZ)
    paused = WEDNESDAY_9
    resumed = dt.datetime(2025, 12, 8, 9, 0, tzinfo=TZ)  # Monday: 3 working days
    assert deadlines.shift_due(CALENDAR, due, paused, resumed) == dt.datetime(
        2025, 12, 15, 9, 0, tzinfo=TZ
    )
    assert deadlines.shift_due(CALENDAR, None, paused, resumed) is None


def test_pause_over_a_weekend_only_counts_working_time() -> None:
    friday_5pm = dt.datetime(2025, 12, 5, 17, 0, tzinfo=TZ)
    monday_7am = dt.datetime(2025, 12, 8, 7, 0, tzinfo=TZ)
    due = dt.datetime(2025, 12, 10, 9, 0, tzinfo=TZ)
    assert deadlines.shift_due(CALENDAR, due, friday_5pm, monday_7am) == due


def test_classes_of_finished_and_open_dossiers() -> None:
    due = dt.datetime(2025, 12, 10, 9, 0, tzinfo=TZ)
    cls = deadlines.open_timeliness
    assert cls(
        CALENDAR, WEDNESDAY_9, due, dt.datetime(2025, 12, 9, 16, 0, tzinfo=TZ)
    ) == ("early")
    assert cls(CALENDAR, WEDNESDAY_9, due, due) == "on_time"
    assert cls(CALENDAR, WEDNESDAY_9, due, due + dt.timedelta(minutes=1)) == "late"
    assert cls(CALENDAR, WEDNESDAY_9, due) == "within_deadline"
    assert cls(CALENDAR, due + dt.timedelta(seconds=1), due) == "overdue"
    assert cls(CALENDAR, WEDNESDAY_9, None) is None


@pytest.mark.parametrize(
    ("result", "supplements", "late"),
    [
        ("early", 0, False),
        ("on_time", 1, False),
        ("early", 2, True),
        ("late", 0, True),
        (None, 3, True),
        (None, 0, False),
    ],
)
def test_more_than_one_supplement_counts_as_late_for_the_index(
    result: str | None, supplements: int, late: bool
) -> None:
    assert deadlines.late_for_index(result, supplements) is late


@settings(max_examples=80, deadline=None)
@given(
    start=st.datetimes(
        min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2027, 12, 1)
    ),
    pause_hours=st.integers(0, 400),
)
def test_a_pause_never_brings_the_appointment_forward(
    start: dt.datetime, pause_hours: int
) -> None:
    received = start.replace(tzinfo=TZ)
    due = deadlines.appointment(CALENDAR, procedure(), None, received)
    assert due > received
    resumed = received + dt.timedelta(hours=pause_hours)
    shifted = deadlines.shift_due(CALENDAR, due, received, resumed)
    assert shifted is not None
    assert shifted >= due
    paused = CALENDAR.working_time_between(received, resumed)
    assert CALENDAR.working_time_between(due, shifted) == paused

"""The deadline as staff read it: working time left, and its colour."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
import pytest

from core import i18n
from core.calendar import WorkingCalendar
from core.dossiers.records import DossierRecord
from core.web.deadline import deadline_view, working_span

TZ = dt.timezone(dt.timedelta(hours=7))
# Wednesday 2 December 2026, 09:00 in Viet Nam.
NOW = dt.datetime(2026, 12, 2, 9, 0, tzinfo=TZ)


@pytest.fixture
def calendar(catalogue: Any) -> WorkingCalendar:
    return WorkingCalendar.from_spec(catalogue.calendar)


@pytest.fixture(autouse=True)
def english() -> Any:
    token = i18n.use_lang("en")
    yield
    i18n._current.reset(token)


def record(**changes: Any) -> DossierRecord:
    values: dict[str, Any] = dict.fromkeys(DossierRecord.__struct_fields__)
    values.update(
        id=1,
        code="X",
        procedure_code="P",
        procedure_version=1,
        channel=1,
        status=4,
        payment_status="none",
        unit_id="stp",
        receiving_unit_id="ttpvhcc",
        step_code="s",
        applicant_kind="citizen",
        applicant_name="A",
        applicant_identifier_kind="cccd",
        applicant_identifier="001099012345",
        submitted_at=NOW - dt.timedelta(days=2),
        paused_seconds=0,
        supplement_count=0,
        lang="vi",
        version=1,
        updated_at=NOW,
        form_data={},
        plugin_data={},
    )
    values.update(changes)
    return msgspec.convert(values, DossierRecord)


def test_working_span_counts_days_of_eight_hours() -> None:
    assert working_span(dt.timedelta(hours=19, minutes=5)) == "2 days 3 hours 5 min"
    assert working_span(dt.timedelta(hours=1)) == "1 hour"
    assert working_span(dt.timedelta(0)) == "0 min"


def test_plenty_of_time_is_green(calendar: WorkingCalendar) -> None:
    due = NOW + dt.timedelta(days=7)  # Wednesday after next, 09:00
    view = deadline_view(record(due_at=due), calendar, NOW)
    assert view is not None
    assert view.tone == "ok"
    assert view.text == "5 days of working time left"


def test_the_last_working_day_is_amber(calendar: WorkingCalendar) -> None:
    due = NOW + dt.timedelta(hours=5)  # 14:00: 09:00-11:30 and 13:30-14:00 left
    view = deadline_view(record(due_at=due), calendar, NOW)
    assert view is not None
    assert view.tone == "warn"
    assert view.text == "3 hours of working time left"


def test_after_the_appointment_it_is_red_with_the_working_time_overdue(
    calendar: WorkingCalendar,
) -> None:
    due = NOW - dt.timedelta(days=1)  # Tuesday 09:00
    view = deadline_view(record(due_at=due), calendar, NOW)
    assert view is not None
    assert view.tone == "late"
    assert view.text == "Overdue by 1 day of working time"


def test_a_supplement_request_stops_the_clock(calendar: WorkingCalendar) -> None:
    due = NOW + dt.timedelta(days=1)
    paused = record(status=5, due_at=due, paused_at=NOW - dt.timedelta(days=6))
    view = deadline_view(paused, calendar, NOW + dt.timedelta(days=30))
    assert view is not None
    assert view.tone == "paused"
    # Measured from when the clock stopped, not from now.
    assert "left" in view.text
    assert "Clock stopped" in view.text


def test_online_dossiers_count_against_the_receipt_limit(
    calendar: WorkingCalendar,
) -> None:
    fresh = record(status=1, submitted_at=NOW - dt.timedelta(hours=1))
    view = deadline_view(fresh, calendar, NOW)
    assert view is not None
    assert view.tone == "warn"
    assert view.text == "7 hours of working time left (to receive)"


def test_finished_dossiers_show_their_class_and_closed_ones_nothing(
    calendar: WorkingCalendar,
) -> None:
    done = deadline_view(
        record(status=10, result_class="early", due_at=NOW), calendar, NOW
    )
    assert done is not None
    assert done.tone == "done"
    assert done.text == "Resolved: early"
    late = deadline_view(
        record(status=9, result_class="late", due_at=NOW), calendar, NOW
    )
    assert late is not None
    assert late.tone == "late"
    assert deadline_view(record(status=3), calendar, NOW) is None
    assert deadline_view(record(status=7), calendar, NOW) is None

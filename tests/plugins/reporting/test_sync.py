"""Keeping the facts in line with the core's tables: marks, late commits, ratings,
result files, and histories the engine did not write itself."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.dossiers.tables import DossierHistory
from plugins.reporting.facts import DossierRow, EventRow, build_facts
from plugins.reporting.sync import calendar_of, epoch, rebuild_dossiers, refresh
from plugins.reporting.tables import DossierFact, SyncMark
from tests.plugins.reporting.helpers import (
    TZ,
    Step,
    add_dossier,
    add_rating,
    add_result_file,
    at,
    counter_life,
    resolve,
)


async def facts_of(dossier_id: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await DossierFact.raw(
        "SELECT * FROM reporting_fact WHERE dossier_id = {} ORDER BY seq", dossier_id
    )
    return rows


async def test_a_refresh_remembers_how_far_it_read(report_catalogue: Any) -> None:
    await add_dossier(
        unit="stp-lltp", status=9, due=at("2034-01-13"), result_class="early",
        finished=at("2034-01-09"),
        steps=[*counter_life(at("2034-01-06")), resolve(at("2034-01-09"))],
    )  # fmt: skip
    await refresh(report_catalogue)
    marks = {r["key"]: r for r in await SyncMark.select()}
    top = await DossierHistory.raw("SELECT MAX(id) AS top FROM motcua_dossier_event")
    assert marks["events"]["last_id"] == top[0]["top"]
    assert marks["events"]["synced_at"] is not None
    assert {"events", "ratings", "attachments"} <= set(marks)


async def test_a_row_committed_late_with_a_lower_id_is_still_read(
    report_catalogue: Any,
) -> None:
    await refresh(report_catalogue)
    now = dt.datetime.now(TZ).replace(microsecond=0)
    dossier, _code = await add_dossier(
        unit="stp-lltp", status=9, due=now + dt.timedelta(days=5), result_class="early",
        finished=now, steps=[Step("receive", None, 2, now - dt.timedelta(hours=1)),
                             resolve(now)],
    )  # fmt: skip
    # As if a later transaction had been read first: the marks are past this row.
    await SyncMark.raw(
        "UPDATE reporting_sync SET last_id = "
        "(SELECT MAX(id) FROM motcua_dossier_event) WHERE key = 'events'"
    )
    assert await facts_of(dossier) == []
    await refresh(report_catalogue)
    rows = await facts_of(dossier)
    assert len(rows) == 1
    assert rows[0]["exit_status"] == 9


async def test_a_rating_or_a_result_file_added_later_reaches_the_facts(
    report_catalogue: Any,
) -> None:
    dossier, _code = await add_dossier(
        unit="stp-lltp", status=9, due=at("2034-02-13"), result_class="on_time",
        finished=at("2034-02-12"),
        steps=[*counter_life(at("2034-02-06")), resolve(at("2034-02-12"))],
    )  # fmt: skip
    await refresh(report_catalogue)
    (before,) = await facts_of(dossier)
    assert (before["rating"], before["electronic_result"]) == (None, 0)
    await add_rating(dossier, "satisfied", at("2034-02-14"))
    await add_result_file(dossier, at("2034-02-12"))
    await refresh(report_catalogue)
    (after,) = await facts_of(dossier)
    assert after["rating"] == "satisfied"
    assert after["rated_at"] == epoch(at("2034-02-14"))
    assert after["electronic_result"] == 1


async def test_rebuilding_a_dossier_twice_keeps_one_set_of_facts(
    report_catalogue: Any,
) -> None:
    dossier, _code = await add_dossier(
        unit="stp-lltp", status=4, due=at("2034-03-13"),
        steps=[*counter_life(at("2034-03-06")),
               Step("request_supplement", 4, 5, at("2034-03-07")),
               Step("resume", 5, 4, at("2034-03-09"))],
    )  # fmt: skip
    await rebuild_dossiers([dossier], report_catalogue)
    first = await facts_of(dossier)
    await rebuild_dossiers([dossier], report_catalogue)
    second = await facts_of(dossier)
    # Only the rows' own serial numbers differ.
    assert [{k: v for k, v in r.items() if k != "id"} for r in second] == [
        {k: v for k, v in r.items() if k != "id"} for r in first
    ]
    # Received, paused, resumed: three segments.
    assert [r["seq"] for r in first] == [0, 1, 2]


async def test_facts_store_moments_as_unix_seconds(report_catalogue: Any) -> None:
    received = at("2034-04-03", "08:15")
    dossier, _code = await add_dossier(
        unit="stp-lltp", status=9, due=at("2034-04-10"), result_class="early",
        finished=at("2034-04-04"),
        steps=[Step("receive", None, 2, received), resolve(at("2034-04-04"))],
    )  # fmt: skip
    await refresh(report_catalogue)
    (row,) = await facts_of(dossier)
    assert row["received_at"] == int(received.timestamp())
    assert row["exit_at"] == int(at("2034-04-04").timestamp())
    calendar = calendar_of(report_catalogue)
    worked = calendar.working_time_between(received, at("2034-04-04"))
    assert row["worked_seconds"] == int(worked.total_seconds())


# --- histories written by other means -----------------------------------------------


def _row(**changes: Any) -> DossierRow:
    values: dict[str, Any] = {
        "id": 7, "code": "X", "procedure_code": "P", "channel": 2, "unit_id": "sxd",
        "status": 4,
    }  # fmt: skip
    values.update(changes)
    return DossierRow(**values)


def _ev(
    number: int, moment: dt.datetime, action: str, frm: Any, to: int, **more: Any
) -> EventRow:
    return EventRow(
        id=number, at=moment, action=action, from_status=frm, to_status=to, **more
    )


def test_a_supplement_asked_before_receipt_does_not_move_the_appointment(
    report_catalogue: Any,
) -> None:
    calendar = calendar_of(report_catalogue)
    events = [
        _ev(1, at("2025-11-03", "08:00"), "submit", None, 1),
        _ev(2, at("2025-11-03", "09:00"), "request_supplement", 1, 5),
        _ev(3, at("2025-11-05", "09:00"), "resume", 5, 1),
        _ev(4, at("2025-11-05", "10:00"), "receive", 1, 2),
    ]
    facts = build_facts(_row(due_at=at("2025-11-12", "10:00")), events, calendar)
    assert facts.received_at == at("2025-11-05", "10:00")
    assert facts.supplements == 1
    (segment,) = facts.segments
    assert segment.overdue_after == at("2025-11-12", "10:00")


def test_a_dossier_refused_while_paused_after_receipt_leaves_as_refused(
    report_catalogue: Any,
) -> None:
    calendar = calendar_of(report_catalogue)
    events = [
        _ev(1, at("2025-11-03"), "receive", None, 2),
        _ev(2, at("2025-11-04"), "request_supplement", 2, 5),
        _ev(3, at("2025-11-06"), "refuse", 5, 3),
    ]
    facts = build_facts(_row(status=3, due_at=at("2025-11-10")), events, calendar)
    assert (facts.exit_status, facts.exit_at) == (3, at("2025-11-06"))
    assert facts.received_at == at("2025-11-03")


def test_a_transfer_without_its_old_unit_in_extra_uses_the_row_s_unit(
    report_catalogue: Any,
) -> None:
    calendar = calendar_of(report_catalogue)
    events = [
        _ev(1, at("2025-11-03"), "receive", None, 2),
        _ev(2, at("2025-11-05"), "transfer", 4, 4, from_unit_id="stp"),
    ]
    facts = build_facts(_row(due_at=at("2025-11-10")), events, calendar)
    assert [s.unit_id for s in facts.segments] == ["stp", "sxd"]


def test_an_imported_dossier_without_its_early_history_keeps_its_row_s_dates(
    report_catalogue: Any,
) -> None:
    calendar = calendar_of(report_catalogue)
    row = _row(
        status=10, received_at=at("2025-10-01"), finished_at=at("2025-10-05"),
        due_at=at("2025-10-08"),
    )  # fmt: skip
    facts = build_facts(row, [], calendar)
    assert facts.received_at == at("2025-10-01")
    assert (facts.exit_at, facts.exit_status) == (at("2025-10-05"), 9)
    assert facts.result_class == "early"

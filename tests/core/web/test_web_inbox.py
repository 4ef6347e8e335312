"""Which dossiers each inbox tab lists, its filters and its keyed pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.dossiers.records import DossierRecord
from core.web.inbox import TABS, InboxFilter, count_tabs, list_tab, tab_condition
from tests.conftest import unique
from tests.core.web.conftest import Desk

NOW = dt.datetime.now(dt.UTC)


def _at(desk: Desk, moment: dt.datetime) -> None:
    desk.service.clock = lambda: moment


async def _codes(desk: Desk, tab: str, username: str, **wanted: Any) -> list[str]:
    who = await desk.actor(username)
    service = desk.service
    page = await list_tab(
        tab, InboxFilter(**wanted), who, service.catalogue, service.calendar, NOW
    )
    return [d.code for d in page.items]


async def _filed_days_ago(desk: Desk, name: str, days: float) -> DossierRecord:
    _at(desk, NOW - dt.timedelta(days=days))
    try:
        return await desk.file_counter(name)
    finally:
        _at(desk, NOW)


def test_an_unknown_tab_is_refused(catalogue: Any) -> None:
    from core.calendar import WorkingCalendar
    from core.permissions import Actor

    calendar = WorkingCalendar.from_spec(catalogue.calendar)
    with pytest.raises(ValueError, match="unknown inbox tab"):
        tab_condition(
            "everything", Actor(account_id=1, kind="staff"), catalogue, calendar, NOW
        )


async def test_overdue_lists_the_oldest_deadline_first(desk: Desk) -> None:
    name = unique("Quá hạn ")
    older = await _filed_days_ago(desk, f"{name} A", 40)
    newer = await _filed_days_ago(desk, f"{name} B", 30)
    assert await _codes(desk, "overdue", "tiepnhan.ttpvhcc", q=name) == [
        older.code,
        newer.code,
    ]
    # Still within its deadline: not overdue.
    fresh = await desk.file_counter(f"{name} C")
    assert fresh.code not in await _codes(desk, "overdue", "tiepnhan.ttpvhcc", q=name)


async def test_due_soon_holds_what_falls_due_within_a_working_day(desk: Desk) -> None:
    name = unique("Sắp hạn ")
    # The judicial record takes 10 working days: find the filing moment, hours
    # apart, whose appointment falls within the next working day.
    calendar = desk.service.calendar
    horizon = calendar.add_working_time(
        calendar.next_working_moment(NOW), dt.timedelta(hours=8)
    )
    moment = NOW - dt.timedelta(days=20)
    while not NOW < calendar.due_time(moment, 10, "working_days") <= horizon:
        moment += dt.timedelta(hours=1)
    _at(desk, moment)
    soon = await desk.file_counter(f"{name} soon")
    _at(desk, NOW)
    later = await desk.file_counter(f"{name} later")
    codes = await _codes(desk, "due_soon", "tiepnhan.ttpvhcc", q=name)
    assert soon.code in codes
    assert later.code not in codes


async def test_received_period_counts_local_days_inclusively(desk: Desk) -> None:
    name = unique("Kỳ ")
    record = await _filed_days_ago(desk, name, 3)
    assert record.received_at is not None
    day = record.received_at.astimezone(desk.service.calendar.timezone).date()
    same_day = await _codes(
        desk, "pool", "tiepnhan.ttpvhcc", q=name, received_from=day, received_to=day
    )
    assert same_day == [record.code]
    after = await _codes(
        desk,
        "pool",
        "tiepnhan.ttpvhcc",
        q=name,
        received_from=day + dt.timedelta(days=1),
    )
    assert after == []
    before = await _codes(
        desk, "pool", "tiepnhan.ttpvhcc", q=name, received_to=day - dt.timedelta(days=1)
    )
    assert before == []


async def test_finished_lists_the_latest_first(desk: Desk) -> None:
    name = unique("Xong ")
    first = await desk.file_online(name=f"{name} 1")
    second = await desk.file_online(name=f"{name} 2")
    moment = dt.datetime.now(dt.UTC)
    _at(desk, moment)
    await desk.act(second, "tiepnhan.ttpvhcc", "refuse", reason="Sai thẩm quyền")
    _at(desk, moment + dt.timedelta(minutes=5))
    await desk.act(first, "tiepnhan.ttpvhcc", "refuse", reason="Sai thẩm quyền")
    _at(desk, NOW)
    assert await _codes(desk, "finished", "tiepnhan.ttpvhcc", q=name) == [
        first.code,
        second.code,
    ]


async def test_counters_match_the_tabs(desk: Desk) -> None:
    who = await desk.actor("chuyenvien.stp")
    service = desk.service
    counts = await count_tabs(who, service.catalogue, service.calendar, NOW)
    assert set(counts) == set(TABS) - {"finished"}
    for tab, count in counts.items():
        page = await list_tab(
            tab,
            InboxFilter(),
            who,
            service.catalogue,
            service.calendar,
            NOW,
            per_page=500,
        )
        assert len(page.items) == count


async def test_a_damaged_page_key_starts_from_the_top(desk: Desk) -> None:
    name = unique("Khóa ")
    made = [await desk.file_counter(f"{name} {n}") for n in range(2)]
    who = await desk.actor("tiepnhan.ttpvhcc")
    service = desk.service
    page = await list_tab(
        "pool",
        InboxFilter(q=name),
        who,
        service.catalogue,
        service.calendar,
        NOW,
        after="not-a-key",
    )
    assert [d.code for d in page.items] == [d.code for d in made]
    assert page.next_key is None

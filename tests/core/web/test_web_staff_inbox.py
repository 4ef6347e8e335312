"""The staff inbox: who may open it, what each tab lists, filters and pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.web.inbox import InboxFilter, list_tab
from core.web.staff import parse_filter
from tests.conftest import unique
from tests.core.web.conftest import Desk, new_cccd, signed_in


async def test_visitor_is_sent_to_sign_in_and_citizen_is_refused(client: Any) -> None:
    r = await client.get("/staff?tab=pool", follow_redirects=False)
    assert r.status_code in (302, 303, 307)
    assert r.headers["location"] == "/login?next=/staff%3Ftab%3Dpool"
    await signed_in(client, "congdan")
    assert (await client.get("/staff")).status_code == 403


async def test_unknown_tab_goes_back_to_my_tasks(client: Any) -> None:
    await signed_in(client, "chuyenvien.stp")
    r = await client.get("/staff?tab=nonsense", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/staff"


async def test_pool_then_my_tasks_after_taking_a_dossier(
    client: Any, desk: Desk
) -> None:
    name = unique("Người nộp ")
    record = await desk.to_specialist(await desk.file_counter(name))
    await signed_in(client, "chuyenvien.stp")
    pool = await client.get("/staff", params={"tab": "pool", "q": name})
    assert record.code in pool.text
    mine = await client.get("/staff", params={"tab": "mine", "q": name})
    assert record.code not in mine.text
    await desk.act(
        record,
        "chuyenvien.stp",
        "assign",
        assignee_id=(await desk.actor("chuyenvien.stp")).account_id,
    )
    assert (
        record.code
        in (await client.get("/staff", params={"tab": "mine", "q": name})).text
    )
    assert (
        record.code
        not in (await client.get("/staff", params={"tab": "pool", "q": name})).text
    )


async def test_other_units_never_see_the_dossier_in_any_tab(
    client: Any, desk: Desk
) -> None:
    name = unique("Người nộp ")
    record = await desk.to_specialist(await desk.file_counter(name))
    await signed_in(client, "motcua.anbinh")
    for tab in ("mine", "pool", "due_soon", "overdue", "awaiting", "finished"):
        page = await client.get("/staff", params={"tab": tab, "q": name})
        assert page.status_code == 200
        assert record.code not in page.text


async def test_search_by_code_and_by_identifier(client: Any, desk: Desk) -> None:
    identifier = new_cccd()
    record = await desk.file_counter(unique("Người nộp "), identifier)
    await signed_in(client, "tiepnhan.ttpvhcc")
    by_code = await client.get("/staff", params={"tab": "pool", "q": record.code})
    assert record.code in by_code.text
    by_id = await client.get("/staff", params={"tab": "pool", "q": identifier})
    assert record.code in by_id.text
    other = await client.get("/staff", params={"tab": "pool", "q": new_cccd()})
    assert record.code not in other.text


async def test_awaiting_applicant_and_finished_tabs(client: Any, desk: Desk) -> None:
    name = unique("Người nộp ")
    waiting = await desk.to_specialist(await desk.file_counter(name))
    await desk.act(
        waiting, "chuyenvien.stp", "request_supplement", reason="Thiếu giấy tờ"
    )
    refused = await desk.file_online(name=name + " B")
    await desk.act(
        refused, "tiepnhan.ttpvhcc", "refuse", reason="Không đúng thẩm quyền"
    )
    await signed_in(client, "lanhdao.stp")
    awaiting = await client.get("/staff", params={"tab": "awaiting", "q": name})
    assert waiting.code in awaiting.text
    assert refused.code not in awaiting.text
    finished = await client.get("/staff", params={"tab": "finished", "q": name})
    assert refused.code in finished.text
    assert waiting.code not in finished.text


async def test_filters_by_status_and_channel(client: Any, desk: Desk) -> None:
    name = unique("Người nộp ")
    counter = await desk.file_counter(name)
    online = await desk.file_online(name=name + " online")
    await signed_in(client, "tiepnhan.ttpvhcc")
    only_online = await client.get(
        "/staff", params={"tab": "pool", "q": name, "channel": "2"}
    )
    assert online.code in only_online.text
    assert counter.code not in only_online.text
    only_received = await client.get(
        "/staff", params={"tab": "pool", "q": name, "status": "2"}
    )
    assert counter.code in only_received.text
    assert online.code not in only_received.text


def test_malformed_filters_are_ignored() -> None:
    wanted = parse_filter(
        {
            "status": "x",
            "channel": "",
            "from": "31/12/2026",
            "to": "2026-12-31",
            "q": " a ",
        }
    )
    assert wanted == InboxFilter(
        status=None,
        channel=None,
        received_from=None,
        received_to=dt.date(2026, 12, 31),
        q="a",
    )


async def test_pages_follow_a_key_without_repeating_rows(desk: Desk) -> None:
    name = unique("Trang ")
    made = [await desk.file_counter(f"{name} {n}") for n in range(5)]
    who = await desk.actor("tiepnhan.ttpvhcc")
    service = desk.service
    now = service.clock()
    seen: list[str] = []
    after = ""
    for _ in range(5):
        page = await list_tab(
            "pool",
            InboxFilter(q=name),
            who,
            service.catalogue,
            service.calendar,
            now,
            after=after,
            per_page=2,
        )
        seen += [d.code for d in page.items]
        if page.next_key is None:
            break
        after = page.next_key
    assert seen == [d.code for d in made]


async def test_leader_sees_overdue_dossiers_of_the_unit(
    client: Any, desk: Desk
) -> None:
    name = unique("Quá hạn ")
    # Filed 30 days ago, due after 10 working days: overdue now.
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    desk.service.clock = lambda: past
    record = await desk.to_specialist(await desk.file_counter(name))
    desk.service.clock = lambda: dt.datetime.now(dt.UTC)
    await signed_in(client, "lanhdao.stp")
    page = await client.get(
        "/staff", params={"tab": "overdue", "lang": "en", "q": name}
    )
    assert "Overdue in my units" in page.text
    assert record.code in page.text
    assert "Overdue by" in page.text
    # A specialist of another unit has no such dossier among their overdue work.
    await signed_in(client, "motcua.anbinh")
    assert (
        record.code
        not in (await client.get("/staff", params={"tab": "overdue", "q": name})).text
    )

"""Listing queries: every filter, the sort orders and report ranges."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
import pytest

from core.dossiers import queries
from core.dossiers.queries import Filters
from core.dossiers.service import DossierService
from core.dossiers.state import ActionInput
from core.dossiers.tables import Dossier
from core.permissions import Actor
from tests.core.dossiers.conftest import TZ, Clock, MakeStaff, applicant, draft

BIRTH = "1.001193.H99"
DAY = dt.datetime(2026, 12, 21, 8, 0, tzinfo=TZ)  # a Monday no other test uses


@pytest.fixture
async def batch(
    service: DossierService, make_staff: MakeStaff, clock: Clock, make_citizen: Any
) -> dict[str, Any]:
    """Five birth registrations at Tân Phú commune on one day, in different states."""
    clock.now = DAY
    desk = await make_staff("xa-tan-phu-pvhcc", "receiving_officer")
    specialist = await make_staff("xa-tan-phu", "specialist")
    citizen = await make_citizen()
    made: dict[str, Any] = {"desk": desk, "specialist": specialist}
    for name in ("counter", "post"):
        clock.advance(minutes=20)
        made[name] = await service.file_dossier(
            draft(
                name,
                procedure=BIRTH,
                unit="xa-tan-phu",
                case=None,
                applicant=applicant(name=f"Bé {name}"),
            ),
            desk,
        )
    clock.advance(minutes=20)
    made["online"] = await service.file_dossier(
        draft(
            "online",
            procedure=BIRTH,
            unit="xa-tan-phu",
            case=None,
            applicant=applicant(name="Bé online"),
        ),
        citizen,
    )
    clock.advance(minutes=20)
    forwarded = await service.act(
        made["counter"].id,
        "forward",
        ActionInput(assignee_id=specialist.account_id),
        desk,
        made["counter"].version,
    )
    made["counter"] = forwarded
    clock.advance(minutes=20)
    made["post"] = await service.act(
        made["post"].id,
        "refuse",
        ActionInput(reason="Sai thủ tục"),
        desk,
        made["post"].version,
    )
    return made


def of_day(**changes: Any) -> Filters:
    base = Filters(
        procedure_code=BIRTH,
        received_from=DAY,
        received_to=DAY + dt.timedelta(days=1),
    )
    return msgspec.structs.replace(base, **changes)


def mine(batch: dict[str, Any], scope: Any = None) -> Any:
    """Only this test's dossiers, whatever other tests filed on the same day."""
    ids = [batch[k].id for k in ("counter", "post", "online")]
    own = Dossier.id.is_in(ids)
    return own if scope is None else own & scope


async def codes(
    batch: dict[str, Any], filters: Filters, scope: Any = None, now: dt.datetime = DAY
) -> list[str]:
    page = await queries.search(mine(batch, scope), filters, now)
    return [d.code for d in page.items]


async def test_each_filter_narrows_the_listing(batch: dict[str, Any]) -> None:
    counter, post = batch["counter"].code, batch["post"].code
    assert set(await codes(batch, of_day())) == {counter, post}
    assert await codes(batch, of_day(channel=1)) == [counter]
    assert await codes(batch, of_day(channel=3)) == [post]
    assert await codes(batch, of_day(status=[3])) == [post]
    assert await codes(batch, of_day(status=[4, 5])) == [counter]
    assert await codes(batch, of_day(assignee_id=batch["specialist"].account_id)) == [
        counter
    ]
    assert await codes(batch, of_day(unit_id="xa-hoa-loi")) == []
    assert await codes(batch, of_day(q="Bé post")) == [post]
    assert await codes(batch, of_day(q=counter[:-2])) == sorted(
        [counter, post], reverse=True
    )


async def test_online_dossiers_not_yet_received_have_no_receipt_time(
    batch: dict[str, Any],
) -> None:
    online = batch["online"]
    assert online.received_at is None
    assert online.code not in await codes(batch, of_day())
    everything = Filters(procedure_code=BIRTH, q="Bé online")
    assert online.code in await codes(batch, everything)


async def test_sort_orders(batch: dict[str, Any]) -> None:
    counter, post = batch["counter"].code, batch["post"].code
    assert await codes(batch, of_day()) == [post, counter]
    assert await codes(batch, of_day(sort="oldest")) == [counter, post]
    due_first = await codes(batch, of_day(sort="due"))
    assert set(due_first) == {counter, post}


async def test_overdue_needs_an_open_dossier_past_its_appointment(
    batch: dict[str, Any],
) -> None:
    counter = batch["counter"]
    assert counter.due_at is not None
    before = counter.due_at - dt.timedelta(minutes=1)
    after = counter.due_at + dt.timedelta(minutes=1)
    assert await codes(batch, of_day(overdue=True), now=before) == []
    # The refused dossier is closed: never overdue.
    assert await codes(batch, of_day(overdue=True), now=after) == [counter.code]


async def test_finished_ranges_follow_resolution_time(
    service: DossierService,
    make_staff: MakeStaff,
    clock: Clock,
    batch: dict[str, Any],
) -> None:
    leader = await make_staff("xa-tan-phu", "leader")
    record = batch["counter"]
    # The leader's signature resolves: the next step only returns the result.
    for actor, action in ((batch["specialist"], "forward"), (leader, "approve")):
        clock.advance(minutes=15)
        record = await service.act(
            record.id, action, ActionInput(), actor, record.version
        )
    assert record.finished_at == clock.now
    window = of_day(
        finished_from=clock.now, finished_to=clock.now + dt.timedelta(seconds=1)
    )
    assert await codes(batch, window) == [record.code]
    too_late = of_day(finished_from=clock.now + dt.timedelta(seconds=1))
    assert await codes(batch, too_late) == []


async def test_scope_condition_is_combined_with_filters(batch: dict[str, Any]) -> None:
    only_refused = Dossier.status == 3
    assert await codes(batch, of_day(), scope=only_refused) == [batch["post"].code]


async def test_pages_and_totals(batch: dict[str, Any]) -> None:
    first = await queries.search(mine(batch), of_day(per_page=1, page=1), DAY)
    second = await queries.search(mine(batch), of_day(per_page=1, page=2), DAY)
    beyond = await queries.search(mine(batch), of_day(per_page=1, page=9), DAY)
    assert first.total == second.total == beyond.total == 2
    assert first.items[0].code != second.items[0].code
    assert beyond.items == []
    clamped = await queries.search(mine(batch), of_day(per_page=0, page=0), DAY)
    assert (clamped.per_page, clamped.page) == (1, 1)


async def test_inbox_scope_for_an_officer_without_unit_or_roles(
    batch: dict[str, Any],
) -> None:
    specialist: Actor = batch["specialist"]
    mine = queries.inbox_scope(specialist.account_id, None, [])
    assert await codes(batch, of_day(), scope=mine) == [batch["counter"].code]
    pool = queries.inbox_scope(0, "xa-tan-phu", ["specialist"])
    assert await codes(batch, of_day(), scope=pool) == []


async def test_account_names_and_missing_rows(batch: dict[str, Any]) -> None:
    names = await queries.account_names([batch["desk"].account_id, None, 0])
    assert names == {batch["desk"].account_id: "Cán bộ xa-tan-phu-pvhcc"}
    assert await queries.account_names([]) == {}
    assert await queries.load(10**9) is None
    assert await queries.load_by_code("nope") is None
    assert (await queries.load_by_code(f" {batch['post'].code} ")) is not None

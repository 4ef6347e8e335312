"""Who sees which dossiers, inboxes, filters, pages and timeliness."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.dossiers import reading
from core.dossiers.queries import Filters
from core.dossiers.service import DossierService
from core.dossiers.state import ActionInput
from core.errors import Forbidden, NotFound
from core.permissions import Actor
from tests.core.dossiers.conftest import TZ, Clock, MakeStaff, applicant, draft


async def forward(
    service: DossierService, dossier: Any, actor: Actor, **inputs: Any
) -> Any:
    return await service.act(
        dossier.id, "forward", ActionInput(**inputs), actor, dossier.version
    )


async def test_visibility_of_one_dossier(
    service: DossierService,
    citizen: Actor,
    team: dict[str, Actor],
    make_citizen: Any,
    make_staff: MakeStaff,
) -> None:
    dossier = await service.file_dossier(draft(), citizen)
    province_admin = await make_staff("ubnd-tinh", "province_admin")
    for viewer in (citizen, team["desk"], team["leader"], province_admin):
        assert (await reading.get(service, dossier.id, viewer)).id == dossier.id
    stranger = await make_citizen()
    for viewer in (stranger, team["outsider"], team["specialist"], None):
        with pytest.raises(NotFound):
            await reading.get(service, dossier.id, viewer)
    with pytest.raises(NotFound):
        await reading.get_by_code(service, dossier.code, stranger)
    assert (await reading.get_by_code(service, dossier.code, citizen)).id == dossier.id
    with pytest.raises(NotFound):
        await reading.get(service, 10**9, citizen)


async def test_specialist_sees_the_dossier_once_it_reaches_their_step(
    service: DossierService, team: dict[str, Actor]
) -> None:
    dossier = await service.file_dossier(draft("counter"), team["desk"])
    with pytest.raises(NotFound):
        await reading.history(service, dossier.id, team["specialist"])
    await forward(service, dossier, team["desk"])
    history = await reading.history(service, dossier.id, team["specialist"])
    assert [h.action for h in history] == ["receive", "forward"]


async def test_inbox_holds_the_pool_and_what_is_assigned_to_me(
    service: DossierService, make_staff: MakeStaff, clock: Clock
) -> None:
    clock.now = dt.datetime(2026, 12, 8, 9, 0, tzinfo=TZ)
    desk = await make_staff("xa-tan-phu-pvhcc", "receiving_officer")
    one = await make_staff("xa-tan-phu", "specialist")
    two = await make_staff("xa-tan-phu", "specialist")
    land = "1.012791.H99"
    filed = [
        await service.file_dossier(
            draft("counter", procedure=land, unit="xa-tan-phu", case=None), desk
        )
        for _ in range(3)
    ]
    await forward(service, filed[0], desk, assignee_id=one.account_id)
    await forward(service, filed[1], desk, assignee_id=two.account_id)
    await forward(service, filed[2], desk)

    def codes(page: Any) -> set[str]:
        return {d.code for d in page.items}

    today = Filters(
        procedure_code=land,
        received_from=dt.datetime(2026, 12, 8, tzinfo=TZ),
        received_to=dt.datetime(2026, 12, 9, tzinfo=TZ),
    )

    mine = await reading.listing(service, one, "inbox", today)
    assert codes(mine) == {filed[0].code, filed[2].code}
    theirs = await reading.listing(service, two, "inbox", today)
    assert codes(theirs) == {filed[1].code, filed[2].code}
    at_desk = await reading.listing(service, desk, "inbox", today)
    assert codes(at_desk) == set()


async def test_unit_listing_filters_and_pages(
    service: DossierService, make_staff: MakeStaff, clock: Clock, citizen: Actor
) -> None:
    clock.now = dt.datetime(2026, 12, 9, 8, 0, tzinfo=TZ)
    desk = await make_staff("phuong-1-pvhcc", "receiving_officer")
    leader = await make_staff("phuong-1", "leader")
    birth = "1.001193.H99"
    names = ["Trần Thị Mai", "Lê Văn Tùng", "Trần Văn Khoa", "Phạm Thu Hà", "Trần Ngọc"]
    filed = []
    for name in names:
        clock.advance(minutes=10)
        filed.append(
            await service.file_dossier(
                draft(
                    "counter",
                    procedure=birth,
                    unit="phuong-1",
                    case=None,
                    applicant=applicant(name=name),
                ),
                desk,
            )
        )
    scope = Filters(
        procedure_code=birth,
        received_from=dt.datetime(2026, 12, 9, 0, 0, tzinfo=TZ),
        received_to=dt.datetime(2026, 12, 10, 0, 0, tzinfo=TZ),
    )
    page = await reading.listing(
        service, leader, "unit", msgspec_replace(scope, per_page=2)
    )
    assert page.total == 5
    assert [d.code for d in page.items] == [filed[4].code, filed[3].code]
    last = await reading.listing(
        service, leader, "unit", msgspec_replace(scope, per_page=2, page=3)
    )
    assert [d.code for d in last.items] == [filed[0].code]
    oldest = await reading.listing(
        service, leader, "unit", msgspec_replace(scope, sort="oldest", per_page=1)
    )
    assert oldest.items[0].code == filed[0].code

    tran = await reading.listing(
        service, leader, "unit", msgspec_replace(scope, q="Trần")
    )
    assert tran.total == 3
    by_code = await reading.listing(
        service, leader, "unit", msgspec_replace(scope, q=filed[1].code)
    )
    assert [d.code for d in by_code.items] == [filed[1].code]
    received = await reading.listing(
        service, leader, "unit", msgspec_replace(scope, status=[2])
    )
    assert received.total == 5
    assert (
        await reading.listing(
            service, leader, "unit", msgspec_replace(scope, status=[9])
        )
    ).total == 0
    huge = await reading.listing(
        service, leader, "unit", msgspec_replace(scope, per_page=10_000)
    )
    assert huge.per_page == 100

    with pytest.raises(Forbidden):
        await reading.listing(service, citizen, "unit", scope)
    other_commune = await make_staff("xa-hoa-loi", "leader")
    assert (await reading.listing(service, other_commune, "unit", scope)).total == 0


async def test_applicant_lists_own_dossiers(
    service: DossierService, citizen: Actor, make_citizen: Any
) -> None:
    first = await service.file_dossier(draft(), citizen)
    stranger = await make_citizen()
    await service.file_dossier(draft(), stranger)
    page = await reading.listing(service, citizen, "mine", Filters())
    assert [d.code for d in page.items] == [first.code]


async def test_overdue_filter_and_timeliness(
    service: DossierService, clock: Clock, team: dict[str, Actor]
) -> None:
    clock.now = dt.datetime(2026, 12, 10, 9, 0, tzinfo=TZ)
    dossier = await service.file_dossier(draft("counter"), team["desk"])
    paused = await service.file_dossier(draft("counter"), team["desk"])
    paused = await service.act(
        paused.id,
        "request_supplement",
        ActionInput(reason="x"),
        team["desk"],
        paused.version,
    )
    assert dossier.due_at is not None
    hour = dt.timedelta(hours=1)
    assert (
        reading.timeliness(service, dossier, dossier.due_at - hour) == "within_deadline"
    )
    assert reading.timeliness(service, dossier, dossier.due_at + hour) == "overdue"
    # While a supplement is awaited the clock stands still: never overdue.
    assert reading.timeliness(service, paused, dossier.due_at + 100 * hour) == (
        "within_deadline"
    )

    clock.now = dossier.due_at + hour
    overdue = await reading.listing(
        service,
        team["leader"],
        "unit",
        Filters(
            overdue=True,
            received_from=dt.datetime(2026, 12, 10, tzinfo=TZ),
            received_to=dt.datetime(2026, 12, 11, tzinfo=TZ),
        ),
    )
    assert dossier.code in {d.code for d in overdue.items}
    assert paused.code not in {d.code for d in overdue.items}
    clock.now = dossier.due_at - hour
    not_yet = await reading.listing(
        service, team["leader"], "unit", Filters(overdue=True, q=dossier.code)
    )
    assert not_yet.total == 0


def msgspec_replace(filters: Filters, **changes: Any) -> Filters:
    import msgspec

    return msgspec.structs.replace(filters, **changes)

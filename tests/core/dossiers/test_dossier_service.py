"""Filing dossiers and walking them through the demo procedures' workflows."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest

from core.accounts.tables import AuditEvent
from core.dossiers import queries
from core.dossiers.codes import parse_code
from core.dossiers.service import DossierService, StaleDossier
from core.dossiers.state import (
    ActionInput,
    InvalidInput,
    NotAllowedForActor,
    NotAllowedNow,
)
from core.dossiers.tables import Apology, Dossier, DossierHistory
from core.errors import NotFound
from core.permissions import Actor
from tests.core.dossiers.conftest import (
    COPY,
    START,
    TZ,
    Clock,
    MakeStaff,
    applicant,
    draft,
)

LAND = "1.012791.H99"  # change of land use: commune, with a financial step


async def history_actions(dossier_id: int) -> list[str]:
    return [h.action for h in await queries.history(dossier_id)]


async def step(
    service: DossierService, dossier: Any, actor: Actor, action: str, **inputs: Any
) -> Any:
    return await service.act(
        dossier.id, action, ActionInput(**inputs), actor, dossier.version
    )


# --- filing -------------------------------------------------------------------------


async def test_online_filing_awaits_receipt_with_a_code_of_the_receiving_unit(
    service: DossierService, citizen: Actor
) -> None:
    dossier = await service.file_dossier(draft(), citizen)

    unit_code, day, sequence = parse_code(dossier.code) or ("", "", 0)
    assert unit_code == "000.00.02.H99"  # the service centre receives
    assert day == "261202"
    assert sequence >= 1
    assert dossier.status == 1
    assert dossier.channel == 2
    assert dossier.step_code == "tiep-nhan"
    assert dossier.step_unit_id == "ttpvhcc"
    assert dossier.step_role == "receiving_officer"
    assert dossier.account_id == citizen.account_id
    assert dossier.received_at is None
    assert dossier.due_at is None
    # The receiving step's four working hours run from submission, lunch excluded.
    assert dossier.step_due_at == dt.datetime(2026, 12, 2, 15, 0, tzinfo=TZ)
    assert dossier.applicant_identifier == "001099012345"
    assert dossier.applicant_phone == "+84912345678"
    assert dossier.form_data == {"purpose": "xin việc"}
    assert await history_actions(dossier.id) == ["submit"]
    codes = {c.component_code for c in await queries.components(dossier.id)}
    assert codes == {"to-khai", "giay-to-tuy-than", "van-ban-uy-quyen"}


async def test_counter_filing_is_received_at_once_with_its_appointment(
    service: DossierService, desk: Actor
) -> None:
    dossier = await service.file_dossier(draft("counter"), desk)

    assert dossier.status == 2
    assert dossier.channel == 1
    assert dossier.received_at == START
    assert dossier.due_at == dt.datetime(2026, 12, 16, 9, 0, tzinfo=TZ)
    assert dossier.created_by == desk.account_id
    assert dossier.account_id is None
    history = await queries.history(dossier.id)
    assert [(h.action, h.from_status, h.to_status) for h in history] == [
        ("receive", None, 2)
    ]
    assert history[0].actor_id == desk.account_id


async def test_case_with_longer_time_limit_gets_a_later_appointment(
    service: DossierService, desk: Actor
) -> None:
    dossier = await service.file_dossier(draft("counter", case="can-xac-minh"), desk)
    assert dossier.due_at == dt.datetime(2026, 12, 23, 9, 0, tzinfo=TZ)


async def test_counter_filing_needs_the_receiving_unit_officer(
    service: DossierService, team: dict[str, Actor], citizen: Actor
) -> None:
    for actor in (team["specialist"], team["outsider"], citizen):
        with pytest.raises(NotAllowedForActor):
            await service.file_dossier(draft("counter"), actor)


async def test_online_filing_is_for_citizens_and_businesses(
    service: DossierService, desk: Actor
) -> None:
    with pytest.raises(NotAllowedForActor):
        await service.file_dossier(draft("online"), desk)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (
            {
                "channel": "online",
                "procedure": COPY,
                "unit": "xa-an-binh",
                "case": "thong-thuong",
            },
            "channel",
        ),
        ({"channel": "fax"}, "channel"),
        ({"unit": "syt"}, "unit_id"),
        ({"case": None}, "case_code"),
        ({"case": "no-such-case"}, "case_code"),
        ({"applicant": applicant(identifier="00109901234")}, "applicant.identifier"),
        ({"applicant": applicant(identifier="999099012345")}, "applicant.identifier"),
        ({"applicant": applicant(phone="12345")}, "applicant.phone"),
        ({"applicant": applicant(email="not-an-address")}, "applicant.email"),
        ({"applicant": applicant(name="  ")}, "applicant.name"),
        (
            {"applicant": applicant(identifier_kind="tax_code")},
            "applicant.identifier_kind",
        ),
        (
            {
                "applicant": applicant(
                    kind="business", identifier_kind="tax_code", identifier="0100109106"
                )
            },
            "applicant.kind",
        ),
    ],
)
async def test_filing_refuses_bad_input_with_the_field_at_fault(
    service: DossierService, citizen: Actor, changes: dict[str, Any], field: str
) -> None:
    before = await Dossier.count()
    channel = changes.pop("channel", "online")
    with pytest.raises(InvalidInput) as caught:
        await service.file_dossier(draft(channel, **changes), citizen)
    assert caught.value.field == field
    assert caught.value.vi
    assert caught.value.en
    assert await Dossier.count() == before


async def test_business_files_with_a_checked_tax_code(
    service: DossierService, make_staff: MakeStaff
) -> None:
    officer = await make_staff("ttpvhcc", "receiving_officer")
    company = applicant(
        kind="business",
        name="Công ty Sao Mai",
        identifier_kind="tax_code",
        identifier="0100109106",
    )
    food_safety = "1.001643.H99"
    dossier = await service.file_dossier(
        draft(
            "counter", procedure=food_safety, unit="syt", case=None, applicant=company
        ),
        officer,
    )
    assert dossier.applicant_identifier == "0100109106"
    wrong = applicant(
        kind="business", name="X", identifier_kind="tax_code", identifier="0100109107"
    )
    with pytest.raises(InvalidInput):
        await service.file_dossier(
            draft(
                "counter", procedure=food_safety, unit="syt", case=None, applicant=wrong
            ),
            officer,
        )


async def test_procedure_changed_since_the_form_was_opened(
    service: DossierService, citizen: Actor
) -> None:
    from core.errors import Conflict

    with pytest.raises(Conflict):
        await service.file_dossier(draft(procedure_version=999), citizen)


async def test_unknown_procedure_is_not_found(
    service: DossierService, citizen: Actor
) -> None:
    with pytest.raises(NotFound):
        await service.file_dossier(draft(procedure="0.000000.X"), citizen)


# --- a whole dossier ----------------------------------------------------------------


async def test_judicial_record_walks_from_online_filing_to_returned_result(
    service: DossierService, clock: Clock, team: dict[str, Actor], citizen: Actor
) -> None:
    dossier = await service.file_dossier(draft(), citizen)
    assert await service.allowed_actions(dossier, team["desk"]) == {
        "receive",
        "refuse",
        "request_supplement",
        "assign",
        "withdraw",
    }

    clock.advance(hours=1)
    dossier = await step(service, dossier, team["desk"], "receive")
    assert (dossier.status, dossier.version) == (2, 2)
    assert dossier.due_at == dt.datetime(2026, 12, 16, 10, 0, tzinfo=TZ)

    dossier = await step(
        service,
        dossier,
        team["desk"],
        "forward",
        assignee_id=team["specialist"].account_id,
    )
    assert (dossier.status, dossier.step_code) == (4, "tra-cuu-xac-minh")
    assert dossier.step_unit_id == "stp-lltp"
    assert dossier.assignee_id == team["specialist"].account_id

    clock.advance(days=1)  # Thursday 10:00
    dossier = await step(
        service,
        dossier,
        team["specialist"],
        "request_supplement",
        reason="Tờ khai thiếu chữ ký",
    )
    assert dossier.status == 5
    assert await service.allowed_actions(dossier, citizen) == {"resume", "withdraw"}

    clock.advance(days=1)  # Friday 10:00: one working day paused
    dossier = await step(service, dossier, citizen, "resume")
    assert dossier.status == 4
    assert dossier.due_at == dt.datetime(2026, 12, 17, 10, 0, tzinfo=TZ)
    assert dossier.paused_seconds == 8 * 3600

    dossier = await step(service, dossier, team["specialist"], "forward")
    assert (dossier.step_code, dossier.step_unit_id) == ("phe-duyet", "stp")
    assert dossier.assignee_id is None
    dossier = await step(service, dossier, team["leader"], "approve")
    assert dossier.step_code == "phat-hanh"
    dossier = await step(service, dossier, team["clerk"], "resolve")
    assert (dossier.status, dossier.step_code) == (9, "tra-ket-qua")
    assert dossier.finished_at == clock.now
    assert dossier.result_class == "early"
    dossier = await step(service, dossier, team["desk2"], "return_result")
    assert dossier.status == 10
    assert dossier.version == 9

    assert await history_actions(dossier.id) == [
        "submit",
        "receive",
        "forward",
        "request_supplement",
        "resume",
        "forward",
        "approve",
        "resolve",
        "return_result",
    ]
    audited = await AuditEvent.select(AuditEvent.action).where(
        AuditEvent.object_id == dossier.code
    )
    assert [a["action"] for a in audited] == [
        f"dossier_{a}" for a in await history_actions(dossier.id)
    ]


async def test_handover_rows_record_giver_receiver_and_step_timeliness(
    service: DossierService, clock: Clock, team: dict[str, Actor]
) -> None:
    dossier = await service.file_dossier(draft("counter"), team["desk"])
    clock.advance(hours=7)  # 16:00, past the receiving step's four working hours
    dossier = await step(
        service,
        dossier,
        team["desk"],
        "forward",
        assignee_id=team["specialist"].account_id,
    )
    row = (await queries.history(dossier.id))[-1]
    assert (row.from_unit_id, row.to_unit_id) == ("ttpvhcc", "stp-lltp")
    assert row.actor_id == team["desk"].account_id
    assert row.actor_role == "receiving_officer"
    assert row.assignee_id == team["specialist"].account_id
    assert row.assignee_name == "Cán bộ stp-lltp"
    assert row.step_due_at == dt.datetime(2026, 12, 2, 15, 0, tzinfo=TZ)
    assert row.step_result == "late"


async def test_staff_outside_the_step_cannot_act_and_strangers_see_nothing(
    service: DossierService, team: dict[str, Actor], citizen: Actor, make_citizen: Any
) -> None:
    dossier = await service.file_dossier(draft(), citizen)
    # The department's leader sees its dossiers but does not receive them.
    with pytest.raises(NotAllowedForActor):
        await step(service, dossier, team["leader"], "receive")
    stranger = await make_citizen()
    for actor in (team["outsider"], team["specialist"], stranger):
        with pytest.raises(NotFound):
            await step(service, dossier, actor, "withdraw")


async def test_action_not_possible_in_this_state_is_a_conflict(
    service: DossierService, team: dict[str, Actor]
) -> None:
    dossier = await service.file_dossier(draft("counter"), team["desk"])
    with pytest.raises(NotAllowedNow):
        await step(service, dossier, team["desk"], "receive")


async def test_applicant_withdraws_and_the_dossier_closes(
    service: DossierService, citizen: Actor
) -> None:
    dossier = await service.file_dossier(draft(), citizen)
    dossier = await step(service, dossier, citizen, "withdraw")
    assert dossier.status == 7
    assert dossier.closed_at is not None
    assert await service.allowed_actions(dossier, citizen) == frozenset()


async def test_apology_is_recorded_with_the_new_date(
    service: DossierService, team: dict[str, Actor]
) -> None:
    dossier = await service.file_dossier(draft("counter"), team["desk"])
    assert dossier.due_at is not None
    new_due = dossier.due_at + dt.timedelta(days=3)
    dossier = await step(
        service,
        dossier,
        team["desk"],
        "apologise",
        reason="Chờ xác minh",
        new_due_at=new_due,
    )
    assert dossier.apology_due_at == new_due
    rows = await Apology.select().where(Apology.dossier == dossier.id)
    assert len(rows) == 1
    assert rows[0]["reason"] == "Chờ xác minh"


# --- concurrency --------------------------------------------------------------------


async def test_stale_version_is_refused_and_nothing_is_recorded(
    service: DossierService, team: dict[str, Actor]
) -> None:
    dossier = await service.file_dossier(draft("counter"), team["desk"])
    await step(service, dossier, team["desk"], "forward")
    with pytest.raises(StaleDossier) as caught:
        await step(service, dossier, team["desk2"], "refuse", reason="x")
    assert caught.value.status == 409
    assert await history_actions(dossier.id) == ["receive", "forward"]


async def test_two_officers_acting_at_once_one_wins(
    service: DossierService, team: dict[str, Actor]
) -> None:
    dossier = await service.file_dossier(draft("counter"), team["desk"])
    results = await asyncio.gather(
        step(service, dossier, team["desk"], "forward"),
        step(service, dossier, team["desk2"], "refuse", reason="Sai thủ tục"),
        return_exceptions=True,
    )
    won = [r for r in results if not isinstance(r, BaseException)]
    lost = [r for r in results if isinstance(r, BaseException)]
    assert len(won) == 1
    assert len(lost) == 1
    assert isinstance(lost[0], StaleDossier)
    history = await history_actions(dossier.id)
    assert len(history) == 2
    assert history[1] in ("forward", "refuse")
    count = await DossierHistory.count().where(DossierHistory.dossier == dossier.id)
    assert count == 2


async def test_concurrent_filings_get_unique_consecutive_codes(
    service: DossierService, clock: Clock, desk: Actor
) -> None:
    clock.now = dt.datetime(2026, 12, 7, 9, 0, tzinfo=TZ)  # a day no other test uses
    filed = await asyncio.gather(
        *(service.file_dossier(draft("counter"), desk) for _ in range(25))
    )
    codes = [d.code for d in filed]
    assert len(set(codes)) == 25
    numbers = sorted(parse_code(c)[2] for c in codes)  # type: ignore[index]
    assert numbers == list(range(numbers[0], numbers[0] + 25))
    assert all(c.startswith("000.00.02.H99-261207-") for c in codes)


# --- transfer and payment on a commune procedure -------------------------------------


async def test_transfer_to_another_commune_and_payment_step(
    service: DossierService, make_staff: MakeStaff, clock: Clock
) -> None:
    desk = await make_staff("xa-an-binh-pvhcc", "receiving_officer")
    here = await make_staff("xa-an-binh", "specialist")
    there = await make_staff("xa-tan-phu", "specialist")
    there_leader = await make_staff("xa-tan-phu", "leader")
    dossier = await service.file_dossier(
        draft("counter", procedure=LAND, unit="xa-an-binh", case=None), desk
    )
    assert dossier.receiving_unit_id == "xa-an-binh-pvhcc"
    assert dossier.code.startswith("000.01.52.H99-")
    dossier = await step(service, dossier, desk, "forward", assignee_id=here.account_id)
    dossier = await step(service, dossier, here, "transfer", target_unit="xa-tan-phu")
    assert dossier.unit_id == "xa-tan-phu"
    assert dossier.step_unit_id == "xa-tan-phu"
    assert dossier.assignee_id is None
    assert await service.allowed_actions(dossier, here) == frozenset()
    with pytest.raises(InvalidInput):
        await step(service, dossier, there, "transfer", target_unit="no-such-unit")

    dossier = await step(service, dossier, there, "forward")
    dossier = await step(service, dossier, there_leader, "approve")
    assert dossier.step_code == "nghia-vu-tai-chinh"
    dossier = await step(service, dossier, there, "request_payment")
    assert (dossier.status, dossier.payment_status) == (6, "awaiting")
    with pytest.raises(NotAllowedForActor):
        await step(service, dossier, there, "confirm_payment")
    dossier = await service.confirm_payment(dossier.id, {"receipt": "0000123"})
    assert (dossier.status, dossier.payment_status) == (4, "paid")
    last = (await queries.history(dossier.id))[-1]
    assert last.action == "confirm_payment"
    assert last.actor_id is None
    assert last.actor_role == "system"
    assert last.extra == {"receipt": "0000123"}


async def test_certified_copy_resolves_when_the_leader_signs(
    service: DossierService, make_staff: MakeStaff
) -> None:
    desk = await make_staff("xa-hoa-loi-pvhcc", "receiving_officer")
    leader = await make_staff("xa-hoa-loi", "leader")
    dossier = await service.file_dossier(
        draft("counter", procedure=COPY, unit="xa-hoa-loi", case="thong-thuong"), desk
    )
    # Four working hours from 09:00 Wednesday.
    assert dossier.due_at == dt.datetime(2026, 12, 2, 15, 0, tzinfo=TZ)
    dossier = await step(service, dossier, desk, "forward")
    dossier = await step(service, dossier, leader, "approve")
    assert (dossier.status, dossier.step_code) == (9, "tra-ket-qua")
    assert dossier.result_class == "on_time"
    dossier = await step(service, dossier, desk, "return_result")
    assert dossier.status == 10

"""The action forms: what each allowed action asks for, and reading them back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from core import i18n
from core.dossiers.engine import REASON_REQUIRED
from core.web.actions import ORDER, build_forms, eligible_accounts, parse_inputs
from tests.conftest import unique
from tests.core.web.conftest import Desk

TZ = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture(autouse=True)
def english(app: Any) -> Iterator[None]:
    token = i18n.use_lang("en")
    yield
    i18n._current.reset(token)


async def _forms(desk: Desk, record: Any, username: str) -> dict[str, Any]:
    service = desk.service
    spec = await service.versions.spec_of(
        record.procedure_code, record.procedure_version
    )
    allowed = await service.allowed_actions(record, await desk.actor(username))
    forms = await build_forms(record, allowed, service.context(spec))
    return {f.action: f for f in forms}


def test_every_engine_action_has_a_place_in_the_order() -> None:
    from core.dossiers.engine import RULES

    offered = set(RULES) - {"confirm_payment"}  # performed by the system only
    assert offered == set(ORDER)


async def test_forms_follow_the_order_and_ask_for_reasons(desk: Desk) -> None:
    record = await desk.to_specialist(await desk.file_counter(unique("Người nộp ")))
    forms = await _forms(desk, record, "chuyenvien.stp")
    assert list(forms) == [a for a in ORDER if a in forms]
    for action, form in forms.items():
        assert (form.reason == "required") == (action in REASON_REQUIRED)
    assert forms["stop"].danger is True
    assert forms["forward"].danger is False
    assert (
        forms["request_supplement"].reason_label
        == "What must the applicant supplement?"
    )


async def test_forward_offers_the_officers_of_the_next_step(desk: Desk) -> None:
    record = await desk.to_specialist(await desk.file_counter(unique("Người nộp ")))
    forms = await _forms(desk, record, "chuyenvien.stp")
    leader = await desk.actor("lanhdao.stp")
    assert (leader.account_id, "Phạm Thị Dung") in (forms["forward"].assignees or [])
    assert forms["forward"].assignee_required is False
    # Assigning within the step offers the step's own officers, and requires one.
    me = await desk.actor("chuyenvien.stp")
    assert (me.account_id, "Lê Văn Cường") in (forms["assign"].assignees or [])
    assert forms["assign"].assignee_required is True


async def test_send_back_offers_earlier_steps_only(desk: Desk) -> None:
    record = await desk.to_specialist(await desk.file_counter(unique("Người nộp ")))
    forms = await _forms(desk, record, "chuyenvien.stp")
    assert forms["send_back"].steps == [("tiep-nhan", "Receive and forward")]


async def test_the_receiving_desk_sees_receipt_actions(desk: Desk) -> None:
    record = await desk.file_online(name=unique("Người nộp "))
    forms = await _forms(desk, record, "tiepnhan.ttpvhcc")
    assert {"receive", "refuse", "request_supplement"} <= set(forms)
    assert "approve" not in forms


async def test_eligible_accounts_are_active_staff_of_the_unit_with_the_role(
    desk: Desk,
) -> None:
    specialists = await eligible_accounts("stp-lltp", "specialist")
    names = [name for _id, name in specialists]
    assert "Lê Văn Cường" in names
    assert "Phạm Thị Dung" not in names  # a leader, of another unit
    assert await eligible_accounts("stp-lltp", "leader") == []


def test_a_reason_is_required_where_the_law_wants_one() -> None:
    inputs, errors = parse_inputs("refuse", {"reason": "  "}, TZ)
    assert errors == {"reason": "Please give a reason."}
    inputs, errors = parse_inputs("forward", {"reason": " ok "}, TZ)
    assert errors == {}
    assert inputs.reason == "ok"


def test_assign_needs_an_officer_and_reads_the_number() -> None:
    _inputs, errors = parse_inputs("assign", {"assignee_id": ""}, TZ)
    assert errors == {"assignee_id": "Choose an officer."}
    inputs, errors = parse_inputs("assign", {"assignee_id": "42"}, TZ)
    assert errors == {}
    assert inputs.assignee_id == 42
    inputs, _errors = parse_inputs("forward", {"assignee_id": "x1"}, TZ)
    assert inputs.assignee_id is None


def test_an_apology_reads_the_new_appointment_in_local_time() -> None:
    inputs, errors = parse_inputs(
        "apologise",
        {
            "reason": "Cần xác minh thêm",
            "new_due_date": "2026-12-21",
            "new_due_time": "09:30",
        },
        TZ,
    )
    assert errors == {}
    assert inputs.new_due_at == dt.datetime(2026, 12, 21, 2, 30, tzinfo=dt.UTC)
    default_time, _ = parse_inputs(
        "apologise", {"reason": "x", "new_due_date": "2026-12-21"}, TZ
    )
    assert default_time.new_due_at == dt.datetime(2026, 12, 21, 9, 0, tzinfo=dt.UTC)


def test_a_missing_or_wrong_apology_date_is_an_error() -> None:
    _inputs, errors = parse_inputs("apologise", {"reason": "x"}, TZ)
    assert errors == {"new_due_at": "Enter the new appointment date."}
    _inputs, errors = parse_inputs(
        "apologise", {"reason": "x", "new_due_date": "21/12/2026"}, TZ
    )
    assert "new_due_at" in errors


def test_targets_are_read_for_send_back_and_transfer() -> None:
    inputs, _ = parse_inputs(
        "send_back", {"reason": "r", "target_step": "tiep-nhan"}, TZ
    )
    assert inputs.target_step == "tiep-nhan"
    inputs, _ = parse_inputs("transfer", {"target_unit": ""}, TZ)
    assert inputs.target_unit is None

"""Less common paths of the workflow engine: closing from every open status, staff
acting for the applicant, unusual workflow shapes and step units."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
import pytest

from core.catalogue.model import Duration, StepSpec
from core.dossiers.engine import (
    WorkflowContext,
    allowed_actions,
    apply,
    is_result_desk,
    send_back_targets,
    step_unit,
    transfer_targets,
)
from core.dossiers.state import (
    SYSTEM,
    ActionInput,
    DossierState,
    InvalidInput,
    NotAllowedForActor,
    NotAllowedNow,
    Transition,
)
from core.permissions import Actor
from tests.core.dossiers.dossier_fixtures import (
    CALENDAR,
    CENTRE,
    CITIZEN,
    DEPT,
    LEADER,
    OFFICER,
    OTHER_DEPT,
    SPECIALIST,
    SPECIALIST_2,
    STEPS,
    TZ,
    UNITS,
    WEDNESDAY_9,
    context,
    procedure,
    staff,
    submitted,
)

CTX = context()
HOUR = dt.timedelta(hours=1)


def go(
    state: DossierState,
    actor: Actor,
    action: str,
    ctx: WorkflowContext = CTX,
    at: dt.datetime = WEDNESDAY_9,
    assignee: Actor | None = None,
    **inputs: Any,
) -> Transition:
    return apply(state, ctx, actor, action, ActionInput(**inputs), at, assignee)


def processing() -> DossierState:
    state = go(submitted(), OFFICER, "receive").state
    return go(state, OFFICER, "forward").state


# --- closing ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prepare", "actor"),
    [
        (lambda: submitted(), OFFICER),
        (lambda: go(submitted(), OFFICER, "receive").state, OFFICER),
        (processing, SPECIALIST),
        (
            lambda: (
                go(processing(), SPECIALIST, "request_supplement", reason="x").state
            ),
            SPECIALIST,
        ),
        (lambda: go(processing(), SPECIALIST, "request_payment").state, SPECIALIST),
    ],
)
def test_staff_withdraw_on_the_applicants_request_from_any_open_status(
    prepare: Any, actor: Actor
) -> None:
    state = prepare()
    got = go(state, actor, "withdraw", reason="Đơn rút hồ sơ ngày 03/12")
    assert got.state.status == 7
    assert got.event.note == "Đơn rút hồ sơ ngày 03/12"
    assert allowed_actions(got.state, CTX, actor) == frozenset()


def test_refusal_after_counter_receipt_and_during_a_supplement_before_receipt() -> None:
    received = go(submitted(), OFFICER, "receive").state
    assert go(received, OFFICER, "refuse", reason="x").state.status == 3
    waiting = go(submitted(), OFFICER, "request_supplement", reason="x").state
    assert go(waiting, OFFICER, "refuse", reason="Không bổ sung").state.status == 3


def test_no_refusal_once_processing_started() -> None:
    state = processing()
    with pytest.raises(NotAllowedNow):
        go(state, SPECIALIST, "refuse", reason="x")
    paused = go(state, SPECIALIST, "request_supplement", reason="x").state
    assert "refuse" not in allowed_actions(paused, CTX, SPECIALIST)


def test_stop_while_waiting_for_supplement_or_payment() -> None:
    paused = go(processing(), SPECIALIST, "request_supplement", reason="x").state
    stopped = go(
        paused, SPECIALIST, "stop", at=WEDNESDAY_9 + 4 * HOUR, reason="Quá hạn bổ sung"
    )
    assert stopped.state.status == 8
    assert stopped.state.paused_at is None
    # 09:00 to 13:00 holds two and a half working hours: lunch does not count.
    assert stopped.state.paused_seconds == int(2.5 * 3600)
    paying = go(processing(), SPECIALIST, "request_payment").state
    assert go(paying, SPECIALIST, "stop", reason="x").state.status == 8


def test_staff_record_a_supplement_brought_to_the_counter() -> None:
    paused = go(processing(), SPECIALIST, "request_supplement", reason="x").state
    resumed = go(paused, SPECIALIST_2, "resume", at=WEDNESDAY_9 + HOUR)
    assert resumed.state.status == 4
    assert resumed.event.action == "resume"


def test_apology_date_moves_with_a_later_pause() -> None:
    state = processing()
    assert state.due_at is not None
    promised = state.due_at + dt.timedelta(days=2)
    state = go(state, SPECIALIST, "apologise", reason="x", new_due_at=promised).state
    state = go(state, SPECIALIST, "request_supplement", reason="x").state
    friday = dt.datetime(2025, 12, 5, 9, 0, tzinfo=TZ)
    state = go(state, CITIZEN, "resume", at=friday).state
    assert state.apology_due_at == CALENDAR.shift_for_pause(
        promised, WEDNESDAY_9, friday
    )


def test_apology_with_a_naive_date_is_refused() -> None:
    state = processing()
    assert state.due_at is not None
    naive = (state.due_at + dt.timedelta(days=1)).replace(tzinfo=None)
    with pytest.raises(InvalidInput):
        go(state, SPECIALIST, "apologise", reason="x", new_due_at=naive)


def test_system_confirms_a_payment_made_online_before_receipt() -> None:
    got = go(submitted(), SYSTEM, "confirm_payment")
    assert (got.state.status, got.state.payment_status) == (1, "paid")
    assert got.event.action == "confirm_payment"


def test_system_performs_nothing_else() -> None:
    assert allowed_actions(processing(), CTX, SYSTEM) == {"confirm_payment"}
    with pytest.raises(NotAllowedForActor):
        go(processing(), SYSTEM, "forward")


def test_staff_cannot_act_as_the_applicant_of_a_dossier_they_filed() -> None:
    counter = submitted(account_id=None)
    citizen_view = allowed_actions(counter, CTX, CITIZEN)
    assert citizen_view == frozenset()


# --- inputs that do not belong to the action ----------------------------------------


def test_assignee_on_an_action_that_assigns_nobody_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        go(
            processing(),
            SPECIALIST,
            "request_payment",
            assignee=SPECIALIST_2,
            assignee_id=SPECIALIST_2.account_id,
        )
    assert caught.value.field == "assignee_id"


def test_send_back_with_an_officer_of_the_target_step() -> None:
    state = go(processing(), SPECIALIST, "forward").state
    got = go(
        state,
        LEADER,
        "send_back",
        reason="Làm lại",
        target_step="process",
        assignee=SPECIALIST_2,
        assignee_id=SPECIALIST_2.account_id,
    )
    assert got.state.assignee_id == SPECIALIST_2.account_id
    with pytest.raises(InvalidInput):
        go(
            state,
            LEADER,
            "send_back",
            reason="x",
            target_step="process",
            assignee=OFFICER,
            assignee_id=OFFICER.account_id,
        )


def test_helper_lists_for_forms() -> None:
    state = go(processing(), SPECIALIST, "forward").state
    assert send_back_targets(state, CTX) == ["receive", "process"]
    assert send_back_targets(submitted(), CTX) == []
    assert transfer_targets(state, CTX) == sorted(UNITS - {DEPT})


# --- workflow shapes ----------------------------------------------------------------


def step(
    code: str, role: str, actions: list[str], unit: str = "implementing"
) -> StepSpec:
    return StepSpec(
        code=code,
        name=code,
        role=role,
        budget=Duration(amount=1, unit="working_days"),
        actions=actions,  # type: ignore[arg-type]
        unit=unit,
    )


def test_result_desk_is_a_step_that_only_returns_results() -> None:
    assert is_result_desk(step("d", "r", ["return_result", "apologise"]))
    assert not is_result_desk(step("d", "r", ["resolve", "return_result"]))
    assert not is_result_desk(step("d", "r", ["forward", "return_result"]))
    assert not is_result_desk(step("d", "r", ["approve"]))


def test_two_step_commune_workflow_forwarding_straight_to_the_desk() -> None:
    steps = [
        step("receive", "receiving_officer", ["receive", "forward"], unit="receiving"),
        step("desk", "receiving_officer", ["return_result"], unit="receiving"),
    ]
    ctx = context(procedure(steps=steps))
    state = submitted(step_code="receive")
    state = go(state, OFFICER, "receive", ctx).state
    got = go(state, OFFICER, "forward", ctx, at=WEDNESDAY_9 + HOUR)
    assert (got.state.status, got.state.step_code) == (9, "desk")
    assert got.state.finished_at == WEDNESDAY_9 + HOUR
    assert go(got.state, OFFICER, "return_result", ctx).state.status == 10


def test_single_step_workflow_approves_and_returns_at_the_same_step() -> None:
    steps = [
        step(
            "all",
            "receiving_officer",
            ["receive", "approve", "return_result"],
            unit="receiving",
        )
    ]
    ctx = context(procedure(steps=steps))
    state = go(submitted(step_code="all"), OFFICER, "receive", ctx).state
    assert "forward" not in allowed_actions(state, ctx, OFFICER)
    state = apply(
        msgspec.structs.replace(state, status=4),
        ctx,
        OFFICER,
        "approve",
        ActionInput(),
        WEDNESDAY_9,
    ).state
    assert (state.status, state.step_code) == (9, "all")
    assert go(state, OFFICER, "return_result", ctx).state.status == 10


def test_return_result_without_a_listed_step_falls_to_the_current_handler() -> None:
    steps = [
        step("receive", "receiving_officer", ["receive", "forward"], unit="receiving"),
        step("decide", "leader", ["resolve"]),
    ]
    ctx = context(procedure(steps=steps))
    state = go(submitted(step_code="receive"), OFFICER, "receive", ctx).state
    state = go(state, OFFICER, "forward", ctx).state
    state = go(state, LEADER, "resolve", ctx).state
    assert state.step_code == "decide"
    assert allowed_actions(state, ctx, LEADER) == {"return_result"}


def test_step_in_a_named_unit_and_transfer_of_the_implementing_unit() -> None:
    steps = [
        *STEPS[:2],
        step("consult", "specialist", ["forward", "send_back"], unit=OTHER_DEPT),
        *STEPS[2:],
    ]
    ctx = context(procedure(steps=steps))
    other = staff(77, OTHER_DEPT, "specialist")
    state = go(submitted(), OFFICER, "receive", ctx).state
    state = go(state, OFFICER, "forward", ctx).state
    got = go(state, SPECIALIST, "forward", ctx)
    assert got.event.to_unit_id == OTHER_DEPT
    assert step_unit(steps[2], got.state, ctx) == OTHER_DEPT
    assert "forward" in allowed_actions(got.state, ctx, other)
    assert allowed_actions(got.state, ctx, SPECIALIST) == frozenset()
    back = go(got.state, other, "forward", ctx)
    assert back.event.to_unit_id == DEPT


def test_kind_step_unit_is_placed_by_the_catalogue(catalogue: Any) -> None:
    steps = [
        step("receive", "receiving_officer", ["receive", "forward"], unit="receiving"),
        step("commune", "specialist", ["forward"], unit="kind:commune"),
        step("desk", "receiving_officer", ["return_result"], unit="receiving"),
    ]
    proc = procedure(steps=steps)
    ctx = WorkflowContext.build(catalogue, proc, CALENDAR)
    state = DossierState(
        status=2,
        unit_id="xa-an-binh",
        receiving_unit_id="xa-an-binh-pvhcc",
        step_code="commune",
        submitted_at=WEDNESDAY_9,
    )
    assert step_unit(steps[1], state, ctx) == "xa-an-binh"
    assert step_unit(steps[0], state, ctx) == "xa-an-binh-pvhcc"
    assert ctx.unit_ids == frozenset(catalogue.units)
    assert CENTRE not in ctx.unit_ids

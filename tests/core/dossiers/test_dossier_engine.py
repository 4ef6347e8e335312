"""The workflow engine walks dossiers through their procedure's steps."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from core.catalogue.model import CaseSpec, Duration, StepSpec
from core.dossiers.engine import allowed_actions, apply, step_unit
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
    OFFICER_2,
    OTHER_CITIZEN,
    OTHER_DEPT,
    OTHER_SPECIALIST,
    OUTSIDER,
    SPECIALIST,
    SPECIALIST_2,
    STEPS,
    TZ,
    WEDNESDAY_9,
    context,
    procedure,
    submitted,
)

CTX = context()
HOUR = dt.timedelta(hours=1)


def act(
    state: DossierState,
    actor: Actor,
    action: str,
    at: dt.datetime,
    assignee: Actor | None = None,
    **inputs: object,
) -> Transition:
    return apply(
        state,
        CTX,
        actor,
        action,
        ActionInput(**inputs),  # type: ignore[arg-type]
        at,
        assignee=assignee,
    )


def received(at: dt.datetime = WEDNESDAY_9) -> DossierState:
    return act(submitted(at), OFFICER, "receive", at).state


def at_step(code: str, at: dt.datetime = WEDNESDAY_9) -> DossierState:
    state = received(at)
    for _ in range([s.code for s in STEPS].index(code)):
        step = next(s for s in STEPS if s.code == state.step_code)
        actor = {"receiving_officer": OFFICER, "specialist": SPECIALIST}[step.role]
        state = act(state, actor, "forward", at).state
    return state


# --- a whole dossier ----------------------------------------------------------------


def test_online_dossier_walks_from_submission_to_returned_result() -> None:
    state = submitted()
    assert allowed_actions(state, CTX, OFFICER) == {
        "receive",
        "refuse",
        "request_supplement",
        "assign",
        "withdraw",
    }

    got = act(state, OFFICER, "receive", WEDNESDAY_9)
    assert got.state.status == 2
    assert got.state.received_at == WEDNESDAY_9
    # Five working days from Wednesday 09:00 is the next Wednesday 09:00.
    assert got.state.due_at == dt.datetime(2025, 12, 10, 9, 0, tzinfo=TZ)

    got = act(got.state, OFFICER, "forward", WEDNESDAY_9 + HOUR)
    assert (got.state.status, got.state.step_code) == (4, "process")
    assert step_unit(STEPS[1], got.state, CTX) == DEPT
    # The specialist's two working days start at the hand-over.
    assert got.state.step_due_at == dt.datetime(2025, 12, 5, 10, 0, tzinfo=TZ)
    assert got.event.from_unit_id == CENTRE
    assert got.event.to_unit_id == DEPT

    thursday = dt.datetime(2025, 12, 4, 14, 0, tzinfo=TZ)
    got = act(got.state, SPECIALIST, "forward", thursday)
    assert got.state.step_code == "approve"
    assert got.event.step_result == "early"

    got = act(got.state, LEADER, "approve", thursday + HOUR)
    assert got.state.status == 9
    assert got.state.step_code == "return"
    assert got.state.finished_at == thursday + HOUR
    assert got.state.result_class == "early"

    got = act(got.state, OFFICER_2, "return_result", thursday + 2 * HOUR)
    assert got.state.status == 10
    assert got.state.returned_at == thursday + 2 * HOUR
    assert allowed_actions(got.state, CTX, OFFICER) == frozenset()


def test_dossier_resolved_after_the_appointment_is_late() -> None:
    state = at_step("approve")
    after_due = dt.datetime(2025, 12, 10, 9, 30, tzinfo=TZ)
    got = act(state, LEADER, "approve", after_due)
    assert got.state.result_class == "late"


def test_resolved_on_appointment_day_is_on_time() -> None:
    state = at_step("approve")
    due_day_morning = dt.datetime(2025, 12, 10, 8, 0, tzinfo=TZ)
    assert act(state, LEADER, "approve", due_day_morning).state.result_class == (
        "on_time"
    )


def test_case_processing_time_overrides_the_procedure() -> None:
    proc = procedure(
        cases=[
            CaseSpec(
                code="urgent",
                name="Khẩn",
                processing_time=Duration(amount=1, unit="working_days"),
            )
        ]
    )
    ctx = context(proc)
    state = submitted(case_code="urgent")
    got = apply(state, ctx, OFFICER, "receive", ActionInput(), WEDNESDAY_9)
    assert got.state.due_at == dt.datetime(2025, 12, 4, 9, 0, tzinfo=TZ)


def test_receipt_after_cutoff_counts_from_next_working_day() -> None:
    late_afternoon = dt.datetime(2025, 12, 3, 15, 30, tzinfo=TZ)
    state = act(submitted(late_afternoon), OFFICER, "receive", late_afternoon).state
    # Counting starts Thursday 07:00; five working days end Wednesday 17:00.
    assert state.due_at == dt.datetime(2025, 12, 10, 17, 0, tzinfo=TZ)


# --- who may act --------------------------------------------------------------------


def test_staff_of_another_unit_or_role_may_not_act() -> None:
    state = at_step("process")
    assert allowed_actions(state, CTX, OTHER_SPECIALIST) == frozenset()
    assert allowed_actions(state, CTX, OUTSIDER) == frozenset()
    assert allowed_actions(state, CTX, LEADER) == frozenset()
    with pytest.raises(NotAllowedForActor) as caught:
        act(state, LEADER, "forward", WEDNESDAY_9)
    assert caught.value.status == 403
    assert caught.value.vi
    assert caught.value.en


def test_assigned_officer_may_act_at_the_step_whatever_the_role() -> None:
    state = msgspec.structs.replace(at_step("process"), assignee_id=LEADER.account_id)
    assert "forward" in allowed_actions(state, CTX, LEADER)


def test_applicant_may_only_withdraw_and_answer_supplements() -> None:
    state = at_step("process")
    assert allowed_actions(state, CTX, CITIZEN) == {"withdraw"}
    assert allowed_actions(state, CTX, OTHER_CITIZEN) == frozenset()
    paused = act(state, SPECIALIST, "request_supplement", WEDNESDAY_9, reason="x")
    assert allowed_actions(paused.state, CTX, CITIZEN) == {"withdraw", "resume"}


def test_action_not_listed_on_the_step_is_refused_as_conflict() -> None:
    state = at_step("process")
    with pytest.raises(NotAllowedNow) as caught:
        act(state, SPECIALIST, "return_result", WEDNESDAY_9)
    assert caught.value.status == 409


def test_unlisted_action_of_the_state_is_forbidden_to_qualified_staff() -> None:
    # "approve" applies in status 4 but the process step does not list it.
    with pytest.raises(NotAllowedForActor):
        act(at_step("process"), SPECIALIST, "approve", WEDNESDAY_9)


def test_confirm_payment_belongs_to_the_system() -> None:
    state = act(at_step("process"), SPECIALIST, "request_payment", WEDNESDAY_9).state
    assert state.status == 6
    assert state.payment_status == "awaiting"
    assert "confirm_payment" not in allowed_actions(state, CTX, SPECIALIST)
    got = act(state, SYSTEM, "confirm_payment", WEDNESDAY_9 + HOUR)
    assert got.state.status == 4
    assert got.state.payment_status == "paid"
    assert "confirm_payment" not in allowed_actions(got.state, CTX, SYSTEM)


def test_payment_confirmed_before_it_was_requested_keeps_the_status() -> None:
    got = act(received(), SYSTEM, "confirm_payment", WEDNESDAY_9)
    assert (got.state.status, got.state.payment_status) == (2, "paid")


# --- inputs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state_step", "actor", "action"),
    [
        ("receive", OFFICER, "refuse"),
        ("process", SPECIALIST, "stop"),
        ("process", SPECIALIST, "request_supplement"),
        ("approve", LEADER, "send_back"),
    ],
)
def test_reason_is_required(state_step: str, actor: Actor, action: str) -> None:
    state = submitted() if state_step == "receive" else at_step(state_step)
    with pytest.raises(InvalidInput) as caught:
        act(state, actor, action, WEDNESDAY_9, reason="   ", target_step="receive")
    assert caught.value.field == "reason"
    assert caught.value.status == 400


def test_refusal_closes_the_dossier_with_its_reason() -> None:
    got = act(submitted(), OFFICER, "refuse", WEDNESDAY_9, reason="Sai thủ tục")
    assert got.state.status == 3
    assert got.state.closed_at == WEDNESDAY_9
    assert got.event.note == "Sai thủ tục"
    assert allowed_actions(got.state, CTX, OFFICER) == frozenset()


def test_assignee_must_hold_the_step_role_in_the_step_unit() -> None:
    state = at_step("process")
    for wrong in (OTHER_SPECIALIST, LEADER, OFFICER, CITIZEN):
        with pytest.raises(InvalidInput) as caught:
            act(
                state,
                SPECIALIST,
                "assign",
                WEDNESDAY_9,
                assignee=wrong,
                assignee_id=wrong.account_id,
            )
        assert caught.value.field == "assignee_id"
    got = act(
        state,
        SPECIALIST,
        "assign",
        WEDNESDAY_9,
        assignee=SPECIALIST_2,
        assignee_id=SPECIALIST_2.account_id,
    )
    assert got.state.assignee_id == SPECIALIST_2.account_id
    assert got.state.status == 4
    assert got.state.step_code == "process"


def test_assignee_id_must_match_the_loaded_account() -> None:
    with pytest.raises(InvalidInput):
        act(
            at_step("process"),
            SPECIALIST,
            "assign",
            WEDNESDAY_9,
            assignee=SPECIALIST_2,
            assignee_id=999,
        )


def test_assign_back_to_the_pool() -> None:
    state = msgspec.structs.replace(
        at_step("process"), assignee_id=SPECIALIST_2.account_id
    )
    got = act(state, SPECIALIST, "assign", WEDNESDAY_9)
    assert got.state.assignee_id is None
    with pytest.raises(InvalidInput):
        act(got.state, SPECIALIST, "assign", WEDNESDAY_9)


def test_forward_with_assignee_of_the_next_step() -> None:
    got = act(
        received(),
        OFFICER,
        "forward",
        WEDNESDAY_9,
        assignee=SPECIALIST_2,
        assignee_id=SPECIALIST_2.account_id,
    )
    assert got.state.assignee_id == SPECIALIST_2.account_id
    assert got.event.assignee_id == SPECIALIST_2.account_id
    with pytest.raises(InvalidInput):
        act(
            received(),
            OFFICER,
            "forward",
            WEDNESDAY_9,
            assignee=OFFICER_2,
            assignee_id=OFFICER_2.account_id,
        )


def test_send_back_only_to_an_earlier_step() -> None:
    state = at_step("approve")
    got = act(
        state, LEADER, "send_back", WEDNESDAY_9, reason="Thiếu", target_step="process"
    )
    assert (got.state.step_code, got.state.status) == ("process", 4)
    assert got.event.to_unit_id == DEPT
    for target in ("approve", "return", "nowhere", None):
        with pytest.raises(InvalidInput):
            act(state, LEADER, "send_back", WEDNESDAY_9, reason="x", target_step=target)


def test_transfer_moves_the_dossier_to_another_unit_pool() -> None:
    state = msgspec.structs.replace(
        at_step("process"), assignee_id=SPECIALIST.account_id
    )
    got = act(state, SPECIALIST, "transfer", WEDNESDAY_9 + HOUR, target_unit=OTHER_DEPT)
    assert got.state.unit_id == OTHER_DEPT
    assert got.state.assignee_id is None
    assert got.state.step_code == "process"
    assert got.event.from_unit_id == DEPT
    assert got.event.to_unit_id == OTHER_DEPT
    assert "forward" in allowed_actions(got.state, CTX, OTHER_SPECIALIST)
    assert allowed_actions(got.state, CTX, SPECIALIST_2) == frozenset()


def test_transfer_at_the_desk_keeps_the_step_and_changes_later_units() -> None:
    got = act(received(), OFFICER, "transfer", WEDNESDAY_9, target_unit=OTHER_DEPT)
    assert (got.state.status, got.state.step_code) == (2, "receive")
    forwarded = act(got.state, OFFICER, "forward", WEDNESDAY_9)
    assert forwarded.event.to_unit_id == OTHER_DEPT


@pytest.mark.parametrize("target", [DEPT, "atlantis", None])
def test_transfer_target_must_exist_and_differ(target: str | None) -> None:
    with pytest.raises(InvalidInput) as caught:
        act(at_step("process"), SPECIALIST, "transfer", WEDNESDAY_9, target_unit=target)
    assert caught.value.field == "target_unit"


# --- supplements and deadlines ------------------------------------------------------


def test_supplement_pause_moves_every_due_time() -> None:
    state = at_step("process")
    assert state.due_at == dt.datetime(2025, 12, 10, 9, 0, tzinfo=TZ)
    step_due = state.step_due_at
    paused = act(state, SPECIALIST, "request_supplement", WEDNESDAY_9, reason="Ảnh mờ")
    assert paused.state.status == 5
    assert paused.state.supplement_count == 1
    # Resubmitted on Friday 09:00: two working days paused.
    friday = dt.datetime(2025, 12, 5, 9, 0, tzinfo=TZ)
    resumed = act(paused.state, CITIZEN, "resume", friday)
    assert resumed.state.status == 4
    assert resumed.state.paused_at is None
    assert resumed.state.paused_seconds == 2 * 8 * 3600
    assert resumed.state.due_at == dt.datetime(2025, 12, 12, 9, 0, tzinfo=TZ)
    assert step_due is not None
    assert resumed.state.step_due_at == CALENDAR.shift_for_pause(
        step_due, WEDNESDAY_9, friday
    )


def test_supplement_before_receipt_returns_to_awaiting_receipt() -> None:
    paused = act(submitted(), OFFICER, "request_supplement", WEDNESDAY_9, reason="x")
    assert "apologise" not in allowed_actions(paused.state, CTX, OFFICER)
    assert "stop" not in allowed_actions(paused.state, CTX, OFFICER)
    assert "refuse" in allowed_actions(paused.state, CTX, OFFICER)
    resumed = act(paused.state, OFFICER, "resume", WEDNESDAY_9 + HOUR)
    assert resumed.state.status == 1
    assert resumed.state.due_at is None


def test_supplement_requests_are_counted() -> None:
    state = at_step("process")
    for _ in range(2):
        state = act(
            state, SPECIALIST, "request_supplement", WEDNESDAY_9, reason="x"
        ).state
        state = act(state, CITIZEN, "resume", WEDNESDAY_9).state
    assert state.supplement_count == 2


def test_apology_needs_a_later_date_and_keeps_the_legal_appointment() -> None:
    state = at_step("process")
    assert state.due_at is not None
    for bad in (state.due_at, state.due_at - HOUR, None):
        with pytest.raises(InvalidInput) as caught:
            act(state, SPECIALIST, "apologise", WEDNESDAY_9, reason="x", new_due_at=bad)
        assert caught.value.field == "new_due_at"
    new_due = state.due_at + dt.timedelta(days=2)
    got = act(
        state,
        SPECIALIST,
        "apologise",
        WEDNESDAY_9,
        reason="Chờ xác minh",
        new_due_at=new_due,
    )
    assert got.state.apology_due_at == new_due
    assert got.state.due_at == state.due_at
    assert got.event.extra["new_due_at"] == new_due.isoformat()
    with pytest.raises(InvalidInput):
        act(
            got.state,
            SPECIALIST,
            "apologise",
            WEDNESDAY_9,
            reason="x",
            new_due_at=new_due,
        )


def test_withdrawal_during_a_pause_records_the_paused_time() -> None:
    paused = act(
        at_step("process"), SPECIALIST, "request_supplement", WEDNESDAY_9, reason="x"
    )
    got = act(paused.state, CITIZEN, "withdraw", WEDNESDAY_9 + 2 * HOUR)
    assert got.state.status == 7
    assert got.state.paused_seconds == 2 * 3600
    assert got.state.paused_at is None


def test_handover_events_class_the_step_that_ended() -> None:
    state = at_step("process")
    late = dt.datetime(2025, 12, 8, 9, 0, tzinfo=TZ)
    got = act(state, SPECIALIST, "forward", late)
    assert got.event.step_due_at == state.step_due_at
    assert got.event.step_result == "late"
    assert got.event.from_step == "process"
    assert got.event.to_step == "approve"


def test_events_outside_handovers_class_no_step() -> None:
    got = act(at_step("process"), SPECIALIST, "request_payment", WEDNESDAY_9)
    assert got.event.step_due_at is None
    assert got.event.step_result is None


def test_workflow_with_explicit_resolve_step() -> None:
    steps = [
        *STEPS[:3],
        StepSpec(
            code="issue",
            name="Văn thư",
            role="clerk",
            budget=Duration(amount=4, unit="working_hours"),
            actions=["resolve", "return_result"],
        ),
    ]
    ctx = context(procedure(steps=steps))
    clerk = Actor(account_id=60, kind="staff", unit_id=DEPT, roles=frozenset({"clerk"}))
    state = at_step("approve")
    got = apply(state, ctx, LEADER, "approve", ActionInput(), WEDNESDAY_9)
    assert (got.state.status, got.state.step_code) == (4, "issue")
    got = apply(got.state, ctx, clerk, "resolve", ActionInput(), WEDNESDAY_9)
    assert (got.state.status, got.state.step_code) == (9, "issue")
    got = apply(got.state, ctx, clerk, "return_result", ActionInput(), WEDNESDAY_9)
    assert got.state.status == 10


def test_unknown_action_is_invalid() -> None:
    with pytest.raises(InvalidInput):
        act(submitted(), OFFICER, "teleport", WEDNESDAY_9)

"""Properties of the workflow engine over random walks of dossiers.

Every walk starts from an online submission and performs, at each turn, an action
chosen among those some account may perform, with valid inputs, at a later moment.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.dossiers.engine import (
    RULES,
    allowed_actions,
    apply,
    assignee_candidates_step,
    send_back_targets,
    step_unit,
    transfer_targets,
)
from core.dossiers.state import (
    SYSTEM,
    ActionInput,
    DossierState,
    NotAllowedForActor,
    NotAllowedNow,
)
from core.dossiers.statuses import CLOSED, Status
from core.permissions import Actor
from tests.core.dossiers.dossier_fixtures import (
    ALL_ACTORS,
    STEPS,
    WEDNESDAY_9,
    context,
    submitted,
)

CTX = context()
ACTORS = (*ALL_ACTORS, SYSTEM)
STEP_CODES = {s.code for s in STEPS}
TERMINAL = {Status.REFUSED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED}


def valid_inputs(
    state: DossierState, actor: Actor, action: str, data: st.DataObject
) -> tuple[ActionInput, Actor | None]:
    """Inputs that a correct form would send for ``action``."""
    if action == "send_back":
        target = data.draw(st.sampled_from(send_back_targets(state, CTX)))
        return ActionInput(reason="Chưa đạt", target_step=target), None
    if action == "transfer":
        unit = data.draw(st.sampled_from(transfer_targets(state, CTX)))
        return ActionInput(target_unit=unit), None
    if action == "apologise":
        current = state.apology_due_at or state.due_at
        assert current is not None
        later = current + dt.timedelta(hours=data.draw(st.integers(1, 200)))
        return ActionInput(reason="Chậm", new_due_at=later), None
    if action == "assign":
        return _assignment(state, actor, data)
    return ActionInput(reason="Lý do"), None


def _assignment(
    state: DossierState, actor: Actor, data: st.DataObject
) -> tuple[ActionInput, Actor | None]:
    step = assignee_candidates_step("assign", state, CTX, ActionInput())
    assert step is not None
    unit = step_unit(step, state, CTX)
    candidates = [
        a
        for a in ALL_ACTORS
        if a.is_staff
        and a.unit_id == unit
        and step.role in a.roles
        and a.account_id != state.assignee_id
    ]
    choices: list[Actor | None] = [*candidates]
    if state.assignee_id is not None:
        choices.append(None)
    chosen = data.draw(st.sampled_from(choices))
    if chosen is None:
        return ActionInput(), None
    return ActionInput(assignee_id=chosen.account_id), chosen


def check_invariants(before: DossierState, after: DossierState) -> None:
    status = Status(after.status)
    assert after.step_code in STEP_CODES
    assert (status == Status.SUPPLEMENT) == (after.paused_at is not None)
    assert (status == Status.SUPPLEMENT) == (after.status_before_pause is not None)
    if status in {Status.RECEIVED, Status.PROCESSING, Status.PAYMENT} | {
        Status.STOPPED,
        Status.RESOLVED,
        Status.RETURNED,
    }:
        assert after.received_at is not None
        assert after.due_at is not None
    if status == Status.SUBMITTED:
        assert after.received_at is None
        assert after.due_at is None
    if status in (Status.RESOLVED, Status.RETURNED):
        assert after.finished_at is not None
        assert after.result_class is not None
    assert (status == Status.RETURNED) == (after.returned_at is not None)
    assert (status in {Status.REFUSED, Status.WITHDRAWN, Status.STOPPED}) == (
        after.closed_at is not None
    )
    assert after.supplement_count >= before.supplement_count
    assert after.paused_seconds >= before.paused_seconds
    if before.due_at is not None:
        assert after.due_at is not None
        assert after.due_at >= before.due_at
    if after.payment_status == "paid":
        assert status != Status.PAYMENT


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_walks_stay_in_valid_states(data: st.DataObject) -> None:
    state = submitted()
    now = WEDNESDAY_9
    for _ in range(data.draw(st.integers(1, 25))):
        options = [
            (actor, action)
            for actor in ACTORS
            for action in sorted(allowed_actions(state, CTX, actor))
        ]
        if Status(state.status) in CLOSED:
            # Only a resolved dossier still waits for something: its hand-over.
            expected = {"return_result"} if state.status == Status.RESOLVED else set()
            assert {action for _, action in options} == expected
        if Status(state.status) in TERMINAL:
            return
        if not options:
            return
        actor, action = data.draw(st.sampled_from(options))
        now += dt.timedelta(minutes=data.draw(st.integers(0, 4 * 24 * 60)))
        inputs, assignee = valid_inputs(state, actor, action, data)
        got = apply(state, CTX, actor, action, inputs, now, assignee=assignee)
        assert got.event.from_status == state.status
        assert got.event.to_status == got.state.status
        assert got.event.action == action
        check_invariants(state, got.state)
        state = got.state


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data())
def test_allowed_actions_are_exactly_those_apply_accepts(data: st.DataObject) -> None:
    state = submitted()
    now = WEDNESDAY_9
    for _ in range(data.draw(st.integers(0, 12))):
        options = [
            (actor, action)
            for actor in ACTORS
            for action in sorted(allowed_actions(state, CTX, actor))
        ]
        if not options:
            break
        actor, action = data.draw(st.sampled_from(options))
        now += dt.timedelta(minutes=data.draw(st.integers(0, 3000)))
        inputs, assignee = valid_inputs(state, actor, action, data)
        state = apply(state, CTX, actor, action, inputs, now, assignee).state

    actor = data.draw(st.sampled_from(ACTORS))
    allowed = allowed_actions(state, CTX, actor)
    for action in RULES:
        if action in allowed:
            inputs, assignee = valid_inputs(state, actor, action, data)
            apply(state, CTX, actor, action, inputs, now, assignee)
        else:
            with pytest.raises((NotAllowedNow, NotAllowedForActor)):
                apply(state, CTX, actor, action, ActionInput(reason="x"), now)

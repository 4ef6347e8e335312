"""The facts agree with the workflow engine on random lives of dossiers.

Each walk drives the real engine from an online submission through random allowed
actions at random later moments, keeping every state it passes through. The
facts, built from the history rows alone, must then tell at every moment what the
engine knew then: received or not, the unit, the supplement count, the appointment
in force and whether the dossier was overdue.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.dossiers.engine import (
    allowed_actions,
    apply,
    send_back_targets,
    transfer_targets,
)
from core.dossiers.state import SYSTEM, ActionInput, DossierState
from core.dossiers.statuses import Status
from plugins.reporting.facts import (
    DossierFacts,
    DossierRow,
    EventRow,
    Segment,
    build_facts,
)
from tests.core.dossiers.dossier_fixtures import (
    ALL_ACTORS,
    CALENDAR,
    WEDNESDAY_9,
    context,
    submitted,
)

CTX = context()
ACTORS = (*ALL_ACTORS, SYSTEM)
SECOND = dt.timedelta(seconds=1)
# Actions whose inputs need an account or a date are left to the engine's own tests.
SKIPPED = {"assign", "apologise"}
# Ending a dossier is allowed at almost every turn; choosing it rarely lets walks
# reach pauses, transfers and results.
ENDINGS = {"withdraw", "refuse", "stop"}


def inputs_for(state: DossierState, action: str, data: st.DataObject) -> ActionInput:
    if action == "send_back":
        return ActionInput(
            reason="Chưa đạt",
            target_step=data.draw(st.sampled_from(send_back_targets(state, CTX))),
        )
    if action == "transfer":
        unit = data.draw(st.sampled_from(transfer_targets(state, CTX)))
        return ActionInput(target_unit=unit)
    if action == "confirm_payment":
        return ActionInput(
            data={"method": data.draw(st.sampled_from(["online", "cash"]))}
        )
    return ActionInput(reason="Lý do")


def walk(data: st.DataObject) -> list[tuple[dt.datetime, DossierState, EventRow]]:
    """States after each action, with the history row the action wrote."""
    state, now = submitted(), WEDNESDAY_9
    first = EventRow(
        id=1, at=now, action="submit", to_status=1, to_step=state.step_code
    )
    lived = [(now, state, first)]
    for number in range(2, data.draw(st.integers(2, 30))):
        options = sorted(
            (action, index)
            for index, actor in enumerate(ACTORS)
            for action in allowed_actions(state, CTX, actor)
            if action not in SKIPPED
        )
        going_on = [o for o in options if o[0] not in ENDINGS]
        if going_on and data.draw(st.integers(0, 9)):
            options = going_on
        if not options:
            break
        action, index = data.draw(st.sampled_from(options))
        now += dt.timedelta(minutes=data.draw(st.integers(0, 3 * 24 * 60)))
        inputs = inputs_for(state, action, data)
        got = apply(state, CTX, ACTORS[index], action, inputs, now)
        state, event = got.state, got.event
        row = EventRow(
            id=number, at=now, action=event.action, from_status=event.from_status,
            to_status=event.to_status, from_step=event.from_step, to_step=event.to_step,
            from_unit_id=event.from_unit_id, step_due_at=event.step_due_at,
            step_result=event.step_result, extra=event.extra,
        )  # fmt: skip
        lived.append((now, state, row))
    return lived


def facts_of(lived: list[tuple[dt.datetime, DossierState, EventRow]]) -> DossierFacts:
    final = lived[-1][1]
    row = DossierRow(
        id=1, code="X", procedure_code="P", channel=2, unit_id=final.unit_id,
        status=final.status, received_at=final.received_at, due_at=final.due_at,
        finished_at=final.finished_at, closed_at=final.closed_at,
        result_class=final.result_class,
    )  # fmt: skip
    return build_facts(row, [e for _, _, e in lived], CALENDAR)


def segment_at(facts: DossierFacts, moment: dt.datetime) -> Segment:
    found = [
        s
        for s in facts.segments
        if (s.valid_from is None or s.valid_from < moment)
        and (s.valid_to is None or s.valid_to >= moment)
    ]
    assert len(found) == 1
    return found[0]


def engine_overdue(state: DossierState, moment: dt.datetime) -> bool:
    """Whether the engine's state says the dossier is overdue at ``moment``."""
    assert state.due_at is not None
    if state.status == Status.SUPPLEMENT:
        assert state.paused_at is not None
        return state.paused_at > state.due_at
    return moment > state.due_at


SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@SETTINGS
@given(data=st.data())
def test_the_facts_end_where_the_engine_ends(data: st.DataObject) -> None:
    lived = walk(data)
    final = lived[-1][1]
    facts = facts_of(lived)
    assert facts.received_at == final.received_at
    assert facts.result_class == final.result_class
    if final.status in (Status.RESOLVED, Status.RETURNED):
        assert (facts.exit_at, facts.exit_status) == (final.finished_at, 9)
    elif final.status in (Status.REFUSED, Status.WITHDRAWN, Status.STOPPED):
        assert (facts.exit_at, facts.exit_status) == (final.closed_at, final.status)
    else:
        assert facts.exit_at is None
    assert facts.supplements == final.supplement_count
    paid = [s for _, s, e in lived if e.action == "confirm_payment"]
    assert (facts.paid_at is not None) == bool(paid)


@SETTINGS
@given(data=st.data())
def test_at_every_moment_the_facts_know_what_the_engine_knew(
    data: st.DataObject,
) -> None:
    lived = walk(data)
    facts = facts_of(lived)
    for index, (moment, state, _event) in enumerate(lived):
        following = lived[index + 1][0] if index + 1 < len(lived) else None
        probe = moment + SECOND
        if following is not None and probe > following:
            continue  # the next action came at the same moment
        if state.received_at is None or Status(state.status) in (
            Status.REFUSED, Status.WITHDRAWN, Status.STOPPED, Status.RESOLVED,
            Status.RETURNED,
        ):  # fmt: skip
            continue
        segment = segment_at(facts, probe)
        assert segment.unit_id == state.unit_id
        assert segment.supplements == state.supplement_count
        assert state.due_at is not None
        if abs(probe - state.due_at) > 2 * SECOND:
            overdue = (
                segment.overdue_after is not None and probe > segment.overdue_after
            )
            assert overdue == engine_overdue(state, probe)
        if state.status != Status.SUPPLEMENT:
            assert segment.overdue_after is not None
            assert abs(segment.overdue_after - state.due_at) <= SECOND


@SETTINGS
@given(data=st.data())
def test_worked_time_never_exceeds_the_time_elapsed(data: st.DataObject) -> None:
    lived = walk(data)
    facts = facts_of(lived)
    final = lived[-1][1]
    if facts.worked is not None:
        assert final.received_at is not None
        assert final.finished_at is not None
        elapsed = CALENDAR.working_time_between(final.received_at, final.finished_at)
        assert dt.timedelta(0) <= facts.worked <= elapsed
    for span in facts.steps:
        assert span.started_at <= span.ended_at
        assert span.worked <= CALENDAR.working_time_between(
            span.started_at, span.ended_at
        )

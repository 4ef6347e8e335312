"""The workflow engine: which actions an actor may perform on a dossier, and what
each action does to it.

The engine is a pure state machine. It reads a :class:`DossierState`, the procedure
version the dossier was filed under, the working calendar and the units that exist;
it never touches the database. :func:`allowed_actions` lists what an actor may do
now; :func:`apply` checks one action with its inputs and returns the new state and
the history row, or raises:

- :class:`NotAllowedNow` (409) when the action does not apply in this state;
- :class:`NotAllowedForActor` (403) when it applies but not by this actor;
- :class:`InvalidInput` (400) when a reason, assignee, step, unit or date is wrong.

Who may act: staff holding the current step's role in the current step's unit, or
the staff member the dossier is assigned to; most actions must also be listed in the
step's ``actions``. The applicant may only withdraw the dossier and answer a
supplement request. A step that only returns results (a *result desk*) resolves the
dossier when it is moved into. ``docs/workflow.md`` has the whole table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import msgspec

from core.calendar import WorkingCalendar
from core.catalogue.catalogue import Catalogue
from core.catalogue.model import ProcedureSpec, StepSpec
from core.dossiers import deadlines
from core.dossiers.state import (
    SYSTEM,
    ActionInput,
    DossierState,
    EventDraft,
    InvalidInput,
    NotAllowedForActor,
    NotAllowedNow,
    Transition,
)
from core.dossiers.statuses import OPEN, RECEIVED_OPEN, Status
from core.permissions import Actor

__all__ = [
    "REASON_REQUIRED",
    "RULES",
    "Rule",
    "WorkflowContext",
    "allowed_actions",
    "apply",
    "assignee_candidates_step",
    "current_step",
    "handles",
    "is_applicant",
    "is_result_desk",
    "send_back_targets",
    "step_index",
    "step_unit",
    "transfer_targets",
]

S = Status


@dataclass(frozen=True)
class WorkflowContext:
    """Everything besides the dossier that the engine reads.

    Attributes:
        procedure: the procedure version the dossier was filed under.
        calendar: the province's working calendar.
        unit_ids: ids of every unit of the province (transfer targets).
        catalogue: the loaded catalogue, which places steps given as
            ``kind:<kind>`` near the dossier's unit; without it a step's ``unit``
            is read as a unit id.
    """

    procedure: ProcedureSpec
    calendar: WorkingCalendar
    unit_ids: frozenset[str]
    catalogue: Catalogue | None = None

    @classmethod
    def build(
        cls, catalogue: Catalogue, procedure: ProcedureSpec, calendar: WorkingCalendar
    ) -> WorkflowContext:
        """The context of a dossier of ``procedure`` in ``catalogue``'s province."""
        return cls(procedure, calendar, frozenset(catalogue.units), catalogue)

    @property
    def steps(self) -> list[StepSpec]:
        """The workflow's steps, in order."""
        return self.procedure.workflow.steps


@dataclass(frozen=True)
class Rule:
    """When an action applies and who may perform it.

    Attributes:
        statuses: the statuses in which it applies.
        listed: staff may perform it only if the current step lists it.
        staff: qualified staff may perform it.
        applicant: the dossier's own applicant may perform it.
        system: only the application itself performs it.
    """

    statuses: frozenset[Status]
    listed: bool = True
    staff: bool = True
    applicant: bool = False
    system: bool = False


RULES: dict[str, Rule] = {
    "receive": Rule(frozenset({S.SUBMITTED})),
    "refuse": Rule(frozenset({S.SUBMITTED, S.RECEIVED, S.SUPPLEMENT})),
    "assign": Rule(OPEN, listed=False),
    "forward": Rule(frozenset({S.RECEIVED, S.PROCESSING})),
    "send_back": Rule(frozenset({S.PROCESSING})),
    "transfer": Rule(frozenset({S.RECEIVED, S.PROCESSING})),
    "request_supplement": Rule(frozenset({S.SUBMITTED, S.RECEIVED, S.PROCESSING})),
    "resume": Rule(frozenset({S.SUPPLEMENT}), listed=False, applicant=True),
    "request_payment": Rule(frozenset({S.RECEIVED, S.PROCESSING})),
    "confirm_payment": Rule(OPEN, staff=False, system=True),
    "approve": Rule(frozenset({S.PROCESSING})),
    "stop": Rule(frozenset({S.RECEIVED, S.PROCESSING, S.SUPPLEMENT, S.PAYMENT})),
    "withdraw": Rule(OPEN, listed=False, applicant=True),
    "resolve": Rule(frozenset({S.PROCESSING})),
    "return_result": Rule(frozenset({S.RESOLVED})),
    "apologise": Rule(RECEIVED_OPEN, listed=False),
}
"""Every action's rule; see ``docs/workflow.md`` for the same table in prose."""

REASON_REQUIRED = frozenset(
    {"refuse", "send_back", "stop", "request_supplement", "apologise"}
)


# --- reading the workflow -----------------------------------------------------------


def step_index(ctx: WorkflowContext, code: str) -> int:
    """The position of step ``code`` in the workflow.

    Raises:
        InvalidInput: no step has that code.
    """
    for index, step in enumerate(ctx.steps):
        if step.code == code:
            return index
    raise InvalidInput(
        f"Quy trình không có bước {code!r}.", f"The workflow has no step {code!r}."
    )


def current_step(state: DossierState, ctx: WorkflowContext) -> StepSpec:
    """The step the dossier is at."""
    return ctx.steps[step_index(ctx, state.step_code)]


def step_unit(step: StepSpec, state: DossierState, ctx: WorkflowContext) -> str:
    """The unit id where ``step`` is performed for this dossier.

    ``implementing`` is the dossier's unit, ``receiving`` the unit that received it;
    ``kind:<kind>`` is the nearest unit of that kind; anything else is a unit id.
    """
    if step.unit == "implementing":
        return state.unit_id
    if step.unit == "receiving":
        return state.receiving_unit_id
    if ctx.catalogue is not None:
        return ctx.catalogue.step_unit(step, state.unit_id, state.receiving_unit_id).id
    return step.unit


def send_back_targets(state: DossierState, ctx: WorkflowContext) -> list[str]:
    """Codes of the steps before the current one, earliest first."""
    return [s.code for s in ctx.steps[: step_index(ctx, state.step_code)]]


def transfer_targets(state: DossierState, ctx: WorkflowContext) -> list[str]:
    """Ids of the units the dossier may be transferred to, sorted."""
    return sorted(ctx.unit_ids - {state.unit_id})


def assignee_candidates_step(
    action: str, state: DossierState, ctx: WorkflowContext, inputs: ActionInput
) -> StepSpec | None:
    """The step whose unit and role an assignee of ``action`` must have.

    Returns:
        The step, or ``None`` when ``action`` takes no assignee.
    """
    index = step_index(ctx, state.step_code)
    if action == "assign":
        return ctx.steps[index]
    if action == "forward" and index + 1 < len(ctx.steps):
        return ctx.steps[index + 1]
    if action == "send_back" and inputs.target_step:
        return ctx.steps[step_index(ctx, inputs.target_step)]
    return None


def _qualified(
    actor: Actor, state: DossierState, step: StepSpec, ctx: WorkflowContext
) -> bool:
    """Whether a staff member may act at ``step`` of this dossier."""
    if not actor.is_staff:
        return False
    if state.assignee_id is not None and state.assignee_id == actor.account_id:
        return True
    return actor.unit_id == step_unit(step, state, ctx) and step.role in actor.roles


def handles(actor: Actor, state: DossierState, ctx: WorkflowContext) -> bool:
    """Whether ``actor`` is one of the staff handling the dossier's current step."""
    return _qualified(actor, state, current_step(state, ctx), ctx)


def is_applicant(actor: Actor, state: DossierState) -> bool:
    """Whether ``actor`` is the account that filed the dossier."""
    return _is_applicant(actor, state)


def _is_applicant(actor: Actor, state: DossierState) -> bool:
    return (
        actor.kind in ("citizen", "business")
        and state.account_id is not None
        and state.account_id == actor.account_id
    )


def is_result_desk(step: StepSpec) -> bool:
    """Whether ``step`` only hands results over: it lists ``return_result`` and
    decides nothing (no forward, approve or resolve)."""
    return "return_result" in step.actions and not (
        {"forward", "approve", "resolve"} & set(step.actions)
    )


def _result_step(ctx: WorkflowContext, index: int) -> int:
    """Where a resolved dossier waits to be handed over: the first step from
    ``index`` on listing ``return_result``, else any such step, else ``index``."""
    listing = [i for i, s in enumerate(ctx.steps) if "return_result" in s.actions]
    later = [i for i in listing if i >= index]
    return (later or listing or [index])[0]


# --- what applies now ---------------------------------------------------------------


def _applies(action: str, state: DossierState, ctx: WorkflowContext) -> bool:
    """Whether ``action`` makes sense for the dossier in its present state."""
    rule = RULES[action]
    if Status(state.status) not in rule.statuses:
        return False
    index = step_index(ctx, state.step_code)
    if action == "forward":
        return index + 1 < len(ctx.steps)
    if action == "send_back":
        return index > 0
    if action == "transfer":
        return bool(ctx.unit_ids - {state.unit_id})
    if action == "confirm_payment":
        return state.payment_status != "paid"
    if state.status == S.SUPPLEMENT:
        return _applies_while_paused(action, state)
    return True


def _applies_while_paused(action: str, state: DossierState) -> bool:
    """Refusing needs a dossier not yet past receipt; stopping and apologising
    need a received one (with an appointment)."""
    if action == "refuse":
        return state.status_before_pause in (S.SUBMITTED, S.RECEIVED)
    if action in ("stop", "apologise"):
        return state.received_at is not None
    return True


def _may(action: str, actor: Actor, state: DossierState, ctx: WorkflowContext) -> bool:
    """Whether ``actor`` may perform an action that applies now."""
    rule = RULES[action]
    if rule.system:
        return actor == SYSTEM
    if rule.applicant and _is_applicant(actor, state):
        return True
    step = current_step(state, ctx)
    if not rule.staff or not _qualified(actor, state, step, ctx):
        return False
    if action == "return_result" and not any(
        "return_result" in s.actions for s in ctx.steps
    ):
        return True
    return not rule.listed or action in step.actions


def allowed_actions(
    state: DossierState, ctx: WorkflowContext, actor: Actor
) -> frozenset[str]:
    """The actions ``actor`` may perform on the dossier now.

    Args:
        state: the dossier's state.
        ctx: its procedure, the calendar and the units.
        actor: the signed-in account, or :data:`SYSTEM`.

    Returns:
        Action names; :func:`apply` accepts each of them given valid inputs.
    """
    return frozenset(
        action
        for action in RULES
        if _applies(action, state, ctx) and _may(action, actor, state, ctx)
    )


# --- applying an action -------------------------------------------------------------


def apply(
    state: DossierState,
    ctx: WorkflowContext,
    actor: Actor,
    action: str,
    inputs: ActionInput,
    now: dt.datetime,
    assignee: Actor | None = None,
) -> Transition:
    """Check ``action`` and compute its outcome.

    Args:
        state: the dossier's state as read.
        ctx: its procedure, the calendar and the units.
        actor: who acts (:data:`SYSTEM` for the application itself).
        action: one of :data:`RULES`.
        inputs: the action's inputs.
        now: the moment of the action, timezone-aware.
        assignee: the account named by ``inputs.assignee_id``, as loaded by the
            caller (``None`` if no such account exists).

    Returns:
        The new state and the history row to record.

    Raises:
        NotAllowedNow: the action does not apply in this state (409).
        NotAllowedForActor: the actor may not perform it (403).
        InvalidInput: an input is missing or wrong (400).
    """
    if action not in RULES:
        raise InvalidInput(
            f"Thao tác không tồn tại: {action!r}.", f"Unknown action {action!r}."
        )
    if not _applies(action, state, ctx):
        raise NotAllowedNow(
            "Không thể thực hiện thao tác này ở trạng thái hiện tại của hồ sơ.",
            "This action is not possible in the dossier's present state.",
        )
    if not _may(action, actor, state, ctx):
        raise NotAllowedForActor(
            "Tài khoản của bạn không được thực hiện thao tác này trên hồ sơ.",
            "Your account may not perform this action on this dossier.",
        )
    if action in REASON_REQUIRED and not inputs.reason.strip():
        raise InvalidInput("Cần nêu lý do.", "A reason is required.", field="reason")
    step = assignee_candidates_step(action, state, ctx, inputs)
    if inputs.assignee_id is not None or action == "assign":
        _check_assignee(inputs, assignee, step, state, action, ctx)
    return _HANDLERS[action](_Act(state, ctx, actor, action, inputs, now))


def _check_assignee(
    inputs: ActionInput,
    assignee: Actor | None,
    step: StepSpec | None,
    state: DossierState,
    action: str,
    ctx: WorkflowContext,
) -> None:
    if inputs.assignee_id is None:
        if action == "assign" and state.assignee_id is None:
            raise InvalidInput(
                "Hồ sơ đang ở nhóm xử lý chung của đơn vị; hãy chọn cán bộ.",
                "The dossier is already in the unit's pool; choose an officer.",
                field="assignee_id",
            )
        return
    if step is None:
        raise InvalidInput(
            "Thao tác này không giao hồ sơ cho cán bộ.",
            "This action does not assign the dossier to anyone.",
            field="assignee_id",
        )
    if (
        assignee is None
        or assignee.account_id != inputs.assignee_id
        or not assignee.is_staff
        or assignee.unit_id != step_unit(step, state, ctx)
        or step.role not in assignee.roles
    ):
        raise InvalidInput(
            "Cán bộ được giao phải thuộc đơn vị và giữ vai trò của bước xử lý.",
            "The assignee must belong to the step's unit and hold the step's role.",
            field="assignee_id",
        )
    if action == "assign" and inputs.assignee_id == state.assignee_id:
        raise InvalidInput(
            "Hồ sơ đã được giao cho cán bộ này.",
            "The dossier is already assigned to this officer.",
            field="assignee_id",
        )


@dataclass(frozen=True)
class _Act:
    """One action being applied; handlers read it and build the transition."""

    state: DossierState
    ctx: WorkflowContext
    actor: Actor
    action: str
    inputs: ActionInput
    now: dt.datetime

    @property
    def index(self) -> int:
        return step_index(self.ctx, self.state.step_code)

    def done(
        self,
        ends_step: bool = False,
        extra: dict[str, object] | None = None,
        **changes: Any,
    ) -> Transition:
        """Build the transition from the changed fields of the state."""
        new = msgspec.structs.replace(self.state, **changes)
        old_step = current_step(self.state, self.ctx)
        new_step = current_step(new, self.ctx)
        step_due = self.state.step_due_at if ends_step else None
        event = EventDraft(
            action=self.action,
            from_status=self.state.status,
            to_status=new.status,
            from_step=self.state.step_code,
            to_step=new.step_code,
            from_unit_id=step_unit(old_step, self.state, self.ctx),
            to_unit_id=step_unit(new_step, new, self.ctx),
            assignee_id=new.assignee_id,
            note=self.inputs.reason.strip(),
            step_due_at=step_due,
            step_result=(
                self.ctx.calendar.classify(self.now, step_due) if step_due else None
            ),
            extra={**self.inputs.data, **(extra or {})},
        )
        return Transition(state=new, event=event)

    def move_to(
        self, index: int, assignee_id: int | None, **changes: Any
    ) -> Transition:
        """Hand the dossier over to step ``index``; its own clock starts now."""
        step = self.ctx.steps[index]
        return self.done(
            ends_step=True,
            step_code=step.code,
            assignee_id=assignee_id,
            step_started_at=self.now,
            step_due_at=deadlines.step_due(self.ctx.calendar, step, self.now),
            **changes,
        )

    def close(self, status: Status) -> Transition:
        """End the dossier without a result (refused, withdrawn, stopped)."""
        paused = self.paused_seconds()
        return self.done(
            ends_step=True,
            status=int(status),
            closed_at=self.now,
            paused_at=None,
            status_before_pause=None,
            paused_seconds=self.state.paused_seconds + paused,
        )

    def paused_seconds(self) -> int:
        if self.state.paused_at is None:
            return 0
        span = self.ctx.calendar.working_time_between(self.state.paused_at, self.now)
        return int(span.total_seconds())


def _receive(act: _Act) -> Transition:
    due = deadlines.appointment(
        act.ctx.calendar, act.ctx.procedure, act.state.case_code, act.now
    )
    return act.done(status=int(S.RECEIVED), received_at=act.now, due_at=due)


def _assign(act: _Act) -> Transition:
    return act.done(assignee_id=act.inputs.assignee_id)


def _forward(act: _Act) -> Transition:
    return _advance(act, act.inputs.assignee_id)


def _advance(act: _Act, assignee_id: int | None) -> Transition:
    """Move to the next step; moving into the result desk resolves the dossier."""
    target = act.index + 1
    if target >= len(act.ctx.steps):
        return _resolve(act)
    if is_result_desk(act.ctx.steps[target]):
        return _resolve(act)
    return act.move_to(target, assignee_id, status=int(S.PROCESSING))


def _send_back(act: _Act) -> Transition:
    target = act.inputs.target_step
    if target is None or step_index(act.ctx, target) >= act.index:
        raise InvalidInput(
            "Chỉ được trả hồ sơ về một bước trước bước hiện tại.",
            "A dossier can only be sent back to an earlier step.",
            field="target_step",
        )
    return act.move_to(step_index(act.ctx, target), act.inputs.assignee_id)


def _transfer(act: _Act) -> Transition:
    target = act.inputs.target_unit
    if target is None or target not in act.ctx.unit_ids or target == act.state.unit_id:
        raise InvalidInput(
            "Đơn vị nhận chuyển không tồn tại hoặc trùng đơn vị hiện tại.",
            "The target unit does not exist or is the present unit.",
            field="target_unit",
        )
    moved = msgspec.structs.replace(act.state, unit_id=target)
    step = current_step(act.state, act.ctx)
    if step_unit(step, moved, act.ctx) == step_unit(step, act.state, act.ctx):
        # The current step stays where it was; later steps move with the unit.
        return act.done(unit_id=target, extra={"from_unit": act.state.unit_id})
    return act.move_to(
        act.index, None, unit_id=target, extra={"from_unit": act.state.unit_id}
    )


def _request_supplement(act: _Act) -> Transition:
    return act.done(
        status=int(S.SUPPLEMENT),
        status_before_pause=act.state.status,
        paused_at=act.now,
        supplement_count=act.state.supplement_count + 1,
    )


def _resume(act: _Act) -> Transition:
    state, cal = act.state, act.ctx.calendar
    paused_from = state.paused_at or act.now
    return act.done(
        status=state.status_before_pause or int(S.PROCESSING),
        status_before_pause=None,
        paused_at=None,
        paused_seconds=state.paused_seconds + act.paused_seconds(),
        due_at=deadlines.shift_due(cal, state.due_at, paused_from, act.now),
        step_due_at=deadlines.shift_due(cal, state.step_due_at, paused_from, act.now),
        apology_due_at=deadlines.shift_due(
            cal, state.apology_due_at, paused_from, act.now
        ),
    )


def _request_payment(act: _Act) -> Transition:
    return act.done(status=int(S.PAYMENT), payment_status="awaiting")


def _confirm_payment(act: _Act) -> Transition:
    status = S.PROCESSING if act.state.status == S.PAYMENT else act.state.status
    return act.done(status=int(status), payment_status="paid")


def _approve(act: _Act) -> Transition:
    return _advance(act, None)


def _resolve(act: _Act) -> Transition:
    due = act.state.due_at
    result = act.ctx.calendar.classify(act.now, due) if due else None
    target = _result_step(act.ctx, act.index)
    changes: dict[str, Any] = {
        "status": int(S.RESOLVED),
        "finished_at": act.now,
        "result_class": result,
    }
    if target == act.index:
        return act.done(ends_step=True, **changes)
    return act.move_to(target, None, **changes)


def _return_result(act: _Act) -> Transition:
    return act.done(ends_step=True, status=int(S.RETURNED), returned_at=act.now)


def _apologise(act: _Act) -> Transition:
    current = act.state.apology_due_at or act.state.due_at
    new_due = act.inputs.new_due_at
    if (
        new_due is None
        or new_due.tzinfo is None
        or current is None
        or new_due <= current
    ):
        raise InvalidInput(
            "Ngày hẹn mới phải sau ngày hẹn hiện tại.",
            "The new appointment must be later than the present one.",
            field="new_due_at",
        )
    return act.done(
        apology_due_at=new_due,
        extra={
            "previous_due_at": current.isoformat(),
            "new_due_at": new_due.isoformat(),
        },
    )


_HANDLERS: dict[str, Callable[[_Act], Transition]] = {
    "receive": _receive,
    "refuse": lambda act: act.close(S.REFUSED),
    "assign": _assign,
    "forward": _forward,
    "send_back": _send_back,
    "transfer": _transfer,
    "request_supplement": _request_supplement,
    "resume": _resume,
    "request_payment": _request_payment,
    "confirm_payment": _confirm_payment,
    "approve": _approve,
    "stop": lambda act: act.close(S.STOPPED),
    "withdraw": lambda act: act.close(S.WITHDRAWN),
    "resolve": _resolve,
    "return_result": _return_result,
    "apologise": _apologise,
}

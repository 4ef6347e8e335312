"""Every demo procedure, walked from filing to the returned result.

For each procedure of the demo province, officers are created in the units and roles
its steps name; a dossier is then filed and moved on by whoever handles its current
step, until the result is returned. A second walk takes every detour the steps allow
(assignments, supplement requests, sending back, payment) before moving on, so that
each action a demo step lists is performed at least once.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path
from typing import Any

import pytest

from core.catalogue.model import ProcedureSpec
from core.dossiers import engine, queries
from core.dossiers.records import DossierRecord, state_of
from core.dossiers.service import DossierService
from core.dossiers.state import ActionInput
from core.dossiers.statuses import Status
from core.permissions import Actor
from tests.core.dossiers.conftest import TZ, Clock, MakeStaff, applicant, draft


def _demo_codes() -> list[str]:
    """Codes of the demo procedures, read from their files at collection time."""
    folder = Path(__file__).resolve().parents[3] / "config" / "demo" / "procedures"
    found = []
    for path in sorted(folder.glob("*.yaml")):
        match = re.search(r"^code:\s*(\S+)", path.read_text(encoding="utf-8"), re.M)
        if match:
            found.append(match[1])
    return found


DEMO_PROCEDURES = _demo_codes()
PROGRESS = ("return_result", "resolve", "approve", "forward", "request_payment")


class Walker:
    """Files a dossier of one procedure and lets the right officers move it on."""

    def __init__(
        self,
        service: DossierService,
        make_staff: MakeStaff,
        clock: Clock,
        procedure: ProcedureSpec,
    ) -> None:
        self.service = service
        self.make_staff = make_staff
        self.clock = clock
        self.procedure = procedure
        self.unit = service.catalogue.implementing_units(procedure)[0].id
        self.officers: dict[tuple[str, str], list[Actor]] = {}
        self.performed: set[str] = set()

    async def officers_for(self, unit: str, role: str) -> list[Actor]:
        key = (unit, role)
        if key not in self.officers:
            self.officers[key] = [
                await self.make_staff(unit, role),
                await self.make_staff(unit, role),
            ]
        return self.officers[key]

    async def handler(self, record: DossierRecord) -> Actor:
        ctx = self.service.context(self.procedure)
        step = engine.current_step(state_of(record), ctx)
        unit = engine.step_unit(step, state_of(record), ctx)
        for officer in await self.officers_for(unit, step.role):
            if officer.account_id == record.assignee_id:
                return officer
        return (await self.officers_for(unit, step.role))[0]

    async def file(self) -> DossierRecord:
        spec = self.procedure
        receiving = self.service.catalogue.receiving_unit(spec, self.unit)
        desk = (await self.officers_for(receiving.id, spec.workflow.steps[0].role))[0]
        who = _applicant_for(spec)
        filing = draft(
            "counter",
            procedure=spec.code,
            unit=self.unit,
            case=spec.cases[0].code if spec.cases else None,
            applicant=who,
        )
        return await self.service.file_dossier(filing, desk)

    async def do(
        self, record: DossierRecord, actor: Actor, action: str, **inputs: Any
    ) -> DossierRecord:
        self.clock.advance(minutes=30)
        done = await self.service.act(
            record.id, action, ActionInput(**inputs), actor, record.version
        )
        self.performed.add(action)
        return done

    async def step_on(self, record: DossierRecord) -> DossierRecord:
        """Perform the action that moves the dossier towards its result."""
        if record.status == Status.PAYMENT:
            self.performed.add("confirm_payment")
            return await self.service.confirm_payment(record.id, {"cash": True})
        actor = await self.handler(record)
        allowed = await self.service.allowed_actions(record, actor)
        if record.payment_status == "paid":
            allowed -= {"request_payment"}
        action = next(a for a in PROGRESS if a in allowed)
        return await self.do(record, actor, action)

    async def walk(self, detours: bool = False) -> DossierRecord:
        record = await self.file()
        visited: set[str] = set()
        for _ in range(40):
            if record.status == Status.RETURNED:
                return record
            if detours and record.step_code not in visited:
                visited.add(record.step_code)
                record = await self.detours(record)
            record = await self.step_on(record)
        raise AssertionError(f"{self.procedure.code} did not reach its result")

    async def detours(self, record: DossierRecord) -> DossierRecord:
        """Take every side action the current step offers, ending where it began."""
        actor = await self.handler(record)
        allowed = await self.service.allowed_actions(record, actor)
        if "assign" in allowed:
            ctx = self.service.context(self.procedure)
            step = engine.current_step(state_of(record), ctx)
            unit = engine.step_unit(step, state_of(record), ctx)
            colleague = (await self.officers_for(unit, step.role))[1]
            record = await self.do(
                record, actor, "assign", assignee_id=colleague.account_id
            )
            actor = colleague
        if "request_supplement" in allowed:
            record = await self.do(
                record, actor, "request_supplement", reason="Bổ sung"
            )
            self.clock.advance(days=1)
            record = await self.do(record, actor, "resume")
        if "request_payment" in allowed and record.payment_status != "paid":
            record = await self.do(record, actor, "request_payment")
            record = await self.step_on(record)
        if "send_back" in allowed:
            previous = engine.send_back_targets(
                state_of(record), self.service.context(self.procedure)
            )[-1]
            record = await self.do(
                record, actor, "send_back", reason="Xem lại", target_step=previous
            )
            record = await self.step_on(record)
        return record


def _applicant_for(spec: ProcedureSpec) -> Any:
    if spec.applicant_kinds[0] == "business":
        return applicant(
            kind="business",
            name="Công ty TNHH Sao Mai",
            identifier_kind="tax_code",
            identifier="0100109106",
        )
    return applicant()


@pytest.fixture
def walker_for(service: DossierService, make_staff: MakeStaff, clock: Clock) -> Any:
    def make(code: str) -> Walker:
        clock.now = dt.datetime(2026, 12, 14, 8, 0, tzinfo=TZ)
        return Walker(service, make_staff, clock, service.catalogue.procedures[code])

    return make


def test_every_demo_procedure_is_walked(catalogue: Any) -> None:
    assert len(DEMO_PROCEDURES) >= 10
    assert sorted(DEMO_PROCEDURES) == sorted(catalogue.procedures)


@pytest.mark.parametrize("code", DEMO_PROCEDURES)
async def test_straight_walk_reaches_the_returned_result(
    walker_for: Any, code: str
) -> None:
    walker = walker_for(code)
    record = await walker.walk()
    assert record.status == Status.RETURNED
    assert record.finished_at is not None
    assert record.returned_at is not None
    assert record.returned_at >= record.finished_at
    assert record.result_class in ("early", "on_time", "late")
    history = await queries.history(record.id)
    assert history[0].action == "receive"
    assert history[-1].action == "return_result"
    statuses = [h.to_status for h in history]
    assert statuses.index(Status.RESOLVED) < statuses.index(Status.RETURNED)
    for earlier, later in itertools.pairwise(history):
        assert later.from_status == earlier.to_status
        assert later.at >= earlier.at
    handovers = [h for h in history if h.from_step != h.to_step]
    assert all(h.step_due_at is not None for h in handovers)
    assert all(h.step_result in ("early", "on_time", "late") for h in handovers)


@pytest.mark.parametrize("code", DEMO_PROCEDURES)
async def test_walk_with_every_detour_still_reaches_the_result(
    walker_for: Any, code: str
) -> None:
    walker = walker_for(code)
    record = await walker.walk(detours=True)
    assert record.status == Status.RETURNED
    spec = walker.procedure
    listed = {a for step in spec.workflow.steps for a in step.actions}
    # Closing actions and transfers lead elsewhere; they have their own tests.
    elsewhere = {"refuse", "stop", "transfer", "apologise", "receive"}
    # Where a step offers both, approving and resolving are alternatives.
    alternatives = {"approve", "resolve"}
    assert listed - elsewhere - alternatives <= walker.performed
    assert listed & alternatives & walker.performed
    if "request_supplement" in listed:
        assert record.supplement_count >= 1
        assert record.paused_seconds > 0


async def test_every_demo_action_is_taken_somewhere(
    walker_for: Any, catalogue: Any
) -> None:
    listed = {
        action
        for spec in catalogue.procedures.values()
        for step in spec.workflow.steps
        for action in step.actions
    }
    taken: set[str] = set()
    for code in ("2.000488.H99", "1.012791.H99"):
        walker = walker_for(code)
        await walker.walk(detours=True)
        taken |= walker.performed
    # The closing actions and transfer have their own tests in this folder.
    assert listed - taken <= {"refuse", "stop", "transfer", "apologise", "receive"}

"""A small procedure, calendar and set of accounts for testing the engine alone.

The workflow has four steps, as a one-stop provincial procedure usually does:
the one-stop desk of the Public Administrative Service Centre receives, a
specialist of the implementing department processes, its leader approves, and the
desk returns the result.
"""

from __future__ import annotations

import datetime as dt

from core.calendar import CalendarSpec, WorkingCalendar
from core.catalogue.model import (
    Approval,
    ComponentSpec,
    Duration,
    ProcedureSpec,
    ResultSpec,
    StepSpec,
    WorkflowSpec,
)
from core.dossiers.engine import WorkflowContext
from core.dossiers.state import DossierState
from core.permissions import Actor

TZ = dt.timezone(dt.timedelta(hours=7))
CENTRE = "centre"
DEPT = "dept_justice"
OTHER_DEPT = "dept_planning"
UNITS = frozenset({"province", CENTRE, DEPT, OTHER_DEPT})

STEPS = [
    StepSpec(
        code="receive",
        name="Tiếp nhận",
        role="receiving_officer",
        budget=Duration(amount=4, unit="working_hours"),
        unit="receiving",
        actions=["receive", "refuse", "request_supplement", "forward", "transfer"],
    ),
    StepSpec(
        code="process",
        name="Thẩm định",
        role="specialist",
        budget=Duration(amount=2, unit="working_days"),
        actions=[
            "forward",
            "send_back",
            "request_supplement",
            "request_payment",
            "stop",
            "transfer",
        ],
    ),
    StepSpec(
        code="approve",
        name="Phê duyệt",
        role="leader",
        budget=Duration(amount=1, unit="working_days"),
        actions=["approve", "send_back", "stop"],
    ),
    StepSpec(
        code="return",
        name="Trả kết quả",
        role="receiving_officer",
        budget=Duration(amount=4, unit="working_hours"),
        unit="receiving",
        actions=["return_result"],
    ),
]


def procedure(steps: list[StepSpec] | None = None, **changes: object) -> ProcedureSpec:
    """A procedure of 5 working days with the workflow above (or ``steps``)."""
    values: dict[str, object] = {
        "code": "1.000001.H38",
        "name": "Cấp bản sao trích lục hộ tịch",
        "field": "ho_tich",
        "level": "province",
        "units": [DEPT],
        "channels": ["counter", "online", "post"],
        "online_level": "full",
        "processing_time": Duration(amount=5, unit="working_days"),
        "result": ResultSpec(name="Bản sao trích lục"),
        "legal_basis": ["Nghị định 123/2015/NĐ-CP"],
        "effective_from": dt.date(2025, 7, 1),
        "workflow": WorkflowSpec(
            approved_by=Approval(
                number="12/QĐ-UBND", date=dt.date(2025, 6, 1), body="UBND tỉnh"
            ),
            steps=steps or STEPS,
        ),
        "components": [
            ComponentSpec(code="to_khai", name="Tờ khai", originals=1),
            ComponentSpec(code="cccd", name="Bản sao CCCD", copies=1),
        ],
        "applicants": "Công dân",
        "receiving_unit": CENTRE,
        "cutoff": "15:00",
    }
    values.update(changes)
    return ProcedureSpec(**values)  # type: ignore[arg-type]


CALENDAR = WorkingCalendar.from_spec(CalendarSpec())


def context(proc: ProcedureSpec | None = None) -> WorkflowContext:
    """The engine's context for ``proc`` (default: :func:`procedure`)."""
    return WorkflowContext(
        procedure=proc or procedure(), calendar=CALENDAR, unit_ids=UNITS
    )


def staff(account_id: int, unit: str, *roles: str) -> Actor:
    """A staff member of ``unit`` holding ``roles``."""
    return Actor(
        account_id=account_id, kind="staff", unit_id=unit, roles=frozenset(roles)
    )


OFFICER = staff(10, CENTRE, "receiving_officer")
OFFICER_2 = staff(11, CENTRE, "receiving_officer")
SPECIALIST = staff(20, DEPT, "specialist")
SPECIALIST_2 = staff(21, DEPT, "specialist")
LEADER = staff(30, DEPT, "leader")
OTHER_SPECIALIST = staff(40, OTHER_DEPT, "specialist")
OTHER_LEADER = staff(41, OTHER_DEPT, "leader")
OUTSIDER = staff(50, "province", "receiving_officer", "specialist", "leader")
CITIZEN = Actor(account_id=100, kind="citizen")
OTHER_CITIZEN = Actor(account_id=101, kind="citizen")
ALL_ACTORS = (
    OFFICER,
    OFFICER_2,
    SPECIALIST,
    SPECIALIST_2,
    LEADER,
    OTHER_SPECIALIST,
    OTHER_LEADER,
    OUTSIDER,
    CITIZEN,
    OTHER_CITIZEN,
)

# Wednesday 3 December 2025, 09:00 local time: a plain working day.
WEDNESDAY_9 = dt.datetime(2025, 12, 3, 9, 0, tzinfo=TZ)


def submitted(at: dt.datetime = WEDNESDAY_9, **changes: object) -> DossierState:
    """An online dossier awaiting receipt at the first step."""
    first = STEPS[0]
    values: dict[str, object] = {
        "status": 1,
        "unit_id": DEPT,
        "receiving_unit_id": CENTRE,
        "step_code": first.code,
        "submitted_at": at,
        "account_id": CITIZEN.account_id,
        "step_started_at": at,
        "step_due_at": CALENDAR.due_time(at, first.budget.amount, first.budget.unit),
    }
    values.update(changes)
    return DossierState(**values)  # type: ignore[arg-type]

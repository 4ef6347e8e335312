"""Comparing two versions of a procedure, as administrators see it."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from core.catalogue.catalogue import Catalogue
from core.catalogue.diff import diff_procedures, show_duration
from core.catalogue.loader import load_catalogue
from core.catalogue.model import (
    Approval,
    ComponentSpec,
    Duration,
    ProcedureSpec,
    StepSpec,
    WorkflowSpec,
)
from tests.core.catalogue.catalogue_helpers import DEMO, manager

replace = msgspec.structs.replace


@pytest.fixture(scope="module")
def birth() -> ProcedureSpec:
    catalogue: Catalogue = load_catalogue(DEMO, manager())
    return catalogue.procedure("1.001193.H99")


def with_steps(
    spec: ProcedureSpec, steps: list[StepSpec], **workflow: object
) -> ProcedureSpec:
    return replace(spec, workflow=replace(spec.workflow, steps=steps, **workflow))


def test_identical_versions_have_no_differences(birth: ProcedureSpec) -> None:
    diff = diff_procedures(birth, birth)
    assert diff.is_empty
    assert diff.render() == "1.001193.H99: no differences"


def test_a_step_added_and_one_removed(birth: ProcedureSpec) -> None:
    steps = list(birth.workflow.steps)
    review = StepSpec(
        code="kiem-tra-lai",
        name="Kiểm tra lại",
        role="specialist",
        budget=Duration(amount=0.5, unit="working_hours"),
        actions=["forward", "send_back"],
    )
    newer = with_steps(birth, [steps[0], review, steps[1], steps[3]])
    diff = diff_procedures(birth, newer)
    assert [c.field for c in diff.steps_added] == ["kiem-tra-lai"]
    assert diff.steps_added[0].new == (
        "Kiểm tra lại; specialist at implementing; 0.5 working hours; "
        "actions forward, send_back"
    )
    assert [c.field for c in diff.steps_removed] == ["ky"]
    assert diff.steps_changed == []
    assert diff.step_order is None


def test_a_step_changed_in_unit_role_budget_and_actions(birth: ProcedureSpec) -> None:
    steps = list(birth.workflow.steps)
    steps[1] = replace(
        steps[1],
        unit="stp",
        role="leader",
        budget=Duration(amount=1, unit="working_hours"),
        actions=["forward"],
    )
    [changed] = diff_procedures(birth, with_steps(birth, steps)).steps_changed
    assert changed.code == "xu-ly"
    assert [(c.field, c.old, c.new) for c in changed.changes] == [
        ("unit", "implementing", "stp"),
        ("role", "specialist", "leader"),
        ("budget", "2 working hours", "1 working hour"),
        (
            "actions",
            "[assign, forward, send_back, request_supplement, stop]",
            "[forward]",
        ),
    ]


def test_steps_reordered(birth: ProcedureSpec) -> None:
    a, b, c, d = birth.workflow.steps
    diff = diff_procedures(birth, with_steps(birth, [a, c, b, d]))
    assert diff.step_order is not None
    assert diff.step_order.old == "tiep-nhan, xu-ly, ky, tra-ket-qua"
    assert diff.step_order.new == "tiep-nhan, ky, xu-ly, tra-ket-qua"


def test_a_new_approval_decision(birth: ProcedureSpec) -> None:
    decision = Approval(
        number="99/QĐ-UBND", date=dt.date(2026, 3, 1), body="UBND tỉnh Demo"
    )
    newer = with_steps(birth, list(birth.workflow.steps), approved_by=decision)
    diff = diff_procedures(birth, newer)
    assert diff.approval is not None
    assert diff.approval.old.startswith("1521/QĐ-UBND of 2025-06-25")
    assert diff.approval.new == "99/QĐ-UBND of 2026-03-01 (UBND tỉnh Demo)"


def test_processing_time_and_components(birth: ProcedureSpec) -> None:
    components = list(birth.components)
    components[1] = replace(components[1], originals=2)
    components.append(ComponentSpec(code="anh", name="Ảnh 4x6", copies=2))
    newer = replace(
        birth,
        processing_time=Duration(amount=1, unit="working_days"),
        components=components[1:],
    )
    diff = diff_procedures(birth, newer)
    assert diff.processing_time is not None
    assert (diff.processing_time.old, diff.processing_time.new) == (
        "4 working hours",
        "1 working day",
    )
    assert [(c.field, c.new) for c in diff.components_added] == [("anh", "Ảnh 4x6")]
    assert [c.field for c in diff.components_removed] == ["to-khai"]
    [changed] = diff.components_changed
    assert (changed.code, changed.changes[0].field) == ("giay-chung-sinh", "originals")
    assert (changed.changes[0].old, changed.changes[0].new) == ("1", "2")


def test_other_keys_are_listed(birth: ProcedureSpec) -> None:
    newer = replace(birth, channels=["counter"], online_level="partial")
    diff = diff_procedures(birth, newer)
    assert {(c.field, c.old, c.new) for c in diff.other} == {
        ("channels", "[counter, online, post]", "[counter]"),
        ("online_level", "full", "partial"),
    }


def test_the_plain_text_rendering(birth: ProcedureSpec) -> None:
    steps = list(birth.workflow.steps)
    steps[2] = replace(steps[2], budget=Duration(amount=0.5, unit="working_hours"))
    newer = replace(
        with_steps(birth, steps[:3] + steps[3:]),
        processing_time=Duration(amount=3, unit="working_hours"),
        cutoff="16:00",
    )
    assert diff_procedures(birth, newer).render() == "\n".join(
        [
            "1.001193.H99: differences",
            "  processing time: 4 working hours -> 3 working hours",
            "  steps changed:",
            "    ~ ky: budget 1 working hour -> 0.5 working hours",
            "  other changes:",
            "    ~ cutoff: 15:00 -> 16:00",
        ]
    )


def test_removed_steps_render_with_a_minus(birth: ProcedureSpec) -> None:
    text = diff_procedures(
        birth, with_steps(birth, list(birth.workflow.steps)[:-1])
    ).render()
    assert (
        "  steps removed:\n"
        "    - tra-ket-qua: Trả kết quả; receiving_officer at receiving" in text
    )


def test_durations_read_naturally() -> None:
    assert show_duration(Duration(amount=1, unit="calendar_days")) == "1 calendar day"
    assert (
        show_duration(Duration(amount=15, unit="calendar_days")) == "15 calendar days"
    )
    assert show_duration(Duration(amount=2.5)) == "2.5 working days"


def test_a_workflow_value_is_comparable_across_decoding(birth: ProcedureSpec) -> None:
    # A version decoded from storage compares equal to the loaded one.
    stored = msgspec.json.decode(msgspec.json.encode(birth), type=ProcedureSpec)
    assert diff_procedures(birth, stored).is_empty
    assert isinstance(stored.workflow, WorkflowSpec)


def test_a_changed_plugin_section_shows_across_decoding(birth: ProcedureSpec) -> None:
    # The loaded version holds typed sections, the stored one plain values: a change
    # of content must still show, and only that one.
    stored = msgspec.json.decode(msgspec.json.encode(birth), type=ProcedureSpec)
    fees = msgspec.to_builtins(birth.plugins["fees"])
    changed = replace(
        stored,
        plugins={**stored.plugins, "fees": {**fees, "rule_version": "2026-01-01"}},
    )
    diff = diff_procedures(birth, changed)
    assert [c.field for c in diff.other] == ["plugins"]
    assert '"rule_version":"2016-01-01"' in diff.other[0].old
    assert '"rule_version":"2026-01-01"' in diff.other[0].new
    assert "~ plugins: " in diff.render()

"""Comparing two versions of a procedure, workflow first.

When a province amends a procedure, administrators need to see what the new version
changes for dossiers: steps added or removed, a step moved to another unit or role,
a budget shortened, a new approval decision, a different time limit or list of
components. :func:`diff_procedures` gives a structured answer that pages can lay
out; :meth:`ProcedureDiff.render` gives plain text for logs and the command line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import msgspec

from core.catalogue.model import (
    Approval,
    ComponentSpec,
    Duration,
    ProcedureSpec,
    StepSpec,
    Text,
    text_in,
)

__all__ = ["Change", "ItemChange", "ProcedureDiff", "diff_procedures", "show_duration"]

_UNIT_WORDS = {
    "working_days": ("working day", "working days"),
    "working_hours": ("working hour", "working hours"),
    "calendar_days": ("calendar day", "calendar days"),
}
_STEP_FIELDS = ("name", "unit", "role", "budget", "actions")
_COMPONENT_FIELDS = (
    "name",
    "originals",
    "copies",
    "required",
    "digitise",
    "template",
    "cases",
    "note",
)
_COMPARED_APART = frozenset({"workflow", "processing_time", "components"})


class Change(msgspec.Struct, frozen=True, kw_only=True):
    """One value that differs, shown as text."""

    field: str
    old: str
    new: str


class ItemChange(msgspec.Struct, frozen=True, kw_only=True):
    """A step or component present in both versions whose fields differ."""

    code: str
    changes: list[Change]


class ProcedureDiff(msgspec.Struct, frozen=True, kw_only=True):
    """What a newer version of a procedure changes.

    Attributes:
        code: the procedure code.
        steps_added: codes of steps only in the new version, with a summary.
        steps_removed: codes of steps only in the old version, with a summary.
        steps_changed: steps in both whose unit, role, budget, actions or name differ.
        step_order: the old and new order of the steps both versions share, when
            it changed.
        approval: the approving decision, when it changed.
        processing_time: the legal time limit, when it changed.
        components_added: components only in the new version.
        components_removed: components only in the old version.
        components_changed: components in both whose details differ.
        other: any other top-level key that changed (channels, cut-off...).
    """

    code: str
    steps_added: list[Change] = []
    steps_removed: list[Change] = []
    steps_changed: list[ItemChange] = []
    step_order: Change | None = None
    approval: Change | None = None
    processing_time: Change | None = None
    components_added: list[Change] = []
    components_removed: list[Change] = []
    components_changed: list[ItemChange] = []
    other: list[Change] = []

    @property
    def is_empty(self) -> bool:
        """Whether the two versions are the same in every compared respect."""
        return self == ProcedureDiff(code=self.code)

    def render(self) -> str:
        """The differences as indented plain text, one line per change."""
        if self.is_empty:
            return f"{self.code}: no differences"
        lines = [f"{self.code}: differences"]
        for title, single in (
            ("approved by", self.approval),
            ("processing time", self.processing_time),
            ("step order", self.step_order),
        ):
            if single is not None:
                lines.append(f"  {title}: {single.old} -> {single.new}")
        lines += _block("steps added", "+", self.steps_added)
        lines += _block("steps removed", "-", self.steps_removed)
        lines += _item_block("steps changed", self.steps_changed)
        lines += _block("components added", "+", self.components_added)
        lines += _block("components removed", "-", self.components_removed)
        lines += _item_block("components changed", self.components_changed)
        if self.other:
            lines.append("  other changes:")
            lines += [f"    ~ {c.field}: {c.old} -> {c.new}" for c in self.other]
        return "\n".join(lines)


def _block(title: str, mark: str, items: list[Change]) -> list[str]:
    if not items:
        return []
    return [f"  {title}:", *(f"    {mark} {c.field}: {c.new or c.old}" for c in items)]


def _item_block(title: str, items: list[ItemChange]) -> list[str]:
    if not items:
        return []
    lines = [f"  {title}:"]
    for item in items:
        prefix = f"    ~ {item.code}: "
        parts = [f"{c.field} {c.old} -> {c.new}" for c in item.changes]
        lines.append(prefix + "; ".join(parts))
    return lines


def diff_procedures(old: ProcedureSpec, new: ProcedureSpec) -> ProcedureDiff:
    """Compare two versions of one procedure.

    Args:
        old: the earlier version.
        new: the later version.

    Returns:
        The differences; :attr:`ProcedureDiff.is_empty` when there are none.
    """
    old_steps = {s.code: s for s in old.workflow.steps}
    new_steps = {s.code: s for s in new.workflow.steps}
    old_parts = {c.code: c for c in old.components}
    new_parts = {c.code: c for c in new.components}
    flow_old, flow_new = old.workflow, new.workflow
    return ProcedureDiff(
        code=new.code,
        steps_added=_listed(new_steps, old_steps, _step_summary),
        steps_removed=_listed(old_steps, new_steps, _step_summary),
        steps_changed=_changed(old_steps, new_steps, _STEP_FIELDS),
        step_order=_order(flow_old.steps, flow_new.steps),
        approval=_single(flow_old.approved_by, flow_new.approved_by, _show_approval),
        processing_time=_single(old.processing_time, new.processing_time, _show),
        components_added=_listed(new_parts, old_parts, _show),
        components_removed=_listed(old_parts, new_parts, _show),
        components_changed=_changed(old_parts, new_parts, _COMPONENT_FIELDS),
        other=_other_fields(old, new),
    )


def _listed(
    these: dict[str, Any], others: dict[str, Any], show: Callable[[Any], str]
) -> list[Change]:
    """Items of ``these`` missing from ``others``, each with a one-line summary."""
    return [
        Change(field=code, old="", new=show(item))
        for code, item in these.items()
        if code not in others
    ]


def _step_summary(step: StepSpec) -> str:
    return (
        f"{_show(step.name)}; {step.role} at {step.unit}; "
        f"{show_duration(step.budget)}; actions {', '.join(step.actions)}"
    )


def _changed(
    old: dict[str, Any], new: dict[str, Any], fields: Sequence[str]
) -> list[ItemChange]:
    out = []
    for code, before in old.items():
        after = new.get(code)
        if after is None:
            continue
        changes = [
            Change(field=f, old=_show(getattr(before, f)), new=_show(getattr(after, f)))
            for f in fields
            if getattr(before, f) != getattr(after, f)
        ]
        if changes:
            out.append(ItemChange(code=code, changes=changes))
    return out


def _order(old: list[StepSpec], new: list[StepSpec]) -> Change | None:
    shared = {s.code for s in old} & {s.code for s in new}
    before = [s.code for s in old if s.code in shared]
    after = [s.code for s in new if s.code in shared]
    if before == after:
        return None
    return Change(field="order", old=", ".join(before), new=", ".join(after))


def _single(old: Any, new: Any, show: Callable[[Any], str]) -> Change | None:
    return None if old == new else Change(field="", old=show(old), new=show(new))


def _other_fields(old: ProcedureSpec, new: ProcedureSpec) -> list[Change]:
    return [
        Change(field=name, old=_show(getattr(old, name)), new=_show(getattr(new, name)))
        for name in old.__struct_fields__
        if name not in _COMPARED_APART
        and _plain(getattr(old, name)) != _plain(getattr(new, name))
    ]


def _plain(value: Any) -> Any:
    """``value`` as JSON-like builtins.

    A plugin section is a typed value in a loaded catalogue but a plain mapping in a
    version read back without the plugins; both must compare equal when their
    content is.
    """
    return msgspec.to_builtins(value, order="sorted")


def show_duration(duration: Duration) -> str:
    """A duration as words, e.g. ``1.5 working days``."""
    one, many = _UNIT_WORDS[duration.unit]
    return f"{duration.amount:g} {one if duration.amount == 1 else many}"


def _show_approval(approval: Approval) -> str:
    return f"{approval.number} of {approval.date.isoformat()} ({approval.body})"


def _show(value: Any) -> str:
    """A compact display of a configuration value (labels in Vietnamese)."""
    if value is None:
        return "(none)"
    if isinstance(value, Duration):
        return show_duration(value)
    if isinstance(value, ComponentSpec | StepSpec):
        return _show(value.name)
    if isinstance(value, str | Text):
        return text_in(value, "vi")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, int):
        return str(value)
    return msgspec.json.encode(value, order="sorted").decode()

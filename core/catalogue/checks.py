"""Checks of roles and procedures that types alone cannot express.

A procedure file can be well-typed and still unusable: a step handled by a role that
does not exist, a workflow whose budgets exceed the legal time limit, a template that
is not on disk. Each function here receives decoded values and the names known from
the other files, and reports problems with the same file, line, path, what and fix
as type errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from core.catalogue.errors import Path_, Report
from core.catalogue.model import (
    Duration,
    ProcedureSpec,
    RolesFile,
    RoleSpec,
    StepSpec,
)
from core.catalogue.organisation import RESERVED_UNIT_IDS, Unit
from core.catalogue.validate import closest
from core.permissions import PERMISSIONS

__all__ = [
    "HOURS_PER_WORKING_DAY",
    "KnownNames",
    "check_procedure",
    "check_roles",
    "is_time_of_day",
]

HOURS_PER_WORKING_DAY = 8
_HHMM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


def is_time_of_day(text: str) -> bool:
    """Whether ``text`` is a 24-hour ``HH:MM`` time such as ``15:00``."""
    return _HHMM.fullmatch(text) is not None


@dataclass(frozen=True)
class KnownNames:
    """What the other files define, for checking references from procedures.

    A ``None`` collection means its file failed to load: references to it are not
    checked, so that one broken file does not drown the report in follow-on errors.
    """

    units: Mapping[str, Unit] | None
    roles: Mapping[str, RoleSpec] | None
    fields: frozenset[str] | None
    templates_dir: Path
    unit_kinds: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        kinds = frozenset(u.kind for u in (self.units or {}).values())
        object.__setattr__(self, "unit_kinds", kinds)


# --- roles --------------------------------------------------------------------------


def check_roles(roles: RolesFile, report: Report) -> None:
    """Report repeated role codes and permissions outside the vocabulary.

    Args:
        roles: the decoded ``roles.yaml``.
        report: the report of ``roles.yaml``.
    """
    seen: set[str] = set()
    for index, role in enumerate(roles.roles):
        at: Path_ = ("roles", index)
        if role.code in seen:
            report.error(
                (*at, "code"),
                f"role code {role.code!r} is defined twice",
                "merge the two roles or rename one",
            )
        seen.add(role.code)
        for position, permission in enumerate(role.permissions):
            if permission not in PERMISSIONS:
                _unknown_permission(permission, report, (*at, "permissions", position))


def _unknown_permission(permission: str, report: Report, at: Path_) -> None:
    guess = closest(permission, list(PERMISSIONS))
    hint = f"did you mean {guess!r}? " if guess else ""
    report.error(
        at,
        f"unknown permission {permission!r}",
        f"{hint}permissions are: {', '.join(PERMISSIONS)}",
    )


# --- procedures ---------------------------------------------------------------------


def check_procedure(spec: ProcedureSpec, known: KnownNames, report: Report) -> None:
    """Report every semantic problem of one procedure file.

    Args:
        spec: the decoded procedure (plugin sections not yet decoded).
        known: names defined by ``province.yaml`` and ``roles.yaml``.
        report: the report of the procedure's file.
    """
    _check_field(spec, known, report)
    _check_unit_refs(spec, known, report)
    _check_dates_and_channels(spec, report)
    _check_cases_and_components(spec, known, report)
    _check_steps(spec, known, report)
    _check_budgets(spec, report)


def _check_field(spec: ProcedureSpec, known: KnownNames, report: Report) -> None:
    if known.fields is None or spec.field in known.fields:
        return
    guess = closest(spec.field, sorted(known.fields))
    hint = f"did you mean {guess!r}? " if guess else ""
    report.error(
        ("field",),
        f"unknown field {spec.field!r}",
        f"{hint}use a code from the fields list of province.yaml, or add it there",
    )


def _check_unit_refs(spec: ProcedureSpec, known: KnownNames, report: Report) -> None:
    for index, ref in enumerate(spec.units):
        _check_unit_ref(ref, known, report, ("units", index), steps_words=False)
    if spec.receiving_unit is not None:
        at: Path_ = ("receiving_unit",)
        _check_unit_ref(spec.receiving_unit, known, report, at, steps_words=False)
    if not spec.units:
        report.error(
            ("units",),
            "no implementing unit is listed",
            "list unit ids, or kind:<kind> for every unit of a kind",
        )


def _check_unit_ref(
    ref: str, known: KnownNames, report: Report, at: Path_, *, steps_words: bool
) -> None:
    """Check a unit id, ``kind:<kind>``, or (in steps) implementing/receiving."""
    if known.units is None or (steps_words and ref in RESERVED_UNIT_IDS):
        return
    if ref.startswith("kind:"):
        kind = ref.removeprefix("kind:")
        if kind not in known.unit_kinds:
            present = ", ".join(sorted(known.unit_kinds))
            report.error(
                at,
                f"no unit is of kind {kind!r}",
                f"use a kind present in province.yaml ({present})",
            )
        return
    if ref in known.units:
        return
    guess = closest(ref, list(known.units))
    hint = f"did you mean {guess!r}? " if guess else ""
    words = "'implementing', 'receiving', " if steps_words else ""
    report.error(
        at,
        f"unknown unit {ref!r}",
        f"{hint}use {words}a unit id from province.yaml or kind:<kind>",
    )


def _check_dates_and_channels(spec: ProcedureSpec, report: Report) -> None:
    if spec.effective_until is not None and spec.effective_until < spec.effective_from:
        report.error(
            ("effective_until",),
            f"effective_until {spec.effective_until} is before effective_from "
            f"{spec.effective_from}",
            "correct one of the dates, or remove effective_until",
        )
    if spec.online_level == "full" and "online" not in spec.channels:
        report.error(
            ("online_level",),
            "a full online procedure must accept the online channel",
            "add 'online' to channels, or set online_level to partial or none",
        )
    if spec.online_level == "none" and "online" in spec.channels:
        report.error(
            ("channels",),
            "the online channel is listed but online_level is none",
            "set online_level to partial or full, or remove 'online' from channels",
        )
    if spec.cutoff is not None and not is_time_of_day(spec.cutoff):
        report.error(
            ("cutoff",),
            f"cutoff {spec.cutoff!r} is not a time of the form HH:MM",
            'write a quoted 24-hour time such as "15:00"',
        )


def _check_cases_and_components(
    spec: ProcedureSpec, known: KnownNames, report: Report
) -> None:
    case_codes = _unique_codes((c.code for c in spec.cases), "case", "cases", report)
    codes = (c.code for c in spec.components)
    _unique_codes(codes, "component", "components", report)
    for index, component in enumerate(spec.components):
        at: Path_ = ("components", index)
        for position, case in enumerate(component.cases):
            if case not in case_codes:
                report.error(
                    (*at, "cases", position),
                    f"unknown case {case!r}",
                    _choices_fix(case, case_codes, "a case code listed under cases"),
                )
        if component.template is not None:
            _check_template(component.template, known, report, (*at, "template"))
    for index, case_spec in enumerate(spec.cases):
        if case_spec.processing_time is not None:
            at = ("cases", index, "processing_time", "amount")
            _check_positive(case_spec.processing_time, report, at)


def _unique_codes(
    codes: Iterable[str], noun: str, key: str, report: Report
) -> list[str]:
    seen: list[str] = []
    for index, code in enumerate(codes):
        if code in seen:
            report.error(
                (key, index, "code"),
                f"{noun} code {code!r} is used twice in this procedure",
                f"give every {noun} its own code",
            )
        seen.append(code)
    return seen


def _choices_fix(value: str, choices: Sequence[str], what: str) -> str:
    guess = closest(value, list(choices))
    hint = f"did you mean {guess!r}? " if guess else ""
    listed = ", ".join(choices) if choices else "(none defined)"
    return f"{hint}use {what} ({listed})"


def _check_template(name: str, known: KnownNames, report: Report, at: Path_) -> None:
    folder = known.templates_dir.resolve()
    target = (folder / name).resolve()
    if not target.is_relative_to(folder):
        report.error(
            at,
            f"template {name!r} points outside templates/components/",
            "give a file name relative to templates/components/",
        )
    elif not target.is_file():
        report.error(
            at,
            f"template file {name!r} does not exist",
            f"put the blank form in {folder} or correct the name",
        )


def _check_steps(spec: ProcedureSpec, known: KnownNames, report: Report) -> None:
    steps = spec.workflow.steps
    _unique_codes_at((s.code for s in steps), report)
    for index, step in enumerate(steps):
        at: Path_ = ("workflow", "steps", index)
        _check_unit_ref(step.unit, known, report, (*at, "unit"), steps_words=True)
        _check_step_role(step, known, report, (*at, "role"))
        _check_positive(step.budget, report, (*at, "budget", "amount"))
    _check_first_and_last(steps, report)


def _unique_codes_at(codes: Iterable[str], report: Report) -> None:
    seen: set[str] = set()
    for index, code in enumerate(codes):
        if code in seen:
            report.error(
                ("workflow", "steps", index, "code"),
                f"step code {code!r} is used twice in this workflow",
                "give every step its own code",
            )
        seen.add(code)


def _check_step_role(
    step: StepSpec, known: KnownNames, report: Report, at: Path_
) -> None:
    if known.roles is None:
        return
    role = known.roles.get(step.role)
    if role is None:
        staff = [code for code, r in known.roles.items() if r.kind == "staff"]
        report.error(
            at,
            f"unknown role {step.role!r}",
            _choices_fix(step.role, staff, "a staff role of roles.yaml"),
        )
    elif role.kind != "staff":
        report.error(
            at,
            f"role {step.role!r} is a public role and cannot handle a step",
            "give the step to a staff role",
        )


def _check_first_and_last(steps: list[StepSpec], report: Report) -> None:
    if not steps:
        report.error(
            ("workflow", "steps"),
            "the workflow has no step",
            "list the steps of the approved internal process",
        )
        return
    if "receive" not in steps[0].actions:
        report.error(
            ("workflow", "steps", 0, "actions"),
            "the first step does not allow 'receive'",
            "start the workflow with the receiving step (action receive)",
        )
    if "return_result" not in steps[-1].actions:
        report.error(
            ("workflow", "steps", len(steps) - 1, "actions"),
            "the last step does not allow 'return_result'",
            "end the workflow with the step that returns the result",
        )


def _check_positive(duration: Duration, report: Report, at: Path_) -> None:
    if duration.amount <= 0:
        report.error(
            at, "a time amount must be greater than zero", "give a positive amount"
        )


# --- budgets ------------------------------------------------------------------------

_BUDGET_RULE = (
    "a working day counts as 8 working hours; calendar days are compared only with "
    "calendar days"
)


def _check_budgets(spec: ProcedureSpec, report: Report) -> None:
    """Step budgets together must fit within the procedure's legal time limit."""
    total = spec.processing_time
    budgets = [step.budget for step in spec.workflow.steps]
    if not budgets:
        return
    calendar = [b.unit == "calendar_days" for b in budgets]
    if any(calendar) != all(calendar) or any(calendar) != (
        total.unit == "calendar_days"
    ):
        report.error(
            ("workflow", "steps"),
            "step budgets and the processing time mix calendar days with working "
            "time, so their sum cannot be checked",
            "express every step budget in the same kind of unit as processing_time "
            f"({_BUDGET_RULE})",
        )
        return
    used = sum(_in_hours(b) for b in budgets)
    allowed = _in_hours(total)
    if used > allowed + 1e-9:
        report.error(
            ("workflow", "steps"),
            f"step budgets add up to {_show(used, total)}, more than the processing "
            f"time of {_show(allowed, total)}",
            f"shorten the budgets so that their sum is at most the processing time "
            f"({_BUDGET_RULE})",
        )


def _in_hours(duration: Duration) -> float:
    """Working time in hours; calendar days stay days (only compared with days)."""
    if duration.unit == "working_days":
        return duration.amount * HOURS_PER_WORKING_DAY
    return duration.amount


def _show(amount: float, like: Duration) -> str:
    if like.unit == "calendar_days":
        return f"{amount:g} calendar days"
    return f"{amount:g} working hours ({amount / HOURS_PER_WORKING_DAY:g} working days)"

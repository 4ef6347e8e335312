"""Counting procedures of the catalogue: form II.07 and the index's procedure shares.

A procedure rule counts the procedures in force during the period that match its
filters (online level, level, result type, enabled plugins, complete public record,
online level backed by configuration). The same module says what a complete public
record is and when a declared online level is backed by the procedure's
configuration, which the catalogue review lists.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from core.catalogue.model import ProcedureSpec
from plugins.reporting.measures import CountRule, Problem
from plugins.reporting.periods import Period

__all__ = [
    "PROCEDURE_FILTERS",
    "PROCEDURE_SETS",
    "PUBLIC_RECORD_PARTS",
    "check_procedure_rule",
    "in_force",
    "matches",
    "missing_public_parts",
    "unbacked_online",
]

PROCEDURE_SETS = ("procedures",)

PROCEDURE_FILTERS: dict[str, tuple[str, ...] | None] = {
    "online_level": ("full", "partial", "none"),
    "level": ("province", "commune"),
    "result_type": ("paper", "electronic", "both"),
    "channel": ("counter", "online", "post"),
    "plugin": ("eforms", "fees", "payments_gateway"),
    "workflow": None,
    "complete_record": None,
    "online_backed": None,
    "received_online": None,
}
"""Filters of procedure rules; ``None`` marks a yes/no filter.

``workflow`` matches procedures with an approved internal workflow; ``plugin``
matches procedures enabling every listed plugin; ``channel`` those
accepting every listed channel; ``received_online`` those that received at least one
online dossier in the period (for the index).
"""

PUBLIC_RECORD_PARTS = (
    "name",
    "steps",
    "channels",
    "components",
    "time_limit",
    "applicants",
    "agency",
)
"""The seven parts every published procedure record must have."""


def check_procedure_rule(rule: CountRule, path: str) -> list[Problem]:
    """Find what is wrong with a procedure counting rule.

    Args:
        rule: the rule as declared.
        path: where it sits in the form.

    Returns:
        Problems; empty when the rule can be counted.
    """
    if rule.count not in PROCEDURE_SETS:
        return [
            (
                f"{path}.count",
                f"unknown measure {rule.count!r} for procedures",
                f"use one of: {', '.join(PROCEDURE_SETS)}",
            )
        ]
    problems: list[Problem] = []
    for name, value in rule.where.items():
        where = f"{path}.where.{name}"
        if name not in PROCEDURE_FILTERS:
            problems.append(
                (
                    where,
                    f"unknown filter {name!r}",
                    f"use: {', '.join(PROCEDURE_FILTERS)}",
                )
            )
            continue
        allowed = PROCEDURE_FILTERS[name]
        if allowed is None:
            if not isinstance(value, bool):
                problems.append(
                    (where, f"{name} takes true or false", "write true or false")
                )
            continue
        values = [value] if isinstance(value, str) else value
        if (
            not isinstance(values, list)
            or not values
            or any(v not in allowed for v in values)
        ):
            problems.append(
                (where, f"wrong value for {name}", f"use: {', '.join(allowed)}")
            )
    return problems


def in_force(spec: ProcedureSpec, period: Period) -> bool:
    """Whether the procedure was in force on some day of ``period``."""
    if spec.effective_from > period.last_day:
        return False
    return spec.effective_until is None or spec.effective_until >= period.first_day


def matches(
    spec: ProcedureSpec, rule: CountRule, received_online: Collection[str] = ()
) -> bool:
    """Whether a procedure is counted by a (checked) procedure rule.

    Args:
        spec: the procedure.
        rule: the rule.
        received_online: codes of procedures that received online dossiers in the
            period (for ``received_online``).

    Returns:
        ``True`` when every filter accepts the procedure.
    """
    return all(
        _accepts(spec, name, value, received_online)
        for name, value in rule.where.items()
    )


def _accepts(
    spec: ProcedureSpec, name: str, value: Any, received_online: Collection[str]
) -> bool:
    values = [value] if isinstance(value, str) else value
    if name == "online_level":
        return spec.online_level in values
    if name == "level":
        return spec.level in values
    if name == "result_type":
        return spec.result.type in values
    if name == "channel":
        return all(v in spec.channels for v in values)
    if name == "plugin":
        return all(v in spec.plugins for v in values)
    if name == "workflow":
        approved = bool(spec.workflow.steps and spec.workflow.approved_by.number)
        return approved is value
    if name == "complete_record":
        return (not missing_public_parts(spec)) is value
    if name == "online_backed":
        return (not unbacked_online(spec)) is value
    if name == "received_online":
        return (spec.code in received_online) is value
    raise KeyError(name)


def missing_public_parts(spec: ProcedureSpec) -> list[str]:
    """The parts of the seven-part public record the procedure lacks.

    Args:
        spec: the procedure.

    Returns:
        Names from :data:`PUBLIC_RECORD_PARTS`, in that order.
    """
    present = {
        "name": bool(_text(spec.name)),
        "steps": bool(spec.public_steps),
        "channels": bool(spec.channels),
        "components": bool(spec.components),
        "time_limit": spec.processing_time.amount > 0,
        "applicants": bool(_text(spec.applicants)),
        "agency": bool(spec.units),
    }
    return [part for part in PUBLIC_RECORD_PARTS if not present[part]]


def _text(label: Any) -> str:
    return (label if isinstance(label, str) else label.vi).strip()


def unbacked_online(spec: ProcedureSpec) -> list[str]:
    """What a procedure's configuration lacks for the online level it declares.

    Full online needs the online channel, an e-form (``eforms``), an electronic
    result and, when it charges fees, online payment (``payments_gateway``).
    Partial online needs the online channel.

    Args:
        spec: the procedure.

    Returns:
        Codes of what is missing: ``online_channel``, ``eform``,
        ``electronic_result``, ``online_payment``; empty when backed.
    """
    if spec.online_level == "none":
        return []
    missing = [] if "online" in spec.channels else ["online_channel"]
    if spec.online_level == "partial":
        return missing
    if "eforms" not in spec.plugins:
        missing.append("eform")
    if spec.result.type == "paper":
        missing.append("electronic_result")
    if "fees" in spec.plugins and "payments_gateway" not in spec.plugins:
        missing.append("online_payment")
    return missing

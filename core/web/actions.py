"""The action forms of a dossier page: what each allowed action asks for.

The workflow engine says which actions an officer may perform now; this module turns
each into a small form asking for exactly what it needs: a reason where the law wants
one, the next officer chosen among the accounts that may take the next step, the
earlier step to send the dossier back to, the unit to transfer it to, or the new
appointment promised by an apology. Posted forms are read back into the engine's
:class:`~core.dossiers.state.ActionInput`, with errors by field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from core.accounts.tables import AccountRole
from core.catalogue.model import text_in
from core.dossiers import engine
from core.dossiers.engine import REASON_REQUIRED, WorkflowContext
from core.dossiers.records import DossierRecord, state_of
from core.dossiers.state import ActionInput
from core.i18n import current_lang
from core.i18n import gettext as _
from core.web.labels import action_name

__all__ = [
    "ORDER",
    "ActionForm",
    "build_forms",
    "eligible_accounts",
    "parse_inputs",
]

ORDER = (
    "receive",
    "assign",
    "forward",
    "approve",
    "resolve",
    "return_result",
    "request_payment",
    "request_supplement",
    "resume",
    "send_back",
    "transfer",
    "apologise",
    "refuse",
    "stop",
    "withdraw",
)
"""The order in which actions are offered: the usual way forward first."""

DANGER = frozenset({"refuse", "stop", "withdraw"})


@dataclass
class ActionForm:
    """One action's form.

    Attributes:
        action: the action's name.
        label: its label in the page's language.
        reason: ``required``, ``optional`` or ``none``.
        reason_label: what the reason field asks.
        assignees: ``(account id, name)`` choices, or ``None`` for no such field.
        assignee_required: whether an officer must be chosen.
        steps: earlier steps to send back to, or ``None``.
        units: units to transfer to, or ``None``.
        needs_date: whether a new appointment is asked for.
        danger: whether the action ends the dossier without a result.
    """

    action: str
    label: str
    reason: str = "optional"
    reason_label: str = ""
    assignees: list[tuple[int, str]] | None = None
    assignee_required: bool = False
    steps: list[tuple[str, str]] | None = None
    units: list[tuple[str, str]] | None = None
    needs_date: bool = False
    danger: bool = False


async def eligible_accounts(unit_id: str, role: str) -> list[tuple[int, str]]:
    """Active staff accounts of ``unit_id`` holding ``role``, by name.

    Args:
        unit_id: the step's unit.
        role: the step's role.

    Returns:
        ``(account id, full name)`` pairs.
    """
    account = AccountRole.account
    rows = await AccountRole.select(
        account.id.as_alias("account_id"), account.full_name.as_alias("name")
    ).where(
        (AccountRole.role == role)
        & (account.unit_id == unit_id)
        & (account.active == True)  # noqa: E712 - a SQL comparison, not Python's
        & (account.kind == "staff")
    )
    return sorted({(r["account_id"], r["name"]) for r in rows}, key=lambda r: r[1])


def _reason_label(action: str) -> str:
    return {
        "refuse": _("Reason for refusing"),
        "send_back": _("Why is it sent back?"),
        "stop": _("Reason for stopping"),
        "request_supplement": _("What must the applicant supplement?"),
        "apologise": _("Reason for the delay"),
        "withdraw": _("The applicant's request"),
    }.get(action, _("Note (optional)"))


async def _assignees_for(
    action: str, record: DossierRecord, ctx: WorkflowContext
) -> list[tuple[int, str]] | None:
    state = state_of(record)
    step = engine.assignee_candidates_step(action, state, ctx, ActionInput())
    if step is None:
        return None
    return await eligible_accounts(engine.step_unit(step, state, ctx), step.role)


async def build_forms(
    record: DossierRecord, allowed: frozenset[str], ctx: WorkflowContext
) -> list[ActionForm]:
    """The forms of the actions ``allowed`` now, in :data:`ORDER`.

    Args:
        record: the dossier.
        allowed: what the engine allows the viewer now.
        ctx: the workflow context of the dossier's procedure version.

    Returns:
        One form per action.
    """
    lang = current_lang()
    state = state_of(record)
    forms = []
    for action in (a for a in ORDER if a in allowed):
        item = ActionForm(
            action=action,
            label=action_name(action),
            reason="required" if action in REASON_REQUIRED else "optional",
            reason_label=_reason_label(action),
            danger=action in DANGER,
        )
        if action in ("assign", "forward"):
            item.assignees = await _assignees_for(action, record, ctx)
            item.assignee_required = action == "assign"
        if action == "send_back":
            steps = {s.code: text_in(s.name, lang) for s in ctx.steps}
            item.steps = [(c, steps[c]) for c in engine.send_back_targets(state, ctx)]
        if action == "transfer" and ctx.catalogue is not None:
            units = ctx.catalogue.units
            item.units = [
                (u, text_in(units[u].name, lang))
                for u in engine.transfer_targets(state, ctx)
            ]
        item.needs_date = action == "apologise"
        forms.append(item)
    return forms


def _int_or_none(raw: Any) -> int | None:
    text = str(raw or "").strip()
    return int(text) if text.isdigit() else None


def _new_due(data: dict[str, Any], tz: dt.tzinfo) -> dt.datetime | None:
    """The new appointment from a date field and a time field, in UTC."""
    day = dt.date.fromisoformat(str(data.get("new_due_date") or ""))
    time = dt.time.fromisoformat(str(data.get("new_due_time") or "16:00"))
    return dt.datetime.combine(day, time, tzinfo=tz).astimezone(dt.UTC)


def parse_inputs(
    action: str, data: dict[str, Any], tz: dt.tzinfo
) -> tuple[ActionInput, dict[str, str]]:
    """Read an action's posted form.

    Args:
        action: the action.
        data: the posted fields.
        tz: the province's timezone (for the new appointment).

    Returns:
        The inputs and the errors found before asking the engine, by field.
    """
    errors: dict[str, str] = {}
    reason = str(data.get("reason") or "").strip()[:2000]
    if action in REASON_REQUIRED and not reason:
        errors["reason"] = _("Please give a reason.")
    assignee = _int_or_none(data.get("assignee_id"))
    if action == "assign" and assignee is None:
        errors["assignee_id"] = _("Choose an officer.")
    new_due = None
    if action == "apologise":
        try:
            new_due = _new_due(data, tz)
        except ValueError:
            errors["new_due_at"] = _("Enter the new appointment date.")
    inputs = ActionInput(
        reason=reason,
        assignee_id=assignee,
        target_step=str(data.get("target_step") or "") or None,
        target_unit=str(data.get("target_unit") or "") or None,
        new_due_at=new_due,
    )
    return inputs, errors

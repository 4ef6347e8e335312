"""The audit trail: one append-only row per administrative change.

:func:`record` must be called inside the transaction that makes the change, so the
change and its audit row commit together or not at all.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from core.accounts.tables import AuditEvent
from core.permissions import Actor

__all__ = ["record"]


def _default_name(actor: Actor | None) -> str:
    if actor is None:
        return "system"
    return "command line" if actor.account_id == 0 else ""


async def record(
    action: str,
    *,
    actor: Actor | None,
    actor_name: str = "",
    object_type: str,
    object_id: str | int = "",
    unit_id: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one audit event.

    Args:
        action: what happened, as a snake_case verb phrase (``account_created``).
        actor: who did it; ``None`` for the system itself (configuration loads).
        actor_name: a display name kept even if the account is later renamed.
        object_type: the kind of object changed (``account``, ``procedure``...).
        object_id: its identifier.
        unit_id: the unit the object belongs to, for scoped audit views.
        detail: what changed; never passwords or other secrets.
    """
    await AuditEvent.insert(
        AuditEvent(
            at=dt.datetime.now(dt.UTC),
            actor_id=actor.account_id if actor and actor.account_id else None,
            actor_name=actor_name or _default_name(actor),
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            unit_id=unit_id,
            detail=msgspec.json.encode(detail or {}).decode(),
        )
    )

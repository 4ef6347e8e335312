"""Reading dossiers from the database, without access checks.

:mod:`core.dossiers.service` decides who may see what and calls these. Listings
filter on indexed columns: inboxes on the current step's unit and the assignee,
unit views on the implementing and receiving units, reports on receipt and finish
times.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal

import msgspec

from core.accounts.tables import Account
from core.dossiers.records import (
    AttachmentRecord,
    ComponentRecord,
    DossierRecord,
    HistoryRecord,
    Page,
    aware,
    dossier_from_row,
    history_from_row,
)
from core.dossiers.statuses import OPEN, RECEIVED_OPEN, Status
from core.dossiers.tables import Attachment, Dossier, DossierComponent, DossierHistory

__all__ = [
    "MAX_PER_PAGE",
    "Filters",
    "account_names",
    "attachment_rows",
    "components",
    "history",
    "inbox_scope",
    "load",
    "load_by_code",
    "search",
]

MAX_PER_PAGE = 100
Sort = Literal["newest", "oldest", "due"]


class Filters(msgspec.Struct, frozen=True, kw_only=True):
    """Filters of a dossier listing; every one is optional.

    Attributes:
        status: keep these status codes.
        procedure_code: one procedure.
        channel: 1 counter, 2 online, 3 post.
        unit_id: implementing unit.
        assignee_id: assigned officer.
        received_from: received at or after (inclusive).
        received_to: received before (exclusive).
        finished_from: resolved at or after.
        finished_to: resolved before.
        overdue: open dossiers past their appointment at ``now``.
        q: a code (or its start), an applicant identifier, or part of a name.
        sort: ``newest`` first (default), ``oldest`` first, or nearest ``due``.
        page: from 1.
        per_page: at most :data:`MAX_PER_PAGE`.
    """

    status: list[int] = []
    procedure_code: str | None = None
    channel: int | None = None
    unit_id: str | None = None
    assignee_id: int | None = None
    received_from: dt.datetime | None = None
    received_to: dt.datetime | None = None
    finished_from: dt.datetime | None = None
    finished_to: dt.datetime | None = None
    overdue: bool = False
    q: str | None = None
    sort: Sort = "newest"
    page: int = 1
    per_page: int = 20


async def load(dossier_id: int) -> DossierRecord | None:
    """The dossier with ``dossier_id``, or ``None``."""
    row = await Dossier.select().where(Dossier.id == dossier_id).first()
    return None if row is None else dossier_from_row(row)


async def load_by_code(code: str) -> DossierRecord | None:
    """The dossier with ``code``, or ``None``."""
    row = await Dossier.select().where(Dossier.code == code.strip()).first()
    return None if row is None else dossier_from_row(row)


async def account_names(ids: Iterable[int | None]) -> dict[int, str]:
    """Full names of accounts by id (for history and printed sheets)."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    key = Account._meta.primary_key
    rows = await Account.select(key, Account.full_name).where(key.is_in(wanted))
    return {row["id"]: row["full_name"] for row in rows}


async def history(dossier_id: int) -> list[HistoryRecord]:
    """A dossier's history, oldest first, with account names."""
    rows = (
        await DossierHistory.select()
        .where(DossierHistory.dossier == dossier_id)
        .order_by(DossierHistory.at)
        .order_by(DossierHistory.id)
    )
    names = await account_names(
        [r["actor_id"] for r in rows] + [r["assignee_id"] for r in rows]
    )
    return [history_from_row(row, names) for row in rows]


async def components(dossier_id: int) -> list[ComponentRecord]:
    """What was handed in for each component of a dossier."""
    rows = (
        await DossierComponent.select()
        .where(DossierComponent.dossier == dossier_id)
        .order_by(DossierComponent.id)
    )
    fields = ComponentRecord.__struct_fields__
    return [ComponentRecord(**{f: row[f] for f in fields}) for row in rows]


async def attachment_rows(
    dossier_id: int, attachment_id: int | None = None
) -> list[tuple[AttachmentRecord, str]]:
    """A dossier's files with their storage keys, oldest first."""
    query = Attachment.select().where(Attachment.dossier == dossier_id)
    if attachment_id is not None:
        query = query.where(Attachment.id == attachment_id)
    rows = await query.order_by(Attachment.id)
    fields = AttachmentRecord.__struct_fields__
    out = []
    for row in rows:
        values = {f: row[f] for f in fields}
        values["uploaded_at"] = aware(values["uploaded_at"])
        out.append((AttachmentRecord(**values), row["storage_key"]))
    return out


def _conditions(filters: Filters, now: dt.datetime) -> list[Any]:
    found: list[Any] = []
    if filters.status:
        found.append(Dossier.status.is_in(list(filters.status)))
    simple = (
        (filters.procedure_code, Dossier.procedure_code),
        (filters.channel, Dossier.channel),
        (filters.unit_id, Dossier.unit_id),
        (filters.assignee_id, Dossier.assignee_id),
    )
    found += [column == value for value, column in simple if value is not None]
    ranges = (
        (filters.received_from, Dossier.received_at, ">="),
        (filters.received_to, Dossier.received_at, "<"),
        (filters.finished_from, Dossier.finished_at, ">="),
        (filters.finished_to, Dossier.finished_at, "<"),
    )
    for value, column, op in ranges:
        if value is not None:
            found.append(column >= value if op == ">=" else column < value)
    if filters.overdue:
        found.append(_overdue(now))
    if filters.q and filters.q.strip():
        found.append(_text_search(filters.q.strip()))
    return found


def _overdue(now: dt.datetime) -> Any:
    """Open dossiers past their appointment; a paused one only if it was already
    late when its clock stopped."""
    running = [int(s) for s in RECEIVED_OPEN if s != Status.SUPPLEMENT]
    return (Dossier.status.is_in(running) & (Dossier.due_at < now)) | (
        (Dossier.status == int(Status.SUPPLEMENT))
        & (Dossier.paused_at > Dossier.due_at)
    )


def _text_search(q: str) -> Any:
    return (
        Dossier.code.like(f"{q}%")
        | (Dossier.applicant_identifier == q)
        | Dossier.applicant_name.ilike(f"%{q}%")
    )


_ORDER = {
    "newest": (Dossier.submitted_at, False),
    "oldest": (Dossier.submitted_at, True),
    "due": (Dossier.due_at, True),
}


async def search(scope: Any, filters: Filters, now: dt.datetime) -> Page:
    """One page of dossiers matching ``scope`` (a Piccolo condition) and filters.

    Args:
        scope: the condition saying which dossiers the viewer may list, or
            ``None`` for all.
        filters: the listing's filters and page.
        now: the present moment (for ``overdue``).

    Returns:
        The page with the total number of matches.
    """
    conditions = _conditions(filters, now)
    if scope is not None:
        conditions.append(scope)
    per_page = max(1, min(filters.per_page, MAX_PER_PAGE))
    page = max(1, filters.page)
    count = Dossier.count()
    query = Dossier.select()
    for condition in conditions:
        count = count.where(condition)
        query = query.where(condition)
    column, ascending = _ORDER[filters.sort]
    rows = (
        await query.order_by(column, ascending=ascending)
        .order_by(Dossier.id, ascending=ascending)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return Page(
        items=[dossier_from_row(row) for row in rows],
        total=await count,
        page=page,
        per_page=per_page,
    )


def inbox_scope(account_id: int, unit_id: str | None, roles: Iterable[str]) -> Any:
    """Dossiers waiting for an officer: assigned to them, or in their unit's pool
    at a step of one of their roles."""
    waiting = [int(s) for s in OPEN] + [int(Status.RESOLVED)]
    mine = Dossier.assignee_id == account_id
    role_list = sorted(roles)
    if unit_id is None or not role_list:
        return Dossier.status.is_in(waiting) & mine
    pool = (
        (Dossier.step_unit_id == unit_id)
        & Dossier.step_role.is_in(role_list)
        & Dossier.assignee_id.is_null()
    )
    return Dossier.status.is_in(waiting) & (mine | pool)

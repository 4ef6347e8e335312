"""The staff inbox: which dossiers each tab lists, filtered and paged by key.

Tabs answer the questions of a working day: what is assigned to me, what waits in
my unit's pool, what falls due soon, what is overdue, what waits for the applicant,
what is finished. Every tab is a plain condition on indexed columns of the dossier
table; pages follow a key (the sort column and the id of the last row shown), so a
list of a hundred thousand dossiers pages as fast as a list of ten.

Leaders (who approve) see the overdue dossiers of every unit they oversee; other
staff see those of their own work.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from core.calendar import WorkingCalendar
from core.catalogue.catalogue import Catalogue
from core.dossiers.access import visible_unit_ids
from core.dossiers.records import DossierRecord, aware, dossier_from_row
from core.dossiers.statuses import OPEN, RECEIVED_OPEN, Status
from core.dossiers.tables import Dossier
from core.permissions import Actor

__all__ = [
    "PER_PAGE",
    "TABS",
    "InboxFilter",
    "InboxPage",
    "count_tabs",
    "list_tab",
    "tab_condition",
    "unit_scope",
]

TABS = ("mine", "pool", "due_soon", "overdue", "awaiting", "finished")
PER_PAGE = 25
DUE_SOON = dt.timedelta(hours=8)
WAITING = [int(s) for s in OPEN] + [int(Status.RESOLVED)]
FINISHED = [
    int(s)
    for s in (
        Status.RESOLVED,
        Status.RETURNED,
        Status.REFUSED,
        Status.WITHDRAWN,
        Status.STOPPED,
    )
]
AWAITING_APPLICANT = [int(Status.SUPPLEMENT), int(Status.PAYMENT)]
RUNNING = [int(s) for s in RECEIVED_OPEN - {Status.SUPPLEMENT}]


@dataclass(frozen=True)
class InboxFilter:
    """Filters a member of staff set on a tab; empty values do not filter.

    Attributes:
        procedure: a procedure code.
        status: a status code.
        channel: 1 counter, 2 online, 3 post.
        received_from: first local day of receipt, inclusive.
        received_to: last local day of receipt, inclusive.
        q: the start of a code, an applicant identifier, or part of a name.
    """

    procedure: str = ""
    status: int | None = None
    channel: int | None = None
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    q: str = ""


@dataclass
class InboxPage:
    """One page of a tab: its dossiers and the key of the next page, if any."""

    items: list[DossierRecord] = field(default_factory=list)
    next_key: str | None = None


def unit_scope(actor: Actor, catalogue: Catalogue) -> Any:
    """Dossiers implemented or received by a unit ``actor`` oversees, or ``None``."""
    ids = visible_unit_ids(actor, catalogue)
    if not ids:
        return None
    return Dossier.unit_id.is_in(ids) | Dossier.receiving_unit_id.is_in(ids)


def _mine(actor: Actor) -> Any:
    return Dossier.status.is_in(WAITING) & (Dossier.assignee_id == actor.account_id)


def _pool(actor: Actor) -> Any:
    roles = sorted(actor.roles)
    if actor.unit_id is None or not roles:
        return Dossier.id < 0  # nothing: an account without a unit has no pool
    return (
        Dossier.status.is_in(WAITING)
        & (Dossier.step_unit_id == actor.unit_id)
        & Dossier.step_role.is_in(roles)
        & Dossier.assignee_id.is_null()
    )


def _work(actor: Actor) -> Any:
    return _mine(actor) | _pool(actor)


def _team(actor: Actor, catalogue: Catalogue) -> Any:
    units = unit_scope(actor, catalogue)
    return _work(actor) if units is None else (units | _work(actor))


def tab_condition(
    tab: str,
    actor: Actor,
    catalogue: Catalogue,
    calendar: WorkingCalendar,
    now: dt.datetime,
) -> Any:
    """The condition selecting a tab's dossiers for ``actor`` at ``now``.

    Raises:
        ValueError: an unknown tab.
    """
    if tab == "mine":
        return _mine(actor)
    if tab == "pool":
        return _pool(actor)
    if tab == "due_soon":
        horizon = calendar.add_working_time(calendar.next_working_moment(now), DUE_SOON)
        return (
            _work(actor)
            & Dossier.status.is_in(RUNNING)
            & (Dossier.due_at >= now)
            & (Dossier.due_at <= horizon)
        )
    if tab == "overdue":
        scope = _team(actor, catalogue) if _is_leader(actor) else _work(actor)
        return scope & Dossier.status.is_in(RUNNING) & (Dossier.due_at < now)
    if tab == "awaiting":
        return _team(actor, catalogue) & Dossier.status.is_in(AWAITING_APPLICANT)
    if tab == "finished":
        return _team(actor, catalogue) & Dossier.status.is_in(FINISHED)
    raise ValueError(f"unknown inbox tab {tab!r}")


def _is_leader(actor: Actor) -> bool:
    return "dossier.approve" in actor.permissions


# Each tab's order: (column name, ascending). Ties are broken by id the same way.
_ORDER: dict[str, tuple[str, bool]] = {
    "mine": ("submitted_at", True),
    "pool": ("submitted_at", True),
    "due_soon": ("due_at", True),
    "overdue": ("due_at", True),
    "awaiting": ("updated_at", True),
    "finished": ("updated_at", False),
}


def _filter_conditions(wanted: InboxFilter, tz: dt.tzinfo) -> list[Any]:
    found: list[Any] = []
    if wanted.procedure:
        found.append(Dossier.procedure_code == wanted.procedure)
    if wanted.status is not None:
        found.append(Dossier.status == wanted.status)
    if wanted.channel is not None:
        found.append(Dossier.channel == wanted.channel)
    if wanted.received_from is not None:
        found.append(Dossier.received_at >= _day_start(wanted.received_from, tz))
    if wanted.received_to is not None:
        next_day = wanted.received_to + dt.timedelta(days=1)
        found.append(Dossier.received_at < _day_start(next_day, tz))
    q = wanted.q.strip()
    if q:
        found.append(
            Dossier.code.like(f"{q}%")
            | (Dossier.applicant_identifier == q)
            | Dossier.applicant_name.ilike(f"%{q}%")
        )
    return found


def _day_start(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=tz).astimezone(dt.UTC)


def _encode_key(value: dt.datetime, dossier_id: int) -> str:
    return f"{value.astimezone(dt.UTC).isoformat()}~{dossier_id}"


def _decode_key(key: str) -> tuple[dt.datetime, int] | None:
    stamp, _, number = key.partition("~")
    try:
        moment = dt.datetime.fromisoformat(stamp)
        return (aware(moment) or moment, int(number))
    except ValueError:
        return None


def _after(column: Any, key: tuple[dt.datetime, int], ascending: bool) -> Any:
    value, dossier_id = key
    if ascending:
        return (column > value) | ((column == value) & (Dossier.id > dossier_id))
    return (column < value) | ((column == value) & (Dossier.id < dossier_id))


async def list_tab(
    tab: str,
    wanted: InboxFilter,
    actor: Actor,
    catalogue: Catalogue,
    calendar: WorkingCalendar,
    now: dt.datetime,
    after: str = "",
    per_page: int = PER_PAGE,
) -> InboxPage:
    """One page of a tab.

    Args:
        tab: one of :data:`TABS`.
        wanted: the filters.
        actor: the member of staff.
        catalogue: the organisation tree.
        calendar: the working calendar (for ``due_soon``).
        now: the present moment.
        after: the key of the last row of the previous page (empty for the first).
        per_page: rows per page.

    Returns:
        The page and the key that continues it.
    """
    column_name, ascending = _ORDER[tab]
    column = getattr(Dossier, column_name)
    query = Dossier.select().where(tab_condition(tab, actor, catalogue, calendar, now))
    for condition in _filter_conditions(wanted, calendar.timezone):
        query = query.where(condition)
    key = _decode_key(after) if after else None
    if key is not None:
        query = query.where(_after(column, key, ascending))
    rows = await (
        query.order_by(column, ascending=ascending)
        .order_by(Dossier.id, ascending=ascending)
        .limit(per_page + 1)
    )
    items = [dossier_from_row(row) for row in rows[:per_page]]
    next_key = None
    if len(rows) > per_page and items:
        last = items[-1]
        next_key = _encode_key(getattr(last, column_name), last.id)
    return InboxPage(items=items, next_key=next_key)


async def count_tabs(
    actor: Actor,
    catalogue: Catalogue,
    calendar: WorkingCalendar,
    now: dt.datetime,
    tabs: tuple[str, ...] = ("mine", "pool", "due_soon", "overdue", "awaiting"),
) -> dict[str, int]:
    """How many dossiers each open tab holds, for the counters on the tabs."""
    counts = {}
    for tab in tabs:
        condition = tab_condition(tab, actor, catalogue, calendar, now)
        counts[tab] = await Dossier.count().where(condition)
    return counts

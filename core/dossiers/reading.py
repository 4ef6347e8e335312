"""Reading dossiers with access checks: one dossier, its history, listings, the
paper/electronic check of its components, and its timeliness.

A dossier the reader may not see is reported as not found, exactly like a dossier
that does not exist.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import msgspec

from core.dossiers import deadlines, queries
from core.dossiers.access import can_view, visible_unit_ids
from core.dossiers.filing import components_of
from core.dossiers.queries import Filters
from core.dossiers.records import (
    AttachmentRecord,
    ComponentRecord,
    DossierRecord,
    HistoryRecord,
    Page,
)
from core.dossiers.service import DossierService
from core.dossiers.statuses import OPEN, Status
from core.dossiers.tables import Dossier
from core.errors import Forbidden, NotFound
from core.permissions import Actor

__all__ = [
    "Mismatch",
    "Scope",
    "attachments",
    "components",
    "get",
    "get_by_code",
    "history",
    "listing",
    "mismatches",
    "timeliness",
]

Scope = Literal["inbox", "unit", "mine"]


def _not_found() -> NotFound:
    return NotFound("Không tìm thấy hồ sơ.", "No such dossier.")


async def get(
    service: DossierService, dossier_id: int, actor: Actor | None
) -> DossierRecord:
    """The dossier, if ``actor`` may see it.

    Raises:
        NotFound: no such dossier, or not visible to ``actor``.
    """
    record = await queries.load(dossier_id)
    if record is None or not can_view(actor, record, service.catalogue):
        raise _not_found()
    return record


async def get_by_code(
    service: DossierService, code: str, actor: Actor | None
) -> DossierRecord:
    """The dossier with ``code``, if ``actor`` may see it.

    Raises:
        NotFound: no such dossier, or not visible to ``actor``.
    """
    record = await queries.load_by_code(code)
    if record is None or not can_view(actor, record, service.catalogue):
        raise _not_found()
    return record


async def history(
    service: DossierService, dossier_id: int, actor: Actor | None
) -> list[HistoryRecord]:
    """The dossier's history, oldest first."""
    await get(service, dossier_id, actor)
    return await queries.history(dossier_id)


async def components(
    service: DossierService, dossier_id: int, actor: Actor | None
) -> list[ComponentRecord]:
    """What was handed in for each component."""
    await get(service, dossier_id, actor)
    return await queries.components(dossier_id)


async def attachments(
    service: DossierService, dossier_id: int, actor: Actor | None
) -> list[AttachmentRecord]:
    """The dossier's files (metadata only)."""
    await get(service, dossier_id, actor)
    return [record for record, _key in await queries.attachment_rows(dossier_id)]


async def listing(
    service: DossierService, actor: Actor, scope: Scope, filters: Filters
) -> Page:
    """One page of the dossiers ``actor`` may list in ``scope``.

    Args:
        service: the dossier service.
        actor: the reader.
        scope: ``inbox`` (waiting for the officer or their unit's pool at a step of
            their role), ``unit`` (every dossier of the units the officer may see)
            or ``mine`` (the applicant's own dossiers).
        filters: filters and page.

    Returns:
        The page.

    Raises:
        Forbidden: the scope does not fit the account.
    """
    now = service.clock()
    if scope == "mine":
        condition: Any = Dossier.account_id == actor.account_id
    elif not actor.is_staff:
        raise Forbidden(
            "Chỉ cán bộ mới xem được danh sách này.", "Only staff see this list."
        )
    elif scope == "inbox":
        condition = queries.inbox_scope(actor.account_id, actor.unit_id, actor.roles)
    else:
        units = visible_unit_ids(actor, service.catalogue)
        if not units:
            raise Forbidden(
                "Tài khoản không được xem hồ sơ của đơn vị.",
                "This account may not see the unit's dossiers.",
            )
        condition = Dossier.unit_id.is_in(units) | Dossier.receiving_unit_id.is_in(
            units
        )
    return await queries.search(condition, filters, now)


class Mismatch(msgspec.Struct, frozen=True, kw_only=True):
    """A component whose paper and electronic copies do not agree.

    Attributes:
        component_code: the component.
        kind: ``paper_without_scan`` (paper received, nothing digitised),
            ``scan_without_paper`` (an electronic copy but no paper original where
            the procedure requires originals), or ``missing`` (a required component
            with neither).
    """

    component_code: str
    kind: Literal["paper_without_scan", "scan_without_paper", "missing"]


async def mismatches(
    service: DossierService, dossier_id: int, actor: Actor | None
) -> list[Mismatch]:
    """Components of the dossier whose paper and electronic copies do not agree."""
    record = await get(service, dossier_id, actor)
    procedure = await service.versions.spec_of(
        record.procedure_code, record.procedure_version
    )
    specs = {c.code: c for c in components_of(procedure, record.case_code)}
    scanned = {
        a.component_code
        for a, _key in await queries.attachment_rows(dossier_id)
        if a.purpose == "component"
    }
    found = []
    for item in await queries.components(dossier_id):
        spec = specs.get(item.component_code)
        electronic = item.component_code in scanned or item.source in (
            "reused",
            "own_store",
        )
        paper = item.paper_original or item.copies > 0
        if paper and not electronic:
            found.append(
                Mismatch(component_code=item.component_code, kind="paper_without_scan")
            )
        elif (
            electronic
            and spec is not None
            and spec.originals > 0
            and not item.paper_original
        ):
            found.append(
                Mismatch(component_code=item.component_code, kind="scan_without_paper")
            )
        elif not paper and not electronic and spec is not None and spec.required:
            found.append(Mismatch(component_code=item.component_code, kind="missing"))
    return found


def timeliness(
    service: DossierService, record: DossierRecord, now: dt.datetime | None = None
) -> str | None:
    """``early``/``on_time``/``late`` for a resolved dossier, ``within_deadline`` or
    ``overdue`` for an open received one, ``None`` otherwise."""
    if record.finished_at is not None:
        return record.result_class
    if Status(record.status) not in OPEN:
        return None
    # While a supplement is awaited the clock stands still at the request.
    moment = record.paused_at or now or service.clock()
    return deadlines.open_timeliness(service.calendar, moment, record.due_at)

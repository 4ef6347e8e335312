"""The staff workspace: the inbox with its tabs, filters and search.

The inbox is the page staff keep open all day. Each row says what the dossier is,
who filed it, where it stands and how much working time is left; the tabs carry
counters so the overdue ones are never out of sight.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Request, get
from litestar.response import Redirect, Template

from core.catalogue.model import text_in
from core.dossiers.records import DossierRecord
from core.i18n import current_lang
from core.i18n import gettext as _
from core.permissions import SIGNED_IN
from core.web.common import (
    app_ctx,
    dossier_service,
    page,
    query_with,
    redirect,
    require_staff,
)
from core.web.deadline import deadline_view
from core.web.inbox import TABS, InboxFilter, count_tabs, list_tab

__all__ = ["ROUTES", "parse_filter", "tab_titles"]

STAFF = {"permission": SIGNED_IN}


def tab_titles(leader: bool) -> dict[str, str]:
    """The tabs' titles; leaders' overdue tab covers their units."""
    return {
        "mine": _("My tasks"),
        "pool": _("My unit's pool"),
        "due_soon": _("Due soon"),
        "overdue": _("Overdue in my units") if leader else _("Overdue"),
        "awaiting": _("Awaiting the applicant"),
        "finished": _("Finished"),
    }


def _int(raw: Any) -> int | None:
    try:
        return int(str(raw)) if raw not in (None, "") else None
    except ValueError:
        return None


def _date(raw: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(raw)) if raw else None
    except ValueError:
        return None


def parse_filter(params: Any) -> InboxFilter:
    """Read the inbox filters from query parameters, ignoring malformed ones."""
    return InboxFilter(
        procedure=str(params.get("procedure") or "")[:64],
        status=_int(params.get("status")),
        channel=_int(params.get("channel")),
        received_from=_date(params.get("from")),
        received_to=_date(params.get("to")),
        q=str(params.get("q") or "").strip()[:100],
    )


def _rows(
    items: list[DossierRecord], request: Request[Any, Any, Any], now: dt.datetime
) -> list[dict[str, Any]]:
    """What each row of the table shows."""
    ctx = app_ctx(request)
    calendar = dossier_service(request).calendar
    lang = current_lang()
    rows = []
    for item in items:
        spec = ctx.catalogue.procedures.get(item.procedure_code)
        step = (
            next((s for s in spec.workflow.steps if s.code == item.step_code), None)
            if spec
            else None
        )
        rows.append(
            {
                "d": item,
                "procedure": text_in(spec.name, lang) if spec else item.procedure_code,
                "step": text_in(step.name, lang) if step else item.step_code,
                "deadline": deadline_view(item, calendar, now),
            }
        )
    return rows


@get("/staff", opt=STAFF, include_in_schema=False)
async def inbox(request: Request[Any, Any, Any]) -> Template | Redirect:
    """The inbox: one tab at a time, filtered, one page at a time."""
    who = require_staff(request)
    ctx = app_ctx(request)
    service = dossier_service(request)
    params = request.query_params
    tab = str(params.get("tab") or "mine")
    if tab not in TABS:
        return redirect("/staff")
    now = service.clock()
    wanted = parse_filter(params)
    listing = await list_tab(
        tab,
        wanted,
        who,
        ctx.catalogue,
        service.calendar,
        now,
        after=str(params.get("after") or "")[:80],
    )
    counts = await count_tabs(who, ctx.catalogue, service.calendar, now)
    return page(
        "staff/inbox.html",
        tab=tab,
        tabs=tab_titles("dossier.approve" in who.permissions),
        counts=counts,
        wanted=wanted,
        rows=_rows(listing.items, request, now),
        next_url=query_with(request, after=listing.next_key)
        if listing.next_key
        else None,
        first_url=query_with(request, after=None) if params.get("after") else None,
        procedures=sorted(
            (
                (p.code, text_in(p.name, current_lang()))
                for p in ctx.catalogue.procedures.values()
            ),
            key=lambda item: item[1],
        ),
        may_file="dossier.receive" in who.permissions,
        may_report="reports.view" in who.permissions,
        may_register="dossier.view_unit" in who.permissions,
        today=now.astimezone(service.calendar.timezone).date().isoformat(),
        month_start=now.astimezone(service.calendar.timezone)
        .date()
        .replace(day=1)
        .isoformat(),
    )


ROUTES = [inbox]

"""The staff page of one dossier and the actions performed from it.

The page shows everything an officer needs to decide (applicant, components and
files, form data, fees, the monitoring sheet, the deadline) and offers exactly the
actions the workflow engine allows now. Each action form carries the dossier's
version: if someone else acted meanwhile, the officer sees a clear message and the
dossier as it now stands, and nothing is recorded twice.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from core.dossiers.access import can_view
from core.dossiers.records import DossierRecord
from core.dossiers.service import StaleDossier
from core.errors import UserError
from core.permissions import SIGNED_IN
from core.web.actions import build_forms, parse_inputs
from core.web.common import (
    app_ctx,
    dossier_service,
    form,
    lang_of,
    page,
    redirect,
    require_staff,
)
from core.web.dossier_view import build_view, visible_dossier
from core.web.printing import print_links

__all__ = ["ROUTES"]

STAFF = {"permission": SIGNED_IN}


async def render_dossier(
    request: Request[Any, Any, Any],
    record: DossierRecord,
    *,
    status_code: int = 200,
    errors: dict[str, dict[str, str]] | None = None,
    values: dict[str, dict[str, Any]] | None = None,
    conflict: bool = False,
) -> Template:
    """The staff dossier page, with an action's errors and typed values if any."""
    who = require_staff(request)
    service = dossier_service(request)
    now = service.clock()
    view = await build_view(record, service, who, now)
    allowed = await service.allowed_actions(record, who)
    forms = await build_forms(record, allowed, service.context(view.procedure))
    return page(
        "staff/dossier.html",
        status_code=status_code,
        v=view,
        d=record,
        forms=forms,
        errors=errors or {},
        values=values or {},
        conflict=conflict,
        me=who.account_id,
        may_take="assign" in allowed and record.assignee_id != who.account_id,
        prints=print_links(record),
        done=request.query_params.get("done"),
    )


@get("/staff/dossiers/{code:str}", opt=STAFF, include_in_schema=False)
async def dossier_page(request: Request[Any, Any, Any], code: str) -> Template:
    """One dossier, with the actions the viewer may perform now."""
    who = require_staff(request)
    record = await visible_dossier(code, who, dossier_service(request))
    return await render_dossier(request, record)


def _version(data: dict[str, Any]) -> int:
    raw = str(data.get("version") or "")
    return int(raw) if raw.isdigit() else -1


@post(
    "/staff/dossiers/{code:str}/actions/{action:str}",
    opt=STAFF,
    include_in_schema=False,
)
async def perform(
    request: Request[Any, Any, Any], code: str, action: str
) -> Template | Redirect:
    """Perform one action; on any refusal show the page again with the reason."""
    who = require_staff(request)
    service = dossier_service(request)
    catalogue = app_ctx(request).catalogue
    record = await visible_dossier(code, who, service)
    data = await form(request)
    inputs, errors = parse_inputs(action, data, service.calendar.timezone)
    status = 400
    conflict = False
    if not errors:
        try:
            updated = await service.act(record.id, action, inputs, who, _version(data))
        except StaleDossier:
            conflict, status = True, 409
        except UserError as exc:
            errors[exc.field or "_"] = exc.message(lang_of(request))
            status = exc.status
        else:
            if not can_view(who, updated, catalogue):
                return redirect(f"/staff?done={action}&code={code}")
            return redirect(f"/staff/dossiers/{code}?done={action}")
    fresh = await visible_dossier(code, who, service)
    return await render_dossier(
        request,
        fresh,
        status_code=status,
        errors={action: errors} if errors else {},
        values={} if conflict else {action: data},
        conflict=conflict,
    )


@get(
    "/staff/dossiers/{code:str}/actions/{action:str}",
    opt=STAFF,
    include_in_schema=False,
)
async def back_to_dossier(code: str, action: str) -> Redirect:
    """After signing in again from an action whose session had expired, the
    officer comes back to the dossier (the action was not performed)."""
    return redirect(f"/staff/dossiers/{code}#action-{action}")


ROUTES = [dossier_page, perform, back_to_dossier]

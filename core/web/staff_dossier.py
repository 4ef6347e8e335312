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
from litestar.datastructures import UploadFile
from litestar.response import Redirect, Template

from core.dossiers import engine
from core.dossiers.access import can_view
from core.dossiers.attachments import add_attachment
from core.dossiers.filing import Upload
from core.dossiers.records import DossierRecord, state_of
from core.dossiers.service import StaleDossier
from core.dossiers.statuses import OPEN, Status
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
RESULT_STATUSES = frozenset({Status.PROCESSING, Status.RESOLVED})


async def render_dossier(
    request: Request[Any, Any, Any],
    record: DossierRecord,
    *,
    status_code: int = 200,
    errors: dict[str, dict[str, str]] | None = None,
    values: dict[str, dict[str, Any]] | None = None,
    conflict: bool = False,
    file_errors: dict[str, str] | None = None,
) -> Template:
    """The staff dossier page, with an action's errors and typed values if any."""
    who = require_staff(request)
    service = dossier_service(request)
    now = service.clock()
    view = await build_view(record, service, who, now)
    allowed = await service.allowed_actions(record, who)
    ctx = service.context(view.procedure)
    forms = await build_forms(record, allowed, ctx)
    handles = engine.handles(who, state_of(record), ctx)
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
        file_errors=file_errors or {},
        may_scan=handles and Status(record.status) in OPEN,
        may_attach_result=handles and Status(record.status) in RESULT_STATUSES,
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


@post("/staff/dossiers/{code:str}/files", opt=STAFF, include_in_schema=False)
async def attach(request: Request[Any, Any, Any], code: str) -> Template | Redirect:
    """Attach a scan of a paper component, or the electronic result."""
    who = require_staff(request)
    service = dossier_service(request)
    record = await visible_dossier(code, who, service)
    data = await request.form()
    purpose = "result" if data.get("purpose") == "result" else "component"
    component = str(data.get("component_code") or "") or None
    key = f"file.{component}" if purpose == "component" else "file.result"
    try:
        upload = await _upload(data.get("file"), record, service, purpose, component)
        await add_attachment(service, record.id, upload, who)
    except UserError as exc:
        return await render_dossier(
            request,
            record,
            status_code=exc.status,
            file_errors={key: exc.message(lang_of(request))},
        )
    return redirect(f"/staff/dossiers/{code}?done=file#h-components")


async def _upload(
    posted: Any,
    record: DossierRecord,
    service: Any,
    purpose: str,
    component: str | None,
) -> Upload:
    """The posted file as an upload, read up to one byte past the size limit."""
    if not isinstance(posted, UploadFile) or not posted.filename:
        raise UserError("Hãy chọn tệp.", "Choose a file.", field="file")
    spec = await service.versions.spec_of(
        record.procedure_code, record.procedure_version
    )
    content = await posted.read(int(spec.attachments.max_mb * 1024 * 1024) + 1)
    return Upload(
        filename=posted.filename,
        data=content,
        component_code=component if purpose == "component" else None,
        purpose=purpose,
    )


@get("/staff/dossiers/{code:str}/files", opt=STAFF, include_in_schema=False)
async def back_from_files(code: str) -> Redirect:
    """Coming back to the dossier after signing in again (nothing was sent)."""
    return redirect(f"/staff/dossiers/{code}")


ROUTES = [dossier_page, perform, back_to_dossier, attach, back_from_files]

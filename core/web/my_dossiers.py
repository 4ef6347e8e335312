"""The applicant's own dossiers: the list, each dossier's page, and what the
applicant may do on it.

An applicant follows each dossier's status, appointment and progress; answers a
supplement request by uploading what was asked; withdraws a dossier still open; pays
when the procedure asks for it (the payment plugin's panel); and rates the service
once the result is returned. Staff names and internal notes are not shown here.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from core.catalogue.model import text_in
from core.dossiers import reading
from core.dossiers.attachments import add_attachment
from core.dossiers.queries import Filters
from core.dossiers.ratings import LEVELS, rate
from core.dossiers.records import DossierRecord
from core.dossiers.service import StaleDossier
from core.dossiers.state import ActionInput
from core.dossiers.statuses import Status
from core.errors import UserError
from core.i18n import current_lang
from core.i18n import gettext as _
from core.web.common import (
    app_ctx,
    dossier_service,
    lang_of,
    page,
    query_with,
    redirect,
    require_actor,
)
from core.web.dossier_view import build_view, visible_dossier
from core.web.filing_form import FilingErrors, read_uploads
from core.web.printing import print_links
from core.web.ratings import rating_of

__all__ = ["ROUTES"]

FILE = {"permission": "dossier.file"}
RATEABLE = (Status.RESOLVED, Status.RETURNED)
APPLICANT_PRINTS = frozenset({"01", "02", "03", "04", "05"})
"""Papers addressed to the applicant; the monitoring sheet is internal."""


@get("/my/dossiers", opt=FILE, include_in_schema=False)
async def my_dossiers(request: Request[Any, Any, Any]) -> Template:
    """The applicant's dossiers, newest first."""
    who = require_actor(request)
    service = dossier_service(request)
    raw = str(request.query_params.get("page") or "1")
    number = int(raw) if raw.isdigit() and 0 < int(raw) < 10_000 else 1
    found = await reading.listing(
        service, who, "mine", Filters(page=number, per_page=20)
    )
    pages = max(1, -(-found.total // found.per_page))
    catalogue = app_ctx(request).catalogue
    names = {
        code: text_in(spec.name, current_lang())
        for code, spec in catalogue.procedures.items()
    }
    return page(
        "my/dossiers.html",
        items=found.items,
        names=names,
        page_no=number,
        pages=pages,
        prev_url=query_with(request, page=number - 1) if number > 1 else None,
        next_url=query_with(request, page=number + 1) if number < pages else None,
    )


def _supplement_request(view: Any) -> str:
    """What the last supplement request asked for."""
    asked = [
        row.event for row in view.timeline if row.event.action == "request_supplement"
    ]
    return asked[-1].note if asked else ""


async def render_own(
    request: Request[Any, Any, Any],
    record: DossierRecord,
    *,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    conflict: bool = False,
) -> Template:
    """The applicant's page of one dossier."""
    who = require_actor(request)
    service = dossier_service(request)
    view = await build_view(record, service, who, service.clock())
    allowed = await service.allowed_actions(record, who)
    rating = await rating_of(record.id)
    return page(
        "my/dossier.html",
        status_code=status_code,
        v=view,
        d=record,
        may_withdraw="withdraw" in allowed,
        may_supplement="resume" in allowed,
        supplement_request=_supplement_request(view),
        may_rate=record.status in RATEABLE and rating is None and not who.is_staff,
        rating=rating,
        levels=LEVELS,
        errors=errors or {},
        values=values or {},
        conflict=conflict,
        filed=bool(request.query_params.get("filed")),
        prints=[p for p in print_links(record) if p.number in APPLICANT_PRINTS],
        done=request.query_params.get("done"),
    )


@get("/my/dossiers/{code:str}", opt=FILE, include_in_schema=False)
async def my_dossier(request: Request[Any, Any, Any], code: str) -> Template:
    """One of the applicant's dossiers."""
    who = require_actor(request)
    record = await visible_dossier(code, who, dossier_service(request))
    return await render_own(request, record)


def _version(values: Any) -> int:
    raw = str(values.get("version") or "")
    return int(raw) if raw.isdigit() else -1


async def _act(
    request: Request[Any, Any, Any],
    record: DossierRecord,
    action: str,
    inputs: ActionInput,
    version: int,
) -> tuple[dict[str, str], int, bool]:
    """Perform an applicant's action; return errors, status and conflict."""
    try:
        await dossier_service(request).act(
            record.id, action, inputs, require_actor(request), version
        )
    except StaleDossier:
        return {}, 409, True
    except UserError as exc:
        return {exc.field or "_": exc.message(lang_of(request))}, exc.status, False
    return {}, 200, False


@post("/my/dossiers/{code:str}/supplement", opt=FILE, include_in_schema=False)
async def answer_supplement(
    request: Request[Any, Any, Any], code: str
) -> Template | Redirect:
    """Upload what a supplement request asked for and send the dossier back."""
    who = require_actor(request)
    service = dossier_service(request)
    record = await visible_dossier(code, who, service)
    post_data = await request.form()
    note = str(post_data.get("reason") or "").strip()[:2000]
    spec = await service.versions.spec_of(
        record.procedure_code, record.procedure_version
    )
    uploads = await read_uploads(post_data, spec, record.case_code)
    errors = FilingErrors()
    if not uploads and not note:
        errors.add("files", _("Attach the documents asked for, or explain in a note."))
    status, conflict = 400, False
    if not errors:
        try:
            for upload in uploads:
                await add_attachment(service, record.id, upload, who)
        except UserError as exc:
            errors.add("files", exc.message(lang_of(request)))
        else:
            found, status, conflict = await _act(
                request, record, "resume", ActionInput(reason=note), _version(post_data)
            )
            errors.update(found)
            if not found and not conflict:
                return redirect(f"/my/dossiers/{code}?done=resume")
    fresh = await visible_dossier(code, who, service)
    return await render_own(
        request,
        fresh,
        status_code=status,
        errors=dict(errors),
        values={"reason": note},
        conflict=conflict,
    )


@post("/my/dossiers/{code:str}/withdraw", opt=FILE, include_in_schema=False)
async def withdraw(request: Request[Any, Any, Any], code: str) -> Template | Redirect:
    """Withdraw a dossier still open, at the applicant's request."""
    who = require_actor(request)
    service = dossier_service(request)
    record = await visible_dossier(code, who, service)
    data = await request.form()
    reason = str(data.get("withdraw_reason") or "").strip()[:2000]
    errors, status, conflict = await _act(
        request, record, "withdraw", ActionInput(reason=reason), _version(data)
    )
    if not errors and not conflict:
        return redirect(f"/my/dossiers/{code}?done=withdraw")
    fresh = await visible_dossier(code, who, service)
    return await render_own(
        request, fresh, status_code=status, errors=errors, conflict=conflict
    )


@post("/my/dossiers/{code:str}/rating", opt=FILE, include_in_schema=False)
async def rate_dossier(
    request: Request[Any, Any, Any], code: str
) -> Template | Redirect:
    """Rate the service once the result was returned."""
    who = require_actor(request)
    service = dossier_service(request)
    record = await visible_dossier(code, who, service)
    data = await request.form()
    level = str(data.get("level") or "")
    comment = str(data.get("comment") or "").strip()[:2000]
    if level not in LEVELS:
        return await render_own(
            request,
            record,
            status_code=400,
            errors={"level": _("Choose how satisfied you are.")},
            values={"comment": comment},
        )
    try:
        await rate(service, record.id, level, who, comment)
    except UserError as exc:
        return await render_own(
            request,
            record,
            status_code=exc.status,
            errors={exc.field or "_": exc.message(lang_of(request))},
            values={"comment": comment},
        )
    return redirect(f"/my/dossiers/{code}?done=rating")


@get(
    [
        "/my/dossiers/{code:str}/supplement",
        "/my/dossiers/{code:str}/withdraw",
        "/my/dossiers/{code:str}/rating",
    ],
    opt=FILE,
    include_in_schema=False,
)
async def back_to_own(request: Request[Any, Any, Any], code: str) -> Redirect:
    """After signing in again from a form whose session had expired, the
    applicant comes back to the dossier (nothing was sent)."""
    form_name = request.url.path.rsplit("/", 1)[-1]
    anchor = {"supplement": "#supplement", "rating": "#rating"}.get(form_name, "")
    return redirect(f"/my/dossiers/{code}{anchor}")


ROUTES = [
    my_dossiers,
    my_dossier,
    answer_supplement,
    withdraw,
    rate_dossier,
    back_to_own,
]

"""Filing a dossier online: the applicant's form, files and fees in one page.

A signed-in citizen or business opens a procedure's filing page, finds their own
details already filled in, chooses where to file (for procedures every commune
implements) and the case, fills the e-form, attaches each required document and
sees the fees. Filing hands everything to the dossier service; any refusal brings the
page back with each reason next to its field and what was typed kept.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from core.accounts.service import load_account
from core.catalogue.model import ProcedureSpec, text_in
from core.dossiers.filing import components_of
from core.errors import Forbidden, NotFound, UserError
from core.events import FilingDraft
from core.i18n import current_lang
from core.i18n import gettext as _
from core.web.common import (
    app_ctx,
    dossier_service,
    lang_of,
    page,
    redirect,
    require_actor,
)
from core.web.filing_form import (
    FilingErrors,
    added_row,
    eform_data,
    form_parts,
    missing_files,
    plain_values,
    read_applicant,
    read_uploads,
    refusal_errors,
)

__all__ = ["ROUTES"]

FILE = {"permission": "dossier.file"}


def _online_procedure(request: Request[Any, Any, Any], code: str) -> ProcedureSpec:
    spec = app_ctx(request).catalogue.procedures.get(code)
    if spec is None:
        raise NotFound("Không tìm thấy thủ tục", "Procedure not found")
    if "online" not in spec.channels or spec.online_level == "none":
        raise NotFound(
            "Thủ tục này không nhận hồ sơ trực tuyến.",
            "This procedure is not filed online.",
        )
    return spec


async def _profile_values(request: Request[Any, Any, Any]) -> dict[str, str]:
    """The applicant fields filled from the signed-in account."""
    row = await load_account(require_actor(request).account_id)
    return {
        "applicant.name": row.get("full_name") or "",
        "applicant.identifier_kind": row.get("identifier_kind") or "",
        "applicant.identifier": row.get("identifier") or "",
        "applicant.phone": row.get("phone") or "",
        "applicant.email": row.get("email") or "",
        "applicant.address": row.get("address") or "",
    }


async def _render(
    request: Request[Any, Any, Any],
    spec: ProcedureSpec,
    values: dict[str, str],
    errors: FilingErrors,
    form_data: dict[str, Any],
    status_code: int = 200,
) -> Template:
    ctx = app_ctx(request)
    who = require_actor(request)
    lang = current_lang()
    units = ctx.catalogue.implementing_units(spec)
    case = values.get("case_code") or None
    eform, fees = await form_parts(
        ctx.plugins, spec, form_data, errors, lang, require_actor(request)
    )
    return page(
        "portal/file.html",
        status_code=status_code,
        spec=spec,
        values=values,
        errors=errors,
        units=[(u.id, text_in(u.name, lang)) for u in units],
        components=components_of(spec, case)
        if case or not spec.cases
        else spec.components,
        eform=eform,
        fees=fees,
        kind=who.kind,
        version=values.get("version", "0"),
    )


def _applicant_kind(request: Request[Any, Any, Any]) -> str:
    """The account's kind, if the procedure serves it."""
    who = require_actor(request)
    if who.is_staff:
        raise Forbidden(
            "Cán bộ tiếp nhận hồ sơ tại quầy, không nộp trực tuyến.",
            "Staff file dossiers at the counter, not online.",
        )
    return who.kind


@get("/procedures/{code:str}/file", opt=FILE, include_in_schema=False)
async def filing_page(request: Request[Any, Any, Any], code: str) -> Template:
    """The online filing form, with the applicant's details filled in."""
    spec = _online_procedure(request, code)
    _applicant_kind(request)
    values = await _profile_values(request)
    units = app_ctx(request).catalogue.implementing_units(spec)
    if len(units) == 1:
        values["unit_id"] = units[0].id
    return await _render(request, spec, values, FilingErrors(), {})


@post("/procedures/{code:str}/file", opt=FILE, include_in_schema=False)
async def file_online(
    request: Request[Any, Any, Any], code: str
) -> Template | Redirect:
    """File the dossier; come back to the form with reasons if refused."""
    spec = _online_procedure(request, code)
    kind = _applicant_kind(request)
    who = require_actor(request)
    ctx = app_ctx(request)
    post_data = await request.form()
    values = plain_values(post_data)
    case = values.get("case_code") or None
    form_data = await eform_data(ctx.plugins, spec, post_data)
    if added_row(form_data):
        # Only a row was added to the e-form: show it again, nothing is filed.
        return await _render(request, spec, values, FilingErrors(), form_data)
    uploads = await read_uploads(post_data, spec, case)
    errors = missing_files(uploads, spec, case)
    if not values.get("unit_id"):
        errors.add("unit_id", _("Choose where to file."))
    if not errors:
        draft = FilingDraft(
            procedure_code=spec.code,
            procedure_version=int(values.get("version") or 0),
            case_code=case,
            channel="online",
            unit_id=values.get("unit_id", ""),
            applicant=read_applicant(values, kind),
            form_data=form_data,
            lang=lang_of(request),
            account_id=who.account_id,
        )
        try:
            record = await dossier_service(request).file_dossier(draft, who, uploads)
        except UserError as exc:
            errors = refusal_errors(exc, lang_of(request))
        else:
            return redirect(f"/my/dossiers/{record.code}?filed=1")
    return await _render(request, spec, values, errors, form_data, status_code=400)


ROUTES = [filing_page, file_online]

"""The plugin's routes: a dossier's form on A4, and a citizen's drafts.

``GET /eforms/dossiers/{id}/print`` prints the form of a dossier for anyone who may
see that dossier (the applicant, staff of its units), checked by the dossier
service's own access rule; anyone else is told it does not exist.

``POST /eforms/drafts/{procedure}`` keeps the posted filing form as the signed-in
citizen's draft and goes back to the filing page, which resumes it;
``POST /eforms/drafts/{procedure}/discard`` forgets it. Both are CSRF-protected
like every post, and reach only the signed-in account's own draft.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import MediaType, Request, Response, get, post
from litestar.response import Redirect

from core.catalogue.model import ProcedureSpec
from core.dossiers import reading
from core.errors import Forbidden, NotFound, UserError
from core.i18n import current_lang
from core.permissions import SIGNED_IN, Actor
from core.web.common import actor, app_ctx, dossier_service, redirect, require_actor
from plugins.eforms import runtime
from plugins.eforms.drafts import DraftTooLarge, delete_draft, save_draft
from plugins.eforms.filing import read_filing_form, split_controls
from plugins.eforms.pages import print_page
from plugins.eforms.panels import filed_form
from plugins.eforms.section import EformsSection
from plugins.eforms.versions import FormRef

__all__ = ["ROUTES", "discard_draft", "print_form", "save_form_draft"]

FILE = {"permission": "dossier.file"}
FILING_URL = "/procedures/{code}/file"


def _no_form() -> NotFound:
    return NotFound(
        "Hồ sơ này không có tờ khai điện tử.", "This dossier has no electronic form."
    )


@get(
    "/eforms/dossiers/{dossier_id:int}/print",
    opt={"permission": SIGNED_IN},
    include_in_schema=False,
)
async def print_form(request: Request[Any, Any, Any], dossier_id: int) -> Response[str]:
    """The dossier's form laid out for A4, with the form it was filed with."""
    record = await reading.get(dossier_service(request), dossier_id, actor(request))
    ref = FormRef.read(record.plugin_data)
    form = await filed_form(ref) if ref is not None else None
    if form is None:
        raise _no_form()
    html = print_page(
        form,
        record.form_data,
        record.as_mapping(),
        current_lang(),
        runtime.library().code_lists,
    )
    return Response(content=str(html), media_type=MediaType.HTML)


def _applicant(request: Request[Any, Any, Any]) -> Actor:
    who = require_actor(request)
    if who.is_staff:
        raise Forbidden(
            "Bản nháp dành cho công dân, tổ chức nộp trực tuyến.",
            "Drafts are for citizens and businesses filing online.",
        )
    return who


def _procedure(request: Request[Any, Any, Any], code: str) -> ProcedureSpec:
    spec = app_ctx(request).catalogue.procedures.get(code)
    if (
        spec is None
        or "online" not in spec.channels
        or not isinstance(spec.plugins.get("eforms"), EformsSection)
    ):
        raise NotFound(
            "Thủ tục này không có tờ khai nộp trực tuyến.",
            "This procedure has no online form.",
        )
    return spec


@post("/eforms/drafts/{code:str}", opt=FILE, include_in_schema=False)
async def save_form_draft(request: Request[Any, Any, Any], code: str) -> Redirect:
    """Keep the posted form as the citizen's draft, then resume filing."""
    who = _applicant(request)
    spec = _procedure(request, code)
    form = runtime.library().form_of(spec.plugins["eforms"])
    data, _counts, _added = split_controls(read_filing_form(await request.form()))
    try:
        await save_draft(who.account_id, code, form, data, dt.datetime.now(dt.UTC))
    except DraftTooLarge:
        raise UserError(
            "Bản nháp quá lớn để lưu.", "The draft is too large to keep.", status=413
        ) from None
    return redirect(FILING_URL.format(code=code) + "?draft=saved")


@post("/eforms/drafts/{code:str}/discard", opt=FILE, include_in_schema=False)
async def discard_draft(request: Request[Any, Any, Any], code: str) -> Redirect:
    """Forget the citizen's draft and show the filing form afresh."""
    who = _applicant(request)
    _procedure(request, code)
    await delete_draft(who.account_id, code)
    return redirect(FILING_URL.format(code=code))


ROUTES = [print_form, save_form_draft, discard_draft]

"""Counter intake: a receiving officer files a dossier handed in at the counter.

Two screens, because a counter is busy: choose the procedure (only those this
officer's unit receives), then one form with the applicant, the e-form, a checklist
of the paper components received with their scans, and the fees. Filing receives the
dossier at once, gives it its appointment, and offers the printed receipt (01).
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from core.catalogue.catalogue import Catalogue
from core.catalogue.model import ProcedureSpec, text_in
from core.dossiers.filing import components_of
from core.errors import NotFound, UserError
from core.events import FilingDraft
from core.i18n import current_lang
from core.i18n import gettext as _
from core.permissions import Actor
from core.web.common import (
    app_ctx,
    dossier_service,
    lang_of,
    page,
    redirect,
    require_actor,
    require_staff,
)
from core.web.dossier_view import visible_dossier
from core.web.filing_form import (
    FilingErrors,
    added_row,
    eform_data,
    form_parts,
    plain_values,
    read_applicant,
    read_paper,
    read_uploads,
    refusal_errors,
)
from core.web.portal import fold
from core.web.printing import print_links

__all__ = ["ROUTES", "receivable"]

RECEIVE = {"permission": "dossier.receive"}


def receivable(catalogue: Catalogue, who: Actor) -> dict[str, list[str]]:
    """Procedures filed at this officer's counter, with their implementing units.

    Args:
        catalogue: the loaded catalogue.
        who: the receiving officer.

    Returns:
        Procedure codes mapped to the ids of the units whose dossiers the officer's
        unit receives for that procedure.
    """
    found: dict[str, list[str]] = {}
    for spec in catalogue.procedures.values():
        if "counter" not in spec.channels:
            continue
        units = [
            unit.id
            for unit in catalogue.implementing_units(spec)
            if catalogue.receiving_unit(spec, unit.id).id == who.unit_id
        ]
        if units:
            found[spec.code] = units
    return found


@get("/staff/intake", opt=RECEIVE, include_in_schema=False)
async def choose_procedure(request: Request[Any, Any, Any]) -> Template:
    """The procedures this counter receives, searchable."""
    who = require_staff(request)
    catalogue = app_ctx(request).catalogue
    lang = current_lang()
    q = fold(str(request.query_params.get("q") or "").strip()[:100])
    items = [
        catalogue.procedures[code]
        for code in receivable(catalogue, who)
        if not q
        or all(
            w in fold(f"{code} {text_in(catalogue.procedures[code].name, lang)}")
            for w in q.split()
        )
    ]
    items.sort(key=lambda p: fold(text_in(p.name, lang)))
    return page(
        "staff/intake_choose.html",
        procedures=items,
        q=request.query_params.get("q", ""),
    )


def _procedure(
    request: Request[Any, Any, Any], code: str
) -> tuple[ProcedureSpec, list[str]]:
    catalogue = app_ctx(request).catalogue
    units = receivable(catalogue, require_staff(request)).get(code)
    if units is None:
        raise NotFound(
            "Quầy của bạn không tiếp nhận thủ tục này.",
            "Your counter does not receive this procedure.",
        )
    return catalogue.procedures[code], units


async def _render(
    request: Request[Any, Any, Any],
    spec: ProcedureSpec,
    units: list[str],
    values: dict[str, str],
    errors: FilingErrors,
    form_data: dict[str, Any],
    status_code: int = 200,
) -> Template:
    ctx = app_ctx(request)
    lang = current_lang()
    case = values.get("case_code") or (spec.cases[0].code if spec.cases else None)
    eform, fees = await form_parts(
        ctx.plugins, spec, form_data, errors, lang, require_actor(request)
    )
    return page(
        "staff/intake_form.html",
        status_code=status_code,
        spec=spec,
        units=[(u, text_in(ctx.catalogue.units[u].name, lang)) for u in units],
        values=values,
        errors=errors,
        components=components_of(spec, case) if spec.cases else spec.components,
        eform=eform,
        fees=fees,
    )


@get("/staff/intake/{code:str}", opt=RECEIVE, include_in_schema=False)
async def intake_form(request: Request[Any, Any, Any], code: str) -> Template:
    """The counter filing form of one procedure."""
    spec, units = _procedure(request, code)
    values = {"unit_id": units[0]} if len(units) == 1 else {}
    values["applicant.kind"] = spec.applicant_kinds[0]
    return await _render(request, spec, units, values, FilingErrors(), {})


@post("/staff/intake/{code:str}", opt=RECEIVE, include_in_schema=False)
async def file_at_counter(
    request: Request[Any, Any, Any], code: str
) -> Template | Redirect:
    """File and receive the dossier; then offer its receipt."""
    who = require_staff(request)
    spec, units = _procedure(request, code)
    ctx = app_ctx(request)
    post_data = await request.form()
    values = plain_values(post_data)
    case = values.get("case_code") or None
    kind = "business" if values.get("applicant.kind") == "business" else "citizen"
    errors = FilingErrors()
    if values.get("unit_id") not in units:
        errors.add("unit_id", _("Choose the agency that handles the dossier."))
    form_data = await eform_data(ctx.plugins, spec, post_data)
    if added_row(form_data):
        # Only a row was added to the e-form: show it again, nothing is filed.
        return await _render(request, spec, units, values, FilingErrors(), form_data)
    if not errors:
        draft = FilingDraft(
            procedure_code=spec.code,
            procedure_version=int(values.get("version") or 0),
            case_code=case,
            channel="counter",
            unit_id=values["unit_id"],
            applicant=read_applicant(values, kind),
            form_data=form_data,
            lang=lang_of(request),
        )
        components = read_paper(values, components_of(spec, case))
        try:
            uploads = await read_uploads(post_data, spec, case)
            record = await dossier_service(request).file_dossier(
                draft, who, uploads, components
            )
        except UserError as exc:
            errors = refusal_errors(exc, lang_of(request))
        else:
            return redirect(f"/staff/intake/filed/{record.code}")
    return await _render(request, spec, units, values, errors, form_data, 400)


@get("/staff/intake/filed/{code:str}", opt=RECEIVE, include_in_schema=False)
async def filed(request: Request[Any, Any, Any], code: str) -> Template:
    """The filed dossier's code and appointment, with its receipt to print."""
    who = require_staff(request)
    record = await visible_dossier(code, who, dossier_service(request))
    links = print_links(record)
    return page(
        "staff/intake_done.html",
        d=record,
        receipt=next((link for link in links if link.number == "01"), None),
    )


ROUTES = [choose_procedure, filed, intake_form, file_at_counter]

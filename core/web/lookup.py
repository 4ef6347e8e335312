"""The public look-up of a dossier by its code (tra cứu hồ sơ).

Anyone with a dossier's code and the applicant's identifier or phone number sees
where the dossier stands, its appointment and what happened, without names or notes.
The pair is posted (never put in an address, where logs would keep it), and a wrong
pair answers exactly like an unknown code.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Template

from core.dossiers.lookup import lookup as find
from core.errors import UserError
from core.i18n import gettext as _
from core.permissions import PUBLIC
from core.web.common import dossier_service, lang_of, page

__all__ = ["ROUTES"]

OPEN = {"permission": PUBLIC}


@get("/lookup", opt=OPEN, include_in_schema=False)
async def lookup_page(request: Request[Any, Any, Any]) -> Template:
    """The look-up form; a code from a printed QR link is filled in."""
    code = str(request.query_params.get("code") or "").strip()[:40]
    return page("portal/lookup.html", values={"code": code}, errors={}, result=None)


@post("/lookup", opt=OPEN, include_in_schema=False)
async def lookup_result(request: Request[Any, Any, Any]) -> Template:
    """Look the dossier up and show its public status and timeline."""
    data = await request.form()
    code = str(data.get("code") or "").strip()[:40]
    secret = str(data.get("secret") or "").strip()[:40]
    values = {"code": code}
    errors: dict[str, str] = {}
    if not code:
        errors["code"] = _("This field is required.")
    if not secret:
        errors["secret"] = _("This field is required.")
    if errors:
        return page(
            "portal/lookup.html",
            status_code=400,
            values=values,
            errors=errors,
            result=None,
        )
    client = request.client.host if request.client else "unknown"
    try:
        result = await find(
            dossier_service(request), code, secret, client, lang_of(request)
        )
    except UserError as exc:
        return page(
            "portal/lookup.html",
            status_code=exc.status,
            values=values,
            errors={"_": exc.message(lang_of(request))},
            result=None,
        )
    return page("portal/lookup.html", values=values, errors={}, result=result)


ROUTES = [lookup_page, lookup_result]

"""The paper/electronic mismatch list of a unit's open dossiers.

Paper handed in at a counter must be digitised, and an electronic copy of a document
whose original the law requires must be matched by the paper. This page lists the
open dossiers of the viewer's units where the two disagree, newest first, a page at
a time, so the officers concerned can put them right.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.response import Template

from core.catalogue.model import text_in
from core.dossiers import reading
from core.dossiers.statuses import OPEN
from core.dossiers.tables import Dossier
from core.i18n import current_lang
from core.i18n import gettext as _
from core.permissions import SIGNED_IN
from core.web.common import app_ctx, dossier_service, page, query_with, require_staff
from core.web.inbox import unit_scope

__all__ = ["ROUTES", "mismatch_label"]

PER_PAGE = 30


def mismatch_label(kind: str) -> str:
    """A kind of mismatch in words."""
    return {
        "paper_without_scan": _("Paper received, not digitised"),
        "scan_without_paper": _("Electronic copy, paper original not received"),
        "missing": _("Required, neither paper nor electronic copy"),
    }.get(kind, kind)


@get("/staff/mismatches", opt={"permission": SIGNED_IN}, include_in_schema=False)
async def mismatches(request: Request[Any, Any, Any]) -> Template:
    """Open dossiers whose paper and electronic components disagree."""
    who = require_staff(request)
    service = dossier_service(request)
    catalogue = app_ctx(request).catalogue
    scope = unit_scope(who, catalogue)
    rows: list[dict[str, Any]] = []
    next_url = None
    if scope is not None:
        raw = str(request.query_params.get("before") or "")
        query = Dossier.select(Dossier.id).where(
            scope & Dossier.status.is_in([int(s) for s in OPEN])
        )
        if raw.isdigit():
            query = query.where(Dossier.id < int(raw))
        ids = [
            r["id"]
            for r in await query.order_by(Dossier.id, ascending=False).limit(PER_PAGE)
        ]
        rows = await _rows(service, who, ids)
        if len(ids) == PER_PAGE:
            next_url = query_with(request, before=ids[-1])
    return page(
        "staff/mismatches.html", rows=rows, next_url=next_url, label=mismatch_label
    )


async def _rows(service: Any, who: Any, ids: list[int]) -> list[dict[str, Any]]:
    lang = current_lang()
    rows = []
    for dossier_id in ids:
        found = await reading.mismatches(service, dossier_id, who)
        if not found:
            continue
        record = await reading.get(service, dossier_id, who)
        spec = await service.versions.spec_of(
            record.procedure_code, record.procedure_version
        )
        names = {c.code: text_in(c.name, lang) for c in spec.components}
        rows.append(
            {
                "d": record,
                "procedure": text_in(spec.name, lang),
                "items": [
                    (names.get(m.component_code, m.component_code), m.kind)
                    for m in found
                ],
            }
        )
    return rows


ROUTES = [mismatches]

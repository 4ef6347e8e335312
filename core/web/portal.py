"""The public catalogue of procedures: the searchable list and each procedure's page.

Anyone may read it. The list searches names and codes without regard to accents
(``dang ky khai sinh`` finds ``Đăng ký khai sinh``) and filters by field, agency,
level, online level and channel. A procedure's page shows the parts a complete public
record needs (steps, channels, components with their blank forms, time limit, fees,
who may apply, agency, legal basis) and leads to online filing.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from litestar import Request, get
from litestar.response import File, Template

from core.catalogue.catalogue import Catalogue
from core.catalogue.model import ProcedureSpec, text_in
from core.errors import NotFound
from core.i18n import current_lang
from core.permissions import PUBLIC
from core.web.common import app_ctx, page, plugin_panels, query_with

__all__ = ["ROUTES", "ProcedureFilter", "fold", "search_procedures"]

PER_PAGE = 20
PUBLIC_OPT = {"permission": PUBLIC}


def fold(text: str) -> str:
    """Lower-case ``text`` without Vietnamese accents, for matching searches."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class ProcedureFilter:
    """What a visitor asked of the catalogue; empty values do not filter."""

    q: str = ""
    field: str = ""
    agency: str = ""
    level: str = ""
    online: str = ""
    channel: str = ""

    def matches(self, spec: ProcedureSpec, catalogue: Catalogue) -> bool:
        """Whether ``spec`` passes every filter given."""
        checks = (
            not self.field or spec.field == self.field,
            not self.level or spec.level == self.level,
            not self.online or spec.online_level == self.online,
            not self.channel or self.channel in spec.channels,
            not self.agency
            or self.agency in {u.id for u in catalogue.implementing_units(spec)},
        )
        return all(checks) and self._matches_text(spec)

    def _matches_text(self, spec: ProcedureSpec) -> bool:
        words = fold(self.q).split()
        if not words:
            return True
        haystack = fold(
            " ".join((spec.code, text_in(spec.name, "vi"), text_in(spec.name, "en")))
        )
        return all(word in haystack for word in words)


def search_procedures(
    catalogue: Catalogue, wanted: ProcedureFilter
) -> list[ProcedureSpec]:
    """The procedures matching ``wanted``, by name in the current language.

    Args:
        catalogue: the loaded catalogue.
        wanted: the visitor's search and filters.

    Returns:
        Matching procedures, sorted by name.
    """
    lang = current_lang()
    found = [p for p in catalogue.procedures.values() if wanted.matches(p, catalogue)]
    return sorted(found, key=lambda p: fold(text_in(p.name, lang)))


def _agencies(catalogue: Catalogue) -> list[tuple[str, str]]:
    """Units that implement at least one procedure, for the agency filter."""
    seen: dict[str, str] = {}
    for spec in catalogue.procedures.values():
        for unit in catalogue.implementing_units(spec):
            seen.setdefault(unit.id, text_in(unit.name, current_lang()))
    order = {unit_id: n for n, unit_id in enumerate(catalogue.units)}
    return sorted(seen.items(), key=lambda item: order[item[0]])


def _fields(catalogue: Catalogue) -> dict[str, str]:
    lang = current_lang()
    return {f.code: text_in(f.name, lang) for f in catalogue.province.fields}


@get("/procedures", opt=PUBLIC_OPT, include_in_schema=False)
async def procedures(request: Request[Any, Any, Any]) -> Template:
    """The searchable list of procedures."""
    catalogue = app_ctx(request).catalogue
    params = request.query_params
    wanted = ProcedureFilter(
        **{
            key: str(params.get(key, "")).strip()[:200]
            for key in ProcedureFilter.__annotations__
        }
    )
    found = search_procedures(catalogue, wanted)
    page_no = _page_number(params.get("page"))
    start = (page_no - 1) * PER_PAGE
    pages = max(1, -(-len(found) // PER_PAGE))
    return page(
        "portal/procedures.html",
        wanted=wanted,
        procedures=found[start : start + PER_PAGE],
        total=len(found),
        page_no=page_no,
        pages=pages,
        prev_url=query_with(request, page=page_no - 1) if page_no > 1 else None,
        next_url=query_with(request, page=page_no + 1) if page_no < pages else None,
        fields=_fields(catalogue),
        agencies=_agencies(catalogue),
        agency_names=_agency_names(catalogue, found[start : start + PER_PAGE]),
    )


def _page_number(raw: Any) -> int:
    try:
        return max(1, min(int(str(raw)), 10_000))
    except (TypeError, ValueError):
        return 1


def _agency_names(catalogue: Catalogue, specs: list[ProcedureSpec]) -> dict[str, str]:
    """Each listed procedure's agency in words (``Every commune`` for a kind)."""
    return {spec.code: agency_text(catalogue, spec) for spec in specs}


def agency_text(catalogue: Catalogue, spec: ProcedureSpec) -> str:
    """The implementing agency of a procedure, as the public reads it."""
    from core.i18n import gettext as _

    lang = current_lang()
    names = []
    for ref in spec.units:
        if ref.startswith("kind:"):
            kind = ref.removeprefix("kind:")
            names.append(
                {
                    "commune": _("The People's Committee of each commune or ward"),
                    "department": _("Each provincial department"),
                }.get(kind, kind)
            )
        elif ref in catalogue.units:
            names.append(text_in(catalogue.units[ref].name, lang))
    return "; ".join(names)


def _procedure(catalogue: Catalogue, code: str) -> ProcedureSpec:
    spec = catalogue.procedures.get(code)
    if spec is None:
        raise NotFound("Không tìm thấy thủ tục", "Procedure not found")
    return spec


@get("/procedures/{code:str}", opt=PUBLIC_OPT, include_in_schema=False)
async def procedure(request: Request[Any, Any, Any], code: str) -> Template:
    """The public record of one procedure."""
    ctx = app_ctx(request)
    spec = _procedure(ctx.catalogue, code)
    receiving = None
    if spec.receiving_unit and not spec.receiving_unit.startswith("kind:"):
        receiving = ctx.catalogue.units.get(spec.receiving_unit)
    return page(
        "portal/procedure.html",
        spec=spec,
        field_name=_fields(ctx.catalogue).get(spec.field, spec.field),
        agency=agency_text(ctx.catalogue, spec),
        receiving=receiving,
        templates={
            c.code: ctx.catalogue.template_path(c) is not None for c in spec.components
        },
        panels=await plugin_panels(
            ctx.plugins,
            "motcua_procedure_panels",
            spec,
            procedure=spec,
            lang=current_lang(),
        ),
        files_online="online" in spec.channels and spec.online_level != "none",
    )


@get(
    "/procedures/{code:str}/templates/{component:str}",
    opt=PUBLIC_OPT,
    include_in_schema=False,
)
async def component_template(
    request: Request[Any, Any, Any], code: str, component: str
) -> File:
    """Download the blank form of one of a procedure's components."""
    catalogue = app_ctx(request).catalogue
    spec = _procedure(catalogue, code)
    found = next((c for c in spec.components if c.code == component), None)
    path = catalogue.template_path(found) if found is not None else None
    folder = (catalogue.config_dir / "templates" / "components").resolve()
    if path is None or not path.resolve().is_relative_to(folder) or not path.is_file():
        raise NotFound("Không tìm thấy mẫu đơn", "Template not found")
    return File(path=path, filename=path.name, content_disposition_type="attachment")


ROUTES = [procedures, procedure, component_template]

"""The reporting pages: forms, drill-downs, exports, dashboard, review, snapshots.

Every route needs ``reports.view``; the unit a page is asked for must lie in the
viewer's subtree (:func:`plugins.reporting.scope.resolve_scope`). Query parameters:
``period`` (see :mod:`plugins.reporting.periods`; the current month by default)
and ``unit`` (the viewer's own unit by default).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template

from core.catalogue.catalogue import Catalogue
from core.errors import NotFound, UserError
from core.i18n import current_lang
from core.permissions import Actor, may
from core.web.common import app_ctx, form, page, redirect, require_actor
from plugins.reporting.compute import (
    base_predicate,
    bilingual,
    cell_predicate,
    list_cell,
)
from plugins.reporting.dashboard import build_dashboard, cell_link
from plugins.reporting.exports import index_csv, index_xlsx, table_csv, table_xlsx
from plugins.reporting.forms import FormSpec
from plugins.reporting.labels import label_of, rate_text, status_label
from plugins.reporting.measures import Sql, rule_sql
from plugins.reporting.periods import Period, parse_period
from plugins.reporting.procedure_forms import procedure_cell
from plugins.reporting.procedure_measures import PROCEDURE_SETS
from plugins.reporting.reports import compute, forms_for
from plugins.reporting.review import process_analysis, review_catalogue
from plugins.reporting.scope import PERMISSION, Scope, resolve_scope
from plugins.reporting.service_index import IndexResult, indicator_rule
from plugins.reporting.snapshots import list_snapshots, load_snapshot, save_snapshot
from plugins.reporting.sync import refresh
from plugins.reporting.table import ReportTable, header_rows

__all__ = ["ROUTES"]

OPT = {"permission": PERMISSION}
PAGE_SIZE = 100
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- request helpers ----------------------------------------------------------------


def _catalogue(request: Request[Any, Any, Any]) -> Catalogue:
    return app_ctx(request).catalogue


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _period(request: Request[Any, Any, Any], default: str | None = None) -> Period:
    catalogue = _catalogue(request)
    text = request.query_params.get("period") or default
    if not text:
        text = f"{dt.datetime.now(catalogue_tz(catalogue)):%Y-%m}"
    return parse_period(text, catalogue.calendar.timezone).as_of(_now())


def catalogue_tz(catalogue: Catalogue) -> dt.tzinfo:
    """The province's timezone."""
    return ZoneInfo(catalogue.calendar.timezone)


def _scope(request: Request[Any, Any, Any], unit: str | None = None) -> Scope:
    chosen = unit if unit is not None else request.query_params.get("unit")
    return resolve_scope(_catalogue(request), chosen, require_actor(request))


def _units(catalogue: Catalogue, actor: Actor) -> list[tuple[str, str]]:
    top = actor.unit_id or catalogue.root.id
    lang = current_lang()
    return [
        (u.id, "\u00a0\u00a0" * (u.depth - catalogue.unit(top).depth) + u.name_in(lang))
        for u in catalogue.units_under(top)
    ]


def _common(
    request: Request[Any, Any, Any], period: Period, scope: Scope
) -> dict[str, Any]:
    """What every reporting page shows: period, unit, choices and helpers."""
    catalogue = _catalogue(request)
    lang = current_lang()
    tz = catalogue_tz(catalogue)
    unit = catalogue.units.get(scope.unit_id)

    def page_href(number: int) -> str:
        query = {**dict(request.query_params), "page": str(number)}
        return f"{request.url.path}?{urlencode(query)}"

    return {
        "period": period,
        "scope": scope,
        "unit_options": _units(catalogue, require_actor(request)),
        "unit_name": unit.name_in(lang) if unit else scope.unit_id,
        "lang": lang,
        "cell_href": cell_link,
        "page_href": page_href,
        "from_epoch": lambda s: dt.datetime.fromtimestamp(s, tz),
        "parse_iso": dt.datetime.fromisoformat,
        "text_of": lambda label: bilingual(label),
        "channel_label": lambda code: label_of("channel", code, lang),
        "result_label": lambda code: label_of("result", code, lang),
        "online_label": lambda code: label_of("online", code, lang),
        "finding_label": lambda code: label_of("finding", code, lang),
        "status_label": lambda code: status_label(code, lang) if code else "",
        "rate": rate_text,
    }


def _filename(*parts: str) -> str:
    return "-".join(re.sub(r"[^A-Za-z0-9._-]+", "_", p) for p in parts if p)


# --- list of reports ----------------------------------------------------------------


@get("/reports", opt=OPT, include_in_schema=False)
async def reports_home(request: Request[Any, Any, Any]) -> Template:
    """Every listed form, the forms refused with their errors, and the tools."""
    forms = forms_for(_catalogue(request))
    period, scope = _period(request), _scope(request)
    return page(
        "reporting/home.html",
        forms=forms.listed(),
        broken=sorted(forms.broken.items()),
        **_common(request, period, scope),
    )


# --- a form -------------------------------------------------------------------------


@get("/reports/{key:str}", opt=OPT, include_in_schema=False)
async def report_page(request: Request[Any, Any, Any], key: str) -> Template:
    """A form computed for the period and unit asked for."""
    catalogue = _catalogue(request)
    spec = forms_for(catalogue).get(key)
    period, scope = _period(request), _scope(request)
    result = await compute(spec, catalogue, period, scope)
    return _result_page(request, spec, result, period, scope)


def _result_page(
    request: Request[Any, Any, Any],
    spec: FormSpec | None,
    result: ReportTable | IndexResult,
    period: Period,
    scope: Scope,
    snapshot: Any = None,
) -> Template:
    common = _common(request, period, scope)
    if isinstance(result, IndexResult):
        return page("reporting/index.html", result=result, snapshot=snapshot, **common)
    depth, cells = header_rows(result.columns)
    grid = [
        sorted((c for c in cells if c.row == level), key=lambda c: c.column)
        for level in range(depth)
    ]
    return page(
        "reporting/table.html",
        table=result,
        header=grid,
        depth=depth,
        drillable=spec is not None and snapshot is None,
        snapshot=snapshot,
        **common,
    )


@get("/reports/{key:str}/export", opt=OPT, include_in_schema=False)
async def report_export(request: Request[Any, Any, Any], key: str) -> Response[bytes]:
    """The form as XLSX (``format=xlsx``, the default) or CSV (``format=csv``)."""
    catalogue = _catalogue(request)
    spec = forms_for(catalogue).get(key)
    period, scope = _period(request), _scope(request)
    result = await compute(spec, catalogue, period, scope)
    name = _filename(result.form_code, period.key, scope.unit_id)
    return _export(result, request.query_params.get("format", "xlsx"), name)


def _export(result: ReportTable | IndexResult, fmt: str, name: str) -> Response[bytes]:
    lang = current_lang()
    if fmt not in ("xlsx", "csv"):
        raise UserError(
            "Định dạng tải về phải là xlsx hoặc csv.",
            "The download format must be xlsx or csv.",
            field="format",
        )
    if isinstance(result, IndexResult):
        body = index_xlsx(result, lang) if fmt == "xlsx" else index_csv(result, lang)
    else:
        body = table_xlsx(result, lang) if fmt == "xlsx" else table_csv(result, lang)
    media = _XLSX if fmt == "xlsx" else "text/csv; charset=utf-8"
    return Response(
        body,
        media_type=media,
        headers={"content-disposition": f'attachment; filename="{name}.{fmt}"'},
    )


# --- drill-down ---------------------------------------------------------------------


def _page_number(request: Request[Any, Any, Any]) -> int:
    text = request.query_params.get("page", "1")
    if not text.isdigit() or int(text) < 1:
        raise UserError(
            "Số trang không hợp lệ.", "The page number is not valid.", field="page"
        )
    return int(text)


@get("/reports/{key:str}/cell", opt=OPT, include_in_schema=False)
async def report_cell(request: Request[Any, Any, Any], key: str) -> Template:
    """The dossiers (or procedures) behind one figure, counted by the same rule."""
    catalogue = _catalogue(request)
    spec = forms_for(catalogue).get(key)
    period, scope = _period(request), _scope(request)
    params = request.query_params
    common = _common(request, period, scope)
    # The list must hold the dossiers counted now, history written since included.
    await refresh(catalogue)
    if spec.kind == "index":
        return await _index_cell(request, spec, period, scope, common)
    column = spec.column(params.get("col", ""))
    section, row = params.get("section"), params.get("row")
    if spec.kind == "procedures":
        procedures = procedure_cell(
            spec, catalogue, period, scope, column.key, section, row
        )
        return page(
            "reporting/cell.html",
            form=spec,
            column=column,
            procedures=procedures,
            listing=None,
            **common,
        )
    number = _page_number(request)
    predicate = cell_predicate(spec, catalogue, period, scope, column.key, section, row)
    listing = await list_cell(
        predicate, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE
    )
    return page(
        "reporting/cell.html",
        form=spec,
        column=column,
        listing=listing,
        procedures=None,
        page_number=number,
        page_size=PAGE_SIZE,
        **common,
    )


async def _index_cell(
    request: Request[Any, Any, Any],
    spec: FormSpec,
    period: Period,
    scope: Scope,
    common: dict[str, Any],
) -> Template:
    params = request.query_params
    try:
        rule = indicator_rule(spec, params.get("indicator", ""), params.get("part", ""))
    except KeyError:
        raise UserError(
            "Chỉ số hoặc phần của chỉ số không tồn tại.",
            "No such indicator or part of an indicator.",
            field="indicator",
        ) from None
    if rule.count in PROCEDURE_SETS:
        raise UserError(
            "Chỉ số này đếm thủ tục; xem danh sách tại biểu II.07.",
            "This indicator counts procedures; see form II.07 for the list.",
        )
    predicate = base_predicate(spec, _catalogue(request), period, scope)
    predicate = predicate.and_(rule_sql(rule, period))
    if params.get("exact") == "1":
        predicate = predicate.and_(Sql("unit_id = {}", (scope.unit_id,)))
    number = _page_number(request)
    listing = await list_cell(
        predicate, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE
    )
    return page(
        "reporting/cell.html",
        form=spec,
        column=None,
        listing=listing,
        procedures=None,
        page_number=number,
        page_size=PAGE_SIZE,
        indicator=params.get("indicator"),
        **common,
    )


# --- dashboard, review, process analysis --------------------------------------------


@get("/reports/dashboard", opt=OPT, include_in_schema=False)
async def dashboard(request: Request[Any, Any, Any]) -> Template:
    """Received, resolved and overdue over time; on-time rates; online share."""
    catalogue = _catalogue(request)
    default = f"{dt.datetime.now(catalogue_tz(catalogue)):%Y}"
    period, scope = _period(request, default), _scope(request)
    board = await build_dashboard(
        catalogue, forms_for(catalogue), period, scope, current_lang(), _now()
    )
    return page(
        "reporting/dashboard.html", board=board, **_common(request, period, scope)
    )


@get("/reports/review", opt=OPT, include_in_schema=False)
async def review(request: Request[Any, Any, Any]) -> Template:
    """Procedures whose online level or public record falls short."""
    period, scope = _period(request), _scope(request)
    items = review_catalogue(_catalogue(request), scope, current_lang())
    return page("reporting/review.html", items=items, **_common(request, period, scope))


@get("/reports/process", opt=OPT, include_in_schema=False)
async def process(request: Request[Any, Any, Any]) -> Template:
    """Working time spent per procedure and step against the steps' budgets."""
    catalogue = _catalogue(request)
    period, scope = _period(request), _scope(request)
    procedure = request.query_params.get("procedure") or None
    if procedure is not None and procedure not in catalogue.procedures:
        raise UserError(
            f"Không có thủ tục {procedure!r}.",
            f"There is no procedure {procedure!r}.",
            field="procedure",
        )
    lines = await process_analysis(catalogue, period, scope, current_lang(), procedure)
    return page(
        "reporting/process.html",
        lines=lines,
        procedure=procedure,
        **_common(request, period, scope),
    )


# --- snapshots ----------------------------------------------------------------------


@get("/reports/snapshots", opt=OPT, include_in_schema=False)
async def snapshots(request: Request[Any, Any, Any]) -> Template:
    """Snapshots of the viewer's subtree, newest first."""
    period, scope = _period(request), _scope(request)
    units = list(scope.unit_ids) if scope.unit_ids is not None else None
    return page(
        "reporting/snapshots.html",
        snapshots=await list_snapshots(units),
        forms=forms_for(_catalogue(request)).listed(),
        **_common(request, period, scope),
    )


@post("/reports/snapshots", opt=OPT, include_in_schema=False)
async def take_snapshot(request: Request[Any, Any, Any]) -> Redirect:
    """Compute a form now and keep it as a snapshot."""
    catalogue = _catalogue(request)
    data = await form(request)
    spec = forms_for(catalogue).get(str(data.get("form", "")))
    period = parse_period(str(data.get("period", "")), catalogue.calendar.timezone)
    scope = _scope(request, str(data.get("unit") or ""))
    result = await compute(spec, catalogue, period.as_of(_now()), scope)
    actor = require_actor(request)
    snapshot_id = await save_snapshot(
        result, actor.account_id, str(data.get("note", ""))
    )
    return redirect(f"/reports/snapshots/{snapshot_id}")


async def _visible_snapshot(request: Request[Any, Any, Any], snapshot_id: int) -> Any:
    stored = await load_snapshot(snapshot_id)
    catalogue = _catalogue(request)
    unit = catalogue.units.get(stored.unit_id)
    path = unit.path if unit is not None else catalogue.root.path
    if not may(require_actor(request), PERMISSION, path):
        raise NotFound(
            f"Không có bản lưu số {snapshot_id}.",
            f"There is no snapshot {snapshot_id}.",
        )
    return stored


@get("/reports/snapshots/{snapshot_id:int}", opt=OPT, include_in_schema=False)
async def snapshot_page(request: Request[Any, Any, Any], snapshot_id: int) -> Template:
    """A snapshot's figures exactly as they were kept."""
    stored = await _visible_snapshot(request, snapshot_id)
    catalogue = _catalogue(request)
    period = parse_period(stored.period, catalogue.calendar.timezone)
    scope = Scope(stored.unit_id, None)
    return _result_page(request, None, stored.content, period, scope, snapshot=stored)


@get("/reports/snapshots/{snapshot_id:int}/export", opt=OPT, include_in_schema=False)
async def snapshot_export(
    request: Request[Any, Any, Any], snapshot_id: int
) -> Response[bytes]:
    """A snapshot as XLSX or CSV, from the kept figures."""
    stored = await _visible_snapshot(request, snapshot_id)
    name = _filename(
        stored.content.form_code, stored.period, stored.unit_id, f"s{snapshot_id}"
    )
    return _export(stored.content, request.query_params.get("format", "xlsx"), name)


ROUTES = [
    reports_home,
    dashboard,
    review,
    process,
    snapshots,
    take_snapshot,
    snapshot_page,
    snapshot_export,
    report_page,
    report_export,
    report_cell,
]
"""Every route of the plugin, for ``motcua_register_routes``."""
